"""The sentences the voice says: openings, ends, switches, what comes next."""

from __future__ import annotations

import re
from collections.abc import Mapping

from stretchapp.core.routine import Exercise
from stretchapp.core.texts import (
    exercise_name,
    plain_number,
    rep_label,
    side_words,
    spoken_duration,
)
from stretchapp.core.timeline import Phase, PhaseKind

_PLACEHOLDER = re.compile(r"\{(name|side|rep|reps|seconds)\}")
_ONE_SECONDS = re.compile(r"(?<![\d.])(1) seconds\b")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill {name} {side} {rep} {reps} {seconds}; anything else in braces is left as written.

    A regular expression rather than str.format, so a user's text can never reach attributes
    or fail on a stray brace. Spaces left by an empty {side} are closed up.
    """
    text = _PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), template)
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    # "Hold {seconds} seconds." with a one-second hold
    return _ONE_SECONDS.sub(r"\1 second", text)


def _values(phase: Phase, exercises: Mapping[str, Exercise], seconds: float) -> dict[str, str]:
    return {
        "name": exercise_name(phase.exercise, exercises),
        "side": phase.side.value if phase.side is not None else "",
        "rep": str(phase.rep or 1),
        "reps": str(phase.reps or 1),
        "seconds": plain_number(seconds),
    }


def _override(phase: Phase, exercises: Mapping[str, Exercise], key: str) -> str | None:
    """The step's own text for this cue, else its exercise's; None for the default."""
    own: str | None = getattr(phase.cues, key)
    if own:
        return own
    exercise = exercises.get(phase.exercise or "")
    if exercise is None:
        return None
    text: str | None = getattr(exercise.cues, key)
    return text or None


def sentence(text: str) -> str:
    """The text ending in a full stop (or its own "!" or "?")."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def side_of(phase: Phase, exercises: Mapping[str, Exercise]) -> str:
    """The side as the exercise names it: "left knee" where its start cue kneels on one,
    else "left leg"; "" for no side."""
    if phase.side is None:
        return ""
    start = _override(phase, exercises, "start") or ""
    if re.search(r"\{side\} knee\b", start):
        return f"{phase.side.value} knee"
    return side_words(phase.side)


def who(phase: Phase, exercises: Mapping[str, Exercise]) -> str:
    """The exercise and its side: "Calf lunge, left leg"."""
    name = exercise_name(phase.exercise, exercises)
    return ", ".join(part for part in (name, side_of(phase, exercises)) if part)


def instruction(phase: Phase, exercises: Mapping[str, Exercise]) -> str | None:
    """The exercise's own start text for a work phase, without its rep; None if it has none."""
    custom = _override(phase, exercises, "start")
    if custom is None or not phase.is_work:
        return None
    return sentence(fill(custom, _values(phase, exercises, phase.length)))


def task_text(phase: Phase) -> str:
    """What a work phase asks, in one short sentence: "Hold for 30 seconds."."""
    if phase.kind is PhaseKind.HOLD:
        return f"Hold for {spoken_duration(phase.length)}."
    if phase.kind is PhaseKind.BREATH:
        count = phase.breaths or 1
        return "1 slow breath." if count == 1 else f"{count} slow breaths."
    if phase.kind is PhaseKind.ACTIVITY:
        return f"Keep going for {spoken_duration(phase.length)}."
    return ""


# What a later rep says of itself once the one before has said what and how long
AGAIN = {PhaseKind.HOLD: "Hold.", PhaseKind.ACTIVITY: "Keep going.", PhaseKind.BREATH: ""}


def start_text(phase: Phase, exercises: Mapping[str, Exercise], *, with_rep: bool = True) -> str:
    """What is said as a work phase begins (a breath phase adds "Breathe in.").

    The first rep: "Rep 1 of 5. Calf lunge, left leg. Hold for 30 seconds."; later reps were
    announced by the rest before them and say less: "Rep 2 of 5, left leg. Hold.". An
    exercise's own start text is said on every rep.
    """
    return " ".join(part for part in start_parts(phase, exercises, with_rep=with_rep) if part)


def start_parts(
    phase: Phase, exercises: Mapping[str, Exercise], *, with_rep: bool = True
) -> tuple[str, str]:
    """The two parts of start_text: the rep ("Rep 2 of 5.", or "") and the rest."""
    values = _values(phase, exercises, phase.length)
    custom = _override(phase, exercises, "start")
    if phase.kind is PhaseKind.MANUAL:
        body = custom or f"Your turn: {who(phase, exercises)}. Press done when it has eased."
        return "", fill(body, values)
    several = with_rep and phase.reps is not None and phase.reps > 1
    again = several and (phase.rep or 1) > 1 and custom is None
    custom_rep = _override(phase, exercises, "rep")
    if custom_rep is not None:
        rep = sentence(fill(custom_rep, values))
    elif again and phase.side is not None:
        rep = f"{rep_label(phase)}, {side_of(phase, exercises)}."
    else:
        rep = sentence(rep_label(phase))
    if custom is not None:
        body = sentence(fill(custom, values))
    elif again:
        body = AGAIN.get(phase.kind, "")
    else:
        body = f"{who(phase, exercises)}. {task_text(phase)}"
    return (rep if several else ""), body


def end_text(phase: Phase, exercises: Mapping[str, Exercise]) -> str:
    """What is said as a timed exercise ends: "Release."."""
    custom = _override(phase, exercises, "end")
    if custom is not None:
        return fill(custom, _values(phase, exercises, phase.length))
    return "Time is up." if phase.kind is PhaseKind.ACTIVITY else "Release."


def halfway_text(phase: Phase, exercises: Mapping[str, Exercise], left: float) -> str:
    """ "15 seconds left"."""
    custom = _override(phase, exercises, "halfway")
    if custom is not None:
        return fill(custom, _values(phase, exercises, left))
    return f"{spoken_duration(left)} left"


def switch_text(phase: Phase, exercises: Mapping[str, Exercise]) -> str:
    """ "Switch to the right leg."; the phase is the switch, whose side is the one to come."""
    custom = _override(phase, exercises, "switch")
    if custom is not None:
        return fill(custom, _values(phase, exercises, phase.length))
    if phase.side is None:
        return "Switch sides."
    return f"Switch to the {side_of(phase, exercises)}."


def upcoming_words(phase: Phase, exercises: Mapping[str, Exercise]) -> str:
    """What a rest leads to: "Calf lunge, left leg, rep 2 of 5"."""
    return ", ".join(p for p in (who(phase, exercises), rep_label(phase).lower()) if p)


def next_up_text(
    phase: Phase, exercises: Mapping[str, Exercise], upcoming: Phase | None = None
) -> str:
    """The opening of a pause, kept short so its countdown stays clear.

    "Get ready: Calf lunge, left leg.", "Rest. Next up: Calf lunge, rep 2 of 5.",
    "Next up: Toe pull. Hold for 30 seconds." (`upcoming` is the work phase that follows).
    """
    if phase.kind is PhaseKind.PREPARE:
        return f"Get ready: {who(phase, exercises)}."
    if phase.kind is PhaseKind.REST:
        return f"Rest. Next up: {upcoming_words(phase, exercises)}."
    task = task_text(upcoming) if upcoming is not None else ""
    return f"Next up: {who(phase, exercises)}. {task}".strip()
