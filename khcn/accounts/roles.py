"""Roles a membership can carry, and the cached set of a user's roles."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.core.fragments import cached_value


class Role(models.TextChoices):
    DOST_SPECIALIST = "dost_specialist", _("DOST specialist")
    DOST_LEADER = "dost_leader", _("DOST leader")
    AGENCY_REPORTER = "agency_reporter", _("Agency reporter")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    COUNCIL_MEMBER = "council_member", _("Council member")
    COUNCIL_SECRETARY = "council_secretary", _("Council secretary")
    APPLICANT = "applicant", _("Applicant")
    SYSADMIN = "sysadmin", _("System administrator")


COUNCIL_ROLES = frozenset({Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY})
AGENCY_ROLES = frozenset({Role.DOST_SPECIALIST, Role.DOST_LEADER, Role.AGENCY_REPORTER, Role.AGENCY_LEADER})


def memberships_of(user: Any) -> list[Any]:
    """The user's active memberships with their agency or council, once per user object: read
    once per ``roles_version`` of the user and day (``khcn.core.fragments``; one query then),
    since every request asks for them. The services that change memberships, or the agencies
    they name, raise ``roles_version``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_khcn_memberships", None)
    if cached is None:
        from khcn.accounts.models import Membership

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
