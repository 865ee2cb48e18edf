"""What the editor holds: a routine as the text of its fields, before the loader checks it.

No widget is needed to use it. A draft becomes the keys of a file (`values`), which the
strict loader checks; a routine becomes a draft through the writer's own rendering, so
the editor and the files say every value the same way.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from stretchapp.core import spec
from stretchapp.core.routine import Routine
from stretchapp.routine_files import routine_values, step_values

# The routine's keys the editor shows; the others (sources, relief settings, pauses) are kept.
SHOWN = ("title", "category", "summary", "prepare", "schedule", "steps")
_STEP_SHOWN = ("exercise", *spec.TIMING_KEYS, "reps", "repeat_for", "rest", "sides")
DEFAULT_HOLD = "30s"
# the step's fields the editor shows, by the name its problems are filed under
STEP_FIELDS = ("exercise", "amount", "reps", "repeat_for", "rest", "sides")
_STEP_KEY = re.compile(r"^steps\[(\d+)\](?:\.(\w+))?")


@dataclass
class StepDraft:
    """One step as the editor's fields hold it."""

    exercise: str
    timing: str = "hold"  # one of spec.TIMING_KEYS
    amount: str = DEFAULT_HOLD  # the timing key's value; unused for manual
    reps: int = 1
    repeat_for: str = ""
    rest: str = ""
    sides: str = "none"
    kept: dict[str, Any] = field(default_factory=dict)  # keys the editor does not show

    def values(self) -> dict[str, Any]:
        """The step's keys as a file holds them, in the spec's order."""
        out: dict[str, Any] = {"exercise": self.exercise, **self.kept}
        out[self.timing] = True if self.timing == "manual" else self.amount.strip()
        if self.repeat_for.strip():
            out["repeat_for"] = self.repeat_for.strip()
        elif self.reps != spec.STEP.by_name["reps"].default:
            out["reps"] = self.reps
        if self.rest.strip():
            out["rest"] = self.rest.strip()
        if self.sides != spec.STEP.by_name["sides"].default:
            out["sides"] = self.sides
        if self.timing != "manual":
            out.pop("suggested", None)  # only a manual step may say it
        return {name: out[name] for name in spec.STEP.names if name in out}


@dataclass
class RoutineDraft:
    """A routine as the editor's fields hold it; `id` names its file."""

    id: str
    title: str = ""
    category: str = "daily"
    summary: str = ""
    prepare: str = ""
    schedule: str = ""  # "09:00, 14:00"
    steps: list[StepDraft] = field(default_factory=list)
    kept: dict[str, Any] = field(default_factory=dict)  # keys the editor does not show

    def values(self) -> dict[str, Any]:
        """The routine's keys as a file holds them, in the spec's order, empty optional ones out."""
        out: dict[str, Any] = dict(self.kept)
        out.update(
            title=self.title.strip(),
            category=self.category,
            summary=self.summary.strip(),
            prepare=self.prepare.strip(),
            schedule=[t for t in re.split(r"[,\s]+", self.schedule) if t],
            steps=[s.values() for s in self.steps],
        )
        if self.category != "relief":
            # relief-only keys would be refused in another category: they go with it
            for name, f in spec.ROUTINE.by_name.items():
                if f.only_when == ("category", "relief"):
                    out.pop(name, None)
        # a required key stays even when empty, so the loader says "must not be empty"
        fields = spec.ROUTINE.by_name
        return {
            n: out[n]
            for n in spec.ROUTINE.names
            if n in out and (fields[n].required or out[n] not in ("", []))
        }

    def copy(self) -> RoutineDraft:
        """A deep copy: undo keeps drafts that later edits must not change."""
        return copy.deepcopy(self)


def step_draft(values: dict[str, Any]) -> StepDraft:
    """A step's file keys (as step_values gives them) as a draft."""
    timing = next(k for k in spec.TIMING_KEYS if k in values)
    amount = values[timing]
    return StepDraft(
        exercise=values["exercise"],
        timing=timing,
        amount="" if timing == "manual" else str(amount),
        reps=int(values.get("reps", 1)),
        repeat_for=str(values.get("repeat_for", "")),
        rest=str(values.get("rest", "")),
        sides=str(values.get("sides", "none")),
        kept={k: v for k, v in values.items() if k not in _STEP_SHOWN},
    )


def routine_draft(routine: Routine) -> RoutineDraft:
    """A routine as the editor shows it, every value written as its file would write it."""
    values = routine_values(routine)
    return RoutineDraft(
        id=routine.id,
        title=values.get("title", ""),
        category=values["category"],
        summary=values.get("summary", ""),
        prepare=values.get("prepare", ""),
        schedule=", ".join(values.get("schedule", [])),
        steps=[step_draft(step_values(s)) for s in routine.steps],
        kept={k: v for k, v in values.items() if k not in SHOWN},
    )


def new_step(exercise: str) -> StepDraft:
    """A step for an exercise just picked: a 30-second hold, as the README's example."""
    return StepDraft(exercise=exercise)


def slug(title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """An id from a title, not one of `taken`: "My calf (2)" -> "my-calf-2"."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "my-routine"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def problem_field(key: str) -> str:
    """The field a loader problem's key is shown beside: "title", "steps[1].amount", "steps[1].".

    A step's timing key is its "amount"; what belongs to no field shown is "" (the page's top).
    """
    found = _STEP_KEY.match(key)
    if found is not None:
        name = found.group(2) or ""
        name = "amount" if name in spec.TIMING_KEYS else name
        return f"steps[{found.group(1)}].{name if name in STEP_FIELDS else ''}"
    head = key.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0]
    return head if head in SHOWN else ""
