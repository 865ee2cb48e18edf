"""The Qt side of reminders: one single-shot timer that sleeps until the next check is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from stretchapp.core.reminders import Reminder, ReminderState, ReminderTime

# Qt's timers do not count time asleep: waking up at most this often catches a
# reminder missed during a suspend soon after the machine wakes.
AWAKE_CHECK = dt.timedelta(minutes=1)


def local_now() -> dt.datetime:
    """The wall clock, aware, in the system's zone."""
    return dt.datetime.now().astimezone()


class ReminderChecker(QObject):
    """Asks ReminderState.check at each planned wake-up and says when a reminder is due.

    Not the session timer: this one never drives a session, it only wakes for reminders.
    """

    reminder_due = Signal(object)  # a Reminder
    state_changed = Signal(object)  # a ReminderState worth saving (a reminder, snooze, pause)

    def __init__(
        self,
        session_running: Callable[[], bool],
        wall: Callable[[], dt.datetime] = local_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session_running = session_running
        self.wall = wall
        self.times: tuple[ReminderTime, ...] = ()
        self.state = ReminderState()
        self.due_at: dt.datetime | None = None  # the next planned check
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.checks = 0

    def configure(self, times: Sequence[ReminderTime], state: ReminderState) -> None:
        """New times (none: reminders off) and the saved state; checks at once."""
        self.times = tuple(times)
        self.state = state
        self.check()

    def check(self) -> Reminder | None:
        """Deal with what is due now (at most one reminder), then plan the next check."""
        self.checks += 1
        now = self.wall()
        if not self.times:
            self.state = ReminderState(
                checked=now, snoozed_until=None, paused_day=self.state.paused_day
            )
            self.stop()
            return None
        self.state, reminder = self.state.check(
            self.times, now, session_running=self._session_running()
        )
        if reminder is not None:
            self.state_changed.emit(self.state)
            self.reminder_due.emit(reminder)
        self._plan(now)
        return reminder

    def _plan(self, now: dt.datetime) -> None:
        when = self.state.next_wakeup(self.times, now, limit=AWAKE_CHECK)
        if when is None:
            self.stop()
            return
        self.due_at = when
        ms = (when.astimezone(dt.UTC) - now.astimezone(dt.UTC)) // dt.timedelta(milliseconds=1)
        self.timer.start(max(0, min(ms, 2**31 - 1)))

    def snooze(self, minutes: int) -> None:
        """Remind again in ``minutes``."""
        now = self.wall()
        self.state = self.state.snooze(now, minutes)
        self.state_changed.emit(self.state)
        if self.times:
            self._plan(now)

    def pause_today(self) -> None:
        """No more reminders today."""
        now = self.wall()
        self.state = self.state.pause_today(now)
        self.state_changed.emit(self.state)
        if self.times:
            self._plan(now)

    def paused(self) -> bool:
        """Whether reminders are paused for today."""
        return self.state.paused(self.wall())

    def stop(self) -> None:
        """No more checks until configured again."""
        self.timer.stop()
        self.due_at = None

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.check()
