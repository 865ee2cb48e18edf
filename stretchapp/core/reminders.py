"""The daily routine's reminder schedule: told the time (an aware datetime), never reading it."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
EVERY_DAY = frozenset(range(7))
SNOOZE_MINUTES = 10
LATE_AFTER = dt.timedelta(minutes=2)  # a reminder shown later than this was missed (asleep)
LOOKBACK = dt.timedelta(days=8)  # missed reminders further back than this are not counted
MAX_SNOOZE_MINUTES = 240
RECHECK = dt.timedelta(minutes=15)  # the longest next_wakeup() waits by default

_UTC = dt.UTC
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

    def to_json(self) -> dict[str, Any]:
        """The settings as a JSON object."""
        return {
            "enabled": self.enabled,
            "routine": self.routine,
            "times": None if self.times is None else [t.to_json() for t in self.times],
            "snooze_minutes": self.snooze_minutes,
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
                    times = [
                        _time_from_json(item, f"times[{i}]", problems)
                        for i, item in enumerate(value)
                    ]
                    good[key] = tuple(t for t in times if t is not None)
                else:
                    problems.append(f"times: must be a list or null, got {json.dumps(value)}")
            else:
                problems.append(f"{key}: is not a reminder setting")
        return cls(**good), problems


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


# --- when reminders are due ----------------------------------------------------------------


def _check_aware(now: dt.datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be an aware datetime (best in a ZoneInfo), got {now!r}")


def _on_day(times: Sequence[ReminderTime], day: dt.date, tz: dt.tzinfo) -> list[dt.datetime]:
    """The instants (in UTC) the times fall on a local day, ascending and without repeats."""
    found = set()
    for t in times:
        if day.weekday() in t.days:
            # A time skipped by a spring-forward change (01:30 when clocks jump 01:00 -> 02:00)
            # is read with the offset before the change, so it fires an hour later on the wall
            # clock (02:30) rather than not at all; a time that happens twice in the autumn
            # fires the first time (fold=0) only.
            found.add(dt.datetime.combine(day, t.at, tzinfo=tz).astimezone(_UTC))
    return sorted(found)


def _instants(
    times: Sequence[ReminderTime], after: dt.datetime, tz: dt.tzinfo
) -> Iterator[dt.datetime]:
    """Every instant (UTC) strictly after ``after``, ascending, for the next LOOKBACK days."""
    first = after.astimezone(tz).date() - dt.timedelta(days=1)
    after_utc = after.astimezone(_UTC)
    for offset in range(LOOKBACK.days + 2):
        for when in _on_day(times, first + dt.timedelta(days=offset), tz):
            if when > after_utc:
                yield when


def occurrences(
    times: Sequence[ReminderTime], after: dt.datetime, until: dt.datetime
) -> list[dt.datetime]:
    """Every reminder instant in (after, until], ascending, in ``until``'s time zone.

    Only the last LOOKBACK (8 days) before ``until`` are looked at.
    """
    _check_aware(after)
    _check_aware(until)
    tz = until.tzinfo
    assert tz is not None
    start = max(after.astimezone(_UTC), until.astimezone(_UTC) - LOOKBACK)
    end = until.astimezone(_UTC)
    found: list[dt.datetime] = []
    day = start.astimezone(tz).date() - dt.timedelta(days=1)
    last = end.astimezone(tz).date() + dt.timedelta(days=1)
    while day <= last:
        found.extend(w.astimezone(tz) for w in _on_day(times, day, tz) if start < w <= end)
        day += dt.timedelta(days=1)
    return found


def next_due(
    times: Sequence[ReminderTime], now: dt.datetime, *, skip_day: dt.date | None = None
) -> dt.datetime | None:
    """The first reminder instant after ``now`` (in now's zone), not on ``skip_day``; or None."""
    _check_aware(now)
    tz = now.tzinfo
    assert tz is not None
    for when in _instants(times, now, tz):
        local = when.astimezone(tz)
        if local.date() != skip_day:
            return local
    return None


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder to show now."""

    due: dt.datetime  # when it was due (the latest one missed, or the snooze's end)
    late: bool  # shown well after it was due: the machine was asleep or the program closed
    missed: int = 0  # how many more were due since the last check, folded into this one
    snoozed: bool = False  # this is a snoozed reminder coming back


@dataclass(frozen=True, slots=True)
class ReminderState:
    """Where the reminders stand: what has been dealt with, a snooze, a pause for today."""

    checked: dt.datetime | None = None  # every reminder due up to here has been dealt with
    snoozed_until: dt.datetime | None = None
    paused_day: dt.date | None = None  # a local date with no reminders

    def check(
        self, times: Sequence[ReminderTime], now: dt.datetime, *, session_running: bool = False
    ) -> tuple[ReminderState, Reminder | None]:
        """Deal with everything due up to ``now``: at most ONE reminder, however many were due.

        The first check after creation only starts the clock (nothing from before it is
        due). Only reminders of today (now's local date) count: one missed last night is
        not worth a reminder in the morning. Reminders due while a session runs, or on a
        paused day, are dropped; a session running also drops a snooze (the user is
        stretching already). A clock set back starts afresh from ``now``.
        """
        _check_aware(now)
        now_utc = now.astimezone(_UTC)
        today = now.date()
        # A clock set back (checked > now) finds nothing in (checked, now] and starts afresh.
        after = self.checked if self.checked is not None else now
        due = [when for when in occurrences(times, after, now) if when.date() == today]
        snooze_over = (
            self.snoozed_until is not None and self.snoozed_until.astimezone(_UTC) <= now_utc
        )
        paused = self.paused_day == today
        state = ReminderState(
            checked=now,
            snoozed_until=None if snooze_over or paused or session_running else self.snoozed_until,
            paused_day=self.paused_day if paused else None,
        )
        if session_running or paused or not (due or snooze_over):
            return state, None
        if due:
            when = due[-1]
            reminder = Reminder(when, now_utc - when.astimezone(_UTC) > LATE_AFTER, len(due) - 1)
        else:
            assert self.snoozed_until is not None
            when = self.snoozed_until.astimezone(now.tzinfo)
            late = now_utc - when.astimezone(_UTC) > LATE_AFTER
            reminder = Reminder(when, late, 0, snoozed=True)
        return state, reminder

    def snooze(self, now: dt.datetime, minutes: int = SNOOZE_MINUTES) -> ReminderState:
        """Remind again ``minutes`` from now (real minutes, across a clock change too)."""
        _check_aware(now)
        tz = now.tzinfo
        assert tz is not None
        until = (now.astimezone(_UTC) + dt.timedelta(minutes=minutes)).astimezone(tz)
        return replace(self, snoozed_until=until)

    def pause_today(self, now: dt.datetime) -> ReminderState:
        """No more reminders until the next local day; a snooze is dropped too."""
        _check_aware(now)
        return replace(self, paused_day=now.date(), snoozed_until=None)

    def resume(self) -> ReminderState:
        """Undo pause_today."""
        return replace(self, paused_day=None)

    def paused(self, now: dt.datetime) -> bool:
        """Whether reminders are paused for the local day of ``now``."""
        return self.paused_day == now.date()

    def next_wakeup(
        self,
        times: Sequence[ReminderTime],
        now: dt.datetime,
        *,
        limit: dt.timedelta | None = RECHECK,
    ) -> dt.datetime | None:
        """When to call check() next: the next reminder or the snooze's end, or ``limit``
        from now if that is sooner; None (only without a limit) when nothing is due ever.

        The limit makes a change of clock or time zone show up soon even when ``now``
        carries a fixed offset (``datetime.now().astimezone()``) rather than a ZoneInfo:
        a reminder planned with last night's offset is planned again with today's.
        """
        _check_aware(now)
        skip = self.paused_day if self.paused_day == now.date() else None
        candidates = [w for w in (next_due(times, now, skip_day=skip),) if w is not None]
        if self.snoozed_until is not None and skip is None:
            candidates.append(self.snoozed_until)
        if limit is not None:
            tz = now.tzinfo
            assert tz is not None
            candidates.append((now.astimezone(_UTC) + limit).astimezone(tz))
        if not candidates:
            return None
        return min(candidates, key=lambda w: w.astimezone(_UTC))

    def to_json(self) -> dict[str, Any]:
        """The state as a JSON object, so a pause or snooze survives a restart."""
        return {
            "checked": None if self.checked is None else self.checked.isoformat(),
            "snoozed_until": None if self.snoozed_until is None else self.snoozed_until.isoformat(),
            "paused_day": None if self.paused_day is None else self.paused_day.isoformat(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReminderState:
        """The state back from to_json(); anything unreadable starts afresh."""
        try:
            checked = _when(data.get("checked"))
            snoozed = _when(data.get("snoozed_until"))
            day = data.get("paused_day")
            paused = None if day is None else dt.date.fromisoformat(day)
            if paused is not None and paused.year not in SANE_YEARS:
                raise ValueError(day)
        except (TypeError, ValueError, OverflowError):
            return cls()
        return cls(checked=checked, snoozed_until=snoozed, paused_day=paused)


# Saved instants outside these years are refused: year 1 or 9999 with an offset would
# overflow the day arithmetic of occurrences() (OverflowError, a dead window).
SANE_YEARS = range(1970, 3000)


def _when(text: Any) -> dt.datetime | None:
    if text is None:
        return None
    when = dt.datetime.fromisoformat(text)
    if when.utcoffset() is None or when.astimezone(_UTC).year not in SANE_YEARS:
        raise ValueError(text)
    return when


def reminder_text(reminder: Reminder, title: str) -> str:
    """The notification's text for a reminder of the routine called ``title``."""
    if reminder.late:
        missed = f" ({reminder.missed + 1} reminders)" if reminder.missed else ""
        return f"Missed at {reminder.due:%H:%M}{missed}: {title}. Click to start it now."
    return f"Time for {title}. Click to start."
