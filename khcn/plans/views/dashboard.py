"""The plan dashboard: statuses by agency, content group and period, each figure a link to the
list behind it (with Excel export). Thin: parse input, ask the policy, call the selectors."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.fragments import cached_fragment
from khcn.core.views_helpers import paginate, querystring_without
from khcn.organizations.selectors import organization_names
from khcn.plans import exports, selectors
from khcn.plans.choices import ReportStatus
from khcn.plans.models import AgencyReport, Plan, ReportingPeriod
from khcn.plans.permissions import plan_policy, report_policy


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class Links:
    """The URLs a dashboard's figures open: the list of assignments by status / agency / group,
    and the reports of a period."""

    def __init__(self, plan: Plan, period: ReportingPeriod | None) -> None:
        self.plan = plan
        self.base = reverse("plans:plan_dashboard", args=[plan.pk])
        self.prefix = f"period={period.pk}&" if period is not None else ""
        self.reports = reverse("plans:report_list")

    def assignments(
        self, bucket: str | None = None, agency: int | None = None, group: int | None = None
    ) -> str:
        query = f"{self.prefix}show={bucket or 'all'}"
        if agency is not None:
            query += f"&agency={agency}"
        if group is not None:
            query += f"&group={group}"
        return f"{self.base}?{query}#list"

    def period_reports(self, period: ReportingPeriod, status: str = "", sent: str = "") -> str:
        """The period's reports (``ReportFilter``): by status, or sent on time / late."""
        params: dict[str, Any] = {"plan": self.plan.pk, "period": period.pk}
        if status:
            params["status"] = status
        if sent:
            params["sent"] = sent
        return f"{self.reports}?{urlencode(params)}"

    def not_sent(self, period: ReportingPeriod) -> str:
        """The agencies that have not sent the period's report (``dashboard_missing``)."""
        return f"{self.base}?{urlencode({'missing': period.pk})}#list"

    def cells(self, counts: selectors.Counts, **kw: Any) -> list[dict[str, Any]]:
        return [
            {
                "bucket": b,
                "label": selectors.BUCKET_LABELS[b],
                "n": n,
                "url": self.assignments(b, **kw) if n else "",
            }
            for b, n in counts.cells()
        ]


@guarded_by(plan_policy)
@login_required
def plan_dashboard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan, periods = selectors.plan_and_periods(user=request.user, pk=pk)
    period_pk = _int(request.GET.get("period"))
    period = next((p for p in periods if p.pk == period_pk), None)
    if request.GET.get("format") == "xlsx" and request.GET.get("show"):
        return _assignments_xlsx(request, plan, period, periods)
    if request.GET.get("format") == "xlsx" and request.GET.get("table") == "agencies":
        dash = selectors.plan_dashboard(user=request.user, plan=plan, periods=periods, period=period)
        return exports.dashboard_agencies_xlsx(plan, period, dash)
    can_consolidate = plan_policy.can(request.user, "consolidate", plan)
    agency_query = querystring_without(request, "agency_page", "format", "table")
    computed: dict[str, Any] = {}

    def summary() -> dict[str, Any]:
        """The figures, computed only when a fragment below is not cached for this data."""
        if not computed:
            computed.update(
                _summary(
                    request, plan, periods, period, agency_query=agency_query, can_consolidate=can_consolidate
                )
            )
        return computed

    # The figures change only with the plan's data (its versions) and the day; they are the same
    # for every reader who may see the dashboard, but for the consolidated-report links.
    parts = (
        plan.pk,
        plan.version,
        plan.data_version,
        period.pk if period else None,
        selectors.dashboard.as_of(period).isoformat(),
        agency_query,
        request.GET.get("agency_page", ""),
        can_consolidate,
    )
    context: dict[str, Any] = {
        "plan": plan,
        "periods": periods,
        "period": period,
        "can_consolidate": can_consolidate,
        "top": cached_fragment(
            "plans.dashboard.top", parts, lambda: render_to_string("plans/_dashboard_top.html", summary())
        ),
        "tables": cached_fragment(
            "plans.dashboard.tables",
            parts,
            lambda: render_to_string("plans/_dashboard_tables.html", summary()),
        ),
    }
    context.update(_drilldown(request, plan=plan, period=period, periods=periods))
    return render(request, "plans/dashboard.html", context)


def _summary(
    request: AuthenticatedRequest,
    plan: Plan,
    periods: list[ReportingPeriod],
    period: ReportingPeriod | None,
    *,
    agency_query: str,
    can_consolidate: bool,
) -> dict[str, Any]:
    dash = selectors.plan_dashboard(user=request.user, plan=plan, periods=periods, period=period)
    links = Links(plan, period)
    agency_page = paginate(request, dash.agencies, param="agency_page")
    return {
        "plan": plan,
        "dash": dash,
        "period": period,
        "buckets": [(b, selectors.BUCKET_LABELS[b]) for b in selectors.BUCKETS],
        "totals": links.cells(dash.totals),
        "total_url": links.assignments(),
        "agencies": [
            {
                "row": a,
                "all": links.assignments(agency=a.organization_id),
                "cells": links.cells(a.counts, agency=a.organization_id),
            }
            for a in agency_page.object_list
        ],
        "agency_page": agency_page,
        "agency_query": agency_query,
        "groups": [
            {
                "row": g,
                "all": links.assignments(group=g.group.pk),
                "cells": links.cells(g.counts, group=g.group.pk),
            }
            for g in dash.groups
        ],
        # The content groups' total row: each assignment once, however many groups it is in.
        "groups_total": {
            "row": SimpleNamespace(counts=dash.grouped),
            "all": links.assignments(),
            "cells": links.cells(dash.grouped),
        },
        "period_rows": [
            {
                "row": r,
                "submitted_url": links.period_reports(r.period),
                "on_time_url": links.period_reports(r.period, sent="on_time"),
                "late_url": links.period_reports(r.period, sent="late"),
                "awaiting_url": links.period_reports(r.period, ReportStatus.SUBMITTED),
                "returned_url": links.period_reports(r.period, ReportStatus.RETURNED),
                "accepted_url": links.period_reports(r.period, ReportStatus.ACCEPTED),
                "missing_url": links.not_sent(r.period),
            }
            for r in dash.periods
        ],
        "chart": dash.chart_data(link=lambda b, a: links.assignments(b, agency=a)),
        "can_consolidate": can_consolidate,
    }


def _drilldown(
    request: AuthenticatedRequest,
    *,
    plan: Plan,
    period: ReportingPeriod | None,
    periods: list[ReportingPeriod],
) -> dict[str, Any]:
    """The list behind a figure: assignments by status / agency / group, or the agencies that
    have not submitted for a period."""
    missing_period = next((p for p in periods if p.pk == _int(request.GET.get("missing"))), None)
    if missing_period is not None:
        missing = selectors.dashboard_missing(user=request.user, plan=plan, period=missing_period)
        return {
            "show_list": True,
            "missing_period": missing_period,
            "missing_rows": missing,
            "missing_late": timezone.localdate() > missing_period.due_on,
        }
    if not request.GET.get("show"):
        return {}
    pmap = selectors.plan_map(plan)
    filters = _list_filters(request, pmap)
    matches = selectors.dashboard_matches(
        user=request.user, plan=plan, pmap=pmap, periods=periods, period=period, **filters
    )
    page = paginate(request, matches)
    readable: dict[int | None, bool] = {}
    # The policy decides on the agency; the report behind a status is always a counted
    # (submitted or accepted) one: one report stands for each agency in turn.
    counted = AgencyReport(status=ReportStatus.SUBMITTED)
    rows = []
    for assignment in selectors.assignments_of(plan, page.object_list):
        org_id = assignment["organization_id"]
        if org_id not in readable:
            counted.organization_id = org_id or 0
            readable[org_id] = org_id is not None and report_policy.can(request.user, "view", counted)
        report_id = assignment["progress_report"]
        rows.append({"a": assignment, "can_open_report": report_id is not None and readable[org_id]})
    query = querystring_without(request, "page", "format")
    # The rows' HTML: the same for every reader who may open the same of their reports.
    rows_key = (
        plan.pk,
        plan.version,
        plan.data_version,
        tuple(page.object_list),
        tuple(row["can_open_report"] for row in rows),
    )
    return {
        "show_list": True,
        "list_rows": rows,
        "list_rows_key": rows_key,
        "list_total": page.paginator.count,
        "page": page,
        "query": query,
        "export_query": f"{query}&format=xlsx",
        **_list_titles(filters, pmap),
    }


def _list_filters(request: AuthenticatedRequest, pmap: selectors.PlanMap) -> dict[str, Any]:
    """The list's filters from the query string: a status bucket, an agency, a content group."""
    show = request.GET.get("show", "")
    group_pk = _int(request.GET.get("group"))
    return {
        "bucket": show if show in selectors.BUCKETS else "",
        "organization_id": _int(request.GET.get("agency")),
        "group_pk": group_pk if group_pk in pmap.items else None,
    }


def _list_titles(filters: dict[str, Any], pmap: selectors.PlanMap) -> dict[str, Any]:
    agency, group = filters["organization_id"], filters["group_pk"]
    return {
        "list_bucket": selectors.BUCKET_LABELS.get(filters["bucket"], ""),
        "list_agency": organization_names([agency]).get(agency, "") if agency is not None else "",
        "list_group": pmap.items[group].label if group is not None else "",
    }


def _assignments_xlsx(
    request: AuthenticatedRequest, plan: Plan, period: ReportingPeriod | None, periods: list[ReportingPeriod]
) -> HttpResponse:
    """The dashboard's list of assignments, every row rather than one page, as a workbook."""
    pmap = selectors.plan_map(plan)
    filters = _list_filters(request, pmap)
    qs = selectors.dashboard_assignments(
        user=request.user, plan=plan, pmap=pmap, periods=periods, period=period, **filters
    )
    titles = [str(v) for v in (period.name if period else "", *_list_titles(filters, pmap).values()) if v]
    return exports.dashboard_assignments_xlsx(plan, qs, titles)
