"""The routine model: exercises, steps and routines as frozen dataclasses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

# The muscles a relief routine is for, in the order of the cramp keys 1 to 4, with what a
# person calls them. The one muscle list of the program: the format, the command line,
# the cramp buttons and the history all read it.
MUSCLE_NAMES: dict[str, str] = {
    "calf": "Calf",
    "quad": "Front of thigh",
    "hamstring": "Back of thigh",
    "foot": "Foot",
}
MUSCLES: tuple[str, ...] = tuple(MUSCLE_NAMES)
DEFAULT_SUGGESTED = 60.0  # seconds: a manual step's length when the file and nobody else says


class Category(StrEnum):
    """Where a routine is listed in the library."""

    RELIEF = "relief"
    DAILY = "daily"
    WORKOUT = "workout"
    BEDTIME = "bedtime"


class Sides(StrEnum):
    """How a step uses the left and right leg."""

    NONE = "none"
    BOTH = "both"  # all reps on the left, then all on the right
    ALTERNATE = "alternate"  # left, right, left, right, ...
    LEFT = "left"
    RIGHT = "right"


class Side(StrEnum):
    """One leg."""

    LEFT = "left"
    RIGHT = "right"


class StepKind(StrEnum):
    """How a step is timed: exactly one timing key of the file says which."""

    HOLD = "hold"  # `hold: 30s`, a static hold
    BREATH = "breath"  # `breaths: 5`, a hold paced by slow breaths
    ACTIVITY = "activity"  # `duration: 2m`, one continuous timed activity
    MANUAL = "manual"  # `manual: true`, untimed: the user says done


@dataclass(frozen=True, slots=True)
class CueTexts:
    """Overrides of spoken cue texts, an exercise's or one step's; None means the default.

    Texts may use {name}, {side}, {rep}, {reps} and {seconds}. A step's own texts win over
    its exercise's, for that step only.
    """

    start: str | None = None
    end: str | None = None
    halfway: str | None = None
    switch: str | None = None
    rep: str | None = None


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise, defined once in exercises.yaml and shared by routines."""

    id: str
    name: str
    muscles: tuple[str, ...] = ()
    image: str | None = None  # the file name the file gives: in pictures/ or assets/exercises/
    instructions: str = ""
    summary: str = ""  # one line for the player; the first sentence of instructions if empty
    cues: CueTexts = field(default_factory=CueTexts)
    source: tuple[str, ...] = ()
    path: str = ""  # the file it was read from
    user: bool = False  # from the user's own folder, not bundled
    # where the picture is, found and checked by the loader; None when there is none to show
    picture: Path | None = None

    @property
    def one_line(self) -> str:
        """The one-line instruction the player shows."""
        if self.summary:
            return self.summary
        text = " ".join(self.instructions.split())
        head, dot, _ = text.partition(". ")
        return head + ("." if dot else "")


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a routine, as the file says it; the timeline expands it."""

    exercise: str
    kind: StepKind
    seconds: float | None = None  # hold or duration length; None for breath and manual
    breaths: int | None = None  # breath-paced holds only
    reps: int = 1
    repeat_for: float | None = None  # seconds: as many reps as fit, instead of reps
    rest: float = 0.0  # seconds between reps
    sides: Sides = Sides.NONE
    suggested: float = DEFAULT_SUGGESTED  # a manual step's length, used when nobody can answer
    cues: CueTexts = CueTexts()  # this step's own cue texts, over the exercise's


@dataclass(frozen=True, slots=True)
class Routine:
    """A routine: what the file says, checked and with defaults filled in."""

    id: str
    title: str
    category: Category
    steps: tuple[Step, ...]
    summary: str = ""
    source: tuple[str, ...] = ()
    muscle: str | None = None  # relief only: the muscle `stretchapp cramp MUSCLE` names
    escalate_after: float | None = None  # relief only: seconds until "seek medical help"
    prepare: float = 5.0  # get-ready countdown; relief routines start at once
    switch: float = 5.0  # the pause to change sides
    breath: float = 5.0  # seconds per slow breath in breath-paced holds
    transition: float = 5.0  # the pause between steps that announces the next one
    schedule: tuple[datetime.time, ...] = ()  # suggested reminder times
    path: str = ""
    user: bool = False


@dataclass(frozen=True, slots=True)
class Tip:
    """A short text the program can show, from the seeds."""

    id: str
    title: str
    text: str
    source: tuple[str, ...] = ()
