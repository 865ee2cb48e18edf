"""The terminal shell: `stretchapp run` and `stretchapp cramp --no-gui`.

- screen.py: the lines and the status line
- runner.py: follows one session, carries out the announcement policy, and `drive`, the loop
- waiting.py: waiting for a deadline, a key or a signal (a selector, or a Qt loop for the voice)
- run.py: `run_session`, which sets the terminal, the voice and the history up and runs
"""

from stretchapp.terminal.run import run_session
from stretchapp.terminal.runner import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    KEY_HELP,
    EventSink,
    Fanout,
    Runner,
    Speaker,
    drive,
)
from stretchapp.terminal.screen import Screen
from stretchapp.terminal.waiting import QtWaiter, SelectWaiter, Waiter, Wake

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "KEY_HELP",
    "EventSink",
    "Fanout",
    "QtWaiter",
    "Runner",
    "Screen",
    "SelectWaiter",
    "Speaker",
    "Waiter",
    "Wake",
    "drive",
    "run_session",
]
