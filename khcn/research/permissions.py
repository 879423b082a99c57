"""Who may see and do what with calls for proposals and proposals.

Calls (``call_policy``):
- ``view``: anyone with a role (a call is announced; the applicants read it);
- ``manage`` (create, correct): the DOST.

Proposals (``proposal_policy``):
- ``browse`` (the menu) and ``propose``: the DOST, applicants, agency reporters and leaders;
- ``view``: the proposer their own; the DOST every proposal once submitted (a draft is the
  proposer's own business);
- ``edit`` and ``submit`` (also withdraw): the proposer, their own;
- ``review`` (return, accept for the council, refuse, hand to the council): the DOST.
An applicant asking for another's proposal gets 404: ``visible`` hides it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from khcn.accounts.choices import Role
from khcn.accounts.permissions import RolePolicy
from khcn.accounts.roles import roles_of
from khcn.research.choices import ProposalStatus
from khcn.research.models import Task

DRAFT = ProposalStatus.DRAFT
PROPOSERS = (Role.APPLICANT, Role.AGENCY_REPORTER, Role.AGENCY_LEADER, Role.DOST_SPECIALIST, Role.DOST_LEADER)


class CallPolicy(RolePolicy):
    actions = ("view", "manage")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if self.is_dost(user) or self.is_sysadmin(user):
            return True
        return action == "view" and bool(roles_of(user))

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        return qs if self.can(user, action) else qs.none()


class ProposalPolicy(RolePolicy):
    actions = ("view", "browse", "propose", "edit", "submit", "review")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if obj is None:
            if action == "review":
                return dost
            return dost or self.has_role(user, *PROPOSERS)
        own = getattr(obj, "proposer_id", None) == user.pk
        if action in ("edit", "submit"):
            return own
        seen_by_dost = dost and (own or getattr(obj, "status", "") != DRAFT)
        if action == "review":
            return seen_by_dost
        return own or seen_by_dost  # view, browse, propose

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return qs.none()
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if action in ("edit", "submit"):
            return qs.filter(proposer=user)
        if dost:
            return qs.filter(Q(proposer=user) | ~Q(status=DRAFT))
        return qs.none() if action == "review" else qs.filter(proposer=user)


class TaskPolicy(RolePolicy):
    """S&T tasks.

    - ``view``: the DOST every task; the host's account (``owner``) its own; anyone, signed in
      or not, the tasks on the public list (as provinces publish them);
    - ``manage`` (the ordering list, calls for selection, decisions, contracts, payments,
      reviewing reports and adjustments, acceptance, registration): the DOST;
    - ``act`` (what the host does: revised description, progress reports, adjustments asked
      for, the acceptance dossier, Form 5 and Form 12): the host's account, its own tasks.
    """

    actions = ("view", "manage", "act")

    def anonymous_can(self, action: str, obj: Model | None) -> bool:
        """Anonymous callers (and inactive accounts) read the public list."""
        return action == "view" and (obj is None or bool(getattr(obj, "published", False)))

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if action == "manage":
            return dost
        if obj is None:
            return dost or action == "view" or self.has_role(user, *PROPOSERS)
        own = getattr(obj, "owner_id", None) == user.pk
        if action == "act":
            return own
        return dost or own or bool(getattr(obj, "published", False))

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        active = getattr(user, "is_authenticated", False) and user.is_active
        dost = active and (self.is_dost(user) or self.is_sysadmin(user))
        if action == "manage":
            return qs if dost else qs.none()
        if action == "act":
            return qs.filter(owner=user) if active else qs.none()
        if dost:
            return qs
        if active:
            return qs.filter(Q(published=True) | Q(owner=user))
        return qs.filter(published=True)


class ApplicationPolicy(RolePolicy):
    """Applications to host a task.

    - ``apply`` (write, correct, submit, withdraw one's own): applicants, agencies and the DOST;
    - ``view``: the applicant their own; the DOST every application once submitted;
    - ``review`` (the validity checklist, to the council): the DOST.
    Another applicant's application is invisible (404), in lists and exports too.
    """

    actions = ("view", "apply", "review")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if obj is None:
            return dost if action == "review" else (dost or self.has_role(user, *PROPOSERS))
        own = getattr(obj, "applicant_id", None) == user.pk
        if action == "apply":
            return own
        seen_by_dost = dost and (own or getattr(obj, "status", "") != DRAFT)
        if action == "review":
            return seen_by_dost
        return own or seen_by_dost

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return qs.none()
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if action == "apply":
            return qs.filter(applicant=user)
        if dost:
            return qs.filter(Q(applicant=user) | ~Q(status=DRAFT))
        return qs.none() if action == "review" else qs.filter(applicant=user)


class TaskPartPolicy(RolePolicy):
    """What belongs to one task (progress reports, adjustments): the task's policy decides,
    on the task. ``view`` is narrower than the task's: the DOST and the host only."""

    actions = ("view", "manage", "act")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        task = getattr(obj, "task", None)
        if task is None:
            return task_policy.can(user, action)
        if action == "view":
            return task_policy.can(user, "manage", task) or task_policy.can(user, "act", task)
        return task_policy.can(user, action, task)

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if action == "view":
            dost = task_policy.visible(user, Task.objects.all(), "manage")
            own = task_policy.visible(user, Task.objects.all(), "act")
            return qs.filter(Q(task__in=dost) | Q(task__in=own))
        return qs.filter(task__in=task_policy.visible(user, Task.objects.all(), action))


call_policy = CallPolicy()
task_policy = TaskPolicy()
proposal_policy = ProposalPolicy()
application_policy = ApplicationPolicy()
task_part_policy = TaskPartPolicy()
