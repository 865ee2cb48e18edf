"""The settings dialog: voice, rate, volume, tones, verbosity, pauses and theme."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stretchapp.settings import MAX_PAUSE_SECONDS, MAX_RATE, MIN_RATE, Settings, updated

VERBOSITY_LABELS = (
    ("full", "Full: names, counts and encouragement"),
    ("minimal", "Minimal: phase changes only"),
    ("countdown", "Countdown: numbers and tones only"),
)
THEME_LABELS = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
OWN = -1  # the spin boxes' special value: the routine's own length


def _pause_box(value: float | None, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(OWN, int(MAX_PAUSE_SECONDS))
    box.setSpecialValueText("as the routine says")
    box.setSuffix(" s")
    box.setValue(OWN if value is None else round(value))
    box.setAccessibleName(name)
    return box


class SettingsDialog(QDialog):
    """Edits a copy of the settings; settings() gives the result."""

    def __init__(
        self,
        settings: Settings,
        voices: Sequence[tuple[str, str, Sequence[str]]],
        parent: QWidget | None = None,
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
        self.tones.setAccessibleName("Tones")
        self.tone_volume = QSlider(Qt.Orientation.Horizontal)
        self.tone_volume.setRange(0, 100)
        self.tone_volume.setValue(round(settings.tone_volume * 100))
        self.tone_volume.setAccessibleName("Tone volume")
        self.muted = QCheckBox("Mute all sound (M)")
        self.muted.setChecked(settings.muted)
        self.muted.setAccessibleName("Mute")

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

        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.setHorizontalSpacing(18)
        rows: list[tuple[str, QWidget]] = [
            ("&Voice", self.voice),
            ("&Rate", self.rate),
            ("V&olume", self.volume),
            ("", self.tones),
            ("Tone vol&ume", self.tone_volume),
            ("", self.muted),
            ("Cues", self.verbosity),
            ("&Get ready", self.prepare),
            ("&Switch sides", self.switch),
            ("&Theme", self.theme),
        ]
        for text, widget in rows:
            if text:
                caption = QLabel(text)
                caption.setBuddy(widget)
                form.addRow(caption, widget)
            else:
                form.addRow(widget)
        note = QLabel("Relief routines always start at once, with no get-ready countdown.")
        note.setProperty("role", "muted")
        note.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

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
            verbosity=str(self.verbosity.currentData()),
            prepare_seconds=None if self.prepare.value() == OWN else float(self.prepare.value()),
            switch_seconds=None if self.switch.value() == OWN else float(self.switch.value()),
            theme=str(self.theme.currentData()),
        )
