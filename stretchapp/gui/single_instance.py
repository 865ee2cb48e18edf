"""One window per user: a second `stretchapp` hands its command to the running one and exits."""

from __future__ import annotations

import contextlib
import json
import os
import socket as sockets
import stat
import struct
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from stretchapp import paths

CONNECT_MS = 500
MAX_MESSAGE = 4 * 1024  # a command is a few dozen bytes; more is not one of ours
MAX_DEPTH = 4  # {"routine": ...} is depth 1; deep nesting made json recurse out of the stack
# An AF_UNIX path holds at most 108 bytes on Linux (104 on macOS); keep a margin.
MAX_SOCKET_PATH = 100


def server_name() -> str:
    """The socket: per user, per config folder (two STRETCHAPP_HOMEs never meet), private.

    On Unix a full path in $XDG_RUNTIME_DIR (or a private 0700 folder of ours), so nobody
    else can bind it first and receive our commands; elsewhere a pipe name per user.
    """
    folder = str(paths.config_dir().absolute())
    # a checksum, not a hash: hashlib would load OpenSSL (3.5 MB resident) for this
    digest = f"{zlib.crc32(folder.encode()):08x}"
    if not hasattr(os, "getuid"):
        return f"stretchapp-{digest}"
    name = f"stretchapp-{os.getuid()}-{digest}"
    return str(_runtime_dir() / name)


def _runtime_dir() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and _private(Path(runtime)) and len(runtime) < MAX_SOCKET_PATH - 30:
        return Path(runtime)
    # no usable runtime folder: one of our own in the temporary folder, checked, never trusted
    own = Path(tempfile.gettempdir(), f"stretchapp-{os.getuid()}")
    with contextlib.suppress(FileExistsError):
        own.mkdir(mode=0o700)
    if _private(own):
        return own
    return paths.cache_dir()  # someone else made it: a folder only we can write to


def _private(folder: Path) -> bool:
    """Whether folder is a real folder of this user that nobody else can enter."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def send(name: str, message: dict[str, Any], timeout_ms: int = CONNECT_MS) -> bool:
    """Give the running instance a command; False when none answers (then start one)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write((json.dumps(message) + "\n").encode())
    sent = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return sent


def send_when_up(name: str, message: dict[str, Any], seconds: float = 5.0) -> bool:
    """send(), retried while an instance that holds the name is still starting to listen."""
    tries = max(1, int(seconds * 1000 / CONNECT_MS))
    for _ in range(tries):
        if send(name, message):
            return True
        QThread.msleep(CONNECT_MS // 5)  # a start takes a moment between lock and listen
    return False


class InstanceServer(QObject):
    """Listens for later starts; each says what it was asked (routine, start, cramp)."""

    command_received = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_server_new_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}
        self._lock_fd: int | None = None
        self.taken = False  # listen() found another instance holding the name

    def listen(self) -> bool:
        """Start listening; False when another instance holds the name (see `taken`).

        A socket file left by a crashed instance is removed first, but never a live one: a
        lock held for the server's life tells a crashed instance from one starting beside
        us, so two near-simultaneous starts cannot both win.
        """
        if not self._lock():
            self.taken = True
            return False
        if self.server.listen(self.name):
            return True
        # we hold the lock, so no instance owns the file: it was left by a crash
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def _lock(self) -> bool:
        if sys.platform == "win32":  # pipe names are not files a crash leaves behind
            return True
        import fcntl  # noqa: PLC0415 (Unix only)

        if self._lock_fd is not None:
            return True
        folder = Path(self.name).parent
        with contextlib.suppress(OSError):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(f"{self.name}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            return True  # no lock possible: listen as before rather than not at all
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._lock_fd = fd
        return True

    def close(self) -> None:
        """Stop listening and remove the socket file; drop connections half read."""
        self.server.close()
        for socket in list(self._buffers):
            self._drop(socket)
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # the lock file stays: removing it would race a newcomer
            self._lock_fd = None

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        # no more calls into Python for a socket on its way out
        socket.readyRead.disconnect()
        socket.disconnected.disconnect()
        socket.abort()
        socket.deleteLater()

    @Slot()
    def _on_server_new_connection(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            if not _same_user(socket):
                socket.abort()  # another user's process: it gets nothing and says nothing
                socket.deleteLater()
                continue
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._finish(s))
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE and b"\n" not in data[:MAX_MESSAGE]:
            self._drop(socket)  # too long to be a command: stop reading it
            return
        self._buffers[socket] = data
        if b"\n" in data:
            self._finish(socket)

    def _finish(self, socket: QLocalSocket) -> None:
        data = self._buffers.pop(socket, None)
        if data is None:
            return
        data += bytes(socket.readAll().data())
        self._buffers[socket] = b""
        self._drop(socket)
        line = data.split(b"\n", 1)[0]
        if len(line) > MAX_MESSAGE or _depth(line) > MAX_DEPTH:
            return  # not one of ours, and parsing it could exhaust the stack
        try:
            message = json.loads(line) if line.strip() else {}
        except ValueError:
            return  # not one of ours
        if isinstance(message, dict):
            self.command_received.emit(message)


def _same_user(socket: QLocalSocket) -> bool:
    """Whether the peer runs as this user; True where the platform cannot tell (SO_PEERCRED)."""
    option = getattr(sockets, "SO_PEERCRED", None)
    descriptor = int(socket.socketDescriptor())
    if option is None or descriptor < 0 or not hasattr(os, "getuid"):
        return True
    try:
        peer = sockets.socket(fileno=os.dup(descriptor))
    except OSError:
        return False
    try:
        credentials = peer.getsockopt(sockets.SOL_SOCKET, option, struct.calcsize("3i"))
    except OSError:
        return False
    finally:
        peer.close()  # closes our duplicate only
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return bool(uid == os.getuid())


def _depth(line: bytes) -> int:
    """How deep a JSON text nests arrays and objects, brackets in strings not counted."""
    deepest = depth = 0
    in_string = escaped = False
    for byte in line:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth -= 1
    return deepest
