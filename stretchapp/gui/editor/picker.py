"""The exercise picker: each exercise with its picture, searched by name or muscle."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.routine import MUSCLE_NAMES, Exercise
from stretchapp.gui.picture import ExercisePicture
from stretchapp.gui.rows import RowsList

ICON = QSize(72, 72)
ID_ROLE = Qt.ItemDataRole.UserRole


def exercise_matches(exercise: Exercise, query: str) -> bool:
    """Whether a search matches the exercise's name, id or muscles (as a person names them)."""
    words = query.lower().split()
    muscles = list(exercise.muscles) + [MUSCLE_NAMES.get(m, m) for m in exercise.muscles]
    text = " ".join([exercise.name, exercise.id, *muscles]).lower()
    return all(word in text for word in words)


class ExercisePicker(QDialog):
    """Choose one exercise; `chosen()` says which once accepted."""

    new_requested = Signal()  # "New exercise…": the controller opens the form

    def __init__(self, exercises: Mapping[str, Exercise], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a step")
        self.setAccessibleName("Choose an exercise")
        self._exercises = exercises
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name or muscle (calf, thigh, foot…)")
        self.search.setAccessibleName("Search exercises")
        self.search.textChanged.connect(self._on_search_text_changed)
        self.list = RowsList()
        self.list.setAccessibleName("Exercises")
        self.list.setIconSize(ICON)
        self.list.itemActivated.connect(self._on_list_item_activated)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.new_button = buttons.addButton("New exercise…", QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.setAccessibleName("New exercise: your own, with a picture")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_requested.emit)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add")
        ok.setAccessibleName("Add the chosen exercise")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 560)
        self.set_exercises(exercises)

    def set_exercises(self, exercises: Mapping[str, Exercise], select: str | None = None) -> None:
        """List these exercises, the search kept, with `select` (else the first) current."""
        self._exercises = exercises
        self.list.clear()
        painter = ExercisePicture()  # renders each picture once, as the player shows it
        for exercise in exercises.values():
            item = QListWidgetItem(self._label(exercise))
            item.setData(ID_ROLE, exercise.id)
            if painter.set_picture(exercise.picture):
                item.setIcon(QIcon(QPixmap.fromImage(painter.image(ICON))))
            self.list.addItem(item)
            if exercise.id == select:
                self.list.setCurrentItem(item)
        painter.deleteLater()
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._on_search_text_changed(self.search.text())

    @staticmethod
    def _label(exercise: Exercise) -> str:
        muscles = ", ".join(MUSCLE_NAMES.get(m, m) for m in exercise.muscles)
        own = " (your own)" if exercise.user else ""
        return f"{exercise.name}{own}\n{muscles}" if muscles else exercise.name + own

    def visible_ids(self) -> list[str]:
        """The exercises the search leaves listed, top to bottom."""
        return [
            str(item.data(ID_ROLE))
            for item in (self.list.item(i) for i in range(self.list.count()))
            if item is not None and not item.isHidden()
        ]

    def chosen(self) -> str | None:
        """The selected exercise's id."""
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else str(item.data(ID_ROLE))

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            exercise = self._exercises.get(str(item.data(ID_ROLE)))
            shown = exercise is not None and exercise_matches(exercise, text)
            item.setHidden(not shown)
            if shown and first is None:
                first = item
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first)

    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        del item
        self.accept()
