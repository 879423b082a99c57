"""Who may read and publish rule sets."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from khcn.accounts.choices import Role
from khcn.accounts.permissions import RolePolicy


class RuleSetPolicy(RolePolicy):
    """Every signed-in user reads the rule sets in force; a system administrator or a DOST
    leader publishes a new version."""

    actions = ("view", "publish")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if action == "view":
            return True
        return self.is_sysadmin(user) or self.has_role(user, Role.DOST_LEADER)


ruleset_policy = RuleSetPolicy()
