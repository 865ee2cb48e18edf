"""Issue 15 section 4: a failing events file (/dev/full, a full disk) stops only itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hostile import add_brief_routine, quiet_window, run_stretchapp
from pytestqt.qtbot import QtBot
from stubs import FakeClock

from stretchapp.core.events import EventWriter
from stretchapp.core.session_events import SessionEnded, SessionStarted
from stretchapp.history import HistoryStore
from stretchapp.terminal.runner import Fanout

FULL = Path("/dev/full")
pytestmark = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")


class Sink:
    def __init__(self) -> None:
        self.seen: list[object] = []

    def write(self, event: object) -> None:
        self.seen.append(event)


def test_the_writer_stops_itself_and_says_why() -> None:
    told: list[str] = []
    writer = EventWriter(FULL, on_error=told.append)
    writer.write(SessionStarted(0.0, 0.0, "x"))
    writer.write(SessionEnded(1.0, 1.0, True))
    writer.close()
    assert len(told) == 1
    assert "cannot write events to /dev/full" in told[0]
    assert isinstance(writer.error, OSError)


def test_without_a_listener_the_first_failure_is_raised_once_and_close_is_quiet() -> None:
    writer = EventWriter(FULL)
    with pytest.raises(OSError, match="No space left"):
        writer.write(SessionStarted(0.0, 0.0, "x"))
    writer.write(SessionEnded(1.0, 1.0, True))
    writer.close()


def test_the_fanout_drops_only_the_failing_sink() -> None:
    told: list[str] = []
    history = Sink()
    fanout = Fanout(EventWriter(FULL), history, notify=told.append)
    fanout.write(SessionStarted(0.0, 0.0, "x"))
    fanout.write(SessionEnded(1.0, 1.0, True))
    assert len(history.seen) == 2
    assert len(told) == 1
    assert fanout.sinks == [history]


BRIEF = (
    "title: Brief\ncategory: workout\nprepare: 0s\nsteps:\n  - exercise: calf-lunge\n    hold: 1s\n"
)


def test_run_with_events_to_dev_full_records_the_session(stretchapp_home: Path) -> None:
    # at speed 1, the only speed that records: the whole sink went, history included
    add_brief_routine(stretchapp_home)
    done = run_stretchapp("run", "brief", "--mute", "--events", str(FULL), home=stretchapp_home)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "cannot write events" in done.stdout
    with HistoryStore(stretchapp_home / "history.sqlite3") as store:
        (session,) = store.sessions()
    assert session.completed


def test_the_window_says_so_and_goes_on(qtbot: QtBot, stretchapp_home: Path) -> None:
    clock = FakeClock()
    now = dt.datetime.now(dt.UTC)
    app = quiet_window(stretchapp_home, now, clock=clock, events=EventWriter(FULL))
    qtbot.addWidget(app.window)
    try:
        assert app.start_routine("wall-lean-daily")
        clock.advance(30.0)
        app.driver.tick()
        assert any("cannot write events" in text for text in app.window.notices.texts())
        assert app.driver.session is not None
    finally:
        app.window.close()
