"""make screenshots: every screen renders to a small PNG in both themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from stretchapp.gui.main_window import MIN_HEIGHT, MIN_WIDTH
from stretchapp.gui.screenshots import render


def test_renders_every_screen(
    qtbot: QtBot, tmp_path: Path, stretchapp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del qtbot, stretchapp_home  # a QApplication, and no real home touched
    written = render(tmp_path / "shots", ["dark"])
    names = sorted(p.name for p in written)
    sized = [
        f"{screen}-{size}-dark.png"
        for screen in ("cramp-relief", "history", "player-hold", "settings")
        for size in ("1366x768", "min")
    ]
    assert names == sorted(
        [
            "cramp-choose-dark.png",
            "cramp-escalated-dark.png",
            "cramp-relief-dark.png",
            "cramp-resume-dark.png",
            "editor-dark.png",
            "history-dark.png",
            "library-dark.png",
            "player-breath-dark.png",
            "player-hold-dark.png",
            "settings-dark.png",
            *sized,
        ]
    )
    laptop = QImage(str(tmp_path / "shots" / "player-hold-1366x768-dark.png"))
    assert (laptop.width(), laptop.height()) == (1366, 768)
    smallest = QImage(str(tmp_path / "shots" / "player-hold-min-dark.png"))
    assert (smallest.width(), smallest.height()) == (MIN_WIDTH, MIN_HEIGHT)
    settings = QImage(str(tmp_path / "shots" / "settings-min-dark.png"))
    assert settings.height() <= MIN_HEIGHT
    for path in written:
        image = QImage(str(path))
        assert not image.isNull()
        assert image.width() >= 400
        assert path.stat().st_size < 200_000
