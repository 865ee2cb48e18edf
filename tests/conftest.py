"""Shared fixtures: the private sound server, a private home for every test, no stray timers."""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests never open a real window or talk to the user's sound server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["audio_fixtures", "notify_fixtures"]

# (variable, folder inside the private home): the XDG places where a home keeps them
XDG_PLACES = (
    ("XDG_CONFIG_HOME", Path(".config")),
    ("XDG_DATA_HOME", Path(".local", "share")),
    ("XDG_CACHE_HOME", Path(".cache")),
    ("XDG_STATE_HOME", Path(".local", "state")),
)


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh empty folder for every test: STRETCHAPP_HOME and HOME, with the XDG homes inside.

    STRETCHAPP_HOME alone would leave the user's folders open to any code that
    reads HOME or XDG_* (paths' own fallbacks, Qt, a subprocess), so all point here;
    a test may still set them to folders of its own.
    """
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STRETCHAPP_HOME", str(home))
    monkeypatch.setenv("HOME", str(home))
    for variable, place in XDG_PLACES:
        monkeypatch.setenv(variable, str(home / place))
    # no test talks to the user's desktop (notifications) unless it starts a bus of its own
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    return home


@pytest.fixture
def stretchapp_home(private_home: Path) -> Path:
    """The test's STRETCHAPP_HOME, for a test that puts files there or reads them back."""
    return private_home


_tests_run = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    """No automatic cycle collection in the test run: it would free a test's Qt objects on
    whichever thread allocates next (a history writer, a CSV import). See gui/collector.py."""
    del config
    gc.disable()


@pytest.fixture(autouse=True)
def collect_on_the_main_thread() -> Iterator[None]:
    """After each test and its fixtures, the cycles it left are collected here, on the
    GUI thread: what it made young each time, older ones now and then."""
    yield
    done = next(_tests_run)
    gc.collect(2 if done % 100 == 0 else 1 if done % 10 == 0 else 0)
