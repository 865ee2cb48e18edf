"""The routine editor's controller: New, Edit, Duplicate, Delete, Import, Export and saving.

Bundled files are never written: editing a bundled routine saves the user's own file with
the same id, which the library then shows instead; "Reset to the bundled one" removes it.
Whatever asks the user (a file dialog, a question) is a callable a test can replace.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtGui import QAction, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QPushButton

from stretchapp.core.problem import PICTURES_DIR, SUFFIXES
from stretchapp.core.routine import Exercise, Routine
from stretchapp.files import atomic_write
from stretchapp.gui.controllers.routine_io import dropped_routines, exercises_file, import_routines
from stretchapp.gui.main_window import MainWindow
from stretchapp.gui.qt_values import WIDGET_WITH_CHILDREN_SHORTCUT, set_property

if TYPE_CHECKING:
    # types only: the controllers meet in gui/root.py; the editor's own modules (and
    # ruamel.yaml under them) load with its page, on first use, not with the library
    from stretchapp.gui.controllers.library import LibraryController
    from stretchapp.gui.controllers.sessions import SessionController
    from stretchapp.gui.editor.draft import RoutineDraft
    from stretchapp.gui.editor.exercise_form import ExerciseForm
    from stretchapp.gui.editor.page import EditorPage

Ask = Callable[[str, str], bool]  # (title, question) -> yes
MENU = ("import", "export", "hide", "show_hidden")  # under More…: the row stays short
HIDDEN_FILE = ".hidden-routines"  # a dot file: the library never reads it as a routine


def ask_user(window: MainWindow) -> Ask:
    """A yes/no question in a message box over the window."""

    def ask(title: str, question: str) -> bool:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 (the dialogs on first use)

        answer = QMessageBox.question(window, title, question)
        return answer == QMessageBox.StandardButton.Yes

    return ask


class EditorController(QObject):
    """Opens routines in the editor page, saves them into the user's folder, moves files."""

    def __init__(
        self,
        window: MainWindow,
        *,
        library: LibraryController,
        sessions: SessionController,
        bundled: Path,
        user: Path,
        parent: QObject | None = None,
    ) -> None:
        """Adds the library's buttons and keys, and drops on the window; the editor page
        itself is built the first time it is opened."""
        super().__init__(parent)
        self.window = window
        self._library = library
        self._sessions = sessions
        self._bundled = bundled
        self.user = user
        self.ask: Ask = ask_user(window)
        self.tell: Callable[[str], None] = window.add_notice
        self.choose_import: Callable[[], list[Path]] = self._dialog_import
        self.choose_export: Callable[[str], Path | None] = self._dialog_export
        self._page: EditorPage | None = None
        self._target: Path | None = None  # the file the draft saves to; None: a new routine
        self._opened_text: str | None = None  # that file as it was when opened or saved
        self._deleted: list[tuple[Path, bytes]] = []  # what Undo delete brings back
        self.exercise_form: ExerciseForm | None = None
        self._buttons()
        self._trying = False  # Try it ran: the player's close comes back to the editor
        self._page_before = window.pages.currentWidget()
        window.pages.currentChanged.connect(self._on_pages_current_changed)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    @property
    def page(self) -> EditorPage:
        """The editor page, built and added to the window the first time it is asked for."""
        if self._page is None:
            from stretchapp.gui.editor.page import EditorPage  # noqa: PLC0415  (first use)

            page = self._page = EditorPage()
            self.window.pages.addWidget(page)
            page.save_requested.connect(self.save)
            page.try_requested.connect(self._on_page_try_requested)
            page.close_requested.connect(self.close)
            page.reset_requested.connect(self._on_page_reset_requested)
            page.new_exercise_requested.connect(self.new_exercise)
        return self._page

    def _buttons(self) -> None:
        view = self.window.library
        self.buttons: dict[str, QPushButton] = {}
        self.actions: dict[str, QAction] = {}
        more = QPushButton("More…")
        more.setAccessibleName("More: import, export, hide")
        more.setAutoDefault(False)
        menu = QMenu(more)
        more.setMenu(menu)
        for name, text, key, slot in (
            ("new", "New", "Ctrl+N", self.new),
            ("edit", "Edit", "Ctrl+E", self.edit_current),
            ("duplicate", "Duplicate", "Ctrl+D", self.duplicate_current),
            ("delete", "Delete", "Del", self.delete_current),
            ("undo_delete", "Undo delete", "Ctrl+Z", self.undo_delete),
            ("import", "Import…", "Ctrl+O", self.import_files),
            ("export", "Export…", "Ctrl+Shift+S", self.export_current),
            ("hide", "Hide", "Ctrl+H", self.toggle_hidden_current),
            ("show_hidden", "Show hidden", "Ctrl+Shift+H", self.toggle_show_hidden),
        ):
            # the library's keys work wherever the focus is on its page
            shortcut = QShortcut(QKeySequence(key), view)
            set_property(shortcut, "context", WIDGET_WITH_CHILDREN_SHORTCUT)
            shortcut.activated.connect(slot)
            if name in MENU:
                action = menu.addAction(f"{text}\t{key}")
                action.triggered.connect(slot)
                self.actions[name] = action
                continue
            button = QPushButton(text)
            button.setAccessibleName(f"{text} routine ({key})")
            button.setToolTip(key)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            view.tools.addWidget(button)
            self.buttons[name] = button
        view.tools.addWidget(more)
        self.buttons["more"] = more
        self.buttons["undo_delete"].hide()
        self.actions["show_hidden"].setCheckable(True)
        self._library.hidden = frozenset(self._read_hidden())
        view.tree.currentItemChanged.connect(self._on_library_current_changed)

    # -- hiding bundled routines

    @property
    def hidden_file(self) -> Path:
        """Where the ids of the hidden bundled routines are kept, one a line."""
        return self.user / HIDDEN_FILE

    def _read_hidden(self) -> list[str]:
        try:
            return self.hidden_file.read_text(encoding="utf-8").split()
        except OSError:
            return []

    @Slot()
    def toggle_hidden_current(self) -> None:
        """Hide the selected bundled routine from the library, or show it again."""
        routine = self._current()
        if routine is None or routine.user:
            self.tell("Only bundled routines are hidden; your own you can delete.")
            return
        hidden = set(self._library.hidden) ^ {routine.id}
        self.user.mkdir(parents=True, exist_ok=True)
        atomic_write(self.hidden_file, "".join(f"{i}\n" for i in sorted(hidden)))
        self._library.hidden = frozenset(hidden)
        if routine.id in hidden and not self._library.show_hidden:
            self.tell(f"“{routine.title}” is hidden; Show hidden (Ctrl+Shift+H) lists it again.")
        self._library.reload()

    @Slot()
    def toggle_show_hidden(self) -> None:
        """List the hidden bundled routines too, or not."""
        self._library.show_hidden = not self._library.show_hidden
        self.actions["show_hidden"].setChecked(self._library.show_hidden)
        self._library.reload()

    @Slot()
    def _on_library_current_changed(self) -> None:
        routine = self._current()
        hidden = routine is not None and routine.id in self._library.hidden
        self.actions["hide"].setText(("Unhide" if hidden else "Hide") + "\tCtrl+H")
        self.buttons["delete"].setEnabled(routine is not None and routine.user)

    # -- opening

    def _taken(self) -> set[str]:
        return set(self._library.content.routines)

    def _open(self, draft: RoutineDraft, target: Path | None, heading: str, note: str = "") -> None:
        self._target = target
        try:
            self._opened_text = target.read_text(encoding="utf-8") if target else None
        except OSError:
            self._opened_text = None
        self.page.open(
            draft,
            exercises=self._library.content.exercises,
            compile_one=self._library.compile,
            heading=heading,
            note=note,
            can_reset=self._bundled_has(draft.id) and target is not None and target.exists(),
        )
        self.window.pages.setCurrentWidget(self.page)
        self.page.title.setFocus()

    def _bundled_has(self, routine_id: str) -> bool:
        return (
            any(p.stem == routine_id for p in self._bundled.iterdir() if p.suffix in SUFFIXES)
            if self._bundled.is_dir()
            else False
        )

    def _current(self) -> Routine | None:
        routine_id = self.window.library.current_id()
        return None if routine_id is None else self._library.content.routines.get(routine_id)

    @Slot()
    def new(self) -> None:
        """A new routine from nothing: no steps yet, daily by default."""
        from stretchapp.gui.editor.draft import RoutineDraft, slug  # noqa: PLC0415

        self._open(RoutineDraft(id=slug("my routine", self._taken())), None, "New routine")

    @Slot()
    def edit_current(self) -> None:
        """Edit the selected routine; a bundled one is saved as the user's own."""
        routine = self._current()
        if routine is not None:
            self.edit(routine)

    def edit(self, routine: Routine) -> None:
        """Edit a routine: the user's file in place, a bundled one as a customised copy."""
        from stretchapp.gui.editor.draft import routine_draft  # noqa: PLC0415

        if routine.user:
            self._open(routine_draft(routine), Path(routine.path), f"Edit “{routine.title}”")
            return
        self._open(
            routine_draft(routine),
            self.user / f"{routine.id}.yaml",
            f"Customise “{routine.title}”",
            "A bundled routine: saving keeps your version in your own routines, where it "
            "takes the bundled one's place. The bundled file is never changed.",
        )

    @Slot()
    def duplicate_current(self) -> None:
        """A copy of the selected routine under a new id, to change as the user likes."""
        from stretchapp.gui.editor.draft import routine_draft, slug  # noqa: PLC0415

        routine = self._current()
        if routine is None:
            return
        draft = routine_draft(routine)
        draft.id = slug(f"{routine.id}-copy", self._taken())
        draft.title = f"{routine.title} (copy)"
        self._open(draft, self.user / f"{draft.id}.yaml", "Duplicate")

    # -- your own exercises

    @Slot()
    def new_exercise(self) -> None:
        """Open the New exercise form over the picker (or the page)."""
        from stretchapp.gui.editor.exercise_form import ExerciseForm  # noqa: PLC0415

        picker = self.page.picker
        form = ExerciseForm(picker if picker is not None and picker.isVisible() else self.page)
        form.submitted.connect(self._on_exercise_form_submitted)
        self.exercise_form = form
        form.open()

    @Slot()
    def _on_exercise_form_submitted(self) -> None:
        if self.exercise_form is not None:
            self.save_exercise(self.exercise_form)

    def save_exercise(self, form: ExerciseForm) -> bool:
        """Save the form's exercise (its picture copied) with the user's; offer it in the picker."""
        from stretchapp.gui.editor.draft import slug  # noqa: PLC0415
        from stretchapp.routine_files import (  # noqa: PLC0415
            ExerciseSaveError,
            copy_picture,
            save_exercise,
        )

        name, instructions = form.name.text().strip(), form.instructions.toPlainText().strip()
        if not name or not instructions:
            form.show_problem("Give the exercise a name and its full instructions.")
            return False
        exercise_id = slug(name, set(self._library.content.exercises))
        image = None
        try:
            if form.picture is not None:
                image = copy_picture(form.picture, self.user / PICTURES_DIR, exercise_id)
            exercise = Exercise(
                exercise_id,
                name,
                muscles=(form.chosen_muscle(),),
                image=image,
                instructions=instructions,
                summary=form.summary.text().strip(),
            )
            save_exercise(exercise, exercises_file(self.user))
        except (ExerciseSaveError, OSError) as error:
            if image is not None:  # not saved: the copied picture would be left unused
                (self.user / PICTURES_DIR / image).unlink(missing_ok=True)
            form.show_problem(str(error))
            return False
        self._library.reload()
        self.page.exercises = self._library.content.exercises
        if self.page.picker is not None:
            self.page.picker.set_exercises(self.page.exercises, select=exercise_id)
        form.accept()
        self.tell(f"{name} is saved with your own exercises.")
        return True

    # -- saving, trying, closing

    @Slot()
    def save(self) -> bool:
        """Write the draft into the user's folder; False when it was not saved."""
        from stretchapp.gui.editor.draft import slug  # noqa: PLC0415
        from stretchapp.routine_files import save_routine  # noqa: PLC0415

        routine = self.page.routine
        if routine is None:
            self.tell("Fix the problems shown first; nothing was saved.")
            return False
        target = self._target
        if target is None:  # a new routine: its id comes from its title
            routine_id = slug(routine.title, self._taken() | self._file_stems())
            routine = dataclasses.replace(routine, id=routine_id)
            target = self.user / f"{routine_id}.yaml"
        if target.exists() and not self._unchanged_on_disk(target):
            question = f"{target.name} was changed on disk since you opened it. Overwrite it?"
            if not self.ask("Changed on disk", question):
                return False
        saved = save_routine(routine, target, exercises=self._library.content.exercises)
        if saved.backup is not None:
            self.tell(
                f"{target.name} could not keep its own layout; its old text is kept "
                f"as {saved.backup.name}."
            )
        self._target = saved.path
        self._opened_text = saved.path.read_text(encoding="utf-8")
        self.page.draft.id = routine.id
        self.page.undo_stack.setClean()
        self._library.reload()
        self.window.library.select(routine.id)
        return True

    def _file_stems(self) -> set[str]:
        return {p.stem for p in self.user.glob("*") if p.suffix in SUFFIXES}

    def _unchanged_on_disk(self, target: Path) -> bool:
        try:
            return target.read_text(encoding="utf-8") == self._opened_text
        except OSError:
            return False

    @Slot()
    def close(self) -> None:
        """Back to the library; unsaved edits are asked about first."""
        if self.page.is_modified() and not self.ask(
            "Unsaved changes", "Close the editor and lose the changes?"
        ):
            return
        self.page.undo_stack.clear()
        self.window.show_library()

    @Slot()
    def _on_page_try_requested(self) -> None:
        if self.page.routine is not None:
            self._trying = self._sessions.try_routine(self.page.routine)

    @Slot(int)
    def _on_pages_current_changed(self, index: int) -> None:
        # The top bar's Routines button leaves the editor without asking it: unsaved edits
        # are asked about here, and a tried routine comes back to the editor it was tried in.
        page, before = self.window.pages.widget(index), self._page_before
        self._page_before = page
        if page is not self.window.library:
            return
        if self._trying:
            self._trying = False
            self.window.pages.setCurrentWidget(self.page)
        elif before is not None and before is self._page and self.page.is_modified():
            if self.ask("Unsaved changes", "Keep editing? No drops the changes."):
                self.window.pages.setCurrentWidget(self.page)
            else:
                self.page.undo_stack.clear()

    @Slot()
    def _on_page_reset_requested(self) -> None:
        target = self._target
        if target is None or not target.exists():
            return
        if not self.ask("Reset", "Remove your version and use the bundled routine again?"):
            return
        self._delete_file(target, f"Your version of “{self.page.draft.title}” was removed.")
        self.page.undo_stack.clear()
        self.window.show_library()

    # -- deleting

    @Slot()
    def delete_current(self) -> None:
        """Delete the selected routine's file, when it is the user's own (undo brings it back)."""
        routine = self._current()
        if routine is None:
            return
        if not routine.user:
            self.tell("Bundled routines cannot be deleted; the bundled files are never changed.")
            return
        self._delete_file(Path(routine.path), f"Deleted “{routine.title}”.")

    def _delete_file(self, path: Path, told: str) -> None:
        try:
            data = path.read_bytes()
            path.unlink()
        except OSError as error:
            self.tell(f"Could not delete {path.name}: {error.strerror or error}")
            return
        self._deleted.append((path, data))
        self.buttons["undo_delete"].show()
        self.tell(told + " Undo delete (Ctrl+Z) brings it back.")
        self._library.reload()

    @Slot()
    def undo_delete(self) -> None:
        """Put the last deleted file back."""
        if not self._deleted:
            return
        path, data = self._deleted.pop()
        atomic_write(path, data)
        self.buttons["undo_delete"].setVisible(bool(self._deleted))
        self._library.reload()

    # -- files in and out

    @Slot()
    def import_files(self) -> None:
        """Import… : choose routine files and copy those that are valid into the user's folder."""
        self.import_paths(self.choose_import())

    def import_paths(self, paths: Sequence[Path]) -> list[Path]:
        """Check each file, ask before one replaces a routine, copy it; the copies made."""
        copied = import_routines(
            paths, self._library.content, user=self.user, ask=self.ask, tell=self.tell
        )
        if copied:
            self._library.reload()
        return copied

    @Slot()
    def export_current(self) -> None:
        """Export… : write the selected routine's file where the user says."""
        routine = self._current()
        if routine is None:
            return
        target = self.choose_export(f"{routine.id}.yaml")
        if target is not None:
            self.export(routine, target)

    def export(self, routine: Routine, target: Path) -> None:
        """Copy a routine's file (comments and all) to target."""
        atomic_write(target, Path(routine.path).read_bytes())
        self.tell(f"Exported “{routine.title}” to {target.name}.")

    def _dialog_import(self) -> list[Path]:
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 (the dialogs on first use)

        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import routines", "", "Routine files (*.yaml *.yml)"
        )
        return [Path(n) for n in names]

    def _dialog_export(self, name: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 (the dialogs on first use)

        chosen, _ = QFileDialog.getSaveFileName(
            self.window, "Export a routine", name, "Routine files (*.yaml)"
        )
        return Path(chosen) if chosen else None

    # -- dropping files on the window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        """A .yaml file dragged onto the window is imported."""
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.Drop):
            assert isinstance(event, QDropEvent)
            paths = dropped_routines(event)
            if not paths:
                return False
            event.acceptProposedAction()
            if event.type() == QEvent.Type.Drop:
                self.import_paths(paths)
            return True
        return super().eventFilter(watched, event)
