"""What a screen reader is told during a session: each phase, the medical warning, the end,
notices, and the time left on T; posted as announcements so it is said whatever has focus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from stretchapp.core.announce import EASED_QUESTION, reader_end, reader_wanted
from stretchapp.core.session_view import SessionView
from stretchapp.core.texts import phase_sentence, time_left_sentence
from stretchapp.gui.a11y import announce
from stretchapp.gui.driver import SessionDriver
from stretchapp.gui.main_window import MainWindow

if TYPE_CHECKING:
    from stretchapp.gui.controllers.library import LibraryController
    from stretchapp.gui.controllers.settings import SettingsController
    from stretchapp.gui.controllers.speech import SpeechController


class ScreenReaderController(QObject):
    """Announces what the voice says, when the voice does not (muted, no voice) or when the
    user chose it in Settings; the medical warning assertively, the rest politely."""

    def __init__(
        self,
        window: MainWindow,
        *,
        driver: SessionDriver,
        settings: SettingsController,
        library: LibraryController,
        speech: SpeechController,
        parent: QObject | None = None,
    ) -> None:
        """Listens to the driver, the window's notices and its time key."""
        super().__init__(parent)
        self.window = window
        self.driver = driver
        self._settings = settings
        self._library = library
        self._speech = speech
        self.said: list[tuple[str, bool]] = []  # every announcement: (text, assertive)
        self._on_done = False  # the focus was moved to Done for a manual step
        driver.phase_started.connect(self._on_driver_phase_started)
        driver.escalated.connect(self._on_driver_escalated)
        driver.asked.connect(self._on_driver_asked)
        driver.session_ended.connect(self._on_driver_session_ended)
        window.notice_posted.connect(self._on_window_notice_posted)
        window.time_requested.connect(self.tell_time)

    def wanted(self) -> bool:
        """Whether session events go to the screen reader too (core.announce.reader_wanted)."""
        service = self._speech.service
        current = self._settings.current
        return reader_wanted(
            muted=current.muted,
            voice_available=getattr(service, "voice_available", None),
            chosen=current.screen_reader,
        )

    def post(self, text: str, *, assertive: bool = False) -> None:
        """Announce `text` to a screen reader now."""
        self.said.append((text, assertive))
        announce(self.window, text, assertive=assertive)

    def _maybe(self, text: str, *, assertive: bool = False) -> None:
        if self.wanted():
            self.post(text, assertive=assertive)

    @Slot()
    def tell_time(self) -> None:
        """T: the time left, announced and, when the voice is on, spoken."""
        view = self.driver.view()
        if view is None or view.phase is None or self.window.player.finished:
            return
        relief = self.window.player.time_left.accessibleDescription().startswith("Time since")
        text = time_left_sentence(
            view.remaining,
            view.total_remaining,
            relief_seconds=view.session_seconds if relief else None,
        )
        self.post(text)
        service = self._speech.service
        if service is not None and not self._settings.current.muted:
            service.say(text)

    @Slot(object)
    def _on_driver_phase_started(self, view: SessionView) -> None:
        phase = view.phase
        if phase is None:
            return
        exercise = self._library.content.exercises.get(phase.exercise or "")
        name = exercise.name if exercise is not None else (phase.exercise or "")
        text = phase_sentence(phase, name)
        if view.index == 0 and view.elapsed < 1.0:  # a session starts: say which
            text = f"{self.window.player.routine_title.text()} started. {text}"
        self._maybe(text)
        self._settle_focus()

    def _settle_focus(self) -> None:
        # Enter presses the focused button: in a manual step that must be Done, and after
        # it the focus goes back to Pause rather than wherever Qt moved it
        player = self.window.player
        if self.window.pages.currentWidget() is not player:
            return
        focus = player.focusWidget()
        if player.done_button.isVisible():
            if focus is None or focus is player.pause_button:
                player.done_button.setFocus()
                self._on_done = True
        elif self._on_done or focus is None or not focus.isVisible():
            player.pause_button.setFocus()
            self._on_done = False

    @Slot(str)
    def _on_driver_escalated(self, text: str) -> None:
        self._maybe(text, assertive=True)

    @Slot()
    def _on_driver_asked(self) -> None:
        self._maybe(EASED_QUESTION)

    @Slot(bool)
    def _on_driver_session_ended(self, completed: bool) -> None:
        self._maybe(reader_end(completed))

    @Slot(str)
    def _on_window_notice_posted(self, text: str) -> None:
        self.post(text)  # the voice never says a notice
