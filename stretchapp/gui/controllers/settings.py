"""Settings and theme: the settings in use, saved on each change; the dialog; the colours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from stretchapp.core.routine import Routine
from stretchapp.gui import autostart
from stretchapp.gui import theme as themes
from stretchapp.gui.main_window import MainWindow
from stretchapp.settings import LoadedSettings, Settings, save_settings, updated

if TYPE_CHECKING:
    # a type only: the dialog's module loads when the dialog first opens
    from stretchapp.gui.settings_dialog import SettingsDialog

# what the program itself keeps; a dialog's older copy of these never wins
KEPT = ("geometry", "last_routine", "reminder_state", "cramp_notice_shown", "tray_told")

Voices = Callable[[], Sequence[tuple[str, str, Sequence[str]]]]


def real_voices() -> Sequence[tuple[str, str, Sequence[str]]]:
    """The installed voices as (id, name, languages)."""
    # imported here: the speech package loads only when the dialog opens
    from stretchapp.speech import list_voices  # noqa: PLC0415

    return list_voices()


def apply_theme(window: MainWindow, name: str, system_dark: bool) -> None:
    """Give the application and the window's painted parts the chosen theme."""
    theme = themes.pick(name, system_dark)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        themes.apply(app, theme)
    window.set_theme(theme)


def restore_geometry(window: MainWindow, saved: str) -> None:
    """Put the window where it was (Qt keeps it on a screen that exists)."""
    window.restoreGeometry(QByteArray.fromBase64(saved.encode()))


def saved_geometry(window: MainWindow) -> str:
    """Where the window is, as restore_geometry() takes it."""
    return bytes(window.saveGeometry().toBase64().data()).decode()


class SettingsController(QObject):
    """The settings in use: saved on each change, edited in the dialog, shown as the theme."""

    applied = Signal(object, object)  # (old, new) Settings: the user changed them
    # Test voice in the dialog: the Settings to try, or None for "back to the current ones"
    voice_test_requested = Signal(object)
    pause_reminders_requested = Signal(int)  # hours; 0: the rest of today (the dialog's)

    def __init__(
        self,
        window: MainWindow,
        path: Path,
        loaded: LoadedSettings,
        *,
        voices: Voices,
        daily: Callable[[], Sequence[Routine]],
        system_dark: bool | None,
        placed: bool,
        parent: QObject | None = None,
    ) -> None:
        """daily: the daily routines the reminders start (their times show in the dialog).
        system_dark: None asks Qt. placed: the window is already where it was."""
        super().__init__(parent)
        self.path = path
        self.current: Settings = loaded.settings
        # what a modal dialog runs inside: the session controller makes it pause the session
        self.modal: Callable[[], AbstractContextManager[object]] = nullcontext
        self._window = window
        self._voices = voices
        self._daily = daily
        if system_dark is None:
            # not told (tests, the self-test): ask Qt, and take light when it does not know
            system_dark = bool(themes.dark_from_hints())
        self._system_dark = system_dark
        self._apply_theme()
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            self._on_style_hints_color_scheme_changed
        )
        window.set_muted(self.current.muted)
        if loaded.notice:
            window.add_notice(loaded.notice)
        if self.current.geometry and not placed:
            restore_geometry(window, self.current.geometry)
        window.settings_requested.connect(self.open_settings)

    def remember(self, **changes: Any) -> None:
        """Change some settings and save them; a failure to save is a notice."""
        self.current = updated(self.current, **changes)
        try:
            save_settings(self.current, self.path)
        except OSError as error:
            self._window.add_notice(f"{self.path}: could not save the settings ({error}).")

    def apply_settings(self, settings: Settings) -> None:
        """Use and save new settings; `applied` tells the others."""
        old = self.current
        # what the program itself keeps (where the reminders stand, what was said) stays
        # as it is now: a dialog opened earlier holds an older copy
        chosen = {k: getattr(settings, k) for k in settings._fields if k not in KEPT}
        self.remember(**chosen)
        self._window.set_muted(self.current.muted)
        if settings.theme != old.theme:
            self._apply_theme()
        if settings.start_on_login != old.start_on_login:
            self._set_autostart(settings.start_on_login)
        self.applied.emit(old, self.current)

    def settings_dialog(self) -> SettingsDialog:
        """A dialog on the current settings (tests call this and accept it themselves)."""
        from stretchapp.gui.settings_dialog import SettingsDialog  # noqa: PLC0415

        try:
            voices = self._voices()
        except (OSError, RuntimeError):
            voices = []
        dialog = SettingsDialog(self.current, voices, self._window, routines=self._daily())
        dialog.test_voice_requested.connect(self.voice_test_requested.emit)
        dialog.pause_reminders_requested.connect(self.pause_reminders_requested.emit)
        # after a test, the voice goes back to the settings in force (new ones if accepted)
        dialog.finished.connect(lambda _code: self.voice_test_requested.emit(None))
        return dialog

    @Slot()
    def open_settings(self) -> None:
        """Show the settings dialog and apply what it gives."""
        dialog = self.settings_dialog()
        # a session mid-way waits while the dialog is open: no cue said behind it
        with self.modal():
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted:
            self.apply_settings(dialog.settings())
        dialog.deleteLater()

    def _apply_theme(self) -> None:
        apply_theme(self._window, self.current.theme, self._system_dark)

    @Slot(object)
    def _on_style_hints_color_scheme_changed(self, scheme: object) -> None:
        del scheme  # read again below: a PySide enum arrives here untyped
        known = themes.dark_from_hints()
        if known is not None:
            self._system_dark = known
        if self.current.theme == "system":
            self._apply_theme()

    def _set_autostart(self, on: bool) -> None:
        try:
            if on:
                autostart.enable()
            else:
                autostart.disable()
        except OSError as error:
            self._window.add_notice(f"{autostart.entry_path()}: {error}")
