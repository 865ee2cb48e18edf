"""Desktop notifications through the freedesktop notification service, with actions.

Talks to ``org.freedesktop.Notifications`` on the session bus with jeepney, not QtDBus:
PySide6 turns every Python int into a D-Bus int32, and the spec's ``replaces_id`` is a
uint32, so GDBus-based servers (GNOME Shell, dunst) refuse every Notify that QtDBus
sends from Python ("(sisssasa{sv}i) does not match (susssasa{sv}i)"). jeepney writes
the exact signature, is pure Python without dependencies, and its socket is watched
here by a QSocketNotifier, so the Qt event loop stays the only loop.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from stretchapp.gui.session_bus import open_session_bus, read_waiting

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
DEFAULT_ACTION = "default"  # the spec's key for a click on the notification's body
CALL_TIMEOUT = 2.0  # seconds: a local bus answers in milliseconds; a hung one must not hang us


class NotificationError(Exception):
    """The notification service could not be reached or refused a call."""


class DesktopNotifier(QObject):
    """One notification at a time (a new one replaces the last) and the actions taken on it."""

    action_invoked = Signal(str)  # the key of an action on our notification ("default": body)
    closed = Signal()  # our notification went away (dismissed, expired or replaced by none)

    def __init__(
        self, connection: Any, *, app_icon: str, desktop_entry: str, parent: QObject | None = None
    ) -> None:
        """connection: an open jeepney blocking DBusConnection (see on_bus())."""
        super().__init__(parent)
        from jeepney import DBusAddress, MatchRule, message_bus  # noqa: PLC0415

        self._conn = connection
        self._address = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
        self.app_icon = app_icon
        self.desktop_entry = desktop_entry
        self.current: int = 0  # the id of our notification on screen; 0: none
        self.sent = 0
        self._queue: deque[Any] = deque()
        rule = MatchRule(type="signal", interface=SERVICE, path=PATH)
        self._filter = connection.filter(rule, queue=self._queue, bufsize=64)
        self._call(message_bus.AddMatch(rule))
        self._reader = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._reader.activated.connect(self._on_reader_activated)

    @classmethod
    def on_bus(
        cls, address: str | None = None, *, app_icon: str = "", desktop_entry: str = ""
    ) -> DesktopNotifier | None:
        """A notifier on the session bus (or ``address``); None when there is no bus or no
        notification service on it."""
        conn = open_session_bus(address)
        if conn is None:
            return None
        from jeepney import message_bus  # noqa: PLC0415 (jeepney is there: the bus opened)

        try:
            reply = conn.send_and_get_reply(message_bus.NameHasOwner(SERVICE), timeout=CALL_TIMEOUT)
            owned = bool(reply.body[0])
            if not owned:
                reply = conn.send_and_get_reply(
                    message_bus.ListActivatableNames(), timeout=CALL_TIMEOUT
                )
                owned = SERVICE in reply.body[0]
            if not owned:
                conn.close()
                return None
            return cls(conn, app_icon=app_icon, desktop_entry=desktop_entry)
        except (OSError, TimeoutError, ValueError, RuntimeError):
            conn.close()
            return None

    def server(self) -> str:
        """The server's name and version ("dunst 1.9.0"); "unknown" when it does not say."""
        try:
            body = self._call(self._method("GetServerInformation"))
        except NotificationError:
            return "unknown"
        return f"{body[0]} {body[2]}".strip()

    def capabilities(self) -> tuple[str, ...]:
        """What the server says it can do ("actions", "body", ...)."""
        try:
            return tuple(self._call(self._method("GetCapabilities"))[0])
        except NotificationError:
            return ()

    def notify(
        self, title: str, body: str, actions: Sequence[tuple[str, str]], *, timeout_ms: int = -1
    ) -> int:
        """Show a notification in place of our last one; the id the server gave it.

        actions: (key, label) pairs; DEFAULT_ACTION is the click on the body.
        """
        flat = [part for pair in actions for part in pair]
        hints = {"desktop-entry": ("s", self.desktop_entry), "urgency": ("y", 1)}
        if not self.desktop_entry:
            del hints["desktop-entry"]
        message = self._method(
            "Notify",
            "susssasa{sv}i",
            ("stretchapp", self.current, self.app_icon, title, body, flat, hints, timeout_ms),
        )
        self.current = int(self._call(message)[0])
        self.sent += 1
        return self.current

    def close_current(self) -> None:
        """Take our notification off the screen, if it is there."""
        if self.current:
            with contextlib.suppress(NotificationError):
                self._call(self._method("CloseNotification", "u", (self.current,)))
            self.current = 0

    def close(self) -> None:
        """Close the connection (our notification stays: the server owns it)."""
        self._reader.setEnabled(False)
        with contextlib.suppress(OSError):
            self._filter.close()
            self._conn.close()

    def _method(self, name: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
        from jeepney import new_method_call  # noqa: PLC0415

        return new_method_call(self._address, name, signature, body)

    def _call(self, message: Any) -> Any:
        from jeepney import MessageType  # noqa: PLC0415

        try:
            reply = self._conn.send_and_get_reply(message, timeout=CALL_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            raise NotificationError(f"the notification service did not answer: {error}") from None
        finally:
            self._dispatch()  # signals that came in before the reply
        if reply.header.message_type is MessageType.error:
            raise NotificationError(f"the notification service refused: {reply.body}")
        return reply.body

    @Slot()
    def _on_reader_activated(self) -> None:
        if not read_waiting(self._conn):
            self._reader.setEnabled(False)  # the bus has gone: nothing more will come
        self._dispatch()

    def _dispatch(self) -> None:
        from jeepney.low_level import HeaderFields  # noqa: PLC0415

        while self._queue:
            message = self._queue.popleft()
            member = message.header.fields.get(HeaderFields.member)
            if not self.current or message.body[0] != self.current:
                continue  # another program's notification, or one we replaced
            if member == "ActionInvoked":
                self.action_invoked.emit(str(message.body[1]))
            elif member == "NotificationClosed":
                self.current = 0
                self.closed.emit()
