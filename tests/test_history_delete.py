"""Deleting sessions and cramps from the history and putting them back, on real SQLite files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stretchapp.history import Deleted, HistoryError, HistoryStore, ReminderAction, Streaks

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 25)


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=LONDON)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    s = HistoryStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


def partial(store: HistoryStore, day: int) -> int:
    """A session that ended partial, with its work done and skipped."""
    sid = store.start_session("calf-cramp", at(day))
    store.end_session(
        sid,
        at(day) + dt.timedelta(minutes=3),
        completed=False,
        steps_done=2,
        seconds=180.0,
        interrupted_by_cramp=True,
        status="partial",
        work=(85.0, 95.0),
    )
    return sid


def test_a_deleted_session_comes_back_with_its_id_and_values(store: HistoryStore) -> None:
    first = partial(store, 24)
    second = partial(store, 25)
    before = store.sessions()
    deleted = store.delete_session(first)
    assert deleted.id == first
    assert [s.id for s in store.sessions()] == [second]
    assert store.restore(deleted) == first
    assert store.sessions() == before  # every field, status and work included


def test_a_deleted_cramp_comes_back_with_its_id_and_values(store: HistoryStore) -> None:
    cid = store.record_cramp("calf", at(25, 3), seconds=90.0, pain=6, note="at night")
    assert cid is not None
    before = store.cramps()
    deleted = store.delete_cramp(cid)
    assert store.cramps() == []
    assert store.cramp_count(at(25, 20)) == 0
    assert store.restore(deleted) == cid
    assert store.cramps() == before


def test_deleting_a_session_keeps_its_cramp_and_reminder_and_undo_links_them_again(
    store: HistoryStore,
) -> None:
    sid = partial(store, 25)
    cid = store.start_cramp("calf", at(25), session_id=sid)
    rid = store.reminder_shown(at(25), at(25))
    store.reminder_acted(rid, ReminderAction.STARTED, at(25), session_id=sid)
    deleted = store.delete_session(sid)
    assert store.cramps()[0].session_id is None  # the cramp itself stays in the diary
    assert store.reminders()[0].session_id is None
    store.restore(deleted)
    assert store.cramps()[0].id == cid
    assert store.cramps()[0].session_id == sid
    assert store.reminders()[0].session_id == sid


def test_deleting_changes_the_streak_days_and_weeks(store: HistoryStore) -> None:
    ids = [
        store.record_session(
            "wall-lean-daily", at(d), at(d, 10), completed=True, steps_done=1, seconds=300.0
        )
        for d in (23, 24, 25)
    ]
    assert store.streaks(TODAY) == Streaks(current=3, longest=3)
    deleted = store.delete_session(ids[1] or 0)
    assert store.streaks(TODAY) == Streaks(current=1, longest=1)
    assert dt.date(2026, 11, 24) not in store.days_done()
    assert store.weekly(until=TODAY)[-1].sessions == 2
    store.restore(deleted)
    assert store.streaks(TODAY) == Streaks(current=3, longest=3)
    assert store.weekly(until=TODAY)[-1].sessions == 3


def test_deleting_what_is_not_there_is_a_key_error(store: HistoryStore) -> None:
    with pytest.raises(KeyError, match="no session with id 7"):
        store.delete_session(7)
    with pytest.raises(KeyError, match="no cramp with id 7"):
        store.delete_cramp(7)


def test_a_restore_never_duplicates_an_entry(store: HistoryStore) -> None:
    sid = partial(store, 25)
    deleted = store.delete_session(sid)
    assert store.restore(deleted) == sid
    assert store.restore(deleted) is None  # twice: the entry is there already
    assert len(store.sessions()) == 1


def test_a_restore_takes_a_new_id_when_a_newer_row_took_the_old_one(store: HistoryStore) -> None:
    old = store.record_cramp("calf", at(24, 3), seconds=60.0)
    assert old is not None
    deleted = store.delete_cramp(old)
    newer = store.record_cramp("foot", at(25, 3), seconds=30.0)
    assert newer == old  # SQLite reuses the highest id once it is free
    new_id = store.restore(deleted)
    assert new_id is not None
    assert new_id != old
    assert {(c.id, c.muscle) for c in store.cramps()} == {(old, "foot"), (new_id, "calf")}


def test_a_delete_is_one_transaction_written_at_once(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        sid = partial(store, 25)
        store.delete_session(sid)
        # another connection (or a restart after a crash) sees the delete committed
        db = sqlite3.connect(path)
        assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
        db.close()


def test_a_delete_while_the_file_is_locked_fails_and_keeps_the_row(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path, timeout=0.05) as store:
        sid = partial(store, 25)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(HistoryError, match="could not delete from the history"):
            store.delete_session(sid)
        other.execute("ROLLBACK")
        other.close()
        assert [s.id for s in store.sessions()] == [sid]


def test_only_sessions_and_cramps_can_be_restored() -> None:
    with pytest.raises(ValueError, match="not 'reminders'"):
        Deleted("reminders", (("id", 1),), ())
