"""The row every benchmark reports: a value, its baseline from the same run, a target."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Row:
    """One measured figure."""

    name: str
    value: float
    unit: str
    baseline: float | None = None  # the same thing done by the simplest program, same run
    target: str = ""  # what we aim for, in words: "<= 1.2x", "< 1 s"
    ok: bool | None = None  # whether the target was met; None when there is none

    def line(self) -> str:
        """A line for the running log."""
        base = f" (baseline {self.baseline:.4g} {self.unit})" if self.baseline is not None else ""
        return f"{self.name}: {self.value:.4g} {self.unit}{base}"

    def table_line(self) -> str:
        """A line of the closing table."""
        base = f"{self.baseline:.4g}" if self.baseline is not None else "-"
        mark = {True: "yes", False: "NO", None: ""}[self.ok]
        value = f"{self.value:.4g} {self.unit}"
        return f"{self.name:<52} {value:>12} {base:>12} {self.target:>14}  {mark}"

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON."""
        return asdict(self)
