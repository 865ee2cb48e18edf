"""The timeline: what a routine expands to, and measure() agreeing with it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchapp.core.routine import Category, CueTexts, Routine, Side, Sides, Step, StepKind
from stretchapp.core.timeline import (
    MAX_PHASES,
    MAX_TOTAL_SECONDS,
    PhaseKind,
    Timeline,
    TimelineError,
    compile_routine,
    measure,
)


def routine(*steps: Step, category: Category = Category.DAILY, **fields: float) -> Routine:
    return Routine(id="r", title="R", category=category, steps=steps, **fields)  # type: ignore[arg-type]


def kinds(timeline: Timeline) -> list[str]:
    return [str(phase.kind) for phase in timeline.phases]


def test_prepare_then_holds_with_rests_between_reps_only() -> None:
    timeline = compile_routine(
        routine(Step("calf-lunge", StepKind.HOLD, seconds=30, reps=3, rest=10))
    )
    assert kinds(timeline) == ["prepare", "hold", "rest", "hold", "rest", "hold"]
    assert [p.start for p in timeline.phases] == [0, 5, 35, 45, 75, 85]
    assert timeline.total_seconds == 115
    assert [p.rep for p in timeline.phases] == [1, 1, 2, 2, 3, 3]
    assert timeline.phases[0].step is None
    assert all(p.exercise == "calf-lunge" for p in timeline.phases)


def test_relief_has_no_prepare_and_prepare_zero_has_none() -> None:
    step = Step("calf-lunge", StepKind.HOLD, seconds=30)
    relief = compile_routine(routine(step, category=Category.RELIEF, prepare=10))
    assert kinds(relief) == ["hold"]
    assert kinds(compile_routine(routine(step, prepare=0))) == ["hold"]
    assert kinds(compile_routine(routine(step), prepare=0)) == ["hold"]
    assert kinds(compile_routine(routine(step, category=Category.RELIEF), prepare=7)) == ["hold"]


def test_breath_phase_lasts_its_breaths() -> None:
    timeline = compile_routine(routine(Step("dog", StepKind.BREATH, breaths=4)), breath=6)
    breath = timeline.phases[1]
    assert breath.kind is PhaseKind.BREATH
    assert breath.seconds == 24
    assert breath.breaths == 4
    assert breath.breath_seconds == 6


def test_activity_and_manual() -> None:
    timeline = compile_routine(
        routine(
            Step("heel-walk", StepKind.ACTIVITY, seconds=120),
            Step("massage", StepKind.MANUAL, suggested=90),
            Step("toe-pull", StepKind.HOLD, seconds=30),
        )
    )
    assert kinds(timeline) == ["prepare", "activity", "transition", "manual", "transition", "hold"]
    manual = timeline.phases[3]
    assert manual.seconds is None
    assert manual.suggested == 90
    assert timeline.phases[4].start == manual.start
    assert timeline.total_seconds == 5 + 120 + 5 + 5 + 30


def test_transition_announces_the_next_step() -> None:
    timeline = compile_routine(
        routine(
            Step("a", StepKind.HOLD, seconds=10),
            Step("b", StepKind.HOLD, seconds=10, sides=Sides.RIGHT, reps=2),
        ),
        transition=3,
    )
    transition = timeline.phases[2]
    assert transition.kind is PhaseKind.TRANSITION
    assert (transition.exercise, transition.step, transition.rep, transition.reps) == ("b", 1, 1, 2)
    assert transition.side is Side.RIGHT
    assert transition.seconds == 3


def test_each_phase_carries_the_cues_of_its_step_and_pauses_those_of_the_next() -> None:
    own = CueTexts(start="{name}. Gently.", end="Let go gently.")
    timeline = compile_routine(
        routine(
            Step("a", StepKind.HOLD, seconds=10, reps=2, rest=5, sides=Sides.BOTH, cues=own),
            Step("b", StepKind.MANUAL),
            Step("c", StepKind.HOLD, seconds=10, cues=CueTexts(halfway="Nearly.")),
        )
    )
    assert kinds(timeline) == [
        "prepare", "hold", "rest", "hold", "switch", "hold", "rest", "hold",
        "transition", "manual", "transition", "hold",
    ]  # fmt: skip
    assert [p.cues for p in timeline.phases] == [own] * 8 + [CueTexts()] * 2 + [
        CueTexts(halfway="Nearly.")
    ] * 2


def test_sides_both_all_left_then_one_switch_then_all_right() -> None:
    timeline = compile_routine(
        routine(Step("fold", StepKind.HOLD, seconds=20, reps=2, rest=5, sides=Sides.BOTH)),
        prepare=0,
    )
    assert kinds(timeline) == ["hold", "rest", "hold", "switch", "hold", "rest", "hold"]
    sides = [p.side for p in timeline.phases]
    assert sides == [Side.LEFT] * 3 + [Side.RIGHT] * 4
    assert [p.rep for p in timeline.phases] == [1, 2, 2, 1, 1, 2, 2]


def test_sides_alternate_is_rounds_of_both_legs() -> None:
    timeline = compile_routine(
        routine(Step("dog", StepKind.HOLD, seconds=20, reps=3, sides=Sides.ALTERNATE)),
        prepare=0,
    )
    work = [(p.rep, p.side) for p in timeline.phases if p.is_work]
    assert work == [(r, s) for r in (1, 2, 3) for s in (Side.LEFT, Side.RIGHT)]
    assert kinds(timeline).count("switch") == 5
    assert kinds(timeline)[:3] == ["hold", "switch", "hold"]


def test_alternate_rest_between_rounds_comes_before_the_switch() -> None:
    timeline = compile_routine(
        routine(Step("dog", StepKind.HOLD, seconds=20, reps=2, rest=10, sides=Sides.ALTERNATE)),
        prepare=0,
    )
    assert kinds(timeline) == ["hold", "switch", "hold", "rest", "switch", "hold", "switch", "hold"]


def test_single_side_and_no_switch_pause() -> None:
    left = compile_routine(routine(Step("x", StepKind.HOLD, seconds=5, sides=Sides.LEFT)))
    assert left.phases[-1].side is Side.LEFT
    both = compile_routine(
        routine(Step("x", StepKind.HOLD, seconds=5, sides=Sides.BOTH)), switch=0, prepare=0
    )
    assert kinds(both) == ["hold", "hold"]


def test_repeat_for_fits_as_many_reps_as_fit() -> None:
    timeline = compile_routine(
        routine(Step("wall-lean", StepKind.HOLD, seconds=5, rest=5, repeat_for=300)), prepare=0
    )
    holds = [p for p in timeline.phases if p.kind is PhaseKind.HOLD]
    assert len(holds) == 30
    assert holds[-1].reps == 30
    assert timeline.total_seconds <= 300
    short = compile_routine(routine(Step("x", StepKind.HOLD, seconds=50, repeat_for=10)))
    assert [p.kind for p in short.phases].count(PhaseKind.HOLD) == 1


def test_hostile_routine_is_refused_without_expanding() -> None:
    step = Step("x", StepKind.HOLD, seconds=0.5, repeat_for=7200)
    hostile = routine(*([step] * 1000))
    count, total = measure(hostile)
    assert count > MAX_PHASES
    assert total > 0
    with pytest.raises(TimelineError, match="phases"):
        compile_routine(hostile)


def test_too_long_is_refused() -> None:
    step = Step("x", StepKind.HOLD, seconds=7200)
    with pytest.raises(TimelineError, match="hours"):
        compile_routine(routine(step, step, step))


@st.composite
def steps(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from(list(StepKind)))
    seconds = draw(st.floats(0.5, 200).map(lambda x: round(x, 3)))
    repeat = kind in (StepKind.HOLD, StepKind.BREATH) and draw(st.booleans())
    return Step(
        exercise=draw(st.sampled_from(["a", "b", "c"])),
        kind=kind,
        seconds=seconds if kind in (StepKind.HOLD, StepKind.ACTIVITY) else None,
        breaths=draw(st.integers(1, 10)) if kind is StepKind.BREATH else None,
        reps=draw(st.integers(1, 6)),
        repeat_for=draw(st.floats(1, 600)) if repeat else None,
        rest=draw(st.sampled_from([0.0, 2.5, 10.0, 0.1])),
        sides=draw(st.sampled_from(list(Sides))),
        suggested=draw(st.floats(1, 120)),
    )


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    return Routine(
        id="r",
        title="R",
        category=draw(st.sampled_from(list(Category))),
        steps=tuple(draw(st.lists(steps(), min_size=1, max_size=5))),
        prepare=draw(st.sampled_from([0.0, 5.0, 3.3])),
        switch=draw(st.sampled_from([0.0, 5.0, 0.7])),
        breath=draw(st.sampled_from([5.0, 4.0, 2.3])),
        transition=draw(st.sampled_from([0.0, 5.0, 1.1])),
    )


@settings(max_examples=200, deadline=None)
@given(routines())
def test_measure_agrees_with_compile_and_phases_tile_the_total(r: Routine) -> None:
    count, total = measure(r)
    if count > MAX_PHASES or total > MAX_TOTAL_SECONDS:
        with pytest.raises(TimelineError):
            compile_routine(r)
        return
    timeline = compile_routine(r)
    assert (count, total) == (len(timeline.phases), timeline.total_seconds)
    assert [p.index for p in timeline.phases] == list(range(len(timeline.phases)))
    clock = 0.0
    for phase in timeline.phases:
        assert phase.start == pytest.approx(clock, abs=1e-6)  # no gap, no overlap
        assert (phase.seconds is None) == (phase.kind is PhaseKind.MANUAL)
        assert phase.seconds is None or phase.seconds > 0
        clock += phase.length
    assert clock == pytest.approx(timeline.total_seconds, abs=1e-6)
    work = [p for p in timeline.phases if p.is_work]
    assert {p.step for p in work} == set(range(len(r.steps)))
    if r.category is Category.RELIEF:
        assert all(p.kind is not PhaseKind.PREPARE for p in timeline.phases)


@settings(max_examples=100, deadline=None)
@given(routines(), st.sampled_from([None, 0.0, 2.0]), st.sampled_from([None, 1.5, 8.0]))
def test_measure_agrees_with_compile_under_overrides(
    r: Routine, switch: float | None, breath: float | None
) -> None:
    counted = measure(r, switch=switch, breath=breath, transition=switch, prepare=breath)
    try:
        timeline = compile_routine(
            r, switch=switch, breath=breath, transition=switch, prepare=breath
        )
    except TimelineError:
        assert counted[0] > MAX_PHASES or counted[1] > MAX_TOTAL_SECONDS
        return
    assert counted == (len(timeline.phases), timeline.total_seconds)
