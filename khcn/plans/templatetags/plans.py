"""Filters of the plans pages: ``{{ item.path|item_path }}`` (an item's path as people read it,
see ``khcn.plans.paths``) and ``{{ code|task_status }}`` (a dashboard status's label)."""

from __future__ import annotations

from django import template

from khcn.plans.choices import TaskStatus
from khcn.plans.paths import display_path

register = template.Library()
_LABELS = dict(TaskStatus.choices)


@register.filter
def item_path(path: str) -> str:
    return display_path(str(path or ""))


@register.filter
def task_status(code: str) -> str:
    return str(_LABELS.get(code, code))
