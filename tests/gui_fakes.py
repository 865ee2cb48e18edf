"""Stand-ins for the window's tests: a speech service that records what it is asked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject

from stretchapp.speech.settings import SpeechSettings
from stretchapp.tones import ToneKind


class FakeSpeech:
    """Records what the window asks of the speech service."""

    def __init__(self, settings: SpeechSettings, cache_dir: Path, parent: QObject) -> None:
        del cache_dir, parent
        self.settings = settings
        self.said: list[str] = []
        self.patience: list[float] = []
        self.tones: list[ToneKind] = []
        self.prepared: list[str] = []
        self.cuts = 0
        self.closed = False

    def prepare(self, texts: Sequence[str]) -> None:
        self.prepared = list(texts)

    def say(self, text: str, *, patience: float = 0.15) -> None:
        self.said.append(text)
        self.patience.append(patience)

    def tone(self, kind: ToneKind) -> None:
        self.tones.append(kind)

    def cut(self) -> None:
        self.cuts += 1

    def set_settings(self, settings: SpeechSettings) -> None:
        self.settings = settings

    def shutdown(self) -> None:
        self.closed = True
