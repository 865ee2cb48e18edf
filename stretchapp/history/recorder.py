"""The recorder: a running session's events, written to the history as they come."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stretchapp.core.session import PhaseEnded, SessionEnded, SessionStarted
from stretchapp.history.records import HistoryError

if TYPE_CHECKING:
    from stretchapp.core.session import Event
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
        elif isinstance(event, PhaseEnded) and not event.skipped:
            phase = self._timeline.phases[event.index]
            if phase.is_work and phase.step is not None:
                self._steps.add(phase.step)
        elif isinstance(event, SessionEnded) and self._started is not None:
            ended = self._started + dt.timedelta(seconds=event.t)
            if self._session_id is not None:
                self._store.end_session(
                    self._session_id,
                    ended,
                    completed=event.completed,
                    steps_done=len(self._steps),
                    seconds=event.t,
                )
            if self._cramp_id is not None:
                self._store.end_cramp(self._cramp_id, seconds=event.t, steps_done=len(self._steps))
