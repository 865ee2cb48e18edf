"""The history page's list: its filters (sessions or cramps, routine or muscle, result), its
rows, and deleting the selected one. The page (history_view.py) hands it what to read."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.routine import MUSCLE_NAMES, MUSCLES
from stretchapp.gui.a11y import buddy
from stretchapp.gui.history_rows import RESULTS, clock_text, session_result
from stretchapp.gui.rows import RowsCombo, RowsTree

if TYPE_CHECKING:
    from stretchapp.history import CrampRecord, Overview, SessionRecord

# in lower case: the list and the filter say "front of thigh" in the middle of a line
MUSCLE_LABELS = {muscle: name.lower() for muscle, name in MUSCLE_NAMES.items()}
COLUMN_GAP = 24  # pixels between the history list's columns
ENTRY_ID = Qt.ItemDataRole.UserRole  # a row's session or cramp id, for Delete


class RowSource(Protocol):
    """What the list reads again when a filter changes (a HistoryStore)."""

    def sessions(
        self, *, routine: str | Collection[str] | None = None, limit: int | None = None
    ) -> list[SessionRecord]: ...
    def cramps(
        self, *, muscle: str | Collection[str] | None = None, limit: int | None = None
    ) -> list[CrampRecord]: ...


class HistoryList(QWidget):
    """The filters over the list of sessions or cramps; Delete asks the controller."""

    # "sessions" or "cramps", its id, what to call it: the controller deletes and reads again
    delete_requested = Signal(str, int, str)
    failed = Signal(str)  # the file could not be read: what to say

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: RowSource | None = None
        self.overview: Overview | None = None
        self._routines: list[str] = []
        self._titles: dict[str, str] = {}
        self._muscles: list[str] = []

        self.kind = RowsCombo()
        self.kind.setAccessibleName("Show")
        self.kind.addItem("Sessions", "sessions")
        self.kind.addItem("Cramps", "cramps")
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.which = RowsCombo()
        self.which.setAccessibleName("Routine or muscle")
        self.which.currentIndexChanged.connect(self._on_which_current_index_changed)
        self.result = RowsCombo()
        self.result.setAccessibleName("Result")
        self.result.addItem("Any result", None)
        for status, words in RESULTS.items():
            self.result.addItem(words.capitalize(), status)
        self.result.currentIndexChanged.connect(self._on_which_current_index_changed)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the selected entry (Delete)")
        self.delete_button.setEnabled(False)
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_selected)
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

        self.list = RowsTree()
        self.list.setAccessibleName("Sessions and cramps")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.itemSelectionChanged.connect(self._on_list_item_selection_changed)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(tools)
        layout.addWidget(self.list, 1)

    def show_overview(
        self,
        source: RowSource,
        overview: Overview,
        *,
        routines: Sequence[str] = (),
        muscles: Sequence[str] = MUSCLES,
        titles: dict[str, str] | None = None,
    ) -> None:
        """Fill the filters and the rows from ``overview``; the filters read ``source`` again."""
        self._titles = dict(titles or {})
        self.source = source
        self.overview = overview
        seen = {r.routine for r in overview.recent_sessions}
        self._routines = sorted(set(routines) | seen)
        self._muscles = list(muscles) + sorted(
            {c.muscle for c in overview.recent_cramps} - set(muscles)
        )
        self._fill_which()
        self._fill_list()

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
            self.failed.emit(str(error))

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
