"""YAML files -> routines, exercises and tips, collecting every problem with its place."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from stretchapp.core import spec
from stretchapp.core.durations import format_short
from stretchapp.core.routine import (
    DEFAULT_SUGGESTED,
    Category,
    CueTexts,
    Exercise,
    Routine,
    Sides,
    Step,
    StepKind,
    Tip,
)
from stretchapp.core.timeline import MAX_PHASES, MAX_TOTAL_SECONDS, measure

MAX_BYTES = 1 << 20  # 1 MiB: a routine file is a few kilobytes
MAX_DEPTH = 50
MAX_NODES = 20_000  # a 500-step routine is about 5,000 values
EXERCISES_FILE = "exercises.yaml"
TIPS_FILE = "tips.yaml"
SUFFIXES = (".yaml", ".yml")

PathLike = str | os.PathLike[str]


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong in a file, where it is and what to do about it."""

    path: str
    line: int  # 1-based
    column: int  # 1-based
    key: str  # "steps[2].hold"; "" for the file as a whole
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


# Reading: bytes -> text -> nodes, refusing hostile input early.

# Characters YAML text may not hold (YAML 1.1, 5.1): found here to point at them precisely.
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_TOO_DEEP = f"nests deeper than {MAX_DEPTH} levels; these files need four at most"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class _RefusedError(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _StrictComposer:
    """Composes nodes itself: bounded depth and size, no anchors, no tags.

    Nodes are composed from the event stream without recursion and without resolving
    tags: the loader interprets every scalar by our rules, so YAML 1.1's readings
    (010 as 8, no as false, 1:30 as 90) never happen. Nothing is ever constructed.
    """

    def _next(self) -> Any:
        parser: Any = self
        return parser.get_event()

    def _peek(self) -> Any:
        parser: Any = self
        return parser.peek_event()

    def get_single_node(self) -> yaml.Node | None:
        self._next()  # stream start
        node = None
        if not isinstance(self._peek(), yaml.StreamEndEvent):
            node = self._compose_document()
        if not isinstance(self._peek(), yaml.StreamEndEvent):
            raise _RefusedError(
                self._peek().start_mark,
                "holds a second YAML document; keep one document a file and remove the '---'",
            )
        self._next()
        return node

    def _compose_document(self) -> yaml.Node | None:
        self._next()  # document start
        root: yaml.Node | None = None
        stack: list[yaml.Node] = []
        pending: list[yaml.Node | None] = []  # a mapping's key waiting for its value
        count = 0
        while True:
            event = self._next()
            if isinstance(event, yaml.DocumentEndEvent):
                return root
            node: yaml.Node
            if isinstance(event, yaml.CollectionEndEvent):
                node = stack.pop()
                pending.pop()
                node.end_mark = event.end_mark
            else:
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    raise _RefusedError(
                        event.start_mark,
                        "anchors (&name) and aliases (*name) are not supported; "
                        "write the value out in full",
                    )
                tag = getattr(event, "tag", None)
                if tag is not None:
                    raise _RefusedError(
                        event.start_mark,
                        f"YAML tags like {tag!r} are not supported; remove the tag "
                        "(quote the value to keep it as text)",
                    )
                count += 1
                if count > MAX_NODES:
                    raise _RefusedError(
                        event.start_mark,
                        f"holds more than {MAX_NODES:,} values; split it into smaller files",
                    )
                start: Any = event.start_mark  # libyaml's marks are not yaml.Mark to the stubs
                if isinstance(event, yaml.ScalarEvent):
                    end: Any = event.end_mark
                    node = yaml.ScalarNode("str", event.value, start, end, style=event.style)
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise _RefusedError(
                            event.start_mark,
                            _TOO_DEEP,
                        )
                    if isinstance(event, yaml.SequenceStartEvent):
                        node = yaml.SequenceNode("seq", [], start, None)
                    else:
                        node = yaml.MappingNode("map", [], start, None)
                    stack.append(node)
                    pending.append(None)
                    continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if isinstance(parent, yaml.SequenceNode):
                parent.value.append(node)
            elif pending[-1] is None:
                pending[-1] = node
            else:
                parent.value.append((pending[-1], node))
                pending[-1] = None


class StrictLoader(_StrictComposer, yaml.SafeLoader):
    """The safe loader with the strict composer, on PyYAML's pure-Python parser."""


if TYPE_CHECKING:
    FastStrictLoader = StrictLoader
else:  # libyaml's parser when present: twenty times faster, and it only gives events too
    FastStrictLoader = (
        type("FastStrictLoader", (_StrictComposer, yaml.CSafeLoader), {})
        if hasattr(yaml, "CSafeLoader")
        else StrictLoader
    )

LOADER_CLASS: type[StrictLoader] = FastStrictLoader
"""The loader _compose uses; tests swap in StrictLoader to check the pure-Python path."""


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _compose(path: Path, name: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The file's root node, or the one problem that stops it being read at all."""

    def refuse(line: int, column: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, line, column, "", message)]

    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        return refuse(1, 1, f"cannot read the file: {error.strerror or error}")
    if len(data) > MAX_BYTES:
        return refuse(1, 1, "is larger than 1 MiB; a routine file is a few kilobytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[start : error.start].decode("utf-8", "replace")) + 1
        byte = data[error.start]
        return refuse(line, column, f"is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8")
    text = text.removeprefix("\ufeff")
    bad = _UNPRINTABLE.search(text)
    if bad is not None:
        line, column = _position(text, bad.start())
        code = f"U+{ord(bad.group()):04X}"
        return refuse(line, column, f"holds the control character {code}, which YAML forbids")
    try:
        return yaml.compose(text, Loader=LOADER_CLASS), []
    except _RefusedError as refused:
        return refuse(refused.mark.line + 1, refused.mark.column + 1, refused.message)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if mark is not None and "maximum nesting depth" in str(error.problem):
            # libyaml's own limit (1000), met first when a flow collection is scanned ahead.
            return refuse(mark.line + 1, mark.column + 1, _TOO_DEEP)
        message = f"is not valid YAML: {error.problem or error.context}"
        if error.context and error.problem and error.context_mark is not None:
            message += f" ({error.context} on line {error.context_mark.line + 1})"
        if mark is None:
            return refuse(1, 1, message)
        return refuse(mark.line + 1, mark.column + 1, message)
    except yaml.YAMLError as error:
        return refuse(1, 1, f"is not valid YAML: {error}")


# Checking: nodes -> values, guided by the declaration in spec.py.


class _Bad:
    """A value that had a problem (already reported)."""


BAD = _Bad()

_SHAPES = {
    yaml.ScalarNode: "a single value",
    yaml.SequenceNode: "a list",
    yaml.MappingNode: "a mapping",
}


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"{spec.shown(node.value)}" if node.value else "nothing"
    return _SHAPES.get(type(node), "something else")


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _is_null(node: yaml.ScalarNode) -> bool:
    return node.style in (None, "") and node.value in _NULLS


@dataclass
class _Found:
    """A checked mapping: its good values and where every key and value is."""

    node: yaml.MappingNode
    values: dict[str, Any]
    keys: dict[str, yaml.Node]
    nodes: dict[str, yaml.Node]


class _Checker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def add(self, node: yaml.Node, key: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.name, mark.line + 1, mark.column + 1, key, message))

    def value(self, node: yaml.Node, kind: Any, key: str, example: str = "") -> Any:
        if isinstance(kind, spec.Record):
            return self.record(node, kind, key)
        if isinstance(node, yaml.ScalarNode) and _is_null(node):
            hint = f"; write e.g. '{key.rpartition('.')[2]}: {example}'" if example else ""
            self.add(node, key, f"has no value{hint}")
            return BAD
        if isinstance(kind, spec.ListOf):
            return self.sequence(node, kind, key)
        if not isinstance(node, yaml.ScalarNode):
            self.add(node, key, f"must be a single value, got {_shape(node)}")
            return BAD
        try:
            return kind.parse(node.value)
        except spec.SpecError as error:
            self.add(node, key, str(error))
            return BAD

    def sequence(self, node: yaml.Node, kind: spec.ListOf, key: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            like = f" like {kind.example}" if kind.example else ""
            self.add(node, key, f"must be a list{like}, got {_shape(node)}")
            return BAD
        items = node.value
        if len(items) < kind.min_items:
            self.add(node, key, f"must have at least {kind.min_items} item(s)")
            return BAD
        if len(items) > kind.max_items:
            self.add(node, key, f"has {len(items)} items; at most {kind.max_items} are allowed")
            return BAD
        out = []
        for index, item in enumerate(items):
            value = self.value(item, kind.item, f"{key}[{index}]")
            if value is not BAD:
                out.append(value)
        return tuple(out)

    def mapping(
        self, node: yaml.Node, key: str, what: str
    ) -> list[tuple[yaml.ScalarNode, yaml.Node]] | None:
        """The key and value nodes of a mapping, without duplicate or non-text keys."""
        if not isinstance(node, yaml.MappingNode):
            self.add(node, key, f"must be a mapping of {what}, got {_shape(node)}")
            return None
        pairs = []
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.add(key_node, key, f"keys must be plain words, got {_shape(key_node)}")
                continue
            first = seen.get(key_node.value)
            if first is not None:
                self.add(
                    key_node,
                    _join(key, key_node.value),
                    f"duplicate key; it is already set on line {first.start_mark.line + 1}",
                )
                continue
            seen[key_node.value] = key_node
            pairs.append((key_node, value_node))
        return pairs

    def record(self, node: yaml.Node, record: spec.Record, key: str) -> _Found | _Bad:
        pairs = self.mapping(node, key, "keys to values")
        if pairs is None:
            return BAD
        assert isinstance(node, yaml.MappingNode)
        found = _Found(node, {}, {}, {})
        for key_node, value_node in pairs:
            name = key_node.value
            field = record.by_name.get(name)
            if field is None:
                hint = spec.suggest(name, record.names) or (
                    f"; expected one of {', '.join(record.names)}"
                )
                self.add(key_node, _join(key, name), f"unknown key {name!r}{hint}")
                continue
            found.keys[name] = key_node
            found.nodes[name] = value_node
            value = self.value(value_node, field.kind, _join(key, name), field.example)
            if value is not BAD:
                found.values[name] = value
        self._rules(found, record, key)
        return found

    def _rules(self, found: _Found, record: spec.Record, key: str) -> None:
        keys = found.keys
        for field in record.fields:
            if field.required and field.name not in keys:
                self.add(
                    found.node,
                    _join(key, field.name),
                    f"is required; add e.g. '{field.name}: {field.example}'",
                )
        for group in record.exactly_one:
            present = [name for name in keys if name in group]
            if not present:
                first = record.by_name[group[0]]
                self.add(
                    found.node,
                    key,
                    f"needs one of {spec.or_list(group)}; add e.g. '{first.name}: {first.example}'",
                )
            for extra in present[1:]:
                self.add(
                    keys[extra],
                    _join(key, extra),
                    f"conflicts with {present[0]!r}: use exactly one of {spec.or_list(group)}",
                )
        for group in record.at_most_one:
            present = [name for name in keys if name in group]
            for extra in present[1:]:
                self.add(
                    keys[extra],
                    _join(key, extra),
                    f"conflicts with {present[0]!r}: use {spec.or_list(group)}, not both",
                )
        for field in record.fields:
            if field.name not in keys:
                continue
            if field.only_with and not any(name in keys for name in field.only_with):
                self.add(
                    keys[field.name],
                    _join(key, field.name),
                    f"only applies to a step with {spec.or_list(field.only_with)}",
                )
            if field.only_when:
                other, wanted = field.only_when
                got = found.values.get(other, BAD)
                if other not in keys or (got is not BAD and got != wanted):
                    self.add(
                        keys[field.name],
                        _join(key, field.name),
                        f"only applies when {other} is {wanted}",
                    )


# Files.


def _name(path: PathLike) -> str:
    return os.fspath(path)


def load_routine(
    path: PathLike, *, exercises: Mapping[str, Exercise], user: bool = False
) -> tuple[Routine | None, list[Problem]]:
    """A routine file, checked; (None, problems) when anything is wrong."""
    file = Path(path)
    name = _name(path)
    root, problems = _compose(file, name)
    if problems:
        return None, problems
    checker = _Checker(name)
    if root is None:
        return None, [
            Problem(name, 1, 1, "", "is empty; a routine needs at least title, category and steps")
        ]
    found = checker.record(root, spec.ROUTINE, "")
    if isinstance(found, _Bad):
        return None, checker.problems
    values = found.values
    routine_id = values.get("id", file.stem)
    if "id" not in found.keys and not re.match(spec.ID_PATTERN, routine_id):
        checker.add(
            root,
            "id",
            f"the file name {file.stem!r} is not an id (lower-case letters, digits and "
            "dashes); rename the file or add e.g. 'id: my-routine'",
        )
    steps = []
    step_values = values.get("steps", ())
    step_nodes = found.nodes.get("steps")
    for index, step in enumerate(step_values):
        if isinstance(step, _Found):
            built = _step(checker, step, f"steps[{index}]", exercises, values)
            if built is not None:
                steps.append(built)
    if checker.problems:
        return None, sorted(checker.problems)
    routine = Routine(
        id=routine_id,
        title=values["title"],
        category=Category(values["category"]),
        steps=tuple(steps),
        summary=values.get("summary", ""),
        source=values.get("source", ()),
        muscle=values.get("muscle"),
        escalate_after=values.get("escalate_after"),
        prepare=values.get("prepare", 5.0),
        switch=values.get("switch", 5.0),
        breath=values.get("breath", 5.0),
        transition=values.get("transition", 5.0),
        schedule=values.get("schedule", ()),
        path=name,
        user=user,
    )
    phases, seconds = measure(routine)
    if phases > MAX_PHASES:
        assert step_nodes is not None
        checker.add(
            step_nodes,
            "steps",
            f"the routine expands to {phases:,} phases; at most {MAX_PHASES:,} are allowed: "
            "use fewer reps or steps",
        )
    if seconds > MAX_TOTAL_SECONDS:
        assert step_nodes is not None
        checker.add(
            step_nodes,
            "steps",
            f"the routine lasts {format_short(seconds)}; at most "
            f"{format_short(MAX_TOTAL_SECONDS)} is allowed: use shorter holds or fewer reps",
        )
    if checker.problems:
        return None, checker.problems
    return routine, []


def _step(
    checker: _Checker,
    found: _Found,
    key: str,
    exercises: Mapping[str, Exercise],
    routine: dict[str, Any],
) -> Step | None:
    values = found.values
    exercise = values.get("exercise")
    if exercise is not None and exercise not in exercises:
        hint = spec.suggest(exercise, sorted(exercises)) or "; define it in exercises.yaml"
        checker.add(
            found.nodes["exercise"], f"{key}.exercise", f"unknown exercise {exercise!r}{hint}"
        )
    kinds = [name for name in spec.TIMING_KEYS if name in found.keys]
    if exercise is None or len(kinds) != 1 or kinds[0] not in values:
        return None
    timing = kinds[0]
    repeat_for = values.get("repeat_for")
    one_rep = None
    if timing == "hold":
        one_rep = values["hold"]
    elif timing == "breaths":
        one_rep = values["breaths"] * routine.get("breath", 5.0)
    if repeat_for is not None and one_rep is not None and repeat_for < one_rep:
        checker.add(
            found.nodes["repeat_for"],
            f"{key}.repeat_for",
            f"is shorter than one rep ({format_short(one_rep)}); make it longer or use reps",
        )
    kind = {
        "hold": StepKind.HOLD,
        "breaths": StepKind.BREATH,
        "duration": StepKind.ACTIVITY,
        "manual": StepKind.MANUAL,
    }[timing]
    return Step(
        exercise=exercise,
        kind=kind,
        seconds=values.get("hold", values.get("duration")),
        breaths=values.get("breaths"),
        reps=values.get("reps", 1),
        repeat_for=repeat_for,
        rest=values.get("rest", 0.0),
        sides=Sides(values.get("sides", "none")),
        suggested=values.get("suggested", DEFAULT_SUGGESTED),
    )


def _load_map(
    path: PathLike, kind: spec.MapOf
) -> tuple[_Checker, list[tuple[str, _Found]]] | list[Problem]:
    """The checked entries of an exercises or tips file; only those without a problem."""
    name = _name(path)
    root, problems = _compose(Path(path), name)
    if problems:
        return problems
    checker = _Checker(name)
    if root is None:
        return checker, []
    pairs = checker.mapping(root, "", f"ids to {kind.value.name}s")
    if pairs is None:
        return checker.problems
    if len(pairs) > kind.max_items:
        checker.add(root, "", f"has {len(pairs)} entries; at most {kind.max_items} are allowed")
        return checker.problems
    out = []
    for key_node, value_node in pairs:
        try:
            item_id = kind.key.parse(key_node.value)
        except spec.SpecError as error:
            checker.add(key_node, key_node.value, str(error))
            continue
        before = len(checker.problems)
        found = checker.record(value_node, kind.value, item_id)
        if isinstance(found, _Found) and len(checker.problems) == before:
            out.append((item_id, found))
    return checker, out


def load_exercises(
    path: PathLike, *, assets_dir: PathLike, user: bool = False
) -> tuple[dict[str, Exercise], list[Problem]]:
    """An exercises file: the good exercises, and every problem of the others.

    An exercise whose picture is missing is kept without one (and the problem reported),
    so the routines that use it still run.
    """
    loaded = _load_map(path, spec.EXERCISES)
    if isinstance(loaded, list):
        return {}, loaded
    checker, items = loaded
    folder = Path(assets_dir) / "exercises"
    exercises: dict[str, Exercise] = {}
    for exercise_id, found in items:
        values = found.values
        image = values.get("image")
        if "image" not in found.keys and not user:
            checker.add(
                found.node,
                f"{exercise_id}.image",
                f"is required for a bundled exercise; add e.g. 'image: {exercise_id}.svg'",
            )
        # A bad picture is reported but keeps the exercise, so its routines still run.
        if image is not None and not _check_image(
            checker, folder, image, found.nodes["image"], f"{exercise_id}.image"
        ):
            image = None
        cues = values.get("cues")
        exercises[exercise_id] = Exercise(
            id=exercise_id,
            name=values["name"],
            muscles=values.get("muscles", ()),
            image=image,
            instructions=values["instructions"],
            summary=values.get("summary", ""),
            cues=CueTexts(**cues.values) if isinstance(cues, _Found) else CueTexts(),
            source=values.get("source", ()),
            path=checker.name,
            user=user,
        )
    return exercises, sorted(checker.problems)


def _check_image(checker: _Checker, folder: Path, image: str, node: yaml.Node, key: str) -> bool:
    target = folder / image
    try:
        inside = target.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:  # a symbolic link that leads out of the folder
        checker.add(node, key, f"must be a file under assets/exercises/, got {spec.shown(image)}")
        return False
    if not target.is_file():
        try:
            names = sorted(p.name for p in folder.iterdir() if p.is_file())
        except OSError:
            names = []
        hint = spec.suggest(image, names)
        checker.add(node, key, f"no such file: assets/exercises/{image}{hint}")
        return False
    return True


def load_tips(path: PathLike) -> tuple[dict[str, Tip], list[Problem]]:
    """A tips file: the good tips, and every problem of the others."""
    loaded = _load_map(path, spec.TIPS)
    if isinstance(loaded, list):
        return {}, loaded
    checker, items = loaded
    tips = {
        tip_id: Tip(
            tip_id, found.values["title"], found.values["text"], found.values.get("source", ())
        )
        for tip_id, found in items
    }
    return tips, sorted(checker.problems)


def validate_file(
    path: PathLike, *, exercises: Mapping[str, Exercise], assets_dir: PathLike
) -> list[Problem]:
    """Every problem of one file, whichever kind it is (by its name), for `stretchapp validate`."""
    stem = Path(path).stem
    if stem == Path(EXERCISES_FILE).stem:
        return load_exercises(path, assets_dir=assets_dir, user=True)[1]
    if stem == Path(TIPS_FILE).stem:
        return load_tips(path)[1]
    return load_routine(path, exercises=exercises)[1]
