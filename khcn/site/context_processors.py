"""The main menu, from every app's ``MenuEntry`` the user's policies allow, and the links of
the signed-in header (reversed once per process: every page shows them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from khcn.core.views_helpers import url_maker
from khcn.site import registry

HEADER_LINKS = {
    "search": "search:results",
    "profile": "accounts:profile",
    "password": "accounts:password_change",
    "logout": "accounts:logout",
}


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool


def menu(request: HttpRequest) -> dict[str, Any]:
    def links() -> list[MenuLink]:
        user = getattr(request, "user", None)
        if user is None:
            return []
        match = getattr(request, "resolver_match", None)
        here = match.view_name if match is not None else ""
        return [
            MenuLink(
                label=str(entry.label), url=url_maker(entry.url_name, 0)(), current=entry.is_current(here)
            )
            for entry in registry.menu_entries()
            if entry.policy.can(user, entry.action)
        ]

    return {
        "site_menu": SimpleLazyObject(links),
        "site_links": SimpleLazyObject(
            lambda: {key: url_maker(name, 0)() for key, name in HEADER_LINKS.items()}
        ),
    }
