"""The audit hash chain: how an event's hash is computed, and how the whole chain is verified.

Every ``AuditEvent`` stores ``prev_hash`` (the ``hash`` of the event before it, or ``GENESIS``
for the first) and ``hash``: the SHA-256 (lower-case hex) of the UTF-8 bytes of

    json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

where ``payload`` has exactly the keys in ``HASHED_FIELDS``:

* ``id`` — the event's primary key (int);
* ``prev_hash`` — 64 hex characters;
* ``occurred_at`` — UTC, always with microseconds: ``2026-01-31T08:05:09.000123Z``;
* ``actor_id`` — int, or null for the system;
* ``action`` — the registered action code;
* ``content_type`` — ``"app_label.model"`` of the target (not the content type's id, so a
  restore into a database whose content type ids differ still verifies);
* ``object_id``, ``object_repr``, ``note``, ``request_id`` — strings as stored;
* ``changes`` — the JSON value as stored, with floats that are whole numbers written as
  integers (PostgreSQL's ``jsonb`` returns ``1e20`` as ``100000000000000000000``).

``record()`` chains events one after another under a lock on the one-row ``AuditChainHead``
(newest id and hash); ids are given by the head (``last_id + 1``), so the events written since
the chain exists have consecutive ids. ``verify()`` recomputes every hash in id order, checks
every link and compares the newest event with the head.

The chain makes *accidental or naive* changes evident (a row edited, deleted or inserted by
SQL). Someone able to write the database can also recompute every later hash and the head;
keep the head hash that ``manage.py audit_verify`` prints somewhere else (a log shipped off the
machine) and check it later with ``--anchor``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType

GENESIS = "0" * 64
HASHED_FIELDS = (
    "id",
    "prev_hash",
    "occurred_at",
    "actor_id",
    "action",
    "content_type",
    "object_id",
    "object_repr",
    "changes",
    "note",
    "request_id",
)
# The columns ``verify()`` reads, in this order (``content_type_id`` is mapped to its label).
COLUMNS = (
    "id",
    "prev_hash",
    "hash",
    "occurred_at",
    "actor_id",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "changes",
    "note",
    "request_id",
)
CHUNK_SIZE = 2000


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is None:  # USE_TZ is on; a naive value can only be UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


_LEAVES = frozenset({str, int, bool, type(None)})


def _json_value(value: Any) -> Any:
    """``value`` as the database gives it back (tuples are lists, whole floats are integers)."""
    kind = type(value)
    if kind is dict:
        return {
            k if type(k) is str else str(k): v if type(v) in _LEAVES else _json_value(v)
            for k, v in value.items()
        }
    if kind is list or kind is tuple:
        return [v if type(v) in _LEAVES else _json_value(v) for v in value]
    if kind is float and value.is_integer():
        return int(value)
    return value


def content_type_label(content_type: ContentType | Any) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def event_hash(values: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical form of ``values`` (keys ``HASHED_FIELDS``; see the module)."""
    payload = {
        "id": int(values["id"]),
        "prev_hash": values["prev_hash"],
        "occurred_at": _timestamp(values["occurred_at"]),
        "actor_id": values["actor_id"],
        "action": values["action"],
        "content_type": values["content_type"],
        "object_id": values["object_id"],
        "object_repr": values["object_repr"],
        "changes": _json_value(values["changes"]),
        "note": values["note"],
        "request_id": values["request_id"],
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRef:
    id: int
    action: str
    occurred_at: dt.datetime

    def __str__(self) -> str:
        return f"event #{self.id} ({self.action}, {_timestamp(self.occurred_at)})"


@dataclass(frozen=True)
class Result:
    ok: bool
    count: int  # events verified before the first problem (all of them when ok)
    head_id: int
    head_hash: str
    problem: str = ""  # what is wrong, naming the first altered or missing event
    event_id: int | None = None  # that event (for a deletion: the first missing id)


def _rows(after: int, chunk_size: int, labels: dict[int, str]) -> Iterator[dict[str, Any]]:
    """The events with an id above ``after``, in id order, as plain values, a chunk at a time.

    Ends when a chunk comes back empty, so events committed meanwhile are read too.
    """
    from khcn.audit.models import AuditEvent

    while True:
        chunk = list(
            AuditEvent.objects.filter(id__gt=after).order_by("id").values_list(*COLUMNS)[:chunk_size]
        )
        if not chunk:
            return
        for row in chunk:
            values = dict(zip(COLUMNS, row, strict=True))
            ct_id = values.pop("content_type_id")
            if ct_id not in labels:  # a content type created after the walk began
                labels[ct_id] = content_type_label(ContentType.objects.get(pk=ct_id))
            values["content_type"] = labels[ct_id]
            yield values
        after = chunk[-1][0]


def _head() -> tuple[int, str] | None:
    from khcn.audit.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=AuditChainHead.PK).values_list("last_id", "last_hash").first()
    return (head[0], head[1]) if head else None


def _ref(values: Mapping[str, Any]) -> EventRef:
    return EventRef(values["id"], values["action"], values["occurred_at"])


def _ids(first: int, last: int) -> str:
    return f"#{first}" if first == last else f"#{first}–#{last}"


def verify(
    *,
    chunk_size: int = CHUNK_SIZE,
    anchor: tuple[int, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Walk the chain in id order; stop at the first altered, missing or foreign event.

    For each event: its stored hash must equal the hash of its content (else: altered); its
    ``prev_hash`` must equal the previous event's hash (else: the event before it was deleted
    — the ids show a gap — or this one was inserted or its link edited). At the end the newest
    event must be the one the chain head names (else: the newest events were deleted, or
    events were appended outside ``record()``). ``anchor=(id, hash)``, a head noted earlier,
    must still be the hash of that event. Reads one chunk at a time and holds no transaction:
    ``record()`` may keep writing meanwhile (such events are verified too).

    An id gap *with* an intact link is accepted: the rows were chained across it, which only
    happens to events written before the chain existed (a PostgreSQL sequence skips the ids
    of rolled-back inserts); since then ``record()`` takes ids from the head, without gaps.
    """
    labels = {ct.pk: content_type_label(ct) for ct in ContentType.objects.all()}
    prev: dict[str, Any] | None = None
    prev_hash = GENESIS
    count = 0
    anchor_seen = anchor is None

    def fail(problem: str, event_id: int | None) -> Result:
        head = _head() or (0, "")
        return Result(False, count, head[0], head[1], problem, event_id)

    while True:
        for values in _rows(prev["id"] if prev else 0, chunk_size, labels):
            event = _ref(values)
            if event_hash(values) != values["hash"]:
                return fail(f"{event} was altered: its content no longer matches its hash.", event.id)
            if values["prev_hash"] != prev_hash:
                prev_id = prev["id"] if prev else 0
                where = f"after {_ref(prev)}" if prev else "at the start of the chain"
                if event.id > prev_id + 1:
                    return fail(
                        f"Missing event {_ids(prev_id + 1, event.id - 1)} {where}: {event} does not "
                        "link to the event before it (deleted, or this event's link was edited).",
                        prev_id + 1,
                    )
                return fail(
                    f"Broken link: {event} does not link to the event before it ({where}): it was "
                    "inserted outside record(), or its link or the event before it was rewritten.",
                    event.id,
                )
            if anchor is not None and event.id == anchor[0]:
                if values["hash"] != anchor[1]:
                    return fail(
                        f"{event} no longer has the anchored hash {anchor[1]}: the chain was "
                        "rewritten up to this event or later.",
                        event.id,
                    )
                anchor_seen = True
            prev, prev_hash = values, values["hash"]
            count += 1
            if progress and count % chunk_size == 0:
                progress(count)

        # Read the head only now: every event it names was committed with it, so an event the
        # walk has not seen yet is either newer than the walk (read it) or gone.
        head = _head()
        last_id = prev["id"] if prev else 0
        if head is None:
            if prev is not None:
                return fail(f"The chain head is missing (the newest event is {_ref(prev)}).", None)
            break
        head_id, head_hash = head
        if head_id > last_id:
            from khcn.audit.models import AuditEvent

            if AuditEvent.objects.filter(id__gt=last_id).exists():
                continue  # committed after the walk's last chunk
            where = f"after {_ref(prev)}" if prev else "(no event is left)"
            return fail(
                f"Missing event {_ids(last_id + 1, head_id)} {where}: the chain head names "
                f"#{head_id} as the newest event; the newest events were deleted.",
                last_id + 1,
            )
        if head_id < last_id:
            from khcn.audit.models import AuditEvent

            foreign = (
                AuditEvent.objects.filter(id__gt=head_id)
                .order_by("id")
                .values("id", "action", "occurred_at")
                .first()
            )
            assert foreign is not None
            return fail(
                f"{_ref(foreign)} comes after the newest event the chain head names (#{head_id}): "
                "it was appended outside record().",
                foreign["id"],
            )
        if head_hash != prev_hash:
            assert prev is not None
            return fail(
                f"The chain head does not match {_ref(prev)}: the head or that event was rewritten.",
                last_id,
            )
        break
    if not anchor_seen:
        assert anchor is not None
        return fail(f"Anchored event #{anchor[0]} is missing.", anchor[0])
    return Result(True, count, *(head or (0, GENESIS)))
