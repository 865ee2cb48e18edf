"""The session with a fake clock: every command at every kind of boundary, stalls and sleeps."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchapp.core.cues import CueKind, Verbosity, all_texts, phase_cues
from stretchapp.core.routine import Category, Exercise, Routine, Side, Sides, Step, StepKind
from stretchapp.core.session import HEARTBEAT, REJOIN_GET_READY, Session
from stretchapp.core.session_events import (
    CueDue,
    Escalated,
    Event,
    Extended,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SessionEnded,
    SessionStarted,
    Skipped,
)
from stretchapp.core.session_view import SessionState
from stretchapp.core.stack import SessionStack
from stretchapp.core.timeline import PhaseKind, Timeline, compile_routine

T0 = 1000.0  # the monotonic clock does not start at zero
EXERCISES = {
    "calf-lunge": Exercise("calf-lunge", "Calf lunge"),
    "toe-pull": Exercise("toe-pull", "Toe pull"),
    "massage": Exercise("massage", "Massage"),
    "heel-walk": Exercise("heel-walk", "Heel walk"),
    "dog": Exercise("dog", "Downward dog"),
}


def make(*steps: Step, category: Category = Category.DAILY, **fields: float | None) -> Timeline:
    routine = Routine(id="r", title="R", category=category, steps=steps, **fields)  # type: ignore[arg-type]
    return compile_routine(routine)


def session(timeline: Timeline, **options: float) -> Session:
    return Session(timeline, EXERCISES, **options)  # type: ignore[arg-type]


def hold(seconds: float = 30, **fields: object) -> Step:
    return Step("calf-lunge", StepKind.HOLD, seconds=seconds, **fields)  # type: ignore[arg-type]


def state(s: Session) -> SessionState:
    # read through a call so that mypy does not narrow the state across commands
    return s.state


def current(stack: SessionStack) -> Session | None:
    return stack.current


def resumable(stack: SessionStack) -> Session | None:
    return stack.resumable


def starts(events: Sequence[Event]) -> list[PhaseStarted]:
    return [e for e in events if isinstance(e, PhaseStarted)]


def cues(events: Sequence[Event]) -> list[str]:
    return [e.text for e in events if isinstance(e, CueDue)]


def run(s: Session, now: float, *, limit: float = 10_000.0) -> tuple[list[Event], float]:
    """Advance at each wakeup until the session waits for the user or ends; return the time."""
    events: list[Event] = []
    while s.state is SessionState.RUNNING:
        wake = s.next_wakeup()
        assert wake is not None
        phase = s.phase
        if phase is not None and phase.kind is PhaseKind.MANUAL and wake >= s_last(s, now):
            break
        now = wake
        assert now < T0 + limit
        events += s.advance_to(now)
    return events, now


def s_last(s: Session, now: float) -> float:
    # a manual phase has nothing due but the heartbeat
    return now + HEARTBEAT - 1e-6


def test_hold_reps_follow_the_timeline_exactly() -> None:
    timeline = make(hold(30, reps=2, rest=10))
    s = session(timeline)
    events = s.start(T0, wall=1.7e9)
    assert isinstance(events[0], SessionStarted)
    assert events[0].wall == 1.7e9
    more, end = run(s, T0)
    events += more
    assert [(e.phase, e.planned, e.t) for e in starts(events)] == [
        (p.kind, p.start, p.start) for p in timeline.phases
    ]
    assert state(s) is SessionState.FINISHED
    assert end == T0 + timeline.total_seconds
    ended = events[-1]
    assert isinstance(ended, SessionEnded)
    assert ended.completed
    said = cues(events)
    assert said[0].startswith("Get ready")
    # the rest names the rep; the hold after it does not say it twice in a row
    assert "Release. Rest. Next up: Calf lunge, rep 2 of 2." in said
    assert "Hold." in said
    assert said.count("15 seconds left") == 2
    assert said[-1] == "Release. Well done. Routine complete."
    for event in events:
        if isinstance(event, CueDue):
            assert event.t == pytest.approx(event.planned)


def test_every_step_kind_runs_and_breaths_are_paced() -> None:
    timeline = make(
        Step("dog", StepKind.BREATH, breaths=2),
        Step("heel-walk", StepKind.ACTIVITY, seconds=60),
        Step("massage", StepKind.MANUAL, suggested=60),
        hold(20),
        breath=4,
    )
    s = session(timeline)
    events = s.start(T0)
    more, now = run(s, T0)
    events += more
    assert s.phase is not None
    assert s.phase.kind is PhaseKind.MANUAL
    assert state(s) is SessionState.RUNNING
    assert [e.phase for e in starts(events)][-1] is PhaseKind.MANUAL
    breath_cues = [e for e in events if isinstance(e, CueDue) and e.kind is CueKind.BREATH]
    assert [c.text for c in breath_cues] == ["Breathe out", "Breathe in", "Breathe out"]
    assert [c.planned - breath_cues[0].planned for c in breath_cues] == [0, 2, 4]
    assert "Heel walk. Keep going for 1 minute." in cues(events)
    # the manual step waits however long it takes
    waited = s.advance_to(now + 3000)
    assert not starts(waited)
    done = s.done(now + 3000)
    assert [type(e) for e in done][:2] == [PhaseEnded, PhaseStarted]
    late = starts(done)[0]
    assert late.planned == pytest.approx(now + 3000 - T0)
    rest, _ = run(s, now + 3000)
    assert state(s) is SessionState.FINISHED
    assert isinstance(rest[-1], SessionEnded)


def test_done_does_nothing_outside_a_manual_step() -> None:
    s = session(make(hold(30)))
    s.start(T0)
    s.advance_to(T0 + 10)
    assert s.done(T0 + 10) == []
    assert s.view(T0 + 10).remaining == pytest.approx(25)


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        (Sides.BOTH, [Side.LEFT, Side.LEFT, Side.RIGHT, Side.RIGHT]),
        (Sides.ALTERNATE, [Side.LEFT, Side.RIGHT, Side.LEFT, Side.RIGHT]),
        (Sides.RIGHT, [Side.RIGHT, Side.RIGHT]),
    ],
)
def test_side_modes(sides: Sides, expected: list[Side]) -> None:
    s = session(make(hold(10, reps=2, sides=sides), prepare=0))
    events = s.start(T0) + run(s, T0)[0]
    work = [e.side for e in starts(events) if e.phase is PhaseKind.HOLD]
    assert work == expected
    said = cues(events)
    if sides is not Sides.RIGHT:
        assert "Release. Switch to the right leg." in said
    if sides is Sides.ALTERNATE:
        assert "Release. Switch to the left leg." in said


def test_repeat_for_runs_every_rep() -> None:
    timeline = make(hold(5, rest=5, repeat_for=60), prepare=0)
    s = session(timeline)
    events = s.start(T0) + run(s, T0)[0]
    holds = [e for e in starts(events) if e.phase is PhaseKind.HOLD]
    assert len(holds) == 6
    assert {e.reps for e in holds} == {6}


def boundary_times(timeline: Timeline) -> list[tuple[PhaseKind, float]]:
    return [(p.kind, p.start) for p in timeline.phases if p.seconds is not None]


KINDS_TIMELINE = make(
    hold(20, reps=2, rest=5, sides=Sides.BOTH),
    Step("dog", StepKind.BREATH, breaths=2),
    Step("heel-walk", StepKind.ACTIVITY, seconds=30),
)


@pytest.mark.parametrize(
    "boundary", range(len(KINDS_TIMELINE.phases)), ids=lambda i: str(KINDS_TIMELINE.phases[i].kind)
)
def test_pause_at_a_boundary_shifts_everything_after_it(boundary: int) -> None:
    timeline = KINDS_TIMELINE
    at = T0 + timeline.phases[boundary].start
    s = session(timeline)
    events = s.start(T0)
    events += s.pause(at)
    assert state(s) is SessionState.PAUSED
    assert s.index == boundary  # the phase that starts at the boundary has begun
    assert isinstance(events[-1], Paused)
    assert events[-1].reason == "user"
    assert s.next_wakeup() is None
    frozen = s.view(at + 50)
    assert frozen.remaining == pytest.approx(timeline.phases[boundary].length)
    assert s.advance_to(at + 50) == []
    resumed = s.resume(at + 50)
    assert isinstance(resumed[0], Resumed)
    assert resumed[0].paused_seconds == pytest.approx(50)
    after, end = run(s, at + 50)
    later = starts(after)
    assert [e.planned for e in later] == [p.start + 50 for p in timeline.phases[boundary + 1 :]]
    assert [e.t for e in later] == [e.planned for e in later]
    assert end == pytest.approx(T0 + timeline.total_seconds + 50)


def test_pause_in_the_middle_keeps_the_exact_remaining_time() -> None:
    s = session(make(hold(30), prepare=0))
    s.start(T0)
    s.advance_to(T0 + 12.25)
    s.pause(T0 + 12.25)
    assert s.view(T0 + 99).remaining == pytest.approx(17.75)
    s.resume(T0 + 99)
    assert s.next_wakeup() == pytest.approx(T0 + 99 + 2.75)  # the halfway cue moved too
    assert s.view(T0 + 100).remaining == pytest.approx(16.75)


def test_next_at_and_between_boundaries() -> None:
    timeline = make(hold(30, reps=2, rest=10))
    s = session(timeline)
    s.start(T0)
    events = s.next(T0)  # at the very start: prepare is skipped
    assert [type(e) for e in events] == [PhaseEnded, Skipped, PhaseStarted, CueDue]
    ended = events[0]
    assert isinstance(ended, PhaseEnded)
    assert ended.skipped
    assert s.index == 1
    started = starts(events)[0]
    assert started.planned == 0.0
    events = s.next(T0 + 12)  # in the middle of the hold
    assert s.index == 2
    assert starts(events)[0].planned == 12
    assert s.next_wakeup() == pytest.approx(T0 + 12 + 7)  # the rest's countdown
    s.next(T0 + 13)
    events = s.next(T0 + 14)  # past the last phase: the routine is complete
    assert state(s) is SessionState.FINISHED
    assert isinstance(events[-1], SessionEnded)
    assert events[-1].completed
    assert s.view(T0 + 20).progress == 1.0


def test_previous_restarts_the_phase_after_two_seconds_else_goes_back() -> None:
    timeline = make(hold(30, reps=2, rest=10))
    s = session(timeline)
    s.start(T0)
    s.advance_to(T0 + 5)  # the first hold begins
    assert s.index == 1
    events = s.previous(T0 + 6)  # 1 s in: back to prepare
    assert s.index == 0
    assert starts(events)[0].planned == 6
    s.advance_to(T0 + 11)  # prepare ends again on its new plan
    assert s.index == 1
    events = s.previous(T0 + 20)  # 9 s in: restart the hold
    assert s.index == 1
    assert isinstance(events[1], Skipped)
    assert events[1].action == "previous"
    assert s.view(T0 + 20).remaining == pytest.approx(30)
    assert cues(events)[0] == "Rep 1 of 2. Calf lunge. Hold for 30 seconds."
    s.next(T0 + 21)
    s.next(T0 + 22)
    assert s.index == 3
    s.previous(T0 + 22.5)  # at the boundary
    assert s.index == 2
    assert s.timeline.phases[2].kind is PhaseKind.REST


def test_previous_at_the_first_phase_restarts_it() -> None:
    s = session(make(hold(30), prepare=0))
    s.start(T0)
    s.previous(T0 + 1)
    assert s.index == 0
    assert s.view(T0 + 1).remaining == pytest.approx(30)


def test_restart_step_goes_to_its_first_rep() -> None:
    timeline = make(hold(10, reps=3, rest=5, sides=Sides.BOTH), hold(10))
    s = session(timeline)
    s.start(T0)
    s.advance_to(T0 + 60)
    assert timeline.phases[s.index].side is Side.RIGHT
    events = s.restart_step(T0 + 60)
    phase = timeline.phases[s.index]
    assert (phase.kind, phase.rep, phase.side) == (PhaseKind.HOLD, 1, Side.LEFT)
    assert isinstance(events[1], Skipped)
    assert events[1].action == "restart_step"


def test_extend_moves_the_end_and_the_countdown() -> None:
    timeline = make(hold(30), hold(30), prepare=0, transition=0)
    s = session(timeline, sleep_gap=300.0)
    s.start(T0)
    events = s.advance_to(T0 + 28.5)
    assert cues(events)[-2:] == ["3", "2"]
    events = s.extend(T0 + 28.5)
    assert isinstance(events[-1], Extended)
    assert s.view(T0 + 28.5).remaining == pytest.approx(16.5)
    events = []
    while s.index == 0:
        wake = s.next_wakeup()
        assert wake is not None
        events += s.advance_to(wake)
    assert cues(events)[:5] == [
        "15 seconds left",
        "3",
        "2",
        "1",
        "Release. Calf lunge. Hold for 30 seconds.",
    ]
    assert starts(events)[0].planned == 45  # the next hold starts at the new end
    assert starts(events)[0].t == 45
    assert s.extend(T0 + 46, seconds=0) == []


def test_extend_only_holds_and_activities() -> None:
    s = session(make(Step("dog", StepKind.BREATH, breaths=2), prepare=0))
    s.start(T0)
    assert s.extend(T0 + 1) == []


def test_a_stall_never_lengthens_what_follows() -> None:
    timeline = make(hold(10, reps=3, rest=5))
    s = session(timeline)
    events = s.start(T0)
    events += s.advance_to(T0 + 5)
    events += s.advance_to(T0 + 15.6)  # the process was stopped 0.6 s past the hold's end
    events += run(s, T0 + 15.6)[0]
    started = starts(events)
    late = [e for e in started if e.t != e.planned]
    assert [e.index for e in late] == [2]
    assert late[0].t == pytest.approx(late[0].planned + 0.6)
    assert [e.planned for e in started] == [p.start for p in timeline.phases]


def test_a_long_stall_drops_stale_countdowns_but_keeps_the_opening() -> None:
    s = session(make(hold(10, reps=2, rest=5), prepare=0))
    s.start(T0)
    events = s.advance_to(T0 + 16.5)  # hold 1 ended at 10, rest at 15
    said = cues(events)
    assert "3" not in said
    assert said == ["Hold."]  # the rest, dropped with the stall, named the rep
    assert [e.planned for e in starts(events)] == [10, 15]


def test_a_sleep_pauses_where_the_gap_began() -> None:
    timeline = make(hold(30, reps=2, rest=10), prepare=0)
    s = session(timeline)
    s.start(T0)
    s.advance_to(T0 + 8)
    events = s.advance_to(T0 + 8 + 3600)
    assert state(s) is SessionState.PAUSED
    paused = [e for e in events if isinstance(e, Paused)]
    assert len(paused) == 1
    assert paused[0].reason == "sleep"
    assert paused[0].planned == 8
    assert not starts(events)
    assert s.view(T0 + 8 + 3600).remaining == pytest.approx(22)
    s.resume(T0 + 8 + 3700)
    assert s.view(T0 + 8 + 3700).remaining == pytest.approx(22)


def test_a_short_gap_changes_nothing() -> None:
    s = session(make(hold(300), prepare=0))
    s.start(T0)
    events = s.advance_to(T0 + 250)
    assert state(s) is SessionState.RUNNING
    assert not any(isinstance(e, Paused) for e in events)


def test_the_shell_is_woken_often_enough_to_tell_a_sleep() -> None:
    s = session(make(Step("heel-walk", StepKind.ACTIVITY, seconds=3600), prepare=0))
    s.start(T0)
    now = T0
    while s.state is SessionState.RUNNING:
        wake = s.next_wakeup()
        assert wake is not None
        assert wake - now <= HEARTBEAT
        now = wake
        s.advance_to(now)
    assert state(s) is SessionState.FINISHED


def relief(escalate_after: float | None = 600.0) -> Timeline:
    return make(
        hold(30, reps=2, rest=5),
        Step("massage", StepKind.MANUAL),
        category=Category.RELIEF,
        escalate_after=escalate_after,
    )


def test_escalation_fires_once_and_counts_paused_time() -> None:
    s = session(relief())
    s.start(T0)
    run(s, T0)  # waits at the manual step
    s.pause(T0 + 100)
    assert s.next_wakeup() == T0 + 600
    events = s.advance_to(T0 + 600)
    escalated = [e for e in events if isinstance(e, Escalated)]
    assert len(escalated) == 1
    assert escalated[0].planned == 600
    assert s.view(T0 + 601).escalated
    assert s.resume(T0 + 700)[0].t == 700
    assert not any(isinstance(e, Escalated) for e in s.advance_to(T0 + 800))


def test_escalation_comes_in_time_order() -> None:
    s = session(relief(escalate_after=49))
    s.start(T0)
    events = s.advance_to(T0 + 50.5)
    kinds = [type(e).__name__ for e in events]
    escalated = kinds.index("Escalated")
    times = [e.planned for e in events]
    assert times == sorted(times)
    assert 0 < escalated < len(events) - 1
    assert {e.t for e in events} == {50.5}


def test_no_escalation_without_the_key_or_after_the_end() -> None:
    s = session(relief(escalate_after=None))
    s.start(T0)
    assert not any(isinstance(e, Escalated) for e in s.advance_to(T0 + 5000))
    s2 = session(relief(escalate_after=600))
    s2.start(T0)
    s2.advance_to(T0 + 65)
    s2.done(T0 + 70)
    assert state(s2) is SessionState.FINISHED
    assert s2.next_wakeup() is None
    assert s2.advance_to(T0 + 700) == []


def test_relief_starts_at_once() -> None:
    s = session(relief())
    events = s.start(T0)
    assert starts(events)[0].phase is PhaseKind.HOLD
    assert cues(events)[0] == "Rep 1 of 2. Calf lunge. Hold for 30 seconds."


def test_interrupt_keeps_the_time_and_rejoining_restarts_the_hold() -> None:
    stack = SessionStack()
    daily = session(make(hold(30, reps=2, rest=10)))
    stack.start(daily, T0)
    stack.advance_to(T0 + 17)
    remaining = daily.view(T0 + 17).remaining
    cramp = session(relief())
    tagged = stack.interrupt(cramp, T0 + 17)
    assert (tagged[0][0], type(tagged[0][1])) == (daily, Paused)
    assert current(stack) is cramp
    assert resumable(stack) is None  # not while the relief runs
    stack.advance_to(T0 + 60)
    assert daily.view(T0 + 60).remaining == remaining
    tagged = stack.advance_to(T0 + 17 + 65)
    cramp.done(T0 + 17 + 70)
    assert state(cramp) is SessionState.FINISHED
    assert resumable(stack) is daily
    tagged = stack.resume_suspended(T0 + 200)
    assert type(tagged[0][1]) is Resumed
    assert current(stack) is daily
    assert stack.suspended is None
    # the interrupted hold again from its start, after a get-ready of its own
    view = daily.view(T0 + 200)
    assert view.phase is not None
    assert view.phase.kind is PhaseKind.PREPARE
    assert view.index == daily.timeline.phases[1].index
    assert view.remaining == pytest.approx(REJOIN_GET_READY)
    assert remaining is not None
    assert remaining < 30
    events, _ = run(daily, T0 + 200)
    again = starts(events)[0]
    assert (again.index, again.phase) == (1, PhaseKind.HOLD)
    assert again.planned == pytest.approx(200 + REJOIN_GET_READY)


def test_leaving_the_relief_offers_the_suspended_session_and_discard_records_it() -> None:
    stack = SessionStack()
    daily = session(make(hold(30)))
    stack.start(daily, T0)
    stack.interrupt(session(relief()), T0 + 3)
    second = session(relief())
    stack.interrupt(second, T0 + 4)  # a relief interrupting a relief replaces it
    assert stack.suspended is daily
    second.stop(T0 + 10)
    assert resumable(stack) is daily
    tagged = stack.discard_suspended(T0 + 11)
    assert isinstance(tagged[-1][1], SessionEnded)
    assert not tagged[-1][1].completed
    assert resumable(stack) is None
    assert stack.resume_suspended(T0 + 12) == []


def test_resume_suspended_ends_a_running_relief() -> None:
    stack = SessionStack()
    daily = session(make(hold(30)))
    stack.start(daily, T0)
    cramp = session(relief())
    stack.interrupt(cramp, T0 + 3)
    stack.resume_suspended(T0 + 9)
    assert state(cramp) is SessionState.STOPPED
    assert state(daily) is SessionState.RUNNING


def test_stop_is_not_completed() -> None:
    s = session(make(hold(30)))
    s.start(T0)
    s.advance_to(T0 + 10)
    events = s.stop(T0 + 10)
    assert [type(e) for e in events] == [PhaseEnded, SessionEnded]
    end = events[-1]
    assert isinstance(end, SessionEnded)
    assert not end.completed
    assert state(s) is SessionState.STOPPED
    assert s.advance_to(T0 + 100) == []
    assert s.next_wakeup() is None
    view = s.view(T0 + 100)
    assert view.session_seconds == 10


def test_view_reports_progress_breath_and_next_up() -> None:
    timeline = make(
        Step("dog", StepKind.BREATH, breaths=2, reps=2, rest=5), hold(10), prepare=5, breath=4
    )
    s = session(timeline)
    ready = s.view(T0)
    assert ready.state is SessionState.READY
    assert ready.total_remaining == timeline.total_seconds
    s.start(T0)
    view = s.view(T0 + 2)
    assert view.phase is not None
    assert view.phase.kind is PhaseKind.PREPARE
    # get-ready shows rep 1 already (issue 12): next up is what follows it
    assert view.next_up == "Downward dog, rep 2 of 2"
    s.advance_to(T0 + 8)
    view = s.view(T0 + 8)
    assert view.inhale is False
    assert view.beat_fraction == pytest.approx(0.5)
    assert view.next_up == "Downward dog, rep 2 of 2"
    assert view.progress == pytest.approx(8 / timeline.total_seconds)
    assert view.total_remaining == pytest.approx(timeline.total_seconds - 8)
    assert view.elapsed == pytest.approx(3)


def test_routine_with_a_single_manual_step() -> None:
    s = session(make(Step("massage", StepKind.MANUAL), category=Category.RELIEF))
    events = s.start(T0)
    assert cues(events) == ["Your turn: Massage. Press done when it has eased."]
    view = s.view(T0 + 5)
    assert view.remaining is None
    assert view.total_remaining == 0
    events = s.done(T0 + 40)
    assert cues(events) == ["Well done. Routine complete."]
    assert state(s) is SessionState.FINISHED


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(list(StepKind)))
        steps.append(
            Step(
                exercise=draw(st.sampled_from(sorted(EXERCISES))),
                kind=kind,
                seconds=draw(st.sampled_from([1.0, 3.5, 20.0, 45.0]))
                if kind in (StepKind.HOLD, StepKind.ACTIVITY)
                else None,
                breaths=draw(st.integers(1, 4)) if kind is StepKind.BREATH else None,
                reps=draw(st.integers(1, 3)),
                rest=draw(st.sampled_from([0.0, 2.0, 10.0])),
                sides=draw(st.sampled_from(list(Sides))),
            )
        )
    return Routine(
        id="r",
        title="R",
        category=draw(st.sampled_from(list(Category))),
        steps=tuple(steps),
        prepare=draw(st.sampled_from([0.0, 2.0, 5.0])),
        switch=draw(st.sampled_from([0.0, 3.0, 5.0])),
        breath=draw(st.sampled_from([1.0, 4.0, 5.0])),
        transition=draw(st.sampled_from([0.0, 5.0])),
    )


@settings(max_examples=80, deadline=None)
@given(routines(), st.sampled_from(list(Verbosity)), st.floats(0, 20))
def test_a_run_follows_the_plan_and_every_cue_lies_inside_its_phase(
    routine: Routine, verbosity: Verbosity, manual_seconds: float
) -> None:
    timeline = compile_routine(routine)
    s = Session(timeline, EXERCISES, verbosity=verbosity)
    events = s.start(T0)
    now = T0
    while s.state is SessionState.RUNNING:
        phase = s.phase
        assert phase is not None
        if phase.kind is PhaseKind.MANUAL:
            now += manual_seconds
            events += s.advance_to(now)
            events += s.done(now)
            continue
        wake = s.next_wakeup()
        assert wake is not None
        now = wake
        events += s.advance_to(now)
    # phases never overlap and follow one another
    bounds: dict[int, list[float]] = {}
    current = -1
    for event in events:
        if isinstance(event, PhaseStarted):
            bounds[event.index] = [event.planned, event.planned]
            current = event.index
        elif isinstance(event, PhaseEnded):
            assert event.index == current
            bounds[current][1] = event.planned
        elif isinstance(event, CueDue):
            low, _ = bounds[event.index]
            assert event.index == current
            assert event.planned >= low - 1e-9
            assert event.t == pytest.approx(event.planned)
    spans = [bounds[i] for i in range(len(timeline.phases))]
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start == pytest.approx(end)
    for (start, end), phase in zip(spans, timeline.phases, strict=True):
        assert end - start == pytest.approx(
            manual_seconds if phase.seconds is None else phase.seconds
        )
        assert end >= start
    for event in events:
        if isinstance(event, CueDue):
            start, end = bounds[event.index]
            assert start - 1e-9 <= event.planned <= end + 1e-9
    manual = sum(1 for p in timeline.phases if p.seconds is None)
    assert now == pytest.approx(T0 + timeline.total_seconds + manual * manual_seconds)
    # every cue said was pre-rendered
    texts = set(all_texts(timeline, EXERCISES, verbosity))
    assert {e.text for e in events if isinstance(e, CueDue)} <= texts
    # and every planned cue was said exactly once (nothing was late)
    planned = sum(len(phase_cues(timeline, i, EXERCISES, verbosity)) for i in range(len(spans)))
    assert len([e for e in events if isinstance(e, CueDue)]) == planned


def test_pause_at_a_manual_step_then_done_later() -> None:
    timeline = make(hold(10), Step("massage", StepKind.MANUAL), hold(10), transition=0)
    s = session(timeline)
    s.start(T0)
    s.advance_to(T0 + 15)
    assert s.index == 2
    s.pause(T0 + 15)
    assert s.next_wakeup() is None
    events = s.done(T0 + 40)  # done while paused: the next phase waits for resume
    assert state(s) is SessionState.PAUSED
    assert starts(events)[0].planned == 15
    assert not cues(events)[1:]
    resumed = s.resume(T0 + 50)
    assert cues(resumed) == ["Calf lunge. Hold for 10 seconds."]
    assert [e.planned for e in resumed if isinstance(e, CueDue)] == [50]
    rest, end = run(s, T0 + 50)
    assert end == T0 + 60
    assert isinstance(rest[-1], SessionEnded)


def test_commands_before_start_and_after_the_end_do_nothing() -> None:
    s = session(make(hold(5), prepare=0))
    for command in (s.advance_to, s.pause, s.resume, s.next, s.previous, s.done, s.extend):
        assert command(T0) == []
    assert s.next_wakeup() is None
    s.start(T0)
    assert s.start(T0 + 1) == []
    run(s, T0)
    assert state(s) is SessionState.FINISHED
    for command in (s.advance_to, s.pause, s.resume, s.next, s.previous, s.done, s.stop):
        assert command(T0 + 100) == []
    assert s.view(T0 + 100).remaining == 0


def test_time_never_runs_backwards() -> None:
    s = session(make(hold(30), prepare=0))
    s.start(T0)
    s.advance_to(T0 + 20)
    assert s.advance_to(T0 + 10) == []
    assert s.view(T0 + 20).remaining == pytest.approx(10)
