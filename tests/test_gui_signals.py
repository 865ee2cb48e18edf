"""Ctrl-C and SIGTERM reach the window through a socket, and the old handlers come back."""

from __future__ import annotations

import signal

from pytestqt.qtbot import QtBot

from stretchapp.gui.signals import QuitOnSignal


def test_sigterm_closes_the_window_cleanly(qtbot: QtBot) -> None:
    closed: list[bool] = []
    quitter = QuitOnSignal(lambda: closed.append(True))
    try:
        signal.raise_signal(signal.SIGTERM)
        qtbot.waitUntil(lambda: closed == [True])
    finally:
        quitter.restore()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
