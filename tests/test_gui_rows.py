"""Item-view rows as a screen reader gets them through Qt (issue 16): a hidden page's rows
neither show nor claim focus, and the program sees the same current row throughout."""

from __future__ import annotations

from typing import Any

import pytest
import test_gui_app
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot
from test_gui_app import Harness, Make

from stretchapp.gui.editor.exercise_form import ExerciseForm
from stretchapp.gui.rows import RowsCombo

# the window on a fake clock, as the whole-window tests build it
make, user_dir = test_gui_app.make, test_gui_app.user_dir

# an offscreen pop-up can neither be raised nor grab the keyboard: Qt says so
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)


ROWS = (QAccessible.Role.TreeItem, QAccessible.Role.Cell, QAccessible.Role.ListItem)


def _rows(view: QAbstractItemView) -> list[tuple[str, bool, bool]]:
    """(name, invisible, focused) of each accessible child cell of the view."""
    interface = QAccessible.queryAccessibleInterface(view)
    assert interface is not None
    rows = []
    for i in range(interface.childCount()):
        cell = interface.child(i)
        if cell is None or cell.role() not in ROWS:
            continue  # the header
        state: Any = cell.state()  # PySide6's stubs leave out the state's bit fields
        rows.append((cell.text(QAccessible.Text.Name), bool(state.invisible), bool(state.focused)))
    return rows


def _views(h: Harness) -> list[QAbstractItemView]:
    return [h.window.library.tree, h.window.history.list]


def test_a_hidden_pages_rows_are_invisible_and_not_focused(make: Make) -> None:
    h = make()
    library = h.window.library
    library.tree.setFocus()
    chosen = library.current_id()
    assert chosen is not None
    shown = _rows(library.tree)
    assert any(not invisible for _, invisible, _ in shown)
    assert [focused for _, _, focused in shown].count(True) == 1
    assert h.app.sessions.start_routine(chosen)  # the player's page: the library's is hidden
    h.run(2.0)
    for view in _views(h):
        assert not view.isVisible()
        assert all(invisible and not focused for _, invisible, focused in _rows(view))
    # the program still sees the routine it chose
    assert library.current_id() == chosen
    assert library.tree.currentItem() is not None


def test_the_library_keeps_its_routine_without_a_signal_across_pages(make: Make) -> None:
    h = make()
    library = h.window.library
    ids = library.visible_ids()
    library.select(ids[1])
    changes: list[object] = []
    library.tree.currentItemChanged.connect(lambda *args: changes.append(args))
    h.window.show_history()
    assert library.current_id() == ids[1]
    h.window.show_library()
    assert library.current_id() == ids[1]
    assert changes == []  # the detail panel neither flickers nor loses its routine
    library.tree.setFocus()
    assert QApplication.focusWidget() is library.tree
    assert [f for _, _, f in _rows(library.tree)].count(True) == 1
    # only the focused view's current row: the hidden history page's claims nothing
    assert not any(focused for _, _, focused in _rows(h.window.history.list))


# -- combo boxes: a closed pop-up is a hidden list (RowsCombo's RowsListView)


def _combos(h: Harness) -> list[QComboBox]:
    """Every combo box of the window's pages and dialogs, each built as on first use."""
    h.window.show_history()
    dialog = h.app.settings.settings_dialog()
    h.app.editor.new()
    editor = h.window.pages.currentWidget()
    form = ExerciseForm(h.window)
    combos = [
        *h.window.findChildren(QComboBox),
        *dialog.findChildren(QComboBox),
        *editor.findChildren(QComboBox),
        *form.findChildren(QComboBox),
    ]
    return list(dict.fromkeys(combos))


def test_every_combo_boxs_closed_popup_neither_shows_nor_claims_focus(make: Make) -> None:
    h = make()
    combos = _combos(h)
    names = {combo.view().accessibleName() for combo in combos}
    assert {"Show", "Result", "Voice", "Muscle", "How the step is timed"} <= names, names
    for combo in combos:
        assert isinstance(combo, RowsCombo), combo.view().accessibleName()
        assert not combo.view().isVisible()
        rows = _rows(combo.view())
        assert len(rows) == combo.count(), combo.view().accessibleName()
        assert all(invisible and not focused for _, invisible, focused in rows), rows
        # the box itself still knows its item (none in an empty box: no history yet)
        assert combo.view().currentIndex().row() == combo.currentIndex()
    assert sum(combo.count() > 0 and combo.currentIndex() >= 0 for combo in combos) >= 5


def _open(combo: QComboBox) -> QWidget:
    combo.showPopup()
    popup = combo.view().parentWidget()
    assert popup is not None
    assert popup.isVisible()
    return popup


def test_an_open_popup_shows_its_rows_and_gives_focus_to_the_current_one(make: Make) -> None:
    h = make()
    h.window.show_history()
    combo = h.window.history.entries.result
    assert isinstance(combo, RowsCombo)
    combo.setCurrentIndex(1)
    chosen: list[int] = []
    combo.activated.connect(chosen.append)
    _open(combo)
    rows = _rows(combo.view())
    assert not any(invisible for _, invisible, _ in rows)
    assert [name for name, _, focused in rows if focused] == [combo.itemText(1)]
    # the keyboard moves in the open list and chooses, as in Qt's own
    QTest.keyClick(combo.view(), Qt.Key.Key_Down)
    assert [name for name, _, focused in _rows(combo.view()) if focused] == [combo.itemText(2)]
    QTest.keyClick(combo.view(), Qt.Key.Key_Return)
    assert chosen == [2]
    assert combo.currentIndex() == 2
    assert not combo.view().isVisible()
    QApplication.processEvents()  # the row is set aside once the box has read it
    assert all(invisible and not focused for _, invisible, focused in _rows(combo.view()))
    # and so does the mouse
    popup = _open(combo)
    view = combo.view()
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(view.model().index(0, 0)).center(),
    )
    assert chosen == [2, 0]
    assert not popup.isVisible()
    QApplication.processEvents()
    assert all(invisible and not focused for _, invisible, focused in _rows(combo.view()))


def test_a_popup_opens_and_looks_as_qts_own(qtbot: QtBot) -> None:
    grabs = []
    for kind in (QComboBox, RowsCombo):
        window = QWidget()
        qtbot.addWidget(window)
        combo = kind(window)
        combo.addItems(["Sessions", "Cramps", "Any result", "relief"])
        combo.setCurrentIndex(2)
        window.resize(300, 100)
        window.show()
        popup = _open(combo)
        place = popup.geometry().translated(-combo.mapToGlobal(QPoint(0, 0)))
        delegate = combo.itemDelegate().metaObject().className()
        grabs.append((place, delegate, combo.view().currentIndex().row(), popup.grab().toImage()))
        combo.hidePopup()
        QApplication.processEvents()
        if isinstance(combo, RowsCombo):
            assert not any(focused for _, _, focused in _rows(combo.view()))
    (place, delegate, row, image), (quiet_place, quiet_delegate, quiet_row, quiet_image) = grabs
    assert quiet_place == place  # the list lines its current item up with the box as Qt's
    assert quiet_delegate == delegate
    assert quiet_row == row == 2
    assert quiet_image == image


def test_an_empty_combo_box_stays_closed_and_quiet(qtbot: QtBot) -> None:
    combo = RowsCombo()
    qtbot.addWidget(combo)
    combo.show()
    combo.showPopup()
    assert not combo.view().isVisible()
    assert not combo.rows.parking.opening
    combo.addItems(["one", "two"])
    assert combo.currentIndex() == 0
    assert all(invisible and not focused for _, invisible, focused in _rows(combo.view()))
