"""One agency, one role, one line per item: the database refuses a second open assignment of one
agency on one item (the duplicates already there were folded by ``0008``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0008_assignment_duplicates_folded"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_open", True)),
                fields=("item", "organization"),
                name="assignment_one_per_agency",
            ),
        ),
    ]
