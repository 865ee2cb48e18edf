"""The one declaration of the file format: the loader's checks and the JSON Schema come from it.

The kinds of value it is declared with are in `field_kinds.py`, the wording of its messages
in `wording.py`; both are importable from here too.
"""

from __future__ import annotations

from typing import Any

from stretchapp.core.field_kinds import (
    CLOCK_PATTERN,
    DIGITS_PATTERN,
    FILE_NAME_PATTERN,
    ID_PATTERN,
    Choice,
    ClockTime,
    Count,
    Duration,
    Field,
    FileName,
    Flag,
    ListOf,
    MapOf,
    Record,
    Scalar,
    SpecError,
    Text,
    Word,
)
from stretchapp.core.routine import MUSCLES, Category, Sides
from stretchapp.core.wording import did_you_mean, or_list, shown, suggest

# The kinds and the wording live in their own modules; importing them from here still works.
__all__ = [
    "CLOCK_PATTERN",
    "CUES",
    "DIGITS_PATTERN",
    "EXERCISE",
    "EXERCISES",
    "FILE_NAME_PATTERN",
    "ID_PATTERN",
    "PLACEHOLDERS",
    "ROUTINE",
    "SCHEMA_DIALECT",
    "STEP",
    "TIMING_KEYS",
    "TIP",
    "TIPS",
    "Choice",
    "ClockTime",
    "Count",
    "Duration",
    "Field",
    "FileName",
    "Flag",
    "ListOf",
    "MapOf",
    "Record",
    "Scalar",
    "SpecError",
    "Text",
    "Word",
    "did_you_mean",
    "exercises_schema",
    "or_list",
    "routine_schema",
    "schema_document",
    "shown",
    "suggest",
    "tips_schema",
]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PLACEHOLDERS = ("name", "side", "rep", "reps", "seconds")


# The format.

TIMING_KEYS = ("hold", "breaths", "duration", "manual")
_SOURCE = Field(
    "source",
    ListOf(Text(one_line=True), max_items=50, example="[000_45d483706c32bb94.txt]"),
    "The seed files this follows.",
    "[000_45d483706c32bb94.txt]",
)

CUES = Record(
    "cues",
    "Spoken texts instead of the defaults; they may use "
    + ", ".join(f"{{{n}}}" for n in PLACEHOLDERS)
    + ".",
    tuple(
        Field(name, Text(placeholders=PLACEHOLDERS), f"Said at the {name} cue.", '"Release."')
        for name in ("start", "end", "halfway", "switch", "rep")
    ),
)

STEP = Record(
    "step",
    "One step of a routine: an exercise and how it is timed. "
    "Exactly one of hold, breaths, duration, manual.",
    (
        Field(
            "exercise",
            Word(),
            "The id of an exercise in exercises.yaml.",
            "calf-lunge",
            required=True,
        ),
        Field("hold", Duration(), "A static hold of this long, each rep.", "30s"),
        Field("breaths", Count(1, 100), "A hold paced by this many slow breaths, each rep.", "5"),
        Field("duration", Duration(), "One continuous timed activity of this long.", "2m"),
        Field("manual", Flag(), "Untimed: the user says when it is done.", "true"),
        Field("reps", Count(1, 100), "How many times (on each side).", "5", default=1),
        Field(
            "repeat_for",
            Duration(),
            "Instead of reps: as many reps as fit in this long.",
            "5m",
            only_with=("hold", "breaths"),
        ),
        Field(
            "rest",
            Duration(allow_zero=True),
            "The pause between reps; 0 for none.",
            "10s",
            default=0,
        ),
        Field(
            "sides",
            Choice(tuple(s.value for s in Sides)),
            "none; both (all reps on the left, then the right); alternate; left; right.",
            "both",
            default="none",
        ),
        Field(
            "suggested",
            Duration(),
            "A manual step's suggested length.",
            "1m",
            default=60,
            only_with=("manual",),
        ),
        Field(
            "cues",
            CUES,
            "Spoken texts for this step only, instead of its exercise's cues.",
            '{start: "{name}. Gently stretch your cramped calf."}',
        ),
    ),
    exactly_one=(TIMING_KEYS,),
    at_most_one=(("reps", "repeat_for"),),
)

ROUTINE = Record(
    "routine",
    "A stretchapp routine: one per file; the file's stem is its id unless id says otherwise.",
    (
        Field("id", Word("relief-calf"), "The routine's id; else the file's stem.", "my-routine"),
        Field(
            "title",
            Text(one_line=True),
            "The title shown in lists.",
            "Calf cramp relief",
            required=True,
        ),
        Field(
            "category",
            Choice(tuple(c.value for c in Category)),
            "Where the routine is listed.",
            "daily",
            required=True,
        ),
        Field("summary", Text(), "A sentence or two on what it is for.", "Gentle stretches."),
        _SOURCE,
        Field(
            "muscle",
            Choice(MUSCLES),
            "Relief only: the cramp `stretchapp cramp MUSCLE` starts this routine for.",
            "calf",
            only_when=("category", "relief"),
        ),
        Field(
            "escalate_after",
            Duration(),
            "Relief only: past this, tell the user to seek medical help.",
            "10m",
            only_when=("category", "relief"),
        ),
        Field(
            "prepare",
            Duration(allow_zero=True),
            "The get-ready countdown before the first step; relief starts at once.",
            "5s",
            default=5,
        ),
        Field(
            "switch",
            Duration(allow_zero=True),
            "The pause to change sides; 0 for none.",
            "5s",
            default=5,
        ),
        Field(
            "breath",
            Duration(maximum=60.0),
            "Seconds per slow breath in breath-paced holds.",
            "5s",
            default=5,
        ),
        Field(
            "transition",
            Duration(allow_zero=True),
            "The pause between steps that announces the next one; 0 for none.",
            "5s",
            default=5,
        ),
        Field(
            "schedule",
            ListOf(ClockTime(), max_items=24, example="[09:00, 14:00]"),
            "Suggested reminder times of day, HH:MM.",
            "[09:00, 14:00]",
        ),
        Field(
            "steps",
            ListOf(STEP, max_items=500, min_items=1, example="[{exercise: calf-lunge, hold: 30s}]"),
            "The steps, in order.",
            "[{exercise: calf-lunge, hold: 30s}]",
            required=True,
        ),
    ),
)

EXERCISE = Record(
    "exercise",
    "One exercise, shared by routines.",
    (
        Field("name", Text(one_line=True), "The name shown and said.", "Calf lunge", required=True),
        Field(
            "muscles",
            ListOf(Word("calf"), max_items=20, example="[calf]"),
            "The muscles it stretches: calf, quad, hamstring, foot, ...",
            "[calf]",
        ),
        Field(
            "image",
            FileName(),
            "An illustration: a file under assets/exercises/ (bundled exercises need one).",
            "calf-lunge.svg",
        ),
        Field("instructions", Text(), "How to do it.", "Stand in a lunge ...", required=True),
        Field(
            "summary",
            Text(one_line=True),
            "One line for the player; else the first sentence of instructions.",
            "Push the back heel down.",
        ),
        Field("cues", CUES, "Spoken texts instead of the defaults.", '{start: "Hold."}'),
        _SOURCE,
    ),
)

TIP = Record(
    "tip",
    "A short text the program can show.",
    (
        Field("title", Text(one_line=True), "The heading.", "Drink enough", required=True),
        Field("text", Text(), "The text.", "Fluids help ...", required=True),
        _SOURCE,
    ),
)

EXERCISES = MapOf(
    "exercises", "routines/exercises.yaml: exercise ids to exercises.", Word(), EXERCISE
)
TIPS = MapOf("tips", "routines/tips.yaml: tip ids to tips.", Word("hydrate"), TIP)

_DEFS: tuple[Record | MapOf, ...] = (ROUTINE, STEP, EXERCISES, EXERCISE, CUES, TIPS, TIP)


def _document(root: str, title: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"https://stretchapp.invalid/schema/{root}.json",
        "title": title,
        "$ref": f"#/$defs/{root}",
        "$defs": {d.name: d.schema() for d in _DEFS},
    }


def routine_schema() -> dict[str, Any]:
    """JSON Schema of a routine file."""
    return _document("routine", "stretchapp routine")


def exercises_schema() -> dict[str, Any]:
    """JSON Schema of exercises.yaml."""
    return _document("exercises", "stretchapp exercises")


def tips_schema() -> dict[str, Any]:
    """JSON Schema of tips.yaml."""
    return _document("tips", "stretchapp tips")


def schema_document() -> dict[str, Any]:
    """One JSON Schema for all three files (what `stretchapp schema` prints)."""
    document = _document("routine", "stretchapp routine, exercises and tips files")
    del document["$ref"]
    document["$id"] = "https://stretchapp.invalid/schema/stretchapp.json"
    document["anyOf"] = [{"$ref": f"#/$defs/{name}"} for name in ("routine", "exercises", "tips")]
    return document
