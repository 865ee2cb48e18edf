"""SpeechService: renders cues ahead in a worker process; a playback child plays them."""

# The timing rule. say(text) plays the cue at once when its sound is loaded. When it
# is not (still rendering, or its render failed), the cue may start at most
# LATE_LIMIT (150 ms) after say() was called: if its sound becomes ready within that
# time it plays, otherwise it is dropped and `dropped` says so. A cue heard late
# misleads more than a missing one, and the screen shows every cue anyway. A new
# cue cuts off the cue still speaking; tones play over speech. cut() silences
# everything and forgets a cue waiting for its sound, so nothing stale follows a
# pause or a skip.

from __future__ import annotations

import importlib
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLoggingCategory, QObject, Qt, QTimer, Signal, Slot

import stretchapp
from stretchapp.core.speaking import speaking_time
from stretchapp.speech.player import LATE_LIMIT, TONE_PREFIX, find_tones
from stretchapp.speech.remote import RemotePlayer
from stretchapp.speech.renderer import (
    NO_CACHE,
    RENDER_TIMEOUT,
    Job,
    RenderEvents,
    RenderThread,
    list_voices_now,
    wav_seconds,
)
from stretchapp.speech.settings import NO_OUTPUT_NOTICE, SpeechSettings, voice_unavailable_notice
from stretchapp.tones import ToneKind

NO_MEDIA_BACKEND = "none"  # a name no backend has: Qt then loads none


def bundled_sounds_dir() -> Path | None:
    """assets/sounds, found by stretchapp.resources when it exists, else beside the package."""
    try:
        resources: Any = importlib.import_module("stretchapp.resources")
        found = Path(resources.assets_dir()) / "sounds"
    except (ImportError, AttributeError, OSError):
        package = Path(stretchapp.__file__).resolve().parent
        candidates = [package / "_data" / "assets" / "sounds", package.parent / "assets" / "sounds"]
        return next((c for c in candidates if c.is_dir()), None)
    return found if found.is_dir() else None


def list_voices() -> list[tuple[str, str, list[str]]]:
    """The installed voices as (id, name, languages); [] when there is none.

    Starts a short-lived speech worker: about 0.15 s, so call it off the GUI
    thread or when a settings dialog opens, not in a paint.
    """
    return list_voices_now()


class _Bridge(QObject):
    """Carries the render thread's reports to the GUI thread as queued signals."""

    rendered = Signal(int, str, str, str)
    failed = Signal(int, str, str)
    unavailable = Signal(str, str)
    audio_loaded = Signal(object)  # the tone paths by kind


class SpeechService(QObject):
    """Speaks cue texts and plays tones on time. Lives on the GUI thread; never blocks it."""

    notice = Signal(str)  # once per kind of fault: show it to the user
    first_ready = Signal(float)  # seconds the first text of prepare() waited for its sound
    ready = Signal()  # the tones and every text of the last prepare() can play, or will not
    render_failed = Signal(str, str)  # text, why: that cue will be skipped
    played = Signal(str, float)  # text (tones: "tone:<kind>"), seconds after it was asked for
    dropped = Signal(str, str)  # text or tone, why it was not played

    def __init__(
        self,
        settings: SpeechSettings,
        cache_dir: Path,
        parent: QObject | None = None,
        *,
        worker_command: Sequence[str] | None = None,
        player_command: Sequence[str] | None = None,
        sounds_dir: Path | None = None,
        render_timeout: float = RENDER_TIMEOUT,
    ) -> None:
        super().__init__(parent)
        # Cues and tones are WAV files that QSoundEffect plays, and QSoundEffect needs
        # none of Qt's media backends; loading the FFmpeg one costs 19 MB resident
        # (measured). Set before QtMultimedia looks, unless the user chose a backend.
        os.environ.setdefault("QT_MEDIA_BACKEND", NO_MEDIA_BACKEND)
        # QtMultimedia's chatter (no PipeWire here, which backend) is for developers;
        # the notice tells the user what matters (no voice, no sound output), once
        QLoggingCategory.setFilterRules("qt.multimedia.*=false")
        self._settings = settings
        self._generation = 0
        self._keys: dict[str, str] = {}  # text -> key, for the current voice and rate
        self._texts: dict[str, str] = {}  # key -> text
        self._seconds: dict[str, float] = {}  # text -> how long its WAV plays, this voice and rate
        self._playable: set[str] = set()  # keys the player has loaded
        self._prepared: list[str] = []
        self._outstanding: set[str] = set()
        self._prepare_started: float | None = None
        self._first_text: str | None = None
        self._first_wait: float | None = None
        self._pending: tuple[str, float, float] | None = None  # text, asked at, patience
        self._voice_ok: bool | None = None
        self._output_ok: bool | None = None
        self._tones_ok = False
        self._noticed: set[str] = set()
        self._closed = False

        self._pending_timer = QTimer(self)
        self._pending_timer.setSingleShot(True)
        self._pending_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._pending_timer.timeout.connect(self._on_pending_timer_timeout)
        self._batch_timer = QTimer(self)
        self._batch_timer.setSingleShot(True)
        self._batch_timer.setInterval(0)
        self._batch_timer.timeout.connect(self._check_batch)

        self._bridge = _Bridge(self)
        self._bridge.rendered.connect(self._on_render_rendered)
        self._bridge.failed.connect(self._on_render_failed)
        self._bridge.unavailable.connect(self._on_render_unavailable)
        self._renderer = RenderThread(
            cache_dir,
            RenderEvents(
                rendered=self._bridge.rendered.emit,
                failed=self._bridge.failed.emit,
                unavailable=self._bridge.unavailable.emit,
            ),
            command=worker_command,
            timeout=render_timeout,
        )

        # in a child process: a sound server that goes away kills it, not us (remote.py)
        self._player = RemotePlayer(self, command=player_command)
        self._player.opened.connect(self._on_player_opened)
        self._player.outputs_changed.connect(self._on_player_opened)
        self._player.loaded.connect(self._on_player_loaded)
        self._player.load_failed.connect(self._on_player_load_failed)
        self._player.started.connect(self._on_player_started)
        self._player.dropped.connect(self._on_player_dropped)
        self._player.tones_loaded.connect(self._on_player_tones_loaded)
        self._bridge.audio_loaded.connect(self._on_bridge_audio_loaded)
        self._loaded_before_open: list[tuple[str, str]] = []

        # both start in the background: QtMultimedia loads on a plain thread and the
        # worker process starts on the render thread, so the first cue waits less
        sounds = sounds_dir if sounds_dir is not None else bundled_sounds_dir()
        self._audio_loader = threading.Thread(
            target=self._load_audio,
            args=(sounds, cache_dir),
            name="speech-audio-loader",
            daemon=True,
        )
        self._renderer.start()
        self._audio_loader.start()  # last: the import holds the GIL for about 10 ms

    # -- what the shells call

    @property
    def settings(self) -> SpeechSettings:
        """The settings in force."""
        return self._settings

    @property
    def first_wait(self) -> float | None:
        """Seconds the first text of the last prepare() waited for its sound, once known."""
        return self._first_wait

    @property
    def voice_available(self) -> bool | None:
        """False once the speech engine proved missing; None before the worker has answered."""
        return self._voice_ok

    @property
    def output_available(self) -> bool | None:
        """False when there is no sound output; None before QtMultimedia has looked."""
        return self._output_ok

    @property
    def player_restarts(self) -> int:
        """How many times the playback child was started again after the sound server left."""
        return self._player.restarts

    @property
    def render_restarts(self) -> int:
        """How many times a hung or crashed worker was replaced."""
        return self._renderer.restarts

    def speaking_time(self, text: str) -> float:
        """How long a text takes to say: its WAV's length once rendered, else an estimate.

        The estimate (core/speaking.py) is calibrated never to be shorter than espeak-ng at
        the settings' rate, so a cue plan made before the render still fits.
        """
        seconds = self._seconds.get(text)
        if seconds is not None:
            return seconds
        return speaking_time(text, self._settings.rate)

    def prepare(self, texts: Sequence[str]) -> None:
        """Render these texts in the background, in order: a session's cues, first use first."""
        self._prepared = list(dict.fromkeys(t for t in texts if t.strip()))
        self._start_batch()

    def _start_batch(self) -> None:
        self._prepare_started = time.monotonic()
        self._first_text = self._prepared[0] if self._prepared else None
        self._first_wait = None
        self._outstanding = set(self._prepared)
        if self._speaks():
            self._submit(self._prepared, replace=True)
        self._batch_timer.start()

    def say(self, text: str, *, patience: float = LATE_LIMIT) -> None:
        """Speak a cue now; see the timing rule at the top of this module.

        patience: how late the cue may still start. A session's first words may wait
        for the voice to warm up (a cramp started from the desktop is spoken to at
        once); a cue in the middle of a session may not.
        """
        if self._closed or not text.strip() or not self._speaks() or self._output_ok is False:
            return
        requested = time.monotonic()
        key = self._keys.get(text)
        if key is not None and key in self._playable:
            self._cancel_pending()
            self._player.play(key, self._settings.volume, requested, patience)
            return
        if self._pending is not None:
            self.dropped.emit(self._pending[0], "a newer cue came first")
        self._pending = (text, requested, patience)
        self._pending_timer.start(round(patience * 1000))
        if key is None:  # jump the queue: a cue asked for now beats one prepared for later
            self._submit([text], front=True)

    def tone(self, kind: ToneKind | str) -> None:
        """Play a short tone now, over speech if it plays."""
        if self._closed or self._settings.mute_tones or self._output_ok is False:
            return
        self._player.play_tone(ToneKind(kind).value, self._settings.tone_volume, time.monotonic())

    def cut(self) -> None:
        """Silence what plays and forget the cue waiting for its sound (pause, skip, stop)."""
        if self._closed:
            return
        self._cancel_pending()
        self._player.cut()

    def set_settings(self, settings: SpeechSettings) -> None:
        """Apply new settings; a new voice or rate renders the prepared texts again."""
        old, self._settings = self._settings, settings
        if (settings.mute_voice and not old.mute_voice) or (
            settings.mute_tones and not old.mute_tones
        ):
            self.cut()
        voice_changed = (settings.voice, settings.rate) != (old.voice, old.rate)
        if voice_changed:
            self._generation += 1
            self._keys.clear()
            self._texts.clear()
            self._seconds.clear()
        if self._speaks() and (voice_changed or (old.mute_voice and not settings.mute_voice)):
            self._start_batch()

    def shutdown(self) -> None:
        """Stop the worker and every sound; the service is unusable afterwards."""
        if self._closed:
            return
        self._closed = True
        self._pending_timer.stop()
        self._batch_timer.stop()
        self._pending = None
        self._renderer.stop()
        self._player.close()
        self._audio_loader.join(1.0)

    # -- inside

    def _speaks(self) -> bool:
        return not self._settings.mute_voice and self._voice_ok is not False

    def _submit(self, texts: Sequence[str], *, replace: bool = False, front: bool = False) -> None:
        settings = self._settings
        jobs = [Job(t, settings.voice, settings.rate, self._generation) for t in texts]
        self._renderer.submit(jobs, replace=replace, front=front)

    def _cancel_pending(self) -> None:
        self._pending = None
        self._pending_timer.stop()

    def _notify(self, kind: str, message: str) -> None:
        if kind not in self._noticed:
            self._noticed.add(kind)
            self.notice.emit(message)

    def _resolve(self, text: str, *, playable: bool) -> None:
        """A prepared text can play, or never will."""
        if playable and text == self._first_text and self._first_wait is None:
            started = self._prepare_started if self._prepare_started is not None else 0.0
            self._first_wait = time.monotonic() - started
            self.first_ready.emit(self._first_wait)
        if text in self._outstanding:
            self._outstanding.discard(text)
            self._batch_timer.start()

    @Slot()
    def _check_batch(self) -> None:
        if self._closed:
            return
        if not self._speaks() or self._output_ok is False:
            self._outstanding.clear()
        first = self._first_text
        if first is not None and self._first_wait is None:
            key = self._keys.get(first)
            if key is not None and key in self._playable:
                self._resolve(first, playable=True)
        for text in [t for t in self._outstanding if self._keys.get(t) in self._playable]:
            self._outstanding.discard(text)
        tones_pending = self._output_ok is not False and not self._tones_ok
        if not self._outstanding and not tones_pending and self._prepare_started is not None:
            self._prepare_started = None
            self.ready.emit()

    @Slot(int, str, str, str)
    def _on_render_rendered(self, generation: int, text: str, key: str, path: str) -> None:
        if generation != self._generation or self._closed:
            return
        self._voice_ok = True
        self._keys[text] = key
        self._texts[key] = text
        seconds = wav_seconds(Path(path))  # a header read: microseconds
        if seconds is not None:
            self._seconds[text] = seconds
        if key in self._playable:
            self._on_player_loaded(key)
        elif self._output_ok is False:
            self._resolve(text, playable=False)
        elif not self._player.is_open:
            self._loaded_before_open.append((key, path))
        else:
            self._player.load(key, path)

    @Slot(int, str, str)
    def _on_render_failed(self, generation: int, text: str, why: str) -> None:
        if generation != self._generation or self._closed:
            return
        self.render_failed.emit(text, why)
        if self._pending is not None and self._pending[0] == text:
            self._cancel_pending()
            self.dropped.emit(text, f"could not be rendered: {why}")
        self._resolve(text, playable=False)

    @Slot(str, str)
    def _on_render_unavailable(self, kind: str, message: str) -> None:
        if self._closed:
            return
        self._voice_ok = False
        if kind == NO_CACHE:
            self._notify("voice", f"Voice unavailable: {message}. Cues are shown on screen.")
        else:
            self._notify("voice", voice_unavailable_notice())
        if self._pending is not None:
            self.dropped.emit(self._pending[0], "no voice")
            self._cancel_pending()
        self._batch_timer.start()

    def _load_audio(self, sounds: Path | None, cache_dir: Path) -> None:
        """On the loader thread: the tone files; None means no sound."""
        try:
            paths: dict[str, str] | None = find_tones(sounds, cache_dir)
        except Exception:  # tones that cannot be found or made, for whatever reason: no sound
            paths = None
        if not self._closed:
            self._bridge.audio_loaded.emit(paths)

    @Slot(object)
    def _on_bridge_audio_loaded(self, tone_paths: dict[str, str] | None) -> None:
        if self._closed:
            return
        if tone_paths is None:
            self._on_player_opened(False)
            return
        self._player.open(tone_paths)
        waiting, self._loaded_before_open = self._loaded_before_open, []
        for key, path in waiting:
            self._player.load(key, path)

    @Slot(bool)
    def _on_player_opened(self, has_output: bool) -> None:
        if self._closed:
            return
        self._output_ok = has_output
        if not has_output:
            self._notify("output", NO_OUTPUT_NOTICE)
            self._playable.clear()
            self._batch_timer.start()

    @Slot(str)
    def _on_player_loaded(self, key: str) -> None:
        if self._closed:
            return
        self._playable.add(key)
        text = self._texts.get(key)
        if text is None:
            return
        pending = self._pending
        if pending is not None and pending[0] == text:
            self._cancel_pending()
            self._player.play(key, self._settings.volume, pending[1], pending[2])
        self._resolve(text, playable=True)

    @Slot(str, str)
    def _on_player_load_failed(self, key: str, why: str) -> None:
        if self._closed:
            return
        self._playable.discard(key)
        text = self._texts.get(key)
        if text is not None:
            self._resolve(text, playable=False)

    @Slot(str, float)
    def _on_player_started(self, key: str, waited: float) -> None:
        label = key if key.startswith(TONE_PREFIX) else self._texts.get(key, key)
        self.played.emit(label, waited)

    @Slot(str, str)
    def _on_player_dropped(self, key: str, why: str) -> None:
        label = key if key.startswith(TONE_PREFIX) else self._texts.get(key, key)
        self.dropped.emit(label, why)

    @Slot()
    def _on_player_tones_loaded(self) -> None:
        self._tones_ok = True
        self._batch_timer.start()

    @Slot()
    def _on_pending_timer_timeout(self) -> None:
        if self._pending is not None:
            text, _, patience = self._pending
            self._pending = None
            self.dropped.emit(text, f"its sound was not ready within {patience * 1000:.0f} ms")
