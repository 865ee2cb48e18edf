"""Reminders as desktop notifications, against a real server (dunst on a private bus)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from notify_fixtures import Dunst
from pytestqt.qtbot import QtBot
from stubs import FakeClock, FakeSpeech

from stretchapp import resources
from stretchapp.core.reminders import ReminderSettings
from stretchapp.gui.app import build
from stretchapp.gui.autostart import APP_ID
from stretchapp.gui.controllers.reminders import BACKGROUND_TOLD, reminder_actions
from stretchapp.gui.notifications import DesktopNotifier
from stretchapp.gui.root import AppRoot
from stretchapp.settings import Settings, save_settings

ZONE = ZoneInfo("Europe/London")
WAIT_MS = 10000  # a real server on a loaded machine: generous, and only a ceiling


class FakeWall:
    """The wall clock: an aware datetime that moves only when told."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 24, hour, minute, tzinfo=ZONE)


def advance(app: AppRoot, wall: FakeWall, until: dt.datetime) -> int:
    """Move the wall clock, waking whenever the reminder timer would; the reminders due."""
    shown: list[object] = []
    app.reminders.checker.reminder_due.connect(shown.append)
    while app.reminders.checker.due_at is not None and app.reminders.checker.due_at <= until:
        wall.now = app.reminders.checker.due_at
        app.reminders.checker.check()
    wall.now = until
    app.reminders.checker.reminder_due.disconnect(shown.append)
    return len(shown)


Make = Callable[[dt.datetime], tuple[AppRoot, FakeWall]]


@pytest.fixture
def make(qtbot: QtBot, stretchapp_home: Path) -> Iterator[Make]:
    """The whole app with reminders on, no tray, and the real notification service."""
    made: list[AppRoot] = []

    def factory(start: dt.datetime) -> tuple[AppRoot, FakeWall]:
        settings = Settings(reminders=ReminderSettings(enabled=True).to_json())
        save_settings(settings, stretchapp_home / "settings.json")
        wall = FakeWall(start)
        app = build(
            argparse.Namespace(),
            clock=FakeClock(),
            settings_file=stretchapp_home / "settings.json",
            user=stretchapp_home / "routines",
            speech_factory=FakeSpeech,
            voices=lambda: [],
            wall=wall,
            tray_available=False,
        )
        qtbot.addWidget(app.window)
        made.append(app)
        return app, wall

    yield factory
    for app in made:
        app.quit()


def arrived(qtbot: QtBot, dunst: Dunst, count: int) -> dict[str, str]:
    """Wait until dunst has shown ``count`` notifications; the last."""
    qtbot.waitUntil(lambda: len(dunst.seen()) >= count, timeout=WAIT_MS)
    return dunst.seen()[-1]


def test_a_notification_arrives_with_title_body_icon_actions_and_replaces_the_last(
    qtbot: QtBot, dunst: Dunst
) -> None:
    icon = resources.assets_dir() / "icons" / "stretchapp.svg"
    notifier = DesktopNotifier.on_bus(app_icon=str(icon), desktop_entry=APP_ID)
    assert notifier is not None
    assert notifier.server().startswith("dunst ")
    assert "actions" in notifier.capabilities()
    first = notifier.notify("stretchapp", "Time for Daily wall lean.", reminder_actions(10))
    shown = arrived(qtbot, dunst, 1)
    assert shown["SUMMARY"] == "stretchapp"
    assert shown["BODY"] == "Time for Daily wall lean."
    assert shown["ICON_PATH"] == str(icon)
    assert shown["DESKTOP_ENTRY"] == APP_ID
    assert shown["APP_NAME"] == "stretchapp"
    assert int(shown["ID"]) == first
    second = notifier.notify("stretchapp", "Missed at 09:00", reminder_actions(10))
    assert second == first  # in place of the first, not a second one on the pile
    assert arrived(qtbot, dunst, 2)["BODY"] == "Missed at 09:00"
    assert dunst.ctl("count", "displayed").strip() == "1"
    with qtbot.waitSignal(notifier.action_invoked, timeout=WAIT_MS) as invoked:
        dunst.choose("Snooze 30 min")
    assert invoked.args == ["snooze-30"]
    offered = sorted(line.split(" (")[0] for line in dunst.menu())  # dunst's order is its own
    assert offered == sorted(
        [
            "#Start",
            "#Start",
            "#Snooze 10 min",
            "#Skip today",
            "#Snooze 5 min",
            "#Snooze 30 min",
            "#Pause reminders 1 h",
            "#Pause reminders 2 h",
        ]
    )
    notifier.close()


def test_no_service_no_notifier(stretchapp_home: Path) -> None:
    assert DesktopNotifier.on_bus() is None  # no bus at all (the private home has none)
    assert DesktopNotifier.on_bus(f"unix:path={stretchapp_home / 'no-bus'}") is None


def test_window_closed_no_tray_a_reminder_arrives_and_its_start_starts_the_routine(
    qtbot: QtBot, dunst: Dunst, make: Make
) -> None:
    app, wall = make(at(8, 50))
    assert app.reminders.tray is None
    assert app.reminders.channel().startswith("desktop notifications (dunst ")
    app.window.close()
    assert not app.window.isVisible()
    assert app.reminders.checker.timer.isActive()  # still running, reminders armed
    told = arrived(qtbot, dunst, 1)
    assert told["SUMMARY"] == "stretchapp"
    assert told["BODY"] == BACKGROUND_TOLD
    assert "stretchapp --quit" in BACKGROUND_TOLD
    assert app.settings.current.tray_told
    assert advance(app, wall, at(9)) == 1
    reminder = arrived(qtbot, dunst, 2)
    assert reminder["BODY"] == "Time for Daily wall lean. Click to start."
    dunst.choose("Start")
    qtbot.waitUntil(app.driver.running, timeout=WAIT_MS)
    assert app.window.isVisible()
    assert app.driver.session is not None
    assert app.driver.session.timeline.routine.id == "wall-lean-daily"


def test_snooze_through_the_server_brings_the_next_reminder_after_it(
    qtbot: QtBot, dunst: Dunst, make: Make
) -> None:
    app, wall = make(at(8, 59))
    assert advance(app, wall, at(9)) == 1
    arrived(qtbot, dunst, 1)
    snoozed: list[object] = []
    app.reminders.checker.state_changed.connect(snoozed.append)
    dunst.choose("Snooze 5 min")
    qtbot.waitUntil(lambda: bool(snoozed), timeout=WAIT_MS)
    assert app.reminders.checker.state.snoozed_until == at(9, 5)
    assert advance(app, wall, at(9, 4)) == 0
    assert advance(app, wall, at(9, 5)) == 1
    assert arrived(qtbot, dunst, 2)["BODY"] == "Time for Daily wall lean. Click to start."
    assert not app.driver.running()


def test_skip_today_through_the_server_pauses_until_tomorrow(
    qtbot: QtBot, dunst: Dunst, make: Make
) -> None:
    app, wall = make(at(8, 59))
    assert advance(app, wall, at(9)) == 1
    arrived(qtbot, dunst, 1)
    dunst.choose("Skip today")
    qtbot.waitUntil(app.reminders.checker.paused, timeout=WAIT_MS)
    assert advance(app, wall, at(23)) == 0


def test_without_a_service_or_tray_closing_the_window_ends_the_program(make: Make) -> None:
    app, _ = make(at(8))
    assert app.reminders.notifier is None
    assert app.reminders.channel() == "notices in the window (no notification service, no tray)"
    assert not app.reminders.keeps_running()
    closing: list[bool] = []
    app.window.closing.connect(lambda: closing.append(True))
    app.window.close()
    assert closing == [True]
    assert not app.reminders.checker.timer.isActive()
