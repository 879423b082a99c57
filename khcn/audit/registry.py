"""What the audit log's codes mean to a reader, declared by the app that writes them.

- **Actions**: ``register(code, label)`` for each event an app records (``plans.report.saved``
  → "Report saved"); ``record`` refuses an unregistered code.
- **Changes**: an event's ``changes`` are keyed by field name and hold raw values (choice
  codes, booleans, ISO dates). The history (``khcn.audit.selectors.history_for``) shows a key
  by the target model's field ``verbose_name`` and a choice code by its label, so that most
  models need nothing more. ``describe(model, ...)`` says the rest:

  - ``parts``: models whose fields also appear in the target's changes (a report's lines, a
    plan's items): their labels and choices are used too;
  - ``fields``: labels of keys that are no field of the model or its parts (``successor``);
  - ``values``: how to show the values of a key, as a mapping of codes to labels (a choices
    class's ``.choices``) or a function ``(value, target) -> text``.

  A key may carry a prefix naming the part it is about: ``"IV.7 · progress"`` reads as the
  prefix (``IV.7``, shown as is) and the field (``progress``), joined by ``PART_SEPARATOR``.

``register_field(name, label)`` labels a key for every model (kept for keys such as
``memberships`` that several models may share).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = Promise | str
ValueDisplay = Mapping[Any, Any] | Callable[[Any, models.Model | None], Any]

# "IV.7 · progress": the part a change is about, then the field.
PART_SEPARATOR = " · "

_ACTIONS: dict[str, Label] = {}


def register(code: str, label: Label) -> str:
    """Register an action code such as ``organizations.organization.merged``; returns the code."""
    _ACTIONS[code] = label
    return code


def label_for(code: str) -> Label:
    return _ACTIONS.get(code, code)


def is_registered(code: str) -> bool:
    return code in _ACTIONS


def actions() -> dict[str, Label]:
    """Every registered action code and its label."""
    return dict(_ACTIONS)


CREATED = register("created", _("Created"))


_FIELD_LABELS: dict[str, Label] = {}


def register_field(name: str, label: Label) -> None:
    """Label a change key that is not a model field, for every model (e.g. ``memberships``)."""
    _FIELD_LABELS[name] = label


def field_label(name: str) -> Label | None:
    return _FIELD_LABELS.get(name)


@dataclass
class Description:
    """How the changes recorded about one model read (see the module's docstring)."""

    parts: tuple[type[models.Model], ...] = ()
    fields: dict[str, Label] = field(default_factory=dict)
    values: dict[str, ValueDisplay] = field(default_factory=dict)


_DESCRIPTIONS: dict[type[models.Model], Description] = {}


def describe(
    model: type[models.Model],
    *,
    parts: Iterable[type[models.Model]] = (),
    fields: Mapping[str, Label] | None = None,
    values: Mapping[str, ValueDisplay] | None = None,
) -> None:
    """Declare how changes recorded about ``model`` read; repeated calls add to each other."""
    description = _DESCRIPTIONS.setdefault(model, Description())
    description.parts += tuple(p for p in parts if p not in description.parts)
    description.fields.update(fields or {})
    description.values.update(values or {})


def description_of(model: type[models.Model]) -> Description:
    """The declared description of ``model`` (or of the concrete model it proxies)."""
    concrete = model._meta.concrete_model or model
    return _DESCRIPTIONS.get(model) or _DESCRIPTIONS.get(concrete) or Description()
