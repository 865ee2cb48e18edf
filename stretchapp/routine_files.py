"""Files written by the program: routines, a user's own exercises and their pictures.

The strict loader stays the one reader: everything written here is read back by it before
it counts as saved. New files are rendered from the model in the order the spec declares;
a hand-written file is edited with ruamel.yaml's round-trip mode so its comments and key
order stay, and where that cannot give back the same routine the caller is told so.
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from stretchapp.core import spec
from stretchapp.core.durations import format_short
from stretchapp.core.loader import (
    EXERCISES_FILE,
    MAX_PICTURE_BYTES,
    Problem,
    load_exercises,
    load_routine,
    picture_problem,
)
from stretchapp.core.routine import Exercise, Routine, Step, StepKind
from stretchapp.files import atomic_write

HEADER = "Written by stretchapp's routine editor; it stays a plain file you may edit by hand."
_TIMING = {
    StepKind.HOLD: "hold",
    StepKind.BREATH: "breaths",
    StepKind.ACTIVITY: "duration",
    StepKind.MANUAL: "manual",
}
_ROUTINE_DURATIONS = ("escalate_after", "prepare", "switch", "breath", "transition")


def duration_text(seconds: float) -> str:
    """A duration as a file writes it: "30s", "1m30s", and "2.5s" for part of a second."""
    if float(seconds).is_integer():
        return format_short(seconds)
    return f"{seconds:.3f}".rstrip("0").rstrip(".") + "s"


def _default(record: spec.Record, name: str) -> Any:
    return record.by_name[name].default


def _is_default(record: spec.Record, name: str, value: Any) -> bool:
    default = _default(record, name)
    return default is not None and value == default


def step_values(step: Step) -> dict[str, Any]:
    """A step's keys as the file holds them, in the spec's order, defaults left out."""
    timing = _TIMING[step.kind]
    values: dict[str, Any] = {"exercise": step.exercise}
    if step.kind is StepKind.MANUAL:
        values["manual"] = True
    elif step.kind is StepKind.BREATH:
        values["breaths"] = step.breaths
    else:
        values[timing] = duration_text(step.seconds or 0.0)
    if step.repeat_for is not None:
        values["repeat_for"] = duration_text(step.repeat_for)
    elif not _is_default(spec.STEP, "reps", step.reps):
        values["reps"] = step.reps
    if not _is_default(spec.STEP, "rest", step.rest):
        values["rest"] = duration_text(step.rest)
    if not _is_default(spec.STEP, "sides", step.sides.value):
        values["sides"] = step.sides.value
    if step.kind is StepKind.MANUAL and not _is_default(spec.STEP, "suggested", step.suggested):
        values["suggested"] = duration_text(step.suggested)
    cues = {name: text for name in spec.CUES.names if (text := getattr(step.cues, name, None))}
    if cues:  # the step's own cue texts, over its exercise's
        values["cues"] = cues
    return {name: values[name] for name in spec.STEP.names if name in values}


def routine_values(routine: Routine, *, stem: str | None = None) -> dict[str, Any]:
    """A routine's keys as its file holds them, in the spec's order, defaults left out.

    `id` is written only when the file's stem (default: the id) would not say it.
    """
    values: dict[str, Any] = {
        "title": routine.title,
        "category": routine.category.value,
        "summary": routine.summary,
        "source": list(routine.source),
        "muscle": routine.muscle,
        "schedule": [t.strftime("%H:%M") for t in routine.schedule],
        "steps": [step_values(s) for s in routine.steps],
    }
    if stem is not None and stem != routine.id:
        values["id"] = routine.id
    for name in _ROUTINE_DURATIONS:
        seconds = getattr(routine, name)
        if seconds is not None and not _is_default(spec.ROUTINE, name, seconds):
            values[name] = duration_text(seconds)
    return {
        name: values[name]
        for name in spec.ROUTINE.names
        if name in values and values[name] not in (None, "", [])
    }


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: keeps comments, key order and flow style
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long title over two lines
    yaml.preserve_quotes = True
    return yaml


def _node(value: Any) -> Any:
    """A plain value as ruamel should write it: short lists in flow style, texts as blocks."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _node(item)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_node(v) for v in value)
        if not any(isinstance(v, dict) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _dump(document: Any) -> str:
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def routine_yaml(routine: Routine, *, stem: str | None = None) -> str:
    """A routine as a new file's text: a comment line, then the keys as the README shows."""
    document = _node(routine_values(routine, stem=stem))
    document.yaml_set_start_comment(HEADER)
    return _dump(document)


def values_yaml(values: Mapping[str, Any]) -> str:
    """Any mapping of a file's keys as YAML text (the editor's fields, to be checked)."""
    return _dump(_node(dict(values)))


# Editing a hand-written file in place.


def _same(kind: Any, old: Any, new: Any) -> bool:
    """Whether an old value of the file means what the new one does (then it is kept as written)."""
    if isinstance(kind, spec.ListOf):
        if not isinstance(old, list) or not isinstance(new, list) or len(old) != len(new):
            return False
        return all(_same(kind.item, a, b) for a, b in zip(old, new, strict=True))
    if isinstance(kind, spec.Record) or old is None:
        return False
    try:
        return bool(kind.parse(_scalar_text(old)) == kind.parse(_scalar_text(new)))
    except spec.SpecError:
        return False


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _merge(target: CommentedMap, record: spec.Record, values: Mapping[str, Any]) -> None:
    """Make `target` hold `values`, keeping the keys (and their comments) that already agree."""
    for name in list(target):
        field = record.by_name.get(name)
        # a key that says what its default says means what it meant: it stays as written
        default = field is not None and field.default is not None
        if name not in values and not (
            default and field is not None and _same(field.kind, target[name], field.default)
        ):
            del target[name]
    for name in record.names:
        if name not in values:
            continue
        new = values[name]
        field = record.by_name[name]
        if name == "steps" and isinstance(target.get(name), CommentedSeq):
            _merge_steps(target[name], new)
            continue
        if name in target and _same(field.kind, target[name], new):
            continue
        if name in target:
            target[name] = _node(new)
        else:
            # a new key goes where the spec's order puts it among those already there
            later = [n for n in record.names[record.names.index(name) + 1 :] if n in target]
            position = list(target).index(later[0]) if later else len(target)
            target.insert(position, name, _node(new))


def _merge_steps(target: CommentedSeq, steps: list[dict[str, Any]]) -> None:
    while len(target) > len(steps):
        del target[-1]
    for index, step in enumerate(steps):
        if index < len(target) and isinstance(target[index], CommentedMap):
            _merge(target[index], spec.STEP, step)
        elif index < len(target):
            target[index] = _node(step)
        else:
            target.append(_node(step))


def edited_yaml(original: str, routine: Routine, *, stem: str) -> str | None:
    """A hand-written file's text changed to hold `routine`, comments and key order kept.

    None when ruamel cannot read the file as a mapping; the caller then writes a new file.
    """
    try:
        document = _yaml().load(original)
    except YAMLError:
        return None
    if not isinstance(document, CommentedMap):
        return None
    _merge(document, spec.ROUTINE, routine_values(routine, stem=stem))
    return _dump(document)


# Reading back, and saving.


def check_text(
    text: str, *, exercises: Mapping[str, Exercise], stem: str, name: str = ""
) -> tuple[Routine | None, list[Problem]]:
    """Routine text read by the strict loader as if it were the file `<stem>.yaml`."""
    with tempfile.TemporaryDirectory(prefix="stretchapp-") as folder:
        path = Path(folder) / f"{stem}.yaml"
        path.write_text(text, encoding="utf-8")
        routine, problems = load_routine(path, exercises=exercises, user=True)
    shown = name or f"{stem}.yaml"
    problems = [dataclasses.replace(p, path=shown) for p in problems]
    if routine is not None:
        routine = dataclasses.replace(routine, path="")
    return routine, problems


def same_routine(a: Routine, b: Routine) -> bool:
    """Equal but for where each was read from."""
    return dataclasses.replace(a, path="", user=False) == dataclasses.replace(
        b, path="", user=False
    )


@dataclass(frozen=True)
class Saved:
    """What save_routine did: the file written, and the hand-written one kept aside, if any."""

    path: Path
    backup: Path | None = None


def target_path(routine_id: str, folder: Path, existing: Iterable[Path] = ()) -> Path:
    """Where a routine with this id is saved: the user's file that has it, else `<id>.yaml`."""
    for path in existing:
        if path.parent == folder:
            return path
    return folder / f"{routine_id}.yaml"


def save_routine(routine: Routine, path: Path, *, exercises: Mapping[str, Exercise]) -> Saved:
    """Write a routine to `path` atomically; a hand-written file there keeps its comments.

    Where the file cannot be kept faithfully (what it would say reads back differently),
    the old text is kept beside it as `<name>.bak` and a new file is written: Saved.backup.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = routine_yaml(routine, stem=path.stem)
    text = fresh
    backup: Path | None = None
    try:
        original: str | None = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        original = None
    if original is not None and original != fresh:
        edited = edited_yaml(original, routine, stem=path.stem)
        loaded = None
        if edited is not None:
            loaded, _ = check_text(edited, exercises=exercises, stem=path.stem)
        if edited is not None and loaded is not None and same_routine(loaded, routine):
            text = edited
        else:
            backup = path.with_name(path.name + ".bak")
            atomic_write(backup, original)
    atomic_write(path, text)
    return Saved(path, backup)


# A user's own exercises and their pictures.

EXERCISES_HEADER = "Your own exercises, written by stretchapp's editor; you may edit them by hand."


class ExerciseSaveError(Exception):
    """An exercise or its picture was not saved; the message says why, as the user reads it."""


def exercise_values(exercise: Exercise) -> dict[str, Any]:
    """An exercise's keys as exercises.yaml holds them, in the spec's order, empty ones left out."""
    values: dict[str, Any] = {
        "name": exercise.name,
        "muscles": list(exercise.muscles),
        "image": exercise.image,
        "instructions": exercise.instructions,
        "summary": exercise.summary,
    }
    return {
        name: values[name]
        for name in spec.EXERCISE.names
        if name in values and values[name] not in (None, "", [])
    }


def _exercise_ids(text: str) -> tuple[set[str], list[Problem]]:
    """The ids an exercises file's text defines, and its problems (not its pictures')."""
    with tempfile.TemporaryDirectory(prefix="stretchapp-") as folder:
        path = Path(folder) / EXERCISES_FILE
        path.write_text(text, encoding="utf-8")
        # no pictures here: only whether each exercise is there is asked
        loaded, problems = load_exercises(path, assets_dir=folder, user=True)
    return set(loaded), [p for p in problems if not p.key.endswith(".image")]


def save_exercise(exercise: Exercise, path: Path) -> None:
    """Add (or replace) one exercise in a user's exercises.yaml, atomically.

    A hand-written file keeps its comments and every other exercise; a file the writer
    cannot read faithfully is left alone and ExerciseSaveError says so.
    """
    try:
        original = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        original = ""
    except (OSError, UnicodeDecodeError) as error:
        raise ExerciseSaveError(
            f"{path.name} cannot be read ({error}); nothing was saved"
        ) from error
    document: Any = None
    if original.strip():
        try:
            document = _yaml().load(original)
        except YAMLError:
            document = None
        if not isinstance(document, CommentedMap):
            raise ExerciseSaveError(
                f"{path.name} is not a mapping of exercises the editor can add to; fix it by "
                "hand first (stretchapp validate says what is wrong). Nothing was saved."
            )
    else:
        document = CommentedMap()
        document.yaml_set_start_comment(EXERCISES_HEADER)
    before, _ = _exercise_ids(original) if original.strip() else (set(), [])
    document[exercise.id] = _node(exercise_values(exercise))
    text = _dump(document)
    after, problems = _exercise_ids(text)
    if problems or exercise.id not in after or not before <= after:
        said = "; ".join(p.message for p in problems) or "it would not read back the same"
        raise ExerciseSaveError(f"{exercise.name} was not saved: {said}")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)


def copy_picture(source: Path, folder: Path, stem: str) -> str:
    """Copy a picture chosen from disk into a user's pictures folder; the file name it got.

    The picture is checked as the loader checks it (size, a real SVG or PNG by content)
    and refused with the loader's message; an existing picture is never overwritten.
    """
    problem = picture_problem(source)
    if problem is not None:
        raise ExerciseSaveError(problem)
    try:
        with source.open("rb") as stream:
            data = stream.read(MAX_PICTURE_BYTES + 1)  # it may have grown since the check
    except OSError as error:
        raise ExerciseSaveError(f"cannot read {source.name}: {error.strerror}") from error
    if len(data) > MAX_PICTURE_BYTES:
        raise ExerciseSaveError(f"{source.name} is larger than {MAX_PICTURE_BYTES:,} bytes")
    suffix = source.suffix.lower()
    folder.mkdir(parents=True, exist_ok=True)
    name, number = f"{stem}{suffix}", 2
    while (folder / name).exists():
        name, number = f"{stem}-{number}{suffix}", number + 1
    atomic_write(folder / name, data)
    return name
