"""One instance: a second start hands its command to the running one; stale sockets go."""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from pytestqt.qtbot import QtBot
from stubs import FakeSpeech

from stretchapp.gui import app as gui_app
from stretchapp.gui.root import AppRoot
from stretchapp.gui.single_instance import InstanceServer, send, server_name


def test_the_name_follows_the_config_folder(
    stretchapp_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = server_name()
    assert first == server_name()
    # a path in a folder only this user can enter, not a guessable name in /tmp (issue 15)
    folder = Path(first).parent.stat()
    assert folder.st_uid == os.getuid()
    assert folder.st_mode & 0o077 == 0
    monkeypatch.setenv("STRETCHAPP_HOME", str(tmp_path / "other"))
    assert server_name() != first


def test_nobody_listening_means_start(stretchapp_home: Path) -> None:
    del stretchapp_home
    assert not send(server_name(), {"cramp": None}, timeout_ms=100)


def test_a_message_reaches_the_server(qtbot: QtBot, stretchapp_home: Path) -> None:
    del stretchapp_home
    server = InstanceServer(server_name())
    assert server.listen()
    try:
        with qtbot.waitSignal(server.command_received) as got:
            assert send(server.name, {"routine": "bedtime", "start": True, "cramp": None})
        assert got.args == [{"routine": "bedtime", "start": True, "cramp": None}]
    finally:
        server.close()


def test_a_stale_socket_file_is_replaced(qtbot: QtBot, stretchapp_home: Path) -> None:
    del stretchapp_home
    name = server_name()
    path = Path(QDir.tempPath()) / name
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()  # the file stays, as after a crash
    assert path.exists()
    assert not send(name, {}, timeout_ms=100)
    server = InstanceServer(name)
    try:
        assert server.listen()
        with qtbot.waitSignal(server.command_received):
            assert send(name, {"cramp": "foot"})
    finally:
        server.close()
    assert not path.exists()


def test_a_second_start_brings_the_running_window_forward(
    qtbot: QtBot, stretchapp_home: Path
) -> None:
    running = AppRoot(
        settings_file=stretchapp_home / "settings.json",
        user=stretchapp_home / "routines",
        speech_factory=FakeSpeech,
        voices=lambda: [],
        tray_available=False,
    )
    qtbot.addWidget(running.window)
    running.show()
    running.window.hide()
    server = InstanceServer(server_name())
    assert server.listen()
    running.instance = server
    server.command_received.connect(lambda message: gui_app.forward(running, message))
    # the second `stretchapp gui --cramp calf`: it hands the command over and ends
    second = argparse.Namespace(cramp="calf", routine=None, start=False, events=None)
    assert gui_app.main(second) == 0
    qtbot.waitUntil(running.driver.running)
    assert running.window.isVisible()
    session = running.driver.session
    assert session is not None
    assert session.timeline.routine.id == "relief-calf"
    # a bare second start only brings the window forward: the relief goes on
    running.window.hide()
    assert gui_app.main(argparse.Namespace(events=None)) == 0
    qtbot.waitUntil(running.window.isVisible)
    assert running.driver.session is session
    running.window.close()
    assert not Path(QDir.tempPath(), server.name).exists()


def test_two_starts_at_once_make_one_window(stretchapp_home: Path) -> None:
    # Real processes: the lock is taken before the first paint and the socket bound after
    # it, so a start that comes between waits for the socket instead of opening a window.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "stretchapp"]

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    starts = [start(), start()]
    try:
        socket_file = Path(server_name())
        # the one that hands over ends; the other keeps its window (waiting on the processes)
        deadline = time.monotonic() + 60
        ended: list[subprocess.Popen[str]] = []
        while not ended and time.monotonic() < deadline:
            for p in starts:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    p.wait(timeout=0.1)
            ended = [p for p in starts if p.poll() is not None]
        assert len(ended) == 1, "both started a window, or neither handed over"
        assert socket_file.exists()
        _, err = ended[0].communicate()
        assert ended[0].returncode == 0, err
        assert "already running" in err
        running = next(p for p in starts if p is not ended[0])
        assert running.poll() is None
        # a third start, now that the first listens: handed over at once
        third = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert third.returncode == 0
        assert "already running" in third.stderr
        assert running.poll() is None
        quit_ = subprocess.run(
            [*command, "--quit"], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert quit_.returncode == 0, quit_.stderr
        assert running.wait(timeout=30) == 0
    finally:
        for p in starts:
            if p.poll() is None:
                p.kill()
            p.communicate()  # closes the pipes
    assert not socket_file.exists()
