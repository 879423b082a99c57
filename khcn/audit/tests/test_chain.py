"""The audit hash chain: record() chains, audit_verify catches rows changed behind its back."""

import importlib
import io
import itertools
import threading
import time
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from khcn.audit import chain
from khcn.audit.models import AuditChainHead, AuditEvent
from khcn.audit.services import record
from khcn.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _record(target, n=1, **kwargs):
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(
                record(
                    actor=None,
                    action="created",
                    target=target,
                    changes=kwargs.get("changes", {"name": [None, f"Sở số {i}"]}),
                    note=kwargs.get("note", f"ghi chú {i}"),
                )
            )
    return events


def _verify(*args):
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def _broken(*args):
    with pytest.raises(CommandError) as caught:
        _verify(*args)
    return str(caught.value)


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _json(placeholder="%s"):
    return f"CAST({placeholder} AS jsonb)" if connection.vendor == "postgresql" else placeholder


def test_records_form_a_chain_that_verifies():
    org = OrganizationFactory()
    events = _record(org, 4)
    assert [e.id for e in events] == list(range(events[0].id, events[0].id + 4))
    assert events[0].prev_hash == chain.GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash and len(after.hash) == 64
    head = AuditChainHead.objects.get()
    assert (head.last_id, head.last_hash) == (events[-1].id, events[-1].hash)
    # The stored row (read back from the database) hashes to what record() computed.
    stored = AuditEvent.objects.get(pk=events[1].pk)
    assert stored.hash == events[1].hash
    output = _verify()
    assert "OK: 4 events verified" in output
    assert f"Head: {events[-1].id}:{events[-1].hash}" in output


def test_empty_log_verifies():
    assert "OK: 0 events verified" in _verify()


def test_values_that_change_on_the_way_through_the_database_still_verify():
    """jsonb reorders keys and writes 1e20 as an integer; Vietnamese text; tuples become lists."""
    org = OrganizationFactory()
    _record(
        org,
        changes={"z": [1e20, 0.1], "a": [(1, 2), {"b": 1.5e-7, "a": 2.0}], "tên": ["Sở Nội vụ", None]},
        note="Bổ sung số liệu “quý IV” — đợt 2",
    )
    assert "OK: 1 events verified" in _verify()


def test_changes_altered_by_sql_are_caught_and_named():
    org = OrganizationFactory()
    _first, second, _third = _record(org, 3)
    _sql(
        f"UPDATE audit_auditevent SET changes = {_json()} WHERE id = %s",
        ['{"name": [null, "Sở khác"]}', second.id],
    )
    message = _broken()
    assert f"event #{second.id} (created, " in message and "was altered" in message
    assert "after 1 verified events" in message


def test_note_altered_by_sql_is_caught_and_named():
    org = OrganizationFactory()
    events = _record(org, 3)
    _sql("UPDATE audit_auditevent SET note = %s WHERE id = %s", ["đã sửa", events[2].id])
    message = _broken()
    assert f"event #{events[2].id} (created, {events[2].occurred_at:%Y-%m-%dT%H:%M:%S}" in message
    assert "was altered" in message


def test_a_deleted_event_in_the_middle_is_caught():
    org = OrganizationFactory()
    events = _record(org, 4)
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    message = _broken()
    assert f"Missing event #{events[1].id} after event #{events[0].id}" in message
    assert f"event #{events[2].id} (created" in message


def test_deleted_newest_events_are_caught_by_the_head():
    org = OrganizationFactory()
    events = _record(org, 4)
    _sql("DELETE FROM audit_auditevent WHERE id >= %s", [events[2].id])
    message = _broken()
    assert f"Missing event #{events[2].id}–#{events[3].id} after event #{events[1].id}" in message


def _forge(event_id, prev_hash, content_type_id, *, rehash=True):
    values = {
        "id": event_id,
        "prev_hash": prev_hash,
        "occurred_at": AuditEvent.objects.get(pk=event_id - 1).occurred_at,
        "actor_id": None,
        "action": "created",
        "content_type": "organizations.organization",
        "object_id": "1",
        "object_repr": "Sở giả",
        "changes": {},
        "note": "",
        "request_id": "",
    }
    digest = chain.event_hash(values) if rehash else "f" * 64
    _sql(
        "INSERT INTO audit_auditevent (id, prev_hash, hash, occurred_at, actor_id, action, content_type_id, "
        f"object_id, object_repr, changes, note, request_id) VALUES (%s, %s, %s, %s, NULL, %s, %s, %s, %s, "
        f"{_json()}, %s, %s)",
        [
            event_id,
            prev_hash,
            digest,
            connection.ops.adapt_datetimefield_value(values["occurred_at"]),
            "created",
            content_type_id,
            "1",
            "Sở giả",
            "{}",
            "",
            "",
        ],
    )


def test_a_forged_event_with_a_wrong_link_is_caught():
    org = OrganizationFactory()
    events = _record(org, 2)
    # Its own hash is right, its link points at the first event instead of the second.
    _forge(events[-1].id + 1, events[0].hash, events[0].content_type_id)
    message = _broken()
    assert f"Broken link: event #{events[-1].id + 1} (created" in message


def test_a_forged_event_with_a_right_link_is_caught_by_the_head():
    org = OrganizationFactory()
    events = _record(org, 2)
    _forge(events[-1].id + 1, events[-1].hash, events[0].content_type_id)
    message = _broken()
    assert f"event #{events[-1].id + 1} (created" in message and "appended outside record()" in message


def test_a_rewritten_chain_passes_only_without_an_anchor():
    """Recomputing the hashes hides a change from the chain alone; a head kept elsewhere shows it."""
    org = OrganizationFactory()
    events = _record(org, 3)
    anchor = f"{events[-1].id}:{events[-1].hash}"
    assert "OK: 3 events verified" in _verify("--anchor", anchor)
    last = events[-1]
    values = {name: getattr(last, name) for name in chain.HASHED_FIELDS if name != "content_type"}
    values.update(content_type="organizations.organization", note="viết lại")
    digest = chain.event_hash(values)
    _sql("UPDATE audit_auditevent SET note = %s, hash = %s WHERE id = %s", ["viết lại", digest, last.id])
    _sql("UPDATE audit_auditchainhead SET last_hash = %s", [digest])
    assert "OK: 3 events verified" in _verify()
    message = _broken("--anchor", anchor)
    assert f"event #{last.id} (created" in message and "anchored hash" in message


def test_a_rewritten_head_is_caught():
    org = OrganizationFactory()
    events = _record(org, 2)
    _sql("UPDATE audit_auditchainhead SET last_hash = %s", ["a" * 64])
    assert f"The chain head does not match event #{events[-1].id}" in _broken()


def test_bad_anchor_is_refused():
    with pytest.raises(CommandError, match="ID:HASH"):
        _verify("--anchor", "12:xyz")


def test_rolled_back_savepoints_leave_no_gap_in_the_chain():
    """Nested savepoints: an inner rollback takes its event and the head's move with it."""
    org = OrganizationFactory()
    with transaction.atomic():
        first = record(actor=None, action="created", target=org)
        with transaction.atomic():
            second = record(actor=None, action="created", target=org)
            try:
                with transaction.atomic():
                    record(actor=None, action="created", target=org)
                    raise RuntimeError("refused")
            except RuntimeError:
                pass
        third = record(actor=None, action="created", target=org)
    assert second.prev_hash == first.hash
    assert (third.id, third.prev_hash) == (second.id + 1, second.hash)
    assert "OK: 3 events verified" in _verify()


def test_chunks_are_walked_in_id_order():
    org = OrganizationFactory()
    events = _record(org, 7)
    assert "OK: 7 events verified" in _verify("--chunk-size", "2")
    _sql("UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["x", events[5].id])
    assert f"event #{events[5].id} (created" in _broken("--chunk-size", "3")


@pytest.mark.parametrize("old_sqlite", [False, True], ids=["update-from", "row-by-row"])
def test_backfill_migration_chains_existing_events_as_record_would(old_sqlite, monkeypatch):
    backfill = importlib.import_module("khcn.audit.migrations.0003_chain_backfill")
    if old_sqlite:
        monkeypatch.setattr(backfill.sqlite3, "sqlite_version_info", (3, 31, 1))
    org = OrganizationFactory()
    events = _record(org, 5)
    # A legacy id gap: the migration chains across it and the chain still verifies.
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[2].id])
    _sql("UPDATE audit_auditevent SET prev_hash = '', hash = ''")
    _sql("DELETE FROM audit_auditchainhead")
    backfill.chain_existing_events(apps, SimpleNamespace(connection=connection))
    rows = dict(AuditEvent.objects.values_list("id", "hash"))
    assert rows[events[0].id] == events[0].hash and rows[events[1].id] == events[1].hash
    assert rows[events[3].id] != events[3].hash  # now chained to event 2 across the gap
    assert AuditChainHead.objects.get().last_id == events[-1].id
    assert "OK: 4 events verified" in _verify()
    # and record() carries on from the head.
    [after] = _record(org)
    assert after.id == events[-1].id + 1 and after.prev_hash == rows[events[-1].id]
    assert "OK: 5 events verified" in _verify()


def test_backfill_on_an_empty_log_writes_nothing():
    backfill = importlib.import_module("khcn.audit.migrations.0003_chain_backfill")
    backfill.chain_existing_events(apps, SimpleNamespace(connection=connection))
    assert not AuditChainHead.objects.exists()


def test_a_missing_head_is_reported():
    org = OrganizationFactory()
    _record(org, 2)
    _sql("DELETE FROM audit_auditchainhead")
    assert "The chain head is missing" in _broken()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers with BEGIN IMMEDIATE; threads on its in-memory test database share a connection",
)
def test_concurrent_transactions_never_chain_to_the_same_event():
    org = OrganizationFactory()
    per_thread, threads = 8, 4
    barrier = threading.Barrier(threads)
    errors = []

    def work():
        try:
            barrier.wait()
            for _ in range(per_thread):
                with transaction.atomic():
                    record(actor=None, action="created", target=org)
                    time.sleep(0.005)  # hold the head so that the others queue on it
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    assert ids == list(range(1, per_thread * threads + 1))
    assert f"OK: {per_thread * threads} events verified" in _verify()
