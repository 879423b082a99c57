"""Agency report pages: list (with Excel export), start, edit and save, the workflow's actions,
attached files.

Thin: parse input, ask the policy, call the selectors and services. ``ReportForm`` only
validates and shapes the input for ``services.report_save``, which decides everything else. A
save that meets a newer version (someone saved in between) is refused by the service; the page
then keeps what the user typed, shows next to each box what the other person saved, and lets
the user save again knowingly.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.accounts.models import User
from khcn.accounts.types import AuthenticatedRequest
from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by
from khcn.core.concurrency import STALE_VERSION, rebased
from khcn.core.exceptions import DomainError
from khcn.core.text import clean
from khcn.core.views_helpers import paginate, querystring_without
from khcn.exports.responses import file_response
from khcn.organizations.selectors import organization_get
from khcn.plans import exports, selectors, services
from khcn.plans.choices import ReportStatus
from khcn.plans.filters import ReportFilter
from khcn.plans.forms import LINE_TEXTS, AttachmentForm, ReportForm, ReturnForm
from khcn.plans.models import AgencyReport
from khcn.plans.permissions import report_policy
from khcn.plans.workflow import REPORT_WORKFLOW

# --------------------------------------------------------------------------------------------------
# List
# --------------------------------------------------------------------------------------------------


def _filtered(request: AuthenticatedRequest) -> ReportFilter:
    return ReportFilter(
        request.GET or None,
        queryset=selectors.report_list(user=request.user),
        plans=selectors.plan_choices(user=request.user),
    )


@guarded_by(report_policy)
@login_required
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = _filtered(request)
    if request.GET.get("format") == "xlsx":
        return exports.reports_xlsx(filters.qs)
    export_query = querystring_without(request, "page", "format")
    context = {
        "form": filters.form,
        "page": paginate(request, filters.qs),
        "query": querystring_without(request, "page"),
        "export_query": f"{export_query}&format=xlsx" if export_query else "format=xlsx",
        "is_dost": report_policy.is_dost(request.user),
    }
    return render(request, "plans/report_list.html", context)


# --------------------------------------------------------------------------------------------------
# Start, detail and save
# --------------------------------------------------------------------------------------------------


@guarded_by(report_policy)
@login_required
@require_POST
def report_start(request: AuthenticatedRequest, period_pk: int, org_pk: int) -> HttpResponse:
    period = selectors.period_get(pk=period_pk)
    organization = organization_get(user=request.user, pk=org_pk)
    try:
        report = services.report_start(actor=request.user, period=period, organization=organization)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("site:home")
    return redirect(report)


def _transitions(user: User, report: AgencyReport) -> list[dict[str, Any]]:
    found = []
    for t in REPORT_WORKFLOW.available(user, report):
        question = t.question(report) if t.question is not None else None
        found.append(
            {
                "name": t.name,
                "label": t.label,
                "note_required": t.note_required,
                "confirm": question or t.confirm,
                "question": question,
            }
        )
    return found


def _conflicts(form: ReportForm, current: AgencyReport) -> dict[str, str]:
    """What the other person saved, for each box where it differs from the user's input."""
    theirs: dict[str, str] = {}
    data = form.cleaned_data
    if clean(data.get("summary", "")) != clean(current.summary):
        theirs["summary"] = current.summary
    for line in current.lines.all():
        for name in ("progress", *(n for n, _label in LINE_TEXTS)):
            key = ReportForm.key(line, name)
            if key in data and clean(str(data[key])) != clean(getattr(line, name)):
                theirs[key] = line.get_progress_display() if name == "progress" else getattr(line, name)
    return theirs


LOCKED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@guarded_by(report_policy)
@login_required
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    user = request.user
    if request.method != "POST":
        form = ReportForm(report=report) if report_policy.can(user, "edit", report) else None
        tab = "history" if request.GET.get("tab") == "history" else "report"
        return _render(request, report, form=form, tab=tab)
    form = ReportForm(request.POST, report=report)
    if not report_policy.can(user, "edit", report):
        return _refused(request, report, form)
    if not form.is_valid():
        return _render(request, report, form=form)
    try:
        services.report_save(
            actor=user,
            report=report,
            version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
            lines=form.line_values(),
        )
    except PermissionDenied:  # submitted or accepted since the page was loaded
        current = selectors.report_get(user=user, pk=pk)
        return _refused(request, current, ReportForm(request.POST, report=current))
    except DomainError as exc:
        if exc.code != STALE_VERSION:
            form.add_error(None, exc.message)
            return _render(request, report, form=form)
        # Someone saved in between. Keep the user's input, show what was saved meanwhile next
        # to each box; the form now carries the current version, so saving again keeps the
        # user's text, knowingly.
        current = selectors.report_get(user=user, pk=pk)
        if not report_policy.can(user, "edit", current):
            return _refused(request, current, ReportForm(request.POST, report=current))
        theirs = _conflicts(form, current)
        form = ReportForm(rebased(request.POST, current.version), report=current)
        form.is_valid()
        form.add_error(None, exc.message)
        return _render(request, current, form=form, theirs=theirs)
    messages.success(request, _("The report was saved."))
    return redirect(report)


def _refused(request: AuthenticatedRequest, report: AgencyReport, form: ReportForm) -> HttpResponse:
    """A save refused by the policy (403). When the report was submitted or accepted while the
    user was typing, the page shows the typed text read-only so that nothing is lost."""
    if report.status not in LOCKED or not form.is_bound:
        raise PermissionDenied("edit")
    form.is_valid()
    for name, form_field in form.fields.items():
        form_field.widget.attrs["disabled" if name.endswith("-progress") else "readonly"] = True
    return _render(request, report, form=form, locked_input=True, status=403)


def _render(
    request: AuthenticatedRequest,
    report: AgencyReport,
    *,
    form: ReportForm | None,
    tab: str = "report",
    theirs: dict[str, str] | None = None,
    locked_input: bool = False,
    status: int = 200,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    theirs = theirs or {}
    history = history_for(report)
    today = timezone.localdate()
    context = {
        "report": report,
        "period": report.period,
        "plan": report.period.plan,
        "tab": tab,
        "form": form,
        "rows": form.rows(theirs) if form is not None else None,
        "summary_theirs": theirs.get("summary"),
        "conflict": bool(theirs),
        "locked_input": locked_input,
        "lines": report.lines.all(),
        "history": history,
        "last_return": selectors.last_return(history),
        "overdue": report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        and today > report.period.due_on,
        "transitions": _transitions(request.user, report),
        "return_form": ReturnForm(),
        "attachments": selectors.report_attachments(report),
        "can_attach": report_policy.can(request.user, "edit", report),
        "attachment_form": attachment_form or AttachmentForm(),
    }
    return render(request, "plans/report_detail.html", context, status=status)


# --------------------------------------------------------------------------------------------------
# Attachments
# --------------------------------------------------------------------------------------------------


@guarded_by(report_policy)
@login_required
@require_POST
def attachment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    report_policy.require(request.user, "edit", report)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                actor=request.user,
                report=report,
                file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.name})
            return redirect(f"{report.get_absolute_url()}#attachments")
    form_obj = ReportForm(report=report)
    return _render(request, report, form=form_obj, attachment_form=form)


@guarded_by(report_policy)
@login_required
def attachment_download(request: AuthenticatedRequest, pk: int, attachment_pk: int) -> HttpResponse:
    report, attachment = selectors.attachment_get(user=request.user, report_pk=pk, pk=attachment_pk)
    report_policy.require(request.user, "view", report)
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    return file_response(data, attachment.name, attachment.mime)


@guarded_by(report_policy)
@login_required
@require_POST
def attachment_remove(request: AuthenticatedRequest, pk: int, attachment_pk: int) -> HttpResponse:
    report, attachment = selectors.attachment_get(user=request.user, report_pk=pk, pk=attachment_pk)
    name = attachment.name
    services.attachment_remove(actor=request.user, attachment=attachment)  # PermissionDenied → 403
    messages.success(request, _("“%(name)s” was removed.") % {"name": name})
    return redirect(f"{report.get_absolute_url()}#attachments")


# --------------------------------------------------------------------------------------------------
# Workflow
# --------------------------------------------------------------------------------------------------


@guarded_by(report_policy)
@login_required
@require_POST
def report_transition(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    try:
        transition = REPORT_WORKFLOW.get(name)
    except DomainError as exc:
        raise Http404 from exc
    try:
        updated = services.report_transition(
            actor=request.user,
            report=report,
            name=name,
            note=request.POST.get("note", ""),
            confirmed=request.POST.get("confirmed") == "1",  # the page asked the question
        )  # PermissionDenied → 403
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(transition.success))
        warning = transition.warning(updated) if transition.warning else None
        if warning:
            messages.warning(request, warning)
    return redirect(report)
