"""Reporting periods (SPEC section 7)."""

import datetime as dt

import pytest

from group_dex_sessions.core.periods import ReportingPeriod, is_open_for, period_for

D = dt.date


@pytest.mark.parametrize(
    ("day", "start", "end", "close"),
    [
        (D(2024, 1, 1), D(2024, 1, 1), D(2024, 6, 30), D(2024, 7, 30)),
        (D(2024, 6, 30), D(2024, 1, 1), D(2024, 6, 30), D(2024, 7, 30)),
        (D(2024, 7, 1), D(2024, 7, 1), D(2024, 12, 31), D(2025, 1, 30)),
        (D(2024, 12, 31), D(2024, 7, 1), D(2024, 12, 31), D(2025, 1, 30)),
    ],
)
def test_period_and_close_date(day, start, end, close):
    period = period_for(day)
    assert (period.start, period.end, period.close_date) == (start, end, close)
    assert period.contains(day)


def test_label():
    assert period_for(D(2024, 3, 5)).label == "2024-01-01 to 2024-06-30"
    assert period_for(D(2023, 9, 1)).label == "2023-07-01 to 2023-12-31"


def test_submission_accepted_up_to_and_including_close_date():
    period = period_for(D(2024, 3, 5))
    assert period.is_open_on(D(2024, 7, 30))
    assert not period.is_open_on(D(2024, 7, 31))
    assert is_open_for(D(2024, 12, 31), D(2025, 1, 30))
    assert not is_open_for(D(2024, 12, 31), D(2025, 1, 31))


def test_days_left():
    period = period_for(D(2024, 3, 5))
    assert period.days_left(D(2024, 7, 1)) == 29
    assert period.days_left(D(2024, 7, 30)) == 0
    assert period.days_left(D(2024, 9, 1)) == 0


def test_next_and_previous_cross_the_year():
    h2 = period_for(D(2024, 8, 1))
    assert h2.next() == ReportingPeriod(D(2025, 1, 1), D(2025, 6, 30))
    assert h2.next().previous() == h2
    assert period_for(D(2024, 2, 1)).previous().label == "2023-07-01 to 2023-12-31"


def test_datetime_is_reduced_to_its_date():
    assert period_for(dt.datetime(2024, 6, 30, 23, 59)).end == D(2024, 6, 30)
