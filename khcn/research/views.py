"""Pages of the S&T tasks app: calls for proposals, proposals (write, correct, submit; the
DOST screens them with the duplication check and hands them to an identification council).
Thin: parse input, ask the policies, call selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from khcn.accounts.roles import organizations_of
from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without
from khcn.exports.responses import dated_filename, file_response, xlsx_response
from khcn.exports.xlsx import table_to_xlsx
from khcn.research import selectors, services
from khcn.research.choices import ProposalStatus, Regime, TaskState
from khcn.research.forms import CallForm, OrderListForm, OrderMethodsForm, ProposalForm, SendForm
from khcn.research.models import OrderList, Proposal
from khcn.research.permissions import call_policy, proposal_policy, task_policy
from khcn.research.workflow import PROPOSAL_WORKFLOW

# --- Calls ------------------------------------------------------------------------------------------


@guarded_by(call_policy)
@login_required
def call_list(request: AuthenticatedRequest) -> HttpResponse:
    call_policy.require(request.user, "view")
    return render(
        request,
        "research/call_list.html",
        {
            "calls": selectors.call_list(user=request.user),
            "can_manage": call_policy.can(request.user, "manage"),
            "can_propose": proposal_policy.can(request.user, "propose"),
        },
    )


@guarded_by(call_policy)
@login_required
def call_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """A new call, or a correction of one (the DOST)."""
    call = selectors.call_get(user=request.user, pk=pk) if pk else None
    call_policy.require(request.user, "manage", call)
    initial = (
        {
            "title": call.title,
            "year": call.year,
            "opens_on": call.opens_on,
            "closes_on": call.closes_on,
            "description": call.description,
            "version": call.version,
        }
        if call
        else {}
    )
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            if call is None:
                own = organizations_of(request.user)
                if not own:
                    raise DomainError(_("Your account belongs to no agency."), code="no_agency")
                call = services.call_create(actor=request.user, organization=own[0], **data)
            else:
                call = services.call_edit(actor=request.user, call=call, version=version, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call was saved."))
            return redirect("research:call_list")
    return render(request, "research/call_form.html", {"form": form, "call": call})


# --- Proposals --------------------------------------------------------------------------------------


def _proposals(request: AuthenticatedRequest) -> Any:
    call = request.GET.get("call", "")
    return selectors.proposal_list(
        user=request.user, call=int(call) if call.isdigit() else None, status=request.GET.get("status", "")
    )


@guarded_by(proposal_policy)
@login_required
def proposal_list(request: AuthenticatedRequest) -> HttpResponse:
    proposal_policy.require(request.user, "browse")
    return render(
        request,
        "research/proposal_list.html",
        {
            "page": paginate(request, _proposals(request)),
            "query": querystring_without(request, "page"),
            "status": request.GET.get("status", ""),
            "statuses": ProposalStatus.choices,
            "calls": selectors.call_list(user=request.user),
            "call": request.GET.get("call", ""),
            "can_review": proposal_policy.can(request.user, "review"),
        },
    )


@guarded_by(proposal_policy)
@login_required
def proposal_export(request: AuthenticatedRequest) -> HttpResponse:
    proposal_policy.require(request.user, "browse")
    rows = [
        [
            n,
            p.title,
            p.proposed_by,
            "; ".join(f"{t.code} {t.name}" for t in p.fields.all()),
            p.call.title,
            p.duration_months,
            p.budget,
            p.get_status_display(),
            p.submitted_at.date() if p.submitted_at else None,
        ]
        for n, p in enumerate(_proposals(request)[:20000], start=1)
    ]
    data = table_to_xlsx(
        title=_("Proposals of S&T tasks"),
        headers=[
            _("No."),
            _("Proposed task"),
            _("Proposed by"),
            _("Fields"),
            _("Call"),
            _("Duration (months)"),
            _("Estimated budget (VND)"),
            _("Status"),
            _("Submitted on"),
        ],
        rows=rows,
        sheet_name=_("Proposals of S&T tasks"),
        money_columns=(6,),
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "proposals"), "xlsx"))


@guarded_by(proposal_policy, call_policy)
@login_required
def proposal_create(request: AuthenticatedRequest, call_pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=call_pk)
    proposal_policy.require(request.user, "propose")
    own = organizations_of(request.user)
    form = ProposalForm(request.POST or None, initial={"organization_name": own[0].name if own else ""})
    if request.method == "POST" and form.is_valid():
        values = form.values()
        organization = next((o for o in own if o.name == values.get("organization_name")), None)
        if organization is not None:
            values["organization_name"] = ""
        try:
            proposal = services.proposal_create(
                actor=request.user,
                call=call,
                organization=organization,
                fields=form.cleaned_data["terms"],
                **values,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The proposal was saved as a draft: check it, then submit it."))
            return redirect("research:proposal_detail", pk=proposal.pk)
    return render(request, "research/proposal_form.html", {"form": form, "call": call, "proposal": None})


@guarded_by(proposal_policy)
@login_required
def proposal_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    proposal_policy.require(request.user, "edit", proposal)
    initial = {
        "version": proposal.version,
        "title": proposal.title,
        "organization_name": proposal.proposed_by if proposal.organization_id else proposal.organization_name,
        "terms": list(proposal.fields.all()),
        **{name: getattr(proposal, name) for name in (*services.TEXT_FIELDS, "duration_months", "budget")},
    }
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if proposal.organization_id and values.get("organization_name") == proposal.proposed_by:
            values["organization_name"] = ""
        try:
            services.proposal_edit(
                actor=request.user,
                proposal=proposal,
                version=form.cleaned_data["version"],
                fields=form.cleaned_data["terms"],
                **values,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The proposal was saved."))
            return redirect("research:proposal_detail", pk=proposal.pk)
    return render(
        request, "research/proposal_form.html", {"form": form, "call": proposal.call, "proposal": proposal}
    )


@guarded_by(proposal_policy)
@login_required
def proposal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    can_review = proposal_policy.can(request.user, "review", proposal)
    return render(
        request,
        "research/proposal_detail.html",
        {
            "proposal": proposal,
            "steps": PROPOSAL_WORKFLOW.available(request.user, proposal),
            "can_edit": proposal_policy.can(request.user, "edit", proposal)
            and proposal.status in services.EDITABLE,
            "similar": selectors.similar_proposals(proposal) if can_review else [],
            "can_review": can_review,
        },
    )


@guarded_by(proposal_policy)
@login_required
@require_POST
def proposal_step(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    try:
        step = PROPOSAL_WORKFLOW.get(name)
        PROPOSAL_WORKFLOW.apply(name, actor=request.user, obj=proposal, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(step.success or step.label))
    return redirect("research:proposal_detail", pk=proposal.pk)


@guarded_by(proposal_policy)
@login_required
def proposal_send(request: AuthenticatedRequest) -> HttpResponse:
    """The DOST hands the accepted proposals to an identification council."""
    from khcn.councils.choices import CouncilKind, CouncilStatus
    from khcn.councils.models import Council
    from khcn.councils.permissions import council_policy

    proposal_policy.require(request.user, "review")
    councils = council_policy.visible(
        request.user,
        Council.objects.filter(kind=CouncilKind.IDENTIFICATION).exclude(
            status__in=(CouncilStatus.IN_SESSION, CouncilStatus.CLOSED)
        ),
        "manage",
    ).order_by("name")
    screened = proposal_policy.visible(
        request.user, Proposal.objects.filter(status=ProposalStatus.SCREENED), "review"
    ).select_related("organization", "proposer")
    form = SendForm(request.POST or None, councils=councils, proposals=screened)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.proposals_to_council(
                actor=request.user,
                council=form.cleaned_data["council"],
                proposals=form.cleaned_data["proposals"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(count)s proposal(s) handed to the council.") % {"count": count})
            return redirect("councils:council_detail", pk=form.cleaned_data["council"].pk)
    return render(request, "research/proposal_send.html", {"form": form, "screened": screened})


# --- The ordering list and the register of tasks ----------------------------------------------------


@guarded_by(task_policy)
@login_required
def order_list(request: AuthenticatedRequest, call_pk: int) -> HttpResponse:
    """The DOST records the decision approving a call's ordering list: a task opens for each
    proposal the identification council put on it."""
    task_policy.require(request.user, "manage")
    call = selectors.call_get(user=request.user, pk=call_pk)
    existing = OrderList.objects.filter(call=call).first()
    proposals = list(selectors.ordered_proposals(call))
    form = OrderListForm(request.POST or None, request.FILES or None)
    choices = OrderMethodsForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and existing is None and form.is_valid() and choices.is_valid():
        methods, types = choices.choices_made()
        data = form.cleaned_data
        try:
            services.order_list_approve(
                actor=request.user,
                call=call,
                number=data["number"],
                decided_on=data["decided_on"],
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                methods=methods,
                types=types,
                file=data["file"] or None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The ordering list is approved: its tasks are in the register."))
            return redirect(f"{reverse('research:task_list')}?year={data['decided_on'].year}")
    return render(
        request,
        "research/order_list.html",
        {"call": call, "form": form, "choices": choices, "existing": existing, "proposals": proposals},
    )


@guarded_by(task_policy)
@login_required
def order_list_file(request: AuthenticatedRequest, call_pk: int) -> HttpResponse:
    task_policy.require(request.user, "manage")
    call = selectors.call_get(user=request.user, pk=call_pk)
    decision = get_object_or_404(OrderList, call=call)
    if not decision.file:
        raise Http404
    try:
        with decision.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    return file_response(data, decision.file_name or "quyet-dinh.pdf", "application/pdf")


def _tasks(request: AuthenticatedRequest) -> Any:
    get = request.GET
    return selectors.task_list(
        user=request.user,
        state=get.get("state", "") if get.get("state", "") in TaskState.values else "",
        regime=get.get("regime", "") if get.get("regime", "") in Regime.values else "",
        year=int(get["year"]) if get.get("year", "").isdigit() else None,
        field=int(get["field"]) if get.get("field", "").isdigit() else None,
    )


@guarded_by(task_policy)
@login_required
def task_list(request: AuthenticatedRequest) -> HttpResponse:
    """The register of S&T tasks, filtered by state, regime, year and field."""
    task_policy.require(request.user, "view")
    from khcn.classifications.selectors import field_terms

    return render(
        request,
        "research/task_list.html",
        {
            "page": paginate(request, _tasks(request)),
            "query": querystring_without(request, "page"),
            "states": TaskState.choices,
            "regimes": Regime.choices,
            "terms": field_terms(),
            "filters": request.GET,
        },
    )


@guarded_by(task_policy)
@login_required
def task_export(request: AuthenticatedRequest) -> HttpResponse:
    task_policy.require(request.user, "view")
    rows = [
        [
            t.code,
            t.title,
            t.get_type_display(),
            "; ".join(f"{f.code} {f.name}" for f in t.fields.all()),
            t.host_label,
            t.investigator,
            t.get_method_display(),
            t.get_regime_display(),
            t.get_state_display(),
            t.ordered_on,
            t.budget_state,
            t.budget_other,
        ]
        for t in _tasks(request)[:20000]
    ]
    data = table_to_xlsx(
        title=_("Register of S&T tasks"),
        headers=[
            _("Code"),
            _("Title"),
            _("Type"),
            _("Fields"),
            _("Host organisation"),
            _("Principal investigator"),
            _("How the host is chosen"),
            _("Regime"),
            _("State"),
            _("Ordered on"),
            _("State budget (VND)"),
            _("Other sources (VND)"),
        ],
        rows=rows,
        sheet_name=_("S&T tasks"),
        money_columns=(10, 11),
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "S&T tasks"), "xlsx"))


@guarded_by(task_policy)
@login_required
def task_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    return render(
        request,
        "research/task_detail.html",
        {"task": task, "can_manage": task_policy.can(request.user, "manage", task)},
    )
