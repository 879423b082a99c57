"""Calls for proposals, proposals (written, corrected while a draft or returned), handing the
screened ones to an identification council, and the council's vote coming back (registered
with ``khcn.councils.registry`` as ``research.proposal``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry as audit
from khcn.audit.services import diff, record, snapshot
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, fold
from khcn.organizations.models import Organization
from khcn.research.choices import ProposalStatus
from khcn.research.models import Call, Proposal
from khcn.research.permissions import call_policy, proposal_policy

CALL_CREATED = audit.register("research.call.created", gettext_lazy("Call for proposals created"))
CALL_EDITED = audit.register("research.call.edited", gettext_lazy("Call for proposals corrected"))
PROPOSAL_CREATED = audit.register("research.proposal.created", gettext_lazy("Proposal written"))
PROPOSAL_EDITED = audit.register("research.proposal.edited", gettext_lazy("Proposal corrected"))
PROPOSAL_TO_COUNCIL = audit.register(
    "research.proposal.to_council", gettext_lazy("Handed to the identification council")
)
PROPOSAL_VOTED = audit.register("research.proposal.voted", gettext_lazy("Identification council's vote"))

audit.describe(Proposal, values={"status": dict(ProposalStatus.choices)})

EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
TEXT_FIELDS = ("urgency", "objectives", "expected_results", "users")
CALL_FIELDS = ("title", "year", "opens_on", "closes_on", "description")
PROPOSAL_FIELDS = ("title", "organization_name", *TEXT_FIELDS, "duration_months", "budget")
MAX_BUDGET = 1_000_000_000_000  # VND: a bound against typing errors (one thousand billion)


def _call_values(values: dict[str, Any]) -> dict[str, Any]:
    title = clean(values.get("title", ""))
    if not title:
        raise DomainError(_("The call needs a title."), code="no_title")
    opens_on, closes_on = values.get("opens_on"), values.get("closes_on")
    if not isinstance(opens_on, dt.date) or not isinstance(closes_on, dt.date):
        raise DomainError(_("Enter the dates the call opens and closes."), code="no_window")
    if closes_on < opens_on:
        raise DomainError(_("The call cannot close before it opens."), code="bad_window")
    return {**values, "title": title, "description": (values.get("description") or "").strip()}


@transaction.atomic
def call_create(*, actor: User, organization: Organization, **values: Any) -> Call:
    call_policy.require(actor, "manage")
    call = Call.objects.create(organization=organization, **_call_values(values))
    record(actor=actor, action=CALL_CREATED, target=call, changes={"title": [None, call.title]})
    return call


@transaction.atomic
def call_edit(*, actor: User, call: Call, version: int | None = None, **values: Any) -> Call:
    """Correct a call (its title, year, window, description); audited field by field."""
    call_policy.require(actor, "manage", call)
    locked = Call.objects.select_for_update().get(pk=call.pk)
    check_version(locked, version, _("Someone changed the call meanwhile; check it and try again."))
    before = snapshot(locked, CALL_FIELDS)
    for key, value in _call_values(values).items():
        setattr(locked, key, value)
    locked.save()
    changes = diff(before, snapshot(locked, CALL_FIELDS))
    if changes:
        record(actor=actor, action=CALL_EDITED, target=locked, changes=changes)
    return locked


def _proposal_values(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    out["title"] = clean(values.get("title", ""))
    if not out["title"]:
        raise DomainError(_("Name the proposed task."), code="no_title")
    out["organization_name"] = clean(values.get("organization_name", ""))
    for name in TEXT_FIELDS:
        out[name] = (values.get(name) or "").strip()
    budget = values.get("budget")
    if budget is not None and not (0 <= int(budget) <= MAX_BUDGET):
        raise DomainError(_("Enter the estimated budget in VND, from 0."), code="bad_budget")
    months = values.get("duration_months")
    if months is not None and not (1 <= int(months) <= 120):
        raise DomainError(_("Enter a duration from 1 to 120 months."), code="bad_duration")
    return out


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    call: Call,
    organization: Organization | None = None,
    fields: Iterable[Any] = (),
    **values: Any,
) -> Proposal:
    """A proposal written by ``actor`` (an applicant, an agency, the DOST) for ``call``; a draft
    until submitted."""
    proposal_policy.require(actor, "propose")
    unknown = set(values) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    data = _proposal_values(values)
    proposal = Proposal.objects.create(
        call=call, proposer=actor, organization=organization, title_folded=fold(data["title"])[:500], **data
    )
    proposal.fields.set(list(fields))
    record(actor=actor, action=PROPOSAL_CREATED, target=proposal, changes={"title": [None, proposal.title]})
    return proposal


@transaction.atomic
def proposal_edit(
    *,
    actor: User,
    proposal: Proposal,
    version: int | None = None,
    fields: Iterable[Any] | None = None,
    **values: Any,
) -> Proposal:
    """Correct a proposal while it is a draft or returned for completion (the proposer)."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    proposal_policy.require(actor, "edit", locked)
    if locked.status not in EDITABLE:
        raise DomainError(
            _("A submitted proposal is corrected only when the DOST returns it."), code="not_editable"
        )
    check_version(locked, version, _("The proposal was changed meanwhile; check it and save again."))
    unknown = set(values) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    before = snapshot(locked, PROPOSAL_FIELDS)
    before_fields = sorted(locked.fields.values_list("code", flat=True))
    for key, value in _proposal_values({**snapshot(locked, PROPOSAL_FIELDS), **values}).items():
        setattr(locked, key, value)
    locked.title_folded = fold(locked.title)[:500]
    locked.save()
    if fields is not None:
        locked.fields.set(list(fields))
    changes = diff(before, snapshot(locked, PROPOSAL_FIELDS))
    after_fields = sorted(locked.fields.values_list("code", flat=True))
    if after_fields != before_fields:
        changes["fields"] = [", ".join(before_fields), ", ".join(after_fields)]
    if changes:
        record(actor=actor, action=PROPOSAL_EDITED, target=locked, changes=changes)
    return locked


@transaction.atomic
def proposals_to_council(*, actor: User, council: Any, proposals: Iterable[Proposal]) -> int:
    """Hand screened proposals to an identification council (as its items); they then wait for
    its vote. Refused for a proposal not accepted for the council, or a council of another kind."""
    from khcn.councils import services as councils
    from khcn.councils.choices import CouncilKind

    proposal_policy.require(actor, "review")
    if council.kind != CouncilKind.IDENTIFICATION:
        raise DomainError(_("Proposals go to an identification council."), code="wrong_council")
    count = 0
    for proposal in proposals:
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.SCREENED:
            raise DomainError(
                _("“%(title)s” is not accepted for the identification council.") % {"title": locked.title},
                code="not_screened",
            )
        councils.item_add(actor=actor, council=council, subject=SUBJECT, subject_id=str(locked.pk))
        locked.status = ProposalStatus.IN_COUNCIL
        locked.save(update_fields=["status"])
        record(
            actor=actor,
            action=PROPOSAL_TO_COUNCIL,
            target=locked,
            changes={"status": [ProposalStatus.SCREENED, ProposalStatus.IN_COUNCIL]},
            note=council.name,
        )
        count += 1
    return count


# --- What the councils see of a proposal, and their vote coming back --------------------------

SUBJECT = "research.proposal"


def council_title(pk: str) -> str:
    proposal = Proposal.objects.get(pk=int(pk))
    return f"{proposal.title} ({proposal.proposed_by})"


def council_parties(pk: str) -> dict[str, list[Any]]:
    proposal = Proposal.objects.select_related("organization", "proposer").get(pk=int(pk))
    return {
        "organizations": [proposal.organization_id] if proposal.organization_id else [],
        "organization_names": [proposal.organization_name] if proposal.organization_name else [],
        "people": [proposal.proposer.full_name],
    }


def council_voted(pk: str, outcome: dict[str, Any]) -> None:
    """The identification council's vote: on the ordering list when it passed."""
    locked = Proposal.objects.select_for_update().filter(pk=int(pk)).first()
    if locked is None or locked.status != ProposalStatus.IN_COUNCIL:
        return
    target = ProposalStatus.ORDERED if outcome.get("passed") else ProposalStatus.NOT_ORDERED
    locked.status = target
    locked.save(update_fields=["status"])
    record(
        actor=None,
        action=PROPOSAL_VOTED,
        target=locked,
        changes={"status": [ProposalStatus.IN_COUNCIL, target]},
        note="; ".join(str(r) for r in outcome.get("reasons", [])),
    )
