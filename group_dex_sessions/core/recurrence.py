"""Recurring group sessions: expand a repeat rule into session slots.

A :class:`RecurrenceRule` says how a session repeats: every *interval* days,
weeks, fortnights or months, ending after *count* sessions or on an *until*
date. :func:`expand` turns a rule plus the first session's start and stop
(naive UTC, as Odoo stores them) into the list of ``(start, stop)`` slots, also
naive UTC. The series is computed with :mod:`dateutil.rrule` in the local wall
time of the company's time zone, so a 10:00-12:00 session stays 10:00-12:00
local time on both sides of a daylight-saving change.

Behaviour, in detail:

* **Units.** ``"day"``, ``"week"``, ``"fortnight"`` (a week rule with twice the
  interval) and ``"month"``.
* **Weekdays** (0 = Monday .. 6 = Sunday) apply to weekly and fortnightly rules
  only; empty means the start's weekday. They are ignored (but still checked)
  for daily and monthly rules. Weeks begin on Monday, so "every 2 weeks on
  Monday and Wednesday" starting on a Wednesday gives that Wednesday, then
  Monday and Wednesday two weeks later.
* **A start that does not match the rule** (e.g. a Thursday start for a
  Monday/Wednesday rule) is not itself an occurrence: the series starts at the
  first matching day on or after the start date, and ``count`` counts only
  matching occurrences. When the start does match, the first slot returned is
  exactly the original ``(start_utc, stop_utc)``.
* **Monthly by date** repeats on the start's day of the month. Months without
  that day are skipped (RFC 5545 and dateutil behaviour; Google Calendar and
  Outlook do the same): the 31st gives January, March, May, July, August...;
  the 29th skips February except in leap years. Nothing is clamped to the end
  of the month and no error is raised.
* **Monthly by weekday** repeats on the start's weekday of the same rank in the
  month: the 1st-4th Tuesday stays the 1st-4th Tuesday; a start on the 5th
  occurrence of its weekday (day 29-31) means the **last** such weekday of the
  month, which every month has.
* **Ends.** ``end="count"`` stops after ``count`` occurrences. ``end="until"``
  includes every occurrence on or before the local date ``until``.
* **Time zones** are IANA names read with :mod:`zoneinfo`. Each occurrence keeps
  the start's local wall time and the session's local wall-clock duration.
  A local time that does not exist (clocks spring forward, e.g. 02:30 on the
  first Sunday of October in Sydney) is moved forward by the gap (02:30 ->
  03:30), and the stop keeps the same duration after the moved start. A local
  time that happens twice (clocks fall back) means the first one (``fold=0``,
  still daylight time). These are the :pep:`495` rules for ``fold=0``.
* **Limits.** A series longer than ``max_occurrences`` (default 520, ten years
  of weekly sessions) is refused with its exact size, which is computed
  without listing the occurrences, so "daily until 9999" fails fast.

Every problem raises :class:`RecurrenceError`, a :class:`~.errors.DexError`.

Public API: :class:`RecurrenceRule`, :class:`RecurrenceError`,
:func:`parse_weekdays`, :func:`format_weekdays`, :func:`expand`,
:func:`count_occurrences`, :func:`shift_slots`, :data:`MAX_OCCURRENCES`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import rrule as rr
from dateutil.relativedelta import relativedelta

from .errors import DexError

UNITS = ("day", "week", "fortnight", "month")
MONTH_BY = ("date", "weekday")
ENDS = ("count", "until")
MAX_OCCURRENCES = 520
WEEKDAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

# 400 Gregorian years are exactly 146097 days = 20871 weeks: after 4800 months
# every date falls on the same weekday again, leap days included.
_CYCLE_MONTHS = 4800
_TICK = dt.timedelta(microseconds=1)
_UTC = dt.timezone.utc
_WEEKDAY_ITEM = re.compile(r"\d+", re.ASCII)


class RecurrenceError(DexError, ValueError):
    """A recurrence rule or its inputs cannot produce a series of sessions."""


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_choice(name: str, value, choices: tuple[str, ...]) -> None:
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise RecurrenceError(f"Unknown {name} {value!r}; use one of {allowed}.")


def _normalise_weekdays(days) -> tuple[int, ...]:
    if not days:
        return ()
    if isinstance(days, str | bytes) or _is_int(days):
        raise RecurrenceError(
            f"Weekdays must be a sequence of numbers 0-6, got {days!r}."
        )
    for day in days:
        if not _is_int(day) or not 0 <= day <= 6:
            raise RecurrenceError(
                f"Weekday {day!r} is out of range; use 0 (Monday) to 6 (Sunday)."
            )
    return tuple(sorted(set(days)))


@dataclass(frozen=True)
class RecurrenceRule:
    """How a session repeats. Checked on creation; ``weekdays`` is sorted.

    ``count`` is only used (and required, >= 1) when ``end == "count"``;
    ``until`` (a local date, inclusive) only when ``end == "until"``. The other
    one is ignored, so a form can keep stale values in the hidden field.
    """

    interval: int = 1
    unit: str = "week"
    weekdays: tuple[int, ...] = ()
    month_by: str = "date"
    end: str = "count"
    count: int | None = None
    until: dt.date | None = None

    def __post_init__(self) -> None:
        if not _is_int(self.interval) or self.interval < 1:
            raise RecurrenceError(
                f"The repeat interval must be a whole number of at least 1, "
                f"got {self.interval!r}."
            )
        _check_choice("unit", self.unit, UNITS)
        _check_choice("monthly mode", self.month_by, MONTH_BY)
        _check_choice("end", self.end, ENDS)
        object.__setattr__(self, "weekdays", _normalise_weekdays(self.weekdays))
        if self.end == "count" and (not _is_int(self.count) or self.count < 1):
            raise RecurrenceError(
                f"A series that ends after a number of sessions needs a count "
                f"of at least 1, got {self.count!r}."
            )
        if self.end == "until":
            if not isinstance(self.until, dt.date):
                raise RecurrenceError(
                    f"A series that ends on a date needs an end date, "
                    f"got {self.until!r}."
                )
            if isinstance(self.until, dt.datetime):
                object.__setattr__(self, "until", self.until.date())

    @property
    def weeks(self) -> int:
        """Weeks between repeats for weekly and fortnightly rules."""
        return self.interval * (2 if self.unit == "fortnight" else 1)


def parse_weekdays(text: str | None) -> tuple[int, ...]:
    """``"0,2"`` -> ``(0, 2)``: sorted, without duplicates; blank -> ``()``."""
    if text is None or text is False:
        return ()
    if not isinstance(text, str):
        raise RecurrenceError(f"Weekdays must be given as text, got {text!r}.")
    if not text.strip():
        return ()
    days = []
    for item in text.split(","):
        item = item.strip()
        if not _WEEKDAY_ITEM.fullmatch(item):
            raise RecurrenceError(
                f"Cannot read weekdays {text!r}: {item!r} is not a number; use "
                f"0 (Monday) to 6 (Sunday) separated by commas, e.g. '0,2'."
            )
        days.append(int(item))
    return _normalise_weekdays(days)


def format_weekdays(days) -> str:
    """``(2, 0)`` -> ``"0,2"``: the inverse of :func:`parse_weekdays`."""
    return ",".join(str(day) for day in _normalise_weekdays(days))


def _zone(tz: str) -> ZoneInfo:
    if not isinstance(tz, str) or not tz:
        raise RecurrenceError(f"Unknown time zone {tz!r}.")
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise RecurrenceError(f"Unknown time zone {tz!r}.") from exc


def _naive_utc(value, name: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise RecurrenceError(f"The session {name} must be a date and time.")
    if value.tzinfo is not None:
        value = value.astimezone(_UTC).replace(tzinfo=None)
    return value


def _to_wall(utc: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Naive UTC -> naive local wall time."""
    return utc.replace(tzinfo=_UTC).astimezone(zone).replace(tzinfo=None)


def _to_utc(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Naive local wall time -> naive UTC.

    ``fold=0`` picks the first of two repeated times and, for a time in a gap,
    the offset before the change, which lands the gap's length later.
    """
    local = wall.replace(tzinfo=zone, fold=0)
    return local.astimezone(_UTC).replace(tzinfo=None)


def _rrule_kwargs(rule: RecurrenceRule, start: dt.datetime) -> dict:
    """dateutil.rrule arguments for ``rule`` starting at local ``start``."""
    if rule.unit == "day":
        return {"freq": rr.DAILY, "interval": rule.interval}
    if rule.unit in ("week", "fortnight"):
        return {
            "freq": rr.WEEKLY,
            "interval": rule.weeks,
            "byweekday": rule.weekdays or (start.weekday(),),
            "wkst": rr.MO,
        }
    if rule.month_by == "weekday":
        rank = (start.day - 1) // 7 + 1
        return {
            "freq": rr.MONTHLY,
            "interval": rule.interval,
            "byweekday": rr.weekday(start.weekday(), -1 if rank == 5 else rank),
        }
    return {"freq": rr.MONTHLY, "interval": rule.interval, "bymonthday": start.day}


def _period(rule: RecurrenceRule) -> relativedelta:
    """A shift that maps the series onto itself (used to count it quickly)."""
    if rule.unit == "day":
        return relativedelta(days=rule.interval)
    if rule.unit in ("week", "fortnight"):
        return relativedelta(days=7 * rule.weeks)
    return relativedelta(months=math.lcm(rule.interval, _CYCLE_MONTHS))


def _whole_periods(start: dt.datetime, end: dt.datetime, period) -> int:
    """How many whole periods fit between ``start`` and ``end``."""
    if period.years or period.months:
        months = (end.year - start.year) * 12 + end.month - start.month
        n = months // (period.years * 12 + period.months)
    else:
        n = (end - start).days // period.days
    while n > 0 and start + period * n > end:
        n -= 1
    return n


def _count_until(kwargs: dict, start: dt.datetime, end: dt.datetime, period) -> int:
    """Occurrences from ``start`` to ``end`` (inclusive), without listing them all.

    The series repeats exactly after ``period``, so it is ``n`` whole periods
    of the same size plus the part of one period that is left.
    """
    n = _whole_periods(start, end, period)
    rest = rr.rrule(dtstart=start, until=end - period * n, **kwargs).count()
    if not n:
        return rest
    first = rr.rrule(dtstart=start, until=start + period - _TICK, **kwargs)
    return n * first.count() + rest


def _until_end(rule: RecurrenceRule, start: dt.datetime) -> dt.datetime:
    if rule.until < start.date():
        raise RecurrenceError(
            f"The series ends on {rule.until.isoformat()}, before its first "
            f"session on {start.date().isoformat()}."
        )
    return dt.datetime.combine(rule.until, dt.time.max)


def _local_start(start_utc, tz: str) -> tuple[ZoneInfo, dt.datetime, dt.datetime]:
    zone = _zone(tz)
    start_utc = _naive_utc(start_utc, "start")
    try:
        return zone, start_utc, _to_wall(start_utc, zone)
    except OverflowError as exc:
        raise RecurrenceError("The session start is out of range.") from exc


def _size(rule: RecurrenceRule, kwargs: dict, start: dt.datetime) -> int:
    """Number of occurrences of ``rule`` from local ``start`` (microsecond 0)."""
    if rule.end == "count":
        return rule.count
    return _count_until(kwargs, start, _until_end(rule, start), _period(rule))


def count_occurrences(rule: RecurrenceRule, start_utc: dt.datetime, tz: str) -> int:
    """Number of sessions ``expand`` would create (``count`` for count ends).

    Exact and fast even for huge series, so it suits a preview or a limit check.
    """
    _, _, wall = _local_start(start_utc, tz)
    first = wall.replace(microsecond=0)
    return _size(rule, _rrule_kwargs(rule, first), first)


def expand(
    rule: RecurrenceRule,
    start_utc: dt.datetime,
    stop_utc: dt.datetime,
    tz: str,
    max_occurrences: int = MAX_OCCURRENCES,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """All ``(start, stop)`` slots of the series, naive UTC, in time order.

    ``start_utc``/``stop_utc`` are the first session's times in naive UTC
    (aware datetimes are converted to UTC). The series is computed in the local
    wall time of ``tz``; see the module docstring for every rule.
    """
    zone, start_utc, wall_start = _local_start(start_utc, tz)
    stop_utc = _naive_utc(stop_utc, "end")
    if stop_utc <= start_utc:
        raise RecurrenceError("The session must end after it starts.")
    try:
        duration = _to_wall(stop_utc, zone) - wall_start
    except OverflowError as exc:
        raise RecurrenceError("The session end is out of range.") from exc
    if duration <= dt.timedelta(0):
        # Only inside the repeated hour when clocks go back: use real time.
        duration = stop_utc - start_utc

    first = wall_start.replace(microsecond=0)  # rrule drops microseconds
    kwargs = _rrule_kwargs(rule, first)
    size = _size(rule, kwargs, first)
    if size > max_occurrences:
        raise RecurrenceError(
            f"This recurrence would create {size} sessions; "
            f"the limit is {max_occurrences}."
        )
    if rule.end == "count":
        walls = list(rr.rrule(dtstart=first, count=rule.count, **kwargs))
    else:
        walls = list(rr.rrule(dtstart=first, until=_until_end(rule, first), **kwargs))
    if len(walls) < size:
        raise RecurrenceError("The recurrence runs past the year 9999.")
    if not walls:
        raise RecurrenceError(
            f"The recurrence has no session between "
            f"{first.date().isoformat()} and {rule.until.isoformat()}."
        )
    return [
        _slot(
            wall.replace(microsecond=wall_start.microsecond),
            wall_start,
            duration,
            zone,
            (start_utc, stop_utc),
        )
        for wall in walls
    ]


def _slot(wall, wall_start, duration, zone, original):
    """UTC ``(start, stop)`` for an occurrence starting at local ``wall``."""
    if wall == wall_start:
        return original
    try:
        start = _to_utc(wall, zone)
        stop = _to_utc(_to_wall(start, zone) + duration, zone)
    except OverflowError as exc:
        raise RecurrenceError("The recurrence runs past the year 9999.") from exc
    return start, stop


def shift_slots(
    slots,
    before: tuple[dt.datetime, dt.datetime],
    after: tuple[dt.datetime, dt.datetime],
    tz: str,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Move ``slots`` the way one session of their series moved.

    ``before`` and ``after`` are that session's ``(start, stop)`` before and
    after the edit, naive UTC. The change is measured in the local wall time of
    ``tz`` and applied there to every slot, so moving a 10:00 session to 11:00
    the next day moves each slot to 11:00 local time the day after its own
    date, on either side of a daylight-saving change. Results are naive UTC,
    with the gap and fold rules of :func:`expand`.
    """
    zone = _zone(tz)
    try:
        old_start, old_stop = (_to_wall(_naive_utc(v, "time"), zone) for v in before)
        new_start, new_stop = (_to_wall(_naive_utc(v, "time"), zone) for v in after)
    except OverflowError as exc:
        raise RecurrenceError("The session time is out of range.") from exc
    start_change, stop_change = new_start - old_start, new_stop - old_stop
    moved = []
    for start, stop in slots:
        try:
            new = (
                _to_utc(
                    _to_wall(_naive_utc(start, "start"), zone) + start_change, zone
                ),
                _to_utc(_to_wall(_naive_utc(stop, "end"), zone) + stop_change, zone),
            )
        except OverflowError as exc:
            raise RecurrenceError("The session time is out of range.") from exc
        if new[1] <= new[0]:
            raise RecurrenceError("The session must end after it starts.")
        moved.append(new)
    return moved
