"""Files written whole or not at all: the one atomic write of the program."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

_TRIES = 100  # temporary names to try before giving up: a clash is already rare


def atomic_write(
    path: Path | str, data: bytes | str, *, encoding: str = "utf-8", mode: int | None = None
) -> Path:
    """Replace ``path`` with ``data``: a reader sees the old file or the new one, never half.

    The data goes to a temporary file in the same folder, is flushed and fsynced, and the
    temporary file is renamed over ``path``; then the folder is fsynced where the system
    allows it, so the rename survives a power cut too. On any error the temporary file is
    removed and ``path`` is left as it was. Text is written as given (no newline
    translation). ``mode``: the new file's permissions; None gives what a plain ``open``
    would (0o666 less the umask). The folder must exist.
    """
    path = Path(path)
    raw = data.encode(encoding) if isinstance(data, str) else data
    fd, temp = _create_temp(path)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            view = memoryview(raw)
            while view:  # os.write may write less than asked (a signal, a full pipe)
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return path


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new file beside ``path`` that no one else has: (its descriptor, its path)."""
    # Not tempfile.mkstemp: that fixes the mode at 0o600, and importing tempfile pulls in
    # random and shutil for a name that os.urandom gives as well.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_TRIES):
        temp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"{path.parent}: no free name for a temporary file")


def _sync_folder(folder: Path) -> None:
    # Where a folder cannot be opened (Windows) or fsynced (some network file systems),
    # the rename is as durable as the system makes it: nothing more to do.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
