"""The routine editor by keys and clicks: new, customise and reset, undo, files in and out."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from interface_examples import CALF_CRAMP
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from stubs import FakeClock, FakeSpeech
from test_routine_files import EXERCISES, routines

from stretchapp import resources
from stretchapp.core.loader import load_routine
from stretchapp.core.routine import Routine, StepKind
from stretchapp.core.timeline import compile_routine
from stretchapp.gui.app import build
from stretchapp.gui.controllers.editor import HIDDEN_FILE, EditorController
from stretchapp.gui.editor.draft import routine_draft
from stretchapp.gui.editor.page import EditorPage
from stretchapp.gui.root import AppRoot
from stretchapp.routine_files import check_text, same_routine, save_routine, values_yaml

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
# the offscreen platform says this of every dialog it shows; nothing is wrong
DIALOG = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


MINE = "title: Mine\ncategory: daily\nsteps:\n  - exercise: massage\n    manual: true\n"


class Answers:
    """The editor's questions, answered as a test says, and recorded."""

    def __init__(self) -> None:
        self.answer = True
        self.asked: list[str] = []

    def __call__(self, title: str, question: str) -> bool:
        self.asked.append(question)
        return self.answer


@pytest.fixture
def user_dir(stretchapp_home: Path) -> Path:
    folder = stretchapp_home / "routines"
    folder.mkdir()
    return folder


@pytest.fixture
def app(qtbot: QtBot, stretchapp_home: Path, user_dir: Path) -> Iterator[AppRoot]:
    root = build(
        argparse.Namespace(),
        clock=FakeClock(),
        settings_file=stretchapp_home / "settings.json",
        user=user_dir,
        speech_factory=FakeSpeech,
        voices=lambda: [("en", "English", ["en"])],
    )
    qtbot.addWidget(root.window)
    qtbot.waitUntil(root.window.isActiveWindow)  # shortcuts need the active window
    yield root
    root.window.close()


@pytest.fixture
def answers(app: AppRoot) -> Answers:
    answers = Answers()
    app.editor.ask = answers
    return answers


def editor(app: AppRoot) -> EditorController:
    return app.editor


def page(app: AppRoot) -> EditorPage:
    return app.editor.page


def key(
    widget: QWidget, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QTest.keyClick(widget, k, modifier)


def type_into(edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)


def add_step_by_keys(app: AppRoot, search: str) -> None:
    p = page(app)
    QTest.mouseClick(p.add_button, Qt.MouseButton.LeftButton)
    assert p.picker is not None
    QTest.keyClicks(p.picker.search, search)
    key(p.picker.list, Qt.Key.Key_Return)


@DIALOG
def test_a_routine_from_nothing_by_keys(app: AppRoot, user_dir: Path) -> None:
    key(app.window.library.tree, Qt.Key.Key_N, CTRL)
    p = page(app)
    assert app.window.pages.currentWidget() is p
    assert not p.save_button.isEnabled()  # no title, no steps yet
    type_into(p.title, "Morning calves")
    add_step_by_keys(app, "calf")
    assert p.picker is not None
    assert p.draft.steps[0].exercise == "calf-lunge"
    type_into(p.amount, "45s")
    p.reps.setFocus()
    p.reps.setValue(3)
    type_into(p.schedule, "08:00, 20:00")
    assert "2:" in p.total.text() or "Total" in p.total.text()
    assert p.save_button.isEnabled()
    key(p.title, Qt.Key.Key_S, CTRL)
    path = user_dir / "morning-calves.yaml"
    assert path.is_file()
    routine = app.library.content.routines["morning-calves"]
    assert routine.user
    assert routine.steps[0].seconds == 45.0
    assert routine.steps[0].reps == 3
    assert [t.strftime("%H:%M") for t in routine.schedule] == ["08:00", "20:00"]
    assert not p.is_modified()


@DIALOG
def test_the_picker_searches_by_muscle(app: AppRoot) -> None:
    editor(app).new()
    p = page(app)
    p.open_picker()
    assert p.picker is not None
    QTest.keyClicks(p.picker.search, "back of thigh")
    shown = p.picker.visible_ids()
    assert shown
    assert all("hamstring" in app.library.content.exercises[i].muscles for i in shown)
    assert not p.picker.list.iconSize().isEmpty()
    p.picker.reject()


def test_customise_a_bundled_routine_then_reset_it(
    app: AppRoot, user_dir: Path, answers: Answers
) -> None:
    bundled_file = resources.routines_dir() / "relief-calf.yaml"
    before = bundled_file.read_bytes()
    app.window.library.select("relief-calf")
    key(app.window.library.tree, Qt.Key.Key_E, CTRL)
    p = page(app)
    assert p.draft.id == "relief-calf"
    assert "bundled" in p.note.text()
    p.steps.setCurrentRow(0)
    type_into(p.amount, "45s")
    QTest.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert bundled_file.read_bytes() == before  # bundled files are never modified
    mine = user_dir / "relief-calf.yaml"
    routine = app.library.content.routines["relief-calf"]
    assert routine.user
    assert routine.steps[0].seconds == 45.0
    # the user's copy kept the escalation and the muscle the editor does not show
    assert routine.escalate_after == 600.0
    assert routine.muscle == "calf"
    assert app.library.content.relief_for("calf") == routine
    assert mine.is_file()
    # a second open offers the reset
    app.window.library.select("relief-calf")
    editor(app).edit_current()
    assert p.reset_button.isVisibleTo(p)
    QTest.mouseClick(p.reset_button, Qt.MouseButton.LeftButton)
    assert not mine.exists()
    assert not app.library.content.routines["relief-calf"].user
    assert app.library.content.routines["relief-calf"].steps[0].seconds == 30.0


def test_duplicate_saves_a_copy_under_a_new_id(app: AppRoot, user_dir: Path) -> None:
    app.window.library.select("after-workout")
    key(app.window.library.tree, Qt.Key.Key_D, CTRL)
    p = page(app)
    assert p.draft.id == "after-workout-copy"
    assert p.title.text().endswith("(copy)")
    assert editor(app).save()
    assert (user_dir / "after-workout-copy.yaml").is_file()
    copy = app.library.content.routines["after-workout-copy"]
    original = app.library.content.routines["after-workout"]
    assert copy.steps == original.steps
    assert not original.user


def test_reorder_by_keys_and_buttons(app: AppRoot) -> None:
    app.window.library.select("after-workout")
    editor(app).edit_current()
    p = page(app)
    first = [s.exercise for s in p.draft.steps]
    p.steps.setCurrentRow(0)
    p.steps.setFocus()
    key(p.steps, Qt.Key.Key_Down, ALT)
    assert [s.exercise for s in p.draft.steps] == [first[1], first[0], *first[2:]]
    assert p.steps.currentRow() == 1
    QTest.mouseClick(p.up_button, Qt.MouseButton.LeftButton)
    assert [s.exercise for s in p.draft.steps] == first
    # a drag moves the list's row; the draft follows it
    p.steps.model().moveRow(p.steps.rootIndex(), 0, p.steps.rootIndex(), 3)
    assert [s.exercise for s in p.draft.steps] == [*first[1:3], first[0], *first[3:]]
    assert p.routine is not None
    assert [s.exercise for s in p.routine.steps] == [s.exercise for s in p.draft.steps]


def test_undo_and_redo_every_edit(app: AppRoot) -> None:
    app.window.library.select("after-workout")
    editor(app).edit_current()
    p = page(app)
    title = p.title.text()
    steps = len(p.draft.steps)
    type_into(p.title, "Mine")
    p.steps.setCurrentRow(0)
    p.steps.setFocus()
    key(p.steps, Qt.Key.Key_Delete)
    assert len(p.draft.steps) == steps - 1
    key(p.title, Qt.Key.Key_Z, CTRL)
    assert len(p.draft.steps) == steps
    key(p.title, Qt.Key.Key_Z, CTRL)  # typing in one field is one step of undo
    assert p.title.text() == title
    assert not p.is_modified()
    key(p.title, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert p.title.text() == "Mine"
    QTest.mouseClick(p.redo_button, Qt.MouseButton.LeftButton)
    assert len(p.draft.steps) == steps - 1


def test_a_problem_is_shown_beside_its_field(app: AppRoot) -> None:
    app.window.library.select("after-workout")
    editor(app).edit_current()
    p = page(app)
    p.steps.setCurrentRow(0)
    p.timing.setCurrentIndex(0)  # hold
    p.timing.activated.emit(0)
    type_into(p.amount, "abc")
    label = p.step_problems["amount"]
    assert label.isVisibleTo(p)
    assert label.text() == "must be a positive duration like 30s or 1m30s, got 'abc'"
    assert not p.save_button.isEnabled()
    assert p.steps.item(0).text().startswith("⚠")
    type_into(p.title, "x")
    key(p.title, Qt.Key.Key_Backspace)
    assert p.field_problems["title"].text() == "must not be empty"
    assert p.field_problems["title"].isVisibleTo(p)
    type_into(p.title, "Fine")
    type_into(p.amount, "20s")
    assert not label.isVisibleTo(p)
    assert p.save_button.isEnabled()


def test_import_with_a_clash_asks(
    app: AppRoot, user_dir: Path, tmp_path: Path, answers: Answers
) -> None:
    source = tmp_path / "after-workout.yaml"
    source.write_text(
        "title: My after-workout\ncategory: workout\nsteps:\n  - exercise: massage\n"
        "    manual: true\n",
        encoding="utf-8",
    )
    editor(app).choose_import = lambda: [source]
    answers.answer = False
    key(app.window.library.tree, Qt.Key.Key_O, CTRL)
    assert answers.asked
    assert "after-workout" in answers.asked[0]
    assert not (user_dir / "after-workout.yaml").exists()
    answers.answer = True
    editor(app).import_files()
    assert (user_dir / "after-workout.yaml").read_bytes() == source.read_bytes()
    assert app.library.content.routines["after-workout"].title == "My after-workout"


def test_import_refuses_a_bad_file_with_its_lines(app: AppRoot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Bad\ncategory: daily\nsteps:\n  - exercise: massage\n    hold: x\n")
    assert editor(app).import_paths([bad]) == []
    assert any("bad.yaml:5:" in n and "hold" in n for n in app.window.notices)


def test_export_writes_the_routine_file(app: AppRoot, tmp_path: Path) -> None:
    target = tmp_path / "out" / "shared.yaml"
    target.parent.mkdir()
    editor(app).choose_export = lambda name: target
    app.window.library.select("relief-calf")
    editor(app).export_current()
    assert target.read_bytes() == (resources.routines_dir() / "relief-calf.yaml").read_bytes()
    loaded, problems = load_routine(target, exercises=app.library.content.exercises)
    assert problems == []
    assert loaded is not None


def test_delete_with_undo(app: AppRoot, user_dir: Path) -> None:
    mine = user_dir / "mine.yaml"
    mine.write_text(
        "title: Mine\ncategory: daily\nsteps:\n  - exercise: massage\n    manual: true\n"
    )
    app.library.reload()
    app.window.library.select("mine")
    app.window.library.tree.setFocus()
    key(app.window.library.tree, Qt.Key.Key_Delete)
    assert not mine.exists()
    assert "mine" not in app.library.content.routines
    key(app.window.library.tree, Qt.Key.Key_Z, CTRL)
    assert mine.is_file()
    assert "mine" in app.library.content.routines


def test_a_hand_written_file_keeps_its_comments(app: AppRoot, user_dir: Path) -> None:
    path = user_dir / "calf-cramp.yaml"
    path.write_text(CALF_CRAMP, encoding="utf-8")
    app.library.reload()
    app.window.library.select("calf-cramp")
    editor(app).edit_current()
    p = page(app)
    type_into(p.title, "Calf cramp, my way")
    assert editor(app).save()
    text = path.read_text(encoding="utf-8")
    assert "title: Calf cramp, my way" in text
    for comment in ("# relief | daily | workout | bedtime", "# one continuous timed activity"):
        assert comment in text
    assert not path.with_name(path.name + ".bak").exists()


def test_a_file_changed_on_disk_is_not_overwritten_silently(
    app: AppRoot, user_dir: Path, answers: Answers
) -> None:
    path = user_dir / "mine.yaml"
    path.write_text(
        "title: Mine\ncategory: daily\nsteps:\n  - exercise: massage\n    manual: true\n"
    )
    app.library.reload()
    app.window.library.select("mine")
    editor(app).edit_current()
    type_into(page(app).title, "Mine too")
    path.write_text(path.read_text() + "# changed elsewhere\n")
    answers.answer = False
    assert not editor(app).save()
    assert answers.asked
    assert "changed elsewhere" in path.read_text()


def test_try_it_starts_the_routine_as_it_stands(app: AppRoot) -> None:
    app.window.library.select("after-workout")
    editor(app).edit_current()
    p = page(app)
    type_into(p.title, "Trying")
    QTest.mouseClick(p.try_button, Qt.MouseButton.LeftButton)
    assert app.window.pages.currentWidget() is app.window.player
    assert app.driver.session is not None
    assert app.driver.session.timeline.routine.title == "Trying"
    app.driver.stop()


def test_every_editor_control_has_an_accessible_name(app: AppRoot) -> None:
    editor(app).new()
    p = page(app)
    kinds = (QPushButton, QLineEdit, QComboBox, QSpinBox, QListWidget)
    unnamed = [
        type(w).__name__
        for kind in kinds
        for w in p.findChildren(kind)
        if not w.accessibleName().strip()
        and w.parent() is not None
        and not isinstance(w.parent(), (QComboBox, QSpinBox))
    ]
    assert unnamed == []
    library_buttons = [b for b in editor(app).buttons.values() if not b.accessibleName()]
    assert library_buttons == []


# Every valid routine, put into the editor and saved, loads back equal.


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routine=routines())
def test_every_routine_through_the_editors_draft_loads_back_equal(routine: Routine) -> None:
    draft = routine_draft(routine)
    loaded, problems = check_text(values_yaml(draft.values()), exercises=EXERCISES, stem=draft.id)
    assert problems == []
    assert loaded is not None
    assert same_routine(loaded, routine)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(routine=routines())
def test_every_routine_opened_in_the_page_and_saved_loads_back_equal(
    qtbot: QtBot, tmp_path: Path, routine: Routine
) -> None:
    p = EditorPage()
    qtbot.addWidget(p)
    p.open(routine_draft(routine), exercises=EXERCISES, compile_one=compile_routine, heading="t")
    assert p.problems == []
    assert p.routine is not None
    assert same_routine(p.routine, routine)
    assert any(s.kind is StepKind.MANUAL for s in routine.steps) == ("yourself" in p.total.text())
    saved = save_routine(p.routine, tmp_path / f"{routine.id}.yaml", exercises=EXERCISES)
    loaded, problems = load_routine(saved.path, exercises=EXERCISES)
    assert problems == []
    assert loaded is not None
    assert same_routine(loaded, routine)


def test_hide_a_bundled_routine_and_show_it_again(app: AppRoot, user_dir: Path) -> None:
    app.window.library.select("bedtime")
    key(app.window.library.tree, Qt.Key.Key_H, CTRL)
    assert "bedtime" not in app.window.library.visible_ids()
    assert "bedtime" in app.library.content.routines  # still there for the reminders
    assert (user_dir / HIDDEN_FILE).read_text(encoding="utf-8") == "bedtime\n"
    editor(app).actions["show_hidden"].trigger()
    assert "bedtime" in app.window.library.visible_ids()
    app.window.library.select("bedtime")
    assert editor(app).actions["hide"].text().startswith("Unhide")
    editor(app).toggle_hidden_current()
    editor(app).toggle_show_hidden()
    assert "bedtime" in app.window.library.visible_ids()
    assert (user_dir / HIDDEN_FILE).read_text(encoding="utf-8") == ""


def test_a_routine_file_dropped_on_the_window_is_imported(
    app: AppRoot, user_dir: Path, tmp_path: Path
) -> None:
    source = tmp_path / "dropped.yaml"
    source.write_text(MINE, encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(source))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, buttons, keys)
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, buttons, keys)
    for event in (enter, drop):
        QApplication.sendEvent(app.window, event)
        assert event.isAccepted()
    assert (user_dir / "dropped.yaml").read_text(encoding="utf-8") == MINE
    assert "dropped" in app.library.content.routines


def test_leaving_with_unsaved_edits_asks(app: AppRoot, answers: Answers) -> None:
    editor(app).new()
    type_into(page(app).title, "Half done")
    QTest.mouseClick(app.window.library_button, Qt.MouseButton.LeftButton)
    assert answers.asked
    assert app.window.pages.currentWidget() is page(app)  # kept editing
    QTest.mouseClick(page(app).close_button, Qt.MouseButton.LeftButton)
    assert app.window.pages.currentWidget() is app.window.library
    assert not page(app).is_modified()


def test_a_tried_routine_comes_back_to_the_editor(app: AppRoot) -> None:
    app.window.library.select("after-workout")
    editor(app).edit_current()
    QTest.mouseClick(page(app).try_button, Qt.MouseButton.LeftButton)
    assert app.window.pages.currentWidget() is app.window.player
    app.driver.stop()  # the session ends: the window goes back to where it was tried
    if app.window.pages.currentWidget() is app.window.player:
        app.window.close_player_requested.emit()
    assert app.window.pages.currentWidget() is page(app)
    app.window.show_library()  # and from there on, as usual
    assert app.window.pages.currentWidget() is app.window.library
