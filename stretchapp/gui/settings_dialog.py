"""The settings dialog: voice, rate, volume, tones, verbosity, pauses, theme and reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core.reminders import (
    DAYS,
    EVERY_DAY,
    MAX_SNOOZE_MINUTES,
    PAUSE_HOURS,
    ReminderSettings,
    ReminderTime,
    parse_time_of_day,
)
from stretchapp.core.routine import Routine
from stretchapp.gui.a11y import describe, name_popups
from stretchapp.gui.history_view import OCCASIONAL
from stretchapp.gui.rows import RowsCombo
from stretchapp.settings import (
    MAX_CRAMP_THRESHOLD,
    MAX_PAUSE_SECONDS,
    MAX_RATE,
    MIN_RATE,
    Settings,
    reminder_settings,
    updated,
)

VERBOSITY_LABELS = (
    ("full", "Full: names, counts and encouragement"),
    ("minimal", "Minimal: phase changes only"),
    ("countdown", "Countdown: numbers and tones only"),
)
THEME_LABELS = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
OWN = -1  # the spin boxes' special value: the routine's own length


def parse_times(text: str) -> tuple[list[dt.time], list[str]]:
    """ "09:00, 14:00 21:00" -> the times, sorted without repeats, and the words that are not."""
    good: set[dt.time] = set()
    bad: list[str] = []
    for word in text.replace(",", " ").split():
        at = parse_time_of_day(word)
        if at is None:
            bad.append(word)
        else:
            good.add(at)
    return sorted(good), bad


def times_text(times: Sequence[ReminderTime]) -> str:
    """The times as the editor shows them: "09:00, 14:00"."""
    return ", ".join(f"{t.at:%H:%M}" for t in sorted(times, key=lambda t: t.at) if t.enabled)


def _pause_box(value: float | None, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(OWN, int(MAX_PAUSE_SECONDS))
    box.setSpecialValueText("as the routine says")
    box.setSuffix(" s")
    box.setValue(OWN if value is None else round(value))
    box.setAccessibleName(name)
    return box


def _form_page(rows: Sequence[tuple[str, QWidget]]) -> QWidget:
    """One section of the dialog: captions with their mnemonics, and full-width rows."""
    page = QWidget()
    form = QFormLayout(page)
    form.setContentsMargins(16, 16, 16, 16)
    form.setVerticalSpacing(12)
    form.setHorizontalSpacing(18)
    for text, widget in rows:
        if text:
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        else:
            form.addRow(widget)
    return page


class SettingsDialog(QDialog):
    """Edits a copy of the settings; settings() gives the result."""

    test_voice_requested = Signal(object)  # the settings as shown: say something with them
    pause_reminders_requested = Signal(int)  # hours; 0: the rest of today (at once, not on OK)

    def __init__(
        self,
        settings: Settings,
        voices: Sequence[tuple[str, str, Sequence[str]]],
        parent: QWidget | None = None,
        *,
        routines: Sequence[Routine] = (),
    ) -> None:
        """routines: the daily routines whose reminder times can be edited, the tray's first."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setModal(True)
        self._original = settings

        self.voice = RowsCombo()
        self.voice.setAccessibleName("Voice")
        self.voice.addItem("System default", None)
        for voice_id, name, languages in voices:
            langs = f" ({', '.join(languages)})" if languages else ""
            self.voice.addItem(f"{name}{langs}", voice_id)
        index = self.voice.findData(settings.voice)
        if index < 0 and settings.voice is not None:
            self.voice.addItem(f"{settings.voice} (not installed)", settings.voice)
            index = self.voice.count() - 1
        self.voice.setCurrentIndex(max(0, index))

        self.rate = QSpinBox()
        self.rate.setRange(MIN_RATE, MAX_RATE)
        self.rate.setSingleStep(5)
        self.rate.setSuffix(" words a minute")
        self.rate.setValue(settings.rate)
        self.rate.setAccessibleName("Speaking rate")

        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(round(settings.volume * 100))
        self.volume.setAccessibleName("Voice volume")

        self.tones = QCheckBox("Play tones at phase changes and the last seconds")
        self.tones.setChecked(settings.tones)
        self.tone_volume = QSlider(Qt.Orientation.Horizontal)
        self.tone_volume.setRange(0, 100)
        self.tone_volume.setValue(round(settings.tone_volume * 100))
        self.tone_volume.setAccessibleName("Tone volume")
        self.muted = QCheckBox("Mute all sound (M)")
        self.muted.setChecked(settings.muted)
        self.screen_reader = QCheckBox(
            "Tell a screen reader every phase, even when the voice speaks"
        )
        self.screen_reader.setChecked(settings.screen_reader)

        self.verbosity = RowsCombo()
        self.verbosity.setAccessibleName("Cue verbosity")
        for value, label in VERBOSITY_LABELS:
            self.verbosity.addItem(label, value)
        self.verbosity.setCurrentIndex(max(0, self.verbosity.findData(settings.verbosity)))

        self.prepare = _pause_box(settings.prepare_seconds, "Get-ready seconds")
        self.switch = _pause_box(settings.switch_seconds, "Switch-sides seconds")

        self.theme = RowsCombo()
        self.theme.setAccessibleName("Theme")
        for value, label in THEME_LABELS:
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))

        # reminders: each daily routine's times, its file's unless the user wrote their own
        chosen = reminder_settings(settings)
        self._routines = {r.id: r for r in routines}
        # routine id -> (the times as typed, the days ticked): kept while another is shown
        self._edits: dict[str, tuple[str, frozenset[int]]] = {}
        for index, routine in enumerate(routines):
            shown = chosen.routine_times(routine.id, routine.schedule, primary=index == 0)
            days_in_use = frozenset().union(*(t.days for t in shown)) if shown else EVERY_DAY
            self._edits[routine.id] = (times_text(shown), days_in_use)
        self.reminders_on = QCheckBox(
            f"Remind me to do {routines[0].title}"
            if len(routines) == 1
            else "Remind me of my daily routines"
        )
        self.reminders_on.setChecked(chosen.enabled)
        self.reminders_on.setAccessibleName("Reminders")
        self.reminder_routine = RowsCombo()
        self.reminder_routine.setAccessibleName("The daily routine whose reminder times show")
        for routine in routines:
            self.reminder_routine.addItem(routine.title, routine.id)
        self.reminder_routine.setEnabled(len(routines) > 1)
        self._shown_routine: str | None = routines[0].id if routines else None
        self.times = QLineEdit()
        self.times.setPlaceholderText("09:00, 14:00, 21:00")
        self.times.setAccessibleName("Reminder times, HH:MM separated by commas")
        self.times.textChanged.connect(self._on_times_text_changed)
        self.days: list[QCheckBox] = []
        days_row = QHBoxLayout()
        for name in DAYS:
            box = QCheckBox(name.capitalize())
            box.setAccessibleName(f"Remind on {name.capitalize()}")
            self.days.append(box)
            days_row.addWidget(box)
        days_row.setSpacing(10)
        days_row.addStretch(1)
        self.days_widget = QWidget()
        self.days_widget.setLayout(days_row)
        days_row.setContentsMargins(0, 0, 0, 0)
        self.times.setEnabled(bool(routines))
        self.days_widget.setEnabled(bool(routines))
        # pausing is not a setting: it acts at once, as the tray's and a notification's do
        self.pause_buttons: list[QPushButton] = []
        pause_row = QHBoxLayout()
        pause_row.setContentsMargins(0, 0, 0, 0)
        for hours in PAUSE_HOURS:
            text = f"{hours} hour{'s' if hours > 1 else ''}"
            self._pause_button(pause_row, hours, text, f"Pause reminders for {text}")
        self._pause_button(pause_row, 0, "Rest of today", "Pause reminders for the rest of today")
        pause_row.addStretch(1)
        self.pause_widget = QWidget()
        self.pause_widget.setLayout(pause_row)
        self.pause_widget.setEnabled(reminder_settings(settings).enabled)
        self.snooze = QSpinBox()
        self.snooze.setRange(1, MAX_SNOOZE_MINUTES)
        self.snooze.setSuffix(" min")
        self.snooze.setValue(chosen.snooze_minutes)
        self.snooze.setAccessibleName("Snooze length")
        self.start_on_login = QCheckBox("Start stretchapp when I log in")
        self.start_on_login.setChecked(settings.start_on_login)
        self.start_on_login.setAccessibleName("Start on login")
        self.cramp_threshold = QSpinBox()
        self.cramp_threshold.setRange(1, MAX_CRAMP_THRESHOLD)
        self.cramp_threshold.setValue(settings.cramp_threshold)
        self.cramp_threshold.setPrefix("more than ")
        self.cramp_threshold.setSuffix(" cramps in 7 days")
        self.cramp_threshold.setAccessibleName("Mention a doctor after this many cramps a week")
        self.threshold_note = QLabel(
            "This number is the program's own choice: the articles give none, they say to see "
            f"your doctor if leg cramps become “{OCCASIONAL}”."
        )
        self.threshold_note.setProperty("role", "muted")
        self.threshold_note.setWordWrap(True)
        describe(self.threshold_note, "About the cramp diary's number")
        self.times_problem = QLabel()
        self.times_problem.setProperty("role", "muted")
        describe(self.times_problem, "Reminder times problem")
        self.times_problem.hide()

        self.test_voice_button = QPushButton("Test voice")
        self.test_voice_button.setAccessibleName(
            "Test voice: say a sentence with this voice, rate and volume"
        )
        self.test_voice_button.setAutoDefault(False)
        self.test_voice_button.clicked.connect(self._on_test_voice_button_clicked)
        note = QLabel("Relief routines always start at once, with no get-ready countdown.")
        note.setProperty("role", "muted")
        note.setWordWrap(True)

        # three sections, each short enough for a 1366×768 screen
        self.sections = QTabWidget()
        self.sections.setAccessibleName("Settings sections")
        sound: list[tuple[str, QWidget]] = [
            ("&Voice", self.voice),
            ("&Rate", self.rate),
            ("V&olume", self.volume),
            ("", self.test_voice_button),
            ("", self.tones),
            ("Tone vol&ume", self.tone_volume),
            ("", self.muted),
            ("", self.screen_reader),
        ]
        sessions: list[tuple[str, QWidget]] = [
            ("Cues", self.verbosity),
            ("&Get ready", self.prepare),
            ("&Switch sides", self.switch),
            ("", note),
            ("&Theme", self.theme),
        ]
        reminders: list[tuple[str, QWidget]] = [
            ("", self.reminders_on),
            ("Rout&ine", self.reminder_routine),
            ("Ti&mes", self.times),
            ("", self.times_problem),
            ("Days", self.days_widget),
            ("S&nooze", self.snooze),
            ("Pause", self.pause_widget),
            ("", self.start_on_login),
            ("Cramp &diary", self.cramp_threshold),
            ("", self.threshold_note),  # the number is ours, not the articles'
        ]
        for title, rows in (
            ("Sound", sound),
            ("Sessions", sessions),
            ("Reminders and diary", reminders),
        ):
            self.sections.addTab(_form_page(rows), title)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        self._show_routine_times()
        self.reminder_routine.currentIndexChanged.connect(self._on_reminder_routine_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.sections)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)
        name_popups(self)

    def _pause_button(self, row: QHBoxLayout, hours: int, text: str, name: str) -> None:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._on_pause_button_clicked(hours))
        row.addWidget(button)
        self.pause_buttons.append(button)

    def _on_pause_button_clicked(self, hours: int) -> None:
        self.pause_reminders_requested.emit(hours)
        self.pause_widget.setEnabled(False)  # done: the tray's Pause undoes nothing either

    @Slot()
    def _on_test_voice_button_clicked(self) -> None:
        self.test_voice_requested.emit(self.settings())

    @property
    def ok_button(self) -> QWidget:
        """The OK button (disabled while a reminder time cannot be read)."""
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _on_times_text_changed(self, text: str) -> None:
        _, bad = parse_times(text)
        self.times_problem.setText("Not a time of day (HH:MM): " + ", ".join(bad) if bad else "")
        self.times_problem.setVisible(bool(bad))
        self.ok_button.setEnabled(not bad)
        self.reminder_routine.setEnabled(not bad and len(self._routines) > 1)  # fix it first

    def _keep_routine_times(self) -> None:
        """Keep what the fields show for the routine they show."""
        if self._shown_routine is not None:
            days = frozenset(i for i, box in enumerate(self.days) if box.isChecked())
            self._edits[self._shown_routine] = (self.times.text(), days)

    def _show_routine_times(self) -> None:
        text, days = self._edits.get(self._shown_routine or "", ("", EVERY_DAY))
        self.times.setText(text)
        for index, box in enumerate(self.days):
            box.setChecked(index in days)

    @Slot(int)
    def _on_reminder_routine_changed(self, index: int) -> None:
        self._keep_routine_times()
        self._shown_routine = str(self.reminder_routine.itemData(index))
        self._show_routine_times()

    def reminder_settings(self) -> ReminderSettings:
        """The reminders as the dialog shows them: a routine whose times are its file's
        (every day) is left to follow its file."""
        original = reminder_settings(self._original)
        if not self._routines:  # nothing to edit: the times stay as they were
            return replace(
                original, enabled=self.reminders_on.isChecked(), snooze_minutes=self.snooze.value()
            )
        self._keep_routine_times()
        schedules = {
            routine: own
            for routine, own in original.schedules.items()
            if routine not in self._routines  # a routine not loaded now keeps its times
        }
        for routine, (text, days) in self._edits.items():
            parsed, _ = parse_times(text)
            if days != EVERY_DAY or parsed != sorted(set(self._routines[routine].schedule)):
                schedules[routine] = tuple(ReminderTime(at, days) for at in parsed)
        return ReminderSettings(
            enabled=self.reminders_on.isChecked(),
            routine=original.routine,
            times=None,  # each routine's own are in schedules now
            snooze_minutes=self.snooze.value(),
            schedules=schedules,
        )

    def settings(self) -> Settings:
        """The settings as the dialog shows them."""
        voice = self.voice.currentData()
        return updated(
            self._original,
            voice=None if voice is None else str(voice),
            rate=self.rate.value(),
            volume=self.volume.value() / 100,
            tones=self.tones.isChecked(),
            tone_volume=self.tone_volume.value() / 100,
            muted=self.muted.isChecked(),
            screen_reader=self.screen_reader.isChecked(),
            verbosity=str(self.verbosity.currentData()),
            prepare_seconds=None if self.prepare.value() == OWN else float(self.prepare.value()),
            switch_seconds=None if self.switch.value() == OWN else float(self.switch.value()),
            theme=str(self.theme.currentData()),
            reminders=self.reminder_settings().to_json(),
            start_on_login=self.start_on_login.isChecked(),
            cramp_threshold=self.cramp_threshold.value(),
        )
