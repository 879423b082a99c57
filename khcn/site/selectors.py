"""Reads of the site layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from khcn.accounts.models import User
from khcn.core.models import RuleSet
from khcn.core.plugins import RuleSetSpec
from khcn.core.rules import ParameterRow, parameter_rows
from khcn.site import registry
from khcn.site.permissions import ruleset_policy


def ruleset_list(*, user: User) -> QuerySet[RuleSet]:
    """Every version of every rule set, newest version of each code first."""
    ruleset_policy.require(user, "view")
    return RuleSet.objects.select_related("created_by").order_by("code", "-effective_from")


@dataclass
class ShownVersion:
    version: RuleSet
    valid_to: dt.date | None  # the day before the next version takes effect
    in_force: bool
    rows: list[ParameterRow]


@dataclass
class ShownRuleSet:
    code: str
    title: Any  # the spec's (translated) title, or the newest version's stored one
    versions: list[ShownVersion] = field(default_factory=list)

    @property
    def has_legal_basis(self) -> bool:
        return any(row.legal_basis for v in self.versions for row in v.rows)


def _specs() -> dict[str, RuleSetSpec]:
    return {v.spec.code: v.spec for v in registry.rulesets() if v.spec is not None}


def rulesets_shown(*, user: User, today: dt.date | None = None) -> list[ShownRuleSet]:
    """Every rule set with its versions, newest first, each version's parameters as rows (label,
    value with unit, description, legal basis) and the span it is or was in force."""
    today = today or timezone.localdate()
    specs = _specs()
    shown: dict[str, ShownRuleSet] = {}
    for version in ruleset_list(user=user):
        spec = specs.get(version.code)
        item = shown.setdefault(
            version.code, ShownRuleSet(version.code, spec.title if spec else version.title)
        )
        newer = item.versions[-1].version.effective_from if item.versions else None
        valid_to = newer - dt.timedelta(days=1) if newer else None
        item.versions.append(
            ShownVersion(
                version=version,
                valid_to=valid_to,
                in_force=version.effective_from <= today and (valid_to is None or today <= valid_to),
                rows=parameter_rows(version.parameters, spec),
            )
        )
    return list(shown.values())
