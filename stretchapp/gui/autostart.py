"""Start on login: the XDG autostart entry, written and removed."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from stretchapp.files import atomic_write

APP_ID = "io.github.stretchapp.StretchApp"
FILE_NAME = f"{APP_ID}.desktop"


def entry_path() -> Path:
    """$XDG_CONFIG_HOME/autostart/io.github.stretchapp.StretchApp.desktop."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    config = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return config / "autostart" / FILE_NAME


def command() -> list[str]:
    """How this program was started: the `stretchapp` script, else `python -m stretchapp`."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "stretchapp":
        found = shutil.which(str(script)) if not script.is_absolute() else str(script)
        if found:
            return [str(Path(found).absolute())]
    on_path = shutil.which("stretchapp")
    if on_path:
        return [on_path]
    return [sys.executable, "-m", "stretchapp"]


# The Desktop Entry spec's characters that make an Exec argument need quotes.
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
# Inside double quotes these four take a backslash.
_QUOTED_ESCAPES = str.maketrans({c: "\\" + c for c in '"`$\\'})
# Then, as in any string value, a backslash is written twice and a newline, tab or
# carriage return as an escape; a literal % is written twice (it starts a field code).
_VALUE_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "%": "%%"})


def exec_argument(arg: str) -> str:
    """One argument as the Desktop Entry spec writes it in an Exec value.

    An argument with a reserved character (a space, a quote, ...) goes in double quotes,
    inside which a double quote, backquote, dollar or backslash takes a backslash; then
    the escapes of every string value apply, so a literal backslash ends up as four.
    """
    if arg and _RESERVED.isdisjoint(arg):
        quoted = arg
    else:
        quoted = '"' + arg.translate(_QUOTED_ESCAPES) + '"'
    return quoted.translate(_VALUE_ESCAPES)


def _exec_line(argv: Sequence[str]) -> str:
    return " ".join(exec_argument(arg) for arg in argv)


def entry_text(argv: Sequence[str]) -> str:
    """The autostart entry for a command line."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=stretchapp\n"
        "Comment=Guided stretches and daily reminders for leg cramps\n"
        f"Exec={_exec_line(argv)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def enable(argv: Sequence[str] | None = None) -> Path:
    """Write the entry (atomically); at login the program starts quietly, with no window
    (`--background`), to remind."""
    path = entry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    argv = [*(argv if argv is not None else command()), "--background"]
    return atomic_write(path, entry_text(argv))


def disable() -> None:
    """Remove the entry, if there is one."""
    entry_path().unlink(missing_ok=True)


def enabled() -> bool:
    """Whether the entry exists."""
    return entry_path().is_file()
