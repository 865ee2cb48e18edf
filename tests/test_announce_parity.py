"""Both shells follow the same routines and say and play the same: the announcement parity.

The terminal Runner and the window's SessionDriver run each routine on a fake clock with
the same keys at the same moments, each with a recording speech service.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from stubs import FakeClock, RecordingVoice

from stretchapp import resources
from stretchapp.core.announce import FIRST_WORDS_PATIENCE, escalation_text, seek_help_text
from stretchapp.core.library import Library, load_library
from stretchapp.core.session import Session
from stretchapp.core.session_events import CueDue, Escalated, Event, SessionEnded
from stretchapp.core.timeline import compile_routine
from stretchapp.gui.driver import SessionDriver
from stretchapp.terminal import Runner, Screen, Wake, drive

Script = list[tuple[float, str]]  # (seconds since the start, keys pressed then)


@dataclass
class ScriptWaiter:
    """The terminal's waits: to the deadline, or to the next scripted key."""

    clock: FakeClock
    script: Script
    waits: int = 0

    def wait(self, timeout: float | None) -> Wake:
        self.waits += 1
        assert self.waits < 20_000, "the loop spins"
        if self.script and (timeout is None or self.script[0][0] <= self.clock.t + timeout):
            at, keys = self.script.pop(0)
            self.clock.t = max(self.clock.t, at)
            return Wake(keys)
        assert timeout is not None, "waits for ever with nothing to wake it"
        self.clock.t += timeout
        return Wake()


@dataclass
class Heard:
    """What a shell had said and played, and the notices it showed."""

    calls: list[tuple[str, ...]]
    notices: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


class Sink:
    def __init__(self, events: list[Event]) -> None:
        self.events = events

    def write(self, event: Event) -> None:
        self.events.append(event)


def through_the_terminal(library: Library, routine_id: str, script: Script) -> Heard:
    timeline = compile_routine(library.routines[routine_id])
    clock = FakeClock(start=0.0)
    voice = RecordingVoice()
    out = io.StringIO()
    heard = Heard(voice.calls)
    runner = Runner(
        Session(timeline, library.exercises),
        timeline,
        library.exercises,
        Screen(out, tty=False),
        interactive=True,
        sink=Sink(heard.events),
        speaker=voice,
        seek_help=seek_help_text(library.tips),
    )
    assert drive(runner, clock, ScriptWaiter(clock, list(script)), wall=lambda: 1.5e9) == 0
    heard.notices = [line[4:] for line in out.getvalue().splitlines() if line.startswith("!!! ")]
    return heard


def through_the_window(library: Library, routine_id: str, script: Script) -> Heard:
    timeline = compile_routine(library.routines[routine_id])
    clock = FakeClock(start=0.0)
    voice = RecordingVoice()
    heard = Heard(voice.calls)
    driver = SessionDriver(clock)
    driver.speaker = voice
    driver.sink = Sink(heard.events)
    driver.seek_help = seek_help_text(library.tips)
    driver.escalated.connect(heard.notices.append)
    keys: dict[str, Callable[[], None]] = {
        " ": driver.toggle_pause,
        "n": driver.next,
        "p": driver.previous,
        "d": driver.done,
        "+": driver.extend,
        "q": driver.stop,
    }
    pending = list(script)
    driver.start(Session(timeline, library.exercises))
    ticks = 0
    while driver.running():
        ticks += 1
        assert ticks < 20_000, "the timer spins"
        timer = driver.timer
        due = clock.t + timer.interval() / 1000 if timer.isActive() else None
        if pending and (due is None or pending[0][0] <= due):
            at, typed = pending.pop(0)
            clock.t = max(clock.t, at)
            driver.tick()  # the terminal also tells the session the time before a key
            for key in typed:
                keys[key]()
        else:
            assert due is not None, "waits for ever with nothing to wake it"
            clock.t = due
            driver.tick()
    driver.shutdown()
    return heard


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The bundled routines, exercises and tips."""
    nobody = tmp_path_factory.mktemp("no-user-routines")
    return load_library(resources.routines_dir(), nobody, assets=resources.assets_dir())


# The relief's manual steps end after 90 s each, so the cramp outlasts 10 minutes in the
# middle of one; a pause early on counts towards them too.
RELIEF_SCRIPT: Script = [(40.0, " "), (70.0, " ")] + [
    (at, "d") for at in (265.0, 360.0, 455.0, 550.0, 645.0, 740.0, 835.0)
]
DAILY_SCRIPT: Script = [(12.0, " "), (20.0, " "), (40.0, "n"), (41.0, "p"), (60.0, "+")]


@pytest.mark.parametrize(
    ("routine_id", "script"),
    [
        ("relief-calf", RELIEF_SCRIPT),
        ("hold-sequence", DAILY_SCRIPT),
        ("after-workout", []),
        ("wall-lean-daily", [(3.0, "n"), (4.0, "q")]),
    ],
)
def test_the_terminal_and_the_window_say_and_play_the_same(
    qapp: Any, library: Library, routine_id: str, script: Script
) -> None:
    del qapp
    terminal = through_the_terminal(library, routine_id, script)
    window = through_the_window(library, routine_id, script)
    assert [type(e) for e in terminal.events] == [type(e) for e in window.events]
    assert terminal.calls == window.calls
    assert terminal.notices == window.notices
    # and what they both did is what the session asked for, not two silences
    said = [call[1] for call in terminal.calls if call[0] == "say"]
    advice = seek_help_text(library.tips)
    assert said == [
        e.text if isinstance(e, CueDue) else escalation_text(e.after, advice)
        for e in terminal.events
        if isinstance(e, CueDue | Escalated)
    ]
    cues = [e.text for e in terminal.events if isinstance(e, CueDue)]
    assert ("tone", "ToneKind.phase") in terminal.calls
    assert terminal.calls[1][:2] == ("say", cues[0])  # after the start's cut, the first cue
    assert terminal.calls[1][2:] == (str(FIRST_WORDS_PATIENCE),)  # which may wait for a voice


def test_the_relief_escalates_alike_in_both_shells(qapp: Any, library: Library) -> None:
    del qapp
    terminal = through_the_terminal(library, "relief-calf", RELIEF_SCRIPT)
    window = through_the_window(library, "relief-calf", RELIEF_SCRIPT)
    advice = seek_help_text(library.tips)
    text = f"This cramp has lasted 10 minutes. {advice}"
    assert advice.startswith("If a leg cramp lasts longer than 10 minutes")
    assert terminal.notices == window.notices == [text]
    for heard in (terminal, window):
        said = heard.calls.index(("say", text))
        assert heard.calls[said - 1] == ("cut",)
        [escalated] = [e for e in heard.events if isinstance(e, Escalated)]
        assert escalated.after == 600.0
        # issue 11: nothing after the warning sounds like "well done"
        after = heard.calls[said + 1 :]
        assert ("tone", "ToneKind.finish") not in after
        assert not any("Well done" in " ".join(call) for call in after)
        assert heard.events[-1] == SessionEnded(t=835.0, planned=835.0, completed=True, quiet=True)
        ticks = heard.calls.count(("tone", "ToneKind.tick"))
        countdowns = [e for e in heard.events if isinstance(e, CueDue) and e.kind == "countdown"]
        assert ticks == len(countdowns) > 0
