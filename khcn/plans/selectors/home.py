"""The home page's work blocks of the plans app: for the DOST, what waits for it in each plan in
implementation (reports to review, agencies that have not sent their report for an open period,
difficulties to answer); for an agency's leader, the drafts waiting for their submission.

Every figure is the size of the list it links to: the report list filtered by plan and status,
the dashboard's list of agencies that have not sent a period's report
(``dashboard_missing``), the plan's difficulties filtered to those awaiting a response.
What the DOST's block counts is the same for every DOST reader: each plan's figures are
computed once per version of its data and day (``khcn.core.fragments.cached_values``), so a
report sent in one plan recomputes that plan's figures only; warm, the block reads the plans
in implementation with their versions (one query)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.accounts.roles import organization_ids_of
from khcn.core.fragments import cached_values
from khcn.plans.choices import DifficultyStatus, PlanStatus, ReportStatus
from khcn.plans.models import (
    AgencyReport,
    Assignment,
    ConsolidatedReport,
    Difficulty,
    Plan,
    ReportingPeriod,
)
from khcn.plans.permissions import report_policy
from khcn.plans.selectors.reports import PLAN_REF, PlanRef, awaiting_submission, due_for_user, due_key

PLANS_SHOWN = 6  # plans on the DOST's home (those with work first); the rest: the plan list
PERIODS_SHOWN = 3  # open periods per plan with agencies that have not sent (the newest)


@dataclass(frozen=True)
class OpenPeriod:
    """A period open for reports (started, its consolidated report not issued) in which
    ``not_sent`` of the ``expected`` agencies (those with open assignments in the plan) have
    not sent their report: no report, or a draft never submitted."""

    pk: int
    name: str
    due_on: dt.date
    expected: int
    not_sent: int


@dataclass(frozen=True)
class PlanFigures:
    """What waits for the DOST in one plan (kept per version of the plan's data and day)."""

    awaiting: int = 0  # reports submitted, awaiting review (accept or return)
    difficulties: int = 0  # difficulties awaiting a response
    periods: tuple[OpenPeriod, ...] = ()  # open periods with agencies not sent, newest first


@dataclass(frozen=True)
class PlanWork:
    """What waits for the DOST in one plan in implementation, as the home shows it."""

    plan: PlanRef
    awaiting: int
    difficulties: int
    periods: tuple[OpenPeriod, ...] = ()  # the newest of them, the earliest due first
    more_periods: int = 0  # such periods beyond those in ``periods``

    @property
    def has_work(self) -> bool:
        return bool(self.awaiting or self.difficulties or self.periods)


@dataclass(frozen=True)
class DostWork:
    plans: tuple[PlanWork, ...]
    more_plans: int  # plans in implementation not shown
    awaiting: int  # reports awaiting review in every plan in implementation
    day: dt.date
    key: tuple[Hashable, ...]  # what it depends on: the plans' versions, the day


def dost_work(*, user: User, today: dt.date | None = None) -> DostWork:
    """The DOST's work in the plans in implementation (see the module). For DOST staff only
    (``review``). One query, and four more for the plans whose data changed since their
    figures were computed (whatever their number)."""
    report_policy.require(user, "review")
    day = today or timezone.localdate()
    rows = list(
        Plan.objects.filter(status=PlanStatus.ACTIVE)
        .order_by("-issued_on", "-created_at", "-pk")
        .values_list("pk", "data_version", *PLAN_REF)
    )
    plans = {pk: PlanRef(pk, *ref) for pk, _version, *ref in rows}
    versions: dict[int, tuple[Hashable, ...]] = {pk: (version, day) for pk, version, *_ref in rows}
    figures = cached_values("plans.dost_work", versions, lambda missing: _figures(missing, day))
    found = []
    for pk, plan in plans.items():
        f = figures[pk]
        found.append(
            PlanWork(
                plan=plan,
                awaiting=f.awaiting,
                difficulties=f.difficulties,
                periods=tuple(reversed(f.periods[:PERIODS_SHOWN])),
                more_periods=max(len(f.periods) - PERIODS_SHOWN, 0),
            )
        )
    # Plans with work first, each group newest first (the order they were read in).
    found.sort(key=lambda p: not p.has_work)
    return DostWork(
        plans=tuple(found[:PLANS_SHOWN]),
        more_plans=max(len(found) - PLANS_SHOWN, 0),
        awaiting=sum(p.awaiting for p in found),
        day=day,
        key=(tuple(rows), day),
    )


def _figures(plan_ids: list[int], day: dt.date) -> dict[int, PlanFigures]:
    """The figures of ``plan_ids`` on ``day``, four queries whatever their number: the reports
    awaiting review and the difficulties awaiting a response, then ``_open_periods``."""

    def count(qs: Any, plan_field: str) -> Any:
        counted = qs.filter(**{plan_field: OuterRef("pk")}).order_by().values(plan_field)
        return Coalesce(Subquery(counted.annotate(n=Count("id")).values("n"), output_field=IntegerField()), 0)

    counts = {
        pk: (awaiting, difficulties)
        for pk, awaiting, difficulties in Plan.objects.filter(pk__in=plan_ids)
        .annotate(
            awaiting=count(AgencyReport.objects.filter(status=ReportStatus.SUBMITTED), "period__plan_id"),
            open_difficulties=count(Difficulty.objects.filter(status=DifficultyStatus.OPEN), "plan_id"),
        )
        .values_list("pk", "awaiting", "open_difficulties")
    }
    periods: dict[int, list[OpenPeriod]] = {}
    for row in _open_periods(plan_ids, day):
        if row["not_sent"] > 0:
            periods.setdefault(row["plan_id"], []).append(
                OpenPeriod(row["pk"], row["name"], row["due_on"], row["expected"], row["not_sent"])
            )
    return {pk: PlanFigures(*counts.get(pk, (0, 0)), tuple(periods.get(pk, []))) for pk in plan_ids}


def _open_periods(plan_ids: list[int], day: dt.date) -> list[dict[str, Any]]:
    """The periods of ``plan_ids`` open for reports on ``day`` (started, and no consolidated
    report issued for them), newest due date first, each with the agencies expected (with open
    assignments in the plan: ``dashboard_missing``) and those of them that have not sent their
    report (never submitted). Two or three queries: the agencies expected in each plan, the
    open periods, the reports those agencies sent in them."""
    expected = dict(
        Assignment.objects.filter(item__plan_id__in=plan_ids, is_open=True, organization__isnull=False)
        .values("item__plan_id")
        .annotate(n=Count("organization_id", distinct=True))
        .order_by()
        .values_list("item__plan_id", "n")
    )
    if not expected:
        return []
    issued = ConsolidatedReport.objects.filter(ConsolidatedReport.ISSUED, period=OuterRef("pk"))
    periods = list(
        ReportingPeriod.objects.filter(plan_id__in=list(expected), start__lte=day)
        .exclude(Exists(issued))
        .order_by("-due_on", "-pk")
        .values("pk", "plan_id", "name", "due_on")
    )
    expected_there = Assignment.objects.filter(item__plan_id=OuterRef("period__plan_id"), is_open=True)
    sent = dict(
        AgencyReport.objects.filter(
            period_id__in=[p["pk"] for p in periods],
            submitted_at__isnull=False,
            organization_id__in=expected_there.values("organization_id"),
        )
        .values("period_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("period_id", "n")
    )
    return [
        {
            **period,
            "expected": expected[period["plan_id"]],
            "not_sent": max(expected[period["plan_id"]] - sent.get(period["pk"], 0), 0),
        }
        for period in periods
    ]


def home_work(*, user: User) -> dict[str, Any] | None:
    """The DOST's home block (``dost_work``); left out when no plan is in implementation."""
    work = dost_work(user=user)
    if not work.plans:
        return None
    return {"work": work, "work_key": work.key}


def home_to_submit(*, user: User) -> dict[str, Any] | None:
    """An agency leader's home block, first: the drafts of their agencies waiting for their
    submission (from what is due, ``due_for_user``: no query more). Left out when none."""
    day = timezone.localdate()
    drafts = awaiting_submission(user, due_for_user(user=user, today=day))
    if not drafts:
        return None
    key = due_key(user=user, day=day)
    led = tuple(sorted(organization_ids_of(user, Role.AGENCY_LEADER)))
    return {"drafts": drafts, "drafts_key": (*(key or ()), "to_submit", led)}
