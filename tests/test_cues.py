"""Cues: what is said in each phase and when, in the three verbosities."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchapp.core.cues import (
    GAP,
    MIN_GAP,
    Cue,
    CueKind,
    Speaking,
    Verbosity,
    all_texts,
    breath_beat,
    fill,
    phase_cues,
    speaking_time,
)
from stretchapp.core.routine import Category, CueTexts, Exercise, Routine, Sides, Step, StepKind
from stretchapp.core.timeline import PhaseKind, Timeline, compile_routine

EXERCISES = {
    "calf-lunge": Exercise("calf-lunge", "Calf lunge"),
    "dog": Exercise("dog", "Downward dog"),
    "walk": Exercise("walk", "Heel walk"),
    "massage": Exercise("massage", "Massage"),
    "custom": Exercise(
        "custom",
        "Wall lean",
        cues=CueTexts(
            start="{name}. Push your {side} heel down for {seconds} seconds.",
            end="Let go.",
            halfway="{seconds} to go",
            switch="Now the {side} side.",
            rep="Round {rep} of {reps}.",
        ),
    ),
}


def make(*steps: Step, **fields: float) -> Timeline:
    routine = Routine(id="r", title="R", category=Category.DAILY, steps=steps, **fields)  # type: ignore[arg-type]
    return compile_routine(routine)


def words(text: str) -> float:
    """A quick voice: 0.35 s a word, for tests of the fit that name the time each text takes."""
    return 0.35 * len(text.split())


def texts(
    timeline: Timeline,
    index: int,
    verbosity: Verbosity = Verbosity.FULL,
    speaking: Speaking = speaking_time,
) -> list[str]:
    return [cue.text for cue in phase_cues(timeline, index, EXERCISES, verbosity, speaking)]


def at(cue: Cue, length: float) -> float:
    return length - cue.offset if cue.from_end else cue.offset


def test_a_hold_says_start_halfway_countdown_and_release() -> None:
    timeline = make(
        Step("calf-lunge", StepKind.HOLD, seconds=30, sides=Sides.LEFT), Step("walk", StepKind.HOLD)
    )
    cues = phase_cues(timeline, 1, EXERCISES, Verbosity.FULL)
    assert [(c.kind, c.text) for c in cues] == [
        (CueKind.START, "Calf lunge, left leg. Hold for 30 seconds."),
        (CueKind.HALFWAY, "15 seconds left"),
        (CueKind.COUNTDOWN, "3"),
        (CueKind.COUNTDOWN, "2"),
        (CueKind.COUNTDOWN, "1"),
    ]
    assert [at(c, 30) for c in cues] == [0, 15, 27, 28, 29]
    # the release is said at the same instant as what comes next, as one sentence
    assert texts(timeline, 2)[0].startswith("Release. Next up: Heel walk.")


def test_an_end_with_nothing_said_after_it_stands_alone() -> None:
    timeline = make(Step("calf-lunge", StepKind.HOLD, seconds=20, reps=2, rest=10), prepare=0)
    # minimal verbosity says nothing as a rest begins, so the release keeps its own cue
    assert texts(timeline, 0, Verbosity.MINIMAL)[-1] == "Release."
    assert texts(timeline, 1, Verbosity.MINIMAL) == []
    assert texts(timeline, 0, Verbosity.FULL)[-1] == "1"
    assert texts(timeline, 1, Verbosity.FULL)[0] == (
        "Release. Rest. Next up: Calf lunge, rep 2 of 2."
    )


def test_the_rep_joins_the_start_and_the_last_phase_says_the_finish() -> None:
    timeline = make(Step("calf-lunge", StepKind.HOLD, seconds=10, reps=5))
    assert texts(timeline, 1)[0] == "Rep 1 of 5. Calf lunge. Hold for 10 seconds."
    said = texts(timeline, 2)
    assert said[0] == "Release. Rep 2 of 5. Hold."  # the first rep said what and how long
    assert "10 seconds left" not in " ".join(said)  # no halfway under 20 s
    assert texts(timeline, len(timeline.phases) - 1)[-1] == "Release. Well done. Routine complete."


def test_short_holds_keep_the_countdown_clear_of_the_start() -> None:
    timeline = make(Step("calf-lunge", StepKind.HOLD, seconds=5, reps=2), prepare=0)
    # about three seconds to say the first opening; the second is short
    first = texts(timeline, 0, speaking=words)
    assert first == ["Rep 1 of 2. Calf lunge. Hold for 5 seconds.", "1"]
    second = texts(timeline, 1, speaking=words)
    assert second == ["Release. Rep 2 of 2. Hold.", "2", "1", *second[3:]]
    short = make(Step("calf-lunge", StepKind.HOLD, seconds=20), prepare=0)
    cues = phase_cues(short, 0, EXERCISES, Verbosity.FULL)
    halfway = next(c for c in cues if c.kind is CueKind.HALFWAY)
    assert all(abs(at(halfway, 20) - at(c, 20)) >= MIN_GAP for c in cues if c is not halfway)


def test_pauses_say_what_comes_next() -> None:
    timeline = make(
        Step("calf-lunge", StepKind.HOLD, seconds=20, reps=2, rest=10, sides=Sides.BOTH),
        Step("dog", StepKind.BREATH, breaths=3),
    )
    kinds = [p.kind for p in timeline.phases]
    prepare = texts(timeline, 0)
    assert prepare[0] == "Get ready: Calf lunge, left leg."
    rest = texts(timeline, kinds.index(PhaseKind.REST))
    assert rest[0] == "Release. Rest. Next up: Calf lunge, left leg, rep 2 of 2."
    assert rest[1:] == ["3", "2", "1"]
    assert texts(timeline, kinds.index(PhaseKind.SWITCH))[0] == "Release. Switch to the right leg."
    transition = texts(timeline, kinds.index(PhaseKind.TRANSITION))
    assert transition[0] == "Release. Next up: Downward dog. 3 slow breaths."


def test_breaths_alternate_on_each_half_breath() -> None:
    timeline = make(Step("dog", StepKind.BREATH, breaths=2), breath=6, prepare=0)
    cues = phase_cues(timeline, 0, EXERCISES, Verbosity.FULL, words)
    assert [(c.text, at(c, 12)) for c in cues] == [
        ("Downward dog. 2 slow breaths. Breathe in.", 0),
        ("Breathe out", 3),
        ("Breathe in", 6),
        ("Breathe out", 9),
        ("Release. Well done. Routine complete.", 12),
    ]


def test_activity_and_manual() -> None:
    timeline = make(
        Step("walk", StepKind.ACTIVITY, seconds=120),
        Step("massage", StepKind.MANUAL),
        Step("dog", StepKind.HOLD, seconds=5),
    )
    walk = texts(timeline, 1)
    assert walk[0] == "Heel walk. Keep going for 2 minutes."
    assert walk[1] == "1 minute left"
    assert texts(timeline, 2)[0] == "Time is up. Next up: Massage."
    manual = phase_cues(timeline, 3, EXERCISES, Verbosity.FULL)
    assert [(c.kind, c.text) for c in manual] == [
        (CueKind.MANUAL, "Your turn: Massage. Press done when it has eased.")
    ]


def test_exercise_overrides_fill_their_placeholders() -> None:
    timeline = make(
        Step("custom", StepKind.HOLD, seconds=40, reps=2, sides=Sides.BOTH),
        Step("dog", StepKind.HOLD, seconds=5),
    )
    said = texts(timeline, 1)
    assert said[0] == "Round 1 of 2. Wall lean. Push your left heel down for 40 seconds."
    assert said[1] == "20 to go"
    assert texts(timeline, 2)[0].startswith("Let go. ")
    switch = next(p.index for p in timeline.phases if p.kind is PhaseKind.SWITCH)
    assert texts(timeline, switch)[0] == "Let go. Now the right side."


def test_a_steps_own_cues_win_over_its_exercises_for_that_step_only() -> None:
    own = CueTexts(
        start="{name}. Gently, your {side} heel, {seconds} seconds.",
        end="Let go gently.",
        switch="Gently, the {side} side now.",
    )
    timeline = make(
        Step("custom", StepKind.HOLD, seconds=40, reps=2, sides=Sides.BOTH, cues=own),
        Step("custom", StepKind.HOLD, seconds=40),
    )
    said = texts(timeline, 1)
    # start, end and switch are the step's; rep and halfway are still the exercise's
    assert said[0] == "Round 1 of 2. Wall lean. Gently, your left heel, 40 seconds."
    assert said[1] == "20 to go"
    assert texts(timeline, 2)[0].startswith("Let go gently. ")
    switch = next(p.index for p in timeline.phases if p.kind is PhaseKind.SWITCH)
    assert texts(timeline, switch)[0] == "Let go gently. Gently, the right side now."
    # the next step uses the same exercise without cues of its own: the exercise's texts
    transition = next(p.index for p in timeline.phases if p.kind is PhaseKind.TRANSITION)
    assert texts(timeline, transition)[0].startswith("Let go gently. ")
    last = texts(timeline, len(timeline.phases) - 1)
    assert last[0] == "Wall lean. Push your heel down for 40 seconds."
    assert last[-1] == "Let go. Well done. Routine complete."


def test_a_steps_own_start_is_said_for_an_exercise_without_cues() -> None:
    timeline = make(
        Step("massage", StepKind.MANUAL, cues=CueTexts(start="{name}: gently, your cramped calf.")),
        prepare=0,
    )
    said = ["Massage: gently, your cramped calf.", "Well done. Routine complete."]
    assert texts(timeline, 0) == said
    assert all_texts(timeline, EXERCISES, Verbosity.FULL) == said


def test_fill_is_safe_with_any_text() -> None:
    values = {"name": "Calf lunge", "side": ""}
    assert fill("Push your {side} heel.", values) == "Push your heel."
    assert fill("{name.__class__} {unknown} {", values) == "{name.__class__} {unknown} {"
    assert fill("{name} , now", values) == "Calf lunge, now"


def test_minimal_says_start_and_end_only() -> None:
    timeline = make(Step("calf-lunge", StepKind.HOLD, seconds=30, reps=2, rest=5))
    assert texts(timeline, 0, Verbosity.MINIMAL) == []
    assert texts(timeline, 1, Verbosity.MINIMAL) == ["Calf lunge. Hold for 30 seconds.", "Release."]
    assert texts(timeline, 2, Verbosity.MINIMAL) == []


def test_countdown_says_only_the_count() -> None:
    timeline = make(
        Step("calf-lunge", StepKind.HOLD, seconds=30),
        Step("massage", StepKind.MANUAL),
        Step("calf-lunge", StepKind.HOLD, seconds=2),
    )
    assert texts(timeline, 1, Verbosity.COUNTDOWN) == ["3", "2", "1"]
    assert texts(timeline, 3, Verbosity.COUNTDOWN) == []
    assert texts(timeline, 5, Verbosity.COUNTDOWN) == ["2", "1"]


def test_all_texts_lists_each_text_once_in_order_of_first_use() -> None:
    timeline = make(Step("calf-lunge", StepKind.HOLD, seconds=30, reps=3, rest=5))
    said = all_texts(timeline, EXERCISES, Verbosity.FULL, words)
    assert said[:3] == ["Get ready: Calf lunge.", "3", "2"]
    assert len(said) == len(set(said))
    # the rest names the rep, so the hold after it does not say it again
    assert "Release. Rest. Next up: Calf lunge, rep 3 of 3." in said
    assert "Hold." in said
    assert all_texts(timeline, EXERCISES, Verbosity.COUNTDOWN) == ["3", "2", "1"]


def test_unknown_exercise_still_has_a_name() -> None:
    timeline = make(Step("toe-pull", StepKind.HOLD, seconds=10), prepare=0)
    assert texts(timeline, 0)[0] == "Toe pull. Hold for 10 seconds."


def test_breath_beat() -> None:
    timeline = make(Step("dog", StepKind.BREATH, breaths=2), breath=4, prepare=0)
    phase = timeline.phases[0]
    assert breath_beat(phase, 0.5) == (True, 0.25)
    assert breath_beat(phase, 3.0) == (False, 0.5)
    assert breath_beat(phase, 8.0) == (False, 1.0)
    assert breath_beat(phase, 5.0) == (True, 0.5)
    hold = make(Step("dog", StepKind.HOLD, seconds=4)).phases[1]
    assert breath_beat(hold, 1.0) is None


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    kind = draw(st.sampled_from(list(StepKind)))
    step = Step(
        exercise=draw(st.sampled_from(sorted(EXERCISES))),
        kind=kind,
        seconds=draw(st.floats(0.5, 90)) if kind in (StepKind.HOLD, StepKind.ACTIVITY) else None,
        breaths=draw(st.integers(1, 6)) if kind is StepKind.BREATH else None,
        reps=draw(st.integers(1, 3)),
        rest=draw(st.floats(0, 15)),
        sides=draw(st.sampled_from(list(Sides))),
    )
    return make(
        step,
        step,
        breath=draw(st.floats(0.5, 8)),
        switch=draw(st.floats(0, 8)),
        prepare=draw(st.floats(0, 8)),
        transition=draw(st.floats(0, 8)),
    )


@settings(max_examples=150, deadline=None)
@given(timelines(), st.sampled_from(list(Verbosity)))
def test_every_cue_lies_inside_its_phase_and_none_collide(
    timeline: Timeline, verbosity: Verbosity
) -> None:
    for phase in timeline.phases:
        cues = phase_cues(timeline, phase.index, EXERCISES, verbosity)
        assert all(cue.text for cue in cues)
        if phase.seconds is None:
            assert all(cue.offset == 0 for cue in cues)
            continue
        times = [at(cue, phase.seconds) for cue in cues]
        assert all(-1e-9 <= time <= phase.seconds + 1e-9 for time in times)
        assert times == sorted(times)
        for first, second in itertools.pairwise(cues):
            gap = at(second, phase.seconds) - at(first, phase.seconds)
            if {first.kind, second.kind} & {CueKind.HALFWAY, CueKind.BREATH}:
                assert gap >= MIN_GAP - 1e-9
        starts = [c for c in cues if not c.from_end and c.offset == 0]
        counts = [c for c in cues if c.kind is CueKind.COUNTDOWN]
        if verbosity is not Verbosity.COUNTDOWN and starts:
            room = speaking_time(starts[0].text)
            assert all(at(c, phase.seconds) >= room for c in counts)


def test_a_breath_opening_is_shortened_to_end_before_the_first_exhale() -> None:
    timeline = make(
        Step("dog", StepKind.BREATH, breaths=3, reps=2, sides=Sides.LEFT), breath=5, prepare=0
    )
    first = phase_cues(timeline, 0, EXERCISES, Verbosity.FULL, words)[0]
    assert first.text == "Downward dog, left leg. Breathe in."
    assert words(first.text) <= 2.5 - GAP
    quick = make(Step("dog", StepKind.BREATH, breaths=3), breath=2, prepare=0)
    assert texts(quick, 0, speaking=words)[:3] == ["Breathe in.", "Breathe out", "Breathe in"]
    assert texts(quick, 0, Verbosity.MINIMAL)[0] == "Downward dog. 3 slow breaths."


def test_one_second_is_singular_and_a_kneeling_side_names_the_knee() -> None:
    assert fill("Hold {seconds} seconds.", {"seconds": "1"}) == "Hold 1 second."
    assert fill("Hold {seconds} seconds.", {"seconds": "11"}) == "Hold 11 seconds."
    kneel = {
        "kq": Exercise(
            "kq", "Kneeling quad stretch", cues=CueTexts(start="{name}: kneel on your {side} knee.")
        )
    }
    timeline = make(Step("kq", StepKind.BREATH, breaths=10, sides=Sides.BOTH))
    prepare = phase_cues(timeline, 0, kneel, Verbosity.FULL)[0].text
    assert prepare.startswith("Get ready: Kneeling quad stretch")
    assert "left leg" not in prepare
    switch = next(p.index for p in timeline.phases if p.kind is PhaseKind.SWITCH)
    assert "right knee" in phase_cues(timeline, switch, kneel, Verbosity.FULL)[0].text
