"""Optimistic locking: no lost updates when two people edit the same record at once.

A record that people edit through a form has a ``version`` column. The form carries, hidden, the
version the page was rendered from; the service locks the row (``select_for_update``), refuses
the save with ``STALE_VERSION`` if the version moved on meanwhile, and bumps it on every save.
The view then shows the form again with the user's input kept, what the other person saved, and
the current version, so that saving once more is a knowing choice, never a silent overwrite.
Agency reports, difficulties and the agency registry use it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from khcn.core.exceptions import DomainError

STALE_VERSION = "stale_version"


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


def rebased(data: QueryDict, version: int, field: str = "version") -> QueryDict:
    """The submitted data again, now carrying the current version (to show after a refusal)."""
    copy = data.copy()
    copy[field] = str(version)
    return copy
