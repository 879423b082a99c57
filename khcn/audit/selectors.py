"""Read the audit log: the history of one object, with labels ready to show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import format_lazy

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


def _split(key: str) -> tuple[str, str]:
    """``"IV.7 · progress"`` → ``("IV.7", "progress")``; a plain key has no prefix."""
    prefix, separator, name = key.rpartition(registry.PART_SEPARATOR)
    return (prefix, name) if separator else ("", key)


def _model_field(model: type[models.Model], name: str) -> Any:
    """The field called ``name`` on ``model`` or one of its declared parts, or None."""
    for candidate in (model, *registry.description_of(model).parts):
        try:
            return candidate._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _field_label(model_field: Any) -> Any:
    if model_field.is_relation and model_field.auto_created and not model_field.concrete:
        # A reverse relation (a report's "attachments"): the related model's plural name.
        return model_field.related_model._meta.verbose_name_plural
    return getattr(model_field, "verbose_name", None)


def change_label(model: type[models.Model], key: str) -> Any:
    """How the change key ``key`` of an event about ``model`` reads, or None if nothing says:
    the model's declared labels, the labels registered for every model, then the field's
    ``verbose_name`` (on the model or its parts). A prefixed key keeps its prefix."""
    prefix, name = _split(key)
    label = registry.description_of(model).fields.get(name) or registry.field_label(name)
    if label is None:
        model_field = _model_field(model, name)
        label = _field_label(model_field) if model_field is not None else None
    if label is None:
        return None
    return format_lazy("{}{}{}", prefix, registry.PART_SEPARATOR, label) if prefix else label


def change_value(model: type[models.Model], key: str, value: Any, target: models.Model | None = None) -> Any:
    """A recorded value as the reader should see it: a choice code by its label (in the
    reader's language), or as the model's description says; anything else as recorded."""
    _prefix, name = _split(key)
    display = registry.description_of(model).values.get(name)
    if callable(display):
        return display(value, target)
    if display is None:
        model_field = _model_field(model, name)
        display = dict(getattr(model_field, "flatchoices", None) or []) if model_field is not None else {}
    if not display:
        return value
    if isinstance(value, list | tuple):
        return [change_value(model, key, v, target) for v in value]
    try:
        return display.get(value, value)
    except TypeError:  # an unhashable value (a dict) is no code
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
                label=change_label(model, name) or name,
                before=change_value(model, name, values[0], obj),
                after=change_value(model, name, values[1], obj),
            )
            for name, values in (event.changes or {}).items()
        ]
        rows.append(HistoryRow(event=event, label=registry.label_for(event.action), changes=changes))
    return rows
