"""Who may see and manage people and memberships."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from khcn.accounts.roles import Role
from khcn.core.permissions import Policy


class UserPolicy(Policy):
    """System administrators manage accounts and memberships. DOST staff see every person
    (they assign work across agencies); others see only themselves."""

    actions = ("view", "add", "change", "manage_memberships")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if self.is_sysadmin(user):
            return True
        if action == "view":
            return self.is_dost(user) or (obj is not None and obj.pk == user.pk)
        return False

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if self.is_sysadmin(user) or (
            action == "view" and self.has_role(user, Role.DOST_SPECIALIST, Role.DOST_LEADER)
        ):
            return qs
        return qs.filter(pk=user.pk)


user_policy = UserPolicy()
