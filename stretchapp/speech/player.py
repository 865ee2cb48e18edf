"""Plays cues and tones with QSoundEffect (in the playback child, remote.py); loads QtMultimedia."""

# QSoundEffect, not QMediaPlayer: it keeps the decoded samples in memory and
# starts in about 20 ms against 30-40 ms for the player, and it does not go
# through an FFmpeg demuxer that logs every file. It must live on the GUI
# thread: with Qt 6.12, stopping one that lives on another QThread breaks its
# socket notifiers and crashes. What is slow is loading QtMultimedia (20-30 ms),
# the first look at the outputs (12-18 ms) and finding tone files: load_audio()
# does all three on a plain thread (measured by packaging/bench/bench_speech.py).

from __future__ import annotations

import collections
import contextlib
import importlib
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl, Signal

from stretchapp.tones import ToneKind, tone_file, write_tone

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

LATE_LIMIT = 0.150  # a cue that cannot start within this of its request is dropped
MAX_EFFECTS = 256  # loaded cue sounds kept in memory, least recently used dropped first
TONE_PREFIX = "tone:"


def find_tones(sounds_dir: Path | None, cache_dir: Path) -> dict[str, str]:
    """The tone files by kind, generated into the cache where missing; no QtMultimedia."""
    paths = {}
    for kind in ToneKind:
        path = tone_file(sounds_dir, kind) if sounds_dir is not None else None
        if path is None or not path.is_file():
            path = tone_file(cache_dir / "tones", kind)
            if not path.is_file():
                with contextlib.suppress(OSError):
                    write_tone(kind, path)
        paths[kind.value] = str(path)
    return paths


def load_audio(sounds_dir: Path | None, cache_dir: Path) -> dict[str, str]:
    """Import QtMultimedia and find the tone files (generated into the cache where missing).

    Runs on a background thread; returns the tone paths by kind.
    """
    # QtMultimedia pulls in QtGui and QtNetwork; each import holds the GIL
    # throughout, so importing them one by one, with a pause between, keeps the
    # GUI thread from waiting for the whole 20-30 ms at once.
    for name in ("PySide6.QtGui", "PySide6.QtNetwork"):
        importlib.import_module(name)
        time.sleep(0.002)
    multimedia = importlib.import_module("PySide6.QtMultimedia")
    time.sleep(0.002)
    # The first look at the outputs loads Qt's media integration and connects to
    # the sound server: 12-18 ms. Done here, it costs the GUI thread nothing; Qt's
    # PulseAudio connection runs its own thread, and cues played and devices
    # plugged in later are seen the same (checked with a second sink).
    first_look(multimedia)
    return find_tones(sounds_dir, cache_dir)


def first_look(multimedia: Any) -> Any:
    """The sound outputs, without Qt's warning that no media backend was loaded.

    The speech service asks for none (QSoundEffect needs none), so the warning says
    only what was asked for. It comes once a process, from this first look.
    """
    from PySide6.QtCore import qInstallMessageHandler  # noqa: PLC0415

    def handler(kind: Any, context: Any, message: str) -> None:
        if message.startswith("No QtMultimedia backends found"):
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous: Any = qInstallMessageHandler(handler)
    try:
        return multimedia.QMediaDevices.audioOutputs()
    finally:
        qInstallMessageHandler(previous)


class Player(QObject):
    """Owns every QSoundEffect, on the GUI thread."""

    opened = Signal(bool)  # whether any sound output exists
    outputs_changed = Signal(bool)
    loaded = Signal(str)  # key: the cue can play at once
    load_failed = Signal(str, str)  # key, why
    started = Signal(str, float)  # key (tones: "tone:<kind>"), seconds after the request
    tones_loaded = Signal()  # every tone can play (or failed to load)
    dropped = Signal(str, str)  # key, why it did not play

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tone_paths: dict[str, str] = {}
        self._effects: collections.OrderedDict[str, QSoundEffect] = collections.OrderedDict()
        self._tones: dict[str, QSoundEffect] = {}
        self._voice: QSoundEffect | None = None
        self._devices: QMediaDevices | None = None
        self._has_output = False
        self._tones_loading: set[str] = set()
        self.is_open = False

    # -- set-up and tear-down

    def open(self, tone_paths: dict[str, str]) -> None:
        """Look for an output and load the tones; after load_audio() has run."""
        from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415 (see the module comment)

        self._tone_paths = dict(tone_paths)
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._on_devices_audio_outputs_changed)
        self._has_output = bool(QMediaDevices.audioOutputs())
        if self._has_output:
            self._load_tones()
        self.is_open = True
        self.opened.emit(self._has_output)

    def close(self) -> None:
        """Stop and free everything."""
        self.cut()
        for effect in [*self._effects.values(), *self._tones.values()]:
            effect.deleteLater()
        self._effects.clear()
        self._tones.clear()
        if self._devices is not None:
            self._devices.deleteLater()
            self._devices = None

    def _on_devices_audio_outputs_changed(self) -> None:
        from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415

        has_output = bool(QMediaDevices.audioOutputs())
        if has_output != self._has_output:
            self._has_output = has_output
            # effects bind to the device that was the default when they were made
            for key in list(self._effects):
                self._effects.pop(key).deleteLater()
            for effect in self._tones.values():
                effect.deleteLater()
            self._tones.clear()
            if has_output:
                self._load_tones()
            self.outputs_changed.emit(has_output)

    # -- loading

    def _load_tones(self) -> None:
        self._tones_loading = set(self._tone_paths)
        if not self._tones_loading:
            self.tones_loaded.emit()
        for kind, path in self._tone_paths.items():
            self._new_effect(TONE_PREFIX + kind, path, self._tones, kind)

    def _tone_settled(self, key: str) -> None:
        if self._tones_loading:
            self._tones_loading.discard(key.removeprefix(TONE_PREFIX))
            if not self._tones_loading:
                self.tones_loaded.emit()

    def _new_effect(self, key: str, path: str, store: dict[str, QSoundEffect], name: str) -> None:
        """Make an effect, file it under store[name], then load it: Ready may come at once."""
        from PySide6.QtMultimedia import QSoundEffect  # noqa: PLC0415

        effect = QSoundEffect(self)

        def on_status_changed() -> None:
            status = effect.status()
            if key.startswith(TONE_PREFIX):
                if status in {QSoundEffect.Status.Ready, QSoundEffect.Status.Error}:
                    self._tone_settled(key)
            elif status == QSoundEffect.Status.Ready:
                self.loaded.emit(key)
            elif status == QSoundEffect.Status.Error:
                self.load_failed.emit(key, f"cannot load {path}")

        effect.statusChanged.connect(on_status_changed)
        store[name] = effect
        effect.setSource(QUrl.fromLocalFile(path))

    def load(self, key: str, path: str) -> None:
        """Decode a cue's WAV into memory; loaded(key) says when it can play."""
        from PySide6.QtMultimedia import QSoundEffect  # noqa: PLC0415

        if not self._has_output:
            self.load_failed.emit(key, "no sound output")
            return
        existing = self._effects.get(key)
        if existing is not None and existing.status() != QSoundEffect.Status.Error:
            self._effects.move_to_end(key)
            if existing.status() == QSoundEffect.Status.Ready:
                self.loaded.emit(key)
            return
        if existing is not None:
            existing.deleteLater()
        self._new_effect(key, path, self._effects, key)
        while len(self._effects) > MAX_EFFECTS:
            old_key, old = next(iter(self._effects.items()))
            if old is self._voice:
                break
            del self._effects[old_key]
            old.deleteLater()

    # -- playing

    def _start(
        self,
        key: str,
        effect: QSoundEffect,
        volume: float,
        requested: float,
        limit: float = LATE_LIMIT,
    ) -> bool:
        from PySide6.QtMultimedia import QSoundEffect  # noqa: PLC0415

        waited = time.monotonic() - requested
        if effect.status() != QSoundEffect.Status.Ready:
            self.dropped.emit(key, "its sound is not loaded")
            return False
        if waited > limit:
            self.dropped.emit(key, f"too late: {waited * 1000:.0f} ms after it was asked for")
            return False
        effect.setVolume(max(0.0, min(1.0, volume)))
        if effect.isPlaying():
            effect.stop()
        effect.play()
        self.started.emit(key, time.monotonic() - requested)
        return True

    def play(self, key: str, volume: float, requested: float, limit: float = LATE_LIMIT) -> None:
        """Say a loaded cue now, cutting off the cue before it; drop it when over limit late."""
        effect = self._effects.get(key)
        if effect is None:
            self.dropped.emit(key, "its sound is not loaded")
            return
        self._effects.move_to_end(key)
        if self._voice is not None and self._voice is not effect:
            self._voice.stop()
        if self._start(key, effect, volume, requested, limit):
            self._voice = effect

    def play_tone(self, kind: str, volume: float, requested: float) -> None:
        """Play a tone now, over speech if it plays."""
        effect = self._tones.get(kind)
        if effect is None:
            self.dropped.emit(TONE_PREFIX + kind, "no sound output")
            return
        self._start(TONE_PREFIX + kind, effect, volume, requested)

    def cut(self) -> None:
        """Silence every cue and tone now."""
        if self._voice is not None:
            self._voice.stop()
            self._voice = None
        for effect in self._tones.values():
            if effect.isPlaying():
                effect.stop()

    def playing(self) -> bool:
        """Whether anything plays."""
        effects = [*self._tones.values()] + ([self._voice] if self._voice is not None else [])
        return any(effect.isPlaying() for effect in effects)
