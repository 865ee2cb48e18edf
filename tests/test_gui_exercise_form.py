"""Your own exercise by keys and clicks: the form, its picture, the picker, and playing it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from stubs import FakeClock, FakeSpeech

from stretchapp.gui.app import build
from stretchapp.gui.editor.exercise_form import ExerciseForm
from stretchapp.gui.root import AppRoot

DIALOG = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
RED = QColor("#d02020")
HAND_WRITTEN = "# mine\nheel-drop:  # from the physio\n  name: Heel drop\n  instructions: Drop.\n"


@pytest.fixture
def user_dir(stretchapp_home: Path) -> Path:
    folder = stretchapp_home / "routines"
    folder.mkdir()
    (folder / "exercises.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
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
    # the dialogs are closed, not left to show (and warn) during a later test
    for dialog in (root.editor.exercise_form, root.editor.page.picker):
        if dialog is not None:
            dialog.reject()
            dialog.deleteLater()
    root.window.close()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    image = QImage(60, 40, QImage.Format.Format_RGB32)
    image.fill(RED)
    path = tmp_path / "My Towel.png"
    assert image.save(str(path))
    return path


def open_form(app: AppRoot) -> ExerciseForm:
    QTest.keyClick(app.window.library.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = app.editor.page
    QTest.keyClicks(page.title, "Towel time")
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.picker is not None
    QTest.mouseClick(page.picker.new_button, Qt.MouseButton.LeftButton)
    form = app.editor.exercise_form
    assert form is not None
    assert form.isVisible()
    return form


@DIALOG
def test_a_new_exercise_with_a_picture_is_picked_and_plays(
    app: AppRoot, user_dir: Path, photo: Path
) -> None:
    form = open_form(app)
    QTest.keyClicks(form.name, "Towel pull")
    QTest.keyClick(form.name, Qt.Key.Key_Tab)
    QTest.keyClicks(form.summary, "Pull the towel towards you.")
    QTest.keyClicks(form.instructions, "Sit with the leg straight. Loop a towel round the foot.")
    form.muscle.setFocus()
    QTest.keyClick(form.muscle, Qt.Key.Key_Down)  # calf, then the front of the thigh
    form.choose_file = lambda: photo
    QTest.mouseClick(form.choose_button, Qt.MouseButton.LeftButton)
    assert form.picture_label.text() == "My Towel.png"
    QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert (user_dir / "pictures" / "towel-pull.png").read_bytes() == photo.read_bytes()
    text = (user_dir / "exercises.yaml").read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN)  # the hand-written exercise and its comments stay
    exercise = app.library.content.exercises["towel-pull"]
    assert "heel-drop" in app.library.content.exercises
    assert (exercise.name, exercise.muscles, exercise.user) == ("Towel pull", ("quad",), True)
    assert exercise.summary == "Pull the towel towards you."
    assert exercise.picture == user_dir / "pictures" / "towel-pull.png"
    # the picker offers it beside the bundled ones, chosen, with its picture
    picker = app.editor.page.picker
    assert picker is not None
    assert "towel-pull" in picker.visible_ids()
    assert "calf-lunge" in picker.visible_ids()
    assert picker.chosen() == "towel-pull"
    assert not picker.list.currentItem().icon().isNull()
    QTest.keyClick(picker.list, Qt.Key.Key_Return)
    page = app.editor.page
    assert page.draft.steps[0].exercise == "towel-pull"
    QTest.mouseClick(page.try_button, Qt.MouseButton.LeftButton)
    assert app.window.pages.currentWidget() is app.window.player
    shown = app.window.player.picture
    assert shown.has_picture
    assert shown.image(QSize(120, 80)).pixelColor(60, 40) == RED
    app.driver.stop()


@DIALOG
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.png", b"GIF89a", "'fake.png' is not a PNG picture by its content"),
        ("evil.svg", b"#!/bin/sh\n", "'evil.svg' is not an SVG picture by its content"),
        ("clip.gif", b"GIF89a", "must be an .svg or .png picture, got 'clip.gif'"),
    ],
)
def test_a_hostile_picture_is_refused_with_the_loaders_message(
    app: AppRoot, user_dir: Path, name: str, content: bytes, message: str
) -> None:
    bad = user_dir.parent / name  # anywhere on disk but the pictures folder
    bad.write_bytes(content)
    form = open_form(app)
    form.choose_file = lambda: bad
    QTest.mouseClick(form.choose_button, Qt.MouseButton.LeftButton)
    assert form.problem.text() == message
    assert form.picture is None
    assert form.picture_label.text() == "No picture"
    assert not (user_dir / "pictures").exists()


@DIALOG
def test_a_name_and_instructions_are_needed(app: AppRoot, user_dir: Path) -> None:
    form = open_form(app)
    QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.problem.text() == "Give the exercise a name and its full instructions."
    assert (user_dir / "exercises.yaml").read_text(encoding="utf-8") == HAND_WRITTEN
    QTest.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
