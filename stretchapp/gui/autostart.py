"""Start on login: the XDG autostart entry, written and removed."""

from __future__ import annotations

import os
import shlex
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


def _exec_line(argv: Sequence[str]) -> str:
    # the desktop entry spec quotes like a shell, and a literal % must be doubled
    return " ".join(shlex.quote(a) for a in argv).replace("%", "%%")


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
    """Write the entry (atomically); the window opens at login with `gui`."""
    path = entry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, entry_text([*(argv if argv is not None else command()), "gui"]))


def disable() -> None:
    """Remove the entry, if there is one."""
    entry_path().unlink(missing_ok=True)


def enabled() -> bool:
    """Whether the entry exists."""
    return entry_path().is_file()
