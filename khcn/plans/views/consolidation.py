"""The DOST's consolidated annual report (edit the draft, generate, download DOCX/XLSX) and the
plan dashboard. Thin: parse input, ask the policy, call ``khcn.plans.consolidation``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from khcn.accounts.models import Membership
from khcn.accounts.roles import Role
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.forms import CleanCharField, DateField
from khcn.core.views_helpers import paginate, querystring_without
from khcn.organizations.models import Organization
from khcn.plans import consolidation as cons
from khcn.plans.models import AgencyReport, Plan, ReportingPeriod
from khcn.plans.paths import display_path
from khcn.plans.permissions import plan_policy, report_policy

# --------------------------------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@guarded_by(plan_policy)
@login_required
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan_policy.require(request.user, "view")
    plan = get_object_or_404(Plan.objects.select_related("issuer"), pk=pk)
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("end", "pk"))
    period_pk = _int(request.GET.get("period"))
    period = next((p for p in periods if p.pk == period_pk), None)
    if request.GET.get("format") == "xlsx" and request.GET.get("show"):
        return _assignments_xlsx(request, plan, period)
    dash = cons.plan_dashboard(user=request.user, plan=plan, period=period)
    base = reverse("plans:plan_dashboard", args=[plan.pk])

    def link(bucket: str | None = None, agency: int | None = None, group: int | None = None) -> str:
        params: dict[str, Any] = {}
        if period is not None:
            params["period"] = period.pk
        params["show"] = bucket or "all"
        if agency is not None:
            params["agency"] = agency
        if group is not None:
            params["group"] = group
        return f"{base}?{urlencode(params)}#list"

    def report_list(period_obj: ReportingPeriod, status: str = "") -> str:
        params: dict[str, Any] = {"plan": plan.pk, "period": period_obj.pk}
        if status:
            params["status"] = status
        return f"{reverse('plans:report_list')}?{urlencode(params)}"

    def cells(counts: cons.Counts, **kw: Any) -> list[dict[str, Any]]:
        return [
            {"bucket": b, "label": cons.BUCKET_LABELS[b], "n": n, "url": link(b, **kw) if n else ""}
            for b, n in counts.cells()
        ]

    if request.GET.get("format") == "xlsx" and request.GET.get("table") == "agencies":
        return _agencies_xlsx(plan, period, dash)
    agency_page = paginate(request, dash.agencies, param="agency_page")
    agencies = [
        {
            "row": a,
            "all": link(None, agency=a.organization_id),
            "cells": cells(a.counts, agency=a.organization_id),
        }
        for a in agency_page.object_list
    ]
    groups = [
        {"row": g, "all": link(None, group=g.group.pk), "cells": cells(g.counts, group=g.group.pk)}
        for g in dash.groups
    ]
    period_rows = [
        {
            "row": r,
            "submitted_url": report_list(r.period),
            "awaiting_url": report_list(r.period, "submitted"),
            "returned_url": report_list(r.period, "returned"),
            "accepted_url": report_list(r.period, "accepted"),
            "missing_url": f"{base}?{urlencode({'missing': r.period.pk})}#list",
        }
        for r in dash.periods
    ]
    context: dict[str, Any] = {
        "plan": plan,
        "dash": dash,
        "periods": periods,
        "period": period,
        "buckets": [(b, cons.BUCKET_LABELS[b]) for b in cons.BUCKETS],
        "totals": cells(dash.totals),
        "total_url": link(None),
        "agencies": agencies,
        "agency_page": agency_page,
        "agency_query": querystring_without(request, "agency_page", "format", "table"),
        "groups": groups,
        "period_rows": period_rows,
        "chart": dash.chart_data(link=lambda b, a: link(b, agency=a)),
        "can_consolidate": plan_policy.can(request.user, "consolidate", plan),
    }
    names = {a.organization_id: a.name for a in dash.agencies}
    context.update(
        _drilldown(request, plan=plan, period=period, periods=periods, pmap=dash.pmap, names=names)
    )
    return render(request, "plans/dashboard.html", context)


def _drilldown(
    request: HttpRequest,
    *,
    plan: Plan,
    period: ReportingPeriod | None,
    periods: list[ReportingPeriod],
    pmap: cons.PlanMap,
    names: dict[int, str],
) -> dict[str, Any]:
    """The list behind a figure: assignments by status / agency / group, or the agencies that
    have not submitted for a period."""
    missing_pk = _int(request.GET.get("missing"))
    missing_period = next((p for p in periods if p.pk == missing_pk), None)
    if missing_period is not None:
        missing = cons.dashboard_missing(user=request.user, plan=plan, period=missing_period)
        return {"show_list": True, "missing_period": missing_period, "missing_rows": missing}
    if not request.GET.get("show"):
        return {}
    filters = _list_filters(request, pmap)
    matches = cons.dashboard_assignments(user=request.user, plan=plan, pmap=pmap, period=period, **filters)
    page = paginate(request, matches)
    rows = cons.assignment_rows(page.object_list)
    readable: dict[int | None, bool] = {}
    for r in rows:
        org_id = r.assignment.organization_id
        if org_id not in readable:
            # The policy decides on the agency; status does not matter for reading.
            readable[org_id] = org_id is not None and report_policy.can(
                request.user, "view", AgencyReport(organization_id=org_id)
            )
    list_rows = [
        {"row": r, "can_open_report": r.report_id is not None and readable[r.assignment.organization_id]}
        for r in rows
    ]
    query = querystring_without(request, "page", "format")
    return {
        "show_list": True,
        "list_rows": list_rows,
        "list_total": len(matches),
        "page": page,
        "query": query,
        "export_query": f"{query}&format=xlsx",
        **_list_titles(filters, pmap, names),
    }


def _list_filters(request: HttpRequest, pmap: cons.PlanMap) -> dict[str, Any]:
    """The list's filters from the query string: a status bucket, an agency, a content group."""
    show = request.GET.get("show", "")
    group_pk = _int(request.GET.get("group"))
    return {
        "bucket": show if show in cons.BUCKETS else "",
        "organization_id": _int(request.GET.get("agency")),
        "group_pk": group_pk if group_pk in pmap.items else None,
    }


def _list_titles(filters: dict[str, Any], pmap: cons.PlanMap, names: dict[int, str]) -> dict[str, Any]:
    agency, group = filters["organization_id"], filters["group_pk"]
    return {
        "list_bucket": cons.BUCKET_LABELS.get(filters["bucket"], ""),
        "list_agency": names.get(agency, "") if agency is not None else "",
        "list_group": pmap.items[group].label if group is not None else "",
    }


def _agencies_xlsx(plan: Plan, period: ReportingPeriod | None, dash: cons.Dashboard) -> HttpResponse:
    """The dashboard's completion by agency, every agency, as a workbook."""
    from khcn.exports.responses import dated_filename, xlsx_response
    from khcn.exports.xlsx import table_to_xlsx

    headers = [_("No."), _("Agency"), _("Assignments"), *(cons.BUCKET_LABELS[b] for b in cons.BUCKETS)]
    headers.append(_("Completed (%)"))
    rows = (
        [n, a.name, a.counts.total, *(a.counts.by_bucket[b] for b in cons.BUCKETS), a.counts.percent]
        for n, a in enumerate(dash.agencies, start=1)
    )
    as_of = period.name if period else _("Latest reports")
    parts = [_("Completion by agency"), plan.number or plan.title[:80], as_of]
    workbook = table_to_xlsx(title=" — ".join(parts), headers=headers, rows=rows, sheet_name=_("By agency"))
    return xlsx_response(workbook, dated_filename(pgettext("file name", "completion-by-agency"), "xlsx"))


def _assignments_xlsx(request: HttpRequest, plan: Plan, period: ReportingPeriod | None) -> HttpResponse:
    """The dashboard's list of assignments, every row rather than one page, as a workbook."""
    from khcn.exports.responses import dated_filename, xlsx_response
    from khcn.exports.xlsx import table_to_xlsx

    pmap = cons.plan_map(plan)
    filters = _list_filters(request, pmap)
    matches = cons.dashboard_assignments(user=request.user, plan=plan, pmap=pmap, period=period, **filters)
    rows = cons.assignment_rows(matches)
    agency = filters["organization_id"]
    names = dict(Organization.objects.filter(pk=agency).values_list("pk", "name")) if agency else {}
    headers = [_("No."), _("Item"), _("Content"), _("Agency"), _("Role"), _("Deadline"), _("Status")]
    data = (
        [
            n,
            display_path(r.assignment.item.path),
            r.assignment.item.heading or r.assignment.item.text,
            r.assignment.organization.name if r.assignment.organization else r.assignment.agency_name,
            r.assignment.get_role_display(),
            r.deadline or r.assignment.deadline_text,
            r.bucket_label,
        ]
        for n, r in enumerate(rows, start=1)
    )
    parts = [_("Assignments"), plan.number or plan.title[:80]]
    titles = _list_titles(filters, pmap, names).values()
    parts += [str(v) for v in (period.name if period else "", *titles) if v]
    workbook = table_to_xlsx(title=" — ".join(parts), headers=headers, rows=data, sheet_name=_("Assignments"))
    return xlsx_response(workbook, dated_filename(pgettext("file name", "assignments"), "xlsx"))


# --------------------------------------------------------------------------------------------------
# The consolidated report
# --------------------------------------------------------------------------------------------------

SECTION_LABELS = {
    "general": gettext_lazy("General situation"),
    "results": gettext_lazy("Results achieved"),
    "shortcomings": gettext_lazy("Shortcomings and limitations"),
    "difficulties": gettext_lazy("Difficulties and obstacles"),
    "next_tasks": gettext_lazy("Key tasks for the next period"),
    "proposals": gettext_lazy("Proposals and recommendations"),
}
EXTRA_GROUP = "extra"


def _text_area(rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AnnualReportForm(forms.Form):
    """The consolidated report as the specialist edits it before generating.

    Kept here (not in ``forms.py``) because its result fields follow the draft's content groups.
    """

    summary = CleanCharField(label=gettext_lazy("Summary (under BÁO CÁO)"), max_length=500)
    number = forms.RegexField(
        label=gettext_lazy("Number"),
        regex=r"^\d{0,6}$",
        required=False,
        help_text=gettext_lazy("Leave empty for the clerk to fill in on issue."),
        error_messages={"invalid": gettext_lazy("Enter digits only.")},
    )
    symbol = CleanCharField(label=gettext_lazy("Symbol"), max_length=40)
    document_date = DateField(label=gettext_lazy("Date of the document"), required=False)
    general = CleanCharField(
        label=SECTION_LABELS["general"],
        multiline=True,
        required=False,
        max_length=cons.MAX_SECTION_CHARS,
        widget=_text_area(),
    )
    shortcomings = CleanCharField(
        label=SECTION_LABELS["shortcomings"],
        multiline=True,
        required=False,
        max_length=cons.MAX_SECTION_CHARS,
        widget=_text_area(),
    )
    difficulties = CleanCharField(
        label=SECTION_LABELS["difficulties"],
        multiline=True,
        required=False,
        max_length=cons.MAX_SECTION_CHARS,
        widget=_text_area(),
    )
    next_tasks = CleanCharField(
        label=SECTION_LABELS["next_tasks"],
        multiline=True,
        required=False,
        max_length=cons.MAX_SECTION_CHARS,
        widget=_text_area(),
    )
    proposals = CleanCharField(
        label=SECTION_LABELS["proposals"],
        multiline=True,
        required=False,
        max_length=cons.MAX_SECTION_CHARS,
        widget=_text_area(),
    )
    signer_authority = CleanCharField(label=gettext_lazy("Signing authority"), max_length=60, required=False)
    signer_position = CleanCharField(label=gettext_lazy("Signer's position"), max_length=120)
    signer_name = CleanCharField(label=gettext_lazy("Signer"), max_length=120)
    recipients = CleanCharField(
        label=gettext_lazy("Recipients (one per line)"),
        multiline=True,
        required=False,
        max_length=5000,
        widget=_text_area(5),
    )
    archive = CleanCharField(label=gettext_lazy("Archived at"), max_length=120, required=False)
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20_000)

    def __init__(self, *args: Any, draft: cons.Draft, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[dict[str, str]] = [
            *draft.narrative["results"],
            {"key": EXTRA_GROUP, "path": "", "title": "", "text": ""},
        ]
        for group in self.groups:
            key = group["key"]
            self.fields[f"result_{key}_title"] = CleanCharField(
                label=gettext_lazy("Heading"), max_length=500, required=False
            )
            self.fields[f"result_{key}_text"] = CleanCharField(
                label=gettext_lazy("Text"),
                multiline=True,
                required=False,
                max_length=cons.MAX_SECTION_CHARS,
                widget=_text_area(8),
            )

    def result_fields(self) -> list[dict[str, Any]]:
        return [
            {
                "group": group,
                "title": self[f"result_{group['key']}_title"],
                "text": self[f"result_{group['key']}_text"],
            }
            for group in self.groups
        ]

    def narrative(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **{key: data.get(key, "") for key in cons.TEXT_SECTIONS},
            "results": [
                {
                    "key": group["key"],
                    "path": group["path"],
                    "title": data.get(f"result_{group['key']}_title", ""),
                    "text": data.get(f"result_{group['key']}_text", ""),
                }
                for group in self.groups
            ],
        }


def _initial(draft: cons.Draft) -> dict[str, Any]:
    from khcn.plans import exports

    leader = (
        Membership.objects.active()
        .filter(role=Role.DOST_LEADER, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    initial: dict[str, Any] = {
        "summary": draft.summary,
        "symbol": exports.DEFAULT_SYMBOL,
        "document_date": timezone.localdate(),
        "signer_authority": exports.DEFAULT_AUTHORITY,
        "signer_position": exports.DEFAULT_POSITION,
        "signer_name": leader.user.get_full_name() if leader else "",
        "recipients": "\n".join(exports.DEFAULT_RECIPIENTS),
        "archive": exports.DEFAULT_ARCHIVE,
        "fingerprint": draft.fingerprint,
        **{key: draft.narrative[key] for key in cons.TEXT_SECTIONS},
    }
    for group in draft.narrative["results"]:
        initial[f"result_{group['key']}_title"] = group["title"]
        initial[f"result_{group['key']}_text"] = group["text"]
    return initial


def _period(period_pk: int) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_pk)


@guarded_by(plan_policy)
@login_required
def annual_report(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = _period(period_pk)
    plan = period.plan
    plan_policy.require(request.user, "view", plan)
    can_generate = plan_policy.can(request.user, "consolidate", plan)
    if request.method == "POST" and not can_generate:
        raise PermissionDenied("consolidate")
    context: dict[str, Any] = {
        "plan": plan,
        "period": period,
        "can_generate": can_generate,
        "section_labels": SECTION_LABELS,
    }
    if can_generate:
        draft = cons.annual_report_draft(user=request.user, period=period)
        form = AnnualReportForm(request.POST or None, draft=draft, initial=_initial(draft))
        if request.method == "POST" and form.is_valid():
            from khcn.exports.docx import document_number

            data = form.cleaned_data
            try:
                cons.annual_report_generate(
                    actor=request.user,
                    period=period,
                    narrative=form.narrative(),
                    summary=data["summary"],
                    number=document_number(data["number"] or "", data["symbol"]),
                    document_date=data["document_date"],
                    signer_authority=data["signer_authority"],
                    signer_position=data["signer_position"],
                    signer_name=data["signer_name"],
                    recipients=data["recipients"].splitlines(),
                    archive=data["archive"],
                    expected_fingerprint=data["fingerprint"] or None,
                )
            except DomainError as exc:
                if exc.code == "stale_inputs":
                    # Keep the specialist's text; the next click generates from the new set.
                    fresh: QueryDict = request.POST.copy()
                    fresh["fingerprint"] = draft.fingerprint
                    for name, value in _initial(draft).items():
                        if name.startswith("result_") and name not in fresh:
                            fresh[name] = value
                    form = AnnualReportForm(fresh, draft=draft, initial=_initial(draft))
                    form.is_valid()
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The report was generated. Download it below."))
                return redirect(f"{reverse('plans:annual_report', args=[period.pk])}#generated")
        context.update({"draft": draft, "form": form})
    context["generated"] = cons.consolidated_reports(user=request.user, period=period)
    return render(request, "plans/annual_report.html", context)


@guarded_by(plan_policy)
@login_required
def annual_report_download(request: HttpRequest, period_pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "xlsx"):
        raise Http404
    from khcn.plans import exports

    period = _period(period_pk)
    plan = period.plan
    plan_policy.require(request.user, "export", plan)
    pk = _int(request.GET.get("report"))
    report = cons.consolidated_report_get(user=request.user, period=period, pk=pk)
    year = period.end.year
    if report is not None:
        if fmt == "docx":
            return exports.docx_download(bytes(report.docx), period_name=period.name, year=year)
        data = exports.annual_report_xlsx(
            summary=report.summary, annex=report.annex, subtitle=f"{report.number} · {period.name}"
        )
        return exports.xlsx_download(data, period_name=period.name, year=year)
    # Nothing generated yet: the DOST may download the draft as the reports give it.
    if pk is not None or not plan_policy.can(request.user, "consolidate", plan):
        raise Http404
    draft = cons.annual_report_draft(user=request.user, period=period)
    if fmt == "xlsx":
        data = exports.annual_report_xlsx(
            summary=draft.summary, annex=draft.annex_cells(), subtitle=f"{_('Draft')} · {period.name}"
        )
        return exports.xlsx_download(data, period_name=period.name, year=year)
    initial = _initial(draft)
    from khcn.exports.docx import document_number

    data = exports.annual_report_docx(
        summary=draft.summary,
        number=document_number("", exports.DEFAULT_SYMBOL),
        date=None,
        narrative=draft.narrative,
        annex=draft.annex_cells(),
        signer_authority=initial["signer_authority"],
        signer_position=initial["signer_position"],
        signer_name=initial["signer_name"],
        recipients=exports.DEFAULT_RECIPIENTS,
        archive=exports.DEFAULT_ARCHIVE,
    )
    return exports.docx_download(data, period_name=period.name, year=year)
