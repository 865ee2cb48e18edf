"""Plays cues and tones in a child process, so a sound server that goes away cannot kill the app.

Why a child: when PulseAudio dies, libpulse under QtMultimedia aborts the whole process
(`Assertion 'c' failed at pulse/context.c:1087`, exit -6, 8 times in 8). Nothing in
Python can catch an abort, and no QtMultimedia setting avoids it, so the process that
touches QtMultimedia must be one that may die: `python -m stretchapp.speech.remote`
runs the unchanged Player (QSoundEffect) and takes one JSON line per command on stdin.
The onset timing stays QSoundEffect's: a command is one write of a few dozen bytes, and
`requested` is CLOCK_MONOTONIC, which both processes share, so `started` still reports
the true delay. The parent never imports QtMultimedia.

Every WATCH_SECONDS RemotePlayer looks whether the server's socket still answers: a
child whose server left is idle until its next cue kills it, so it is ended at once. When
the child is gone, RemotePlayer says the output is gone (the service then shows the
cues); once the socket answers again it starts a new child and loads every cue into it.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

WATCH_SECONDS = 2.0  # how often to look whether the sound server left or came back
QUIET_TICKS = 15  # a server that answers but has no output: look again after 30 s
MAX_PATHS = 256  # cue files remembered to load into a new child; as the Player keeps
SIGNALS = ("opened", "outputs_changed", "loaded", "load_failed", "started", "tones_loaded")


def player_command() -> list[str]:
    """The command that runs the playback child."""
    return [sys.executable, "-m", "stretchapp.speech.remote"]


def pulse_socket() -> Path | None:
    """The PulseAudio (or pipewire-pulse) socket this process would use, when one is known."""
    server = os.environ.get("PULSE_SERVER", "")
    if server:
        path = server.removeprefix("unix:")
        return Path(path) if path.startswith("/") else None
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return Path(runtime, "pulse", "native") if runtime else None


def server_answers(path: Path | None) -> bool:
    """Whether the sound server's socket takes a connection (a cheap look, no libpulse)."""
    if path is None:
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.2)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


class RemotePlayer(QObject):
    """The Player's interface, played by a child process that is restarted when it dies."""

    opened = Signal(bool)
    outputs_changed = Signal(bool)
    loaded = Signal(str)
    load_failed = Signal(str, str)
    started = Signal(str, float)
    tones_loaded = Signal()
    dropped = Signal(str, str)
    restarted = Signal()  # a new child took over after the last one died

    def __init__(
        self, parent: QObject | None = None, *, command: Sequence[str] | None = None
    ) -> None:
        super().__init__(parent)
        self._command = list(command) if command is not None else player_command()
        self._tone_paths: dict[str, str] = {}
        self._paths: OrderedDict[str, str] = OrderedDict()  # key -> WAV, to load again
        self._child: subprocess.Popen[bytes] | None = None
        self._notifier: QSocketNotifier | None = None
        self._received = b""
        self._has_output: bool | None = None
        self._closing = False
        self._server: Path | None = None
        self._quiet_ticks = 0
        self.restarts = 0
        self.is_open = False
        self._watch = QTimer(self)
        self._watch.setInterval(round(WATCH_SECONDS * 1000))
        self._watch.timeout.connect(self._on_watch_timeout)

    # -- the Player's interface

    def open(self, tone_paths: dict[str, str]) -> None:
        """Start the child; it answers opened(has_output) once it has looked."""
        self._tone_paths = dict(tone_paths)
        self.is_open = True
        self._server = pulse_socket()
        if self._server is not None:
            self._watch.start()  # with no known socket there is nothing to watch
        if not self._spawn():
            self._gone()

    def close(self) -> None:
        """Stop the child (it ends when its stdin closes) and stop looking for a server."""
        self._closing = True
        self._watch.stop()
        self._stop_child(wait=1.0)

    def load(self, key: str, path: str) -> None:
        """Load a cue's WAV; loaded(key) says when it can play."""
        self._paths[key] = path
        self._paths.move_to_end(key)
        while len(self._paths) > MAX_PATHS:
            self._paths.popitem(last=False)
        if not self._send({"do": "load", "key": key, "path": path}):
            self.load_failed.emit(key, "no sound output")

    def play(self, key: str, volume: float, requested: float, limit: float) -> None:
        """Say a loaded cue now, cutting off the cue before it."""
        message = {"do": "play", "key": key, "volume": volume, "at": requested, "limit": limit}
        if not self._send(message):
            self.dropped.emit(key, "no sound output")

    def play_tone(self, kind: str, volume: float, requested: float) -> None:
        """Play a tone now, over speech if it plays."""
        if not self._send({"do": "tone", "kind": kind, "volume": volume, "at": requested}):
            self.dropped.emit(f"tone:{kind}", "no sound output")

    def cut(self) -> None:
        """Silence every cue and tone now."""
        self._send({"do": "cut"})

    # -- the child

    def _spawn(self) -> bool:
        try:
            child = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # QtMultimedia's chatter, and libpulse's last words
                close_fds=True,
            )
        except OSError:
            return False
        assert child.stdout is not None
        os.set_blocking(child.stdout.fileno(), False)
        self._child = child
        self._received = b""
        self._notifier = QSocketNotifier(child.stdout.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)
        self._send({"do": "open", "tones": self._tone_paths})
        for key, path in self._paths.items():
            self._send({"do": "load", "key": key, "path": path})
        return True

    def _send(self, message: dict[str, Any]) -> bool:
        child = self._child
        if child is None or child.stdin is None:
            return False
        try:
            # one unbuffered write: the cue reaches the child now, not at the next flush
            os.write(child.stdin.fileno(), (json.dumps(message) + "\n").encode())
        except OSError:  # the child died; its stdout's end says so and _gone() follows
            return False
        return True

    def _on_notifier_activated(self) -> None:
        child = self._child
        if child is None or child.stdout is None:
            return
        try:
            data = os.read(child.stdout.fileno(), 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._stop_child(wait=0.5)
            self._gone()
            return
        self._received += data
        *lines, self._received = self._received.split(b"\n")
        for line in lines:
            self._dispatch(line)

    def _dispatch(self, line: bytes) -> None:
        try:
            message = json.loads(line)
            name, args = message["signal"], message["args"]
        except (ValueError, KeyError, TypeError):
            return
        if name == "opened":
            has_output = bool(args[0])
            again = self._has_output is not None
            self._has_output = has_output
            if not has_output:
                # no output in this child: Qt never looks again, so a later one must; a
                # server without outputs is asked again only now and then
                self._stop_child(wait=0.5)
                self._quiet_ticks = QUIET_TICKS
            (self.outputs_changed if again else self.opened).emit(has_output)
        elif name in SIGNALS or name == "dropped":
            getattr(self, name).emit(*args)

    def _gone(self) -> None:
        """The child died or could not start: no sound until a server answers again."""
        if self._closing:
            return
        if self._has_output is not False:
            again = self._has_output is not None
            self._has_output = False
            (self.outputs_changed if again else self.opened).emit(False)

    def _on_watch_timeout(self) -> None:
        if self._closing:
            return
        answers = server_answers(self._server)
        if self._child is not None and not answers:
            self._stop_child(wait=0.5)  # its next cue would kill it: end it now
            self._gone()
        elif self._quiet_ticks > 0:
            self._quiet_ticks -= 1
        elif self._child is None and answers and self._spawn():
            self.restarts += 1
            self.restarted.emit()

    def _stop_child(self, wait: float) -> None:
        child, self._child = self._child, None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if child is None:
            return
        with contextlib.suppress(OSError):
            if child.stdin is not None:
                child.stdin.close()
        try:
            child.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()


def main() -> int:
    """Entry point of ``python -m stretchapp.speech.remote``: the playback child."""
    from stretchapp.speech.child import run_child  # noqa: PLC0415 (the child's own imports)

    return run_child()


if __name__ == "__main__":
    sys.exit(main())
