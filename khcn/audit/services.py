"""Write audit events. Only services call ``record``, inside their own transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from khcn.audit import chain, registry
from khcn.audit.context import request_id_var
from khcn.audit.models import AuditChainHead, AuditEvent

logger = logging.getLogger(__name__)

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


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the caller's transaction ends (one query).

    PostgreSQL: ``SELECT … FOR UPDATE`` makes a second transaction wait here until the first
    commits, then read the head it wrote. SQLite has no row locks, but KHCN's transactions
    start with ``BEGIN IMMEDIATE`` (settings), so only one writer runs at a time; even without
    it, a second writer whose snapshot is stale fails with "database is locked" rather than
    chaining to an old head.
    """
    head = AuditChainHead.objects.select_for_update().filter(pk=AuditChainHead.PK).first()
    if head is not None:
        return head
    # The very first event (or a head removed behind our back): start from the newest event.
    newest = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if newest is not None:
        logger.error("Audit chain head missing: re-created from event #%s; run audit_verify.", newest[0])
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(
                pk=AuditChainHead.PK,
                last_id=newest[0] if newest else 0,
                last_hash=newest[1] if newest else chain.GENESIS,
            )
    except IntegrityError:  # another transaction created it first
        pass
    return AuditChainHead.objects.select_for_update().get(pk=AuditChainHead.PK)


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    changes: Changes | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one audit event about ``target``. Must run inside the caller's transaction.

    The event is chained (``khcn.audit.chain``): it takes the id after the chain head's and
    that event's hash as ``prev_hash``, under a lock on the head held until the caller's
    transaction ends; its own hash then becomes the head. Three queries (lock the head, insert
    the event, move the head) where a plain insert took one; the content type is cached. Call
    it after the service has locked its own rows: the head lock serialises audited writes from
    this point to commit.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the service's transaction")
    if not registry.is_registered(action):
        raise ValueError(f"Unregistered audit action {action!r}")
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(target)
    head = _locked_head()
    event = AuditEvent(
        id=head.last_id + 1,
        prev_hash=head.last_hash,
        occurred_at=timezone.now(),
        actor=actor_obj,
        action=action,
        content_type=content_type,
        object_id=str(target.pk),
        object_repr=str(target)[:300],
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()},
        note=note,
        request_id=request_id_var.get(),
    )
    values = {name: getattr(event, name) for name in chain.HASHED_FIELDS if name != "content_type"}
    event.hash = chain.event_hash({**values, "content_type": chain.content_type_label(content_type)})
    event.save(force_insert=True)
    AuditChainHead.objects.filter(pk=AuditChainHead.PK).update(last_id=event.id, last_hash=event.hash)
    return event


def record_many(*, actor: Any, events: Iterable[tuple[str, models.Model, Changes | None, str]]) -> int:
    """Append several audit events, ``(action, target, changes, note)`` each, chained in the
    order given: what ``record`` does once per event, in a few queries whatever their number
    (lock the head, insert in batches, move the head). For imports of thousands of rows. Must
    run inside the caller's transaction; returns how many were written."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many must be called inside the service's transaction")
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    head = _locked_head()
    last_id, last_hash = head.last_id, head.last_hash
    occurred_at = timezone.now()
    request_id = request_id_var.get()
    rows: list[AuditEvent] = []
    for action, target, changes, note in events:
        if not registry.is_registered(action):
            raise ValueError(f"Unregistered audit action {action!r}")
        content_type = ContentType.objects.get_for_model(target)
        event = AuditEvent(
            id=last_id + 1,
            prev_hash=last_hash,
            occurred_at=occurred_at,
            actor=actor_obj,
            action=action,
            content_type=content_type,
            object_id=str(target.pk),
            object_repr=str(target)[:300],
            changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()},
            note=note,
            request_id=request_id,
        )
        values = {name: getattr(event, name) for name in chain.HASHED_FIELDS if name != "content_type"}
        event.hash = chain.event_hash({**values, "content_type": chain.content_type_label(content_type)})
        last_id, last_hash = event.id, event.hash
        rows.append(event)
    if rows:
        AuditEvent.objects.bulk_create(rows, batch_size=500)
        AuditChainHead.objects.filter(pk=AuditChainHead.PK).update(last_id=last_id, last_hash=last_hash)
    return len(rows)
