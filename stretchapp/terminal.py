"""The terminal runner: follows a routine with the session, one status line, keys and voice."""

# One loop drives every run: ask the runner when it next has something to do,
# wait until then (or a key, or a signal), tell the session the time. Only the
# waiting differs: a plain selector when muted (no Qt to import or to wake), a
# Qt event loop when the speech service speaks (it is a QObject that needs one).

from __future__ import annotations

import contextlib
import math
import os
import selectors
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from stretchapp.clock import Clock, ScaledClock
from stretchapp.core.cues import CueKind, Verbosity, all_texts
from stretchapp.core.durations import format_clock, format_spoken
from stretchapp.core.session import (
    CueDue,
    Escalated,
    Event,
    Extended,
    Paused,
    PhaseStarted,
    Resumed,
    Session,
    SessionEnded,
    SessionStarted,
    SessionState,
    Skipped,
)
from stretchapp.core.texts import describe, phase_label, progress_bar, status_line
from stretchapp.core.timeline import Phase, PhaseKind, Timeline
from stretchapp.history import HistoryRecorder

if TYPE_CHECKING:
    from stretchapp.core.library import Library
    from stretchapp.core.routine import Exercise

EXIT_OK = 0
EXIT_INTERRUPTED = 130  # Ctrl-C: the shell's convention for "ended by SIGINT"

KEY_HELP = (
    "keys: space pause/resume · n next · p previous · d done · + extend · r restart step · q quit"
)
# said after "This cramp has lasted 10 minutes." when tips.yaml has no `seek-help-now`
SEEK_HELP_NOW = (
    "A cramp that lasts longer than 10 minutes or is unbearably painful needs medical help: "
    "seek it now."
)
DEFAULT_SUGGESTED = 60.0  # a manual step's length when nobody can say it is done
LINGER_SECONDS = 3.0  # real seconds the voice may finish the last cue after the session ends
VOICE_WAIT_SECONDS = 3.0  # at most, for the first cue's sound before the session starts
# STRETCHAPP_LOOP=qt makes a muted run wait in the Qt loop too (the benchmark compares them)
LOOP_VARIABLE = "STRETCHAPP_LOOP"
_REFRESH_EPSILON = 1e-3  # wake just after the shown second changes, never just before


class Speaker(Protocol):
    """What the runner asks of the speech service."""

    def prepare(self, texts: Sequence[str]) -> None: ...
    def say(self, text: str) -> None: ...
    def tone(self, kind: Any) -> None: ...
    def cut(self) -> None: ...
    def shutdown(self) -> None: ...


class EventSink(Protocol):
    """Where session events go: the --events writer."""

    def write(self, event: Event) -> None: ...


@dataclass(frozen=True)
class Wake:
    """What ended a wait: keys typed (possibly none) and whether the user interrupted."""

    keys: str = ""
    interrupted: bool = False


class Waiter(Protocol):
    """Blocks until a timeout (real seconds; None: no limit), a key or an interrupt."""

    def wait(self, timeout: float | None) -> Wake: ...


# -- output


def _can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")  # StringIO takes any text
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class Screen:
    """Lines that scroll, and on a terminal one status line redrawn in place below them."""

    def __init__(
        self, stream: TextIO, *, tty: bool, width: Callable[[], int] | None = None
    ) -> None:
        self._stream = stream
        self.tty = tty
        self.width = width or (lambda: _terminal_width(stream))
        self._status = ""
        self.fancy = _can_encode(stream, "·")
        self.gone = False  # the reader went away (`| head`): the loop stops the session

    def _write(self, text: str) -> None:
        if self.gone:
            return
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # a closed pipe, a hung-up terminal (EIO), a closed file
            self.gone = True
            _silence(self._stream)

    def line(self, text: str) -> None:
        """A line that stays (a cue, a notice)."""
        clear = "\r\x1b[K" if self.tty and self._status else ""
        redraw = self._status if self.tty else ""
        self._write(clear + text + "\n" + redraw)

    def status(self, text: str) -> None:
        """Redraw the status line (terminals only)."""
        if not self.tty:
            return
        width = max(10, self.width() - 1)
        text = text if len(text) <= width else text[: width - 1] + "…"
        if text == self._status:
            return
        self._status = text
        self._write("\r\x1b[K" + text)

    def close(self) -> None:
        """Clear the status line: the lines above say how the session ended."""
        if self.tty and self._status:
            self._write("\r\x1b[K")
            self._status = ""


def _silence(stream: TextIO) -> None:
    """Point a stream whose reader has gone at /dev/null, so exit does not fail on it again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def _terminal_width(stream: TextIO) -> int:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80
    return columns if columns > 0 else 80  # a pty nobody sized says 0


def elapsed_clock(seconds: float) -> str:
    """Time since the start, rounded down: 16.9 -> "0:16" (a countdown rounds up instead)."""
    whole = max(0, math.floor(round(seconds, 6)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# -- the runner


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
        escalation_text: str = SEEK_HELP_NOW,
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
        self.escalation_text = escalation_text
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
        if key == " ":
            if session.state is SessionState.PAUSED:
                self._handle(session.resume(now), now)
            else:
                self._cut()
                self._handle(session.pause(now), now)
        elif key in "nN":
            self._cut()
            self._handle(session.next(now), now)
        elif key in "pP":
            self._cut()
            self._handle(session.previous(now), now)
        elif key in "dD":
            self._handle(session.done(now), now)
        elif key in "+=":
            self._handle(session.extend(now), now)
        elif key in "rR":
            self._cut()
            self._handle(session.restart_step(now), now)
        elif key in "qQ":
            self.stop(now)

    def stop(self, now: float, *, interrupted: bool = False) -> None:
        """End the session before its end (q, Ctrl-C): recorded as not completed."""
        if self.finished:
            return
        self.interrupted = interrupted
        self._cut()
        self._handle(self.session.stop(now), now)
        self.finished = True

    def redraw(self, now: float) -> None:
        """Redraw the status line (terminals only)."""
        if self.screen.tty and not self.finished:
            self.screen.status(self.status_text(now))

    # inside

    def _cut(self) -> None:
        if self.speaker is not None:
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
        if self.interactive:
            self.screen.line(KEY_HELP)

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
        if view.phase is not None:
            parts.append(status_line(view.phase, self.exercises, inhale=view.inhale, separator=sep))
            if view.remaining is not None:
                clock = sep + format_clock(view.remaining)
            elif self._auto_done_at is not None:  # nobody to press d: the suggested time
                clock = sep + format_clock(self._auto_done_at - now)
            else:
                clock = f"{sep}{elapsed_clock(view.elapsed)} (d: done)"
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
        return elapsed_clock(event.planned).rjust(5)

    def _show(self, event: Event) -> None:
        screen = self.screen
        speaker = self.speaker
        if isinstance(event, PhaseStarted):
            phase = self.timeline.phases[event.index]
            self._auto_done_at = None
            screen.line(f"{self._stamp(event)} {self.describe(phase)}")
            if phase.kind is PhaseKind.MANUAL and not self.interactive:
                suggested = phase.suggested or DEFAULT_SUGGESTED
                self._auto_done_at = self._origin + event.planned + suggested
                screen.line(
                    "      no one can press d here, so this step ends after its suggested "
                    f"{format_spoken(suggested)}"
                )
            if speaker is not None and event.index > 0:
                speaker.tone("phase")
        elif isinstance(event, CueDue):
            if speaker is not None:
                if event.kind is CueKind.COUNTDOWN:
                    speaker.tone("tick")
                speaker.say(event.text)
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
        elif isinstance(event, Extended):
            screen.line(f"{self._stamp(event)} {format_spoken(event.seconds)} more")
        elif isinstance(event, Escalated):
            text = f"This cramp has lasted {format_spoken(event.after)}. {self.escalation_text}"
            screen.line("")
            screen.line(f"!!! {text}")
            screen.line("")
            if speaker is not None:
                speaker.cut()
                speaker.say(text)
        elif isinstance(event, SessionEnded):
            self.finished = True
            self.completed = event.completed
            self._auto_done_at = None
            title = self.timeline.routine.title
            if event.completed:
                screen.line(f"{self._stamp(event)} finished: {title}")
                if speaker is not None:
                    speaker.tone("finish")
            else:
                screen.line(f"{elapsed_clock(event.t).rjust(5)} stopped: {title}")


_SKIP_WORDS = {
    "next": "skipped to the next phase",
    "previous": "back",
    "restart_step": "step restarted",
    "done": "done",
}


# -- where events go besides the screen


class Fanout:
    """One sink that writes to several."""

    def __init__(self, *sinks: EventSink | None) -> None:
        self.sinks = [sink for sink in sinks if sink is not None]

    def write(self, event: Event) -> None:
        """Write the event to each sink."""
        for sink in self.sinks:
            sink.write(event)


def _open_history(screen: Screen) -> Any:
    from stretchapp.history import HistoryError, HistoryStore  # noqa: PLC0415

    try:
        return HistoryStore()
    except HistoryError as error:
        screen.line(f"this session is not saved in the history: {error}")
        return None


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


def linger(waiter: Waiter, seconds: float) -> None:
    """Give the voice a moment to finish the last cue; any key or Ctrl-C ends it."""
    from stretchapp.clock import monotonic  # noqa: PLC0415

    end = monotonic() + seconds
    while (left := end - monotonic()) > 0:
        wake = waiter.wait(left)
        if wake.keys or wake.interrupted:
            return


# -- waiting: signals, keys, and the two loops


class _Signals:
    """Turns SIGINT/SIGTERM/SIGHUP into a flag and a byte on a socket a loop can watch."""

    HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.read_sock, self._write_sock = socket.socketpair()
        self.read_sock.setblocking(False)
        self._write_sock.setblocking(False)
        self.interrupted = False
        self.number = signal.SIGINT.value  # the signal that interrupted
        self.continued = False
        self._saved: dict[int, Any] = {}
        self._saved_fd = -1

    def install(self) -> None:
        for number in self.HANDLED:
            self._saved[number] = signal.signal(number, self._on_signal)
        if hasattr(signal, "SIGCONT"):
            self._saved[signal.SIGCONT] = signal.signal(signal.SIGCONT, self._on_continue)
        self._saved_fd = signal.set_wakeup_fd(self._write_sock.fileno(), warn_on_full_buffer=False)

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        del frame
        self.interrupted = True
        self.number = number

    def _on_continue(self, number: int, frame: FrameType | None) -> None:
        del number, frame
        self.continued = True

    def drain(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            while self.read_sock.recv(512):
                pass

    def restore(self) -> None:
        signal.set_wakeup_fd(self._saved_fd)
        for number, handler in self._saved.items():
            signal.signal(number, handler)
        self.read_sock.close()
        self._write_sock.close()


class _Keys:
    """The keyboard in cbreak mode: one key at a time, no echo; restored always."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._saved: list[Any] | None = None

    def enter(self) -> None:
        import termios  # noqa: PLC0415  (POSIX only)
        import tty  # noqa: PLC0415

        if self._saved is None:
            self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd, termios.TCSANOW)

    def leave(self) -> None:
        import termios  # noqa: PLC0415

        if self._saved is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self) -> str:
        try:
            data = os.read(self.fd, 64)
        except (BlockingIOError, InterruptedError):
            return ""
        if data.startswith(b"\x1b"):
            return ""  # arrow keys and the like: not ours
        return data.decode("utf-8", "replace")


class SelectWaiter:
    """Waits with a selector on the keyboard and the signal socket: no Qt, no threads."""

    def __init__(self, signals: _Signals, keys: _Keys | None) -> None:
        self._signals = signals
        self._keys = keys
        # select(2) takes microseconds; epoll and poll round a timeout up to whole ms
        self._selector = selectors.SelectSelector()
        self._selector.register(signals.read_sock, selectors.EVENT_READ, "signal")
        if keys is not None:
            self._selector.register(keys.fd, selectors.EVENT_READ, "keys")

    def wait(self, timeout: float | None) -> Wake:
        keys = ""
        for key, _ in self._selector.select(_early(timeout)):
            if key.data == "keys" and self._keys is not None:
                keys += self._keys.read()
            else:
                self._signals.drain()
        return _wake(self._signals, self._keys, keys)

    def close(self) -> None:
        self._selector.close()


def _early(timeout: float | None) -> float | None:
    """A long timeout, shortened by what the kernel may add to it.

    Linux lets select() and poll() sleep past their timeout by 0.1% of it (up to
    100 ms): 2 ms late after a 2 s wait. Waking that much early costs one short
    second wait, which ends within microseconds of the deadline.
    """
    if timeout is None or timeout <= 0.01:
        return timeout
    return timeout - min(timeout * 0.002, 0.1)


def _wake(signals: _Signals, keys: _Keys | None, typed: str) -> Wake:
    if signals.continued:  # back from Ctrl-Z: the shell has reset the terminal
        signals.continued = False
        if keys is not None:
            with contextlib.suppress(Exception):
                keys.enter()
    return Wake(typed, signals.interrupted)


class QtWaiter:
    """Waits in a Qt event loop, so the speech service's timers and signals run meanwhile."""

    def __init__(self, signals: _Signals, keys: _Keys | None) -> None:
        from PySide6.QtCore import (  # noqa: PLC0415
            QCoreApplication,
            QEventLoop,
            QSocketNotifier,
            Qt,
            QTimer,
        )

        self.app = QCoreApplication.instance() or QCoreApplication(["stretchapp"])
        self._signals = signals
        self._keys = keys
        self._typed = ""
        self._loop = QEventLoop()
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._loop.quit)
        self._notifiers = []
        signal_notifier = QSocketNotifier(signals.read_sock.fileno(), QSocketNotifier.Type.Read)
        signal_notifier.activated.connect(self._on_signal)
        self._notifiers.append(signal_notifier)
        if keys is not None:
            key_notifier = QSocketNotifier(keys.fd, QSocketNotifier.Type.Read)
            key_notifier.activated.connect(self._on_key)
            self._notifiers.append(key_notifier)
        self._process = QCoreApplication.processEvents

    def _on_signal(self) -> None:
        self._signals.drain()
        self._loop.quit()

    def wake(self, *_: object) -> None:
        """End the current wait early (a slot for any signal)."""
        self._loop.quit()

    def _on_key(self) -> None:
        if self._keys is not None:
            self._typed += self._keys.read()
        self._loop.quit()

    def wait(self, timeout: float | None) -> Wake:
        if timeout is not None and timeout <= 0:
            self._process()
        elif not self._signals.interrupted:
            if timeout is not None:
                early = _early(timeout)
                assert early is not None
                self._timer.start(max(1, math.ceil(early * 1000)))
            self._loop.exec()
            self._timer.stop()
        typed, self._typed = self._typed, ""
        return _wake(self._signals, self._keys, typed)

    def close(self) -> None:
        for notifier in self._notifiers:
            notifier.setEnabled(False)
        self._notifiers.clear()
        self._timer.stop()


# -- speech


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


def _start_speech(screen: Screen, texts: Sequence[str], settings: Any) -> Speaker:
    from stretchapp import paths  # noqa: PLC0415
    from stretchapp.speech import SpeechService  # noqa: PLC0415

    service = SpeechService(settings, paths.cache_dir())
    service.notice.connect(screen.line)
    service.prepare(texts)
    return service


def _await_voice(speaker: Any, waiter: QtWaiter, seconds: float) -> None:
    """Give the voice a moment to render the first cue, so the session's first words are heard.

    Ends as soon as the first text can play, or the service knows it never will
    (no voice, no sound output), and after `seconds` at most.
    """
    found = [getattr(speaker, name, None) for name in ("first_ready", "ready", "notice")]
    signals = [signal_ for signal_ in found if signal_ is not None]
    if len(signals) < len(found):
        return
    ready: list[object] = []

    def on_ready(*args: object) -> None:
        ready.append(args)
        waiter.wake()

    for signal_ in signals:
        signal_.connect(on_ready)
    from stretchapp.clock import monotonic  # noqa: PLC0415

    end = monotonic() + seconds
    try:
        while not ready and (left := end - monotonic()) > 0:
            if waiter.wait(left).interrupted:
                return  # the loop's first wait sees it too and stops the session
    finally:
        for signal_ in signals:
            signal_.disconnect(on_ready)


# -- entry point


@contextlib.contextmanager
def _terminal(keys: _Keys | None, screen: Screen, stream: TextIO) -> Iterator[None]:
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
    keys = _Keys(stdin.fileno()) if _isatty(stdin) and _foreground(stdin) else None
    tip = library.tips.get("seek-help-now")
    verbosity = Verbosity.FULL
    speech_settings: Any = None
    if not mute:
        speech_settings, verbosity, notice = _speech_settings()
        if notice:
            screen.line(notice)
    # a sleep of the machine is five real minutes, whatever the speed
    session = Session(timeline, library.exercises, verbosity=verbosity, sleep_gap=300.0 * speed)
    clock = ScaledClock(speed)
    signals = _Signals()
    signals.install()
    waiter: SelectWaiter | QtWaiter | None = None
    speaker: Speaker | None = None
    store = _open_history(screen) if record else None
    recorder = None
    if store is not None:
        recorder = HistoryRecorder(store, timeline, muscle=muscle, notify=screen.line)
    try:
        with _terminal(keys, screen, stdout):
            if mute and os.environ.get(LOOP_VARIABLE, "") != "qt":
                waiter = SelectWaiter(signals, keys)
            elif mute:
                waiter = QtWaiter(signals, keys)
            else:
                waiter = QtWaiter(signals, keys)
                texts = all_texts(timeline, library.exercises, verbosity)
                speaker = _start_speech(screen, texts, speech_settings)
                _await_voice(speaker, waiter, VOICE_WAIT_SECONDS)
            runner = Runner(
                session,
                timeline,
                library.exercises,
                screen,
                interactive=keys is not None,
                sink=Fanout(events, recorder),
                speaker=speaker,
                escalation_text=tip.text if tip is not None else SEEK_HELP_NOW,
                speed=speed,
            )
            code = drive(runner, clock, waiter)
            if code == EXIT_INTERRUPTED:  # the shell's convention: 128 + the signal
                code = 128 + signals.number
            screen.close()
            audible = getattr(speaker, "output_available", None) is not False
            if speaker is not None and runner.completed and audible:
                linger(waiter, LINGER_SECONDS)
            return code
    finally:
        if store is not None:
            store.close()
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


__all__ = [
    "KEY_HELP",
    "SEEK_HELP_NOW",
    "EventSink",
    "Fanout",
    "HistoryRecorder",
    "QtWaiter",
    "Runner",
    "Screen",
    "SelectWaiter",
    "Speaker",
    "Waiter",
    "Wake",
    "drive",
    "run_session",
]
