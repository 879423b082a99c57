"""Test helpers of accounts that every app reuses: one active user per role."""

from __future__ import annotations

from typing import Any

from khcn.accounts.choices import COUNCIL_ROLES, Role
from khcn.accounts.models import Membership, User
from khcn.core.testing import ANONYMOUS


def role_users(*, organization: Any = None, council: Any = None) -> dict[str, Any]:
    """One active user per role (scoped to ``organization`` / ``council`` where the role
    needs a scope), plus ``"anonymous": None``."""
    # The agency and council models through the membership's relations: accounts sits below
    # the apps that define them.
    organization_model: Any = Membership._meta.get_field("organization").related_model
    council_model: Any = Membership._meta.get_field("council").related_model
    if organization is None:
        organization = organization_model._default_manager.create(
            name="Sở Ma trận", name_sort="x", kind="department"
        )
    if council is None:
        council = council_model._default_manager.create(name="Hội đồng ma trận", organization=organization)
    users: dict[str, Any] = {ANONYMOUS: None}
    for role in Role:
        user = User.objects.create_user(
            username=f"matrix-{role.value}", password="Mat-khau-2026", full_name=f"Người {role.label}"
        )
        if role in COUNCIL_ROLES:
            Membership.objects.create(user=user, role=role, council=council)
        elif role in (Role.SYSADMIN, Role.APPLICANT):
            Membership.objects.create(user=user, role=role)
        else:
            Membership.objects.create(user=user, role=role, organization=organization)
        users[role.value] = user
    return users
