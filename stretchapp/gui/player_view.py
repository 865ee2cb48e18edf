"""The player: countdown ring, phase, exercise and picture, reps, sides, breath, next up.

The exercise card and the relief's "What else helps" are player_cards.py.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal, SignalInstance, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.durations import format_clock
from stretchapp.core.routine import Exercise, Side, Tip
from stretchapp.core.session import EXTENDABLE
from stretchapp.core.texts import (
    cramp_clock,
    legs_label,
    phase_label,
    rep_label,
    side_words,
    spoken_duration,
)
from stretchapp.core.timeline import Phase, PhaseKind
from stretchapp.gui.a11y import AlertFrame, describe
from stretchapp.gui.cramp_note import EasedQuestion
from stretchapp.gui.player_cards import ExerciseCard, HelpsCard
from stretchapp.gui.ring import CountdownRing, ProgressStrip
from stretchapp.gui.theme import LIGHT, Theme

PAUSE_KINDS = frozenset({PhaseKind.PREPARE, PhaseKind.REST, PhaseKind.SWITCH, PhaseKind.TRANSITION})


class PlayerView(QWidget):
    """Shows a running session. It never reads the clock: the window tells it what to show."""

    previous_clicked = Signal()
    pause_clicked = Signal()
    next_clicked = Signal()
    done_clicked = Signal()
    extend_clicked = Signal()
    stop_clicked = Signal()
    escalation_dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = LIGHT
        self._phase: Phase | None = None
        self._relief = False
        self._paused = False
        self._finished = False
        self._left_text = ""
        self._has_picture = False
        self._both_legs: frozenset[int] = frozenset()

        self.routine_title = QLabel()
        self.routine_title.setProperty("role", "heading")
        self.time_left = QLabel()
        self.time_left.setProperty("role", "big")
        # a fixed accessible name: QLabel then stops announcing each new second
        describe(self.time_left, "Time left in the routine")
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.time_left.setMinimumWidth(160)
        self.progress = ProgressStrip()

        # a relief's standing advice, from its first second (the seed's own sentence)
        self.seek_help = QLabel()
        self.seek_help.setWordWrap(True)
        self.seek_help.setProperty("role", "instruction")
        describe(self.seek_help, "When to seek medical help")
        self.seek_help.hide()
        # when a relief's steps run out
        self.eased_question = EasedQuestion()

        # the escalation banner: stays until its own button is pressed
        self.alert = AlertFrame()
        self.alert.setAccessibleName("Seek medical help")
        self.alert.setProperty("role", "alert")
        self.alert_title = QLabel("Seek medical help")
        self.alert_title.setProperty("role", "heading")
        self.alert_text = QLabel()
        self.alert_text.setWordWrap(True)
        self.alert_text.setProperty("role", "instruction")
        self.alert_button = QPushButton("I understand")
        self.alert_button.setAccessibleName("I understand: dismiss the medical help warning")
        self.alert_button.setAutoDefault(False)
        self.alert_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # never focused by a click
        self.alert_button.clicked.connect(self._on_alert_button_clicked)
        a = QHBoxLayout(self.alert)
        a.setContentsMargins(18, 12, 18, 12)
        texts = QVBoxLayout()
        texts.addWidget(self.alert_title)
        texts.addWidget(self.alert_text)
        a.addLayout(texts, 1)
        a.addWidget(self.alert_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.alert.hide()

        # left: the exercise; its parts by their own names for the window and the tests
        self.card = ExerciseCard()
        self.card.resized.connect(self._fit_picture)  # the picture only when it has room
        self.picture = self.card.picture
        self.plate = self.card.plate
        self.exercise_name = self.card.exercise_name
        self.instruction = self.card.instruction
        self.more_button = self.card.more_button
        self.full_text = self.card.full_text

        # centre: the phase and its countdown
        self.phase_label = QLabel()
        self.phase_label.setProperty("role", "phase")
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ring = CountdownRing()
        self.rep_label = QLabel()
        self.rep_label.setProperty("role", "side")
        self.rep_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.breath_label = QLabel()
        self.breath_label.setProperty("role", "breath")
        self.breath_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        describe(self.breath_label, "Breath")
        centre = QVBoxLayout()
        centre.addWidget(self.phase_label)
        centre.addWidget(self.ring, 1)
        centre.addWidget(self.rep_label)
        centre.addWidget(self.breath_label)

        # right, in relief: what else helps
        self.helps = HelpsCard()
        self.helps_body = self.helps.body

        body = QHBoxLayout()
        body.setSpacing(24)
        body.addWidget(self.card)
        body.addLayout(centre, 1)
        body.addWidget(self.helps)

        self.cue_label = QLabel()
        self.cue_label.setProperty("role", "instruction")
        self.cue_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cue_label.setWordWrap(True)
        describe(self.cue_label, "Spoken cue")
        self.next_label = QLabel()
        self.next_label.setProperty("role", "next")
        self.next_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        def button(text: str, name: str, signal: SignalInstance) -> QPushButton:
            b = QPushButton(text)
            b.setAccessibleName(name)
            b.setAutoDefault(False)
            b.clicked.connect(signal.emit)
            return b

        self.previous_button = button(
            "◀  Back", "Back: previous step (Left arrow)", self.previous_clicked
        )
        self.pause_button = button("Pause", "Pause (Space)", self.pause_clicked)
        self.pause_button.setProperty("role", "primary")
        self.pause_button.setMinimumWidth(150)
        self.next_button = button("Skip  ▶", "Skip: next step (Right arrow)", self.next_clicked)
        self.done_button = button("Done ✓", "Done with this step (Enter)", self.done_clicked)
        self.done_button.setProperty("role", "primary")
        self.extend_button = button(
            "+15 s", "+15 s: hold 15 seconds longer (E)", self.extend_clicked
        )
        self.stop_button = button("Stop", "Stop the routine (Escape)", self.stop_clicked)
        controls = QHBoxLayout()
        controls.addStretch(1)
        for b in (
            self.previous_button,
            self.pause_button,
            self.done_button,
            self.extend_button,
            self.next_button,
            self.stop_button,
        ):
            controls.addWidget(b)
        controls.addStretch(1)

        header = QHBoxLayout()
        header.addWidget(self.routine_title, 1)
        header.addWidget(self.time_left)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.progress)
        layout.addWidget(self.seek_help)
        layout.addWidget(self.alert)
        layout.addWidget(self.eased_question)
        layout.addLayout(body, 1)
        layout.addWidget(self.cue_label)
        layout.addWidget(self.next_label)
        layout.addLayout(controls)
        self.done_button.hide()
        self.extend_button.hide()
        self.breath_label.hide()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- the look

    def set_theme(self, theme: Theme) -> None:
        """Use the theme's colours for the painted parts."""
        self._theme = theme
        self.progress.set_colours(theme.accent, theme.track)
        self.picture.set_theme(theme)
        self._colour_ring()

    def _colour_ring(self) -> None:
        t = self._theme
        kind = self._phase.kind if self._phase is not None else PhaseKind.HOLD
        colour = t.accent
        if kind in PAUSE_KINDS:
            colour = t.rest
        elif kind is PhaseKind.BREATH:
            colour = t.breath
        self.ring.set_colours(colour, t.track, t.text, t.muted)

    # -- what the window calls

    def set_routine(
        self,
        title: str,
        *,
        relief: bool,
        helps: Sequence[Tip] = (),
        notice: str = "",
        both_legs: Collection[int] = frozenset(),
    ) -> None:
        """A new session: its title; for relief what else helps and the
        notice shown from its first second (when to seek help); and the steps that work
        both legs at once (core.texts.both_legs_steps)."""
        self.routine_title.setText(title)
        self._relief = relief
        self._both_legs = frozenset(both_legs)
        describe(
            self.time_left, "Time since the cramp began" if relief else "Time left in the routine"
        )
        self._finished = False
        self.alert.hide()
        self.eased_question.hide()
        self.seek_help.setText(" ".join(notice.split()))
        self.seek_help.setVisible(bool(notice))
        self.helps.setVisible(relief and bool(helps))
        self.helps.set_tips(helps)

    def show_phase(
        self,
        phase: Phase,
        exercise: Exercise | None,
        picture: Path | None,
        remaining: float | None,
        next_up: str,
        *,
        inhale: bool | None = None,
    ) -> None:
        """A new phase began: everything but the digits changes here, and only here."""
        self._phase = phase
        self._finished = False
        self.eased_question.hide()
        name = exercise.name if exercise is not None else (phase.exercise or "")
        label = phase_label(phase.kind)
        if phase.kind is PhaseKind.TRANSITION:
            label = "Next up"
        self.phase_label.setText(label)
        self.card.show_exercise(name, exercise)
        legs = legs_label(phase.side, both_legs=phase.step in self._both_legs)
        bits = [rep_label(phase), legs]
        # drawn for the left leg; the right leg's phases (and the pauses before them) mirror it
        self._has_picture = self.picture.set_picture(picture, mirrored=phase.side is Side.RIGHT)
        shown_as = ", ".join(b for b in (name, side_words(phase.side)) if b)
        self.picture.setAccessibleName(f"Illustration: {shown_as}")
        self._fit_picture()
        self.rep_label.setText("  ·  ".join(b for b in bits if b))
        self.next_label.setText(f"Next up: {next_up}" if next_up else "Last one")
        manual = phase.kind is PhaseKind.MANUAL
        self.done_button.setVisible(manual)
        self.extend_button.setVisible(phase.kind in EXTENDABLE)
        self.next_button.setEnabled(True)
        self.previous_button.setEnabled(True)
        self.pause_button.setEnabled(True)
        # one primary button at a time: Done in a manual step, Pause otherwise
        role = "" if manual else "primary"
        if self.pause_button.property("role") != role:
            self.pause_button.setProperty("role", role)
            self.pause_button.style().unpolish(self.pause_button)
            self.pause_button.style().polish(self.pause_button)
        self._colour_ring()
        spoken_parts = [label, name, *[b for b in bits if b]]
        if phase.seconds is not None:
            spoken_parts.append(spoken_duration(phase.seconds))
        spoken = ", ".join(p for p in spoken_parts if p)
        if manual:
            suggested = f"about {format_clock(phase.suggested)}" if phase.suggested else ""
            self.ring.set_phase(None, None, "Press Done", spoken)
            self.ring.setToolTip(suggested)
        else:
            self.ring.set_phase(phase.seconds, remaining, "", spoken)
        self.set_breath(inhale if phase.kind is PhaseKind.BREATH else None, new_phase=True)

    def _fit_picture(self) -> None:
        # the picture shows whole or not at all. The exercise card is as tall as the body
        # row, which takes what every line above and below it leaves (a banner, the
        # seek-help line, a cue on two lines): the plate shows when the card has room for
        # it beside the name, the words and the button, at the card's width. A later
        # change of those lines resizes the card, which asks again (card.resized).
        card = self.card.layout()
        if card is None:
            return
        need = card.heightForWidth(self.card.width())
        if self.plate.isHidden():
            need += self.plate.minimumSizeHint().height() + card.spacing()
        self.plate.setVisible(self._has_picture and self.card.height() >= need)

    def set_breath(self, inhale: bool | None, *, new_phase: bool = False) -> None:
        """The breath beat of a breath-paced hold; None hides the indicator."""
        if inhale is None:
            self.breath_label.hide()
            self.breath_label.clear()
            return
        text = "↑  Breathe in" if inhale else "↓  Breathe out"
        if text != self.breath_label.text():
            if self.breath_label.text() and not new_phase:
                self.cue_label.clear()  # it may say the beat before this one
            self.breath_label.setText(text)
        self.breath_label.show()

    def set_time(
        self,
        remaining: float | None,
        progress: float,
        total_left: float,
        *,
        session_seconds: float | None = None,
    ) -> bool:
        """The digits, the routine's progress and time left (in relief, the time since the
        cramp began, from `session_seconds`); True when the digits changed."""
        changed = False
        if remaining is not None:
            changed = self.ring.set_remaining(remaining)
        self.progress.set_fraction(progress)
        if self._relief and session_seconds is not None:
            # "0:30 left" for minutes says nothing in a relief; how long it has lasted does
            left = cramp_clock(session_seconds)
        else:
            left = f"{format_clock(total_left)} left"
        if left != self._left_text:
            self._left_text = left
            self.time_left.setText(left)
        return changed

    def show_cue(self, text: str) -> None:
        """The last thing the voice said, in writing: for the muted and the hard of hearing."""
        self.cue_label.setText(text)

    def set_paused(self, paused: bool) -> None:
        """Pause shows on the ring and on the button."""
        self._paused = paused
        self.ring.set_paused(paused)
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setAccessibleName("Resume (Space)" if paused else "Pause (Space)")

    def set_finished(self, completed: bool) -> None:
        """The session ended."""
        self._finished = True
        self._paused = False
        self.eased_question.hide()
        self.ring.set_paused(False)
        self.phase_label.setText("Well done" if completed else "Stopped")
        self.ring.set_phase(None, None, "Done" if completed else "Stopped", "Routine finished")
        self.rep_label.clear()
        self.cue_label.clear()
        self.breath_label.hide()
        self.next_label.setText("Esc: back to the library")
        self.time_left.setText("")
        self._left_text = ""
        self.progress.set_fraction(1.0 if completed else self.progress.fraction)
        for b in (self.done_button, self.extend_button):
            b.hide()
        for b in (self.previous_button, self.pause_button, self.next_button):
            b.setEnabled(False)
        self.stop_button.setText("Close")
        self.stop_button.setAccessibleName("Close: back to the library (Escape)")

    def ask_eased(self) -> None:
        """The relief's steps ran out: ask whether the cramp has eased, nothing counts down."""
        self.eased_question.show()
        self.phase_label.setText("Has it eased?")
        self.cue_label.clear()
        self.next_label.setText("")
        for b in (self.done_button, self.extend_button):
            b.hide()
        self._fit_picture()

    def reset_controls(self) -> None:
        """Controls for a session that runs."""
        self.stop_button.setText("Stop")
        self.stop_button.setAccessibleName("Stop the routine (Escape)")
        self.set_paused(False)

    def show_escalation(self, text: str) -> None:
        """The banner that sends the user to a doctor; it stays until dismissed with its button."""
        self.alert_text.setText(" ".join(text.split()))
        self.alert.setAccessibleDescription(self.alert_text.text())
        self.alert.show()
        self._fit_picture()

    @property
    def escalation_shown(self) -> bool:
        """Whether the medical-help banner is up."""
        return not self.alert.isHidden()

    @property
    def finished(self) -> bool:
        """Whether the view shows an ended session."""
        return self._finished

    # -- slots

    @Slot()
    def _on_alert_button_clicked(self) -> None:
        self.alert.hide()
        self._fit_picture()
        self.escalation_dismissed.emit()
