"""The register of S&T tasks, read-only: ``GET /api/v1/tasks`` (paged, filtered by state,
regime, year, field and host). Anonymous callers get the tasks on the public list and their
public fields; a signed-in user what ``task_policy`` lets them see, budgets included."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from khcn.core.access import public
from khcn.research import selectors
from khcn.research.choices import Regime, TaskState
from khcn.research.models import Task
from khcn.research.schemas import TaskOut

router = Router(tags=["tasks"])


def _out(task: Task, signed_in: bool) -> dict[str, Any]:
    return {
        "id": task.pk,
        "code": task.code,
        "title": task.title,
        "type": task.type,
        "field_codes": [f.code for f in task.fields.all()],
        "host": task.host_label,
        "principal_investigator": task.investigator,
        "regime": task.regime,
        "state": task.state,
        "ordered_on": task.ordered_on,
        "approved_on": task.approved_on,
        "starts_on": task.starts_on,
        "ends_on": task.ends_on,
        "accepted_on": task.accepted_on,
        "rating": task.rating,
        "registered_on": task.registered_on,
        "archive_number": task.archive_number,
        "budget_state": task.budget_state if signed_in else None,
        "budget_other": task.budget_other if signed_in else None,
    }


class _Page(LimitOffsetPagination):
    """The page's tasks, shaped for the reader (budgets only when signed in)."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        signed_in = bool(getattr(getattr(request, "user", None), "is_authenticated", False))
        page["items"] = [_out(task, signed_in) for task in page["items"]]
        return page


@router.get("", response=list[TaskOut], auth=None)
@public
@paginate(_Page)
def list_tasks(
    request: Any,
    state: str = "",
    regime: str = "",
    year: int | None = None,
    field: str = "",
    host: str = "",
):  # type: ignore[no-untyped-def]
    """The register (the policy decides what the caller sees: anonymous, the public list)."""
    qs = selectors.task_list(
        user=request.user,
        state=state if state in TaskState.values else "",
        regime=regime if regime in Regime.values else "",
        year=year,
    )
    if field:
        qs = qs.filter(fields__code=field).distinct()
    if host:
        qs = qs.filter(Q(host__name__icontains=host) | Q(host_name__icontains=host))
    return qs
