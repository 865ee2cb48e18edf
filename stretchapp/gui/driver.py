"""The one timer that drives the session stack: it sleeps until the next thing is due."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from stretchapp.clock import Clock
from stretchapp.core.announce import (
    FIRST_WORDS_PATIENCE,
    SEEK_HELP_NOW,
    Action,
    announce,
    cuts_speech,
    perform,
)
from stretchapp.core.session_view import SessionState, SessionView
from stretchapp.core.stack import SessionStack
from stretchapp.gui.qt_values import PRECISE_TIMER, set_property
from stretchapp.tones import ToneKind

if TYPE_CHECKING:
    # the session's modules (and the ring's Qt classes) load with the first session: the
    # window waits in the library, or in the tray, without them
    from stretchapp.core.session import Session, Tagged
    from stretchapp.core.session_events import Event

# Wake just after the shown second changes, never just before (a precise timer may fire
# up to a millisecond early).
_AFTER_CHANGE = 0.002
_MAX_INTERVAL_MS = 24 * 3600 * 1000  # QTimer takes an int of milliseconds


def _tag(session: Session, events: Sequence[Event]) -> list[Tagged]:
    return [(session, event) for event in events]


class Speaker(Protocol):
    """What the driver asks of the speech service."""

    def say(self, text: str, *, patience: float = ...) -> None: ...
    def tone(self, kind: ToneKind) -> None: ...
    def cut(self) -> None: ...


class EventSink(Protocol):
    """Where session events go: the --events writer."""

    def write(self, event: Event) -> None: ...


class SessionDriver(QObject):
    """Tells the session stack the time, exactly when something changes, and reports it.

    One single-shot PreciseTimer, parented, wakes at min(the session's next wakeup, the
    moment the shown second or breath beat changes). Nothing wakes while paused or idle.
    """

    phase_started = Signal(object)  # SessionView of the new phase
    ticked = Signal(object)  # SessionView: the shown second or the breath beat changed
    cue_said = Signal(str)  # a cue's text (countdown numbers excluded)
    paused_changed = Signal(bool)
    escalated = Signal(str)  # the notice to show: how long the cramp has lasted, the advice
    session_ended = Signal(bool)  # completed
    asked = Signal()  # a relief's steps ran out: has the cramp eased?
    resumable_changed = Signal(bool)

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.stack = SessionStack()
        self.speaker: Speaker | None = None
        self.seek_help = SEEK_HELP_NOW  # the advice said past escalate_after: the library's tip
        self.sink: EventSink | None = None  # every session's events: --events
        self.session_sinks: dict[Session, EventSink] = {}  # one session's events: the history
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        set_property(self.timer, "timerType", PRECISE_TIMER)  # Qt.TimerType: see qt_values
        self.timer.timeout.connect(self._on_timer_timeout)
        self._closed = False
        self._wakeups = 0

    # -- questions

    @property
    def session(self) -> Session | None:
        """The session on screen."""
        return self.stack.current

    @property
    def wakeups(self) -> int:
        """How many times the timer fired: the benchmark and tests read it."""
        return self._wakeups

    def now(self) -> float:
        """The clock's time."""
        return self._clock.now()

    def view(self) -> SessionView | None:
        """What the current session shows now."""
        session = self.stack.current
        return None if session is None else session.view(self._clock.now())

    def running(self) -> bool:
        """True when a session is running or paused (not ended)."""
        session = self.stack.current
        return session is not None and session.active

    # -- what the window asks

    def start(self, session: Session) -> None:
        """Start a session; one already running is stopped."""
        now = self._clock.now()
        self._cut_for(Action.START)
        self._handle(self.stack.start(session, now, wall=time.time()), now)

    def interrupt(self, relief: Session) -> None:
        """A cramp: pause what runs (it stays on offer) and start the relief at once."""
        now = self._clock.now()
        self._cut_for(Action.INTERRUPT)
        self._handle(self.stack.interrupt(relief, now, wall=time.time()), now)

    def resume_suspended(self) -> None:
        """Go back to what the cramp interrupted."""
        now = self._clock.now()
        self._cut_for(Action.RESUME_SUSPENDED)
        self._handle(self.stack.resume_suspended(now), now)

    def discard_suspended(self) -> None:
        """Forget what the cramp interrupted (recorded as stopped)."""
        now = self._clock.now()
        self._cut_for(Action.DISCARD_SUSPENDED)
        self._handle(self.stack.discard_suspended(now), now)

    def toggle_pause(self) -> None:
        """Space: pause or resume."""
        session = self.stack.current
        if session is None:
            return
        now = self._clock.now()
        if session.state is SessionState.PAUSED:
            self._cut_for(Action.RESUME)
            self._handle(_tag(session, session.resume(now)), now)
        elif session.state is SessionState.RUNNING:
            self._cut_for(Action.PAUSE)
            self._handle(_tag(session, session.pause(now, "user")), now)

    def hold(self, reason: str = "dialog") -> Session | None:
        """Pause the running session for a modal moment (a dialog, the cramp chooser).

        Returns the session it paused, for release(); None when nothing ran, or when the
        user had paused it already (then it stays paused after).
        """
        session = self.stack.current
        if session is None or session.state is not SessionState.RUNNING or session.asking:
            return None
        now = self._clock.now()
        self._cut_for(Action.PAUSE)
        self._handle(_tag(session, session.pause(now, reason)), now)
        return session if session.active else None  # a pause that ended it: nothing to resume

    def release(self, session: Session | None) -> None:
        """Resume what hold() paused, unless it was stopped or replaced meanwhile."""
        if session is None or session is not self.stack.current or self._closed:
            return
        if session.state is SessionState.PAUSED:
            now = self._clock.now()
            self._cut_for(Action.RESUME)
            self._handle(_tag(session, session.resume(now)), now)

    @contextmanager
    def held(self, reason: str = "dialog") -> Iterator[None]:
        """The session paused for the length of the block (a modal dialog), resumed after."""
        session = self.hold(reason)
        try:
            yield
        finally:
            self.release(session)

    def next(self) -> None:
        """Skip to the next phase."""
        self._act(Action.NEXT)

    def previous(self) -> None:
        """Back to the start of this phase, or the one before."""
        self._act(Action.PREVIOUS)

    def done(self) -> None:
        """End a manual step."""
        self._act(Action.DONE)

    def extend(self) -> None:
        """Hold 15 seconds longer."""
        self._act(Action.EXTEND)

    def stop(self) -> None:
        """End the session now, not completed."""
        self._act(Action.STOP)

    @Slot(bool)
    def answer(self, eased: bool) -> None:
        """The answer to "has it eased?": yes ends the relief, not yet runs its steps again."""
        session = self.stack.current
        if session is None or not session.asking:
            return
        now = self._clock.now()
        self._cut_for(Action.EASED if eased else Action.NOT_YET)
        self._handle(_tag(session, session.answer(now, eased=eased)), now)

    def _act(self, action: Action) -> None:
        session = self.stack.current
        if session is None or not session.active:
            return
        now = self._clock.now()
        self._cut_for(action)
        method = {
            Action.NEXT: session.next,
            Action.PREVIOUS: session.previous,
            Action.DONE: session.done,
            Action.EXTEND: session.extend,
            Action.STOP: session.stop,
        }[action]
        self._handle(_tag(session, method(now)), now)

    def shutdown(self) -> None:
        """The window closes: stop the timer, end a running session as not completed."""
        if self._closed:
            return
        now = self._clock.now()
        session = self.stack.current
        if session is not None and session.active:
            self._handle(_tag(session, session.stop(now)), now)
        self._handle(self.stack.discard_suspended(now), now)
        self._closed = True
        self.timer.stop()

    # -- the tick

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._wakeups += 1
        self.tick()

    def tick(self) -> None:
        """Tell the stack the clock's time, show what changed and sleep until the next thing."""
        now = self._clock.now()
        self._handle(self.stack.advance_to(now), now)

    def _handle(self, tagged: Sequence[Tagged], now: float) -> None:
        current = self.stack.current
        if not tagged and current is None:
            # no session, nothing happened (a quit before any session): nothing to load
            self._schedule(now)
            return
        # loaded with the session that made these events: a lookup here
        from stretchapp.core.cues import CueKind  # noqa: PLC0415
        from stretchapp.core.session_events import (  # noqa: PLC0415
            CueDue,
            EaseAsked,
            Paused,
            PhaseStarted,
            Resumed,
            SessionEnded,
            Skipped,
        )

        phase_view: SessionView | None = None
        for session, event in tagged:
            if self.sink is not None:
                self.sink.write(event)
            own = self.session_sinks.get(session)
            if own is not None:
                own.write(event)
                if isinstance(event, SessionEnded):
                    del self.session_sinks[session]
            if session is not current:
                continue  # the interrupted session's pause, or a replaced relief's end
            decision = announce(event, seek_help=self.seek_help)
            if self.speaker is not None:
                perform(decision, self.speaker, ToneKind)
            if decision.notice:
                self.escalated.emit(decision.notice)
            if isinstance(event, PhaseStarted):
                phase_view = None  # recomputed below, once, at the end
            elif isinstance(event, CueDue):
                # the digits and the breath indicator already show these two
                if event.kind not in (CueKind.COUNTDOWN, CueKind.BREATH):
                    self.cue_said.emit(event.text)
            elif isinstance(event, Paused | Resumed):
                self.paused_changed.emit(isinstance(event, Paused))
            elif isinstance(event, EaseAsked):
                self.asked.emit()
            elif isinstance(event, SessionEnded):
                self.session_ended.emit(event.completed)
        if tagged:
            self.resumable_changed.emit(self.stack.resumable is not None)
        if current is not None:
            view = current.view(now)
            if any(
                s is current and isinstance(e, PhaseStarted | Resumed | Skipped) for s, e in tagged
            ):
                phase_view = view
            # an ended session, or a relief asking "has it eased?", shows no phase any more:
            # its last Skipped must not bring the last phase back over the finish screen
            showing = current.active and not current.asking
            if phase_view is not None and showing:
                self.phase_started.emit(phase_view)
            else:
                self.ticked.emit(view)
        self._schedule(now)

    def _schedule(self, now: float) -> None:
        """Sleep until the session needs the time or the shown second changes."""
        self.timer.stop()
        if self._closed:
            return
        session = self.stack.current
        if session is None or session.state is not SessionState.RUNNING:
            return
        from stretchapp.gui.ring import until_next_digit  # noqa: PLC0415 (the player's)

        due = [t for t in (session.next_wakeup(),) if t is not None]
        view = session.view(now)
        if view.remaining is not None and view.remaining > 0:
            due.append(now + until_next_digit(view.remaining) + _AFTER_CHANGE)
        phase = view.phase
        if view.beat_fraction is not None and phase is not None and phase.breath_seconds:
            half = phase.breath_seconds / 2
            due.append(now + (1.0 - view.beat_fraction) * half + _AFTER_CHANGE)
        if not due:
            return
        seconds = max(0.0, self._clock.real_seconds_until(min(due)))
        self.timer.start(min(_MAX_INTERVAL_MS, math.ceil(seconds * 1000)))

    # -- sound: the announcement policy decides, the driver carries it out

    def _cut_for(self, action: Action) -> None:
        if self.speaker is not None and cuts_speech(action):
            self.speaker.cut()


# FIRST_WORDS_PATIENCE is the policy's; the window's tests read it here
__all__ = ["FIRST_WORDS_PATIENCE", "EventSink", "SessionDriver", "Speaker"]
