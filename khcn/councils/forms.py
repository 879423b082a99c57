from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.core.concurrency import VersionField
from khcn.core.forms import CleanCharField
from khcn.councils import rules as council_rules

RATING_CHOICES = [("xuat_sac", _("Excellent")), ("dat", _("Pass")), ("khong_dat", _("Fail"))]
VOTE_CHOICES = [("yes", _("Implement")), ("no", _("Do not implement"))]


class SheetForm(forms.Form):
    """A member's sheet: one box per criterion of the rubric (0 to its maximum), or a rating,
    or a vote; comments. The service checks again what the form checks."""

    version = VersionField(required=False)
    comments = CleanCharField(
        label=_("Comments"), required=False, multiline=True, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, method: str, criteria: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.method, self.criteria = method, criteria
        if method == council_rules.SCORES:
            for c in criteria:
                self.fields[f"c{c['number']}"] = forms.DecimalField(
                    label=f"{c['number']}. {c['name']}",
                    min_value=0,
                    max_value=c["max"],
                    decimal_places=2,
                    help_text=_("From 0 to %(max)s points.") % {"max": c["max"]},
                    widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
                )
        elif method == council_rules.RATINGS:
            self.fields["rating"] = forms.ChoiceField(
                label=_("Rating"), choices=RATING_CHOICES, widget=forms.RadioSelect
            )
        else:
            self.fields["vote"] = forms.ChoiceField(
                label=_("Vote"), choices=VOTE_CHOICES, widget=forms.RadioSelect
            )
        self.order_fields(
            [*(f for f in self.fields if f.startswith("c") and f[1:].isdigit()), "rating", "vote", "comments"]
        )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "scores": {c["number"]: data[f"c{c['number']}"] for c in self.criteria}
            if self.method == council_rules.SCORES
            else None,
            "rating": data.get("rating", ""),
            "vote": data.get("vote", ""),
            "comments": data.get("comments", ""),
        }
