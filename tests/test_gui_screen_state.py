"""The screen lock over a real session bus: a fake screen saver served with jeepney."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from jeepney import DBusAddress, MessageType, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from notify_fixtures import Dunst
from pytestqt.qtbot import QtBot

from stretchapp.gui.screen_state import ScreenLockWatcher, cannot_tell_full_screen

WAIT_MS = 5000
SERVICE, PATH = "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"


class FakeScreenSaver:
    """Owns org.freedesktop.ScreenSaver on the bus and answers GetActive from a thread."""

    def __init__(self, address: str) -> None:
        self.active = False
        self.conn: DBusConnection = open_dbus_connection(bus=address)
        self.conn.send_and_get_reply(message_bus.RequestName(SERVICE), timeout=5)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                message = self.conn.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return
            if message.header.message_type is MessageType.method_call:
                self.conn.send(new_method_return(message, "b", (self.active,)))

    def lock(self, active: bool) -> None:
        """The screen locks (or unlocks): the signal every watcher hears."""
        self.active = active
        address = DBusAddress(PATH, interface=SERVICE)
        self.conn.send(new_signal(address, "ActiveChanged", "b", (active,)))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.conn.close()


@pytest.fixture
def screensaver(dunst: Dunst) -> Iterator[FakeScreenSaver]:
    saver = FakeScreenSaver(dunst.address)
    yield saver
    saver.close()


def test_the_lock_is_read_then_followed(qtbot: QtBot, screensaver: FakeScreenSaver) -> None:
    screensaver.active = True
    watcher = ScreenLockWatcher.on_bus()
    assert watcher is not None
    assert watcher.service == SERVICE
    assert watcher.locked()
    with qtbot.waitSignal(watcher.changed, timeout=WAIT_MS) as changed:
        screensaver.lock(False)
    assert changed.args == [False]
    assert not watcher.locked()
    watcher.close()


def test_no_screen_saver_on_the_bus_cannot_tell(dunst: Dunst) -> None:
    del dunst  # a bus with no screen saver on it
    assert ScreenLockWatcher.on_bus() is None


def test_no_bus_cannot_tell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert ScreenLockWatcher.on_bus() is None
    assert cannot_tell_full_screen() is None
