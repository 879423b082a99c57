"""Who may see and change agencies."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from khcn.accounts.permissions import RolePolicy


class OrganizationPolicy(RolePolicy):
    """Every signed-in user sees the agency registry; DOST staff and system administrators
    create, edit, rename, merge and split agencies; everyone signed in may export the list."""

    actions = ("view", "add", "change", "restructure", "export")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if action in ("view", "export"):
            return True
        return self.is_sysadmin(user) or self.is_dost(user)


organization_policy = OrganizationPolicy()
