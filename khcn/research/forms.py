from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.classifications.selectors import field_terms
from khcn.core.concurrency import VersionField
from khcn.core.forms import CleanCharField, DateField
from khcn.core.uploads import accept_attribute
from khcn.research.choices import Method, TaskType


class CallForm(forms.Form):
    version = VersionField(required=False)
    title = CleanCharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("For the year"), min_value=2000, max_value=2100)
    opens_on = DateField(label=_("Opens on"))
    closes_on = DateField(label=_("Closes on"))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The call cannot close before it opens."))
        return data


class ProposalForm(forms.Form):
    """A proposal (phiếu đề xuất đặt hàng nhiệm vụ KH&CN)."""

    version = VersionField(required=False)
    title = CleanCharField(label=_("Proposed task"), max_length=500)
    organization_name = CleanCharField(
        label=_("Proposing organisation"),
        max_length=255,
        required=False,
        help_text=_("Leave empty when you propose in your own name."),
    )
    terms: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Fields"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_("At least one, from the national list of S&T fields."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    urgency = forms.CharField(
        label=_("Why it is needed"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    expected_results = forms.CharField(
        label=_("Expected results and products"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    users = forms.CharField(
        label=_("Who will apply the results"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), required=False, min_value=1, max_value=120
    )
    budget = forms.IntegerField(
        label=_("Estimated budget (VND)"),
        required=False,
        min_value=0,
        max_value=1_000_000_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000000"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = field_terms()
        self.fields["terms"].queryset = terms  # type: ignore[attr-defined]
        self.fields["terms"].label_from_instance = lambda t: f"{t.code} {t.name}"  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("terms", None)
        return data


class SendForm(forms.Form):
    """Hand the screened proposals to an identification council."""

    council: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Identification council"),
        queryset=None,  # type: ignore[arg-type]
    )
    proposals: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Proposals"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, councils: Any, proposals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils  # type: ignore[attr-defined]
        self.fields["proposals"].queryset = proposals  # type: ignore[attr-defined]
        self.fields["proposals"].label_from_instance = lambda p: f"{p.title} — {p.proposed_by}"  # type: ignore[attr-defined]


class OrderListForm(forms.Form):
    """The decision approving the ordering list, and per proposal on it how the host is chosen
    and the type of task."""

    number = CleanCharField(
        label=_("Decision number"), max_length=60, help_text=_("For example 345/QĐ-UBND.")
    )
    decided_on = DateField(label=_("Signed on"))
    signer_position = CleanCharField(label=_("Signer's position"), max_length=120, required=False)
    signer_name = CleanCharField(label=_("Signed by"), max_length=120, required=False)
    file = forms.FileField(
        label=_("Signed decision (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(("pdf",))}),
    )


class OrderMethodsForm(forms.Form):
    """Per proposal on the ordering list: how its host is chosen and the type of task."""

    def __init__(self, *args: Any, proposals: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for p in proposals:
            self.fields[f"method_{p.pk}"] = forms.ChoiceField(
                label=_("How the host is chosen"), choices=Method.choices
            )
            self.fields[f"type_{p.pk}"] = forms.ChoiceField(label=_("Type of task"), choices=TaskType.choices)

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """Per proposal: the proposal, its method field and its type field (bound)."""
        return [(p, self[f"method_{p.pk}"], self[f"type_{p.pk}"]) for p in self.proposals]

    def choices_made(self) -> tuple[dict[int, str], dict[int, str]]:
        data = self.cleaned_data
        return (
            {p.pk: data[f"method_{p.pk}"] for p in self.proposals},
            {p.pk: data[f"type_{p.pk}"] for p in self.proposals},
        )
