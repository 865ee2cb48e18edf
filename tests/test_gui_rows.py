"""Item-view rows as a screen reader gets them through Qt (issue 16): a hidden page's rows
neither show nor claim focus, and the program sees the same current row throughout."""

from __future__ import annotations

from typing import Any

import pytest
import test_gui_app
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QApplication
from test_gui_app import Harness, Make

# the window on a fake clock, as the whole-window tests build it
make, user_dir = test_gui_app.make, test_gui_app.user_dir

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _rows(view: QAbstractItemView) -> list[tuple[str, bool, bool]]:
    """(name, invisible, focused) of each accessible child cell of the view."""
    interface = QAccessible.queryAccessibleInterface(view)
    assert interface is not None
    rows = []
    for i in range(interface.childCount()):
        cell = interface.child(i)
        if cell is None or cell.role() not in (QAccessible.Role.TreeItem, QAccessible.Role.Cell):
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
