"""The playback child's loop: JSON commands on stdin drive the Player, its signals go to stdout.

remote.py says why sound plays in a child process. This process may die at any moment
(libpulse aborts it when the sound server goes away); the parent then carries on.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QLoggingCategory, QSocketNotifier

from stretchapp.speech.player import LATE_LIMIT, Player, first_look

_SIGNALS = (
    "opened",
    "outputs_changed",
    "loaded",
    "load_failed",
    "started",
    "tones_loaded",
    "dropped",
)


class _Child:
    """Reads commands, plays them, and writes back what the Player says."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.player = Player()
        for name in _SIGNALS:
            getattr(self.player, name).connect(lambda *args, n=name: self._tell(n, args))
        self._received = b""
        os.set_blocking(0, False)
        self.notifier = QSocketNotifier(0, QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self._on_stdin)

    def _tell(self, name: str, args: tuple[Any, ...]) -> None:
        try:
            os.write(1, (json.dumps({"signal": name, "args": list(args)}) + "\n").encode())
        except OSError:  # the parent has gone: so do we
            self.app.quit()

    def _on_stdin(self) -> None:
        try:
            data = os.read(0, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the parent closed our stdin: it is done with us, or gone
            self.notifier.setEnabled(False)
            self.player.close()
            self.app.quit()
            return
        self._received += data
        *lines, self._received = self._received.split(b"\n")
        for line in lines:
            try:
                self._do(json.loads(line))
            except (ValueError, KeyError, TypeError):
                continue  # not a command: the parent is ours, so this does not happen

    def _do(self, command: dict[str, Any]) -> None:
        what = command["do"]
        if what == "open":
            from PySide6 import QtMultimedia  # noqa: PLC0415 (only ever in this process)

            first_look(QtMultimedia)
            self.player.open({str(k): str(v) for k, v in command["tones"].items()})
        elif what == "load":
            self.player.load(str(command["key"]), str(command["path"]))
        elif what == "play":
            limit = float(command.get("limit", LATE_LIMIT))
            self.player.play(
                str(command["key"]), float(command["volume"]), float(command["at"]), limit
            )
        elif what == "tone":
            self.player.play_tone(
                str(command["kind"]), float(command["volume"]), float(command["at"])
            )
        elif what == "cut":
            self.player.cut()


def run_child() -> int:
    """Play sound for the parent until it closes our stdin."""
    os.environ.setdefault("QT_MEDIA_BACKEND", "none")  # QSoundEffect needs no media backend
    QLoggingCategory.setFilterRules("qt.multimedia.*=false")
    app = QCoreApplication(sys.argv[:1])
    child = _Child(app)
    code = app.exec()
    del child
    return code
