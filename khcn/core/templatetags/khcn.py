"""Template filters every page may use (loaded as a builtin): money, Vietnamese dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from khcn.core.text import thousands

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
    return f"{sign}{thousands(abs(amount))} ₫"


@register.filter
def dmy(value: Any) -> str:
    """A date or datetime as dd/mm/yyyy (datetimes in local time, with hh:mm); an ISO date
    string (as JSON data keeps dates) too."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def long_date(value: dt.date | None) -> str:
    """ "ngày 05 tháng 02 năm 2026" (Decree 30/2020 place-date wording)."""
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


@register.filter
def add_error_attr(field: Any) -> Any:
    """Render a bound field marked invalid for assistive technology (aria-invalid)."""
    return field.as_widget(attrs={"aria-invalid": "true", "aria-describedby": f"{field.id_for_label}_errors"})


@register.filter
def audit_value(value: Any) -> str:
    """A recorded before/after value as people read it: lists joined, ISO dates as dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return "; ".join(audit_value(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {audit_value(v)}" for k, v in value.items())
    return str(value)


@register.filter
def as_list(value: Any) -> list[Any]:
    """A form value as a list (multi-selects give lists; other fields one value)."""
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


@register.simple_tag(takes_context=True)
def render_with(context: template.Context, template_name: str, extra: Any) -> str:
    """Render ``template_name`` with the page's context plus ``extra`` (a mapping): how the home
    page shows each app's block with the context its selector returned."""
    if context.template is None:
        raise template.TemplateSyntaxError("render_with needs a template's context")
    included = context.template.engine.get_template(template_name)
    with context.push(**dict(extra)):
        return included.render(context)


@register.simple_tag
def poll(url: str, seconds: int = 1) -> str:
    """The attributes that make an element refresh itself over htmx while work runs on the
    server (an import being read, a harvest): every ``seconds`` it is fetched again from ``url``
    and replaced whole; the view returns the element alone to an htmx request, and the element
    drops these attributes once the work is done, which stops the polling."""
    return format_html(' hx-get="{}" hx-trigger="every {}s" hx-swap="outerHTML"', url, int(seconds))
