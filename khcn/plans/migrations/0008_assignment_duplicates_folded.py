"""One agency, one role, one line per item, for the data already there: an agency with two open
assignments on one item (named twice, or through an agency merged into it) keeps one, with the
stronger role (lead, coordinate, report only), before ``0009`` makes the database refuse a
second one.

The same rule as ``khcn.plans.services.duties.assignment_fold``, written against the models of
this migration. The assignment kept is the one with the stronger role (the older between
equals). No report line is lost: a line on the other assignment moves to the kept one unless
its report already has a line on it; then, in a report that can still be edited (draft,
returned), its texts join that line, and in a sent report (submitted, accepted) it stays as it
was, on the other assignment, which is closed with a note instead of being deleted. Each plan
touched gets its progress rows rebuilt and its ``data_version`` raised."""

from django.db import migrations
from django.db.models import Count, F

STRENGTH = {"lead": 3, "coordinate": 2, "report": 1}
EDITABLE = ("draft", "returned")
COUNTED = ("submitted", "accepted")
TEXTS = ("results", "figures", "difficulties", "proposals")
FILLED = ("deadline", "deadline_text", "due_on", "reporting", "note", "lead_name")
NOTE = "Gộp vào phân công của cùng cơ quan trên mục này (mỗi cơ quan một vai trò)."
BATCH = 2000


def _join(first, second):
    first, second = (first or "").strip(), (second or "").strip()
    if not second or second in first:
        return first
    if not first or first in second:
        return second
    return f"{first}\n{second}"


def _fold(kept, other, ReportLine, AgencyReport):
    kept_lines = {line.report_id: line for line in ReportLine.objects.filter(assignment=kept)}
    edited = set()
    for line in ReportLine.objects.filter(assignment=other).select_related("report"):
        mine = kept_lines.get(line.report_id)
        if mine is None:
            line.assignment = kept
            line.save(update_fields=["assignment"])
            kept_lines[line.report_id] = line
        elif line.report.status in EDITABLE:
            for name in TEXTS:
                setattr(mine, name, _join(getattr(mine, name), getattr(line, name)))
            if mine.progress == "not_started":
                mine.progress = line.progress
            mine.save()
            line.delete()
            edited.add(line.report_id)
    if edited:
        AgencyReport.objects.filter(pk__in=edited).update(version=F("version") + 1)
    changed = []
    if STRENGTH.get(other.role, 0) > STRENGTH.get(kept.role, 0):
        kept.role = other.role
        changed.append("role")
    for name in FILLED:
        if not getattr(kept, name) and getattr(other, name):
            setattr(kept, name, getattr(other, name))
            changed.append(name)
    if changed:
        kept.save(update_fields=changed)
    if ReportLine.objects.filter(assignment=other).exists():
        other.is_open = False
        other.note = f"{other.note}\n{NOTE}".strip()
        other.save(update_fields=["is_open", "note"])
    else:
        other.delete()


def _rebuild_progress(plan_id, AssignmentProgress, ReportingPeriod, ReportLine):
    """The progress rows of one plan from scratch (as in 0006 and ``services.progress``)."""
    AssignmentProgress.objects.filter(period__plan_id=plan_id).delete()
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


def fold_duplicates(apps, schema_editor):
    Assignment = apps.get_model("plans", "Assignment")
    AssignmentProgress = apps.get_model("plans", "AssignmentProgress")
    AgencyReport = apps.get_model("plans", "AgencyReport")
    Plan = apps.get_model("plans", "Plan")
    ReportingPeriod = apps.get_model("plans", "ReportingPeriod")
    ReportLine = apps.get_model("plans", "ReportLine")
    twice = (
        Assignment.objects.filter(is_open=True, organization__isnull=False)
        .values("item_id", "organization_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by()
    )
    plans = set()
    for pair in list(twice):
        found = list(
            Assignment.objects.filter(
                is_open=True, item_id=pair["item_id"], organization_id=pair["organization_id"]
            ).select_related("item")
        )
        found.sort(key=lambda a: (-STRENGTH.get(a.role, 0), a.pk))
        kept, *others = found
        for other in others:
            _fold(kept, other, ReportLine, AgencyReport)
        plans.add(kept.item.plan_id)
    for plan_id in sorted(plans):
        _rebuild_progress(plan_id, AssignmentProgress, ReportingPeriod, ReportLine)
    if plans:
        Plan.objects.filter(pk__in=plans).update(data_version=F("data_version") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_plan_corrections"),
    ]

    operations = [
        migrations.RunPython(fold_duplicates, migrations.RunPython.noop),
    ]
