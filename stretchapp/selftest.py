"""`stretchapp --self-test`: loads every routine, renders a cue, opens the window; one line."""

# What is essential: the bundled routines load and compile, and the window opens.
# A missing voice or sound output is reported but passes: the program then shows
# its cues on screen, as it was designed to. Every part that could hang (the
# speech worker, the sound server) runs on another thread with a timeout, and a
# watchdog ends the whole test with a failure line if anything else hangs.

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TextIO

import stretchapp

SPEECH_TIMEOUT = 25.0  # a cold start of the worker (Python, pyttsx3, espeak-ng) and one render
AUDIO_TIMEOUT = 10.0  # the first look at the sound outputs connects to the sound server
DEADLINE = 90.0  # the whole self-test, whatever hangs
FALLBACK_CUE = "Release."


@dataclass
class Report:
    """What the self-test found; failures are the essential problems."""

    versions: list[str] = field(default_factory=list)
    routines: int = 0
    voice: str = "not tried"
    audio: str = "not tried"
    window: str = "not tried"
    reminders: str = "not tried"  # how a reminder reaches the user: notification, tray, notice
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # reported, not essential

    @property
    def ok(self) -> bool:
        """Whether every essential part works."""
        return not self.failures

    def line(self) -> str:
        """The one-line summary."""
        verdict = "ok" if self.ok else f"FAILED ({len(self.failures)} problems)"
        return "; ".join(
            [
                f"stretchapp {stretchapp.__version__} self-test: {verdict}",
                *self.versions,
                f"voice: {self.voice}",
                f"audio output: {self.audio}",
                f"routines: {self.routines}",
                f"window: {self.window}",
                f"reminders: {self.reminders}",
            ]
        )


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def _versions(report: Report) -> bool:
    """Fill in the versions; whether Qt loads."""
    report.versions.append(f"Python {platform.python_version()}")
    try:
        import PySide6  # noqa: PLC0415 (a missing Qt is a finding, not a crash)
        from PySide6.QtCore import qVersion  # noqa: PLC0415
    except ImportError as error:
        report.versions.append("PySide6 missing")
        report.failures.append(f"PySide6 cannot be imported: {error}")
        qt_ok = False
    else:
        report.versions.append(f"PySide6 {PySide6.__version__} (Qt {qVersion()})")
        qt_ok = True
    report.versions.append(f"pyttsx3 {_version('pyttsx3')}")
    return qt_ok


def _routines(report: Report, bundled: Path | None) -> tuple[Path | None, str]:
    """Load and compile every routine; the bundled folder and the first cue text to render."""
    from stretchapp import paths, resources  # noqa: PLC0415
    from stretchapp.core.cues import Verbosity, all_texts  # noqa: PLC0415
    from stretchapp.core.library import load_library  # noqa: PLC0415
    from stretchapp.core.timeline import TimelineError, compile_routine  # noqa: PLC0415

    try:
        folder = bundled if bundled is not None else resources.routines_dir()
        assets = resources.assets_dir()
    except resources.ResourceError as error:
        report.failures.append(str(error))
        return None, FALLBACK_CUE
    library = load_library(folder, paths.user_routines_dir(), assets=assets)
    mine = folder.resolve()
    for problem in library.problems:
        if Path(problem.path).resolve().parent == mine:
            report.failures.append(str(problem))
        else:  # a user's own file: the window lists it; the program works
            report.notes.append(str(problem))
    cue = ""
    for routine in library.routines.values():
        try:
            timeline = compile_routine(routine)
        except TimelineError as error:
            (report.notes if routine.user else report.failures).append(f"{routine.path}: {error}")
            continue
        if not cue and not routine.user:
            texts = all_texts(timeline, library.exercises, Verbosity.FULL)
            cue = texts[0] if texts else ""
    report.routines = len(library.routines)
    if not any(not r.user for r in library.routines.values()):
        report.failures.append(f"{folder}: no bundled routine loaded")
    return folder, cue or FALLBACK_CUE


class _SpeechCheck:
    """Renders one cue through the real speech worker on the render thread."""

    def __init__(
        self,
        cache_dir: Path,
        text: str,
        command: Sequence[str] | None,
        start_timeout: float | None,
    ) -> None:
        from stretchapp.speech.renderer import (  # noqa: PLC0415
            START_TIMEOUT,
            Job,
            RenderEvents,
            RenderThread,
        )
        from stretchapp.speech.settings import SpeechSettings  # noqa: PLC0415

        self.done = threading.Event()
        self.result = ""
        self.found = False
        self._cache_dir = cache_dir
        self._thread = RenderThread(
            cache_dir,
            RenderEvents(rendered=self._rendered, failed=self._failed, unavailable=self._none),
            command=command,
            start_timeout=start_timeout if start_timeout is not None else START_TIMEOUT,
        )
        self._job = Job(text, None, SpeechSettings().rate, 0)

    def start(self) -> None:
        """Start the worker and ask for the render."""
        self._thread.start()
        self._thread.submit([self._job])

    def _rendered(self, generation: int, text: str, key: str, path: str) -> None:
        del generation, text, key, path
        identity: dict[str, object] = {}
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads((self._cache_dir / "speech" / "engine.json").read_text("utf-8"))
            identity = loaded if isinstance(loaded, dict) else {}
        engine = " ".join(str(identity[k]) for k in ("driver", "engine") if identity.get(k))
        voice = f"voice {identity['voice']}" if identity.get("voice") else ""
        about = ", ".join(part for part in (engine, voice) if part)
        self._finish(True, f"found ({about})" if about else "found")

    def _failed(self, generation: int, text: str, why: str) -> None:
        del generation, text
        self._finish(False, f"broken (the cue did not render: {why})")

    def _none(self, kind: str, message: str) -> None:
        self._finish(False, f"none ({kind}: {message})")

    def _finish(self, found: bool, result: str) -> None:
        if not self.done.is_set():
            self.found, self.result = found, result
            self.done.set()

    def wait(self, timeout: float) -> str:
        """The finding, waiting at most timeout seconds; the worker is stopped either way."""
        if not self.done.wait(timeout):
            self._finish(False, f"none (the speech worker did not answer within {timeout:.0f} s)")
        self._thread.stop()
        return self.result


def _audio_outputs(answer: list[str]) -> None:
    """On a plain thread: look at Qt's sound outputs (the first look may wait for the server)."""
    try:
        from PySide6 import QtMultimedia  # noqa: PLC0415
        from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415

        from stretchapp.speech.player import first_look  # noqa: PLC0415
        from stretchapp.speech.service import NO_MEDIA_BACKEND  # noqa: PLC0415

        # as the speech service plays: with no media backend (QSoundEffect needs none)
        os.environ.setdefault("QT_MEDIA_BACKEND", NO_MEDIA_BACKEND)
        outputs = first_look(QtMultimedia)
        if outputs:
            default = QMediaDevices.defaultAudioOutput().description() or "unnamed"
            answer.append(f"found ({len(outputs)}, default: {default})")
        else:
            answer.append("none")
    except Exception as error:  # QtMultimedia that cannot load means no sound, not a crash
        answer.append(f"none (QtMultimedia cannot load: {type(error).__name__}: {error})")


def _qt_application() -> object:
    """The QApplication, made offscreen when there is none and the platform is not chosen."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    existing = QApplication.instance()
    if existing is not None:
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    app.setApplicationName("stretchapp")
    return app


def _window(report: Report, bundled: Path, home: Path) -> None:
    """Build the real window with its routines, show it, close it."""
    from PySide6.QtCore import QCoreApplication, QEvent  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from stretchapp.gui.app import build  # noqa: PLC0415

    if not isinstance(QApplication.instance(), QApplication):
        report.window = "failed"
        report.failures.append("the window needs a QApplication, and another kind runs")
        return
    # its own settings file: the self-test never changes the user's settings
    app = build(
        argparse.Namespace(),
        settings_file=home / "settings.json",
        bundled=bundled,
        speech_factory=None,
    )
    window = app.window
    report.reminders = app.reminders.channel()
    QCoreApplication.processEvents()
    shown = window.isVisible()
    window.close()
    QCoreApplication.processEvents()
    app.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if shown:
        report.window = "ok"
    else:
        report.window = "failed"
        report.failures.append("the main window did not show")


class _Watchdog:
    """Ends the process with a failure line when the self-test outlives its deadline."""

    def __init__(self, deadline: float, out: TextIO, stage: Callable[[], str]) -> None:
        self._finished = threading.Event()
        self._thread = threading.Thread(
            target=self._watch, args=(deadline, out, stage), name="self-test-watchdog", daemon=True
        )
        self._thread.start()

    def _watch(self, deadline: float, out: TextIO, stage: Callable[[], str]) -> None:
        if self._finished.wait(deadline):
            return
        with contextlib.suppress(OSError, ValueError):
            out.write(
                f"stretchapp {stretchapp.__version__} self-test: FAILED "
                f"(hung for {deadline:.0f} s while {stage()})\n"
            )
            out.flush()
        os._exit(1)

    def cancel(self) -> None:
        """The self-test finished in time."""
        self._finished.set()


def run(
    out: TextIO | None = None,
    *,
    err: TextIO | None = None,
    bundled: Path | None = None,
    worker_command: Sequence[str] | None = None,
    speech_timeout: float = SPEECH_TIMEOUT,
    start_timeout: float | None = None,
    deadline: float | None = DEADLINE,
) -> int:
    """Check the installation; print the essential problems to err and one line to out.

    0 when every essential part works, 1 otherwise. bundled replaces the bundled
    routines folder and worker_command the speech worker (tests); deadline None
    turns the watchdog off (a test process must not be ended by it).
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    report = Report()
    stage = ["loading the routines"]
    watchdog = _Watchdog(deadline, out, lambda: stage[0]) if deadline is not None else None
    with tempfile.TemporaryDirectory(prefix="stretchapp-self-test-") as scratch:
        home = Path(scratch)
        qt_ok = _versions(report)
        folder, cue = _routines(report, bundled)
        speech: _SpeechCheck | None = None
        stage[0] = "starting the speech worker"
        try:
            speech = _SpeechCheck(home / "cache", cue, worker_command, start_timeout)
            speech.start()
        except Exception as error:  # the speech modules cannot load: no voice
            report.voice = f"none ({type(error).__name__}: {error})"
            speech = None
        audio: list[str] = []
        if not qt_ok:
            audio.append("not tried (no Qt)")
        else:
            stage[0] = "opening the window"
            try:
                _qt_application()
                audio_thread = threading.Thread(
                    target=_audio_outputs, args=(audio,), name="self-test-audio", daemon=True
                )
                audio_thread.start()
                if folder is not None:
                    _window(report, folder, home)
                else:
                    report.window = "not tried (no routines)"
                stage[0] = "looking for a sound output"
                audio_thread.join(AUDIO_TIMEOUT)
            except Exception as error:  # the window is essential: any failure is a finding
                report.window = "failed"
                report.failures.append(f"the window failed: {type(error).__name__}: {error}")
        report.audio = audio[0] if audio else f"none (no answer within {AUDIO_TIMEOUT:.0f} s)"
        if speech is not None:
            stage[0] = "rendering a cue"
            report.voice = speech.wait(speech_timeout)
    if watchdog is not None:
        watchdog.cancel()
    for failure in report.failures:
        err.write(f"self-test: {failure}\n")
    for note in report.notes:
        err.write(f"self-test: warning: {note}\n")
    out.write(report.line() + "\n")
    out.flush()
    return 0 if report.ok else 1
