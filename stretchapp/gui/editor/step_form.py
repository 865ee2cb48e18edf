"""The selected step's fields, each with the loader's problem beside it; limits from the spec."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core import spec
from stretchapp.gui.a11y import buddy, describe
from stretchapp.gui.editor.draft import STEP_FIELDS
from stretchapp.gui.rows import RowsCombo

TIMING_LABELS = {
    "hold": "Hold for",
    "breaths": "Slow breaths",
    "duration": "Timed activity",
    "manual": "Until I say done",
}


def choices(record: spec.Record, name: str) -> list[str]:
    """The words a Choice key of the spec allows: the one list of them."""
    kind = record.by_name[name].kind
    assert isinstance(kind, spec.Choice)
    return list(kind.values)


def problem_label(name: str) -> QLabel:
    """A label for the problems of one field, hidden while it has none."""
    label = QLabel()
    label.setProperty("role", "problem")
    label.setWordWrap(True)
    describe(label, f"Problem with the {name or 'step'}")
    label.setStyleSheet("color: #b3261e;")
    label.hide()
    return label


class StepForm(QWidget):
    """Exercise, timing, length, reps or repeat-for, rest and sides of one step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exercise_label = QLabel()
        describe(self.exercise_label, "Exercise")
        self.timing = RowsCombo()
        self.timing.setAccessibleName("How the step is timed")
        for key in spec.TIMING_KEYS:
            self.timing.addItem(TIMING_LABELS[key], key)
        self.amount = QLineEdit()
        self.amount.setAccessibleName("How long, or how many breaths")
        reps_kind = spec.STEP.by_name["reps"].kind
        assert isinstance(reps_kind, spec.Count)
        self.reps = QSpinBox()
        self.reps.setRange(reps_kind.minimum, reps_kind.maximum)  # the spec's limits
        self.reps.setAccessibleName("Reps")
        self.repeat_for = QLineEdit()
        self.repeat_for.setAccessibleName("Or repeat for (e.g. 5m)")
        self.rest = QLineEdit()
        self.rest.setAccessibleName("Rest between reps (e.g. 10s)")
        self.sides = RowsCombo()
        self.sides.setAccessibleName("Sides")
        self.sides.addItems(choices(spec.STEP, "sides"))
        self.problems = {name: problem_label(name) for name in (*STEP_FIELDS, "")}
        form = QFormLayout(self)
        form.addRow(self.problems[""])
        rows: tuple[tuple[str, QWidget, str], ...] = (
            ("Exercise", self.exercise_label, "exercise"),
            ("Timing", self.timing, ""),
            ("Length", self.amount, "amount"),
            ("Reps", self.reps, "reps"),
            ("Or repeat for", self.repeat_for, "repeat_for"),
            ("Rest", self.rest, "rest"),
            ("Sides", self.sides, "sides"),
        )
        for label, widget, key in rows:
            if key:
                box = QVBoxLayout()
                box.addWidget(widget)
                box.addWidget(self.problems[key])
                form.addRow(buddy(label, widget), box)
            else:
                form.addRow(label, widget)
