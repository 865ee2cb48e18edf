"""Ctrl-C and SIGTERM close the window the way its close button does."""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier


class QuitOnSignal(QObject):
    """Ctrl-C or SIGTERM closes the window as the close button would: the session ends
    properly and --events gets its session_end. Woken through a socket, never by polling."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, close: Callable[[], None]) -> None:
        super().__init__()
        self._close = close
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._saved = {number: signal.signal(number, self._on_signal) for number in self.SIGNALS}
        self._saved_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)

    @staticmethod
    def _on_signal(number: int, frame: FrameType | None) -> None:
        del number, frame  # the wakeup fd does the work

    def _on_notifier_activated(self) -> None:
        with contextlib.suppress(OSError):
            self._read.recv(512)
        self._close()

    def restore(self) -> None:
        """Put the previous handlers back and close the socket."""
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._saved_fd)
        for number, handler in self._saved.items():
            signal.signal(number, handler)
        self._read.close()
        self._write.close()
