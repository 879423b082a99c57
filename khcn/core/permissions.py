"""The policy interface every aggregate implements.

A policy answers two questions and nothing else decides access:
``can(user, action, obj)`` for one object (or for the model when ``obj`` is None), and
``visible(user, qs, action)`` for a queryset. Services call ``require``; views and templates
call ``can`` to show or hide actions; selectors call ``visible``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from khcn.accounts.roles import Role, roles_of


class Policy:
    """Base policy: subclasses set ``actions`` and implement ``check`` (and ``visible``).

    ``actions`` lists every action the aggregate knows; asking for any other action is a
    programming error, so a typo never silently grants or denies.
    """

    actions: ClassVar[tuple[str, ...]] = ("view",)

    def can(self, user: Any, action: str, obj: Model | None = None) -> bool:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.anonymous_can(action, obj)
        return self.check(user, action, obj)

    def require(self, user: Any, action: str, obj: Model | None = None) -> None:
        if not self.can(user, action, obj):
            raise PermissionDenied(action)

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        """Restrict ``qs`` to what ``user`` may see; the default hides all from anonymous."""
        if user is None or not getattr(user, "is_authenticated", False):
            return qs.none()
        return qs

    # --- to override ------------------------------------------------------------------
    def anonymous_can(self, action: str, obj: Model | None) -> bool:
        return False

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        raise NotImplementedError

    # --- helpers ----------------------------------------------------------------------
    @staticmethod
    def has_role(user: Any, *roles: Role) -> bool:
        return bool(roles_of(user) & set(roles))

    @staticmethod
    def is_sysadmin(user: Any) -> bool:
        return bool(getattr(user, "is_superuser", False)) or Role.SYSADMIN in roles_of(user)

    @staticmethod
    def is_dost(user: Any) -> bool:
        return bool(roles_of(user) & {Role.DOST_SPECIALIST, Role.DOST_LEADER})
