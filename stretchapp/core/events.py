"""The `--events FILE` writer: one JSON object a line, flushed as it happens."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from stretchapp.core.session_events import (
    CueDue,
    EaseAnswered,
    EaseAsked,
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


def _seconds(value: float) -> float:
    return round(value, 3)


def event_to_json(event: Event) -> dict[str, Any]:
    """The JSON object of docs/interfaces.md section 3 for one event."""
    head: dict[str, Any] = {"t": _seconds(event.t)}
    match event:
        case SessionStarted():
            body: dict[str, Any] = {
                "event": "session_start",
                "routine": event.routine,
                "wall": event.wall,
            }
        case PhaseStarted():
            body = {
                "event": "phase_start",
                "phase": event.phase.value,
                "exercise": event.exercise,
                "step": event.step,
                "rep": event.rep,
                "reps": event.reps,
                "side": None if event.side is None else event.side.value,
                "seconds": event.seconds,
                "index": event.index,
            }
        case PhaseEnded():
            body = {
                "event": "phase_end",
                "phase": event.phase.value,
                "index": event.index,
                "skipped": event.skipped,
            }
        case CueDue():
            body = {"event": "cue", "text": event.text, "kind": event.kind.value}
        case Paused():
            body = {"event": "paused", "reason": event.reason}
        case Resumed():
            body = {"event": "resumed", "paused_seconds": _seconds(event.paused_seconds)}
        case Skipped():
            body = {
                "event": "skipped",
                "action": event.action,
                "from": event.from_index,
                "to": event.to_index,
            }
        case Extended():
            body = {"event": "extended", "index": event.index, "seconds": event.seconds}
        case Escalated():
            body = {"event": "escalated", "after": event.after}
        case EaseAsked():
            body = {"event": "ease_asked"}
        case EaseAnswered():
            body = {"event": "ease_answered", "eased": event.eased}
        case SessionEnded():
            body = {"event": "session_end", "completed": event.completed}
    # "event" first, then its fields, then when it was planned: the order of the examples.
    return {**head, **body, "planned": _seconds(event.planned)}


class EventWriter:
    """Writes events to a file, one JSON line each, flushed at once so a crash loses nothing."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._file: IO[str] = self.path.open("w", encoding="utf-8")

    def write(self, event: Event) -> None:
        """Write one event and flush it."""
        self._file.write(json.dumps(event_to_json(event), ensure_ascii=False) + "\n")
        self._file.flush()

    def write_all(self, events: list[Event]) -> None:
        """Write events in order."""
        for event in events:
            self.write(event)

    def close(self) -> None:
        """Close the file."""
        self._file.close()

    def __enter__(self) -> EventWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
