"""The filters of the plans app's lists (django-filter): plans, agency reports, difficulties.

A filter set narrows a query set that a selector has already restricted to what the user may
see; a value that does not validate is ignored, never an error page."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.text import clean, fold
from khcn.organizations.selectors import organizations_named
from khcn.plans.choices import DifficultyStatus, PlanStatus, ReportStatus
from khcn.plans.models import Plan, ReportingPeriod, heavy

EMPTY = "—"


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title, number or issuer"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlanStatus.choices, empty_label=EMPTY)

    def filter_text(self, qs: QuerySet[Plan], name: str, value: str) -> QuerySet[Plan]:
        text = clean(value)
        if not text:
            return qs
        return qs.filter(
            Q(title__icontains=text) | Q(number__icontains=text) | Q(issuer_name__icontains=text)
        )


def _plan_label(plan: Plan) -> str:
    return plan.number or plan.title[:60]


class ReportFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"), field_name="period__plan", queryset=Plan.objects.none(), empty_label=EMPTY
    )
    period = django_filters.ModelChoiceFilter(
        label=_("Period"), queryset=ReportingPeriod.objects.none(), empty_label=EMPTY
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices, empty_label=EMPTY)
    sent = django_filters.ChoiceFilter(
        label=_("Timeliness"),
        choices=[("on_time", _("On time")), ("late", _("Late"))],
        method="filter_sent",
        empty_label=EMPTY,
    )
    agency = django_filters.CharFilter(label=_("Agency"), method="filter_agency", max_length=200)

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan_field: Any = self.filters["plan"].field
        plan_field.queryset = plans
        plan_field.label_from_instance = _plan_label
        periods = (
            ReportingPeriod.objects.select_related("plan")
            .defer(*heavy("plan"))
            .order_by("-end", "plan_id", "name")
        )
        plan_id = self.data.get("plan") if self.is_bound else None
        if plan_id and str(plan_id).isdigit():
            periods = periods.filter(plan_id=int(plan_id))
        period_field: Any = self.filters["period"].field
        period_field.queryset = periods
        period_field.label_from_instance = lambda p: f"{p.name} · {_plan_label(p.plan)[:40]}"

    def filter_sent(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Reports sent (submitted at least once) by their due date, or after it (the dashboard's
        "on time" and "late" figures of a period)."""
        return qs.filter(submitted_at__isnull=False, is_late=value == "late")

    def filter_agency(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Reports of the agencies with a name (any of their names, with or without diacritics)
        containing the text."""
        folded = fold(clean(value))
        return qs.filter(organization_id__in=organizations_named(folded)) if folded else qs


class DifficultyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DifficultyStatus.choices, empty_label=EMPTY
    )
