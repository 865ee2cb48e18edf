"""The speech service's life: started with the first session, told the settings, shut down."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeAlias

from PySide6.QtCore import QObject, Slot

from stretchapp import paths
from stretchapp.core.routine import Exercise
from stretchapp.core.timeline import Timeline
from stretchapp.gui.driver import SessionDriver
from stretchapp.gui.main_window import MainWindow
from stretchapp.settings import Settings, updated

if TYPE_CHECKING:
    # types only: the controllers meet in gui/root.py; and importing stretchapp.speech
    # loads the service (the renderer, the worker's plumbing), which waits for a session
    from stretchapp.gui.controllers.settings import SettingsController
    from stretchapp.speech.settings import SpeechSettings
    from stretchapp.tones import ToneKind


class Speech(Protocol):
    """What the window asks of the speech service (SpeechService, or a fake in tests)."""

    def prepare(self, texts: Sequence[str]) -> None: ...
    def say(self, text: str, *, patience: float = ...) -> None: ...
    def tone(self, kind: ToneKind) -> None: ...
    def cut(self) -> None: ...
    def set_settings(self, settings: SpeechSettings) -> None: ...
    def shutdown(self) -> None: ...


SpeechFactory: TypeAlias = "Callable[[SpeechSettings, Path, QObject], Speech]"


def speech_settings(settings: Settings) -> SpeechSettings:
    """The speech service's settings from the app's."""
    from stretchapp.speech.settings import SpeechSettings  # noqa: PLC0415

    return SpeechSettings(
        voice=settings.voice,
        rate=settings.rate,
        volume=settings.volume,
        mute_voice=settings.muted,
        mute_tones=settings.muted or not settings.tones,
        tone_volume=settings.tone_volume,
    )


def real_speech(settings: SpeechSettings, cache_dir: Path, parent: QObject) -> Speech:
    """The real speech service: a pyttsx3 worker process and QtMultimedia."""
    # imported here: QtMultimedia and the worker load after the window shows
    from stretchapp.speech import SpeechService  # noqa: PLC0415

    return SpeechService(settings, cache_dir, parent)


TEST_SENTENCE = "This is how the cues will sound."


class SpeechController(QObject):
    """Owns the speech service: none until a session needs it, then one until the end.

    Speech is a worker process and QtMultimedia, about 7 MB here and more there,
    which a window waiting in the tray all day has no use for. A session's first
    words may wait for it (SessionDriver: FIRST_WORDS_PATIENCE), so nothing is lost.
    """

    def __init__(
        self,
        window: MainWindow,
        *,
        settings: SettingsController,
        driver: SessionDriver,
        factory: SpeechFactory | None,
        parent: QObject | None = None,
    ) -> None:
        """factory None: no speech at all (screenshots, the self-test)."""
        super().__init__(parent)
        self.service: Speech | None = None  # started with the first session
        self._window = window
        self._settings = settings
        self._driver = driver
        self._factory = factory
        window.mute_requested.connect(self.toggle_mute)
        settings.applied.connect(self._on_settings_applied)
        settings.voice_test_requested.connect(self._on_voice_test_requested)

    @Slot()
    def start(self) -> None:
        """Start the service unless it runs or there is none to start."""
        if self.service is not None or self._factory is None:
            return
        cache = paths.cache_dir() / "speech"
        self.service = self._factory(speech_settings(self._settings.current), cache, self)
        notice = getattr(self.service, "notice", None)
        if notice is not None:
            notice.connect(self._window.add_notice)
        self._driver.speaker = self.service

    def speaking_time(self, text: str) -> float:
        """How long a text takes to say, for the cue plan: measured once the voice rendered it.

        Before that, or without a voice, the estimate at the user's rate, which is never
        shorter than espeak-ng (core/speaking.py).
        """
        measured = getattr(self.service, "speaking_time", None)
        if callable(measured):
            seconds: float = measured(text)
            return seconds
        from stretchapp.core.speaking import speaking_time  # noqa: PLC0415 (a session's)

        return speaking_time(text, self._settings.current.rate)

    def prepare(self, timeline: Timeline, exercises: Mapping[str, Exercise]) -> None:
        """Start the service if need be and render a timeline's cues ahead of time.

        Every form a cue may take is rendered, the planned ones first; the session plans
        each phase as it begins, with the lengths measured by then.
        """
        self.start()
        if self.service is not None:
            # the cue plan, with the session's modules: they wait for the first session
            from stretchapp.core.cues import Verbosity, all_texts  # noqa: PLC0415

            verbosity = Verbosity(self._settings.current.verbosity)
            self.service.prepare(all_texts(timeline, exercises, verbosity, self.speaking_time))

    @Slot()
    def toggle_mute(self) -> None:
        """M: all sound off or on."""
        muted = not self._settings.current.muted
        if muted and self.service is not None:
            self.service.cut()
        self._settings.apply_settings(updated(self._settings.current, muted=muted))

    def shutdown(self) -> None:
        """Stop the service (its worker process too)."""
        if self.service is not None:
            self.service.shutdown()

    @Slot(object)
    def _on_voice_test_requested(self, trial: Settings | None) -> None:
        # the dialog's Test voice: these settings, heard even when muted; None goes back
        if trial is None:
            if self.service is not None:
                self.service.set_settings(speech_settings(self._settings.current))
            return
        self.start()
        if self.service is not None:
            self.service.cut()
            self.service.set_settings(speech_settings(updated(trial, muted=False)))
            self.service.say(TEST_SENTENCE)

    @Slot(object, object)
    def _on_settings_applied(self, old: Settings, new: Settings) -> None:
        del old  # the service takes the whole set each time
        if self.service is not None:
            self.service.set_settings(speech_settings(new))
