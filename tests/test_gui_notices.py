"""The window's notice area (one notice at a time, queued, one height) and its typed keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from stretchapp.gui.cramp_note import CrampNote
from stretchapp.gui.keys import is_typed_text
from stretchapp.gui.notices import NoticeArea

NO_MODS = Qt.KeyboardModifier.NoModifier


def test_one_notice_at_a_time_questions_first(qtbot: QtBot) -> None:
    area = NoticeArea()
    qtbot.addWidget(area)
    assert len(area) == 0
    area.post("No voice")
    area.post("No voice")  # the same text is queued once
    area.post("History cannot be opened")
    assert list(area) == ["No voice", "History cannot be opened"]
    assert area.label.text() == "No voice"
    assert area.more.text() == "1 more"
    question = QLabel("Resume?")
    area.offer("resume", question, priority=2)
    assert area.current_key == "resume"
    assert question.isVisibleTo(area)
    assert area.text_frame.isHidden()
    area.withdraw("resume")
    assert question.isHidden()
    assert area.label.text() == "No voice"
    area.close_button.click()
    assert area.label.text() == "History cannot be opened"
    area.dismiss()
    assert len(area) == 0
    assert not area.current_key, "nothing left to show"
    # one height, empty or not: it never pushes what is below it
    assert area.minimumHeight() == area.maximumHeight() > 0


def test_the_pain_scale_is_zero_to_ten_and_optional(qtbot: QtBot) -> None:
    note = CrampNote()
    qtbot.addWidget(note)
    saved: list[tuple[int, object, str]] = []
    note.saved.connect(lambda *args: saved.append(args))
    with qtbot.waitSignal(note.asked):
        note.ask(7)
    assert note.pain.value() == -1
    buttons = note.pain.group.buttons()
    assert [b.text() for b in buttons] == [str(n) for n in range(11)]
    assert buttons[0].accessibleName() == "Pain 0 of 10, no pain"
    assert buttons[10].accessibleName() == "Pain 10 of 10, the worst"
    buttons[3].click()
    buttons[8].click()
    assert note.pain.value() == 8
    assert [b.isChecked() for b in buttons].count(True) == 1
    buttons[8].click()  # a second press takes it back
    assert note.pain.value() == -1
    buttons[2].click()
    with qtbot.waitSignal(note.closed):
        note.save_button.click()
    assert saved == [(7, 2, "")]


def test_what_counts_as_typing() -> None:
    def key(k: Qt.Key, text: str, mods: Qt.KeyboardModifier = NO_MODS) -> QKeyEvent:
        return QKeyEvent(QEvent.Type.KeyPress, k, mods, text)

    assert is_typed_text(key(Qt.Key.Key_H, "h"))
    assert is_typed_text(key(Qt.Key.Key_H, "H", Qt.KeyboardModifier.ShiftModifier))
    assert not is_typed_text(key(Qt.Key.Key_Space, " "))
    assert not is_typed_text(key(Qt.Key.Key_Q, "\x11", Qt.KeyboardModifier.ControlModifier))
    assert not is_typed_text(key(Qt.Key.Key_Q, "q", Qt.KeyboardModifier.AltModifier))
    assert not is_typed_text(key(Qt.Key.Key_Right, ""))
