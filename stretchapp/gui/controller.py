"""The wiring of the window to the library, the session driver, speech and settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QFileSystemWatcher, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from stretchapp import paths, resources
from stretchapp.clock import Clock, MonotonicClock
from stretchapp.core.announce import seek_help_text
from stretchapp.core.cues import Verbosity, all_texts
from stretchapp.core.events import EventWriter
from stretchapp.core.library import Library, load_library
from stretchapp.core.reminders import Reminder, ReminderState, reminder_text
from stretchapp.core.routine import Category, Routine, Tip
from stretchapp.core.session import Session, SessionState, SessionView
from stretchapp.core.timeline import Timeline, compile_routine
from stretchapp.gui import autostart
from stretchapp.gui import theme as themes
from stretchapp.gui.driver import SessionDriver
from stretchapp.gui.library_view import timelines_for
from stretchapp.gui.main_window import MainWindow
from stretchapp.gui.reminders_ui import ReminderChecker, local_now
from stretchapp.gui.settings_dialog import SettingsDialog
from stretchapp.gui.tray import Tray
from stretchapp.settings import (
    LoadedSettings,
    Settings,
    load_settings,
    reminder_settings,
    reminder_state,
    save_settings,
    settings_path,
    updated,
)
from stretchapp.speech.settings import SpeechSettings
from stretchapp.tones import ToneKind

CONFIRM_AFTER = 10.0  # seconds into a session after which Esc asks before stopping
TRAY_TOLD = (
    "stretchapp keeps running in the tray to remind you. Choose Quit in its menu to stop it."
)
KEPT = ("geometry", "last_routine", "reminder_state", "cramp_notice_shown", "tray_told")
HELP_TIPS = (
    "what-else-helps-massage",
    "what-else-helps-warmth",
    "what-else-helps-cold",
    "what-else-helps-walk",
    "what-else-helps-elevate",
)


class Speech(Protocol):
    """What the window asks of the speech service (SpeechService, or a fake in tests)."""

    def prepare(self, texts: Sequence[str]) -> None: ...
    def say(self, text: str, *, patience: float = ...) -> None: ...
    def tone(self, kind: ToneKind) -> None: ...
    def cut(self) -> None: ...
    def set_settings(self, settings: SpeechSettings) -> None: ...
    def shutdown(self) -> None: ...


SpeechFactory = Callable[[SpeechSettings, Path, QObject], Speech]
Voices = Callable[[], Sequence[tuple[str, str, Sequence[str]]]]


def apply_theme(window: MainWindow, name: str, system_dark: bool) -> None:
    """Give the application and the window's painted parts the chosen theme."""
    theme = themes.pick(name, system_dark)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        themes.apply(app, theme)
    window.set_theme(theme)


def restore_geometry(window: MainWindow, saved: str) -> None:
    """Put the window where it was (Qt keeps it on a screen that exists)."""
    window.restoreGeometry(QByteArray.fromBase64(saved.encode()))


# what the articles say helps prevent cramps, in routines/tips.yaml, and when to see a doctor
PREVENTION_TIPS = (
    "stretch-daily",
    "hydrate",
    "minerals",
    "regular-exercise",
    "supportive-shoes",
    "see-a-doctor",
)


def speech_settings(settings: Settings) -> SpeechSettings:
    """The speech service's settings from the app's."""
    return SpeechSettings(
        voice=settings.voice,
        rate=settings.rate,
        volume=settings.volume,
        mute_voice=settings.muted,
        mute_tones=settings.muted or not settings.tones,
        tone_volume=settings.tone_volume,
    )


def _real_speech(settings: SpeechSettings, cache_dir: Path, parent: QObject) -> Speech:
    # imported here: QtMultimedia and the worker load after the window shows
    from stretchapp.speech import SpeechService  # noqa: PLC0415

    return SpeechService(settings, cache_dir, parent)


def _real_voices() -> Sequence[tuple[str, str, Sequence[str]]]:
    from stretchapp.speech import list_voices  # noqa: PLC0415

    return list_voices()


def window_icon(assets: Path) -> QIcon:
    """The app's icon from assets/icons/stretchapp.svg (an empty icon when it is missing)."""
    path = assets / "icons" / "stretchapp.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


class App(QObject):
    """Everything the window needs, wired; one per window."""

    quitting = Signal()  # Quit was chosen: the event loop may end

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        settings_file: Path | None = None,
        bundled: Path | None = None,
        user: Path | None = None,
        assets: Path | None = None,
        speech_factory: SpeechFactory | None = _real_speech,
        voices: Voices = _real_voices,
        events: EventWriter | None = None,
        window: MainWindow | None = None,
        loaded: LoadedSettings | None = None,
        system_dark: bool | None = None,
        record: bool = True,
        wall: Callable[[], dt.datetime] = local_now,
        tray_available: bool | None = None,
    ) -> None:
        super().__init__()
        self.clock: Clock = clock if clock is not None else MonotonicClock()
        self.settings_file = settings_file if settings_file is not None else settings_path()
        self._bundled = bundled if bundled is not None else resources.routines_dir()
        self._user = user if user is not None else paths.user_routines_dir()
        self._assets = assets if assets is not None else resources.assets_dir()
        self._speech_factory = speech_factory
        self._voices = voices
        self.events = events
        self._record = record  # sessions and cramps go into the history
        self._history: Any = None  # the HistoryStore, opened at the first session
        self._history_failed = False
        self.speech: Speech | None = None
        self.library = Library()
        self._timelines: dict[str, Timeline | str] = {}
        self.wall = wall  # the wall clock: reminders and the history's "today"
        self._quitting = False
        self._relief: Session | None = None  # the relief session on screen, for the cramp note
        self._relief_recorder: Any = None  # its HistoryRecorder: the cramp's row
        self._reminder_id: int | None = None  # the last reminder shown, until acted on
        self._reminder_on_screen = False  # the tray's last message was a reminder
        self._configured = False  # the reminder checker has had the saved state
        self.instance: Any = None  # the single-instance server, closed with the window

        if loaded is None:
            loaded = load_settings(self.settings_file)
        self.settings = loaded.settings

        shown = window is not None  # already themed, placed and on screen
        self.window = window if window is not None else MainWindow()
        self.window.build_pages()
        self.driver = SessionDriver(self.clock, self.window)  # parented: it dies with the window
        self.driver.sink = events
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_watcher_changed)
        self.watcher.fileChanged.connect(self._on_watcher_changed)

        if system_dark is None:
            # not told (tests, the self-test): ask Qt, and take light when it does not know
            system_dark = bool(themes.dark_from_hints())
        self._system_dark = system_dark
        self._apply_theme()
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_color_scheme_changed)
        self.window.set_muted(self.settings.muted)
        if loaded.notice:
            self.window.add_notice(loaded.notice)
        if self.settings.geometry and not shown:
            restore_geometry(self.window, self.settings.geometry)
        self.icon = window_icon(self._assets)
        self.window.setWindowIcon(self.icon)
        self.reminders = ReminderChecker(self.driver.running, wall, self)
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        tray_icon = self.icon
        if tray_icon.isNull():  # a tray icon must show something, or Qt warns and shows nothing
            tray_icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
        self.tray: Tray | None = Tray(tray_icon, self) if tray_available else None
        self.window.keep_in_tray = self._keep_in_tray
        self._wire()
        self.reload()
        self.configure_reminders()

    # -- wiring

    def _wire(self) -> None:
        w = self.window
        w.library.start_requested.connect(self.start_routine)
        w.pause_requested.connect(self.driver.toggle_pause)
        w.next_requested.connect(self.driver.next)
        w.previous_requested.connect(self.driver.previous)
        w.done_requested.connect(self.driver.done)
        w.extend_requested.connect(self.driver.extend)
        w.stop_requested.connect(self.request_stop)
        w.close_player_requested.connect(self._on_window_close_player_requested)
        w.mute_requested.connect(self.toggle_mute)
        w.cramp_requested.connect(self._on_window_cramp_requested)
        w.muscle_chosen.connect(self.cramp)
        w.cramp_cancelled.connect(self._on_window_cramp_cancelled)
        w.settings_requested.connect(self.open_settings)
        w.resume_requested.connect(self._on_window_resume_requested)
        w.discard_requested.connect(self._on_window_discard_requested)
        w.library_requested.connect(self._on_window_library_requested)
        w.closing.connect(self._on_window_closing)
        w.history_requested.connect(self._on_window_history_requested)
        w.quit_requested.connect(self.quit)
        w.hidden_to_tray.connect(self._on_window_hidden_to_tray)
        w.history.imported.connect(self.show_history)
        w.cramp_note.saved.connect(self._on_cramp_note_saved)
        r = self.reminders
        r.reminder_due.connect(self._on_reminders_reminder_due)
        r.state_changed.connect(self._on_reminders_state_changed)
        if self.tray is not None:
            t = self.tray
            t.start_requested.connect(self.start_daily)
            t.message_clicked.connect(self._on_tray_message_clicked)
            t.cramp_requested.connect(self._on_tray_cramp_requested)
            t.snooze_requested.connect(self.snooze)
            t.pause_requested.connect(self.pause_reminders_today)
            t.open_requested.connect(self.bring_forward)
            t.quit_requested.connect(self.quit)
        d = self.driver
        d.phase_started.connect(self._on_driver_phase_started)
        d.ticked.connect(self._on_driver_ticked)
        d.cue_said.connect(w.player.show_cue)
        d.paused_changed.connect(w.player.set_paused)
        d.escalated.connect(self._on_driver_escalated)
        d.session_ended.connect(self._on_driver_session_ended)
        d.resumable_changed.connect(self._on_driver_resumable_changed)

    def show(self) -> None:
        """Show the window; the speech service starts with the first session.

        Speech is a worker process and QtMultimedia, about 7 MB here and more there,
        which a window waiting in the tray all day has no use for. A session's first
        words may wait for it (SessionDriver: FIRST_WORDS_PATIENCE), so nothing is lost.
        """
        self.window.show()
        # keyboard shortcuts need an active window; without a window manager nothing
        # else would make the new window active
        self.window.activateWindow()
        if self.tray is not None:
            self.tray.show()

    @Slot()
    def _start_speech(self) -> None:
        if self.speech is not None or self._speech_factory is None:
            return
        cache = paths.cache_dir() / "speech"
        self.speech = self._speech_factory(speech_settings(self.settings), cache, self)
        notice = getattr(self.speech, "notice", None)
        if notice is not None:
            notice.connect(self.window.add_notice)
        self.driver.speaker = self.speech

    # -- the library

    def compile(self, routine: Routine) -> Timeline:
        """A routine's timeline with the user's get-ready and switch-sides lengths."""
        return compile_routine(
            routine, prepare=self.settings.prepare_seconds, switch=self.settings.switch_seconds
        )

    def reload(self) -> None:
        """Load the bundled and the user's routines again and show them."""
        self.library = load_library(self._bundled, self._user, assets=self._assets)
        self._timelines = timelines_for(self.library.routines, self.compile)
        tips = self.library.tips
        safety = tips["not-medical-advice"].text if "not-medical-advice" in tips else ""
        relief_safety = self.driver.seek_help = seek_help_text(tips)
        problems = [str(p) for p in self.library.problems]
        problems += [t for t in self._timelines.values() if isinstance(t, str)]
        self.window.library.set_content(
            self.library.routines,
            exercises=self.library.exercises,
            timelines=self._timelines,
            problems=problems,
            safety=" ".join(safety.split()),
            relief_safety=relief_safety,
            prevention=[
                (tip.title, " ".join(tip.text.split()))
                for tip in (self.library.tips.get(t) for t in PREVENTION_TIPS)
                if tip is not None
            ],
        )
        self.window.cramp.set_available(
            {m for m in ("calf", "quad", "hamstring", "foot") if self.library.relief_for(m)}
        )
        self._watch()

    def _watch(self) -> None:
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        wanted: list[str] = []
        for folder in (self._bundled, self._user):
            if folder.is_dir():
                wanted.append(str(folder))
                wanted += [
                    str(p) for p in sorted(folder.iterdir()) if p.suffix in (".yaml", ".yml")
                ]
            elif folder.parent.is_dir():
                wanted.append(str(folder.parent))  # to see the folder appear
        if wanted:
            self.watcher.addPaths(wanted)

    @Slot(str)
    def _on_watcher_changed(self, path: str) -> None:
        del path
        self.reload()

    # -- sessions

    def _session(self, timeline: Timeline, muscle: str | None = None) -> Session:
        session = Session(
            timeline, self.library.exercises, verbosity=Verbosity(self.settings.verbosity)
        )
        store = self._history_store()
        if store is not None:
            # the terminal runner's recorder: the window's sessions and cramps are kept alike
            from stretchapp.history import HistoryRecorder  # noqa: PLC0415

            recorder = HistoryRecorder(
                store, timeline, muscle=muscle, notify=self.window.add_notice
            )
            self.driver.session_sinks[session] = recorder
            if muscle is not None:
                self._relief_recorder = recorder
        return session

    def _history_store(self) -> Any:
        if not self._record or self._history_failed:
            return None
        if self._history is None:
            from stretchapp.history import HistoryError, HistoryStore  # noqa: PLC0415

            try:
                self._history = HistoryStore()
            except HistoryError as error:
                self._history_failed = True
                self.window.add_notice(f"Sessions are not saved in the history: {error}")
        return self._history

    def _prepare_speech(self, timeline: Timeline) -> None:
        self._start_speech()
        if self.speech is not None:
            verbosity = Verbosity(self.settings.verbosity)
            self.speech.prepare(all_texts(timeline, self.library.exercises, verbosity))

    def _help_tips(self, routine: Routine) -> list[Tip]:
        if routine.category is not Category.RELIEF:
            return []
        return [self.library.tips[t] for t in HELP_TIPS if t in self.library.tips]

    def _show_routine(self, routine: Routine) -> None:
        self.window.player.set_routine(
            routine.title,
            relief=routine.category is Category.RELIEF,
            helps=self._help_tips(routine),
        )
        self.window.player.reset_controls()
        self.window.show_player()

    @Slot(str)
    def start_routine(self, routine_id: str) -> bool:
        """Start a routine of the library; False when it cannot run."""
        routine = self.library.routines.get(routine_id)
        timeline = self._timelines.get(routine_id)
        if routine is None or not isinstance(timeline, Timeline):
            self.window.add_notice(f"No routine with the id '{routine_id}' can run.")
            return False
        self._prepare_speech(timeline)
        self._show_routine(routine)
        self.driver.start(self._session(timeline))
        self._remember(last_routine=routine_id)
        return True

    @Slot(str)
    def cramp(self, muscle: str) -> bool:
        """Relief now: what runs pauses and stays on offer; the relief starts without get-ready."""
        routine = self.library.relief_for(muscle)
        if routine is None:
            self.window.add_notice(f"No relief routine for the {muscle} is loaded.")
            return False
        timeline = self.compile(routine)
        self._prepare_speech(timeline)
        self._show_routine(routine)
        self._relief_recorder = None
        session = self._session(timeline, muscle=routine.muscle or muscle)
        self._relief = session
        self.window.cramp_note.hide()
        self.driver.interrupt(session)
        return True

    @Slot()
    def request_stop(self) -> None:
        """Esc or Stop: ask first when the session has run more than a few seconds."""
        view = self.driver.view()
        if view is None or view.state not in (SessionState.RUNNING, SessionState.PAUSED):
            self.window.show_library()
            return
        if view.session_seconds > CONFIRM_AFTER and not self.window.confirm_stop():
            return
        self.driver.stop()

    @Slot(object)
    def _on_driver_phase_started(self, view: SessionView) -> None:
        phase = view.phase
        if phase is None:
            return
        exercise = self.library.exercises.get(phase.exercise or "")
        picture = None
        if exercise is not None and exercise.image:
            picture = self._assets / "exercises" / exercise.image
        player = self.window.player
        player.show_phase(
            phase, exercise, picture, view.remaining, view.next_up, inhale=view.inhale
        )
        player.set_paused(view.state is SessionState.PAUSED)
        player.set_time(view.remaining, view.progress, view.total_remaining)
        self.window.setWindowTitle(
            f"{player.phase_label.text()} · {player.exercise_name.text()} — stretchapp"
        )

    @Slot(object)
    def _on_driver_ticked(self, view: SessionView) -> None:
        if view.phase is None or view.state in (SessionState.FINISHED, SessionState.STOPPED):
            return
        player = self.window.player
        player.set_time(view.remaining, view.progress, view.total_remaining)
        if view.phase.breath_seconds:
            player.set_breath(view.inhale)

    @Slot(str)
    def _on_driver_escalated(self, text: str) -> None:
        self.window.player.show_escalation(text)  # the driver has said it

    @Slot(bool)
    def _on_driver_session_ended(self, completed: bool) -> None:
        if self._relief is not None and self.driver.session is self._relief:
            self._relief = None
            self._ask_cramp_note()
        self.window.player.set_finished(completed)
        self.window.setWindowTitle("stretchapp")
        if not completed and self.driver.stack.resumable is None:
            self.window.show_library()

    @Slot(bool)
    def _on_driver_resumable_changed(self, resumable: bool) -> None:
        session = self.driver.stack.resumable if resumable else None
        self.window.offer_resume(None if session is None else session.timeline.routine.title)

    @Slot()
    def _on_window_resume_requested(self) -> None:
        session = self.driver.stack.resumable
        if session is None:
            return
        self._prepare_speech(session.timeline)
        self._show_routine(session.timeline.routine)
        self.driver.resume_suspended()
        self.window.offer_resume(None)

    @Slot()
    def _on_window_discard_requested(self) -> None:
        self.driver.discard_suspended()
        self.window.offer_resume(None)

    @Slot()
    def _on_window_close_player_requested(self) -> None:
        self.window.show_library()

    @Slot()
    def _on_window_library_requested(self) -> None:
        if self.driver.running():
            self.request_stop()
            if self.driver.running():
                return
        self.window.show_library()

    @Slot()
    def _on_window_cramp_requested(self) -> None:
        self.window.show_cramp()

    @Slot()
    def _on_window_cramp_cancelled(self) -> None:
        if self.driver.session is not None and (
            self.driver.running() or self.window.player.finished
        ):
            self.window.show_player()
        else:
            self.window.show_library()

    # -- settings

    def _remember(self, **changes: Any) -> None:
        self.settings = updated(self.settings, **changes)
        try:
            save_settings(self.settings, self.settings_file)
        except OSError as error:
            self.window.add_notice(f"{self.settings_file}: could not save the settings ({error}).")

    def apply_settings(self, settings: Settings) -> None:
        """Use and save new settings."""
        old = self.settings
        # what the program itself keeps (where the reminders stand, what was said) stays
        # as it is now: a dialog opened earlier holds an older copy
        chosen = {k: getattr(settings, k) for k in settings.__dataclass_fields__ if k not in KEPT}
        self._remember(**chosen)
        self.window.set_muted(self.settings.muted)
        if self.speech is not None:
            self.speech.set_settings(speech_settings(self.settings))
        if settings.theme != old.theme:
            self._apply_theme()
        if settings.reminders != old.reminders:
            self.configure_reminders()
        if settings.start_on_login != old.start_on_login:
            self._set_autostart(settings.start_on_login)
        if (settings.prepare_seconds, settings.switch_seconds) != (
            old.prepare_seconds,
            old.switch_seconds,
        ):
            self.reload()

    @Slot()
    def toggle_mute(self) -> None:
        """M: all sound off or on."""
        muted = not self.settings.muted
        if muted and self.speech is not None:
            self.speech.cut()
        self.apply_settings(updated(self.settings, muted=muted))

    def settings_dialog(self) -> SettingsDialog:
        """A dialog on the current settings (tests call this and accept it themselves)."""
        try:
            voices = self._voices()
        except (OSError, RuntimeError):
            voices = []
        daily = self.daily_routine()
        return SettingsDialog(
            self.settings,
            voices,
            self.window,
            schedule=daily.schedule if daily is not None else (),
            routine_title=daily.title if daily is not None else None,
        )

    @Slot()
    def open_settings(self) -> None:
        """Show the settings dialog and apply what it gives."""
        dialog = self.settings_dialog()
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_settings(dialog.settings())
        dialog.deleteLater()

    def _apply_theme(self) -> None:
        apply_theme(self.window, self.settings.theme, self._system_dark)

    @Slot(object)
    def _on_color_scheme_changed(self, scheme: object) -> None:
        del scheme  # read again below: a PySide enum arrives here untyped
        known = themes.dark_from_hints()
        if known is not None:
            self._system_dark = known
        if self.settings.theme == "system":
            self._apply_theme()

    # -- the end

    @Slot()
    def _on_window_closing(self) -> None:
        self.reminders.stop()
        if self.tray is not None:
            self.tray.hide()
        if self.instance is not None:
            self.instance.close()
            self.instance = None
        self.driver.shutdown()
        if self._history is not None:
            self._history.close()
            self._history = None
        geometry = bytes(self.window.saveGeometry().toBase64().data()).decode()
        self._remember(geometry=geometry, reminder_state=self.reminders.state.to_json())
        if self.speech is not None:
            self.speech.shutdown()
        if self.events is not None:
            self.events.close()
            self.events = None

    # -- the history

    @Slot()
    def _on_window_history_requested(self) -> None:
        if self.window.pages.currentWidget() is self.window.history:
            self.window.show_library()
        else:
            self.show_history()

    def daily_ids(self) -> list[str]:
        """The daily routines: their days make the heat map and the streaks (as the CLI's)."""
        return [r.id for r in self.library.routines.values() if r.category is Category.DAILY]

    @Slot()
    def show_history(self) -> bool:
        """Read the history and show its page; False when it cannot be opened."""
        store = self._history_store()
        if store is None:
            self.window.add_notice("The history cannot be opened.")
            return False
        daily = self.daily_ids()
        from stretchapp.history import HistoryError  # noqa: PLC0415

        try:
            overview = store.overview(
                self.wall(), routines=daily or None, threshold=self.settings.cramp_threshold
            )
        except HistoryError as error:
            self.window.add_notice(str(error))
            return False
        view = self.window.history
        view.show_overview(
            store,
            overview,
            routines=sorted(self.library.routines),
            titles={r.id: r.title for r in self.library.routines.values()},
        )
        if overview.frequent_cramps and not self.settings.cramp_notice_shown:
            view.show_notice(view.doctor_notice(overview.recent_cramp_count))
            self._remember(cramp_notice_shown=True)
        self.window.show_history()
        return True

    def _ask_cramp_note(self) -> None:
        recorder, self._relief_recorder = self._relief_recorder, None
        cramp_id = None if recorder is None else recorder.cramp_id
        if cramp_id is not None:
            self.window.cramp_note.ask(cramp_id)

    @Slot(int, object, str)
    def _on_cramp_note_saved(self, cramp_id: int, pain: object, note: str) -> None:
        store = self._history_store()
        if store is None:
            return
        from stretchapp.history import HistoryError  # noqa: PLC0415

        try:
            store.annotate_cramp(cramp_id, pain=pain if isinstance(pain, int) else None, note=note)
        except (HistoryError, ValueError) as error:
            self.window.add_notice(f"The note was not saved: {error}")

    # -- reminders and the tray

    def daily_routine(self) -> Routine | None:
        """The routine reminders start: the chosen one, else the first daily one with times."""
        chosen = reminder_settings(self.settings).routine
        routines = self.library.routines
        if chosen is not None and chosen in routines:
            return routines[chosen]
        daily = [r for r in routines.values() if r.category is Category.DAILY]
        daily.sort(key=lambda r: (not r.schedule, r.user, r.id))
        return daily[0] if daily else None

    def configure_reminders(self) -> None:
        """Give the checker the times from the settings and the daily routine's schedule."""
        chosen = reminder_settings(self.settings)
        daily = self.daily_routine()
        times = chosen.active_times(daily.schedule if daily is not None else ())
        # the saved state at start; later the checker's own, which is newer
        state = self.reminders.state if self._configured else reminder_state(self.settings)
        self._configured = True
        self.reminders.configure(times, state)
        self._update_tray()

    def _update_tray(self) -> None:
        if self.tray is None:
            return
        chosen = reminder_settings(self.settings)
        self.tray.set_snooze_minutes(chosen.snooze_minutes)
        self.tray.set_reminders(
            bool(self.reminders.times), paused=self.reminders.paused(), snoozable=True
        )
        self.tray.start_action.setEnabled(self.daily_routine() is not None)

    def _history_now(self) -> dt.datetime:
        return self.wall()

    @Slot(object)
    def _on_reminders_reminder_due(self, reminder: Reminder) -> None:
        daily = self.daily_routine()
        text = reminder_text(reminder, daily.title if daily is not None else "your daily routine")
        store = self._history_store()
        if store is not None:
            from stretchapp.history import HistoryError  # noqa: PLC0415

            try:
                self._reminder_id = store.reminder_shown(
                    reminder.due, self._history_now(), late=reminder.late
                )
            except HistoryError:
                self._reminder_id = None  # a reminder still shows when the history fails
        if self.tray is not None:
            self._reminder_on_screen = True
            self.tray.notify("stretchapp", text)
        else:
            self.window.add_notice(text)

    @Slot(object)
    def _on_reminders_state_changed(self, state: ReminderState) -> None:
        self._remember(reminder_state=state.to_json())
        self._update_tray()

    def _acted(self, action: str) -> None:
        reminder_id, self._reminder_id = self._reminder_id, None
        store = self._history_store() if reminder_id is not None else None
        if store is None or reminder_id is None:
            return
        from stretchapp.history import HistoryError, ReminderAction  # noqa: PLC0415

        try:
            store.reminder_acted(reminder_id, ReminderAction(action), self._history_now())
        except HistoryError as error:
            self.window.add_notice(str(error))

    @Slot()
    def start_daily(self) -> bool:
        """Start the daily routine (the tray, a click on a reminder); False when there is none."""
        daily = self.daily_routine()
        self.bring_forward()
        if daily is None:
            self.window.add_notice("No daily routine is loaded.")
            return False
        self._acted("started")
        started: bool = self.start_routine(daily.id)
        return started

    @Slot()
    def snooze(self) -> None:
        """Remind again after the snooze length."""
        self.reminders.snooze(reminder_settings(self.settings).snooze_minutes)
        self._acted("snoozed")

    @Slot()
    def pause_reminders_today(self) -> None:
        """No more reminders today."""
        self.reminders.pause_today()
        self._acted("paused")

    @Slot()
    def _on_tray_message_clicked(self) -> None:
        if self._reminder_on_screen:
            self._reminder_on_screen = False
            self.start_daily()
        else:
            self.bring_forward()

    @Slot()
    def _on_tray_cramp_requested(self) -> None:
        self.bring_forward()
        self.window.show_cramp()

    @Slot()
    def bring_forward(self) -> None:
        """Show the window in front (from the tray, or a second start)."""
        w = self.window
        if w.isMinimized():
            w.showNormal()
        w.show()
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            w.raise_()  # those two say they cannot, as a warning
        w.activateWindow()

    def _keep_in_tray(self) -> bool:
        return (
            not self._quitting
            and self.tray is not None
            and reminder_settings(self.settings).enabled
            and bool(self.reminders.times)
        )

    @Slot()
    def _on_window_hidden_to_tray(self) -> None:
        if self.driver.running():
            self.driver.stop()  # closing the window ends a session, as it always did
        self.window.show_library()
        self._remember(reminder_state=self.reminders.state.to_json())
        if not self.settings.tray_told and self.tray is not None:
            self._reminder_on_screen = False
            self.tray.notify("stretchapp is still running", TRAY_TOLD)
            self._remember(tray_told=True)

    @Slot()
    def quit(self) -> None:
        """Quit for real: close the window (which stops everything) and end the program."""
        self._quitting = True
        self.window.close()
        self.quitting.emit()

    def _set_autostart(self, on: bool) -> None:
        try:
            if on:
                autostart.enable()
            else:
                autostart.disable()
        except OSError as error:
            self.window.add_notice(f"{autostart.entry_path()}: {error}")
