"""Spoken cues and tones: pyttsx3 renders WAVs in a worker process, a playback child plays them."""

from stretchapp.speech.service import SpeechService, bundled_sounds_dir, list_voices
from stretchapp.speech.settings import NO_OUTPUT_NOTICE, SpeechSettings, voice_unavailable_notice

__all__ = [
    "NO_OUTPUT_NOTICE",
    "SpeechService",
    "SpeechSettings",
    "bundled_sounds_dir",
    "list_voices",
    "voice_unavailable_notice",
]
