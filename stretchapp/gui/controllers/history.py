"""The history: its store, opened at the first use; its page; the note after a cramp.

Deleting an entry deletes its row at once, in one transaction, and keeps the row's values in
memory for Undo until the page is left. No soft delete: a crash then leaves what the user
asked for (the entry gone) and never a hidden row that every query must skip and a later
start must purge or bring back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

from stretchapp.gui.main_window import MainWindow
from stretchapp.gui.undo_notice import UndoNotice

if TYPE_CHECKING:
    # types only: the controllers meet in gui/root.py
    from stretchapp.gui.controllers.library import LibraryController
    from stretchapp.gui.controllers.settings import SettingsController
    from stretchapp.history import Deleted

UNDO = "history-undo"  # the key of the Undo question in the window's notice area


class HistoryController(QObject):
    """The HistoryStore the sessions and the reminders write to, and the page that reads it."""

    def __init__(
        self,
        window: MainWindow,
        *,
        settings: SettingsController,
        library: LibraryController,
        wall: Callable[[], dt.datetime],
        record: bool,
        parent: QObject | None = None,
    ) -> None:
        """wall: the wall clock, for the page's "today". record: False keeps no history."""
        super().__init__(parent)
        self._window = window
        self._settings = settings
        self._library = library
        self._wall = wall
        self._record = record  # sessions and cramps go into the history
        self._store: Any = None  # the HistoryStore, opened at the first use
        self._failed = False
        window.history_requested.connect(self._on_window_history_requested)
        window.history.imported.connect(self.show_history)
        window.cramp_note.saved.connect(self._on_cramp_note_saved)
        # what was deleted on the page, newest last, with what to call it: Undo puts it back
        self._deleted: list[tuple[Deleted, str]] = []
        self.undo_notice = UndoNotice()
        self.undo_notice.undo_clicked.connect(self.undo_delete)
        self.undo_notice.dismissed.connect(self._forget_deleted)
        window.history.delete_requested.connect(self._on_history_delete_requested)
        window.history.undo_requested.connect(self.undo_delete)
        window.pages.currentChanged.connect(self._on_pages_current_changed)

    def store(self) -> Any:
        """The HistoryStore, opened now if need be; None when not recording or it failed."""
        if not self._record or self._failed:
            return None
        if self._store is None:
            # imported here: SQLite and the history load with the first session
            from stretchapp.history import HistoryError, HistoryStore  # noqa: PLC0415

            try:
                self._store = HistoryStore()
            except HistoryError as error:
                self._failed = True
                self._window.add_notice(f"Sessions are not saved in the history: {error}")
        return self._store

    def close(self) -> None:
        """Close the store (it opens again when asked)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    @Slot()
    def show_history(self) -> bool:
        """Read the history and show its page; False when it cannot be opened."""
        store = self.store()
        if store is None:
            self._window.add_notice("The history cannot be opened.")
            return False
        daily = self._library.daily_ids()
        settings = self._settings.current
        from stretchapp.history import HistoryError  # noqa: PLC0415

        try:
            overview = store.overview(
                self._wall(), routines=daily or None, threshold=settings.cramp_threshold
            )
        except HistoryError as error:
            self._window.add_notice(str(error))
            return False
        routines = self._library.content.routines
        view = self._window.history
        view.show_overview(
            store,
            overview,
            routines=sorted(routines),
            titles={r.id: r.title for r in routines.values()},
        )
        if overview.frequent_cramps and not settings.cramp_notice_shown:
            view.show_notice(view.doctor_notice(overview.recent_cramp_count))
            self._settings.remember(cramp_notice_shown=True)
        self._window.show_history()
        return True

    @Slot()
    def _on_window_history_requested(self) -> None:
        if self._window.pages.currentWidget() is self._window.history:
            self._window.show_library()
        else:
            self.show_history()

    @Slot(int, object, str)
    def _on_cramp_note_saved(self, cramp_id: int, pain: object, note: str) -> None:
        store = self.store()
        if store is None:
            return
        from stretchapp.history import HistoryError  # noqa: PLC0415

        try:
            store.annotate_cramp(cramp_id, pain=pain if isinstance(pain, int) else None, note=note)
        except (HistoryError, ValueError, KeyError) as error:  # KeyError: the cramp was deleted
            self._window.add_notice(f"The note was not saved: {error}")

    # -- deleting, with undo

    @Slot(str, int, str)
    def _on_history_delete_requested(self, kind: str, entry_id: int, entry: str) -> None:
        store = self.store()
        if store is None:
            return
        from stretchapp.history import HistoryError  # noqa: PLC0415

        try:
            if kind == "cramps":
                deleted = store.delete_cramp(entry_id)
            else:
                deleted = store.delete_session(entry_id)
        except (HistoryError, KeyError) as error:
            self._window.add_notice(f"Nothing was deleted: {error}")
            return
        self._deleted.append((deleted, entry))
        self._offer_undo()
        self.show_history()  # the row goes, and the streak, the week and the charts follow

    @Slot()
    def undo_delete(self) -> bool:
        """Put back the entry deleted last (same id and values); False when there is none."""
        store = self.store() if self._deleted else None
        if store is None:
            return False
        from stretchapp.history import HistoryError  # noqa: PLC0415

        deleted, entry = self._deleted[-1]
        try:
            restored = store.restore(deleted)
        except HistoryError as error:
            self._window.add_notice(f"{entry[0].upper()}{entry[1:]} was not restored: {error}")
            return False
        self._deleted.pop()
        self._offer_undo()
        self.show_history()
        if restored is not None:
            self._window.history.select_entry(deleted.table, restored)
        return True

    def _offer_undo(self) -> None:
        if not self._deleted:
            self._window.notices.withdraw(UNDO)
            return
        self.undo_notice.set_entry(self._deleted[-1][1], len(self._deleted) - 1)
        self._window.notices.offer(UNDO, self.undo_notice)

    @Slot()
    def _forget_deleted(self) -> None:
        # OK, or the page left: what was deleted stays deleted
        self._deleted.clear()
        self._offer_undo()

    @Slot(int)
    def _on_pages_current_changed(self, index: int) -> None:
        if self._deleted and self._window.pages.widget(index) is not self._window.history:
            self._forget_deleted()
