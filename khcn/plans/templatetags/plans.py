"""``{{ item.path|item_path }}``: an item's path as people read it (see ``khcn.plans.paths``)."""

from __future__ import annotations

from django import template

from khcn.plans.paths import display_path

register = template.Library()


@register.filter
def item_path(path: str) -> str:
    return display_path(str(path or ""))
