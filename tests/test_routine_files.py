"""The routine writer: what it writes is the README's shape, validates, and loads back equal."""

from __future__ import annotations

import dataclasses
import datetime
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interface_examples import CALF_CRAMP

from stretchapp import resources
from stretchapp.core.library import Library, load_library
from stretchapp.core.loader import load_routine
from stretchapp.core.routine import Category, Exercise, Routine, Sides, Step, StepKind
from stretchapp.routine_files import (
    check_text,
    duration_text,
    edited_yaml,
    routine_yaml,
    same_routine,
    save_routine,
)

IDS = ["calf-lunge", "toe-pull", "heel-walk", "massage", "wall-lean"]
EXERCISES = {i: Exercise(i, i.replace("-", " ").capitalize()) for i in IDS}


def test_a_new_file_looks_like_the_readme() -> None:
    routine = Routine(
        id="calf-cramp",
        title="Calf cramp relief",
        category=Category.RELIEF,
        summary="On-the-spot stretches to ease a calf cramp.",
        escalate_after=600.0,
        steps=(
            Step("calf-lunge", StepKind.HOLD, seconds=30.0, reps=5, rest=10.0),
            Step("heel-walk", StepKind.ACTIVITY, seconds=120.0),
            Step("massage", StepKind.MANUAL),
        ),
    )
    text = routine_yaml(routine)
    assert text.splitlines()[1:] == [
        "title: Calf cramp relief",
        "category: relief",
        "summary: On-the-spot stretches to ease a calf cramp.",
        "escalate_after: 10m",
        "steps:",
        "  - exercise: calf-lunge",
        "    hold: 30s",
        "    reps: 5",
        "    rest: 10s",
        "  - exercise: heel-walk",
        "    duration: 2m",
        "  - exercise: massage",
        "    manual: true",
    ]
    assert text.startswith("# ")


def test_a_schedule_is_written_in_flow_style_and_loads_back() -> None:
    routine = Routine(
        "daily",
        "Daily",
        Category.DAILY,
        (Step("wall-lean", StepKind.HOLD, seconds=5.0, rest=5.0, repeat_for=300.0),),
        schedule=(datetime.time(9, 0), datetime.time(21, 30)),
    )
    text = routine_yaml(routine)
    assert "schedule: [09:00, 21:30]" in text
    assert "repeat_for: 5m" in text
    loaded, problems = check_text(text, exercises=EXERCISES, stem="daily")
    assert problems == []
    assert loaded is not None
    assert same_routine(loaded, routine)


def test_durations_keep_parts_of_a_second() -> None:
    assert duration_text(90.0) == "1m30s"
    assert duration_text(2.5) == "2.5s"
    assert duration_text(0.0) == "0s"


def bundled(tmp_path: Path) -> Library:
    """The bundled library alone."""
    return load_library(resources.routines_dir(), tmp_path / "none", assets=resources.assets_dir())


def test_every_bundled_routine_writes_and_loads_back_equal(tmp_path: Path) -> None:
    library = load_library(
        resources.routines_dir(), tmp_path / "none", assets=resources.assets_dir()
    )
    assert library.routines
    for routine in library.routines.values():
        loaded, problems = check_text(
            routine_yaml(routine, stem=routine.id), exercises=library.exercises, stem=routine.id
        )
        assert problems == [], routine.id
        assert loaded is not None
        assert same_routine(loaded, routine), routine.id


def test_a_saved_file_passes_stretchapp_validate(tmp_path: Path) -> None:
    library = load_library(
        resources.routines_dir(), tmp_path / "none", assets=resources.assets_dir()
    )
    routine = library.routines["after-workout"]
    saved = save_routine(routine, tmp_path / "after-workout.yaml", exercises=library.exercises)
    assert saved.backup is None
    result = subprocess.run(
        [sys.executable, "-m", "stretchapp", "validate", str(saved.path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    loaded, problems = load_routine(saved.path, exercises=library.exercises)
    assert problems == []
    assert loaded is not None
    assert "id:" not in saved.path.read_text(encoding="utf-8")
    assert same_routine(loaded, routine)


def test_saving_into_a_file_named_otherwise_writes_the_id(tmp_path: Path) -> None:
    routine = Routine("calf", "Calf", Category.WORKOUT, (Step("toe-pull", StepKind.MANUAL),))
    saved = save_routine(routine, tmp_path / "other-name.yaml", exercises=EXERCISES)
    assert "id: calf" in saved.path.read_text(encoding="utf-8")
    loaded, _ = load_routine(saved.path, exercises=EXERCISES)
    assert loaded is not None
    assert loaded.id == "calf"


def test_a_hand_written_file_keeps_its_comments_and_order(tmp_path: Path) -> None:
    path = tmp_path / "calf-cramp.yaml"
    path.write_text(CALF_CRAMP, encoding="utf-8")
    routine, problems = load_routine(path, exercises=EXERCISES)
    assert problems == []
    assert routine is not None
    steps = list(routine.steps)
    steps[0] = Step("calf-lunge", StepKind.HOLD, seconds=45.0, reps=5, rest=10.0)
    changed = dataclasses.replace(routine, steps=tuple(steps), title="My calf relief")
    saved = save_routine(changed, path, exercises=EXERCISES)
    assert saved.backup is None
    text = path.read_text(encoding="utf-8")
    assert "title: My calf relief" in text
    assert "# relief | daily | workout | bedtime" in text
    assert "# get-ready countdown before the first step" in text
    assert "hold: 45s" in text
    # the comment of the changed line stays with it
    assert "# seconds: 30, 30s, 1m, 1m30s, 2 min all mean what they say" in text
    assert text.splitlines()[0] == CALF_CRAMP.splitlines()[0]
    unchanged = [line for line in CALF_CRAMP.splitlines() if "hold: 30s" not in line]
    assert [line for line in unchanged if line.startswith("title")] == ["title: Calf cramp relief"]
    loaded, problems = load_routine(path, exercises=EXERCISES)
    assert problems == []
    assert loaded is not None
    assert same_routine(loaded, changed)


def test_a_value_written_another_way_is_kept_as_written() -> None:
    text = "title: T\ncategory: daily\nsteps:\n  - exercise: massage\n    hold: 1:30  # m:ss\n"
    routine = Routine("t", "T", Category.DAILY, (Step("massage", StepKind.HOLD, seconds=90.0),))
    assert edited_yaml(text, routine, stem="t") == text


def test_a_file_that_cannot_be_kept_is_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("[not, a, mapping]\n", encoding="utf-8")
    routine = Routine("t", "T", Category.DAILY, (Step("massage", StepKind.MANUAL),))
    saved = save_routine(routine, path, exercises=EXERCISES)
    assert saved.backup == tmp_path / "t.yaml.bak"
    assert saved.backup.read_text(encoding="utf-8") == "[not, a, mapping]\n"
    assert load_routine(path, exercises=EXERCISES)[1] == []


# Every valid routine the model can hold is written and read back as the same routine.

_text = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
_seconds = st.integers(1, 600).map(float) | st.integers(1, 1200).map(lambda n: n / 4)


_minutes = st.builds(datetime.time, st.integers(0, 23), st.integers(0, 59))


@st.composite
def _steps(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from(list(StepKind)))
    seconds = draw(_seconds) if kind in (StepKind.HOLD, StepKind.ACTIVITY) else None
    breaths = draw(st.integers(1, 10)) if kind is StepKind.BREATH else None
    repeat_for = None
    reps = draw(st.integers(1, 5))
    if kind in (StepKind.HOLD, StepKind.BREATH) and draw(st.booleans()):
        one = seconds if seconds is not None else (breaths or 1) * 5.0
        repeat_for, reps = one * draw(st.integers(1, 3)), 1
    return Step(
        exercise=draw(st.sampled_from(IDS)),
        kind=kind,
        seconds=seconds,
        breaths=breaths,
        reps=reps,
        repeat_for=repeat_for,
        rest=draw(st.sampled_from([0.0, 5.0, 7.5])),
        sides=draw(st.sampled_from(list(Sides))),
        suggested=draw(st.sampled_from([60.0, 90.0])) if kind is StepKind.MANUAL else 60.0,
    )


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    """A valid routine of any category, with any of the optional keys."""
    category = draw(st.sampled_from(list(Category)))
    relief = category is Category.RELIEF
    return Routine(
        id=draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)),
        title=draw(_text.filter(lambda t: "\n" not in t)),
        category=category,
        steps=tuple(draw(st.lists(_steps(), min_size=1, max_size=4))),
        summary=draw(st.just("") | _text),
        source=tuple(draw(st.lists(st.sampled_from(["000_a.txt", "001_b.txt"]), max_size=2))),
        muscle=draw(st.sampled_from([None, "calf", "foot"])) if relief else None,
        escalate_after=draw(st.none() | _seconds) if relief else None,
        prepare=draw(st.sampled_from([0.0, 5.0, 10.0])),
        switch=draw(st.sampled_from([0.0, 5.0, 3.0])),
        breath=draw(st.sampled_from([5.0, 4.0])),
        transition=draw(st.sampled_from([5.0, 0.0])),
        schedule=tuple(
            sorted(
                set(draw(st.lists(st.times().map(lambda t: t.replace(second=0, microsecond=0)))))
            )
        )[:5],
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routine=routines())
def test_every_valid_routine_loads_back_equal(routine: Routine) -> None:
    loaded, problems = check_text(routine_yaml(routine), exercises=EXERCISES, stem=routine.id)
    assert problems == []
    assert loaded is not None
    assert same_routine(loaded, routine)
