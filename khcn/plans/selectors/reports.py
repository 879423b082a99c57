"""Reads of agency reports and difficulties: lists, one report, what an agency must report, the
DOST's notes on returned reports, and the home page's blocks. Every read asks its policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.accounts.roles import organization_ids_of, organizations_of
from khcn.audit.models import AuditEvent
from khcn.core.fragments import cached_value
from khcn.organizations.models import Organization
from khcn.plans.choices import DifficultyStatus, ReportStatus
from khcn.plans.models import (
    AgencyReport,
    Assignment,
    Difficulty,
    Plan,
    PlanItem,
    ReportAttachment,
    ReportingPeriod,
    heavy,
)
from khcn.plans.permissions import difficulty_policy, report_policy
from khcn.plans.workflow import REPORT_WORKFLOW


def report_list(
    *, user: User, plan: Plan | None = None, period: ReportingPeriod | None = None, status: str = ""
) -> QuerySet[AgencyReport]:
    qs = (
        report_policy.visible(user, AgencyReport.objects.all())
        .select_related("period__plan", "organization")
        .defer("summary", *heavy("period__plan"))
    )
    if plan is not None:
        qs = qs.filter(period__plan=plan)
    if period is not None:
        qs = qs.filter(period=period)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-period__end", "organization__name_sort")


def report_get(*, user: User, pk: int) -> AgencyReport:
    qs = report_policy.visible(user, AgencyReport.objects.all())
    return get_object_or_404(
        qs.select_related("period__plan", "organization")
        .defer(*heavy("period__plan"))
        .prefetch_related("lines__assignment__item"),
        pk=pk,
    )


@dataclass(frozen=True)
class PlanRef:
    """What the home page's blocks show of a plan."""

    pk: int
    doc_type: str
    number: str
    title: str
    issued_on: dt.date | None
    created_at: dt.datetime

    @property
    def label(self) -> str:
        """How the home page names the plan: "Kế hoạch 131/KH-UBND", or its title as a
        report cites it (in sentence case, up to its subject: ``plan_reference``)."""
        if self.number:
            return f"{self.doc_type} {self.number}"
        from khcn.plans.selectors.annual_report import plan_reference

        return plan_reference(Plan(doc_type=self.doc_type, title=self.title))


PLAN_REF = ("doc_type", "number", "title", "issued_on", "created_at")


@dataclass(frozen=True)
class DueReport:
    """A report an agency owes: the period, the plan, the agency, how many items, and the state
    of its report if started (with the DOST's note when it was returned). Plain values: what is
    due is kept in the cache per version of the plans' data."""

    period_id: int
    period_name: str
    start: dt.date
    end: dt.date
    due_on: dt.date
    plan: PlanRef
    organization_id: int
    organization_name: str
    item_count: int
    report_id: int | None
    report_status: str
    return_note: str
    overdue: bool


@dataclass(frozen=True)
class Assigned:
    """Where the user's agencies (as reporter or leader) have open assignments: plan id →
    [(agency id, assignments)], each of those plans' ``data_version``, and the plans."""

    by_plan: dict[int, list[tuple[int, int]]]
    versions: dict[int, int]
    plans: dict[int, PlanRef]


def plans_state() -> tuple[int, int, int]:
    """A value that changes whenever any plan's ``data_version`` rises or a plan is added or
    removed (how many plans, the newest id, the sum of the versions, which only rise): the key
    of what the home page computes from every plan's assignments and difficulties. One query,
    on the plans table alone."""
    row = Plan.objects.aggregate(n=Count("id"), top=Max("id"), total=Sum("data_version"))
    return (row["n"], row["top"] or 0, row["total"] or 0)


def _state(user: User) -> tuple[int, int, int]:
    """``plans_state()``, read once per user object (that is, per request)."""
    state: tuple[int, int, int] | None = getattr(user, "_khcn_plans_state", None)
    if state is None:
        state = plans_state()
        user._khcn_plans_state = state  # type: ignore[attr-defined]
    return state


def _assigned(user: User) -> Assigned:
    """Computed once per version of the plans' data for the user's agencies, and read once per
    user object, for both home blocks."""
    cached: Assigned | None = getattr(user, "_khcn_assigned", None)
    if cached is None:
        org_ids = organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)
        if org_ids:
            key = (tuple(sorted(org_ids)), _state(user))
            cached = cached_value("plans.assigned", key, lambda: _assigned_compute(org_ids))
        else:
            cached = Assigned({}, {}, {})
        user._khcn_assigned = cached  # type: ignore[attr-defined]
    return cached


def _assigned_compute(org_ids: Iterable[int]) -> Assigned:
    by_plan: dict[int, list[tuple[int, int]]] = {}
    versions: dict[int, int] = {}
    plans: dict[int, PlanRef] = {}
    fields = [f"item__plan__{name}" for name in PLAN_REF]
    rows = (
        Assignment.objects.filter(organization_id__in=org_ids, is_open=True)
        .values("organization_id", "item__plan_id", "item__plan__data_version", *fields)
        .annotate(n=Count("id"))
        .order_by("organization_id", "item__plan_id")
    )
    for row in rows:
        plan_id = row["item__plan_id"]
        by_plan.setdefault(plan_id, []).append((row["organization_id"], row["n"]))
        versions[plan_id] = row["item__plan__data_version"]
        plans[plan_id] = PlanRef(plan_id, *(row[f] for f in fields))
    return Assigned(by_plan, versions, plans)


def due_for_user(*, user: User, today: dt.date | None = None) -> list[DueReport]:
    """What the user's agencies must report, by when: every period not yet accepted in which
    the agency has open assignments, with the DOST's note on each returned report. Computed
    once per version of the plans' data and day (``khcn.core.fragments``); four queries then."""
    day = today or timezone.localdate()
    parts = due_key(user=user, day=day)
    if parts is None:
        return []
    by_plan = _assigned(user).by_plan
    due: list[DueReport] = cached_value("plans.due", parts, lambda: _due(user, by_plan, day))
    return due


def due_key(*, user: User, day: dt.date) -> tuple[Any, ...] | None:
    """What the user's list of reports due depends on (their agencies, the versions of the plans
    they are assigned in, the day), or None when they are assigned nowhere."""
    assigned = _assigned(user)
    if not assigned.by_plan:
        return None
    org_ids = {org_id for pairs in assigned.by_plan.values() for org_id, _n in pairs}
    return (tuple(sorted(org_ids)), tuple(sorted(assigned.versions.items())), day)


def _due(user: User, by_plan: dict[int, list[tuple[int, int]]], day: dt.date) -> list[DueReport]:
    visible_reports = report_policy.visible(user, AgencyReport.objects.all())
    org_ids = {org_id for pairs in by_plan.values() for org_id, _n in pairs}
    started = ReportingPeriod.objects.filter(plan_id__in=by_plan, start__lte=day)
    if len(org_ids) == 1:  # one agency (the usual case): its accepted periods need not be read
        accepted = AgencyReport.objects.filter(
            period=OuterRef("pk"), organization_id__in=org_ids, status=ReportStatus.ACCEPTED
        )
        started = started.exclude(Exists(accepted))
    periods = list(started.select_related("plan").defer(*heavy("plan")).order_by("due_on"))
    reports = {
        (r.period_id, r.organization_id): r
        for r in visible_reports.filter(period__in=periods, organization_id__in=org_ids).defer("summary")
    }
    attach_return_notes(reports.values())
    orgs = {o.pk: o for o in organizations_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)}
    due: list[DueReport] = []
    for period in periods:
        plan = period.plan
        for org_id, n in by_plan.get(period.plan_id, []):
            report = reports.get((period.pk, org_id))
            status = report.status if report is not None else ""
            if status == ReportStatus.ACCEPTED:
                continue
            event = getattr(report, "return_event", None)
            due.append(
                DueReport(
                    period_id=period.pk,
                    period_name=period.name,
                    start=period.start,
                    end=period.end,
                    due_on=period.due_on,
                    plan=PlanRef(plan.pk, *(getattr(plan, name) for name in PLAN_REF)),
                    organization_id=org_id,
                    organization_name=orgs[org_id].short_name or orgs[org_id].name,
                    item_count=n,
                    report_id=report.pk if report is not None else None,
                    report_status=status,
                    return_note=event.note if event is not None else "",
                    overdue=status != ReportStatus.SUBMITTED and day > period.due_on,
                )
            )
    return due


@dataclass
class PlanDifficulties:
    plan: PlanRef
    open: int
    can_raise: bool


def difficulties_for_user(*, user: User) -> list[PlanDifficulties]:
    """For the home page: per plan, the difficulties awaiting the DOST's answer that the user may
    see, and whether the user's agency may raise one (it has open assignments in the plan).
    Counted once per version of the plans' data (raising or answering a difficulty raises its
    plan's) for those who see the same difficulties: all of them, or their agencies'."""
    assigned = _assigned(user)
    sees_all = difficulty_policy.is_dost(user) or difficulty_policy.is_sysadmin(user)
    whose = (
        "all"
        if sees_all
        else tuple(sorted(organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)))
    )
    key = (whose, _state(user))
    open_counts: dict[int, tuple[PlanRef, int]] = cached_value(
        "plans.difficulties", key, lambda: _difficulty_counts(user)
    )
    plans = dict(assigned.plans)
    for plan, _n in open_counts.values():
        plans.setdefault(plan.pk, plan)
    newest = sorted(plans.values(), key=lambda p: (p.issued_on or dt.date.min, p.created_at), reverse=True)
    return [
        PlanDifficulties(p, open_counts[p.pk][1] if p.pk in open_counts else 0, p.pk in assigned.by_plan)
        for p in newest
    ]


def _difficulty_counts(user: User) -> dict[int, tuple[PlanRef, int]]:
    """Plan id → (the plan, its open difficulties the user may see); one query."""
    fields = [f"plan__{name}" for name in PLAN_REF]
    rows = (
        difficulty_policy.visible(user, Difficulty.objects.filter(status=DifficultyStatus.OPEN))
        .values("plan_id", *fields)
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["plan_id"]: (PlanRef(row["plan_id"], *(row[f] for f in fields)), row["n"]) for row in rows}


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


def awaiting_submission(user: User, due: list[DueReport]) -> list[DueReport]:
    """The drafts among ``due`` that wait for the user's submission: those of the agencies
    the user leads (only an agency's leader submits its reports)."""
    led = organization_ids_of(user, Role.AGENCY_LEADER)
    return [d for d in due if d.report_status == ReportStatus.DRAFT and d.organization_id in led]


def home_due(*, user: User) -> dict[str, Any] | None:
    """The home page's "reports due" block: what the user's agencies must report, with the
    DOST's note on each returned report; left out for users with no agency role. A leader's
    drafts are in the block before it (``home.home_to_submit``), not here; when they are all
    there is, this block is left out."""
    day = timezone.localdate()
    due = due_for_user(user=user, today=day)
    has_agency_role = bool(organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER))
    if not due and not has_agency_role:
        return None
    key = due_key(user=user, day=day)
    drafts = awaiting_submission(user, due)
    if drafts:
        shown_above = {(d.period_id, d.organization_id) for d in drafts}
        due = [d for d in due if (d.period_id, d.organization_id) not in shown_above]
        if not due:
            return None
        led = tuple(sorted(organization_ids_of(user, Role.AGENCY_LEADER)))
        key = (*(key or ()), "without_drafts_of", led)
    return {"due": due, "due_key": key, "has_agency_role": has_agency_role}


def home_difficulties(*, user: User) -> dict[str, Any] | None:
    """The home page's difficulties block, left out when no plan concerns the user, and for
    DOST staff with no agency role: their block of work (``home.home_work``) counts the
    difficulties awaiting their response, plan by plan."""
    if difficulty_policy.is_dost(user) and not organization_ids_of(
        user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER
    ):
        return None
    difficulties = difficulties_for_user(user=user)
    return {"difficulties": difficulties} if difficulties else None


def period_get(*, pk: int) -> ReportingPeriod:
    """A reporting period with its plan (plans are readable by every signed-in user)."""
    return get_object_or_404(ReportingPeriod.objects.select_related("plan").defer(*heavy("plan")), pk=pk)


def report_attachments(report: AgencyReport) -> QuerySet[ReportAttachment]:
    return report.attachments.select_related("uploaded_by")


def attachment_get(*, user: User, report_pk: int, pk: int) -> tuple[AgencyReport, ReportAttachment]:
    """A file of a report the user may see (404 otherwise), with its report."""
    report = report_get(user=user, pk=report_pk)
    return report, get_object_or_404(ReportAttachment, pk=pk, report=report)


def last_return(history: Iterable[Any]) -> AuditEvent | None:
    """The latest "returned" event in a report's history rows (``audit.selectors.history_for``)."""
    code = REPORT_WORKFLOW.audit_code("return")
    return next((row.event for row in history if row.event.action == code), None)


def difficulty_list(*, user: User, plan: Plan) -> QuerySet[Difficulty]:
    """The plan's difficulties the user may see, newest first."""
    qs = Difficulty.objects.filter(plan=plan).select_related("organization", "item", "raised_by")
    return difficulty_policy.visible(user, qs)


def difficulty_get(*, user: User, pk: int) -> Difficulty:
    difficulty = get_object_or_404(
        Difficulty.objects.select_related("plan", "organization", "item", "raised_by", "answered_by").defer(
            *heavy("plan")
        ),
        pk=pk,
    )
    difficulty_policy.require(user, "view", difficulty)
    return difficulty


def own_agencies(*, user: User) -> QuerySet[Organization]:
    """The agencies where the user reports or leads, in Vietnamese order."""
    ids = organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)
    return Organization.objects.filter(pk__in=ids).order_by("name_sort")


def plan_items_for_choice(plan: Plan) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(plan=plan).order_by("position")
