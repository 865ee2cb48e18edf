"""What a screen reader is told, through Qt's own accessibility interfaces, on every page."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import test_gui_app
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_gui_app import Harness, Make

from stretchapp.core.announce import reader_wanted
from stretchapp.core.routine import Side
from stretchapp.core.session_view import SessionState
from stretchapp.core.texts import phase_sentence, time_left_sentence
from stretchapp.core.timeline import Phase, PhaseKind
from stretchapp.gui.a11y import (
    AT_SPI,
    accessible_name,
    audit,
    name_popups,
    notifier,
    says_visible_words,
    words,
)
from stretchapp.gui.history_charts import HeatMap, WeekChart
from stretchapp.history import WeekCounts
from stretchapp.settings import updated

# the window on a fake clock, as the whole-window tests build it
make, user_dir = test_gui_app.make, test_gui_app.user_dir


def test_visible_words_are_found_in_names() -> None:
    assert words("Skip  ▶") == ["skip"]
    assert words("&Start") == ["start"]
    assert says_visible_words("Skip: next step (Right arrow)", "Skip  ▶")
    assert not says_visible_words("Next step (Right arrow)", "Skip  ▶")
    assert not says_visible_words("Sound is on; press to mute", "Sound: on")
    assert says_visible_words("anything", "▶")


def test_the_library_and_history_pages_pass_the_audit(make: Make) -> None:
    h = make()
    assert audit(h.window) == [], "\n".join(audit(h.window))
    h.window.show_history()
    assert audit(h.window) == [], "\n".join(audit(h.window))


def test_the_player_passes_the_audit_in_a_routine_and_a_relief(make: Make) -> None:
    h = make(argparse.Namespace(routine="after-workout", start=True))
    h.run(5.0)
    assert audit(h.window) == [], "\n".join(audit(h.window))
    h2 = make(argparse.Namespace(cramp="calf"))
    assert audit(h2.window) == [], "\n".join(audit(h2.window))


def test_the_cramp_chooser_passes_the_audit(make: Make) -> None:
    h = make()
    h.window.show_cramp()
    assert audit(h.window) == [], "\n".join(audit(h.window))


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_the_settings_dialog_passes_the_audit(make: Make) -> None:
    h = make()
    dialog = h.app.settings.settings_dialog()
    dialog.show()
    assert audit(dialog) == [], "\n".join(audit(dialog))
    dialog.close()


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_the_audit_finds_qts_own_combo_box(qtbot: QtBot) -> None:
    # its closed pop-up's rows claim showing and focus: gui/rows.py RowsCombo does not
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel("Pick")
    combo = QComboBox()
    combo.addItems(["one", "two"])
    label.setBuddy(combo)
    layout = QVBoxLayout(window)
    layout.addWidget(label)
    layout.addWidget(combo)
    name_popups(window)
    window.show()
    assert audit(window) == ["combo box 'one' is not a RowsCombo: its closed rows show"]


def test_an_editor_page_passes_the_audit(make: Make) -> None:
    h = make()
    h.app.editor.new()
    page = h.window.pages.currentWidget()
    assert audit(page) == [], "\n".join(audit(page))


def test_labels_read_as_their_text_and_start_names_its_routine(make: Make) -> None:
    h = make(argparse.Namespace(routine="after-workout", start=True))
    h.run(5.0)
    left = h.window.player.time_left
    assert left.text().endswith(" left")
    assert accessible_name(left) == left.text()  # not "Time left in the routine"
    assert left.accessibleDescription() == "Time left in the routine"
    h2 = make()
    start = h2.window.library.start_button
    assert accessible_name(start) == f"Start {h2.window.library.title.text()}"


def test_a_muted_routine_is_announced_phase_by_phase(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.key(Qt.Key.Key_M)  # muted: the screen reader is the only voice
    phases = 0
    for _ in range(400):
        if h.state() is not SessionState.RUNNING:
            break
        before = h.app.driver.view()
        h.fire()
        after = h.app.driver.view()
        if before is not None and after is not None and before.index != after.index:
            phases += 1
    said = [text for text, _ in h.app.reader.said]
    assert phases >= 3
    assert len([s for s in said if s[0].isupper() and s.endswith(".")]) >= phases
    assert any(s.startswith("Hold. ") and "seconds." in s for s in said)
    assert all(not assertive for _, assertive in h.app.reader.said)


def test_the_voice_is_not_doubled_unless_chosen(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.run(20.0)
    assert h.app.reader.said == []  # the voice speaks: nothing twice
    h.app.settings.apply_settings(updated(h.app.settings.current, screen_reader=True))
    h.run(40.0)
    assert h.app.reader.said


def test_the_medical_warning_is_assertive_and_t_tells_the_time(make: Make) -> None:
    h = make(argparse.Namespace(cramp="calf"))
    h.key(Qt.Key.Key_M)
    h.key(Qt.Key.Key_T)
    text, assertive = h.app.reader.said[-1]
    assert "the cramp began" in text
    assert not assertive
    h.run(11 * 60.0)
    urgent = [text for text, assertive in h.app.reader.said if assertive]
    assert urgent
    assert "seek emergency medical attention" in urgent[0]


def test_phase_sentences_are_what_the_issue_asks() -> None:
    phase = Phase(
        index=3,
        kind=PhaseKind.HOLD,
        seconds=30.0,
        exercise="calf-lunge",
        step=0,
        rep=2,
        reps=5,
        side=Side.LEFT,
        start=0.0,
    )
    assert (
        phase_sentence(phase, "Calf lunge") == "Hold. Calf lunge, left leg, rep 2 of 5, 30 seconds."
    )
    assert time_left_sentence(20.2, 258.0) == (
        "20 seconds left in this step; 4 minutes 18 seconds left in the routine."
    )
    assert reader_wanted(muted=False, voice_available=None, chosen=False) is False
    assert reader_wanted(muted=False, voice_available=False, chosen=False) is True
    assert reader_wanted(muted=True, voice_available=True, chosen=False) is True
    assert reader_wanted(muted=False, voice_available=True, chosen=True) is True


def test_the_medical_warning_is_an_alert_with_a_name(make: Make) -> None:
    h = make(argparse.Namespace(cramp="calf"))
    h.run(11 * 60.0)
    alert = QAccessible.queryAccessibleInterface(h.window.player.alert)
    assert alert.role() is QAccessible.Role.AlertMessage
    assert alert.text(QAccessible.Text.Name) == "Seek medical help"
    assert "seek emergency medical attention" in alert.text(QAccessible.Text.Description)


def test_space_on_a_focused_button_presses_that_button(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    player = h.window.player
    h.run(3.0)
    player.stop_button.setFocus()
    QTest.keyClick(player.stop_button, Qt.Key.Key_Space)
    assert h.state() is SessionState.STOPPED  # not paused by the window's Space


def test_space_elsewhere_still_pauses_and_enter_presses_done(make: Make, user_dir: Path) -> None:
    (user_dir / "manual.yaml").write_text(MANUAL)
    h = make(argparse.Namespace(routine="manual", start=True))
    player = h.window.player
    while h.phase_kind() is not PhaseKind.MANUAL:
        h.fire()
    assert QApplication.focusWidget() is player.done_button
    QTest.keyClick(player.done_button, Qt.Key.Key_Return)
    h.qtbot.waitUntil(lambda: h.phase_kind() is not PhaseKind.MANUAL)  # animateClick's timer
    assert QApplication.focusWidget() is player.pause_button
    h.key(Qt.Key.Key_Space)
    assert h.state() is SessionState.PAUSED


MANUAL = """\
title: Manual test routine
category: daily
summary: A manual step between two holds.
prepare: 2s
steps:
  - exercise: massage
    manual: true
  - exercise: calf-lunge
    hold: 5s
"""


def test_the_history_pictures_are_walked_by_keys_in_words(qtbot: QtBot) -> None:
    today = dt.date(2026, 3, 4)  # a Wednesday
    heat = HeatMap()
    qtbot.addWidget(heat)
    heat.set_days({today: 2, today - dt.timedelta(days=7): 1}, today)
    assert heat.accessibleName().endswith("Wednesday 4 March: done twice")
    QTest.keyClick(heat, Qt.Key.Key_Left)  # a week back
    assert heat.accessibleName().endswith("Wednesday 25 February: done once")
    QTest.keyClick(heat, Qt.Key.Key_Up)
    assert heat.accessibleName().endswith("Tuesday 24 February: not done")
    assert heat.accessibleDescription().startswith("2 days done")
    chart = WeekChart()
    qtbot.addWidget(chart)
    monday = dt.date(2026, 3, 2)
    chart.set_weeks([WeekCounts(monday, 0, 0.0, 1)], monday)
    assert chart.accessibleName() == "Cramps a week. Week of 2 March: 1 cramp"
    assert chart.accessibleDescription().startswith("1 cramp in the last")  # not "1 cramps"
    QTest.keyClick(chart, Qt.Key.Key_Left)
    assert chart.accessibleName().endswith("Week of 23 February: 0 cramps")
    assert chart.focusPolicy() is Qt.FocusPolicy.StrongFocus


def test_the_resume_offer_and_the_pain_question_take_the_focus(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.run(5.0)
    h.key(Qt.Key.Key_C)
    h.key(Qt.Key.Key_1)  # relief for the calf interrupts the routine
    h.key(Qt.Key.Key_Escape)  # stop the relief at once: the routine is offered again
    assert h.state() is SessionState.STOPPED
    resume = h.window.resume_button
    h.qtbot.waitUntil(resume.isVisible)
    assert QApplication.focusWidget() is resume
    assert any(text.startswith("Resume “") for text, _ in h.app.reader.said)


def _focused_row(h: Harness) -> str:
    tree = QAccessible.queryAccessibleInterface(h.window.library.tree)
    row = tree.focusChild()
    assert row is not None
    state: Any = row.state()  # PySide6's stubs leave out the state's bit fields
    assert state.focused
    return row.text(QAccessible.Text.Name)


def test_tabbing_into_the_routine_list_names_a_routine(make: Make) -> None:
    h = make()
    library = h.window.library
    library.search.setFocus()
    library.search.setText("thigh")  # the list is filled again behind the search
    h.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is library.tree
    assert _focused_row(h).startswith("Front of thigh cramp relief, ")
    library.search.setFocus()
    heading = library.tree.topLevelItem(0)
    assert heading is not None
    library.tree.setCurrentItem(heading)  # a heading, as a click leaves
    h.key(Qt.Key.Key_Tab)
    assert library.current_id() == library.visible_ids()[0]
    assert _focused_row(h).startswith("Front of thigh cramp relief, ")


def test_tabbing_forward_into_search_says_its_placeholder(make: Make) -> None:
    h = make()
    search = h.window.library.search
    search.setFocus()
    QTest.keyClick(h.window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is not search
    h.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is search
    assert says_visible_words(accessible_name(search), search.placeholderText())
    search.setAccessibleName("Search routines")  # what the audit must catch
    assert any("text field" in problem for problem in audit(h.window))


def test_choosing_a_relief_always_focuses_pause(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.run(5.0)
    h.window.player.stop_button.setFocus()
    h.key(Qt.Key.Key_C)
    h.key(Qt.Key.Key_1)  # relief for the calf, from the chooser
    pause = h.window.player.pause_button
    assert QApplication.focusWidget() is pause
    assert accessible_name(pause).startswith("Pause")
    h.window.player.stop_button.setFocus()
    h.app.sessions.cramp("calf")  # a second relief, straight from the running one
    assert QApplication.focusWidget() is pause


def test_announcements_show_as_a_notification_orca_43_speaks(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.key(Qt.Key.Key_M)  # muted: the screen reader is the voice
    note = notifier(h.window)
    assert AT_SPI  # the tests run on Linux, where Qt speaks AT-SPI
    before = note.posts
    for _ in range(400):
        view = h.app.driver.view()
        if view is None or (view.index or 0) >= 2:
            break
        h.fire()
    said = [text for text, _ in h.app.reader.said]
    assert note.posts - before >= 2
    interface = QAccessible.queryAccessibleInterface(note)
    assert interface.role() is QAccessible.Role.Notification
    assert interface.text(QAccessible.Text.Name) == said[-1]
    assert note.isVisible()
    assert not note.hasFocus()
    assert notifier(h.window) is note  # one a window, made once


def test_the_medical_warning_is_posted_as_a_notification_too(make: Make) -> None:
    h = make(argparse.Namespace(cramp="calf"))
    h.key(Qt.Key.Key_M)
    h.run(11 * 60.0)
    urgent = [text for text, assertive in h.app.reader.said if assertive]
    note = QAccessible.queryAccessibleInterface(notifier(h.window))
    names = note.text(QAccessible.Text.Name)
    assert urgent
    assert "seek emergency medical attention" in urgent[0]
    assert names == h.app.reader.said[-1][0]
