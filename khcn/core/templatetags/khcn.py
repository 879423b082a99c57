"""Template filters every page may use (loaded as a builtin): money, Vietnamese dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    """Integer VND with dot thousands separators: 1234567 → "1.234.567 ₫"."""
    if value in (None, ""):
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " ₫"


@register.filter
def dmy(value: Any) -> str:
    """A date or datetime as dd/mm/yyyy (datetimes in local time, with hh:mm)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def long_date(value: dt.date | None) -> str:
    """"ngày 05 tháng 02 năm 2026" (Decree 30/2020 place-date wording)."""
    if not value:
        return ""
    return _("day %(d)s month %(m)s year %(y)s") % {
        "d": f"{value.day:02d}",
        "m": f"{value.month:02d}" if value.month < 3 else str(value.month),
        "y": value.year,
    }


@register.simple_tag
def number(value: Any) -> str:
    return formats.number_format(value, force_grouping=True)
