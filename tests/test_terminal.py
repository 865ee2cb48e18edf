"""The terminal runner, driven by a fake clock and scripted keys: no sleeps."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import termios
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from stubs import FakeClock, FakeSpeaker

from stretchapp import terminal
from stretchapp.clock import ScaledClock, monotonic
from stretchapp.core.announce import SEEK_HELP_NOW
from stretchapp.core.cues import CueKind
from stretchapp.core.events import EventWriter
from stretchapp.core.routine import Category, Exercise, Routine, Sides, Step, StepKind, Tip
from stretchapp.core.session import Session
from stretchapp.core.session_events import (
    CueDue,
    Event,
    Extended,
    Paused,
    PhaseStarted,
    Resumed,
    SessionEnded,
    Skipped,
)
from stretchapp.core.timeline import PhaseKind, Timeline, compile_routine
from stretchapp.history import HistoryRecorder
from stretchapp.terminal import Runner, Screen, Wake, drive
from stretchapp.terminal import run as run_module
from stretchapp.terminal.run import terminal_modes
from stretchapp.terminal.waiting import Keys, Signals, await_voice
from stretchapp.tones import ToneKind

EXERCISES = {
    "calf-lunge": Exercise(id="calf-lunge", name="Calf lunge", instructions="Lunge."),
    "massage": Exercise(id="massage", name="Massage", instructions="Rub the muscle."),
}


def routine(*steps: Step, **fields: Any) -> Routine:
    values: dict[str, Any] = {
        "id": "tiny",
        "title": "Tiny",
        "category": Category.WORKOUT,
        "prepare": 2.0,
        "switch": 2.0,
        "transition": 2.0,
    }
    values.update(fields)
    return Routine(steps=steps, **values)


HOLDS = Step("calf-lunge", StepKind.HOLD, seconds=5.0, reps=2, rest=1.0)
MANUAL = Step("massage", StepKind.MANUAL, suggested=7.0)


@dataclass
class ScriptedWaiter:
    """Waits by moving the fake clock: to the deadline, or to the next scripted key."""

    base: FakeClock  # the real clock under the session clock, moved by the waiter
    script: list[tuple[float, str | None]] = field(default_factory=list)  # (real time, keys)
    oversleep: float = 0.0  # every timed wait ends this much late, like a busy machine
    jumps: dict[int, float] = field(default_factory=dict)  # wait number -> extra seconds lost
    timeouts: list[float | None] = field(default_factory=list)

    def wait(self, timeout: float | None) -> Wake:
        self.timeouts.append(timeout)
        assert len(self.timeouts) < 5000, "the loop spins"
        start = self.base.t
        if self.script:
            at, keys = self.script[0]
            at += 100.0
            if timeout is None or at <= start + timeout:
                self.script.pop(0)
                self.base.t = max(start, at)
                return Wake("", interrupted=True) if keys is None else Wake(keys)
        assert timeout is not None, "waits for ever with nothing to wake it"
        self.base.t = start + timeout + self.oversleep
        self.base.t += self.jumps.get(len(self.timeouts), 0.0)
        return Wake()


class ListSink:
    """Collects events as the --events writer would get them."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def write(self, event: Event) -> None:
        self.events.append(event)


@dataclass
class Run:
    code: int
    out: str
    sink: ListSink
    waiter: ScriptedWaiter
    runner: Runner
    timeline: Timeline
    base: FakeClock  # the real clock under the session clock, moved by the waiter


def follow(
    the_routine: Routine,
    *,
    script: list[tuple[float, str | None]] | None = None,
    tty: bool = False,
    interactive: bool = False,
    speed: float = 1.0,
    oversleep: float = 0.0,
    jumps: dict[int, float] | None = None,
    speaker: FakeSpeaker | None = None,
    sink: Any = None,
) -> Run:
    timeline = compile_routine(the_routine)
    base = FakeClock(start=100.0)
    clock = ScaledClock(speed, base)
    out = io.StringIO()
    screen = Screen(out, tty=tty, width=lambda: 120)
    the_sink = sink if sink is not None else ListSink()
    runner = Runner(
        Session(timeline, EXERCISES, sleep_gap=300.0 * speed),
        timeline,
        EXERCISES,
        screen,
        interactive=interactive,
        sink=the_sink,
        speaker=speaker,
        seek_help="Seek help now.",
        speed=speed,
    )
    waiter = ScriptedWaiter(base, list(script or []), oversleep, dict(jumps or {}))
    code = drive(runner, clock, waiter, wall=lambda: 1.5e9)
    screen.close()
    return Run(code, out.getvalue(), the_sink, waiter, runner, timeline, base)


def starts(sink: ListSink) -> list[PhaseStarted]:
    return [e for e in sink.events if isinstance(e, PhaseStarted)]


def test_plain_output_has_a_line_per_phase_and_cue() -> None:
    run = follow(routine(HOLDS))
    assert run.code == 0
    assert run.runner.completed
    lines = run.out.splitlines()
    assert lines[0] == "Tiny: 0:13"
    assert " 0:00 Get ready: next Calf lunge, rep 1 of 2 (0:02)" in lines
    assert " 0:02 Hold: Calf lunge, rep 1 of 2 (0:05)" in lines
    assert " 0:07 Rest: next Calf lunge, rep 2 of 2 (0:01)" in lines
    assert " 0:08 Hold: Calf lunge, rep 2 of 2 (0:05)" in lines
    assert lines[-1] == " 0:13 finished: Tiny"
    said = [e.text for e in run.sink.events if isinstance(e, CueDue)]
    shown = [e.text for e in run.sink.events if isinstance(e, CueDue) and e.kind != "countdown"]
    assert said  # the cues of the session
    for text in shown:
        assert any(line.endswith("   " + text) for line in lines), text
    assert "\r" not in run.out  # no terminal codes into a file
    assert "\x1b" not in run.out
    assert "keys:" not in run.out  # no keys to press without a keyboard


def test_wakes_only_when_something_is_due() -> None:
    run = follow(routine(HOLDS))
    timeouts = run.waiter.timeouts
    assert all(t is not None and t > 0 for t in timeouts)
    # one wait per moment something happens: phase ends and cues, never a poll
    moments = {round(e.t, 6) for e in run.sink.events}
    assert len(timeouts) <= len(moments)


def test_a_late_wakeup_never_delays_the_phases_that_follow() -> None:
    run = follow(routine(HOLDS), oversleep=0.3)
    planned = [p.start for p in run.timeline.phases]
    assert [e.planned for e in starts(run.sink)] == pytest.approx(planned)
    for event in starts(run.sink):
        assert 0.0 <= event.t - event.planned <= 0.3 + 1e-9
    end = run.sink.events[-1]
    assert isinstance(end, SessionEnded)
    assert end.planned == pytest.approx(run.timeline.total_seconds)


def test_a_stall_in_the_middle_of_a_hold_changes_nothing_after_it() -> None:
    run = follow(routine(HOLDS), jumps={2: 2.0})  # the loop is stuck 2 s once
    assert [e.planned for e in starts(run.sink)] == pytest.approx(
        [p.start for p in run.timeline.phases]
    )
    assert run.sink.events[-1].t == pytest.approx(run.timeline.total_seconds)


def test_tty_redraws_one_status_line_each_second() -> None:
    run = follow(routine(HOLDS), tty=True, interactive=True)
    assert "\r\x1b[K" in run.out
    assert "keys: space pause/resume" in run.out
    status = run.out.split("\r\x1b[K")
    assert any("Hold · Calf lunge · Rep 1 of 2 · 0:05" in s for s in status)
    assert any("Hold · Calf lunge · Rep 1 of 2 · 0:04" in s for s in status)
    assert any("Hold · Calf lunge · Rep 2 of 2 · 0:01" in s for s in status)
    assert any("[" in s and "%" in s for s in status)
    # about one wake a second on a terminal, each just after the shown second changes
    timeouts = [t for t in run.waiter.timeouts if t is not None]
    assert all(0 < t <= 1.0 + 2e-3 for t in timeouts)
    assert len(timeouts) <= 2 * 13 + 5


@pytest.mark.parametrize(("speed", "wake"), [(1.0, 2.001), (100.0, 11.001)])
def test_a_terminal_redraws_each_second_but_at_most_ten_times_a_real_second(
    speed: float, wake: float
) -> None:
    timeline = compile_routine(routine(Step("calf-lunge", StepKind.HOLD, seconds=30.0), prepare=0))
    screen = Screen(io.StringIO(), tty=True, width=lambda: 100)
    runner = Runner(
        Session(timeline, EXERCISES), timeline, EXERCISES, screen, interactive=True, speed=speed
    )
    runner.start(0.0)
    runner.advance(1.0)
    assert runner.session.next_wakeup() == 15.0  # "15 seconds left"
    assert runner.wakeup_at(1.0) == pytest.approx(wake)


def test_space_pauses_and_resumes_n_skips_q_quits() -> None:
    run = follow(
        routine(HOLDS),
        script=[(3.0, " "), (20.0, " "), (21.0, "n"), (22.5, "q")],
        interactive=True,
    )
    assert run.code == 0
    kinds = [type(e) for e in run.sink.events]
    assert Paused in kinds
    assert Resumed in kinds
    assert Skipped in kinds
    paused = next(e for e in run.sink.events if isinstance(e, Paused))
    assert paused.t == pytest.approx(3.0)
    resumed = next(e for e in run.sink.events if isinstance(e, Resumed))
    assert resumed.paused_seconds == pytest.approx(17.0)
    end = run.sink.events[-1]
    assert isinstance(end, SessionEnded)
    assert end.completed is False
    assert end.t == pytest.approx(22.5)
    assert "stopped: Tiny" in run.out
    # nothing to wake for while paused: the loop waits for a key
    assert None in run.waiter.timeouts


def test_previous_and_extend_keys() -> None:
    run = follow(routine(HOLDS), script=[(4.0, "+"), (6.0, "p")], interactive=True)
    assert "15 seconds more" in run.out
    skipped = [e for e in run.sink.events if isinstance(e, Skipped)]
    assert skipped[0].action == "previous"
    assert run.runner.completed


def test_ctrl_c_ends_cleanly_and_records_a_stopped_session(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    with EventWriter(path) as writer:
        run = follow(routine(HOLDS), script=[(4.0, None)], sink=writer)
    assert run.code == terminal.EXIT_INTERRUPTED
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["event"] == "session_start"
    assert rows[0]["wall"] == 1.5e9
    assert rows[-1] == {"t": 4.0, "event": "session_end", "completed": False, "planned": 4.0}
    assert "stopped: Tiny" in run.out


def test_a_manual_step_without_a_keyboard_lasts_its_suggested_time() -> None:
    run = follow(routine(HOLDS, MANUAL))
    manual = next(e for e in starts(run.sink) if e.phase is PhaseKind.MANUAL)
    end = run.sink.events[-1]
    assert isinstance(end, SessionEnded)
    assert end.completed
    assert end.planned == pytest.approx(manual.planned + 7.0)
    assert "this step ends after its suggested 7 seconds" in run.out


def test_a_manual_step_with_a_keyboard_waits_for_d() -> None:
    run = follow(routine(HOLDS, MANUAL), script=[(40.0, "d")], interactive=True)
    end = run.sink.events[-1]
    assert isinstance(end, SessionEnded)
    assert end.completed
    assert end.t == pytest.approx(40.0)
    assert "until you press d" in run.out


def test_escalation_is_printed_and_said() -> None:
    relief = routine(
        Step("calf-lunge", StepKind.HOLD, seconds=30.0),
        category=Category.RELIEF,
        escalate_after=12.0,
    )
    speaker = FakeSpeaker()
    run = follow(relief, speaker=speaker)
    text = "This cramp has lasted 12 seconds. Seek help now."
    assert f"!!! {text}" in run.out
    said = speaker.calls.index(("say", text))
    assert speaker.calls[said - 1] == ("cut", "")  # it does not wait behind a cue


def test_speed_runs_the_session_clock_faster() -> None:
    run = follow(routine(HOLDS), speed=20.0)
    assert run.base.t - 100.0 == pytest.approx(13.0 / 20.0)
    end = run.sink.events[-1]
    assert end.t == pytest.approx(13.0)  # events report session time
    assert [e.planned for e in starts(run.sink)] == pytest.approx(
        [p.start for p in run.timeline.phases]
    )


def test_the_speaker_hears_cues_tones_and_cuts() -> None:
    speaker = FakeSpeaker()
    run = follow(routine(HOLDS), speaker=speaker, script=[(3.0, "n")], interactive=True)
    said = [text for kind, text in speaker.calls if kind == "say"]
    assert said == [e.text for e in run.sink.events if isinstance(e, CueDue)]
    assert ("cut", "") in speaker.calls
    assert ("tone", "phase") in speaker.calls
    assert speaker.calls[-1] == ("tone", "finish")
    countdowns = [
        e for e in run.sink.events if isinstance(e, CueDue) and e.kind is CueKind.COUNTDOWN
    ]
    assert sum(1 for call in speaker.calls if call == ("tone", "tick")) == len(countdowns)


def test_a_sleep_pauses_and_goes_on_when_no_one_can_press_space() -> None:
    run = follow(routine(HOLDS), jumps={3: 400.0})
    paused = [e for e in run.sink.events if isinstance(e, Paused)]
    assert [p.reason for p in paused] == ["sleep"]
    assert any(isinstance(e, Resumed) for e in run.sink.events)
    assert "paused (the computer slept); no one can press space here" in run.out
    assert run.runner.completed


def test_escalation_text_defaults_to_the_bundled_words() -> None:
    screen = Screen(io.StringIO(), tty=False)
    timeline = compile_routine(routine(HOLDS))
    runner = Runner(Session(timeline, EXERCISES), timeline, EXERCISES, screen, interactive=False)
    assert runner.seek_help == SEEK_HELP_NOW
    assert "10 minutes" in SEEK_HELP_NOW


# -- the real parts: the keyboard, signals and the two loops


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, int]]:
    master, slave = os.openpty()
    yield master, slave
    os.close(master)
    os.close(slave)


def test_cbreak_mode_is_restored_even_after_an_error(pty_pair: tuple[int, int]) -> None:
    _, slave = pty_pair
    before = termios.tcgetattr(slave)
    keys = Keys(slave)
    screen = Screen(io.StringIO(), tty=False)
    seen: list[Any] = []

    def fail_inside() -> None:
        with terminal_modes(keys, screen, io.StringIO()):
            seen.append(termios.tcgetattr(slave)[3])
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_inside()
    assert not seen[0] & termios.ICANON
    assert not seen[0] & termios.ECHO
    assert termios.tcgetattr(slave) == before


def test_keys_are_read_one_at_a_time(pty_pair: tuple[int, int]) -> None:
    master, slave = pty_pair
    keys = Keys(slave)
    keys.enter()
    try:
        signals = Signals()
        waiter = terminal.SelectWaiter(signals, keys)
        os.write(master, b"n")
        assert waiter.wait(5.0) == Wake("n")
        os.write(master, b"\x1b[A")  # an arrow key is ignored
        assert waiter.wait(5.0) == Wake("")
        assert waiter.wait(0.0) == Wake("")
        waiter.close()
        signals.restore()
    finally:
        keys.leave()


def test_ctrl_c_wakes_the_select_loop() -> None:
    signals = Signals()
    signals.install()
    try:
        waiter = terminal.SelectWaiter(signals, None)
        os.kill(os.getpid(), signal.SIGINT)
        assert waiter.wait(5.0).interrupted
        waiter.close()
    finally:
        signals.restore()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_the_qt_loop_wakes_for_keys_signals_and_its_timer(
    qapp: Any, pty_pair: tuple[int, int]
) -> None:
    del qapp
    master, slave = pty_pair
    keys = Keys(slave)
    keys.enter()
    signals = Signals()
    signals.install()
    waiter = terminal.QtWaiter(signals, keys)
    try:
        assert waiter.wait(0.001) == Wake("")
        os.write(master, b"q")
        assert waiter.wait(5.0) == Wake("q")
        os.kill(os.getpid(), signal.SIGINT)
        assert waiter.wait(5.0).interrupted
    finally:
        waiter.close()
        signals.restore()
        keys.leave()


def test_run_session_in_process_writes_plain_lines(stretchapp_home: Path) -> None:
    @dataclass
    class Library:
        exercises: dict[str, Exercise]
        tips: dict[str, Tip]

    out = io.StringIO()
    timeline = compile_routine(routine(HOLDS, prepare=0.0))
    sink = ListSink()
    code = terminal.run_session(
        timeline,
        Library(EXERCISES, {}),  # type: ignore[arg-type]
        speed=200.0,
        mute=True,
        events=sink,
        record=False,
        stdin=io.StringIO(),
        stdout=out,
    )
    assert code == 0
    assert out.getvalue().splitlines()[-1] == " 0:11 finished: Tiny"
    assert isinstance(sink.events[-1], SessionEnded)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert not any(stretchapp_home.rglob("*.sqlite3"))  # record=False: nothing in the history


def test_run_session_records_the_session_and_the_cramp(stretchapp_home: Path) -> None:
    @dataclass
    class Library:
        exercises: dict[str, Exercise]
        tips: dict[str, Tip]

    relief = routine(HOLDS, category=Category.RELIEF, id="relief-calf")
    code = terminal.run_session(
        compile_routine(relief),
        Library(EXERCISES, {}),  # type: ignore[arg-type]
        speed=200.0,
        mute=True,
        record=True,
        muscle="calf",
        stdin=io.StringIO(),
        stdout=io.StringIO(),
    )
    assert code == 0
    from stretchapp.history import HistoryStore  # noqa: PLC0415

    with HistoryStore() as store:
        data = store.as_json()
    [session] = data["sessions"]
    assert session["routine"] == "relief-calf"
    assert session["completed"] is True
    assert session["steps_done"] == 1
    assert session["seconds"] == pytest.approx(11.0, abs=0.5)
    [cramp] = data["cramps"]
    assert cramp["muscle"] == "calf"
    assert cramp["seconds"] == session["seconds"]


def test_a_broken_history_is_said_once_and_the_session_goes_on(
    stretchapp_home: Path,
) -> None:
    from stretchapp.history import HistoryError  # noqa: PLC0415

    class Broken:
        def start_session(self, routine: str, started: Any) -> int:
            raise HistoryError("disk full")

    lines: list[str] = []
    timeline = compile_routine(routine(HOLDS))
    recorder = HistoryRecorder(Broken(), timeline, muscle=None, notify=lines.append)
    run = follow(routine(HOLDS), sink=terminal.Fanout(recorder, ListSink()))
    assert run.runner.completed
    assert lines == ["this session is not saved in the history: disk full"]


def test_sides_show_on_the_lines() -> None:
    both = Step("calf-lunge", StepKind.HOLD, seconds=3.0, sides=Sides.BOTH)
    run = follow(routine(both))
    assert " 0:02 Hold: Calf lunge, left leg (0:03)" in run.out
    assert " 0:05 Switch sides: next Calf lunge, right leg (0:02)" in run.out


QUICK = """\
title: Quick
category: workout
prepare: 5s
steps:
  - exercise: calf-lunge
    hold: 10s
    reps: 2
    rest: 5s
"""


def _read_until(fd: int, token: bytes, seen: bytearray, timeout: float = 30.0) -> None:
    """Read the terminal's output until it shows token (select waits; nothing sleeps)."""
    import select  # noqa: PLC0415

    while token not in seen:
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"no {token!r} in {bytes(seen)!r}"
        seen += os.read(fd, 4096)


def test_a_real_terminal_session_takes_keys_and_ends_on_ctrl_c(
    stretchapp_home: Path, pty_pair: tuple[int, int]
) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    (stretchapp_home / "routines").mkdir()
    (stretchapp_home / "routines" / "quick.yaml").write_text(QUICK, encoding="utf-8")
    events = stretchapp_home / "events.jsonl"
    master, slave = pty_pair
    before = termios.tcgetattr(slave)
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchapp", "run", "quick", "--mute", "--events", str(events)],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parent.parent,
    )
    seen = bytearray()
    try:
        _read_until(master, b"keys: space", seen)
        _read_until(master, b"Get ready", seen)
        os.write(master, b" ")
        _read_until(master, b"Paused", seen)
        os.write(master, b" ")
        _read_until(master, b"resumed", seen)
        os.write(master, b"n")
        _read_until(master, b"skipped", seen)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == terminal.EXIT_INTERRUPTED
    assert b"Traceback" not in err
    assert termios.tcgetattr(slave) == before  # cbreak mode undone
    with contextlib.suppress(OSError):
        _read_until(master, b"stopped: Quick", seen, timeout=5.0)
    assert b"\x1b[?25l" in seen  # the cursor was hidden during the session
    assert b"stopped: Quick" in seen
    assert seen.rfind(b"\x1b[?25h") > seen.rfind(b"\x1b[?25l")  # and shown again
    rows = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert [r["event"] for r in rows if r["event"] in {"paused", "resumed", "skipped"}] == [
        "paused",
        "resumed",
        "skipped",
    ]
    assert rows[-1]["event"] == "session_end"
    assert rows[-1]["completed"] is False


@pytest.mark.parametrize("width", [100, 60, 40, 20])
def test_the_status_line_fits_and_keeps_the_countdown(width: int) -> None:
    timeline = compile_routine(routine(Step("calf-lunge", StepKind.HOLD, seconds=30.0, reps=5)))
    screen = Screen(io.StringIO(), tty=True, width=lambda: width)
    runner = Runner(Session(timeline, EXERCISES), timeline, EXERCISES, screen, interactive=True)
    runner.start(0.0)
    runner.advance(10.0)
    runner.key(" ", 10.0)
    text = runner.status_text(10.0, width)
    assert len(text) <= width
    assert "0:22 " in text
    assert text.endswith("%")
    if width >= 60:  # the words fit; at 100 the bar does too
        assert text.startswith("Paused · Hold · Calf lunge · Rep 1 of 5 · 0:22  ")
    assert ("[" in text) == (width == 100)


def test_an_events_file_that_fails_is_said_once_and_the_session_goes_on() -> None:
    class Full:
        def __init__(self) -> None:
            self.calls = 0

        def write(self, event: Event) -> None:
            self.calls += 1
            raise OSError(28, "No space left on device")

    full = Full()
    run = follow(routine(HOLDS), sink=full)
    assert run.runner.completed
    assert full.calls == 1
    assert run.out.count("cannot write events: [Errno 28] No space left on device") == 1


def test_run_session_with_voice_waits_in_qt_and_drives_the_speech_service(
    qapp: Any, stretchapp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del qapp, stretchapp_home
    speaker = FakeSpeaker()

    def start_speech(screen: Screen, texts: Any, settings: Any) -> FakeSpeaker:
        speaker.prepare(texts)
        return speaker

    monkeypatch.setattr(run_module, "_start_speech", start_speech)
    monkeypatch.setattr(run_module, "LINGER_SECONDS", 0.0)

    @dataclass
    class Library:
        exercises: dict[str, Exercise]
        tips: dict[str, Tip]

    timeline = compile_routine(routine(HOLDS, prepare=0.0))
    sink = ListSink()
    code = terminal.run_session(
        timeline,
        Library(EXERCISES, {}),  # type: ignore[arg-type]
        speed=200.0,
        mute=False,
        events=sink,
        record=False,
        stdin=io.StringIO(),
        stdout=io.StringIO(),
    )
    assert code == 0
    from stretchapp.core.cues import all_texts  # noqa: PLC0415

    assert speaker.calls[0] == ("prepare", str(len(all_texts(timeline, EXERCISES))))
    said = [text for kind, text in speaker.calls if kind == "say"]
    assert said == [e.text for e in sink.events if isinstance(e, CueDue)]
    assert speaker.calls[-1] == ("shutdown", "")


def test_a_manual_step_on_a_terminal_without_keys_counts_down_its_suggested_time() -> None:
    run = follow(routine(HOLDS, MANUAL), tty=True, interactive=False)
    status = run.out.split("\r\x1b[K")
    assert any(s.startswith("Your turn · Massage · 0:07  [") for s in status)
    assert any(s.startswith("Your turn · Massage · 0:01  [") for s in status)
    assert not any("d: done" in s for s in status)


def test_a_manual_step_on_a_terminal_with_keys_counts_up() -> None:
    run = follow(routine(HOLDS, MANUAL), tty=True, interactive=True, script=[(20.5, "d")])
    status = run.out.split("\r\x1b[K")
    assert any(s.startswith("Your turn · Massage · 0:05 (d: done)") for s in status)


SPOKEN = """\
title: Spoken
category: workout
prepare: 3s
steps:
  - exercise: calf-lunge
    hold: 6s
"""


@pytest.mark.real_audio
@pytest.mark.real_speech
def test_a_run_with_voice_is_heard(
    espeak: None, recording: Any, pulse: Any, stretchapp_home: Path
) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    (stretchapp_home / "routines").mkdir()
    (stretchapp_home / "routines" / "spoken.yaml").write_text(SPOKEN, encoding="utf-8")
    events = stretchapp_home / "events.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "stretchapp", "run", "spoken", "--events", str(events)],
        env=dict(pulse.env, STRETCHAPP_HOME=str(stretchapp_home)),
        cwd=Path(__file__).resolve().parent.parent,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    recording.stop()
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "No sound output" not in done.stdout
    assert "Voice unavailable" not in done.stdout
    rows = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert rows[-1]["event"] == "session_end"
    said = [r for r in rows if r["event"] == "cue"]
    assert len(said) >= 3
    # the cues were heard: the get-ready cue, the start of the hold, the countdown, the end
    assert len(recording.sounds(gap=0.15)) >= 3


class FakeSignal:
    """A Qt signal's connect, disconnect and emit, without Qt."""

    def __init__(self) -> None:
        self.slots: list[Callable[..., None]] = []

    def connect(self, slot: Callable[..., None]) -> None:
        self.slots.append(slot)

    def disconnect(self, slot: Callable[..., None]) -> None:
        self.slots.remove(slot)

    def emit(self, *args: object) -> None:
        for slot in list(self.slots):
            slot(*args)


class FakeService:
    """The three signals the voice wait listens to."""

    def __init__(self) -> None:
        self.first_ready = FakeSignal()
        self.ready = FakeSignal()
        self.notice = FakeSignal()

    def connected(self) -> int:
        return sum(len(s.slots) for s in (self.first_ready, self.ready, self.notice))


@dataclass
class VoiceWaiter:
    """Waits by moving a fake clock; `answer` fires `answer_at` seconds in, during a wait."""

    answer: Callable[[], None] | None = None
    answer_at: float = 0.0
    interrupt: bool = False
    time: float = 0.0
    asked: list[float | None] = field(default_factory=list)  # each wait's timeout
    woken: int = 0

    def now(self) -> float:
        return self.time

    def wake(self, *_: object) -> None:
        self.woken += 1

    def wait(self, timeout: float | None) -> Wake:
        self.asked.append(timeout)
        assert len(self.asked) < 100, "the wait spins"
        assert timeout is not None, "waits for ever"
        if self.interrupt:
            return Wake(interrupted=True)
        if self.answer is not None and self.time + timeout >= self.answer_at:
            self.time = max(self.time, self.answer_at)
            answer, self.answer = self.answer, None
            answer()  # the service's signal arrives while the loop waits
            return Wake()
        self.time += timeout
        return Wake()


@pytest.mark.parametrize(
    ("signal_name", "args"),
    [("first_ready", (0.2,)), ("ready", ()), ("notice", ("Voice unavailable",))],
)
def test_the_voice_wait_ends_when_the_service_answers(
    signal_name: str, args: tuple[object, ...]
) -> None:
    service = FakeService()
    waiter = VoiceWaiter(lambda: getattr(service, signal_name).emit(*args), answer_at=0.2)
    assert await_voice(service, waiter, 60.0, clock=waiter.now) is True
    assert waiter.time == pytest.approx(0.2)  # at the signal, not after 60 s
    assert waiter.asked == [60.0]
    assert waiter.woken == 1  # the signal ended the wait itself
    assert service.connected() == 0


def test_the_voice_wait_ends_at_its_limit_when_nothing_comes() -> None:
    service = FakeService()
    waiter = VoiceWaiter()
    assert await_voice(service, waiter, 2.5, clock=waiter.now) is False
    assert waiter.time == pytest.approx(2.5)
    assert sum(t or 0.0 for t in waiter.asked) == pytest.approx(2.5)
    assert service.connected() == 0


def test_the_voice_wait_ends_at_ctrl_c() -> None:
    service = FakeService()
    waiter = VoiceWaiter(interrupt=True)
    assert await_voice(service, waiter, 60.0, clock=waiter.now) is False
    assert waiter.asked == [60.0]  # once: the session's loop sees the interrupt next
    assert service.connected() == 0


def test_a_speaker_without_the_signals_is_not_waited_for() -> None:
    waiter = VoiceWaiter()
    assert await_voice(FakeSpeaker(), waiter, 60.0, clock=waiter.now) is False
    assert waiter.asked == []


def test_the_voice_wait_in_the_qt_loop_returns_at_the_signal(qapp: Any) -> None:
    del qapp
    from PySide6.QtCore import QObject, QTimer, Signal  # noqa: PLC0415

    class Service(QObject):
        first_ready = Signal(float)
        ready = Signal()
        notice = Signal(str)

    service = Service()
    signals = Signals()
    waiter = terminal.QtWaiter(signals, None)
    try:
        began = monotonic()
        QTimer.singleShot(0, lambda: service.first_ready.emit(0.2))
        assert await_voice(service, waiter, 60.0) is True
        QTimer.singleShot(0, lambda: service.notice.emit("Voice unavailable"))
        assert await_voice(service, waiter, 60.0) is True
        assert monotonic() - began < 10.0  # each returned at its signal, not after 60 s
        assert await_voice(service, waiter, 0.001) is False  # nothing comes: the limit ends it
    finally:
        waiter.close()
        signals.restore()


def test_skipping_past_the_last_step_finishes_with_the_finish_cue() -> None:
    speaker = FakeSpeaker()
    keys: list[tuple[float, str | None]] = [(1.0 + n * 0.1, "n") for n in range(12)]
    run = follow(routine(HOLDS), script=keys, interactive=True, speaker=speaker)
    assert run.code == 0
    end = run.sink.events[-1]
    assert isinstance(end, SessionEnded)
    assert end.completed
    assert "finished: Tiny" in run.out
    assert any("Routine complete" in text for text in speaker.said)
    assert speaker.tones[-1] is ToneKind.FINISH


def test_e_gives_fifteen_seconds_more() -> None:
    run = follow(routine(HOLDS), script=[(4.0, "e")], interactive=True)
    extended = [e for e in run.sink.events if isinstance(e, Extended)]
    assert [e.seconds for e in extended] == [15.0]
    assert "e/+ 15 s more" in run.out
