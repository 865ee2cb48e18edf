"""The announcement policy: what each session event makes the voice say, which tone plays,
when speech is cut and what notice is shown.

The terminal and the window both carry out these decisions and decide nothing of their
own, so a routine sounds the same in both. Where they used to differ, the rules are:

- A tone marks every phase start except the session's opening one (a phase started again
  with `previous` chimes like any other), a tick comes with each countdown number (it was
  made for that, and marks the seconds when no voice is available), and a chord ends a
  completed session.
- Escalation cuts what plays and says how long the cramp has lasted, then the advice:
  the measured length is true whatever `escalate_after` a routine sets, the advice's own
  "10 minutes" may not be. The window's banner and the terminal's line show the same words.
- A relief shows the seek-help sentence from its first second, not only at the escalation:
  a cramp that is unbearably painful needs help at once.
- A relief whose steps ran out asks "has it eased?" with a phase tone; a cramp that eased
  is acknowledged in words. A session past its escalation, or ended without the cramp said
  to have eased, has no finish chord (SessionEnded.quiet): nothing sounds like "well done".
- A session's first words may wait for a voice still warming up; later cues are said on
  time or not at all.
- Actions that move away from what is being said (pause, next, previous, restart, stop,
  answering "has it eased?", and starting or switching sessions) cut speech first; done
  and extend do not, so the cue they interrupt is not lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from stretchapp.core.durations import format_spoken
from stretchapp.core.routine import Category, Routine, Tip

if TYPE_CHECKING:
    from stretchapp.core.session_events import Event

SEEK_HELP_TIP = "seek-help-now"
# shown in every relief and said past escalate_after when the library has no `seek-help-now`
# tip: seed 004's own sentence, word for word
SEEK_HELP_NOW = (
    "If a leg cramp lasts longer than 10 minutes or is unbearably painful, "
    "seek emergency medical attention."
)
EASED_QUESTION = "Has the cramp eased?"
EASED_TEXT = "Good: the cramp has eased."
FIRST_WORDS_PATIENCE = 3.0  # seconds a session's first cue may wait for a cold voice


class Tone(StrEnum):
    """The tones a decision asks for; the values are the names the tone service plays."""

    TICK = "tick"
    PHASE = "phase"
    FINISH = "finish"


class Action(StrEnum):
    """What the user (or the shell for them) does to a session."""

    START = "start"
    INTERRUPT = "interrupt"  # a cramp: the relief starts over what runs
    RESUME_SUSPENDED = "resume_suspended"
    DISCARD_SUSPENDED = "discard_suspended"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT = "next"
    PREVIOUS = "previous"
    RESTART_STEP = "restart_step"
    DONE = "done"
    EXTEND = "extend"
    STOP = "stop"
    EASED = "eased"  # the answer to "has it eased?": yes
    NOT_YET = "not_yet"  # ... and not yet: the steps again


_CUTTING = frozenset(
    {
        Action.START,
        Action.INTERRUPT,
        Action.RESUME_SUSPENDED,
        Action.PAUSE,
        Action.NEXT,
        Action.PREVIOUS,
        Action.RESTART_STEP,
        Action.STOP,
        Action.EASED,
        Action.NOT_YET,
    }
)


@dataclass(frozen=True, slots=True)
class Announcement:
    """One event's decision, carried out in this order: cut, tone, words; and the notice.

    patience: how long the words may wait for their sound; None leaves it to the speech
    service (said on time or not at all). notice: text shown apart from the cue lines
    (the escalation banner); "" shows nothing.
    """

    cut: bool = False
    tone: Tone | None = None
    text: str = ""
    patience: float | None = None
    notice: str = ""


SILENCE = Announcement()


def cuts_speech(action: Action) -> bool:
    """Whether speech is cut before the action is carried out."""
    return action in _CUTTING


def seek_help_text(tips: Mapping[str, Tip]) -> str:
    """The advice given past escalate_after: the library's tip, one line, or SEEK_HELP_NOW."""
    tip = tips.get(SEEK_HELP_TIP)
    text = " ".join(tip.text.split()) if tip is not None else ""
    return text or SEEK_HELP_NOW


def relief_notice(routine: Routine, seek_help: str = SEEK_HELP_NOW) -> str:
    """What a relief shows from its first second: the seek-help sentence; "" otherwise."""
    return seek_help if routine.category is Category.RELIEF else ""


def escalation_text(after: float, seek_help: str = SEEK_HELP_NOW) -> str:
    """What is said and shown when a cramp has lasted `after` seconds."""
    return f"This cramp has lasted {format_spoken(after)}. {seek_help}"


def announce(event: Event, *, seek_help: str = SEEK_HELP_NOW) -> Announcement:
    """The decision for one session event; SILENCE for the events that say nothing."""
    # here, not above: the window's library asks this module for its seek-help text at
    # start-up, and the session's modules wait for the first session
    from stretchapp.core.cues import CueKind  # noqa: PLC0415
    from stretchapp.core.session_events import (  # noqa: PLC0415
        CueDue,
        EaseAnswered,
        EaseAsked,
        Escalated,
        PhaseStarted,
        SessionEnded,
    )

    if isinstance(event, PhaseStarted):
        opening = event.index == 0 and event.planned <= 0.0
        return SILENCE if opening else Announcement(tone=Tone.PHASE)
    if isinstance(event, CueDue):
        return Announcement(
            tone=Tone.TICK if event.kind is CueKind.COUNTDOWN else None,
            text=event.text,
            patience=FIRST_WORDS_PATIENCE if event.planned <= 0.0 else None,
        )
    if isinstance(event, Escalated):
        text = escalation_text(event.after, seek_help)
        return Announcement(cut=True, text=text, notice=text)
    if isinstance(event, EaseAsked):
        return Announcement(tone=Tone.PHASE, text=EASED_QUESTION)
    if isinstance(event, EaseAnswered) and event.eased:
        return Announcement(text=EASED_TEXT)
    if isinstance(event, SessionEnded) and event.completed and not event.quiet:
        return Announcement(tone=Tone.FINISH)
    return SILENCE


def reader_end(completed: bool) -> str:
    """What a screen reader is told when a session ends."""
    return "Routine finished. Well done." if completed else "Routine stopped."


def reader_wanted(*, muted: bool, voice_available: bool | None, chosen: bool) -> bool:
    """Whether events are also announced to a screen reader: when the voice does not speak
    them (muted, or no voice at all) or when the user chose it; never twice by default."""
    return muted or voice_available is False or chosen


class Voice(Protocol):
    """What carrying out a decision asks of a speech service."""

    def say(self, text: str, *, patience: float = ...) -> None: ...
    def tone(self, kind: Any) -> None: ...
    def cut(self) -> None: ...


def perform(
    announcement: Announcement, voice: Voice, tone_kind: Callable[[Tone], object] = Tone
) -> None:
    """Carry out a decision's sound on a voice, in the policy's order: cut, tone, words.

    tone_kind maps a Tone to what the voice's tone() takes (the shells pass ToneKind).
    """
    if announcement.cut:
        voice.cut()
    if announcement.tone is not None:
        voice.tone(tone_kind(announcement.tone))
    if announcement.text:
        if announcement.patience is None:
            voice.say(announcement.text)
        else:
            voice.say(announcement.text, patience=announcement.patience)


__all__ = [
    "EASED_QUESTION",
    "EASED_TEXT",
    "FIRST_WORDS_PATIENCE",
    "SEEK_HELP_NOW",
    "SEEK_HELP_TIP",
    "SILENCE",
    "Action",
    "Announcement",
    "Tone",
    "Voice",
    "announce",
    "cuts_speech",
    "escalation_text",
    "perform",
    "reader_end",
    "reader_wanted",
    "relief_notice",
]
