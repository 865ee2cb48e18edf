"""What is said in each phase and when: pure functions of the timeline."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from stretchapp.core.cue_texts import (
    AGAIN,
    end_text,
    fill,
    halfway_text,
    instruction,
    next_up_text,
    sentence,
    start_parts,
    start_text,
    switch_text,
    task_text,
    upcoming_words,
    who,
)
from stretchapp.core.routine import Exercise
from stretchapp.core.speaking import Speaking, speaking_time
from stretchapp.core.texts import BREATHE_IN, BREATHE_OUT, rep_label
from stretchapp.core.timeline import Phase, PhaseKind, Timeline

__all__ = [
    "COUNTDOWN_SECONDS",
    "FINISH_TEXT",
    "GAP",
    "MIN_GAP",
    "Cue",
    "CueKind",
    "Speaking",
    "Verbosity",
    "all_texts",
    "breath_beat",
    "end_text",
    "fill",
    "halfway_text",
    "next_up_text",
    "phase_cues",
    "speaking_time",
    "start_text",
    "switch_text",
    "task_text",
]


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
# Each cue is fitted by how long it takes to say (measured where the voice has rendered it,
# else an estimate never shorter, see speaking.py): a cue must end this long before the next
# one starts, so that each is heard on its own and none is cut off by the next.
GAP = 0.3
# Halfway and breath cues also keep this far from any other cue, however short.
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


@dataclass(frozen=True, slots=True)
class _Draft:
    """A cue before it is fitted: its texts, the preferred first, the shortest last."""

    kind: CueKind
    forms: tuple[str, ...]
    offset: float
    from_end: bool = False


def _forms(*texts: str) -> tuple[str, ...]:
    """The non-empty texts, each once, in order."""
    return tuple(dict.fromkeys(" ".join(t.split()) for t in texts if t.strip()))


def _countdown(length: float) -> list[_Draft]:
    """3, 2, 1 before the end; the fit leaves out those the opening would talk over."""
    return [
        _Draft(CueKind.COUNTDOWN, (str(number),), float(number), from_end=True)
        for number in range(COUNTDOWN_SECONDS, 0, -1)
        if number <= length
    ]


_ENDED = frozenset({PhaseKind.HOLD, PhaseKind.BREATH, PhaseKind.ACTIVITY})  # have an END cue
_PAUSES = frozenset({PhaseKind.PREPARE, PhaseKind.REST, PhaseKind.TRANSITION})


def _opens(phase: Phase, verbosity: Verbosity) -> bool:
    """Whether a phase has an opening sentence at this verbosity."""
    if verbosity is Verbosity.COUNTDOWN:
        return False
    return verbosity is Verbosity.FULL or phase.kind not in _PAUSES


def _at(cue: Cue | _Draft, length: float) -> float:
    return length - cue.offset if cue.from_end else cue.offset


def _window(phase: Phase, verbosity: Verbosity) -> float:
    """Seconds the opening sentence may take: until the first exhale, else the phase's end."""
    length = phase.length
    if phase.kind is PhaseKind.BREATH and verbosity is Verbosity.FULL:
        half = (phase.breath_seconds or length) / 2
        if half >= MIN_GAP:
            length = min(length, half)
    return length - GAP


def _fits(text: str, window: float, speaking: Speaking) -> bool:
    return speaking(text) <= window + 1e-9


def _work_forms(
    phase: Phase,
    exercises: Mapping[str, Exercise],
    verbosity: Verbosity,
    rep_said: bool,
) -> tuple[str, ...]:
    """A work phase's openings, longest first: its own text, the name, the rep, a word."""
    rep, body = start_parts(phase, exercises, with_rep=verbosity is Verbosity.FULL)
    if rep_said:  # the rest before it named this rep: saying it again only repeats it
        rep = ""
    again = AGAIN.get(phase.kind, "")
    name = sentence(who(phase, exercises))
    if phase.kind is PhaseKind.BREATH and verbosity is Verbosity.FULL:
        inhale = f"{BREATHE_IN}."
        # the first rep had better say what it is; a later one, which it is
        short = [f"{name} {inhale}", f"{rep} {inhale}"]
        if (phase.rep or 1) > 1:
            short.reverse()
        return _forms(f"{rep} {body} {inhale}", f"{rep} {name} {inhale}", *short, inhale)
    return _forms(f"{rep} {body}", f"{rep} {name}", f"{rep} {again}", again, name)


def _pause_forms(
    phase: Phase,
    exercises: Mapping[str, Exercise],
    upcoming: Phase | None,
    teach: str | None,
) -> tuple[str, ...]:
    """A pause's openings, longest first; `teach` is the instruction it says for the next."""
    if phase.kind is PhaseKind.SWITCH:
        switch = switch_text(phase, exercises)
        return _forms(f"{switch} {teach}" if teach else "", switch, "Switch.")
    if phase.kind is PhaseKind.PREPARE:
        return _forms(
            f"Get ready: {teach}" if teach else "", next_up_text(phase, exercises), "Get ready."
        )
    if phase.kind is PhaseKind.REST:
        rep = rep_label(phase).lower()
        return _forms(
            next_up_text(phase, exercises), f"Rest. Next up: {rep}." if rep else "", "Rest."
        )
    return _forms(
        f"Next up: {teach}" if teach else "",
        next_up_text(phase, exercises, upcoming),
        f"Next up: {upcoming_words(phase, exercises)}.",
        "Next.",
    )


def _teach(
    timeline: Timeline,
    index: int,
    exercises: Mapping[str, Exercise],
    verbosity: Verbosity,
    speaking: Speaking,
) -> str | None:
    """The instruction a pause says for the work phase after it, when that phase has no room
    for it: every exercise's own text is said in full once a step, before it if need be."""
    if index + 1 >= len(timeline.phases) or verbosity is not Verbosity.FULL:
        return None
    upcoming = timeline.phases[index + 1]
    taught = instruction(upcoming, exercises)
    if taught is None or upcoming.kind is PhaseKind.MANUAL:
        return None
    longest = _work_forms(upcoming, exercises, verbosity, rep_said=False)[0]
    if _fits(longest, _window(upcoming, verbosity), speaking):
        return None
    return taught


def _lead(timeline: Timeline, index: int, exercises: Mapping[str, Exercise], v: Verbosity) -> str:
    """The end of the exercise before, said as the first words of this phase's opening.

    A timed exercise ends on the very instant the next phase opens: the two are said as one
    sentence ("Release. Rest. Next up: ..."), or the second would cut off the first.
    """
    before = timeline.phases[index - 1] if index > 0 else None
    phase = timeline.phases[index]
    if before is None or before.kind not in _ENDED or not _opens(phase, v):
        return ""
    return end_text(before, exercises)


def _led(forms: tuple[str, ...], lead: str, breath: bool) -> tuple[str, ...]:
    """Openings that say the lead first; a breath's rep and inhale may go without it."""
    if not lead:
        return forms
    led = tuple(f"{lead} {form}" for form in forms)
    if not breath:
        return led
    # back-to-back breaths: the rep and the inhale matter more than "Release."
    return _forms(*led[:-1], *forms[-2:], led[-1])


def _drafts(
    timeline: Timeline,
    index: int,
    exercises: Mapping[str, Exercise],
    verbosity: Verbosity,
    speaking: Speaking,
) -> list[_Draft]:
    """Every cue a phase may say, with the forms its opening may take."""
    phase = timeline.phases[index]
    last = index == len(timeline.phases) - 1
    if verbosity is Verbosity.COUNTDOWN:
        return [] if phase.seconds is None else _countdown(phase.seconds)
    upcoming = None if last else timeline.phases[index + 1]
    kind = phase.kind
    lead = _lead(timeline, index, exercises, verbosity)
    drafts: list[_Draft] = []
    if kind is PhaseKind.MANUAL:
        drafts.append(_Draft(CueKind.MANUAL, (start_text(phase, exercises),), 0.0))
    elif kind is PhaseKind.SWITCH or kind in _PAUSES:
        teach = _teach(timeline, index, exercises, verbosity, speaking)
        work = upcoming if upcoming is not None and upcoming.is_work else None
        forms = _pause_forms(phase, exercises, work, teach)
        cue_kind = CueKind.SWITCH if kind is PhaseKind.SWITCH else CueKind.NEXT_UP
        if _opens(phase, verbosity):
            drafts.append(_Draft(cue_kind, forms, 0.0))
    else:
        rep_said = False
        before = timeline.phases[index - 1] if index > 0 else None
        if before is not None and before.kind is PhaseKind.REST and rep_label(phase):
            said = _opening(timeline, index - 1, exercises, verbosity, speaking)
            rep_said = rep_label(phase).lower() in said.lower()
        forms = _work_forms(phase, exercises, verbosity, rep_said)
        drafts.append(_Draft(CueKind.START, forms, 0.0))
        if kind is PhaseKind.BREATH and verbosity is Verbosity.FULL:
            half = (phase.breath_seconds or phase.length) / 2
            # Faster than a word a beat cannot be spoken; the window still shows the beat.
            beats = round(phase.length / half) if half >= MIN_GAP else 0
            drafts += [  # the first inhale is part of the opening sentence
                _Draft(CueKind.BREATH, (BREATHE_OUT if beat % 2 else BREATHE_IN,), beat * half)
                for beat in range(1, beats)
            ]
        left = float(round(phase.length / 2))
        if kind is not PhaseKind.BREATH and phase.length >= HALFWAY_MIN_SECONDS:
            text = halfway_text(phase, exercises, left)
            drafts.append(_Draft(CueKind.HALFWAY, (text,), left, True))
        drafts.append(_Draft(CueKind.END, (end_text(phase, exercises),), 0.0, from_end=True))
    if drafts and drafts[0].offset == 0.0 and not drafts[0].from_end and lead:
        first = drafts[0]
        drafts[0] = _Draft(first.kind, _led(first.forms, lead, kind is PhaseKind.BREATH), 0.0)
    if kind is not PhaseKind.BREATH and phase.seconds is not None and verbosity is Verbosity.FULL:
        drafts += _countdown(phase.length)
    if verbosity is Verbosity.MINIMAL:
        drafts = [d for d in drafts if d.kind in _MINIMAL]
    if upcoming is not None and _opens(upcoming, verbosity):
        drafts = [d for d in drafts if d.kind is not CueKind.END]
    if last:
        ends = [d.forms[0] for d in drafts if d.kind is CueKind.END]
        drafts = [d for d in drafts if d.kind is not CueKind.END]
        text = sentence(" ".join([*ends, FINISH_TEXT]))
        drafts.append(_Draft(CueKind.FINISH, (text,), 0.0, from_end=True))
    return drafts


def _fit(drafts: list[_Draft], phase: Phase, verbosity: Verbosity, speaking: Speaking) -> list[Cue]:
    """Choose each opening's longest form that fits and leave out what would be talked over.

    Openings, ends and the finish are always said, however short the phase (in their shortest
    form); a countdown number, halfway or breath is said only where it has room: after the
    cue before it has been said, GAP of silence, and done GAP before the phase ends.
    """
    if phase.seconds is None:
        cues = [Cue(d.kind, d.forms[0], d.offset, d.from_end) for d in drafts]
        return sorted(cues, key=lambda c: c.from_end)
    length = phase.length
    kept: list[tuple[float, float, Cue]] = []  # start, end (GAP included), cue
    for draft in sorted(drafts, key=lambda d: _PRIORITY[d.kind]):
        at = _at(draft, length)
        rank = _PRIORITY[draft.kind]
        text = draft.forms[-1]
        if rank == 0 and at == 0.0 and not draft.from_end:
            window = _window(phase, verbosity)
            text = next((f for f in draft.forms if _fits(f, window, speaking)), text)
        elif rank == 0:
            text = draft.forms[0]
        end = at + speaking(text) + GAP
        if rank > 0:
            near = any(
                abs(start - at) < MIN_GAP and _PRIORITY[cue.kind] <= rank for start, _, cue in kept
            )
            over = any(start < end and at < stop for start, stop, _ in kept)
            if near or over or end > length + 1e-9:
                continue
        kept.append((at, end, Cue(draft.kind, text, draft.offset, draft.from_end)))
    return [cue for _, _, cue in sorted(kept, key=lambda k: (k[0], _PRIORITY[k[2].kind]))]


def _opening(
    timeline: Timeline,
    index: int,
    exercises: Mapping[str, Exercise],
    verbosity: Verbosity,
    speaking: Speaking,
) -> str:
    """The opening sentence a phase says, "" if none."""
    cues = _fit(
        _drafts(timeline, index, exercises, verbosity, speaking),
        timeline.phases[index],
        verbosity,
        speaking,
    )
    return next((c.text for c in cues if c.offset == 0.0 and not c.from_end), "")


def phase_cues(
    timeline: Timeline,
    index: int,
    exercises: Mapping[str, Exercise],
    verbosity: Verbosity = Verbosity.FULL,
    speaking: Speaking = speaking_time,
) -> tuple[Cue, ...]:
    """The cues of one phase, in the order they are said.

    `speaking` says how long a text takes to say: the speech service's measured lengths
    where it has them, else an estimate that is never shorter (speaking.py).
    """
    phase = timeline.phases[index]
    drafts = _drafts(timeline, index, exercises, verbosity, speaking)
    return tuple(_fit(drafts, phase, verbosity, speaking))


def all_texts(
    timeline: Timeline,
    exercises: Mapping[str, Exercise],
    verbosity: Verbosity = Verbosity.FULL,
    speaking: Speaking = speaking_time,
) -> list[str]:
    """Every text a session of this timeline may say, each once, those planned first.

    The texts the plan chooses with `speaking` come first, in the order first used; then
    every other form a cue may take, so whatever lengths the voice measures later, the text
    the plan then chooses has been rendered too.
    """
    seen: dict[str, None] = {}
    others: dict[str, None] = {}
    for index in range(len(timeline.phases)):
        for cue in phase_cues(timeline, index, exercises, verbosity, speaking):
            seen.setdefault(cue.text, None)
        for draft in _drafts(timeline, index, exercises, verbosity, speaking):
            for form in draft.forms:
                others.setdefault(form, None)
    for text in others:
        seen.setdefault(text, None)
    return list(seen)


def breath_beat(phase: Phase, elapsed: float) -> tuple[bool, float] | None:
    """In a breath phase: (inhaling, fraction of this half-breath done); None otherwise."""
    if phase.kind is not PhaseKind.BREATH or not phase.breath_seconds:
        return None
    half = phase.breath_seconds / 2
    elapsed = min(max(0.0, elapsed), phase.length)
    beat = min(math.floor(elapsed / half), max(0, round(phase.length / half) - 1))
    return beat % 2 == 0, min(1.0, (elapsed - beat * half) / half)
