"""Undo for the editor: every edit is one command that swaps a whole draft for another."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand

from stretchapp.gui.editor.draft import RoutineDraft

_MERGE_ID = 1913


class DraftCommand(QUndoCommand):
    """One edit: the draft before and after. Typing into one field merges into one command."""

    def __init__(
        self,
        apply: Callable[[RoutineDraft], None],
        before: RoutineDraft,
        after: RoutineDraft,
        text: str,
        field: str = "",
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self.before = before.copy()
        self.after = after.copy()
        self.field = field  # "" never merges: a move, an added step
        self._pushed = False

    def id(self) -> int:
        """Commands of the same field merge (Qt asks this)."""
        return _MERGE_ID if self.field else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802  (Qt's name)
        """Keep typing in one field as one step of undo."""
        if not isinstance(other, DraftCommand) or other.field != self.field:
            return False
        self.after = other.after.copy()
        return True

    def redo(self) -> None:
        """Show the draft after the edit (not on the first push: it is shown already)."""
        if self._pushed:
            self._apply(self.after.copy())
        self._pushed = True

    def undo(self) -> None:
        """Show the draft before the edit."""
        self._apply(self.before.copy())


class UndoKeysToStack(QObject):
    """Lets Ctrl+Z and Ctrl+Shift+Z reach the editor's stack from inside a line edit.

    A line edit keeps its own undo and takes those keys first; the editor's one stack,
    which also holds moves and added steps, is the one the user means.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        """Refuse the line edit its claim on the undo keys, so the shortcuts fire."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            keys = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
            if any(event.matches(k) for k in keys) or _is_shift_undo(event):
                return True
        return super().eventFilter(watched, event)


def _is_shift_undo(event: QKeyEvent) -> bool:
    combination = event.keyCombination().toCombined()
    return bool(QKeySequence(combination) == QKeySequence("Ctrl+Shift+Z"))
