"""The one declaration of the file format: the loader's checks and the JSON Schema come from it."""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time as clock_time
from functools import cached_property
from typing import Any

from stretchapp.core.durations import MAX_SECONDS, SCHEMA_PATTERN, DurationError, parse_duration
from stretchapp.core.routine import MUSCLES, Category, Sides

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PLACEHOLDERS = ("name", "side", "rep", "reps", "seconds")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# A file name under assets/exercises/: relative, no "..", no backslash or drive letter.
FILE_NAME_PATTERN = r"^(?![/~])(?!(?:.*/)?\.\.?(?:/|$))[^\\:\x00]{1,200}$"
CLOCK_PATTERN = r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$"
DIGITS_PATTERN = r"^[0-9]{1,9}$"

_ID = re.compile(ID_PATTERN)
_FILE_NAME = re.compile(FILE_NAME_PATTERN)
_CLOCK = re.compile(CLOCK_PATTERN)
_DIGITS = re.compile(DIGITS_PATTERN)


class SpecError(ValueError):
    """A value that breaks the format; str() is the message for the user."""


def shown(text: str) -> str:
    """A value quoted for a message, cut short when long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def did_you_mean(word: str, options: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The option a mistyped word was most likely meant to be, or None.

    The one "did you mean" of the program: the loader, the command line, settings and CSV
    all ask it.
    """
    close = difflib.get_close_matches(word.lower(), sorted(options), n=1, cutoff=cutoff)
    return close[0] if close else None


def suggest(word: str, options: Iterable[str]) -> str:
    """ "; did you mean 'hold'?" for a near miss, else ""."""
    close = did_you_mean(word, options)
    return f"; did you mean {close!r}?" if close else ""


def or_list(words: tuple[str, ...] | list[str]) -> str:
    """'a, b or c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# Scalar kinds: parse(text) gives the value or raises SpecError; schema() gives JSON Schema.


@dataclass(frozen=True)
class Text:
    """Free text: a title, instructions, a cue; stripped, never empty."""

    one_line: bool = False
    placeholders: tuple[str, ...] | None = None  # allowed {names}; None: braces are plain text

    def parse(self, raw: str) -> str:
        text = raw.strip()
        if not text:
            raise SpecError("must not be empty")
        if self.one_line and "\n" in text:
            raise SpecError("must be one line")
        if self.placeholders is not None:
            self._check_placeholders(text)
        return text

    def _check_placeholders(self, text: str) -> None:
        allowed = self.placeholders or ()
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError:
            raise SpecError("has a stray { or }; write {{ or }} for a brace itself") from None
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if name not in allowed or spec or conversion:
                names = or_list([f"{{{n}}}" for n in allowed])
                raise SpecError(f"unknown placeholder {{{name}}}; use {names}")

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.one_line:
            out["pattern"] = r"^[^\n]*$"
        return out


@dataclass(frozen=True)
class Word:
    """An id: lower-case letters, digits and dashes."""

    example: str = "calf-lunge"

    def parse(self, raw: str) -> str:
        if not _ID.match(raw):
            raise SpecError(
                "must be an id of lower-case letters, digits and dashes like "
                f"{self.example}, got {shown(raw)}"
            )
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN}


@dataclass(frozen=True)
class Choice:
    """One of a few fixed words."""

    values: tuple[str, ...]

    def parse(self, raw: str) -> str:
        if raw in self.values:
            return raw
        raise SpecError(
            f"must be one of {', '.join(self.values)}, got {shown(raw)}" + suggest(raw, self.values)
        )

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


@dataclass(frozen=True)
class Count:
    """A whole number in a range; leading zeros are decimal (010 is ten), never octal."""

    minimum: int
    maximum: int

    def parse(self, raw: str) -> int:
        text = raw.strip()
        if _DIGITS.match(text):
            value = int(text)
            if self.minimum <= value <= self.maximum:
                return value
        raise SpecError(
            f"must be a whole number from {self.minimum} to {self.maximum}, got {shown(raw)}"
        )

    def schema(self) -> dict[str, Any]:
        # Editors see `5` as a number and `"5"` as text; the loader takes both.
        return {
            "type": ["integer", "string"],
            "minimum": self.minimum,
            "maximum": self.maximum,
            "pattern": DIGITS_PATTERN,
        }


@dataclass(frozen=True)
class Duration:
    """30, 30s, 1m, 1m30s, 2 min, 1:30 (m:ss, never YAML 1.1 sexagesimal)."""

    allow_zero: bool = False
    maximum: float = MAX_SECONDS

    def parse(self, raw: str) -> float:
        try:
            return parse_duration(raw, allow_zero=self.allow_zero, maximum=self.maximum)
        except DurationError as error:
            raise SpecError(str(error)) from None

    def schema(self) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "number", "maximum": self.maximum}
        if self.allow_zero:
            number["minimum"] = 0
        else:
            number["exclusiveMinimum"] = 0
        text = {"type": "string", "pattern": SCHEMA_PATTERN}
        return {"anyOf": [number, text]}


@dataclass(frozen=True)
class Flag:
    """A switch that is either present as `true` or left out."""

    def parse(self, raw: str) -> bool:
        if raw in ("true", "True", "TRUE"):
            return True
        raise SpecError(f"must be true (leave the key out otherwise), got {shown(raw)}")

    def schema(self) -> dict[str, Any]:
        return {"const": True}


@dataclass(frozen=True)
class ClockTime:
    """A time of day as HH:MM; unquoted 09:00 is nine o'clock, not YAML 1.1's 540."""

    def parse(self, raw: str) -> clock_time:
        found = _CLOCK.match(raw.strip())
        if not found:
            raise SpecError(f"must be a time of day like 09:00 (HH:MM, 24-hour), got {shown(raw)}")
        return clock_time(int(found.group(1)), int(found.group(2)))

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": CLOCK_PATTERN}


@dataclass(frozen=True)
class FileName:
    """A file under assets/exercises/, named relative to it."""

    folder: str = "assets/exercises/"

    def parse(self, raw: str) -> str:
        text = raw.strip()
        if not _FILE_NAME.match(text):
            raise SpecError(
                f"must be a file name under {self.folder} like calf-lunge.svg, got {shown(raw)}"
            )
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": FILE_NAME_PATTERN}


Scalar = Text | Word | Choice | Count | Duration | Flag | ClockTime | FileName


# Container kinds.


@dataclass(frozen=True)
class ListOf:
    """A list of values of one kind."""

    item: Scalar | Record
    max_items: int
    min_items: int = 0
    example: str = ""

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "array",
            "items": _kind_schema(self.item),
            "maxItems": self.max_items,
        }
        if self.min_items:
            out["minItems"] = self.min_items
        return out


@dataclass(frozen=True)
class Field:
    """One key of a mapping."""

    name: str
    kind: Scalar | ListOf | Record
    description: str
    example: str  # what to write, as in "add e.g. 'hold: 30s'"
    required: bool = False
    default: Any = None  # for the schema and the docs; the model's defaults are the same
    only_with: tuple[str, ...] = ()  # allowed only beside one of these keys
    only_when: tuple[str, str] | None = None  # allowed only when that key has that value


@dataclass(frozen=True)
class Record:
    """A mapping with known keys."""

    name: str  # its name under $defs
    description: str
    fields: tuple[Field, ...]
    exactly_one: tuple[tuple[str, ...], ...] = ()
    at_most_one: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def schema(self) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for f in self.fields:
            prop = dict(_kind_schema(f.kind))
            prop["description"] = f.description
            if f.default is not None:
                prop["default"] = f.default
            properties[f.name] = prop
        out: dict[str, Any] = {
            "type": "object",
            "description": self.description,
            "properties": properties,
            "additionalProperties": False,
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            out["required"] = required
        rules: list[dict[str, Any]] = []
        for group in self.exactly_one:
            rules.append({"oneOf": [{"required": [name]} for name in group]})
        for group in self.at_most_one:
            rules.append({"not": {"required": list(group)}})
        for f in self.fields:
            if f.only_with:
                rules.append(
                    {
                        "if": {"required": [f.name]},
                        "then": {"anyOf": [{"required": [name]} for name in f.only_with]},
                    }
                )
            if f.only_when:
                key, value = f.only_when
                rules.append(
                    {
                        "if": {"required": [f.name]},
                        "then": {"required": [key], "properties": {key: {"const": value}}},
                    }
                )
        if rules:
            out["allOf"] = rules
        return out


@dataclass(frozen=True)
class MapOf:
    """A mapping from ids to records: the exercises and tips files."""

    name: str
    description: str
    key: Word
    value: Record
    max_items: int = 1000

    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "description": self.description,
            "propertyNames": self.key.schema(),
            "additionalProperties": {"$ref": f"#/$defs/{self.value.name}"},
            "maxProperties": self.max_items,
        }


def _kind_schema(kind: Scalar | ListOf | Record) -> dict[str, Any]:
    if isinstance(kind, Record):
        return {"$ref": f"#/$defs/{kind.name}"}
    return kind.schema()


# The format.

TIMING_KEYS = ("hold", "breaths", "duration", "manual")
_SOURCE = Field(
    "source",
    ListOf(Text(one_line=True), max_items=50, example="[000_45d483706c32bb94.txt]"),
    "The seed files this follows.",
    "[000_45d483706c32bb94.txt]",
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
