"""Routine files in and out of the user's folder: import (and drops) and where exercises go.

Apart from the editor's controller so that it stays one job long; nothing here needs the
editor's page or its YAML writer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtGui import QDropEvent

from stretchapp.core.library import Library
from stretchapp.core.problem import EXERCISES_FILE, SUFFIXES
from stretchapp.files import atomic_write


def import_routines(
    paths: Sequence[Path],
    library: Library,
    *,
    user: Path,
    ask: Callable[[str, str], bool],
    tell: Callable[[str], None],
) -> list[Path]:
    """Check each file, ask before one replaces a routine, copy it into `user`; the copies."""
    from stretchapp.core.loader import load_routine  # noqa: PLC0415 (PyYAML: on an import)

    copied = []
    for path in paths:
        routine, problems = load_routine(path, exercises=library.exercises, user=True)
        if routine is None:
            tell(f"{path.name} was not imported:\n" + "\n".join(map(str, problems)))
            continue
        clash = library.routines.get(routine.id)
        if clash is not None and not ask(
            "Replace a routine?",
            f"A routine with the id “{routine.id}” ({clash.title}) is already there. "
            "Replace it with the imported one?",
        ):
            continue
        target = user / path.name
        if clash is not None and clash.user and Path(clash.path) != target:
            Path(clash.path).unlink(missing_ok=True)  # one file per id
        user.mkdir(parents=True, exist_ok=True)
        atomic_write(target, path.read_bytes())
        copied.append(target)
    if copied:
        tell("Imported " + ", ".join(p.name for p in copied) + ".")
    return copied


def exercises_file(user: Path) -> Path:
    """The user's exercises file: the one there is (.yaml or .yml), else exercises.yaml."""
    stem = Path(EXERCISES_FILE).stem
    found = [user / (stem + s) for s in SUFFIXES if (user / (stem + s)).is_file()]
    return found[0] if found else user / EXERCISES_FILE


def dropped_routines(event: QDropEvent) -> list[Path]:
    """The local .yaml files a drag carries."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    return [p for p in paths if p.suffix in SUFFIXES and p.is_file()]
