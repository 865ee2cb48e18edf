"""The cramp relief's questions: has it eased yet, and afterwards how bad it was (0 to 10)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from stretchapp.core.announce import EASED_QUESTION

NO_PAIN_GIVEN = -1


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


class PainScale(QWidget):
    """Eleven buttons from 0 (none) to 10 (worst), labelled at both ends; none pressed at first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so that setValue(-1) can clear it
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        low = QLabel("0 none")
        low.setProperty("role", "muted")
        row.addWidget(low)
        for n in range(11):
            b = QPushButton(str(n))
            b.setCheckable(True)
            b.setAutoDefault(False)
            b.setProperty("role", "scale")
            b.setFixedWidth(30)
            words = {0: ", no pain", 10: ", the worst"}.get(n, "")
            b.setAccessibleName(f"Pain {n} of 10{words}")
            self.group.addButton(b, n)
            row.addWidget(b)
        high = QLabel("10 worst")
        high.setProperty("role", "muted")
        row.addWidget(high)
        self.group.idClicked.connect(self._on_group_id_clicked)
        self.setAccessibleName("Pain, 0 (none) to 10 (worst)")

    def value(self) -> int:
        """The pain chosen, or -1 when none was."""
        checked = self.group.checkedId()
        return NO_PAIN_GIVEN if checked < 0 else checked

    def setValue(self, value: int) -> None:  # noqa: N802  (QSpinBox's name, as tests use it)
        """Press the button of `value`; -1 presses none."""
        for n, b in enumerate(self.group.buttons()):
            b.setChecked(n == value)

    @Slot(int)
    def _on_group_id_clicked(self, chosen: int) -> None:
        self.setValue(chosen if self.group.button(chosen).isChecked() else NO_PAIN_GIVEN)


class CrampNote(QFrame):
    """After a relief: how bad was it (0 to 10) and a note; optional, never in the way.

    It does not show itself: `asked` and `closed` tell the window's notice area.
    """

    saved = Signal(int, object, str)  # cramp id, pain or None, note
    dismissed = Signal()
    asked = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cramp_id: int | None = None
        label = QLabel("How bad was the cramp?")
        label.setToolTip("Optional: it helps you see a pattern in the history")
        self.pain = PainScale()
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
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.pain)
        row.addWidget(self.note, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.skip_button)

    def ask(self, cramp_id: int) -> None:
        """Offer to note this cramp."""
        self.cramp_id = cramp_id
        self.pain.setValue(NO_PAIN_GIVEN)
        self.note.clear()
        self.asked.emit()

    def withdraw(self) -> None:
        """Take the question back unanswered (a new relief began)."""
        self.cramp_id = None
        self.closed.emit()

    @Slot()
    def save(self) -> None:
        """Give what was entered."""
        if self.cramp_id is None:
            return
        pain = self.pain.value()
        self.saved.emit(self.cramp_id, None if pain < 0 else pain, self.note.text().strip())
        self.withdraw()

    @Slot()
    def _on_skip_button_clicked(self) -> None:
        self.withdraw()
        self.dismissed.emit()
