"""Durations: the grammar people write, the bounds, and the two ways they are shown."""

from __future__ import annotations

import re

import pytest

from stretchapp.core.durations import (
    PATTERN,
    SCHEMA_PATTERN,
    DurationError,
    format_clock,
    format_short,
    format_spoken,
    parse_duration,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30", 30),
        ("30s", 30),
        ("30 s", 30),
        ("30 sec", 30),
        ("30 seconds", 30),
        ("1m", 60),
        ("1 min", 60),
        ("2 min", 120),
        ("2 minutes", 120),
        ("1m30s", 90),
        ("1m 30s", 90),
        ("1 minute 30 seconds", 90),
        ("1m30", 90),
        ("1:30", 90),
        ("0:45", 45),
        ("10:00", 600),
        ("1:00:00", 3600),
        ("1h", 3600),
        ("1h 30m", 5400),
        ("1h30", 5400),
        ("1h30s", 3630),
        ("2h", 7200),
        ("1.5m", 90),
        ("2.5", 2.5),
        ("  30s  ", 30),
        ("2 MIN", 120),
        ("010", 10),  # decimal, never octal
    ],
)
def test_parses_what_people_write(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", " ", "-5", "abc", "s", "m30", "30x", "1:60", "1:3", "30 ms"])
def test_refuses_what_is_not_a_duration(text: str) -> None:
    with pytest.raises(DurationError) as error:
        parse_duration(text)
    assert str(error.value) == f"must be a positive duration like 30s or 1m30s, got {text!r}"


@pytest.mark.parametrize("text", ["0", "0s", "0:00", "0m0s"])
def test_zero_is_refused_unless_allowed(text: str) -> None:
    with pytest.raises(DurationError, match="must be a positive duration"):
        parse_duration(text)
    assert parse_duration(text, allow_zero=True) == 0


def test_zero_allowed_message_says_so() -> None:
    with pytest.raises(DurationError) as error:
        parse_duration("-1", allow_zero=True)
    assert str(error.value) == "must be 0 or a duration like 5s or 1m30s, got '-1'"


@pytest.mark.parametrize("text", ["2h1s", "3h", "121m", "2:00:01", "7201", "99999999999"])
def test_at_most_two_hours(text: str) -> None:
    with pytest.raises(DurationError) as error:
        parse_duration(text)
    assert str(error.value) == f"must be at most 2h, got {text!r}"


def test_a_smaller_maximum() -> None:
    assert parse_duration("1m", maximum=60) == 60
    with pytest.raises(DurationError, match=r"^must be at most 1m, got '61'$"):
        parse_duration("61", maximum=60)


def test_long_junk_is_cut_short_in_the_message() -> None:
    with pytest.raises(DurationError) as error:
        parse_duration("9" * 5000)
    assert str(error.value).endswith("got '9999999999999999999999999999999999999...'")


def test_schema_pattern_is_the_parser_pattern_without_python_syntax() -> None:
    assert "?P<" not in SCHEMA_PATTERN
    for text in ["30", "1m30s", "2 min", "1:30", "1:00:00", "2 HOURS"]:
        assert re.match(SCHEMA_PATTERN, text)
        assert re.match(PATTERN, text)
    for text in ["-5", "abc", "1:60"]:
        assert not re.match(SCHEMA_PATTERN, text)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (-3, "0:00"),
        (0.2, "0:01"),
        (44.2, "0:45"),
        (45, "0:45"),
        (29.0000001, "0:29"),
        (59.5, "1:00"),
        (90, "1:30"),
        (600, "10:00"),
        (3599.5, "1:00:00"),
        (3723, "1:02:03"),
    ],
)
def test_format_clock_rounds_up(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "down", "nearest"),
    [
        (0, "0:00", "0:00"),
        (-3, "0:00", "0:00"),
        (16.9, "0:16", "0:17"),
        (16.5, "0:16", "0:16"),
        (59.9999999, "1:00", "1:00"),
        (3723.4, "1:02:03", "1:02:03"),
    ],
)
def test_format_clock_rounds_down_or_to_nearest(seconds: float, down: str, nearest: str) -> None:
    assert format_clock(seconds, rounding="down") == down
    assert format_clock(seconds, rounding="nearest") == nearest


def test_format_clock_refuses_an_unknown_rounding() -> None:
    with pytest.raises(ValueError, match="rounding"):
        format_clock(3, rounding="sideways")


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "0 seconds"),
        (1, "1 second"),
        (30, "30 seconds"),
        (29.6, "30 seconds"),
        (60, "1 minute"),
        (90, "1 minute 30 seconds"),
        (120, "2 minutes"),
        (3600, "1 hour"),
        (3661, "1 hour 1 minute 1 second"),
        (7322, "2 hours 2 minutes 2 seconds"),
    ],
)
def test_format_spoken(seconds: float, said: str) -> None:
    assert format_spoken(seconds) == said


@pytest.mark.parametrize(
    ("seconds", "short"),
    [(0, "0s"), (30, "30s"), (90, "1m30s"), (3600, "1h"), (14400, "4h"), (3690, "1h1m30s")],
)
def test_format_short_reads_back(seconds: float, short: str) -> None:
    assert format_short(seconds) == short
    if seconds:
        assert parse_duration(short, maximum=4 * 3600) == seconds
