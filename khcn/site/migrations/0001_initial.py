from django.db import migrations, models

# The demo loaders of this version. A database that got its demo data before the site layer
# kept no record of it: it has demo accounts, and these loaders are marked as run.
LOADED_BEFORE = ["accounts", "organizations", "councils", "plans"]


def mark_earlier_demo(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    DemoLoad = apps.get_model("site", "DemoLoad")
    if User.objects.filter(is_demo=True).exists():
        DemoLoad.objects.bulk_create([DemoLoad(name=name) for name in LOADED_BEFORE])


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_version_for_optimistic_locking"),
    ]

    operations = [
        migrations.CreateModel(
            name="DemoLoad",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("loaded_at", models.DateTimeField(auto_now_add=True, verbose_name="loaded at")),
            ],
            options={
                "verbose_name": "demo data loaded",
                "verbose_name_plural": "demo data loaded",
                "ordering": ["loaded_at", "id"],
            },
        ),
        migrations.RunPython(mark_earlier_demo, migrations.RunPython.noop),
    ]
