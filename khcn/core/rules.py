"""Versioned rule sets: parameters the law changes, looked up "as of" a date.

Code never hard-codes a deadline or a pass mark; it asks ``rule_get("plans.reporting",
as_of=day)`` and gets the parameters of the version in force on that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from khcn.core.exceptions import DomainError
from khcn.core.models import RuleSet
from khcn.core.plugins import RuleSetSpec


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


# --- Reading a rule set's parameters ------------------------------------------------------


@dataclass(frozen=True)
class ParameterRow:
    """One parameter of a rule-set version as the rules page shows it."""

    key: str
    label: Any
    value: str
    description: Any = ""
    legal_basis: str = ""
    language: str = ""


def _leaves(parameters: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in parameters.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            yield from _leaves(value, f"{path}.")
        else:
            yield path, value


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, int | float):
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, list | tuple):
        return "; ".join(_shown(v) for v in value)
    return "" if value is None else str(value)


def parameter_rows(parameters: Mapping[str, Any], spec: RuleSetSpec | None) -> list[ParameterRow]:
    """The parameters of one version, one row per value (nested ones by their dotted path):
    the described ones in the spec's order with their label, unit and description, then any
    the spec does not describe, by their key."""
    values = dict(_leaves(parameters))
    rows = []
    for parameter in spec.parameters if spec else ():
        if parameter.key not in values:
            continue
        value = values.pop(parameter.key)
        if parameter.value_labels:
            labels = parameter.value_labels
            if isinstance(value, list | tuple):
                value = [str(labels.get(v, v)) if isinstance(v, str) else v for v in value]
            elif isinstance(value, str):
                value = str(labels.get(value, value))
        shown = _shown(value)
        if parameter.value_format:
            # A lazy ngettext picks its plural from "value"; a plain format just fills it in.
            shown = str(parameter.value_format % {"value": value if isinstance(value, int) else shown})
        rows.append(
            ParameterRow(
                parameter.key,
                parameter.label,
                shown,
                parameter.description,
                parameter.legal_basis,
                parameter.language,
            )
        )
    rows += [ParameterRow(key, key, _shown(value)) for key, value in values.items()]
    return rows
