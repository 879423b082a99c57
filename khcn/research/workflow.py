"""A proposal's life: draft → submitted (within the call's window, complete) → returned for
completion / accepted for the identification council / not accepted → before the council →
on the ordering list or not selected (the council's vote, handed back through
``khcn.councils.registry``). The proposer may withdraw it until the council has it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.core.workflow import Transition, Workflow
from khcn.research.choices import ProposalStatus as S
from khcn.research.models import Proposal
from khcn.research.permissions import proposal_policy


def complete(proposal: Proposal, actor: Any = None) -> str | None:
    """What a proposal lacks before it can be submitted, and whether the call is open."""
    today = timezone.localdate()
    if not proposal.call.is_open(today):
        return _("The call is not open: proposals are received from %(start)s to %(end)s.") % {
            "start": proposal.call.opens_on.strftime("%d/%m/%Y"),
            "end": proposal.call.closes_on.strftime("%d/%m/%Y"),
        }
    missing = [
        str(label)
        for name, label in (
            ("urgency", gettext_lazy("why it is needed")),
            ("objectives", gettext_lazy("objectives")),
            ("expected_results", gettext_lazy("expected results and products")),
        )
        if not getattr(proposal, name).strip()
    ]
    if not proposal.fields.exists():
        missing.append(str(gettext_lazy("fields")))
    if missing:
        return _("Complete the proposal before submitting it: %(list)s.") % {"list": ", ".join(missing)}
    return None


PROPOSAL_WORKFLOW = Workflow(
    model=Proposal,
    policy=proposal_policy,
    audit_prefix="research.proposal",
    transitions=[
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            "submit",
            gettext_lazy("Submit the proposal"),
            check=complete,
            confirm=gettext_lazy("Submit the proposal to the Department of Science and Technology?"),
            success=gettext_lazy("The proposal was submitted."),
        ),
        Transition(
            "return",
            (S.SUBMITTED,),
            S.RETURNED,
            "review",
            gettext_lazy("Return for completion"),
            note_required=True,
            success=gettext_lazy("The proposal was returned to its proposer."),
        ),
        Transition(
            "screen",
            (S.SUBMITTED,),
            S.SCREENED,
            "review",
            gettext_lazy("Accept for the identification council"),
            success=gettext_lazy("The proposal goes to the identification council."),
        ),
        Transition(
            "reject",
            (S.SUBMITTED,),
            S.REJECTED,
            "review",
            gettext_lazy("Do not accept"),
            note_required=True,
            success=gettext_lazy("The proposal was not accepted."),
        ),
        Transition(
            "withdraw",
            (S.DRAFT, S.SUBMITTED, S.RETURNED),
            S.WITHDRAWN,
            "submit",
            gettext_lazy("Withdraw the proposal"),
            confirm=gettext_lazy("Withdraw the proposal? It will no longer be considered."),
            success=gettext_lazy("The proposal was withdrawn."),
        ),
    ],
)
