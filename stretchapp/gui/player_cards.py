"""The player's two cards: the exercise (its picture, name and instructions) on the left, and
in a relief what else helps on the right. The player (player_view.py) says what they show."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.routine import Exercise, Tip
from stretchapp.gui.a11y import describe
from stretchapp.gui.picture import ExercisePicture

MIN_PICTURE_PX = 160  # the illustration is this tall or not shown
WORDS_PX = 74  # the exercise card's box of words: three lines, then it scrolls


def scrolled(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` in a frameless box that scrolls up and down, never sideways."""
    box = QScrollArea()
    box.setWidgetResizable(True)
    box.setFrameShape(QFrame.Shape.NoFrame)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setWidget(widget)
    box.setAccessibleName(name)
    return box


class ExerciseCard(QFrame):
    """The exercise now or next: its picture on a plate, its name, its one line, and its
    full instructions behind a button."""

    resized = Signal()  # the player decides from the card's height whether the plate fits

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.picture = ExercisePicture()
        self.picture.setMinimumHeight(MIN_PICTURE_PX)  # smaller says nothing: it gives way
        self.plate = QFrame()
        self.plate.setProperty("role", "plate")
        self.plate.setMaximumHeight(280)
        plate_layout = QVBoxLayout(self.plate)
        plate_layout.setContentsMargins(8, 8, 8, 8)
        plate_layout.addWidget(self.picture)
        self.exercise_name = QLabel()
        self.exercise_name.setProperty("role", "exercise")
        self.exercise_name.setWordWrap(True)
        self.instruction = QLabel()
        self.instruction.setWordWrap(True)
        self.instruction.setProperty("role", "instruction")
        self.more_button = QPushButton("Full instructions")
        self.more_button.setProperty("role", "link")
        self.more_button.setAccessibleName("Show the full instructions")
        self.more_button.clicked.connect(self._on_more_button_clicked)
        self.full_text = QLabel()
        self.full_text.setWordWrap(True)
        self.full_text.setProperty("role", "muted")
        describe(self.full_text, "Full instructions")
        self.full_text.hide()
        # the one line and the full text share one scrolled box of a set height: showing the
        # full instructions never takes room from the picture
        words = QWidget()
        w = QVBoxLayout(words)
        w.setContentsMargins(0, 0, 0, 0)
        w.addWidget(self.instruction)
        w.addWidget(self.full_text)
        w.addStretch(1)
        self.words = scrolled(words, "Instructions")
        self.words.setFixedHeight(WORDS_PX)
        e = QVBoxLayout(self)
        e.setContentsMargins(16, 12, 16, 12)
        e.setSpacing(4)
        e.addWidget(self.plate, 1)
        e.addWidget(self.exercise_name)
        e.addWidget(self.words)
        e.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        e.addStretch(0)  # the plate takes the height; without it the words stay at the top
        self.setMinimumWidth(300)
        self.setMaximumWidth(360)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  (Qt's name)
        """Say so: whether the picture fits depends on the card's height."""
        super().resizeEvent(event)
        self.resized.emit()

    def show_exercise(self, name: str, exercise: Exercise | None) -> None:
        """The name and words of a phase's exercise; the full text stays open only while
        there is one to show."""
        self.exercise_name.setText(name)
        self.instruction.setText(exercise.one_line if exercise is not None else "")
        full = " ".join(exercise.instructions.split()) if exercise is not None else ""
        self.full_text.setText(full)
        self.more_button.setVisible(bool(full) and full != self.instruction.text())
        if not self.more_button.isVisible():
            self.full_text.hide()
            self.more_button.setText("Full instructions")
            self.more_button.setAccessibleName("Show the full instructions")
        self.instruction.setVisible(self.full_text.isHidden())

    @Slot()
    def _on_more_button_clicked(self) -> None:
        shown = self.full_text.isHidden()
        self.full_text.setVisible(shown)
        self.instruction.setVisible(not shown)  # the full text says it too
        self.more_button.setText("Less" if shown else "Full instructions")
        self.more_button.setAccessibleName(
            "Less: hide the full instructions" if shown else "Show the full instructions"
        )


class HelpsCard(QFrame):
    """In a relief, what else helps: the tips' titles and texts, scrolled when long."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setMinimumWidth(270)
        self.setMaximumWidth(300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        heading = QLabel("What else helps")
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setProperty("role", "help")
        describe(self.body, "What else helps")
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(scrolled(self.body, "What else helps"), 1)
        self.hide()

    def set_tips(self, tips: Sequence[Tip]) -> None:
        """The tips to show, each its title in bold over its text."""
        self.body.setText(
            "".join(
                f"<p style='margin-bottom:8px'><b>{html.escape(t.title)}</b><br>"
                f"{html.escape(' '.join(t.text.split()))}</p>"
                for t in tips
            )
        )
