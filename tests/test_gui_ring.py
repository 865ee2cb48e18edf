"""The countdown ring: what it shows, when it repaints, how big its digits are."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from stretchapp.gui.a11y import install_roles
from stretchapp.gui.ring import MIN_DIGIT_PX, CountdownRing, displayed_whole, until_next_digit


@pytest.mark.parametrize(
    ("remaining", "whole", "until"),
    [(44.2, 45, 0.2), (45.0, 45, 1.0), (0.5, 1, 0.5), (29.0000001, 29, 1.0), (0.0, 0, math.inf)],
)
def test_the_shown_second_and_when_it_changes(remaining: float, whole: int, until: float) -> None:
    assert displayed_whole(remaining) == whole
    assert until_next_digit(remaining) == pytest.approx(until, abs=1e-6)


def test_repaints_only_when_the_shown_second_changes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(380, 380)
    ring.set_phase(30.0, 30.0, "", "Hold, 30 seconds")
    updates: list[None] = []
    monkeypatch.setattr(ring, "update", lambda: updates.append(None))
    assert ring.text == "0:30"
    changes = [ring.set_remaining(30.0 - k * 0.1) for k in range(1, 10)]  # 29.9 .. 29.1
    assert changes == [False] * 9
    assert updates == []
    assert ring.set_remaining(29.0)
    assert ring.text == "0:29"
    assert len(updates) == 1
    assert ring.accessibleName() == "Hold, 30 seconds"
    before = ring.paints
    ring.grab()
    assert ring.paints == before + 1


def test_digits_are_at_least_96_px_at_the_default_size(qtbot: QtBot) -> None:
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(ring.sizeHint())
    assert ring.digit_pixel_size() >= MIN_DIGIT_PX


def test_untimed_phase_shows_a_word(qtbot: QtBot) -> None:
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.set_phase(None, None, "Press Done", "Your turn, Massage")
    assert ring.text == "Press Done"
    ring.set_remaining(5.0)  # a stray call shows no digits in an untimed phase
    assert ring.text == "Press Done"
    ring.set_phase(30.0, 30.0, "", "Hold")
    assert ring.text == "0:30"


def test_the_seconds_left_are_in_the_rings_accessible_name_not_a_percentage(
    qtbot: QtBot,
) -> None:
    install_roles()
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.show()
    ring.set_phase(30.0, 30.0, "", "Hold, 30 seconds")
    ring.set_remaining(10.0)
    interface = QAccessible.queryAccessibleInterface(ring)
    assert interface.valueInterface() is None  # Orca would say "33 percent"
    assert interface.role() is QAccessible.Role.StaticText
    assert interface.text(QAccessible.Text.Name) == "10 seconds left; Hold, 30 seconds"
    ring.set_remaining(9.0)  # asked again: the time left now, with no event in between
    assert interface.text(QAccessible.Text.Name) == "9 seconds left; Hold, 30 seconds"
    assert ring.accessibleName() == "Hold, 30 seconds"  # unchanged: nothing is announced
    before = ring.refreshes
    for seconds in range(8, 0, -1):
        ring.set_remaining(float(seconds))
    assert ring.refreshes - before == 1  # at 5: caching readers told, not every second
    ring.set_paused(True)
    assert interface.text(QAccessible.Text.Name).startswith("Paused; 1 second left")
    ring.set_phase(None, None, "Press Done", "Your turn, Massage")
    assert interface.text(QAccessible.Text.Name) == "Paused; Your turn, Massage; Press Done"
    ring.set_paused(False)
    assert interface.text(QAccessible.Text.Name) == "Your turn, Massage; Press Done"
