"""The "New exercise" form: a name, a short and a full instruction, the muscle, a picture.

The form only collects; the editor's controller saves (routine_files.save_exercise and
copy_picture) and tells the form a problem to show, in the loader's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.loader import picture_problem
from stretchapp.core.routine import MUSCLE_NAMES, MUSCLES
from stretchapp.gui.a11y import name_popups
from stretchapp.gui.rows import RowsCombo

PICTURE_FILTER = "Pictures (*.svg *.png *.SVG *.PNG)"


class ExerciseForm(QDialog):
    """Collects a new exercise; `submitted` asks the controller to save it."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New exercise")
        self.setAccessibleName("New exercise")
        self.choose_file: Callable[[], Path | None] = self._dialog_choose  # a test replaces it
        self.picture: Path | None = None  # the file chosen on disk, copied when saved
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.summary = QLineEdit()
        self.summary.setAccessibleName("Short instruction, one line")
        self.instructions = QPlainTextEdit()
        self.instructions.setAccessibleName("Full instructions")
        self.instructions.setTabChangesFocus(True)  # Tab moves on, as in the other fields
        self.muscle = RowsCombo()
        self.muscle.setAccessibleName("Muscle")
        for muscle in MUSCLES:
            self.muscle.addItem(MUSCLE_NAMES[muscle], muscle)
        self.picture_label = QLabel("No picture")
        self.choose_button = QPushButton("Choose picture…")
        self.choose_button.setAccessibleName("Choose a picture, SVG or PNG")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "problem")
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        picture_row = QHBoxLayout()
        picture_row.addWidget(self.picture_label, 1)
        picture_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Short instruction", self.summary)
        form.addRow("Full instructions", self.instructions)
        form.addRow("Muscle", self.muscle)
        form.addRow("Picture", picture_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save the exercise")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.submitted.emit)  # accepted only once it is saved
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        name_popups(self)
        self.resize(480, 420)
        self.name.setFocus()

    def chosen_muscle(self) -> str:
        """The muscle's id, as exercises.yaml writes it."""
        return str(self.muscle.currentData())

    def show_problem(self, text: str) -> None:
        """Say why it was not saved; the form stays open to fix it."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def set_picture(self, path: Path | None) -> bool:
        """Take a picture from disk, refused at once (with the loader's words) when bad."""
        problem = picture_problem(path) if path is not None else None
        if problem is not None:
            self.show_problem(problem)
            return False
        self.picture = path
        self.picture_label.setText(path.name if path is not None else "No picture")
        self.show_problem("")
        return True

    def _dialog_choose(self) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose a picture", str(Path.home()), PICTURE_FILTER
        )
        return Path(chosen) if chosen else None

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        chosen = self.choose_file()
        if chosen is not None:
            self.set_picture(chosen)
