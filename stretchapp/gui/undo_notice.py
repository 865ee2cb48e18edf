"""The notice after a history entry was deleted: what went, and Undo (a question of the strip)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QWidget

from stretchapp.gui.notices import notice_row


class UndoNotice(QFrame):
    """ "Deleted …" with Undo and OK; it does not show itself: the window's notice area does."""

    undo_clicked = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Notice")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setProperty("role", "primary")
        self.undo_button.setAccessibleName("Undo the delete (Ctrl+Z on the history page)")
        self.undo_button.clicked.connect(self.undo_clicked.emit)
        self.ok_button = QPushButton("OK")
        self.ok_button.setAccessibleName("Keep it deleted and dismiss the notice")
        self.ok_button.clicked.connect(self.dismissed.emit)
        for b in (self.undo_button, self.ok_button):
            b.setAutoDefault(False)
        notice_row(self, self.label, self.undo_button, self.ok_button)
        self.hide()

    def set_entry(self, entry: str, more: int = 0) -> None:
        """Say which entry was deleted (``more``: earlier deletes that Undo reaches after it)."""
        earlier = f" ({more} more to undo)" if more else ""
        self.label.setText(f"Deleted {entry}.{earlier}")
