"""Short texts the window, the terminal and the voice share: labels, sides, spoken lengths."""

from __future__ import annotations

from collections.abc import Mapping

from stretchapp.core.durations import format_clock, format_spoken
from stretchapp.core.routine import Exercise, Routine, Side, Sides, StepKind
from stretchapp.core.timeline import Phase, PhaseKind

_LABELS = {
    PhaseKind.PREPARE: "Get ready",
    PhaseKind.HOLD: "Hold",
    PhaseKind.BREATH: "Breathe",
    PhaseKind.REST: "Rest",
    PhaseKind.SWITCH: "Switch sides",
    PhaseKind.TRANSITION: "Next",
    PhaseKind.ACTIVITY: "Walk",
    PhaseKind.MANUAL: "Your turn",
}

BREATHE_IN = "Breathe in"
BREATHE_OUT = "Breathe out"


def phase_label(kind: PhaseKind, *, inhale: bool | None = None) -> str:
    """The label of a phase: "Hold", "Rest"; a breath phase gives its beat when one is given."""
    if kind is PhaseKind.BREATH and inhale is not None:
        return BREATHE_IN if inhale else BREATHE_OUT
    return _LABELS[kind]


def rep_label(phase: Phase) -> str:
    """ "Rep 2 of 5", or "" when the step has a single rep."""
    if phase.rep is None or phase.reps is None or phase.reps <= 1:
        return ""
    return f"Rep {phase.rep} of {phase.reps}"


def side_label(side: Side | None) -> str:
    """ "Left leg", "Right leg", or "" for no side."""
    return f"{side.value.capitalize()} leg" if side is not None else ""


def both_legs_steps(routine: Routine) -> frozenset[int]:
    """The steps that work both legs at once: those without sides in a routine whose other
    steps name sides (the wall lean of the hold sequence). A routine that never names a side
    (a relief for the cramped leg) says nothing about legs."""
    unsided = {n for n, step in enumerate(routine.steps) if step.sides is Sides.NONE}
    if len(unsided) == len(routine.steps):
        return frozenset()
    return frozenset(unsided)


def legs_label(side: Side | None, *, both_legs: bool = False) -> str:
    """ "Left leg", "Right leg", "Both legs" for a step that works both at once, or ""."""
    if side is None and both_legs:
        return "Both legs"
    return side_label(side)


def has_manual(routine: Routine) -> bool:
    """Whether a routine has steps the user ends (its length is then a minimum)."""
    return any(step.kind is StepKind.MANUAL for step in routine.steps)


def total_text(routine: Routine, seconds: float) -> str:
    """A routine's length as the library and `list` show it: "3:25", or "3:25+" when steps
    the user ends make it a minimum."""
    return format_clock(seconds) + ("+" if has_manual(routine) else "")


def cramp_clock(seconds: float) -> str:
    """Time since a cramp's relief began, counting up: "Cramp: 3:12"."""
    return f"Cramp: {format_clock(seconds, rounding='down')}"


def side_words(side: Side | None) -> str:
    """The side inside a sentence: "left leg", or ""."""
    return side_label(side).lower()


def exercise_name(exercise_id: str | None, exercises: Mapping[str, Exercise]) -> str:
    """The exercise's name; an unknown id reads as words so the voice still says something."""
    if exercise_id is None:
        return ""
    exercise = exercises.get(exercise_id)
    if exercise is not None and exercise.name:
        return exercise.name
    return exercise_id.replace("-", " ").replace("_", " ").capitalize()


def plain_number(seconds: float) -> str:
    """A number of seconds as a user writes it: 30, 2.5."""
    if abs(seconds - round(seconds)) < 0.05:
        return str(round(seconds))
    return f"{seconds:.1f}"


def spoken_duration(seconds: float) -> str:
    """A length as said aloud: "30 seconds", "1 minute 30 seconds"; "2.5 seconds" under ten."""
    if seconds < 10 and abs(seconds - round(seconds)) >= 0.05:
        return f"{seconds:.1f} seconds"
    return format_spoken(seconds)


def clock(seconds: float) -> str:
    """A countdown display, rounded up so "0:00" shows only at the end: 44.2 -> "0:45"."""
    return format_clock(seconds)


def describe(phase: Phase, exercises: Mapping[str, Exercise]) -> str:
    """The exercise a phase does or leads to: "Calf lunge, left leg, rep 2 of 5"."""
    parts = [exercise_name(phase.exercise, exercises)]
    if phase.side is not None:
        parts.append(side_words(phase.side))
    rep = rep_label(phase)
    if rep:
        parts.append(rep.lower())
    return ", ".join(part for part in parts if part)


def status_line(
    phase: Phase,
    exercises: Mapping[str, Exercise],
    *,
    inhale: bool | None = None,
    separator: str = " · ",
) -> str:
    """What the window's title and the terminal's status line say about a phase.

    "Hold · Calf lunge · Left leg · Rep 2 of 5"; pauses name what comes next.
    """
    parts = [
        phase_label(phase.kind, inhale=inhale),
        exercise_name(phase.exercise, exercises),
        side_label(phase.side),
        rep_label(phase),
    ]
    return separator.join(part for part in parts if part)


def progress_bar(fraction: float, width: int = 20) -> str:
    """A text progress bar for the terminal: "[#####-----]"."""
    filled = round(min(1.0, max(0.0, fraction)) * width)
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def phase_sentence(phase: Phase, name: str) -> str:
    """What a screen reader is told when a phase begins:
    "Hold. Calf lunge, left leg, rep 2 of 5, 30 seconds." """
    details = [name, side_words(phase.side), rep_label(phase).lower()]
    if phase.seconds is not None:
        details.append(spoken_duration(phase.seconds))
    said = ", ".join(d for d in details if d)
    label = "Next up" if phase.kind is PhaseKind.TRANSITION else phase_label(phase.kind)
    return f"{label}. {said[:1].upper()}{said[1:]}." if said else f"{label}."


def time_left_sentence(
    remaining: float | None, total_remaining: float, *, relief_seconds: float | None = None
) -> str:
    """What the time key (T) says: the phase's and the routine's time left; in a relief,
    how long the cramp has lasted."""
    parts = []
    if remaining is not None:
        parts.append(f"{spoken_duration(round(remaining))} left in this step")
    if relief_seconds is not None:
        parts.append(f"the cramp began {spoken_duration(round(relief_seconds))} ago")
    else:
        parts.append(f"{spoken_duration(round(total_remaining))} left in the routine")
    said = "; ".join(parts)
    return f"{said[:1].upper()}{said[1:]}."
