"""The library window loads only what the library needs: the rest waits for its first use.

Each check runs in a fresh interpreter, as `stretchapp` starts: modules the test suite
already imported would hide what the window itself imports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Builds the window as `stretchapp` does (frame first, the rest after its first paint),
# optionally opens one page, and prints the modules then loaded.
PROBE = r"""
import argparse, json, sys
from PySide6.QtWidgets import QApplication

qapp = QApplication(sys.argv[:1])
from stretchapp.gui.app import launch


def built(app):
    if sys.argv[1] == "history":
        app.history.show_history()
    print(json.dumps(sorted(sys.modules)))
    app.quit()
    qapp.quit()


holder = launch(argparse.Namespace(), on_built=built)
qapp.exec()
"""

# What the library page has no use for, each with the first thing that needs it
DEFERRED = {
    "stretchapp.speech": "a session's first words",
    "stretchapp.speech.service": "a session's first words",
    "PySide6.QtMultimedia": "a session's first tone",
    "stretchapp.history": "the first session or the history page",
    "stretchapp.history.store": "the first session or the history page",
    "sqlite3": "the first session or the history page",
    "csv": "a CSV export or import",
    "stretchapp.gui.settings_dialog": "the settings dialog",
}


def _loaded(home: Path, page: str = "library") -> set[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STRETCHAPP_HOME=str(home))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, page],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_library_window_defers_speech_history_and_the_dialog(stretchapp_home: Path) -> None:
    loaded = _loaded(stretchapp_home)
    assert "stretchapp.gui.root" in loaded  # the window was built, not only its frame
    assert "stretchapp.gui.library_view" in loaded
    early = {name: why for name, why in DEFERRED.items() if name in loaded}
    assert early == {}


def test_the_history_page_still_loads_the_history(stretchapp_home: Path) -> None:
    loaded = _loaded(stretchapp_home, "history")
    assert {"stretchapp.history", "sqlite3"} <= loaded
    assert "stretchapp.speech" not in loaded
