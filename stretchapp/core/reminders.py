"""The daily routines' reminder schedules: told the time (an aware datetime), never reading it.

Each daily routine reminds at its own times and weekdays (its file's ``schedule`` until
the user edits them). At most one reminder shows at a time; one held back (a session
running, the screen locked, a full-screen window: the shell says which) comes once later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeAlias

# the settings' names, here too: shells and tests import them from this module
from stretchapp.core.reminder_settings import (
    DAYS,
    EVERY_DAY,
    MAX_SNOOZE_MINUTES,
    SNOOZE_MINUTES,
    ReminderSettings,
    ReminderTime,
    parse_time_of_day,
)

__all__ = [
    "DAYS",
    "EVERY_DAY",
    "LATE_AFTER",
    "LOOKBACK",
    "MAX_SNOOZE_MINUTES",
    "ONE_ROUTINE",
    "PAUSE_HOURS",
    "RECHECK",
    "SNOOZE_MINUTES",
    "Reminder",
    "ReminderSettings",
    "ReminderState",
    "ReminderTime",
    "Schedules",
    "due_by_routine",
    "next_due",
    "occurrences",
    "parse_time_of_day",
    "reminder_text",
]

LATE_AFTER = dt.timedelta(minutes=2)  # a reminder shown later than this was missed (asleep)
LOOKBACK = dt.timedelta(days=8)  # missed reminders further back than this are not counted
RECHECK = dt.timedelta(minutes=15)  # the longest next_wakeup() waits by default
PAUSE_HOURS = (1, 2)  # the pauses offered besides the rest of today

_UTC = dt.UTC


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


Schedules: TypeAlias = Mapping[str, Sequence[ReminderTime]]  # routine id -> its times
ONE_ROUTINE = ""  # the id given to a bare list of times: a Reminder of no routine (None)


def _by_routine(times: Sequence[ReminderTime] | Schedules) -> Schedules:
    """One routine's times (of no id) or every routine's, as every routine's."""
    return times if isinstance(times, Mapping) else {ONE_ROUTINE: times}


def due_by_routine(
    times: Sequence[ReminderTime] | Schedules, after: dt.datetime, until: dt.datetime
) -> list[tuple[dt.datetime, str | None]]:
    """Every (instant, routine id) in (after, until] over all the routines' times, ascending
    (routines due at the same instant in the order given), in ``until``'s time zone."""
    found = [
        (when, routine or None)
        for routine, own in _by_routine(times).items()
        for when in occurrences(own, after, until)
    ]
    return sorted(found, key=lambda pair: pair[0].astimezone(_UTC))  # stable: given order


def _all_times(times: Sequence[ReminderTime] | Schedules) -> list[ReminderTime]:
    return [t for own in _by_routine(times).values() for t in own]


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder to show now."""

    due: dt.datetime  # when it was due (the latest one missed, or the snooze's end)
    late: bool  # shown well after it was due: the machine was asleep or the program closed
    missed: int = 0  # how many more were due since the last check, folded into this one
    snoozed: bool = False  # this is a snoozed reminder coming back
    routine: str | None = None  # the routine it reminds of; None: the one daily routine

    def folded(self, newer: Reminder) -> Reminder:
        """One reminder for this one and a newer one: the newer, counting this one missed."""
        return replace(newer, missed=newer.missed + self.missed + 1)

    def to_json(self) -> dict[str, Any]:
        """The reminder as a JSON object (a held-back one survives a restart)."""
        return {
            "due": self.due.isoformat(),
            "missed": self.missed,
            "snoozed": self.snoozed,
            "routine": self.routine,
        }


def _is_late(due: dt.datetime, now: dt.datetime) -> bool:
    return now.astimezone(_UTC) - due.astimezone(_UTC) > LATE_AFTER


@dataclass(frozen=True, slots=True)
class ReminderState:
    """Where the reminders stand: what has been dealt with, a snooze, a pause, and a
    reminder held back until it can be shown."""

    checked: dt.datetime | None = None  # every reminder due up to here has been dealt with
    snoozed_until: dt.datetime | None = None
    paused_day: dt.date | None = None  # a local date with no reminders
    paused_until: dt.datetime | None = None  # no reminders before this instant
    snoozed_routine: str | None = None  # the routine the snooze reminds of
    held: Reminder | None = None  # due while it could not be shown: shown once afterwards

    def check(
        self,
        times: Sequence[ReminderTime] | Schedules,
        now: dt.datetime,
        *,
        held_back: bool = False,
    ) -> tuple[ReminderState, Reminder | None]:
        """Deal with everything due up to ``now``: at most ONE reminder, however many were due.

        ``times``: one routine's times, or every routine's by id. The first check after
        creation only starts the clock (nothing from before it is due). Only reminders of
        today (now's local date) count: one missed last night is not worth a reminder in
        the morning. ``held_back`` (a session runs, the screen is locked, a window is full
        screen): what is due is kept, folded into one, and shown at the first check that
        is not held back. Reminders due while paused are dropped, with any held or
        snoozed. A clock set back starts afresh from ``now``.
        """
        _check_aware(now)
        now_utc = now.astimezone(_UTC)
        today = now.date()
        # A clock set back (checked > now) finds nothing in (checked, now] and starts afresh.
        after = self.checked if self.checked is not None else now
        due = [pair for pair in due_by_routine(times, after, now) if pair[0].date() == today]
        snooze_over = (
            self.snoozed_until is not None and self.snoozed_until.astimezone(_UTC) <= now_utc
        )
        paused_for = self.paused_until is not None and now_utc < self.paused_until.astimezone(_UTC)
        paused = self.paused_day == today or paused_for
        state = ReminderState(
            checked=now,
            snoozed_until=None if snooze_over or paused else self.snoozed_until,
            paused_day=self.paused_day if self.paused_day == today else None,
            paused_until=self.paused_until if paused_for else None,
            snoozed_routine=None if snooze_over or paused else self.snoozed_routine,
            held=None if paused else self.held,
        )
        if state.snoozed_until is None:
            state = replace(state, snoozed_routine=None)
        if paused:
            return state, None
        reminder: Reminder | None = None
        if due:
            when, routine = due[-1]
            reminder = Reminder(when, _is_late(when, now), len(due) - 1, routine=routine)
        elif snooze_over:
            assert self.snoozed_until is not None
            when = self.snoozed_until.astimezone(now.tzinfo)
            reminder = Reminder(
                when, _is_late(when, now), 0, snoozed=True, routine=self.snoozed_routine
            )
        if state.held is not None and state.held.due.date() != today:
            state = replace(state, held=None)  # held back past midnight: no longer worth it
        if state.held is not None:
            reminder = state.held if reminder is None else state.held.folded(reminder)
        if held_back:
            return replace(state, held=reminder), None
        if reminder is not None:
            reminder = replace(reminder, late=_is_late(reminder.due, now))
        return replace(state, held=None), reminder

    def snooze(
        self, now: dt.datetime, minutes: int = SNOOZE_MINUTES, routine: str | None = None
    ) -> ReminderState:
        """Remind of ``routine`` again ``minutes`` from now (real minutes, across a clock
        change too)."""
        _check_aware(now)
        tz = now.tzinfo
        assert tz is not None
        until = (now.astimezone(_UTC) + dt.timedelta(minutes=minutes)).astimezone(tz)
        return replace(self, snoozed_until=until, snoozed_routine=routine)

    def pause_today(self, now: dt.datetime) -> ReminderState:
        """No more reminders until the next local day; a snooze is dropped too."""
        _check_aware(now)
        return replace(self, paused_day=now.date(), snoozed_until=None, snoozed_routine=None)

    def pause_for(self, now: dt.datetime, hours: int) -> ReminderState:
        """No reminders for ``hours`` real hours from now; a snooze is dropped too."""
        _check_aware(now)
        tz = now.tzinfo
        assert tz is not None
        until = (now.astimezone(_UTC) + dt.timedelta(hours=hours)).astimezone(tz)
        return replace(self, paused_until=until, snoozed_until=None, snoozed_routine=None)

    def resume(self) -> ReminderState:
        """Undo pause_today and pause_for."""
        return replace(self, paused_day=None, paused_until=None)

    def paused(self, now: dt.datetime) -> bool:
        """Whether reminders are paused at ``now`` (for its local day, or for some hours)."""
        return self.paused_day == now.date() or (
            self.paused_until is not None
            and now.astimezone(_UTC) < self.paused_until.astimezone(_UTC)
        )

    def next_wakeup(
        self,
        times: Sequence[ReminderTime] | Schedules,
        now: dt.datetime,
        *,
        limit: dt.timedelta | None = RECHECK,
    ) -> dt.datetime | None:
        """When to call check() next: the next reminder, the snooze's end or the pause's,
        or ``limit`` from now if that is sooner; None (only without a limit) when nothing
        is due ever.

        The limit makes a change of clock or time zone show up soon even when ``now``
        carries a fixed offset (``datetime.now().astimezone()``) rather than a ZoneInfo:
        a reminder planned with last night's offset is planned again with today's.
        """
        _check_aware(now)
        skip = self.paused_day if self.paused_day == now.date() else None
        after = now
        if self.paused_until is not None and self.paused_until > now:
            after = self.paused_until.astimezone(now.tzinfo)
        nxt = next_due(_all_times(times), after, skip_day=skip)
        candidates = [w for w in (nxt,) if w is not None]
        if after is not now:
            candidates.append(after)  # the pause's end clears it
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
        """The state as a JSON object, so a pause, a snooze or a held reminder survives a
        restart."""
        return {
            "checked": _iso(self.checked),
            "snoozed_until": _iso(self.snoozed_until),
            "paused_day": None if self.paused_day is None else self.paused_day.isoformat(),
            "paused_until": _iso(self.paused_until),
            "snoozed_routine": self.snoozed_routine,
            "held": None if self.held is None else self.held.to_json(),
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
            held = _held(data.get("held"))
            return cls(
                checked=checked,
                snoozed_until=snoozed,
                paused_day=paused,
                paused_until=_when(data.get("paused_until")),
                snoozed_routine=_routine_id(data.get("snoozed_routine")),
                held=held,
            )
        except (TypeError, ValueError, KeyError, OverflowError):
            return cls()


def _iso(when: dt.datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _routine_id(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(value)


def _held(data: Any) -> Reminder | None:
    if data is None:
        return None
    due = _when(data["due"])
    missed, snoozed = data.get("missed", 0), data.get("snoozed", False)
    if due is None or not isinstance(missed, int) or not isinstance(snoozed, bool):
        raise ValueError(data)
    return Reminder(due, True, missed, snoozed, _routine_id(data.get("routine")))


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
