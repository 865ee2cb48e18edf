"""The session: a state machine that follows a timeline, told the time by whoever owns it.

The events it returns are in `session_events.py`, what it shows in `session_view.py`, and the
stack that suspends a session while a cramp relief runs in `stack.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from stretchapp.core.cues import (
    FINISH_TEXT,
    Cue,
    CueKind,
    Speaking,
    Verbosity,
    breath_beat,
    phase_cues,
)
from stretchapp.core.routine import Exercise
from stretchapp.core.session_events import (
    CueDue,
    EaseAnswered,
    EaseAsked,
    Escalated,
    Event,
    Extended,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SessionEnded,
    SessionStarted,
    Skipped,
)
from stretchapp.core.session_view import SessionState, SessionView, still_view
from stretchapp.core.speaking import speaking_time
from stretchapp.core.texts import describe
from stretchapp.core.timeline import Phase, PhaseKind, Timeline

# Times passed in (`now`) are seconds on a monotonic clock; events carry session seconds
# (`t`, since start, paused time included) and when the plan said they would happen (`planned`,
# paused time, extensions, skips and the time spent on manual steps included).
#
# Decisions:
# - Each phase's deadline is the previous deadline plus its length, never the moment a call
#   noticed the previous end, so a stall never lengthens what follows.
# - A jump of more than `sleep_gap` seconds between two calls while running means the machine
#   slept (the shell is always asked to wake sooner, see next_wakeup): the session pauses at the
#   last moment it was told the time, so nothing is lost, and says Paused(reason="sleep"). A
#   manual step has no deadline, so a sleep during one changes nothing.
# - Cues more than STALE seconds late after a stall or a sleep are not said (a countdown read out
#   after the count is over helps no one), except the opening cue of the phase now running and the
#   finish. They are still marked said.
# - Escalation counts wall time since the session started, paused and slept time included: a
#   cramp that lasts ten minutes lasts ten minutes whatever the app did. It fires once, while the
#   session is running or paused.
# - A session is completed when it reaches the end of its timeline, also through `next`; it is
#   not when stopped.
# - A relief asked to (`ask_eased`) does not end with its steps: the cramp lasts until the user
#   says it has eased, so the session asks (EaseAsked) and waits, running, with the escalation
#   clock going. Yes ends it (completed); not yet starts its steps again. Such a session, and
#   any session past its escalation, never says the finish words: "well done" is no answer to
#   a cramp that may not have eased.

STALE = 2.0
# While running, the shell is woken at least this often so a long silent phase is never
# mistaken for a sleep of the machine.
HEARTBEAT = 60.0
PREVIOUS_RESTARTS_AFTER = 2.0
REJOIN_GET_READY = 5.0  # seconds of get-ready before the step a cramp interrupted starts again
EXTENDABLE = frozenset({PhaseKind.HOLD, PhaseKind.ACTIVITY})
_ALWAYS_SAID = frozenset({CueKind.START, CueKind.MANUAL, CueKind.SWITCH, CueKind.NEXT_UP})


class Session:
    """Follows one timeline; every method is told the time and returns the events now due."""

    def __init__(
        self,
        timeline: Timeline,
        exercises: Mapping[str, Exercise],
        *,
        verbosity: Verbosity = Verbosity.FULL,
        sleep_gap: float = 300.0,
        speaking: Speaking = speaking_time,
        ask_eased: bool = False,
    ) -> None:
        self.timeline = timeline
        self._speaking = speaking  # how long a text takes to say: the voice's, when known
        self._exercises = exercises
        self._verbosity = verbosity
        self._sleep_gap = sleep_gap
        self._state = SessionState.READY
        self._origin = 0.0
        self._last_now = 0.0
        self._index = 0
        self._shift = 0.0  # planned start of the current phase minus its timeline start
        self._extra = 0.0  # seconds added to the current phase by extend()
        self._paused_at: float | None = None
        self._ended_at: float | None = None
        self._cues: tuple[Cue, ...] = ()
        self._said: set[int] = set()
        self._escalated = False
        self._ask_eased = ask_eased
        self._asking = False
        self._asked_at = 0.0  # session seconds when the question was asked
        # a get-ready before the phase at _index, when rejoining after a cramp; not in the plan
        self._lead: Phase | None = None

    # ----- state -----

    @property
    def state(self) -> SessionState:
        """The current state."""
        return self._state

    @property
    def active(self) -> bool:
        """True while running or paused."""
        return self._state in (SessionState.RUNNING, SessionState.PAUSED)

    @property
    def index(self) -> int:
        """The index of the current phase."""
        return self._index

    @property
    def phase(self) -> Phase | None:
        """The current phase, None for an empty timeline."""
        if self._lead is not None:
            return self._lead
        phases = self.timeline.phases
        return phases[self._index] if self._index < len(phases) else None

    @property
    def escalated(self) -> bool:
        """True once the escalation has fired."""
        return self._escalated

    @property
    def asking(self) -> bool:
        """True while a relief whose steps ran out waits for "has it eased?"."""
        return self._asking

    def _t(self, now: float) -> float:
        return now - self._origin

    def _current(self) -> Phase:
        return self._lead if self._lead is not None else self.timeline.phases[self._index]

    def _start_s(self) -> float:
        return self._current().start + self._shift

    def _length(self) -> float | None:
        seconds = self._current().seconds
        return None if seconds is None else seconds + self._extra

    def _due_s(self, cue: Cue) -> float | None:
        """When a cue of the current phase is due, in session seconds; None: when it ends."""
        start = self._start_s()
        if not cue.from_end:
            return start + cue.offset
        length = self._length()
        return None if length is None else start + length - cue.offset

    def _reference(self, now: float) -> float:
        return self._paused_at if self._paused_at is not None else now

    # ----- moving through the timeline -----

    def _enter(self, index: int, at_s: float, now: float) -> PhaseStarted:
        phase = self.timeline.phases[index]
        self._index = index
        self._lead = None
        self._shift = at_s - phase.start
        self._extra = 0.0
        cues = phase_cues(self.timeline, index, self._exercises, self._verbosity, self._speaking)
        self._cues = tuple(_unfinished(c) for c in cues) if self._ask_eased else cues
        self._said = set()
        return PhaseStarted(
            t=self._t(now),
            planned=at_s,
            index=index,
            phase=phase.kind,
            exercise=phase.exercise,
            step=phase.step,
            rep=phase.rep,
            reps=phase.reps,
            side=phase.side,
            seconds=phase.seconds,
        )

    def _say(self, now: float, *, upto_s: float | None, ending: bool) -> list[Event]:
        """The current phase's unsaid cues due by upto_s (all of them when ending)."""
        due: list[tuple[float, int, Cue]] = []
        for number, cue in enumerate(self._cues):
            if number in self._said:
                continue
            at = self._due_s(cue)
            if at is None:
                if not ending:
                    continue
                at = self._t(now) if self._paused_at is None else self._paused_at - self._origin
            elif upto_s is not None and at > upto_s + 1e-9:
                continue
            due.append((at, number, cue))
        events: list[Event] = []
        t = self._t(now)
        for at, number, planned_cue in sorted(due):
            self._said.add(number)
            cue = _unfinished(planned_cue) if self._escalated else planned_cue
            late = t - at > STALE
            keep = cue.kind is CueKind.FINISH or (cue.kind in _ALWAYS_SAID and not ending)
            if (late and not keep) or not cue.text:
                continue
            events.append(CueDue(t=t, planned=at, text=cue.text, kind=cue.kind, index=self._index))
        return events

    def _end_current(self, now: float, at_s: float, *, skipped: bool) -> list[Event]:
        phase = self._current()
        events: list[Event] = []
        if not skipped:
            events += self._say(now, upto_s=at_s, ending=True)
        events.append(
            PhaseEnded(
                t=self._t(now), planned=at_s, index=self._index, phase=phase.kind, skipped=skipped
            )
        )
        return events

    def _finish(
        self, now: float, at_s: float, *, completed: bool, eased: bool = False
    ) -> list[Event]:
        asked = self._asking
        self._state = SessionState.FINISHED if completed else SessionState.STOPPED
        self._ended_at = self._origin + at_s
        self._paused_at = None
        self._asking = False
        quiet = self._escalated or (asked and not eased)
        return [SessionEnded(t=self._t(now), planned=at_s, completed=completed, quiet=quiet)]

    def _steps_ran_out(self, now: float, at_s: float) -> list[Event]:
        """The end of the timeline: the session ends, or a relief asks whether it has eased."""
        if not self._ask_eased:
            return self._finish(now, at_s, completed=True)
        self._asking = True
        self._asked_at = at_s
        return [EaseAsked(t=self._t(now), planned=at_s)]

    def _run_until(self, now: float, horizon: float | None = None) -> list[Event]:
        """Play the plan up to `horizon` (default `now`); events are stamped with `now`."""
        events: list[Event] = []
        while self._state is SessionState.RUNNING and not self._asking:
            length = self._length()
            t = self._t(now if horizon is None else min(horizon, now))
            if length is None:
                events += self._say(now, upto_s=t, ending=False)
                break
            deadline = self._start_s() + length
            if deadline > t + 1e-9:
                events += self._say(now, upto_s=t, ending=False)
                break
            events += self._end_current(now, deadline, skipped=False)
            if self._lead is not None:  # the get-ready is over: the step itself
                events.append(self._enter(self._index, deadline, now))
                continue
            if self._index + 1 >= len(self.timeline.phases):
                events += self._steps_ran_out(now, deadline)
                break
            events.append(self._enter(self._index + 1, deadline, now))
        return events

    def _escalation(self, now: float) -> list[Event]:
        after = self.timeline.routine.escalate_after
        if after is None or self._escalated or not self.active or self._t(now) < after:
            return []
        self._escalated = True
        return [Escalated(t=self._t(now), planned=float(after), after=float(after))]

    def _jump(self, now: float, target: int, action: str) -> list[Event]:
        at_s = self._reference(now) - self._origin
        origin_index = self._index
        events = self._end_current(now, at_s, skipped=True)
        events.append(
            Skipped(
                t=self._t(now),
                planned=at_s,
                action=action,
                from_index=origin_index,
                to_index=target,
            )
        )
        if target >= len(self.timeline.phases):
            return events + self._finish_words(now, at_s) + self._steps_ran_out(now, at_s)
        events.append(self._enter(target, at_s, now))
        return events + self._run_until(now)

    def _finish_words(self, now: float, at_s: float) -> list[Event]:
        """The finish cue of the last phase, said when the user skips past it: skipping the
        last step ends the routine as reaching its end does (a relief asks instead)."""
        events: list[Event] = []
        for number, planned_cue in enumerate(self._cues):
            if planned_cue.kind is not CueKind.FINISH or number in self._said:
                continue
            self._said.add(number)
            cue = _unfinished(planned_cue) if self._escalated else planned_cue
            if cue.text:
                t = self._t(now)
                events.append(
                    CueDue(t=t, planned=at_s, text=cue.text, kind=cue.kind, index=self._index)
                )
        return events

    # ----- the commands -----

    def start(self, now: float, *, wall: float | None = None) -> list[Event]:
        """Begin at `now`; `wall` is the Unix time for the record (the core never reads it)."""
        if self._state is not SessionState.READY:
            return []
        self._origin = now
        self._last_now = now
        self._state = SessionState.RUNNING
        events: list[Event] = [
            SessionStarted(t=0.0, planned=0.0, routine=self.timeline.routine.id, wall=wall)
        ]
        if not self.timeline.phases:
            return events + self._finish(now, 0.0, completed=True)
        events.append(self._enter(0, 0.0, now))
        return events + self.advance_to(now)

    def advance_to(self, now: float) -> list[Event]:
        """Everything that became due up to `now`, in order."""
        if not self.active:
            return []
        now = max(now, self._last_now)
        events: list[Event] = []
        # an untimed step, or the question, has no deadline a sleep could pass
        timed = self._length() is not None and not self._asking
        if self._state is SessionState.RUNNING and timed and now - self._last_now > self._sleep_gap:
            began = self._last_now
            self._state = SessionState.PAUSED
            self._paused_at = began
            events.append(Paused(t=self._t(now), planned=self._t(began), reason="sleep"))
        after = self.timeline.routine.escalate_after
        if after is not None and not self._escalated and self._origin + after <= now:
            # Whatever was due before the escalation is said before it.
            events += self._run_until(now, max(self._origin + after, self._last_now))
        events += self._escalation(now)
        events += self._run_until(now)
        self._last_now = now
        return events

    def pause(self, now: float, reason: str = "user") -> list[Event]:
        """Pause; remaining time is kept exactly."""
        events = self.advance_to(now)
        if self._state is SessionState.RUNNING and not self._asking:
            self._state = SessionState.PAUSED
            self._paused_at = now
            events.append(Paused(t=self._t(now), planned=self._t(now), reason=reason))
        return events

    def resume(self, now: float) -> list[Event]:
        """Resume; every later deadline moves by the time spent paused."""
        if self._state is not SessionState.PAUSED or self._paused_at is None:
            return []
        now = max(now, self._paused_at)
        events = self._escalation(now)
        paused = now - self._paused_at
        self._shift += paused
        self._paused_at = None
        self._state = SessionState.RUNNING
        self._last_now = now
        events.append(Resumed(t=self._t(now), planned=self._t(now), paused_seconds=paused))
        return events + self._run_until(now)

    def next(self, now: float) -> list[Event]:
        """Skip to the next phase (past the last one, the session is complete)."""
        events = self.advance_to(now)
        if not self.active or self._asking:
            return events
        target = self._index if self._lead is not None else self._index + 1
        return events + self._jump(now, target, "next")

    def previous(self, now: float) -> list[Event]:
        """Back to the start of this phase if more than 2 s in, else to the phase before."""
        events = self.advance_to(now)
        if not self.active or self._asking:
            return events
        elapsed = self._reference(now) - self._origin - self._start_s()
        target = self._index
        if elapsed <= PREVIOUS_RESTARTS_AFTER and self._index > 0:
            target = self._index - 1
        return events + self._jump(now, target, "previous")

    def restart_step(self, now: float) -> list[Event]:
        """Back to the first rep of the current step (the first phase for prepare)."""
        events = self.advance_to(now)
        if not self.active or self._asking:
            return events
        step = self.timeline.phases[self._index].step
        target = 0
        if step is not None:
            target = next(p.index for p in self.timeline.phases if p.step == step and p.is_work)
        return events + self._jump(now, target, "restart_step")

    def done(self, now: float) -> list[Event]:
        """The user finished a manual step; nothing happens in other phases."""
        events = self.advance_to(now)
        phase = self.phase
        manual = phase is not None and phase.kind is PhaseKind.MANUAL
        if not self.active or self._asking or not manual:
            return events
        at_s = self._reference(now) - self._origin
        events += self._end_current(now, at_s, skipped=False)
        if self._index + 1 >= len(self.timeline.phases):
            return events + self._steps_ran_out(now, at_s)
        events.append(self._enter(self._index + 1, at_s, now))
        return events + self._run_until(now)

    def rejoin(self, now: float) -> list[Event]:
        """Resume after a cramp: the interrupted exercise again from its beginning (a pause
        goes on to the exercise after it), after a short get-ready that says what it is."""
        events = self.resume(now)
        if not self.active or self._asking or self._state is not SessionState.RUNNING:
            return events
        phases = self.timeline.phases
        target = next((p.index for p in phases[self._index :] if p.is_work), self._index)
        at_s = self._t(now)
        origin = self._index
        events += self._end_current(now, at_s, skipped=True)
        events.append(
            Skipped(t=at_s, planned=at_s, action="rejoin", from_index=origin, to_index=target)
        )
        events.append(self._enter_get_ready(target, at_s, now))
        return events + self._run_until(now)

    def _enter_get_ready(self, index: int, at_s: float, now: float) -> PhaseStarted:
        """A get-ready of its own before phase `index`, with the cues a routine's opening
        get-ready would say for it."""
        work = self.timeline.phases[index]
        lead = replace(
            work,
            kind=PhaseKind.PREPARE,
            start=work.start - REJOIN_GET_READY,
            seconds=REJOIN_GET_READY,
            breaths=None,
            breath_seconds=None,
            suggested=None,
        )
        started = self._enter(index, at_s, now)
        self._lead = lead
        self._shift = at_s - lead.start
        # a two-phase plan, the get-ready and the exercise, gives the get-ready's words
        pair = replace(self.timeline, phases=(replace(lead, index=0), replace(work, index=1)))
        self._cues = phase_cues(pair, 0, self._exercises, self._verbosity, self._speaking)
        return replace(started, phase=PhaseKind.PREPARE, seconds=REJOIN_GET_READY)

    def answer(self, now: float, *, eased: bool) -> list[Event]:
        """The answer to "has it eased?": yes ends the relief, not yet starts its steps again."""
        events = self.advance_to(now)
        if not self._asking or not self.active:
            return events
        at_s = self._t(now)
        events.append(EaseAnswered(t=at_s, planned=at_s, eased=eased))
        if eased:
            return events + self._finish(now, at_s, completed=True, eased=True)
        self._asking = False
        events.append(self._enter(0, at_s, now))
        return events + self._run_until(now)

    def extend(self, now: float, seconds: float = 15.0) -> list[Event]:
        """Make the current hold or activity longer; its countdown moves with its end."""
        events = self.advance_to(now)
        phase = self.phase
        extendable = phase is not None and phase.kind in EXTENDABLE and not self._asking
        if not self.active or not extendable or seconds <= 0:
            return events
        self._extra += seconds
        reference = self._reference(now) - self._origin
        for number, cue in enumerate(self._cues):
            at = self._due_s(cue)
            if cue.from_end and at is not None and at > reference:
                self._said.discard(number)
        t = self._t(now)
        events.append(Extended(t=t, planned=t, index=self._index, seconds=seconds))
        return events

    def stop(self, now: float) -> list[Event]:
        """End the session before its end; it is recorded as not completed."""
        if self._state is SessionState.READY:
            self._state = SessionState.STOPPED
            return []
        events = self.advance_to(now)
        if not self.active:
            return events
        at_s = self._reference(now) - self._origin
        if self._asking:  # the steps were done; the cramp was not said to have eased
            return events + self._finish(now, at_s, completed=True)
        events += self._end_current(now, at_s, skipped=True)
        return events + self._finish(now, at_s, completed=False)

    # ----- questions -----

    def next_wakeup(self) -> float | None:
        """The monotonic time the next thing is due: a cue, a phase end, the escalation."""
        times: list[float] = []
        after = self.timeline.routine.escalate_after
        if self.active and after is not None and not self._escalated:
            times.append(self._origin + after)
        if self._state is SessionState.RUNNING:
            times.append(self._last_now + HEARTBEAT)
        if self._state is SessionState.RUNNING and not self._asking:
            for number, cue in enumerate(self._cues):
                at = self._due_s(cue)
                if number not in self._said and at is not None:
                    times.append(self._origin + at)
            length = self._length()
            if length is not None:
                times.append(self._origin + self._start_s() + length)
        return min(times) if times else None

    def view(self, now: float) -> SessionView:
        """What to show at `now` (does not change the session)."""
        phases = self.timeline.phases
        total = self.timeline.total_seconds
        finished = self._state in (SessionState.FINISHED, SessionState.STOPPED)
        if self._state is SessionState.READY or not phases:
            return still_view(
                self._state,
                escalated=self._escalated,
                done=finished,
                total_remaining=0.0 if finished else total,
                next_up=describe(phases[0], self._exercises) if phases else "",
            )
        reference = self._reference(now)
        if finished and self._ended_at is not None:
            reference = min(reference, self._ended_at)
        phase = self._current()
        elapsed = max(0.0, reference - self._origin - self._start_s())
        length = self._length()
        remaining = None if length is None else max(0.0, length - elapsed)
        fraction = 0.0 if length is None or length <= 0 else min(1.0, elapsed / length)
        done = phase.start + fraction * phase.length
        progress = 1.0 if self._state is SessionState.FINISHED else done / total if total else 0.0
        beat = breath_beat(phase, elapsed)
        if self._asking:  # the question: no countdown, no next step, the work all done
            return still_view(
                self._state,
                escalated=self._escalated,
                done=True,
                phase=phase,
                elapsed=max(0.0, reference - self._origin - self._asked_at),
                session_seconds=reference - self._origin,
                asking=True,
            )
        if self._state is SessionState.FINISHED:
            next_up = ""
        elif phase.kind is PhaseKind.PREPARE:
            # get-ready already shows the step it prepares: next up is the one after it
            after = self._index + (1 if self._lead is not None else 2)
            next_up = describe(phases[after], self._exercises) if after < len(phases) else ""
        elif not phase.is_work:
            next_up = describe(phase, self._exercises)
        elif self._index + 1 < len(phases):
            next_up = describe(phases[self._index + 1], self._exercises)
        else:
            next_up = ""
        return SessionView(
            state=self._state,
            index=self._index,
            phase=phase,
            remaining=remaining,
            elapsed=elapsed,
            phase_seconds=length,
            progress=min(1.0, max(0.0, progress)),
            total_remaining=(
                0.0
                if self._state is SessionState.FINISHED
                else max(0.0, total - phase.end) + (remaining or 0.0)
            ),
            session_seconds=reference - self._origin,
            inhale=None if beat is None else beat[0],
            beat_fraction=None if beat is None else beat[1],
            next_up=next_up,
            escalated=self._escalated,
        )


# A session and one of its events: what the stack returns, since an interrupt produces events
# of two sessions.
Tagged = tuple[Session, Event]


def _unfinished(cue: Cue) -> Cue:
    """A finish cue without the finish words, said as the step's end (its text may be empty)."""
    if cue.kind is not CueKind.FINISH:
        return cue
    text = " ".join(cue.text.replace(FINISH_TEXT, "").split())
    return Cue(CueKind.END, text, cue.offset, cue.from_end)
