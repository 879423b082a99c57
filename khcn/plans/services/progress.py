"""Each assignment's progress as of each period (``AssignmentProgress``), kept up to date here.

An assignment's status on the dashboard comes from the latest line on it in a counted report
(submitted or accepted) of the period shown or an earlier one. Finding that line for thousands
of assignments on every request was most of a dashboard's cost; instead the rows are written
when what counts changes: a report submitted or returned (its lines start or stop counting:
``REPORT_WORKFLOW``), a period opened (its own snapshot), and in bulk by ``progress_rebuild``
(migrations, generated data). The assignment's ``due_on`` is kept by the services that set
deadlines (``assignment_due_on``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F

from khcn.plans.choices import COUNTED_STATUSES
from khcn.plans.models import Assignment, AssignmentProgress, Plan, PlanItem, ReportingPeriod, ReportLine
from khcn.plans.parser.deadlines import deadline_date

BATCH = 2000


def assignment_due_on(assignment: Assignment, item: PlanItem | None = None) -> dt.date | None:
    """The last day of the assignment's deadline, or of its item's when it has none."""
    item = item or assignment.item
    return deadline_date(assignment.deadline) or deadline_date(item.deadline)


def plan_data_changed(*plan_ids: int) -> None:
    """What the plans' pages count or list has changed: raise their ``data_version`` (in the
    caller's transaction), so that what was computed or rendered for the old data is not used."""
    Plan.objects.filter(pk__in=plan_ids).update(data_version=F("data_version") + 1)


def agencies_changed(*, organizations: Iterable[Any]) -> None:
    """An agency's names changed (``khcn.organizations.hooks``): the plans that show it."""
    ids = [o.pk for o in organizations]
    plans = Plan.objects.filter(items__assignments__organization_id__in=ids).values_list("pk", flat=True)
    plan_data_changed(*set(plans))


def report_counts_changed(report: Any, actor: Any = None) -> None:
    """A report's status changed without changing which lines count (accepted): the period's
    figures did."""
    plan_data_changed(report.period.plan_id)


@transaction.atomic
def progress_refresh(
    *,
    plan_id: int,
    assignment_ids: Iterable[int] | None = None,
    period_ids: Iterable[int] | None = None,
) -> int:
    """Recompute the progress rows of ``plan_id`` for ``assignment_ids`` (all by default) as of
    ``period_ids`` (every period of the plan by default). Refreshes of one plan are serialised
    (the plan row is locked), so two reports submitted at once cannot interleave their rows.
    Returns the number of rows written."""
    Plan.objects.select_for_update().filter(pk=plan_id).values_list("pk", flat=True).first()
    plan_data_changed(plan_id)
    periods = list(
        ReportingPeriod.objects.filter(plan_id=plan_id)
        .order_by("end", "start", "pk")
        .values_list("pk", "end")
    )
    wanted = set(period_ids) if period_ids is not None else None
    ids = sorted(set(assignment_ids)) if assignment_ids is not None else None
    lines = ReportLine.objects.filter(report__period__plan_id=plan_id, report__status__in=COUNTED_STATUSES)
    existing = AssignmentProgress.objects.filter(period__plan_id=plan_id)
    if ids is not None:
        lines = lines.filter(assignment_id__in=ids)
        existing = existing.filter(assignment_id__in=ids)
    if wanted is not None:
        existing = existing.filter(period_id__in=wanted)
    existing.delete()
    # Lines in the order "latest" is decided: period end, then start, then the line itself.
    ordered = lines.order_by("report__period__end", "report__period__start", "pk").values_list(
        "assignment_id", "report__period__end", "progress", "report_id"
    )
    current: dict[int, tuple[str, int]] = {}
    rows: list[AssignmentProgress] = []
    written = 0
    pending = iter(ordered.iterator(chunk_size=BATCH))
    line: Any = next(pending, None)
    for period_id, end in periods:
        while line is not None and line[1] <= end:
            current[line[0]] = (line[2], line[3])
            line = next(pending, None)
        if wanted is not None and period_id not in wanted:
            continue
        for assignment_id, (progress, report_id) in current.items():
            rows.append(
                AssignmentProgress(
                    assignment_id=assignment_id, period_id=period_id, progress=progress, report_id=report_id
                )
            )
        if len(rows) >= BATCH:
            AssignmentProgress.objects.bulk_create(rows, batch_size=BATCH)
            written += len(rows)
            rows = []
    AssignmentProgress.objects.bulk_create(rows, batch_size=BATCH)
    return written + len(rows)


def report_progress_refresh(report: Any, actor: Any = None) -> None:
    """A report's lines started or stopped counting (it was submitted or returned): refresh
    the progress of the assignments it speaks of, from its period on."""
    period = report.period
    later = ReportingPeriod.objects.filter(plan_id=period.plan_id, end__gte=period.end).values_list(
        "pk", flat=True
    )
    progress_refresh(
        plan_id=period.plan_id,
        assignment_ids=report.lines.values_list("assignment_id", flat=True),
        period_ids=list(later),
    )


@transaction.atomic
def progress_rebuild(plan: Plan) -> int:
    """Every assignment's ``due_on`` and every progress row of ``plan``, from scratch (for data
    loaded in bulk, which bypasses the services)."""
    changed = []
    for assignment in Assignment.objects.filter(item__plan=plan).select_related("item"):
        due = assignment_due_on(assignment)
        if assignment.due_on != due:
            assignment.due_on = due
            changed.append(assignment)
    Assignment.objects.bulk_update(changed, ["due_on"], batch_size=BATCH)
    return progress_refresh(plan_id=plan.pk)
