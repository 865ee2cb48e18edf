"""Texts shared by the window, the terminal and the voice."""

from __future__ import annotations

import pytest

from stretchapp.core.routine import Category, Exercise, Routine, Side, Sides, Step, StepKind
from stretchapp.core.texts import (
    both_legs_steps,
    clock,
    cramp_clock,
    describe,
    exercise_name,
    legs_label,
    phase_label,
    plain_number,
    progress_bar,
    rep_label,
    side_label,
    side_words,
    spoken_duration,
    status_line,
    total_text,
)
from stretchapp.core.timeline import Phase, PhaseKind

EXERCISES = {"calf-lunge": Exercise("calf-lunge", "Calf lunge")}


def phase(kind: PhaseKind = PhaseKind.HOLD, **fields: object) -> Phase:
    values: dict[str, object] = {
        "index": 3,
        "kind": kind,
        "start": 10.0,
        "seconds": 30.0,
        "step": 0,
        "exercise": "calf-lunge",
        "rep": 2,
        "reps": 5,
        "side": Side.LEFT,
    }
    values.update(fields)
    return Phase(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (PhaseKind.PREPARE, "Get ready"),
        (PhaseKind.HOLD, "Hold"),
        (PhaseKind.BREATH, "Breathe"),
        (PhaseKind.REST, "Rest"),
        (PhaseKind.SWITCH, "Switch sides"),
        (PhaseKind.TRANSITION, "Next"),
        (PhaseKind.ACTIVITY, "Walk"),
        (PhaseKind.MANUAL, "Your turn"),
    ],
)
def test_phase_label(kind: PhaseKind, label: str) -> None:
    assert phase_label(kind) == label


def test_breath_label_follows_the_beat() -> None:
    assert phase_label(PhaseKind.BREATH, inhale=True) == "Breathe in"
    assert phase_label(PhaseKind.BREATH, inhale=False) == "Breathe out"
    assert phase_label(PhaseKind.HOLD, inhale=True) == "Hold"


def test_rep_and_side_labels() -> None:
    assert rep_label(phase()) == "Rep 2 of 5"
    assert rep_label(phase(rep=1, reps=1)) == ""
    assert rep_label(phase(rep=None, reps=None)) == ""
    assert side_label(Side.LEFT) == "Left leg"
    assert side_label(Side.RIGHT) == "Right leg"
    assert side_label(None) == ""
    assert side_words(Side.RIGHT) == "right leg"


def test_exercise_name_falls_back_to_the_id() -> None:
    assert exercise_name("calf-lunge", EXERCISES) == "Calf lunge"
    assert exercise_name("toe-pull", EXERCISES) == "Toe pull"
    assert exercise_name(None, EXERCISES) == ""


@pytest.mark.parametrize(
    ("seconds", "spoken"),
    [
        (30, "30 seconds"),
        (1, "1 second"),
        (60, "1 minute"),
        (90, "1 minute 30 seconds"),
        (121, "2 minutes 1 second"),
        (3600, "1 hour"),
        (2.5, "2.5 seconds"),
        (0, "0 seconds"),
    ],
)
def test_spoken_duration(seconds: float, spoken: str) -> None:
    assert spoken_duration(seconds) == spoken


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(44.2, "0:45"), (45, "0:45"), (0, "0:00"), (-1, "0:00"), (3723, "1:02:03"), (59.01, "1:00")],
)
def test_clock_rounds_up(seconds: float, shown: str) -> None:
    assert clock(seconds) == shown


def test_plain_number() -> None:
    assert plain_number(30.0) == "30"
    assert plain_number(12.5) == "12.5"


def test_describe_and_status_line() -> None:
    assert describe(phase(), EXERCISES) == "Calf lunge, left leg, rep 2 of 5"
    assert describe(phase(side=None, reps=1), EXERCISES) == "Calf lunge"
    assert status_line(phase(), EXERCISES) == "Hold · Calf lunge · Left leg · Rep 2 of 5"
    rest = phase(PhaseKind.REST, side=None)
    assert status_line(rest, EXERCISES, separator=" - ") == "Rest - Calf lunge - Rep 2 of 5"
    breath = phase(PhaseKind.BREATH)
    assert status_line(breath, EXERCISES, inhale=False).startswith("Breathe out · ")


def test_progress_bar() -> None:
    assert progress_bar(0.5, width=10) == "[#####-----]"
    assert progress_bar(2.0, width=4) == "[####]"
    assert progress_bar(-1.0, width=4) == "[----]"


def _routine(*steps: Step) -> Routine:
    return Routine(id="r", title="R", category=Category.DAILY, steps=steps)


def test_a_routine_with_steps_the_user_ends_is_a_minimum() -> None:
    held = Step("calf-lunge", StepKind.HOLD, seconds=30)
    assert total_text(_routine(held), 205) == "3:25"
    assert total_text(_routine(held, Step("massage", StepKind.MANUAL)), 205) == "3:25+"


def test_an_unsided_step_among_sided_ones_works_both_legs() -> None:
    sided = Step("calf-lunge", StepKind.HOLD, seconds=30, sides=Sides.BOTH)
    wall = Step("wall-lean", StepKind.HOLD, seconds=5)
    assert both_legs_steps(_routine(sided, wall)) == {1}
    # a relief names no side at all: it is for the leg that cramped
    assert both_legs_steps(_routine(wall, wall)) == frozenset()
    assert legs_label(None, both_legs=True) == "Both legs"
    assert legs_label(Side.RIGHT, both_legs=True) == "Right leg"
    assert legs_label(None) == ""


def test_the_cramp_clock_counts_up_from_the_start() -> None:
    assert cramp_clock(192.9) == "Cramp: 3:12"
    assert cramp_clock(0) == "Cramp: 0:00"
