"""What the user chose about reminders: each daily routine's times and weekdays, the
snooze length; read from and written to JSON, every bad value listed as a problem."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
EVERY_DAY = frozenset(range(7))
SNOOZE_MINUTES = 10
MAX_SNOOZE_MINUTES = 240
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True, slots=True)
class ReminderTime:
    """One reminder time of day, on some days of the week (0 = Monday)."""

    at: dt.time
    days: frozenset[int] = EVERY_DAY
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise ValueError(f"a reminder time is a local time of day, got {self.at!r}")
        if not self.days <= EVERY_DAY:
            raise ValueError(f"days are 0 (Monday) to 6 (Sunday), got {sorted(self.days)}")

    def to_json(self) -> dict[str, Any]:
        """The time as a JSON object: {"at": "09:00", "days": ["mon", ...], "enabled": true}."""
        return {
            "at": f"{self.at:%H:%M}",
            "days": [DAYS[day] for day in sorted(self.days)],
            "enabled": self.enabled,
        }


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """What the user chose about reminders; saved as a JSON object."""

    enabled: bool = True
    routine: str | None = None  # the daily routine reminded of; None: the library's default
    times: tuple[ReminderTime, ...] | None = None  # None: the routine's schedule, every day
    snooze_minutes: int = SNOOZE_MINUTES
    # each daily routine's own times by routine id; a routine not here: its file's schedule
    # (or, for ``routine``, ``times`` as saved before there was one schedule a routine)
    schedules: Mapping[str, tuple[ReminderTime, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 1 <= self.snooze_minutes <= MAX_SNOOZE_MINUTES:
            raise ValueError(
                f"snooze_minutes must be 1..{MAX_SNOOZE_MINUTES}, got {self.snooze_minutes}"
            )

    def editable_times(self, schedule: Sequence[dt.time]) -> tuple[ReminderTime, ...]:
        """The times to show in an editor: the user's own, else the routine's schedule."""
        if self.times is not None:
            return self.times
        return tuple(ReminderTime(at) for at in sorted(set(schedule)))

    def active_times(self, schedule: Sequence[dt.time]) -> tuple[ReminderTime, ...]:
        """The times that remind: none when reminders are off."""
        if not self.enabled:
            return ()
        return tuple(t for t in self.editable_times(schedule) if t.enabled and t.days)

    def routine_times(
        self, routine: str, schedule: Sequence[dt.time], *, primary: bool = False
    ) -> tuple[ReminderTime, ...]:
        """One routine's times to edit: its own, else (for the ``primary`` routine, the one
        ``routine``/``times`` meant) the old single list, else its file's schedule."""
        if routine in self.schedules:
            return self.schedules[routine]
        if primary:
            return self.editable_times(schedule)
        return tuple(ReminderTime(at) for at in sorted(set(schedule)))

    def active_schedules(
        self, routines: Mapping[str, Sequence[dt.time]], primary: str | None = None
    ) -> dict[str, tuple[ReminderTime, ...]]:
        """Every routine's times that remind, by id (``routines``: id -> file schedule);
        routines with none are left out, and all are when reminders are off."""
        if not self.enabled:
            return {}
        found = {}
        for routine, schedule in routines.items():
            chosen = self.routine_times(routine, schedule, primary=routine == primary)
            active = tuple(t for t in chosen if t.enabled and t.days)
            if active:
                found[routine] = active
        return found

    def to_json(self) -> dict[str, Any]:
        """The settings as a JSON object."""
        return {
            "enabled": self.enabled,
            "routine": self.routine,
            "times": None if self.times is None else [t.to_json() for t in self.times],
            "snooze_minutes": self.snooze_minutes,
            "schedules": {
                routine: [t.to_json() for t in times]
                for routine, times in sorted(self.schedules.items())
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> tuple[ReminderSettings, list[str]]:
        """Settings from a JSON object: bad or unknown keys are left out and listed as problems."""
        good: dict[str, Any] = {}
        problems: list[str] = []
        for key, value in data.items():
            if key == "enabled":
                if isinstance(value, bool):
                    good[key] = value
                else:
                    problems.append(f"enabled: must be true or false, got {json.dumps(value)}")
            elif key == "routine":
                if value is None or (isinstance(value, str) and value):
                    good[key] = value
                else:
                    problems.append(
                        f"routine: must be a routine id or null, got {json.dumps(value)}"
                    )
            elif key == "snooze_minutes":
                ok = isinstance(value, int) and not isinstance(value, bool)
                if ok and 1 <= value <= MAX_SNOOZE_MINUTES:
                    good[key] = value
                else:
                    problems.append(
                        f"snooze_minutes: must be a whole number 1..{MAX_SNOOZE_MINUTES},"
                        f" got {json.dumps(value)}"
                    )
            elif key == "times":
                if value is None:
                    good[key] = None
                elif isinstance(value, list):
                    good[key] = _times_from_json(value, "times", problems)
                else:
                    problems.append(f"times: must be a list or null, got {json.dumps(value)}")
            elif key == "schedules":
                good[key] = _schedules_from_json(value, problems)
            else:
                problems.append(f"{key}: is not a reminder setting")
        return cls(**good), problems


def _times_from_json(value: Any, where: str, problems: list[str]) -> tuple[ReminderTime, ...]:
    if not isinstance(value, list):
        problems.append(f"{where}: must be a list, got {json.dumps(value)}")
        return ()
    times = [_time_from_json(item, f"{where}[{i}]", problems) for i, item in enumerate(value)]
    return tuple(t for t in times if t is not None)


def _schedules_from_json(value: Any, problems: list[str]) -> dict[str, tuple[ReminderTime, ...]]:
    if not isinstance(value, Mapping):
        problems.append(
            f'schedules: must be an object like {{"routine-id": [{{"at": "09:00"}}]}},'
            f" got {json.dumps(value)}"
        )
        return {}
    found = {}
    for routine, times in value.items():
        if routine:
            found[routine] = _times_from_json(times, f"schedules.{routine}", problems)
        else:
            problems.append("schedules: a routine id must not be empty")
    return found


def _time_from_json(item: Any, where: str, problems: list[str]) -> ReminderTime | None:
    if not isinstance(item, Mapping):
        problems.append(
            f'{where}: must be an object like {{"at": "09:00"}}, got {json.dumps(item)}'
        )
        return None
    before = len(problems)
    at = parse_time_of_day(item.get("at"))
    if at is None:
        problems.append(
            f"{where}.at: must be a time of day HH:MM, got {json.dumps(item.get('at'))}"
        )
    days: frozenset[int] = EVERY_DAY
    if "days" in item:
        raw = item["days"]
        if isinstance(raw, list) and all(isinstance(d, str) and d.lower() in DAYS for d in raw):
            days = frozenset(DAYS.index(d.lower()) for d in raw)
        else:
            problems.append(
                f"{where}.days: must be a list of {', '.join(DAYS)}, got {json.dumps(raw)}"
            )
    enabled = item.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(f"{where}.enabled: must be true or false, got {json.dumps(enabled)}")
    problems.extend(
        f"{where}.{key}: is not a reminder time setting"
        for key in item
        if key not in ("at", "days", "enabled")
    )
    if len(problems) > before or at is None:
        return None
    return ReminderTime(at, days, enabled)


def parse_time_of_day(text: Any) -> dt.time | None:
    """ "09:00" or "9:00" -> time(9, 0); None for anything else."""
    match = _HHMM.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)
