"""Whether the user can be reminded now: the screen locked, or a window full screen.

Where each desktop can tell:

- **Screen locked**: over the session bus (jeepney, as gui/notifications.py), with
  ``GetActive`` and the ``ActiveChanged`` signal of ``org.gnome.ScreenSaver`` (GNOME Shell,
  Cinnamon, Budgie) or ``org.freedesktop.ScreenSaver`` (KDE Plasma, Xfce with
  xfce4-screensaver, LXQt, light-locker). It cannot be told with no session bus, with a
  locker that owns neither name (a bare i3/sway with swaylock or i3lock, for one), or on
  Windows and macOS: there reminders are never held back for a locked screen.
- **A window full screen**: on X11 only (an X session, or XWayland windows seen from a
  program on XWayland, not native Wayland ones), from the root's ``_NET_ACTIVE_WINDOW``
  and that window's ``_NET_WM_STATE`` holding ``_NET_WM_STATE_FULLSCREEN``, read with
  the ``xprop`` tool (x11-utils; Xlib is no dependency). Without xprop, or with a window
  manager that does not keep ``_NET_ACTIVE_WINDOW`` (EWMH), it cannot be told. On
  Wayland no protocol lets one program see another's windows, and Windows and macOS
  are not asked: there a full-screen window never holds a reminder back.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections import deque
from typing import Any, Protocol

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from stretchapp.gui.session_bus import open_session_bus, read_waiting

# (bus name, object path): GNOME's first, as GNOME Shell's org.freedesktop.ScreenSaver
# only inhibits and never answers GetActive
LOCK_SERVICES = (
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver"),  # older KDE and Xfce
)
CALL_TIMEOUT = 2.0  # seconds, as for the notifications: a hung bus must not hang us


class ScreenLock(Protocol):
    """What the reminders ask of a lock watcher (tests give a fake)."""

    def locked(self) -> bool:
        """Whether the screen is locked now (False when it cannot be told)."""
        ...


class FullScreenProbe(Protocol):
    """Whether another program's window is full screen now."""

    def __call__(self) -> bool | None:
        """True or False, or None where the desktop cannot tell."""
        ...


def cannot_tell_full_screen() -> bool | None:
    """The full-screen probe where the desktop cannot tell: see the module's docstring."""
    return None


XPROP_TIMEOUT = 1.0  # seconds: a local X server answers at once; a hung one must not hang us
_WINDOW_ID = re.compile(r"(0x[0-9a-fA-F]+|\b\d+\b)\s*$")


def active_window(xprop_root: str) -> str | None:
    """The window id in ``xprop -root _NET_ACTIVE_WINDOW``'s answer; None for none (0)."""
    found = _WINDOW_ID.search(xprop_root.strip()) if "_NET_ACTIVE_WINDOW" in xprop_root else None
    if found is None or int(found[1], 0) == 0:
        return None
    return found[1]


class X11FullScreen:
    """Whether the active X11 window is full screen, asked of xprop (see the docstring)."""

    def __init__(self, xprop: str) -> None:
        self.xprop = xprop

    @classmethod
    def for_platform(cls, platform: str) -> FullScreenProbe:
        """The probe for Qt's platform ("xcb": X11): xprop's, else cannot_tell_full_screen."""
        xprop = shutil.which("xprop")
        if platform != "xcb" or xprop is None or not os.environ.get("DISPLAY"):
            return cannot_tell_full_screen
        return cls(xprop)

    def _ask(self, *args: str) -> str | None:
        import subprocess  # noqa: PLC0415  (when a reminder is due: not at start-up)

        try:
            done = subprocess.run(
                [self.xprop, *args],
                capture_output=True,
                text=True,
                timeout=XPROP_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    def __call__(self) -> bool | None:
        """True when the active window is full screen; None when it cannot be told."""
        root = self._ask("-root", "_NET_ACTIVE_WINDOW")
        if root is None:
            return None
        window = active_window(root)
        if window is None:
            return False  # no window is active: none is full screen
        state = self._ask("-id", window, "_NET_WM_STATE")
        return None if state is None else "_NET_WM_STATE_FULLSCREEN" in state


class ScreenLockWatcher(QObject):
    """The screen saver's lock state on the session bus; ``changed`` when it changes."""

    changed = Signal(bool)  # locked

    def __init__(self, connection: Any, service: str, path: str) -> None:
        """connection: an open jeepney blocking DBusConnection (see on_bus())."""
        super().__init__()
        from jeepney import DBusAddress, MatchRule, message_bus  # noqa: PLC0415

        self._conn = connection
        self.service = service
        self._address = DBusAddress(path, bus_name=service, interface=service)
        self._queue: deque[Any] = deque()
        self._locked = self._get_active()  # first: a service that is not there raises here
        rule = MatchRule(type="signal", interface=service, member="ActiveChanged", path=path)
        self._filter = connection.filter(rule, queue=self._queue, bufsize=16)
        connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT)
        self._reader = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._reader.activated.connect(self._on_reader_activated)

    @classmethod
    def on_bus(cls, address: str | None = None) -> ScreenLockWatcher | None:
        """A watcher on the session bus (or ``address``); None when no screen saver there
        answers GetActive (the lock cannot be told)."""
        conn = open_session_bus(address)
        if conn is None:
            return None
        for service, path in LOCK_SERVICES:
            try:
                return cls(conn, service, path)
            except (OSError, TimeoutError, ValueError, RuntimeError):
                continue
        conn.close()
        return None

    def locked(self) -> bool:
        """Whether the screen is locked (as last heard)."""
        self._on_reader_activated()  # an ActiveChanged already on the socket counts
        return self._locked

    def close(self) -> None:
        """Stop listening."""
        self._reader.setEnabled(False)
        with contextlib.suppress(OSError):
            self._filter.close()
            self._conn.close()

    def _get_active(self) -> bool:
        from jeepney import MessageType, new_method_call  # noqa: PLC0415

        reply = self._conn.send_and_get_reply(
            new_method_call(self._address, "GetActive"), timeout=CALL_TIMEOUT
        )
        if reply.header.message_type is MessageType.error:
            raise RuntimeError(f"{self.service} refused GetActive: {reply.body}")
        return bool(reply.body[0])

    @Slot()
    def _on_reader_activated(self) -> None:
        if not read_waiting(self._conn):
            self._reader.setEnabled(False)  # the bus has gone: the last state stays
        while self._queue:
            locked = bool(self._queue.popleft().body[0])
            if locked != self._locked:
                self._locked = locked
                self.changed.emit(locked)
