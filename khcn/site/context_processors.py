"""The main menu, from every app's ``MenuEntry`` the user's policies allow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from khcn.site import registry


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool


def menu(request: HttpRequest) -> dict[str, Any]:
    def links() -> list[MenuLink]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        match = getattr(request, "resolver_match", None)
        here = match.view_name if match is not None else ""
        return [
            MenuLink(label=str(entry.label), url=reverse(entry.url_name), current=entry.is_current(here))
            for entry in registry.menu_entries()
            if entry.policy.can(user, entry.action)
        ]

    return {"site_menu": SimpleLazyObject(links)}
