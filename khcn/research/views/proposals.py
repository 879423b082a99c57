"""Pages of the S&T tasks app: calls for proposals, proposals (write, correct, submit; the
DOST screens them with the duplication check and hands them to an identification council).
Thin: parse input, ask the policies, call selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from khcn.accounts.roles import organizations_of
from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without
from khcn.exports.responses import dated_filename, xlsx_response
from khcn.exports.xlsx import table_to_xlsx
from khcn.research import selectors, services
from khcn.research.choices import ProposalStatus
from khcn.research.forms import CallForm, ProposalForm, SendForm
from khcn.research.models import Proposal
from khcn.research.permissions import call_policy, proposal_policy
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
            "similar": selectors.similar_work(proposal) if can_review else [],
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
