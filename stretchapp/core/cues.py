"""What is said in each phase and when: pure functions of the timeline."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from stretchapp.core.routine import Exercise
from stretchapp.core.texts import (
    BREATHE_IN,
    BREATHE_OUT,
    describe,
    exercise_name,
    plain_number,
    rep_label,
    side_words,
    spoken_duration,
)
from stretchapp.core.timeline import Phase, PhaseKind, Timeline


class Verbosity(StrEnum):
    """How much the voice says."""

    FULL = "full"
    MINIMAL = "minimal"  # the start and the end of each exercise
    COUNTDOWN = "countdown"  # only the last three seconds of each timed phase


class CueKind(StrEnum):
    """Why a cue is said."""

    START = "start"  # an exercise begins (with its rep when it has several)
    MANUAL = "manual"  # an untimed step begins: the user says when it is done
    SWITCH = "switch"  # change legs
    NEXT_UP = "next_up"  # prepare, rest and transition: what comes next
    HALFWAY = "halfway"
    BREATH = "breath"  # breathe in / breathe out
    COUNTDOWN = "countdown"
    END = "end"  # the exercise ends
    FINISH = "finish"  # the routine is complete


@dataclass(frozen=True, slots=True)
class Cue:
    """A text said at `offset` seconds after the phase starts, or before it ends if from_end.

    A from_end cue of a manual phase is said when the user ends the phase. When a hold is
    extended, from_end cues move with its end, so the countdown and "15 seconds left" stay true.
    """

    kind: CueKind
    text: str
    offset: float
    from_end: bool = False


FINISH_TEXT = "Well done. Routine complete."
COUNTDOWN_SECONDS = 3
HALFWAY_MIN_SECONDS = 20.0
# espeak-ng says about 175 words a minute; a countdown number or a breath that would start
# while the phase's opening sentence is still being said is left out, not spoken over it.
SECONDS_PER_WORD = 0.35
# Two cues closer than this would talk over each other: the less important one is dropped.
MIN_GAP = 1.0

_PRIORITY = {
    CueKind.START: 0,
    CueKind.MANUAL: 0,
    CueKind.SWITCH: 0,
    CueKind.NEXT_UP: 0,
    CueKind.FINISH: 0,
    CueKind.END: 0,
    CueKind.COUNTDOWN: 1,
    CueKind.HALFWAY: 2,
    CueKind.BREATH: 3,
}
_MINIMAL = frozenset({CueKind.START, CueKind.MANUAL, CueKind.SWITCH, CueKind.END, CueKind.FINISH})
_PLACEHOLDER = re.compile(r"\{(name|side|rep|reps|seconds)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill {name} {side} {rep} {reps} {seconds}; anything else in braces is left as written.

    A regular expression rather than str.format, so a user's text can never reach attributes
    or fail on a stray brace. Spaces left by an empty {side} are closed up.
    """
    text = _PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), template)
    text = " ".join(text.split())
    return re.sub(r"\s+([,.;:!?])", r"\1", text)


def _values(phase: Phase, exercises: Mapping[str, Exercise], seconds: float) -> dict[str, str]:
    return {
        "name": exercise_name(phase.exercise, exercises),
        "side": phase.side.value if phase.side is not None else "",
        "rep": str(phase.rep or 1),
        "reps": str(phase.reps or 1),
        "seconds": plain_number(seconds),
    }


def _override(phase: Phase, exercises: Mapping[str, Exercise], key: str) -> str | None:
    exercise = exercises.get(phase.exercise or "")
    if exercise is None:
        return None
    text: str | None = getattr(exercise.cues, key)
    return text or None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def speaking_time(text: str) -> float:
    """About how long a text takes to say."""
    return len(text.split()) * SECONDS_PER_WORD


def _who(phase: Phase, exercises: Mapping[str, Exercise]) -> str:
    name = exercise_name(phase.exercise, exercises)
    return ", ".join(part for part in (name, side_words(phase.side)) if part)


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


_AGAIN = {PhaseKind.HOLD: "Hold.", PhaseKind.ACTIVITY: "Keep going.", PhaseKind.BREATH: ""}


def start_text(phase: Phase, exercises: Mapping[str, Exercise], *, with_rep: bool = True) -> str:
    """What is said as a work phase begins (a breath phase adds "Breathe in.").

    The first rep: "Rep 1 of 5. Calf lunge, left leg. Hold for 30 seconds."; later reps were
    announced by the rest before them and say less: "Rep 2 of 5, left leg. Hold.". An
    exercise's own start text is said on every rep.
    """
    values = _values(phase, exercises, phase.length)
    custom = _override(phase, exercises, "start")
    if phase.kind is PhaseKind.MANUAL:
        body = custom or f"Your turn: {_who(phase, exercises)}. Press done when it has eased."
        return fill(body, values)
    several = with_rep and phase.reps is not None and phase.reps > 1
    again = several and (phase.rep or 1) > 1 and custom is None
    custom_rep = _override(phase, exercises, "rep")
    if custom_rep is not None:
        rep = _sentence(fill(custom_rep, values))
    elif again and phase.side is not None:
        rep = f"{rep_label(phase)}, {side_words(phase.side)}."
    else:
        rep = _sentence(rep_label(phase))
    if custom is not None:
        body = _sentence(fill(custom, values))
    elif again:
        body = _AGAIN.get(phase.kind, "")
    else:
        body = f"{_who(phase, exercises)}. {task_text(phase)}"
    return f"{rep} {body}".strip() if several else body


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
    return f"Switch to the {side_words(phase.side)}."


def next_up_text(
    phase: Phase, exercises: Mapping[str, Exercise], upcoming: Phase | None = None
) -> str:
    """The opening of a pause, kept short so its countdown stays clear.

    "Get ready: Calf lunge, left leg.", "Rest. Next up: Calf lunge, rep 2 of 5.",
    "Next up: Toe pull. Hold for 30 seconds." (`upcoming` is the work phase that follows).
    """
    if phase.kind is PhaseKind.PREPARE:
        return f"Get ready: {_who(phase, exercises)}."
    if phase.kind is PhaseKind.REST:
        return f"Rest. Next up: {describe(phase, exercises)}."
    task = task_text(upcoming) if upcoming is not None else ""
    return f"Next up: {_who(phase, exercises)}. {task}".strip()


def _countdown(length: float, room: float) -> list[Cue]:
    """3, 2, 1 before the end, leaving `room` seconds for the phase's opening sentence."""
    cues = []
    for number in range(COUNTDOWN_SECONDS, 0, -1):
        if length - number < room:
            continue
        cues.append(Cue(CueKind.COUNTDOWN, str(number), float(number), from_end=True))
    return cues


_ENDED = frozenset({PhaseKind.HOLD, PhaseKind.BREATH, PhaseKind.ACTIVITY})  # have an END cue


def _opens(phase: Phase, verbosity: Verbosity) -> bool:
    """Whether a phase has an opening sentence at this verbosity."""
    if verbosity is Verbosity.COUNTDOWN:
        return False
    pauses = (PhaseKind.PREPARE, PhaseKind.REST, PhaseKind.TRANSITION)
    return verbosity is Verbosity.FULL or phase.kind not in pauses


def _led(cue: Cue, lead: str) -> Cue:
    return Cue(cue.kind, f"{lead} {cue.text}", cue.offset, cue.from_end)


def _at(cue: Cue, length: float) -> float:
    return length - cue.offset if cue.from_end else cue.offset


def _drop_collisions(cues: list[Cue], length: float) -> list[Cue]:
    kept: list[Cue] = []
    for cue in sorted(cues, key=lambda c: _PRIORITY[c.kind]):
        at = _at(cue, length)
        rank = _PRIORITY[cue.kind]
        # Openings and ends are always said, however short the phase; the rest give way.
        clash = rank > 0 and any(
            abs(_at(other, length) - at) < MIN_GAP and _PRIORITY[other.kind] <= rank
            for other in kept
        )
        if not clash:
            kept.append(cue)
    return sorted(kept, key=lambda c: (_at(c, length), _PRIORITY[c.kind]))


def _breath_opening(
    phase: Phase, exercises: Mapping[str, Exercise], half: float, lead: str = ""
) -> str:
    """The longest opening that is said before the first "Breathe out"."""
    inhale = f"{BREATHE_IN}."
    for text in (start_text(phase, exercises), _sentence(_who(phase, exercises)), ""):
        spoken = " ".join(part for part in (lead, text, inhale) if part)
        if speaking_time(spoken) <= half:
            return spoken
    return " ".join(part for part in (lead, inhale) if part)


def _full(
    phase: Phase,
    exercises: Mapping[str, Exercise],
    last: bool,
    upcoming: Phase | None,
    lead: str = "",
) -> list[Cue]:
    """Every cue of a phase; `lead` (the end of the phase before) opens its first sentence."""
    length = phase.length
    kind = phase.kind
    if kind is PhaseKind.MANUAL:
        cues = [Cue(CueKind.MANUAL, start_text(phase, exercises), 0.0)]
    elif kind is PhaseKind.SWITCH:
        cues = [Cue(CueKind.SWITCH, switch_text(phase, exercises), 0.0)]
    elif kind in (PhaseKind.PREPARE, PhaseKind.REST, PhaseKind.TRANSITION):
        cues = [Cue(CueKind.NEXT_UP, next_up_text(phase, exercises, upcoming), 0.0)]
    elif kind is PhaseKind.BREATH:
        half = (phase.breath_seconds or length) / 2
        cues = [Cue(CueKind.START, _breath_opening(phase, exercises, half, lead), 0.0)]
        # Faster than a word a beat cannot be spoken; the window still shows the beat.
        beats = round(length / half) if half >= MIN_GAP else 0
        # The first inhale is part of the opening sentence.
        cues += [
            Cue(CueKind.BREATH, BREATHE_OUT if beat % 2 else BREATHE_IN, beat * half)
            for beat in range(1, beats)
        ]
        cues.append(Cue(CueKind.END, end_text(phase, exercises), 0.0, from_end=True))
    else:
        cues = [Cue(CueKind.START, start_text(phase, exercises), 0.0)]
        if length >= HALFWAY_MIN_SECONDS:
            left = float(round(length / 2))
            cues.append(Cue(CueKind.HALFWAY, halfway_text(phase, exercises, left), left, True))
        cues.append(Cue(CueKind.END, end_text(phase, exercises), 0.0, from_end=True))
    if lead and kind is not PhaseKind.BREATH:
        cues[0] = _led(cues[0], lead)
    if kind is not PhaseKind.BREATH and phase.seconds is not None:
        cues += _countdown(length, room=speaking_time(cues[0].text))
    if last:
        ends = [cue for cue in cues if cue.kind is CueKind.END]
        cues = [cue for cue in cues if cue.kind is not CueKind.END]
        text = " ".join([*(cue.text for cue in ends), FINISH_TEXT])
        cues.append(Cue(CueKind.FINISH, _sentence(text), 0.0, from_end=True))
    return cues


def phase_cues(
    timeline: Timeline,
    index: int,
    exercises: Mapping[str, Exercise],
    verbosity: Verbosity = Verbosity.FULL,
) -> tuple[Cue, ...]:
    """The cues of one phase, in the order they are said."""
    phase = timeline.phases[index]
    last = index == len(timeline.phases) - 1
    if verbosity is Verbosity.COUNTDOWN:
        if phase.seconds is None:
            return ()
        return tuple(_countdown(phase.seconds, room=0.0))
    upcoming = None if last else timeline.phases[index + 1]
    # A timed exercise ends on the very instant the next phase opens: the two are said
    # as one sentence ("Release. Rest. Next up: ..."), or the second would cut off the first.
    before = timeline.phases[index - 1] if index > 0 else None
    lead = ""
    if before is not None and before.kind in _ENDED and _opens(phase, verbosity):
        lead = end_text(before, exercises)
    full_lead = lead if verbosity is Verbosity.FULL else ""
    cues = _full(
        phase, exercises, last, upcoming if upcoming and upcoming.is_work else None, full_lead
    )
    if upcoming is not None and _opens(upcoming, verbosity):
        cues = [cue for cue in cues if cue.kind is not CueKind.END]
    if verbosity is Verbosity.MINIMAL:
        cues = [cue for cue in cues if cue.kind in _MINIMAL]
        cues = [
            Cue(cue.kind, start_text(phase, exercises, with_rep=False), cue.offset)
            if cue.kind is CueKind.START
            else cue
            for cue in cues
        ]
        if lead and cues and cues[0].offset == 0.0 and not cues[0].from_end:
            cues[0] = _led(cues[0], lead)
    if phase.seconds is None:
        return tuple(sorted(cues, key=lambda c: c.from_end))
    return tuple(_drop_collisions(cues, phase.seconds))


def all_texts(
    timeline: Timeline, exercises: Mapping[str, Exercise], verbosity: Verbosity = Verbosity.FULL
) -> list[str]:
    """Every text a session of this timeline may say, each once, in the order first used."""
    seen: dict[str, None] = {}
    for index in range(len(timeline.phases)):
        for cue in phase_cues(timeline, index, exercises, verbosity):
            seen.setdefault(cue.text, None)
    return list(seen)


def breath_beat(phase: Phase, elapsed: float) -> tuple[bool, float] | None:
    """In a breath phase: (inhaling, fraction of this half-breath done); None otherwise."""
    if phase.kind is not PhaseKind.BREATH or not phase.breath_seconds:
        return None
    half = phase.breath_seconds / 2
    elapsed = min(max(0.0, elapsed), phase.length)
    beat = min(math.floor(elapsed / half), max(0, round(phase.length / half) - 1))
    return beat % 2 == 0, min(1.0, (elapsed - beat * half) / half)
