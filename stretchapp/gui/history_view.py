"""The history page: streaks, this week, the heat map and the cramps a week, the list, CSV.

The two pictures are drawn by `history_charts.py`, the list is `history_list.py`, the note
after a relief is `cramp_note.py`; a CSV import is read by `csv_import.py`. The list keeps
ROOM_ROWS rows on a short page: the pictures give way first, and come back with Show charts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.routine import MUSCLES

# the pure statistics only: stretchapp.history (SQLite, CSV) loads with the first use
from stretchapp.core.stats import FREQUENT_DAYS, week_of
from stretchapp.gui.a11y import describe
from stretchapp.gui.cramp_note import CrampNote
from stretchapp.gui.history_charts import (
    CHART_WEEKS,
    HEAT_WEEKS,
    ChartsPanel,
    HeatMap,
    WeekChart,
    heat_level,
)
from stretchapp.gui.history_list import MUSCLE_LABELS, HistoryList, RowSource
from stretchapp.gui.history_rows import RESULTS, clock_text, session_result
from stretchapp.gui.theme import Theme

if TYPE_CHECKING:
    from stretchapp.gui.csv_import import CsvReading
    from stretchapp.history import ImportResult, Overview
    from stretchapp.history.records import NewCramp, NewSession

# The pictures, the list, the cramp note and the rows' texts live in their own modules;
# importing them from here still works (the window imports CrampNote from here).
__all__ = [
    "CHART_WEEKS",
    "DOCTOR_NOTICE",
    "HEAT_WEEKS",
    "MUSCLE_LABELS",
    "OCCASIONAL",
    "RESULTS",
    "ROOM_ROWS",
    "THRESHOLD_NOTE",
    "ChartsPanel",
    "CrampNote",
    "HeatMap",
    "HistoryList",
    "HistorySource",
    "HistoryView",
    "WeekChart",
    "clock_text",
    "heat_level",
    "session_result",
]

# seed 004: "If leg cramps become more than an occasional issue ... it's best to see your
# doctor for a diagnosis." It gives no number: the settings' threshold is the program's own.
OCCASIONAL = "more than an occasional issue"
# one line under the list on a wide page; the whole sentence is its tooltip
THRESHOLD_NOTE = (
    "When to mention a doctor is stretchapp's own choice (Settings); "
    f"the articles say only “{OCCASIONAL}”."
)
THRESHOLD_TIP = (
    "How many cramps in 7 days make stretchapp mention a doctor is the program's own choice "
    "(Settings, Cramp diary); the articles give no number: they say to see your doctor if "
    f"leg cramps become “{OCCASIONAL}”."
)
DOCTOR_NOTICE = (
    "You have logged {count} cramps in the last {days} days. When leg cramps become "
    f"“{OCCASIONAL}”, it is best to see your doctor: sometimes they have a cause a doctor "
    "can find and treat. (The number that brings this notice is stretchapp's own choice, "
    "set in Settings.)"
)
ROOM_ROWS = 6  # whole rows the list keeps before the pictures may take room from it


class HistorySource(RowSource, Protocol):
    """What the page reads (a HistoryStore): the list's rows, and CSV out and in."""

    def export_csv(self, directory: Path) -> tuple[Path, Path]: ...
    def import_csv(self, *files: Path) -> ImportResult: ...
    def import_rows(
        self, session_rows: Sequence[NewSession], cramp_rows: Sequence[NewCramp]
    ) -> ImportResult: ...


class StatusLine(QLabel):
    """The page's one line of what happened; it takes no room while it says nothing."""

    def setText(self, text: str) -> None:  # noqa: N802  (Qt's name)
        """Show ``text``; hide when it is empty."""
        super().setText(text)
        self.setVisible(bool(text))


class HistoryView(QWidget):
    """The page; it reads a HistorySource and says what it exported or imported."""

    close_clicked = Signal()
    imported = Signal()  # rows were added: the page is read again
    notice_dismissed = Signal()
    # "sessions" or "cramps", its id, what to call it: the controller deletes and reads again
    delete_requested = Signal(str, int, str)
    undo_requested = Signal()  # Ctrl+Z on the page: the last delete comes back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: HistorySource | None = None
        self.overview: Overview | None = None
        self.reading: CsvReading | None = None  # a CSV import being read
        self._charts_wanted: bool | None = None  # the user's Show or Hide; None: room decides

        title = QLabel("History")
        title.setProperty("role", "title")
        self.streak_label = QLabel()
        self.streak_label.setProperty("role", "big")
        describe(self.streak_label, "Streak")
        self.week_label = QLabel()
        self.week_label.setProperty("role", "big")
        describe(self.week_label, "This week")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close the history (Esc)")
        self.close_button.clicked.connect(self.close_clicked.emit)
        self.charts_button = QPushButton("Hide charts")
        self.charts_button.clicked.connect(self._on_charts_button_clicked)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setAccessibleName("Export CSV files of the history")
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton("Import CSV…")
        self.import_button.setAccessibleName("Import CSV files into the history")
        self.import_button.clicked.connect(self.import_files)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        # in the title's row, not the filters': at the smallest window the filters need it
        for b in (self.charts_button, self.export_button, self.import_button):
            head.addWidget(b)
        head.addSpacing(12)
        head.addWidget(self.close_button)
        figures = QHBoxLayout()
        figures.addWidget(self.streak_label)
        figures.addSpacing(28)
        figures.addWidget(self.week_label)
        figures.addStretch(1)

        self.notice = QFrame()
        self.notice.setProperty("role", "notice")
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        describe(self.notice_label, "Notice")
        self.notice_button = QPushButton("OK")
        self.notice_button.setAccessibleName("Dismiss the notice")
        self.notice_button.clicked.connect(self._on_notice_button_clicked)
        n = QHBoxLayout(self.notice)
        n.setContentsMargins(14, 8, 10, 8)
        n.addWidget(self.notice_label, 1)
        n.addWidget(self.notice_button)
        self.notice.hide()

        self.charts = ChartsPanel()
        self.heat = self.charts.heat
        self.chart = self.charts.chart
        self.threshold_note = QLabel(THRESHOLD_NOTE)
        self.threshold_note.setProperty("role", "muted")
        self.threshold_note.setWordWrap(True)
        self.threshold_note.setToolTip(THRESHOLD_TIP)
        describe(self.threshold_note, "About the doctor notice")

        self.entries = HistoryList()
        self.entries.delete_requested.connect(self.delete_requested.emit)
        # the list's parts by their old names: the window, the controller and tests use them
        self.list = self.entries.list
        self.kind = self.entries.kind
        self.which = self.entries.which
        self.result = self.entries.result
        self.delete_button = self.entries.delete_button
        for b in (
            self.close_button,
            self.charts_button,
            self.notice_button,
            self.export_button,
            self.import_button,
        ):
            b.setAutoDefault(False)
        undo_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_key.activated.connect(self.undo_requested.emit)
        self.status = StatusLine()
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        describe(self.status, "History status")
        self.status.hide()
        self.entries.failed.connect(self.status.setText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 16)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addLayout(figures)
        layout.addWidget(self.notice)
        layout.addWidget(self.charts)
        layout.addWidget(self.entries, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.threshold_note)
        self._fit_charts()

    def set_theme(self, theme: Theme) -> None:
        """Colours for the painted parts."""
        self.charts.set_theme(theme)

    # -- room: the list keeps ROOM_ROWS whole rows; the pictures give way first

    def _list_needs(self, rows: int) -> int:
        row = self.list.sizeHintForRow(0)
        if row <= 0:  # no rows yet: a line of text and the items' padding
            row = self.list.fontMetrics().height() + 12
        header = self.list.header().sizeHint().height()
        return header + rows * row + 2 * self.list.frameWidth()

    def _fit_charts(self) -> None:
        # a short page (a small screen, the doctor notice up) keeps the list's rows and drops
        # the pictures; the user's own Show charts or Hide charts wins over the room
        wanted = self._charts_wanted
        if wanted is None:
            layout = cast("QVBoxLayout", self.layout())
            layout.activate()  # the geometry of now, after a notice came or went
            room = self.list.height()
            if self.charts.isVisibleTo(self):
                room += self.charts.height() + layout.spacing()
            needs = self.charts.sizeHint().height() + layout.spacing()
            wanted = room >= self._list_needs(ROOM_ROWS) + needs
        self.charts.setVisible(wanted)
        self.charts_button.setText("Hide charts" if wanted else "Show charts")
        self.charts_button.setAccessibleName(
            "Hide charts: more rows for the list" if wanted else "Show charts"
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  (Qt's name)
        """Show the pictures only when the list keeps its rows."""
        super().resizeEvent(event)
        self._fit_charts()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802  (Qt's name)
        """Fit the pictures to the page as it is shown."""
        super().showEvent(event)
        self._fit_charts()

    @Slot()
    def _on_charts_button_clicked(self) -> None:
        self._charts_wanted = self.charts.isHidden()
        self._fit_charts()

    # -- content

    def show_overview(
        self,
        source: HistorySource,
        overview: Overview,
        *,
        routines: Sequence[str] = (),
        muscles: Sequence[str] = MUSCLES,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        """Show an overview read from ``source``; the list filters read it again.

        titles: what to call each routine id (the library's titles); ids otherwise.
        """
        self.source = source
        self.overview = overview
        s, w = overview.streaks, overview.this_week
        day = "day" if s.current == 1 else "days"
        self.streak_label.setText(f"Streak: {s.current} {day} · longest {s.longest}")
        sessions = "session" if w.sessions == 1 else "sessions"
        cramps = "cramp" if w.cramps == 1 else "cramps"
        self.week_label.setText(
            f"This week: {w.sessions} {sessions}, {round(w.minutes)} min, {w.cramps} {cramps}"
        )
        self.heat.set_days(overview.days, overview.today)
        self.chart.set_weeks(overview.weeks, week_of(overview.today))
        self.entries.show_overview(
            source, overview, routines=routines, muscles=muscles, titles=dict(titles or {})
        )
        empty = not overview.recent_sessions and not overview.recent_cramps
        self.status.setText(
            "No sessions or cramps recorded yet: they appear here after your first routine."
            if empty
            else ""
        )
        self._fit_charts()  # the rows' height is known now, and whether the status shows

    def show_notice(self, text: str) -> None:
        """The calm word about frequent cramps."""
        self.notice_label.setText(text)
        self.notice.show()
        self._fit_charts()

    def doctor_notice(self, count: int) -> str:
        """The text of the frequent-cramps notice."""
        return DOCTOR_NOTICE.format(count=count, days=FREQUENT_DAYS)

    @Slot()
    def _on_notice_button_clicked(self) -> None:
        self.notice.hide()
        self._fit_charts()
        self.notice_dismissed.emit()

    # -- the list (history_list.py)

    def row_texts(self) -> list[list[str]]:
        """What the list shows, row by row."""
        return self.entries.row_texts()

    def set_filter(self, kind: str, key: str | None = None, *, result: str | None = None) -> None:
        """Show sessions or cramps, of one routine or muscle (None: all); sessions with one
        result ("partial"; None: any)."""
        self.entries.set_filter(kind, key, result=result)

    def select_row(self, row: int) -> None:
        """Select the row at ``row`` (the last one when past the end)."""
        self.entries.select_row(row)

    def select_entry(self, kind: str, entry_id: int) -> None:
        """Select the row of this session or cramp ("sessions", "cramps"), if the list shows it."""
        self.entries.select_entry(kind, entry_id)

    # -- CSV, behind file dialogs a test can replace

    def choose_export_folder(self) -> Path | None:
        """Ask where to write sessions.csv and cramps.csv."""
        folder = QFileDialog.getExistingDirectory(self, "Export the history to a folder")
        return Path(folder) if folder else None

    def choose_import_files(self) -> list[Path]:
        """Ask which CSV files to import."""
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import history CSV files", "", "CSV files (*.csv)"
        )
        return [Path(f) for f in files]

    @Slot()
    def export(self) -> None:
        """Export CSV: sessions.csv and cramps.csv into a chosen folder."""
        folder = self.choose_export_folder()
        if folder is None or self.source is None:
            return
        from stretchapp.history import HistoryError  # noqa: PLC0415

        try:
            sessions, cramps = self.source.export_csv(folder)
        except (OSError, HistoryError) as error:
            self.status.setText(f"{folder}: could not export ({error}).")
            return
        self.status.setText(f"Exported {sessions.name} and {cramps.name} to {folder}.")

    @Slot()
    def import_files(self) -> None:
        """Import CSV: read off the GUI thread with progress and Cancel; rows already there
        are skipped. ``reading`` is the read in progress (None once done)."""
        if self.reading is not None:
            return  # one import at a time
        files = self.choose_import_files()
        if not files or self.source is None:
            return
        from stretchapp.gui.csv_import import CsvReading, show_progress  # noqa: PLC0415

        reading = CsvReading(files, self)
        show_progress(reading, self)
        reading.finished.connect(self._on_read)
        self.reading = reading
        self.status.setText("Importing…")
        reading.start()

    def _on_read(self, result: object) -> None:
        from stretchapp.gui.csv_import import import_outcome  # noqa: PLC0415

        self.reading = None
        text, added = import_outcome(result, self.source)
        if added:
            self.imported.emit()  # the page is read again, then says what came in
        self.status.setText(text)
