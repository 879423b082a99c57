"""Each assignment's progress as of each period (``AssignmentProgress``) is kept by the services
that change what counts, and always equals what the report lines say: the latest line on the
assignment in a submitted or accepted report of that period or an earlier one. The dashboard's
statuses, counted in SQL from those rows, equal the statuses computed one assignment at a time."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.utils import timezone

from khcn.plans import selectors, services
from khcn.plans.choices import COUNTED_STATUSES, ItemProgress, PeriodKind, ReportStatus, TaskStatus
from khcn.plans.models import Assignment, AssignmentProgress, ReportingPeriod, ReportLine
from khcn.plans.parser.deadlines import deadline_date
from khcn.plans.tests.helpers import submit

pytestmark = pytest.mark.django_db


def expected_rows(plan) -> set[tuple[int, int, str, int]]:
    """(assignment, period, progress, report) computed from scratch from the report lines."""
    periods = list(ReportingPeriod.objects.filter(plan=plan))
    lines = list(
        ReportLine.objects.filter(
            report__period__plan=plan, report__status__in=COUNTED_STATUSES
        ).select_related("report__period")
    )
    rows = set()
    for period in periods:
        latest: dict[int, ReportLine] = {}
        for line in lines:
            p = line.report.period
            if p.end > period.end:
                continue
            key = (p.end, p.start, line.pk)
            best = latest.get(line.assignment_id)
            if best is None or key > (best.report.period.end, best.report.period.start, best.pk):
                latest[line.assignment_id] = line
        rows |= {(a, period.pk, line.progress, line.report_id) for a, line in latest.items()}
    return rows


def stored_rows(plan) -> set[tuple[int, int, str, int]]:
    return set(
        AssignmentProgress.objects.filter(period__plan=plan).values_list(
            "assignment_id", "period_id", "progress", "report_id"
        )
    )


def reference_status(assignment: Assignment, progress: str | None, day: dt.date) -> str:
    """A status the way it was computed before the rows existed, one assignment at a time."""
    due = deadline_date(assignment.deadline) or deadline_date(assignment.item.deadline)
    if progress == ItemProgress.COMPLETED:
        return TaskStatus.ON_TIME
    if progress == ItemProgress.COMPLETED_LATE:
        return TaskStatus.LATE
    if due is not None and due < day:
        return TaskStatus.OVERDUE
    if progress is None:
        return TaskStatus.NO_REPORT
    if progress == ItemProgress.NOT_STARTED:
        return TaskStatus.NOT_STARTED
    if progress == ItemProgress.ADJUSTMENT_PROPOSED:
        return TaskStatus.ADJUSTMENT
    return TaskStatus.IN_PROGRESS


def test_rows_follow_every_submission_return_and_new_period(world):
    rng = random.Random(7)
    plan, specialist = world["plan"], world["specialist"]
    today = timezone.localdate()
    periods = [world["period"]]
    for back in (3, 2, 1):  # three earlier periods, oldest first
        periods.append(
            services.period_create(
                actor=specialist,
                plan=plan,
                kind=PeriodKind.AD_HOC,
                year=today.year - back,
                start=today - dt.timedelta(days=400 * back + 60),
                end=today - dt.timedelta(days=400 * back),
                due_on=today - dt.timedelta(days=400 * back - 5),
                name=f"Đợt {back}",
            )
        )
    people = {
        world["health"].pk: (world["reporter"], world["leader"]),
        world["home_affairs"].pk: (world["reporter_b"], world["leader_b"]),
    }
    agencies = [world["health"], world["home_affairs"]]
    for step in range(40):
        period = rng.choice(periods)
        agency = rng.choice(agencies)
        reporter, leader = people[agency.pk]
        report = services.report_start(actor=reporter, period=period, organization=agency)
        report.refresh_from_db()
        if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
            lines = {
                line.pk: {"progress": rng.choice(ItemProgress.values), "results": f"bước {step}"}
                for line in report.lines.all()
            }
            report = services.report_save(
                actor=reporter, report=report, version=report.version, summary="", lines=lines
            )
            submit(report, leader)
        elif report.status == ReportStatus.SUBMITTED:
            if rng.random() < 0.5:
                services.report_return(actor=specialist, report=report, note="Bổ sung")
            else:
                services.report_accept(actor=specialist, report=report)
        assert stored_rows(plan) == expected_rows(plan), f"after step {step}"
    assert AssignmentProgress.objects.filter(period__plan=plan).exists()
    # A period opened afterwards gets its snapshot at once.
    later = services.period_create(actor=specialist, plan=plan, kind=PeriodKind.ANNUAL, year=today.year + 1)
    assert stored_rows(plan) == expected_rows(plan)
    assert AssignmentProgress.objects.filter(period=later).count() == len(
        {a for a, p, _x, _y in expected_rows(plan) if p == later.pk}
    )
    # And the dashboard counts, as of each period, what the assignments say one by one.
    for period in [None, *ReportingPeriod.objects.filter(plan=plan)]:
        dash = selectors.plan_dashboard(user=specialist, plan=plan, period=period)
        last = period or max(ReportingPeriod.objects.filter(plan=plan), key=lambda p: (p.end, p.start, p.pk))
        progress = {a: pr for a, p, pr, _r in expected_rows(plan) if p == last.pk}
        day = selectors.dashboard.as_of(period)
        expected = Counter(
            reference_status(a, progress.get(a.pk), day)
            for a in Assignment.objects.filter(
                item__plan=plan, is_open=True, organization__isnull=False
            ).select_related("item")
        )
        assert {k: v for k, v in dash.totals.by_bucket.items() if v} == dict(expected)


def test_rebuild_gives_the_same_rows_and_due_dates(world):
    plan = world["plan"]
    report = services.report_start(
        actor=world["reporter"], period=world["period"], organization=world["health"]
    )
    submit(report, world["leader"])
    before = stored_rows(plan)
    due = dict(Assignment.objects.filter(item__plan=plan).values_list("pk", "due_on"))
    AssignmentProgress.objects.all().delete()
    Assignment.objects.update(due_on=None)
    services.progress_rebuild(plan)
    assert stored_rows(plan) == before == expected_rows(plan)
    assert dict(Assignment.objects.filter(item__plan=plan).values_list("pk", "due_on")) == due


def test_month_deadlines_end_with_their_month():
    assert deadline_date({"kind": "month", "year": 2024, "month": 6, "text": "tháng 6/2024"}) == dt.date(
        2024, 6, 30
    )
    assert deadline_date({"kind": "month", "year": 2024, "month": 2}) == dt.date(2024, 2, 29)
