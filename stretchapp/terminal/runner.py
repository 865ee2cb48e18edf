"""The terminal runner: follows one session, shows it on the screen and has it said.

What is said and which tone plays is the announcement policy's (stretchapp.core.announce);
the runner carries it out and draws the lines and the status line. One loop, `drive`,
runs it: ask the runner when it next has something to do, wait until then (or a key, or
a signal), tell the session the time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from stretchapp.clock import Clock
from stretchapp.core.announce import (
    EASED_QUESTION,
    SEEK_HELP_NOW,
    Action,
    announce,
    cuts_speech,
    perform,
    relief_notice,
)
from stretchapp.core.cues import CueKind
from stretchapp.core.durations import format_clock, format_spoken
from stretchapp.core.routine import DEFAULT_SUGGESTED
from stretchapp.core.session import Session
from stretchapp.core.session_events import (
    CueDue,
    EaseAnswered,
    EaseAsked,
    Event,
    Extended,
    Paused,
    PhaseStarted,
    Resumed,
    SessionEnded,
    SessionStarted,
    Skipped,
)
from stretchapp.core.session_view import SessionState
from stretchapp.core.texts import describe, phase_label, progress_bar, status_line
from stretchapp.core.timeline import Phase, PhaseKind, Timeline
from stretchapp.terminal.screen import Screen
from stretchapp.terminal.waiting import Waiter
from stretchapp.tones import ToneKind

if TYPE_CHECKING:
    from stretchapp.core.routine import Exercise

EXIT_OK = 0
EXIT_INTERRUPTED = 130  # Ctrl-C: the shell's convention for "ended by SIGINT"

KEY_HELP = (
    "keys: space pause/resume · n next · p previous · d done · e/+ 15 s more"
    " · r restart step · q quit"
)
# the keys besides space (pause or resume, after the session's state)
KEY_ACTIONS = {
    "n": Action.NEXT,
    "p": Action.PREVIOUS,
    "d": Action.DONE,
    "+": Action.EXTEND,
    "=": Action.EXTEND,
    "e": Action.EXTEND,
    "r": Action.RESTART_STEP,
    "q": Action.STOP,
}
# while a relief asks "has it eased?" (y and n mean nothing else then)
EASED_KEYS = {"y": Action.EASED, "n": Action.NOT_YET}
EASED_HELP = "y: it has eased · n: not yet"
NO_ONE_TO_ASK = (
    "no one can say here whether the cramp has eased, so the relief ends after its steps"
)
_REFRESH_EPSILON = 1e-3  # wake just after the shown second changes, never just before


class Speaker(Protocol):
    """What the runner asks of the speech service."""

    def prepare(self, texts: Sequence[str]) -> None: ...
    def say(self, text: str, *, patience: float = ...) -> None: ...
    def tone(self, kind: Any) -> None: ...
    def cut(self) -> None: ...
    def shutdown(self) -> None: ...


class EventSink(Protocol):
    """Where session events go: the --events writer."""

    def write(self, event: Event) -> None: ...


class Runner:
    """Follows one session: tells it the time and the keys, shows and says what happens.

    It works in session time only; the loop turns that into real waits.
    """

    def __init__(
        self,
        session: Session,
        timeline: Timeline,
        exercises: Mapping[str, Exercise],
        screen: Screen,
        *,
        interactive: bool,
        sink: EventSink | None = None,
        speaker: Speaker | None = None,
        seek_help: str = SEEK_HELP_NOW,
        speed: float = 1.0,
    ) -> None:
        self.session = session
        # --speed 100 must not redraw 100 times a second: at most ten redraws a real second
        self._min_refresh = 0.1 * speed
        self.timeline = timeline
        self.exercises = exercises
        self.screen = screen
        self.interactive = interactive
        self.sink = sink
        self.speaker = speaker
        self.seek_help = seek_help  # the advice said past escalate_after
        self.finished = False
        self.completed = False
        self.interrupted = False
        self._auto_done_at: float | None = None  # manual step with nobody to press d
        self._origin = 0.0  # the clock's reading when the session started
        self._now = 0.0
        self._resume_now = False  # paused by a sleep with no one to press space

    # what the loop calls

    def start(self, now: float, wall: float | None = None) -> None:
        """Start the session; `wall` is the Unix time now, for the events file."""
        self._intro()
        self._cut_for(Action.START)
        self._handle(self.session.start(now, wall=wall), now)

    def wakeup_at(self, now: float) -> float | None:
        """Session time of the next thing to do: an event due, a manual step's end, a redraw."""
        candidates = [self.session.next_wakeup(), self._auto_done_at, self._refresh_at(now)]
        due = [c for c in candidates if c is not None]
        return min(due) if due else None

    def advance(self, now: float) -> None:
        """The time is now: handle what became due."""
        if self.finished:
            return
        self._handle(self.session.advance_to(now), now)
        if self._auto_done_at is not None and now >= self._auto_done_at and not self.finished:
            self._auto_done_at = None
            self._handle(self.session.done(now), now)

    def key(self, key: str, now: float) -> None:
        """A key was pressed."""
        if self.finished:
            return
        session = self.session
        answer = EASED_KEYS.get(key.lower()) if session.asking else None
        if answer is not None:
            self._cut_for(answer)
            self._handle(session.answer(now, eased=answer is Action.EASED), now)
            return
        if key == " ":
            paused = session.state is SessionState.PAUSED
            action: Action | None = Action.RESUME if paused else Action.PAUSE
        else:
            action = KEY_ACTIONS.get(key.lower())
        if action is Action.STOP:
            self.stop(now)
        elif action is not None:
            self._cut_for(action)
            method = {
                Action.PAUSE: session.pause,
                Action.RESUME: session.resume,
                Action.NEXT: session.next,
                Action.PREVIOUS: session.previous,
                Action.DONE: session.done,
                Action.EXTEND: session.extend,
                Action.RESTART_STEP: session.restart_step,
            }[action]
            self._handle(method(now), now)

    def stop(self, now: float, *, interrupted: bool = False) -> None:
        """End the session before its end (q, Ctrl-C): recorded as not completed."""
        if self.finished:
            return
        self.interrupted = interrupted
        self._cut_for(Action.STOP)
        self._handle(self.session.stop(now), now)
        self.finished = True

    def redraw(self, now: float) -> None:
        """Redraw the status line (terminals only)."""
        if self.screen.tty and not self.finished:
            self.screen.status(self.status_text(now))

    # inside

    def _cut_for(self, action: Action) -> None:
        if self.speaker is not None and cuts_speech(action):
            self.speaker.cut()

    def _refresh_at(self, now: float) -> float | None:
        """When the countdown on the status line next changes (terminals only)."""
        if not self.screen.tty or self.finished or self.session.state is not SessionState.RUNNING:
            return None
        view = self.session.view(now)
        remaining = view.remaining
        if remaining is None:  # a manual step counts up its elapsed seconds
            step = max(1.0 - (view.elapsed % 1.0), self._min_refresh)
            return now + step + _REFRESH_EPSILON
        fraction = remaining - math.floor(remaining)
        step = max(fraction if fraction > 0 else 1.0, self._min_refresh)
        return now + step + _REFRESH_EPSILON

    def _intro(self) -> None:
        routine = self.timeline.routine
        total = format_clock(self.timeline.total_seconds)
        manual = any(p.kind is PhaseKind.MANUAL for p in self.timeline.phases)
        extra = " plus the steps you end yourself" if manual else ""
        self.screen.line(f"{routine.title}: {total}{extra}")
        notice = relief_notice(routine, self.seek_help)
        if notice:  # a relief: from its first second, when to seek help
            self.screen.line(f"(!) {notice}")
        if self.interactive:
            self.screen.line(KEY_HELP)
            if notice:
                self.screen.line(f"when the steps run out: {EASED_HELP}")
        elif notice:
            self.screen.line(NO_ONE_TO_ASK)

    def describe(self, phase: Phase) -> str:
        """A phase as a line: "Hold: Calf lunge, left leg, rep 2 of 5 (0:30)"."""
        what = describe(phase, self.exercises)
        if what and not phase.is_work and phase.kind is not PhaseKind.TRANSITION:
            what = f"next {what}"
        if phase.seconds is None:
            length = "until you press d" if self.interactive else "untimed"
        else:
            length = format_clock(phase.seconds)
        label = phase_label(phase.kind)
        return f"{label}: {what} ({length})" if what else f"{label} ({length})"

    def status_text(self, now: float, width: int | None = None) -> str:
        """The status line: phase, exercise, side, rep, countdown, progress of the routine.

        Fitted to the width: the bar narrows first, then the words; the countdown stays.
        """
        width = width if width is not None else self.screen.width() - 1
        view = self.session.view(now)
        sep = " · " if self.screen.fancy else " - "
        parts = ["Paused"] if view.state is SessionState.PAUSED else []
        clock = ""
        if view.asking:
            parts.append(f"{EASED_QUESTION} {EASED_HELP}")
            clock = sep + _since(view.elapsed)
        elif view.phase is not None:
            parts.append(status_line(view.phase, self.exercises, inhale=view.inhale, separator=sep))
            if view.remaining is not None:
                clock = sep + format_clock(view.remaining)
            elif self._auto_done_at is not None:  # nobody to press d: the suggested time
                clock = sep + format_clock(self._auto_done_at - now)
            else:
                clock = f"{sep}{_since(view.elapsed)} (d: done)"
        head = sep.join(parts)
        percent = f"{math.floor(view.progress * 100)}%"
        tail = f"{clock}  {percent}"
        for bar_width in (20, 10):
            candidate = f"{clock}  {progress_bar(view.progress, bar_width)} {percent}"
            if len(head) + len(candidate) <= width:
                tail = candidate
                break
        if len(head) + len(tail) > width:
            head = head[: max(0, width - len(tail) - 1)] + "…"
        return head + tail

    def _handle(self, events: list[Event], now: float) -> None:
        self._now = now
        for event in events:
            if self.sink is not None:
                try:
                    self.sink.write(event)
                except OSError as error:  # a full disk: say so once, follow the routine on
                    self.sink = None
                    self.screen.line(f"stretchapp: cannot write events: {error}")
            self._show(event)
        if self._resume_now:
            self._resume_now = False
            self._handle(self.session.resume(now), now)
        self.redraw(now)

    @staticmethod
    def _stamp(event: Event) -> str:
        return _since(event.planned).rjust(5)

    def _show(self, event: Event) -> None:
        screen = self.screen
        decision = announce(event, seek_help=self.seek_help)
        if self.speaker is not None:
            perform(decision, self.speaker, ToneKind)
        if decision.notice:  # the escalation: a line that stands out
            screen.line("")
            screen.line(f"!!! {decision.notice}")
            screen.line("")
        if isinstance(event, PhaseStarted):
            phase = self.timeline.phases[event.index]
            if phase.kind is not event.phase:  # the get-ready before a step rejoined
                phase = replace(phase, kind=event.phase, seconds=event.seconds)
            self._auto_done_at = None
            screen.line(f"{self._stamp(event)} {self.describe(phase)}")
            if phase.kind is PhaseKind.MANUAL and not self.interactive:
                suggested = phase.suggested or DEFAULT_SUGGESTED
                self._auto_done_at = self._origin + event.planned + suggested
                screen.line(
                    "      no one can press d here, so this step ends after its suggested "
                    f"{format_spoken(suggested)}"
                )
        elif isinstance(event, CueDue):
            if event.kind is not CueKind.COUNTDOWN:  # the status line counts down already
                screen.line(f"{self._stamp(event)}   {event.text}")
        elif isinstance(event, SessionStarted):
            self._origin = self._now - event.t
        elif isinstance(event, Paused):
            why = {"sleep": " (the computer slept)", "user": ""}.get(event.reason, "")
            if self.interactive:
                screen.line(f"{self._stamp(event)} paused{why}: press space to go on")
            else:
                screen.line(f"{self._stamp(event)} paused{why}; no one can press space here")
                self._resume_now = True
        elif isinstance(event, Resumed):
            screen.line(f"{self._stamp(event)} resumed")
        elif isinstance(event, Skipped):
            screen.line(f"{self._stamp(event)} {_SKIP_WORDS.get(event.action, event.action)}")
        elif isinstance(event, EaseAsked):
            screen.line(f"{self._stamp(event)} {EASED_QUESTION} {EASED_HELP}")
        elif isinstance(event, EaseAnswered):
            words = "it has eased" if event.eased else "not yet: the stretch and the steps again"
            screen.line(f"{self._stamp(event)} {words}")
        elif isinstance(event, Extended):
            screen.line(f"{self._stamp(event)} {format_spoken(event.seconds)} more")
        elif isinstance(event, SessionEnded):
            self.finished = True
            self.completed = event.completed
            self._auto_done_at = None
            title = self.timeline.routine.title
            if event.completed:
                screen.line(f"{self._stamp(event)} finished: {title}")
            else:
                screen.line(f"{_since(event.t).rjust(5)} stopped: {title}")


def _since(seconds: float) -> str:
    """Time since the start, rounded down: 16.9 -> "0:16" (a countdown rounds up instead)."""
    return format_clock(seconds, rounding="down")


_SKIP_WORDS = {
    "next": "skipped to the next phase",
    "previous": "back",
    "restart_step": "step restarted",
    "done": "done",
    "rejoin": "back to the routine: this exercise again from its start",
}


# -- where events go besides the screen


class Fanout:
    """One sink that writes to several; a sink that fails stops only itself.

    ``notify`` hears why a sink was dropped; without it the first failure is raised
    after the other sinks had the event (so the runner says it and drops the fan-out).
    """

    def __init__(
        self, *sinks: EventSink | None, notify: Callable[[str], None] | None = None
    ) -> None:
        self.sinks = [sink for sink in sinks if sink is not None]
        self._notify = notify

    def write(self, event: Event) -> None:
        """Write the event to each sink; one that fails is dropped, the others go on."""
        failed: OSError | None = None
        for sink in list(self.sinks):
            try:
                sink.write(event)
            except OSError as error:  # the events file on a full disk: not the history too
                self.sinks.remove(sink)
                failed = failed or error
                if self._notify is not None:
                    self._notify(f"stretchapp: cannot write events: {error}")
        if failed is not None and self._notify is None:
            raise failed


# -- the loop


# -- the loop


def drive(
    runner: Runner, clock: Clock, waiter: Waiter, wall: Callable[[], float] = time.time
) -> int:
    """Run the session to its end; the exit code."""
    runner.start(clock.now(), wall=wall())
    while not runner.finished:
        now = clock.now()
        when = runner.wakeup_at(now)
        timeout = None if when is None else max(0.0, clock.real_seconds_until(when))
        wake = waiter.wait(timeout)
        now = clock.now()
        if wake.interrupted:
            runner.stop(now, interrupted=True)
            break
        runner.advance(now)
        for key in wake.keys:
            runner.key(key, clock.now())
        runner.redraw(clock.now())
        if runner.screen.gone:  # `stretchapp run x | head`: no one reads on
            runner.stop(clock.now())
    return EXIT_INTERRUPTED if runner.interrupted else EXIT_OK
