"""Durations as people write them ("30", "30s", "1m30s", "2 min", "1:30") and as they are shown."""

from __future__ import annotations

import math
import re

MAX_SECONDS = 2 * 3600.0


# One grammar serves the parser and the JSON Schema (spec.py), so they cannot disagree:
# it is written without flags (letters of either case spelt out) because JSON Schema has none.
def _either_case(*words: str) -> str:
    return "(?:" + "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in w) for w in words) + ")"


_NUMBER = r"\d+(?:\.\d+)?"  # input is cut at 64 characters first
_HOURS = rf"(?:(?P<h>{_NUMBER})\s*{_either_case('hours', 'hour', 'hrs', 'hr', 'h')})"
_MINUTES = rf"(?:(?P<m>{_NUMBER})\s*{_either_case('minutes', 'minute', 'mins', 'min', 'm')})"
_SECONDS = (
    rf"(?:(?P<s>{_NUMBER})\s*(?P<unit>{_either_case('seconds', 'second', 'secs', 'sec', 's')})?)"
)
_UNITS = rf"(?=\S){_HOURS}?\s*{_MINUTES}?\s*{_SECONDS}?"
_CLOCK = r"(?P<a>\d+):(?P<b>[0-5]\d)(?::(?P<c>[0-5]\d))?"
PATTERN = rf"^\s*(?:{_CLOCK}|{_UNITS})\s*$"
"""What a duration written as text looks like."""

SCHEMA_PATTERN = re.sub(r"\(\?P<\w+>", "(", PATTERN)
"""PATTERN without Python's named groups, for JSON Schema (ECMA-262 regular expressions)."""

_MATCH = re.compile(PATTERN)


class DurationError(ValueError):
    """A text that is not a duration we accept; str() is the message for the user."""


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def parse_duration(text: str, *, allow_zero: bool = False, maximum: float = MAX_SECONDS) -> float:
    """Seconds in "30", "30s", "1m", "1m30s", "2 min", "1h 5m", "1:30" (m:ss) or "1:02:03".

    Positive and at most two hours; with allow_zero, "0" (and "0s") means none.
    """
    found = _MATCH.match(text) if len(text) <= 64 else None
    if found is None or not any(found.group(g) for g in "hmsab"):
        raise DurationError(_expected(allow_zero, text))
    if found.group("a") is not None:
        parts = [found.group("a"), found.group("b"), found.group("c")]
        if parts[2] is None:  # m:ss
            seconds = int(parts[0]) * 60.0 + int(parts[1])
        else:  # h:mm:ss
            seconds = int(parts[0]) * 3600.0 + int(parts[1]) * 60 + int(parts[2])
    else:
        # "1h30" means an hour and a half, as "1m30" means a minute and a half.
        bare_minutes = found.group("h") and not found.group("m") and not found.group("unit")
        seconds = sum(
            float(found.group(g)) * scale
            for g, scale in (("h", 3600.0), ("m", 60.0), ("s", 60.0 if bare_minutes else 1.0))
            if found.group(g) is not None
        )
    if seconds == 0 and allow_zero:
        return 0.0
    if seconds <= 0:
        raise DurationError(_expected(allow_zero, text))
    if seconds > maximum:
        raise DurationError(f"must be at most {format_short(maximum)}, got {_shown(text)}")
    return seconds


def _expected(allow_zero: bool, text: str) -> str:
    if allow_zero:
        return f"must be 0 or a duration like 5s or 1m30s, got {_shown(text)}"
    return f"must be a positive duration like 30s or 1m30s, got {_shown(text)}"


def format_short(seconds: float) -> str:
    """The way a file writes a duration: "30s", "1m30s", "2h", "1h5m"."""
    whole = math.ceil(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    out = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    return out + (f"{secs}s" if secs or not out else "")


def format_clock(seconds: float, *, rounding: str = "up") -> str:
    """Seconds as a clock: "0:45", "1:02:03"; the one clock formatter of the program.

    rounding "up" is for countdowns (44.2 -> "0:45": "0:00" shows only at the end), "down"
    for time since a start (16.9 -> "0:16"), "nearest" for a length already past (a
    recorded session: 16.5 -> "0:16", Python's rounding).
    """
    # A tiny float error must not show a whole extra second (29.0000001 -> "0:29").
    exact = round(seconds, 6)
    if rounding == "up":
        whole = math.ceil(exact)
    elif rounding == "down":
        whole = math.floor(exact)
    elif rounding == "nearest":
        whole = round(exact)
    else:
        raise ValueError(f"rounding must be up, down or nearest, not {rounding!r}")
    hours, rest = divmod(max(0, whole), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def format_spoken(seconds: float) -> str:
    """Seconds as said aloud, to the nearest second: "30 seconds", "1 minute 30 seconds"."""
    whole = max(0, math.floor(seconds + 0.5))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(_plural(hours, "hour"))
    if minutes:
        parts.append(_plural(minutes, "minute"))
    if secs or not parts:
        parts.append(_plural(secs, "second"))
    return " ".join(parts)
