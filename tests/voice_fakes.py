"""A speech service for the shells' tests that records every call, in order."""

from __future__ import annotations

from typing import Any


class RecordingVoice:
    """A speech service that records what it is asked, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    def prepare(self, texts: Any) -> None:
        del texts

    def say(self, text: str, *, patience: float | None = None) -> None:
        self.calls.append(("say", text) if patience is None else ("say", text, str(patience)))

    def tone(self, kind: Any) -> None:
        self.calls.append(("tone", f"{type(kind).__name__}.{kind}"))

    def cut(self) -> None:
        self.calls.append(("cut",))

    def shutdown(self) -> None:
        pass
