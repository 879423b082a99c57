"""Optimistic locking: no lost updates when two people edit the same record at once.

A record that people edit through a form has a ``version`` column. The form carries, hidden, the
version the page was rendered from; the service locks the row (``select_for_update``), refuses
the save with ``STALE_VERSION`` if the version moved on meanwhile, and bumps it on every save.
The view then shows the form again with the user's input kept, what the other person saved, and
the current version, so that saving once more is a knowing choice, never a silent overwrite.
Agency reports, difficulties and the agency registry use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _

from khcn.core.exceptions import DomainError

STALE_VERSION = "stale_version"
F = TypeVar("F", bound=forms.Form)


class VersionField(forms.IntegerField):
    """The hidden version a form was rendered from."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


def check_version(locked: Any, expected: int | None, message: str) -> None:
    """Refuse a save made from an older version of ``locked`` (a row locked for update), then
    count this save. ``expected=None`` is for callers that edit nothing a person saw (scripts,
    the demo); every form passes the version it was rendered from."""
    if expected is not None and locked.version != expected:
        raise DomainError(message, code=STALE_VERSION)
    locked.version += 1


def rebased(data: Mapping[str, Any], version: int, field: str = "version") -> QueryDict:
    """The submitted data again, now carrying the current version (to show after a refusal)."""
    copy = data.copy() if isinstance(data, QueryDict) else QueryDict(mutable=True)
    if not isinstance(data, QueryDict):
        copy.update(data)
    copy[field] = str(version)
    return copy


def stale_form(
    form: forms.Form,
    rebuild: Callable[[QueryDict, dict[str, Any]], F],
    obj: models.Model,
    fields: Sequence[str],
    message: str,
) -> F:
    """After a refused save: the form again with this user's input, the current version, the
    refusal, and one line per field that the other person saved with another value.
    ``rebuild(data, initial)`` makes a form of the same kind."""
    obj.refresh_from_db()
    mine = form.cleaned_data
    current = {name: getattr(obj, name) for name in fields}
    version: int = obj.version  # type: ignore[attr-defined]
    again = rebuild(rebased(form.data, version), {**current, "version": version})
    again.is_valid()
    again.add_error(None, message)
    for name in fields:
        if current[name] != mine.get(name):
            label = again.fields[name].label if name in again.fields else name
            again.add_error(
                None,
                _("Saved meanwhile — %(field)s: %(value)s") % {"field": label, "value": shown(obj, name)},
            )
    return again


def shown(obj: models.Model, name: str) -> str:
    """A field's value as pages show it: a choice's label, a date as dd/mm/yyyy, yes or no."""
    value = getattr(obj, name)
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
