"""The tray icon and its menu: start the daily routine, Cramp!, snooze, pause (for an hour,
two, or the rest of today), open, quit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from stretchapp.core.reminders import PAUSE_HOURS

MESSAGE_MS = 15000  # how long a reminder stays on screen where the desktop lets us choose


class Tray(QObject):
    """A tray icon; its actions say what the user asked, the controllers decide."""

    start_requested = Signal()
    cramp_requested = Signal()
    snooze_requested = Signal()
    pause_requested = Signal()  # for the rest of today
    pause_for_requested = Signal(int)  # hours
    open_requested = Signal()
    quit_requested = Signal()
    message_clicked = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.start_action = self._action("Start daily routine", self.start_requested)
        self.cramp_action = self._action("Cramp!", self.cramp_requested)
        self.menu.addSeparator()
        self.snooze_action = self._action("Snooze 10 min", self.snooze_requested)
        self.pause_action = self._action("Pause reminders today", self.pause_requested)
        self.pause_hour_actions = [self._pause_for_action(hours) for hours in PAUSE_HOURS]
        self.menu.addSeparator()
        self.open_action = self._action("Open", self.open_requested)
        self.quit_action = self._action("Quit", self.quit_requested)
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip("stretchapp")
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_icon_activated)
        self.icon.messageClicked.connect(self.message_clicked.emit)
        self.shown = False

    def _action(self, text: str, signal: SignalInstance) -> QAction:
        action = QAction(text, self.menu)
        action.triggered.connect(signal.emit)
        self.menu.addAction(action)
        return action

    def _pause_for_action(self, hours: int) -> QAction:
        action = QAction(f"Pause reminders {hours} hour{'s' if hours > 1 else ''}", self.menu)
        action.triggered.connect(lambda: self.pause_for_requested.emit(hours))
        self.menu.addAction(action)
        return action

    def set_snooze_minutes(self, minutes: int) -> None:
        """The snooze item says how long it snoozes."""
        self.snooze_action.setText(f"Snooze {minutes} min")

    def set_reminders(self, on: bool, *, paused: bool, snoozable: bool) -> None:
        """Grey out what makes no sense now."""
        self.pause_action.setEnabled(on and not paused)
        for action in self.pause_hour_actions:
            action.setEnabled(on and not paused)
        self.snooze_action.setEnabled(on and snoozable)

    def show(self) -> None:
        """Put the icon in the tray (when there is one now: tests say there is when not)."""
        self.shown = True
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon.show()

    def hide(self) -> None:
        """Take the icon out of the tray."""
        self.shown = False
        self.icon.hide()

    def notify(self, title: str, text: str) -> None:
        """A desktop notification; clicking it gives message_clicked."""
        self.icon.showMessage(title, text, self.icon.icon(), MESSAGE_MS)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()
