"""Read the audit log: the history of one object, with labels ready to show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from khcn.audit import registry
from khcn.audit.models import AuditEvent


@dataclass
class ChangeRow:
    field: str
    label: Any
    before: Any
    after: Any


@dataclass
class HistoryRow:
    event: AuditEvent
    label: Any
    changes: list[ChangeRow]


def _field_label(model: type[models.Model], name: str) -> Any:
    registered = registry.field_label(name)
    if registered is not None:
        return registered
    try:
        return getattr(model._meta.get_field(name), "verbose_name", name)
    except FieldDoesNotExist:
        return name


def _display(model: type[models.Model], name: str, value: Any) -> Any:
    """Show a choice code by its label (so history reads in the user's language)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    choices = dict(getattr(field, "flatchoices", None) or [])
    if choices and value in choices:
        return choices[value]
    return value


def history_for(obj: models.Model, *, limit: int = 200) -> list[HistoryRow]:
    """The object's audit events, newest first, in two queries whatever their number."""
    model = type(obj)
    events = AuditEvent.objects.for_object(obj).select_related("actor")[:limit]
    rows = []
    for event in events:
        changes = [
            ChangeRow(
                field=name,
                label=_field_label(model, name),
                before=_display(model, name, values[0]),
                after=_display(model, name, values[1]),
            )
            for name, values in (event.changes or {}).items()
        ]
        rows.append(HistoryRow(event=event, label=registry.label_for(event.action), changes=changes))
    return rows
