"""The cramp chooser: which muscle, in one click or one key (1 to 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from stretchapp.core.routine import MUSCLE_NAMES, MUSCLES


class CrampView(QWidget):
    """Four big buttons, one a muscle; the relief starts the moment one is chosen."""

    muscle_chosen = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Where is the cramp?")
        title.setProperty("role", "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel("Press 1 to 4, or click. The stretch starts at once.")
        hint.setProperty("role", "muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.buttons: dict[str, QPushButton] = {}
        for number, muscle in enumerate(MUSCLES, 1):  # in the order of the keys 1 to 4
            label = MUSCLE_NAMES[muscle]
            b = QPushButton(f"{number}   {label}")
            b.setProperty("role", "muscle")
            b.setAccessibleName(f"{number}: {label} cramp")
            b.setAutoDefault(False)
            b.setMinimumSize(300, 96)
            b.clicked.connect(lambda _=False, m=muscle: self.muscle_chosen.emit(m))
            grid.addWidget(b, (number - 1) // 2, (number - 1) % 2)
            self.buttons[muscle] = b
        self.missing = QLabel()
        self.missing.setProperty("role", "muted")
        self.missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel (Esc)")
        self.cancel_button.setAccessibleName("Cancel (Esc)")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(24)
        layout.addLayout(grid)
        layout.addWidget(self.missing)
        layout.addSpacing(16)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def set_available(self, muscles: set[str]) -> None:
        """Enable the muscles that have a relief routine; say which have none."""
        gone = []
        for muscle in MUSCLES:
            self.buttons[muscle].setEnabled(muscle in muscles)
            if muscle not in muscles:
                gone.append(MUSCLE_NAMES[muscle].lower())
        self.missing.setText(f"No relief routine loaded for: {', '.join(gone)}." if gone else "")
        self.missing.setVisible(bool(gone))

    def choose(self, number: int) -> bool:
        """Choose the muscle of key 1..4; False when it has no routine."""
        if not 1 <= number <= len(MUSCLES):
            return False
        button = self.buttons[MUSCLES[number - 1]]
        if not button.isEnabled():
            return False
        button.click()
        return True

    def focus_first(self) -> None:
        """Put the keyboard on the first enabled muscle."""
        for b in self.buttons.values():
            if b.isEnabled():
                b.setFocus()
                return

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        self.cancelled.emit()
