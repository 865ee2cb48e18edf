"""The wiring of the window to the library, the session driver, speech and settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QFileSystemWatcher, QObject, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from stretchapp import paths, resources
from stretchapp.clock import Clock, MonotonicClock
from stretchapp.cues import Verbosity, all_texts
from stretchapp.events import EventWriter
from stretchapp.gui import theme as themes
from stretchapp.gui.driver import SessionDriver
from stretchapp.gui.library_view import timelines_for
from stretchapp.gui.main_window import MainWindow
from stretchapp.gui.settings_dialog import SettingsDialog
from stretchapp.library import Library, load_library
from stretchapp.routine import Category, Routine, Tip
from stretchapp.session import Session, SessionState, SessionView
from stretchapp.settings import (
    LoadedSettings,
    Settings,
    load_settings,
    save_settings,
    settings_path,
    updated,
)
from stretchapp.speech.settings import SpeechSettings
from stretchapp.timeline import Timeline, compile_routine
from stretchapp.tones import ToneKind

CONFIRM_AFTER = 10.0  # seconds into a session after which Esc asks before stopping
SEEK_HELP_NOW = (
    "A cramp that lasts longer than 10 minutes, or is unbearably painful, needs medical help: "
    "seek emergency medical attention now."
)
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
    def say(self, text: str) -> None: ...
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


class App(QObject):
    """Everything the window needs, wired; one per window."""

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
        self._escalation_text = SEEK_HELP_NOW

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
        self._wire()
        self.reload()

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
        d = self.driver
        d.phase_started.connect(self._on_driver_phase_started)
        d.ticked.connect(self._on_driver_ticked)
        d.cue_said.connect(w.player.show_cue)
        d.paused_changed.connect(w.player.set_paused)
        d.escalated.connect(self._on_driver_escalated)
        d.session_ended.connect(self._on_driver_session_ended)
        d.resumable_changed.connect(self._on_driver_resumable_changed)

    def show(self) -> None:
        """Show the window, then start the speech service (it never delays the first paint)."""
        self.window.show()
        # keyboard shortcuts need an active window; without a window manager nothing
        # else would make the new window active
        self.window.activateWindow()
        if self._speech_factory is not None:
            QTimer.singleShot(0, self._start_speech)

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
        session = self.driver.session
        if session is not None and session.active:
            self._prepare_speech(session.timeline)

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
        seek = tips.get("seek-help-now")
        self._escalation_text = " ".join(seek.text.split()) if seek else SEEK_HELP_NOW
        relief_safety = " ".join(seek.text.split()) if seek else SEEK_HELP_NOW
        problems = [str(p) for p in self.library.problems]
        problems += [t for t in self._timelines.values() if isinstance(t, str)]
        self.window.library.set_content(
            self.library.routines,
            exercises=self.library.exercises,
            timelines=self._timelines,
            problems=problems,
            safety=" ".join(safety.split()),
            relief_safety=relief_safety,
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
            from stretchapp.terminal import HistoryRecorder  # noqa: PLC0415

            self.driver.session_sinks[session] = HistoryRecorder(
                store, timeline, muscle=muscle, notify=self.window.add_notice
            )
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
        self.driver.interrupt(self._session(timeline, muscle=routine.muscle or muscle))
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

    @Slot()
    def _on_driver_escalated(self) -> None:
        self.window.player.show_escalation(self._escalation_text)
        if self.speech is not None:
            self.speech.say(self._escalation_text)

    @Slot(bool)
    def _on_driver_session_ended(self, completed: bool) -> None:
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
        self._remember(**{k: getattr(settings, k) for k in settings.__dataclass_fields__})
        self.window.set_muted(self.settings.muted)
        if self.speech is not None:
            self.speech.set_settings(speech_settings(self.settings))
        if settings.theme != old.theme:
            self._apply_theme()
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
        return SettingsDialog(self.settings, voices, self.window)

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
        self.driver.shutdown()
        if self._history is not None:
            self._history.close()
            self._history = None
        geometry = bytes(self.window.saveGeometry().toBase64().data()).decode()
        self._remember(geometry=geometry)
        if self.speech is not None:
            self.speech.shutdown()
        if self.events is not None:
            self.events.close()
            self.events = None
