"""One window per user: a second `stretchapp` hands its command to the running one and exits."""

from __future__ import annotations

import json
import os
import zlib
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

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

    def listen(self) -> bool:
        """Start listening; a socket file left by a crashed instance is removed first."""
        if self.server.listen(self.name):
            return True
        # nobody answered send() before this, so the file is stale
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        """Stop listening and remove the socket file; drop connections half read."""
        self.server.close()
        for socket in list(self._buffers):
            self._drop(socket)

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
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._finish(s))
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        self._buffers[socket] = data[:MAX_MESSAGE]
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
        try:
            message = json.loads(line) if line.strip() else {}
        except ValueError:
            return  # not one of ours
        if isinstance(message, dict):
            self.command_received.emit(message)
