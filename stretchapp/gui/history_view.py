"""The history page: a heat map of days done, streaks, this week, cramps a week, the list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.routine import MUSCLE_NAMES, MUSCLES
from stretchapp.gui.theme import LIGHT, Theme
from stretchapp.history import (
    FREQUENT_DAYS,
    RECENT,
    CrampRecord,
    CsvError,
    HistoryError,
    ImportResult,
    Overview,
    SessionRecord,
    WeekCounts,
    week_of,
)

HEAT_WEEKS = 27  # about six months of days, whole weeks ending with this one
CHART_WEEKS = 26
# in lower case: the list and the filter say "front of thigh" in the middle of a line
MUSCLE_LABELS = {muscle: name.lower() for muscle, name in MUSCLE_NAMES.items()}
# seed 004: "If leg cramps become more than an occasional issue ... see your doctor"
DOCTOR_NOTICE = (
    "You have logged {count} cramps in the last {days} days. When leg cramps become more "
    "than an occasional issue, it is best to see your doctor: sometimes they have a cause "
    "a doctor can find and treat."
)
DAY_LETTERS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


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


def clock_text(seconds: float | None) -> str:
    """ "4:05", "1:02:03" or "-"."""
    if seconds is None:
        return "-"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def session_result(s: SessionRecord) -> str:
    """Completed, stopped or did not end; and whether a cramp came in between."""
    text = "completed" if s.completed else ("did not end" if s.ended is None else "stopped")
    return text + (", cramp" if s.interrupted_by_cramp else "")


def heat_level(count: int) -> int:
    """0 for a day not done, 1..3 for once, twice, three times or more."""
    return min(count, 3)


class HeatMap(QWidget):
    """Weeks as columns, Monday to Sunday as rows; a day done is filled, more often darker."""

    CELL = 15
    GAP = 3
    LEFT = 34
    TOP = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: Mapping[dt.date, int] = {}
        self.today = dt.date(2000, 1, 1)
        self.weeks = HEAT_WEEKS
        self._theme = LIGHT
        self.setAccessibleName("Days the daily routine was done")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_days(self, days: Mapping[dt.date, int], today: dt.date) -> None:
        """Completed sessions per day, and today."""
        self.days = days
        self.today = today
        done = sum(1 for d in self.shown_days() if days.get(d, 0))
        self.setAccessibleDescription(f"{done} of the last {self.weeks} weeks' days done")
        self.update()

    def set_theme(self, theme: Theme) -> None:
        """Colours."""
        self._theme = theme
        self.update()

    def first_day(self) -> dt.date:
        """The Monday of the first column."""
        return week_of(self.today) - dt.timedelta(weeks=self.weeks - 1)

    def shown_days(self) -> list[dt.date]:
        """Every day with a cell, up to today."""
        first = self.first_day()
        return [first + dt.timedelta(days=i) for i in range((self.today - first).days + 1)]

    def cell(self, day: dt.date) -> QRectF:
        """Where a day's cell is painted."""
        offset = (day - self.first_day()).days
        column, row = divmod(offset, 7)
        step = self.CELL + self.GAP
        return QRectF(self.LEFT + column * step, self.TOP + row * step, self.CELL, self.CELL)

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        """Room for every column."""
        step = self.CELL + self.GAP
        return QSize(self.LEFT + self.weeks * step, self.TOP + 7 * step)

    def minimumSizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        """As big as it wants."""
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt's name)
        """Cells, month names on top, day names on the left."""
        del event
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = QColor(t.accent)
        shades = [QColor(t.track)]
        for alpha in (110, 180, 255):
            c = QColor(accent)
            c.setAlpha(alpha)
            shades.append(c)
        p.setPen(Qt.PenStyle.NoPen)
        for day in self.shown_days():
            p.setBrush(shades[heat_level(self.days.get(day, 0))])
            p.drawRoundedRect(self.cell(day), 3, 3)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QColor(t.text))
        p.drawRoundedRect(self.cell(self.today).adjusted(-1, -1, 1, 1), 3, 3)
        font = p.font()
        font.setPixelSize(11)
        p.setFont(font)
        p.setPen(QColor(t.muted))
        for row, name in enumerate(DAY_LETTERS):
            if name:
                r = self.cell(self.first_day() + dt.timedelta(days=row))
                p.drawText(
                    QRectF(0, r.top() - 2, self.LEFT - 6, r.height() + 4),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    name,
                )
        last = -3
        for column in range(self.weeks):
            monday = self.first_day() + dt.timedelta(weeks=column)
            sunday = monday + dt.timedelta(days=6)
            # a month's name over the first week that starts in it; the first column is
            # named only when its month lasts long enough for the name to fit
            starts = monday.day <= 7 if column else sunday.month == monday.month
            if starts and column - last >= 3 and column < self.weeks - 2:
                last = column
                r = self.cell(monday)
                p.drawText(QRectF(r.left(), 0, 60, self.TOP - 3), f"{monday:%b}")
        p.end()


class WeekChart(QWidget):
    """Cramps a week as bars, the last CHART_WEEKS weeks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: list[WeekCounts] = []
        self._theme = LIGHT
        self.setAccessibleName("Cramps a week")
        self.setMinimumSize(QSize(320, 150))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_weeks(self, weeks: Sequence[WeekCounts], this_week: dt.date) -> None:
        """The last CHART_WEEKS weeks up to this week, missing ones as zero."""
        known = {w.week: w for w in weeks[-CHART_WEEKS:]}
        first = this_week - dt.timedelta(weeks=CHART_WEEKS - 1)
        self.weeks = [
            known.get(
                first + dt.timedelta(weeks=i), WeekCounts(first + dt.timedelta(weeks=i), 0, 0.0, 0)
            )
            for i in range(CHART_WEEKS)
        ]
        total = sum(w.cramps for w in self.weeks)
        self.setAccessibleDescription(f"{total} cramps in the last {CHART_WEEKS} weeks")
        self.update()

    def set_theme(self, theme: Theme) -> None:
        """Colours."""
        self._theme = theme
        self.update()

    def bar(self, index: int) -> QRectF:
        """Where a week's bar is painted."""
        top = max((w.cramps for w in self.weeks), default=0)
        left, bottom, height = 28.0, self.height() - 20.0, self.height() - 34.0
        width = (self.width() - left - 4) / max(1, len(self.weeks))
        value = self.weeks[index].cramps if index < len(self.weeks) else 0
        h = 0.0 if top == 0 else height * value / top
        return QRectF(left + index * width + 2, bottom - h, max(2.0, width - 4), h)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt's name)
        """Bars, the largest count on the axis, month names under the first week of each."""
        del event
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = p.font()
        font.setPixelSize(11)
        p.setFont(font)
        bottom = self.height() - 20.0
        p.setPen(QColor(t.border))
        p.drawLine(28, round(bottom), self.width() - 4, round(bottom))
        top = max((w.cramps for w in self.weeks), default=0)
        p.setPen(QColor(t.muted))
        p.drawText(QRectF(0, 8, 24, 14), Qt.AlignmentFlag.AlignRight, str(top))
        p.drawText(QRectF(0, bottom - 14, 24, 14), Qt.AlignmentFlag.AlignRight, "0")
        month = None
        for i, week in enumerate(self.weeks):
            r = self.bar(i)
            if week.cramps:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(t.cramp))
                p.drawRoundedRect(r, 2, 2)
            if week.week.month != month and i < len(self.weeks) - 2:
                month = week.week.month
                p.setPen(QColor(t.muted))
                p.drawText(QRectF(r.left(), bottom + 3, 60, 16), f"{week.week:%b}")
        p.end()


class HistoryView(QWidget):
    """The page; it reads a HistorySource and says what it exported or imported."""

    close_clicked = Signal()
    imported = Signal()  # rows were added: the page is read again
    notice_dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: HistorySource | None = None
        self.overview: Overview | None = None
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
        """Import CSV: rows already in the history are skipped."""
        files = self.choose_import_files()
        if not files or self.source is None:
            return
        try:
            result = self.source.import_csv(*files)
        except CsvError as error:
            more = len(error.problems) - 3
            shown = "; ".join(error.problems[:3]) + (f"; and {more} more" if more > 0 else "")
            self.status.setText(f"Nothing was imported: {shown}")
            return
        except (OSError, HistoryError) as error:
            self.status.setText(f"Nothing was imported: {error}")
            return
        if result.sessions_added or result.cramps_added:
            self.imported.emit()  # the page is read again, then says what came in
        skipped = result.sessions_skipped + result.cramps_skipped
        self.status.setText(
            f"Imported {result.sessions_added} sessions and {result.cramps_added} cramps"
            + (f" ({skipped} already there)." if skipped else ".")
        )


class CrampNote(QFrame):
    """After a relief: how bad was it (0 to 10) and a note; optional, never in the way."""

    saved = Signal(int, object, str)  # cramp id, pain or None, note
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "notice")
        self.cramp_id: int | None = None
        label = QLabel("How bad was the cramp? (optional)")
        self.pain = QSpinBox()
        self.pain.setRange(-1, 10)
        self.pain.setSpecialValueText("pain –")
        self.pain.setPrefix("pain ")
        self.pain.setValue(-1)
        self.pain.setAccessibleName("Pain, 0 to 10")
        self.note = QLineEdit()
        self.note.setPlaceholderText("a note: what you were doing, what helped")
        self.note.setAccessibleName("Note about the cramp")
        self.note.returnPressed.connect(self.save)
        self.save_button = QPushButton("Save")
        self.save_button.setAccessibleName("Save the pain and note")
        self.save_button.clicked.connect(self.save)
        self.skip_button = QPushButton("Skip")
        self.skip_button.setAccessibleName("Skip the pain and note")
        self.skip_button.clicked.connect(self._on_skip_button_clicked)
        for b in (self.save_button, self.skip_button):
            b.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 10, 8)
        row.addWidget(label)
        row.addWidget(self.pain)
        row.addWidget(self.note, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.skip_button)
        self.hide()

    def ask(self, cramp_id: int) -> None:
        """Offer to note this cramp."""
        self.cramp_id = cramp_id
        self.pain.setValue(-1)
        self.note.clear()
        self.show()

    @Slot()
    def save(self) -> None:
        """Give what was entered."""
        if self.cramp_id is None:
            return
        pain = self.pain.value()
        self.saved.emit(self.cramp_id, None if pain < 0 else pain, self.note.text().strip())
        self.cramp_id = None
        self.hide()

    @Slot()
    def _on_skip_button_clicked(self) -> None:
        self.cramp_id = None
        self.hide()
        self.dismissed.emit()
