"""Item views whose rows, while hidden, neither show nor claim focus to a screen reader."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QRect, QTimer
from PySide6.QtGui import QHideEvent, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionMenuItem,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

# Qt 6.9's item-view rows (QAccessibleTableCell::state) are invisible only when their rect
# misses the view's, and focused whenever they are the selection model's current index: a
# hidden page's list claimed showing, and its current row focus beside the real focus. A
# hidden view's rows below therefore have no rect, and its current index is set aside
# (signals blocked: nothing changed for the program) until the view shows again. A closed
# combo box's pop-up list is such a hidden view (RowsCombo). A shown view without focus
# still has its current row claim focus: the reader follows focus events, and Qt sends
# none for that row (make a11y-check lists it as stale).


def _index(persistent: QPersistentModelIndex) -> QModelIndex:
    if not persistent.isValid():
        return QModelIndex()
    return persistent.model().index(persistent.row(), persistent.column(), persistent.parent())


class RowParking:
    """The current index of a hidden item view, set aside so that its row does not claim
    focus over AT-SPI; the view's own currentIndex() and the like answer with it."""

    def __init__(self, view: QAbstractItemView) -> None:
        self.view = view
        self.parked: QPersistentModelIndex | None = None
        self.opening = False  # a pop-up being laid out: hidden, but its rows count
        self.watch(view.selectionModel())

    def watch(self, model: QItemSelectionModel | None) -> None:
        """Follow the view's (new) selection model; a view without a model has none yet."""
        self.parked = None
        if model is not None:
            model.currentChanged.connect(self._on_current_changed)

    def current(self) -> QModelIndex | None:
        """The index set aside while the view is hidden, else None (Qt's own applies)."""
        return None if self.parked is None else _index(self.parked)

    def park(self) -> None:
        """Set the current index aside (hidden view): no signal, the selection unchanged."""
        model: QItemSelectionModel | None = self.view.selectionModel()  # None before a model
        if model is None:
            return
        if self.parked is None:
            self.parked = QPersistentModelIndex(model.currentIndex())
        self._quietly_set(QModelIndex())

    def unpark(self) -> None:
        """Put the index set aside back as the current one (the view shows)."""
        if self.parked is not None:
            parked, self.parked = self.parked, None
            self._quietly_set(_index(parked))

    def _quietly_set(self, index: QModelIndex) -> None:
        model: QItemSelectionModel | None = self.view.selectionModel()  # None before a model
        if model is None:
            return
        blocked = model.blockSignals(True)
        model.setCurrentIndex(index, model.SelectionFlag.NoUpdate)
        model.blockSignals(blocked)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # a current row set while hidden (a list filled in the background) is set aside at
        # once: the program's own slots, connected before this one, have seen the change
        if current.isValid() and not self.view.isVisible() and not self.opening:
            self.parked = QPersistentModelIndex(current)
            self._quietly_set(QModelIndex())


class _HiddenRows:
    """What RowsTree and RowsList share: no rect while hidden, the current index set
    aside on hide and put back on show (before anything is drawn or typed)."""

    parking: RowParking

    def visualRect(self, index: QModelIndex | QPersistentModelIndex) -> QRect:  # noqa: N802
        """No rect while hidden: Qt's accessible row is then invisible."""
        shown = cast(QAbstractItemView, self).isVisible() or self.parking.opening
        return super().visualRect(index) if shown else QRect()  # type: ignore[misc]

    def currentIndex(self) -> QModelIndex:  # noqa: N802
        """The current index, also while it is set aside."""
        parked = self.parking.current()
        return super().currentIndex() if parked is None else parked  # type: ignore[misc]

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        """Set the current row aside."""
        super().hideEvent(event)  # type: ignore[misc]
        self.parking.park()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Put the current row back."""
        self.parking.unpark()
        super().showEvent(event)  # type: ignore[misc]


class RowsTree(_HiddenRows, QTreeWidget):
    """A QTreeWidget whose rows, while it is hidden, neither show nor claim focus to a
    screen reader; what the program and a sighted user see is unchanged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parking = RowParking(self)

    def currentItem(self) -> QTreeWidgetItem:  # noqa: N802
        """The current item, also while it is set aside."""
        parked = self.parking.current()
        return super().currentItem() if parked is None else self.itemFromIndex(parked)


class RowsList(_HiddenRows, QListWidget):
    """A QListWidget whose rows, while it is hidden, neither show nor claim focus to a
    screen reader; what the program and a sighted user see is unchanged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parking = RowParking(self)

    def currentItem(self) -> QListWidgetItem:  # noqa: N802
        """The current item, also while it is set aside."""
        parked = self.parking.current()
        return super().currentItem() if parked is None else self.itemFromIndex(parked)

    def currentRow(self) -> int:  # noqa: N802
        """The current row, also while it is set aside (-1 for none)."""
        parked = self.parking.current()
        return super().currentRow() if parked is None else parked.row()


class RowsListView(_HiddenRows, QListView):
    """A combo box's pop-up list whose rows, while it is closed, neither show nor claim
    focus to a screen reader. It draws as Qt's own pop-up list (QComboBoxListView, not
    public): the box's font, the whole row highlighted, a menu-like style's empty area."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self.combo = combo
        self.parking = RowParking(self)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        """Set the current row aside once the closing is over: the box reads it right after
        it closes the list (the item chosen with Enter)."""
        QListView.hideEvent(self, event)
        QTimer.singleShot(0, self, self._park_if_hidden)

    def _park_if_hidden(self) -> None:
        if not self.isVisible():
            self.parking.park()

    def setSelectionModel(self, model: QItemSelectionModel) -> None:  # noqa: N802
        """Follow the selection model that the box's setView() makes with its model."""
        super().setSelectionModel(model)
        self.parking.watch(model)

    def initViewItemOption(self, option: QStyleOptionViewItem) -> None:  # noqa: N802
        """Rows in the box's font, highlighted across their whole width."""
        super().initViewItemOption(option)
        option.showDecorationSelected = True  # type: ignore[attr-defined]
        option.font = self.combo.font()  # type: ignore[attr-defined]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Rows as wide as the list."""
        self.resizeContents(self.viewport().width(), self.contentsSize().height())
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """A menu-like style paints the area below the rows as a menu's."""
        box = QStyleOptionComboBox()
        box.initFrom(self.combo)
        box.editable = self.combo.isEditable()  # type: ignore[attr-defined]
        style = self.combo.style()
        if style.styleHint(QStyle.StyleHint.SH_ComboBox_Popup, box, self.combo):
            menu = QStyleOptionMenuItem()
            menu.initFrom(self)
            menu.palette = self.palette()  # type: ignore[attr-defined]
            menu.state = QStyle.StateFlag.State_None  # type: ignore[attr-defined]
            menu.checkType = QStyleOptionMenuItem.CheckType.NotCheckable  # type: ignore[attr-defined]
            menu.menuRect = event.rect()  # type: ignore[attr-defined]
            menu.maxIconWidth = 0  # type: ignore[attr-defined]
            menu.reservedShortcutWidth = 0  # type: ignore[attr-defined]
            menu.menuItemType = QStyleOptionMenuItem.MenuItemType.EmptyArea  # type: ignore[attr-defined]
            painter = QPainter(self.viewport())
            style.drawControl(QStyle.ControlElement.CE_MenuEmptyArea, menu, painter, self)
            painter.end()
        super().paintEvent(event)


class RowsCombo(QComboBox):
    """A QComboBox whose pop-up list (RowsListView), while closed, neither shows its rows
    nor has one claim focus to a screen reader; it opens, looks and works as Qt's own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        delegate = self.itemDelegate()  # the style's own for pop-ups (a menu's in Fusion)
        view = RowsListView(self)
        delegate.setParent(view)  # the old view, its parent, goes with setView()
        self.setView(view)
        view.setItemDelegate(delegate)
        self.rows = view

    def showPopup(self) -> None:  # noqa: N802
        """Open the list: Qt lays it out from its rows and current row before showing it."""
        parking = self.rows.parking
        parking.unpark()
        parking.opening = True
        try:
            super().showPopup()
        finally:
            parking.opening = False
            if not self.rows.isVisible():  # nothing to show: stays closed
                parking.park()
