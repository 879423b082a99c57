"""Demo classifications: the seed plan's priority fields (II.3 a–g), taken from the imported
plan through the service, as a DOST specialist would. Demo mode only."""

from __future__ import annotations

from khcn.classifications import services
from khcn.core.plugins import DemoContext
from khcn.plans.models import Plan, PlanItem


def load(context: DemoContext) -> None:
    item = (
        PlanItem.objects.filter(path="II.3", children__isnull=False, plan__parent__isnull=True)
        .select_related("plan")
        .order_by("plan_id")
        .first()
    )
    if item is None:
        return
    plan: Plan = item.plan
    services.priority_scheme_from_plan(actor=context.actor, plan=plan, item=item)
