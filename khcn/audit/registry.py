"""Audit action codes and their human labels (translated when shown)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_ACTIONS: dict[str, Promise | str] = {}


def register(code: str, label: Promise | str) -> str:
    """Register an action code such as ``organizations.organization.merged``; returns the code."""
    _ACTIONS[code] = label
    return code


def label_for(code: str) -> Promise | str:
    return _ACTIONS.get(code, code)


def is_registered(code: str) -> bool:
    return code in _ACTIONS


CREATED = register("created", _("Created"))


_FIELD_LABELS: dict[str, Promise | str] = {}


def register_field(name: str, label: Promise | str) -> None:
    """Label a change key that is not a model field (e.g. ``successor``, ``memberships``)."""
    _FIELD_LABELS[name] = label


def field_label(name: str) -> Promise | str | None:
    return _FIELD_LABELS.get(name)
