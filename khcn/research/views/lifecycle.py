"""Pages of a task's lifecycle: the task page (timeline, steps, applications, progress,
history), one page per step with its form (the document's number, date, signer and signed PDF
where the step records one), payments and documents, progress reports, adjustments, the host's
Form 5 and Form 12, and the public list. Thin: parse input, ask the policies, call services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.accounts.types import AuthenticatedRequest
from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by, public
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without
from khcn.exports.responses import stored_file_response
from khcn.research import forms as f
from khcn.research import selectors, services
from khcn.research.choices import (
    ApplicationStatus,
    DocumentKind,
    Issuer,
    PaymentKind,
    ReportStatus,
    TaskState,
)
from khcn.research.models import Task, TaskDocument
from khcn.research.permissions import application_policy, task_part_policy, task_policy
from khcn.research.workflow import PROGRESS_WORKFLOW, task_workflow

TABS = ("overview", "applications", "progress", "history")


@guarded_by(task_policy)
@login_required
def task_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    tab = request.GET.get("tab", "overview")
    tab = tab if tab in TABS else "overview"
    can_manage = task_policy.can(request.user, "manage", task)
    can_act = task_policy.can(request.user, "act", task)
    can_endorse = task_policy.can(request.user, "endorse", task)
    insider = can_manage or can_act or can_endorse
    context: dict[str, Any] = {
        "task": task,
        "tab": tab,
        "can_manage": can_manage,
        "can_act": can_act,
        "can_endorse": can_endorse,
        "insider": insider,
        "steps": selectors.steps(request.user, task) if insider else [],
        "can_apply": task.state == TaskState.CALL_OPEN and application_policy.can(request.user, "apply"),
        # The host revises its selected application (the description) before the appraisal.
        "revising": task.applications.filter(status=ApplicationStatus.SELECTED).first()
        if can_act and task.state == TaskState.RECOMMENDED
        else None,
    }
    if insider and task.state == TaskState.IN_APPRAISAL:
        context["team"] = selectors.appraisal_team(task)
    if tab == "overview":
        context["timeline"] = selectors.timeline(task) if insider else []
        if insider and task.owner_id:
            context["people"] = selectors.task_people(task)
            if task_policy.can(request.user, "staff", task):
                context["member_form"] = f.TaskMemberForm()
        if can_manage:
            from khcn.research.exports import drafts_available

            context["drafts"] = drafts_available(task)
    elif tab == "applications":
        context["applications"] = selectors.application_list(user=request.user, task=task.pk)
    elif tab == "progress" and context["insider"]:
        paid = task.payments.values("kind").annotate(total=Sum("amount"))
        context.update(
            {
                "reports": task.reports.all(),
                "adjustments": task.adjustments.select_related("decision", "endorsed_by"),
                "payments": task.payments.all(),
                "totals": {row["kind"]: row["total"] for row in paid},
                "kinds": PaymentKind,
                "application_reports": task.application_reports.all(),
                "dossier_files": task.files.all(),
                "dossier_missing": services.dossier_missing(task),
                "file_form": f.TaskFileForm() if can_act and task.state in services.DOSSIER_OPEN else None,
            }
        )
    elif tab == "history" and context["insider"]:
        context["history"] = history_for(task)
    return render(request, "research/task_detail.html", context)


# --- One page per step ------------------------------------------------------------------------------


def _councils(user: Any, kinds: tuple[str, ...]) -> Any:
    from khcn.councils.choices import CouncilStatus
    from khcn.councils.models import Council
    from khcn.councils.permissions import council_policy

    return council_policy.visible(
        user,
        Council.objects.filter(kind__in=kinds).exclude(
            status__in=(CouncilStatus.IN_SESSION, CouncilStatus.CLOSED)
        ),
        "manage",
    ).order_by("name")


# The decision each step records, for who may take it (``services.require_decider``).
STEP_DECISIONS = {
    "recommend": DocumentKind.SELECTION_RESULT,
    "approve": DocumentKind.APPROVAL,
    "suspend": DocumentKind.SUSPENSION,
    "terminate": DocumentKind.TERMINATION,
    "recognise": DocumentKind.RECOGNITION,
}


def _issuers(form: forms.Form, request: AuthenticatedRequest, task: Task, kind: str) -> forms.Form:
    """Who issued the decision: the rule set's delegation first; a specialist records the
    People's Committee's decisions only (the Department's are its leader's)."""
    if not isinstance(form, f.DecisionForm) or kind not in services.LEADER_DECISIONS:
        return form
    f.issuer_for(
        form.fields["issuer"],
        decides=task_policy.can(request.user, "decide", task),
        default=services.default_issuer(task, kind),
    )
    return form


def _step_form(name: str, request: AuthenticatedRequest, task: Task) -> forms.Form:
    return _issuers(_plain_step_form(name, request, task), request, task, STEP_DECISIONS.get(name, ""))


def _plain_step_form(name: str, request: AuthenticatedRequest, task: Task) -> forms.Form:
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    if name == "open_call":
        return f.CallOpenForm(data)
    if name == "to_council":
        from khcn.councils.choices import CouncilKind

        kind = CouncilKind.SELECTION if task.method == "selection" else CouncilKind.DIRECT_ASSIGNMENT
        return f.CouncilChoiceForm(data, councils=_councils(request.user, (kind,)))
    if name == "recommend":
        passed = task.applications.filter(status=ApplicationStatus.PASSED).order_by("-score")
        return f.SelectionForm(data, files, applications=passed)
    if name == "approve":
        initial = {"budget_state": task.budget_state, "budget_other": task.budget_other or 0}
        return f.ApprovalForm(data, files, initial=initial)
    if name in ("contract", "recognise"):
        return f.DecisionForm(data, files)
    if name in ("suspend", "terminate"):
        return f.NoteDecisionForm(data, files)
    if name == "submit_dossier":
        return f.HostDocumentForm(data, files, initial={"issuer": "host"})
    if name in ("liquidate", "liquidate_recovered", "accept_risk"):
        return f.LiquidationForm(data, files)
    if name == "register":
        return f.RegistrationRecordForm(data)
    if name in ("reopen", "drop", "resume"):
        return f.NoteForm(data)
    return f.ConfirmForm(data)


def _run_step(name: str, request: AuthenticatedRequest, task: Task, form: forms.Form) -> Task:
    actor, data = request.user, form.cleaned_data
    decision = form.decision() if isinstance(form, f.DecisionForm) else None
    if name == "open_call":
        return services.selection_call_open(
            actor=actor, task=task, apply_from=data["apply_from"], apply_until=data.get("apply_until")
        )
    if name == "to_council":
        services.applications_to_council(actor=actor, task=task, council=data["council"])
        return task
    if name == "recommend":
        assert decision is not None
        return services.selection_record(
            actor=actor, task=task, application=data["application"], decision=decision
        )
    if name == "submit_revision":
        return services.revision_submit(actor=actor, task=task)
    if name == "approve":
        assert decision is not None
        appraisal = (
            services.Decision(number=data["appraisal_number"], signed_on=data.get("appraisal_signed_on"))
            if data.get("appraisal_number")
            else None
        )
        return services.approval_record(
            actor=actor,
            task=task,
            decision=decision,
            appraisal=appraisal,
            budget_state=data["budget_state"],
            budget_other=data["budget_other"],
            lump_sum=data["lump_sum"],
            starts_on=data["starts_on"],
            months=data["months"],
        )
    if name == "contract":
        assert decision is not None
        return services.contract_record(actor=actor, task=task, decision=decision)
    if name in ("suspend", "terminate"):
        assert decision is not None
        step = services.suspend if name == "suspend" else services.terminate
        return step(actor=actor, task=task, decision=decision, note=data["note"])
    if name == "submit_dossier":
        assert decision is not None
        return services.dossier_submit(actor=actor, task=task, self_evaluation=decision)
    if name == "recognise":
        assert decision is not None
        return services.recognition_record(actor=actor, task=task, decision=decision)
    if name in ("liquidate", "liquidate_recovered", "accept_risk"):
        assert decision is not None
        return services.liquidation_record(
            actor=actor,
            task=task,
            decision=decision,
            accept_risk=name == "accept_risk",
            note=data.get("note", ""),
        )
    if name == "register":
        return services.registration_record(
            actor=actor, task=task, archive_number=data["archive_number"], registered_on=data["registered_on"]
        )
    if name in ("close", "close_unaccepted"):
        return services.task_close(actor=actor, task=task)
    # reopen, drop, resume: the workflow with the reason.
    if name == "resume":
        return services.resume(actor=actor, task=task, note=data["note"])
    return task_workflow(task).apply(name, actor=actor, obj=task, note=data["note"])  # type: ignore[return-value]


@guarded_by(task_policy)
@login_required
def task_step(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    """The page of one step: its form (or confirmation), then the service."""
    task = selectors.task_for_page(user=request.user, pk=pk)
    transition = next((t for t in selectors.steps(request.user, task) if t.name == name), None)
    if transition is None:
        raise Http404
    form = _step_form(name, request, task)
    if request.method == "POST" and form.is_valid():
        try:
            _run_step(name, request, task, form)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, str(transition.success or transition.label))
            return redirect("research:task_detail", pk=task.pk)
    return render(
        request,
        "research/task_step.html",
        {"task": task, "transition": transition, "form": form, "multipart": bool(form.is_multipart())},
    )


def _simple_page(
    request: AuthenticatedRequest,
    task: Task,
    *,
    form: forms.Form,
    title: str,
    run: Callable[[dict[str, Any]], Any],
    success: str,
    back: str = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, success)
            return redirect(back or f"{reverse('research:task_detail', args=[task.pk])}?tab=progress")
    return render(
        request,
        "research/task_form.html",
        {"task": task, "form": form, "title": title, "multipart": bool(form.is_multipart())},
    )


@guarded_by(task_policy)
@login_required
def payment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    task_policy.require(request.user, "manage", task)
    return _simple_page(
        request,
        task,
        form=f.PaymentForm(request.POST or None),
        title=_("Record a payment"),
        run=lambda d: services.payment_record(actor=request.user, task=task, **d),
        success=_("The payment was recorded."),
    )


@guarded_by(task_policy)
@login_required
def document_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    task_policy.require(request.user, "manage", task)
    form = f.TaskDocumentForm(request.POST or None, request.FILES or None)
    return _simple_page(
        request,
        task,
        form=form,
        title=_("Record a document"),
        run=lambda d: services.document_record(
            actor=request.user, task=task, kind=d["kind"], decision=form.decision()
        ),
        success=_("The document was recorded."),
        back=reverse("research:task_detail", args=[task.pk]),
    )


@guarded_by(task_policy)
@login_required
def task_to_council(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Hand the task to its budget appraisal team (with the Department of Finance) or, its
    dossier submitted, to an acceptance council."""
    from khcn.councils.choices import CouncilKind

    task = selectors.task_for_page(user=request.user, pk=pk)
    task_policy.require(request.user, "manage", task)
    if task.state == TaskState.IN_APPRAISAL:
        kind, title = CouncilKind.BUDGET_APPRAISAL, _("Hand the budget to an appraisal team")
        success = _("The budget is before the appraisal team.")
    else:
        kind, title = CouncilKind.ACCEPTANCE, _("Hand the task to an acceptance council")
        success = _("The task is before the acceptance council.")
    form = f.CouncilChoiceForm(request.POST or None, councils=_councils(request.user, (kind,)))
    return _simple_page(
        request,
        task,
        form=form,
        title=title,
        run=lambda d: services.task_to_council(actor=request.user, task=task, council=d["council"]),
        success=success,
        back=reverse("research:task_detail", args=[task.pk]),
    )


# --- The host's people and what the leader endorses ------------------------------------------------


@guarded_by(task_policy)
@login_required
@require_POST
def task_member_set(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    task_policy.require(request.user, "staff", task)
    form = f.TaskMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.task_member_set(actor=request.user, task=task, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The person was named: they see the task on their home page."))
    return redirect("research:task_detail", pk=task.pk)


@guarded_by(task_part_policy)
@login_required
@require_POST
def adjustment_endorse(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    adjustment = selectors.adjustment_get(user=request.user, pk=pk)
    task_part_policy.require(request.user, "endorse", adjustment)
    try:
        services.adjustment_endorse(actor=request.user, adjustment=adjustment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The request is endorsed: the Department of Science and Technology decides.")
        )
    return redirect(f"{reverse('research:task_detail', args=[adjustment.task_id])}?tab=progress")


@guarded_by(task_part_policy)
@login_required
@require_POST
def adjustment_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    adjustment = selectors.adjustment_get(user=request.user, pk=pk)
    task_part_policy.require(request.user, "view", adjustment)  # the investigator or the leader: the service
    try:
        services.adjustment_withdraw(actor=request.user, adjustment=adjustment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The request was withdrawn."))
    return redirect(f"{reverse('research:task_detail', args=[adjustment.task_id])}?tab=progress")


@guarded_by(task_policy)
@login_required
@require_POST
def registration_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    task_policy.require(request.user, "endorse", task)
    try:
        services.registration_confirm(actor=request.user, task=task)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The registration sheet is confirmed: the Department registers the results.")
        )
    return redirect("research:task_detail", pk=task.pk)


def _insider_task(request: AuthenticatedRequest, pk: int) -> Task:
    """The task, for its files: the DOST and the host's account only (404 for the others)."""
    task = selectors.task_for_page(user=request.user, pk=pk)
    if not any(task_policy.can(request.user, a, task) for a in ("manage", "act", "endorse")):
        raise Http404
    return task


@guarded_by(task_policy)
@login_required
def document_file(request: AuthenticatedRequest, pk: int, doc_pk: int) -> HttpResponse:
    """A step's signed PDF: to the DOST and the host's account."""
    task = _insider_task(request, pk)
    document = get_object_or_404(TaskDocument, task=task, pk=doc_pk)
    return stored_file_response(
        document.file, document.file_name or f"{document.kind}.pdf", "application/pdf"
    )


# --- The host: adjustments, Form 5, Form 12 ----------------------------------------------------------


@guarded_by(task_policy)
@login_required
def adjustment_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    task_policy.require(request.user, "act", task)
    return _simple_page(
        request,
        task,
        form=f.AdjustmentForm(request.POST or None),
        title=_("Ask for an adjustment"),
        run=lambda d: services.adjustment_request(
            actor=request.user, task=task, **{**d, "new_value": d["new_value"] or ""}
        ),
        success=_("The adjustment was asked for: the Department of Science and Technology decides."),
    )


@guarded_by(task_part_policy)
@login_required
def adjustment_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    adjustment = selectors.adjustment_get(user=request.user, pk=pk)
    task_part_policy.require(request.user, "manage", adjustment)
    form = f.AdjustmentDecideForm(
        request.POST or None, request.FILES or None, initial={"issuer": adjustment.approver}
    )
    if adjustment.approver == Issuer.DOST and not task_policy.can(request.user, "decide", adjustment.task):
        form.fields["issuer"].help_text = _(
            "This change is approved by the Department: its leader takes the decision; a specialist "
            "may refuse a request with its reason."
        )

    def run(d: dict[str, Any]) -> Any:
        decision = form.decision() if d.get("number") and d.get("signed_on") else None
        return services.adjustment_decide(
            actor=request.user,
            adjustment=adjustment,
            approve=d["approve"],
            decision=decision,
            note=d.get("note", ""),
        )

    return _simple_page(
        request,
        adjustment.task,
        form=form,
        title=_("Decide the adjustment: %(kind)s") % {"kind": adjustment.get_kind_display()},
        run=run,
        success=_("The decision on the adjustment was recorded."),
    )


@guarded_by(task_policy)
@login_required
def registration_form(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    task_policy.require(request.user, "act", task)
    return _simple_page(
        request,
        task,
        form=f.RegistrationForm(request.POST or None, initial=task.registration or None),
        title=_("Registration sheet of the results (Form 5)"),
        run=lambda d: services.registration_submit(actor=request.user, task=task, data=d),
        success=_("The registration sheet was submitted."),
        back=reverse("research:task_detail", args=[task.pk]),
    )


@guarded_by(task_policy)
@login_required
def application_report_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    task_policy.require(request.user, "act", task)
    return _simple_page(
        request,
        task,
        form=f.ApplicationReportForm(request.POST or None),
        title=_("Report on the application of results (Form 12)"),
        run=lambda d: services.application_report_submit(actor=request.user, task=task, **d),
        success=_("The report on the application of results was submitted."),
    )


# --- Progress reports ------------------------------------------------------------------------------


@guarded_by(task_part_policy)
@login_required
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    editable = task_part_policy.can(request.user, "act", report) and report.status in (
        ReportStatus.DRAFT,
        ReportStatus.RETURNED,
    )
    initial = {k: getattr(report, k) for k in services.REPORT_FIELDS} | {"version": report.version}
    form = f.ReportForm(request.POST or None, initial=initial) if editable else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            report = services.report_save(actor=request.user, report=report, version=version, **data)
            if request.POST.get("submit"):
                PROGRESS_WORKFLOW.apply("submit", actor=request.user, obj=report)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The progress report was submitted.")
                if request.POST.get("submit")
                else _("The report was saved."),
            )
            return redirect("research:report_detail", pk=report.pk)
    returned = next(
        (
            row.event.note
            for row in history_for(report, limit=20)
            if row.event.action == "research.progress.return"
        ),
        "",
    )
    return render(
        request,
        "research/report_detail.html",
        {
            "report": report,
            "task": report.task,
            "form": form,
            "steps": [t for t in PROGRESS_WORKFLOW.available(request.user, report) if t.action == "manage"],
            "returned_note": returned if report.status == ReportStatus.RETURNED else "",
        },
    )


@guarded_by(task_part_policy)
@login_required
@require_POST
def report_step(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    try:
        step = PROGRESS_WORKFLOW.get(name)
        PROGRESS_WORKFLOW.apply(name, actor=request.user, obj=report, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(step.success or step.label))
    return redirect("research:report_detail", pk=report.pk)


# --- The public list -------------------------------------------------------------------------------

PUBLIC_STATES = (
    TaskState.CALL_OPEN,
    TaskState.IN_PROGRESS,
    TaskState.CONTRACTED,
    TaskState.IN_ACCEPTANCE,
    TaskState.ACCEPTED,
    TaskState.RECOGNISED,
    TaskState.LIQUIDATED,
    TaskState.REGISTERED,
    TaskState.CLOSED,
)


@public
def public_list(request: Any) -> HttpResponse:
    """The public list of ongoing and finished tasks, and the calls for applications open now,
    as provinces publish them; no account needed, no budgets of ongoing tasks' internals."""
    tab = request.GET.get("tab", "tasks")
    tasks = (
        task_policy.visible(request.user, Task.objects.filter(published=True, state__in=PUBLIC_STATES))
        .select_related("host")
        .prefetch_related("fields")
        .order_by("-ordered_on", "code")
    )
    state = request.GET.get("state", "")
    if state == "ongoing":
        tasks = tasks.filter(state__in=(TaskState.CONTRACTED, TaskState.IN_PROGRESS, TaskState.IN_ACCEPTANCE))
    elif state == "finished":
        tasks = tasks.filter(
            state__in=(
                TaskState.ACCEPTED,
                TaskState.RECOGNISED,
                TaskState.LIQUIDATED,
                TaskState.REGISTERED,
                TaskState.CLOSED,
            )
        )
    return render(
        request,
        "research/public_list.html",
        {
            "page": paginate(request, tasks),
            "query": querystring_without(request, "page"),
            "state": state,
            "tab": tab,
            "calls": selectors.calls_for_applications(user=request.user),
        },
    )


@public
def public_task(request: Any, pk: int) -> HttpResponse:
    """A task of the public list: what provinces publish (no budget to anonymous readers)."""
    task = get_object_or_404(
        task_policy.visible(request.user, Task.objects.filter(published=True, state__in=(*PUBLIC_STATES,)))
        .select_related("host")
        .prefetch_related("fields"),
        pk=pk,
    )
    return render(request, "research/public_task.html", {"task": task})


@guarded_by(task_policy)
@login_required
def task_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The DOST corrects a task (audited; a stale version is refused)."""
    from khcn.classifications.models import Term

    task = selectors.task_for_page(user=request.user, pk=pk)
    task_policy.require(request.user, "manage", task)
    items = list(task.plan_items.all())
    initial = {
        "version": task.version,
        "title": task.title,
        "type": task.type,
        "host_name": task.host_label,
        "investigator": task.investigator,
        "published": task.published,
        "terms": list(task.fields.all()),
        "priorities": list(Term.objects.filter(plan_item__in=items)),
    }
    form = f.TaskEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        terms, priorities = data.pop("terms"), data.pop("priorities")
        if task.host_id and data.get("host_name") == task.host_label:
            data.pop("host_name")
        try:
            services.task_edit(
                actor=request.user,
                task=task,
                version=version,
                fields=terms,
                plan_items=[t.plan_item for t in priorities],
                **data,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The task was corrected."))
            return redirect("research:task_detail", pk=task.pk)
    return render(
        request,
        "research/task_form.html",
        {"task": task, "form": form, "title": _("Correct the task"), "multipart": False},
    )


@guarded_by(task_policy)
@login_required
@require_POST
def task_file_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_page(user=request.user, pk=pk)
    form = f.TaskFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the part of the dossier and a file."))
    else:
        try:
            services.task_file_add(
                actor=request.user, task=task, part=form.cleaned_data["part"], file=form.cleaned_data["file"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The file was attached."))
    return redirect(f"{reverse('research:task_detail', args=[task.pk])}?tab=progress")


@guarded_by(task_policy)
@login_required
def task_file(request: AuthenticatedRequest, pk: int, file_pk: int) -> HttpResponse:
    """A file of the acceptance dossier: to the DOST and the host's account."""
    from khcn.research.models import TaskFile

    task = _insider_task(request, pk)
    stored = get_object_or_404(TaskFile, task=task, pk=file_pk)
    return stored_file_response(stored.file, stored.name, "application/octet-stream")
