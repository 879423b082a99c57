"""Roles a membership can carry, and the cached set of a user's roles."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    """The user's active memberships, loaded once per user object (one query)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_khcn_memberships", None)
    if cached is None:
        from khcn.accounts.models import Membership

        cached = list(Membership.objects.active().filter(user_id=user.pk))
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


def council_ids_of(user: Any, *roles: str) -> set[int]:
    return {m.council_id for m in memberships_of(user) if m.council_id and (not roles or m.role in roles)}
