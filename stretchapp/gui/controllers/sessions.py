"""Sessions: routines and cramp relief on the session driver, shown in the player, recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

from stretchapp.core.announce import relief_notice, seek_help_text
from stretchapp.core.routine import Category, Routine, Tip
from stretchapp.core.session_view import SessionState, SessionView
from stretchapp.core.texts import both_legs_steps
from stretchapp.core.timeline import Timeline
from stretchapp.gui.a11y import take_focus
from stretchapp.gui.driver import SessionDriver
from stretchapp.gui.main_window import MainWindow

if TYPE_CHECKING:
    # types only: the controllers meet in gui/root.py; the session's modules load with
    # the first session (see _session)
    from stretchapp.core.session import Session
    from stretchapp.gui.controllers.history import HistoryController
    from stretchapp.gui.controllers.library import LibraryController
    from stretchapp.gui.controllers.settings import SettingsController
    from stretchapp.gui.controllers.speech import Speech, SpeechController

CONFIRM_AFTER = 10.0  # seconds into a session after which Esc asks before stopping
HELP_TIPS = (
    "what-else-helps-massage",
    "what-else-helps-warmth",
    "what-else-helps-cold",
    "what-else-helps-walk",
    "pain-medication",  # seed 004's step 7, before its step 8: elevate
    "what-else-helps-elevate",
    "seek-help-substances",
)


class SessionController(QObject):
    """Starts routines and relief on the driver, shows them in the player, keeps them in the
    history; a cramp interrupts what runs, which then stays on offer to resume."""

    def __init__(
        self,
        window: MainWindow,
        *,
        driver: SessionDriver,
        settings: SettingsController,
        library: LibraryController,
        history: HistoryController,
        speech: SpeechController,
        parent: QObject | None = None,
    ) -> None:
        """Takes the player's, the cramp chooser's and the driver's signals."""
        super().__init__(parent)
        self.window = window
        self.driver = driver
        self._settings = settings
        self._library = library
        self._history = history
        self._speech = speech
        self._relief: Session | None = None  # the relief session on screen, for the cramp note
        self._relief_recorder: Any = None  # its HistoryRecorder: the cramp's row
        self._held: Session | None = None  # the session paused while the cramp chooser shows
        settings.modal = driver.held  # the settings dialog pauses a session too
        library.reloaded.connect(self._on_library_reloaded)
        self._wire()

    def _wire(self) -> None:
        w, d = self.window, self.driver
        w.library.start_requested.connect(self.start_routine)
        w.pause_requested.connect(d.toggle_pause)
        w.next_requested.connect(d.next)
        w.previous_requested.connect(d.previous)
        w.done_requested.connect(d.done)
        w.extend_requested.connect(d.extend)
        w.stop_requested.connect(self.request_stop)
        w.close_player_requested.connect(self._on_window_close_player_requested)
        w.cramp_requested.connect(self._on_window_cramp_requested)
        w.muscle_chosen.connect(self.cramp)
        w.cramp_cancelled.connect(self._on_window_cramp_cancelled)
        w.resume_requested.connect(self._on_window_resume_requested)
        w.discard_requested.connect(self._on_window_discard_requested)
        w.library_requested.connect(self._on_window_library_requested)
        d.phase_started.connect(self._on_driver_phase_started)
        d.ticked.connect(self._on_driver_ticked)
        # through slots of ours, in this order, so that the player (built on first use)
        # hears each signal before the controllers connected after this one
        d.cue_said.connect(self._on_driver_cue_said)
        d.paused_changed.connect(self._on_driver_paused_changed)
        d.escalated.connect(self._on_driver_escalated)
        d.asked.connect(self._on_driver_asked)
        w.when_built("player", lambda player: player.eased_question.answered.connect(d.answer))
        d.session_ended.connect(self._on_driver_session_ended)
        d.resumable_changed.connect(self._on_driver_resumable_changed)

    @Slot(str)
    def _on_driver_cue_said(self, text: str) -> None:
        self.window.player.show_cue(text)

    @Slot(bool)
    def _on_driver_paused_changed(self, paused: bool) -> None:
        self.window.player.set_paused(paused)

    @Slot()
    def _on_driver_asked(self) -> None:
        self.window.player.ask_eased()

    @property
    def speech(self) -> Speech | None:
        """The speech service, once the first session has started it."""
        return self._speech.service

    # -- starting

    @Slot(str)
    def start_routine(self, routine_id: str) -> bool:
        """Start a routine of the library; False when it cannot run."""
        routine = self._library.content.routines.get(routine_id)
        timeline = self._library.timelines.get(routine_id)
        if routine is None or not isinstance(timeline, Timeline):
            self.window.add_notice(f"No routine with the id '{routine_id}' can run.")
            return False
        self._start(routine, timeline)
        self._settings.remember(last_routine=routine_id)
        return True

    def try_routine(self, routine: Routine) -> bool:
        """Start a routine as the editor holds it, saved or not (its Try it)."""
        try:
            timeline = self._library.compile(routine)
        except ValueError as error:
            self.window.add_notice(f"This routine cannot run: {error}")
            return False
        self._start(routine, timeline)
        return True

    def _start(self, routine: Routine, timeline: Timeline) -> None:
        self._speech.prepare(timeline, self._library.content.exercises)
        self._show_routine(routine)
        self.driver.start(self._session(timeline))

    @Slot(str)
    def cramp(self, muscle: str) -> bool:
        """Relief now: what runs pauses and stays on offer; the relief starts without get-ready."""
        routine = self._library.content.relief_for(muscle)
        if routine is None:
            self.window.add_notice(f"No relief routine for the {muscle} is loaded.")
            return False
        timeline = self._library.compile(routine)
        self._speech.prepare(timeline, self._library.content.exercises)
        self._show_routine(routine)
        self._relief_recorder = None
        session = self._session(timeline, muscle=routine.muscle or muscle)
        self._relief = session
        self.window.cramp_note.withdraw()
        self._held = None  # the relief takes over: what the chooser paused stays suspended
        self.driver.interrupt(session)
        take_focus(self.window.player.pause_button)  # whatever the chooser or a notice held
        return True

    @Slot()
    def request_stop(self) -> None:
        """Esc or Stop: ask first when the session has run more than a few seconds."""
        view = self.driver.view()
        if view is None or view.state not in (SessionState.RUNNING, SessionState.PAUSED):
            self.window.show_library()
            return
        if view.session_seconds > CONFIRM_AFTER:
            with self.driver.held():  # the timer waits while the question is open
                if not self.window.confirm_stop():
                    return
        self.driver.stop()

    def _session(self, timeline: Timeline, muscle: str | None = None) -> Session:
        from stretchapp.core.cues import Verbosity  # noqa: PLC0415 (not before a session)
        from stretchapp.core.session import Session  # noqa: PLC0415

        session = Session(
            timeline,
            self._library.content.exercises,
            verbosity=Verbosity(self._settings.current.verbosity),
            speaking=self._speech.speaking_time,  # fits each cue to the voice's measured length
            # a relief lasts as long as the cramp: the window can always ask if it has eased
            ask_eased=timeline.routine.category is Category.RELIEF,
        )
        # the terminal runner's recorder: the window's sessions and cramps are kept alike
        recorder = self._history.recorder(timeline, muscle)
        if recorder is not None:
            self.driver.session_sinks[session] = recorder
            if muscle is not None:
                self._relief_recorder = recorder
        return session

    def _help_tips(self, routine: Routine) -> list[Tip]:
        if routine.category is not Category.RELIEF:
            return []
        tips = self._library.content.tips
        return [tips[t] for t in HELP_TIPS if t in tips]

    def _show_routine(self, routine: Routine) -> None:
        self.window.player.set_routine(
            routine.title,
            relief=routine.category is Category.RELIEF,
            helps=self._help_tips(routine),
            notice=relief_notice(routine, seek_help_text(self._library.content.tips)),
            both_legs=both_legs_steps(routine),
        )
        self.window.player.reset_controls()
        self.window.show_player()

    def _ask_cramp_note(self) -> None:
        recorder, self._relief_recorder = self._relief_recorder, None
        if recorder is not None:
            recorder.flush()  # the session has ended: its rows may be waited for now
        cramp_id = None if recorder is None else recorder.cramp_id
        if cramp_id is not None:
            self.window.cramp_note.ask(cramp_id)

    # -- what the driver says

    @Slot(object)
    def _on_driver_phase_started(self, view: SessionView) -> None:
        phase = view.phase
        if phase is None:
            return
        exercise = self._library.content.exercises.get(phase.exercise or "")
        picture = exercise.picture if exercise is not None else None  # the loader found it
        player = self.window.player
        player.show_phase(
            phase, exercise, picture, view.remaining, view.next_up, inhale=view.inhale
        )
        player.set_paused(view.state is SessionState.PAUSED)
        player.set_time(
            view.remaining,
            view.progress,
            view.total_remaining,
            session_seconds=view.session_seconds,
        )
        self.window.refresh_title()

    @Slot(object)
    def _on_driver_ticked(self, view: SessionView) -> None:
        if view.phase is None or view.state in (SessionState.FINISHED, SessionState.STOPPED):
            return
        player = self.window.player
        player.set_time(
            view.remaining,
            view.progress,
            view.total_remaining,
            session_seconds=view.session_seconds,
        )
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
        self.window.refresh_title()
        if not completed and self.driver.stack.resumable is None:
            self.window.show_library()

    @Slot(bool)
    def _on_driver_resumable_changed(self, resumable: bool) -> None:
        session = self.driver.stack.resumable if resumable else None
        self.window.offer_resume(None if session is None else session.timeline.routine.title)

    # -- what the window asks

    @Slot()
    def _on_window_resume_requested(self) -> None:
        session = self.driver.stack.resumable
        if session is None:
            return
        self._speech.prepare(session.timeline, self._library.content.exercises)
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
        # the routine waits while the muscle is chosen; no cue is said behind the chooser
        held = self.driver.hold("cramp")
        self._held = held or self._held
        self.window.show_cramp()

    @Slot()
    def _on_window_cramp_cancelled(self) -> None:
        held, self._held = self._held, None
        self.driver.release(held)
        if self.driver.session is not None and (
            self.driver.running() or self.window.player.finished
        ):
            self.window.show_player()
        else:
            self.window.show_library()

    @Slot()
    def _on_library_reloaded(self) -> None:
        self.driver.seek_help = seek_help_text(self._library.content.tips)
