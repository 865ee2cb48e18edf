"""One window per user: a second `stretchapp` hands its command to the running one and exits.

A Unix socket in Qt's temporary folder, one JSON line per start. Python's own sockets and
a QSocketNotifier, not QtNetwork's QLocalServer: that module holds about 3 MB resident for
this one line (the same socket file, so either side may be an older version).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import zlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, QObject, QSocketNotifier, Signal, Slot

from stretchapp import paths

CONNECT_MS = 500
MAX_MESSAGE = 64 * 1024


def server_name() -> str:
    """A name per user and per config folder, so two STRETCHAPP_HOMEs never meet."""
    folder = str(paths.config_dir().absolute())
    # a checksum, not a hash: hashlib would load OpenSSL (3.5 MB resident) for this
    digest = f"{zlib.crc32(folder.encode()):08x}"
    user = os.getuid() if hasattr(os, "getuid") else 0
    return f"stretchapp-{user}-{digest}"


def socket_path(name: str) -> Path:
    """Where the running instance listens (where QLocalServer would put it, too)."""
    return Path(QDir.tempPath()) / name


def send(name: str, message: dict[str, Any], timeout_ms: int = CONNECT_MS) -> bool:
    """Give the running instance a command; False when none answers (then start one)."""
    if not hasattr(socket, "AF_UNIX"):
        return False  # no Unix sockets (Windows): every start opens its own window
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout_ms / 1000)
        try:
            client.connect(str(socket_path(name)))
            client.sendall((json.dumps(message) + "\n").encode())
        except OSError:
            return False
    return True


class InstanceServer(QObject):
    """Listens for later starts; each says what it was asked (routine, start, cramp)."""

    command_received = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.path = socket_path(name)
        self.error = ""  # why listen() failed
        self._listener: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._clients: dict[socket.socket, tuple[QSocketNotifier, bytes]] = {}
        self._retired: list[QSocketNotifier] = []

    def listen(self) -> bool:
        """Start listening; a socket file left by a crashed instance is removed first."""
        if not hasattr(socket, "AF_UNIX"):
            self.error = "this system has no Unix sockets"
            return False
        if self._bind():
            return True
        # nobody answered send() before this, so the file is stale
        with contextlib.suppress(OSError):
            self.path.unlink()
        return self._bind()

    def _bind(self) -> bool:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(self.path))
            self.path.chmod(0o600)  # the user's own, as QLocalServer's UserAccessOption
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
            client.setblocking(False)
            notifier = QSocketNotifier(client.fileno(), QSocketNotifier.Type.Read, self)
            notifier.activated.connect(lambda *_, c=client: self._read(c))
            self._clients[client] = (notifier, b"")

    def _read(self, client: socket.socket) -> None:
        if client not in self._clients:
            return
        notifier, data = self._clients[client]
        try:
            chunk = client.recv(MAX_MESSAGE)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""  # as if it had hung up
        data = (data + chunk)[:MAX_MESSAGE]
        if chunk and b"\n" not in data:
            self._clients[client] = (notifier, data)
            return
        self._drop(client)  # a whole line, or the sender hung up
        line = data.split(b"\n", 1)[0]
        try:
            message = json.loads(line) if line.strip() else {}
        except ValueError:
            return  # not one of ours
        if isinstance(message, dict):
            self.command_received.emit(message)
