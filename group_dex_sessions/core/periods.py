"""DEX reporting periods (SPEC section 7).

There are two periods a year: 1 January-30 June and 1 July-31 December. Each
stays open for corrections for 30 days after it ends, so January-June closes
on 30 July and July-December on 30 January of the next year. A submission on
the close date itself is still accepted.

Public API: :class:`ReportingPeriod`, :func:`period_for`,
:func:`is_open_for`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

GRACE_DAYS = 30


@dataclass(frozen=True)
class ReportingPeriod:
    """One six-month DEX reporting period."""

    start: dt.date
    end: dt.date

    @property
    def close_date(self) -> dt.date:
        """Last day on which data for this period can still be submitted."""
        return self.end + dt.timedelta(days=GRACE_DAYS)

    @property
    def label(self) -> str:
        """E.g. ``"2024-01-01 to 2024-06-30"``."""
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` falls inside the period."""
        return self.start <= day <= self.end

    def is_open_on(self, submitted: dt.date) -> bool:
        """True when data for this period can still be submitted on ``submitted``."""
        return submitted <= self.close_date

    def days_left(self, on_date: dt.date) -> int:
        """Days from ``on_date`` until the close date (0 on it and after it)."""
        return max(0, (self.close_date - on_date).days)

    def next(self) -> ReportingPeriod:
        """The following period."""
        return period_for(self.end + dt.timedelta(days=1))

    def previous(self) -> ReportingPeriod:
        """The preceding period."""
        return period_for(self.start - dt.timedelta(days=1))


def period_for(day: dt.date) -> ReportingPeriod:
    """The reporting period ``day`` belongs to."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if day.month <= 6:
        return ReportingPeriod(dt.date(day.year, 1, 1), dt.date(day.year, 6, 30))
    return ReportingPeriod(dt.date(day.year, 7, 1), dt.date(day.year, 12, 31))


def is_open_for(day: dt.date, submitted: dt.date) -> bool:
    """True when a record dated ``day`` can still be submitted on ``submitted``."""
    return period_for(day).is_open_on(submitted)
