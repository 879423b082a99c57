"""Reads of the tasks: the register and one task, restricted by the policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khcn.research.choices import AdjustmentStatus, ReportStatus, TaskState
from khcn.research.models import Task
from khcn.research.permissions import task_policy


def task_list(
    *,
    user: Any,
    state: str = "",
    regime: str = "",
    year: int | None = None,
    field: int | None = None,
    plan_item: int | None = None,
    figure: str = "",
    during: int | None = None,
    todo: str = "",
) -> QuerySet[Task]:
    """The register: the tasks the user may see (the DOST every one; others the public list).
    ``plan_item``: the tasks implementing that plan item; ``figure`` (and ``during``, a year):
    the tasks a figure of the dashboard counts (``selectors.dashboard.FIGURES``); ``todo``: the
    tasks with a progress report to review, an endorsed adjustment to decide, a call closed, a
    budget to appraise or to approve, results to register."""
    qs = task_policy.visible(
        user, Task.objects.select_related("host", "order_list").prefetch_related("fields")
    )
    if state:
        qs = qs.filter(state=state)
    if regime:
        qs = qs.filter(regime=regime)
    if year:
        qs = qs.filter(ordered_on__year=year)
    if todo == "reports":
        qs = qs.filter(reports__status=ReportStatus.SUBMITTED).distinct()
    elif todo == "adjustments":
        qs = qs.filter(
            adjustments__status=AdjustmentStatus.REQUESTED, adjustments__endorsed_on__isnull=False
        ).distinct()
    elif todo == "to_appraise":
        from khcn.research.selectors.lifecycle import handed_to_team

        qs = qs.filter(state=TaskState.IN_APPRAISAL, appraised_on__isnull=True).exclude(
            pk__in=handed_to_team()
        )
    elif todo == "to_approve":
        qs = qs.filter(state=TaskState.IN_APPRAISAL, appraised_on__isnull=False)
    elif todo == "to_register":
        qs = qs.filter(state=TaskState.LIQUIDATED, registration__has_key="confirmed_on")
    elif todo == "closed_calls":
        qs = qs.filter(state=TaskState.CALL_OPEN, apply_until__lt=timezone.localdate())
    if field:
        from khcn.classifications.selectors import with_descendants

        qs = qs.filter(fields__in=with_descendants([field])).distinct()
    if plan_item:
        qs = qs.filter(plan_items=plan_item)
    if figure:
        from khcn.research.selectors.dashboard import figure_q

        condition = figure_q(figure, during=during)
        if condition is not None:
            qs = qs.filter(condition)
    return qs.order_by("-ordered_on", "code")


def task_get(*, user: Any, pk: int) -> Task:
    return get_object_or_404(task_list(user=user).select_related("proposal__call"), pk=pk)
