"""The reminder schedule with a fake clock: across days, clock changes, sleep, snooze and pauses."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchapp.core.reminders import (
    Reminder,
    ReminderSettings,
    ReminderState,
    ReminderTime,
    Schedules,
    next_due,
    occurrences,
    parse_time_of_day,
    reminder_text,
)
from stretchapp.core.routine import Category, Routine, Step, StepKind

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
NINE, TWO, NINE_PM = dt.time(9), dt.time(14), dt.time(21)
DAILY = (ReminderTime(NINE), ReminderTime(TWO), ReminderTime(NINE_PM))
MINUTE = dt.timedelta(minutes=1)


def london(month: int, day: int, hour: int, minute: int = 0, *, fold: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON, fold=fold)


def run(
    state: ReminderState,
    times: tuple[ReminderTime, ...] | Schedules,
    start: dt.datetime,
    end: dt.datetime,
    step: dt.timedelta = MINUTE,
    *,
    running: bool = False,
) -> tuple[ReminderState, list[tuple[dt.datetime, Reminder]]]:
    """Tick a fake clock from start to end (real time steps, done in UTC)."""
    shown = []
    now = start.astimezone(UTC)
    tz = start.tzinfo
    while now <= end.astimezone(UTC):
        local = now.astimezone(tz)
        state, reminder = state.check(times, local, held_back=running)
        if reminder is not None:
            shown.append((local, reminder))
        now += step
    return state, shown


# --- settings -----------------------------------------------------------------------------------


def daily_routine() -> Routine:
    return Routine(
        id="wall-lean-daily",
        title="Daily wall lean",
        category=Category.DAILY,
        steps=(Step("wall-lean", StepKind.HOLD, seconds=5.0),),
        schedule=(NINE_PM, NINE, TWO),
    )


def test_times_come_from_the_routine_schedule_until_the_user_edits_them() -> None:
    routine = daily_routine()
    plain = ReminderSettings()
    assert plain.active_times(routine.schedule) == DAILY  # sorted, every day
    edited = ReminderSettings(
        times=(
            ReminderTime(dt.time(7, 30), days=frozenset({0, 1, 2, 3, 4})),
            ReminderTime(dt.time(22), enabled=False),
            ReminderTime(dt.time(23), days=frozenset()),
        )
    )
    assert edited.active_times(routine.schedule) == (
        ReminderTime(dt.time(7, 30), days=frozenset({0, 1, 2, 3, 4})),
    )
    assert edited.editable_times(routine.schedule) == edited.times
    assert ReminderSettings(enabled=False).active_times(routine.schedule) == ()


def test_settings_round_trip_through_json() -> None:
    chosen = ReminderSettings(
        enabled=True,
        routine="wall-lean-daily",
        times=(
            ReminderTime(dt.time(7, 5), days=frozenset({5, 6})),
            ReminderTime(dt.time(21), enabled=False),
        ),
        snooze_minutes=15,
    )
    data = chosen.to_json()
    assert data == {
        "enabled": True,
        "routine": "wall-lean-daily",
        "times": [
            {"at": "07:05", "days": ["sat", "sun"], "enabled": True},
            {
                "at": "21:00",
                "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                "enabled": False,
            },
        ],
        "snooze_minutes": 15,
        "schedules": {},
    }
    assert ReminderSettings.from_json(data) == (chosen, [])
    assert ReminderSettings.from_json(ReminderSettings().to_json()) == (ReminderSettings(), [])


def test_bad_settings_keep_the_good_keys_and_list_the_rest() -> None:
    got, problems = ReminderSettings.from_json(
        {
            "enabled": "yes",
            "snooze_minutes": 0,
            "times": [{"at": "9:30"}, {"at": "25:00"}, {"at": "08:00", "days": ["monday"]}, 7],
            "volume": 3,
        }
    )
    assert got == ReminderSettings(times=(ReminderTime(dt.time(9, 30)),))
    assert problems == [
        'enabled: must be true or false, got "yes"',
        "snooze_minutes: must be a whole number 1..240, got 0",
        'times[1].at: must be a time of day HH:MM, got "25:00"',
        'times[2].days: must be a list of mon, tue, wed, thu, fri, sat, sun, got ["monday"]',
        'times[3]: must be an object like {"at": "09:00"}, got 7',
        "volume: is not a reminder setting",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:00", dt.time(9)), ("9:05", dt.time(9, 5)), ("23:59", dt.time(23, 59)), ("24:00", None)],
)
def test_parse_time_of_day(text: str, expected: dt.time | None) -> None:
    assert parse_time_of_day(text) == expected


def test_invalid_values_are_refused() -> None:
    with pytest.raises(ValueError, match="local time of day"):
        ReminderTime(dt.time(9, tzinfo=UTC))
    with pytest.raises(ValueError, match="days are 0"):
        ReminderTime(NINE, days=frozenset({7}))
    with pytest.raises(ValueError, match="snooze_minutes"):
        ReminderSettings(snooze_minutes=0)
    with pytest.raises(ValueError, match="aware datetime"):
        ReminderState().check(DAILY, dt.datetime(2026, 1, 1, 9))


# --- when reminders are due -------------------------------------------------------------------


def test_next_due_across_days_and_weekdays() -> None:
    assert next_due(DAILY, london(11, 24, 8)) == london(11, 24, 9)
    assert next_due(DAILY, london(11, 24, 9)) == london(11, 24, 14)  # strictly after now
    assert next_due(DAILY, london(11, 24, 22)) == london(11, 25, 9)
    weekdays = (ReminderTime(NINE, days=frozenset(range(5))),)
    friday_night = london(11, 27, 22)
    assert next_due(weekdays, friday_night) == london(11, 30, 9)  # Monday
    assert next_due(DAILY, london(11, 24, 22), skip_day=dt.date(2026, 11, 25)) == london(11, 26, 9)
    assert next_due((), london(11, 24, 8)) is None
    assert next_due((ReminderTime(NINE, days=frozenset()),), london(11, 24, 8)) is None


def test_next_due_across_the_spring_change_keeps_the_wall_clock_time() -> None:
    # London, 29 March 2026: clocks go from 01:00 GMT to 02:00 BST.
    evening = london(3, 28, 22)
    nine = next_due(DAILY, evening)
    assert nine is not None
    assert (nine.hour, nine.minute, nine.utcoffset()) == (9, 0, dt.timedelta(hours=1))
    assert nine.astimezone(UTC) - evening.astimezone(UTC) == dt.timedelta(hours=10)
    # A time the change skips fires once, an hour later on the wall clock.
    skipped = (ReminderTime(dt.time(1, 30)),)
    when = next_due(skipped, evening)
    assert when is not None
    assert when.astimezone(UTC) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (when.hour, when.minute) == (2, 30)
    _, shown = run(ReminderState(), skipped, evening, london(3, 29, 12))
    assert [r.due.astimezone(UTC) for _, r in shown] == [when.astimezone(UTC)]


def test_a_time_the_autumn_change_repeats_fires_once() -> None:
    # London, 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:30 happens twice.
    twice = (ReminderTime(dt.time(1, 30)), ReminderTime(NINE))
    start = london(10, 24, 22)
    _, shown = run(ReminderState(), twice, start, london(10, 25, 12))
    assert [(r.due.astimezone(UTC), r.late) for _, r in shown] == [
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), False),  # 01:30 BST
        (dt.datetime(2026, 10, 25, 9, 0, tzinfo=UTC), False),  # 09:00 GMT
    ]
    nine = next_due(twice, london(10, 25, 2))
    assert nine is not None
    assert nine.utcoffset() == dt.timedelta(0)


def test_new_york_spring_change() -> None:
    # 8 March 2026: 02:00 EST becomes 03:00 EDT.
    start = dt.datetime(2026, 3, 7, 20, 0, tzinfo=NEW_YORK)
    times = (ReminderTime(dt.time(2, 30)), ReminderTime(dt.time(8)))
    found = occurrences(times, start, dt.datetime(2026, 3, 8, 12, 0, tzinfo=NEW_YORK))
    assert [(w.hour, w.minute, w.utcoffset()) for w in found] == [
        (3, 30, dt.timedelta(hours=-4)),
        (8, 0, dt.timedelta(hours=-4)),
    ]


def test_a_day_with_a_fake_clock_reminds_once_at_each_time() -> None:
    state, shown = run(ReminderState(), DAILY, london(11, 24, 7), london(11, 25, 7))
    assert [(now, r.due, r.late, r.missed) for now, r in shown] == [
        (london(11, 24, 9), london(11, 24, 9), False, 0),
        (london(11, 24, 14), london(11, 24, 14), False, 0),
        (london(11, 24, 21), london(11, 24, 21), False, 0),
    ]
    assert state.checked == london(11, 25, 7)


def test_the_first_check_only_starts_the_clock() -> None:
    state, reminder = ReminderState().check(DAILY, london(11, 24, 15))
    assert reminder is None  # 09:00 and 14:00 were before the program ran
    assert state.checked == london(11, 24, 15)


def test_waking_from_sleep_gives_one_reminder_not_a_burst() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 8))
    # Asleep from 08:00 to 21:30: 09:00, 14:00 and 21:00 were all missed.
    state, reminder = state.check(DAILY, london(11, 24, 21, 30))
    assert reminder == Reminder(due=london(11, 24, 21), late=True, missed=2)
    state, again = state.check(DAILY, london(11, 24, 21, 31))
    assert again is None
    assert state.next_wakeup(DAILY, london(11, 24, 21, 31), limit=None) == london(11, 25, 9)


def test_a_reminder_missed_last_night_is_not_shown_in_the_morning() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 20))
    state, reminder = state.check(DAILY, london(11, 25, 8))  # slept through 21:00
    assert reminder is None
    state, reminder = state.check(DAILY, london(11, 25, 10))  # slept again through 09:00
    assert reminder == Reminder(due=london(11, 25, 9), late=True, missed=0)


def test_a_week_asleep_still_gives_at_most_one() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 1, 8))
    state, reminder = state.check(DAILY, london(11, 24, 15))
    assert reminder == Reminder(due=london(11, 24, 14), late=True, missed=1)


def test_no_reminders_while_a_session_runs() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 8, 55))
    state, shown = run(state, DAILY, london(11, 24, 8, 56), london(11, 24, 9, 10), running=True)
    assert shown == []
    # Once the session is over the one held back during it comes, once (issue 14).
    state, shown = run(state, DAILY, london(11, 24, 9, 11), london(11, 24, 13, 59))
    assert [(now, r) for now, r in shown] == [
        (london(11, 24, 9, 11), Reminder(london(11, 24, 9), late=True))
    ]
    _, shown = run(state, DAILY, london(11, 24, 14), london(11, 24, 14))
    assert [r.due for _, r in shown] == [london(11, 24, 14)]


def test_snooze_reminds_again_ten_minutes_later() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 8, 59))
    state, reminder = state.check(DAILY, london(11, 24, 9))
    assert reminder is not None
    state = state.snooze(london(11, 24, 9, 0))
    assert state.next_wakeup(DAILY, london(11, 24, 9, 0)) == london(11, 24, 9, 10)
    state, shown = run(state, DAILY, london(11, 24, 9, 1), london(11, 24, 9, 30))
    assert [(now, r) for now, r in shown] == [
        (london(11, 24, 9, 10), Reminder(london(11, 24, 9, 10), late=False, snoozed=True))
    ]
    assert state.snoozed_until is None


def test_a_snooze_across_the_spring_change_lasts_ten_real_minutes() -> None:
    state = ReminderState().snooze(london(3, 29, 0, 55))
    assert state.snoozed_until is not None
    assert state.snoozed_until.astimezone(UTC) == dt.datetime(2026, 3, 29, 1, 5, tzinfo=UTC)
    assert (state.snoozed_until.hour, state.snoozed_until.minute) == (2, 5)
    state, _ = state.check((), london(3, 29, 0, 56))
    state, early = state.check((), london(3, 29, 0, 59))
    assert early is None
    _, back = state.check((), london(3, 29, 2, 5))
    assert back is not None
    assert back.snoozed


def test_a_snooze_ending_during_a_session_is_dropped() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 9, 5))
    state = state.snooze(london(11, 24, 9, 5))
    state, reminder = state.check(DAILY, london(11, 24, 9, 20), held_back=True)
    assert reminder is None
    assert state.snoozed_until is None


def test_pause_for_today_lasts_until_midnight() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 10))
    state = state.snooze(london(11, 24, 10)).pause_today(london(11, 24, 10))
    assert state.paused(london(11, 24, 23, 59))
    assert not state.paused(london(11, 25, 0, 0))
    assert state.next_wakeup(DAILY, london(11, 24, 10), limit=None) == london(11, 25, 9)
    state, shown = run(state, DAILY, london(11, 24, 10, 1), london(11, 25, 10), step=5 * MINUTE)
    assert [r.due for _, r in shown] == [london(11, 25, 9)]
    assert state.paused_day is None
    resumed = ReminderState(paused_day=dt.date(2026, 11, 24)).resume()
    assert not resumed.paused(london(11, 24, 12))


def test_a_clock_set_back_does_not_replay_reminders() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 15))
    state, reminder = state.check(DAILY, london(11, 24, 13))  # the clock went back two hours
    assert reminder is None
    assert state.checked == london(11, 24, 13)
    _, reminder = state.check(DAILY, london(11, 24, 14))
    assert reminder is not None


def test_next_wakeup_is_the_sooner_of_snooze_and_schedule() -> None:
    now = london(11, 24, 13, 55)
    state = ReminderState().snooze(now)
    assert state.next_wakeup(DAILY, now) == london(11, 24, 14)
    assert state.next_wakeup((), now) == london(11, 24, 14, 5)
    assert ReminderState().next_wakeup((), now, limit=None) is None
    assert ReminderState().next_wakeup((), now) == london(11, 24, 14, 10)  # RECHECK
    assert ReminderState().next_wakeup(DAILY, london(11, 24, 10)) == london(11, 24, 10, 15)


def fixed(instant: dt.datetime) -> dt.datetime:
    """What datetime.now().astimezone() gives in London: a fixed offset, no zone."""
    local = instant.astimezone(LONDON)
    offset = local.utcoffset()
    assert offset is not None
    return local.replace(tzinfo=dt.timezone(offset))


def test_a_shell_passing_fixed_offsets_still_reminds_on_time_across_a_change() -> None:
    # The shell sleeps until next_wakeup() each time, on a real (UTC) timeline.
    instant = dt.datetime(2026, 3, 28, 20, 0, tzinfo=UTC)  # the evening before the change
    state, _ = ReminderState().check(DAILY, fixed(instant))
    shown = []
    while instant < dt.datetime(2026, 3, 29, 12, 0, tzinfo=UTC):
        wake = state.next_wakeup(DAILY, fixed(instant))
        assert wake is not None
        instant = wake.astimezone(UTC)
        state, reminder = state.check(DAILY, fixed(instant))
        if reminder is not None:
            shown.append((instant, reminder.due.strftime("%H:%M%z"), reminder.late))
    assert shown == [
        (dt.datetime(2026, 3, 28, 21, 0, tzinfo=UTC), "21:00+0000", False),
        (dt.datetime(2026, 3, 29, 8, 0, tzinfo=UTC), "09:00+0100", False),
    ]


def test_state_round_trips_through_json() -> None:
    state = ReminderState(
        checked=london(11, 24, 9), snoozed_until=london(11, 24, 9, 10), paused_day=None
    )
    assert ReminderState.from_json(state.to_json()) == state
    paused = ReminderState(paused_day=dt.date(2026, 11, 24))
    assert ReminderState.from_json(paused.to_json()) == paused
    full = ReminderState(
        checked=london(11, 24, 9),
        snoozed_until=london(11, 24, 9, 30),
        paused_until=london(11, 24, 11),
        snoozed_routine="hold-sequence",
        held=Reminder(london(11, 24, 9), late=True, missed=2, routine="wall-lean-daily"),
    )
    assert ReminderState.from_json(full.to_json()) == full
    assert ReminderState.from_json({"held": {"due": "garbage"}}) == ReminderState()
    assert ReminderState.from_json({"checked": "garbage"}) == ReminderState()
    assert ReminderState.from_json({"checked": "2026-11-24T09:00:00"}) == ReminderState()


def test_reminder_text() -> None:
    assert reminder_text(Reminder(london(11, 24, 9), late=False), "Daily wall lean") == (
        "Time for Daily wall lean. Click to start."
    )
    assert reminder_text(Reminder(london(11, 24, 14), late=True, missed=1), "Daily wall lean") == (
        "Missed at 14:00 (2 reminders): Daily wall lean. Click to start it now."
    )


# --- a property: ticking often enough, each due time gives exactly one reminder -----------------


@settings(max_examples=40, deadline=None)
@given(
    gaps=st.lists(st.integers(min_value=1, max_value=60), min_size=10, max_size=200),
    start_minute=st.integers(min_value=0, max_value=24 * 60),
)
def test_frequent_checks_give_each_due_time_exactly_once(
    gaps: list[int], start_minute: int
) -> None:
    # Around New York's spring change, with checks at most a minute apart.
    times = (
        ReminderTime(dt.time(1, 59)),
        ReminderTime(dt.time(2, 30)),
        ReminderTime(dt.time(3, 0)),
    )
    start = dt.datetime(2026, 3, 7, 12, 0, tzinfo=NEW_YORK).astimezone(UTC)
    now = start + dt.timedelta(minutes=start_minute)
    state, _ = ReminderState().check(times, now.astimezone(NEW_YORK))
    first = now
    seen = []
    for gap in gaps:
        now += dt.timedelta(seconds=gap)
        state, reminder = state.check(times, now.astimezone(NEW_YORK))
        if reminder is not None:
            assert not reminder.late
            assert reminder.missed == 0
            seen.append(reminder.due.astimezone(UTC))
    expected = [
        w.astimezone(UTC)
        for w in occurrences(times, first.astimezone(NEW_YORK), now.astimezone(NEW_YORK))
    ]
    assert seen == expected
    assert len(set(seen)) == len(seen)


# --- every daily routine, pauses for hours, reminders held back (issue 14) ---------------------

WEEKDAYS = frozenset(range(5))
TWO_ROUTINES = {
    "wall-lean-daily": (ReminderTime(NINE), ReminderTime(NINE_PM)),
    "hold-sequence": (ReminderTime(dt.time(7, 30), days=WEEKDAYS), ReminderTime(TWO)),
}


def test_two_routines_remind_each_at_its_own_times_and_weekdays() -> None:
    # Friday 27 and Saturday 28 March 2026, then Sunday 29: the spring change at 01:00.
    state, _ = ReminderState().check(TWO_ROUTINES, london(3, 27, 0, 1))
    _, shown = run(state, TWO_ROUTINES, london(3, 27, 0, 2), london(3, 29, 23, 59))
    assert [(r.due, r.routine) for _, r in shown] == [
        (london(3, 27, 7, 30), "hold-sequence"),
        (london(3, 27, 9), "wall-lean-daily"),
        (london(3, 27, 14), "hold-sequence"),
        (london(3, 27, 21), "wall-lean-daily"),
        (london(3, 28, 9), "wall-lean-daily"),  # Saturday: no 07:30
        (london(3, 28, 14), "hold-sequence"),
        (london(3, 28, 21), "wall-lean-daily"),
        (london(3, 29, 9), "wall-lean-daily"),  # after the change: still 09:00 on the wall
        (london(3, 29, 14), "hold-sequence"),
        (london(3, 29, 21), "wall-lean-daily"),
    ]
    assert all(not r.late and r.missed == 0 for _, r in shown)
    nxt = ReminderState().next_wakeup(TWO_ROUTINES, london(3, 29, 21, 30), limit=None)
    assert nxt == london(3, 30, 7, 30)


def test_per_routine_schedules_default_to_each_file() -> None:
    files = {"wall-lean-daily": (NINE_PM, NINE), "hold-sequence": ()}
    assert ReminderSettings().active_schedules(files) == {
        "wall-lean-daily": (ReminderTime(NINE), ReminderTime(NINE_PM))
    }
    own = ReminderSettings(schedules={"hold-sequence": (ReminderTime(TWO, WEEKDAYS),)})
    assert own.active_schedules(files) == {
        "wall-lean-daily": (ReminderTime(NINE), ReminderTime(NINE_PM)),
        "hold-sequence": (ReminderTime(TWO, WEEKDAYS),),
    }
    off = ReminderSettings(schedules={"wall-lean-daily": ()})
    assert off.active_schedules(files) == {}
    assert ReminderSettings(enabled=False).active_schedules(files) == {}
    # Times saved before there were schedules still count for the routine they were for.
    old = ReminderSettings(times=(ReminderTime(TWO),))
    assert old.active_schedules(files, "wall-lean-daily") == {
        "wall-lean-daily": (ReminderTime(TWO),)
    }
    assert ReminderSettings.from_json(own.to_json()) == (own, [])


def test_bad_schedules_are_listed() -> None:
    chosen, problems = ReminderSettings.from_json(
        {"schedules": {"a": [{"at": "09:00"}, {"at": "9am"}], "b": "x", "": []}}
    )
    assert chosen.schedules == {"a": (ReminderTime(NINE),), "b": ()}
    assert problems == [
        'schedules.a[1].at: must be a time of day HH:MM, got "9am"',
        'schedules.b: must be a list, got "x"',
        "schedules: a routine id must not be empty",
    ]
    _, problems = ReminderSettings.from_json({"schedules": []})
    assert problems == [
        'schedules: must be an object like {"routine-id": [{"at": "09:00"}]}, got []'
    ]


@pytest.mark.parametrize("hours", [1, 2])
def test_pause_for_hours_drops_what_falls_in_it(hours: int) -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 8, 30))
    state = state.snooze(london(11, 24, 8, 30), 5).pause_for(london(11, 24, 8, 30), hours)
    end = london(11, 24, 8 + hours, 30)
    assert state.paused(end - MINUTE)
    assert not state.paused(end)
    # the next check is the pause's end (the 09:00 in it does not wake the checker)
    assert state.next_wakeup(DAILY, london(11, 24, 8, 30), limit=None) == end
    state, shown = run(state, DAILY, london(11, 24, 8, 31), london(11, 24, 14, 30))
    assert [r.due for _, r in shown] == [london(11, 24, 14)]  # 09:00 fell in the pause
    assert state.paused_until is None
    assert ReminderState(paused_until=end).resume() == ReminderState()


def test_a_pause_over_a_clock_change_lasts_real_hours() -> None:
    state = ReminderState().pause_for(london(3, 29, 0, 30), 1)
    assert state.paused_until is not None
    assert state.paused_until.astimezone(UTC) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_reminders_held_back_come_once_folded_into_the_newest() -> None:
    state, _ = ReminderState().check(TWO_ROUTINES, london(11, 24, 8))  # a Tuesday
    state, shown = run(
        state, TWO_ROUTINES, london(11, 24, 8, 1), london(11, 24, 14, 5), running=True
    )
    assert shown == []
    assert state.held == Reminder(london(11, 24, 14), late=False, missed=1, routine="hold-sequence")
    state, back = state.check(TWO_ROUTINES, london(11, 24, 14, 30))
    assert back == Reminder(london(11, 24, 14), late=True, missed=1, routine="hold-sequence")
    assert state.held is None
    _, again = state.check(TWO_ROUTINES, london(11, 24, 14, 31))
    assert again is None  # once


def test_a_reminder_held_back_past_midnight_is_dropped() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 20))
    state, _ = state.check(DAILY, london(11, 24, 21), held_back=True)
    assert state.held is not None
    state, reminder = state.check(DAILY, london(11, 25, 8))
    assert (reminder, state.held) == (None, None)


def test_a_pause_drops_a_held_reminder() -> None:
    state, _ = ReminderState().check(DAILY, london(11, 24, 8))
    state, _ = state.check(DAILY, london(11, 24, 9), held_back=True)
    state = state.pause_for(london(11, 24, 9, 1), 1)
    state, reminder = state.check(DAILY, london(11, 24, 9, 2))
    assert (reminder, state.held) == (None, None)
    _, reminder = state.check(DAILY, london(11, 24, 10, 30))
    assert reminder is None


def test_a_held_snooze_reminds_of_its_routine() -> None:
    state, _ = ReminderState().check(TWO_ROUTINES, london(11, 24, 10))
    state = state.snooze(london(11, 24, 10), 30, routine="hold-sequence")
    state, reminder = state.check(TWO_ROUTINES, london(11, 24, 10, 30))
    assert reminder == Reminder(
        london(11, 24, 10, 30), late=False, snoozed=True, routine="hold-sequence"
    )
    assert state.snoozed_routine is None


def test_the_documented_reminder_settings_are_accepted() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "interfaces.md").read_text(encoding="utf-8")
    block = docs.split("### Reminder settings", 1)[1].split("```json\n", 1)[1].split("```")[0]
    chosen, problems = ReminderSettings.from_json(json.loads("{" + block + "}")["reminders"])
    assert problems == []
    weekdays = frozenset(range(5))
    assert chosen.schedules == {"hold-sequence": (ReminderTime(dt.time(7, 30), weekdays),)}
