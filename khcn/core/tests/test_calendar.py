"""Deadlines on the Vietnamese calendar: the library's holidays (Tết, Giỗ Tổ, 30/4–1/5, 2/9 and
the swaps), working-day arithmetic across them, month-end clamping, roll-forward (Civil Code
2015 art. 148), the extra days from settings, and properties over any start date."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import holidays
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from config.settings.base import env_dates
from khcn.core import calendar
from khcn.core.calendar import (
    add_calendar_days,
    add_months,
    add_working_days,
    deadline,
    is_working_day,
    next_working_day,
    public_holidays,
    working_days_between,
)

D = dt.date


# --- The library's holidays ---------------------------------------------------------------


def test_tet_2026_is_monday_16_to_friday_20_february():
    # Lunar New Year's Day (mùng 1 Tết Bính Ngọ) is Tuesday 17/02/2026; the government's
    # announced break for civil servants is Sat 14/02 to Sun 22/02: five weekdays 16/02–20/02.
    days = public_holidays(2026)
    assert days[D(2026, 2, 17)] == "Tết Nguyên Đán"
    tet = [day for day, name in days.items() if "Tết Nguyên Đán" in name]
    assert tet == [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)]
    assert not any(is_working_day(D(2026, 2, d)) for d in range(14, 23))
    assert is_working_day(D(2026, 2, 13)) and is_working_day(D(2026, 2, 23))


@pytest.mark.parametrize("year", range(2021, 2031))
def test_tet_is_five_weekdays_off_every_year(year):
    # Labour Code 2019 art. 112: five days for Tết; those falling on a weekend are taken on
    # weekdays next to the break.
    tet = [day for day, name in public_holidays(year).items() if "Tết" in name and "Dương lịch" not in name]
    assert len([day for day in tet if day.weekday() < 5]) == 5
    assert (max(tet) - min(tet)).days <= 8


def test_2026_other_holidays_and_the_days_in_lieu():
    days = public_holidays(2026)
    assert days[D(2026, 1, 1)] == "Tết Dương lịch"
    # Giỗ Tổ Hùng Vương (10/3 lunar) is Sunday 26/04/2026: Monday 27/04 is taken in lieu.
    assert days[D(2026, 4, 26)] == "Ngày Giỗ Tổ Hùng Vương"
    assert days[D(2026, 4, 27)] == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert days[D(2026, 4, 30)] == "Ngày Chiến thắng"
    assert days[D(2026, 5, 1)] == "Ngày Quốc tế Lao động"
    # 2/9 and its extra day (Labour Code 2019 art. 112: the day before or after).
    assert days[D(2026, 9, 1)] == days[D(2026, 9, 2)] == "Quốc khánh"
    assert not is_working_day(D(2026, 4, 27))


def test_2026_swap_monday_31_august_off_saturday_22_august_worked():
    assert public_holidays(2026)[D(2026, 8, 31)].startswith("Ngày nghỉ (thay cho ngày 22/08/2026")
    assert not is_working_day(D(2026, 8, 31))
    assert is_working_day(D(2026, 8, 22))  # a Saturday
    assert not is_working_day(D(2026, 8, 29))  # the Saturday after stays a day off


def test_2027_holiday_on_saturday_moves_to_monday():
    days = public_holidays(2027)
    assert D(2027, 2, 6) in days  # Tết 2027 (mùng 1) is a Saturday
    assert days[D(2027, 5, 3)] == "Ngày Quốc tế Lao động (nghỉ bù)"  # 1/5/2027 is a Saturday
    assert not is_working_day(D(2027, 5, 3))


def test_the_holiday_set_is_built_once_per_year():
    calendar._library_year.cache_clear()
    with mock.patch.object(holidays, "country_holidays", wraps=holidays.country_holidays) as built:
        for offset in range(365 * 2):
            is_working_day(D(2030, 1, 1) + dt.timedelta(days=offset))
        add_working_days(D(2030, 3, 1), 200)
    assert sorted(call.kwargs["years"] for call in built.call_args_list) == [2030, 2031]


# --- Working days -------------------------------------------------------------------------


def test_weekends_are_not_working_days():
    assert is_working_day(D(2026, 3, 6))  # Friday
    assert not is_working_day(D(2026, 3, 7))  # Saturday
    assert not is_working_day(D(2026, 3, 8))  # Sunday


@pytest.mark.parametrize("start", [D(2026, 2, 13), D(2026, 2, 16)])
def test_five_working_days_across_tet_land_after_the_break(start):
    # From the last working day before Tết, or from 16/02 (the eve, the day before 17/02):
    # 23, 24, 25, 26, 27 February.
    assert add_working_days(start, 5) == D(2026, 2, 27)
    assert working_days_between(start, D(2026, 2, 27)) == 5


def test_working_days_across_30_april_and_1_may():
    assert add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)
    # Friday 24/04: 27/04 (in lieu for Giỗ Tổ) skipped, 28 and 29 counted, 30/04–3/05 skipped.
    assert add_working_days(D(2026, 4, 24), 2) == D(2026, 4, 29)
    assert add_working_days(D(2026, 4, 24), 3) == D(2026, 5, 4)
    assert working_days_between(D(2026, 4, 24), D(2026, 5, 4)) == 3


def test_working_days_across_2_september():
    # Friday 28/08/2026; 29–30 weekend, 31/08 swapped day off, 1–2/09 National Day.
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)
    # The swapped Saturday 22/08 counts.
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)


def test_zero_working_days():
    assert add_working_days(D(2026, 3, 6), 0) == D(2026, 3, 6)
    assert add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)  # never on a weekend
    assert next_working_day(D(2026, 2, 14)) == D(2026, 2, 23)


def test_working_days_between_edges():
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 6)) == 0
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 1
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 6)) == -1
    assert working_days_between(D(2026, 1, 1), D(2027, 1, 1)) == sum(
        is_working_day(D(2026, 1, 1) + dt.timedelta(days=k)) for k in range(1, 366)
    )


# --- Calendar days, months, roll-forward --------------------------------------------------


def test_calendar_days_ending_on_sunday_roll_forward_to_monday():
    # Civil Code 2015 art. 148(5): a period whose last day is a weekly day off ends at the end
    # of the next working day.
    assert add_calendar_days(D(2026, 3, 1), 7) == D(2026, 3, 8)  # a Sunday
    assert add_calendar_days(D(2026, 3, 1), 7, roll_forward=True) == D(2026, 3, 9)
    assert deadline(D(2026, 3, 1), 7, "calendar_days", roll_forward=True) == D(2026, 3, 9)
    assert add_calendar_days(D(2026, 3, 2), 7, roll_forward=True) == D(2026, 3, 9)  # already a working day


def test_calendar_days_ending_in_tet_roll_past_the_break():
    assert add_calendar_days(D(2026, 2, 10), 7) == D(2026, 2, 17)
    assert add_calendar_days(D(2026, 2, 10), 7, roll_forward=True) == D(2026, 2, 23)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 1, 15), 12, D(2027, 1, 15)),
        (D(2026, 1, 15), 0, D(2026, 1, 15)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
    ],
)
def test_months_clamp_to_the_last_day_of_the_month(start, n, expected):
    assert add_months(start, n) == expected
    assert deadline(start, n, "months") == expected


def test_months_roll_forward():
    # 28/02/2026 is a Saturday.
    assert deadline(D(2026, 1, 31), 1, "months", roll_forward=True) == D(2026, 3, 2)


def test_deadline_dispatches_on_the_unit():
    start = D(2026, 2, 13)
    assert deadline(start, 5, "working_days") == D(2026, 2, 27)
    assert deadline(start, 5, "working_days", roll_forward=True) == D(2026, 2, 27)
    assert deadline(start, 5, "calendar_days") == D(2026, 2, 18)
    assert deadline(start, 1, "months") == D(2026, 3, 13)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: deadline(D(2026, 1, 1), 3, "weeks"), ValueError),
        (lambda: add_working_days(D(2026, 1, 1), -1), ValueError),
        (lambda: add_calendar_days(D(2026, 1, 1), -1), ValueError),
        (lambda: add_months(D(2026, 1, 1), -1), ValueError),
        (lambda: add_working_days(D(2026, 1, 1), 1.5), TypeError),
        (lambda: is_working_day(dt.datetime(2026, 1, 1, 9, 0)), TypeError),
        (lambda: is_working_day("2026-01-01"), TypeError),
    ],
)
def test_bad_arguments_are_refused(call, error):
    with pytest.raises(error):
        call()


# --- Extra days from settings -------------------------------------------------------------


@override_settings(KHCN_EXTRA_HOLIDAYS=[D(2026, 3, 9), "2026-03-10"])
def test_extra_holidays_from_settings():
    assert not is_working_day(D(2026, 3, 9))
    assert not is_working_day(D(2026, 3, 10))
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 11)
    assert add_calendar_days(D(2026, 3, 1), 7, roll_forward=True) == D(2026, 3, 11)
    assert D(2026, 3, 9) not in public_holidays(2026)  # the library's list stays the library's


@override_settings(KHCN_EXTRA_WORKING_DAYS=["2026-03-07"])
def test_make_up_working_days_from_settings():
    assert is_working_day(D(2026, 3, 7))  # a Saturday
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 7)
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 2


def test_settings_win_over_the_library():
    with override_settings(KHCN_EXTRA_WORKING_DAYS=[D(2026, 2, 20)]):
        assert is_working_day(D(2026, 2, 20))
    with override_settings(KHCN_EXTRA_HOLIDAYS=[D(2026, 8, 22)]):
        assert not is_working_day(D(2026, 8, 22))
    assert not is_working_day(D(2026, 2, 20)) and is_working_day(D(2026, 8, 22))


def test_bad_extra_days_in_settings():
    with override_settings(KHCN_EXTRA_HOLIDAYS=["09/03/2026"]), pytest.raises(ValueError, match="YYYY-MM-DD"):
        is_working_day(D(2026, 3, 9))
    with (
        override_settings(KHCN_EXTRA_HOLIDAYS=["2026-03-09"], KHCN_EXTRA_WORKING_DAYS=[D(2026, 3, 9)]),
        pytest.raises(ValueError, match="both list 2026-03-09"),
    ):
        is_working_day(D(2026, 3, 9))


def test_extra_days_from_the_environment(monkeypatch):
    monkeypatch.setenv("KHCN_EXTRA_HOLIDAYS", " 2027-02-11, 2027-02-12 ,")
    assert env_dates("KHCN_EXTRA_HOLIDAYS") == [D(2027, 2, 11), D(2027, 2, 12)]
    monkeypatch.delenv("KHCN_EXTRA_HOLIDAYS")
    assert env_dates("KHCN_EXTRA_HOLIDAYS") == []
    monkeypatch.setenv("KHCN_EXTRA_HOLIDAYS", "2027-02-31")
    with pytest.raises(ImproperlyConfigured, match="KHCN_EXTRA_HOLIDAYS"):
        env_dates("KHCN_EXTRA_HOLIDAYS")


# --- Properties ---------------------------------------------------------------------------

starts = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=starts, n=st.integers(min_value=0, max_value=400))
def test_add_working_days_lands_on_a_working_day(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    assert end >= start


@settings(max_examples=300, deadline=None)
@given(start=starts, n=st.integers(min_value=1, max_value=400))
def test_working_days_between_inverts_add_working_days(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert working_days_between(end, start) == -n
    # ... and it is the first such day: the day before holds one working day fewer.
    assert working_days_between(start, end - dt.timedelta(days=1)) == n - 1


@settings(max_examples=200, deadline=None)
@given(start=starts, n=st.integers(min_value=0, max_value=1000))
def test_calendar_day_roll_forward_is_the_next_working_day(start, n):
    plain = add_calendar_days(start, n)
    rolled = add_calendar_days(start, n, roll_forward=True)
    assert plain == start + dt.timedelta(days=n)
    assert is_working_day(rolled) and rolled >= plain
    assert working_days_between(plain, rolled) == (0 if rolled == plain else 1)


@settings(max_examples=200, deadline=None)
@given(start=starts, n=st.integers(min_value=0, max_value=240))
def test_months_never_overflow_the_month(start, n):
    end = add_months(start, n)
    assert (end.year - start.year) * 12 + end.month - start.month == n
    assert end.day == start.day or (end.day < start.day and (end + dt.timedelta(days=1)).day == 1)
