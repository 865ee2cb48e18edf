"""Start on login: the XDG autostart entry is written and removed."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stretchapp.gui import autostart
from stretchapp.gui.app import build
from stretchapp.settings import load_settings, updated


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config


def test_entry_written_and_removed(xdg: Path) -> None:
    path = autostart.entry_path()
    assert path == xdg / "autostart" / "io.github.stretchapp.StretchApp.desktop"
    assert not autostart.enabled()
    autostart.enable(["/opt/stretch app/bin/stretchapp"])
    assert autostart.enabled()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    assert "Exec='/opt/stretch app/bin/stretchapp' gui\n" in text
    assert "Type=Application\n" in text
    assert "Icon=io.github.stretchapp.StretchApp\n" in text
    autostart.disable()
    assert not path.exists()
    autostart.disable()  # removing twice is fine


def test_percent_signs_are_doubled() -> None:
    assert "Exec=/x%%y/stretchapp gui" in autostart.entry_text(["/x%y/stretchapp", "gui"])


def test_the_command_is_a_runnable_program() -> None:
    argv = autostart.command()
    assert Path(argv[0]).is_absolute()


def test_the_setting_writes_the_entry(qtbot: QtBot, xdg: Path, stretchapp_home: Path) -> None:
    del xdg
    app = build(
        argparse.Namespace(),
        settings_file=stretchapp_home / "settings.json",
        speech_factory=None,
        voices=lambda: [],
        record=False,
        tray_available=False,
    )
    qtbot.addWidget(app.window)
    dialog = app.settings.settings_dialog()
    dialog.start_on_login.setChecked(True)
    app.settings.apply_settings(dialog.settings())
    dialog.deleteLater()
    assert autostart.enabled()
    assert load_settings(app.settings.path).settings.start_on_login
    app.settings.apply_settings(updated(app.settings.current, start_on_login=False))
    assert not autostart.enabled()
    app.window.close()
