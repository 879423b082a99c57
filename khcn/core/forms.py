"""Form helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms
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
