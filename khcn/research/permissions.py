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
    """S&T tasks: ``view`` — the DOST every task; anyone, signed in or not, the tasks on the
    public list (as provinces publish them); ``manage`` (the ordering list, corrections) — the
    DOST."""

    actions = ("view", "manage")

    def anonymous_can(self, action: str, obj: Model | None) -> bool:
        """Anonymous callers (and inactive accounts) read the public list."""
        return action == "view" and (obj is None or bool(getattr(obj, "published", False)))

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if action == "manage" or obj is None:
            return dost or action == "view"
        return dost or bool(getattr(obj, "published", False))

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        active = getattr(user, "is_authenticated", False) and user.is_active
        if active and (self.is_dost(user) or self.is_sysadmin(user)):
            return qs
        return qs.filter(published=True) if action == "view" else qs.none()


call_policy = CallPolicy()
task_policy = TaskPolicy()
proposal_policy = ProposalPolicy()
