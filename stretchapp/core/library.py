"""Bundled and user routines, exercises and tips in one library; a user file overrides by id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from stretchapp.core.problem import EXERCISES_FILE, SUFFIXES, TIPS_FILE, Problem
from stretchapp.core.routine import Category, Exercise, Routine, Tip

# The loader (and PyYAML with it) is imported by load_library: the Library alone, as the
# window's cache gives it, needs neither.

_SPECIAL = (Path(EXERCISES_FILE).stem, Path(TIPS_FILE).stem)
T = TypeVar("T")


def _frozen(items: dict[str, T]) -> Mapping[str, T]:
    return MappingProxyType(dict(sorted(items.items())))


@dataclass(frozen=True)
class Library:
    """Everything that loaded, by id (sorted), and every problem of what did not."""

    routines: Mapping[str, Routine] = field(default_factory=lambda: MappingProxyType({}))
    exercises: Mapping[str, Exercise] = field(default_factory=lambda: MappingProxyType({}))
    tips: Mapping[str, Tip] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[Problem, ...] = ()

    def relief_for(self, muscle: str) -> Routine | None:
        """The relief routine for a cramp in this muscle; the user's own first, then by id."""
        found = [
            r
            for r in self.routines.values()
            if r.category is Category.RELIEF and r.muscle == muscle
        ]
        found.sort(key=lambda r: (not r.user, r.id))
        return found[0] if found else None


def _unreadable(path: Path, error: OSError) -> Problem:
    return Problem(str(path), 1, 1, "", f"cannot be read: {error.strerror or error}; skipped")


def _yaml_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The folder's YAML files, sorted; a folder or file that cannot be read is a problem.

    ``Path.is_file()`` raises on EACCES rather than answering False: caught here, per
    folder and per file, so an unreadable user folder never hides the bundled routines.
    """
    try:
        if not folder.is_dir():
            return []
        names = sorted(folder.iterdir())
    except OSError as error:
        problems.append(_unreadable(folder, error))
        return []
    found = []
    for path in names:
        if path.suffix not in SUFFIXES or path.name.startswith("."):
            continue
        try:
            if path.is_file():
                found.append(path)
        except OSError as error:
            problems.append(_unreadable(path, error))
    return found


def _special(files: list[Path], name: str) -> list[Path]:
    """exercises.yaml (or .yml) among a folder's files, when it is there."""
    stem = Path(name).stem
    return [p for p in files if p.stem == stem]


def _routines(
    files: list[Path], exercises: Mapping[str, Exercise], user: bool, problems: list[Problem]
) -> dict[str, Routine]:
    from stretchapp.core.loader import load_routine  # noqa: PLC0415 (see above)

    routines: dict[str, Routine] = {}
    for path in (p for p in files if p.stem not in _SPECIAL):
        routine, found = load_routine(path, exercises=exercises, user=user)
        problems.extend(found)
        if routine is None:
            continue
        other = routines.get(routine.id)
        if other is not None:
            problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    "id",
                    f"the id {routine.id!r} is already used by {Path(other.path).name}; "
                    "give this routine another id",
                )
            )
            continue
        routines[routine.id] = routine
    return routines


def load_library(bundled: Path, user: Path, *, assets: Path) -> Library:
    """Load the bundled folder, then the user's folder beside it; one bad file stops nothing else.

    The shells say where these are (resources.routines_dir(), paths.user_routines_dir() and
    resources.assets_dir(), where the bundled exercises' pictures are checked): the core looks
    nothing up. A user's own pictures are in the pictures/ folder of their routines folder.
    """
    from stretchapp.core.loader import load_exercises, load_tips  # noqa: PLC0415 (see above)

    problems: list[Problem] = []
    exercises: dict[str, Exercise] = {}
    tips: dict[str, Tip] = {}
    listed = [
        (_yaml_files(folder, problems), is_user)
        for folder, is_user in ((bundled, False), (user, True))
    ]
    for files, is_user in listed:
        for exercises_file in _special(files, EXERCISES_FILE):
            loaded, found = load_exercises(exercises_file, assets_dir=assets, user=is_user)
            exercises.update(loaded)
            problems.extend(found)
        for tips_file in _special(files, TIPS_FILE):
            loaded_tips, found = load_tips(tips_file)
            tips.update(loaded_tips)
            problems.extend(found)
    routines: dict[str, Routine] = {}
    for files, is_user in listed:
        routines.update(_routines(files, exercises, is_user, problems))
    return Library(
        routines=_frozen(routines),
        exercises=_frozen(exercises),
        tips=_frozen(tips),
        problems=tuple(problems),
    )
