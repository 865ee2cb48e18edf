"""The settings dialog: voice, rate, volume, tones, verbosity, pauses, theme and reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
    ReminderSettings,
    ReminderTime,
    parse_time_of_day,
)
from stretchapp.gui.a11y import describe, name_popups
from stretchapp.gui.history_view import OCCASIONAL
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

    def __init__(
        self,
        settings: Settings,
        voices: Sequence[tuple[str, str, Sequence[str]]],
        parent: QWidget | None = None,
        *,
        schedule: Sequence[dt.time] = (),
        routine_title: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setModal(True)
        self._original = settings

        self.voice = QComboBox()
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

        self.verbosity = QComboBox()
        self.verbosity.setAccessibleName("Cue verbosity")
        for value, label in VERBOSITY_LABELS:
            self.verbosity.addItem(label, value)
        self.verbosity.setCurrentIndex(max(0, self.verbosity.findData(settings.verbosity)))

        self.prepare = _pause_box(settings.prepare_seconds, "Get-ready seconds")
        self.switch = _pause_box(settings.switch_seconds, "Switch-sides seconds")

        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for value, label in THEME_LABELS:
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))

        # reminders: the daily routine's times unless the user wrote their own
        chosen = reminder_settings(settings)
        self._schedule = tuple(schedule)
        shown = chosen.editable_times(self._schedule)
        title = routine_title or "the daily routine"
        self.reminders_on = QCheckBox(f"Remind me to do {title}")
        self.reminders_on.setChecked(chosen.enabled)
        self.reminders_on.setAccessibleName("Reminders")
        self.times = QLineEdit(times_text(shown))
        self.times.setPlaceholderText("09:00, 14:00, 21:00")
        self.times.setAccessibleName("Reminder times, HH:MM separated by commas")
        self.times.textChanged.connect(self._on_times_text_changed)
        days_in_use = frozenset().union(*(t.days for t in shown)) if shown else EVERY_DAY
        self.days: list[QCheckBox] = []
        days_row = QHBoxLayout()
        for index, name in enumerate(DAYS):
            box = QCheckBox(name.capitalize())
            box.setChecked(index in days_in_use)
            box.setAccessibleName(f"Remind on {name.capitalize()}")
            self.days.append(box)
            days_row.addWidget(box)
        days_row.setSpacing(10)
        days_row.addStretch(1)
        self.days_widget = QWidget()
        self.days_widget.setLayout(days_row)
        days_row.setContentsMargins(0, 0, 0, 0)
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
            ("T&imes", self.times),
            ("", self.times_problem),
            ("Days", self.days_widget),
            ("S&nooze", self.snooze),
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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.sections)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)
        name_popups(self)

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

    def reminder_settings(self) -> ReminderSettings:
        """The reminders as the dialog shows them; the routine's own times stay None."""
        original = reminder_settings(self._original)
        days = frozenset(i for i, box in enumerate(self.days) if box.isChecked())
        parsed, _ = parse_times(self.times.text())
        times: tuple[ReminderTime, ...] | None = tuple(ReminderTime(at, days) for at in parsed)
        if days == EVERY_DAY and parsed == sorted(set(self._schedule)):
            times = None  # follow the routine's schedule if it changes
        return ReminderSettings(
            enabled=self.reminders_on.isChecked(),
            routine=original.routine,
            times=times,
            snooze_minutes=self.snooze.value(),
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
