"""The kinds of value a file's keys hold: each parses text by our rules and gives its JSON Schema.

spec.py declares the three file formats with these; the loader's checks follow them.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import time as clock_time
from functools import cached_property
from typing import Any

from stretchapp.core.durations import MAX_SECONDS, SCHEMA_PATTERN, DurationError, parse_duration
from stretchapp.core.wording import or_list, shown, suggest

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
