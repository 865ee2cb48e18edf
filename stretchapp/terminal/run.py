"""`stretchapp run` and `cramp --no-gui`: set up the terminal, the voice and the history, run."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from stretchapp.clock import ScaledClock
from stretchapp.core.announce import seek_help_text
from stretchapp.core.cues import Verbosity, all_texts
from stretchapp.core.routine import Category
from stretchapp.core.session import Session
from stretchapp.core.speaking import DEFAULT_RATE, Speaking, estimate_at
from stretchapp.core.timeline import Timeline
from stretchapp.history import HistoryWriter
from stretchapp.terminal.runner import EXIT_INTERRUPTED, EventSink, Fanout, Runner, Speaker, drive
from stretchapp.terminal.screen import Screen
from stretchapp.terminal.waiting import Keys, QtWaiter, SelectWaiter, Signals, await_voice, linger

if TYPE_CHECKING:
    from stretchapp.core.library import Library

LINGER_SECONDS = 3.0  # real seconds the voice may finish the last cue after the session ends
VOICE_WAIT_SECONDS = 3.0  # at most, for the first cue's sound before the session starts
# STRETCHAPP_LOOP=qt makes a muted run wait in the Qt loop too (the benchmark compares them)
LOOP_VARIABLE = "STRETCHAPP_LOOP"


def _speech_settings() -> tuple[Any, Verbosity, str | None]:
    """The user's voice, rate and volumes from settings.json, and the cue verbosity."""
    from stretchapp.speech import SpeechSettings  # noqa: PLC0415

    try:
        from stretchapp.settings import load_settings  # noqa: PLC0415

        loaded = load_settings()
    except (ImportError, OSError, ValueError):
        return SpeechSettings(), Verbosity.FULL, None
    user = loaded.settings
    try:
        speech = SpeechSettings(
            voice=user.voice,
            rate=user.rate,
            volume=user.volume,
            mute_tones=not user.tones,
            tone_volume=user.tone_volume,
        )
        verbosity = Verbosity(user.verbosity)
    except ValueError:
        return SpeechSettings(), Verbosity.FULL, loaded.notice
    return speech, verbosity, loaded.notice


def _start_speech(screen: Screen, texts: Sequence[str], settings: Any) -> Any:
    from stretchapp import paths  # noqa: PLC0415
    from stretchapp.speech import SpeechService  # noqa: PLC0415

    service = SpeechService(settings, paths.cache_dir())
    service.notice.connect(screen.line)
    service.prepare(texts)
    return service


def _open_history() -> HistoryWriter:
    from stretchapp.history import HistoryStore  # noqa: PLC0415

    # its own thread: a write waiting for another program's lock never delays the session
    return HistoryWriter(HistoryStore)


@contextlib.contextmanager
def terminal_modes(keys: Keys | None, screen: Screen, stream: TextIO) -> Iterator[None]:
    """cbreak mode and a hidden cursor for the session; both restored whatever happens."""
    try:
        if keys is not None:
            keys.enter()
        if screen.tty:
            stream.write("\x1b[?25l")
        yield
    finally:
        if screen.tty:
            with contextlib.suppress(OSError, ValueError):
                stream.write("\x1b[?25h")
                stream.flush()
        if keys is not None:
            keys.leave()


def run_session(
    timeline: Timeline,
    library: Library,
    *,
    speed: float = 1.0,
    mute: bool = False,
    events: EventSink | None = None,
    record: bool = True,
    muscle: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Follow a routine in this terminal until it ends; the exit code (130 after Ctrl-C).

    With `record`, the session (and, given a muscle, the cramp) goes into the history.
    """
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    screen = Screen(stdout, tty=_isatty(stdout))
    keys = Keys(stdin.fileno()) if _isatty(stdin) and _foreground(stdin) else None
    verbosity = Verbosity.FULL
    speech_settings: Any = None
    if not mute:
        speech_settings, verbosity, notice = _speech_settings()
        if notice:
            screen.line(notice)
    # the cue plan fits each text by how long it takes to say: the voice's measured lengths
    # once it runs, an estimate never shorter until then (and when muted, for the screen)
    speaking: Speaking = estimate_at(getattr(speech_settings, "rate", DEFAULT_RATE))
    # a relief stays open until someone says the cramp eased: only with keys to say it
    relief = timeline.routine.category is Category.RELIEF
    clock = ScaledClock(speed)
    signals = Signals()
    signals.install()
    waiter: SelectWaiter | QtWaiter | None = None
    speaker: Speaker | None = None
    writer = _open_history() if record else None
    recorder = None
    if writer is not None:
        recorder = writer.recorder(timeline, muscle=muscle, notify=screen.line)
    try:
        with terminal_modes(keys, screen, stdout):
            if mute and os.environ.get(LOOP_VARIABLE, "") != "qt":
                waiter = SelectWaiter(signals, keys)
            elif mute:
                waiter = QtWaiter(signals, keys)
            else:
                waiter = QtWaiter(signals, keys)
                texts = all_texts(timeline, library.exercises, verbosity, speaking)
                service = _start_speech(screen, texts, speech_settings)
                speaker = service
                speaking = getattr(service, "speaking_time", speaking)
                await_voice(speaker, waiter, VOICE_WAIT_SECONDS)
            # a sleep of the machine is five real minutes, whatever the speed
            session = Session(
                timeline,
                library.exercises,
                verbosity=verbosity,
                sleep_gap=300.0 * speed,
                speaking=speaking,
                ask_eased=relief and keys is not None,
            )
            runner = Runner(
                session,
                timeline,
                library.exercises,
                screen,
                interactive=keys is not None,
                sink=Fanout(events, recorder, notify=screen.line),
                speaker=speaker,
                seek_help=seek_help_text(library.tips),
                speed=speed,
            )
            code = drive(runner, clock, waiter)
            if recorder is not None:
                recorder.flush()  # the last rows, and what the history had to say
            if code == EXIT_INTERRUPTED:  # the shell's convention: 128 + the signal
                code = 128 + signals.number
            screen.close()
            audible = getattr(speaker, "output_available", None) is not False
            if speaker is not None and runner.completed and audible:
                linger(waiter, LINGER_SECONDS)
            return code
    finally:
        if writer is not None:
            writer.close()
        if speaker is not None:
            speaker.shutdown()
        if waiter is not None:
            waiter.close()
        signals.restore()


def _foreground(stream: TextIO) -> bool:
    """Whether this process may set the terminal's modes (`run x &` must not: it would stop)."""
    try:
        return os.tcgetpgrp(stream.fileno()) == os.getpgrp()
    except (OSError, ValueError, AttributeError):
        return True  # not our controlling terminal: its modes are ours to set


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, AttributeError):
        return False
