"""Writes for difficulties (khó khăn, vướng mắc) an agency raises outside a period, and the
DOST's answers."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry
from khcn.audit.services import record
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean
from khcn.organizations.models import Organization
from khcn.plans.choices import DifficultyStatus
from khcn.plans.models import Difficulty, Plan, PlanItem
from khcn.plans.permissions import difficulty_policy
from khcn.plans.services.indexing import reindex_difficulties
from khcn.plans.services.progress import plan_data_changed

DIFFICULTY_RAISED = registry.register("plans.difficulty.raised", gettext_lazy("Difficulty raised"))
DIFFICULTY_ANSWERED = registry.register("plans.difficulty.answered", gettext_lazy("Difficulty answered"))


@transaction.atomic
def difficulty_raise(
    *,
    actor: User,
    plan: Plan,
    organization: Organization,
    text: str,
    proposal: str = "",
    item: PlanItem | None = None,
) -> Difficulty:
    """An agency reports a difficulty or obstacle to the DOST, at any time. Audited."""
    difficulty = Difficulty(plan=plan, organization=organization, item=item)
    difficulty_policy.require(actor, "raise", difficulty)
    text = clean(text)
    if not text:
        raise DomainError(_("Describe the difficulty or obstacle."), code="empty_difficulty")
    if item is not None and item.plan_id != plan.pk:
        raise DomainError(_("The item is not part of this plan."), code="foreign_item")
    difficulty.text = text
    difficulty.proposal = clean(proposal)
    difficulty.raised_by = actor
    difficulty.save()
    plan_data_changed(plan.pk)  # its difficulties are counted on the home pages
    reindex_difficulties(difficulty.pk)
    record(
        actor=actor,
        action=DIFFICULTY_RAISED,
        target=difficulty,
        changes={"text": [None, text], **({"proposal": [None, difficulty.proposal]} if proposal else {})},
    )
    return difficulty


@transaction.atomic
def difficulty_respond(
    *, actor: User, difficulty: Difficulty, response: str, version: int | None = None
) -> Difficulty:
    """The DOST answers a difficulty (again, if it needs to: the latest answer stands). An
    answer written from an older ``version`` (someone answered meanwhile) is refused. Audited."""
    locked = Difficulty.objects.select_for_update().get(pk=difficulty.pk)
    difficulty_policy.require(actor, "respond", locked)
    response = clean(response)
    if not response:
        raise DomainError(_("Write the response to the agency."), code="empty_response")
    check_version(
        locked,
        version,
        _("Someone else answered this difficulty while you were writing. Their answer is shown above."),
    )
    before = locked.response
    locked.response = response
    locked.status = DifficultyStatus.ANSWERED
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.save()
    plan_data_changed(locked.plan_id)
    reindex_difficulties(locked.pk)
    record(
        actor=actor,
        action=DIFFICULTY_ANSWERED,
        target=locked,
        changes={"response": [before or None, response]},
    )
    return locked
