"""The speech settings and the notices the speech service shows."""

from __future__ import annotations

import sys
from dataclasses import dataclass

MIN_RATE = 80
MAX_RATE = 400

NO_OUTPUT_NOTICE = "No sound output found: cues are shown on screen."


def voice_unavailable_notice(platform: str | None = None) -> str:
    """What to tell a user whose machine has no text-to-speech voice."""
    if (platform or sys.platform).startswith("linux"):
        return (
            "Voice unavailable: install espeak-ng (sudo apt-get install espeak-ng). "
            "Cues are shown on screen."
        )
    return "Voice unavailable: no text-to-speech voice was found. Cues are shown on screen."


@dataclass(frozen=True)
class SpeechSettings:
    """How cues sound. Volumes are 0..1; rate is in words a minute."""

    voice: str | None = None  # a voice id from list_voices(); None: the system language's voice
    rate: int = 165  # a little slower than espeak-ng's 175: said to someone holding a stretch
    volume: float = 1.0
    mute_voice: bool = False
    mute_tones: bool = False
    tone_volume: float = 0.6

    def __post_init__(self) -> None:
        if not MIN_RATE <= self.rate <= MAX_RATE:
            raise ValueError(f"rate must be {MIN_RATE}..{MAX_RATE} words a minute, got {self.rate}")
        for name in ("volume", "tone_volume"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be 0..1, got {value}")
