"""The history page on a real SQLite file: how each session went, in words; delete and undo."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from stubs import FakeClock, FakeSpeech

from stretchapp.gui.app import build
from stretchapp.gui.controllers.history import UNDO
from stretchapp.gui.history_view import HistoryView, session_result
from stretchapp.gui.root import AppRoot
from stretchapp.history import HistoryStore, SessionRecord
from stretchapp.settings import Settings, save_settings

ZONE = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 25, 20, 0, tzinfo=ZONE)  # a Wednesday
DAILY = "wall-lean-daily"


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=ZONE)


def session(
    store: HistoryStore,
    started: dt.datetime,
    status: str,
    work: tuple[float, float] | None = None,
    *,
    routine: str = DAILY,
    end: bool = True,
) -> int:
    sid = store.start_session(routine, started)
    if end:
        store.end_session(
            sid,
            started + dt.timedelta(minutes=3),
            completed=status == "completed",
            steps_done=2,
            seconds=180.0,
            status=status,
            work=work,
        )
    return sid


def fill(path: Path) -> dict[str, int]:
    """One session of each result, newest first: a streak of 23..25 November of done days."""
    with HistoryStore(path) as store:
        ids = {
            "completed": session(store, at(25), "completed", (180.0, 0.0)),
            "partial": session(store, at(24, 14), "partial", (85.0, 95.0)),
            "skipped": session(store, at(24, 13), "skipped", (10.0, 170.0)),
            "stopped": session(store, at(24, 12), "stopped"),
            "unfinished": session(store, at(24, 11), "unfinished", end=False),
        }
        session(store, at(24), "completed", (180.0, 0.0))
        session(store, at(23), "completed", (180.0, 0.0))
        cramp = store.record_cramp("calf", at(25, 3), seconds=90.0, pain=4, note="at night")
        assert cramp is not None
        ids["cramp"] = cramp
    return ids


@pytest.fixture
def app(qtbot: QtBot, stretchapp_home: Path) -> Iterator[AppRoot]:
    save_settings(Settings(), stretchapp_home / "settings.json")
    made = build(
        argparse.Namespace(),
        clock=FakeClock(),
        settings_file=stretchapp_home / "settings.json",
        user=stretchapp_home / "routines",
        speech_factory=FakeSpeech,
        voices=lambda: [],
        wall=lambda: NOW,
        tray_available=False,
    )
    qtbot.addWidget(made.window)
    qtbot.waitUntil(made.window.isActiveWindow)  # shortcuts need the active window
    yield made
    made.window.close()


def sessions_on_file(home: Path) -> list[SessionRecord]:
    with HistoryStore(home / "history.sqlite3") as store:
        return store.sessions()


def shown(app: AppRoot) -> str | None:
    """The key of the notice the window shows now."""
    return app.window.notices.current_key


def select(view: HistoryView, row: int) -> None:
    view.select_row(row)
    view.list.setFocus()


def test_the_list_says_how_each_session_went_in_words(app: AppRoot, stretchapp_home: Path) -> None:
    fill(stretchapp_home / "history.sqlite3")
    assert app.history.show_history()
    view = app.window.history
    assert [r[3] for r in view.row_texts()[:5]] == [
        "completed",
        "partial, 1:25 of 3:00",
        "skipped",
        "stopped",
        "did not end",
    ]


def test_the_list_filters_by_result(app: AppRoot, stretchapp_home: Path) -> None:
    fill(stretchapp_home / "history.sqlite3")
    assert app.history.show_history()
    view = app.window.history
    assert view.result.isVisibleTo(view)
    view.set_filter("sessions", result="completed")
    assert [r[0][:6] for r in view.row_texts()] == ["Wed 25", "Tue 24", "Mon 23"]
    view.set_filter("sessions", DAILY, result="partial")
    assert [r[3] for r in view.row_texts()] == ["partial, 1:25 of 3:00"]
    view.set_filter("sessions", "after-workout", result="partial")
    assert view.row_texts() == []
    view.set_filter("cramps")
    assert not view.result.isVisibleTo(view)  # cramps have no result


def test_delete_then_undo_brings_the_same_row_back(app: AppRoot, stretchapp_home: Path) -> None:
    ids = fill(stretchapp_home / "history.sqlite3")
    before = sessions_on_file(stretchapp_home)
    assert app.history.show_history()
    view = app.window.history
    rows = view.row_texts()
    assert not view.delete_button.isEnabled()  # nothing selected yet
    select(view, 1)
    assert view.delete_button.isEnabled()
    QTest.keyClick(view.list, Qt.Key.Key_Delete)
    assert view.row_texts() == rows[:1] + rows[2:]  # the row went at once
    assert view.list.currentItem() is view.list.topLevelItem(1)  # the next one is selected
    assert ids["partial"] not in [s.id for s in sessions_on_file(stretchapp_home)]
    assert shown(app) == UNDO
    undo = app.history.undo_notice
    assert undo.label.text() == "Deleted the session “Daily wall lean” of Tue 24 Nov 2026 14:00."
    QTest.mouseClick(undo.undo_button, Qt.MouseButton.LeftButton)
    assert view.row_texts() == rows
    assert sessions_on_file(stretchapp_home) == before  # same id and values
    assert view.list.currentItem() is view.list.topLevelItem(1)
    assert shown(app) is None


def test_delete_then_leave_keeps_it_deleted(app: AppRoot, stretchapp_home: Path) -> None:
    ids = fill(stretchapp_home / "history.sqlite3")
    assert app.history.show_history()
    view = app.window.history
    select(view, 0)
    click_delete(view)
    assert shown(app) == UNDO
    QTest.keyClick(app.window, Qt.Key.Key_Escape)  # back to the library
    assert app.window.pages.currentWidget() is app.window.library
    assert shown(app) is None
    assert not app.history.undo_delete()  # nothing left to undo
    assert ids["completed"] not in [s.id for s in sessions_on_file(stretchapp_home)]
    assert app.history.show_history()
    assert len(view.row_texts()) == 6


def click_delete(view: HistoryView) -> None:
    QTest.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)


def test_deleting_changes_the_streak_week_and_charts_and_undo_restores_them(
    app: AppRoot, stretchapp_home: Path
) -> None:
    fill(stretchapp_home / "history.sqlite3")
    assert app.history.show_history()
    view = app.window.history
    assert view.streak_label.text() == "Streak: 3 days · longest 3"
    assert view.heat.days[dt.date(2026, 11, 25)] == 1
    select(view, 0)  # today's completed session
    click_delete(view)
    assert view.streak_label.text() == "Streak: 2 days · longest 2"
    assert dt.date(2026, 11, 25) not in view.heat.days
    assert view.week_label.text().startswith("This week: 6 sessions")
    view.set_filter("cramps")
    assert view.chart.weeks[-1].cramps == 1
    select(view, 0)
    click_delete(view)
    assert view.row_texts() == []
    assert view.chart.weeks[-1].cramps == 0
    assert view.week_label.text().endswith(", 0 cramps")
    assert view.kind.currentData() == "cramps"  # the page kept its filter
    QTest.keyClick(view.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the cramp
    assert view.chart.weeks[-1].cramps == 1
    assert view.row_texts()[0][4] == "at night"
    assert app.history.undo_notice.label.text().startswith("Deleted the session")
    assert app.history.undo_delete()  # and the session before it
    assert view.streak_label.text() == "Streak: 3 days · longest 3"
    assert shown(app) is None


def test_ok_on_the_notice_keeps_it_deleted(app: AppRoot, stretchapp_home: Path) -> None:
    ids = fill(stretchapp_home / "history.sqlite3")
    assert app.history.show_history()
    view = app.window.history
    view.set_filter("cramps")
    select(view, 0)
    QTest.keyClick(view.list, Qt.Key.Key_Delete)
    undo = app.history.undo_notice
    assert undo.label.text() == "Deleted the cramp “calf” of Wed 25 Nov 2026 03:00."
    QTest.mouseClick(undo.ok_button, Qt.MouseButton.LeftButton)
    assert shown(app) is None
    assert not app.history.undo_delete()
    with HistoryStore(stretchapp_home / "history.sqlite3") as store:
        assert ids["cramp"] not in [c.id for c in store.cramps()]


def test_a_partial_result_leaves_out_the_work_when_it_is_not_known() -> None:
    older = SessionRecord(1, DAILY, at(25), at(25, 10), False, 1, 60.0, True, status="partial")
    assert session_result(older) == "partial, cramp"
    newer = replace(older, work_done=85.0, work_skipped=95.0)
    assert session_result(newer) == "partial, 1:25 of 3:00, cramp"


def test_undo_selects_the_entry_only_in_its_own_list(app: AppRoot, stretchapp_home: Path) -> None:
    ids = fill(stretchapp_home / "history.sqlite3")
    assert app.history.show_history()
    view = app.window.history
    view.set_filter("sessions", DAILY)
    rows = view.row_texts()
    select(view, 0)
    click_delete(view)
    assert ids["completed"] == ids["cramp"]  # a session and a cramp with the same id
    assert view.which.currentData() == DAILY  # the page kept its filter when read again
    view.set_filter("cramps")
    view.list.clearSelection()
    assert app.history.undo_delete()
    assert view.list.selectedItems() == []  # not the cramp that has the session's id
    view.set_filter("sessions", DAILY)
    assert view.row_texts() == rows


def test_a_note_for_a_deleted_cramp_is_not_saved_and_says_so(
    app: AppRoot, stretchapp_home: Path
) -> None:
    ids = fill(stretchapp_home / "history.sqlite3")
    assert app.history.show_history()
    view = app.window.history
    view.set_filter("cramps")
    select(view, 0)
    click_delete(view)
    app.window.cramp_note.saved.emit(ids["cramp"], 3, "later")
    assert any(t.startswith("The note was not saved") for t in app.window.notices.texts())
