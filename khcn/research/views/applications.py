"""Pages of the applications to host a task: the applicant writes, attaches the dossier's
parts, submits or withdraws; the DOST lists them, checks their validity and exports them.
Another applicant's application is a 404 everywhere."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without
from khcn.exports.responses import dated_filename, stored_file_response, xlsx_response
from khcn.exports.xlsx import table_to_xlsx
from khcn.research import selectors, services
from khcn.research.choices import ApplicationStatus, CostCategory, DossierPart
from khcn.research.forms import ApplicationFileForm, ApplicationForm, ChecklistForm
from khcn.research.models import ApplicationFile
from khcn.research.permissions import application_policy, task_policy


def _applications(request: AuthenticatedRequest) -> Any:
    task = request.GET.get("task", "")
    return selectors.application_list(
        user=request.user, task=int(task) if task.isdigit() else None, status=request.GET.get("status", "")
    )


@guarded_by(application_policy)
@login_required
def application_list(request: AuthenticatedRequest) -> HttpResponse:
    application_policy.require(request.user, "apply")
    return render(
        request,
        "research/application_list.html",
        {
            "page": paginate(request, _applications(request)),
            "query": querystring_without(request, "page"),
            "statuses": ApplicationStatus.choices,
            "status": request.GET.get("status", ""),
            "can_review": application_policy.can(request.user, "review"),
        },
    )


@guarded_by(application_policy)
@login_required
def application_export(request: AuthenticatedRequest) -> HttpResponse:
    application_policy.require(request.user, "apply")
    rows = [
        [
            a.task.code,
            a.task.title,
            a.host_name,
            a.investigator,
            a.duration_months,
            a.budget_total,
            a.budget_other,
            a.get_status_display(),
            a.score,
            a.submitted_at.date() if a.submitted_at else None,
        ]
        for a in _applications(request)[:20000]
    ]
    data = table_to_xlsx(
        title=_("Applications to host S&T tasks"),
        headers=[
            _("Code"),
            _("Task"),
            _("Host organisation"),
            _("Principal investigator"),
            _("Duration (months)"),
            _("State budget requested (VND)"),
            _("Other sources (VND)"),
            _("Status"),
            _("Council's mean score"),
            _("Submitted on"),
        ],
        rows=rows,
        sheet_name=_("Applications"),
        money_columns=(5, 6),
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "applications"), "xlsx"))


@guarded_by(application_policy, task_policy)
@login_required
def application_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    application_policy.require(request.user, "apply")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(actor=request.user, task=task, **form.values())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("The application was saved as a draft: attach the dossier, then submit it.")
            )
            return redirect("research:application_detail", pk=application.pk)
    return render(
        request, "research/application_form.html", {"form": form, "task": task, "application": None}
    )


@guarded_by(application_policy)
@login_required
def application_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    application_policy.require(request.user, "apply", application)
    form = ApplicationForm(request.POST or None, initial=ApplicationForm.initial_for(application))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_edit(
                actor=request.user,
                application=application,
                version=form.cleaned_data["version"],
                **form.values(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The application was saved."))
            return redirect("research:application_detail", pk=application.pk)
    return render(
        request,
        "research/application_form.html",
        {"form": form, "task": application.task, "application": application},
    )


@guarded_by(application_policy)
@login_required
def application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    own = application_policy.can(request.user, "apply", application)
    editable = own and services.application_editable(application)
    can_review = application_policy.can(request.user, "review", application) and application.status in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.VALID,
        ApplicationStatus.INVALID,
    )
    parts = services.required_parts(application.task)
    files = list(application.files.all())
    categories = dict(CostCategory.choices)
    return render(
        request,
        "research/application_detail.html",
        {
            "application": application,
            "task": application.task,
            "own": own,
            "editable": editable,
            "missing": services.missing(application)
            if editable and application.status == ApplicationStatus.DRAFT
            else [],
            "budget_problem": services.budget_problem(application),
            "file_form": ApplicationFileForm() if editable else None,
            "files": files,
            "parts": [
                (part, DossierPart(part).label, [x for x in files if x.part == part])
                for part in DossierPart.values
            ],
            "required": parts,
            "lines": [
                (categories.get(line["category"], line["category"]), line)
                for line in application.budget_lines
            ],
            "checklist": ChecklistForm(
                parts=parts,
                initial={f"part_{p}": bool(application.checklist.get(p)) for p in parts}
                | {"note": application.checklist.get("note", "")},
            )
            if can_review
            else None,
            "can_withdraw": own
            and application.status
            in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.VALID),
        },
    )


@guarded_by(application_policy)
@login_required
@require_POST
def application_file_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    form = ApplicationFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.application_file_add(
                actor=request.user,
                application=application,
                part=form.cleaned_data["part"],
                file=form.cleaned_data["file"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose the part of the dossier and a file."))
    return redirect("research:application_detail", pk=application.pk)


@guarded_by(application_policy)
@login_required
def application_file(request: AuthenticatedRequest, pk: int, file_pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    stored = get_object_or_404(ApplicationFile, application=application, pk=file_pk)
    return stored_file_response(stored.file, stored.name, "application/octet-stream")


@guarded_by(application_policy)
@login_required
@require_POST
def application_step(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    """Submit, withdraw (the applicant) or check the validity (the DOST)."""
    application = selectors.application_get(user=request.user, pk=pk)
    try:
        if name == "submit":
            services.application_submit(actor=request.user, application=application)
            messages.success(request, _("The application was submitted."))
        elif name == "withdraw":
            services.application_withdraw(actor=request.user, application=application)
            messages.success(request, _("The application was withdrawn."))
        elif name == "check":
            form = ChecklistForm(request.POST, parts=services.required_parts(application.task))
            form.is_valid()
            checked = services.application_check(
                actor=request.user,
                application=application,
                parts_ok=form.parts_ok(),
                note=form.cleaned_data.get("note", ""),
            )
            messages.success(
                request,
                _("The dossier is valid.")
                if checked.status == ApplicationStatus.VALID
                else _("The dossier is not valid."),
            )
        else:
            raise DomainError(_("This action does not exist."), code="unknown")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("research:application_detail", pk=application.pk)
