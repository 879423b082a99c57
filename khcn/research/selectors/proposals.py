"""Reads of the S&T tasks app, each restricted by the policies: calls, proposals (the DOST's
list by call and status, a proposer's own), one proposal with the steps its reader may take and
the similar proposals (the duplication check), the home blocks."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khcn.accounts.models import User
from khcn.research.choices import ProposalStatus
from khcn.research.models import Call, Proposal
from khcn.research.permissions import call_policy, proposal_policy

if TYPE_CHECKING:
    from khcn.research.duplication import Similar


def call_list(*, user: User) -> QuerySet[Call]:
    return (
        call_policy.visible(user, Call.objects.select_related("organization"))
        .annotate(proposal_count=Count("proposals"))
        .order_by("-opens_on", "title")
    )


def call_get(*, user: User, pk: int) -> Call:
    return get_object_or_404(call_list(user=user), pk=pk)


def open_calls(*, user: User) -> QuerySet[Call]:
    today = timezone.localdate()
    return call_list(user=user).filter(opens_on__lte=today, closes_on__gte=today)


def proposal_list(*, user: User, call: int | None = None, status: str = "") -> QuerySet[Proposal]:
    qs = proposal_policy.visible(
        user, Proposal.objects.select_related("call", "organization", "proposer").prefetch_related("fields")
    )
    if call:
        qs = qs.filter(call_id=call)
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "pk")


def proposal_get(*, user: User, pk: int) -> Proposal:
    return get_object_or_404(proposal_list(user=user), pk=pk)


def similar_proposals(proposal: Proposal, *, limit: int = 5) -> list[tuple[Proposal, float, list[str]]]:
    """The proposals most like this one in every call (the duplication check): (proposal, score
    0–1, the terms they share), best first. Read by the DOST only (the view asks the policy)."""
    from khcn.research.similarity import SimilarityIndex

    others = list(
        Proposal.objects.exclude(pk=proposal.pk)
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("call")
        .only("pk", "title", "objectives", "status", "call__year", "call__title")
    )
    if not others:
        return []
    index = SimilarityIndex.build([(p.pk, p.title, p.objectives) for p in others])
    by_pk = {p.pk: p for p in others}
    return [
        (by_pk[hit.id], hit.score, list(hit.terms))
        for hit in index.query(proposal.title, proposal.objectives, k=limit)
        if hit.id in by_pk
    ]


def similar_work(proposal: Proposal, *, limit: int = 8) -> list[Similar]:
    """The past and ongoing tasks and the other proposals most like this one, best first (the
    duplication check, ``khcn.research.duplication``: the tasks' index is kept by a background
    job, the page only queries it). Read by the DOST only (the view asks the policy)."""
    from khcn.research.duplication import similar

    return similar(proposal, limit=limit)


def ordered_proposals(call: Call) -> QuerySet[Proposal]:
    """The call's proposals the identification council put on the ordering list."""
    return (
        call.proposals.filter(status=ProposalStatus.ORDERED)
        .select_related("organization", "proposer")
        .order_by("pk")
    )


# --- Home blocks ----------------------------------------------------------------------------------


def home_proposer(*, user: User) -> dict[str, Any] | None:
    """The proposer's own proposals (drafts and returned first) and the calls open now."""
    if proposal_policy.is_dost(user) or not proposal_policy.can(user, "propose"):
        return None
    mine = list(
        proposal_policy.visible(user, Proposal.objects.filter(proposer=user))
        .only("pk", "title", "status")
        .order_by("-created_at", "pk")[:20]
    )
    today = timezone.localdate()
    calls = list(
        call_policy.visible(user, Call.objects.filter(opens_on__lte=today, closes_on__gte=today))
        .only("pk", "title")
        .order_by("closes_on", "pk")[:5]
    )
    if not mine and not calls:
        return None
    mine.sort(key=lambda p: (p.status not in (ProposalStatus.DRAFT, ProposalStatus.RETURNED), -p.pk))
    return {"proposals": mine, "calls": calls}


def home_dost(*, user: User) -> dict[str, Any] | None:
    """Proposals by status for the DOST: the submitted ones wait for screening."""
    if not proposal_policy.can(user, "review"):
        return None
    counts = Counter(
        proposal_policy.visible(user, Proposal.objects.all(), "review").values_list("status", flat=True)
    )
    if not counts:
        return None
    return {
        "counts": [(s, label, counts.get(s, 0)) for s, label in ProposalStatus.choices if counts.get(s)],
        "waiting": counts.get(ProposalStatus.SUBMITTED, 0),
    }
