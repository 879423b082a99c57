"""Reads for plans and reports, restricted by their policies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khcn.accounts.roles import Role, organization_ids_of
from khcn.audit.models import AuditEvent
from khcn.organizations.models import Organization
from khcn.plans.choices import ReportStatus
from khcn.plans.models import AgencyReport, Assignment, Difficulty, Plan, PlanItem, ReportingPeriod
from khcn.plans.permissions import difficulty_policy, plan_policy, report_policy
from khcn.plans.workflow import REPORT_WORKFLOW


def plan_list(*, user: Any) -> QuerySet[Plan]:
    plan_policy.require(user, "view")
    return (
        Plan.objects.select_related("issuer", "parent")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-issued_on", "-created_at")
    )


def plan_get(*, user: Any, pk: int) -> Plan:
    """The plan with its issuer, parent, periods and sub-plans; its items are read by page
    (``plan_outline``, ``plan_items``), never all at once."""
    plan_policy.require(user, "view")
    return get_object_or_404(
        Plan.objects.select_related("issuer", "parent").prefetch_related("periods", "sub_plans"), pk=pk
    )


@dataclass(frozen=True)
class OutlineEntry:
    pk: int
    parent_id: int | None
    position: int
    depth: int
    label: str
    path: str
    heading: str  # or, for an item without one, the start of its text


@dataclass(frozen=True)
class PlanPage:
    number: int
    first: int  # positions, inclusive
    last: int
    headings: list[OutlineEntry]  # the top-level items that start on this page
    first_path: str
    last_path: str


def plan_outline(plan: Plan) -> list[OutlineEntry]:
    """Every item of the plan, in document order, without its text or assignments (one query)."""
    rows = (
        PlanItem.objects.filter(plan=plan)
        .order_by("position")
        .annotate(start=Substr("text", 1, 120))
        .values_list("pk", "parent_id", "position", "depth", "label", "path", "heading", "start")
    )
    return [OutlineEntry(*row[:6], heading=row[6] or row[7]) for row in rows]


def plan_pages(outline: list[OutlineEntry], size: int) -> list[PlanPage]:
    """Split the plan into pages of about ``size`` items, ending a page only before a section or
    a sub-section (depth 0 or 1) once it holds ``size`` items, and in any case at ``2 × size``."""
    pages: list[PlanPage] = []
    start = 0
    for i, entry in enumerate(outline):
        held = i - start
        if held and (held >= 2 * size or (held >= size and entry.depth <= 1)):
            pages.append(_page(len(pages) + 1, outline[start:i]))
            start = i
    if start < len(outline):
        pages.append(_page(len(pages) + 1, outline[start:]))
    return pages


def _page(number: int, entries: list[OutlineEntry]) -> PlanPage:
    headings = [e for e in entries if e.depth == 0]
    return PlanPage(
        number, entries[0].position, entries[-1].position, headings, entries[0].path, entries[-1].path
    )


def plan_items(plan: Plan, page: PlanPage | None) -> list[PlanItem]:
    """The items of one page (every item with ``None``) with their assignments, agencies and the
    items they restate (three queries)."""
    qs = PlanItem.objects.filter(plan=plan).order_by("position")
    if page is not None:
        qs = qs.filter(position__gte=page.first, position__lte=page.last)
    assignments = Assignment.objects.select_related("organization").order_by("pk")
    return list(
        qs.prefetch_related(
            Prefetch("assignments", queryset=assignments),
            Prefetch("related", queryset=PlanItem.objects.only("pk", "path", "position")),
        )
    )


def plan_assignment_counts(plan: Plan) -> dict[str, int]:
    return Assignment.objects.filter(item__plan=plan).aggregate(
        total=Count("id"), unmapped=Count("id", filter=Q(organization__isnull=True))
    )


def report_list(
    *, user: Any, plan: Plan | None = None, period: ReportingPeriod | None = None, status: str = ""
) -> QuerySet[AgencyReport]:
    qs = report_policy.visible(user, AgencyReport.objects.all()).select_related(
        "period__plan", "organization"
    )
    if plan is not None:
        qs = qs.filter(period__plan=plan)
    if period is not None:
        qs = qs.filter(period=period)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-period__end", "organization__name_sort")


def report_get(*, user: Any, pk: int) -> AgencyReport:
    qs = report_policy.visible(user, AgencyReport.objects.all())
    return get_object_or_404(
        qs.select_related("period__plan", "organization").prefetch_related("lines__assignment__item"), pk=pk
    )


@dataclass
class DueReport:
    """A report an agency owes: the period, the agency, how many items, and its state."""

    period: ReportingPeriod
    organization: Organization
    item_count: int
    report: AgencyReport | None
    overdue: bool


def due_for_user(*, user: Any, today: dt.date | None = None) -> list[DueReport]:
    """What the user's agencies must report, by when: every period not yet accepted in which
    the agency has open assignments. Three queries whatever the number of plans."""
    day = today or timezone.localdate()
    visible_reports = report_policy.visible(user, AgencyReport.objects.all())
    org_ids = organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)
    if not org_ids:
        return []
    counts = (
        Assignment.objects.filter(organization_id__in=org_ids, is_open=True)
        .values("organization_id", "item__plan_id")
        .annotate(n=Count("id"))
    )
    by_plan: dict[int, list[tuple[int, int]]] = {}
    for row in counts:
        by_plan.setdefault(row["item__plan_id"], []).append((row["organization_id"], row["n"]))
    if not by_plan:
        return []
    periods = list(
        ReportingPeriod.objects.filter(plan_id__in=by_plan, start__lte=day)
        .select_related("plan")
        .order_by("due_on")
    )
    reports = {
        (r.period_id, r.organization_id): r
        for r in visible_reports.filter(period__in=periods, organization_id__in=org_ids)
    }
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=org_ids)}
    due: list[DueReport] = []
    for period in periods:
        for org_id, n in by_plan.get(period.plan_id, []):
            report = reports.get((period.pk, org_id))
            if report is not None and report.status == "accepted":
                continue
            submitted = report is not None and report.status == "submitted"
            due.append(
                DueReport(period, orgs[org_id], n, report, overdue=not submitted and day > period.due_on)
            )
    return due


def plan_counts(plan: Plan) -> dict[str, int]:
    return AgencyReport.objects.filter(period__plan=plan).aggregate(
        total=Count("id"),
        submitted=Count("id", filter=Q(status="submitted")),
        accepted=Count("id", filter=Q(status="accepted")),
        late=Count("id", filter=Q(is_late=True)),
    )


@dataclass
class PlanDifficulties:
    plan: Plan
    open: int
    can_raise: bool


def difficulties_for_user(*, user: Any) -> list[PlanDifficulties]:
    """For the home page: per plan, the difficulties awaiting the DOST's answer that the user may
    see, and whether the user's agency may raise one (it has open assignments in the plan).
    Two queries whatever the number of plans."""
    org_ids = organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)
    counts = dict(
        difficulty_policy.visible(user, Difficulty.objects.filter(status="open"))
        .values("plan_id")
        .annotate(n=Count("id"))
        .values_list("plan_id", "n")
    )
    assigned: set[int] = set()
    if org_ids:
        assigned = set(
            Assignment.objects.filter(organization_id__in=org_ids, is_open=True)
            .values_list("item__plan_id", flat=True)
            .distinct()
        )
    ids = set(counts) | assigned
    if not ids:
        return []
    plans = Plan.objects.filter(pk__in=ids).order_by("-issued_on", "-created_at")
    return [PlanDifficulties(p, counts.get(p.pk, 0), p.pk in assigned) for p in plans]


# --------------------------------------------------------------------------------------------------
# Return notes (the audit log keeps them)
# --------------------------------------------------------------------------------------------------


def attach_return_notes(reports: Iterable[AgencyReport | None]) -> None:
    """Set ``report.return_event`` (the latest "returned" audit event, or None) on each returned
    report, in one query whatever their number. Used by the home page's "what is due" block."""
    returned = {r.pk: r for r in reports if r is not None and r.status == ReportStatus.RETURNED}
    for report in returned.values():
        report.return_event = None  # type: ignore[attr-defined]
    if not returned:
        return
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(AgencyReport),
        object_id__in=[str(pk) for pk in returned],
        action=REPORT_WORKFLOW.audit_code("return"),
    ).order_by("object_id", "-occurred_at", "-id")
    for event in events:
        target = returned.get(int(event.object_id))
        if target is not None and target.return_event is None:  # type: ignore[attr-defined]
            target.return_event = event  # type: ignore[attr-defined]


def home_due(*, user: Any) -> dict[str, Any] | None:
    """The home page's "reports due" block: what the user's agencies must report, with the
    DOST's note on each returned report; left out for users with no agency role."""
    due = due_for_user(user=user)
    attach_return_notes(d.report for d in due)
    has_agency_role = bool(organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER))
    if not due and not has_agency_role:
        return None
    return {"due": due, "has_agency_role": has_agency_role}


def home_difficulties(*, user: Any) -> dict[str, Any] | None:
    """The home page's difficulties block, left out when no plan concerns the user."""
    difficulties = difficulties_for_user(user=user)
    return {"difficulties": difficulties} if difficulties else None
