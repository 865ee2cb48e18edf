"""Files written whole or not at all, and files read with care: the program's file guards."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

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


class NotRegularFileError(OSError):
    """The path is a FIFO, a device, a socket or a folder: nothing the program reads."""


class TooLargeError(OSError):
    """The file is larger than the reader's limit."""


def open_regular(path: Path | str) -> BinaryIO:
    """Open ``path`` for reading in binary, refusing anything but a regular file.

    The file is opened without blocking (a FIFO with no writer would otherwise wait for
    ever) and checked with ``fstat`` on the open descriptor, so a symlink to ``/dev/zero``
    or a FIFO is refused with NotRegularFileError before a byte is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise NotRegularFileError(f"{path}: {kind}; only regular files are read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    NotRegularFileError for a FIFO, device or folder; TooLargeError past ``limit`` (at
    most ``limit + 1`` bytes are ever read, so ``/dev/zero`` or a growing file cannot
    fill the memory); any other OSError as the system gives it.
    """
    with open_regular(path) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"{path}: larger than {limit} bytes")
    return data
