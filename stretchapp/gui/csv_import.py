"""A CSV import read off the GUI thread, with its progress and a way to cancel it, and what
the history page says when it ends."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from stretchapp.history.csvio import CsvCancelledError, read_csv
from stretchapp.history.records import CsvError, HistoryError, ImportResult, NewCramp, NewSession


class RowSink(Protocol):
    """Where the rows read go (a HistoryStore)."""

    def import_rows(
        self, session_rows: Sequence[NewSession], cramp_rows: Sequence[NewCramp]
    ) -> ImportResult: ...


class CsvReading(QObject):
    """Reads CSV files on a thread of its own; the signals arrive on the GUI thread.

    A million rows take many seconds: the window stays alive, shows how far it got and
    can cancel. Only the reading runs on the thread; the rows go into the history on the
    GUI thread, in one short transaction, by whoever hears ``finished``.
    """

    progressed = Signal(float)  # the share read, 0..1
    finished = Signal(object)  # (sessions, cramps), or the exception that stopped the read
    # the exception is a CsvError, an OSError, or CsvCancelledError when cancelled

    def __init__(self, files: list[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.files = files
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._run, name="csv-import", daemon=True)

    def start(self) -> None:
        """Start reading."""
        self._thread.start()

    def cancel(self) -> None:
        """Stop at the next progress point; ``finished`` then carries CsvCancelledError."""
        self._cancelled.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread (tests, closing); True when it has ended."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _told(self, share: float) -> bool:  # on the reading thread
        try:
            self.progressed.emit(share)
        except RuntimeError:  # the page (and this object) went with the window: stop
            return False
        return not self._cancelled.is_set()

    def _run(self) -> None:
        result: Any
        try:
            if self._cancelled.is_set():
                raise CsvCancelledError
            result = read_csv(*self.files, progress=self._told)
        except (CsvCancelledError, ValueError, OSError) as error:  # CsvError is a ValueError
            result = error
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile: no one to tell
            self.finished.emit(result)


def show_progress(reading: CsvReading, parent: QWidget) -> QProgressDialog:
    """A progress dialog with Cancel for ``reading``; it closes when the read ends (connect
    the page's own ``finished`` handler after this, so the dialog is gone by then)."""
    progress = QProgressDialog("Reading the CSV files…", "Cancel", 0, 100, parent)
    progress.setWindowTitle("Import CSV")
    progress.setMinimumDuration(500)  # a small file is read before it would show
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    reading.progressed.connect(lambda share: progress.setValue(round(share * 100)))
    progress.canceled.connect(reading.cancel)

    def closed(result: object) -> None:
        del result
        progress.close()
        progress.deleteLater()

    reading.finished.connect(closed)
    return progress


def import_outcome(result: object, sink: RowSink | None) -> tuple[str, bool]:
    """Put what a read gave into ``sink``; what the page says then, and whether rows came in.

    Nothing is imported when the read failed or was cancelled, or when the sink is gone.
    """
    if isinstance(result, CsvError):
        more = len(result.problems) - 3
        shown = "; ".join(result.problems[:3]) + (f"; and {more} more" if more > 0 else "")
        return f"Nothing was imported: {shown}", False
    if isinstance(result, CsvCancelledError):
        return "The import was cancelled: nothing was imported.", False
    if isinstance(result, Exception) or sink is None:
        return f"Nothing was imported: {result}", False
    rows = cast("tuple[list[NewSession], list[NewCramp]]", result)
    try:
        done = sink.import_rows(*rows)
    except HistoryError as error:
        return f"Nothing was imported: {error}", False
    skipped = done.sessions_skipped + done.cramps_skipped
    text = f"Imported {done.sessions_added} sessions and {done.cramps_added} cramps" + (
        f" ({skipped} already there)." if skipped else "."
    )
    return text, bool(done.sessions_added or done.cramps_added)
