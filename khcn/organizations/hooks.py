"""Extension points: what other modules do, in the same transaction, when an agency ends and
successors take over (a merger, a split, an abolition), and when an agency's names change. The
plans module moves the agency's open assignments, and refreshes the pages that show its name;
later modules (contracts, registries) add their own.

Hooks are plain functions registered at start-up (``AppConfig.ready``) and called explicitly
by the agency services: no Django signals, so the flow stays visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

SuccessionHook = Callable[..., object]
_HOOKS: list[SuccessionHook] = []


def register_succession_hook(hook: SuccessionHook) -> SuccessionHook:
    """Register ``hook(*, actor, predecessor, successors, date)``."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def run_succession_hooks(*, actor: Any, predecessor: Any, successors: Sequence[Any], date: dt.date) -> None:
    for hook in _HOOKS:
        hook(actor=actor, predecessor=predecessor, successors=list(successors), date=date)


ChangeHook = Callable[..., object]
_CHANGE_HOOKS: list[ChangeHook] = []


def register_change_hook(hook: ChangeHook) -> ChangeHook:
    """Register ``hook(*, organizations)``, called when agencies are created, edited, renamed
    or given other names."""
    if hook not in _CHANGE_HOOKS:
        _CHANGE_HOOKS.append(hook)
    return hook


def run_change_hooks(*, organizations: Sequence[Any]) -> None:
    for hook in _CHANGE_HOOKS:
        hook(organizations=list(organizations))
