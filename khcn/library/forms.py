"""The library's forms: a record's description, a file, a step's note, a collection."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khcn.accounts.choices import Role
from khcn.classifications.selectors import field_terms
from khcn.core.concurrency import VersionField
from khcn.core.forms import CleanCharField, DateField
from khcn.core.uploads import accept_attribute
from khcn.library.choices import Access, Language, RecordType
from khcn.library.models import Collection
from khcn.library.services import FILE_KINDS
from khcn.organizations.models import Organization


class RecordForm(forms.Form):
    collection = forms.ModelChoiceField(label=_("Collection"), queryset=Collection.objects.all())
    kind = forms.ChoiceField(label=_("Type"), choices=RecordType.choices)
    title = CleanCharField(label=pgettext_lazy("library record", "Title"), max_length=1000)
    title_en = CleanCharField(label=_("English title"), max_length=1000, required=False)
    authors = forms.CharField(
        label=_("Authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, in order. Names matching the experts registry are linked."),
    )
    abstract = forms.CharField(label=_("Abstract"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.VI)
    issued_year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    issued_on = DateField(label=_("Date issued"), required=False)
    publisher = CleanCharField(label=_("Publisher"), max_length=255, required=False)
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations"), queryset=Organization.objects.none(), required=False
    )
    terms: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Fields"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )
    keywords = CleanCharField(
        label=_("Keywords"), max_length=1000, required=False, help_text=_("Separated by ';'.")
    )
    isbn = CleanCharField(label=_("ISBN"), max_length=20, required=False)
    issn = CleanCharField(label=_("ISSN"), max_length=9, required=False)
    doi = CleanCharField(label=_("DOI"), max_length=255, required=False)
    patent_number = CleanCharField(label=_("Patent number"), max_length=60, required=False)
    task_code = CleanCharField(label=_("S&T task code"), max_length=30, required=False)
    rights = CleanCharField(label=_("Rights"), max_length=500, required=False)
    access = forms.ChoiceField(
        label=_("Who may open the files"), choices=Access.choices, initial=Access.PUBLIC
    )
    access_roles = forms.MultipleChoiceField(
        label=_("Roles allowed"),
        choices=[(r.value, r.label) for r in Role],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When the files are restricted to roles."),
    )
    embargo_until = DateField(
        label=_("Embargoed until"), required=False, help_text=_("When the files are embargoed.")
    )
    version = VersionField()

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:  # a new record has no version yet
            del self.fields["version"]
        terms = field_terms()
        self.fields["terms"].queryset = terms  # type: ignore[attr-defined]
        self.fields["terms"].label_from_instance = lambda t: f"{t.code} {t.name}"  # type: ignore[attr-defined]
        self.fields["organizations"].queryset = Organization.objects.valid_on(timezone.localdate())  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["authors"] = [line for line in (data.get("authors") or "").splitlines() if line.strip()]
        data["access_roles"] = ",".join(data.get("access_roles") or [])
        data["fields"] = list(data.pop("terms", None) or [])
        return data


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(FILE_KINDS)})
    )
    description = CleanCharField(label=_("Description"), max_length=255, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CollectionForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=60, help_text=_("Letters, digits and hyphens: ket-qua-nhiem-vu.")
    )
    name = CleanCharField(label=_("Name"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HarvestForm(forms.Form):
    """The repository a collection is harvested from (OAI-PMH)."""

    url = forms.URLField(
        label=_("OAI-PMH base URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The address harvesters use, e.g. https://repository.example.edu.vn/oai/request."),
    )
    set_spec = CleanCharField(
        label=_("OAI-PMH set"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to harvest the whole repository."),
    )
