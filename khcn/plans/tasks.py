"""Background jobs of the plans app (django-tasks): keeping the search entries of plans in step
with their writes (``khcn.plans.services.indexing`` schedules them after commit). Each job takes
ids, reads the objects as they are when it runs, and is idempotent."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django_tasks import task

from khcn.plans.models import AgencyReport, Assignment, Difficulty, Plan, PlanItem
from khcn.search import registry
from khcn.search.services import index_objects, remove_missing

MODELS: tuple[type[Model], ...] = (Plan, PlanItem, Assignment, AgencyReport, Difficulty)


def _indexed(model: type[Model], condition: Q) -> QuerySet[Model]:
    reg = registry.get_registration(model)
    qs = reg.get_queryset() if reg is not None else model._default_manager.all()
    return qs.filter(condition).order_by("pk")


@task()
def reindex_plans(plan_ids: list[int]) -> int:
    """Index the plans ``plan_ids`` again with everything whose entry shows them — their items,
    assignments, the reports of their periods, their difficulties — and take out the entries of
    what was deleted (a removed item, a merged one, a deleted plan). Returns the number indexed."""
    count = 0
    targets: tuple[tuple[type[Model], Q], ...] = (
        (Plan, Q(pk__in=plan_ids) | Q(parent_id__in=plan_ids)),
        (PlanItem, Q(plan_id__in=plan_ids)),
        (Assignment, Q(item__plan_id__in=plan_ids)),
        (AgencyReport, Q(period__plan_id__in=plan_ids)),
        (Difficulty, Q(plan_id__in=plan_ids)),
    )
    for model, condition in targets:
        count += index_objects(_indexed(model, condition))
    for gone in MODELS:
        remove_missing(gone)
    return count


@task()
def reindex_agencies(organization_ids: list[int]) -> int:
    """Agencies were renamed or given other names: index again what shows their names — the
    plans they issued, their assignments, reports and difficulties."""
    count = 0
    targets: tuple[tuple[type[Model], Q], ...] = (
        (Plan, Q(issuer_id__in=organization_ids)),
        (Assignment, Q(organization_id__in=organization_ids)),
        (AgencyReport, Q(organization_id__in=organization_ids)),
        (Difficulty, Q(organization_id__in=organization_ids)),
    )
    for model, condition in targets:
        count += index_objects(_indexed(model, condition))
    return count
