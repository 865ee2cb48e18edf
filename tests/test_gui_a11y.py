"""What a screen reader is told, through Qt's own accessibility interfaces, on every page."""

from __future__ import annotations

import argparse

import pytest
import test_gui_app
from test_gui_app import Make

from stretchapp.gui.a11y import accessible_name, audit, says_visible_words, words

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
