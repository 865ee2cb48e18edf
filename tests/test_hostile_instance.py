"""Issue 15, section 8: one instance, one user. Each test failed before the fix."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from stretchapp.gui import single_instance
from stretchapp.gui.single_instance import InstanceServer, send, server_name

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="Unix sockets")


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


@pytest.fixture
def server(qtbot: QtBot, runtime: Path) -> Iterator[InstanceServer]:
    del qtbot  # a QApplication
    listening = InstanceServer(server_name())
    assert listening.listen()
    yield listening
    listening.close()


def test_the_socket_lives_in_the_private_runtime_folder(runtime: Path) -> None:
    assert Path(server_name()).parent == runtime


def test_a_runtime_folder_others_can_enter_is_not_used(runtime: Path) -> None:
    runtime.chmod(0o755)
    folder = Path(server_name()).parent
    assert folder != runtime
    assert folder.stat().st_mode & 0o077 == 0
    assert folder.stat().st_uid == os.getuid()


def test_another_user_gets_no_hearing(
    qtbot: QtBot, server: InstanceServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    received: list[dict[str, object]] = []
    server.command_received.connect(received.append)
    # the peer's uid, as SO_PEERCRED reports it, is now not "ours"
    stranger = os.getuid() + 1
    monkeypatch.setattr(os, "getuid", lambda: stranger)
    client = QLocalSocket()
    client.connectToServer(server.name)
    assert client.waitForConnected(500)
    client.write(b'{"cramp": "calf"}\n')
    client.flush()
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState)
    assert received == []


def test_a_second_server_never_removes_a_live_socket(qtbot: QtBot, server: InstanceServer) -> None:
    late = InstanceServer(server.name)
    try:
        assert not late.listen()
        assert late.taken
        with qtbot.waitSignal(server.command_received) as got:
            assert send(server.name, {"cramp": "foot"})
        assert got.args == [{"cramp": "foot"}]
    finally:
        late.close()


def test_the_name_is_free_again_once_the_server_closes(qtbot: QtBot, runtime: Path) -> None:
    del qtbot, runtime
    first = InstanceServer(server_name())
    assert first.listen()
    first.close()
    second = InstanceServer(server_name())
    try:
        assert second.listen()
    finally:
        second.close()


@pytest.mark.parametrize(
    "hostile",
    [
        b"[" * 2000 + b"]" * 2000 + b"\n",  # deep, and short enough to be read
        b'{"a":' * 800 + b"1" + b"}" * 800 + b"\n",
        b"[" * 200_000 + b"\n",  # longer than any command
        b" " * 100_000,  # no end at all
    ],
)
def test_hostile_messages_are_dropped_and_the_server_goes_on(
    qtbot: QtBot, server: InstanceServer, hostile: bytes
) -> None:
    received: list[dict[str, object]] = []
    server.command_received.connect(received.append)
    client = QLocalSocket()
    client.connectToServer(server.name)
    assert client.waitForConnected(500)
    client.write(hostile)
    client.flush()
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState)
    assert received == []
    with qtbot.waitSignal(server.command_received) as got:
        assert send(server.name, {"routine": "bedtime"})
    assert got.args == [{"routine": "bedtime"}]


def test_a_bracket_inside_a_string_is_not_depth() -> None:
    assert single_instance._depth(b'{"note": "[[[[[[[[[["}') == 1
    assert single_instance._depth(b'{"a": [{"b": "\\"]"}]}') == 3
