"""The host's people on a task and what each signs (domain §1.2: the host organisation with its
principal investigator):

- the host's account (``Task.owner``, the selected applicant) or the DOST names the accounts of
  the principal investigator and of the host organisation's leader (``TaskMember``);
- the investigator does the work (``act``); the leader endorses what the organisation signs
  (``endorse``): an adjustment before the DOST decides it, the acceptance dossier (the
  ``submit_dossier`` step) and the Form 5 summary (the 2023 amendment of Circular 14/2014 has
  the host's leader confirm the registration data).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry as audit
from khcn.audit.services import record
from khcn.core.exceptions import DomainError
from khcn.core.text import clean
from khcn.research.choices import AdjustmentStatus, TaskRole, TaskState
from khcn.research.models import Adjustment, Task, TaskMember
from khcn.research.permissions import task_policy

MEMBER_NAMED = audit.register("research.task.member", gettext_lazy("Person acting for the host named"))
ADJUSTMENT_ENDORSED = audit.register(
    "research.adjustment.endorsed", gettext_lazy("Adjustment endorsed by the host's leader")
)
ADJUSTMENT_WITHDRAWN = audit.register("research.adjustment.withdrawn", gettext_lazy("Adjustment withdrawn"))
REGISTRATION_CONFIRMED = audit.register(
    "research.task.registration_confirmed", gettext_lazy("Registration data confirmed by the host's leader")
)
for _role, _label in TaskRole.choices:
    audit.register_field(f"member_{_role}", _label)


def account_by_email(email: str) -> User:
    """The one active account registered with ``email``, or a message saying what to do."""
    address = clean(email).lower()
    if not address or "@" not in address:
        raise DomainError(_("Enter the e-mail address of the person's account."), code="bad_email")
    found = list(User.objects.filter(email__iexact=address, is_active=True)[:2])
    if len(found) != 1:
        raise DomainError(
            _(
                "No single active account has the address %(email)s: ask the person to register "
                "(Register as an applicant) and confirm their e-mail first."
            )
            % {"email": address},
            code="no_account",
        )
    return found[0]


@transaction.atomic
def task_member_set(*, actor: User, task: Task, role: str, email: str) -> TaskMember:
    """Name (or replace) the account holding ``role`` on the task."""
    if role not in TaskRole.values:
        raise DomainError(_("Choose the role."), code="bad_role")
    locked = Task.objects.select_for_update().get(pk=task.pk)
    task_policy.require(actor, "staff", locked)
    if locked.owner_id is None:
        raise DomainError(_("The task has no host yet."), code="no_host")
    user = account_by_email(email)
    current = TaskMember.objects.filter(task=locked, role=role).select_related("user").first()
    before = current.user.email if current else None
    if current is not None and current.user_id == user.pk:
        return current
    TaskMember.objects.filter(task=locked, role=role).delete()
    member = TaskMember.objects.create(task=locked, user=user, role=role)
    record(
        actor=actor,
        action=MEMBER_NAMED,
        target=locked,
        changes={f"member_{role}": [before, user.email]},
    )
    return member


@transaction.atomic
def adjustment_endorse(*, actor: User, adjustment: Adjustment) -> Adjustment:
    """The host's leader endorses the adjustment its investigator asked for."""
    locked = Adjustment.objects.select_for_update().select_related("task").get(pk=adjustment.pk)
    task_policy.require(actor, "endorse", locked.task)
    if locked.status != AdjustmentStatus.REQUESTED or locked.endorsed_on is not None:
        raise DomainError(_("This adjustment is not waiting for the leader."), code="not_waiting")
    locked.endorsed_by, locked.endorsed_on = actor, timezone.localdate()
    locked.save(update_fields=["endorsed_by", "endorsed_on"])
    record(
        actor=actor,
        action=ADJUSTMENT_ENDORSED,
        target=locked,
        changes={"endorsed_on": [None, locked.endorsed_on.isoformat()]},
    )
    return locked


@transaction.atomic
def adjustment_withdraw(*, actor: User, adjustment: Adjustment, note: str = "") -> Adjustment:
    """The investigator or the leader withdraws a request not yet decided."""
    locked = Adjustment.objects.select_for_update().select_related("task").get(pk=adjustment.pk)
    if not (task_policy.can(actor, "act", locked.task) or task_policy.can(actor, "endorse", locked.task)):
        task_policy.require(actor, "act", locked.task)
    if locked.status != AdjustmentStatus.REQUESTED:
        raise DomainError(_("This adjustment is already decided."), code="already_decided")
    locked.status = AdjustmentStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    record(
        actor=actor,
        action=ADJUSTMENT_WITHDRAWN,
        target=locked,
        changes={"status": [AdjustmentStatus.REQUESTED, AdjustmentStatus.WITHDRAWN]},
        note=clean(note),
    )
    return locked


@transaction.atomic
def registration_confirm(*, actor: User, task: Task) -> Task:
    """The host's leader confirms the Form 5 data its investigator submitted; the DOST
    registers the results only once it is confirmed."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    task_policy.require(actor, "endorse", locked)
    if locked.state not in (TaskState.RECOGNISED, TaskState.LIQUIDATED):
        raise DomainError(_("The results are registered once they are recognised."), code="not_recognised")
    if not locked.registration.get("summary"):
        raise DomainError(
            _("The investigator has not submitted the registration sheet (Form 5)."), code="no_form"
        )
    if locked.registration.get("confirmed_on"):
        raise DomainError(_("The registration sheet is already confirmed."), code="already_confirmed")
    today = timezone.localdate().isoformat()
    locked.registration = {**locked.registration, "confirmed_on": today, "confirmed_by": actor.full_name}
    locked.save(update_fields=["registration"])
    record(
        actor=actor,
        action=REGISTRATION_CONFIRMED,
        target=locked,
        changes={"registration": [None, today]},
    )
    return locked
