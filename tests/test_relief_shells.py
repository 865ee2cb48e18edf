"""The relief that lasts as long as the cramp, in the terminal and in the window."""

from __future__ import annotations

import io
from dataclasses import dataclass

from stubs import FakeClock

from stretchapp.core.announce import EASED_QUESTION, SEEK_HELP_NOW
from stretchapp.core.cues import FINISH_TEXT
from stretchapp.core.routine import Category, Exercise, Routine, Step, StepKind
from stretchapp.core.session import Session
from stretchapp.core.session_events import (
    EaseAnswered,
    EaseAsked,
    Escalated,
    Event,
    SessionEnded,
    SessionStarted,
)
from stretchapp.core.timeline import Timeline, compile_routine
from stretchapp.terminal import Runner, Screen, Wake, drive

EXERCISES = {
    "calf-lunge": Exercise("calf-lunge", "Calf lunge"),
    "massage": Exercise("massage", "Massage"),
}


def relief() -> Timeline:
    routine = Routine(
        id="relief-calf",
        title="Calf cramp relief",
        category=Category.RELIEF,
        muscle="calf",
        steps=(Step("calf-lunge", StepKind.HOLD, seconds=30, reps=2, rest=5),),
        escalate_after=600,
    )
    return compile_routine(routine)


@dataclass
class Waiter:
    """Waits to the deadline, or to the next scripted key (at its time)."""

    clock: FakeClock
    script: list[tuple[float, str]]

    def wait(self, timeout: float | None) -> Wake:
        if self.script and (timeout is None or self.script[0][0] <= self.clock.t + timeout):
            at, keys = self.script.pop(0)
            self.clock.t = max(self.clock.t, at)
            return Wake(keys)
        assert timeout is not None, "waits for ever with nothing to wake it"
        self.clock.t += timeout
        return Wake()


class Sink:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def write(self, event: Event) -> None:
        self.events.append(event)


def in_the_terminal(script: list[tuple[float, str]], *, keys: bool) -> tuple[str, list[Event]]:
    timeline = relief()
    out = io.StringIO()
    sink = Sink()
    runner = Runner(
        Session(timeline, EXERCISES, ask_eased=keys),
        timeline,
        EXERCISES,
        Screen(out, tty=False),
        interactive=keys,
        sink=sink,
    )
    clock = FakeClock(0.0)
    assert drive(runner, clock, Waiter(clock, list(script)), wall=lambda: 1.5e9) == 0
    return out.getvalue(), sink.events


def test_the_terminal_shows_the_seed_sentence_from_the_start() -> None:
    out, _ = in_the_terminal([(100.0, "y")], keys=True)
    lines = out.splitlines()
    assert lines[1] == f"(!) {SEEK_HELP_NOW}"


def test_the_terminal_asks_and_y_ends_the_relief() -> None:
    out, events = in_the_terminal([(100.0, "y")], keys=True)
    assert f"1:05 {EASED_QUESTION} y: it has eased · n: not yet" in out
    assert " 1:40 it has eased" in out
    assert [type(e) for e in events[-3:]] == [EaseAsked, EaseAnswered, SessionEnded]
    assert events[-1].t == 100.0
    assert FINISH_TEXT not in out


def test_the_terminal_not_yet_runs_the_steps_again_and_escalates_at_ten_minutes() -> None:
    out, events = in_the_terminal([(100.0, "n"), (700.0, "y")], keys=True)
    assert "not yet: the stretch and the steps again" in out
    assert sum(isinstance(e, EaseAsked) for e in events) == 2
    [escalated] = [e for e in events if isinstance(e, Escalated)]
    assert escalated.planned == 600.0  # asked again at 165 s, then waited: 600 s from the start
    assert "!!! This cramp has lasted 10 minutes." in out
    assert FINISH_TEXT not in out
    ended = events[-1]
    assert isinstance(ended, SessionEnded)
    assert ended.quiet


def test_without_keys_the_relief_ends_after_its_steps_and_says_so() -> None:
    out, events = in_the_terminal([], keys=False)
    assert "no one can say here whether the cramp has eased" in out
    assert not any(isinstance(e, EaseAsked) for e in events)
    assert isinstance(events[-1], SessionEnded)
    assert events[-1].t == 65.0


class CrampStore:
    """The two rows a relief writes, kept in memory."""

    def __init__(self) -> None:
        self.cramp_seconds: float | None = None

    def start_session(self, routine: str, started: object) -> int:
        return 1

    def start_cramp(self, muscle: str, started: object, *, session_id: int | None) -> int:
        return 7

    def end_session(self, session_id: int, ended: object, **fields: object) -> None:
        pass

    def end_cramp(self, cramp_id: int, *, seconds: float, steps_done: int) -> None:
        self.cramp_seconds = seconds


def test_the_diary_records_when_the_cramp_eased() -> None:
    from stretchapp.history import HistoryRecorder  # noqa: PLC0415

    store = CrampStore()
    recorder = HistoryRecorder(store, relief(), muscle="calf", notify=print)
    for event in (
        SessionStarted(t=0.0, planned=0.0, routine="relief-calf", wall=1.5e9),
        EaseAnswered(t=100.0, planned=100.0, eased=False),
        EaseAnswered(t=240.0, planned=240.0, eased=True),
        SessionEnded(t=241.0, planned=241.0, completed=True),
    ):
        recorder.write(event)
    assert store.cramp_seconds == 240.0
