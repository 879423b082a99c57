"""The plan dashboard: statuses by agency, content group and period, each figure a link to the
list behind it (with Excel export). Thin: parse input, ask the policy, call the selectors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
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

    def period_reports(self, period: ReportingPeriod, status: str = "") -> str:
        params: dict[str, Any] = {"plan": self.plan.pk, "period": period.pk}
        if status:
            params["status"] = status
        return f"{self.reports}?{urlencode(params)}"

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
    plan = selectors.plan_get(user=request.user, pk=pk)
    periods = sorted(plan.periods.all(), key=lambda p: (p.end, p.pk))
    period_pk = _int(request.GET.get("period"))
    period = next((p for p in periods if p.pk == period_pk), None)
    if request.GET.get("format") == "xlsx" and request.GET.get("show"):
        return _assignments_xlsx(request, plan, period, periods)
    dash = selectors.plan_dashboard(user=request.user, plan=plan, periods=periods, period=period)
    if request.GET.get("format") == "xlsx" and request.GET.get("table") == "agencies":
        return exports.dashboard_agencies_xlsx(plan, period, dash)
    links = Links(plan, period)
    agency_page = paginate(request, dash.agencies, param="agency_page")
    context: dict[str, Any] = {
        "plan": plan,
        "dash": dash,
        "periods": periods,
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
        "agency_query": querystring_without(request, "agency_page", "format", "table"),
        "groups": [
            {
                "row": g,
                "all": links.assignments(group=g.group.pk),
                "cells": links.cells(g.counts, group=g.group.pk),
            }
            for g in dash.groups
        ],
        "period_rows": [
            {
                "row": r,
                "submitted_url": links.period_reports(r.period),
                "awaiting_url": links.period_reports(r.period, ReportStatus.SUBMITTED),
                "returned_url": links.period_reports(r.period, ReportStatus.RETURNED),
                "accepted_url": links.period_reports(r.period, ReportStatus.ACCEPTED),
                "missing_url": f"{links.base}?{urlencode({'missing': r.period.pk})}#list",
            }
            for r in dash.periods
        ],
        "chart": dash.chart_data(link=lambda b, a: links.assignments(b, agency=a)),
        "can_consolidate": plan_policy.can(request.user, "consolidate", plan),
    }
    names = {a.organization_id: a.name for a in dash.agencies}
    context.update(
        _drilldown(request, plan=plan, period=period, periods=periods, pmap=dash.pmap, names=names)
    )
    return render(request, "plans/dashboard.html", context)


def _drilldown(
    request: AuthenticatedRequest,
    *,
    plan: Plan,
    period: ReportingPeriod | None,
    periods: list[ReportingPeriod],
    pmap: selectors.PlanMap,
    names: dict[int, str],
) -> dict[str, Any]:
    """The list behind a figure: assignments by status / agency / group, or the agencies that
    have not submitted for a period."""
    missing_period = next((p for p in periods if p.pk == _int(request.GET.get("missing"))), None)
    if missing_period is not None:
        missing = selectors.dashboard_missing(user=request.user, plan=plan, period=missing_period)
        return {"show_list": True, "missing_period": missing_period, "missing_rows": missing}
    if not request.GET.get("show"):
        return {}
    filters = _list_filters(request, pmap)
    qs = selectors.dashboard_assignments(
        user=request.user, plan=plan, pmap=pmap, periods=periods, period=period, **filters
    )
    page = paginate(request, qs)
    readable: dict[int | None, bool] = {}
    rows = []
    for assignment in page.object_list:
        org_id = assignment.organization_id
        if org_id not in readable:
            # The policy decides on the agency; the report behind a status is always a counted
            # (submitted or accepted) one.
            readable[org_id] = org_id is not None and report_policy.can(
                request.user, "view", AgencyReport(organization_id=org_id, status=ReportStatus.SUBMITTED)
            )
        report_id = assignment.progress_report  # type: ignore[attr-defined]
        rows.append({"a": assignment, "can_open_report": report_id is not None and readable[org_id]})
    query = querystring_without(request, "page", "format")
    return {
        "show_list": True,
        "list_rows": rows,
        "list_total": page.paginator.count,
        "page": page,
        "query": query,
        "export_query": f"{query}&format=xlsx",
        **_list_titles(filters, pmap, names),
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


def _list_titles(filters: dict[str, Any], pmap: selectors.PlanMap, names: dict[int, str]) -> dict[str, Any]:
    agency, group = filters["organization_id"], filters["group_pk"]
    return {
        "list_bucket": selectors.BUCKET_LABELS.get(filters["bucket"], ""),
        "list_agency": names.get(agency, "") if agency is not None else "",
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
    agency = filters["organization_id"]
    names = organization_names([agency]) if agency is not None else {}
    titles = [
        str(v) for v in (period.name if period else "", *_list_titles(filters, pmap, names).values()) if v
    ]
    return exports.dashboard_assignments_xlsx(plan, qs, titles)
