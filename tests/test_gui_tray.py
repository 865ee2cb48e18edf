"""The tray and reminders through AppRoot: menu actions, a day of reminders, close to tray."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from stubs import FakeClock, FakeSpeech

from stretchapp.core.reminders import ReminderSettings, ReminderTime
from stretchapp.gui.app import build
from stretchapp.gui.controllers.reminders import TRAY_TOLD
from stretchapp.gui.root import AppRoot
from stretchapp.gui.tray import Tray
from stretchapp.history import HistoryStore, ReminderAction
from stretchapp.settings import Settings, load_settings, reminder_settings, save_settings

ZONE = ZoneInfo("Europe/London")


class FakeWall:
    """The wall clock: an aware datetime that moves only when told."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Notes:
    """What the tray icon was asked to show."""

    def __init__(self, tray: Tray) -> None:
        self.shown: list[tuple[str, str]] = []
        tray.notify = lambda title, text: self.shown.append((title, text))  # type: ignore[method-assign]


Make = Callable[..., tuple[AppRoot, FakeWall, FakeClock]]


@pytest.fixture
def make(qtbot: QtBot, stretchapp_home: Path) -> Iterator[Make]:
    made: list[AppRoot] = []

    def factory(
        *, reminders: ReminderSettings | None = None, tray: bool = True, start: dt.datetime
    ) -> tuple[AppRoot, FakeWall, FakeClock]:
        settings = Settings(reminders=None if reminders is None else reminders.to_json())
        save_settings(settings, stretchapp_home / "settings.json")
        wall = FakeWall(start)
        clock = FakeClock()
        app = build(
            argparse.Namespace(),
            clock=clock,
            settings_file=stretchapp_home / "settings.json",
            user=stretchapp_home / "routines",
            speech_factory=FakeSpeech,
            voices=lambda: [],
            wall=wall,
            tray_available=tray,
        )
        qtbot.addWidget(app.window)
        made.append(app)
        return app, wall, clock

    yield factory
    for app in made:
        app.quit()
        timers = [app.driver.timer, app.reminders.checker.timer, *app.window.findChildren(QTimer)]
        assert not [t for t in timers if t.isActive()]


def at(hour: int, minute: int = 0, day: int = 24) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE)


def advance(app: AppRoot, wall: FakeWall, until: dt.datetime) -> int:
    """Move the wall clock, waking whenever the reminder timer would; the reminders shown."""
    shown: list[object] = []
    app.reminders.checker.reminder_due.connect(shown.append)
    while app.reminders.checker.due_at is not None and app.reminders.checker.due_at <= until:
        wall.now = app.reminders.checker.due_at
        app.reminders.checker.check()
    wall.now = until
    app.reminders.checker.reminder_due.disconnect(shown.append)
    return len(shown)


ON = ReminderSettings(enabled=True)


def test_tray_menu_has_the_actions_and_they_work(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(8))
    tray = app.reminders.tray
    assert tray is not None
    assert not app.window.windowIcon().isNull()
    assert tray.icon.icon().cacheKey() == app.window.windowIcon().cacheKey()
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == [
        "Start daily routine",
        "Cramp!",
        "Snooze 10 min",
        "Pause reminders today",
        "Pause reminders 1 hour",
        "Pause reminders 2 hours",
        "Open",
        "Quit",
    ]
    tray.start_action.trigger()
    assert app.driver.running()
    assert app.driver.session is not None
    assert app.driver.session.timeline.routine.id == "wall-lean-daily"
    app.driver.stop()
    app.window.hide()
    tray.cramp_action.trigger()
    assert app.window.isVisible()
    assert app.window.pages.currentWidget() is app.window.cramp
    app.window.hide()
    tray.open_action.trigger()
    assert app.window.isVisible()
    tray.pause_action.trigger()
    assert app.reminders.checker.paused()
    assert not tray.pause_action.isEnabled()
    assert load_settings(app.settings.path).settings.reminder_state is not None
    assert advance(app, wall, at(23)) == 0  # paused today
    assert advance(app, wall, at(9, 1, day=25)) == 1  # and back tomorrow
    quitting: list[bool] = []
    app.quitting.connect(lambda: quitting.append(True))
    tray.quit_action.trigger()
    assert quitting == [True]
    assert not app.window.isVisible()
    assert not app.reminders.checker.timer.isActive()


def test_reminders_fire_at_each_time_across_a_day(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(7))
    assert app.reminders.tray is not None
    notes = Notes(app.reminders.tray)
    assert app.reminders.checker.timer.isActive()
    assert advance(app, wall, at(8, 59)) == 0
    assert advance(app, wall, at(9, 0)) == 1
    assert notes.shown[-1][1] == "Time for Daily wall lean. Click to start."
    assert advance(app, wall, at(13, 59)) == 0
    assert advance(app, wall, at(23, 0)) == 2  # 14:00 and 21:00
    assert len(notes.shown) == 3
    with HistoryStore() as store:
        assert [r.due for r in store.reminders()] == [at(21), at(14), at(9)]


def test_after_a_sleep_one_reminder_not_a_burst(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(8))
    assert app.reminders.tray is not None
    notes = Notes(app.reminders.tray)
    # asleep from 08:00 to 22:00: Qt's timer did not run, the wall clock jumped
    wall.now = at(22)
    app.reminders.checker.check()
    assert len(notes.shown) == 1
    assert "Missed at 21:00 (3 reminders)" in notes.shown[0][1]
    app.reminders.checker.check()
    assert len(notes.shown) == 1
    with HistoryStore() as store:
        (shown,) = store.reminders()
    assert shown.late


def test_no_reminder_while_a_session_runs(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(8, 58))
    assert app.reminders.tray is not None
    notes = Notes(app.reminders.tray)
    app.start_routine("wall-lean-daily")
    assert advance(app, wall, at(9, 5)) == 0
    assert notes.shown == []
    app.driver.stop()  # the one held back comes at once, and only once (issue 14)
    assert len(notes.shown) == 1
    assert "Missed at 09:00: Daily wall lean" in notes.shown[0][1]
    assert advance(app, wall, at(13, 0)) == 0
    assert advance(app, wall, at(14, 0)) == 1
    assert len(notes.shown) == 2


def test_clicking_the_reminder_starts_the_routine_and_is_recorded(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(8, 59))
    assert app.reminders.tray is not None
    Notes(app.reminders.tray)
    assert advance(app, wall, at(9)) == 1
    app.reminders.tray.icon.messageClicked.emit()
    assert app.driver.running()
    app.driver.stop()
    assert advance(app, wall, at(14)) == 1
    app.reminders.tray.snooze_action.trigger()
    assert advance(app, wall, at(14, 9)) == 0
    assert advance(app, wall, at(14, 10)) == 1
    with HistoryStore() as store:
        actions = [r.action for r in store.reminders()]
    assert actions == [None, ReminderAction.SNOOZED, ReminderAction.STARTED]


def test_closing_keeps_the_program_in_the_tray_with_reminders_on(make: Make) -> None:
    app, _, _ = make(reminders=ON, start=at(8))
    assert app.reminders.tray is not None
    notes = Notes(app.reminders.tray)
    app.start_routine("wall-lean-daily")
    app.window.close()
    assert not app.window.isVisible()
    assert not app.driver.running()  # closing still ends the session
    assert app.reminders.checker.timer.isActive()  # but the reminders go on
    assert notes.shown == [("stretchapp is still running", TRAY_TOLD)]
    app.reminders.tray.icon.messageClicked.emit()  # that message opens the window, starts nothing
    assert app.window.isVisible()
    assert not app.driver.running()
    app.window.hide()
    app.reminders.tray.open_action.trigger()
    app.window.close()
    assert len(notes.shown) == 1  # said the first time only
    assert load_settings(app.settings.path).settings.tray_told


def test_closing_quits_without_a_tray_or_with_reminders_off(make: Make) -> None:
    app, _, _ = make(reminders=ON, tray=False, start=at(8))
    assert app.reminders.tray is None
    app.window.close()
    assert not app.reminders.checker.timer.isActive()
    other, _, _ = make(reminders=None, tray=True, start=at(8))
    other.window.close()
    assert not other.reminders.checker.timer.isActive()
    assert other.reminders.tray is not None
    assert not other.reminders.tray.shown


def test_without_a_tray_a_reminder_is_a_notice(make: Make) -> None:
    app, wall, _ = make(reminders=ON, tray=False, start=at(8, 59))
    assert advance(app, wall, at(9)) == 1
    assert any("Time for Daily wall lean" in n for n in app.window.notices)


def test_reminder_settings_in_the_dialog_are_saved_and_used(make: Make) -> None:
    app, wall, _ = make(reminders=None, start=at(8))
    assert not app.reminders.checker.timer.isActive()
    dialog = app.settings.settings_dialog()
    assert dialog.times.text() == "09:00, 14:00, 21:00"
    assert not dialog.reminders_on.isChecked()
    dialog.reminders_on.setChecked(True)
    dialog.times.setText("10:30 25:00")
    assert not dialog.ok_button.isEnabled()
    dialog.times.setText("10:30, 18:00")
    assert dialog.ok_button.isEnabled()
    dialog.days[6].setChecked(False)  # not on Sundays
    dialog.snooze.setValue(5)
    app.settings.apply_settings(dialog.settings())
    dialog.deleteLater()
    saved = load_settings(app.settings.path).settings
    chosen, problems = ReminderSettings.from_json(saved.reminders or {})
    assert not problems
    assert chosen.enabled
    assert chosen.snooze_minutes == 5
    own = chosen.schedules["wall-lean-daily"]  # each daily routine its own (issue 14)
    assert [f"{t.at:%H:%M}" for t in own] == ["10:30", "18:00"]
    assert app.reminders.tray is not None
    assert app.reminders.tray.snooze_action.text() == "Snooze 5 min"
    assert advance(app, wall, at(23)) == 2
    assert advance(app, wall, at(23, day=28)) == 8  # Wednesday to Saturday
    assert advance(app, wall, at(23, day=29)) == 0  # 29 November 2026 is a Sunday
    assert advance(app, wall, at(11, day=30)) == 1


def test_ctrl_q_quits_even_with_the_tray(make: Make, qtbot: QtBot) -> None:
    app, _, _ = make(reminders=ON, start=at(8))
    qtbot.waitUntil(app.window.isActiveWindow)
    with qtbot.waitSignal(app.quitting):
        QTest.keyClick(app.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not app.window.isVisible()
    assert not app.reminders.checker.timer.isActive()
    saved = load_settings(app.settings.path).settings
    assert saved.reminder_state is not None
    assert saved.reminder_state["checked"] == at(8).isoformat()


def test_a_dialog_opened_before_a_reminder_does_not_bring_it_back(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(8, 59))
    dialog = app.settings.settings_dialog()  # holds the settings of 08:59
    assert advance(app, wall, at(9, 1)) == 1
    dialog.snooze.setValue(15)
    app.settings.apply_settings(dialog.settings())
    dialog.deleteLater()
    assert app.reminders.checker.state.checked == at(9, 1)
    assert advance(app, wall, at(13)) == 0
    saved = load_settings(app.settings.path).settings
    assert saved.reminder_state is not None
    assert saved.reminder_state["checked"] != at(8, 59).isoformat()


class FakeLock:
    """The screen saver: locked or not, as the test says."""

    def __init__(self) -> None:
        self.is_locked = False

    def locked(self) -> bool:
        return self.is_locked


def test_each_daily_routine_reminds_at_its_own_times_and_starts_itself(make: Make) -> None:
    # Tuesday 24 November: the bundled wall lean at its file's times, the hold sequence
    # (whose file gives none) at 10:00 on weekdays
    own = {"hold-sequence": (ReminderTime(dt.time(10), frozenset(range(5))),)}
    app, wall, _ = make(reminders=ReminderSettings(schedules=own), start=at(8))
    assert app.reminders.tray is not None
    notes = Notes(app.reminders.tray)
    assert set(app.reminders.checker.times) == {"wall-lean-daily", "hold-sequence"}
    assert advance(app, wall, at(10)) == 2
    assert [text for _, text in notes.shown] == [
        "Time for Daily wall lean. Click to start.",
        "Time for 30-second hold sequence. Click to start.",
    ]
    app.reminders.tray.icon.messageClicked.emit()
    assert app.driver.session is not None
    assert app.driver.session.timeline.routine.id == "hold-sequence"
    app.driver.stop()
    # Saturday 28: no 10:00 for the weekday routine
    wall.now = at(8, day=28)
    app.reminders.checker.check()
    assert advance(app, wall, at(12, day=28)) == 1


def test_a_locked_screen_or_a_full_screen_window_holds_the_reminder_back(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(8, 58))
    assert app.reminders.tray is not None
    notes = Notes(app.reminders.tray)
    lock = FakeLock()
    app.reminders.screen_lock = lock
    lock.is_locked = True
    assert advance(app, wall, at(9, 30)) == 0
    lock.is_locked = False
    app.reminders.check_now()  # what the watcher's `changed` does
    assert [text for _, text in notes.shown] == [
        "Missed at 09:00: Daily wall lean. Click to start it now."
    ]
    full = [True]
    app.reminders.full_screen = lambda: full[0]
    assert advance(app, wall, at(14, 5)) == 0
    full[0] = False  # nothing tells of a window leaving full screen: the next wake-up finds it
    assert advance(app, wall, at(14, 7)) == 1
    assert len(notes.shown) == 2


def test_pause_from_the_tray_for_an_hour_or_two(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(8, 30))
    tray = app.reminders.tray
    assert tray is not None
    Notes(tray)
    tray.pause_hour_actions[0].trigger()
    assert app.reminders.checker.paused()
    assert not tray.pause_action.isEnabled()
    assert advance(app, wall, at(9, 29)) == 0
    assert advance(app, wall, at(14)) == 1
    assert tray.pause_hour_actions[1].isEnabled()
    tray.pause_hour_actions[1].trigger()
    assert app.reminders.checker.state.paused_until == at(16)
    with HistoryStore() as store:
        actions = [r.action for r in store.reminders()]
    assert actions == [ReminderAction.PAUSED]


def test_the_dialog_edits_each_daily_routines_times(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(8))
    dialog = app.settings.settings_dialog()
    titles = [dialog.reminder_routine.itemText(i) for i in range(dialog.reminder_routine.count())]
    assert titles == ["Daily wall lean", "30-second hold sequence"]  # the tray's own first
    assert dialog.times.text() == "09:00, 14:00, 21:00"
    dialog.reminder_routine.setCurrentIndex(1)
    assert dialog.times.text() == ""  # its file suggests no times
    dialog.times.setText("7:30 bad")
    assert not dialog.reminder_routine.isEnabled()  # a bad time is fixed before moving on
    dialog.times.setText("7:30")
    for day in (5, 6):
        dialog.days[day].setChecked(False)
    dialog.reminder_routine.setCurrentIndex(0)
    assert dialog.times.text() == "09:00, 14:00, 21:00"  # untouched: follows its file
    assert all(box.isChecked() for box in dialog.days)
    dialog.reminder_routine.setCurrentIndex(1)
    assert dialog.times.text() == "7:30"
    assert [box.isChecked() for box in dialog.days] == [True] * 5 + [False] * 2
    app.settings.apply_settings(dialog.settings())
    dialog.deleteLater()
    chosen = reminder_settings(load_settings(app.settings.path).settings)
    assert chosen.schedules == {
        "hold-sequence": (ReminderTime(dt.time(7, 30), frozenset(range(5))),)
    }
    assert advance(app, wall, at(9)) == 1  # the wall lean at its file's 09:00
    assert advance(app, wall, at(7, 30, day=25)) == 3  # 14:00, 21:00, then Wednesday 07:30


def test_pause_from_the_settings_dialog_acts_at_once(make: Make) -> None:
    app, wall, _ = make(reminders=ON, start=at(8, 30))
    dialog = app.settings.settings_dialog()
    names = [b.accessibleName() for b in dialog.pause_buttons]
    assert names == [
        "Pause reminders for 1 hour",
        "Pause reminders for 2 hours",
        "Pause reminders for the rest of today",
    ]
    dialog.pause_buttons[1].click()
    assert app.reminders.checker.state.paused_until == at(10, 30)
    assert not dialog.pause_widget.isEnabled()
    dialog.deleteLater()
    assert advance(app, wall, at(10, 29)) == 0
    other = app.settings.settings_dialog()
    other.pause_buttons[2].click()
    other.deleteLater()
    assert app.reminders.checker.paused()
    assert advance(app, wall, at(23)) == 0
    off, _, _ = make(reminders=None, start=at(8))
    assert not off.settings.settings_dialog().pause_widget.isEnabled()
