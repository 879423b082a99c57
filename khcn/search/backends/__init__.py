"""Full-text engines behind the facade, chosen by the ``KHCN_SEARCH_BACKEND`` setting.

``"auto"`` (the default) matches the database vendor; ``"sqlite"`` and ``"postgres"`` name
an engine explicitly and must match the database (the index lives in the same database as
the data, so that permission filters can join against it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from khcn.search.backends.base import Candidate, SearchBackend, TypeFilter

BACKENDS = {"sqlite": "sqlite", "postgres": "postgresql"}  # setting value → connection.vendor
CHOICES = ("auto", *BACKENDS)


def backend_name(using: str = "default") -> str:
    """The engine to use for the database ``using``: "sqlite" or "postgres"."""
    setting = str(getattr(settings, "KHCN_SEARCH_BACKEND", "auto") or "auto").lower()
    vendor = connections[using].vendor
    if setting not in CHOICES:
        raise ImproperlyConfigured(
            f"KHCN_SEARCH_BACKEND must be one of {', '.join(CHOICES)}, not {setting!r}."
        )
    if setting == "auto":
        for name, backend_vendor in BACKENDS.items():
            if backend_vendor == vendor:
                return name
        raise ImproperlyConfigured(f"No search backend for the {vendor} database.")
    if BACKENDS[setting] != vendor:
        raise ImproperlyConfigured(f"KHCN_SEARCH_BACKEND={setting!r} cannot search a {vendor} database.")
    return setting


def get_backend(using: str = "default") -> SearchBackend:
    """The search engine for the database ``using``."""
    name = backend_name(using)
    if name == "postgres":
        from khcn.search.backends.postgres import PostgresBackend

        return PostgresBackend(using)
    from khcn.search.backends.sqlite import SqliteBackend

    return SqliteBackend(using)


__all__ = ["Candidate", "SearchBackend", "TypeFilter", "backend_name", "get_backend"]
