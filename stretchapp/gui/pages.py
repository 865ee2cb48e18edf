"""The window's pages other than the library, each built (and its module loaded) on first use.

MainWindow asks for a page by name the first time something needs it; the library window
itself has no use for the player, the cramp chooser, the history or the cramp note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from stretchapp.gui.main_window import MainWindow

PAGES = ("player", "cramp", "history", "cramp_note")


def make_page(window: MainWindow, name: str) -> QWidget:
    """A new page of `name` (one of PAGES), its signals wired to the window's."""
    # each page's module loads with it: imported here, not at the top
    if name == "player":
        from stretchapp.gui.player_view import PlayerView  # noqa: PLC0415

        player = PlayerView()
        player.previous_clicked.connect(window.previous_requested.emit)
        player.pause_clicked.connect(window.pause_requested.emit)
        player.next_clicked.connect(window.next_requested.emit)
        player.done_clicked.connect(window.done_requested.emit)
        player.extend_clicked.connect(window.extend_requested.emit)
        player.stop_clicked.connect(window.on_player_stop_clicked)
        player.escalation_dismissed.connect(window.escalation_dismissed.emit)
        player.set_theme(window.theme)
        return player
    if name == "cramp":
        from stretchapp.gui.cramp_view import CrampView  # noqa: PLC0415

        cramp = CrampView()
        cramp.muscle_chosen.connect(window.muscle_chosen.emit)
        cramp.cancelled.connect(window.cramp_cancelled.emit)
        return cramp
    if name == "history":
        from stretchapp.gui.history_view import HistoryView  # noqa: PLC0415

        history = HistoryView()
        history.close_clicked.connect(window.library_requested.emit)
        history.set_theme(window.theme)
        return history
    if name != "cramp_note":
        raise ValueError(f"no page named {name!r}; one of {', '.join(PAGES)}")
    from stretchapp.gui.history_view import CrampNote  # noqa: PLC0415

    note = CrampNote()
    note.asked.connect(window.on_cramp_note_asked)
    note.closed.connect(window.on_cramp_note_closed)
    return note
