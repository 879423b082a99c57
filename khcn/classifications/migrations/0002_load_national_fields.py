"""Loads the national classification of S&T fields (Decision 12/2008/QĐ-BKHCN) from
``khcn/classifications/data/linh-vuc-nghien-cuu-khcn.json``: offline, idempotent."""

from django.db import migrations


def load(apps, schema_editor):
    from khcn.classifications import loader

    loader.load(apps.get_model("classifications", "Scheme"), apps.get_model("classifications", "Term"))


class Migration(migrations.Migration):
    dependencies = [("classifications", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
