"""The history database, on real SQLite files: writes, a hard kill, migration, CSV, summaries."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stretchapp import history
from stretchapp.core.loader import Problem
from stretchapp.history import (
    CsvError,
    HistoryError,
    HistoryStore,
    ReminderAction,
    Streaks,
    WeekCounts,
    schema,
)

ROOT = Path(__file__).resolve().parent.parent
LONDON = ZoneInfo("Europe/London")
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


def at(day: int, hour: int = 9, minute: int = 0, *, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    s = HistoryStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


def add_session(
    s: HistoryStore,
    started: dt.datetime,
    *,
    routine: str = "wall-lean-daily",
    seconds: float = 300.0,
    completed: bool = True,
) -> int:
    sid = s.start_session(routine, started)
    s.end_session(
        sid,
        started + dt.timedelta(seconds=seconds),
        completed=completed,
        steps_done=1 if completed else 0,
        seconds=seconds,
    )
    return sid


# --- the file ---------------------------------------------------------------------------------


def test_a_new_file_is_at_the_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "history.sqlite3"
    with HistoryStore(path) as s:
        assert s.schema_version == history.SCHEMA_VERSION == 3
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sessions", "cramps", "reminders"} <= tables
    db.close()


def test_the_default_file_is_in_the_data_dir(stretchapp_home: Path) -> None:
    with HistoryStore() as s:
        assert s.path == stretchapp_home / "history.sqlite3"
        s.start_session("bedtime", at(1))
    assert (stretchapp_home / "history.sqlite3").exists()


def test_foreign_keys_are_enforced(store: HistoryStore) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.start_cramp("calf", at(1), session_id=999)
    sid = store.start_session("relief-calf", at(1))
    cid = store.start_cramp("calf", at(1), session_id=sid)
    assert store.cramps()[0].id == cid
    assert store.cramps()[0].session_id == sid


def test_a_file_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 7")
    db.close()
    before = path.read_bytes()
    with pytest.raises(HistoryError, match=r"history\.sqlite3: written by a newer stretchapp"):
        HistoryStore(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_gives_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not sqlite, just some text " * 100)
    with pytest.raises(HistoryError, match=r"history\.sqlite3: cannot use the history"):
        HistoryStore(path)


def test_a_write_blocked_by_another_program_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path, timeout=0) as s:
        s.start_session("bedtime", at(1))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(HistoryError, match=r"history\.sqlite3: could not save to the history"):
            s.start_session("bedtime", at(2))
        assert len(s.sessions()) == 1  # reading still works beside a writer (WAL)
        other.execute("ROLLBACK")
        other.close()
        s.start_session("bedtime", at(2))
        assert len(s.sessions()) == 2


# --- sessions, cramps, reminders -------------------------------------------------------------


def test_a_session_is_recorded_at_start_and_completed_at_end(store: HistoryStore) -> None:
    sid = store.start_session("wall-lean-daily", at(2, 9, 0))
    (row,) = store.sessions()
    assert row.ended is None
    assert not row.completed
    assert row.seconds == 0
    store.update_session(sid, steps_done=1, seconds=120)
    assert store.sessions()[0].seconds == 120
    store.end_session(
        sid, at(2, 9, 5), completed=True, steps_done=2, seconds=300, interrupted_by_cramp=True
    )
    (row,) = store.sessions()
    assert row.routine == "wall-lean-daily"
    assert row.started == at(2, 9, 0)
    assert row.ended == at(2, 9, 5)
    assert row.completed
    assert row.steps_done == 2
    assert row.seconds == 300
    assert row.interrupted_by_cramp


def test_a_cramp_is_recorded_with_pain_and_note(store: HistoryStore) -> None:
    cid = store.start_cramp("calf", at(3, 3, 14))
    assert store.cramps()[0].seconds is None
    store.end_cramp(cid, seconds=95.5, steps_done=3, pain=7, note="woke me up")
    (row,) = store.cramps()
    assert (row.muscle, row.seconds, row.steps_done, row.pain, row.note) == (
        "calf",
        95.5,
        3,
        7,
        "woke me up",
    )
    store.annotate_cramp(cid, pain=None, note="after a long walk")
    assert store.cramps()[0].pain is None
    assert store.cramps()[0].note == "after a long walk"


@pytest.mark.parametrize("pain", [-1, 11, 2.5, True])
def test_pain_must_be_0_to_10(store: HistoryStore, pain: object) -> None:
    cid = store.start_cramp("calf", at(3))
    with pytest.raises(ValueError, match="pain must be a whole number 0 to 10"):
        store.end_cramp(cid, seconds=10, steps_done=0, pain=pain)  # type: ignore[arg-type]


def test_times_must_carry_an_offset(store: HistoryStore) -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        store.start_session("bedtime", dt.datetime(2026, 1, 1, 9, 0))


def test_updating_a_missing_row_says_so(store: HistoryStore) -> None:
    with pytest.raises(KeyError, match="no session with id 42"):
        store.end_session(42, at(1), completed=True, steps_done=1, seconds=1)
    with pytest.raises(KeyError, match="no cramp with id 42"):
        store.end_cramp(42, seconds=1, steps_done=0)


def test_reminders_shown_and_acted_on(store: HistoryStore) -> None:
    rid = store.reminder_shown(at(4, 9, 0), at(4, 9, 0))
    late = store.reminder_shown(at(4, 14, 0), at(4, 18, 30), late=True)
    sid = store.start_session("wall-lean-daily", at(4, 9, 1))
    store.reminder_acted(rid, ReminderAction.STARTED, at(4, 9, 1), session_id=sid)
    store.reminder_acted(late, ReminderAction.SNOOZED, at(4, 18, 31))
    newest, oldest = store.reminders()
    assert (oldest.action, oldest.session_id, oldest.late) == (ReminderAction.STARTED, sid, False)
    assert (newest.action, newest.acted, newest.late) == (
        ReminderAction.SNOOZED,
        at(4, 18, 31),
        True,
    )
    assert store.reminders(since=at(4, 12, 0)) == [newest]


def test_filters_by_date_routine_and_muscle(store: HistoryStore) -> None:
    add_session(store, at(1), routine="wall-lean-daily")
    add_session(store, at(2), routine="bedtime")
    add_session(store, at(3), routine="wall-lean-daily")
    store.record_cramp("calf", at(1, 3), seconds=60)
    store.record_cramp("foot", at(2, 3), seconds=60)
    store.record_cramp("calf", at(3, 3), seconds=60)
    assert [s.started.day for s in store.sessions()] == [3, 2, 1]
    assert [s.started.day for s in store.sessions(newest_first=False, limit=2)] == [1, 2]
    assert [s.started.day for s in store.sessions(routine="wall-lean-daily")] == [3, 1]
    assert [s.started.day for s in store.sessions(routine=["bedtime"])] == [2]
    assert [s.started.day for s in store.sessions(since=at(2), until=at(3))] == [2]
    assert [c.started.day for c in store.cramps(muscle="calf")] == [3, 1]
    assert [c.started.day for c in store.cramps(muscle="calf", since=at(2))] == [3]


def test_ordering_and_filters_follow_the_instant_not_the_text(store: HistoryStore) -> None:
    # 09:30+01:00 is 08:30 UTC, before 09:00+00:00, though its text sorts after.
    store.record_session(
        "a",
        dt.datetime(2026, 6, 1, 9, 30, tzinfo=PLUS_ONE),
        None,
        completed=False,
        steps_done=0,
        seconds=0,
    )
    store.record_session(
        "b",
        dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC),
        None,
        completed=False,
        steps_done=0,
        seconds=0,
    )
    assert [s.routine for s in store.sessions(newest_first=False)] == ["a", "b"]
    assert [
        s.routine for s in store.sessions(since=dt.datetime(2026, 6, 1, 8, 45, tzinfo=dt.UTC))
    ] == ["b"]


def test_as_json_has_the_shape_of_history_json(store: HistoryStore) -> None:
    add_session(store, at(5, 9, 0), seconds=300)
    store.start_session("after-workout", at(5, 18, 0))  # never ended: the program was killed
    cid = store.start_cramp("quad", at(6, 2, 30))
    store.end_cramp(cid, seconds=45, steps_done=1, note="")
    data = json.loads(json.dumps(store.as_json()))
    assert set(data) == {"sessions", "cramps"}
    first, killed = data["sessions"]
    assert {"routine", "started", "ended", "completed", "seconds"} <= set(first)
    assert first["routine"] == "wall-lean-daily"
    assert first["completed"] is True
    assert first["seconds"] == 300
    for text in (first["started"], first["ended"], killed["started"]):
        assert dt.datetime.fromisoformat(text).utcoffset() is not None
    assert dt.datetime.fromisoformat(first["ended"]) == at(5, 9, 5)
    assert killed["ended"] is None
    assert killed["completed"] is False
    (cramp,) = data["cramps"]
    assert {"muscle", "started", "seconds", "note"} <= set(cramp)
    assert (cramp["muscle"], cramp["seconds"], cramp["note"]) == ("quad", 45, "")
    assert dt.datetime.fromisoformat(cramp["started"]) == at(6, 2, 30)


def test_a_duplicate_record_is_refused_by_its_natural_key(store: HistoryStore) -> None:
    assert store.record_session("x", at(1), at(1, 9, 5), completed=True, steps_done=1, seconds=300)
    again = store.record_session("x", at(1), at(1, 9, 5), completed=True, steps_done=1, seconds=300)
    assert again is None
    assert store.record_cramp("calf", at(1), seconds=None)
    assert store.record_cramp("calf", at(1), seconds=20) is None
    assert store.record_cramp("foot", at(1), seconds=20) is not None
    assert len(store.sessions()) == 1
    assert len(store.cramps()) == 2


# --- a hard kill -------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import datetime as dt, sqlite3, sys
    from stretchapp.history import HistoryStore

    path = sys.argv[1]
    store = HistoryStore(path)
    t = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.timezone.utc)
    for day in range(3):
        start = t + dt.timedelta(days=day)
        sid = store.start_session("wall-lean-daily", start)
        store.end_session(sid, start + dt.timedelta(minutes=5), completed=True,
                          steps_done=1, seconds=300)
        print("committed", sid, flush=True)
    store.record_cramp("calf", t, seconds=60, pain=5, note="night")
    print("cramp", flush=True)
    sid = store.start_session("after-workout", t + dt.timedelta(days=3))
    store.update_session(sid, steps_done=2, seconds=40)
    print("mid-session", sid, flush=True)
    # An uncommitted write on a second connection: the kill must roll it back.
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute(
        "INSERT INTO cramps (muscle, started, started_ms, day) VALUES ('foot', 'x', 1, 'x')"
    )
    print("in a transaction", flush=True)
    sys.stdin.readline()  # parked here until killed
    """
)


def test_a_writer_killed_mid_session_leaves_earlier_records_intact(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    lines = []
    try:
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith("in a transaction"):
                break
        assert lines[-1] == "in a transaction", lines
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        assert child.stdin is not None
        child.stdin.close()
    with HistoryStore(path) as s:
        killed, *done = s.sessions()
        assert [(r.routine, r.completed, r.seconds) for r in done] == [
            ("wall-lean-daily", True, 300)
        ] * 3
        assert (killed.routine, killed.ended, killed.completed) == ("after-workout", None, False)
        assert (killed.steps_done, killed.seconds) == (2, 40)
        (cramp,) = s.cramps()
        assert (cramp.muscle, cramp.pain, cramp.note) == ("calf", 5, "night")
        # The file is usable for writing again: no stale lock from the killed transaction.
        s.record_cramp("foot", dt.datetime(2026, 11, 5, tzinfo=dt.UTC), seconds=10)
        assert len(s.cramps()) == 2
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


# --- migration ---------------------------------------------------------------------------------

# The first schema exactly as it shipped: a frozen copy, so a change to the migrations
# cannot quietly change what this test starts from.
SCHEMA_V1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    routine TEXT NOT NULL,
    started TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    day TEXT NOT NULL,
    ended TEXT,
    completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    steps_done INTEGER NOT NULL DEFAULT 0 CHECK (steps_done >= 0),
    seconds REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    interrupted_by_cramp INTEGER NOT NULL DEFAULT 0 CHECK (interrupted_by_cramp IN (0, 1)),
    UNIQUE (routine, started_ms)
);
CREATE INDEX sessions_started ON sessions (started_ms);
CREATE INDEX sessions_day ON sessions (day);
CREATE TABLE cramps (
    id INTEGER PRIMARY KEY,
    muscle TEXT NOT NULL,
    started TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    day TEXT NOT NULL,
    seconds REAL CHECK (seconds IS NULL OR seconds >= 0),
    steps_done INTEGER NOT NULL DEFAULT 0 CHECK (steps_done >= 0),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (muscle, started_ms)
);
CREATE INDEX cramps_started ON cramps (started_ms);
INSERT INTO sessions VALUES
    (1, 'wall-lean-daily', '2026-03-28T09:00:00+00:00', 1774688400000, '2026-03-28',
     '2026-03-28T09:05:00+00:00', 1, 1, 300.0, 0),
    (2, 'relief-calf', '2026-03-29T03:00:00+01:00', 1774749600000, '2026-03-29',
     NULL, 0, 0, 0.0, 0);
INSERT INTO cramps VALUES
    (1, 'calf', '2026-03-29T03:00:00+01:00', 1774749600000, '2026-03-29', 120.0, 2, 'ouch');
PRAGMA user_version = 1;
"""


def test_a_first_schema_file_is_migrated_with_its_records(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_V1)
    db.close()
    with HistoryStore(path) as s:
        assert s.schema_version == history.SCHEMA_VERSION
        first, second = s.sessions(newest_first=False)
        assert (first.routine, first.completed, first.seconds) == ("wall-lean-daily", True, 300)
        assert (first.status, second.status) == ("completed", "unfinished")
        assert first.ended == dt.datetime(2026, 3, 28, 9, 5, tzinfo=dt.UTC)
        assert (second.routine, second.ended) == ("relief-calf", None)
        (cramp,) = s.cramps()
        assert (cramp.muscle, cramp.seconds, cramp.note, cramp.pain) == ("calf", 120, "ouch", None)
        # What v2 added works on the migrated file.
        s.annotate_cramp(cramp.id, pain=8, note="ouch")
        assert s.cramps()[0].pain == 8
        rid = s.reminder_shown(at(1), at(1))
        s.reminder_acted(rid, ReminderAction.DISMISSED, at(1))
        # The natural keys of v1 still hold.
        assert s.record_cramp("calf", cramp.started, seconds=1) is None
    with HistoryStore(path) as s:  # opening again migrates nothing
        assert s.schema_version == history.SCHEMA_VERSION
        assert len(s.sessions()) == 2


def test_todays_schema_is_migrated_to_statuses_and_work(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_V1)
    for statement in schema.MIGRATIONS[1]:  # schema 2 as it shipped: entries are never edited
        db.execute(statement)
    db.execute(
        "INSERT INTO sessions (routine, started, started_ms, day, ended, completed, seconds)"
        " VALUES ('bedtime', '2026-03-28T22:00:00+00:00', 1774735200000, '2026-03-28',"
        " '2026-03-28T22:01:00+00:00', 0, 60)"
    )
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with HistoryStore(path) as s:
        assert s.schema_version == 3
        by_routine = {r.routine: r for r in s.sessions()}
        assert by_routine["wall-lean-daily"].status == "completed"
        assert by_routine["relief-calf"].status == "unfinished"
        assert by_routine["bedtime"].status == "stopped"
        assert by_routine["bedtime"].work_done is None  # not known before schema 3
        # the new columns take a new session's ending
        sid = s.start_session("bedtime", at(5))
        s.end_session(
            sid, at(5), completed=False, steps_done=0, seconds=10, status="skipped", work=(10, 170)
        )
        new = next(r for r in s.sessions() if r.id == sid)
        assert (new.status, new.completed, new.work_done, new.work_skipped) == (
            "skipped",
            False,
            10,
            170,
        )


def test_a_migration_that_fails_leaves_the_file_at_its_old_version(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_V1)
    # A table in the way of what v2 creates makes the migration fail half-way.
    db.execute("CREATE TABLE reminders (x)")
    db.commit()
    db.close()
    with pytest.raises(
        HistoryError, match=r"could not upgrade the history to schema 2: table reminders already"
    ):
        HistoryStore(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = {row[1] for row in db.execute("PRAGMA table_info(cramps)")}
    assert "pain" not in columns  # the ALTER before the failure was rolled back
    db.close()


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_round_trip_and_re_import_adds_no_duplicates(
    tmp_path: Path, store: HistoryStore
) -> None:
    add_session(store, at(1, 9))
    add_session(store, at(1, 21), routine="bedtime", completed=False, seconds=61.5)
    store.start_session("after-workout", at(2, 18))  # never ended
    store.record_cramp("calf", at(2, 3, 14), seconds=90, steps_done=2, pain=6, note='a "bad", one')
    store.record_cramp("foot", dt.datetime(2026, 7, 1, 23, 30, tzinfo=LONDON), seconds=None)
    sessions_csv, cramps_csv = store.export_csv(tmp_path / "out")
    assert sessions_csv.name == "sessions.csv"
    assert cramps_csv.name == "cramps.csv"
    for exported in (sessions_csv, cramps_csv):
        assert stat.S_IMODE(exported.stat().st_mode) == 0o600  # a health diary: private
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["cramps.csv", "sessions.csv"]

    with HistoryStore(tmp_path / "other.sqlite3") as other:
        result = other.import_csv(tmp_path / "out")
        assert (result.sessions_added, result.cramps_added) == (3, 2)
        assert (result.sessions_skipped, result.cramps_skipped) == (0, 0)

        def without_ids(data: dict[str, list[dict[str, object]]]) -> object:
            return {
                k: [{f: v for f, v in row.items() if f != "id"} for row in rows]
                for k, rows in data.items()
            }

        assert without_ids(other.as_json()) == without_ids(store.as_json())
        again = other.import_csv(sessions_csv, cramps_csv)
        assert (again.sessions_added, again.cramps_added) == (0, 0)
        assert (again.sessions_skipped, again.cramps_skipped) == (3, 2)
        assert len(other.sessions()) == 3
        assert len(other.cramps()) == 2
    # Importing a file into the store it came from adds nothing either.
    assert store.import_csv(cramps_csv).cramps_added == 0


def test_a_spreadsheet_edited_csv_imports(tmp_path: Path, store: HistoryStore) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "\ufeffmuscle, started ,note\r\n"
        "calf,2026-11-02T03:00:00Z,\r\n"
        "foot,2026-11-02T02:30:00+01:00,cold feet\r\n",
        encoding="utf-8",
    )
    result = store.import_csv(path)
    assert result.cramps_added == 2
    assert [(c.muscle, c.seconds, c.note) for c in store.cramps(newest_first=False)] == [
        ("foot", None, "cold feet"),
        ("calf", None, ""),
    ]


def test_a_bad_csv_lists_every_problem_and_imports_nothing(
    tmp_path: Path, store: HistoryStore
) -> None:
    path = tmp_path / "sessions.csv"
    path.write_text(
        "routine,started,ended,completed,steps_done,seconds,interrupted_by_cramp\n"
        "wall-lean-daily,2026-11-02T09:00:00+00:00,,true,1,300,false\n"
        ",2026-11-03T09:00:00,,maybe,1,-5,false\n",
        encoding="utf-8",
    )
    with pytest.raises(CsvError) as caught:
        store.import_csv(path)
    assert caught.value.problems == (
        f"{path}:3:2: started: must have a UTC offset (like +01:00), got '2026-11-03T09:00:00'",
        f"{path}:3:1: routine: must not be empty",
        f"{path}:3:4: completed: must be true or false, got 'maybe'",
        f"{path}:3:6: seconds: must be a number >= 0, got '-5'",
    )
    assert [(p.line, p.column, p.key) for p in caught.value.found] == [
        (3, 2, "started"),
        (3, 1, "routine"),
        (3, 4, "completed"),
        (3, 6, "seconds"),
    ]
    assert store.sessions() == []


def test_a_csv_of_neither_kind_is_refused(tmp_path: Path, store: HistoryStore) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CsvError, match=r"x\.csv:1:1: header: must name the columns"):
        store.import_csv(path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CsvError, match=r"empty:1:1: no sessions\.csv or cramps\.csv in this"):
        store.import_csv(empty)


def test_csv_problems_are_the_loaders_problems(tmp_path: Path, store: HistoryStore) -> None:
    path = tmp_path / "cramps.csv"
    path.write_text(
        "\n"  # a blank line before the header: the header is on line 2
        "muscle,started,seconds,steps_done,pain,note\n"
        'calf,2026-11-02T03:00:00+00:00,30,1,11,"two\nlines"\n'  # lines 3 and 4
        "foot,2026-11-03T03:00:00+00:00,30,1,12,\n",
        encoding="utf-8",
    )
    with pytest.raises(CsvError) as caught:
        store.import_csv(path)
    # A row is found at the line it starts on, a cell at its field's column.
    assert caught.value.found == (
        Problem(str(path), 3, 5, "pain", "must be a whole number 0 to 10, got '11'"),
        Problem(str(path), 5, 5, "pain", "must be a whole number 0 to 10, got '12'"),
    )
    assert caught.value.problems == (
        f"{path}:3:5: pain: must be a whole number 0 to 10, got '11'",
        f"{path}:5:5: pain: must be a whole number 0 to 10, got '12'",
    )
    assert str(caught.value) == "\n".join(caught.value.problems)
    assert store.cramps() == []


def test_a_near_miss_of_a_column_asks_did_you_mean(tmp_path: Path, store: HistoryStore) -> None:
    path = tmp_path / "sessions.csv"
    path.write_text(
        "routine,started,secnds,my own column\nbedtime,2026-11-02T21:00:00+00:00,300,x\n",
        encoding="utf-8",
    )
    with pytest.raises(CsvError) as caught:
        store.import_csv(path)
    assert caught.value.problems == (
        f"{path}:1:3: secnds: is not a column of the sessions file; did you mean 'seconds'?",
    )
    assert store.sessions() == []
    path.write_text("routine,start\nbedtime,2026-11-02T21:00:00+00:00\n", encoding="utf-8")
    with pytest.raises(CsvError) as caught:
        store.import_csv(path)
    assert caught.value.problems == (
        f"{path}:1:1: header: the column 'started' is missing",
        f"{path}:1:2: start: is not a column of the sessions file; did you mean 'started'?",
    )


# --- what the history view shows -------------------------------------------------------------


def d(day: int, month: int = 11) -> dt.date:
    return dt.date(2026, month, day)


def test_streak_days_are_local_dates(store: HistoryStore) -> None:
    # 23:30 in London in summer is 22:30 UTC; 00:30 local the next night is still the 2nd.
    add_session(store, dt.datetime(2026, 7, 1, 23, 30, tzinfo=LONDON))
    add_session(store, dt.datetime(2026, 7, 3, 0, 30, tzinfo=LONDON))
    add_session(store, dt.datetime(2026, 7, 3, 9, 0, tzinfo=LONDON), completed=False)
    add_session(store, dt.datetime(2026, 7, 3, 10, 0, tzinfo=LONDON), routine="bedtime")
    assert store.days_done() == {d(1, 7): 1, d(3, 7): 2}
    assert store.days_done(["wall-lean-daily"]) == {d(1, 7): 1, d(3, 7): 1}
    assert store.streaks(d(3, 7)) == Streaks(1, 1)
    add_session(store, dt.datetime(2026, 7, 2, 23, 59, tzinfo=LONDON))
    assert store.streaks(d(3, 7), ["wall-lean-daily"]) == Streaks(3, 3)
    assert store.streaks(d(5, 7)) == Streaks(0, 3)


def test_weekly_counts_from_the_store(store: HistoryStore) -> None:
    add_session(store, at(2, 9), seconds=300)
    add_session(store, at(2, 21), routine="bedtime", seconds=600, completed=False)
    add_session(store, at(10, 9), seconds=300)
    store.record_cramp("calf", at(3, 3), seconds=10)
    store.record_cramp("calf", at(18, 3), seconds=10)
    assert store.weekly() == [
        WeekCounts(d(2), 2, 15.0, 1),
        WeekCounts(d(9), 1, 5.0, 0),
        WeekCounts(d(16), 0, 0.0, 1),
    ]
    assert store.weekly(since=d(9), until=d(15)) == [WeekCounts(d(9), 1, 5.0, 0)]
    assert store.weekly(routines=["bedtime"], since=d(2), until=d(8)) == [
        WeekCounts(d(2), 1, 10.0, 1)
    ]


def test_frequent_cramps_more_than_three_in_seven_days(store: HistoryStore) -> None:
    now = at(20, 12)
    for day in (14, 16, 18):
        store.record_cramp("calf", at(day, 3), seconds=30)
    store.record_cramp("calf", at(13, 11), seconds=30)  # 7 days and an hour ago: outside
    assert store.cramp_count(now) == 3
    assert not store.frequent_cramps(now)
    assert store.frequent_cramps(now, threshold=2)
    store.record_cramp("foot", at(20, 3), seconds=30)
    assert store.frequent_cramps(now)
    assert not store.frequent_cramps(at(25, 12))
    starts = [c.started for c in store.cramps()]
    assert history.frequent_cramps(starts, now)
    assert not history.frequent_cramps(starts, now, threshold=4)
    assert history.cramps_within(starts, now, days=30) == 5


def test_overview_gathers_what_the_view_shows(store: HistoryStore) -> None:
    add_session(store, at(2, 9))
    add_session(store, at(3, 9))
    add_session(store, at(3, 21), routine="bedtime", seconds=600)
    for hour in (1, 2, 3, 4):
        store.record_cramp("calf", at(12, hour), seconds=30)
    view = store.overview(at(18, 12), routines=["wall-lean-daily"], recent=2)
    assert view.today == d(18)
    assert view.days == {d(2): 1, d(3): 1}
    assert view.streaks == Streaks(0, 2)
    assert [w.week for w in view.weeks] == [d(2), d(9), d(16)]  # up to this (empty) week
    assert view.this_week == WeekCounts(d(16), 0, 0.0, 0)
    assert view.weeks[0] == WeekCounts(d(2), 3, 20.0, 0)
    assert [s.started for s in view.recent_sessions] == [at(3, 21), at(3, 9)]
    assert [c.started for c in view.recent_cramps] == [at(12, 4), at(12, 3)]
    assert (view.recent_cramp_count, view.frequent_cramps) == (4, True)
    later = store.overview(at(20, 12))
    assert (later.recent_cramp_count, later.frequent_cramps) == (0, False)
    assert later.days == {d(2): 1, d(3): 2}


def test_history_text_when_empty(store: HistoryStore) -> None:
    assert store.history_text(at(1)) == "No sessions or cramps recorded yet.\n"


def test_history_text_summarises(store: HistoryStore) -> None:
    for day in (16, 17, 18):
        add_session(store, at(day, 9))
    sid = store.start_session("after-workout", at(18, 18))
    store.end_session(
        sid, at(18, 18, 3), completed=False, steps_done=1, seconds=190, interrupted_by_cramp=True
    )
    for hour in (1, 2, 3, 4):
        store.record_cramp("calf", at(18, hour), seconds=150, pain=6, note="woke me")
    text = store.history_text(at(19, 8), routines=["wall-lean-daily"])
    lines = text.splitlines()
    assert lines[0] == "Streak: 3 days (longest 3 days)"
    assert lines[1] == "This week: 4 sessions, 18 min, 4 cramps"
    assert lines[2] == "4 cramps in the last 7 days. Frequent cramps are a reason to see a doctor."
    assert "  2026-11-18 18:00  after-workout       3:10  stopped, cramp" in lines
    assert '  2026-11-18 04:00  calf     2:30  pain 6  "woke me"' in lines
    calm = store.history_text(at(19, 8), threshold=10)
    assert "see a doctor" not in calm
