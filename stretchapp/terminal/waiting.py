"""Waiting in the terminal: for a deadline, a key or a signal, in a selector or a Qt loop.

A muted run waits with a plain selector (no Qt to import or to wake); a run with voice
waits in a Qt event loop, since the speech service is a QObject that needs one.
"""

from __future__ import annotations

import contextlib
import math
import os
import selectors
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any, Protocol

from stretchapp.clock import monotonic


@dataclass(frozen=True)
class Wake:
    """What ended a wait: keys typed (possibly none) and whether the user interrupted."""

    keys: str = ""
    interrupted: bool = False


class Waiter(Protocol):
    """Blocks until a timeout (real seconds; None: no limit), a key or an interrupt."""

    def wait(self, timeout: float | None) -> Wake: ...


class WakeableWaiter(Waiter, Protocol):
    """A waiter whose wait a slot can end early."""

    def wake(self, *_: object) -> None: ...


class Signals:
    """Turns SIGINT/SIGTERM/SIGHUP into a flag and a byte on a socket a loop can watch."""

    HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.read_sock, self._write_sock = socket.socketpair()
        self.read_sock.setblocking(False)
        self._write_sock.setblocking(False)
        self.interrupted = False
        self.number = signal.SIGINT.value  # the signal that interrupted
        self.continued = False
        self._saved: dict[int, Any] = {}
        self._saved_fd = -1

    def install(self) -> None:
        """Take over the signals until restore()."""
        for number in self.HANDLED:
            self._saved[number] = signal.signal(number, self._on_signal)
        if hasattr(signal, "SIGCONT"):
            self._saved[signal.SIGCONT] = signal.signal(signal.SIGCONT, self._on_continue)
        self._saved_fd = signal.set_wakeup_fd(self._write_sock.fileno(), warn_on_full_buffer=False)

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        del frame
        self.interrupted = True
        self.number = number

    def _on_continue(self, number: int, frame: FrameType | None) -> None:
        del number, frame
        self.continued = True

    def drain(self) -> None:
        """Empty the socket the handler wrote to, so a loop stops seeing it ready."""
        with contextlib.suppress(BlockingIOError, OSError):
            while self.read_sock.recv(512):
                pass

    def restore(self) -> None:
        """Give the signals back to the handlers they had; close the socket."""
        signal.set_wakeup_fd(self._saved_fd)
        for number, handler in self._saved.items():
            signal.signal(number, handler)
        self.read_sock.close()
        self._write_sock.close()


class Keys:
    """The keyboard in cbreak mode: one key at a time, no echo; restored always."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._saved: list[Any] | None = None

    def enter(self) -> None:
        """cbreak mode: one key at a time, no echo (again after Ctrl-Z and fg)."""
        import termios  # noqa: PLC0415  (POSIX only)
        import tty  # noqa: PLC0415

        if self._saved is None:
            self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd, termios.TCSANOW)

    def leave(self) -> None:
        """The terminal's modes as they were before enter()."""
        import termios  # noqa: PLC0415

        if self._saved is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self) -> str:
        """The keys typed; "" for none, and for arrow keys and the like."""
        try:
            data = os.read(self.fd, 64)
        except (BlockingIOError, InterruptedError):
            return ""
        if data.startswith(b"\x1b"):
            return ""  # arrow keys and the like: not ours
        return data.decode("utf-8", "replace")


class SelectWaiter:
    """Waits with a selector on the keyboard and the signal socket: no Qt, no threads."""

    def __init__(self, signals: Signals, keys: Keys | None) -> None:
        self._signals = signals
        self._keys = keys
        # select(2) takes microseconds; epoll and poll round a timeout up to whole ms
        self._selector = selectors.SelectSelector()
        self._selector.register(signals.read_sock, selectors.EVENT_READ, "signal")
        if keys is not None:
            self._selector.register(keys.fd, selectors.EVENT_READ, "keys")

    def wait(self, timeout: float | None) -> Wake:
        """Block until the timeout, a key or a signal."""
        keys = ""
        for key, _ in self._selector.select(_early(timeout)):
            if key.data == "keys" and self._keys is not None:
                keys += self._keys.read()
            else:
                self._signals.drain()
        return _wake(self._signals, self._keys, keys)

    def close(self) -> None:
        """Stop watching the keyboard and the signals."""
        self._selector.close()


def _early(timeout: float | None) -> float | None:
    """A long timeout, shortened by what the kernel may add to it.

    Linux lets select() and poll() sleep past their timeout by 0.1% of it (up to
    100 ms): 2 ms late after a 2 s wait. Waking that much early costs one short
    second wait, which ends within microseconds of the deadline.
    """
    if timeout is None or timeout <= 0.01:
        return timeout
    return timeout - min(timeout * 0.002, 0.1)


def _wake(signals: Signals, keys: Keys | None, typed: str) -> Wake:
    if signals.continued:  # back from Ctrl-Z: the shell has reset the terminal
        signals.continued = False
        if keys is not None:
            with contextlib.suppress(Exception):
                keys.enter()
    return Wake(typed, signals.interrupted)


class QtWaiter:
    """Waits in a Qt event loop, so the speech service's timers and signals run meanwhile."""

    def __init__(self, signals: Signals, keys: Keys | None) -> None:
        from PySide6.QtCore import (  # noqa: PLC0415
            QCoreApplication,
            QEventLoop,
            QSocketNotifier,
            Qt,
            QTimer,
        )

        self.app = QCoreApplication.instance() or QCoreApplication(["stretchapp"])
        self._signals = signals
        self._keys = keys
        self._typed = ""
        self._loop = QEventLoop()
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._loop.quit)
        self._notifiers = []
        signal_notifier = QSocketNotifier(signals.read_sock.fileno(), QSocketNotifier.Type.Read)
        signal_notifier.activated.connect(self._on_signal)
        self._notifiers.append(signal_notifier)
        if keys is not None:
            key_notifier = QSocketNotifier(keys.fd, QSocketNotifier.Type.Read)
            key_notifier.activated.connect(self._on_key)
            self._notifiers.append(key_notifier)
        self._process = QCoreApplication.processEvents

    def _on_signal(self) -> None:
        self._signals.drain()
        self._loop.quit()

    def wake(self, *_: object) -> None:
        """End the current wait early (a slot for any signal)."""
        self._loop.quit()

    def _on_key(self) -> None:
        if self._keys is not None:
            self._typed += self._keys.read()
        self._loop.quit()

    def wait(self, timeout: float | None) -> Wake:
        """Run the Qt loop until the timeout, a key, a signal or wake(); 0 handles what waits."""
        if timeout is not None and timeout <= 0:
            self._process()
        elif not self._signals.interrupted:
            if timeout is not None:
                early = _early(timeout)
                assert early is not None
                self._timer.start(max(1, math.ceil(early * 1000)))
            self._loop.exec()
            self._timer.stop()
        typed, self._typed = self._typed, ""
        return _wake(self._signals, self._keys, typed)

    def close(self) -> None:
        """Stop watching the keyboard and the signals; stop the timer."""
        for notifier in self._notifiers:
            notifier.setEnabled(False)
        self._notifiers.clear()
        self._timer.stop()


def linger(waiter: Waiter, seconds: float, *, clock: Callable[[], float] = monotonic) -> None:
    """Give the voice a moment to finish the last cue; any key or Ctrl-C ends it."""
    end = clock() + seconds
    while (left := end - clock()) > 0:
        wake = waiter.wait(left)
        if wake.keys or wake.interrupted:
            return


def await_voice(
    speaker: Any,
    waiter: WakeableWaiter,
    seconds: float,
    *,
    clock: Callable[[], float] = monotonic,
) -> bool:
    """Give the voice a moment to render the first cue, so the session's first words are heard.

    Ends as soon as the first text can play, or the service knows it never will
    (no voice, no sound output), and after `seconds` at most. True when the service
    answered; False at the limit, at Ctrl-C, or at once for a speaker without the signals.
    """
    found = [getattr(speaker, name, None) for name in ("first_ready", "ready", "notice")]
    signals = [signal_ for signal_ in found if signal_ is not None]
    if len(signals) < len(found):
        return False
    ready: list[object] = []

    def on_ready(*args: object) -> None:
        ready.append(args)
        waiter.wake()

    for signal_ in signals:
        signal_.connect(on_ready)
    end = clock() + seconds
    try:
        while not ready and (left := end - clock()) > 0:
            if waiter.wait(left).interrupted:
                break  # the loop's first wait sees it too and stops the session
    finally:
        for signal_ in signals:
            signal_.disconnect(on_ready)
    return bool(ready)
