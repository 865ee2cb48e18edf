"""What a session says happened: the events its methods return, each stamped with two times.

Every event carries `t`, session seconds since the start (paused time included), and
`planned`, when the plan said it would happen. The shells turn them into sound and pictures,
the history records them, and `events.py` writes them as JSON lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from stretchapp.core.cues import CueKind
from stretchapp.core.routine import Side
from stretchapp.core.timeline import PhaseKind


@dataclass(frozen=True, slots=True)
class SessionStarted:
    """The session began; `wall` is the Unix time the caller read at that moment."""

    t: float
    planned: float
    routine: str
    wall: float | None = None


@dataclass(frozen=True, slots=True)
class PhaseStarted:
    """A phase began."""

    t: float
    planned: float
    index: int
    phase: PhaseKind
    exercise: str | None
    step: int | None
    rep: int | None
    reps: int | None
    side: Side | None
    seconds: float | None


@dataclass(frozen=True, slots=True)
class PhaseEnded:
    """A phase ended; skipped when the user cut it short (next, previous, stop)."""

    t: float
    planned: float
    index: int
    phase: PhaseKind
    skipped: bool = False


@dataclass(frozen=True, slots=True)
class CueDue:
    """A text to say now."""

    t: float
    planned: float
    text: str
    kind: CueKind
    index: int


@dataclass(frozen=True, slots=True)
class Paused:
    """The session paused: reason "user", "sleep", "interrupt" or what the caller said."""

    t: float
    planned: float
    reason: str


@dataclass(frozen=True, slots=True)
class Resumed:
    """The session resumed after `paused_seconds`."""

    t: float
    planned: float
    paused_seconds: float


@dataclass(frozen=True, slots=True)
class Skipped:
    """The user moved: action "next", "previous", "restart_step" or "done"."""

    t: float
    planned: float
    action: str
    from_index: int
    to_index: int


@dataclass(frozen=True, slots=True)
class Extended:
    """The current hold was made longer by `seconds`."""

    t: float
    planned: float
    index: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Escalated:
    """The relief has gone on for `after` seconds: time to seek medical help."""

    t: float
    planned: float
    after: float


@dataclass(frozen=True, slots=True)
class EaseAsked:
    """A relief's steps ran out: the cramp stays open until the user says it has eased."""

    t: float
    planned: float


@dataclass(frozen=True, slots=True)
class EaseAnswered:
    """The user's answer: eased (the relief ends) or not yet (its steps start again)."""

    t: float
    planned: float
    eased: bool


@dataclass(frozen=True, slots=True)
class SessionEnded:
    """The session ended: completed when it reached the end of its timeline.

    quiet: no finish chord, since the relief escalated or ended with the cramp not said to
    have eased.
    """

    t: float
    planned: float
    completed: bool
    quiet: bool = False


Event = (
    SessionStarted
    | PhaseStarted
    | PhaseEnded
    | CueDue
    | Paused
    | Resumed
    | Skipped
    | Extended
    | Escalated
    | EaseAsked
    | EaseAnswered
    | SessionEnded
)
