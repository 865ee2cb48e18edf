"""The history as CSV: sessions.csv and cramps.csv written out, and read back in.

Reading collects every problem of every file, each as the loader's Problem at its row's
line and its field's column, before anything is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from stretchapp.core.loader import Problem
from stretchapp.core.spec import suggest
from stretchapp.files import TooLargeError, atomic_write, read_limited
from stretchapp.history.records import (
    SANE_YEARS,
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


# Cells a spreadsheet would take for a formula (OWASP, "CSV injection"); a quote before
# them makes the spreadsheet show the text, and an import takes the quote off again.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def neutralised(cell: object) -> object:
    """A text cell as exported: a leading quote before a formula start (or a quote)."""
    if isinstance(cell, str) and cell.startswith((*_FORMULA_STARTS, _QUOTE)):
        return _QUOTE + cell
    return cell


def restored(cell: str) -> str:
    """A text cell as imported: the quote export put before a formula start taken off."""
    if cell.startswith(_QUOTE) and cell[1:].startswith((*_FORMULA_STARTS, _QUOTE)):
        return cell[1:]
    return cell


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    # 0o600 as exports have always been: a health diary is for its owner's eyes
    return atomic_write(path, out.getvalue(), mode=0o600)


MAX_BYTES = 16 << 20  # a history of years is a megabyte or two; past this it is no history
MAX_PROBLEMS = 100  # said and no more: a file of a million bad rows needs one message
MAX_STEPS = 10_000  # steps_done past this is no session (and could overflow SQLite)
MAX_SECONDS = 7 * 24 * 3600.0  # a session or cramp of more than a week is a typing slip
PROGRESS_ROWS = 1000  # rows between two calls of the progress callback


class CsvCancelledError(Exception):
    """The import was cancelled (the progress callback said stop); nothing was imported."""


Progress = Callable[[float], bool]  # the share done 0..1; False cancels


def read_csv(
    *files: Path, progress: Progress | None = None
) -> tuple[list[NewSession], list[NewCramp]]:
    """The rows of sessions.csv / cramps.csv files (or of the directories holding them).

    Which kind a file is comes from its header. Every problem in every file is collected
    (the first MAX_PROBLEMS); if there is any, CsvError lists them and no row is returned.
    Only regular files of at most MAX_BYTES are read (a FIFO or /dev/zero is a problem,
    never a hang). ``progress`` hears the share read every PROGRESS_ROWS rows; when it
    returns False the read stops with CsvCancelledError.
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
    for number, path in enumerate(paths):
        share = _Share(progress, number, len(paths))
        _read_file(path, problems, sessions, cramps, share)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        if len(problems) >= MAX_PROBLEMS:
            last = problems[MAX_PROBLEMS - 1]
            stop = Problem(last.path, last.line, 1, "", "too many problems; reading stopped here")
            problems = [*problems[: MAX_PROBLEMS - 1], stop]
        raise CsvError(problems)
    return sessions, cramps


class _Share:
    """Tells ``progress`` how far the reading of file ``number`` of ``count`` is."""

    def __init__(self, progress: Progress | None, number: int, count: int) -> None:
        self._progress, self._number, self._count = progress, number, count

    def __call__(self, done: float) -> None:
        if self._progress is not None and not self._progress((self._number + done) / self._count):
            raise CsvCancelledError


def _rows(text: str, path: Path, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank row with the line it starts on (a quoted field may span lines).

    A row the csv module cannot read (a field over its limit of 128 KiB, a NUL) is a
    problem at its line, and the reading of this file stops there.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for row in reader:
            if row:
                yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(str(path), line, 1, "", f"cannot read this row: {error}"))


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
        value = restored(self.row.get(column, "").strip())
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
        try:
            sane = parsed.astimezone(dt.UTC).year in SANE_YEARS
        except OverflowError:  # year 1 or 9999 with an offset
            sane = False
        if not sane:
            first, last = SANE_YEARS[0], SANE_YEARS[-1]
            self._bad(column, f"must be a time between {first} and {last}, got {value!r}")
            return None
        return aware(parsed, column)

    def flag(self, column: str) -> bool:
        value = self.text(column, required=False).lower()
        if value not in _TRUE:
            self._bad(column, f"must be true or false, got {value!r}")
            return False
        return _TRUE[value]

    def number(
        self,
        column: str,
        *,
        integer: bool = False,
        top: float | None = None,
        most: float | None = None,
    ) -> Any:
        """The cell's number; ``top``: the limit its range names, ``most``: a sanity bound."""
        value = self.text(column, required=False)
        if not value:
            return None
        try:
            number: float = int(value) if integer else float(value)
        except ValueError:  # also an integer past Python's digit limit
            number = -1.0
        if not (0 <= number < math.inf) or (top is not None and number > top):
            kind = "a whole number" if integer else "a number"
            limit = f" 0 to {top:g}" if top is not None else " >= 0"
            self._bad(column, f"must be {kind}{limit}, got {value!r}")
            return None
        if most is not None and number > most:  # SQLite's integers end at 2**63
            self._bad(column, f"must be at most {most:g}, got {value!r}")
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
    path: Path,
    problems: list[Problem],
    sessions: list[NewSession],
    cramps: list[NewCramp],
    progress: Callable[[float], None],
) -> None:
    try:
        # utf-8-sig: spreadsheets often save a byte-order mark.
        text = read_limited(path, MAX_BYTES).decode("utf-8-sig")
    except TooLargeError:
        problems.append(
            Problem(str(path), 1, 1, "", f"cannot read: larger than {MAX_BYTES >> 20} MiB")
        )
        return
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(str(path), 1, 1, "", f"cannot read: {error}"))
        return
    rows = _rows(text, path, problems)
    line, names = next(rows, (1, []))
    header = [name.strip() for name in names]
    kind, bad_header = _header_problems(path, line, header)
    if bad_header:
        problems.extend(bad_header)
        return
    lines = text.count("\n") + 1
    for count, (line, row) in enumerate(rows, start=1):
        if count % PROGRESS_ROWS == 0:
            progress(min(1.0, line / lines))
        if len(problems) >= MAX_PROBLEMS:
            return
        cells = _RowReader(path, line, header, dict(zip(header, row, strict=False)))
        started = cells.when("started")
        if kind == "sessions":
            routine = cells.text("routine")
            ended = cells.when("ended", required=False)
            completed = cells.flag("completed")
            steps = cells.number("steps_done", integer=True, most=MAX_STEPS)
            seconds = cells.number("seconds", most=MAX_SECONDS)
            interrupted = cells.flag("interrupted_by_cramp")
            if not cells.problems and started is not None:
                sessions.append(
                    NewSession(
                        routine, started, ended, completed, steps or 0, seconds or 0.0, interrupted
                    )
                )
        else:
            muscle = cells.text("muscle")
            seconds = cells.number("seconds", most=MAX_SECONDS)
            steps = cells.number("steps_done", integer=True, most=MAX_STEPS)
            pain = cells.number("pain", integer=True, top=10)
            note = restored(cells.row.get("note", ""))
            if not cells.problems and started is not None:
                cramps.append(NewCramp(muscle, started, seconds, steps or 0, pain, note, None))
        problems.extend(cells.problems)
