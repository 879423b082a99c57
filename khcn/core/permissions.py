"""The policy interface every aggregate implements.

A policy answers two questions and nothing else decides access:
``can(user, action, obj)`` for one object (or for the model when ``obj`` is None), and
``visible(user, qs, action)`` for a queryset. Services call ``require``; views and templates
call ``can`` to show or hide actions; selectors call ``visible``.

This base knows no role: ``khcn.accounts.permissions.RolePolicy`` adds the role helpers
(``is_dost``, ``is_sysadmin``, ``has_role``) that the domain policies use.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet


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
        """Restrict ``qs`` to the objects on which ``user`` may do ``action``: exactly those for
        which ``can(user, action, obj)`` is true (a test holds every policy to it).

        The default asks ``can(user, action)`` without an object and gives all or nothing: right
        for a policy whose answer does not depend on the object. A policy that looks at the
        object overrides this for each of its actions."""
        if not self.can(user, action):
            return qs.none()
        return qs

    # --- to override ------------------------------------------------------------------
    def anonymous_can(self, action: str, obj: Model | None) -> bool:
        return False

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        raise NotImplementedError
