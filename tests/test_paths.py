"""Where a user's things live: STRETCHAPP_HOME first, else the platform's places."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from stretchapp import paths


def test_stretchapp_home_holds_everything(stretchapp_home: Path) -> None:
    assert paths.home() == stretchapp_home
    assert paths.config_dir() == stretchapp_home
    assert paths.data_dir() == stretchapp_home
    assert paths.cache_dir() == stretchapp_home / "cache"
    assert paths.user_routines_dir() == stretchapp_home / "routines"


def test_empty_home_variable_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRETCHAPP_HOME", "")
    assert paths.home() is None


def test_home_expands_tilde(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("STRETCHAPP_HOME", "~/stretch")
    assert paths.home() == tmp_path / "stretch"


@pytest.fixture
def linux(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("STRETCHAPP_HOME", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_linux_defaults(linux: Path) -> None:
    assert paths.home() is None
    assert paths.config_dir() == linux / ".config" / "stretchapp"
    assert paths.data_dir() == linux / ".local" / "share" / "stretchapp"
    assert paths.cache_dir() == linux / ".cache" / "stretchapp"
    assert paths.user_routines_dir() == linux / ".config" / "stretchapp" / "routines"


def test_linux_xdg_variables(linux: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(linux / "c"))
    monkeypatch.setenv("XDG_DATA_HOME", str(linux / "d"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert paths.config_dir() == linux / "c" / "stretchapp"
    assert paths.data_dir() == linux / "d" / "stretchapp"
    assert paths.cache_dir() == linux / ".cache" / "stretchapp"


def test_macos(linux: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    support = linux / "Library" / "Application Support" / "stretchapp"
    assert paths.config_dir() == support
    assert paths.data_dir() == support
    assert paths.cache_dir() == linux / "Library" / "Caches" / "stretchapp"


def test_windows(linux: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(linux / "Roaming"))
    monkeypatch.setenv("LOCALAPPDATA", str(linux / "Local"))
    assert paths.config_dir() == linux / "Roaming" / "stretchapp"
    assert paths.data_dir() == linux / "Local" / "stretchapp"
    assert paths.cache_dir() == linux / "Local" / "stretchapp" / "cache"
