"""What the library page says, worked out without Qt: the steps, the search, the sources.

Plain functions of the routines and their timelines: no widget is needed to call them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from stretchapp.core.durations import format_clock, format_short
from stretchapp.core.routine import MUSCLE_NAMES, MUSCLES, Exercise, Routine, Sides, StepKind
from stretchapp.core.texts import both_legs_steps
from stretchapp.core.timeline import PhaseKind, Timeline

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """Text made safe inside Qt's rich text, as html.escape does (without loading the html
    module and its half-megabyte table of entities at start-up)."""
    return text.translate(_ESCAPES)


# The seed articles, by file name, as the detail pane names them.
SOURCE_TITLES = {
    "000_45d483706c32bb94.txt": "4 Reasons You've Got Leg Cramp, and How to Get Rid of It",
    "001_f6c8613805041ed5.txt": "What Causes Leg Cramps and What Can You Do?",
    "002_4e2b0f7f40c49527.txt": "Leg cramps: causes and what to do?",
    "003_7fcd0b634c8effcc.txt": "Muscle leg cramps",
    "004_2367df73cee2d511.txt": "How to Get Rid of Muscle Cramps in Your Legs?",
}


@dataclass(frozen=True)
class StepRow:
    """One line of the detail pane: a step as the timeline runs it."""

    start: float
    name: str
    what: str
    seconds: float


def step_rows(timeline: Timeline, exercises: Mapping[str, Exercise]) -> list[StepRow]:
    """The routine's steps with their start, what they are and how long, from the timeline."""
    rows = []
    routine = timeline.routine
    both = both_legs_steps(routine)  # as the player says them: "Both legs"
    for number, step in enumerate(routine.steps):
        phases = [p for p in timeline.phases if p.step == number]
        work = [p for p in phases if p.is_work]
        if not work:
            continue
        exercise = exercises.get(step.exercise)
        name = exercise.name if exercise else step.exercise
        # "each leg" and "legs in turn" say the sides: count the reps of one leg
        sided = step.sides in (Sides.BOTH, Sides.ALTERNATE)
        count = len(work) // 2 if sided else len(work)
        if step.kind is StepKind.MANUAL:
            what = "until you say done"
        elif step.kind is StepKind.BREATH:
            what = f"{step.breaths} slow breath" + ("s" if step.breaths != 1 else "")
        elif step.kind is StepKind.ACTIVITY:
            what = format_short(work[0].length)
        else:
            what = f"hold {format_short(work[0].length)}"
        if count > 1:
            what = f"{count} × {what}"
        if step.sides is Sides.BOTH:
            what += ", each leg"
        elif step.sides is Sides.ALTERNATE:
            what += ", legs in turn"
        elif step.sides in (Sides.LEFT, Sides.RIGHT):
            what += f", {step.sides.value} leg"
        elif number in both:
            what += ", both legs"
        rests = [p for p in phases if p.kind is PhaseKind.REST]
        if rests:
            what += f", rest {format_short(rests[0].length)}"
        start = phases[0].start
        seconds = sum(p.length for p in phases)
        rows.append(StepRow(start, name, what, seconds))
    return rows


def matches(routine: Routine, exercises: Mapping[str, Exercise], query: str) -> bool:
    """True when the search text is part of the routine's name, an exercise's name or a muscle
    it works ("calf", "back of thigh")."""
    wanted = " ".join(query.casefold().split())
    if not wanted:
        return True
    fields = [routine.title, routine.id]
    muscles = {routine.muscle} if routine.muscle else set()
    for step in routine.steps:
        exercise = exercises.get(step.exercise)
        if exercise is not None:
            fields.append(exercise.name)
            if not routine.muscle and not set(MUSCLES) <= set(exercise.muscles):
                # massage, warmth and the like help every muscle: they say nothing of this one
                muscles.update(exercise.muscles)
    for muscle in muscles:
        fields += [muscle, MUSCLE_NAMES.get(muscle, "")]  # compared case-folded
    return any(wanted in " ".join(f.casefold().split()) for f in fields if f)


def steps_html(rows: Sequence[StepRow]) -> str:
    """The detail pane's steps as a rich-text table: start, name, what; file text escaped."""
    return (
        "<table cellspacing='0' cellpadding='3'>"
        + "".join(
            f"<tr><td style='padding-right:14px'>{format_clock(r.start)}</td>"
            f"<td style='padding-right:14px'><b>{escape(r.name)}</b></td>"
            f"<td>{escape(r.what)}</td></tr>"
            for r in rows
        )
        + "</table>"
    )


def sources_text(source: Sequence[str]) -> str:
    """'From: “title”; “title”', the seed articles by their titles (other names as given)."""
    names = [SOURCE_TITLES.get(s, s) for s in source]
    return "From: " + "; ".join(f"“{n}”" for n in names)


def tips_html(tips: Sequence[tuple[str, str]]) -> str:
    """(title, text) tips as rich-text paragraphs, file text escaped."""
    return "".join(
        f"<p style='margin:0 0 8px 0'><b>{escape(title)}.</b> {escape(text)}</p>"
        for title, text in tips
    )


def timelines_for(
    routines: Mapping[str, Routine], compile_one: Callable[[Routine], Timeline]
) -> dict[str, Timeline | str]:
    """Each routine's timeline, or why it has none (too long, too many phases)."""
    out: dict[str, Timeline | str] = {}
    for routine_id, routine in routines.items():
        try:
            out[routine_id] = compile_one(routine)
        except ValueError as error:
            out[routine_id] = f"{routine.path or routine_id}: {error}"
    return out
