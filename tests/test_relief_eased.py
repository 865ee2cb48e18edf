"""A relief lasts as long as the cramp: it asks "has it eased?" and escalates at 10 minutes."""

from __future__ import annotations

from collections.abc import Sequence

from stretchapp.core.announce import (
    EASED_QUESTION,
    EASED_TEXT,
    SEEK_HELP_NOW,
    Tone,
    announce,
    relief_notice,
)
from stretchapp.core.cues import FINISH_TEXT, CueKind
from stretchapp.core.events import event_to_json
from stretchapp.core.routine import Category, Exercise, Routine, Step, StepKind
from stretchapp.core.session import Session
from stretchapp.core.session_events import (
    CueDue,
    EaseAnswered,
    EaseAsked,
    Escalated,
    Event,
    PhaseStarted,
    SessionEnded,
)
from stretchapp.core.session_view import SessionState
from stretchapp.core.timeline import Timeline, compile_routine

T0 = 1000.0
EXERCISES = {
    "calf-lunge": Exercise("calf-lunge", "Calf lunge"),
    "massage": Exercise("massage", "Massage"),
}


def relief(escalate_after: float | None = 600.0) -> Timeline:
    routine = Routine(
        id="relief-calf",
        title="Calf cramp relief",
        category=Category.RELIEF,
        steps=(
            Step("calf-lunge", StepKind.HOLD, seconds=30, reps=2, rest=5),
            Step("massage", StepKind.MANUAL),
        ),
        escalate_after=escalate_after,
    )
    return compile_routine(routine)


def asking_session(timeline: Timeline | None = None) -> tuple[Session, list[Event]]:
    """A relief run through its steps (the massage done at 70 s): it asks at 70 s."""
    s = Session(timeline or relief(), EXERCISES, ask_eased=True)
    events = s.start(T0)
    events += s.advance_to(T0 + 65)
    events += s.done(T0 + 70)
    return s, events


def texts(events: Sequence[Event]) -> list[str]:
    return [e.text for e in events if isinstance(e, CueDue)]


def test_the_relief_asks_when_its_steps_run_out_and_stays_open() -> None:
    s, events = asking_session()
    assert isinstance(events[-1], EaseAsked)
    assert events[-1].planned == 70
    assert s.state is SessionState.RUNNING
    assert s.asking
    assert not any(isinstance(e, SessionEnded) for e in events)
    view = s.view(T0 + 80)
    assert view.asking
    assert view.remaining is None
    assert view.elapsed == 10
    assert view.progress == 1.0
    assert announce(events[-1]).text == EASED_QUESTION
    assert announce(events[-1]).tone is Tone.PHASE


def test_the_finish_words_are_never_said_by_an_asking_relief() -> None:
    _s, events = asking_session()
    said = " ".join(texts(events))
    assert FINISH_TEXT not in said
    assert "Well done" not in said
    assert not any(isinstance(e, CueDue) and e.kind is CueKind.FINISH for e in events)


def test_escalation_at_600_s_after_the_steps_ran_out() -> None:
    s, _ = asking_session()
    assert s.next_wakeup() == T0 + 70 + 60  # only the heartbeat: nothing else is due
    assert not s.advance_to(T0 + 599)
    # a quiet wait longer than the sleep gap is no sleep: the question has no deadline
    events = s.advance_to(T0 + 600)
    assert [type(e) for e in events] == [Escalated]
    assert events[0].planned == 600
    assert s.asking
    assert s.view(T0 + 601).escalated


def test_yes_ends_the_relief_without_a_finish_chord_after_escalation() -> None:
    s, _ = asking_session()
    s.advance_to(T0 + 600)
    events = s.answer(T0 + 650, eased=True)
    assert [type(e) for e in events] == [EaseAnswered, SessionEnded]
    answered, ended = events
    assert isinstance(answered, EaseAnswered)
    assert answered.eased
    assert isinstance(ended, SessionEnded)
    assert ended.completed
    assert ended.quiet
    assert ended.t == 650
    assert announce(ended).tone is None
    assert announce(answered).text == EASED_TEXT
    assert s.state is SessionState.FINISHED
    assert FINISH_TEXT not in " ".join(texts(events))


def test_yes_before_the_escalation_ends_with_the_chord() -> None:
    s, _ = asking_session()
    ended = s.answer(T0 + 100, eased=True)[-1]
    assert isinstance(ended, SessionEnded)
    assert not ended.quiet
    assert announce(ended).tone is Tone.FINISH


def test_not_yet_starts_the_stretch_and_the_steps_again() -> None:
    s, _ = asking_session()
    events = s.answer(T0 + 80, eased=False)
    assert isinstance(events[0], EaseAnswered)
    assert not events[0].eased
    assert isinstance(events[1], PhaseStarted)
    assert events[1].index == 0
    assert events[1].planned == 80
    assert not s.asking
    assert s.view(T0 + 90).remaining == 20
    # the escalation still counts from the cramp's start, whatever the steps do
    events = s.advance_to(T0 + 600)
    assert any(isinstance(e, Escalated) and e.planned == 600 for e in events)


def test_the_steps_wait_while_asking() -> None:
    s, _ = asking_session()
    for command in (s.next, s.previous, s.restart_step, s.done, s.extend, s.pause):
        assert command(T0 + 90) == []
    assert s.asking
    assert s.answer(T0 + 90, eased=True)[-1] == SessionEnded(t=90, planned=90, completed=True)


def test_stop_while_asking_ends_quietly() -> None:
    s, _ = asking_session()
    events = s.stop(T0 + 120)
    assert len(events) == 1
    ended = events[0]
    assert isinstance(ended, SessionEnded)
    assert ended.completed
    assert ended.quiet


def test_a_relief_not_asked_ends_with_its_steps_and_never_says_well_done_after_escalating() -> None:
    s = Session(relief(escalate_after=40), EXERCISES)
    events = s.start(T0) + s.advance_to(T0 + 65)
    assert any(isinstance(e, Escalated) for e in events)
    events = s.done(T0 + 70)
    assert s.state is SessionState.FINISHED
    said = " ".join(texts(events))
    assert FINISH_TEXT not in said
    ended = events[-1]
    assert isinstance(ended, SessionEnded)
    assert ended.quiet
    assert announce(ended).tone is None


def test_a_relief_not_asked_and_not_escalated_finishes_as_before() -> None:
    s = Session(relief(), EXERCISES)
    events = s.start(T0) + s.advance_to(T0 + 65) + s.done(T0 + 70)
    assert FINISH_TEXT in " ".join(texts(events))
    assert announce(events[-1]).tone is Tone.FINISH


def test_the_events_file_names_the_question_and_the_answer() -> None:
    assert event_to_json(EaseAsked(t=70.0, planned=70.0)) == {
        "t": 70.0,
        "event": "ease_asked",
        "planned": 70.0,
    }
    assert event_to_json(EaseAnswered(t=80.0, planned=80.0, eased=False)) == {
        "t": 80.0,
        "event": "ease_answered",
        "eased": False,
        "planned": 80.0,
    }


def test_the_seek_help_sentence_is_seed_004_word_for_word() -> None:
    seed = (
        "If a leg cramp lasts longer than 10 minutes or is unbearably painful, "
        "seek emergency medical attention."
    )
    assert seed == SEEK_HELP_NOW
    routine = relief().routine
    assert relief_notice(routine) == seed
    assert relief_notice(routine, "the tip") == "the tip"
    daily = Routine(id="d", title="D", category=Category.DAILY, steps=routine.steps)
    assert relief_notice(daily) == ""
