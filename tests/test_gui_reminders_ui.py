"""The reminder checker: its one single-shot timer sleeps until the next check."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from stretchapp.core.reminders import Reminder, ReminderState, ReminderTime
from stretchapp.gui.reminders_ui import AWAKE_CHECK, ReminderChecker, local_now

ZONE = ZoneInfo("Europe/London")
TIMES = (ReminderTime(dt.time(9)), ReminderTime(dt.time(14)))


class Wall:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def at(hour: int, minute: int = 0, day: int = 24, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=ZONE)


def make(
    qtbot: QtBot, start: dt.datetime, running: list[bool] | None = None
) -> tuple[ReminderChecker, Wall, list[Reminder]]:
    del qtbot
    wall = Wall(start)
    flag = running if running is not None else [False]
    checker = ReminderChecker(lambda: flag[0], wall)
    shown: list[Reminder] = []
    checker.reminder_due.connect(shown.append)
    checker.configure(TIMES, ReminderState())
    return checker, wall, shown


def fire(checker: ReminderChecker, wall: Wall) -> None:
    """What the timer does: the wall clock reaches its deadline and it checks."""
    assert checker.timer.isActive()
    assert checker.due_at is not None
    wall.now = checker.due_at
    checker.check()


def test_the_timer_sleeps_until_the_next_check(qtbot: QtBot) -> None:
    checker, wall, shown = make(qtbot, at(8, 59).replace(second=30))
    assert checker.timer.isSingleShot()
    assert checker.due_at == at(9)
    assert checker.timer.interval() == 30_000
    fire(checker, wall)
    assert [r.due for r in shown] == [at(9)]
    assert not shown[0].late
    assert checker.due_at == at(9) + AWAKE_CHECK
    checker.stop()
    assert not checker.timer.isActive()


def test_a_day_of_checks_gives_each_reminder_once(qtbot: QtBot) -> None:
    checker, wall, shown = make(qtbot, at(0, 0))
    while wall.now < at(23, 59):
        fire(checker, wall)
    assert [r.due for r in shown] == [at(9), at(14)]
    checker.stop()


def test_a_sleep_gives_one_late_reminder(qtbot: QtBot) -> None:
    checker, wall, shown = make(qtbot, at(8, 0))
    wall.now = at(15, 30)  # the lid was shut: the timer never fired
    fire_now = checker.check
    fire_now()
    assert len(shown) == 1
    assert shown[0].late
    assert shown[0].missed == 1
    fire(checker, wall)
    assert len(shown) == 1
    checker.stop()


def test_none_while_a_session_runs_then_the_held_one_once(qtbot: QtBot) -> None:
    running = [True]
    checker, wall, shown = make(qtbot, at(8, 59), running)
    saved: list[ReminderState] = []
    checker.state_changed.connect(saved.append)
    fire(checker, wall)
    assert shown == []
    assert saved[-1].held == Reminder(at(9), late=False)  # kept, so a restart keeps it too
    wall.now = at(9, 20)
    checker.check()
    assert shown == []
    running[0] = False  # the session ended: its owner checks at once
    checker.check()
    assert shown == [Reminder(at(9), late=True)]
    while wall.now < at(13, 0):
        fire(checker, wall)
    assert len(shown) == 1
    checker.stop()


def test_pause_for_hours_is_saved_and_honoured(qtbot: QtBot) -> None:
    checker, wall, shown = make(qtbot, at(8, 30))
    checker.pause_for(2)
    assert checker.paused()
    assert checker.state.paused_until == at(10, 30)
    assert checker.due_at is not None
    while wall.now < at(14, 0):
        fire(checker, wall)
    assert [r.due for r in shown] == [at(14)]  # 09:00 fell in the pause
    assert not checker.paused()
    checker.stop()


def test_snooze_and_pause_are_saved(qtbot: QtBot) -> None:
    checker, wall, shown = make(qtbot, at(8, 59))
    saved: list[ReminderState] = []
    checker.state_changed.connect(saved.append)
    fire(checker, wall)
    checker.snooze(10)
    assert saved[-1].snoozed_until == at(9, 10)
    while wall.now < at(9, 10):
        fire(checker, wall)
    assert len(shown) == 2
    assert shown[1].snoozed
    checker.pause_today()
    assert checker.paused()
    while wall.now < at(20):
        fire(checker, wall)
    assert len(shown) == 2
    checker.stop()


def test_no_times_no_timer(qtbot: QtBot) -> None:
    checker, _, _ = make(qtbot, at(8))
    checker.configure((), ReminderState())
    assert not checker.timer.isActive()
    assert checker.due_at is None


def test_local_now_is_aware() -> None:
    assert local_now().utcoffset() is not None
