"""Helpers the hostile tests (issue 15) share: a brief routine, the program run, a window."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from stubs import FakeClock, FakeSpeech

from stretchapp.gui.app import build
from stretchapp.gui.root import AppRoot

# one 1 s hold and nothing else: a session at speed 1 (the only one recorded) ends at once
BRIEF = (
    "title: Brief\ncategory: workout\nprepare: 0s\nsteps:\n  - exercise: calf-lunge\n    hold: 1s\n"
)


def add_brief_routine(home: Path) -> None:
    """Put the routine 'brief' among the home's own routines."""
    (home / "routines").mkdir(exist_ok=True)
    (home / "routines" / "brief.yaml").write_text(BRIEF, encoding="utf-8")


def run_stretchapp(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``stretchapp ARGV`` in a process of its own, with ``home`` as its home."""
    env = dict(os.environ, STRETCHAPP_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "stretchapp", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def quiet_window(
    home: Path, now: dt.datetime, *, clock: FakeClock | None = None, **extra: Any
) -> AppRoot:
    """The window on a fake clock and a fake voice, its wall clock at ``now``, no tray;
    ``extra`` goes to AppRoot too."""
    return build(
        argparse.Namespace(),
        clock=clock if clock is not None else FakeClock(),
        settings_file=home / "settings.json",
        user=home / "routines",
        speech_factory=FakeSpeech,
        voices=lambda: [],
        wall=lambda: now,
        tray_available=False,
        **extra,
    )
