"""The history page: streaks, this week, the heat map and the cramps a week, the list, CSV.

The two pictures are drawn by `history_charts.py`; the note after a relief is `cramp_note.py`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.routine import MUSCLE_NAMES, MUSCLES

# the pure statistics only: stretchapp.history (SQLite, CSV) loads with the first use
from stretchapp.core.stats import FREQUENT_DAYS, week_of
from stretchapp.gui.a11y import RowsTree, buddy, describe
from stretchapp.gui.cramp_note import CrampNote
from stretchapp.gui.history_charts import CHART_WEEKS, HEAT_WEEKS, HeatMap, WeekChart, heat_level
from stretchapp.gui.history_rows import RESULTS, clock_text, session_result
from stretchapp.gui.theme import Theme

if TYPE_CHECKING:
    from stretchapp.gui.csv_import import CsvReading
    from stretchapp.history import CrampRecord, ImportResult, Overview, SessionRecord
    from stretchapp.history.records import NewCramp, NewSession

# The pictures, the cramp note and the rows' texts live in their own modules; importing them
# from here still works (the window imports CrampNote from here).
__all__ = [
    "CHART_WEEKS",
    "DOCTOR_NOTICE",
    "HEAT_WEEKS",
    "MUSCLE_LABELS",
    "OCCASIONAL",
    "RESULTS",
    "THRESHOLD_NOTE",
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
# seed 004: "If leg cramps become more than an occasional issue ... it's best to see your
# doctor for a diagnosis." It gives no number: the settings' threshold is the program's own.
OCCASIONAL = "more than an occasional issue"
THRESHOLD_NOTE = (
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
COLUMN_GAP = 24  # pixels between the history list's columns
ENTRY_ID = Qt.ItemDataRole.UserRole  # a row's session or cramp id, for Delete


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
        self._routines: list[str] = []
        self._titles: dict[str, str] = {}
        self._muscles: list[str] = []

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
        describe(self.notice_label, "Notice")
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
        self.threshold_note = QLabel(THRESHOLD_NOTE)
        self.threshold_note.setProperty("role", "muted")
        self.threshold_note.setWordWrap(True)
        describe(self.threshold_note, "About the doctor notice")
        chart_box.addWidget(self.threshold_note)
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
        self.result = QComboBox()
        self.result.setAccessibleName("Result")
        self.result.addItem("Any result", None)
        for status, words in RESULTS.items():
            self.result.addItem(words.capitalize(), status)
        self.result.currentIndexChanged.connect(self._on_which_current_index_changed)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the selected entry (Delete)")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setAccessibleName("Export CSV files of the history")
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton("Import CSV…")
        self.import_button.setAccessibleName("Import CSV files into the history")
        self.import_button.clicked.connect(self.import_files)
        for b in (
            self.close_button,
            self.notice_button,
            self.delete_button,
            self.export_button,
            self.import_button,
        ):
            b.setAutoDefault(False)
        tools = QHBoxLayout()
        # visible captions as buddies: on Linux a combo box's name is its current value
        for caption, combo in (
            ("&Show", self.kind),
            ("&Routine or muscle", self.which),
            ("R&esult", self.result),
        ):
            tools.addWidget(buddy(caption, combo))
            tools.addWidget(combo)
        tools.addWidget(self.delete_button)
        tools.addStretch(1)
        tools.addWidget(self.export_button)
        tools.addWidget(self.import_button)

        self.list = RowsTree()
        self.list.setAccessibleName("Sessions and cramps")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.itemSelectionChanged.connect(self._on_list_item_selection_changed)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        undo_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_key.activated.connect(self.undo_requested.emit)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        describe(self.status, "History status")

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
        self.result.setVisible(not cramps)
        chosen = self.which.currentData()  # kept when the page is read again (after a delete)
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
        self.which.setCurrentIndex(max(0, self.which.findData(chosen)))
        self.which.blockSignals(False)

    def _fill_list(self) -> None:
        self.list.clear()
        if self.source is None or self.overview is None:
            return
        from stretchapp.history import HistoryError  # noqa: PLC0415  (the store is open)

        try:
            self._fill_rows()
        except HistoryError as error:  # a file damaged since the page was read
            self.status.setText(str(error))

    def _fill_rows(self) -> None:
        from stretchapp.history import RECENT  # noqa: PLC0415  (an overview: the store is open)

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
                item = QTreeWidgetItem([when, label, clock_text(c.seconds), pain, c.note])
                item.setData(0, ENTRY_ID, c.id)
                items.append(item)
        else:
            self.list.setHeaderLabels(["Started", "Routine", "Length", "Result"])
            status = self.result.currentData()
            if key is None and status is None:
                sessions: Sequence[SessionRecord] = self.overview.recent_sessions
            else:
                # with a result chosen, the last RECENT with that result, not of the last RECENT
                sessions = self.source.sessions(routine=key, limit=None if status else RECENT)
                sessions = [s for s in sessions if status in (None, s.status)][:RECENT]
            for s in sessions:
                when = f"{s.started.astimezone():%a %d %b %Y  %H:%M}"
                item = QTreeWidgetItem(
                    [
                        when,
                        self._titles.get(s.routine, s.routine),
                        clock_text(s.seconds),
                        session_result(s),
                    ]
                )
                item.setData(0, ENTRY_ID, s.id)
                items.append(item)
        self.list.addTopLevelItems(items)
        # each column as wide as its longest text, so a routine's name is never cut short
        # while the others have room; the last one (result, note) takes what is left
        for column in range(self.list.columnCount() - 1):
            self.list.resizeColumnToContents(column)
            self.list.setColumnWidth(column, self.list.columnWidth(column) + COLUMN_GAP)

    def row_texts(self) -> list[list[str]]:
        """What the list shows, row by row."""
        return [
            [item.text(c) for c in range(item.columnCount())]
            for item in (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
            if item is not None
        ]

    def set_filter(self, kind: str, key: str | None = None, *, result: str | None = None) -> None:
        """Show sessions or cramps, of one routine or muscle (None: all); sessions with one
        result ("partial"; None: any)."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        index = 0 if key is None else self.which.findData(key)
        self.which.setCurrentIndex(max(0, index))
        self.result.setCurrentIndex(max(0, self.result.findData(result)))
        self._fill_list()

    # -- deleting an entry (the controller deletes it, offers Undo and reads the page again)

    def select_row(self, row: int) -> None:
        """Select the row at ``row`` (the last one when past the end)."""
        item = self.list.topLevelItem(min(row, self.list.topLevelItemCount() - 1))
        if item is not None:
            self.list.setCurrentItem(item)

    def select_entry(self, kind: str, entry_id: int) -> None:
        """Select the row of this session or cramp ("sessions", "cramps"), if the list shows it."""
        if kind != self.kind.currentData():
            return  # a session's id says nothing about the cramps shown, and the reverse
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item is not None and item.data(0, ENTRY_ID) == entry_id:
                self.list.setCurrentItem(item)
                return

    @Slot()
    def delete_selected(self) -> None:
        """Delete (Delete key or button) the selected entry; the next one is selected then."""
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return
        row = self.list.indexOfTopLevelItem(item)
        kind = "cramps" if self.kind.currentData() == "cramps" else "sessions"
        entry = f"the {kind[:-1]} “{item.text(1)}” of {item.text(0).replace('  ', ' ')}"
        self.delete_requested.emit(kind, item.data(0, ENTRY_ID), entry)
        self.select_row(row)  # the list was read again without it

    @Slot()
    def _on_list_item_selection_changed(self) -> None:
        self.delete_button.setEnabled(bool(self.list.selectedItems()))

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
        from stretchapp.history import CsvError, HistoryError  # noqa: PLC0415
        from stretchapp.history.csvio import CsvCancelledError  # noqa: PLC0415

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
