"""The history as CSV: sessions.csv and cramps.csv written out, and read back in.

Reading collects every problem of every file, each as the loader's Problem at its row's
line and its field's column, before anything is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from stretchapp.core.loader import Problem
from stretchapp.core.spec import suggest
from stretchapp.files import atomic_write
from stretchapp.history.records import (
    CrampRecord,
    CsvError,
    NewCramp,
    NewSession,
    SessionRecord,
    aware,
    iso,
    parse_time,
)

SESSIONS_CSV = "sessions.csv"
CRAMPS_CSV = "cramps.csv"
SESSION_COLUMNS = (
    "routine",
    "started",
    "ended",
    "completed",
    "steps_done",
    "seconds",
    "interrupted_by_cramp",
)
CRAMP_COLUMNS = ("muscle", "started", "seconds", "steps_done", "pain", "note")
_TRUE = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, "": False}


def export_csv(
    directory: Path, sessions: Iterable[SessionRecord], cramps: Iterable[CrampRecord]
) -> tuple[Path, Path]:
    """Write sessions.csv and cramps.csv into ``directory``, each atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    session_rows = (
        (
            s.routine,
            iso(s.started),
            "" if s.ended is None else iso(s.ended),
            "true" if s.completed else "false",
            s.steps_done,
            f"{s.seconds:g}",
            "true" if s.interrupted_by_cramp else "false",
        )
        for s in sessions
    )
    cramp_rows = (
        (
            c.muscle,
            iso(c.started),
            "" if c.seconds is None else f"{c.seconds:g}",
            c.steps_done,
            "" if c.pain is None else c.pain,
            c.note,
        )
        for c in cramps
    )
    return (
        _write_csv(directory / SESSIONS_CSV, SESSION_COLUMNS, session_rows),
        _write_csv(directory / CRAMPS_CSV, CRAMP_COLUMNS, cramp_rows),
    )


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    # 0o600 as exports have always been: a health diary is for its owner's eyes
    return atomic_write(path, out.getvalue(), mode=0o600)


def read_csv(*files: Path) -> tuple[list[NewSession], list[NewCramp]]:
    """The rows of sessions.csv / cramps.csv files (or of the directories holding them).

    Which kind a file is comes from its header. Every problem in every file is collected;
    if there is any, CsvError lists them all and no row is returned.
    """
    paths: list[Path] = []
    for file in files:
        if file.is_dir():
            found = [file / n for n in (SESSIONS_CSV, CRAMPS_CSV) if (file / n).exists()]
            if not found:
                missing = f"no {SESSIONS_CSV} or {CRAMPS_CSV} in this folder"
                raise CsvError([Problem(str(file), 1, 1, "", missing)])
            paths.extend(found)
        else:
            paths.append(file)
    problems: list[Problem] = []
    sessions: list[NewSession] = []
    cramps: list[NewCramp] = []
    for path in paths:
        _read_file(path, problems, sessions, cramps)
    if problems:
        raise CsvError(problems)
    return sessions, cramps


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank row with the line it starts on (a quoted field may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for row in reader:
        if row:
            yield line, row
        line = reader.line_num + 1


class _RowReader:
    """Reads one CSV row's cells, collecting a problem per bad cell."""

    def __init__(
        self, path: Path, line: int, header: Sequence[str], row: Mapping[str, str]
    ) -> None:
        self.path, self.line, self.header, self.row = path, line, header, row
        self.problems: list[Problem] = []

    def _bad(self, column: str, message: str) -> None:
        col = self.header.index(column) + 1 if column in self.header else 1
        self.problems.append(Problem(str(self.path), self.line, col, column, message))

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.row.get(column, "").strip()
        if required and not value:
            self._bad(column, "must not be empty")
        return value

    def when(self, column: str, *, required: bool = True) -> dt.datetime | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            parsed = parse_time(value)
        except ValueError:
            self._bad(column, f"must be an ISO 8601 time, got {value!r}")
            return None
        if parsed.utcoffset() is None:
            self._bad(column, f"must have a UTC offset (like +01:00), got {value!r}")
            return None
        return aware(parsed, column)

    def flag(self, column: str) -> bool:
        value = self.text(column, required=False).lower()
        if value not in _TRUE:
            self._bad(column, f"must be true or false, got {value!r}")
            return False
        return _TRUE[value]

    def number(self, column: str, *, integer: bool = False, top: float | None = None) -> Any:
        value = self.text(column, required=False)
        if not value:
            return None
        try:
            number: float = int(value) if integer else float(value)
        except ValueError:
            number = -1.0
        if not (0 <= number < math.inf) or (top is not None and number > top):
            kind = "a whole number" if integer else "a number"
            limit = f" 0 to {top:g}" if top is not None else " >= 0"
            self._bad(column, f"must be {kind}{limit}, got {value!r}")
            return None
        return number


def _header_problems(path: Path, line: int, header: list[str]) -> tuple[str, list[Problem]]:
    """The file's kind ("sessions", "cramps" or "" for neither) and its header's problems."""
    columns: tuple[str, ...]
    if "routine" in header:
        kind, columns = "sessions", SESSION_COLUMNS
    elif "muscle" in header:
        kind, columns = "cramps", CRAMP_COLUMNS
    else:
        return "", [
            Problem(
                str(path),
                line,
                1,
                "header",
                f"must name the columns of {SESSIONS_CSV} ({', '.join(SESSION_COLUMNS)})"
                f" or {CRAMPS_CSV} ({', '.join(CRAMP_COLUMNS)})",
            )
        ]
    problems = []
    if "started" not in header:  # the first column of either kind is there: it named the kind
        problems.append(Problem(str(path), line, 1, "header", "the column 'started' is missing"))
    for col, name in enumerate(header, start=1):
        # Other columns are ignored (a spreadsheet adds its own), but a near miss of ours
        # would quietly drop that column's values: it is most likely a typing slip.
        near = suggest(name, columns) if name not in columns else ""
        if near:
            problems.append(
                Problem(str(path), line, col, name, f"is not a column of the {kind} file{near}")
            )
    return kind, problems


def _read_file(
    path: Path, problems: list[Problem], sessions: list[NewSession], cramps: list[NewCramp]
) -> None:
    try:
        # utf-8-sig: spreadsheets often save a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(str(path), 1, 1, "", f"cannot read: {error}"))
        return
    rows = _rows(text)
    line, names = next(rows, (1, []))
    header = [name.strip() for name in names]
    kind, bad_header = _header_problems(path, line, header)
    if bad_header:
        problems.extend(bad_header)
        return
    for line, row in rows:
        cells = _RowReader(path, line, header, dict(zip(header, row, strict=False)))
        started = cells.when("started")
        if kind == "sessions":
            routine = cells.text("routine")
            ended = cells.when("ended", required=False)
            completed = cells.flag("completed")
            steps = cells.number("steps_done", integer=True)
            seconds = cells.number("seconds")
            interrupted = cells.flag("interrupted_by_cramp")
            if not cells.problems and started is not None:
                sessions.append(
                    NewSession(
                        routine, started, ended, completed, steps or 0, seconds or 0.0, interrupted
                    )
                )
        else:
            muscle = cells.text("muscle")
            seconds = cells.number("seconds")
            steps = cells.number("steps_done", integer=True)
            pain = cells.number("pain", integer=True, top=10)
            note = cells.row.get("note", "")
            if not cells.problems and started is not None:
                cramps.append(NewCramp(muscle, started, seconds, steps or 0, pain, note, None))
        problems.extend(cells.problems)
