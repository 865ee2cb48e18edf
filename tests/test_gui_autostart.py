"""Start on login: the XDG autostart entry is written and removed."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

import pytest
from audio_fixtures import need
from pytestqt.qtbot import QtBot
from test_packaging import unquote_exec  # the spec's reading of Exec, written once

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
    assert 'Exec="/opt/stretch app/bin/stretchapp" --background\n' in text
    assert "Type=Application\n" in text
    assert "Icon=io.github.stretchapp.StretchApp\n" in text
    autostart.disable()
    assert not path.exists()
    autostart.disable()  # removing twice is fine


def test_percent_signs_are_doubled() -> None:
    assert "Exec=/x%%y/stretchapp gui" in autostart.entry_text(["/x%y/stretchapp", "gui"])


@pytest.mark.parametrize(
    ("program", "written"),
    [
        ("/usr/bin/stretchapp", "/usr/bin/stretchapp"),  # nothing to quote: left bare
        ("/opt/stretch app/stretchapp", '"/opt/stretch app/stretchapp"'),
        ("/home/o'brien/stretchapp", '"/home/o\'brien/stretchapp"'),  # no shell quoting
        ('/opt/"new"/stretchapp', r'"/opt/\\"new\\"/stretchapp"'),
        ("/opt/a\\b/stretchapp", r'"/opt/a\\\\b/stretchapp"'),  # a backslash: four
        ("/opt/$x`y`/stretchapp", r'"/opt/\\$x\\`y\\`/stretchapp"'),
        ("/opt/50% off/stretchapp", '"/opt/50%% off/stretchapp"'),
        ("", '""'),
    ],
)
def test_an_exec_argument_is_quoted_by_the_desktop_entry_spec(program: str, written: str) -> None:
    assert autostart.exec_argument(program) == written
    assert unquote_exec(f"{written} gui") == [program, "gui"]


@pytest.mark.parametrize(
    "program",
    [
        "/opt/stretch app/bin/stretchapp",
        '/home/o\'brien/"my" apps/stretchapp',
        "/opt/$HOME `x` back\\slash/50%/stretchapp",
    ],
)
def test_the_entry_validates_with_an_awkward_program_path(xdg: Path, program: str) -> None:
    path = autostart.enable([program])
    (line,) = [x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("Exec=")]
    assert unquote_exec(line.removeprefix("Exec=")) == [program, "--background"]
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        need("desktop-file-validate is not installed (sudo apt-get install desktop-file-utils)")
    assert validate is not None
    done = subprocess.run([validate, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", done.stdout  # no hints either


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
