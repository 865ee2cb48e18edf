"""The history page on a real SQLite file: heat map, streaks, chart, list, CSV, the notice."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from stubs import FakeClock, FakeSpeech

from stretchapp.gui.app import build
from stretchapp.gui.history_view import (
    CHART_WEEKS,
    HEAT_WEEKS,
    ROOM_ROWS,
    HeatMap,
    HistoryView,
    WeekChart,
    clock_text,
    heat_level,
)
from stretchapp.gui.root import AppRoot
from stretchapp.gui.settings_dialog import SettingsDialog
from stretchapp.history import HistoryStore, WeekCounts, overview_text
from stretchapp.settings import Settings, load_settings, save_settings

ZONE = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 25, 20, 0, tzinfo=ZONE)  # a Wednesday
DAILY = "wall-lean-daily"


def at(day: int, hour: int = 9, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=ZONE)


def fill(path: Path, *, cramps: int) -> None:
    """Done on 18..25 November (a streak of 8), once on 1 November; cramps in the last days."""
    with HistoryStore(path) as store:
        for day in [1, *range(18, 26)]:
            start = at(day)
            store.record_session(
                DAILY,
                start,
                start + dt.timedelta(minutes=5),
                completed=True,
                steps_done=3,
                seconds=300.0,
            )
        start = at(20, 14)
        store.record_session(
            DAILY,
            start,
            start + dt.timedelta(minutes=1),
            completed=False,
            steps_done=0,
            seconds=60.0,
        )
        store.record_session(
            "after-workout", at(24, 18), at(24, 19), completed=True, steps_done=4, seconds=600.0
        )
        for i in range(cramps):
            store.record_cramp("calf" if i % 2 else "foot", at(25 - i, 3), seconds=90.0, pain=i)


Make = Callable[..., AppRoot]


@pytest.fixture
def make(qtbot: QtBot, stretchapp_home: Path) -> Iterator[Make]:
    made: list[AppRoot] = []

    def factory(settings: Settings | None = None) -> AppRoot:
        save_settings(settings or Settings(), stretchapp_home / "settings.json")
        app = build(
            argparse.Namespace(),
            clock=FakeClock(),
            settings_file=stretchapp_home / "settings.json",
            user=stretchapp_home / "routines",
            speech_factory=FakeSpeech,
            voices=lambda: [],
            wall=lambda: NOW,
            tray_available=False,
        )
        qtbot.addWidget(app.window)
        qtbot.waitUntil(app.window.isActiveWindow)  # shortcuts need the active window
        made.append(app)
        return app

    yield factory
    for app in made:
        app.window.close()


def test_the_page_shows_streaks_week_heat_map_and_chart(make: Make, stretchapp_home: Path) -> None:
    fill(stretchapp_home / "history.sqlite3", cramps=2)
    app = make()
    QTest.keyClick(app.window, Qt.Key.Key_H)
    view = app.window.history
    assert app.window.pages.currentWidget() is view
    assert view.streak_label.text() == "Streak: 8 days · longest 8"
    # Monday 23 to Wednesday 25: three daily sessions and the after-workout one
    assert view.week_label.text() == "This week: 4 sessions, 25 min, 2 cramps"
    heat = view.heat
    assert heat.today == NOW.date()
    assert heat.days[dt.date(2026, 11, 18)] == 1
    assert dt.date(2026, 11, 20) in heat.days  # the stopped one does not count, the done one does
    assert heat.days[dt.date(2026, 11, 20)] == 1
    assert dt.date(2026, 11, 24) in heat.days
    assert heat.first_day() == dt.date(2026, 11, 23) - dt.timedelta(weeks=HEAT_WEEKS - 1)
    assert len(view.chart.weeks) == CHART_WEEKS
    assert view.chart.weeks[-1].cramps == 2
    assert not view.notice.isVisible()
    rows = view.row_texts()
    assert rows[0][:2] == ["Wed 25 Nov 2026  09:00", "Daily wall lean"]  # titles, not ids
    assert "stopped" in [r[3] for r in rows]
    # the CLI says the same
    with HistoryStore() as store:
        text = overview_text(store.overview(NOW, routines=app.library.daily_ids()))
    assert "Streak: 8 days (longest 8 days)" in text
    assert "This week: 4 sessions, 25 min, 2 cramps" in text
    QTest.keyClick(app.window, Qt.Key.Key_Escape)
    assert app.window.pages.currentWidget() is app.window.library


def test_the_list_filters_by_kind_routine_and_muscle(make: Make, stretchapp_home: Path) -> None:
    fill(stretchapp_home / "history.sqlite3", cramps=3)
    app = make()
    assert app.history.show_history()
    view = app.window.history
    view.set_filter("sessions", "after-workout")
    assert [r[1] for r in view.row_texts()] == ["After-workout stretches"]
    view.set_filter("cramps")
    assert len(view.row_texts()) == 3
    view.set_filter("cramps", "foot")
    rows = view.row_texts()
    assert [r[1] for r in rows] == ["foot", "foot"]
    assert rows[0][2:4] == ["1:30", "0"]


def test_frequent_cramps_are_said_once(make: Make, stretchapp_home: Path) -> None:
    fill(stretchapp_home / "history.sqlite3", cramps=4)
    app = make()
    assert app.history.show_history()
    view = app.window.history
    assert not view.notice.isHidden()
    assert "4 cramps in the last 7 days" in view.notice_label.text()
    assert "doctor" in view.notice_label.text()
    assert load_settings(app.settings.path).settings.cramp_notice_shown
    view.notice_button.click()
    assert view.notice.isHidden()
    app.history.show_history()
    assert view.notice.isHidden()
    app.window.close()
    again = make(load_settings(app.settings.path).settings)
    again.history.show_history()
    assert again.window.history.notice.isHidden()


def test_the_threshold_is_a_setting(make: Make, stretchapp_home: Path) -> None:
    fill(stretchapp_home / "history.sqlite3", cramps=3)
    app = make(Settings(cramp_threshold=2))
    app.history.show_history()
    assert not app.window.history.notice.isHidden()
    other = make(Settings(cramp_threshold=3))
    other.history.show_history()
    assert other.window.history.notice.isHidden()


def test_the_threshold_is_said_to_be_the_programs_own_choice(
    make: Make, stretchapp_home: Path, qtbot: QtBot
) -> None:
    # seed 004 gives no number, only: "If leg cramps become more than an occasional issue"
    quoted = "“more than an occasional issue”"
    fill(stretchapp_home / "history.sqlite3", cramps=4)
    app = make()
    app.history.show_history()
    view = app.window.history
    assert view.threshold_note.isVisibleTo(view)
    for text in (view.threshold_note.text(), view.notice_label.text()):
        assert "own choice" in text
        assert quoted in text
    dialog = SettingsDialog(Settings(), [("en", "English", ["en"])])
    qtbot.addWidget(dialog)
    dialog.sections.setCurrentIndex(dialog.sections.count() - 1)  # reminders and diary
    assert dialog.threshold_note.isVisibleTo(dialog)
    assert "program's own choice" in dialog.threshold_note.text()
    assert quoted in dialog.threshold_note.text()


def test_export_and_import_through_the_page(
    make: Make,
    stretchapp_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    fill(stretchapp_home / "history.sqlite3", cramps=3)
    app = make()
    app.history.show_history()
    view = app.window.history
    out = tmp_path / "export"
    monkeypatch.setattr(view, "choose_export_folder", lambda: out)
    view.export_button.click()
    assert "Exported sessions.csv and cramps.csv" in view.status.text()
    assert len((out / "sessions.csv").read_text(encoding="utf-8").splitlines()) == 12
    # into an empty history elsewhere: everything comes in; again: nothing more
    app.window.close()
    (stretchapp_home / "history.sqlite3").unlink()
    for extra in stretchapp_home.glob("history.sqlite3-*"):
        extra.unlink()
    fresh = make()
    fresh.history.show_history()
    view = fresh.window.history
    assert view.row_texts() == []
    files = [out / "sessions.csv", out / "cramps.csv"]
    monkeypatch.setattr(view, "choose_import_files", lambda: files)
    view.import_button.click()
    qtbot.waitUntil(lambda: view.reading is None)  # read off the GUI thread
    assert view.status.text() == "Imported 11 sessions and 3 cramps."
    assert len(view.row_texts()) == 11  # the page was read again
    assert view.streak_label.text() == "Streak: 8 days · longest 8"
    view.import_button.click()
    qtbot.waitUntil(lambda: view.reading is None)  # read off the GUI thread
    assert view.status.text() == "Imported 0 sessions and 0 cramps (14 already there)."
    bad = tmp_path / "bad.csv"
    bad.write_text("muscle,started\ncalf,yesterday\n", encoding="utf-8")
    monkeypatch.setattr(view, "choose_import_files", lambda: [bad])
    view.import_button.click()
    qtbot.waitUntil(lambda: view.reading is None)  # read off the GUI thread
    assert view.status.text().startswith("Nothing was imported: ")
    assert "bad.csv:2:" in view.status.text()


def test_a_cramp_note_after_relief(make: Make) -> None:
    app = make()
    app.cramp("calf")
    note = app.window.cramp_note
    assert note.isHidden()
    app.driver.stop()
    assert not note.isHidden()
    note.pain.setValue(6)
    note.note.setText("after the stairs")
    note.save_button.click()
    assert note.isHidden()
    with HistoryStore() as store:
        (cramp,) = store.cramps()
    assert (cramp.pain, cramp.note) == (6, "after the stairs")
    app.cramp("foot")
    app.driver.stop()
    note.skip_button.click()
    with HistoryStore() as store:
        assert store.cramps()[0].pain is None


def test_painted_parts_paint(qtbot: QtBot) -> None:
    heat = HeatMap()
    chart = WeekChart()
    for w in (heat, chart):
        qtbot.addWidget(w)
    heat.set_days({NOW.date(): 2, dt.date(2026, 11, 1): 5}, NOW.date())
    monday = dt.date(2026, 11, 23)
    chart.set_weeks([WeekCounts(monday, 3, 15.0, 4)], monday)
    chart.resize(400, 150)
    assert not heat.grab().isNull()
    assert not chart.grab().isNull()
    assert heat.cell(NOW.date()).left() > heat.cell(dt.date(2026, 11, 1)).left()
    assert chart.bar(CHART_WEEKS - 1).height() > 0
    assert chart.bar(0).height() == 0
    assert [heat_level(n) for n in (0, 1, 2, 3, 9)] == [0, 1, 2, 3, 3]
    assert clock_text(None) == "-"
    assert clock_text(3723) == "1:02:03"


def test_an_empty_history_says_so(make: Make) -> None:
    app = make()
    assert app.history.show_history()
    view = app.window.history
    assert view.row_texts() == []
    assert view.streak_label.text() == "Streak: 0 days · longest 0"
    assert view.status.text().startswith("No sessions or cramps recorded yet")
    assert view.heat.days == {}


def test_history_is_reached_from_the_library_only(make: Make) -> None:
    app = make()
    w = app.window
    assert w.history_button.isVisible()
    w.history_button.click()
    assert w.pages.currentWidget() is w.history
    w.history.close_button.click()
    assert w.pages.currentWidget() is w.library
    app.start_routine("wall-lean-daily")
    assert not w.history_button.isVisible()
    QTest.keyClick(w, Qt.Key.Key_H)
    assert w.pages.currentWidget() is w.player


def test_routine_names_are_never_cut_short(make: Make, stretchapp_home: Path) -> None:
    fill(stretchapp_home / "history.sqlite3", cramps=1)
    app = make()
    app.window.resize(1366, 768)
    assert app.history.show_history()
    view = app.window.history
    view.set_filter("sessions")
    metrics = view.list.fontMetrics()
    longest = max(metrics.horizontalAdvance(r[1]) for r in view.row_texts())
    assert view.list.columnWidth(1) > longest
    assert view.list.columnWidth(0) > metrics.horizontalAdvance(view.row_texts()[0][0])


# the default window, a 1366×768 laptop (less the panel) and the window's smallest
SIZES = [(1180, 780), (1366, 768), (900, 680)]


def whole_rows(view: HistoryView) -> int:
    """How many rows of the list are shown whole, not cut by its bottom edge."""
    shown = view.list.viewport().rect()
    items = (view.list.topLevelItem(i) for i in range(view.list.topLevelItemCount()))
    return sum(1 for item in items if item and shown.contains(view.list.visualItemRect(item)))


def fill_month(path: Path) -> None:
    """A month of the daily routine twice a day, and cramps enough for the doctor notice."""
    fill(path, cramps=4)
    with HistoryStore(path) as store:
        for day in range(1, 18):
            start = at(day, 21)
            store.record_session(
                DAILY,
                start,
                start + dt.timedelta(minutes=5),
                completed=True,
                steps_done=3,
                seconds=300.0,
            )


@pytest.mark.parametrize("size", SIZES)
def test_the_list_keeps_its_rows_at_every_size(
    make: Make, stretchapp_home: Path, size: tuple[int, int]
) -> None:
    fill_month(stretchapp_home / "history.sqlite3")
    app = make()
    app.window.resize(*size)
    assert app.history.show_history()
    view = app.window.history
    QCoreApplication.processEvents()  # the resize and the notice laid out
    assert app.window.size().toTuple() == size
    assert not view.notice.isHidden()  # the busiest the page gets
    assert view.list.topLevelItemCount() > 2 * ROOM_ROWS
    assert whole_rows(view) >= ROOM_ROWS
    assert view.threshold_note.isVisibleTo(view)
    # the notice dismissed: the charts come back where they leave the list its rows
    view.notice_button.click()
    QCoreApplication.processEvents()
    assert whole_rows(view) >= ROOM_ROWS
    assert view.charts.isVisibleTo(view) == (size != (900, 680))
    assert view.charts_button.text() == (
        "Hide charts" if view.charts.isVisibleTo(view) else "Show charts"
    )


def test_the_charts_button_wins_over_the_room(make: Make, stretchapp_home: Path) -> None:
    fill_month(stretchapp_home / "history.sqlite3")
    app = make()
    app.window.resize(900, 680)
    assert app.history.show_history()
    view = app.window.history
    QCoreApplication.processEvents()
    assert view.charts.isHidden()
    view.charts_button.click()  # asked for: shown though the list has fewer rows
    QCoreApplication.processEvents()
    assert view.charts.isVisibleTo(view)
    assert whole_rows(view) < ROOM_ROWS
    assert view.charts_button.text() == "Hide charts"
    app.window.resize(1366, 768)
    QCoreApplication.processEvents()
    view.notice_button.click()
    QCoreApplication.processEvents()
    assert view.charts.isVisibleTo(view)
    view.charts_button.click()  # hidden now, though there would be room
    QCoreApplication.processEvents()
    assert view.charts.isHidden()
    assert view.charts_button.text() == "Show charts"
    assert view.charts_button.accessibleName() == "Show charts"
