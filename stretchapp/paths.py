"""Where a user's things live: STRETCHAPP_HOME when set, else the platform's usual places."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "stretchapp"
HOME_VARIABLE = "STRETCHAPP_HOME"


def home() -> Path | None:
    """STRETCHAPP_HOME, when it is set and not empty: it then holds everything of one user."""
    value = os.environ.get(HOME_VARIABLE, "")
    return Path(value).expanduser() if value else None


def _env_dir(variable: str, fallback: Path) -> Path:
    value = os.environ.get(variable, "")
    # The XDG spec says relative values are invalid and must be ignored.
    return Path(value) if value and Path(value).is_absolute() else fallback


def _platform_dir(kind: str) -> Path:
    user = Path.home()
    if sys.platform == "win32":
        roaming = _env_dir("APPDATA", user / "AppData" / "Roaming")
        local = _env_dir("LOCALAPPDATA", user / "AppData" / "Local")
        return {"config": roaming / APP, "data": local / APP, "cache": local / APP / "cache"}[kind]
    if sys.platform == "darwin":
        support = user / "Library" / "Application Support" / APP
        caches = user / "Library" / "Caches" / APP
        return {"config": support, "data": support, "cache": caches}[kind]
    variable, fallback = {
        "config": ("XDG_CONFIG_HOME", user / ".config"),
        "data": ("XDG_DATA_HOME", user / ".local" / "share"),
        "cache": ("XDG_CACHE_HOME", user / ".cache"),
    }[kind]
    return _env_dir(variable, fallback) / APP


def config_dir() -> Path:
    """<home>, or ~/.config/stretchapp: settings.json and routines/."""
    return home() or _platform_dir("config")


def data_dir() -> Path:
    """<home>, or ~/.local/share/stretchapp: history.sqlite3."""
    return home() or _platform_dir("data")


def cache_dir() -> Path:
    """<home>/cache, or ~/.cache/stretchapp: rendered speech."""
    base = home()
    return base / "cache" if base is not None else _platform_dir("cache")


def user_routines_dir() -> Path:
    """The user's own routines and exercises: <config dir>/routines."""
    return config_dir() / "routines"
