"""SIGTERM ends the window's process at once, but only after everything is closed and saved."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from stubs import FakeClock, FakeSpeech

from stretchapp.gui import app as gui_app
from stretchapp.gui.root import AppRoot
from stretchapp.settings import settings_path


def _once_built(timer: QTimer, then: Callable[[], object]) -> None:
    # the handler is installed once the window is built (after its first paint)
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        timer.stop()
        then()


def _main(qapp: QApplication) -> int:
    code = gui_app.main(argparse.Namespace(events=None))
    # the last window's close posted a Quit of its own; left queued, it would end every
    # later test's event loop at once
    QApplication.removePostedEvents(qapp, QEvent.Type.Quit)
    return code


def _poll(then: Callable[[], object]) -> QTimer:
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: _once_built(timer, then))
    timer.start()
    return timer


def test_sigterm_saves_then_ends_without_the_teardown(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    ended: list[int] = []
    saved_when_ended: list[bool] = []

    def exit_now(code: int) -> None:
        ended.append(code)
        saved_when_ended.append(settings_path().is_file())

    monkeypatch.setattr(gui_app, "exit_now", exit_now)
    timer = _poll(lambda: signal.raise_signal(signal.SIGTERM))
    assert _main(qapp) == 0
    assert not timer.isActive()
    assert ended == [0]
    # the window closed the way its close button does: its place is saved first
    assert saved_when_ended == [True]
    saved = json.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["geometry"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_normal_end_runs_the_whole_teardown(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    ended: list[int] = []
    monkeypatch.setattr(gui_app, "exit_now", ended.append)
    # the window's own end: no signal, so main returns to the command line as before
    timer = _poll(QApplication.quit)
    assert _main(qapp) == 0
    assert not timer.isActive()
    assert ended == []


def test_closing_again_unchanged_does_not_write_the_settings(
    qtbot: QtBot, stretchapp_home: Path
) -> None:
    path = stretchapp_home / "settings.json"
    root = AppRoot(
        clock=FakeClock(),
        settings_file=path,
        user=stretchapp_home / "routines",
        speech_factory=FakeSpeech,
        voices=lambda: [],
        wall=lambda: dt.datetime(2026, 3, 2, 8, 0),
        tray_available=False,
    )
    qtbot.addWidget(root.window)
    root.show()
    root.window.close()
    first = path.stat().st_ino  # an atomic write renames a new file over the old one
    assert json.loads(path.read_text(encoding="utf-8"))["geometry"]
    root.show()
    root.window.close()
    assert path.stat().st_ino == first
    root.show()
    root.window.move(root.window.x() + 40, root.window.y() + 30)
    root.window.close()
    assert path.stat().st_ino != first  # moved: the new place is saved
