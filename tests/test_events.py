"""The events file: one JSON object a line, in the format of docs/interfaces.md section 3."""

from __future__ import annotations

import json
from pathlib import Path

from stretchapp.core.cues import CueKind
from stretchapp.core.events import EventWriter, event_to_json
from stretchapp.core.routine import Category, Routine, Side, Sides, Step, StepKind
from stretchapp.core.session import Session
from stretchapp.core.session_events import (
    CueDue,
    Escalated,
    Event,
    Extended,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SessionEnded,
    SessionStarted,
    Skipped,
)
from stretchapp.core.timeline import PhaseKind, compile_routine


def test_the_documented_lines() -> None:
    assert event_to_json(SessionStarted(0.0, 0.0, "calf-cramp", 1795334485.206)) == {
        "t": 0.0,
        "event": "session_start",
        "routine": "calf-cramp",
        "wall": 1795334485.206,
        "planned": 0.0,
    }
    started = PhaseStarted(5.0021, 5.0, 1, PhaseKind.HOLD, "calf-lunge", 0, 1, 5, None, 30.0)
    line = event_to_json(started)
    assert line["t"] == 5.002
    assert {k: line[k] for k in ("event", "phase", "exercise", "step", "rep", "reps", "side")} == {
        "event": "phase_start",
        "phase": "hold",
        "exercise": "calf-lunge",
        "step": 0,
        "rep": 1,
        "reps": 5,
        "side": None,
    }
    assert line["planned"] == 5.0
    cue = event_to_json(
        CueDue(5.004, 5.0, "Calf lunge. Push your heel to the floor.", CueKind.START, 1)
    )
    assert cue == {
        "t": 5.004,
        "event": "cue",
        "text": "Calf lunge. Push your heel to the floor.",
        "kind": "start",
        "planned": 5.0,
    }


def test_every_event_has_a_name_t_and_planned() -> None:
    events: list[Event] = [
        SessionStarted(0.0, 0.0, "r", None),
        PhaseStarted(1.0, 1.0, 0, PhaseKind.HOLD, "x", 0, 1, 1, Side.LEFT, 5.0),
        PhaseEnded(2.0, 2.0, 0, PhaseKind.HOLD, skipped=True),
        CueDue(1.0, 1.0, "Hold", CueKind.START, 0),
        Paused(3.0, 3.0, "user"),
        Resumed(4.0, 4.0, 1.0),
        Skipped(5.0, 5.0, "next", 0, 1),
        Extended(6.0, 6.0, 1, 15.0),
        Escalated(600.0, 600.0, 600.0),
        SessionEnded(7.0, 7.0, completed=False),
    ]
    names = [event_to_json(event)["event"] for event in events]
    assert names == [
        "session_start",
        "phase_start",
        "phase_end",
        "cue",
        "paused",
        "resumed",
        "skipped",
        "extended",
        "escalated",
        "session_end",
    ]
    assert event_to_json(events[1])["side"] == "left"
    assert event_to_json(events[4])["reason"] == "user"
    assert event_to_json(events[-1])["completed"] is False
    for event in events:
        line = event_to_json(event)
        assert list(line)[:2] == ["t", "event"]
        assert "planned" in line
        json.dumps(line)


def test_writer_writes_a_flushed_line_per_event(tmp_path: Path) -> None:
    routine = Routine(
        id="calf",
        title="Calf",
        category=Category.RELIEF,
        steps=(Step("calf-lunge", StepKind.HOLD, seconds=3, reps=2, sides=Sides.BOTH),),
    )
    session = Session(compile_routine(routine), {})
    path = tmp_path / "events.jsonl"
    with EventWriter(path) as writer:
        writer.write_all(session.start(100.0, wall=1.7e9))
        # flushed: readable before the writer closes
        first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        assert first == {
            "t": 0.0,
            "event": "session_start",
            "routine": "calf",
            "wall": 1.7e9,
            "planned": 0.0,
        }
        now = 100.0
        while session.active:
            wake = session.next_wakeup()
            assert wake is not None
            now = wake
            for event in session.advance_to(now):
                writer.write(event)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[-1]["event"] == "session_end"
    assert lines[-1]["completed"] is True
    phases = [line for line in lines if line["event"] == "phase_start"]
    assert [(p["phase"], p["side"]) for p in phases] == [
        ("hold", "left"),
        ("hold", "left"),
        ("switch", "right"),
        ("hold", "right"),
        ("hold", "right"),
    ]
    assert all(line["t"] == line["planned"] for line in lines)
