"""A routine compiled to a flat timeline of phases with planned start times."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from stretchapp.core.routine import Category, CueTexts, Routine, Side, Sides, Step, StepKind


class PhaseKind(StrEnum):
    """What a phase of a session is."""

    PREPARE = "prepare"
    HOLD = "hold"
    BREATH = "breath"
    REST = "rest"
    SWITCH = "switch"
    TRANSITION = "transition"
    ACTIVITY = "activity"
    MANUAL = "manual"


# The kinds in which the user does an exercise; the others are pauses before one.
WORK_KINDS = frozenset({PhaseKind.HOLD, PhaseKind.BREATH, PhaseKind.ACTIVITY, PhaseKind.MANUAL})

MAX_PHASES = 2000
MAX_TOTAL_SECONDS = 4 * 3600

_WORK_KIND = {
    StepKind.HOLD: PhaseKind.HOLD,
    StepKind.BREATH: PhaseKind.BREATH,
    StepKind.ACTIVITY: PhaseKind.ACTIVITY,
    StepKind.MANUAL: PhaseKind.MANUAL,
}


class TimelineError(ValueError):
    """A routine that cannot become a timeline: too many phases or too long."""


@dataclass(frozen=True, slots=True)
class Phase:
    """One phase of the timeline; pauses name the exercise, rep and side that come next.

    A pause carries the cue texts of the step it leads to, as it carries its exercise.
    """

    index: int
    kind: PhaseKind
    start: float  # planned start in seconds from session start; manual phases count as 0
    seconds: float | None  # None for manual
    step: int | None  # index into routine.steps; None for prepare
    exercise: str | None
    rep: int | None = None
    reps: int | None = None
    side: Side | None = None
    breaths: int | None = None
    breath_seconds: float | None = None
    suggested: float | None = None  # manual phases: the suggested length
    # the step's own cue texts; they win over the exercise's
    cues: CueTexts = field(default_factory=CueTexts)

    @property
    def length(self) -> float:
        """The planned length; manual phases count as zero."""
        return self.seconds or 0.0

    @property
    def end(self) -> float:
        """The planned end."""
        return self.start + self.length

    @property
    def is_work(self) -> bool:
        """True when the user does an exercise in this phase."""
        return self.kind in WORK_KINDS


@dataclass(frozen=True, slots=True)
class Timeline:
    """The phases a routine expands to, in order, and their total length."""

    routine: Routine
    phases: tuple[Phase, ...]
    total_seconds: float


# All arithmetic is in whole milliseconds so that measure() and compile_routine()
# agree exactly and starts never collect floating-point error.
def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _work_ms(step: Step, breath_ms: int) -> int:
    if step.kind is StepKind.MANUAL:
        return 0
    if step.kind is StepKind.BREATH:
        return max(1, (step.breaths or 1) * breath_ms)
    return max(1, _ms(step.seconds or 0.0))


def _rep_count(step: Step, breath_ms: int) -> int:
    if step.repeat_for is None:
        return max(1, step.reps)
    # Each rep is its work plus the rest before the next: n*work + (n-1)*rest <= repeat_for.
    cycle = _work_ms(step, breath_ms) + _ms(step.rest)
    if cycle <= 0:
        return 1
    return max(1, (_ms(step.repeat_for) + _ms(step.rest)) // cycle)


def _sides(step: Step, reps: int) -> Iterator[tuple[int, Side | None, bool]]:
    """(rep, side, starts a new round) for each work phase of a step, in order."""
    if step.sides is Sides.BOTH:
        for side in (Side.LEFT, Side.RIGHT):
            for rep in range(1, reps + 1):
                yield rep, side, rep > 1
    elif step.sides is Sides.ALTERNATE:
        for rep in range(1, reps + 1):
            yield rep, Side.LEFT, rep > 1
            yield rep, Side.RIGHT, False
    else:
        only = {Sides.LEFT: Side.LEFT, Sides.RIGHT: Side.RIGHT}.get(step.sides)
        for rep in range(1, reps + 1):
            yield rep, only, rep > 1


@dataclass(frozen=True, slots=True)
class _Settings:
    prepare_ms: int
    switch_ms: int
    breath_ms: int
    transition_ms: int


def _settings(
    routine: Routine,
    prepare: float | None,
    switch: float | None,
    breath: float | None,
    transition: float | None,
) -> _Settings:
    prepare_ms = _ms(routine.prepare if prepare is None else prepare)
    if routine.category is Category.RELIEF:
        prepare_ms = 0  # a person in a cramp starts at once
    return _Settings(
        prepare_ms=max(0, prepare_ms),
        switch_ms=max(0, _ms(routine.switch if switch is None else switch)),
        breath_ms=max(1, _ms(routine.breath if breath is None else breath)),
        transition_ms=max(0, _ms(routine.transition if transition is None else transition)),
    )


def _measure_ms(routine: Routine, settings: _Settings) -> tuple[int, int]:
    count = 0
    total = 0
    if settings.prepare_ms > 0 and routine.steps:
        count += 1
        total += settings.prepare_ms
    for number, step in enumerate(routine.steps):
        if number > 0 and settings.transition_ms > 0:
            count += 1
            total += settings.transition_ms
        reps = _rep_count(step, settings.breath_ms)
        rest_ms = max(0, _ms(step.rest))
        if step.sides is Sides.BOTH:
            work, rests, switches = 2 * reps, 2 * (reps - 1), 1
        elif step.sides is Sides.ALTERNATE:
            work, rests, switches = 2 * reps, reps - 1, 2 * reps - 1
        else:
            work, rests, switches = reps, reps - 1, 0
        if rest_ms == 0:
            rests = 0
        if settings.switch_ms == 0:
            switches = 0
        count += work + rests + switches
        total += (
            work * _work_ms(step, settings.breath_ms)
            + rests * rest_ms
            + switches * settings.switch_ms
        )
    return count, total


def measure(
    routine: Routine,
    *,
    switch: float | None = None,
    breath: float | None = None,
    transition: float | None = None,
    prepare: float | None = None,
) -> tuple[int, float]:
    """The phase count and total seconds of the timeline, by arithmetic, without expanding it.

    A hostile file (a thousand steps of `repeat_for: 2h` at `hold: 1s`) costs nothing to measure;
    compile_routine refuses it before allocating a phase.
    """
    count, total_ms = _measure_ms(routine, _settings(routine, prepare, switch, breath, transition))
    return count, total_ms / 1000


def compile_routine(
    routine: Routine,
    *,
    prepare: float | None = None,
    switch: float | None = None,
    breath: float | None = None,
    transition: float | None = None,
) -> Timeline:
    """Expand a routine into its phases; None takes the routine's own value.

    Raises TimelineError when it would have more than MAX_PHASES phases or last longer than
    MAX_TOTAL_SECONDS.
    """
    settings = _settings(routine, prepare, switch, breath, transition)
    count, total_ms = _measure_ms(routine, settings)
    if count > MAX_PHASES:
        raise TimelineError(f"expands to {count} phases, more than {MAX_PHASES}")
    if total_ms > MAX_TOTAL_SECONDS * 1000:
        hours = MAX_TOTAL_SECONDS // 3600
        raise TimelineError(f"lasts {total_ms / 1000:g} seconds, longer than {hours} hours")

    phases: list[Phase] = []
    clock = 0  # ms

    def add(
        kind: PhaseKind, length_ms: int | None, step: int | None, rep: int, side: Side | None
    ) -> None:
        nonlocal clock
        source = routine.steps[number]
        breathing = kind is PhaseKind.BREATH
        phases.append(
            Phase(
                index=len(phases),
                kind=kind,
                start=clock / 1000,
                seconds=None if length_ms is None else length_ms / 1000,
                step=step,
                exercise=source.exercise,
                rep=rep,
                reps=reps,
                side=side,
                breaths=source.breaths if breathing else None,
                breath_seconds=settings.breath_ms / 1000 if breathing else None,
                suggested=source.suggested if kind is PhaseKind.MANUAL else None,
                cues=source.cues,
            )
        )
        clock += length_ms or 0

    for number, step in enumerate(routine.steps):
        reps = _rep_count(step, settings.breath_ms)
        rest_ms = max(0, _ms(step.rest))
        work_ms = _work_ms(step, settings.breath_ms)
        kind = _WORK_KIND[step.kind]
        previous_side: Side | None = None
        for position, (rep, side, new_round) in enumerate(_sides(step, reps)):
            if position == 0:
                if number == 0 and settings.prepare_ms > 0:
                    add(PhaseKind.PREPARE, settings.prepare_ms, None, rep, side)
                elif number > 0 and settings.transition_ms > 0:
                    add(PhaseKind.TRANSITION, settings.transition_ms, number, rep, side)
            else:
                if new_round and rest_ms > 0:
                    add(PhaseKind.REST, rest_ms, number, rep, side)
                if side != previous_side and settings.switch_ms > 0:
                    add(PhaseKind.SWITCH, settings.switch_ms, number, rep, side)
            add(kind, None if kind is PhaseKind.MANUAL else work_ms, number, rep, side)
            previous_side = side

    return Timeline(routine=routine, phases=tuple(phases), total_seconds=total_ms / 1000)
