"""The DOST's consolidated report: edit the draft, generate, download DOCX/XLSX. Thin: parse
input, ask the policy, call the selectors and ``services.annual_report_generate``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.exports.docx import document_number
from khcn.plans import exports, selectors, services
from khcn.plans.forms import SECTION_LABELS, AnnualReportForm
from khcn.plans.permissions import consolidated_report_policy, plan_policy


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _initial(draft: selectors.Draft) -> dict[str, Any]:
    leader = selectors.dost_leader()
    initial: dict[str, Any] = {
        "summary": draft.summary,
        "symbol": exports.DEFAULT_SYMBOL,
        "document_date": timezone.localdate(),
        "signer_authority": exports.DEFAULT_AUTHORITY,
        "signer_position": exports.DEFAULT_POSITION,
        "signer_name": leader.get_full_name() if leader else "",
        # The plan's agencies as they are on the report's date, around the fixed recipients.
        "recipients": "\n".join(draft.recipients or exports.DEFAULT_RECIPIENTS),
        "archive": exports.DEFAULT_ARCHIVE,
        "fingerprint": draft.fingerprint,
        **{key: draft.narrative[key] for key in selectors.TEXT_SECTIONS},
    }
    for group in draft.narrative["results"]:
        initial[f"result_{group['key']}_title"] = group["title"]
        initial[f"result_{group['key']}_text"] = group["text"]
    return initial


@guarded_by(plan_policy, consolidated_report_policy)
@login_required
def annual_report(request: AuthenticatedRequest, period_pk: int) -> HttpResponse:
    period = selectors.period_get(pk=period_pk)
    plan = period.plan
    plan_policy.require(request.user, "view", plan)
    can_generate = plan_policy.can(request.user, "consolidate", plan)
    if request.method == "POST" and not can_generate:
        raise PermissionDenied("consolidate")
    generated = selectors.consolidated_reports(user=request.user, period=period)
    if not can_generate and not generated:
        raise Http404  # nothing issued that they may see: the page does not exist for them
    context: dict[str, Any] = {
        "plan": plan,
        "period": period,
        "can_generate": can_generate,
        "section_labels": SECTION_LABELS,
        "document_language": selectors.DOCUMENT_LANGUAGE,
    }
    if can_generate:
        draft = selectors.annual_report_draft(user=request.user, period=period)
        form = AnnualReportForm(request.POST or None, draft=draft, initial=_initial(draft))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.annual_report_generate(
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
    context["generated"] = generated
    return render(request, "plans/annual_report.html", context)


@guarded_by(plan_policy, consolidated_report_policy)
@login_required
def annual_report_download(request: AuthenticatedRequest, period_pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "xlsx"):
        raise Http404
    period = selectors.period_get(pk=period_pk)
    plan = period.plan
    pk = _int(request.GET.get("report"))
    report = selectors.consolidated_report_get(user=request.user, period=period, pk=pk)
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
    draft = selectors.annual_report_draft(user=request.user, period=period)
    if fmt == "xlsx":
        data = exports.annual_report_xlsx(
            summary=draft.summary, annex=draft.annex_cells(), subtitle=f"{_('Draft')} · {period.name}"
        )
        return exports.xlsx_download(data, period_name=period.name, year=year)
    leader = selectors.dost_leader()
    data = exports.annual_report_draft_docx(draft, signer_name=leader.get_full_name() if leader else "")
    return exports.docx_download(data, period_name=period.name, year=year)
