"""What the commands print: JSON shapes and aligned text tables."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from stretchapp.core.durations import format_clock
from stretchapp.core.routine import DEFAULT_SUGGESTED, Exercise, Routine
from stretchapp.core.texts import has_manual, phase_label, total_text
from stretchapp.core.timeline import Phase, Timeline
from stretchapp.core.wording import json_printable, printable


def emit_json(data: object) -> None:
    """Print data as indented JSON, non-ASCII letters as they are.

    json escapes C0 itself; C1 and bidi controls, which only occur inside strings, are
    escaped here so `history --json` on a terminal cannot be steered by a note either.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    sys.stdout.write(json_printable(text) + "\n")


def print_table(rows: Sequence[Sequence[str]], right: Iterable[int] = ()) -> None:
    """Print rows as columns two spaces apart; the `right` columns aligned right.

    Every cell is made printable: titles and names come from files anyone may write.
    """
    aligned_right = set(right)
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(width) if i in aligned_right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())


# -- list


def routine_summary(routine: Routine, total_seconds: float) -> dict[str, Any]:
    """One routine as `list --json` gives it."""
    return {
        "id": routine.id,
        "title": routine.title,
        "category": routine.category.value,
        "total_seconds": total_seconds,
        "source": list(routine.source),
        "user": routine.user,
        "summary": routine.summary,
        "muscle": routine.muscle,
        "path": routine.path,
    }


def print_list(routines: Sequence[Routine], rows: Sequence[Mapping[str, Any]]) -> None:
    """The routines as `list` prints them: a table and what its marks mean."""
    if not rows:
        print("no routines found")
        return
    table = [("ID", "TITLE", "CATEGORY", "TIME")]
    table += [
        (
            row["id"] + (" *" if row["user"] else ""),
            row["title"],
            row["category"],
            # a space where others have "+": the digits stay in line
            total_text(r, row["total_seconds"]) + ("" if has_manual(r) else " "),
        )
        for row, r in zip(rows, routines, strict=True)
    ]
    print_table(table, right={3})
    notes = []
    if any(row["user"] for row in rows):
        notes.append("* your own routine")
    if any(has_manual(r) for r in routines):
        notes.append("+ plus steps you end yourself")
    if notes:
        print("\n" + "; ".join(notes))


# -- show


def phase_json(phase: Phase, exercises: Mapping[str, Exercise]) -> dict[str, Any]:
    """One phase as `show --json` and the events file name it."""
    exercise = exercises.get(phase.exercise) if phase.exercise else None
    return {
        "index": phase.index,
        "phase": phase.kind.value,
        "exercise": phase.exercise,
        "name": exercise.name if exercise else None,
        "step": phase.step,
        "start": phase.start,
        "seconds": phase.seconds,
        "rep": phase.rep,
        "reps": phase.reps,
        "side": phase.side.value if phase.side else None,
        "breaths": phase.breaths,
        "breath_seconds": phase.breath_seconds,
        "suggested": phase.suggested,
    }


def routine_json(
    routine: Routine, timeline: Timeline, exercises: Mapping[str, Exercise], seek_help: str = ""
) -> dict[str, Any]:
    """A routine's fields and its timeline, as `show --json` gives them.

    seek_help: what a relief shows from its start (null in the JSON when "")."""
    return {
        "id": routine.id,
        "title": routine.title,
        "category": routine.category.value,
        "summary": routine.summary,
        "source": list(routine.source),
        "muscle": routine.muscle,
        "escalate_after": routine.escalate_after,
        "seek_help": seek_help or None,
        "prepare": routine.prepare,
        "switch": routine.switch,
        "breath": routine.breath,
        "transition": routine.transition,
        "schedule": [t.strftime("%H:%M") for t in routine.schedule],
        "user": routine.user,
        "path": routine.path,
        "steps": [
            {
                "exercise": step.exercise,
                "kind": step.kind.value,
                "seconds": step.seconds,
                "breaths": step.breaths,
                "reps": step.reps,
                "repeat_for": step.repeat_for,
                "rest": step.rest,
                "sides": step.sides.value,
                "suggested": step.suggested,
            }
            for step in routine.steps
        ],
        "total_seconds": timeline.total_seconds,
        "timeline": [phase_json(phase, exercises) for phase in timeline.phases],
    }


def print_routine(
    routine: Routine, timeline: Timeline, exercises: Mapping[str, Exercise], seek_help: str = ""
) -> None:
    """A routine as `show` prints it: its fields, then its timeline as a table.

    seek_help: the sentence a relief shows from its start, quoted in full."""
    owner = "your own" if routine.user else "bundled"
    print(f"{printable(routine.title)} ({routine.id}): {routine.category.value}, {owner}")
    if routine.summary:
        print(printable(routine.summary, lines=True))
    print(f"Total: {format_clock(timeline.total_seconds)}", end="")
    print(" plus the steps you end yourself" if has_manual(routine) else "")
    if routine.escalate_after:
        print(f"Seek medical help if the cramp lasts past {format_clock(routine.escalate_after)}")
    if seek_help:
        print(seek_help)
    if routine.schedule:
        print("Suggested times: " + ", ".join(t.strftime("%H:%M") for t in routine.schedule))
    if routine.source:
        print("Sources: " + printable(", ".join(routine.source)))
    print()
    table = [("START", "LENGTH", "PHASE", "EXERCISE", "REP", "SIDE")]
    for phase in timeline.phases:
        exercise = exercises.get(phase.exercise) if phase.exercise else None
        name = exercise.name if exercise else (phase.exercise or "")
        if name and not phase.is_work:
            name = f"next: {name}"
        if phase.seconds is None:
            suggested = phase.suggested or DEFAULT_SUGGESTED
            length = f"you say (~{format_clock(suggested)})"
        else:
            length = format_clock(phase.seconds)
        rep = f"{phase.rep} of {phase.reps}" if phase.reps and phase.reps > 1 else ""
        table.append(
            (
                format_clock(phase.start),
                length,
                phase_label(phase.kind),
                name,
                rep,
                phase.side.value if phase.side else "",
            )
        )
    print_table(table, right={0})
