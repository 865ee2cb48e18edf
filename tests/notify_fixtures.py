"""A real notification server for tests: Xvfb, a private session bus, and dunst on it.

The bus starts dunst itself (D-Bus activation) at the first call to the notification
service, so nothing waits on a guess of how long a start takes. dunst runs a script on
every notification that writes what it got (DUNST_SUMMARY, DUNST_BODY, ...), and its
context menu runs a "dmenu" that writes the menu it was offered (the actions) and picks
the line the test asked for: both are files in the test's folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

NEEDED = ("Xvfb", "dbus-daemon", "dunst", "dunstctl", "dbus-send")

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmp}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

SERVICE = """[D-BUS Service]
Name=org.freedesktop.Notifications
Exec={dunst} -config {config}
"""

DUNSTRC = """[global]
    dmenu = /bin/sh {pick}
    show_indicators = no
[seen]
    summary = "*"
    script = {seen}
"""

SEEN = """#!/bin/sh
{{ env | grep '^DUNST_'; echo ---; }} >> {out}
"""

PICK = """cat > {menu}
grep -i -- "$(cat {want})" {menu} | head -n 1
"""


class Dunst:
    """The running server: its bus address, what it showed, and its context menu."""

    def __init__(self, folder: Path, address: str, display: str) -> None:
        self.folder = folder
        self.address = address
        self.display = display

    def seen(self) -> list[dict[str, str]]:
        """Every notification dunst showed, oldest first, as its DUNST_* variables."""
        path = self.folder / "seen.txt"
        text = path.read_text() if path.exists() else ""
        found: list[dict[str, str]] = []
        for block in text.split("---\n"):
            fields = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
            if fields:
                found.append({k.removeprefix("DUNST_"): v for k, v in fields.items()})
        return found

    def menu(self) -> list[str]:
        """The lines of the last context menu dunst offered (one per action)."""
        path = self.folder / "menu.txt"
        return path.read_text().splitlines() if path.exists() else []

    def choose(self, words: str) -> None:
        """Open dunst's context menu and pick the first action whose line has ``words``."""
        (self.folder / "want").write_text(words)
        self.ctl("context")

    def ctl(self, *args: str) -> str:
        """Run dunstctl against this server."""
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address, "DISPLAY": self.display}
        done = subprocess.run(
            ["dunstctl", *args], env=env, capture_output=True, text=True, timeout=10, check=True
        )
        return done.stdout


def _owner_pid(address: str) -> int | None:
    """The process id of dunst, if the bus started it."""
    bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
    with open_dbus_connection(bus=address) as conn:
        message = new_method_call(
            bus, "GetConnectionUnixProcessID", "s", ("org.freedesktop.Notifications",)
        )
        reply = conn.send_and_get_reply(message, timeout=5)
    body = reply.body
    return int(body[0]) if body and isinstance(body[0], int) else None


def _missing() -> list[str]:
    return [name for name in NEEDED if shutil.which(name) is None]


@pytest.fixture
def dunst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Dunst]:
    """dunst on a virtual screen and a private session bus, which DBUS_SESSION_BUS_ADDRESS
    names for the test; all three end with it."""
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"missing {', '.join(missing)}: `make sysdeps-test` installs them")
        pytest.skip(f"missing {', '.join(missing)} (`make sysdeps-test` installs them)")
    folder = tmp_path / "dunst"
    (folder / "services").mkdir(parents=True)
    for name, text in (("seen.sh", SEEN), ("pick.sh", PICK)):
        (folder / name).write_text(
            text.format(out=folder / "seen.txt", menu=folder / "menu.txt", want=folder / "want")
        )
    (folder / "seen.sh").chmod(0o755)
    (folder / "dunstrc").write_text(
        DUNSTRC.format(pick=folder / "pick.sh", seen=folder / "seen.sh")
    )
    (folder / "services" / "dunst.service").write_text(
        SERVICE.format(dunst=shutil.which("dunst"), config=folder / "dunstrc")
    )
    (folder / "bus.conf").write_text(
        BUS_CONFIG.format(tmp=tempfile.gettempdir(), services=folder / "services")
    )
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as ready:  # Xvfb writes its display number once it accepts clients
        display = f":{ready.readline().strip()}"
    bus = subprocess.Popen(
        ["dbus-daemon", f"--config-file={folder / 'bus.conf'}", "--nofork", "--print-address"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()  # printed once it listens
        assert address, "dbus-daemon did not start"
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield Dunst(folder, address, display)
    finally:
        server = _owner_pid(address)
        if server is not None:
            os.kill(server, signal.SIGTERM)
        bus.terminate()
        bus.wait(10)
        if bus.stdout is not None:
            bus.stdout.close()
        xvfb.terminate()
        xvfb.wait(10)
