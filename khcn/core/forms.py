"""Form helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khcn.core.text import clean

# A text box in dd/mm/yyyy: the browser's date picker would follow the browser's language
# (mm/dd/yyyy on an English Windows), which misleads Vietnamese users.
DATE_INPUT = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "maxlength": "10"},
    format="%d/%m/%Y",
)


class DateField(forms.DateField):
    """A date typed as dd/mm/yyyy or picked in the browser's date widget."""

    widget = DATE_INPUT

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"])
        super().__init__(**kwargs)


class CleanCharField(forms.CharField):
    """A CharField whose value is NFC, stripped, with runs of spaces collapsed (line by line
    when ``multiline``, empty lines dropped)."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        if self.multiline:
            return "\n".join(line for line in (clean(raw) for raw in text.splitlines()) if line)
        return clean(text)


CONFIRM_HELP = _("Check what will happen, then confirm.")


# --- Select boxes: a prompt in the reader's language instead of Django's "---------" -----------

# Django's blank choice label (``ModelChoiceField.empty_label``, ``BLANK_CHOICE_DASH`` of model
# fields with choices and blank=True).
DJANGO_BLANK_LABEL = "---------"


def select_prompt(label: Any) -> str:
    """``— Chọn cơ quan —`` / ``— Choose agency —``: the empty choice of a select box named by
    its field's label (first letter lowered unless the label starts with an abbreviation)."""
    if not label:
        return gettext("— Choose —")
    text = str(label)
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return gettext("— Choose %(field)s —") % {"field": text}


class BoundField(forms.BoundField):
    """A bound field whose select box offers a prompt, not "---------", as its empty choice.

    Every form gets it through the project's form renderer (``FORM_RENDERER``), so no form
    needs to set ``empty_label`` itself; a label a form does set (``"— The plan as a whole —"``)
    is kept. The field is the form's own copy (forms deep-copy their fields), so changing its
    choices here changes no other form."""

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_BLANK_LABEL:
                field.empty_label = select_prompt(field.label)
        elif isinstance(field, forms.ChoiceField) and not isinstance(field.choices, ModelChoiceIterator):
            choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
            if any(value == "" and label == DJANGO_BLANK_LABEL for value, label in choices):
                prompt = select_prompt(field.label)
                field.choices = [
                    (value, prompt if value == "" and label == DJANGO_BLANK_LABEL else label)
                    for value, label in choices
                ]


class FormRenderer(DjangoTemplates):
    """The project's form renderer (``settings.FORM_RENDERER``): Django's templates, with
    :class:`BoundField` for every form."""

    bound_field_class = BoundField
