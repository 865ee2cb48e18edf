"""YAML files -> routines, exercises and tips, collecting every problem with its place.

A file is read into nodes by `strict_yaml.py`, its values checked against the declaration
in `spec.py` by `checker.py`; here the checked values become the model, with the rules
that span keys (an exercise that exists, a routine that is not too long).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from stretchapp.core import spec
from stretchapp.core.checker import Bad, Checker, Found
from stretchapp.core.durations import format_short
from stretchapp.core.problem import EXERCISES_FILE, PICTURES_DIR, SUFFIXES, TIPS_FILE
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
from stretchapp.core.strict_yaml import MAX_BYTES, MAX_DEPTH, MAX_NODES, Problem, compose
from stretchapp.core.timeline import MAX_PHASES, MAX_TOTAL_SECONDS, measure

# Problem and the limits live in strict_yaml.py; importing them from here still works. (Not
# LOADER_CLASS: a test that swaps it must swap it where compose reads it.)
__all__ = [
    "EXERCISES_FILE",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_PICTURE_BYTES",
    "PICTURES_DIR",
    "PICTURE_SUFFIXES",
    "SUFFIXES",
    "TIPS_FILE",
    "PathLike",
    "Problem",
    "load_exercises",
    "load_routine",
    "load_tips",
    "picture_folders",
    "picture_problem",
    "validate_file",
]

PICTURE_SUFFIXES = (".svg", ".png")
MAX_PICTURE_BYTES = 4 << 20  # 4 MiB: a drawing is kilobytes, a photo of a stretch a few MB
_SNIFF_BYTES = 4096
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# An SVG opens with an <svg element, after at most a byte order mark, an XML declaration,
# comments and a doctype: a renamed file of another kind does not.
_SVG_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*<svg[\s>/]",
    re.DOTALL | re.IGNORECASE,
)

PathLike = str | os.PathLike[str]


def _name(path: PathLike) -> str:
    return os.fspath(path)


def load_routine(
    path: PathLike, *, exercises: Mapping[str, Exercise], user: bool = False
) -> tuple[Routine | None, list[Problem]]:
    """A routine file, checked; (None, problems) when anything is wrong."""
    file = Path(path)
    name = _name(path)
    root, problems = compose(file, name)
    if problems:
        return None, problems
    checker = Checker(name)
    if root is None:
        return None, [
            Problem(name, 1, 1, "", "is empty; a routine needs at least title, category and steps")
        ]
    found = checker.record(root, spec.ROUTINE, "")
    if isinstance(found, Bad):
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
        if isinstance(step, Found):
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
    checker: Checker,
    found: Found,
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
        cues=_cues(values.get("cues")),
    )


def _cues(found: Any) -> CueTexts:
    """The cue texts of an exercise or a step; the defaults when it has none."""
    return CueTexts(**found.values) if isinstance(found, Found) else CueTexts()


def _load_map(
    path: PathLike, kind: spec.MapOf
) -> tuple[Checker, list[tuple[str, Found]]] | list[Problem]:
    """The checked entries of an exercises or tips file; only those without a problem."""
    name = _name(path)
    root, problems = compose(Path(path), name)
    if problems:
        return problems
    checker = Checker(name)
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
        if isinstance(found, Found) and len(checker.problems) == before:
            out.append((item_id, found))
    return checker, out


def picture_folders(path: PathLike, assets_dir: PathLike, *, user: bool) -> list[Path]:
    """Where an exercises file's pictures are looked for, first first.

    A bundled file's are in assets/exercises/; a user's in the pictures/ folder beside
    their exercises.yaml, then the bundled ones (an exercise made over keeps its picture).
    """
    bundled = Path(assets_dir) / "exercises"
    return [Path(path).parent / PICTURES_DIR, bundled] if user else [bundled]


def load_exercises(
    path: PathLike, *, assets_dir: PathLike, user: bool = False
) -> tuple[dict[str, Exercise], list[Problem]]:
    """An exercises file: the good exercises, and every problem of the others.

    An exercise whose picture is missing or refused is kept without one (and the problem
    reported), so the routines that use it still run.
    """
    loaded = _load_map(path, spec.EXERCISES)
    if isinstance(loaded, list):
        return {}, loaded
    checker, items = loaded
    folders = picture_folders(path, assets_dir, user=user)
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
        picture = None
        if image is not None:
            picture = _check_image(
                checker, folders, image, found.nodes["image"], f"{exercise_id}.image"
            )
            if picture is None:
                image = None
        exercises[exercise_id] = Exercise(
            id=exercise_id,
            name=values["name"],
            muscles=values.get("muscles", ()),
            image=image,
            instructions=values["instructions"],
            summary=values.get("summary", ""),
            cues=_cues(values.get("cues")),
            source=values.get("source", ()),
            path=checker.name,
            user=user,
            picture=picture,
        )
    return exercises, sorted(checker.problems)


def _shown_folder(folder: Path) -> str:
    """A pictures folder as messages name it: pictures/ or assets/exercises/."""
    return f"{folder.name}/" if folder.name == PICTURES_DIR else f"assets/{folder.name}/"


def _check_image(
    checker: Checker, folders: list[Path], image: str, node: yaml.Node, key: str
) -> Path | None:
    """The picture's path when it is a real picture inside the first folder that has it."""
    folder = next((f for f in folders if os.path.lexists(f / image)), folders[0])
    target = folder / image
    try:
        inside = target.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:  # a symbolic link that leads out of the folder
        where = _shown_folder(folder)
        checker.add(node, key, f"must be a file under {where}, got {spec.shown(image)}")
        return None
    if not target.is_file():
        names: list[str] = []
        for each in folders:
            with contextlib.suppress(OSError):
                names.extend(sorted(p.name for p in each.iterdir() if p.is_file()))
        hint = spec.suggest(image, names)
        checker.add(node, key, f"no such file: {_shown_folder(folder)}{image}{hint}")
        return None
    refused = picture_problem(target)
    if refused is not None:
        checker.add(node, key, refused)
        return None
    return target


def picture_problem(path: Path) -> str | None:
    """Why a file cannot be an exercise's picture (too large, not an SVG or PNG by its
    content); None when it can. The loader and the editor refuse pictures with it."""
    suffix = path.suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        return f"must be an .svg or .png picture, got {spec.shown(path.name)}"
    try:
        size = path.stat().st_size
        if size > MAX_PICTURE_BYTES:
            return (
                f"{spec.shown(path.name)} is {size:,} bytes; a picture may have at most "
                f"{MAX_PICTURE_BYTES:,}: use a smaller one"
            )
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError as error:
        return f"cannot read {spec.shown(path.name)}: {error.strerror or error}"
    if suffix == ".png" and head.startswith(_PNG_MAGIC):
        return None
    if suffix == ".svg" and _SVG_START.match(head):
        return None
    kind = "a PNG" if suffix == ".png" else "an SVG"
    return f"{spec.shown(path.name)} is not {kind} picture by its content"


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
