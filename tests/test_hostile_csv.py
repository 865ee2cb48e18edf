"""Issue 15 section 5: hostile CSV files are refused with their place, never a crash."""

from __future__ import annotations

import csv
import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile import quiet_window
from pytestqt.qtbot import QtBot

from stretchapp.gui import csv_import
from stretchapp.gui.history_view import HistoryView
from stretchapp.history import CsvError, HistoryStore
from stretchapp.history.csvio import (
    MAX_BYTES,
    PROGRESS_ROWS,
    CsvCancelledError,
    neutralised,
    read_csv,
    restored,
)

SESSION_HEADER = "routine,started,ended,completed,steps_done,seconds,interrupted_by_cramp\n"
CRAMP_HEADER = "muscle,started,seconds,steps_done,pain,note\n"
NOW = dt.datetime(2026, 11, 25, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "history.sqlite3")


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "started",
    ["9999-12-31T23:00:00-05:00", "9999-01-01T00:00:00+00:00", "0001-01-01T00:00:00+01:00"],
)
def test_a_date_out_of_range_is_refused_at_its_row_and_column(
    tmp_path: Path, store: HistoryStore, started: str
) -> None:
    path = _csv(tmp_path / "sessions.csv", f"{SESSION_HEADER}x,{started},,true,1,30,false\n")
    with pytest.raises(CsvError) as caught, store:
        store.import_csv(path)
    (problem,) = caught.value.found
    assert (problem.line, problem.column, problem.key) == (2, 2, "started")
    assert "between 1970 and 2999" in problem.message
    with HistoryStore(tmp_path / "history.sqlite3") as again:
        assert again.sessions() == []
        again.overview(NOW)  # the history still reads


@pytest.mark.parametrize(
    ("column", "row"),
    [
        ("steps_done", "x,2026-11-02T09:00:00+00:00,,true," + "9" * 30 + ",30,false"),
        ("seconds", "x,2026-11-02T09:00:00+00:00,,true,1,1e308,false"),
        ("steps_done", "x,2026-11-02T09:00:00+00:00,,true," + "9" * 5000 + ",30,false"),
    ],
)
def test_a_number_too_large_is_a_problem(
    tmp_path: Path, store: HistoryStore, column: str, row: str
) -> None:
    path = _csv(tmp_path / "sessions.csv", f"{SESSION_HEADER}{row}\n")
    with pytest.raises(CsvError) as caught, store:
        store.import_csv(path)
    assert [p.key for p in caught.value.found] == [column]


def test_a_note_over_the_field_limit_is_a_problem(tmp_path: Path, store: HistoryStore) -> None:
    note = "n" * (csv.field_size_limit() + 1)
    path = _csv(
        tmp_path / "cramps.csv", f'{CRAMP_HEADER}calf,2026-11-02T09:00:00+00:00,,,,"{note}"\n'
    )
    with pytest.raises(CsvError) as caught, store:
        store.import_csv(path)
    (problem,) = caught.value.found
    assert problem.line == 2
    assert "cannot read this row" in problem.message


def test_dev_zero_named_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.symlink_to("/dev/zero")
    with pytest.raises(CsvError, match="not a regular file"):
        read_csv(path)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    os.mkfifo(path)
    raised: list[BaseException] = []

    def read() -> None:
        try:
            read_csv(path)
        except CsvError as error:
            raised.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert "not a regular file" in str(raised[0])


def test_a_file_past_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    with path.open("wb") as sparse:
        sparse.truncate(MAX_BYTES + 1)  # a hole: no disk used, and read no further than the limit
    with pytest.raises(CsvError, match="larger than 16 MiB"):
        read_csv(path)


def test_a_million_bad_rows_give_a_bounded_list_of_problems(tmp_path: Path) -> None:
    path = _csv(tmp_path / "sessions.csv", SESSION_HEADER + "x,bad,,true,1,30,false\n" * 20_000)
    with pytest.raises(CsvError) as caught:
        read_csv(path)
    assert len(caught.value.found) == 100
    assert "too many problems" in caught.value.problems[-1]


def test_progress_is_told_and_can_cancel(tmp_path: Path) -> None:
    row = "x,{},,true,1,30,false\n"
    rows = "".join(
        row.format((NOW - dt.timedelta(minutes=i)).isoformat()) for i in range(3 * PROGRESS_ROWS)
    )
    path = _csv(tmp_path / "sessions.csv", SESSION_HEADER + rows)
    shares: list[float] = []

    def told(share: float) -> bool:
        shares.append(share)
        return True

    sessions, _ = read_csv(path, progress=told)
    assert len(sessions) == 3 * PROGRESS_ROWS
    assert len(shares) == 3
    assert shares == sorted(shares)
    assert 0 < shares[0] < 1
    with pytest.raises(CsvCancelledError):
        read_csv(path, progress=lambda share: False)


HOSTILE = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("cell", [*HOSTILE, "'=already quoted", "'plain", "plain"])
def test_formulas_are_neutralised_on_export_and_restored_on_import(
    tmp_path: Path, store: HistoryStore, cell: str
) -> None:
    with store:
        store.record_session(cell, NOW, NOW, completed=True, steps_done=1, seconds=1.0)
        store.record_cramp("calf", NOW, seconds=1.0, note=cell)
        sessions_csv, cramps_csv = store.export_csv(tmp_path / "out")
    for exported in (sessions_csv, cramps_csv):
        with exported.open(encoding="utf-8", newline="") as stream:
            cells = [c for row in csv.reader(stream) for c in row]
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    with HistoryStore(tmp_path / "fresh.sqlite3") as fresh:
        fresh.import_csv(tmp_path / "out")
        assert fresh.sessions()[0].routine == cell
        assert fresh.cramps()[0].note == cell


def test_neutralising_round_trips() -> None:
    for cell in [*HOSTILE, "'", "''=x", "'x", "x", ""]:
        assert restored(str(neutralised(cell))) == cell


# -- the page: the reading runs off the GUI thread, shows progress and can be cancelled


@pytest.fixture
def page(qtbot: QtBot, stretchapp_home: Path) -> Iterator[HistoryView]:
    app = quiet_window(stretchapp_home, NOW)
    qtbot.addWidget(app.window)
    assert app.history.show_history()
    yield app.window.history
    app.window.close()


def test_the_page_cancels_a_long_read_and_imports_nothing(
    page: HistoryView, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shares: list[float] = []
    ticker = threading.Event()

    def endless(*_files: Path, progress: Callable[[float], bool]) -> object:
        while progress(0.5):  # a read that would go on for ever: only Cancel ends it
            ticker.wait(0.01)
        raise CsvCancelledError

    monkeypatch.setattr(csv_import, "read_csv", endless)
    monkeypatch.setattr(page, "choose_import_files", lambda: [tmp_path / "big.csv"])
    page.import_button.click()
    reading = page.reading
    assert reading is not None
    reading.progressed.connect(shares.append)
    qtbot.waitUntil(lambda: bool(shares))  # the GUI thread hears the progress: it is free
    reading.cancel()
    qtbot.waitUntil(lambda: page.reading is None)
    assert page.status.text() == "The import was cancelled: nothing was imported."


def test_the_page_refuses_dev_zero_named_csv(
    page: HistoryView, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.csv"
    path.symlink_to("/dev/zero")
    monkeypatch.setattr(page, "choose_import_files", lambda: [path])
    page.import_button.click()
    qtbot.waitUntil(lambda: page.reading is None)
    assert page.status.text().startswith("Nothing was imported: ")
    assert "not a regular file" in page.status.text()
