"""Input forms of the experts registry: shape only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.classifications.selectors import term_choices
from khcn.core.concurrency import VersionField
from khcn.core.forms import CleanCharField, DateField
from khcn.experts.choices import AcademicTitle, Availability, Degree, Gender, Relation
from khcn.organizations.forms import OrganizationChoiceField, active_organizations


class TermMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"

    def clean(self, value: Any) -> Any:
        # "?terms=" (an empty choice in a shared link) means no field, not an error.
        if isinstance(value, list | tuple):
            value = [v for v in value if v not in ("", None)]
        return super().clean(value)


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class ExpertForm(forms.Form):
    full_name = CleanCharField(label=_("Full name"), max_length=200)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900, max_value=2100)
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=_blank(Gender.choices))
    academic_title = forms.ChoiceField(
        label=_("Academic title"), required=False, choices=_blank(AcademicTitle.choices)
    )
    degree = forms.ChoiceField(label=_("Degree"), required=False, choices=_blank(Degree.choices))
    terms = TermMultipleChoiceField(
        label=_("Fields"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_("The national S&T fields and the plan's priority fields; hold Ctrl to pick several."),
    )
    position = CleanCharField(label=_("Position"), max_length=255, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = CleanCharField(label=_("Phone"), max_length=40, required=False)
    languages = CleanCharField(label=_("Languages"), max_length=255, required=False)
    publications = CleanCharField(
        label=_("Publications"), required=False, multiline=True, widget=forms.Textarea(attrs={"rows": 4})
    )
    past_tasks = CleanCharField(
        label=_("Past S&T tasks"), required=False, multiline=True, widget=forms.Textarea(attrs={"rows": 4})
    )
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices)
    public_profile_consent = forms.BooleanField(
        label=_("I agree that signed-in users see my name, title, degree, fields and affiliation"),
        required=False,
    )
    organization = OrganizationChoiceField(
        label=_("Current agency (in the registry)"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    organization_name = CleanCharField(
        label=_("Or: current organisation"),
        max_length=255,
        required=False,
        help_text=_("A university, an institute or an enterprise that is not in the agency registry."),
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["terms"].queryset = term_choices()  # type: ignore[attr-defined]
        if editing:
            del self.fields["organization"]
            del self.fields["organization_name"]
        else:
            self.fields["organization"].queryset = active_organizations()  # type: ignore[attr-defined]
            del self.fields["version"]


class AffiliationForm(forms.Form):
    organization = OrganizationChoiceField(
        label=_("Agency (in the registry)"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    organization_name = CleanCharField(label=_("Or: organisation"), max_length=255, required=False)
    position = CleanCharField(label=_("Position"), max_length=255, required=False)
    start = DateField(label=_("From"), required=False)
    end_current = forms.BooleanField(label=_("Ends the current affiliation"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = active_organizations()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organization") and not data.get("organization_name"):
            raise forms.ValidationError(_("Choose an agency or type the organisation's name."))
        return data


class SanctionForm(forms.Form):
    reason = CleanCharField(label=_("Reason"), max_length=2000)
    decision = CleanCharField(label=_("Decision"), max_length=255, required=False)
    start = DateField(label=_("From"))
    end = DateField(label=_("To"), required=False)


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.titled_name}{f' ({obj.birth_year})' if obj.birth_year else ''}"


class RelativeForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    relative = ExpertChoiceField(label=_("Relative"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = experts  # type: ignore[attr-defined]


class SuggestForm(forms.Form):
    text = CleanCharField(
        label=_("What the experts are for"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The title and summary of the proposal, application or task."),
    )
    terms = TermMultipleChoiceField(label=_("Fields"), queryset=None, required=False)  # type: ignore[arg-type]
    organization = OrganizationChoiceField(
        label=_("Applicant or host agency"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    organization_name = CleanCharField(
        label=_("Or: applicant or host organisation"), max_length=255, required=False
    )
    people = CleanCharField(
        label=_("People on the team"),
        multiline=True,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One full name per line: the principal investigator, the secretary, the main members."),
    )
    as_of = DateField(label=_("Session date"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["terms"].queryset = term_choices()  # type: ignore[attr-defined]
        self.fields["organization"].queryset = active_organizations()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text") and not data.get("terms"):
            raise forms.ValidationError(_("Describe the work or choose at least one field."))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class MappingForm(forms.Form):
    """Which column of the file holds each field of the profile."""

    def __init__(
        self, *args: Any, headers: list[str], targets: list[tuple[str, Any, Any]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((str(i), h or f"#{i + 1}") for i, h in enumerate(headers))]
        for key, label, _words in targets:
            self.fields[key] = forms.ChoiceField(label=label, choices=choices, required=key == "full_name")

    def mapping(self) -> dict[str, int | None]:
        return {k: int(v) if v not in ("", None) else None for k, v in self.cleaned_data.items()}
