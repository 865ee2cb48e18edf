"""The composition root of the window: builds its controllers and wires them together.

Named AppRoot, not App: gui/app.py is the start-up (command line, first paint, single
instance), and this is the object graph it builds once the frame is on screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Signal, Slot
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from stretchapp import paths, resources
from stretchapp.clock import Clock, MonotonicClock
from stretchapp.gui.autostart import APP_ID
from stretchapp.gui.controllers.editor import EditorController
from stretchapp.gui.controllers.history import HistoryController
from stretchapp.gui.controllers.library import LibraryController
from stretchapp.gui.controllers.reader import ScreenReaderController
from stretchapp.gui.controllers.reminders import ReminderController
from stretchapp.gui.controllers.sessions import SessionController
from stretchapp.gui.controllers.settings import (
    SettingsController,
    Voices,
    real_voices,
    saved_geometry,
)
from stretchapp.gui.controllers.speech import SpeechController, SpeechFactory, real_speech
from stretchapp.gui.driver import SessionDriver
from stretchapp.gui.main_window import MainWindow
from stretchapp.gui.notifications import DesktopNotifier
from stretchapp.gui.reminders_ui import local_now
from stretchapp.gui.screen_state import ScreenLockWatcher, X11FullScreen
from stretchapp.settings import LoadedSettings, load_settings, settings_path

if TYPE_CHECKING:
    from stretchapp.core.events import EventWriter


def window_icon(assets: Path) -> QIcon:
    """The app's icon from the PNGs rendered from assets/icons/stretchapp.svg (an empty
    icon when there are none)."""
    # PNGs, not the SVG: the SVG would load QtSvg and its icon plugin (about 0.7 MB) at
    # start-up for nothing else; packaging/linux/render_icons.py renders them
    icon = QIcon()
    for path in (assets / "icons").glob("stretchapp-*.png"):
        side = path.stem.rpartition("-")[2]
        if side.isdigit():
            icon.addFile(str(path), QSize(int(side), int(side)))
    return icon


def desktop_notifier(assets: Path) -> DesktopNotifier | None:
    """The session bus's notification service, with the app's icon and desktop entry."""
    icon = assets / "icons" / "stretchapp.svg"
    return DesktopNotifier.on_bus(
        app_icon=str(icon.absolute()) if icon.is_file() else APP_ID, desktop_entry=APP_ID
    )


class AppRoot(QObject):
    """The window and its controllers, wired; one per window.

    settings, library, history, speech, sessions and reminders are the controllers (see
    gui/controllers/); the root itself only shows the window, quits, and closes everything
    in order when the window goes.
    """

    quitting = Signal()  # Quit was chosen: the event loop may end

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        settings_file: Path | None = None,
        bundled: Path | None = None,
        user: Path | None = None,
        assets: Path | None = None,
        speech_factory: SpeechFactory | None = real_speech,
        voices: Voices = real_voices,
        events: EventWriter | None = None,
        window: MainWindow | None = None,
        loaded: LoadedSettings | None = None,
        system_dark: bool | None = None,
        record: bool = True,
        wall: Callable[[], dt.datetime] = local_now,
        tray_available: bool | None = None,
        notifications: bool = True,
    ) -> None:
        """Everything optional has the real default; tests pass fakes and temporary folders.

        window and loaded: a frame already shown (themed, placed) and its settings.
        record: False keeps no history. wall: the wall clock of reminders and the history.
        notifications: False never looks for the desktop's notification service (nor
        its screen saver).
        """
        super().__init__()
        self.clock: Clock = clock if clock is not None else MonotonicClock()
        self.events = events
        self.instance: Any = None  # the single-instance server, closed with the window
        self._quitting = False
        path = settings_file if settings_file is not None else settings_path()
        if loaded is None:
            loaded = load_settings(path)
        assets = assets if assets is not None else resources.assets_dir()
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()

        placed = window is not None  # already themed, placed and on screen
        self.window = window if window is not None else MainWindow()
        self.window.build_pages()
        self.driver = SessionDriver(self.clock, self.window)  # parented: it dies with the window
        self.driver.sink = events
        if events is not None and events.on_error is None:
            events.on_error = self.window.add_notice  # a full disk stops the file, not the window
        self.settings = SettingsController(
            self.window,
            path,
            loaded,
            voices=voices,
            # late-bound: the reminders are built below, the dialog asks once it opens
            daily=lambda: self.reminders.daily_routines(),  # noqa: PLW0108
            system_dark=system_dark,
            placed=placed,
            parent=self,
        )
        self.icon = window_icon(assets)
        self.window.setWindowIcon(self.icon)
        self.library = LibraryController(
            self.window,
            settings=self.settings,
            bundled=bundled if bundled is not None else resources.routines_dir(),
            user=user if user is not None else paths.user_routines_dir(),
            assets=assets,
            cache=paths.cache_dir() / "library.json",
            parent=self,
        )
        self.history = HistoryController(
            self.window,
            settings=self.settings,
            library=self.library,
            wall=wall,
            record=record,
            parent=self,
        )
        self.speech = SpeechController(
            self.window,
            settings=self.settings,
            driver=self.driver,
            factory=speech_factory,
            parent=self,
        )
        self.sessions = SessionController(
            self.window,
            driver=self.driver,
            settings=self.settings,
            library=self.library,
            history=self.history,
            speech=self.speech,
            parent=self,
        )
        self.reminders = ReminderController(
            self.window,
            driver=self.driver,
            settings=self.settings,
            library=self.library,
            history=self.history,
            sessions=self.sessions,
            wall=wall,
            icon=self.icon,
            tray_available=tray_available,
            notifier=desktop_notifier(assets) if notifications else None,
            screen_lock=ScreenLockWatcher.on_bus() if notifications else None,
            full_screen=X11FullScreen.for_platform(QGuiApplication.platformName()),
            parent=self,
        )
        self.reader = ScreenReaderController(
            self.window,
            driver=self.driver,
            settings=self.settings,
            library=self.library,
            speech=self.speech,
            parent=self,
        )
        self.editor = EditorController(
            self.window,
            library=self.library,
            sessions=self.sessions,
            bundled=bundled if bundled is not None else resources.routines_dir(),
            user=user if user is not None else paths.user_routines_dir(),
            parent=self,
        )
        self.window.keep_in_tray = self._keep_in_tray
        self.window.quit_requested.connect(self.quit)
        self.window.closing.connect(self._on_window_closing)
        if self.reminders.tray is not None:
            self.reminders.tray.quit_requested.connect(self.quit)
        self.library.reload()
        self.reminders.configure_reminders()

    def show(self) -> None:
        """Show the window and the tray icon; speech starts with the first session."""
        self.window.show()
        # keyboard shortcuts need an active window; without a window manager nothing
        # else would make the new window active
        self.window.activateWindow()
        self.reminders.show()

    def start_routine(self, routine_id: str) -> bool:
        """Start a routine of the library (--routine ID --start); False when it cannot run."""
        started: bool = self.sessions.start_routine(routine_id)
        return started

    def cramp(self, muscle: str) -> bool:
        """Relief for a muscle now (--cramp MUSCLE); False when none is loaded."""
        started: bool = self.sessions.cramp(muscle)
        return started

    @Slot()
    def quit(self) -> None:
        """Quit for real: close the window (which stops everything) and end the program."""
        self._quitting = True
        self.window.close()
        self.quitting.emit()

    def _keep_in_tray(self) -> bool:
        return not self._quitting and self.reminders.keeps_running()

    @Slot()
    def _on_window_closing(self) -> None:
        # in this order: the session ends (and is recorded) before the history closes,
        # and its last events are written before the events file closes
        self.library.stop_watching()  # first: see there
        self.reminders.stop()
        if self.instance is not None:
            self.instance.close()
            self.instance = None
        self.driver.shutdown()
        self.history.close()
        geometry = saved_geometry(self.window)
        state = self.reminders.checker.state.to_json()
        current = self.settings.current
        # a save is two fsyncs, about 10 ms: half of what a quit on SIGTERM may take
        if (geometry, state) != (current.geometry, current.reminder_state):
            self.settings.remember(geometry=geometry, reminder_state=state)
        self.speech.shutdown()
        if self.events is not None:
            self.events.close()
            self.events = None
