"""Who may see and build classification schemes."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from khcn.accounts.permissions import RolePolicy


class SchemePolicy(RolePolicy):
    """Every signed-in user reads the schemes (they tag and filter records with them); DOST staff
    and system administrators build a plan's priority fields."""

    actions = ("view", "add")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if action == "view":
            return True
        return self.is_sysadmin(user) or self.is_dost(user)


scheme_policy = SchemePolicy()
