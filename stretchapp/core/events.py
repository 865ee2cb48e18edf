"""The `--events FILE` writer: one JSON object a line, flushed as it happens."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
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
    """Writes events to a file, one JSON line each, flushed at once so a crash loses nothing.

    A file that fails (a full disk, ``/dev/full``) stops only itself: the first failed write
    closes it and is reported, by ``on_error`` when set, else as the OSError it was (once);
    later writes do nothing and ``close`` never raises. ``error`` keeps what went wrong.
    """

    def __init__(self, path: Path | str, *, on_error: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        self.on_error = on_error
        self.error: OSError | None = None
        self._file: IO[str] | None = self.path.open("w", encoding="utf-8")

    def write(self, event: Event) -> None:
        """Write one event and flush it."""
        if self._file is None:
            return
        try:
            self._file.write(json.dumps(event_to_json(event), ensure_ascii=False) + "\n")
            self._file.flush()
        except OSError as error:
            self._fail(error)

    def _fail(self, error: OSError) -> None:
        self.error = error
        broken, self._file = self._file, None
        if broken is not None:
            with contextlib.suppress(OSError):  # what is buffered cannot be written either
                broken.close()
        if self.on_error is None:
            raise error
        reason = error.strerror or str(error)
        self.on_error(f"cannot write events to {self.path}: {reason}; the session goes on")

    def write_all(self, events: list[Event]) -> None:
        """Write events in order."""
        for event in events:
            self.write(event)

    def close(self) -> None:
        """Close the file; a failure to write its last bytes is kept in ``error``, not raised."""
        if self._file is None:
            return
        file, self._file = self._file, None
        try:
            file.close()
        except OSError as error:
            self.error = error
            if self.on_error is not None:
                self.on_error(f"cannot write events to {self.path}: {error.strerror or error}")

    def __enter__(self) -> EventWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
