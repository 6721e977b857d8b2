"""Recurring group sessions: expanding a repeat rule into session slots."""

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from group_dex_sessions.core.errors import DexError
from group_dex_sessions.core.recurrence import (
    MAX_OCCURRENCES,
    RecurrenceError,
    RecurrenceRule,
    count_occurrences,
    expand,
    format_weekdays,
    parse_weekdays,
    shift_slots,
)

D = dt.date
DT = dt.datetime
UTC = dt.timezone.utc
SYDNEY = "Australia/Sydney"
PERTH = "Australia/Perth"
ADELAIDE = "Australia/Adelaide"
BRISBANE = "Australia/Brisbane"


def utc(tz, *local):
    """Naive UTC for a local wall time (first one if it happens twice)."""
    aware = DT(*local, tzinfo=ZoneInfo(tz))
    return aware.astimezone(UTC).replace(tzinfo=None)


def wall(tz, naive_utc):
    """Naive local wall time for a naive UTC time."""
    return naive_utc.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).replace(tzinfo=None)


def local_slots(slots, tz=SYDNEY):
    return [(wall(tz, start), wall(tz, stop)) for start, stop in slots]


def local_days(slots, tz=SYDNEY):
    return [wall(tz, start).date() for start, _ in slots]


def session(tz, day, start=(10, 0), stop=(12, 0)):
    """A session on local ``day`` from ``start`` to ``stop`` (hour, minute)."""
    y, m, d = day.year, day.month, day.day
    return utc(tz, y, m, d, *start), utc(tz, y, m, d, *stop)


def run(rule, day, tz=SYDNEY, start=(10, 0), stop=(12, 0), **kwargs):
    return expand(rule, *session(tz, day, start, stop), tz, **kwargs)


# --- basic units ---------------------------------------------------------------


def test_daily_every_two_days():
    rule = RecurrenceRule(interval=2, unit="day", count=4)
    slots = run(rule, D(2026, 2, 27))
    assert local_days(slots) == [
        D(2026, 2, 27),
        D(2026, 3, 1),
        D(2026, 3, 3),
        D(2026, 3, 5),
    ]
    for start, stop in local_slots(slots):
        assert (start.time(), stop.time()) == (dt.time(10), dt.time(12))


def test_weekly_monday_and_wednesday_six_times():
    rule = RecurrenceRule(unit="week", weekdays=(0, 2), count=6)
    slots = run(rule, D(2026, 2, 2))  # a Monday
    assert local_days(slots) == [
        D(2026, 2, 2),
        D(2026, 2, 4),
        D(2026, 2, 9),
        D(2026, 2, 11),
        D(2026, 2, 16),
        D(2026, 2, 18),
    ]
    # 10:00 AEDT is 23:00 UTC the day before.
    assert slots[0] == (DT(2026, 2, 1, 23), DT(2026, 2, 2, 1))


def test_weekly_without_weekdays_uses_the_start_weekday():
    slots = run(RecurrenceRule(unit="week", count=3), D(2026, 2, 5))  # Thursday
    assert local_days(slots) == [D(2026, 2, 5), D(2026, 2, 12), D(2026, 2, 19)]


def test_start_not_on_a_chosen_weekday_begins_at_the_first_matching_day():
    rule = RecurrenceRule(unit="week", weekdays=(0, 2), count=3)
    original = session(SYDNEY, D(2026, 2, 5))  # a Thursday
    slots = expand(rule, *original, SYDNEY)
    assert original not in slots
    assert local_days(slots) == [D(2026, 2, 9), D(2026, 2, 11), D(2026, 2, 16)]


def test_first_slot_is_the_original_session_unchanged():
    start, stop = DT(2026, 2, 1, 23, 0, 7, 123456), DT(2026, 2, 2, 0, 30)
    slots = expand(RecurrenceRule(unit="day", count=2), start, stop, SYDNEY)
    assert slots[0] == (start, stop)
    assert slots[1] == (start + dt.timedelta(days=1), stop + dt.timedelta(days=1))


def test_aware_datetimes_are_converted_to_utc():
    start = DT(2026, 2, 2, 10, tzinfo=ZoneInfo(SYDNEY))
    stop = DT(2026, 2, 2, 12, tzinfo=ZoneInfo(SYDNEY))
    slots = expand(RecurrenceRule(unit="day", count=1), start, stop, SYDNEY)
    assert slots == [(DT(2026, 2, 1, 23), DT(2026, 2, 2, 1))]


def test_fortnightly_tuesday_until_a_date_inclusive():
    until = D(2026, 3, 17)
    rule = RecurrenceRule(unit="fortnight", weekdays=(1,), end="until", until=until)
    start = D(2026, 2, 3)  # a Tuesday
    slots = run(rule, start)
    assert local_days(slots) == [
        D(2026, 2, 3),
        D(2026, 2, 17),
        D(2026, 3, 3),
        D(2026, 3, 17),
    ]
    day_before = dataclasses.replace(rule, until=until - dt.timedelta(1))
    assert local_days(run(day_before, start)) == local_days(slots)[:3]


def test_fortnight_is_two_weeks():
    start = D(2026, 2, 4)
    a = run(
        RecurrenceRule(interval=3, unit="fortnight", weekdays=(0, 2), count=7), start
    )
    b = run(RecurrenceRule(interval=6, unit="week", weekdays=(0, 2), count=7), start)
    assert a == b


def test_fortnightly_weeks_start_on_monday():
    rule = RecurrenceRule(unit="fortnight", weekdays=(0, 2), count=4)
    slots = run(rule, D(2026, 2, 4))  # Wednesday: its Monday is already past
    assert local_days(slots) == [
        D(2026, 2, 4),
        D(2026, 2, 16),
        D(2026, 2, 18),
        D(2026, 3, 2),
    ]


def test_weekdays_are_ignored_for_daily_and_monthly_rules():
    daily = RecurrenceRule(unit="day", weekdays=(6,), count=3)
    assert local_days(run(daily, D(2026, 2, 2))) == [
        D(2026, 2, 2),
        D(2026, 2, 3),
        D(2026, 2, 4),
    ]
    monthly = RecurrenceRule(unit="month", weekdays=(6,), count=2)
    assert local_days(run(monthly, D(2026, 2, 2))) == [D(2026, 2, 2), D(2026, 3, 2)]


# --- monthly -------------------------------------------------------------------


def test_monthly_on_the_31st_skips_shorter_months():
    rule = RecurrenceRule(unit="month", count=5)
    # 10:00 on 31 January in Sydney is 23:00 UTC on the 30th: the local day counts.
    slots = run(rule, D(2026, 1, 31))
    assert slots[0][0] == DT(2026, 1, 30, 23)
    assert local_days(slots) == [
        D(2026, 1, 31),
        D(2026, 3, 31),
        D(2026, 5, 31),
        D(2026, 7, 31),
        D(2026, 8, 31),
    ]


def test_monthly_on_the_31st_every_two_months_skips_without_shifting():
    rule = RecurrenceRule(interval=2, unit="month", end="until", until=D(2026, 12, 31))
    assert local_days(run(rule, D(2026, 1, 31))) == [
        D(2026, 1, 31),
        D(2026, 3, 31),
        D(2026, 5, 31),
        D(2026, 7, 31),
        # September has 30 days: skipped, not moved to 30 September.
    ]


def test_monthly_on_the_30th_skips_february():
    rule = RecurrenceRule(unit="month", count=3)
    assert local_days(run(rule, D(2026, 1, 30))) == [
        D(2026, 1, 30),
        D(2026, 3, 30),
        D(2026, 4, 30),
    ]


def test_monthly_second_tuesday():
    rule = RecurrenceRule(unit="month", month_by="weekday", count=5)
    assert local_days(run(rule, D(2026, 1, 13))) == [
        D(2026, 1, 13),
        D(2026, 2, 10),
        D(2026, 3, 10),
        D(2026, 4, 14),
        D(2026, 5, 12),
    ]


def test_monthly_fifth_friday_means_the_last_friday():
    rule = RecurrenceRule(unit="month", month_by="weekday", count=5)
    assert local_days(run(rule, D(2026, 1, 30))) == [
        D(2026, 1, 30),
        D(2026, 2, 27),
        D(2026, 3, 27),
        D(2026, 4, 24),
        D(2026, 5, 29),
    ]


def test_monthly_fourth_friday_stays_the_fourth_even_when_it_was_the_last():
    rule = RecurrenceRule(unit="month", month_by="weekday", count=4)
    assert local_days(run(rule, D(2026, 2, 27))) == [
        D(2026, 2, 27),
        D(2026, 3, 27),
        D(2026, 4, 24),
        D(2026, 5, 22),  # May 2026 has five Fridays; the last is the 29th
    ]


def test_every_three_months_by_weekday():
    rule = RecurrenceRule(interval=3, unit="month", month_by="weekday", count=3)
    assert local_days(run(rule, D(2026, 1, 5))) == [  # first Monday
        D(2026, 1, 5),
        D(2026, 4, 6),
        D(2026, 7, 6),
    ]


# --- leap days -----------------------------------------------------------------


def test_monthly_on_the_29th_includes_29_february_in_a_leap_year():
    rule = RecurrenceRule(unit="month", count=4)
    assert local_days(run(rule, D(2028, 1, 29))) == [
        D(2028, 1, 29),
        D(2028, 2, 29),
        D(2028, 3, 29),
        D(2028, 4, 29),
    ]


def test_monthly_on_the_29th_skips_february_in_other_years():
    rule = RecurrenceRule(unit="month", count=3)
    assert local_days(run(rule, D(2026, 12, 29))) == [
        D(2026, 12, 29),
        D(2027, 1, 29),
        D(2027, 3, 29),
    ]


def test_monthly_from_29_february():
    rule = RecurrenceRule(unit="month", count=3)
    assert local_days(run(rule, D(2028, 2, 29))) == [
        D(2028, 2, 29),
        D(2028, 3, 29),
        D(2028, 4, 29),
    ]


def test_daily_across_29_february():
    rule = RecurrenceRule(unit="day", end="until", until=D(2028, 3, 1))
    assert local_days(run(rule, D(2028, 2, 28))) == [
        D(2028, 2, 28),
        D(2028, 2, 29),
        D(2028, 3, 1),
    ]


# --- time zones and daylight saving --------------------------------------------


def test_sydney_weekly_10am_keeps_local_time_across_both_changes():
    # Sydney: daylight time ends 2026-04-05 and starts 2026-10-04 (Sundays).
    rule = RecurrenceRule(unit="week", end="until", until=D(2026, 10, 11))
    slots = run(rule, D(2026, 3, 29))
    starts = [start for start, _ in slots]
    assert starts[:3] == [
        DT(2026, 3, 28, 23),  # 10:00 AEDT (+11)
        DT(2026, 4, 5, 0),  # 10:00 AEST (+10) on the change day
        DT(2026, 4, 12, 0),
    ]
    assert starts[-3:] == [
        DT(2026, 9, 27, 0),  # 10:00 AEST
        DT(2026, 10, 3, 23),  # 10:00 AEDT on the change day
        DT(2026, 10, 10, 23),
    ]
    assert len(slots) == 29
    for start, stop in local_slots(slots):
        assert (start.time(), stop.time()) == (dt.time(10), dt.time(12))
    assert {start.hour for start, _ in slots} == {23, 0}


def test_sydney_weekday_session_after_the_change():
    rule = RecurrenceRule(unit="week", count=2)
    slots = run(rule, D(2026, 4, 1))  # Wednesday before the change
    assert slots == [
        (DT(2026, 3, 31, 23), DT(2026, 4, 1, 1)),
        (DT(2026, 4, 8, 0), DT(2026, 4, 8, 2)),
    ]


def test_perth_has_no_daylight_saving():
    rule = RecurrenceRule(unit="week", count=53)
    slots = run(rule, D(2026, 1, 4), tz=PERTH)
    assert {(start.time(), stop.time()) for start, stop in slots} == {
        (dt.time(2), dt.time(4))
    }
    zone = ZoneInfo(PERTH)
    offsets = {
        start.replace(tzinfo=UTC).astimezone(zone).utcoffset() for start, _ in slots
    }
    assert offsets == {dt.timedelta(hours=8)}


def test_brisbane_has_no_daylight_saving():
    slots = run(RecurrenceRule(unit="month", count=12), D(2026, 1, 15), tz=BRISBANE)
    assert {start.time() for start, _ in slots} == {dt.time(0)}


def test_adelaide_half_hour_offsets():
    rule = RecurrenceRule(unit="week", count=2)
    slots = run(rule, D(2026, 3, 29), tz=ADELAIDE)
    assert [start for start, _ in slots] == [
        DT(2026, 3, 28, 23, 30),  # 10:00 ACDT (+10:30)
        DT(2026, 4, 5, 0, 30),  # 10:00 ACST (+9:30)
    ]


def test_nonexistent_local_time_moves_forward_by_the_gap():
    # 02:30 on 2026-10-04 does not exist in Sydney (02:00 -> 03:00).
    rule = RecurrenceRule(unit="week", count=3)
    slots = run(rule, D(2026, 9, 27), tz=SYDNEY, start=(2, 30), stop=(3, 30))
    assert slots == [
        (DT(2026, 9, 26, 16, 30), DT(2026, 9, 26, 17, 30)),  # 02:30 AEST
        (DT(2026, 10, 3, 16, 30), DT(2026, 10, 3, 17, 30)),  # 03:30-04:30 AEDT
        (DT(2026, 10, 10, 15, 30), DT(2026, 10, 10, 16, 30)),  # 02:30 AEDT
    ]
    assert [(a.time(), b.time()) for a, b in local_slots(slots)] == [
        (dt.time(2, 30), dt.time(3, 30)),
        (dt.time(3, 30), dt.time(4, 30)),
        (dt.time(2, 30), dt.time(3, 30)),
    ]


def test_ambiguous_local_time_uses_the_first_one():
    # 02:30 on 2026-04-05 happens twice in Sydney (03:00 AEDT -> 02:00 AEST).
    rule = RecurrenceRule(unit="week", count=2)
    slots = run(rule, D(2026, 3, 29), tz=SYDNEY, start=(2, 30), stop=(2, 45))
    assert slots[1] == (DT(2026, 4, 4, 15, 30), DT(2026, 4, 4, 15, 45))  # AEDT


def test_duration_is_kept_in_local_wall_clock_time():
    # 01:00-04:00 local; on the spring-forward day that is only two real hours.
    rule = RecurrenceRule(unit="day", count=2)
    slots = run(rule, D(2026, 10, 3), tz=SYDNEY, start=(1, 0), stop=(4, 0))
    assert [(a.time(), b.time()) for a, b in local_slots(slots)] == [
        (dt.time(1), dt.time(4)),
        (dt.time(1), dt.time(4)),
    ]
    assert [stop - start for start, stop in slots] == [
        dt.timedelta(hours=3),
        dt.timedelta(hours=2),
    ]


def test_session_inside_the_repeated_hour_keeps_its_real_length():
    # 02:40 AEDT to 02:10 AEST: 30 real minutes, but the wall clock goes back.
    start, stop = DT(2026, 4, 4, 15, 40), DT(2026, 4, 4, 16, 10)
    slots = expand(RecurrenceRule(unit="day", count=2), start, stop, SYDNEY)
    assert slots[0] == (start, stop)
    assert slots[1] == (DT(2026, 4, 5, 16, 40), DT(2026, 4, 5, 17, 10))


# --- ends ----------------------------------------------------------------------


def test_count_counts_generated_sessions():
    for count in (1, 2, 7):
        rule = RecurrenceRule(unit="week", weekdays=(1, 3), count=count)
        assert len(run(rule, D(2026, 2, 2))) == count  # Monday: not itself included


def test_until_is_inclusive_of_the_local_date():
    # A 23:30 Sydney session on the until date is 12:30 UTC that day; a 00:30
    # session is on the previous UTC day. Both are on the local until date.
    rule = RecurrenceRule(unit="day", end="until", until=D(2026, 2, 3))
    late = run(rule, D(2026, 2, 1), start=(23, 30), stop=(23, 45))
    early = run(rule, D(2026, 2, 1), start=(0, 30), stop=(1, 0))
    assert (
        local_days(late)
        == local_days(early)
        == [
            D(2026, 2, 1),
            D(2026, 2, 2),
            D(2026, 2, 3),
        ]
    )
    assert early[-1][0] == DT(2026, 2, 2, 13, 30)


def test_until_on_the_start_date_gives_one_session():
    rule = RecurrenceRule(unit="week", end="until", until=D(2026, 2, 2))
    assert len(run(rule, D(2026, 2, 2))) == 1


def test_until_accepts_a_datetime_as_its_date():
    rule = RecurrenceRule(unit="day", end="until", until=DT(2026, 2, 3, 0, 0))
    assert rule.until == D(2026, 2, 3)
    assert len(run(rule, D(2026, 2, 1))) == 3


def test_the_unused_end_field_is_ignored():
    rule = RecurrenceRule(unit="day", end="until", until=D(2026, 2, 3), count=0)
    assert len(run(rule, D(2026, 2, 1))) == 3
    rule = RecurrenceRule(unit="day", end="count", count=2, until=D(2000, 1, 1))
    assert len(run(rule, D(2026, 2, 1))) == 2


def test_limit_allows_exactly_max_occurrences():
    rule = RecurrenceRule(unit="week", count=MAX_OCCURRENCES)
    assert len(run(rule, D(2026, 2, 2))) == 520
    rule = RecurrenceRule(unit="day", end="until", until=D(2026, 2, 10))
    assert len(run(rule, D(2026, 2, 1), max_occurrences=10)) == 10


# --- counting ------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(unit="day", interval=3),
        dict(unit="week", weekdays=(0, 2, 4)),
        dict(unit="fortnight", interval=2, weekdays=(1, 6)),
        dict(unit="month"),
        dict(unit="month", interval=5),
        dict(unit="month", interval=7, month_by="weekday"),
    ],
    ids=["day", "week", "fortnight", "month", "month5", "month7-weekday"],
)
@pytest.mark.parametrize("start", [D(2026, 1, 31), D(2028, 2, 29), D(2026, 3, 4)])
@pytest.mark.parametrize("long", [False, True], ids=["short", "long"])
def test_count_occurrences_matches_the_expanded_series(kwargs, start, long):
    # Monthly series repeat exactly every 400 years: "long" goes past that, so
    # the count takes its shortcut. Daily and weekly ones take it at once.
    if not long:
        until = D(2029, 3, 1)
    else:
        until = D(2500, 12, 31) if kwargs["unit"] == "month" else D(2080, 6, 30)
    rule = RecurrenceRule(**kwargs, end="until", until=until)
    begin = utc(SYDNEY, start.year, start.month, start.day, 10)
    slots = expand(rule, begin, begin + dt.timedelta(hours=1), SYDNEY, 10**6)
    assert count_occurrences(rule, begin, SYDNEY) == len(slots)
    assert all(wall(SYDNEY, a).date() <= until for a, _ in slots)
    assert count_occurrences(RecurrenceRule(count=9), begin, SYDNEY) == 9


def test_huge_series_is_refused_with_its_exact_size():
    rule = RecurrenceRule(unit="day", end="until", until=D(9999, 12, 31))
    days = (D(9999, 12, 31) - D(2026, 2, 1)).days + 1
    with pytest.raises(RecurrenceError) as info:
        run(rule, D(2026, 2, 1))
    assert str(info.value) == (
        f"This recurrence would create {days} sessions; the limit is 520."
    )
    assert count_occurrences(rule, session(SYDNEY, D(2026, 2, 1))[0], SYDNEY) == days


def test_huge_weekly_and_monthly_series_are_counted_exactly():
    start = session(SYDNEY, D(2026, 2, 2))[0]  # a Monday
    weekly = RecurrenceRule(weekdays=(0, 2), end="until", until=D(9999, 12, 29))
    # 2026-02-02 .. 9999-12-27 (a Monday) is a whole number of weeks, plus
    # Monday 9999-12-27 and Wednesday 9999-12-29.
    weeks = (D(9999, 12, 27) - D(2026, 2, 2)).days // 7
    assert count_occurrences(weekly, start, SYDNEY) == 2 * weeks + 2
    monthly = RecurrenceRule(unit="month", end="until", until=D(9999, 12, 31))
    months = (9999 - 2026) * 12 + 12 - 2 + 1
    assert count_occurrences(monthly, start, SYDNEY) == months


def test_count_above_the_limit_is_refused():
    with pytest.raises(RecurrenceError, match="would create 521 sessions; the limit"):
        run(RecurrenceRule(count=521), D(2026, 2, 2))
    with pytest.raises(
        RecurrenceError, match="would create 11 sessions; the limit is 10"
    ):
        run(RecurrenceRule(count=11), D(2026, 2, 2), max_occurrences=10)


# --- validation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"interval": 0}, "interval must be a whole number of at least 1"),
        ({"interval": -2}, "interval must be a whole number of at least 1"),
        ({"interval": 1.5}, "interval must be a whole number of at least 1"),
        ({"interval": True}, "interval must be a whole number of at least 1"),
        ({"unit": "year"}, "Unknown unit 'year'"),
        ({"month_by": "day"}, "Unknown monthly mode 'day'"),
        ({"end": "never"}, "Unknown end 'never'"),
        ({"count": None}, "needs a count of at least 1, got None"),
        ({"count": 0}, "needs a count of at least 1, got 0"),
        ({"end": "until"}, "needs an end date, got None"),
        ({"end": "until", "until": False}, "needs an end date"),
        ({"weekdays": (0, 7)}, "Weekday 7 is out of range"),
        ({"weekdays": (-1,)}, "Weekday -1 is out of range"),
        ({"weekdays": "0,2"}, "Weekdays must be a sequence"),
    ],
)
def test_invalid_rules(kwargs, message):
    with pytest.raises(RecurrenceError, match=message):
        RecurrenceRule(**{"count": 3, **kwargs})


def test_recurrence_error_is_a_dex_error():
    assert issubclass(RecurrenceError, DexError)
    with pytest.raises(DexError):
        RecurrenceRule(interval=0)


def test_rule_normalises_weekdays_and_is_hashable():
    rule = RecurrenceRule(weekdays=[4, 0, 4], count=2)
    assert rule.weekdays == (0, 4)
    assert hash(rule) == hash(RecurrenceRule(weekdays=(0, 4), count=2))


def test_until_before_the_start_date():
    rule = RecurrenceRule(unit="day", end="until", until=D(2026, 2, 1))
    with pytest.raises(RecurrenceError, match="ends on 2026-02-01, before its first"):
        run(rule, D(2026, 2, 2))


def test_until_with_no_matching_day():
    rule = RecurrenceRule(weekdays=(0,), end="until", until=D(2026, 2, 8))
    with pytest.raises(RecurrenceError, match="no session between 2026-02-03 and"):
        run(rule, D(2026, 2, 3))  # Tuesday to Sunday: no Monday


@pytest.mark.parametrize("minutes", [0, -30])
def test_stop_not_after_start(minutes):
    start = DT(2026, 2, 1, 23)
    with pytest.raises(RecurrenceError, match="must end after it starts"):
        expand(
            RecurrenceRule(count=2),
            start,
            start + dt.timedelta(minutes=minutes),
            SYDNEY,
        )


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "", None, "../etc/passwd"])
def test_unknown_time_zone(tz):
    start = DT(2026, 2, 1, 23)
    with pytest.raises(RecurrenceError, match="Unknown time zone"):
        expand(RecurrenceRule(count=2), start, start + dt.timedelta(hours=1), tz)


def test_start_must_be_a_datetime():
    with pytest.raises(RecurrenceError, match="start must be a date and time"):
        expand(RecurrenceRule(count=2), D(2026, 2, 1), DT(2026, 2, 2), SYDNEY)


@pytest.mark.parametrize(
    ("rule", "day"),
    [
        (RecurrenceRule(interval=1000, unit="month", count=100), D(2026, 2, 2)),
        (RecurrenceRule(weekdays=(0,), count=1), D(9999, 12, 28)),  # a Tuesday
    ],
)
def test_series_past_year_9999(rule, day):
    with pytest.raises(RecurrenceError, match="past the year 9999"):
        run(rule, day)


# --- weekday text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("0,2", (0, 2)),
        (" 2, 0 ,2 ", (0, 2)),
        ("6", (6,)),
        ("", ()),
        ("  ", ()),
        (None, ()),
        (False, ()),
    ],
)
def test_parse_weekdays(text, days):
    assert parse_weekdays(text) == days


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mon", "'mon' is not a number"),
        ("1,,2", "'' is not a number"),
        ("1;2", "'1;2' is not a number"),
        ("-1", "'-1' is not a number"),
        ("1.5", "'1.5' is not a number"),
        ("7", "Weekday 7 is out of range"),
        ("0,12", "Weekday 12 is out of range"),
        (b"0,2", "must be given as text"),
    ],
)
def test_parse_weekdays_rejects_junk(text, message):
    with pytest.raises(RecurrenceError, match=message):
        parse_weekdays(text)


def test_format_weekdays_round_trips():
    assert format_weekdays((4, 0, 2)) == "0,2,4"
    assert format_weekdays(()) == ""
    assert parse_weekdays(format_weekdays([6, 1])) == (1, 6)


# --- property ------------------------------------------------------------------

ZONES = [SYDNEY, PERTH, ADELAIDE, BRISBANE]


def _exists(naive, zone):
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def _expected_wall(naive, zone):
    """The wall time a slot planned at ``naive`` gets: moved on by a gap."""
    if _exists(naive, zone):
        return naive
    gap = (naive + dt.timedelta(days=1)).replace(tzinfo=zone).utcoffset() - (
        naive - dt.timedelta(days=1)
    ).replace(tzinfo=zone).utcoffset()
    return naive + gap


@st.composite
def near_a_change(draw):
    """A day up to three weeks before the first Sunday of April or October."""
    first = D(draw(st.integers(2020, 2035)), draw(st.sampled_from([4, 10])), 1)
    sunday = first + dt.timedelta(days=(6 - first.weekday()) % 7)
    return sunday - dt.timedelta(days=draw(st.integers(0, 21)))


@st.composite
def cases(draw):
    tz = draw(st.sampled_from(ZONES))
    day = draw(st.one_of(st.dates(D(2020, 1, 1), D(2035, 12, 31)), near_a_change()))
    # Hours 1-3 often, so series cross the missing and the repeated hour.
    hour = draw(st.one_of(st.integers(0, 23), st.integers(1, 3)))
    start = utc(tz, day.year, day.month, day.day, hour, draw(st.integers(0, 59)))
    minutes = draw(st.integers(min_value=1, max_value=12 * 60))
    unit = draw(st.sampled_from(["day", "week", "fortnight", "month"]))
    weekdays = tuple(draw(st.lists(st.integers(0, 6), max_size=7)))
    month_by = draw(st.sampled_from(["date", "weekday"]))
    interval = draw(st.integers(min_value=1, max_value=3))
    end = draw(st.sampled_from(["count", "until"]))
    count = draw(st.integers(min_value=1, max_value=40))
    local_start = wall(tz, start).date()
    until = local_start + dt.timedelta(days=draw(st.integers(0, 500)))
    rule = RecurrenceRule(
        interval=interval,
        unit=unit,
        weekdays=weekdays,
        month_by=month_by,
        end=end,
        count=count,
        until=until,
    )
    return rule, start, start + dt.timedelta(minutes=minutes), tz


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
@example(  # weekly 02:30 across Sydney's missing hour
    (RecurrenceRule(count=3), DT(2026, 9, 26, 16, 30), DT(2026, 9, 26, 17), SYDNEY)
)
@example(  # daily 01:00-02:30 in Adelaide: the stop falls in the missing hour
    (
        RecurrenceRule(unit="day", end="until", until=D(2026, 10, 6)),
        utc(ADELAIDE, 2026, 10, 2, 1),
        utc(ADELAIDE, 2026, 10, 2, 2, 30),
        ADELAIDE,
    )
)
@example(  # daily 02:15 across Sydney's repeated hour
    (
        RecurrenceRule(unit="day", count=4),
        DT(2026, 4, 2, 15, 15),
        DT(2026, 4, 2, 16),
        SYDNEY,
    )
)
def test_property_local_time_duration_order_and_count(case):
    rule, start, stop, tz = case
    zone = ZoneInfo(tz)
    wall_start, wall_stop = wall(tz, start), wall(tz, stop)
    duration = wall_stop - wall_start
    assume(duration > dt.timedelta(0))  # not a session inside a repeated hour

    try:
        slots = expand(rule, start, stop, tz)
    except RecurrenceError as exc:
        assert "no session" in str(exc)
        assert count_occurrences(rule, start, tz) == 0
        return

    if rule.end == "count":
        assert len(slots) == rule.count
    else:
        assert len(slots) == count_occurrences(rule, start, tz)
        assert all(wall(tz, a).date() <= rule.until for a, _ in slots)

    starts = [a for a, _ in slots]
    assert starts == sorted(set(starts))  # strictly increasing
    assert all(a < b for a, b in slots)
    assert wall(tz, starts[0]) >= wall_start

    matches_start = rule.unit in ("day", "month") or (
        not rule.weekdays or wall_start.weekday() in rule.weekdays
    )
    if matches_start:
        assert slots[0] == (start, stop)

    for a, b in slots[1:] if matches_start else slots:
        local_a, local_b = wall(tz, a), wall(tz, b)
        planned = dt.datetime.combine(local_a.date(), wall_start.time())
        assert local_a == _expected_wall(planned, zone)
        assert local_b == _expected_wall(local_a + duration, zone)
        if rule.unit in ("week", "fortnight"):
            assert local_a.weekday() in (rule.weekdays or (wall_start.weekday(),))
        elif rule.unit == "month" and rule.month_by == "date":
            assert local_a.day == wall_start.day
        elif rule.unit == "month":
            assert local_a.weekday() == wall_start.weekday()


# --- moving the rest of a series (shift_slots) -----------------------------------


def test_shift_slots_keeps_the_new_local_time_across_dst():
    """10:00-12:00 weekly across 5 April 2026 moved to 11:00-13:30 stays local."""
    rule = RecurrenceRule(unit="week", count=4)
    slots = run(rule, D(2026, 3, 24))  # Tuesdays: 2 before, 2 after the change
    before = slots[0]
    after = session(SYDNEY, D(2026, 3, 24), (11, 0), (13, 30))
    moved = shift_slots(slots[1:], before, after, SYDNEY)
    assert local_slots(moved) == [
        (DT(2026, 3, 31, 11, 0), DT(2026, 3, 31, 13, 30)),
        (DT(2026, 4, 7, 11, 0), DT(2026, 4, 7, 13, 30)),
        (DT(2026, 4, 14, 11, 0), DT(2026, 4, 14, 13, 30)),
    ]
    # a raw UTC delta would have left the April sessions an hour early
    assert moved[-1][0] - slots[-1][0] == dt.timedelta(hours=1)


def test_shift_slots_moves_days_too():
    slots = run(RecurrenceRule(unit="week", count=3), D(2026, 9, 29))  # Tuesdays
    after = session(SYDNEY, D(2026, 9, 30))  # Wednesday, same time
    moved = shift_slots(slots, slots[0], after, SYDNEY)
    assert [d.weekday() for d in local_days(moved)] == [2, 2, 2]
    # 7 October crosses the 4 October 2026 change and stays 10:00
    assert local_slots(moved)[1] == (DT(2026, 10, 7, 10, 0), DT(2026, 10, 7, 12, 0))


def test_shift_slots_refuses_bad_input():
    slots = run(RecurrenceRule(unit="day", count=2), D(2026, 3, 3))
    start, stop = slots[0]
    with pytest.raises(RecurrenceError, match="end after it starts"):
        shift_slots(slots, (start, stop), (start, start), SYDNEY)
    with pytest.raises(RecurrenceError, match="Unknown time zone"):
        shift_slots(slots, slots[0], slots[0], "Mars/Olympus")
    assert shift_slots([], slots[0], slots[1], SYDNEY) == []
