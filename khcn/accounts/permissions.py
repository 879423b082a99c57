"""Role-aware policies, and who may see and manage people and memberships."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from khcn.accounts.choices import Role
from khcn.accounts.roles import roles_of
from khcn.core.permissions import Policy


class RolePolicy(Policy):
    """A policy that decides by the user's roles (their active memberships). Every domain
    policy derives from it; ``khcn.core.permissions.Policy`` itself knows no role."""

    @staticmethod
    def has_role(user: Any, *roles: Role) -> bool:
        return bool(roles_of(user) & set(roles))

    @staticmethod
    def is_sysadmin(user: Any) -> bool:
        return bool(getattr(user, "is_superuser", False)) or Role.SYSADMIN in roles_of(user)

    @staticmethod
    def is_dost(user: Any) -> bool:
        return bool(roles_of(user) & {Role.DOST_SPECIALIST, Role.DOST_LEADER})


class UserPolicy(RolePolicy):
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
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return qs.none()
        if self.is_sysadmin(user) or (action == "view" and self.is_dost(user)):
            return qs
        return qs.filter(pk=user.pk) if action == "view" else qs.none()


user_policy = UserPolicy()
