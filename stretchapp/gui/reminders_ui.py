"""The Qt side of reminders: one single-shot timer that sleeps until the next check is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from stretchapp.core.reminders import ONE_ROUTINE, Reminder, ReminderState, ReminderTime, Schedules
from stretchapp.gui.qt_values import PRECISE_TIMER, set_property

# Qt's timers do not count time asleep: waking up at most this often catches a
# reminder missed during a suspend soon after the machine wakes.
AWAKE_CHECK = dt.timedelta(minutes=1)


def local_now() -> dt.datetime:
    """The wall clock, aware, in the system's zone."""
    return dt.datetime.now().astimezone()


class ReminderChecker(QObject):
    """Asks ReminderState.check at each planned wake-up and says when a reminder is due.

    Not the session timer: this one never drives a session, it only wakes for reminders.
    ``held_back`` says whether a reminder must wait now (a session, a locked screen, a
    full-screen window); whoever ends that calls check() so the held one comes at once.
    """

    reminder_due = Signal(object)  # a Reminder
    state_changed = Signal(object)  # a ReminderState worth saving (a reminder, snooze, pause)

    def __init__(
        self,
        held_back: Callable[[], bool],
        wall: Callable[[], dt.datetime] = local_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._held_back = held_back
        self.wall = wall
        self.times: Schedules = {}  # every reminding routine's times, by id
        self.state = ReminderState()
        self.due_at: dt.datetime | None = None  # the next planned check
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        set_property(self.timer, "timerType", PRECISE_TIMER)  # Qt.TimerType: see qt_values
        self.timer.timeout.connect(self._on_timer_timeout)
        self.checks = 0

    def configure(self, times: Sequence[ReminderTime] | Schedules, state: ReminderState) -> None:
        """New times (one routine's, or every routine's by id; none: reminders off) and the
        saved state; checks at once."""
        given = times if isinstance(times, Mapping) else {ONE_ROUTINE: times}
        self.times = {routine: tuple(own) for routine, own in given.items() if own}
        self.state = state
        self.check()

    def check(self) -> Reminder | None:
        """Deal with what is due now (at most one reminder), then plan the next check."""
        self.checks += 1
        now = self.wall()
        if not self.times:
            # reminders off: a pause stays, nothing else is owed
            self.state = replace(
                ReminderState(checked=now),
                paused_day=self.state.paused_day,
                paused_until=self.state.paused_until,
            )
            self.stop()
            return None
        before = self.state
        self.state, reminder = self.state.check(self.times, now, held_back=self._held_back())
        if reminder is not None or self.state.held != before.held:
            self.state_changed.emit(self.state)  # a held one is saved: it survives a restart
        if reminder is not None:
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

    def snooze(self, minutes: int, routine: str | None = None) -> None:
        """Remind of ``routine`` again in ``minutes``."""
        self._change(lambda state, now: state.snooze(now, minutes, routine))

    def pause_today(self) -> None:
        """No more reminders today."""
        self._change(lambda state, now: state.pause_today(now))

    def pause_for(self, hours: int) -> None:
        """No reminders for ``hours`` hours."""
        self._change(lambda state, now: state.pause_for(now, hours))

    def _change(self, how: Callable[[ReminderState, dt.datetime], ReminderState]) -> None:
        now = self.wall()
        self.state = how(self.state, now)
        self.state_changed.emit(self.state)
        if self.times:
            self._plan(now)

    def paused(self) -> bool:
        """Whether reminders are paused now (for today or for some hours)."""
        return self.state.paused(self.wall())

    def stop(self) -> None:
        """No more checks until configured again."""
        self.timer.stop()
        self.due_at = None

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.check()
