"""Chain the audit events that exist already, in id order, and create the chain head.

Reads the events a chunk at a time (ids above the last one seen) and writes both hashes with one
``executemany`` per chunk, so 100 000 events take seconds on SQLite and PostgreSQL. Uses the
live ``khcn.audit.chain.event_hash``: the hash must be the one ``audit_verify`` recomputes.
With no events it writes nothing (the first ``record()`` creates the head), so a freshly
migrated database stays empty.
"""

from django.db import migrations

CHUNK = 2000
UPDATE = 'UPDATE "audit_auditevent" SET "prev_hash" = %s, "hash" = %s WHERE "id" = %s'
COLUMNS = (
    "id",
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


def chain_existing_events(apps, schema_editor):
    from khcn.audit.chain import GENESIS, content_type_label, event_hash

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    events = AuditEvent.objects.using(db)
    if not events.exists():
        return
    labels = {ct.pk: content_type_label(ct) for ct in ContentType.objects.using(db).all()}
    last_id, prev_hash = 0, GENESIS
    while True:
        chunk = list(events.filter(id__gt=last_id).order_by("id").values(*COLUMNS)[:CHUNK])
        if not chunk:
            break
        params = []
        for values in chunk:
            values["content_type"] = labels[values.pop("content_type_id")]
            values["prev_hash"] = prev_hash
            digest = event_hash(values)
            params.append((prev_hash, digest, values["id"]))
            prev_hash = digest
        last_id = chunk[-1]["id"]
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(UPDATE, params)
    AuditChainHead.objects.using(db).update_or_create(
        pk=1, defaults={"last_id": last_id, "last_hash": prev_hash}
    )


def unchain(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_chain"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(chain_existing_events, unchain)]
