"""Stand-ins the tests share: a clock moved by hand, and speech fakes that record what they hear.

The terminal's speaker and the window's speech service take the same requests
(say, tone, cut), so both fakes write them into one log of the same shape:
``calls``, a list of ``(request, argument)`` pairs with every argument a string.
A test can drive both shells through one routine and compare their ``heard()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from stretchapp.speech.player import LATE_LIMIT
from stretchapp.speech.settings import SpeechSettings
from stretchapp.tones import ToneKind


class FakeClock:
    """A ``stretchapp.clock.Clock`` that moves only when a test moves it."""

    def __init__(self, start: float = 5000.0) -> None:
        # far from zero, so that a time mistaken for a duration shows up in a test
        self.t = start

    def now(self) -> float:
        """The time the test last set."""
        return self.t

    def advance(self, seconds: float) -> None:
        """Move the clock on by ``seconds`` (a negative number moves it back)."""
        self.t += seconds

    def real_seconds_until(self, when: float) -> float:
        """Seconds from now until ``when``: this clock runs at real speed."""
        return when - self.t


# the requests that reach the user's ears, as opposed to preparing and closing
HEARD = frozenset({"say", "tone", "cut"})


class FakeSpeaker:
    """The terminal's speaker: records every request, in order, in ``calls``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.prepared: list[str] = []
        self.patience: list[float | None] = []  # each say's; None: the service's own

    def prepare(self, texts: Sequence[str]) -> None:
        """Record the texts to render ahead; the log keeps only their number."""
        self.prepared = list(texts)
        self.calls.append(("prepare", str(len(self.prepared))))

    def say(self, text: str, *, patience: float | None = None) -> None:
        """Record a text to say, and how long it may wait for a cold voice."""
        self.calls.append(("say", text))
        self.patience.append(patience)

    def tone(self, kind: str) -> None:
        """Record a tone by its name (a ToneKind is a str: "tick", "phase", "finish")."""
        self.calls.append(("tone", str(kind)))

    def cut(self) -> None:
        """Record a cut of whatever was playing."""
        self.calls.append(("cut", ""))

    def shutdown(self) -> None:
        """Record the end of the service."""
        self.calls.append(("shutdown", ""))

    def heard(self) -> list[tuple[str, str]]:
        """The says, tones and cuts in order: what a listener would have noticed."""
        return [call for call in self.calls if call[0] in HEARD]

    @property
    def said(self) -> list[str]:
        """The texts said, in order."""
        return [text for request, text in self.calls if request == "say"]

    @property
    def tones(self) -> list[ToneKind]:
        """The tones played, in order."""
        return [ToneKind(kind) for request, kind in self.calls if request == "tone"]

    @property
    def cuts(self) -> int:
        """How many times speech was cut."""
        return sum(1 for request, _ in self.calls if request == "cut")

    @property
    def closed(self) -> bool:
        """Whether the service was shut down."""
        return ("shutdown", "") in self.calls


class FakeSpeech(FakeSpeaker):
    """The window's speech service: a FakeSpeaker made as the window makes the real one."""

    def __init__(self, settings: SpeechSettings, cache_dir: Path, parent: QObject) -> None:
        del cache_dir, parent
        super().__init__()
        self.settings = settings

    def say(self, text: str, *, patience: float | None = LATE_LIMIT) -> None:
        """Record a text to say, and how late it may still be said (the service's default)."""
        super().say(text, patience=patience)

    def set_settings(self, settings: SpeechSettings) -> None:
        """Take new voice settings."""
        self.settings = settings


class RecordingVoice:
    """A speech service that records what it is asked, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    def prepare(self, texts: Any) -> None:
        del texts

    def say(self, text: str, *, patience: float | None = None) -> None:
        self.calls.append(("say", text) if patience is None else ("say", text, str(patience)))

    def tone(self, kind: Any) -> None:
        self.calls.append(("tone", f"{type(kind).__name__}.{kind}"))

    def cut(self) -> None:
        self.calls.append(("cut",))

    def shutdown(self) -> None:
        pass
