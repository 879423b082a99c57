"""Fill ``Assignment.due_on`` and the ``AssignmentProgress`` rows for the data already there (the
services keep both up to date from now on). The same rule as ``services.progress``: an
assignment's progress as of a period is its latest line in a submitted or accepted report of
that period or an earlier one (by period end, then start, then line)."""

from django.db import migrations

COUNTED = ("submitted", "accepted")
BATCH = 2000


def backfill(apps, schema_editor):
    from khcn.plans.parser.deadlines import deadline_date  # a pure function of the stored value

    Assignment = apps.get_model("plans", "Assignment")
    AssignmentProgress = apps.get_model("plans", "AssignmentProgress")
    Plan = apps.get_model("plans", "Plan")
    ReportingPeriod = apps.get_model("plans", "ReportingPeriod")
    ReportLine = apps.get_model("plans", "ReportLine")
    changed = []
    for assignment in Assignment.objects.select_related("item").iterator(chunk_size=BATCH):
        due = deadline_date(assignment.deadline) or deadline_date(assignment.item.deadline)
        if due is not None:
            assignment.due_on = due
            changed.append(assignment)
        if len(changed) >= BATCH:
            Assignment.objects.bulk_update(changed, ["due_on"])
            changed = []
    Assignment.objects.bulk_update(changed, ["due_on"])
    for plan_id in Plan.objects.values_list("pk", flat=True):
        periods = list(
            ReportingPeriod.objects.filter(plan_id=plan_id).order_by("end", "start", "pk").values_list("pk", "end")
        )
        lines = iter(
            ReportLine.objects.filter(report__period__plan_id=plan_id, report__status__in=COUNTED)
            .order_by("report__period__end", "report__period__start", "pk")
            .values_list("assignment_id", "report__period__end", "progress", "report_id")
        )
        current = {}
        line = next(lines, None)
        rows = []
        for period_id, end in periods:
            while line is not None and line[1] <= end:
                current[line[0]] = (line[2], line[3])
                line = next(lines, None)
            rows += [
                AssignmentProgress(assignment_id=a, period_id=period_id, progress=p, report_id=r)
                for a, (p, r) in current.items()
            ]
            if len(rows) >= BATCH:
                AssignmentProgress.objects.bulk_create(rows, batch_size=BATCH)
                rows = []
        AssignmentProgress.objects.bulk_create(rows, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_assignment_progress"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
