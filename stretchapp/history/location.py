"""Where the history file lives, and moving a damaged one aside for a fresh start."""

from __future__ import annotations

from pathlib import Path

FILE_NAME = "history.sqlite3"


def default_path() -> Path:
    """Where the history lives: <data dir>/history.sqlite3."""
    from stretchapp import paths  # noqa: PLC0415 (only callers without a path need it)

    return paths.data_dir() / FILE_NAME


def move_aside(path: Path | None = None) -> Path:
    """Move a damaged history file (and its -wal and -shm) aside; where it went.

    The old file is kept, under the first free name history.sqlite3.damaged,
    .damaged.1, ...; the next HistoryStore starts a fresh file. OSError when it cannot move.
    """
    path = default_path() if path is None else Path(path)
    number = 0
    while True:
        suffix = ".damaged" if number == 0 else f".damaged.{number}"
        target = path.with_name(path.name + suffix)
        if not target.exists():
            break
        number += 1
    path.replace(target)
    for extra in ("-wal", "-shm"):  # SQLite's companions: they belong to the moved file
        companion = path.with_name(path.name + extra)
        if companion.exists():
            companion.replace(target.with_name(target.name + extra))
    return target
