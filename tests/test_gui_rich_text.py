"""Text from the routine files reaches rich-text labels escaped: it shows as written.

html.escape also turns quotes into entities; in element text (never in an attribute)
Qt shows them as the quotes they were, which these tests check too.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from stretchapp.core.routine import Category, Exercise, Routine, Step, StepKind, Tip
from stretchapp.core.timeline import compile_routine
from stretchapp.gui.library_view import LibraryView
from stretchapp.gui.player_view import PlayerView

# markup, an ampersand, an entity and both quotes: each shows as typed only when escaped
TRICKY = 'Calf <b>left</b> & "right" it\'s &amp; <i>'


def shown(label: QLabel) -> str:
    """What a rich-text label shows, as plain text."""
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def test_the_players_help_tips_show_titles_as_written(qtbot: QtBot) -> None:
    player = PlayerView()
    qtbot.addWidget(player)
    player.set_routine("Relief", relief=True, helps=[Tip("tricky", TRICKY, f"Then {TRICKY}")])
    text = shown(player.helps_body)
    assert TRICKY in text
    assert f"Then {TRICKY}" in text


def test_the_librarys_steps_and_tips_show_names_as_written(qtbot: QtBot) -> None:
    exercise = Exercise("tricky", TRICKY)
    routine = Routine(
        "daily", "Daily", Category.DAILY, (Step("tricky", StepKind.HOLD, seconds=30.0),)
    )
    library = LibraryView()
    qtbot.addWidget(library)
    library.set_content(
        {"daily": routine},
        exercises={"tricky": exercise},
        timelines={"daily": compile_routine(routine)},
        problems=[],
        safety="",
        relief_safety="",
        prevention=[(TRICKY, f"Then {TRICKY}")],
    )
    library.select("daily")
    assert TRICKY in shown(library.steps)
    assert f"{TRICKY}. Then {TRICKY}" in shown(library.prevention)


def test_why_a_routine_cannot_run_shows_as_written(qtbot: QtBot) -> None:
    routine = Routine("daily", "Daily", Category.DAILY, ())
    library = LibraryView()
    qtbot.addWidget(library)
    library.set_content(
        {"daily": routine},
        exercises={},
        timelines={"daily": f"daily.yaml: {TRICKY}"},
        problems=[],
        safety="",
        relief_safety="",
    )
    library.select("daily")
    assert shown(library.steps) == f"daily.yaml: {TRICKY}"
