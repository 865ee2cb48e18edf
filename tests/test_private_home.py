"""No test reaches the user's own folders: conftest gives every test a private home."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stretchapp import paths
from stretchapp.history import HistoryStore
from stretchapp.settings import Settings, save_settings

# Read while the tests are collected, before any private home is set; the password
# database names the user's home even when HOME was changed before pytest started.
REAL_HOMES = {Path.home()}
if sys.platform != "win32":
    import pwd

    REAL_HOMES.add(Path(pwd.getpwuid(os.getuid()).pw_dir))

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the XDG places are Linux's"
)


def app_places() -> list[Path]:
    """Every folder the app keeps a user's things in."""
    return [paths.config_dir(), paths.data_dir(), paths.cache_dir(), paths.user_routines_dir()]


def real_places() -> dict[Path, float | None]:
    """The app's folders in the real homes, each with its modification time (None: absent)."""
    found: dict[Path, float | None] = {}
    for home in REAL_HOMES:
        for place in (".config", ".local/share", ".cache"):
            folder = home / place / paths.APP
            found[folder] = folder.stat().st_mtime if folder.exists() else None
    return found


def test_the_private_home_is_empty_and_apart_from_the_real_one(private_home: Path) -> None:
    assert not any(private_home.iterdir())
    assert Path.home() == private_home
    assert private_home not in REAL_HOMES


def test_every_place_is_private_even_without_stretchapp_home(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert paths.home() == private_home
    assert all(place.is_relative_to(private_home) for place in app_places())
    monkeypatch.delenv("STRETCHAPP_HOME")  # the XDG places then
    assert paths.config_dir() == private_home / ".config" / "stretchapp"
    assert all(place.is_relative_to(private_home) for place in app_places())
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(variable)  # and HOME's own folders after them
    assert Path.home() == private_home
    assert all(place.is_relative_to(private_home) for place in app_places())


def test_writing_to_the_default_places_leaves_the_real_home_alone(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = real_places()
    monkeypatch.delenv("STRETCHAPP_HOME")
    settings = save_settings(Settings(rate=190))
    start = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    with HistoryStore() as store:
        store.record_cramp("calf", start, seconds=30.0)
    paths.cache_dir().mkdir(parents=True)
    assert settings == private_home / ".config" / "stretchapp" / "settings.json"
    assert settings.is_file()
    assert (private_home / ".local" / "share" / "stretchapp" / "history.sqlite3").is_file()
    assert real_places() == before


def test_a_subprocess_inherits_the_private_home(private_home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "STRETCHAPP_HOME"}
    done = subprocess.run(
        [sys.executable, "-c", "from stretchapp import paths; print(paths.data_dir())"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert Path(done.stdout.strip()) == private_home / ".local" / "share" / "stretchapp"
