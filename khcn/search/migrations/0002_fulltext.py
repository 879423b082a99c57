"""The full-text structures the ORM does not know about, per database vendor.

SQLite: an FTS5 external-content table ``search_fts`` over ``search_searchentry`` and three
triggers that keep it in step with every insert, update and delete.
PostgreSQL: a generated ``document`` tsvector column (``simple`` configuration, weights A–D)
and a GIN index on it, without GIN's pending list (``fastupdate = off``), so that a search
right after a bulk rebuild is as fast as any other.
Written by hand (``makemigrations`` cannot express either); the SQL is frozen here on purpose.
"""

from django.db import migrations

SQLITE_COLUMNS = "title_exact, body_exact, title_folded, body_folded"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        {SQLITE_COLUMNS},
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3'
    )""",
    f"""CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, {SQLITE_COLUMNS})
        VALUES (new.id, new.title_exact, new.body_exact, new.title_folded, new.body_folded);
    END""",  # noqa: S608
    f"""CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {SQLITE_COLUMNS})
        VALUES ('delete', old.id, old.title_exact, old.body_exact, old.title_folded, old.body_folded);
    END""",  # noqa: S608
    f"""CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {SQLITE_COLUMNS})
        VALUES ('delete', old.id, old.title_exact, old.body_exact, old.title_folded, old.body_folded);
        INSERT INTO search_fts(rowid, {SQLITE_COLUMNS})
        VALUES (new.id, new.title_exact, new.body_exact, new.title_folded, new.body_folded);
    END""",  # noqa: S608
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_exact, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_exact, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_folded, '')), 'C') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_folded, '')), 'D')"
)
POSTGRES_FORWARD = [
    f"ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ({POSTGRES_DOCUMENT}) STORED",
    # fastupdate off: searches never scan a pending list (writes are few, reads are many).
    "CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document) WITH (fastupdate = off)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]

FORWARD = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}
BACKWARD = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}


def forward(apps, schema_editor):
    for sql in FORWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    for sql in BACKWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_entry"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
