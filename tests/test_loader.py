"""The strict loader: good files load unchanged, bad ones get exact messages, hostile ones a no."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interface_examples import AFTER_WORKOUT, CALF_CRAMP, EXERCISES_EXAMPLE, WALL_LEAN

from stretchapp.core import strict_yaml
from stretchapp.core.loader import (
    MAX_BYTES,
    MAX_PICTURE_BYTES,
    Problem,
    load_exercises,
    load_routine,
    load_tips,
    picture_problem,
    validate_file,
)
from stretchapp.core.routine import Category, CueTexts, Exercise, Routine, Sides, Step, StepKind

IDS = [
    "calf-lunge",
    "toe-pull",
    "heel-walk",
    "massage",
    "wall-lean",
    "hamstring-fold",
    "downward-dog",
    "kneeling-quad",
]
EXERCISES = {i: Exercise(i, i.replace("-", " ").capitalize()) for i in IDS}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path so messages name files as `x.yaml`, the way a user types them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, text: str) -> str:
    Path(name).write_text(textwrap.dedent(text), encoding="utf-8")
    return name


def routine_problems(text: str, name: str = "x.yaml") -> list[str]:
    routine, problems = load_routine(write(name, text), exercises=EXERCISES)
    assert (routine is None) == bool(problems)
    return [str(p) for p in problems]


def load_ok(text: str, name: str = "x.yaml") -> Routine:
    routine, problems = load_routine(write(name, text), exercises=EXERCISES)
    assert problems == []
    assert routine is not None
    return routine


# --- Good files: docs/interfaces.md section 1, accepted unchanged ---------------------------------


def test_calf_cramp_example_loads_unchanged(here: Path) -> None:
    routine = load_ok(CALF_CRAMP, "calf-cramp.yaml")
    assert routine == Routine(
        id="calf-cramp",
        title="Calf cramp relief",
        category=Category.RELIEF,
        summary="On-the-spot stretches to ease a calf cramp.",
        source=(
            "000_45d483706c32bb94.txt",
            "003_7fcd0b634c8effcc.txt",
            "004_2367df73cee2d511.txt",
        ),
        escalate_after=600.0,
        prepare=5.0,
        steps=(
            Step("calf-lunge", StepKind.HOLD, seconds=30.0, reps=5, rest=10.0),
            Step("toe-pull", StepKind.HOLD, seconds=30.0),
            Step("heel-walk", StepKind.ACTIVITY, seconds=120.0),
            Step("massage", StepKind.MANUAL),
        ),
        path="calf-cramp.yaml",
    )


def test_wall_lean_example_loads_unchanged(here: Path) -> None:
    routine = load_ok(WALL_LEAN, "wall-lean-daily.yaml")
    assert routine.id == "wall-lean-daily"
    assert routine.category is Category.DAILY
    assert routine.schedule == (
        datetime.time(9, 0),
        datetime.time(14, 0),
        datetime.time(21, 0),
    )
    assert routine.steps == (
        Step("wall-lean", StepKind.HOLD, seconds=5.0, rest=5.0, repeat_for=300.0),
    )


def test_after_workout_example_loads_unchanged(here: Path) -> None:
    routine = load_ok(AFTER_WORKOUT, "after-workout.yaml")
    assert routine.steps == (
        Step("hamstring-fold", StepKind.BREATH, breaths=1, reps=5, sides=Sides.BOTH),
        Step("downward-dog", StepKind.BREATH, breaths=5, reps=3, sides=Sides.ALTERNATE),
        Step("kneeling-quad", StepKind.BREATH, breaths=10, sides=Sides.BOTH),
    )
    assert (routine.prepare, routine.switch, routine.breath, routine.transition) == (5, 5, 5, 5)


def test_exercises_example_loads_unchanged(here: Path) -> None:
    (here / "assets" / "exercises").mkdir(parents=True)
    (here / "assets" / "exercises" / "calf-lunge.svg").write_text("<svg/>", encoding="utf-8")
    exercises, problems = load_exercises(
        write("exercises.yaml", EXERCISES_EXAMPLE), assets_dir="assets"
    )
    assert problems == []
    assert exercises == {
        "calf-lunge": Exercise(
            id="calf-lunge",
            name="Calf lunge",
            muscles=("calf",),
            image="calf-lunge.svg",
            instructions="Stand in a lunge with the affected leg behind you. Keep that knee "
            "straight and push the heel towards the floor.",
            cues=CueTexts(start="Calf lunge. Push your {side} heel to the floor.", end="Release."),
            path="exercises.yaml",
            picture=Path("assets/exercises/calf-lunge.svg"),
        )
    }


def test_every_key_and_the_user_flag(here: Path) -> None:
    routine, problems = load_routine(
        write(
            "mine.yaml",
            """\
            id: my-relief
            title: Mine
            category: relief
            summary: |
              Two lines
              of summary.
            source: [a.txt]
            muscle: foot
            escalate_after: 10 min
            prepare: 0
            switch: 3s
            breath: 4
            transition: 0
            schedule: ["7:30", 22:05]
            steps:
              - {exercise: massage, manual: true, suggested: 2m, rest: 0}
              - {exercise: calf-lunge, hold: "1:30", reps: "2", sides: right}
              - {exercise: toe-pull, breaths: 3, repeat_for: 1m, sides: left, rest: 2s}
            """,
        ),
        exercises=EXERCISES,
        user=True,
    )
    assert problems == []
    assert routine is not None
    assert routine.id == "my-relief"
    assert routine.user
    assert routine.summary == "Two lines\nof summary."
    assert (routine.muscle, routine.escalate_after) == ("foot", 600.0)
    assert (routine.prepare, routine.switch, routine.breath, routine.transition) == (0, 3, 4, 0)
    assert routine.schedule == (datetime.time(7, 30), datetime.time(22, 5))
    assert routine.steps == (
        Step("massage", StepKind.MANUAL, suggested=120.0),
        Step("calf-lunge", StepKind.HOLD, seconds=90.0, reps=2, sides=Sides.RIGHT),
        Step("toe-pull", StepKind.BREATH, breaths=3, repeat_for=60.0, rest=2.0, sides=Sides.LEFT),
    )


def test_a_step_carries_its_own_cues(here: Path) -> None:
    routine = load_ok(
        """\
        title: T
        category: daily
        steps:
          - exercise: calf-lunge
            hold: 30s
            cues:
              start: "{name}. Gently stretch your cramped calf. Hold {seconds} seconds."
              end: Let go gently.
          - {exercise: massage, manual: true}
        """
    )
    assert routine.steps == (
        Step(
            "calf-lunge",
            StepKind.HOLD,
            seconds=30.0,
            cues=CueTexts(
                start="{name}. Gently stretch your cramped calf. Hold {seconds} seconds.",
                end="Let go gently.",
            ),
        ),
        Step("massage", StepKind.MANUAL),
    )


# --- YAML 1.1 quirks never change meaning ---------------------------------------------------


def test_yaml_1_1_quirks_do_not_change_meaning(here: Path) -> None:
    routine = load_ok(
        """\
        title: no
        category: daily
        summary: 010
        source: [off, yes, 0x1F, 1:30, ~a]
        schedule: [09:00, 08:30, 00:00]
        steps:
          - exercise: calf-lunge
            hold: 1:30
            reps: 010
            rest: 08
          - exercise: toe-pull
            duration: 0:10:00
            reps: 09
        """
    )
    assert routine.title == "no"  # YAML 1.1 reads false
    assert routine.summary == "010"  # YAML 1.1 reads 8
    assert routine.source == ("off", "yes", "0x1F", "1:30", "~a")
    assert routine.schedule == (datetime.time(9), datetime.time(8, 30), datetime.time(0))
    assert routine.steps[0] == Step("calf-lunge", StepKind.HOLD, seconds=90.0, reps=10, rest=8.0)
    assert routine.steps[1] == Step("toe-pull", StepKind.ACTIVITY, seconds=600.0, reps=9)


@pytest.mark.parametrize("title", ["true", "1e3", "null-ish", "0o17", ".inf", "2001-12-14"])
def test_titles_stay_text(here: Path, title: str) -> None:
    routine = load_ok(
        f"title: {title}\ncategory: daily\nsteps: [{{exercise: massage, manual: true}}]\n"
    )
    assert routine.title == title


# --- The table of bad files: each gets exactly these messages --------------------------------

STEP = "steps: [{exercise: calf-lunge, hold: 30s}]\n"
HEAD = "title: T\ncategory: daily\n"

BAD_ROUTINES: list[tuple[str, str, list[str]]] = [
    (
        "negative hold",
        "steps:\n  - exercise: calf-lunge\n    hold: -5\ntitle: T\ncategory: daily\n",
        ["x.yaml:3:11: steps[0].hold: must be a positive duration like 30s or 1m30s, got '-5'"],
    ),
    (
        "misspelt key",
        HEAD + "steps:\n  - exercise: calf-lunge\n    hodl: 30s\n",
        [
            "x.yaml:4:5: steps[0]: needs one of hold, breaths, duration or manual; "
            "add e.g. 'hold: 30s'",
            "x.yaml:5:5: steps[0].hodl: unknown key 'hodl'; did you mean 'hold'?",
        ],
    ),
    (
        "unknown top-level key without a near miss",
        HEAD + STEP + "colour: red\n",
        [
            "x.yaml:4:1: colour: unknown key 'colour'; expected one of id, title, category, "
            "summary, source, muscle, escalate_after, prepare, switch, breath, transition, "
            "schedule, steps"
        ],
    ),
    (
        "misspelt exercise",
        HEAD + "steps:\n  - exercise: calf-lunges\n    hold: 30s\n",
        [
            "x.yaml:4:15: steps[0].exercise: unknown exercise 'calf-lunges'; "
            "did you mean 'calf-lunge'?"
        ],
    ),
    (
        "unknown exercise",
        HEAD + "steps:\n  - exercise: yoga\n    hold: 30s\n",
        ["x.yaml:4:15: steps[0].exercise: unknown exercise 'yoga'; define it in exercises.yaml"],
    ),
    (
        "missing required keys",
        "summary: nothing else\n",
        [
            "x.yaml:1:1: category: is required; add e.g. 'category: daily'",
            "x.yaml:1:1: steps: is required; add e.g. 'steps: [{exercise: calf-lunge, hold: 30s}]'",
            "x.yaml:1:1: title: is required; add e.g. 'title: Calf cramp relief'",
        ],
    ),
    (
        "bad category",
        "title: T\ncategory: reliefs\n" + STEP,
        [
            "x.yaml:2:11: category: must be one of relief, daily, workout, bedtime, "
            "got 'reliefs'; did you mean 'relief'?"
        ],
    ),
    (
        "two timing keys",
        HEAD + "steps:\n  - exercise: calf-lunge\n    hold: 30s\n    breaths: 5\n",
        [
            "x.yaml:6:5: steps[0].breaths: conflicts with 'hold': use exactly one of hold, "
            "breaths, duration or manual"
        ],
    ),
    (
        "reps and repeat_for",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 5s, reps: 3, repeat_for: 1m}\n",
        [
            "x.yaml:4:47: steps[0].repeat_for: conflicts with 'reps': use reps or repeat_for, "
            "not both"
        ],
    ),
    (
        "repeat_for on an activity",
        HEAD + "steps:\n  - {exercise: heel-walk, duration: 1m, repeat_for: 5m}\n",
        ["x.yaml:4:41: steps[0].repeat_for: only applies to a step with hold or breaths"],
    ),
    (
        "repeat_for shorter than one rep",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 30s, repeat_for: 10s}\n",
        [
            "x.yaml:4:51: steps[0].repeat_for: is shorter than one rep (30s); make it longer "
            "or use reps"
        ],
    ),
    (
        "suggested on a timed step",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 30s, suggested: 1m}\n",
        ["x.yaml:4:39: steps[0].suggested: only applies to a step with manual"],
    ),
    (
        "too many reps",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 30s, reps: 101}\n",
        ["x.yaml:4:45: steps[0].reps: must be a whole number from 1 to 100, got '101'"],
    ),
    (
        "zero reps",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 30s, reps: 0}\n",
        ["x.yaml:4:45: steps[0].reps: must be a whole number from 1 to 100, got '0'"],
    ),
    (
        "fractional reps",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 30s, reps: 2.5}\n",
        ["x.yaml:4:45: steps[0].reps: must be a whole number from 1 to 100, got '2.5'"],
    ),
    (
        "too many breaths",
        HEAD + "steps:\n  - {exercise: calf-lunge, breaths: 1000}\n",
        ["x.yaml:4:37: steps[0].breaths: must be a whole number from 1 to 100, got '1000'"],
    ),
    (
        "hold over two hours",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 3h}\n",
        ["x.yaml:4:34: steps[0].hold: must be at most 2h, got '3h'"],
    ),
    (
        "zero hold",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 0}\n",
        ["x.yaml:4:34: steps[0].hold: must be a positive duration like 30s or 1m30s, got '0'"],
    ),
    (
        "negative rest",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 5s, rest: -1}\n",
        ["x.yaml:4:44: steps[0].rest: must be 0 or a duration like 5s or 1m30s, got '-1'"],
    ),
    (
        "breath over a minute",
        HEAD + "breath: 2m\n" + STEP,
        ["x.yaml:3:9: breath: must be at most 1m, got '2m'"],
    ),
    (
        "manual: yes is not true",
        HEAD + "steps:\n  - {exercise: massage, manual: yes}\n",
        ["x.yaml:4:33: steps[0].manual: must be true (leave the key out otherwise), got 'yes'"],
    ),
    (
        "bad sides",
        HEAD + "steps:\n  - {exercise: calf-lunge, hold: 5s, sides: no}\n",
        [
            "x.yaml:4:45: steps[0].sides: must be one of none, both, alternate, left, right, "
            "got 'no'; did you mean 'none'?"
        ],
    ),
    (
        "schedule out of range",
        HEAD + "schedule: [25:00, '9:60', 9]\n" + STEP,
        [
            "x.yaml:3:12: schedule[0]: must be a time of day like 09:00 (HH:MM, 24-hour), "
            "got '25:00'",
            "x.yaml:3:19: schedule[1]: must be a time of day like 09:00 (HH:MM, 24-hour), "
            "got '9:60'",
            "x.yaml:3:27: schedule[2]: must be a time of day like 09:00 (HH:MM, 24-hour), got '9'",
        ],
    ),
    (
        "schedule not a list",
        HEAD + "schedule: 09:00\n" + STEP,
        ["x.yaml:3:11: schedule: must be a list like [09:00, 14:00], got '09:00'"],
    ),
    (
        "steps empty",
        HEAD + "steps: []\n",
        ["x.yaml:3:8: steps: must have at least 1 item(s)"],
    ),
    (
        "step not a mapping",
        HEAD + "steps:\n  - calf-lunge\n",
        ["x.yaml:4:5: steps[0]: must be a mapping of keys to values, got 'calf-lunge'"],
    ),
    (
        "a step without timing",
        HEAD + "steps:\n  - exercise: calf-lunge\n",
        [
            "x.yaml:4:5: steps[0]: needs one of hold, breaths, duration or manual; "
            "add e.g. 'hold: 30s'"
        ],
    ),
    (
        "empty value",
        HEAD + "steps:\n  - exercise: calf-lunge\n    hold:\n",
        ["x.yaml:5:10: steps[0].hold: has no value; write e.g. 'hold: 30s'"],
    ),
    (
        "empty title",
        "title: ''\ncategory: daily\n" + STEP,
        ["x.yaml:1:8: title: must not be empty"],
    ),
    (
        "title on two lines",
        "title: |\n  one\n  two\ncategory: daily\n" + STEP,
        ["x.yaml:1:8: title: must be one line"],
    ),
    (
        "title is a list",
        "title: [a]\ncategory: daily\n" + STEP,
        ["x.yaml:1:8: title: must be a single value, got a list"],
    ),
    (
        "duplicate key",
        HEAD + "title: U\n" + STEP,
        ["x.yaml:3:1: title: duplicate key; it is already set on line 1"],
    ),
    (
        "muscle on a daily routine",
        HEAD + "muscle: calf\nescalate_after: 10m\n" + STEP,
        [
            "x.yaml:3:1: muscle: only applies when category is relief",
            "x.yaml:4:1: escalate_after: only applies when category is relief",
        ],
    ),
    (
        "unknown muscle",
        "title: T\ncategory: relief\nmuscle: calves\n" + STEP,
        [
            "x.yaml:3:9: muscle: must be one of calf, quad, hamstring, foot, got 'calves'; "
            "did you mean 'calf'?"
        ],
    ),
    (
        "bad id",
        "id: Calf Cramp\n" + HEAD + STEP,
        [
            "x.yaml:1:5: id: must be an id of lower-case letters, digits and dashes like "
            "relief-calf, got 'Calf Cramp'"
        ],
    ),
    (
        "source not a list of text",
        HEAD + "source: [{a: b}]\n" + STEP,
        ["x.yaml:3:10: source[0]: must be a single value, got a mapping"],
    ),
    (
        "non-text key",
        HEAD + "[a]: b\n" + STEP,
        ["x.yaml:3:1: keys must be plain words, got a list"],
    ),
    (
        "root is a list",
        "- title: T\n",
        ["x.yaml:1:1: must be a mapping of keys to values, got a list"],
    ),
    (
        "bad step cue placeholder",
        HEAD + "steps:\n  - exercise: massage\n    manual: true\n"
        "    cues: {start: 'Rub your {leg}', end: 'a {'}\n",
        [
            "x.yaml:6:19: steps[0].cues.start: unknown placeholder {leg}; use {name}, {side}, "
            "{rep}, {reps} or {seconds}",
            "x.yaml:6:42: steps[0].cues.end: has a stray { or }; write {{ or }} for a brace itself",
        ],
    ),
    (
        "unknown step cue",
        HEAD + "steps:\n  - exercise: massage\n    manual: true\n    cues: {stat: Go}\n",
        ["x.yaml:6:12: steps[0].cues.stat: unknown key 'stat'; did you mean 'start'?"],
    ),
    (
        "step cues not a mapping",
        HEAD + "steps:\n  - exercise: massage\n    manual: true\n    cues: Go\n",
        ["x.yaml:6:11: steps[0].cues: must be a mapping of keys to values, got 'Go'"],
    ),
    (
        "root is a scalar",
        "just text\n",
        ["x.yaml:1:1: must be a mapping of keys to values, got 'just text'"],
    ),
    (
        "empty file",
        "",
        ["x.yaml:1:1: is empty; a routine needs at least title, category and steps"],
    ),
    (
        "only a comment",
        "# nothing yet\n",
        ["x.yaml:1:1: is empty; a routine needs at least title, category and steps"],
    ),
    (
        "every problem at once",
        "title: T\ncategory: dayly\nprepare: soon\nsteps:\n"
        "  - {exercise: calf-lunge, hold: 30s, rest: x}\n"
        "  - {exercise: massage, manual: true, reps: many}\n",
        [
            "x.yaml:2:11: category: must be one of relief, daily, workout, bedtime, "
            "got 'dayly'; did you mean 'daily'?",
            "x.yaml:3:10: prepare: must be 0 or a duration like 5s or 1m30s, got 'soon'",
            "x.yaml:5:45: steps[0].rest: must be 0 or a duration like 5s or 1m30s, got 'x'",
            "x.yaml:6:45: steps[1].reps: must be a whole number from 1 to 100, got 'many'",
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in BAD_ROUTINES],
)
def test_bad_routine_gets_exact_messages(here: Path, text: str, expected: list[str]) -> None:
    assert sorted(routine_problems(text)) == sorted(expected)


def test_file_name_that_is_not_an_id(here: Path) -> None:
    assert routine_problems(HEAD + STEP, name="My Routine.yaml") == [
        "My Routine.yaml:1:1: id: the file name 'My Routine' is not an id (lower-case "
        "letters, digits and dashes); rename the file or add e.g. 'id: my-routine'"
    ]
    assert load_ok("id: mine\n" + HEAD + STEP, name="My Routine.yaml").id == "mine"


def test_problem_str_and_order() -> None:
    problem = Problem("routines/x.yaml", 12, 5, "steps[2].hold", "must be positive")
    assert str(problem) == "routines/x.yaml:12:5: steps[2].hold: must be positive"
    assert str(Problem("x.yaml", 1, 1, "", "is empty")) == "x.yaml:1:1: is empty"
    assert sorted([problem, Problem("routines/x.yaml", 2, 9, "b", "m")])[0].line == 2


# --- The whole timeline is bounded -----------------------------------------------------------


def test_routine_longer_than_four_hours(here: Path) -> None:
    steps = "".join("  - {exercise: calf-lunge, hold: 2h}\n" for _ in range(3))
    assert routine_problems(HEAD + "steps:\n" + steps) == [
        "x.yaml:4:3: steps: the routine lasts 6h15s; at most 4h is allowed: use shorter "
        "holds or fewer reps"
    ]


def test_routine_with_too_many_phases(here: Path) -> None:
    steps = "".join(
        "  - {exercise: calf-lunge, hold: 1s, reps: 100, sides: alternate}\n" for _ in range(6)
    )
    assert routine_problems(HEAD + "steps:\n" + steps) == [
        "x.yaml:4:3: steps: the routine expands to 2,400 phases; at most 2,000 are allowed: "
        "use fewer reps or steps"
    ]


def test_repeat_for_is_bounded_by_arithmetic(here: Path) -> None:
    steps = "".join("  - {exercise: calf-lunge, hold: 1s, repeat_for: 2h}\n" for _ in range(400))
    problems = routine_problems(HEAD + "steps:\n" + steps)
    assert len(problems) == 2
    assert "phases; at most 2,000 are allowed" in problems[0]
    assert "at most 4h is allowed" in problems[1]


# --- Hostile input: refused with one message, quickly ----------------------------------------


def test_billion_laughs_is_refused_at_the_first_anchor(here: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    assert routine_problems("\n".join(lines) + "\n") == [
        "x.yaml:1:5: anchors (&name) and aliases (*name) are not supported; "
        "write the value out in full"
    ]


def test_an_alias_alone_is_refused(here: Path) -> None:
    assert routine_problems("title: *t\n") == [
        "x.yaml:1:8: anchors (&name) and aliases (*name) are not supported; "
        "write the value out in full"
    ]


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000 + "]" * 100_000, "{a: " * 60_000 + "}" * 60_000, "- " * 10_000 + "x\n"],
    ids=["flow-lists", "flow-maps", "block-lists"],
)
def test_deep_nesting_is_refused(here: Path, text: str) -> None:
    (problem,) = routine_problems(text)
    assert problem.endswith(": nests deeper than 50 levels; these files need four at most")


def test_deep_block_mappings_are_refused(here: Path) -> None:
    text = "".join("  " * depth + "a:\n" for depth in range(60)) + "  " * 60 + "b\n"
    assert routine_problems(text) == [
        "x.yaml:51:101: nests deeper than 50 levels; these files need four at most"
    ]


def test_fifty_levels_are_fine_for_the_reader(here: Path) -> None:
    # 50 nested lists are read (then refused by the checker as not a routine).
    problems = routine_problems("[" * 49 + "]" * 49)
    assert problems == ["x.yaml:1:1: must be a mapping of keys to values, got a list"]


def test_too_many_values(here: Path) -> None:
    (problem,) = routine_problems("[" + ", ".join(["1"] * 30_000) + "]\n")
    assert problem == "x.yaml:1:59999: holds more than 20,000 values; split it into smaller files"


def test_file_over_one_mebibyte(here: Path) -> None:
    text = "title: T\n# " + "x" * MAX_BYTES + "\n"
    assert routine_problems(text) == [
        "x.yaml:1:1: is larger than 1 MiB; a routine file is a few kilobytes"
    ]


def test_huge_numbers(here: Path) -> None:
    big = "9" * 100_000
    problems = routine_problems(
        HEAD + f"steps:\n  - {{exercise: calf-lunge, hold: {big}, reps: {big}}}\n"
    )
    assert problems == [
        "x.yaml:4:34: steps[0].hold: must be a positive duration like 30s or 1m30s, got "
        "'9999999999999999999999999999999999999...'",
        "x.yaml:4:100042: steps[0].reps: must be a whole number from 1 to 100, got "
        "'9999999999999999999999999999999999999...'",
    ]


def test_invalid_utf8(here: Path) -> None:
    Path("x.yaml").write_bytes(b"title: T\ncategory: caf\xe9\n")
    routine, problems = load_routine("x.yaml", exercises=EXERCISES)
    assert routine is None
    assert [str(p) for p in problems] == [
        "x.yaml:2:14: is not UTF-8 text (byte 0xe9); save it as UTF-8"
    ]


def test_binary_junk(here: Path) -> None:
    Path("x.yaml").write_bytes(bytes(range(256)) * 4)
    routine, problems = load_routine("x.yaml", exercises=EXERCISES)
    assert routine is None
    assert [str(p) for p in problems] == [
        "x.yaml:2:118: is not UTF-8 text (byte 0x80); save it as UTF-8"
    ]


def test_control_characters(here: Path) -> None:
    assert routine_problems("title: T\ncategory: da\x00ily\n") == [
        "x.yaml:2:13: holds the control character U+0000, which YAML forbids"
    ]


def test_a_utf8_bom_is_fine(here: Path) -> None:
    Path("x.yaml").write_bytes(b"\xef\xbb\xbf" + (HEAD + STEP).encode())
    assert load_routine("x.yaml", exercises=EXERCISES)[1] == []


def test_python_tags_are_refused_and_never_run(here: Path) -> None:
    assert routine_problems("title: !!python/object/apply:os.system ['echo hi']\n") == [
        "x.yaml:1:8: YAML tags like 'tag:yaml.org,2002:python/object/apply:os.system' are not "
        "supported; remove the tag (quote the value to keep it as text)"
    ]


def test_two_documents(here: Path) -> None:
    assert routine_problems(HEAD + STEP + "---\ntitle: U\n") == [
        "x.yaml:4:1: holds a second YAML document; keep one document a file and remove the '---'"
    ]


def test_yaml_syntax_error(here: Path) -> None:
    assert routine_problems("title: T\n  category: daily\n") == [
        "x.yaml:2:11: is not valid YAML: mapping values are not allowed in this context"
    ]


def test_unclosed_flow(here: Path) -> None:
    assert routine_problems("steps: [{exercise: a\n") == [
        "x.yaml:2:1: is not valid YAML: did not find expected ',' or '}' "
        "(while parsing a flow mapping on line 1)"
    ]


def test_missing_file(here: Path) -> None:
    routine, problems = load_routine("nope.yaml", exercises=EXERCISES)
    assert routine is None
    assert [str(p) for p in problems] == [
        "nope.yaml:1:1: cannot read the file: No such file or directory"
    ]


# --- Property: anything gives a routine or problems, never another exception ----------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["30s", "1:30", "09:00", "no", "010", "true", "calf-lunge", "both", "-5"]),
)
_documents = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), inner, max_size=5),
    ),
    max_leaves=30,
)
_keys = st.sampled_from(
    [
        "title",
        "category",
        "steps",
        "schedule",
        "prepare",
        "muscle",
        "exercise",
        "hold",
        "breaths",
        "duration",
        "manual",
        "reps",
        "repeat_for",
        "rest",
        "sides",
        "suggested",
    ]
)
_routine_like = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=8)),
    max_leaves=40,
)


def _check_outcome(path: Path) -> None:
    routine, problems = load_routine(path, exercises=EXERCISES)
    if routine is None:
        assert problems
        assert all(isinstance(p, Problem) and p.line >= 1 and p.column >= 1 for p in problems)
    else:
        assert problems == []
        assert isinstance(routine, Routine)


@settings(deadline=1000, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(document=st.one_of(_documents, _routine_like), flow=st.booleans())
def test_random_yaml_gives_a_routine_or_problems(
    tmp_path_factory: pytest.TempPathFactory, document: object, flow: bool
) -> None:
    path = tmp_path_factory.mktemp("yaml") / "r.yaml"
    path.write_text(yaml.safe_dump(document, default_flow_style=flow), encoding="utf-8")
    _check_outcome(path)


@settings(deadline=1000, max_examples=150)
@given(data=st.binary(max_size=4000))
def test_random_bytes_give_problems(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "r.yaml"
    path.write_bytes(data)
    _check_outcome(path)


@settings(deadline=1000, max_examples=100)
@given(text=st.text(alphabet=st.sampled_from(list("ab: -[]{},&*!'\"\n#|>?%@`\t0:")), max_size=300))
def test_random_yaml_punctuation_gives_problems(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("text") / "r.yaml"
    path.write_text(text, encoding="utf-8")
    _check_outcome(path)


# --- Exercises and tips files ----------------------------------------------------------------


@pytest.fixture
def assets(here: Path) -> Path:
    folder = here / "assets" / "exercises"
    folder.mkdir(parents=True)
    (folder / "calf-lunge.svg").write_text("<svg/>", encoding="utf-8")
    (here / "secret.svg").write_text("<svg/>", encoding="utf-8")
    return here / "assets"


def exercise_problems(text: str, *, user: bool = False) -> tuple[list[str], list[str]]:
    exercises, problems = load_exercises(
        write("exercises.yaml", text), assets_dir="assets", user=user
    )
    return sorted(exercises), [str(p) for p in problems]


BAD_EXERCISES: list[tuple[str, str, list[str]]] = [
    (
        "absolute image",
        "a:\n  name: A\n  instructions: Do it.\n  image: /etc/passwd\n",
        [
            "exercises.yaml:4:10: a.image: must be a file name under assets/exercises/ like "
            "calf-lunge.svg, got '/etc/passwd'"
        ],
    ),
    (
        "image leaving the folder",
        "a:\n  name: A\n  instructions: Do it.\n  image: ../../secret.svg\n",
        [
            "exercises.yaml:4:10: a.image: must be a file name under assets/exercises/ like "
            "calf-lunge.svg, got '../../secret.svg'"
        ],
    ),
    (
        "image with a backslash",
        "a:\n  name: A\n  instructions: Do it.\n  image: 'x\\y.svg'\n",
        [
            "exercises.yaml:4:10: a.image: must be a file name under assets/exercises/ like "
            "calf-lunge.svg, got 'x\\\\y.svg'"
        ],
    ),
    (
        "missing name and instructions",
        "a:\n  muscles: [calf]\n",
        [
            "exercises.yaml:2:3: a.instructions: is required; add e.g. "
            "'instructions: Stand in a lunge ...'",
            "exercises.yaml:2:3: a.name: is required; add e.g. 'name: Calf lunge'",
        ],
    ),
    (
        "misspelt key",
        "a:\n  name: A\n  instructions: Do it.\n  imag: calf-lunge.svg\n",
        ["exercises.yaml:4:3: a.imag: unknown key 'imag'; did you mean 'image'?"],
    ),
    (
        "bad id",
        "Calf Lunge:\n  name: A\n  instructions: Do it.\n",
        [
            "exercises.yaml:1:1: Calf Lunge: must be an id of lower-case letters, digits and "
            "dashes like calf-lunge, got 'Calf Lunge'"
        ],
    ),
    (
        "bad placeholder",
        "a:\n  name: A\n  instructions: Do it.\n  cues: {start: 'Go {leg}', end: 'a {'}\n",
        [
            "exercises.yaml:4:17: a.cues.start: unknown placeholder {leg}; use {name}, {side}, "
            "{rep}, {reps} or {seconds}",
            "exercises.yaml:4:34: a.cues.end: has a stray { or }; write {{ or }} for a brace "
            "itself",
        ],
    ),
    (
        "unknown cue",
        "a:\n  name: A\n  instructions: Do it.\n  cues: {stat: Go}\n",
        ["exercises.yaml:4:10: a.cues.stat: unknown key 'stat'; did you mean 'start'?"],
    ),
    (
        "not a mapping",
        "- a\n",
        ["exercises.yaml:1:1: must be a mapping of ids to exercises, got a list"],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in BAD_EXERCISES],
)
def test_bad_exercises_get_exact_messages(assets: Path, text: str, expected: list[str]) -> None:
    assert exercise_problems(text, user=True)[1] == sorted(expected)


def test_bad_exercise_does_not_stop_the_good_ones(assets: Path) -> None:
    ids, problems = exercise_problems(
        "a:\n  name: A\n  instructions: x\n  image: calf-lunge.svg\n"
        "b:\n  name: [B]\n  instructions: x\n  image: calf-lunge.svg\n"
    )
    assert ids == ["a"]
    assert problems == ["exercises.yaml:6:9: b.name: must be a single value, got a list"]


def test_missing_image_keeps_the_exercise(assets: Path) -> None:
    exercises, problems = load_exercises(
        write("exercises.yaml", "a:\n  name: A\n  instructions: x\n  image: calf-lunge.png\n"),
        assets_dir="assets",
    )
    assert [str(p) for p in problems] == [
        "exercises.yaml:4:10: a.image: no such file: assets/exercises/calf-lunge.png; "
        "did you mean 'calf-lunge.svg'?"
    ]
    assert exercises["a"].image is None


def test_image_symlink_out_of_the_folder(assets: Path) -> None:
    (assets / "exercises" / "link.svg").symlink_to(assets.parent / "secret.svg")
    _, problems = exercise_problems("a:\n  name: A\n  instructions: x\n  image: link.svg\n")
    assert problems == [
        "exercises.yaml:4:10: a.image: must be a file under assets/exercises/, got 'link.svg'"
    ]


def test_bundled_exercise_needs_an_image_a_user_one_does_not(assets: Path) -> None:
    text = "a:\n  name: A\n  instructions: x\n"
    assert exercise_problems(text) == (
        ["a"],
        [
            "exercises.yaml:2:3: a.image: is required for a bundled exercise; add e.g. "
            "'image: a.svg'"
        ],
    )
    assert exercise_problems(text, user=True) == (["a"], [])


def test_user_flag_and_summary(assets: Path) -> None:
    exercises, _ = load_exercises(
        write(
            "exercises.yaml",
            "a:\n  name: A\n  instructions: First. Second.\n  summary: One line.\n"
            "  muscles: [calf, foot]\n  source: [s.txt]\n",
        ),
        assets_dir="assets",
        user=True,
    )
    assert exercises["a"] == Exercise(
        "a",
        "A",
        ("calf", "foot"),
        None,
        "First. Second.",
        "One line.",
        CueTexts(),
        ("s.txt",),
        "exercises.yaml",
        True,
    )


def test_tips(here: Path) -> None:
    tips, problems = load_tips(
        write(
            "tips.yaml",
            "hydrate:\n  title: Drink\n  text: Fluids.\n  source: [s.txt]\n"
            "bad:\n  title: No text\n",
        )
    )
    assert list(tips) == ["hydrate"]
    assert tips["hydrate"].text == "Fluids."
    assert [str(p) for p in problems] == [
        "tips.yaml:6:3: bad.text: is required; add e.g. 'text: Fluids help ...'"
    ]


def test_validate_file_picks_the_kind_by_name(assets: Path) -> None:
    write("exercises.yaml", "a:\n  nam: A\n  instructions: x\n")
    write("tips.yaml", "t: {title: T}\n")
    write("r.yaml", HEAD + STEP)
    assert [p.key for p in validate_file("exercises.yaml", exercises={}, assets_dir="assets")] == [
        "a.nam",
        "a.name",
    ]
    assert [p.key for p in validate_file("tips.yaml", exercises={}, assets_dir="assets")] == [
        "t.text"
    ]
    assert validate_file("r.yaml", exercises=EXERCISES, assets_dir="assets") == []


@settings(deadline=1000, max_examples=100)
@given(document=st.one_of(_documents, st.binary(max_size=500)))
def test_random_input_to_exercises_and_tips_gives_problems_or_entries(
    tmp_path_factory: pytest.TempPathFactory, document: object
) -> None:
    folder = tmp_path_factory.mktemp("maps")
    path = folder / "exercises.yaml"
    if isinstance(document, bytes):
        path.write_bytes(document)
    else:
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
    exercises, problems = load_exercises(path, assets_dir=folder, user=True)
    assert all(isinstance(e, Exercise) for e in exercises.values())
    assert all(isinstance(p, Problem) for p in problems)
    tips, problems = load_tips(path)
    assert all(t.title and t.text for t in tips.values())
    assert all(isinstance(p, Problem) for p in problems)


# --- Without libyaml: the pure-Python parser gives the same answers ---------------------------


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "pure-python":
        monkeypatch.setattr(strict_yaml, "LOADER_CLASS", strict_yaml.StrictLoader)
    else:
        assert issubclass(strict_yaml.LOADER_CLASS, yaml.CSafeLoader)
    return str(request.param)


@pytest.mark.parametrize("text", [CALF_CRAMP, WALL_LEAN, AFTER_WORKOUT])
def test_both_parsers_load_the_examples_alike(here: Path, parser: str, text: str) -> None:
    routine = load_ok(text)
    assert routine.steps
    assert (routine.schedule == ()) == ("schedule" not in text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x 1\nb: *x\n", "x.yaml:1:4: anchors (&name) and aliases (*name) are not supported"),
        ("title: !t x\n", "x.yaml:1:8: YAML tags like '!t' are not supported"),
        (HEAD + STEP + "---\n", "x.yaml:4:1: holds a second YAML document"),
        ("[" * 60 + "]" * 60, "x.yaml:1:51: nests deeper than 50 levels"),
        ("[" * 100_000, ": nests deeper than 50 levels"),
        ("[" + "1," * 25_000 + "]", "x.yaml:1:40000: holds more than 20,000 values"),
    ],
)
def test_both_parsers_refuse_alike(here: Path, parser: str, text: str, expected: str) -> None:
    (problem,) = routine_problems(text)
    assert expected in problem


# --- A user's own pictures ---------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def pictures(assets: Path) -> Path:
    """The pictures/ folder beside a user's exercises.yaml, with one drawing and one photo."""
    folder = assets.parent / "pictures"
    folder.mkdir()
    (folder / "towel.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="x"/>', encoding="utf-8")
    (folder / "photo.png").write_bytes(PNG)
    return folder


def user_picture(image: str) -> tuple[Exercise, list[str]]:
    text = f"a:\n  name: A\n  instructions: x\n  image: {image}\n"
    exercises, problems = load_exercises(
        write("exercises.yaml", text), assets_dir="assets", user=True
    )
    return exercises["a"], [str(p) for p in problems]


@pytest.mark.parametrize("image", ["towel.svg", "photo.png"])
def test_user_picture_is_found_beside_the_file(pictures: Path, image: str) -> None:
    exercise, problems = user_picture(image)
    assert problems == []
    assert exercise.image == image
    assert exercise.picture == Path("pictures") / image


def test_user_exercise_may_keep_a_bundled_picture(pictures: Path) -> None:
    exercise, problems = user_picture("calf-lunge.svg")
    assert problems == []
    assert exercise.picture == Path("assets/exercises/calf-lunge.svg")


def test_own_picture_comes_before_a_bundled_one_of_the_same_name(pictures: Path) -> None:
    (pictures / "calf-lunge.svg").write_text("<svg/>", encoding="utf-8")
    assert user_picture("calf-lunge.svg")[0].picture == Path("pictures/calf-lunge.svg")


def test_bundled_exercise_never_looks_in_pictures(pictures: Path) -> None:
    text = "a:\n  name: A\n  instructions: x\n  image: towel.svg\n"
    exercises, problems = load_exercises(write("exercises.yaml", text), assets_dir="assets")
    assert [str(p) for p in problems] == [
        "exercises.yaml:4:10: a.image: no such file: assets/exercises/towel.svg"
    ]
    assert exercises["a"].picture is None


def test_missing_user_picture_names_the_pictures_folder(pictures: Path) -> None:
    exercise, problems = user_picture("towl.svg")
    assert problems == [
        "exercises.yaml:4:10: a.image: no such file: pictures/towl.svg; did you mean 'towel.svg'?"
    ]
    assert (exercise.image, exercise.picture) == (None, None)


HOSTILE_PICTURES: list[tuple[str, str, bytes | None, str]] = [
    (
        "not a png",
        "fake.png",
        b"GIF89a not a png",
        "'fake.png' is not a PNG picture by its content",
    ),
    (
        "not an svg",
        "fake.svg",
        b"#!/bin/sh\nrm -rf ~\n",
        "'fake.svg' is not an SVG picture by its content",
    ),
    (
        "html as svg",
        "page.svg",
        b"<html><svg/></html>",
        "'page.svg' is not an SVG picture by its content",
    ),
    ("another kind", "photo.gif", b"GIF89a", "must be an .svg or .png picture, got 'photo.gif'"),
    (
        "huge",
        "huge.png",
        PNG + b"\x00" * MAX_PICTURE_BYTES,
        f"'huge.png' is {MAX_PICTURE_BYTES + len(PNG):,} bytes; a picture may have at most "
        f"{MAX_PICTURE_BYTES:,}: use a smaller one",
    ),
]


@pytest.mark.parametrize(
    ("image", "content", "message"),
    [pytest.param(i, c, m, id=name) for name, i, c, m in HOSTILE_PICTURES],
)
def test_hostile_user_pictures_are_refused(
    pictures: Path, image: str, content: bytes | None, message: str
) -> None:
    if content is not None:
        (pictures / image).write_bytes(content)
    exercise, problems = user_picture(image)
    assert problems == [f"exercises.yaml:4:10: a.image: {message}"]
    assert (exercise.image, exercise.picture) == (None, None)


def test_user_picture_path_traversal_is_refused(pictures: Path) -> None:
    text = "a:\n  name: A\n  instructions: x\n  image: ../secret.svg\n"
    exercises, problems = load_exercises(
        write("exercises.yaml", text), assets_dir="assets", user=True
    )
    assert [str(p) for p in problems] == [
        "exercises.yaml:4:10: a.image: must be a file name under assets/exercises/ like "
        "calf-lunge.svg, got '../secret.svg'"
    ]
    assert exercises == {}


def test_user_picture_symlink_out_of_the_folder(pictures: Path) -> None:
    (pictures / "link.svg").symlink_to(pictures.parent / "secret.svg")
    exercise, problems = user_picture("link.svg")
    assert problems == [
        "exercises.yaml:4:10: a.image: must be a file under pictures/, got 'link.svg'"
    ]
    assert exercise.picture is None


def test_picture_problem_passes_the_bundled_pictures() -> None:
    folder = Path(__file__).parent.parent / "assets" / "exercises"
    found = sorted(folder.glob("*.svg"))
    assert found
    assert [picture_problem(p) for p in found] == [None] * len(found)
