"""Input forms of the classifications: shape only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.path}. {(obj.heading or obj.text)[:120]}"


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class PriorityFromPlanForm(forms.Form):
    plan = PlanChoiceField(label=_("Plan"), queryset=None)  # type: ignore[arg-type]
    item = PlanItemChoiceField(
        label=_("Item whose sub-items are the priority fields"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_("For example II.3: its items a–g become the fields."),
    )

    def __init__(self, *args: Any, plans: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
