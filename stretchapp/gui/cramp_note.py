"""The cramp relief's questions: has it eased yet, and afterwards how bad it was."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from stretchapp.core.announce import EASED_QUESTION


class EasedQuestion(QFrame):
    """When a relief's steps run out: has the cramp eased? Yes ends it, not yet goes again."""

    answered = Signal(bool)  # eased

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "notice")
        self.label = QLabel(EASED_QUESTION)
        self.label.setProperty("role", "heading")
        self.yes_button = QPushButton("Yes, it has eased")
        self.yes_button.setAccessibleName("Yes, the cramp has eased: end the relief")
        self.yes_button.setProperty("role", "primary")
        self.yes_button.clicked.connect(self._on_yes_button_clicked)
        self.not_yet_button = QPushButton("Not yet")
        self.not_yet_button.setAccessibleName("Not yet: stretch gently again")
        self.not_yet_button.clicked.connect(self._on_not_yet_button_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 10, 18, 10)
        row.addWidget(self.label, 1)
        for b in (self.yes_button, self.not_yet_button):
            b.setAutoDefault(False)
            row.addWidget(b)
        self.hide()

    @Slot()
    def _on_yes_button_clicked(self) -> None:
        self.hide()
        self.answered.emit(True)

    @Slot()
    def _on_not_yet_button_clicked(self) -> None:
        self.hide()
        self.answered.emit(False)


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
