"""System checks: production must not carry demo accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.security, deploy=True)
def no_demo_accounts_in_production(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.KHCN_DEMO:
        return [checks.Warning("KHCN_DEMO is on: demo accounts can log in.", id="khcn.W001")]
    from khcn.accounts.models import User

    try:
        count = User.objects.filter(is_demo=True).count()
    except DatabaseError:
        return []
    if count:
        return [
            checks.Error(
                f"{count} demo accounts exist in this database.",
                hint="Go live on a database where seed_demo never ran (docs/operations.md).",
                id="khcn.E001",
            )
        ]
    return []
