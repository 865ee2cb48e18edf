"""The main window: a top bar with the Cramp! button, the pages, notices and the keyboard map."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stretchapp.gui.notices import NoticeArea, notice_row
from stretchapp.gui.theme import LIGHT, Theme, speaker_icon

if TYPE_CHECKING:
    from PySide6.QtGui import QKeySequence, QShortcut

    from stretchapp.gui.cramp_view import CrampView
    from stretchapp.gui.history_view import CrampNote, HistoryView
    from stretchapp.gui.library_view import LibraryView
    from stretchapp.gui.player_view import PlayerView

APP_TITLE = "stretchapp"
# the smallest window: a 1366×768 laptop's screen, less its panel and the title bar, has room
MIN_WIDTH, MIN_HEIGHT = 900, 680
SPEAKER_GAP = 4  # px between a push button's icon and its text (QCommonStyle's)
RESUME = "resume"  # the keys of the notice area's two questions
CRAMP_NOTE = "cramp-note"


def page_title(page: str, status: str = "") -> str:
    """The window's title for a page: "History — stretchapp"; the player's says its phase."""
    what = {"library": "", "cramp": "Cramp relief", "history": "History"}.get(page, status)
    return f"{what} — {APP_TITLE}" if what else APP_TITLE


class MainWindow(QMainWindow):
    """Pages and keys; it decides nothing about sessions, it says what the user asked for."""

    library: LibraryView  # once build_pages() has run; the other pages on first use
    resume_frame: QFrame  # the resume question, also made by build_pages()
    resume_label: QLabel
    resume_button: QPushButton
    discard_button: QPushButton

    pause_requested = Signal()
    next_requested = Signal()
    previous_requested = Signal()
    done_requested = Signal()
    extend_requested = Signal()
    stop_requested = Signal()  # Esc or Stop in the player
    close_player_requested = Signal()  # Esc or Close on an ended session
    mute_requested = Signal()
    cramp_requested = Signal()
    muscle_chosen = Signal(str)
    cramp_cancelled = Signal()
    settings_requested = Signal()
    resume_requested = Signal()
    discard_requested = Signal()
    library_requested = Signal()
    escalation_dismissed = Signal()
    history_requested = Signal()
    time_requested = Signal()  # T: how much time is left
    notice_posted = Signal(str)  # a notice was shown: a screen reader is told
    quit_requested = Signal()  # Ctrl+Q: quit, even when closing would keep the tray
    hidden_to_tray = Signal()  # closed while the program keeps running in the tray
    closing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.resize(1180, 780)
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)

        # the top bar
        self.app_label = QLabel(APP_TITLE)
        self.app_label.setProperty("role", "heading")
        self.library_button = QPushButton("Routines")
        self.library_button.setAccessibleName("Back to the routines")
        self.library_button.clicked.connect(self.library_requested.emit)
        self.history_button = QPushButton("History")
        self.history_button.setAccessibleName("History (H)")
        self.history_button.setToolTip("Sessions, streaks and cramps (H)")
        self.history_button.clicked.connect(self.history_requested.emit)
        self.settings_button = QPushButton("Settings")
        self.settings_button.setAccessibleName("Settings")
        self.settings_button.clicked.connect(self.settings_requested.emit)
        self._theme = LIGHT  # before set_muted, which inks the speaker with it
        self._speaker_shown = False  # after the first paint: see show_speaker
        self.mute_button = QPushButton()
        self.mute_button.setCheckable(True)
        self.mute_button.clicked.connect(self._on_mute_button_clicked)
        self.set_muted(False)
        self.cramp_button = QPushButton("Cramp!")
        self.cramp_button.setProperty("role", "cramp")
        self.cramp_button.setAccessibleName("Cramp! Start relief now (C)")
        self.cramp_button.setToolTip("Relief for a cramp now (C)")
        self.cramp_button.clicked.connect(self.cramp_requested.emit)
        for b in (
            self.library_button,
            self.history_button,
            self.settings_button,
            self.mute_button,
            self.cramp_button,
        ):
            b.setAutoDefault(False)
        bar = QHBoxLayout()
        bar.setContentsMargins(20, 12, 20, 4)
        bar.addWidget(self.app_label)
        bar.addSpacing(12)
        bar.addWidget(self.library_button)
        bar.addStretch(1)
        bar.addWidget(self.history_button)
        bar.addWidget(self.mute_button)
        bar.addWidget(self.settings_button)
        bar.addSpacing(8)
        bar.addWidget(self.cramp_button)

        # one strip for what the user must know (a bad settings file, no voice) and the
        # questions after a relief: one at a time, and the same height when empty
        self.notices = NoticeArea()

        self.pages = QStackedWidget()
        self._built = False
        self._made: dict[str, QWidget] = {}  # the pages built so far, by name
        self._waiting: dict[str, list[Callable[[Any], None]]] = {}  # when_built's
        # asked on close: True keeps the program running in the tray (gui/root.py decides)
        self.keep_in_tray: Callable[[], bool] = lambda: False

        central = QWidget()
        v = QVBoxLayout(central)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(6)
        v.addLayout(bar)
        v.addWidget(self.pages, 1)
        v.addWidget(self.notices)
        self.setCentralWidget(central)

        self._player_keys: list[QShortcut] = []
        self._cramp_keys: list[QShortcut] = []
        self.library_button.hide()

    def build_pages(self) -> None:
        """The library page and the keys; the other pages are built on first use.

        Separate from the constructor so that the window can show first: these pages
        need most of Qt's widget classes, and loading them takes longer than showing.
        """
        if self._built:
            return
        self._built = True
        # imported here: the window's frame shows before these load
        from stretchapp.gui.a11y import install_roles  # noqa: PLC0415
        from stretchapp.gui.keys import FocusedControlKeys  # noqa: PLC0415
        from stretchapp.gui.library_view import LibraryView  # noqa: PLC0415

        self.show_speaker()
        self._make_resume_question()
        install_roles()
        self.library = LibraryView()
        self.pages.addWidget(self.library)
        self.pages.currentChanged.connect(self._on_pages_current_changed)
        self._make_keys()
        self._control_keys = FocusedControlKeys(self)
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self._control_keys)
        self._fit_page(self.library)
        self._on_pages_current_changed(self.pages.currentIndex())

    def _make_resume_question(self) -> None:
        # the offer to go back to what a cramp interrupted: a question of the notice area
        self.resume_frame = QFrame()
        self.resume_label = QLabel()
        self.resume_label.setWordWrap(True)
        self.resume_button = QPushButton("Resume")
        self.resume_button.setProperty("role", "primary")
        self.resume_button.setAccessibleName("Resume the interrupted routine")
        self.resume_button.clicked.connect(self.resume_requested.emit)
        self.discard_button = QPushButton("No thanks")
        self.discard_button.setAccessibleName("No thanks: do not resume the interrupted routine")
        self.discard_button.clicked.connect(self.discard_requested.emit)
        notice_row(self.resume_frame, self.resume_label, self.resume_button, self.discard_button)
        self.resume_frame.hide()

    @property
    def player(self) -> PlayerView:
        """The player page, built the first time it is asked for."""
        return cast("PlayerView", self._page("player"))

    @property
    def cramp(self) -> CrampView:
        """The muscle chooser, built the first time it is asked for."""
        return cast("CrampView", self._page("cramp"))

    @property
    def history(self) -> HistoryView:
        """The history page, built the first time it is asked for."""
        return cast("HistoryView", self._page("history"))

    @property
    def cramp_note(self) -> CrampNote:
        """The question after a relief (a notice, not a page), built on first use."""
        return cast("CrampNote", self._page("cramp_note"))

    def built(self, name: str) -> QWidget | None:
        """The page (player, cramp, history, cramp_note) if it is built yet; never builds it."""
        return self._made.get(name)

    def when_built(self, name: str, callback: Callable[[Any], None]) -> None:
        """Call back with the page once it is built: now if it is, else when it is."""
        page = self._made.get(name)
        if page is not None:
            callback(page)
        else:
            self._waiting.setdefault(name, []).append(callback)

    def _page(self, name: str) -> QWidget:
        page = self._made.get(name)
        if page is None:
            self.build_pages()
            from stretchapp.gui.pages import make_page  # noqa: PLC0415  (with its module)

            page = self._made[name] = make_page(self, name)
            if name != "cramp_note":  # a notice, not a page
                self._fit_page(page)
            for callback in self._waiting.pop(name, []):
                callback(page)
        return page

    def _fit_page(self, page: QWidget) -> None:
        # letters typed in a list are type-ahead, not M or H; the routine list's go to its
        # search. C stays the cramp key everywhere but a text field: relief is one key away.
        from PySide6.QtWidgets import QAbstractItemView  # noqa: PLC0415

        from stretchapp.gui.a11y import name_popups  # noqa: PLC0415
        from stretchapp.gui.keys import TypingGuard  # noqa: PLC0415
        from stretchapp.gui.qt_values import KEY_C  # noqa: PLC0415

        if page is not self.library:
            self.pages.addWidget(page)
        always = frozenset({KEY_C})
        for view in page.findChildren(QAbstractItemView):
            redirect = self.library.search if view is self.library.tree else None
            view.installEventFilter(TypingGuard(view, redirect, always=always))
        name_popups(page)

    # -- keys

    def _shortcut(self, key: QKeySequence, slot: object) -> QShortcut:
        # Application-wide: the window has no other top-level, and a modal dialog still
        # blocks them; a line edit that takes the typed key still wins over a letter.
        from PySide6.QtGui import QShortcut  # noqa: PLC0415

        from stretchapp.gui.qt_values import APPLICATION_SHORTCUT, set_property  # noqa: PLC0415

        shortcut = QShortcut(key, self)
        set_property(shortcut, "context", APPLICATION_SHORTCUT)
        shortcut.setAutoRepeat(False)
        shortcut.activated.connect(slot)
        return shortcut

    def _make_keys(self) -> None:
        # keys by their portable names, not Qt.Key: Qt's namespace waits (see qt_values)
        from PySide6.QtGui import QKeySequence  # noqa: PLC0415

        player = [
            ("Space", self.pause_requested.emit),
            ("Right", self.next_requested.emit),
            ("Left", self.previous_requested.emit),
            ("Return", self._on_key_enter),
            ("Enter", self._on_key_enter),
            ("E", self._on_key_extend),
            ("+", self._on_key_extend),
            ("T", self.time_requested.emit),
        ]
        self._player_keys = [self._shortcut(QKeySequence(k), s) for k, s in player]
        self._cramp_keys = [
            self._shortcut(QKeySequence(str(n)), lambda n=n: self.cramp.choose(n))
            for n in range(1, 5)
        ]
        self._escape = self._shortcut(QKeySequence("Esc"), self._on_key_escape)
        self._shortcut(QKeySequence("M"), self.mute_requested.emit)
        self._shortcut(QKeySequence("F"), self.toggle_full_screen)
        self._shortcut(QKeySequence("C"), self._on_key_c)
        self._shortcut(QKeySequence("H"), self._on_key_h)
        self._shortcut(QKeySequence("Ctrl+Q"), self.quit_requested.emit)

    @Slot(int)
    def _on_pages_current_changed(self, index: int) -> None:
        page = self.pages.widget(index)
        for s in self._player_keys:
            s.setEnabled(page is self.built("player"))
        for s in self._cramp_keys:
            s.setEnabled(page is self.built("cramp"))
        self.refresh_title()
        self.library_button.setVisible(page is not self.library)
        # not from the player: the history would hide a session that goes on talking
        self.history_button.setVisible(page is self.library or page is self.built("history"))

    @Slot()
    def _on_key_enter(self) -> None:
        if self.player.done_button.isVisible():
            self.done_requested.emit()

    @Slot()
    def _on_key_extend(self) -> None:
        if self.player.extend_button.isVisible():
            self.extend_requested.emit()

    @Slot()
    def _on_key_escape(self) -> None:
        page = self.pages.currentWidget()
        if page is self.built("cramp"):
            self.cramp_cancelled.emit()
        elif page is self.built("player"):
            self.on_player_stop_clicked()
        elif page is self.built("history"):
            self.library_requested.emit()
        elif self.isFullScreen():
            self.toggle_full_screen()

    @Slot()
    def _on_key_c(self) -> None:
        if self.pages.currentWidget() is not self.built("cramp"):
            self.cramp_requested.emit()

    @Slot()
    def _on_key_h(self) -> None:
        if self.pages.currentWidget() in (self.library, self.built("history")):
            self.history_requested.emit()

    @Slot()
    def on_player_stop_clicked(self) -> None:
        """Stop in the player: close an ended session, else ask to stop the running one."""
        if self.player.finished:
            self.close_player_requested.emit()
        else:
            self.stop_requested.emit()

    @Slot()
    def toggle_full_screen(self) -> None:
        """F: full screen and back."""
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    # -- pages and notices

    @Slot()
    def bring_forward(self) -> None:
        """Show the window in front (from the tray, or a second start)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            self.raise_()  # those two say they cannot, as a warning
        self.activateWindow()

    def show_library(self) -> None:
        """The routine library."""
        self.pages.setCurrentWidget(self.library)
        self.library.tree.setFocus()

    def show_player(self) -> None:
        """The player."""
        self.pages.setCurrentWidget(self.player)
        self.player.pause_button.setFocus()

    def show_cramp(self) -> None:
        """The muscle chooser."""
        self.pages.setCurrentWidget(self.cramp)
        self.cramp.focus_first()

    def show_history(self) -> None:
        """The history page."""
        self.pages.setCurrentWidget(self.history)
        self.history.list.setFocus()

    def add_notice(self, text: str) -> None:
        """Tell the user something that does not need an answer; notices queue up."""
        self.notices.post(text)
        self.notice_posted.emit(text)

    def offer_resume(self, title: str | None) -> None:
        """Offer to resume the routine a cramp interrupted; None withdraws the offer."""
        if title is None:
            self.notices.withdraw(RESUME)
            return
        self.build_pages()  # the question is made with the pages
        self.resume_label.setText(f"Resume “{title}” where you left off?")
        # before the pain question: the routine waits, the note can come after
        self.notices.offer(RESUME, self.resume_frame, priority=2)
        self.notice_posted.emit(self.resume_label.text())

    @Slot()
    def on_cramp_note_asked(self) -> None:
        """The cramp note asks its question: it waits its turn in the notice area."""
        self.notices.offer(CRAMP_NOTE, self.cramp_note, priority=1)

    @Slot()
    def on_cramp_note_closed(self) -> None:
        """The cramp note is answered or dismissed."""
        self.notices.withdraw(CRAMP_NOTE)

    def refresh_title(self) -> None:
        """The window's title says the page shown: in the player, the phase and exercise."""
        self.setWindowTitle(page_title(self._page_name(), self._player_status()))

    def _page_name(self) -> str:
        page = self.pages.currentWidget()
        for name in ("player", "cramp", "history"):
            if page is not None and page is self.built(name):
                return name
        return "library"

    def _player_status(self) -> str:
        if self.built("player") is None or self.player.finished:
            return ""
        phase, name = self.player.phase_label.text(), self.player.exercise_name.text()
        return " · ".join(part for part in (phase, name) if part)

    def set_muted(self, muted: bool) -> None:
        """Show whether sound is off: a state in words and a symbol, not an action."""
        self.mute_button.setChecked(muted)
        self.mute_button.setText("Sound: off" if muted else "Sound: on")
        if self._speaker_shown:
            self.mute_button.setIcon(speaker_icon(muted, self._theme.text))
        self.mute_button.setAccessibleName(
            "Sound: off. Press to turn it on (M)" if muted else "Sound: on. Press to mute (M)"
        )
        self.mute_button.setToolTip("M turns the sound on" if muted else "M mutes the sound")

    @Slot()
    def _on_mute_button_clicked(self) -> None:
        # the button's own check state follows the settings, not the click
        self.mute_button.setChecked(not self.mute_button.isChecked())
        self.mute_requested.emit()

    @property
    def theme(self) -> Theme:
        """The colours of the painted widgets."""
        return self._theme

    def show_speaker(self) -> None:
        """Draw the sound button's speaker: after the first paint, as QIcon and QImage
        take a few milliseconds to load; set_theme kept its room, so nothing moves."""
        self._speaker_shown = True
        self.set_muted(self.mute_button.isChecked())

    def set_theme(self, theme: Theme) -> None:
        """Colours for the painted widgets."""
        if not self._speaker_shown:
            # the room the speaker will take (the style's icon and its gap before the text)
            room = self.mute_button.iconSize().width() + SPEAKER_GAP
            self.mute_button.setMinimumWidth(self.mute_button.sizeHint().width() + room)
        self._theme = theme
        self.set_muted(self.mute_button.isChecked())  # the speaker in the theme's ink
        for name in ("player", "history"):
            page = self.built(name)
            if page is not None:
                cast("PlayerView | HistoryView", page).set_theme(theme)

    # -- questions, behind methods a test can replace

    def confirm_stop(self) -> bool:
        """Ask before throwing away a session that has run a while."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

        answer = QMessageBox.question(
            self,
            "Stop the routine?",
            "Stop the routine now? Your progress in it is not kept.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802  (Qt's name)
        """Hide to the tray when keep_in_tray says so; else let it stop its timer, session and
        speech before the window goes."""
        if self.keep_in_tray():
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
            return
        self.closing.emit()
        super().closeEvent(event)


__all__ = ["LIGHT", "MainWindow"]
