"""The session bus with jeepney, for the notifications and the screen saver's lock.

jeepney's blocking connection is read only when its socket has something (a
QSocketNotifier watches it), so the Qt event loop stays the only loop.
"""

from __future__ import annotations

import os
from typing import Any


def open_session_bus(address: str | None = None) -> Any | None:
    """A jeepney blocking DBusConnection to the session bus (or ``address``); None when
    jeepney is missing or there is no bus to reach."""
    bus = address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not bus:
        return None  # before the import: jeepney costs about 1 MB, for nothing without a bus
    try:
        from jeepney.io.blocking import open_dbus_connection  # noqa: PLC0415
    except ImportError:
        return None
    try:
        return open_dbus_connection(bus=bus)
    except (OSError, ValueError, KeyError, RuntimeError):
        return None


def read_waiting(connection: Any) -> bool:
    """Read every message waiting on the socket into the connection's filters; False when
    the bus has gone (nothing more will come)."""
    while True:
        try:
            connection.recv_messages(timeout=0)
        except TimeoutError:
            return True
        except OSError:
            return False
