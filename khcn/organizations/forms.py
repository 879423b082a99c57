"""Input forms of the agency registry: shape only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.core.concurrency import VersionField
from khcn.core.forms import CleanCharField, DateField
from khcn.organizations.choices import AliasKind, OrganizationKind
from khcn.organizations.models import Organization


def active_organizations() -> Any:
    return Organization.objects.filter(valid_to__isnull=True).order_by("name_sort")


class OrganizationChoiceField(forms.ModelChoiceField):
    """Agencies by ``Organization.label``: an ended one sharing its name with another says until
    when (give a ``labelled()`` query set when ended agencies are among the choices)."""

    def label_from_instance(self, obj: Organization) -> str:
        return obj.label


class OrganizationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.label


class FilterForm(forms.Form):
    q = CleanCharField(label=_("Name or abbreviation"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("In operation")), ("ended", _("Ended")), ("all", _("All"))],
    )
    as_of = DateField(label=_("Existing on"), required=False)


class OrganizationForm(forms.Form):
    name = CleanCharField(label=_("Official name"), max_length=255)
    short_name = CleanCharField(
        label=_("Short name"),
        max_length=100,
        required=False,
        help_text=_(
            "As lists show it, e.g. Sở KH&CN, Sở Y tế, UBND xã Đất Mũi; acronyms go in the other names."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    parent = OrganizationChoiceField(
        label=_("Parent agency"), queryset=Organization.objects.none(), required=False
    )
    code = CleanCharField(label=_("Code"), max_length=40, required=False)
    valid_from = DateField(label=_("Established on"), required=False)
    description = CleanCharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    aliases = CleanCharField(
        multiline=True,
        label=_("Other names"),
        required=False,
        max_length=2000,
        help_text=_("One per line, e.g. abbreviations such as SKHCN."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = active_organizations()  # type: ignore[attr-defined]
        if editing:
            del self.fields["name"]
            del self.fields["aliases"]
            self.fields["version"] = VersionField()

    def clean_aliases(self) -> list[str]:
        return [line for line in self.cleaned_data["aliases"].splitlines() if line]


class AliasForm(forms.Form):
    name = CleanCharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (AliasKind.SHORT, AliasKind.SHORT.label),
            (AliasKind.ALIAS, AliasKind.ALIAS.label),
            (AliasKind.FORMER, AliasKind.FORMER.label),
        ],
        initial=AliasKind.ALIAS,
    )


class RenameForm(forms.Form):
    new_name = CleanCharField(label=_("New official name"), max_length=255)
    new_short_name = CleanCharField(label=_("New short name"), max_length=100, required=False)
    date = DateField(label=_("Effective date"))
    decision = CleanCharField(label=_("Legal basis (decision)"), max_length=255, required=False)


class MergeForm(forms.Form):
    sources = OrganizationMultipleChoiceField(
        label=_("Agencies to merge"),
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘ on a Mac) to choose several."),
    )
    target = OrganizationChoiceField(
        label=_("Into an existing agency"), queryset=Organization.objects.none(), required=False
    )
    new_name = CleanCharField(label=_("…or into a new agency named"), max_length=255, required=False)
    new_kind = forms.ChoiceField(
        label=_("Kind of the new agency"), choices=OrganizationKind.choices, required=False
    )
    date = DateField(label=_("Effective date"))
    decision = CleanCharField(label=_("Legal basis (decision)"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = active_organizations()  # type: ignore[attr-defined]
        self.fields["target"].queryset = active_organizations()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("target")) == bool(data.get("new_name")):
            raise forms.ValidationError(
                _("Choose an existing agency or give the name of a new one, not both.")
            )
        return data


class SplitForm(forms.Form):
    existing = OrganizationMultipleChoiceField(
        label=_("Existing agencies that take over"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    new_names = CleanCharField(
        multiline=True,
        label=_("New agencies (one name per line)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    new_kind = forms.ChoiceField(
        label=_("Kind of the new agencies"), choices=OrganizationKind.choices, required=False
    )
    date = DateField(label=_("Effective date"))
    decision = CleanCharField(label=_("Legal basis (decision)"), max_length=255, required=False)

    def __init__(self, *args: Any, organization: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = active_organizations()
        if organization is not None:
            qs = qs.exclude(pk=organization.pk)
            self.fields["new_kind"].initial = organization.kind
        self.fields["existing"].queryset = qs  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["new_names"] = [line for line in (data.get("new_names") or "").splitlines() if line]
        if not data["new_names"] and not data.get("existing"):
            raise forms.ValidationError(_("Name at least one agency that takes over."))
        return data


class ResolveForm(forms.Form):
    name = CleanCharField(label=_("Name as written in a document"), max_length=255)
    as_of = DateField(label=_("Date of the document"), required=False)
