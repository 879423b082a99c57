"""Reads of the tasks: the register and one task, restricted by the policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from khcn.research.models import Task
from khcn.research.permissions import task_policy


def task_list(
    *, user: Any, state: str = "", regime: str = "", year: int | None = None, field: int | None = None
) -> QuerySet[Task]:
    """The register: the tasks the user may see (the DOST every one; others the public list)."""
    qs = task_policy.visible(
        user, Task.objects.select_related("host", "order_list").prefetch_related("fields")
    )
    if state:
        qs = qs.filter(state=state)
    if regime:
        qs = qs.filter(regime=regime)
    if year:
        qs = qs.filter(ordered_on__year=year)
    if field:
        from khcn.classifications.selectors import with_descendants

        qs = qs.filter(fields__in=with_descendants([field])).distinct()
    return qs.order_by("-ordered_on", "code")


def task_get(*, user: Any, pk: int) -> Task:
    return get_object_or_404(task_list(user=user).select_related("proposal__call"), pk=pk)
