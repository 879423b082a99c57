"""Versioned rule sets: parameters the law changes, looked up "as of" a date.

Code never hard-codes a deadline or a pass mark; it asks ``rule_get("plans.reporting",
as_of=day)`` and gets the parameters of the version in force on that day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from khcn.core.exceptions import DomainError
from khcn.core.models import RuleSet


class RuleNotFound(DomainError):
    """No version of the rule set was in force on the date asked."""


def ruleset_in_force(code: str, *, as_of: dt.date | None = None) -> RuleSet:
    day = as_of or timezone.localdate()
    version = RuleSet.objects.filter(code=code, effective_from__lte=day).order_by("-effective_from").first()
    if version is None:
        raise RuleNotFound(f"No rule set {code!r} in force on {day.isoformat()}", code="rule_not_found")
    return version


def rule_get(code: str, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """The parameters of rule set ``code`` in force on ``as_of`` (today by default)."""
    return dict(ruleset_in_force(code, as_of=as_of).parameters)
