"""The announcement policy: what each session event says and plays, and when speech is cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from stubs import RecordingVoice

from stretchapp.core.announce import (
    FIRST_WORDS_PATIENCE,
    SEEK_HELP_NOW,
    SILENCE,
    Action,
    Announcement,
    Tone,
    announce,
    cuts_speech,
    escalation_text,
    perform,
    seek_help_text,
)
from stretchapp.core.cues import CueKind
from stretchapp.core.routine import Tip
from stretchapp.core.session_events import (
    CueDue,
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
from stretchapp.core.timeline import PhaseKind
from stretchapp.tones import ToneKind

ROOT = Path(__file__).resolve().parent.parent


def started(index: int, planned: float) -> PhaseStarted:
    return PhaseStarted(planned, planned, index, PhaseKind.HOLD, "calf-lunge", 0, 1, 1, None, 30.0)


def cue(text: str, kind: CueKind, planned: float) -> CueDue:
    return CueDue(planned, planned, text, kind, 0)


# -- the policy


def test_no_tone_opens_a_session_and_every_later_phase_start_chimes() -> None:
    assert announce(started(0, 0.0)) == SILENCE
    assert announce(started(1, 30.0)) == Announcement(tone=Tone.PHASE)
    # `previous` back to the first phase starts it again: it chimes like any other
    assert announce(started(0, 1.5)) == Announcement(tone=Tone.PHASE)
    assert announce(started(1, 0.0)) == Announcement(tone=Tone.PHASE)  # skipped at once


def test_cues_are_said_a_countdown_with_a_tick_and_only_the_first_may_wait() -> None:
    first = announce(cue("Hold the calf lunge.", CueKind.START, 0.0))
    assert first == Announcement(text="Hold the calf lunge.", patience=FIRST_WORDS_PATIENCE)
    assert announce(cue("Halfway.", CueKind.HALFWAY, 15.0)) == Announcement(text="Halfway.")
    assert announce(cue("3", CueKind.COUNTDOWN, 27.0)) == Announcement(tone=Tone.TICK, text="3")


def test_escalation_cuts_says_how_long_then_the_advice_and_shows_the_same() -> None:
    decision = announce(Escalated(600.0, 600.0, 600.0), seek_help="Seek help now.")
    text = "This cramp has lasted 10 minutes. Seek help now."
    assert decision == Announcement(cut=True, text=text, notice=text)
    assert announce(Escalated(90.0, 90.0, 90.0)).text == (
        f"This cramp has lasted 1 minute 30 seconds. {SEEK_HELP_NOW}"
    )
    assert escalation_text(600.0) == f"This cramp has lasted 10 minutes. {SEEK_HELP_NOW}"


def test_a_completed_session_ends_on_a_chord_a_stopped_one_in_silence() -> None:
    assert announce(SessionEnded(60.0, 60.0, completed=True)) == Announcement(tone=Tone.FINISH)
    assert announce(SessionEnded(20.0, 20.0, completed=False)) == SILENCE


@pytest.mark.parametrize(
    "event",
    [
        SessionStarted(0.0, 0.0, "tiny"),
        PhaseEnded(5.0, 5.0, 0, PhaseKind.HOLD),
        Paused(3.0, 3.0, "user"),
        Paused(3.0, 3.0, "sleep"),
        Resumed(9.0, 9.0, 6.0),
        Skipped(4.0, 4.0, "next", 0, 1),
        Extended(4.0, 4.0, 0, 15.0),
    ],
)
def test_the_other_events_say_nothing(event: Event) -> None:
    assert announce(event) == SILENCE


def test_moving_away_cuts_speech_done_and_extend_do_not() -> None:
    cutting = {action for action in Action if cuts_speech(action)}
    assert cutting == {
        Action.START,
        Action.INTERRUPT,
        Action.RESUME_SUSPENDED,
        Action.PAUSE,
        Action.NEXT,
        Action.PREVIOUS,
        Action.RESTART_STEP,
        Action.STOP,
        Action.EASED,  # answering "has it eased?" moves on from the question
        Action.NOT_YET,
    }
    assert not cuts_speech(Action.DONE)
    assert not cuts_speech(Action.EXTEND)
    assert not cuts_speech(Action.RESUME)


def test_the_advice_is_the_library_tip_on_one_line_or_the_one_fallback() -> None:
    tip = Tip("seek-help-now", "Seek help", "If it lasts,\n  see a doctor now.\n")
    assert seek_help_text({"seek-help-now": tip}) == "If it lasts, see a doctor now."
    assert seek_help_text({}) == SEEK_HELP_NOW
    blank = Tip("seek-help-now", "Seek help", "  \n")
    assert seek_help_text({"seek-help-now": blank}) == SEEK_HELP_NOW
    assert "10 minutes" in SEEK_HELP_NOW


def test_the_fallback_sentence_is_written_once() -> None:
    # the shells used to carry two drifting copies of it
    holders = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "stretchapp").rglob("*.py")
        if "seek emergency medical attention" in path.read_text(encoding="utf-8")
        or "SEEK_HELP_NOW = " in path.read_text(encoding="utf-8")
    ]
    assert holders == ["stretchapp/core/announce.py"]


def test_perform_cuts_then_plays_the_tone_then_says() -> None:
    voice = RecordingVoice()
    perform(Announcement(cut=True, tone=Tone.TICK, text="3"), voice, ToneKind)
    perform(Announcement(text="Hold.", patience=3.0), voice)
    perform(SILENCE, voice)
    assert voice.calls == [
        ("cut",),
        ("tone", "ToneKind.tick"),
        ("say", "3"),
        ("say", "Hold.", "3.0"),
    ]
