"""Reads for plans and reports, restricted by their policies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khcn.accounts.roles import Role, organization_ids_of
from khcn.organizations.models import Organization
from khcn.plans.models import AgencyReport, Assignment, Difficulty, Plan, PlanItem, ReportingPeriod
from khcn.plans.permissions import difficulty_policy, plan_policy, report_policy


def plan_list(*, user: Any) -> QuerySet[Plan]:
    plan_policy.require(user, "view")
    return (
        Plan.objects.select_related("issuer", "parent")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-issued_on", "-created_at")
    )


def plan_get(*, user: Any, pk: int) -> Plan:
    plan_policy.require(user, "view")
    items = PlanItem.objects.prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("organization")), "related"
    )
    return get_object_or_404(
        Plan.objects.select_related("issuer", "parent").prefetch_related(
            Prefetch("items", queryset=items), "periods", "sub_plans"
        ),
        pk=pk,
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
        for r in AgencyReport.objects.filter(period__in=periods, organization_id__in=org_ids)
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
