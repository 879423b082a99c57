"""Reads of the site layer."""

from __future__ import annotations

from django.db.models import QuerySet

from khcn.accounts.models import User
from khcn.core.models import RuleSet
from khcn.site.permissions import ruleset_policy


def ruleset_list(*, user: User) -> QuerySet[RuleSet]:
    """Every version of every rule set, newest version of each code first."""
    ruleset_policy.require(user, "view")
    return RuleSet.objects.select_related("created_by").order_by("code", "-effective_from")
