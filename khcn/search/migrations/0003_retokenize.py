"""The token columns of the existing entries, computed again: tone marks are now in one place
("Thanh Hoá" and "Thanh Hóa" are one word in the exact columns) and document numbers are also
indexed whole ("50-KL/TW" → "50kltw"). Only ``title`` and ``body`` are read, so no registration
is needed; the full-text engine follows (triggers on SQLite, the generated column on
PostgreSQL). Objects registered since (plans, their items, assignments, reports, difficulties)
are added by ``manage.py search_rebuild`` once (``docs/search.md``)."""

from django.db import migrations


def retokenize(apps, schema_editor):
    from khcn.search.services import retokenize as run

    run(apps.get_model("search", "SearchEntry"))


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(retokenize, migrations.RunPython.noop, elidable=True)]
