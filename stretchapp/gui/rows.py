"""Item views whose rows, while hidden, neither show nor claim focus to a screen reader."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

# Qt 6.9's item-view rows (QAccessibleTableCell::state) are invisible only when their rect
# misses the view's, and focused whenever they are the selection model's current index: a
# hidden page's list claimed showing, and its current row focus beside the real focus. A
# hidden view's rows below therefore have no rect, and its current index is set aside
# (signals blocked: nothing changed for the program) until the view shows again.


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
        view.selectionModel().currentChanged.connect(self._on_current_changed)

    def current(self) -> QModelIndex | None:
        """The index set aside while the view is hidden, else None (Qt's own applies)."""
        return None if self.parked is None else _index(self.parked)

    def park(self) -> None:
        """Set the current index aside (hidden view): no signal, the selection unchanged."""
        model = self.view.selectionModel()
        if self.parked is None:
            self.parked = QPersistentModelIndex(model.currentIndex())
        self._quietly_set(QModelIndex())

    def unpark(self) -> None:
        """Put the index set aside back as the current one (the view shows)."""
        if self.parked is not None:
            parked, self.parked = self.parked, None
            self._quietly_set(_index(parked))

    def _quietly_set(self, index: QModelIndex) -> None:
        model = self.view.selectionModel()
        blocked = model.blockSignals(True)
        model.setCurrentIndex(index, model.SelectionFlag.NoUpdate)
        model.blockSignals(blocked)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # a current row set while hidden (a list filled in the background) is set aside at
        # once: the program's own slots, connected before this one, have seen the change
        if current.isValid() and not self.view.isVisible():
            self.parked = QPersistentModelIndex(current)
            self._quietly_set(QModelIndex())


class _HiddenRows:
    """What RowsTree and RowsList share: no rect while hidden, the current index set
    aside on hide and put back on show (before anything is drawn or typed)."""

    parking: RowParking

    def visualRect(self, index: QModelIndex | QPersistentModelIndex) -> QRect:  # noqa: N802
        """No rect while hidden: Qt's accessible row is then invisible."""
        shown = cast(QAbstractItemView, self).isVisible()
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
