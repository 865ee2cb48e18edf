"""The cramp chooser: a button a muscle of the one muscle list, in the order of the keys."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from stretchapp.gui.cramp_view import CrampView


def test_the_buttons_keys_and_missing_muscles(qtbot: QtBot) -> None:
    view = CrampView()
    qtbot.addWidget(view)
    assert [b.text() for b in view.buttons.values()] == [
        "1   Calf",
        "2   Front of thigh",
        "3   Back of thigh",
        "4   Foot",
    ]
    assert view.buttons["quad"].accessibleName() == "2: Front of thigh cramp"
    view.set_available({"calf", "foot"})
    assert view.missing.text() == "No relief routine loaded for: front of thigh, back of thigh."
    chosen: list[str] = []
    view.muscle_chosen.connect(chosen.append)
    assert not view.choose(2)
    assert not view.choose(5)
    assert view.choose(4)
    assert chosen == ["foot"]
