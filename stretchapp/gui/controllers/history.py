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

if TYPE_CHECKING:
    # types only: the controllers meet in gui/root.py
    from stretchapp.core.timeline import Timeline
    from stretchapp.gui.controllers.library import LibraryController
    from stretchapp.gui.controllers.settings import SettingsController
    from stretchapp.gui.undo_notice import UndoNotice
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
        self._writer: Any = None  # the HistoryWriter of the sessions' rows, made at first use
        self._failed = False
        self._damaged = False  # the open failed because the file is damaged
        window.history_requested.connect(self._on_window_history_requested)
        # the page and the note are built on first use: wired then
        window.when_built("history", self._wire_page)
        window.when_built("cramp_note", lambda note: note.saved.connect(self._on_cramp_note_saved))
        # what was deleted on the page, newest last, with what to call it: Undo puts it back
        self._deleted: list[tuple[Deleted, str]] = []
        self._undo_notice: UndoNotice | None = None  # made with the first deletion
        window.pages.currentChanged.connect(self._on_pages_current_changed)

    @property
    def undo_notice(self) -> UndoNotice:
        """The notice that offers Undo after a deletion, made the first time it is wanted."""
        if self._undo_notice is None:
            from stretchapp.gui.undo_notice import UndoNotice  # noqa: PLC0415

            self._undo_notice = UndoNotice()
            self._undo_notice.undo_clicked.connect(self.undo_delete)
            self._undo_notice.dismissed.connect(self._forget_deleted)
        return self._undo_notice

    def _wire_page(self, page: Any) -> None:
        page.imported.connect(self.show_history)
        page.delete_requested.connect(self._on_history_delete_requested)
        page.undo_requested.connect(self.undo_delete)

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
                self._damaged = error.damaged
        return self._store

    def offer_fresh_start(self, why: str) -> bool:
        """Ask to move a damaged history aside (keeping it) and start afresh; True if done."""
        if not self.ask_fresh_start(why):
            return False
        from stretchapp.history import default_path, move_aside  # noqa: PLC0415

        self.close()
        try:
            kept = move_aside(default_path())
        except OSError as error:
            self._window.add_notice(f"The damaged history could not be moved aside: {error}")
            return False
        self._failed = self._damaged = False
        self._window.add_notice(f"A new history was started; the damaged one was kept as {kept}.")
        return True

    def ask_fresh_start(self, why: str) -> bool:
        """The question itself (tests answer it instead)."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

        answer = QMessageBox.question(
            self._window,
            "The history is damaged",
            f"{why}\n\nMove the damaged file aside (it is kept) and start a new history?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def recorder(self, timeline: Timeline, muscle: str | None) -> Any:
        """A session's sink into the history, written off the GUI thread; None when not kept."""
        if self.store() is None:
            return None
        if self._writer is None:
            from stretchapp.history import HistoryStore, HistoryWriter  # noqa: PLC0415

            # a thread of its own: a lock held by another program never stalls a session
            self._writer = HistoryWriter(HistoryStore)
        return self._writer.recorder(timeline, muscle=muscle, notify=self._window.add_notice)

    def flush(self) -> bool:
        """Wait (a few seconds at most) until the sessions' queued rows are written."""
        return self._writer is None or bool(self._writer.flush())

    def close(self) -> None:
        """Write what is queued and close the store (it opens again when asked)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._store is not None:
            self._store.close()
            self._store = None

    @Slot()
    def show_history(self) -> bool:
        """Read the history and show its page; False when it cannot be opened."""
        store = self.store()
        if store is None:
            self._window.add_notice("The history cannot be opened.")
            if self._damaged and self.offer_fresh_start("The history file is damaged."):
                return bool(self.show_history())
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
            if error.damaged and self.offer_fresh_start(str(error)):
                return bool(self.show_history())
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
        if self._window.pages.currentWidget() is self._window.built("history"):
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
        if self._deleted and self._window.pages.widget(index) is not self._window.built("history"):
            self._forget_deleted()
