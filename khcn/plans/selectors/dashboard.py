"""The plan dashboard: each open assignment's status, counted by agency, by content group and in
total, the reports per period, and the lists behind every figure.

A status (``TaskStatus``) comes from the assignment's progress as of the period shown (its
``AssignmentProgress`` row: the latest line on it in a submitted or accepted report, kept up to
date by ``khcn.plans.services.progress``), its ``due_on`` and the day: SQL counts them, so a
dashboard costs the same few queries whatever the number of reports behind it.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, QuerySet, Value, When
from django.utils import timezone

from khcn.accounts.models import User
from khcn.core.fragments import cached_value
from khcn.organizations.models import Organization
from khcn.plans.choices import ItemProgress, ReportStatus, TaskStatus
from khcn.plans.models import AgencyReport, Assignment, Plan, PlanItem, ReportingPeriod
from khcn.plans.paths import display_path
from khcn.plans.permissions import plan_policy

BUCKETS: tuple[str, ...] = tuple(TaskStatus.values)
BUCKET_LABELS: dict[str, Any] = dict(TaskStatus.choices)
BUCKET_COLOURS: dict[str, str] = {
    TaskStatus.ON_TIME: "#1e7d32",
    TaskStatus.LATE: "#9ccc65",
    TaskStatus.IN_PROGRESS: "#0b5cab",
    TaskStatus.OVERDUE: "#b3261e",
    TaskStatus.NOT_STARTED: "#8d8d8d",
    TaskStatus.ADJUSTMENT: "#7b1fa2",
    TaskStatus.NO_REPORT: "#d5dbe1",
}
ON_TIME, LATE = TaskStatus.ON_TIME.value, TaskStatus.LATE.value


# --------------------------------------------------------------------------------------------------
# Content groups
# --------------------------------------------------------------------------------------------------


def short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


@dataclass(frozen=True)
class ItemInfo:
    pk: int
    parent_id: int | None
    depth: int
    path: str
    title: str
    position: int

    @property
    def label(self) -> str:
        return f"{display_path(self.path)}. {self.title}" if self.title else display_path(self.path)


@dataclass
class PlanMap:
    """A plan's items and the content group (a first- or second-level content item) that each
    item's assignments report on. Two queries."""

    items: dict[int, ItemInfo]
    groups: list[ItemInfo]
    item_groups: dict[int, tuple[int, ...]]
    related: dict[int, list[int]] = field(default_factory=dict)

    def groups_of(self, item_pk: int) -> tuple[int, ...]:
        return self.item_groups.get(item_pk, ())


_MAPS: OrderedDict[tuple[int, int], PlanMap] = OrderedDict()
MAPS_KEPT = 64  # plans whose map this process keeps


def plan_map(plan: Plan) -> PlanMap:
    """The plan's content groups (see ``build_plan_map``), kept in this process for each version
    of the plan: its items change only when the plan is imported or corrected, and every change
    raises ``Plan.version``."""
    key = (plan.pk, plan.version)
    found = _MAPS.get(key)
    if found is None:
        found = build_plan_map(plan)
        _MAPS[key] = found
        while len(_MAPS) > MAPS_KEPT:
            _MAPS.popitem(last=False)
    else:
        _MAPS.move_to_end(key)
    return found


def build_plan_map(plan: Plan) -> PlanMap:
    """Group items by the content item they restate: an item's ``related`` items (a duty in
    section IV restating II.3.c) give their second-level ancestor (II.3); an item without links
    belongs to its own second-level item when it sits in a content section (one that other items
    restate), otherwise to its top-level section (IV)."""
    items: dict[int, ItemInfo] = {}
    for pk, parent_id, depth, path, heading, text, position in PlanItem.objects.filter(plan=plan).values_list(
        "id", "parent_id", "depth", "path", "heading", "text", "position"
    ):
        items[pk] = ItemInfo(pk, parent_id, depth, path, short(heading or text), position)
    related: dict[int, list[int]] = defaultdict(list)
    through = PlanItem.related.through
    for source, target in through.objects.filter(from_planitem__plan=plan).values_list(
        "from_planitem_id", "to_planitem_id"
    ):
        if target in items:
            related[source].append(target)

    def ancestor(pk: int, max_depth: int) -> int:
        info = items[pk]
        seen = 0
        while info.depth > max_depth and info.parent_id in items and seen < 50:
            info = items[info.parent_id]  # type: ignore[index]
            seen += 1
        return info.pk

    content_tops = {ancestor(t, 0) for targets in related.values() for t in targets}
    item_groups: dict[int, tuple[int, ...]] = {}
    for pk in items:
        if related.get(pk):
            found = {ancestor(t, 1) for t in related[pk]}
        elif ancestor(pk, 0) in content_tops:
            found = {ancestor(pk, 1)}
        else:
            found = {ancestor(pk, 0)}
        item_groups[pk] = tuple(sorted(found, key=lambda g: items[g].position))
    used = {g for groups in item_groups.values() for g in groups}
    groups = sorted((items[g] for g in used), key=lambda i: i.position)
    return PlanMap(items=items, groups=groups, item_groups=item_groups, related=dict(related))


# --------------------------------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------------------------------


@dataclass
class Counts:
    by_bucket: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    def add(self, bucket: str, n: int = 1) -> None:
        self.by_bucket[bucket] += n

    @property
    def total(self) -> int:
        return sum(self.by_bucket.values())

    @property
    def completed(self) -> int:
        return self.by_bucket[ON_TIME] + self.by_bucket[LATE]

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    def cells(self) -> list[tuple[str, int]]:
        return [(b, self.by_bucket[b]) for b in BUCKETS]


@dataclass
class AgencyRow:
    organization_id: int
    name: str
    sort_key: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class GroupRow:
    group: ItemInfo
    counts: Counts = field(default_factory=Counts)


@dataclass
class PeriodRow:
    period: ReportingPeriod
    expected: int
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    awaiting: int = 0
    returned: int = 0
    accepted: int = 0
    sent_expected: int = 0  # the submitted reports of the agencies expected (``dashboard_missing``)

    @property
    def missing(self) -> int:
        """The agencies expected that have not sent their report: the rows of the list behind
        the figure (``dashboard_missing``), whatever reports others (an agency no longer
        assigned) have sent."""
        return max(self.expected - self.sent_expected, 0)


@dataclass
class Dashboard:
    plan: Plan
    period: ReportingPeriod | None
    as_of: dt.date
    totals: Counts
    agencies: list[AgencyRow]
    groups: list[GroupRow]
    periods: list[PeriodRow]
    unmapped: int
    expected: int
    pmap: PlanMap
    # The content groups' table: an assignment whose item restates items of several groups is
    # counted under each of them, so the rows may add up to more than the assignments counted
    # once (``grouped``); ``in_several_groups`` says how many are counted more than once.
    grouped: Counts = field(default_factory=Counts)
    in_several_groups: int = 0

    @property
    def group_rows_sum(self) -> int:
        """What the content groups' rows add up to (each assignment once per group)."""
        return sum(g.counts.total for g in self.groups)

    def chart_data(self, *, link: Any, top: int = 15) -> dict[str, Any]:
        """What ``static/js/plans-dashboard.js`` draws: a doughnut of statuses and stacked bars
        for the agencies with the most assignments; ``link(bucket, agency_id)`` gives the list
        each segment opens."""
        agencies = sorted(self.agencies, key=lambda a: (-a.counts.total, a.sort_key))[:top]
        return {
            "buckets": [
                {"code": b, "label": str(BUCKET_LABELS[b]), "colour": BUCKET_COLOURS[b]} for b in BUCKETS
            ],
            "status": {
                "values": [self.totals.by_bucket[b] for b in BUCKETS],
                "links": [link(b, None) for b in BUCKETS],
            },
            "agencies": {
                "labels": [a.name for a in agencies],
                "values": [[a.counts.by_bucket[b] for a in agencies] for b in BUCKETS],
                "links": [[link(b, a.organization_id) for a in agencies] for b in BUCKETS],
                "shown": len(agencies),
                "total": len(self.agencies),
            },
        }


def as_of(period: ReportingPeriod | None, today: dt.date | None = None) -> dt.date:
    """The day statuses are computed for: today, or the period's last day if it is over."""
    day = today or timezone.localdate()
    return min(day, period.end) if period is not None else day


def _periods(plan: Plan, periods: Sequence[ReportingPeriod] | None) -> list[ReportingPeriod]:
    """The plan's periods, oldest first (as given, or read: one query)."""
    found = list(periods) if periods is not None else list(ReportingPeriod.objects.filter(plan=plan))
    return sorted(found, key=lambda p: (p.end, p.pk))


def progress_period(
    periods: Sequence[ReportingPeriod], period: ReportingPeriod | None
) -> ReportingPeriod | None:
    """The period whose progress rows give the statuses: the one chosen, or for "latest
    reports" the plan's last one (every counted line of the plan is as of it)."""
    if period is not None or not periods:
        return period
    return max(periods, key=lambda p: (p.end, p.start, p.pk))


def with_status(qs: QuerySet[Assignment], *, period: ReportingPeriod | None, day: dt.date) -> QuerySet[Any]:
    """Annotate each assignment with its ``status`` (a ``TaskStatus`` value) as of ``period``
    on ``day``, and ``progress_report`` (the report its progress comes from, or None)."""
    if period is None:
        return qs.annotate(
            status=Case(
                When(due_on__lt=day, then=Value(TaskStatus.OVERDUE.value)),
                default=Value(TaskStatus.NO_REPORT.value),
                output_field=CharField(),
            ),
            progress_report=Value(None, output_field=CharField()),
        )
    qs = qs.annotate(now=FilteredRelation("progress_rows", condition=Q(progress_rows__period_id=period.pk)))
    return qs.annotate(
        status=Case(
            When(now__progress=ItemProgress.COMPLETED, then=Value(TaskStatus.ON_TIME.value)),
            When(now__progress=ItemProgress.COMPLETED_LATE, then=Value(TaskStatus.LATE.value)),
            When(due_on__lt=day, then=Value(TaskStatus.OVERDUE.value)),
            When(now__progress__isnull=True, then=Value(TaskStatus.NO_REPORT.value)),
            When(now__progress=ItemProgress.NOT_STARTED, then=Value(TaskStatus.NOT_STARTED.value)),
            When(now__progress=ItemProgress.ADJUSTMENT_PROPOSED, then=Value(TaskStatus.ADJUSTMENT.value)),
            default=Value(TaskStatus.IN_PROGRESS.value),
            output_field=CharField(),
        ),
        progress_report=F("now__report_id"),
    )


def plan_dashboard(
    *,
    user: User,
    plan: Plan,
    periods: Sequence[ReportingPeriod] | None = None,
    period: ReportingPeriod | None = None,
    today: dt.date | None = None,
) -> Dashboard:
    """Completion by agency and by content group, status counts, and reports expected /
    submitted / on time per period (``periods``: the plan's, oldest first). Four queries
    whatever the size of the plan (and two more the first time this process meets this
    version of the plan: its content groups)."""
    plan_policy.require(user, "view", plan)
    periods = _periods(plan, periods)
    day = as_of(period, today)
    pmap = plan_map(plan)
    base = Assignment.objects.filter(item__plan=plan, is_open=True)
    rows = (
        with_status(base, period=progress_period(periods, period), day=day)
        .values("organization_id", "item_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    totals = Counts()
    by_agency: dict[int, Counts] = defaultdict(Counts)
    groups: dict[int, GroupRow] = {g.pk: GroupRow(g) for g in pmap.groups}
    grouped = Counts()
    in_several = 0
    unmapped = 0
    for row in rows:
        org_id, n, status = row["organization_id"], row["n"], row["status"]
        if org_id is None:
            unmapped += n
            continue
        totals.add(status, n)
        by_agency[org_id].add(status, n)
        item_groups = pmap.groups_of(row["item_id"])
        for group_pk in item_groups:
            groups[group_pk].counts.add(status, n)
        if item_groups:
            grouped.add(status, n)
        if len(item_groups) > 1:
            in_several += n
    names = Organization.objects.filter(pk__in=by_agency).values_list("pk", "name", "name_sort")
    agencies = sorted(
        (AgencyRow(pk, name, sort or name, by_agency[pk]) for pk, name, sort in names),
        key=lambda a: a.sort_key,
    )
    expected = len(agencies)
    period_rows = {p.pk: PeriodRow(p, expected) for p in periods}
    submitted = Q(submitted_at__isnull=False)
    for stats in (
        AgencyReport.objects.filter(period__plan=plan)
        .values("period_id")
        .annotate(
            submitted=Count("id", filter=submitted),
            on_time=Count("id", filter=submitted & Q(is_late=False)),
            late=Count("id", filter=submitted & Q(is_late=True)),
            awaiting=Count("id", filter=Q(status=ReportStatus.SUBMITTED)),
            returned=Count("id", filter=Q(status=ReportStatus.RETURNED)),
            accepted=Count("id", filter=Q(status=ReportStatus.ACCEPTED)),
            sent_expected=Count("id", filter=submitted & Q(organization_id__in=list(by_agency))),
        )
        .order_by()
    ):
        target = period_rows.get(stats["period_id"])
        if target is not None:
            for key in ("submitted", "on_time", "late", "awaiting", "returned", "accepted", "sent_expected"):
                setattr(target, key, stats[key])
    return Dashboard(
        plan=plan,
        period=period,
        as_of=day,
        totals=totals,
        agencies=agencies,
        groups=[g for g in groups.values() if g.counts.total],
        periods=list(period_rows.values()),
        unmapped=unmapped,
        expected=expected,
        pmap=pmap,
        grouped=grouped,
        in_several_groups=in_several,
    )


def dashboard_assignments(
    *,
    user: User,
    plan: Plan,
    pmap: PlanMap,
    periods: Sequence[ReportingPeriod] | None = None,
    period: ReportingPeriod | None = None,
    bucket: str = "",
    organization_id: int | None = None,
    group_pk: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Any]:
    """The assignments behind a dashboard figure, in plan order, each with its ``status``,
    ``due_on`` and ``progress_report``: a query set, so a page of it costs two queries (count
    and rows) whatever the size of the plan."""
    plan_policy.require(user, "view", plan)
    qs = Assignment.objects.filter(item__plan=plan, is_open=True, organization__isnull=False)
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    if group_pk is not None:
        qs = qs.filter(item_id__in=[pk for pk, groups in pmap.item_groups.items() if group_pk in groups])
    found = with_status(qs, period=progress_period(_periods(plan, periods), period), day=as_of(period, today))
    if bucket:
        found = found.filter(status=bucket)
    return found.select_related("item", "organization").order_by(
        "item__position", "organization__name_sort", "pk"
    )


def dashboard_matches(
    *,
    user: User,
    plan: Plan,
    pmap: PlanMap,
    periods: Sequence[ReportingPeriod] | None = None,
    period: ReportingPeriod | None = None,
    bucket: str = "",
    organization_id: int | None = None,
    group_pk: int | None = None,
    today: dt.date | None = None,
) -> list[tuple[int, str, int | None]]:
    """The assignments behind a figure (``dashboard_assignments``) as (pk, status, report id)
    tuples, computed once per version of the plan's data and day (``khcn.core.fragments``): a
    page of the list then loads only its own rows (``assignments_of``)."""
    plan_policy.require(user, "view", plan)
    day = as_of(period, today)
    period_pk = period.pk if period else None
    parts = (plan.pk, plan.version, plan.data_version, period_pk, day, bucket, organization_id, group_pk)

    def compute() -> list[tuple[int, str, int | None]]:
        qs = dashboard_assignments(
            user=user,
            plan=plan,
            pmap=pmap,
            periods=periods,
            period=period,
            bucket=bucket,
            organization_id=organization_id,
            group_pk=group_pk,
            today=day,
        )
        return list(qs.values_list("pk", "status", "progress_report"))

    # Kept as plain tuples: a plan's thousands of matches unpickle from the cache in a fraction
    # of the time objects would take.
    rows: list[tuple[int, str, int | None]] = cached_value("plans.dashboard.matches", parts, compute)
    return rows


LIST_FIELDS = (
    "pk",
    "item_id",
    "organization_id",
    "agency_name",
    "role",
    "due_on",
    "deadline_text",
    "item__path",
    "item__heading",
    "item__text",
    "organization__name",
)


def assignments_of(plan: Plan, matches: Iterable[tuple[int, str, int | None]]) -> list[dict[str, Any]]:
    """What the list shows of the matches' assignments, their item and agency (plain values: a
    page of fifty needs no model instances), in order, each with its ``status`` and
    ``progress_report`` from the match. Read once per page and version of the plan's data (one
    query then; the names shown change only with ``Plan.version`` and ``Plan.data_version``)."""
    matches = list(matches)
    pks = tuple(pk for pk, _status, _report in matches)
    loaded: dict[int, dict[str, Any]] = cached_value(
        "plans.dashboard.rows",
        (plan.pk, plan.version, plan.data_version, pks),
        lambda: {row["pk"]: row for row in Assignment.objects.filter(pk__in=pks).values(*LIST_FIELDS)},
    )
    rows = []
    for pk, status, report_id in matches:
        row = loaded.get(pk)
        if row is not None:
            rows.append({**row, "status": status, "progress_report": report_id})
    return rows


@dataclass
class MissingRow:
    organization_id: int
    name: str
    assignments: int
    report: AgencyReport | None


def dashboard_missing(*, user: User, plan: Plan, period: ReportingPeriod) -> list[MissingRow]:
    """Agencies with open assignments in the plan that have not submitted their report for
    ``period`` (no report, or a draft never submitted). Two queries."""
    plan_policy.require(user, "view", plan)
    expected = (
        Assignment.objects.filter(item__plan=plan, is_open=True, organization__isnull=False)
        .values("organization_id", "organization__name", "organization__name_sort")
        .annotate(n=Count("id"))
        .order_by("organization__name_sort")
    )
    reports = {r.organization_id: r for r in AgencyReport.objects.filter(period=period)}
    rows: list[MissingRow] = []
    for row in expected:
        report = reports.get(row["organization_id"])
        if report is not None and report.submitted_at is not None:
            continue
        rows.append(MissingRow(row["organization_id"], row["organization__name"], row["n"], report))
    return rows
