"""The recorder: a running session's events, written to the history as they come."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stretchapp.core.session_events import (
    EaseAnswered,
    Extended,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SessionEnded,
    SessionStarted,
)
from stretchapp.core.stats import session_status
from stretchapp.core.timeline import WORK_KINDS
from stretchapp.history.records import HistoryError

if TYPE_CHECKING:
    from stretchapp.core.session_events import Event
    from stretchapp.core.timeline import Timeline


class HistoryRecorder:
    """Records the session (and, for relief, the cramp) in the history as it goes.

    The start is written at once, so a killed run still leaves its row; a failing
    database is said once and never stops the session.
    """

    def __init__(
        self,
        store: Any,
        timeline: Timeline,
        *,
        muscle: str | None,
        notify: Callable[[str], None],
    ) -> None:
        self._store = store
        self._timeline = timeline
        self._muscle = muscle
        self._notify = notify
        self._session_id: int | None = None
        self._cramp_id: int | None = None
        self._started: dt.datetime | None = None
        self._steps: set[int] = set()
        self._failed = False
        self._eased_at: float | None = None  # session seconds when the user said it eased
        # the work: seconds done in each timed work phase (its best go), and the one running
        self._done: dict[int, float] = {}
        self._open: tuple[int, float, float] | None = None  # index, planned start, length
        self._paused_in = 0.0  # seconds paused during the open phase
        self._reached = 0  # the furthest phase entered

    @property
    def session_id(self) -> int | None:
        """The session's row, once started."""
        return self._session_id

    @property
    def cramp_id(self) -> int | None:
        """The cramp's row (relief sessions), once started."""
        return self._cramp_id

    def write(self, event: Event) -> None:
        """Record what the event changes."""
        if self._failed:
            return
        try:
            self._record(event)
        except (HistoryError, OSError, ValueError, sqlite3.Error) as error:
            self._failed = True
            self._notify(f"this session is not saved in the history: {error}")

    def _record(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            if event.wall is not None:
                wall = event.wall
            else:
                import time  # noqa: PLC0415  (only a session started without a wall time)

                wall = time.time()
            self._started = dt.datetime.fromtimestamp(wall).astimezone()
            self._session_id = self._store.start_session(event.routine, self._started)
            if self._muscle is not None:
                self._cramp_id = self._store.start_cramp(
                    self._muscle, self._started, session_id=self._session_id
                )
        elif isinstance(event, PhaseStarted | Resumed | Extended):
            self._follow_work(event)
        elif isinstance(event, PhaseEnded) and event.phase in WORK_KINDS:
            self._close_work(event)
        if isinstance(event, PhaseEnded) and not event.skipped:
            phase = self._timeline.phases[event.index]
            # the event's kind: a get-ready before a rejoined step carries that step's index
            if event.phase in WORK_KINDS and phase.step is not None:
                self._steps.add(phase.step)
        if isinstance(event, EaseAnswered) and event.eased:
            self._eased_at = event.t
        if isinstance(event, SessionEnded) and self._started is not None:
            ended = self._started + dt.timedelta(seconds=event.t)
            if self._session_id is not None:
                done, skipped = self._work(reached_end=event.completed)
                status = session_status(
                    ended=True, reached_end=event.completed, done=done, skipped=skipped
                )
                self._store.end_session(
                    self._session_id,
                    ended,
                    completed=status == "completed",
                    steps_done=len(self._steps),
                    seconds=event.t,
                    status=status,
                    work=(done, skipped),
                )
            if self._cramp_id is not None:
                # the cramp lasted until the user said it eased, or else until the relief ended
                seconds = event.t if self._eased_at is None else self._eased_at
                self._store.end_cramp(self._cramp_id, seconds=seconds, steps_done=len(self._steps))

    # ----- the work done and skipped

    def _follow_work(self, event: PhaseStarted | Resumed | Extended) -> None:
        if isinstance(event, PhaseStarted):
            self._reached = max(self._reached, event.index)
            timed = event.phase in WORK_KINDS and event.seconds is not None
            self._open = (event.index, event.planned, event.seconds or 0.0) if timed else None
            self._paused_in = 0.0
        elif isinstance(event, Resumed):
            self._paused_in += event.paused_seconds
        elif self._open is not None:  # Extended: the hold is longer, its work too
            index, start, length = self._open
            self._open = (index, start, length + event.seconds)

    def _close_work(self, event: PhaseEnded) -> None:
        if self._open is None or self._open[0] != event.index:
            return
        index, start, length = self._open
        # planned times move with pauses: what was paused in the phase was not work
        done = min(length, max(0.0, event.planned - start - self._paused_in))
        self._done[index] = max(self._done.get(index, 0.0), done)
        self._open = None

    def _work(self, *, reached_end: bool) -> tuple[float, float]:
        """Seconds of work done, and skipped: the planned work of the phases passed by, or
        all of it when the session reached its end, that was not done."""
        phases = self._timeline.phases
        last = len(phases) if reached_end else self._reached
        passed = [p for p in phases[:last] if p.is_work and p.seconds is not None]
        done = sum(self._done.values())
        skipped = sum(max(0.0, p.length - self._done.get(p.index, 0.0)) for p in passed)
        return done, skipped
