"""SQL the store's methods share: whole rows inserted by their natural keys, filters, checks."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from stretchapp.history.records import HistoryError, NewCramp, NewSession, aware, epoch_ms, iso

# A session's status; rows inserted whole (imported) have none and take it from their fields.
STATUS = (
    "coalesce(status, CASE WHEN ended IS NULL THEN 'unfinished'"
    " WHEN completed = 1 THEN 'completed' ELSE 'stopped' END)"
)


# Rows that point at a session by its id (ON DELETE SET NULL): a restored session takes them back.
_LINKED = {"sessions": ("cramps", "reminders"), "cramps": ()}


@dataclass(frozen=True, slots=True)
class Deleted:
    """A session or cramp taken out of the history, with every value needed to put it back."""

    table: str  # "sessions" or "cramps"
    values: tuple[tuple[str, Any], ...]  # (column, value) of the row as it was, id first
    links: tuple[tuple[str, int], ...]  # (table, id) of the rows that pointed at it

    def __post_init__(self) -> None:
        # the table's name goes into SQL: only the two that can be deleted from
        if self.table not in _LINKED:
            raise ValueError(f"only sessions and cramps can be restored, not {self.table!r}")

    @property
    def id(self) -> int:
        """The id the row had (and gets back)."""
        row_id: int = dict(self.values)["id"]
        return row_id


def delete(cur: sqlite3.Cursor, table: str, row_id: int) -> Deleted:
    """Delete one session or cramp and return it whole; KeyError when there is no such row."""
    links = _LINKED[table]  # the table's name goes into SQL: only these two
    found = cur.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))  # noqa: S608 (fixed names)
    names = [column[0] for column in found.description]
    row = found.fetchone()
    if row is None:
        raise KeyError(f"no {table[:-1]} with id {row_id} in the history")
    linked = tuple(
        (other, link_id)
        for other in links
        for (link_id,) in cur.execute(
            f"SELECT id FROM {other} WHERE session_id = ? ORDER BY id",  # noqa: S608 (fixed names)
            (row_id,),
        ).fetchall()
    )
    cur.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))  # noqa: S608 (fixed names)
    return Deleted(table, tuple(zip(names, row, strict=True)), linked)


def restore(cur: sqlite3.Cursor, deleted: Deleted) -> int | None:
    """Insert a deleted row again with its values and links; its id, or None when it is back.

    The id is the one it had, unless a row added since took it: then it gets a new one.
    """
    values = dict(deleted.values)
    taken = cur.execute(
        f"SELECT 1 FROM {deleted.table} WHERE id = ?",  # noqa: S608 (fixed names)
        (deleted.id,),
    ).fetchone()
    if taken is not None:
        del values["id"]
    cur.execute(
        f"INSERT INTO {deleted.table} ({', '.join(values)})"  # noqa: S608 (fixed names)
        f" VALUES ({', '.join('?' * len(values))}) ON CONFLICT DO NOTHING",
        list(values.values()),
    )
    if cur.rowcount != 1:
        return None  # the same routine (or muscle) and start is in the history again
    row_id = rowid(cur)
    for other, link_id in deleted.links:
        cur.execute(
            f"UPDATE {other} SET session_id = ? WHERE id = ? AND session_id IS NULL",  # noqa: S608 (fixed names)
            (row_id, link_id),
        )
    return row_id


def insert_session(cur: sqlite3.Cursor, new: NewSession) -> int | None:
    """Insert a whole session; None (and nothing written) when its routine and start exist."""
    cur.execute(
        "INSERT INTO sessions (routine, started, started_ms, day, ended, completed,"
        " steps_done, seconds, interrupted_by_cramp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (routine, started_ms) DO NOTHING",
        (
            new.routine,
            iso(new.started),
            epoch_ms(new.started),
            new.started.date().isoformat(),
            None if new.ended is None else iso(new.ended),
            int(new.completed),
            new.steps_done,
            new.seconds,
            int(new.interrupted_by_cramp),
        ),
    )
    return rowid(cur) if cur.rowcount == 1 else None


def insert_cramp(cur: sqlite3.Cursor, new: NewCramp) -> int | None:
    """Insert a whole cramp; None (and nothing written) when its muscle and start exist."""
    cur.execute(
        "INSERT INTO cramps (muscle, started, started_ms, day, seconds, steps_done, pain,"
        " note, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (muscle, started_ms) DO NOTHING",
        (
            new.muscle,
            iso(new.started),
            epoch_ms(new.started),
            new.started.date().isoformat(),
            new.seconds,
            new.steps_done,
            new.pain,
            new.note,
            new.session_id,
        ),
    )
    return rowid(cur) if cur.rowcount == 1 else None


def rowid(cur: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just added."""
    rowid = cur.lastrowid
    if rowid is None:  # pragma: no cover (an INSERT that succeeded always sets it)
        raise HistoryError("the database gave no id for a new row")
    return rowid


def one_row(cur: sqlite3.Cursor, what: str, row_id: int) -> None:
    """KeyError unless the UPDATE just run changed exactly the row asked for."""
    if cur.rowcount != 1:
        raise KeyError(f"no {what} with id {row_id} in the history")


def check_pain(pain: int | None) -> None:
    """ValueError unless pain is None or a whole number 0 to 10."""
    if pain is not None and (
        isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10
    ):
        raise ValueError(f"pain must be a whole number 0 to 10, got {pain!r}")


def filters(
    since: dt.datetime | None,
    until: dt.datetime | None,
    name: str,
    values: str | Collection[str] | None,
    *,
    column: str = "started_ms",
) -> tuple[str, list[Any]]:
    """A WHERE clause and its arguments: [since, until) on ``column``, ``name`` IN ``values``."""
    clauses: list[str] = []
    args: list[Any] = []
    if since is not None:
        clauses.append(f"{column} >= ?")
        args.append(epoch_ms(aware(since, "since")))
    if until is not None:
        clauses.append(f"{column} < ?")
        args.append(epoch_ms(aware(until, "until")))
    if values is not None:
        wanted = [values] if isinstance(values, str) else list(values)
        clauses.append(f"{name} IN ({', '.join('?' * len(wanted))})")
        args.extend(wanted)
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), args


def select(db: sqlite3.Connection, sql: str, args: list[Any], limit: int | None) -> sqlite3.Cursor:
    """The rows of a SELECT, at most ``limit`` of them (all when None)."""
    if limit is None:
        return db.execute(sql, args)
    return db.execute(f"{sql} LIMIT ?", [*args, limit])
