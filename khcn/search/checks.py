"""System checks: the search backend setting is valid and fits the database."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register("khcn", "database")
def check_search_backend(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from khcn.search.backends import backend_name

    try:
        backend_name()
    except ImproperlyConfigured as exc:
        return [
            Error(str(exc), hint="Set KHCN_SEARCH_BACKEND to auto, sqlite or postgres.", id="search.E001")
        ]
    return []
