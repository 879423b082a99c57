"""The annex this module gives a plan's annual report (``khcn.plans.annexes``): the S&T tasks
implementing each of the plan's priority fields (``Task.plan_items``), ordered by the year
ending the reporting period."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from khcn.plans.annexes import AnnexTable
from khcn.research.choices import TaskState
from khcn.research.models import Task


def tasks_by_priority_field(plan: Any, period: Any) -> AnnexTable | None:
    """Per plan item the tasks implement: the tasks ordered by the period's end (not dropped)."""
    tasks = (
        Task.objects.filter(plan_items__plan=plan, ordered_on__lte=period.end)
        .exclude(state=TaskState.DROPPED)
        .select_related("host")
        .prefetch_related("plan_items")
        .distinct()
        .order_by("code")
    )
    rows: list[list[Any]] = []
    by_item: dict[Any, list[Task]] = {}
    for task in tasks:
        for item in task.plan_items.all():
            if item.plan_id == plan.pk:
                by_item.setdefault(item, []).append(task)
    for item in sorted(by_item, key=lambda i: i.position):
        for task in by_item[item]:
            duration = (
                f"{task.starts_on:%m/%Y}–{task.ends_on:%m/%Y}" if task.starts_on and task.ends_on else ""
            )
            rows.append(
                [
                    len(rows) + 1,
                    f"{item.path}. {item.heading or item.text}"[:200],
                    f"{task.code} {task.title}",
                    task.host_label,
                    task.investigator,
                    duration,
                    task.get_state_display(),
                ]
            )
    if not rows:
        return None
    return AnnexTable(
        caption=_("S&T tasks implementing the plan's priority fields"),
        headers=[
            _("No."),
            _("Priority field"),
            _("S&T task"),
            _("Host organisation"),
            _("Principal investigator"),
            _("Duration"),
            _("State"),
        ],
        rows=rows,
        widths_mm=[10, 50, 75, 45, 35, 25, 30],
    )
