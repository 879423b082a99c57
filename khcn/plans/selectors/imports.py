"""Reads of the imports under way (``PlanImport``): each user sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from khcn.accounts.models import User
from khcn.plans.models import PlanImport
from khcn.plans.permissions import plan_import_policy

# Columns a page that only names or follows an import does not need (a 200-page plan's text
# and draft are megabytes).
HEAVY_IMPORT = ("draft", "source_text")


def plan_imports_visible(*, user: User) -> QuerySet[PlanImport]:
    return plan_import_policy.visible(user, PlanImport.objects.all())


def plan_import_get(*, user: User, token: str, light: bool = False) -> PlanImport:
    """The user's import ``token`` (404 for anyone else's, a gone one or a made-up token);
    ``light``: without its text and draft."""
    qs = plan_imports_visible(user=user).select_related("parent")
    if light:
        qs = qs.defer(*HEAVY_IMPORT, "parent__source_text", "parent__parse_warnings")
    return get_object_or_404(qs, token=token or "")


def plan_imports_waiting(*, user: User) -> list[PlanImport]:
    """The user's imports being read or waiting for review, oldest first (failed ones are
    left out: their page says what went wrong, and the cleanup deletes them)."""
    return list(
        plan_imports_visible(user=user)
        .exclude(status=PlanImport.FAILED)
        .defer(*HEAVY_IMPORT)
        .order_by("created_at", "pk")
    )


def plan_import_exists(*, token: str) -> bool:
    """Whether some import has this token (anyone's): tells a gone import (confirmed, cancelled,
    cleaned up: "start again") from someone else's (not found)."""
    return PlanImport.objects.filter(token=token or "").exists()


def home_imports(*, user: User) -> dict[str, object] | None:
    """The home block of those who import plans: their imports being read or waiting for their
    review, each a link to where it goes on. Left out when none."""
    pending = plan_imports_waiting(user=user)
    return {"pending": pending} if pending else None
