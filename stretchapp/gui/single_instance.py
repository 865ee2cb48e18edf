"""One window per user: a second `stretchapp` hands its command to the running one and exits.

A Unix socket in a folder only this user can enter, one JSON line per start. Python's own
sockets and a QSocketNotifier, not QtNetwork's QLocalServer: that module holds about 3 MB
resident for this one line. The peer's uid is checked, a message's size and depth are
bounded, and a lock held for the server's life tells a crashed instance's socket file from
a live one, so a failed start never removes the running instance's socket.

Before the window's first paint only the cheap part runs: send() finds no socket file
when nothing runs, and claim() takes the lock; listen() binds the socket after the paint.
Python's socket module (its constants made enums, about 3 ms) loads only then.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import struct
import sys
import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from stretchapp import paths

if TYPE_CHECKING:
    import socket

CONNECT_MS = 500
MAX_MESSAGE = 4 * 1024  # a command is a few dozen bytes; more is not one of ours
MAX_DEPTH = 4  # {"routine": ...} is depth 1; deep nesting made json recurse out of the stack
# An AF_UNIX path holds at most 108 bytes on Linux (104 on macOS); keep a margin.
MAX_SOCKET_PATH = 100


def server_name() -> str:
    """The socket: per user, per config folder (two STRETCHAPP_HOMEs never meet), private.

    On Unix a full path in $XDG_RUNTIME_DIR (or a private 0700 folder of ours), so nobody
    else can bind it first and receive our commands; elsewhere a name per user.
    """
    folder = str(paths.config_dir().absolute())
    # a checksum, not a hash: hashlib would load OpenSSL (3.5 MB resident) for this
    digest = f"{zlib.crc32(folder.encode()):08x}"
    if not hasattr(os, "getuid"):
        return f"stretchapp-{digest}"
    name = f"stretchapp-{os.getuid()}-{digest}"
    return str(_runtime_dir() / name)


def socket_path(name: str) -> Path:
    """Where the instance called `name` listens: the name itself when it is a full path."""
    path = Path(name)
    if path.is_absolute():
        return path
    from PySide6.QtCore import QDir  # noqa: PLC0415 (Windows only)

    return Path(QDir.tempPath()) / name


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
    path = socket_path(name)
    if sys.platform == "win32" or not os.path.exists(path):  # noqa: PTH110 (never raises)
        return False  # nothing listens (and Windows has no Unix sockets: a window each)
    import socket  # noqa: PLC0415 (see the module's notes)

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout_ms / 1000)
        try:
            client.connect(str(path))
            client.sendall((json.dumps(message) + "\n").encode())
        except OSError:
            return False
    return True


def send_when_up(name: str, message: dict[str, Any], seconds: float = 5.0) -> bool:
    """send(), retried while an instance that holds the name is still starting to listen."""
    from PySide6.QtCore import QThread  # noqa: PLC0415

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
        self.path = socket_path(name)
        self.error = ""  # why listen() failed
        self.taken = False  # listen() found another instance holding the name
        self._lock_fd: int | None = None
        self._listener: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._clients: dict[socket.socket, tuple[QSocketNotifier, bytes]] = {}
        self._retired: list[QSocketNotifier] = []

    @property
    def listening(self) -> bool:
        """Whether listen() succeeded and close() has not been called since."""
        return self._listener is not None

    def claim(self) -> bool:
        """Take the name's lock, to listen later; False when another instance holds it
        (see `taken`). Cheap: what a start does before its window shows."""
        if sys.platform == "win32":
            self.error = "this system has no Unix sockets"
            return False
        if not self._lock():
            self.taken = True
            self.error = "another stretchapp is starting or running"
            return False
        return True

    def listen(self) -> bool:
        """Start listening; False when another instance holds the name (see `taken`).

        A socket file left by a crashed instance is removed first, but never a live one: the
        lock is held for the server's life, so two near-simultaneous starts cannot both win.
        """
        if not self.claim():
            return False
        if self._bind():
            return True
        # we hold the lock, so no instance owns the file: it was left by a crash
        with contextlib.suppress(OSError):
            self.path.unlink()
        return self._bind()

    def _lock(self) -> bool:
        if sys.platform == "win32":
            return True
        import fcntl  # noqa: PLC0415 (Unix only)

        if self._lock_fd is not None:
            return True
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            return True  # no lock possible: listen as before rather than not at all
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._lock_fd = fd
        return True

    def _bind(self) -> bool:
        import socket  # noqa: PLC0415 (see the module's notes)

        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(self.path))
            self.path.chmod(0o600)  # the user's own, in a folder only the user can enter
            listener.listen(8)
            listener.setblocking(False)
        except OSError as error:
            listener.close()
            self.error = error.strerror or str(error)
            return False
        self._listener = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)
        return True

    def close(self) -> None:
        """Stop listening and remove the socket file; drop connections half read."""
        if self._listener is not None and self._notifier is not None:
            self._notifier.setEnabled(False)  # it goes with this object
            self._listener.close()
            self._listener = self._notifier = None
            with contextlib.suppress(OSError):
                self.path.unlink()
        for client in list(self._clients):
            self._drop(client)
        self._retired.clear()
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # the lock file stays: removing it would race a newcomer
            self._lock_fd = None

    def _drop(self, client: socket.socket) -> None:
        notifier, _ = self._clients.pop(client)
        notifier.setEnabled(False)  # no more calls into Python for a closed socket
        notifier.setParent(None)
        self._retired.append(notifier)  # not deleted inside its own signal: at close()
        client.close()

    @Slot()
    def _on_notifier_activated(self) -> None:
        while self._listener is not None:
            try:
                client, _ = self._listener.accept()
            except OSError:  # none waiting (BlockingIOError) or the listener is gone
                return
            if not _same_user(client):
                client.close()  # another user's process: it gets nothing and says nothing
                continue
            client.setblocking(False)
            notifier = QSocketNotifier(client.fileno(), QSocketNotifier.Type.Read, self)
            notifier.activated.connect(lambda *_, c=client: self._read(c))
            self._clients[client] = (notifier, b"")

    def _read(self, client: socket.socket) -> None:
        if client not in self._clients:
            return
        notifier, data = self._clients[client]
        try:
            chunk = client.recv(MAX_MESSAGE + 1)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""  # as if it had hung up
        data += chunk
        if len(data) > MAX_MESSAGE and b"\n" not in data[:MAX_MESSAGE]:
            self._drop(client)  # too long to be a command: stop reading it
            return
        if chunk and b"\n" not in data:
            self._clients[client] = (notifier, data)
            return
        self._drop(client)  # a whole line, or the sender hung up
        line = data.split(b"\n", 1)[0]
        if len(line) > MAX_MESSAGE or _depth(line) > MAX_DEPTH:
            return  # not one of ours, and parsing it could exhaust the stack
        try:
            message = json.loads(line) if line.strip() else {}
        except ValueError:
            return  # not one of ours
        if isinstance(message, dict):
            self.command_received.emit(message)


def _same_user(client: socket.socket) -> bool:
    """Whether the peer runs as this user; True where the platform cannot tell (SO_PEERCRED)."""
    import socket  # noqa: PLC0415 (loaded by now: the client came through it)

    option = getattr(socket, "SO_PEERCRED", None)
    if option is None or not hasattr(os, "getuid"):
        return True
    try:
        credentials = client.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    except OSError:
        return False
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
