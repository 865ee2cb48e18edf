"""Issue 15 section 3: a damaged, locked or full history never ends a session or a page."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile import add_brief_routine, quiet_window, run_stretchapp
from pytestqt.qtbot import QtBot

from stretchapp import cli
from stretchapp.core.session_events import SessionStarted
from stretchapp.core.timeline import compile_routine
from stretchapp.gui.root import AppRoot
from stretchapp.history import HistoryError, HistoryRecorder, HistoryStore, default_path
from stretchapp.history.schema import failure
from stretchapp.resources import load_default_library

ZONE = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 11, 25, 20, 0, tzinfo=ZONE)


def _filled(path: Path, rows: int = 300) -> Path:
    with HistoryStore(path) as store:
        for i in range(rows):
            start = NOW - dt.timedelta(hours=i + 1)
            store.record_session(
                "relief-calf", start, start, completed=True, steps_done=1, seconds=1
            )
            store.record_cramp("calf", start, seconds=10.0, note="x" * 50)
    return path


def _overwritten(path: Path) -> None:
    """Bytes after the first page overwritten: the header reads, the tables do not."""
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    path.write_bytes(bytes(data))


def _dropped(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE cramps")
    db.close()


def _not_a_date(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE sessions SET started = 'not a date' WHERE id = 3")
    db.close()


DAMAGE = {"overwritten": _overwritten, "dropped": _dropped, "not_a_date": _not_a_date}


@pytest.fixture(params=sorted(DAMAGE))
def damaged(request: pytest.FixtureRequest) -> Path:
    path = _filled(default_path())
    DAMAGE[request.param](path)
    return path


def test_the_history_command_says_what_is_wrong(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["history"], ["history", "--json"]):
        code = cli.main(argv)
        _, err = capsys.readouterr()
        assert code == 1
        assert "Traceback" not in err
        assert str(damaged) in err


def test_reading_raises_a_history_error_marked_damaged(damaged: Path) -> None:
    def read() -> None:
        with HistoryStore(damaged) as store:
            store.overview(NOW)
            store.as_json()

    with pytest.raises(HistoryError) as raised:
        read()
    assert raised.value.damaged


def test_a_session_on_a_damaged_file_runs_on_unsaved(
    damaged: Path, stretchapp_home: Path, tmp_path: Path
) -> None:
    events = tmp_path / "events.jsonl"
    done = run_stretchapp(
        "cramp",
        "calf",
        "--no-gui",
        "--mute",
        "--speed",
        "100",
        "--events",
        str(events),
        home=stretchapp_home,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert '"session_end"' in events.read_text(encoding="utf-8").splitlines()[-1]


def test_the_recorder_says_once_and_never_raises(damaged: Path) -> None:
    told: list[str] = []
    try:
        store = HistoryStore(damaged)
    except HistoryError:
        return  # the open failed: the shells run unsaved with their notice
    timeline = compile_routine(load_default_library().routines["relief-calf"])
    with store:
        recorder = HistoryRecorder(store, timeline, muscle="calf", notify=told.append)
        for minutes in range(2):
            recorder.write(SessionStarted(0.0, 0.0, "relief-calf", NOW.timestamp() + minutes))
    assert len(told) <= 1


def test_a_full_disk_is_said_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL
    assert "the disk is full" in str(failure(tmp_path / "h", error, "could not save"))
    io_error = sqlite3.OperationalError("disk I/O error")
    io_error.sqlite_errorcode = sqlite3.SQLITE_IOERR_WRITE

    class Full:
        f_bavail = 0

    monkeypatch.setattr("os.statvfs", lambda _path: Full())
    assert "the disk is full" in str(failure(tmp_path / "h", io_error, "could not save"))


Make = Callable[[], AppRoot]


@pytest.fixture
def make(qtbot: QtBot, stretchapp_home: Path) -> Iterator[Make]:
    made: list[AppRoot] = []

    def factory() -> AppRoot:
        app = quiet_window(stretchapp_home, NOW)
        qtbot.addWidget(app.window)
        made.append(app)
        return app

    yield factory
    for app in made:
        app.window.close()


def test_the_page_offers_to_start_afresh_keeping_the_old_file(
    damaged: Path, make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = damaged.read_bytes()
    app = make()
    asked: list[str] = []
    answer = [False]

    def ask(why: str) -> bool:
        asked.append(why)
        return answer[0]

    monkeypatch.setattr(app.history, "ask_fresh_start", ask)
    assert not app.history.show_history()
    assert len(asked) == 1
    assert damaged.read_bytes() == before  # "no" leaves the file alone
    answer[0] = True
    assert app.history.show_history()
    kept = damaged.with_name(damaged.name + ".damaged")
    assert kept.read_bytes() == before
    with HistoryStore(damaged) as fresh:
        assert fresh.sessions() == []


BRIEF = (
    "title: Brief\ncategory: workout\nprepare: 0s\nsteps:\n  - exercise: calf-lunge\n    hold: 1s\n"
)


def test_a_lock_held_by_another_process_never_delays_the_session(
    stretchapp_home: Path, tmp_path: Path
) -> None:
    add_brief_routine(stretchapp_home)
    path = _filled(default_path(), rows=1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing: every write waits 5 s
    events = tmp_path / "events.jsonl"
    try:
        done = run_stretchapp(
            "run", "brief", "--mute", "--events", str(events), home=stretchapp_home
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 0, done.stderr
    assert "not saved in the history" in done.stdout
    lines = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    hold = next(e for e in lines if e["event"] == "phase_start" and e["phase"] == "hold")
    end = next(e for e in lines if e["event"] == "phase_end" and e["index"] == hold["index"])
    assert hold["t"] < 0.5  # the start was not held up by the lock
    assert end["t"] - hold["t"] == pytest.approx(1.0, abs=0.3)  # a 1 s hold lasts 1 s
    assert any(e["event"] == "cue" and e["kind"] == "start" and e["t"] < 0.5 for e in lines)


def test_the_window_starts_a_session_at_once_under_a_lock(make: Make) -> None:
    path = _filled(default_path(), rows=1)
    app = make()
    assert app.history.store() is not None
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        assert app.start_routine("wall-lean-daily")
        app.driver.tick()
        assert time.monotonic() - started < 2.0  # not the lock's 5 s
        assert app.driver.session is not None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    app.driver.stop()
    app.history.close()  # the queued rows are written once the lock is gone
    with HistoryStore(path) as store:
        assert "wall-lean-daily" in {s.routine for s in store.sessions()}
