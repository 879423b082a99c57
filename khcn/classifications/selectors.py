"""Reads of the classifications: choices for forms and facets for filters."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from khcn.classifications.loader import FIELDS_SCHEME
from khcn.classifications.models import Scheme, Term
from khcn.classifications.permissions import scheme_policy


def scheme_list(*, user: Any) -> QuerySet[Scheme]:
    return (
        scheme_policy.visible(user, Scheme.objects.all()).annotate(term_count=Count("terms")).order_by("id")
    )


def term_choices(*, schemes: tuple[str, ...] | None = None) -> QuerySet[Term]:
    """The terms to pick from in a form: the S&T fields, then every plan's priority fields,
    each in its own order. ``schemes`` limits to those scheme codes."""
    qs = Term.objects.select_related("scheme")
    if schemes is not None:
        qs = qs.filter(scheme__code__in=schemes)
    return qs.order_by("scheme_id", "ordering", "code")


def field_terms() -> QuerySet[Term]:
    """The national S&T fields (Decision 12/2008/QĐ-BKHCN), both levels."""
    return term_choices(schemes=(FIELDS_SCHEME,))


def with_descendants(terms: Any) -> set[int]:
    """The ids of ``terms`` and of the terms under them (a filter by "1 Khoa học tự nhiên" finds
    records tagged "101 Toán học và thống kê"). Two levels below at most: one query."""
    ids = {t.pk if isinstance(t, Term) else int(t) for t in terms}
    if not ids:
        return set()
    below = Term.objects.filter(parent_id__in=ids).values_list("pk", flat=True)
    deeper = Term.objects.filter(parent__parent_id__in=ids).values_list("pk", flat=True)
    return ids | set(below) | set(deeper)


def facet_counts(qs: QuerySet[Any], field: str = "fields") -> dict[int, int]:
    """How many records of ``qs`` carry each term (one query), for a filter's facet counts."""
    rows = qs.order_by().values(f"{field}__pk").annotate(n=Count("pk", distinct=True))
    return {row[f"{field}__pk"]: row["n"] for row in rows if row[f"{field}__pk"] is not None}


def plan_item_choices(*, plan: Any) -> QuerySet[Any]:
    """The items of ``plan`` that have items below them (a priority list's parent, e.g. II.3)."""
    return plan.items.filter(children__isnull=False).distinct().order_by("position")
