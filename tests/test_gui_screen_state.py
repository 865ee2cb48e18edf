"""The screen lock over a real session bus: a fake screen saver served with jeepney."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator

import pytest
from jeepney import DBusAddress, MessageType, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from notify_fixtures import Dunst
from pytestqt.qtbot import QtBot

from stretchapp.gui.screen_state import (
    ScreenLockWatcher,
    X11FullScreen,
    active_window,
    cannot_tell_full_screen,
)

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


@pytest.mark.parametrize(
    ("answer", "window"),
    [
        ("_NET_ACTIVE_WINDOW(WINDOW): window id # 0x1a00003\n", "0x1a00003"),
        ("_NET_ACTIVE_WINDOW(WINDOW): window id # 0x0\n", None),
        ("_NET_ACTIVE_WINDOW(INTEGER) = 471\n", "471"),
        ("_NET_ACTIVE_WINDOW:  not found.\n", None),
        ("", None),
    ],
)
def test_the_active_window_in_xprops_answer(answer: str, window: str | None) -> None:
    assert active_window(answer) == window


def test_full_screen_is_told_on_x11_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    assert X11FullScreen.for_platform("wayland") is cannot_tell_full_screen
    assert X11FullScreen.for_platform("offscreen") is cannot_tell_full_screen
    monkeypatch.setenv("PATH", "")  # no xprop
    assert X11FullScreen.for_platform("xcb") is cannot_tell_full_screen


def xprop(display: str, *args: str) -> str:
    tool = shutil.which("xprop")
    assert tool is not None
    done = subprocess.run(
        [tool, "-display", display, *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def set_state(display: str, state: str) -> None:
    """The root's _NET_WM_STATE, as a window manager sets a window's."""
    xprop(display, "-root", "-f", "_NET_WM_STATE", "32a", "-set", "_NET_WM_STATE", state)


def test_full_screen_on_a_real_x_server(dunst: Dunst, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("xprop") is None or shutil.which("xwininfo") is None:
        pytest.skip("no xprop or xwininfo (x11-utils)")
    monkeypatch.setenv("DISPLAY", dunst.display)
    probe = X11FullScreen.for_platform("xcb")
    assert isinstance(probe, X11FullScreen)
    assert probe() is False  # no window manager: nothing active
    # The server forgets every property when its last client leaves: one stays connected.
    holder = subprocess.Popen(
        ["xprop", "-display", dunst.display, "-root", "-spy", "_NET_ACTIVE_WINDOW"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline()  # it says the property once it is connected
        _set_full_screen_root(dunst.display, probe)
    finally:
        holder.terminate()
        holder.wait(10)
        if holder.stdout is not None:
            holder.stdout.close()


def _set_full_screen_root(display: str, probe: X11FullScreen) -> None:
    info = subprocess.run(
        ["xwininfo", "-root", "-display", display], capture_output=True, text=True, check=True
    ).stdout
    root = info.split("Window id: ")[1].split()[0]
    # the root stands in for a window manager's active window
    xprop(
        display,
        "-root",
        "-f",
        "_NET_ACTIVE_WINDOW",
        "32i",
        "-set",
        "_NET_ACTIVE_WINDOW",
        str(int(root, 0)),
    )
    set_state(display, "_NET_WM_STATE_ABOVE")
    assert probe() is False
    set_state(display, "_NET_WM_STATE_FULLSCREEN")
    assert probe() is True
