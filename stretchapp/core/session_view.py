"""What a session is doing (SessionState) and what the shells show of it (SessionView)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stretchapp.core.timeline import Phase


class SessionState(StrEnum):
    """Where a session is in its life."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class SessionView:
    """What the window and the terminal show at one moment."""

    state: SessionState
    index: int | None
    phase: Phase | None
    remaining: float | None  # in the current phase; None for manual
    elapsed: float  # in the current phase
    phase_seconds: float | None  # the current phase's length, extensions included
    progress: float  # 0..1 of the whole routine
    total_remaining: float
    session_seconds: float  # since start, paused time included
    inhale: bool | None  # breath phases: breathing in (True) or out
    beat_fraction: float | None  # how far through this half-breath, 0..1
    next_up: str  # what comes next: "Calf lunge, left leg, rep 2 of 5"
    escalated: bool
    asking: bool = False  # a relief whose steps ran out asks "has it eased?"


def still_view(
    state: SessionState,
    *,
    escalated: bool,
    done: bool,
    total_remaining: float = 0.0,
    next_up: str = "",
    phase: Phase | None = None,
    elapsed: float = 0.0,
    session_seconds: float = 0.0,
    asking: bool = False,
) -> SessionView:
    """A view with nothing counting down: before the start, or a relief asking "eased?"."""
    return SessionView(
        state=state,
        index=None if phase is None else phase.index,
        phase=phase,
        remaining=None,
        elapsed=elapsed,
        phase_seconds=None,
        progress=1.0 if done else 0.0,
        total_remaining=total_remaining,
        session_seconds=session_seconds,
        inhale=None,
        beat_fraction=None,
        next_up=next_up,
        escalated=escalated,
        asking=asking,
    )
