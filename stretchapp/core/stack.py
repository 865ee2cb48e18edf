"""The session stack: one running session, and one suspended while a cramp relief runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # session.py re-exports the stack, so the stack names Session for the type checker only:
    # at run time it only calls the sessions it is given.
    from stretchapp.core.session import Session, Tagged
    from stretchapp.core.session_events import Event


class SessionStack:
    """One running session, and one suspended while a cramp relief runs.

    Methods return (session, event) pairs: an interrupt produces events of two sessions,
    each with its own session time.
    """

    def __init__(self) -> None:
        self._current: Session | None = None
        self._suspended: Session | None = None

    @property
    def current(self) -> Session | None:
        """The session on screen."""
        return self._current

    @property
    def suspended(self) -> Session | None:
        """The session a relief interrupted, if any."""
        return self._suspended

    @property
    def resumable(self) -> Session | None:
        """The interrupted session, once the relief has ended or been stopped."""
        if self._suspended is None:
            return None
        if self._current is not None and self._current.active:
            return None
        return self._suspended

    @staticmethod
    def _tag(session: Session, events: list[Event]) -> list[Tagged]:
        return [(session, event) for event in events]

    def start(self, session: Session, now: float, *, wall: float | None = None) -> list[Tagged]:
        """Start a session; a running one is stopped, a suspended one stays on offer."""
        out: list[Tagged] = []
        if self._current is not None and self._current.active:
            out += self._tag(self._current, self._current.stop(now))
        self._current = session
        return out + self._tag(session, session.start(now, wall=wall))

    def interrupt(self, relief: Session, now: float, *, wall: float | None = None) -> list[Tagged]:
        """Pause the running session with its exact remaining time and start a relief.

        A relief that interrupts a relief replaces it; the first session stays suspended.
        """
        out: list[Tagged] = []
        current = self._current
        if current is not None and current.active:
            if self._suspended is None:
                out += self._tag(current, current.pause(now, "interrupt"))
                self._suspended = current
            else:
                out += self._tag(current, current.stop(now))
        self._current = relief
        return out + self._tag(relief, relief.start(now, wall=wall))

    def advance_to(self, now: float) -> list[Tagged]:
        """Advance the current session (the suspended one waits, paused)."""
        if self._current is None:
            return []
        return self._tag(self._current, self._current.advance_to(now))

    def next_wakeup(self) -> float | None:
        """When the current session next needs the time."""
        return None if self._current is None else self._current.next_wakeup()

    def resume_suspended(self, now: float) -> list[Tagged]:
        """Go back to the interrupted session: its exercise again after a get-ready (ending the
        relief if needed)."""
        suspended = self._suspended
        if suspended is None:
            return []
        out: list[Tagged] = []
        if self._current is not None and self._current.active:
            out += self._tag(self._current, self._current.stop(now))
        self._current = suspended
        self._suspended = None
        return out + self._tag(suspended, suspended.rejoin(now))

    def discard_suspended(self, now: float | None = None) -> list[Tagged]:
        """Forget the interrupted session; given the time, it is recorded as stopped."""
        suspended = self._suspended
        self._suspended = None
        if suspended is None or now is None:
            return []
        return self._tag(suspended, suspended.stop(now))
