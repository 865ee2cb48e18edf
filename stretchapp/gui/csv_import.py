"""A CSV import read off the GUI thread, with its progress and a way to cancel it."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from stretchapp.history.csvio import CsvCancelledError, read_csv


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
