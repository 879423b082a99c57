"""The filters of the experts list (django-filter): a value that does not validate is ignored."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.classifications.models import Term
from khcn.classifications.selectors import term_choices, with_descendants
from khcn.core.text import clean, fold
from khcn.experts.choices import AcademicTitle, Availability, Degree
from khcn.experts.models import Expert

EMPTY = "—"


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Term) -> str:
        indent = "\u00a0\u00a0" * (obj.level - 1)
        return f"{indent}{obj.code} {obj.name}"


class TermChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = TermChoiceField


class ExpertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    field = TermChoiceFilter(
        label=_("Field"), queryset=Term.objects.none(), method="filter_field", empty_label=EMPTY
    )
    degree = django_filters.ChoiceFilter(label=_("Degree"), choices=Degree.choices, empty_label=EMPTY)
    academic_title = django_filters.ChoiceFilter(
        label=_("Academic title"), choices=AcademicTitle.choices, empty_label=EMPTY
    )
    affiliation = django_filters.CharFilter(label=_("Affiliation"), method="filter_affiliation")
    availability = django_filters.ChoiceFilter(
        label=_("Availability"), choices=Availability.choices, empty_label=EMPTY
    )

    class Meta:
        model = Expert
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["field"].queryset = term_choices()  # type: ignore[attr-defined]

    def filter_name(self, qs: QuerySet[Expert], name: str, value: str) -> QuerySet[Expert]:
        folded = fold(clean(value))
        return qs.filter(name_folded__contains=folded) if folded else qs

    def filter_field(self, qs: QuerySet[Expert], name: str, value: Term | None) -> QuerySet[Expert]:
        if value is None:
            return qs
        ids = with_descendants([value])
        return qs.filter(pk__in=Expert.fields.through.objects.filter(term_id__in=ids).values("expert_id"))

    def filter_affiliation(self, qs: QuerySet[Expert], name: str, value: str) -> QuerySet[Expert]:
        folded = fold(clean(value))
        if not folded:
            return qs
        return qs.filter(
            Q(affiliations__name_folded__contains=folded, affiliations__end__isnull=True)
        ).distinct()
