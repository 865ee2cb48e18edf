"""The window, through its real wiring, and the terminal say and play the same for a routine."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from stubs import FakeClock, FakeSpeaker, FakeSpeech

from stretchapp.clock import ScaledClock
from stretchapp.core.cues import Verbosity
from stretchapp.core.session import Session
from stretchapp.core.timeline import Timeline
from stretchapp.gui.app import build
from stretchapp.gui.root import AppRoot
from stretchapp.terminal import Runner, Screen, Wake, drive
from stretchapp.tones import ToneKind


class Waiter:
    """The terminal's waiter on a fake clock: every wait lasts exactly its timeout."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    def wait(self, timeout: float | None) -> Wake:
        assert timeout is not None, "waits for ever with nothing to wake it"
        self.clock.advance(timeout)
        return Wake()


def window_run(app: AppRoot, clock: FakeClock, routine_id: str) -> FakeSpeech:
    """Run a routine in the window, waking whenever its timer would, to the end."""
    assert app.start_routine(routine_id)
    speech = app.speech.service
    assert isinstance(speech, FakeSpeech)
    driver = app.driver
    for _ in range(100_000):
        if not driver.timer.isActive():
            break
        clock.advance(driver.timer.interval() / 1000)
        driver.tick()
    else:
        pytest.fail("the session never ended")
    return speech


def terminal_run(app: AppRoot, timeline: Timeline) -> FakeSpeaker:
    """Run the same timeline in the terminal's runner, with the window's library and verbosity."""
    speaker = FakeSpeaker()
    exercises = app.library.content.exercises
    session = Session(timeline, exercises, verbosity=Verbosity(app.settings.current.verbosity))
    screen = Screen(io.StringIO(), tty=False, width=lambda: 120)
    runner = Runner(session, timeline, exercises, screen, interactive=False, speaker=speaker)
    base = FakeClock()
    drive(runner, ScaledClock(1.0, base), Waiter(base), wall=lambda: 1.5e9)
    return speaker


# the bundled routines without a manual step: the window waits for "done" there, while a
# terminal without keys ends the step after its suggested time, so those runs differ
ROUTINES = ["hold-sequence", "wall-lean-daily", "after-workout", "bedtime"]


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_both_shells_say_the_same_words_and_phase_tones(
    qtbot: QtBot, stretchapp_home: Path, routine_id: str
) -> None:
    clock = FakeClock()
    app = build(
        argparse.Namespace(),
        clock=clock,
        settings_file=stretchapp_home / "settings.json",
        user=stretchapp_home / "routines",
        speech_factory=FakeSpeech,
        voices=lambda: [],
        tray_available=False,
    )
    qtbot.addWidget(app.window)
    window = window_run(app, clock, routine_id)
    terminal = terminal_run(app, app.library.compile(app.library.content.routines[routine_id]))
    app.window.close()
    assert window.said
    assert window.said == terminal.said
    # the whole of what a listener notices, in order: words, tones (countdown ticks too)
    # and cuts, through the window's real wiring and the terminal's runner
    assert window.heard() == terminal.heard()
    assert ToneKind.TICK in window.tones
    assert window.tones[-1] is ToneKind.FINISH
