"""Chain the audit events that exist already, in id order, and create the chain head.

Reads the events a chunk at a time (ids above the last one seen) and writes both hashes with one
statement per chunk, so 100 000 events take seconds on SQLite and PostgreSQL. Uses the
live ``khcn.audit.chain.event_hash``: the hash must be the one ``audit_verify`` recomputes.
With no events it writes nothing (the first ``record()`` creates the head), so a freshly
migrated database stays empty.
"""

import sqlite3

from django.db import migrations

CHUNK = 2000


def _update_sql(rows):
    """One statement for a chunk (PostgreSQL and SQLite ≥ 3.33 both take UPDATE … FROM a CTE)."""
    values = ", ".join(["(%s, %s, %s)"] * rows)
    return (
        f'WITH "v" ("id", "prev_hash", "hash") AS (VALUES {values}) '  # noqa: S608 (placeholders only)
        'UPDATE "audit_auditevent" SET "prev_hash" = "v"."prev_hash", "hash" = "v"."hash" '
        'FROM "v" WHERE "audit_auditevent"."id" = "v"."id"'
    )


# SQLite before 3.33 (Django 5.2 accepts 3.31) has no UPDATE … FROM: one statement per row.
UPDATE_ONE = 'UPDATE "audit_auditevent" SET "prev_hash" = %s, "hash" = %s WHERE "id" = %s'

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
        rows = []  # (id, prev_hash, hash)
        for values in chunk:
            values["content_type"] = labels[values.pop("content_type_id")]
            values["prev_hash"] = prev_hash
            digest = event_hash(values)
            rows.append((values["id"], prev_hash, digest))
            prev_hash = digest
        last_id = chunk[-1]["id"]
        with schema_editor.connection.cursor() as cursor:
            if schema_editor.connection.vendor == "sqlite" and sqlite3.sqlite_version_info < (3, 33):
                cursor.executemany(UPDATE_ONE, [(prev, digest, pk) for pk, prev, digest in rows])
            else:
                cursor.execute(_update_sql(len(rows)), [value for row in rows for value in row])
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
