"""`stretchapp --background` (start on login: no window, reminders armed) and `--quit`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot
from stubs import FakeSpeech

from stretchapp.cli import EXIT_USAGE, main
from stretchapp.core.reminders import ReminderSettings
from stretchapp.gui.app import forward, launch_hidden
from stretchapp.gui.single_instance import server_name, socket_path
from stretchapp.settings import Settings, save_settings

LIMIT = 60  # seconds: a start that hangs fails its test instead of hanging the suite


def test_launch_hidden_builds_everything_arms_reminders_and_shows_no_window(
    qtbot: QtBot, stretchapp_home: Path
) -> None:
    settings = stretchapp_home / "settings.json"
    save_settings(Settings(reminders=ReminderSettings(enabled=True).to_json()), settings)
    built: list[object] = []
    launched = launch_hidden(
        None,
        built.append,
        settings_file=settings,
        speech_factory=FakeSpeech,
        voices=lambda: [],
        tray_available=False,
        notifications=False,
    )
    app = launched.app
    assert app is not None
    qtbot.addWidget(app.window)
    assert built == [app]
    assert not app.window.isVisible()
    assert app.reminders.checker.timer.isActive()
    forward(app, {"background": True})  # start on login again: still nothing shown
    assert not app.window.isVisible()
    forward(app, {})  # `stretchapp` again brings the window up
    assert app.window.isVisible()
    quitting: list[bool] = []
    app.quitting.connect(lambda: quitting.append(True))
    forward(app, {"quit": True})
    assert quitting == [True]
    assert not app.window.isVisible()
    assert not app.reminders.checker.timer.isActive()


def test_background_and_quit_take_no_command() -> None:
    assert main(["--quit", "list"]) == EXIT_USAGE
    assert main(["--background", "history"]) == EXIT_USAGE


def _stretchapp(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "stretchapp", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=LIMIT,
        check=False,
    )


def test_quit_stops_a_background_instance(qtbot: QtBot, stretchapp_home: Path) -> None:
    assert "not running" in _stretchapp("--quit").stderr
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    running = subprocess.Popen(
        [sys.executable, "-m", "stretchapp", "--background"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # the instance's socket file: there once it listens (a connection to find out
        # would be taken for a second start and bring the window up)
        socket = socket_path(server_name())
        qtbot.waitUntil(socket.exists, timeout=LIMIT * 1000)
        again = _stretchapp("--background")
        assert again.returncode == 0
        assert again.stderr == ""  # start on login twice: quiet
        asked = _stretchapp("--quit")
        assert asked.returncode == 0
        assert "asked to quit" in asked.stderr
        assert running.wait(LIMIT) == 0
    finally:
        if running.poll() is None:
            running.kill()
            running.wait()
        if running.stderr is not None:
            running.stderr.close()
    assert not socket.exists()
