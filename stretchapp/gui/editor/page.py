"""The routine editor page: the routine's fields, its steps, and a live timeline beside them.

Every edit becomes a new draft pushed on one undo stack; each draft is checked by the
strict loader (through the writer's text), so the problems shown beside the fields are
the loader's own messages and the preview is the timeline `stretchapp show` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QKeyCombination, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core import spec
from stretchapp.core.durations import format_clock
from stretchapp.core.loader import Problem
from stretchapp.core.routine import Category, Exercise, Routine, StepKind
from stretchapp.core.timeline import Timeline
from stretchapp.gui.a11y import buddy, describe, name_popups
from stretchapp.gui.editor.commands import DraftCommand, UndoKeysToStack
from stretchapp.gui.editor.draft import (
    DEFAULT_HOLD,
    RoutineDraft,
    StepDraft,
    new_step,
    problem_field,
)
from stretchapp.gui.editor.picker import ExercisePicker
from stretchapp.gui.editor.step_form import StepForm, choices, problem_label
from stretchapp.gui.library_text import step_rows, steps_html
from stretchapp.gui.rows import RowsCombo, RowsList
from stretchapp.routine_files import check_text, values_yaml

ROUTINE_FIELDS = ("title", "category", "summary", "prepare", "schedule", "steps")


def button(text: str, name: str) -> QPushButton:
    """A push button with the name a screen reader says."""
    made = QPushButton(text)
    made.setAccessibleName(name)
    return made


class EditorPage(QWidget):
    """Edits one routine draft; says when the user wants it saved, tried or closed."""

    save_requested = Signal()
    try_requested = Signal()
    close_requested = Signal()
    reset_requested = Signal()  # back to the bundled routine of this id
    new_exercise_requested = Signal()  # the picker's "New exercise…"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Routine editor")
        self.exercises: Mapping[str, Exercise] = {}
        self.compile_one: Callable[[Routine], Timeline] | None = None
        self.draft = RoutineDraft(id="my-routine")
        self.routine: Routine | None = None  # the draft as the loader reads it, when it can
        self.problems: list[Problem] = []
        self.picker: ExercisePicker | None = None
        self.undo_stack = QUndoStack(self)
        self._showing = False  # widgets are being set from a draft: not an edit
        self._keys = UndoKeysToStack(self)

        self.heading = QLabel("New routine")
        self.heading.setProperty("role", "title")
        self.note = QLabel()  # where the file goes, what was kept
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        self.general_problems = problem_label("routine")

        # the routine's fields, each with its problem below it
        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.category = RowsCombo()
        self.category.setAccessibleName("Category")
        self.category.addItems(choices(spec.ROUTINE, "category"))
        self.summary = QLineEdit()
        self.summary.setAccessibleName("Summary")
        self.prepare = QLineEdit()
        self.prepare.setAccessibleName("Get ready for (e.g. 5s)")
        self.prepare.setPlaceholderText(f"{spec.ROUTINE.by_name['prepare'].default}s")
        self.schedule = QLineEdit()
        self.schedule.setAccessibleName("Reminder times (e.g. 08:00, 20:00)")
        self.schedule.setPlaceholderText("08:00, 20:00")
        self.field_problems = {name: problem_label(name) for name in ROUTINE_FIELDS}
        form = QFormLayout()
        self._form = form
        for label, widget, key in (
            ("Title", self.title, "title"),
            ("Category", self.category, "category"),
            ("Summary", self.summary, "summary"),
            ("Get ready", self.prepare, "prepare"),
            ("Reminders", self.schedule, "schedule"),
        ):
            box = QVBoxLayout()
            box.addWidget(widget)
            box.addWidget(self.field_problems[key])
            form.addRow(buddy(label, widget), box)

        # the steps
        self.steps = RowsList()
        self.steps.setAccessibleName("Steps (Alt+Up and Alt+Down move, Delete removes)")
        self.steps.setMinimumHeight(150)
        self.steps.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.steps.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.steps.model().rowsMoved.connect(self._on_steps_moved)
        self.steps.currentRowChanged.connect(self._on_steps_current_row_changed)
        self.add_button = button("Add step…", "Add step…: choose an exercise")
        self.remove_button = button("Remove", "Remove the step")
        self.up_button = button("Up", "Move the step up (Alt+Up)")
        self.down_button = button("Down", "Move the step down (Alt+Down)")
        self.add_button.clicked.connect(self.open_picker)
        self.remove_button.clicked.connect(self.remove_step)
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        step_buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            step_buttons.addWidget(b)

        # the selected step
        self.step_detail = StepForm()
        f = self.step_detail
        self.step_problems = f.problems
        self.exercise_label, self.timing, self.amount = f.exercise_label, f.timing, f.amount
        self.reps, self.repeat_for, self.rest, self.sides = f.reps, f.repeat_for, f.rest, f.sides

        # the preview
        self.total = QLabel()
        self.total.setProperty("role", "heading")
        describe(self.total, "Total time")
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setWordWrap(True)
        describe(self.preview, "Timeline")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop)

        # the buttons of the page
        self.save_button = QPushButton("Save")
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName("Save the routine (Ctrl+S)")
        self.try_button = button("Try it", "Try the routine as it stands")
        self.undo_button = button("Undo", "Undo (Ctrl+Z)")
        self.redo_button = button("Redo", "Redo (Ctrl+Shift+Z)")
        self.reset_button = button("Reset to the bundled one", "Reset to the bundled routine")
        self.close_button = button("Close", "Close the editor")
        self.save_button.clicked.connect(self.save_requested.emit)
        self.try_button.clicked.connect(self.try_requested.emit)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.reset_button.clicked.connect(self.reset_requested.emit)
        self.close_button.clicked.connect(self.close_requested.emit)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        bar = QHBoxLayout()
        for b in (self.save_button, self.try_button, self.undo_button, self.redo_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.reset_button)
        bar.addWidget(self.close_button)

        left = QVBoxLayout()
        left.addLayout(form)
        steps_heading = QLabel("Steps")
        steps_heading.setProperty("role", "heading")
        left.addWidget(steps_heading)
        left.addWidget(self.field_problems["steps"])
        left.addWidget(self.steps, 1)
        left.addLayout(step_buttons)
        left.addWidget(self.step_detail)
        left_widget = QWidget()
        left_widget.setLayout(left)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left_widget)
        scroll.setAccessibleName("Routine and its steps")
        right = QVBoxLayout()
        right.addWidget(self.total)
        right.addWidget(self.preview, 1)
        right_widget = QWidget()
        right_widget.setLayout(right)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(right_widget)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addLayout(bar)
        layout.addWidget(self.general_problems)
        layout.addWidget(splitter, 1)
        name_popups(self)

        for edit in (self.title, self.summary, self.prepare, self.schedule):
            edit.textEdited.connect(self._on_routine_field_edited)
        self.category.activated.connect(self._on_routine_field_edited)
        for edit in (self.amount, self.repeat_for, self.rest):
            edit.textEdited.connect(self._on_step_field_edited)
        self.reps.valueChanged.connect(self._on_step_field_edited)
        self.timing.activated.connect(self._on_step_field_edited)
        self.sides.activated.connect(self._on_step_field_edited)
        for edit in self.findChildren(QLineEdit):
            edit.installEventFilter(self._keys)
        self._make_keys()

    def _make_keys(self) -> None:
        def key(sequence: QKeySequence, slot: Callable[[], object], where: QWidget) -> None:
            shortcut = QShortcut(sequence, where)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        alt = Qt.KeyboardModifier.AltModifier
        key(QKeySequence(QKeyCombination(alt, Qt.Key.Key_Up)), lambda: self.move_step(-1), self)
        key(QKeySequence(QKeyCombination(alt, Qt.Key.Key_Down)), lambda: self.move_step(1), self)
        key(QKeySequence(Qt.Key.Key_Delete), self.remove_step, self.steps)
        key(QKeySequence(QKeySequence.StandardKey.Undo), self.undo_stack.undo, self)
        key(QKeySequence("Ctrl+Shift+Z"), self.undo_stack.redo, self)
        key(QKeySequence(QKeySequence.StandardKey.Save), self.save_requested.emit, self)

    # -- what the controller asks

    def open(
        self,
        draft: RoutineDraft,
        *,
        exercises: Mapping[str, Exercise],
        compile_one: Callable[[Routine], Timeline],
        heading: str,
        note: str = "",
        can_reset: bool = False,
    ) -> None:
        """Start editing a draft: a clean undo stack, the first field focused."""
        self.exercises = exercises
        self.compile_one = compile_one
        self.heading.setText(heading)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.reset_button.setVisible(can_reset)
        self.undo_stack.clear()
        self.show_draft(draft)
        self.undo_stack.setClean()
        self.title.setFocus()

    def is_modified(self) -> bool:
        """Whether there are edits since it was opened or saved."""
        return not self.undo_stack.isClean()

    def edit(self, draft: RoutineDraft, text: str, field: str = "") -> None:
        """Make an edit that undo can take back."""
        command = DraftCommand(self.show_draft, self.draft, draft, text, field)
        self.show_draft(draft)
        self.undo_stack.push(command)

    def add_step(self, exercise: str) -> None:
        """Add a step for an exercise after the selected one, and select it."""
        draft = self.draft.copy()
        at = self.steps.currentRow() + 1 if self.steps.currentRow() >= 0 else len(draft.steps)
        draft.steps.insert(at, new_step(exercise))
        self.edit(draft, "Add a step")
        self.steps.setCurrentRow(at)

    @Slot()
    def remove_step(self) -> None:
        """Remove the selected step."""
        row = self.steps.currentRow()
        if row < 0:
            return
        draft = self.draft.copy()
        del draft.steps[row]
        self.edit(draft, "Remove a step")
        self.steps.setCurrentRow(min(row, len(draft.steps) - 1))

    def move_step(self, by: int) -> None:
        """Move the selected step up (-1) or down (1)."""
        row = self.steps.currentRow()
        to = row + by
        if row < 0 or not 0 <= to < len(self.draft.steps):
            return
        draft = self.draft.copy()
        draft.steps.insert(to, draft.steps.pop(row))
        self.edit(draft, "Move a step")
        self.steps.setCurrentRow(to)
        self.steps.setFocus()

    @Slot()
    def open_picker(self) -> None:
        """Choose an exercise for a new step."""
        self.picker = ExercisePicker(self.exercises, self)
        self.picker.accepted.connect(self._on_picker_accepted)
        self.picker.new_requested.connect(self.new_exercise_requested.emit)
        self.picker.open()

    # -- showing a draft

    def show_draft(self, draft: RoutineDraft) -> None:
        """Set every widget from a draft (an edit, an undo or a redo) and check it."""
        self.draft = draft
        self._showing = True
        try:
            self._set_text(self.title, draft.title)
            self.category.setCurrentText(draft.category)
            self._set_text(self.summary, draft.summary)
            self._set_text(self.prepare, draft.prepare)
            self._set_text(self.schedule, draft.schedule)
            daily = draft.category == Category.DAILY.value
            self._form.setRowVisible(4, daily or bool(draft.schedule))  # the reminders' row
            row = self.steps.currentRow()
            self.steps.clear()
            for number, step in enumerate(draft.steps, 1):
                item = QListWidgetItem(self._step_text(number, step))
                self.steps.addItem(item)
            if draft.steps:
                self.steps.setCurrentRow(max(0, min(row, len(draft.steps) - 1)))
            self._show_step()
        finally:
            self._showing = False
        self._check()

    @staticmethod
    def _set_text(edit: QLineEdit, text: str) -> None:
        if edit.text() != text:  # keeps the cursor where it is while typing
            edit.setText(text)

    def _step_text(self, number: int, step: StepDraft) -> str:
        exercise = self.exercises.get(step.exercise)
        name = exercise.name if exercise is not None else step.exercise
        what = "until done" if step.timing == "manual" else f"{step.timing} {step.amount}"
        reps = f", for {step.repeat_for}" if step.repeat_for else ""
        reps = reps or (f", {step.reps}×" if step.reps > 1 else "")
        sides = "" if step.sides == "none" else f", {step.sides}"
        return f"{number}. {name}: {what}{reps}{sides}"

    def _show_step(self) -> None:
        row = self.steps.currentRow()
        self.step_detail.setEnabled(row >= 0)
        self.remove_button.setEnabled(row >= 0)
        if row < 0:
            return
        step = self.draft.steps[row]
        exercise = self.exercises.get(step.exercise)
        self.exercise_label.setText(exercise.name if exercise is not None else step.exercise)
        self.timing.setCurrentIndex(spec.TIMING_KEYS.index(step.timing))
        self._set_text(self.amount, step.amount)
        self.amount.setEnabled(step.timing != "manual")
        self.reps.setValue(step.reps)
        self._set_text(self.repeat_for, step.repeat_for)
        self._set_text(self.rest, step.rest)
        self.sides.setCurrentText(step.sides)

    # -- checking

    def _check(self) -> None:
        """Read the draft as the loader reads a file: the routine, or its problems."""
        text = values_yaml(self.draft.values())
        self.routine, self.problems = check_text(text, exercises=self.exercises, stem=self.draft.id)
        self._show_problems()
        self._show_preview()
        self.save_button.setEnabled(self.routine is not None)
        self.try_button.setEnabled(self.routine is not None)

    def problem_texts(self) -> dict[str, list[str]]:
        """The problems by the field they are shown beside: "title", "steps[1].amount", ""."""
        out: dict[str, list[str]] = {}
        for p in self.problems:
            out.setdefault(problem_field(p.key), []).append(p.message)
        return out

    def _show_problems(self) -> None:
        texts = self.problem_texts()
        shown = set()
        for name, label in self.field_problems.items():
            label.setText("\n".join(texts.get(name, [])))
            label.setVisible(name in texts)
            shown.add(name)
        row = self.steps.currentRow()
        for name, label in self.step_problems.items():
            messages = texts.get(f"steps[{row}].{name}", [])
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))
        bad_steps = {int(k[6 : k.index("]")]) for k in texts if k.startswith("steps[")}
        for i in range(self.steps.count()):
            item = self.steps.item(i)
            text = item.text().removeprefix("⚠ ")
            item.setText(f"⚠ {text}" if i in bad_steps else text)
        general = [
            f"{p.key}: {p.message}" if p.key else p.message
            for p in self.problems
            if problem_field(p.key) == ""
        ]
        self.general_problems.setText("\n".join(general))
        self.general_problems.setVisible(bool(general))

    def _show_preview(self) -> None:
        if self.routine is None or self.compile_one is None:
            self.total.setText("Total: fix the problems to see the timeline")
            self.preview.setText("")
            return
        try:
            timeline = self.compile_one(self.routine)
        except ValueError as error:
            self.total.setText(f"Total: {error}")
            self.preview.setText("")
            return
        manual = any(s.kind is StepKind.MANUAL for s in self.routine.steps)
        extra = " plus the steps you end yourself" if manual else ""
        self.total.setText(f"Total: {format_clock(timeline.total_seconds)}{extra}")
        self.preview.setText(steps_html(step_rows(timeline, self.exercises)))

    # -- edits from the widgets

    @Slot()
    def _on_routine_field_edited(self) -> None:
        if self._showing:
            return
        draft = self.draft.copy()
        draft.title = self.title.text()
        draft.category = self.category.currentText()
        draft.summary = self.summary.text()
        draft.prepare = self.prepare.text()
        draft.schedule = self.schedule.text()
        changed = [
            n
            for n in ("title", "category", "summary", "prepare", "schedule")
            if getattr(draft, n) != getattr(self.draft, n)
        ]
        if changed:
            self.edit(draft, f"Change the {changed[0]}", changed[0])

    @Slot()
    def _on_step_field_edited(self) -> None:
        row = self.steps.currentRow()
        if self._showing or row < 0:
            return
        draft = self.draft.copy()
        step = draft.steps[row]
        timing = str(self.timing.currentData())
        step.amount = self.amount.text()
        if timing != step.timing and not step.amount.strip():
            # from "until done" to a timed step: start from the usual value, not a problem
            step.amount = "5" if timing == "breaths" else DEFAULT_HOLD
        step.timing = timing
        step.reps = self.reps.value()
        step.repeat_for = self.repeat_for.text()
        step.rest = self.rest.text()
        step.sides = self.sides.currentText()
        if step != self.draft.steps[row]:
            self.edit(draft, "Change a step", f"steps[{row}]")

    @Slot(int)
    def _on_steps_current_row_changed(self, row: int) -> None:
        del row
        if self._showing:
            return
        self._showing = True
        try:
            self._show_step()
        finally:
            self._showing = False
        self._show_problems()

    @Slot()
    def _on_steps_moved(self) -> None:
        # a drag moved a row in the list: the list's order of texts says the new order
        if self._showing:
            return
        texts = [self.steps.item(i).text().removeprefix("⚠ ") for i in range(self.steps.count())]
        numbers = [int(t.split(".", 1)[0]) - 1 for t in texts]
        draft = self.draft.copy()
        draft.steps = [draft.steps[n] for n in numbers]
        row = self.steps.currentRow()
        self.edit(draft, "Move a step")
        self.steps.setCurrentRow(row)

    @Slot()
    def _on_picker_accepted(self) -> None:
        if self.picker is not None:
            chosen = self.picker.chosen()
            if chosen is not None:
                self.add_step(chosen)
