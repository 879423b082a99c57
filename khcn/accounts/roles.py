"""A user's roles: their active memberships, cached per ``roles_version`` and day, and the
agencies and councils they hold roles in. The roles themselves are in ``choices``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from khcn.accounts.models import Membership
from khcn.core.fragments import cached_value


def memberships_of(user: Any) -> list[Any]:
    """The user's active memberships with their agency or council, once per user object: read
    once per ``roles_version`` of the user and day (``khcn.core.fragments``; one query then),
    since every request asks for them. The services that change memberships, or the agencies
    they name, raise ``roles_version``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_khcn_memberships", None)
    if cached is None:
        day = timezone.localdate()
        parts = (user.pk, getattr(user, "roles_version", 0), day)
        cached = cached_value(
            "accounts.memberships",
            parts,
            lambda: list(
                Membership.objects.active(day)
                .filter(user_id=user.pk)
                .select_related("organization", "council")
            ),
        )
        user._khcn_memberships = cached
    return cached


def roles_of(user: Any) -> set[str]:
    return {m.role for m in memberships_of(user)}


def organization_ids_of(user: Any, *roles: str) -> set[int]:
    """Ids of the agencies where the user holds one of ``roles`` (any role if none given)."""
    return {
        m.organization_id
        for m in memberships_of(user)
        if m.organization_id and (not roles or m.role in roles)
    }


def organizations_of(user: Any, *roles: str) -> list[Any]:
    """The agencies where the user holds one of ``roles`` (any role if none given), each once,
    from the memberships already loaded (no query)."""
    found: dict[int, Any] = {}
    for m in memberships_of(user):
        if m.organization_id and (not roles or m.role in roles):
            found.setdefault(m.organization_id, m.organization)
    return list(found.values())


def council_ids_of(user: Any, *roles: str) -> set[int]:
    return {m.council_id for m in memberships_of(user) if m.council_id and (not roles or m.role in roles)}
