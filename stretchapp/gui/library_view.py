"""The routine library: routines grouped by when to use them, a search, and a detail pane.

What the detail pane and the search say is worked out without Qt in `library_text.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.routine import MUSCLES, Category, Exercise, Routine
from stretchapp.core.texts import total_text
from stretchapp.core.timeline import Timeline
from stretchapp.gui import qt_values
from stretchapp.gui.a11y import describe
from stretchapp.gui.library_text import (
    SOURCE_TITLES,
    StepRow,
    escape,
    matches,
    sources_text,
    step_rows,
    steps_html,
    timelines_for,
    tips_html,
)
from stretchapp.gui.rows import RowsTree

# What the page says is worked out in library_text.py; importing it from here still works
# (the library controller imports timelines_for from here).
__all__ = [
    "GROUPS",
    "ID_ROLE",
    "MUSCLE_ORDER",
    "SOURCE_TITLES",
    "SUMMARY_ROLE",
    "LibraryView",
    "StepRow",
    "matches",
    "step_rows",
    "timelines_for",
]

GROUPS: tuple[tuple[Category, str], ...] = (
    (Category.RELIEF, "Relief now"),
    (Category.DAILY, "Daily"),
    (Category.WORKOUT, "After workout"),
    (Category.BEDTIME, "Bedtime"),
)
MUSCLE_ORDER = {muscle: n for n, muscle in enumerate(MUSCLES)}  # relief: as keys 1 to 4
ID_ROLE = qt_values.USER_ROLE
SUMMARY_ROLE = qt_values.USER_ROLE + 1
_LEFT = qt_values.ALIGN_LEFT | qt_values.ALIGN_VCENTER
_RIGHT = qt_values.ALIGN_RIGHT | qt_values.ALIGN_VCENTER
ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"


def elide_right(metrics: QFontMetrics, text: str, width: int) -> str:
    """The text cut to fit the width, ending in an ellipsis, as QFontMetrics.elidedText
    with Qt.TextElideMode.ElideRight does (without that enum: see qt_values)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis: in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.horizontalAdvance(text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    if low == 0 and metrics.horizontalAdvance(ELLIPSIS) > width:
        return ""
    return text[:low].rstrip() + ELLIPSIS


class _RoutineTree(RowsTree):
    """The routine list: a group's heading row is never selected, only its routines."""

    def selectionCommand(  # noqa: N802  (Qt's name)
        self, index: QModelIndex | QPersistentModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        """A heading clears the selection and selects nothing, as a heading whose flags
        leave out "selectable" does (setting those would need Qt's namespace: qt_values)."""
        if index.isValid() and index.data(ID_ROLE) is None:
            return QItemSelectionModel.SelectionFlag.Clear
        return super().selectionCommand(index, event)


class _RoutineDelegate(QStyledItemDelegate):
    """Two lines a routine: title and time, then the summary in a quieter colour."""

    def sizeHint(  # noqa: N802  (Qt's name)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Two text lines for routines, one for group headings."""
        base = super().sizeHint(option, index)
        if index.data(ID_ROLE) is None:
            return QSize(base.width(), base.height() + 16)
        # PySide6 6.9's stubs leave out QStyleOption's fields: they are there at run time
        fields: Any = option
        metrics = QFontMetrics(fields.font)
        return QSize(base.width(), metrics.height() * 2 + 22)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Paint the selection, then the two lines."""
        if index.data(ID_ROLE) is None:
            super().paint(painter, option, index)
            return
        opt: Any = QStyleOptionViewItem(option)  # typed loosely: see sizeHint
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is None:
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect: QRect = opt.rect.adjusted(8, 6, -10, -6)
        palette: QPalette = opt.palette
        # the style draws the text in a palette colour: QPainter.setPen would make Qt's
        # namespace (its overloads take a Qt.PenStyle; see qt_values)
        text_role, muted_role = QPalette.ColorRole.Text, QPalette.ColorRole.PlaceholderText
        painter.save()
        font = QFont(opt.font)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        line = QFontMetrics(font).height()
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        title, _, total = str(text).partition("\t")
        style.drawItemText(painter, top, _LEFT, palette, True, title, text_role)
        style.drawItemText(painter, top, _RIGHT, palette, True, total, text_role)
        font.setWeight(QFont.Weight.Normal)
        painter.setFont(font)
        summary = str(index.data(SUMMARY_ROLE) or "")
        bottom = QRect(rect.left(), rect.top() + line + 4, rect.width(), line)
        elided = elide_right(QFontMetrics(font), summary, rect.width())
        style.drawItemText(painter, bottom, _LEFT, palette, True, elided, muted_role)
        painter.restore()


class LibraryView(QWidget):
    """The routines, a search, the detail pane with Start, and the files that have problems."""

    start_requested = Signal(str)  # a routine id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._routines: Mapping[str, Routine] = {}
        self._exercises: Mapping[str, Exercise] = {}
        self._timelines: dict[str, Timeline | str] = {}
        self._safety = ""
        self._relief_safety = ""

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name or muscle (calf, thigh, foot…)")
        # the placeholder's words: a reader says the name, and speech input uses the words seen
        self.search.setAccessibleName("Routines: search by name or muscle (calf, thigh, foot)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)

        self.tree = _RoutineTree()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)
        self.tree.setAccessibleName("Routines")
        self.tree.setItemDelegate(_RoutineDelegate(self.tree))
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.installEventFilter(self)

        # the problems: one line always visible, the messages a click away
        self.problems_frame = QFrame()
        self.problems_frame.setProperty("role", "notice")
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_toggle = QPushButton("Show")
        self.problems_toggle.setProperty("role", "link")
        self.problems_toggle.setAccessibleName("Show the problems in routine files")
        self.problems_toggle.clicked.connect(self._on_problems_toggle_clicked)
        self.problems_text = QPlainTextEdit()
        self.problems_text.setReadOnly(True)
        self.problems_text.setAccessibleName("Problems in routine files")
        self.problems_text.setMaximumHeight(140)
        self.problems_text.hide()
        head = QHBoxLayout()
        head.addWidget(self.problems_label, 1)
        head.addWidget(self.problems_toggle)
        box = QVBoxLayout(self.problems_frame)
        box.setContentsMargins(12, 8, 12, 8)
        box.addLayout(head)
        box.addWidget(self.problems_text)
        self.problems_frame.hide()

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.search)
        left.addWidget(self.tree, 1)
        # the routine editor's buttons (New, Edit, ...): gui/controllers/editor.py fills it
        self.tools = QHBoxLayout()
        left.addLayout(self.tools)
        left_widget = QWidget()
        left_widget.setLayout(left)

        # the detail pane
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setProperty("role", "muted")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "instruction")
        self.steps_heading = QLabel("Steps")
        self.steps_heading.setProperty("role", "heading")
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        qt_values.set_property(self.steps, "textFormat", qt_values.RICH_TEXT)
        describe(self.steps, "Steps")
        self.sources = QLabel()
        self.sources.setWordWrap(True)
        self.sources.setProperty("role", "muted")
        self.safety = QLabel()
        self.safety.setWordWrap(True)
        self.safety.setProperty("role", "muted")
        # the articles' prevention tips, beside the routines that prevent cramps
        self.prevention_heading = QLabel("Preventing cramps")
        self.prevention_heading.setProperty("role", "heading")
        self.prevention = QLabel()
        self.prevention.setWordWrap(True)
        qt_values.set_property(self.prevention, "textFormat", qt_values.RICH_TEXT)
        describe(self.prevention, "Preventing cramps")
        self._tips: list[tuple[str, str]] = []
        self._bedtime_tips: list[tuple[str, str]] = []
        self.start_button = QPushButton("Start")
        self.start_button.setProperty("role", "primary")
        self.start_button.setAccessibleName("Start")
        self.start_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.start_button.setMinimumWidth(180)
        self.start_button.clicked.connect(self._on_start_button_clicked)

        detail = QWidget()
        d = QVBoxLayout(detail)
        d.setContentsMargins(24, 16, 24, 16)
        d.setSpacing(10)
        d.addWidget(self.title)
        d.addWidget(self.meta)
        d.addWidget(self.summary)
        d.addSpacing(6)
        d.addWidget(self.start_button)
        d.addSpacing(6)
        d.addWidget(self.steps_heading)
        d.addWidget(self.steps)
        d.addSpacing(6)
        d.addWidget(self.prevention_heading)
        d.addWidget(self.prevention)
        d.addSpacing(6)
        d.addWidget(self.sources)
        d.addWidget(self.safety)
        d.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)
        scroll.setAccessibleName("Routine details")
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        splitter = QSplitter()
        splitter.addWidget(left_widget)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.problems_frame)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.search, self.tree)
        self.setTabOrder(self.tree, self.start_button)

    # -- filling

    def set_content(
        self,
        routines: Mapping[str, Routine],
        *,
        exercises: Mapping[str, Exercise],
        timelines: Mapping[str, Timeline | str],
        problems: Sequence[str],
        safety: str,
        relief_safety: str,
        prevention: Sequence[tuple[str, str]] = (),
        bedtime: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Show these routines (timelines by id; a string says why one has none) and problems.

        prevention: (title, text) tips shown beside the routines that prevent cramps.
        bedtime: (title, text) tips on night cramps, shown first beside the bedtime routines.
        """
        self._tips = list(prevention)
        self._bedtime_tips = list(bedtime)
        keep = self.current_id()
        self._routines = routines
        self._exercises = exercises
        self._timelines = dict(timelines)
        self._safety = safety
        self._relief_safety = relief_safety
        self._fill()
        self._show_problems(problems)
        self.select(keep)

    def _fill(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        query = self.search.text()
        for category, heading in GROUPS:
            members = sorted(
                (r for r in self._routines.values() if r.category is category),
                key=lambda r: (r.user, MUSCLE_ORDER.get(r.muscle or "", 9), r.title.casefold()),
            )
            members = [r for r in members if matches(r, self._exercises, query)]
            if not members:
                continue
            group = QTreeWidgetItem([heading])  # never selected: see _RoutineTree
            font = group.font(0)
            font.setPixelSize(14)
            font.setWeight(QFont.Weight.Bold)
            font.setCapitalization(QFont.Capitalization.AllUppercase)
            group.setFont(0, font)
            self.tree.addTopLevelItem(group)
            for routine in members:
                timeline = self._timelines.get(routine.id)
                total = (
                    total_text(routine, timeline.total_seconds)
                    if isinstance(timeline, Timeline)
                    else ""
                )
                title = routine.title + ("  · yours" if routine.user else "")
                item = QTreeWidgetItem([f"{title}\t{total}"])
                item.setData(0, ID_ROLE, routine.id)
                item.setData(0, SUMMARY_ROLE, " ".join(routine.summary.split()))
                item.setData(
                    0,
                    qt_values.ACCESSIBLE_TEXT_ROLE,
                    f"{routine.title}, {total}{', your routine' if routine.user else ''}",
                )
                group.addChild(item)
            group.setExpanded(True)
        self.tree.blockSignals(False)

    def _show_problems(self, problems: Sequence[str]) -> None:
        if not problems:
            self.problems_frame.hide()
            return
        files = {p.split(":", 1)[0] for p in problems}
        count = len(files)
        self.problems_label.setText(
            f"{count} routine file{'s' if count != 1 else ''} "
            f"{'have' if count != 1 else 'has'} problems; the others are ready to use."
        )
        self.problems_text.setPlainText("\n".join(problems))
        self.problems_frame.show()

    # -- what others ask

    def current_id(self) -> str | None:
        """The selected routine's id."""
        item = self.tree.currentItem()
        value = item.data(0, ID_ROLE) if item is not None else None
        return str(value) if value is not None else None

    def _items(self) -> list[QTreeWidgetItem]:
        items = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is None:
                continue
            for c in range(group.childCount()):
                item = group.child(c)
                if item is not None:
                    items.append(item)
        return items

    def visible_ids(self) -> list[str]:
        """The routine ids listed now, top to bottom."""
        return [str(item.data(0, ID_ROLE)) for item in self._items()]

    def group_titles(self) -> list[str]:
        """The group headings listed now."""
        groups = (self.tree.topLevelItem(g) for g in range(self.tree.topLevelItemCount()))
        return [group.text(0) for group in groups if group is not None]

    def select(self, routine_id: str | None) -> None:
        """Select a routine (the first one when it is not listed)."""
        items = self._items()
        for item in items:
            if item.data(0, ID_ROLE) == routine_id:
                self.tree.setCurrentItem(item)
                return
        if items:
            self.tree.setCurrentItem(items[0])
        else:
            self._show_detail(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        """When the list takes focus, make a routine its current item, so that a screen
        reader names that routine rather than a group heading."""
        if watched is self.tree and event.type() is QEvent.Type.FocusIn:
            self._current_routine()
        return super().eventFilter(watched, event)

    def _current_routine(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.data(0, ID_ROLE) is None:
            self.select(None)  # the first routine listed
        # Qt lays the rows out later: until then the reader's focused row is the wrong one
        self.tree.doItemsLayout()

    # -- slots

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        del text
        keep = self.current_id()
        self._fill()
        self.select(keep)

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_tree_current_item_changed(
        self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None
    ) -> None:
        del previous
        value = current.data(0, ID_ROLE) if current is not None else None
        self._show_detail(None if value is None else self._routines.get(str(value)))

    @Slot(QTreeWidgetItem, int)
    def _on_tree_item_activated(self, item: QTreeWidgetItem, column: int) -> None:
        del column
        value = item.data(0, ID_ROLE)
        if value is not None and self.start_button.isEnabled():
            self.start_requested.emit(str(value))

    @Slot()
    def _on_start_button_clicked(self) -> None:
        routine_id = self.current_id()
        if routine_id is not None:
            self.start_requested.emit(routine_id)

    @Slot()
    def _on_problems_toggle_clicked(self) -> None:
        shown = not self.problems_text.isVisible()
        self.problems_text.setVisible(shown)
        self.problems_toggle.setText("Hide" if shown else "Show")

    # -- the detail pane

    def _show_detail(self, routine: Routine | None) -> None:
        if routine is None:
            for label in (self.title, self.meta, self.summary, self.steps, self.sources):
                label.clear()
            self.safety.setText(self._safety)
            self.start_button.setEnabled(False)
            self.start_button.setAccessibleName("Start")
            self.steps_heading.hide()
            self._show_prevention(None)
            return
        self.steps_heading.show()
        timeline = self._timelines.get(routine.id)
        heading = dict(GROUPS)[routine.category]
        parts = [heading]
        if isinstance(timeline, Timeline):
            parts.append(total_text(routine, timeline.total_seconds))
        if routine.user:
            parts.append(f"your routine ({routine.path})" if routine.path else "your routine")
        self.title.setText(routine.title)
        # which routine: "Start" alone says nothing to a user who tabbed here
        self.start_button.setAccessibleName(f"Start {routine.title}")
        self.meta.setText(" · ".join(parts))
        self.summary.setText(" ".join(routine.summary.split()))
        if isinstance(timeline, Timeline):
            self.steps.setText(steps_html(step_rows(timeline, self._exercises)))
            self.start_button.setEnabled(True)
        else:
            self.steps.setText(escape(str(timeline or "This routine cannot run.")))
            self.start_button.setEnabled(False)
        if routine.source:
            self.sources.setText(sources_text(routine.source))
        else:
            self.sources.clear()
        safety = self._safety
        if routine.category is Category.RELIEF and self._relief_safety:
            safety = f"{self._relief_safety} {safety}".strip()
        self.safety.setText(safety)
        self._show_prevention(routine.category)

    def _show_prevention(self, category: Category | None) -> None:
        tips = [] if category in (None, Category.RELIEF) else self._tips
        if category is Category.BEDTIME:
            tips = self._bedtime_tips + tips
        self.prevention_heading.setVisible(bool(tips))
        self.prevention.setVisible(bool(tips))
        self.prevention.setText(tips_html(tips))
