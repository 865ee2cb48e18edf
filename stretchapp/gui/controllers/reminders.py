"""Reminders and the tray: the reminder checker, how a reminder reaches the user (a desktop
notification, else a tray message, else a notice in the window), the tray icon and menu, and
closing the window while the program keeps reminding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle

from stretchapp.core.reminders import PAUSE_HOURS, Reminder, ReminderState, reminder_text
from stretchapp.core.routine import Category, Routine
from stretchapp.gui.driver import SessionDriver
from stretchapp.gui.main_window import MainWindow
from stretchapp.gui.notifications import DEFAULT_ACTION, DesktopNotifier, NotificationError
from stretchapp.gui.reminders_ui import ReminderChecker
from stretchapp.gui.screen_state import (
    FullScreenProbe,
    ScreenLock,
    ScreenLockWatcher,
    cannot_tell_full_screen,
)
from stretchapp.gui.tray import Tray
from stretchapp.settings import Settings, reminder_settings, reminder_state

if TYPE_CHECKING:
    # types only: the controllers meet in gui/root.py
    from stretchapp.gui.controllers.history import HistoryController
    from stretchapp.gui.controllers.library import LibraryController
    from stretchapp.gui.controllers.sessions import SessionController
    from stretchapp.gui.controllers.settings import SettingsController

TRAY_TOLD = (
    "stretchapp keeps running in the tray to remind you. Choose Quit in its menu to stop it."
)
BACKGROUND_TOLD = (
    "stretchapp keeps running in the background to remind you. To stop it, choose Quit in "
    "its menu of the desktop (the launcher's right-click), or run `stretchapp --quit`."
)
SNOOZE_CHOICES = (5, 10, 30)  # minutes a reminder offers to snooze for
# the notification's action keys; snooze-N (minutes) and pause-N (hours) too
START, SKIP_TODAY = "start", "skip-today"


def reminder_actions(snooze_minutes: int) -> list[tuple[str, str]]:
    """A reminder's actions, the most used first (GNOME shows only three buttons)."""
    snoozes = [snooze_minutes, *(m for m in SNOOZE_CHOICES if m != snooze_minutes)]
    actions = [(DEFAULT_ACTION, "Start"), (START, "Start")]
    actions.append((f"snooze-{snoozes[0]}", f"Snooze {snoozes[0]} min"))
    actions.append((SKIP_TODAY, "Skip today"))
    actions.extend((f"snooze-{m}", f"Snooze {m} min") for m in snoozes[1:])
    actions.extend((f"pause-{h}", f"Pause reminders {h} h") for h in PAUSE_HOURS)
    return actions


def _numbered(key: str, prefix: str) -> int | None:
    """ "snooze-10" -> 10 for prefix "snooze-"; None for another key."""
    rest = key.removeprefix(prefix)
    return int(rest) if rest != key and rest.isdigit() else None


class ReminderController(QObject):
    """Reminds of each daily routine at its times (a desktop notification, else a tray
    message, else a notice), records what the user did about it, and keeps the program
    running (in the tray, or in the background) while reminders are on.

    A reminder waits while a session runs, the screen is locked or a window is full
    screen (where the desktop can tell: see gui/screen_state.py) and comes once after."""

    def __init__(
        self,
        window: MainWindow,
        *,
        driver: SessionDriver,
        settings: SettingsController,
        library: LibraryController,
        history: HistoryController,
        sessions: SessionController,
        wall: Callable[[], dt.datetime],
        icon: QIcon,
        tray_available: bool,
        notifier: DesktopNotifier | None = None,
        screen_lock: ScreenLock | None = None,
        full_screen: FullScreenProbe = cannot_tell_full_screen,
        parent: QObject | None = None,
    ) -> None:
        """wall: the wall clock; notifier: the desktop's notification service, if any;
        screen_lock, full_screen: what holds a reminder back besides a session (None, or a
        probe answering None: that cannot be told here). Nothing is reminded until
        configure_reminders()."""
        super().__init__(parent)
        self._window = window
        self._driver = driver
        self._settings = settings
        self._library = library
        self._history = history
        self._sessions = sessions
        self._wall = wall
        self._reminder_id: int | None = None  # the last reminder shown, until acted on
        self._reminder_on_screen = False  # the tray's last message was a reminder
        self._configured = False  # the checker has had the saved state
        self._reminded: str | None = None  # the routine of the last reminder shown
        self.screen_lock = screen_lock
        self.full_screen = full_screen
        self.checker = ReminderChecker(self.held_back, wall, self)
        # what held a reminder back has ended: the held one comes now, not at the next wake-up
        driver.session_ended.connect(self.check_now)
        if isinstance(screen_lock, ScreenLockWatcher):
            screen_lock.setParent(self)
            screen_lock.changed.connect(self.check_now)
        if icon.isNull():  # a tray icon must show something, or Qt warns and shows nothing
            icon = window.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
        self.tray: Tray | None = Tray(icon, self) if tray_available else None
        self.notifier = notifier
        if notifier is not None:
            notifier.setParent(self)
            notifier.action_invoked.connect(self._on_notifier_action_invoked)
        self._notified_reminder = False  # the notification on screen is a reminder
        self.checker.reminder_due.connect(self._on_checker_reminder_due)
        self.checker.state_changed.connect(self._on_checker_state_changed)
        if self.tray is not None:
            t = self.tray
            t.start_requested.connect(self.start_daily)
            t.message_clicked.connect(self._on_tray_message_clicked)
            t.cramp_requested.connect(self._on_tray_cramp_requested)
            t.snooze_requested.connect(self.snooze)
            t.pause_requested.connect(self.pause_reminders_today)
            t.pause_for_requested.connect(self.pause_reminders_for)
            t.open_requested.connect(window.bring_forward)
        window.hidden_to_tray.connect(self._on_window_hidden_to_tray)
        settings.applied.connect(self._on_settings_applied)
        settings.pause_reminders_requested.connect(self._on_settings_pause_reminders_requested)

    def held_back(self) -> bool:
        """Whether a reminder must wait now: a session runs, the screen is locked, or
        another window is full screen (the last two where the desktop can tell)."""
        locked = self.screen_lock is not None and self.screen_lock.locked()
        return self._driver.running() or locked or bool(self.full_screen())

    @Slot()
    @Slot(bool)
    def check_now(self, *_: object) -> None:
        """Check at once: what held a reminder back has ended (a session, the lock)."""
        if self._configured:
            self.checker.check()

    def daily_routine(self) -> Routine | None:
        """The routine the tray starts: the chosen one, else the first daily one with times."""
        chosen = reminder_settings(self._settings.current).routine
        routines = self._library.content.routines
        if chosen is not None and chosen in routines:
            return routines[chosen]
        daily = [r for r in routines.values() if r.category is Category.DAILY]
        daily.sort(key=lambda r: (not r.schedule, r.user, r.id))
        return daily[0] if daily else None

    def daily_routines(self) -> list[Routine]:
        """Every daily routine of the library, the tray's own first."""
        first = self.daily_routine()
        daily = [r for r in self._library.content.routines.values() if r.category is Category.DAILY]
        return sorted(daily, key=lambda r: (r is not first, r.title.lower(), r.id))

    def configure_reminders(self) -> None:
        """Give the checker every daily routine's times: the settings', else its file's."""
        chosen = reminder_settings(self._settings.current)
        daily = self.daily_routine()
        times = chosen.active_schedules(
            {r.id: r.schedule for r in self.daily_routines()},
            daily.id if daily is not None else None,
        )
        # the saved state at start; later the checker's own, which is newer
        state = self.checker.state if self._configured else reminder_state(self._settings.current)
        self._configured = True
        self.checker.configure(times, state)
        self._update_tray()

    def channel(self) -> str:
        """How a reminder reaches the user now, in words (for --self-test)."""
        if self.notifier is not None:
            return f"desktop notifications ({self.notifier.server()})"
        if self.tray is not None:
            return "tray messages"
        return "notices in the window (no notification service, no tray)"

    def can_run_hidden(self) -> bool:
        """Whether a reminder can reach the user with the window closed."""
        return self.tray is not None or self.notifier is not None

    def keeps_running(self) -> bool:
        """Whether closing the window should leave the program running to remind."""
        return (
            self.can_run_hidden()
            and reminder_settings(self._settings.current).enabled
            and bool(self.checker.times)
        )

    def show(self) -> None:
        """Show the tray icon, if there is a tray."""
        if self.tray is not None:
            self.tray.show()

    def stop(self) -> None:
        """No more reminders; the tray icon and the connection to the notifications go."""
        self.checker.stop()
        if isinstance(self.screen_lock, ScreenLockWatcher):
            self.screen_lock.close()
        if self.tray is not None:
            self.tray.hide()
        if self.notifier is not None:
            self.notifier.close()

    @Slot()
    def start_daily(self) -> bool:
        """Start the daily routine (the tray); False when there is none."""
        return self._start(self.daily_routine())

    def start_reminded(self) -> bool:
        """Start the routine the last reminder named (a click on it); False when it is gone."""
        routines = self._library.content.routines
        reminded = routines.get(self._reminded) if self._reminded is not None else None
        return self._start(reminded if reminded is not None else self.daily_routine())

    def _start(self, daily: Routine | None) -> bool:
        self._window.bring_forward()
        if daily is None:
            self._window.add_notice("No daily routine is loaded.")
            return False
        self._acted("started")
        started: bool = self._sessions.start_routine(daily.id)
        return started

    @Slot()
    def snooze(self, minutes: int | None = None) -> None:
        """Remind again after ``minutes`` (None: the chosen snooze length)."""
        if minutes is None:
            minutes = reminder_settings(self._settings.current).snooze_minutes
        self.checker.snooze(minutes, self._reminded)
        self._acted("snoozed")

    @Slot()
    def pause_reminders_today(self) -> None:
        """No more reminders today."""
        self.checker.pause_today()
        self._acted("paused")

    @Slot(int)
    def pause_reminders_for(self, hours: int) -> None:
        """No reminders for ``hours`` hours."""
        self.checker.pause_for(hours)
        self._acted("paused")

    def _update_tray(self) -> None:
        if self.tray is None:
            return
        chosen = reminder_settings(self._settings.current)
        self.tray.set_snooze_minutes(chosen.snooze_minutes)
        self.tray.set_reminders(
            bool(self.checker.times), paused=self.checker.paused(), snoozable=True
        )
        self.tray.start_action.setEnabled(self.daily_routine() is not None)

    def _acted(self, action: str) -> None:
        reminder_id, self._reminder_id = self._reminder_id, None
        store = self._history.store() if reminder_id is not None else None
        if store is None or reminder_id is None:
            return
        from stretchapp.history import HistoryError, ReminderAction  # noqa: PLC0415

        try:
            store.reminder_acted(reminder_id, ReminderAction(action), self._wall())
        except HistoryError as error:
            self._window.add_notice(str(error))

    @Slot(object)
    def _on_checker_reminder_due(self, reminder: Reminder) -> None:
        routines = self._library.content.routines
        named = routines.get(reminder.routine) if reminder.routine is not None else None
        daily = named if named is not None else self.daily_routine()
        self._reminded = daily.id if daily is not None else None
        text = reminder_text(reminder, daily.title if daily is not None else "your daily routine")
        store = self._history.store()
        if store is not None:
            from stretchapp.history import HistoryError  # noqa: PLC0415

            try:
                self._reminder_id = store.reminder_shown(
                    reminder.due, self._wall(), late=reminder.late
                )
            except HistoryError:
                self._reminder_id = None  # a reminder still shows when the history fails
        if self._notify(
            text, reminder_actions(reminder_settings(self._settings.current).snooze_minutes)
        ):
            self._notified_reminder = True
        elif self.tray is not None:
            self._reminder_on_screen = True
            self.tray.notify("stretchapp", text)
        else:
            self._window.add_notice(text)
            if not self._window.isVisible():  # started with --background: the only way left
                self._window.bring_forward()

    def _notify(self, text: str, actions: list[tuple[str, str]]) -> bool:
        """A desktop notification; False (and no more tries) when the service fails."""
        if self.notifier is None:
            return False
        try:
            self.notifier.notify("stretchapp", text, actions)
        except NotificationError as error:
            # the service went away: the tray or the window from now on
            self.notifier.close()
            self.notifier = None
            self._window.add_notice(f"Desktop notifications stopped working: {error}")
            return False
        return True

    @Slot(str)
    def _on_notifier_action_invoked(self, key: str) -> None:
        reminder, self._notified_reminder = self._notified_reminder, False
        if not reminder:
            self._window.bring_forward()  # the note about running in the background
        elif key in (DEFAULT_ACTION, START):
            self.start_reminded()
        elif key == SKIP_TODAY:
            self.pause_reminders_today()
        elif (minutes := _numbered(key, "snooze-")) is not None:
            self.snooze(minutes)
        elif (hours := _numbered(key, "pause-")) is not None:
            self.pause_reminders_for(hours)

    @Slot(object)
    def _on_checker_state_changed(self, state: ReminderState) -> None:
        self._settings.remember(reminder_state=state.to_json())
        self._update_tray()

    @Slot()
    def _on_tray_message_clicked(self) -> None:
        if self._reminder_on_screen:
            self._reminder_on_screen = False
            self.start_reminded()
        else:
            self._window.bring_forward()

    @Slot()
    def _on_tray_cramp_requested(self) -> None:
        self._window.bring_forward()
        self._window.show_cramp()

    @Slot()
    def _on_window_hidden_to_tray(self) -> None:
        if self._driver.running():
            self._driver.stop()  # closing the window ends a session, as it always did
        self._window.show_library()
        self._settings.remember(reminder_state=self.checker.state.to_json())
        if self._settings.current.tray_told:
            return
        if self.tray is not None:
            self._reminder_on_screen = False
            self.tray.notify("stretchapp is still running", TRAY_TOLD)
            self._settings.remember(tray_told=True)
        elif self._notify(BACKGROUND_TOLD, [(DEFAULT_ACTION, "Open")]):
            self._notified_reminder = False
            self._settings.remember(tray_told=True)

    @Slot(int)
    def _on_settings_pause_reminders_requested(self, hours: int) -> None:
        if hours:
            self.pause_reminders_for(hours)
        else:
            self.pause_reminders_today()

    @Slot(object, object)
    def _on_settings_applied(self, old: Settings, new: Settings) -> None:
        if new.reminders != old.reminders:
            self.configure_reminders()
