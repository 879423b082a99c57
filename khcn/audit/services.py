"""Write audit events. Only services call ``record``, inside their own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from khcn.audit import registry
from khcn.audit.context import request_id_var
from khcn.audit.models import AuditEvent

Changes = dict[str, list[Any]]


def _plain(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str | dict):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of ``obj`` for a later ``diff``; choice fields keep their codes."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """``{field: [old, new]}`` for the fields whose value changed (empty → empty is no change)."""

    def empty(value: Any) -> bool:
        return value is None or value == "" or value == [] or value == {}

    return {
        k: [before.get(k), after.get(k)]
        for k in after
        if before.get(k) != after.get(k) and not (empty(before.get(k)) and empty(after.get(k)))
    }


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    changes: Changes | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one audit event about ``target``. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the service's transaction")
    if not registry.is_registered(action):
        raise ValueError(f"Unregistered audit action {action!r}")
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:300],
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()},
        note=note,
        request_id=request_id_var.get(),
    )
