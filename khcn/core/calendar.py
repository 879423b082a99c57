"""Deadlines in calendar days, working days and months, on the Vietnamese calendar.

A working day is a Monday to Friday that is not a public holiday, or a Saturday or Sunday the
government has made a working day in exchange for a day off (*hoán đổi ngày làm việc*).

- Public holidays, Tết included, come from the ``holidays`` library
  (``holidays.country_holidays("VN")``: Labour Code 2019 art. 112, the days taken in lieu when a
  holiday falls on a weekend, and the swaps the government announced, with the Saturdays worked
  in exchange). Nothing here is a hand-made table.
- What the library cannot know yet — a day off or a make-up working day the government decides
  during the year — is configured: ``settings.KHCN_EXTRA_HOLIDAYS`` and
  ``settings.KHCN_EXTRA_WORKING_DAYS`` (ISO dates; environment variables of the same names). A
  date listed there wins over the library and over the weekend.

Counting follows the Civil Code 2015 (91/2015/QH13): a period counted in days, weeks, months or
years starts on the day after the start date (art. 147(2)); a period in months ends on the
corresponding day of the last month, or on its last day when it has none (art. 148(3)); when the
last day is a weekly day off or a public holiday, the period ends at the end of the next working
day (art. 148(5)) — ``roll_forward=True``. The rule set in force says which unit and amount a
deadline uses (``khcn.core.rules``); see ``docs/deadlines.md``.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

import holidays
from django.conf import settings

Unit = Literal["calendar_days", "working_days", "months"]
UNITS: tuple[str, ...] = get_args(Unit)

COUNTRY = "VN"
_ONE_DAY = dt.timedelta(days=1)


# --- The holiday calendar -----------------------------------------------------------------


@dataclass(frozen=True)
class _LibraryYear:
    """One year of the library's calendar: days off (with their Vietnamese names) and the
    weekend days worked in exchange for a day off."""

    days_off: dict[dt.date, str]
    weekend_workdays: frozenset[dt.date]


@lru_cache(maxsize=128)
def _library_year(year: int) -> _LibraryYear:
    calendar = holidays.country_holidays(COUNTRY, years=year, language="vi")
    return _LibraryYear(
        days_off={day: name for day, name in calendar.items() if day.year == year},
        # The set spans every year the special-holiday table names; keep this year's only.
        weekend_workdays=frozenset(day for day in calendar.weekend_workdays if day.year == year),
    )


def _as_date(value: object, *, setting: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{setting}: {value!r} is not a date in the form YYYY-MM-DD") from None


@dataclass(frozen=True)
class _Calendar:
    extra_holidays: frozenset[dt.date]
    extra_working_days: frozenset[dt.date]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_holidays:
            return False
        year = _library_year(day.year)
        if day in year.weekend_workdays:
            return True
        return day.weekday() < 5 and day not in year.days_off


@lru_cache(maxsize=16)
def _calendar_for(extra_holidays: tuple[object, ...], extra_working_days: tuple[object, ...]) -> _Calendar:
    off = frozenset(_as_date(v, setting="KHCN_EXTRA_HOLIDAYS") for v in extra_holidays)
    on = frozenset(_as_date(v, setting="KHCN_EXTRA_WORKING_DAYS") for v in extra_working_days)
    if both := sorted(off & on):
        raise ValueError(
            "KHCN_EXTRA_HOLIDAYS and KHCN_EXTRA_WORKING_DAYS both list " + ", ".join(map(str, both))
        )
    return _Calendar(extra_holidays=off, extra_working_days=on)


def _calendar() -> _Calendar:
    """The calendar under the current settings (cached per value of the two settings, so
    ``override_settings`` in tests is honoured)."""
    return _calendar_for(
        tuple(getattr(settings, "KHCN_EXTRA_HOLIDAYS", ()) or ()),
        tuple(getattr(settings, "KHCN_EXTRA_WORKING_DAYS", ()) or ()),
    )


def _check_date(day: object, name: str = "day") -> dt.date:
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise TypeError(f"{name} must be a date (use timezone.localdate() for a datetime), not {day!r}")
    return day


def _check_amount(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"the amount must be an int, not {n!r}")
    if n < 0:
        raise ValueError(f"the amount must be 0 or more, not {n}")
    return n


# --- Public API ---------------------------------------------------------------------------


def public_holidays(year: int) -> dict[dt.date, str]:
    """The library's days off in ``year``, in date order, with their Vietnamese names (days in
    lieu and swapped days included; the extra days from settings are not)."""
    return dict(sorted(_library_year(year).days_off.items()))


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a working day: Monday to Friday and not a public holiday, or a
    weekend day worked in exchange; the settings' extra days win over both."""
    return _calendar().is_working_day(_check_date(day))


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, otherwise the first working day after it."""
    calendar = _calendar()
    day = _check_date(day)
    while not calendar.is_working_day(day):
        day += _ONE_DAY
    return day


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (the day after ``start`` is the first day
    counted, whatever ``start`` is). ``n == 0`` gives ``start`` when it is a working day,
    otherwise the next working day: the result is never a weekend day or a holiday."""
    calendar = _calendar()
    day = _check_date(start, "start")
    n = _check_amount(n)
    if n == 0:
        return next_working_day(day)
    while n:
        day += _ONE_DAY
        if calendar.is_working_day(day):
            n -= 1
    return day


def working_days_between(a: dt.date, b: dt.date) -> int:
    """How many working days fall after ``a`` up to and including ``b`` (negative when ``b`` is
    before ``a``). For ``n >= 1``, ``working_days_between(a, add_working_days(a, n)) == n``."""
    calendar = _calendar()
    a, b = _check_date(a, "a"), _check_date(b, "b")
    if b < a:
        return -working_days_between(b, a)
    count, day = 0, a
    while day < b:
        day += _ONE_DAY
        count += calendar.is_working_day(day)
    return count


def add_calendar_days(start: dt.date, n: int, *, roll_forward: bool = False) -> dt.date:
    """``start`` + ``n`` days. With ``roll_forward``, a result on a weekend day or a holiday
    moves to the next working day (Civil Code 2015 art. 148(5))."""
    day = _check_date(start, "start") + dt.timedelta(days=_check_amount(n))
    return next_working_day(day) if roll_forward else day


def add_months(start: dt.date, n: int, *, roll_forward: bool = False) -> dt.date:
    """The same day ``n`` months later, or the last day of that month when it has no such day
    (31/01 + 1 month = 28/02, or 29/02 in a leap year: Civil Code 2015 art. 148(3)). With
    ``roll_forward``, as :func:`add_calendar_days`."""
    start = _check_date(start, "start")
    months = start.month - 1 + _check_amount(n)
    year, month = start.year + months // 12, months % 12 + 1
    day = dt.date(year, month, min(start.day, _stdlib_calendar.monthrange(year, month)[1]))
    return next_working_day(day) if roll_forward else day


def deadline(start: dt.date, amount: int, unit: Unit | str, *, roll_forward: bool = False) -> dt.date:
    """The last day of a period of ``amount`` ``unit`` beginning after ``start``.

    ``unit`` is ``"calendar_days"``, ``"working_days"`` or ``"months"`` (what a rule set stores).
    ``roll_forward`` moves a calendar-day or month deadline that ends on a weekend day or a
    holiday to the next working day (Civil Code 2015 art. 148(5)); a working-day deadline always
    ends on a working day.
    """
    if unit == "calendar_days":
        return add_calendar_days(start, amount, roll_forward=roll_forward)
    if unit == "working_days":
        return add_working_days(start, amount)
    if unit == "months":
        return add_months(start, amount, roll_forward=roll_forward)
    raise ValueError(f"unknown deadline unit {unit!r}: choose one of {', '.join(UNITS)}")
