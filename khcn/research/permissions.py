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
from khcn.research.choices import ProposalStatus, TaskRole
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


def _task_roles(user: Any, task: Model) -> set[str]:
    """The roles ``user`` holds on ``task`` (``TaskMember``), from the prefetched members when
    the page loaded them."""
    members = getattr(task, "members", None)
    if members is None:
        return set()
    return {m.role for m in members.all() if m.user_id == user.pk}


def _member_tasks(user: Any, *roles: str) -> QuerySet[Any]:
    from khcn.research.models import TaskMember

    return TaskMember.objects.filter(user=user, role__in=roles).values("task_id")


class TaskPolicy(RolePolicy):
    """S&T tasks.

    - ``view``: the DOST every task; the host's account (``owner``), its principal investigator
      and its leader (``TaskMember``) their own; anyone, signed in or not, the tasks on the
      public list (as provinces publish them);
    - ``manage`` (the ordering list, calls for selection, recording the People's Committee's
      decisions, contracts, payments, reviewing reports, acceptance, registration): the DOST;
    - ``decide`` (the decisions the Department itself issues where the province delegates them:
      the selection result, approval, suspension, termination, recognition, assets,
      adjustments): the DOST's leader only;
    - ``act`` (what the investigator does: revised description, progress reports, adjustments
      asked for, the acceptance dossier's files, Form 5 and Form 12): the host's account and the
      principal investigator;
    - ``endorse`` (what the host organisation signs: endorsing adjustments, submitting the
      acceptance dossier, confirming the Form 5 summary): the host's leader;
    - ``staff`` (naming the investigator's and the leader's accounts): the host's account and
      the DOST.
    """

    actions = ("view", "manage", "decide", "act", "endorse", "staff")

    def anonymous_can(self, action: str, obj: Model | None) -> bool:
        """Anonymous callers (and inactive accounts) read the public list."""
        return action == "view" and (obj is None or bool(getattr(obj, "published", False)))

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if action == "manage":
            return dost
        if action == "decide":
            return self.has_role(user, Role.DOST_LEADER)
        if obj is None:
            if action == "staff":
                return dost or self.has_role(user, *PROPOSERS)
            return dost or action == "view" or self.has_role(user, *PROPOSERS)
        own = getattr(obj, "owner_id", None) == user.pk
        roles = _task_roles(user, obj)
        if action == "act":
            return own or TaskRole.INVESTIGATOR in roles
        if action == "endorse":
            return TaskRole.LEADER in roles
        if action == "staff":
            return dost or own
        return dost or own or bool(roles) or bool(getattr(obj, "published", False))

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        active = getattr(user, "is_authenticated", False) and user.is_active
        dost = active and (self.is_dost(user) or self.is_sysadmin(user))
        if action == "manage":
            return qs if dost else qs.none()
        if action == "decide":
            return qs if active and self.has_role(user, Role.DOST_LEADER) else qs.none()
        if not active:
            return qs.filter(published=True) if action == "view" else qs.none()
        if action == "act":
            return qs.filter(Q(owner=user) | Q(pk__in=_member_tasks(user, TaskRole.INVESTIGATOR)))
        if action == "endorse":
            return qs.filter(pk__in=_member_tasks(user, TaskRole.LEADER))
        if action == "staff":
            return qs if dost else qs.filter(owner=user)
        if dost:
            return qs
        return qs.filter(Q(published=True) | Q(owner=user) | Q(pk__in=_member_tasks(user, *TaskRole.values)))

    def hosts(self, user: Any, qs: QuerySet[Any]) -> QuerySet[Any]:
        """The tasks ``user`` acts on for the host in any way (account, investigator, leader)."""
        if not (getattr(user, "is_authenticated", False) and user.is_active):
            return qs.none()
        return qs.filter(Q(owner=user) | Q(pk__in=_member_tasks(user, *TaskRole.values)))


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
    on the task. ``view`` is narrower than the task's: the DOST and the host's people only."""

    actions = ("view", "manage", "decide", "act", "endorse")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        task = getattr(obj, "task", None)
        if task is None:
            return task_policy.can(user, action)
        if action == "view":
            return any(task_policy.can(user, a, task) for a in ("manage", "act", "endorse"))
        return task_policy.can(user, action, task)

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if action == "view":
            dost = task_policy.visible(user, Task.objects.all(), "manage")
            return qs.filter(Q(task__in=dost) | Q(task__in=task_policy.hosts(user, Task.objects.all())))
        return qs.filter(task__in=task_policy.visible(user, Task.objects.all(), action))


call_policy = CallPolicy()
task_policy = TaskPolicy()
proposal_policy = ProposalPolicy()
application_policy = ApplicationPolicy()
task_part_policy = TaskPartPolicy()
