from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.core.concurrency import VersionField
from khcn.core.forms import CleanCharField, DateField
from khcn.core.uploads import accept_attribute
from khcn.councils import rules as council_rules
from khcn.councils import selectors
from khcn.councils.choices import CouncilKind, MemberRole

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


def _rubric_choices() -> list[tuple[str, Any]]:
    return [("", _("— No score sheet —")), *selectors.rubric_choices()]


class CouncilForm(forms.Form):
    """A new council (the DOST): its name, kind, the agency that establishes it, the rubric its
    members score on (selection and direct-assignment councils)."""

    version = VersionField(required=False)
    name = CleanCharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=CouncilKind.choices)
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Established by"),
        queryset=None,  # type: ignore[arg-type]
    )
    rubric = forms.ChoiceField(
        label=_("Score sheet"),
        choices=(),
        required=False,
        help_text=_("The rubric the members score on; councils that rate or vote need none."),
    )

    def __init__(self, *args: Any, organizations: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubric"].choices = _rubric_choices()  # type: ignore[attr-defined]
        if editing:  # the kind and the establishing agency are fixed once created
            del self.fields["kind"], self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind and not data.get("rubric") and selectors.method_of_kind(kind) == council_rules.SCORES:
            self.add_error("rubric", _("This kind of council scores: choose its score sheet."))
        return data


class SeatForm(forms.Form):
    """Seat an expert from the registry with a role."""

    expert = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role in the council"), choices=MemberRole.choices)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MemberForm(forms.Form):
    """A member who is not in the experts registry (no conflict check is possible)."""

    full_name = CleanCharField(label=_("Full name"), max_length=160)
    affiliation = CleanCharField(label=_("Title, degree and affiliation"), max_length=255, required=False)
    role = forms.ChoiceField(label=_("Role in the council"), choices=MemberRole.choices)
    username = CleanCharField(
        label=_("Account (user name)"),
        max_length=150,
        required=False,
        help_text=_(
            "When the member signs in to fill their sheets; otherwise the secretary transcribes them."
        ),
    )


class ItemForm(forms.Form):
    title = CleanCharField(
        label=_("What the council evaluates"),
        max_length=2000,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    organization_names = CleanCharField(
        label=_("Applicant and partner organisations"),
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line; members who work there are blocked for this item."),
    )
    people = CleanCharField(
        label=_("Principal investigator, secretary and main members"),
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One full name per line; these people and their declared close relatives are blocked."),
    )


class ReasonForm(forms.Form):
    reason = CleanCharField(label=_("Reason"), max_length=500)


class DecisionForm(forms.Form):
    number = CleanCharField(
        label=_("Decision number"), max_length=60, help_text=_("For example 125/QĐ-SKHCN.")
    )
    date = DateField(label=_("Signed on"))
    signer_position = CleanCharField(label=_("Signer's position"), max_length=120, required=False)
    signer_name = CleanCharField(label=_("Signed by"), max_length=120, required=False)
    file = forms.FileField(
        label=_("Signed decision (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(("pdf",))}),
    )


class ScheduleForm(forms.Form):
    date = DateField(label=_("Date"))
    time = forms.TimeField(
        label=_("Time"),
        input_formats=["%H:%M", "%Hh%M", "%Hg%M", "%H"],
        widget=forms.TimeInput(attrs={"placeholder": "08:00", "inputmode": "numeric"}, format="%H:%M"),
    )
    place = CleanCharField(label=_("Place"), max_length=255, required=False)
    note = CleanCharField(
        label=_("Why the council meets again"),
        max_length=1000,
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, reconvene: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reconvene:
            self.fields["note"].required = True
        else:
            del self.fields["note"]


class MinutesForm(forms.Form):
    version = VersionField(required=False)
    minutes = forms.CharField(
        label=_("Conclusions and required revisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("They go into the council's minutes."),
    )


class TranscribeForm(forms.Form):
    scan = forms.FileField(
        label=_("Scan of the paper sheet"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(("pdf", "png", "jpeg"))}),
    )
