"""The history page: streaks, this week, the heat map and the cramps a week, the list, CSV.

The two pictures are drawn by `history_charts.py`; the note after a relief is `cramp_note.py`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.durations import format_clock
from stretchapp.core.routine import MUSCLE_NAMES, MUSCLES
from stretchapp.gui.cramp_note import CrampNote
from stretchapp.gui.history_charts import CHART_WEEKS, HEAT_WEEKS, HeatMap, WeekChart, heat_level
from stretchapp.gui.theme import Theme
from stretchapp.history import (
    FREQUENT_DAYS,
    RECENT,
    CrampRecord,
    CsvError,
    HistoryError,
    ImportResult,
    Overview,
    SessionRecord,
    week_of,
)
from stretchapp.history.csvio import CsvCancelledError
from stretchapp.history.records import NewCramp, NewSession

if TYPE_CHECKING:
    from stretchapp.gui.csv_import import CsvReading

# The pictures and the cramp note live in their own modules; importing them from here still
# works (the window imports CrampNote from here).
__all__ = [
    "CHART_WEEKS",
    "DOCTOR_NOTICE",
    "HEAT_WEEKS",
    "MUSCLE_LABELS",
    "CrampNote",
    "HeatMap",
    "HistorySource",
    "HistoryView",
    "WeekChart",
    "clock_text",
    "heat_level",
    "session_result",
]

# in lower case: the list and the filter say "front of thigh" in the middle of a line
MUSCLE_LABELS = {muscle: name.lower() for muscle, name in MUSCLE_NAMES.items()}
# seed 004: "If leg cramps become more than an occasional issue ... see your doctor"
DOCTOR_NOTICE = (
    "You have logged {count} cramps in the last {days} days. When leg cramps become more "
    "than an occasional issue, it is best to see your doctor: sometimes they have a cause "
    "a doctor can find and treat."
)


class HistorySource(Protocol):
    """What the page reads (a HistoryStore)."""

    def sessions(
        self, *, routine: str | Collection[str] | None = None, limit: int | None = None
    ) -> list[SessionRecord]: ...
    def cramps(
        self, *, muscle: str | Collection[str] | None = None, limit: int | None = None
    ) -> list[CrampRecord]: ...
    def export_csv(self, directory: Path) -> tuple[Path, Path]: ...
    def import_csv(self, *files: Path) -> ImportResult: ...
    def import_rows(
        self, session_rows: Sequence[NewSession], cramp_rows: Sequence[NewCramp]
    ) -> ImportResult: ...


def clock_text(seconds: float | None) -> str:
    """ "4:05", "1:02:03" or "-"."""
    if seconds is None:
        return "-"
    return format_clock(seconds, rounding="nearest")


def session_result(s: SessionRecord) -> str:
    """Completed, stopped or did not end; and whether a cramp came in between."""
    text = "completed" if s.completed else ("did not end" if s.ended is None else "stopped")
    return text + (", cramp" if s.interrupted_by_cramp else "")


class HistoryView(QWidget):
    """The page; it reads a HistorySource and says what it exported or imported."""

    close_clicked = Signal()
    imported = Signal()  # rows were added: the page is read again
    notice_dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: HistorySource | None = None
        self.overview: Overview | None = None
        self.reading: CsvReading | None = None  # a CSV import being read
        self._routines: list[str] = []
        self._titles: dict[str, str] = {}
        self._muscles: list[str] = []

        title = QLabel("History")
        title.setProperty("role", "title")
        self.streak_label = QLabel()
        self.streak_label.setProperty("role", "big")
        self.streak_label.setAccessibleName("Streak")
        self.week_label = QLabel()
        self.week_label.setProperty("role", "big")
        self.week_label.setAccessibleName("This week")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close the history (Esc)")
        self.close_button.clicked.connect(self.close_clicked.emit)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.close_button)
        figures = QHBoxLayout()
        figures.addWidget(self.streak_label)
        figures.addSpacing(40)
        figures.addWidget(self.week_label)
        figures.addStretch(1)

        self.notice = QFrame()
        self.notice.setProperty("role", "notice")
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName("Notice")
        self.notice_button = QPushButton("OK")
        self.notice_button.setAccessibleName("Dismiss the notice")
        self.notice_button.clicked.connect(self._on_notice_button_clicked)
        n = QHBoxLayout(self.notice)
        n.setContentsMargins(14, 8, 10, 8)
        n.addWidget(self.notice_label, 1)
        n.addWidget(self.notice_button)
        self.notice.hide()

        self.heat = HeatMap()
        self.chart = WeekChart()
        heat_box = QVBoxLayout()
        heat_caption = QLabel("Days the daily routine was done (fuller colour: more often)")
        heat_caption.setProperty("role", "muted")
        heat_box.addWidget(heat_caption)
        heat_box.addWidget(self.heat)
        heat_box.addStretch(1)
        chart_box = QVBoxLayout()
        chart_caption = QLabel("Cramps a week")
        chart_caption.setProperty("role", "muted")
        chart_box.addWidget(chart_caption)
        chart_box.addWidget(self.chart)
        chart_box.addStretch(1)
        pictures = QHBoxLayout()
        pictures.addLayout(heat_box)
        pictures.addSpacing(28)
        pictures.addLayout(chart_box, 1)

        self.kind = QComboBox()
        self.kind.setAccessibleName("Show")
        self.kind.addItem("Sessions", "sessions")
        self.kind.addItem("Cramps", "cramps")
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.which = QComboBox()
        self.which.setAccessibleName("Routine or muscle")
        self.which.currentIndexChanged.connect(self._on_which_current_index_changed)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setAccessibleName("Export the history as CSV files")
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton("Import CSV…")
        self.import_button.setAccessibleName("Import CSV files into the history")
        self.import_button.clicked.connect(self.import_files)
        for b in (self.close_button, self.notice_button, self.export_button, self.import_button):
            b.setAutoDefault(False)
        tools = QHBoxLayout()
        tools.addWidget(self.kind)
        tools.addWidget(self.which)
        tools.addStretch(1)
        tools.addWidget(self.export_button)
        tools.addWidget(self.import_button)

        self.list = QTreeWidget()
        self.list.setAccessibleName("Sessions and cramps")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("History status")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addLayout(figures)
        layout.addWidget(self.notice)
        layout.addLayout(pictures)
        layout.addLayout(tools)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)

    def set_theme(self, theme: Theme) -> None:
        """Colours for the painted parts."""
        self.heat.set_theme(theme)
        self.chart.set_theme(theme)

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
        self._titles = dict(titles or {})
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
        seen = {r.routine for r in overview.recent_sessions}
        self._routines = sorted(set(routines) | seen)
        self._muscles = list(muscles) + sorted(
            {c.muscle for c in overview.recent_cramps} - set(muscles)
        )
        self._fill_which()
        self._fill_list()
        empty = not overview.recent_sessions and not overview.recent_cramps
        self.status.setText(
            "No sessions or cramps recorded yet: they appear here after your first routine."
            if empty
            else ""
        )

    def show_notice(self, text: str) -> None:
        """The calm word about frequent cramps."""
        self.notice_label.setText(text)
        self.notice.show()

    def doctor_notice(self, count: int) -> str:
        """The text of the frequent-cramps notice."""
        return DOCTOR_NOTICE.format(count=count, days=FREQUENT_DAYS)

    @Slot()
    def _on_notice_button_clicked(self) -> None:
        self.notice.hide()
        self.notice_dismissed.emit()

    def _fill_which(self) -> None:
        cramps = self.kind.currentData() == "cramps"
        self.which.blockSignals(True)
        self.which.clear()
        if cramps:
            self.which.addItem("All muscles", None)
            for m in self._muscles:
                self.which.addItem(MUSCLE_LABELS.get(m, m), m)
        else:
            self.which.addItem("All routines", None)
            for r in self._routines:
                self.which.addItem(self._titles.get(r, r), r)
        self.which.blockSignals(False)

    def _fill_list(self) -> None:
        self.list.clear()
        if self.source is None or self.overview is None:
            return
        try:
            self._fill_rows()
        except HistoryError as error:  # a file damaged since the page was read
            self.status.setText(str(error))

    def _fill_rows(self) -> None:
        assert self.source is not None
        assert self.overview is not None
        chosen = self.which.currentData()
        key = None if chosen is None else str(chosen)
        items: list[QTreeWidgetItem] = []
        if self.kind.currentData() == "cramps":
            self.list.setHeaderLabels(["Started", "Muscle", "Lasted", "Pain", "Note"])
            if key is None:
                cramps: Sequence[CrampRecord] = self.overview.recent_cramps
            else:
                cramps = self.source.cramps(muscle=key, limit=RECENT)
            for c in cramps:
                pain = "" if c.pain is None else str(c.pain)
                label = MUSCLE_LABELS.get(c.muscle, c.muscle)
                when = f"{c.started.astimezone():%a %d %b %Y  %H:%M}"
                items.append(QTreeWidgetItem([when, label, clock_text(c.seconds), pain, c.note]))
        else:
            self.list.setHeaderLabels(["Started", "Routine", "Length", "Result"])
            if key is None:
                sessions: Sequence[SessionRecord] = self.overview.recent_sessions
            else:
                sessions = self.source.sessions(routine=key, limit=RECENT)
            for s in sessions:
                when = f"{s.started.astimezone():%a %d %b %Y  %H:%M}"
                items.append(
                    QTreeWidgetItem(
                        [
                            when,
                            self._titles.get(s.routine, s.routine),
                            clock_text(s.seconds),
                            session_result(s),
                        ]
                    )
                )
        self.list.addTopLevelItems(items)
        self.list.setColumnWidth(0, 220)
        self.list.setColumnWidth(1, 200)

    def row_texts(self) -> list[list[str]]:
        """What the list shows, row by row."""
        return [
            [item.text(c) for c in range(item.columnCount())]
            for item in (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
            if item is not None
        ]

    def set_filter(self, kind: str, key: str | None = None) -> None:
        """Show sessions or cramps, of one routine or muscle (None: all)."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        index = 0 if key is None else self.which.findData(key)
        self.which.setCurrentIndex(max(0, index))
        self._fill_list()

    @Slot(int)
    def _on_kind_current_index_changed(self, index: int) -> None:
        del index
        self._fill_which()
        self._fill_list()

    @Slot(int)
    def _on_which_current_index_changed(self, index: int) -> None:
        del index
        self._fill_list()

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
        from PySide6.QtWidgets import QProgressDialog  # noqa: PLC0415

        from stretchapp.gui.csv_import import CsvReading  # noqa: PLC0415

        reading = CsvReading(files, self)
        progress = QProgressDialog("Reading the CSV files…", "Cancel", 0, 100, self)
        progress.setWindowTitle("Import CSV")
        progress.setMinimumDuration(500)  # a small file is read before it would show
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        reading.progressed.connect(lambda share: progress.setValue(round(share * 100)))
        progress.canceled.connect(reading.cancel)
        reading.finished.connect(lambda result: self._on_read(result, progress))
        self.reading = reading
        self.status.setText("Importing…")
        reading.start()

    def _on_read(self, result: object, progress: QWidget) -> None:
        progress.close()
        progress.deleteLater()
        self.reading = None
        if isinstance(result, CsvError):
            more = len(result.problems) - 3
            shown = "; ".join(result.problems[:3]) + (f"; and {more} more" if more > 0 else "")
            self.status.setText(f"Nothing was imported: {shown}")
            return
        if isinstance(result, CsvCancelledError):
            self.status.setText("The import was cancelled: nothing was imported.")
            return
        if isinstance(result, Exception) or self.source is None:
            self.status.setText(f"Nothing was imported: {result}")
            return
        rows = cast("tuple[list[NewSession], list[NewCramp]]", result)
        try:
            done = self.source.import_rows(*rows)
        except HistoryError as error:
            self.status.setText(f"Nothing was imported: {error}")
            return
        if done.sessions_added or done.cramps_added:
            self.imported.emit()  # the page is read again, then says what came in
        skipped = done.sessions_skipped + done.cramps_skipped
        self.status.setText(
            f"Imported {done.sessions_added} sessions and {done.cramps_added} cramps"
            + (f" ({skipped} already there)." if skipped else ".")
        )
