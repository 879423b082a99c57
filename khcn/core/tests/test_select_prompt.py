"""Select boxes offer "— Chọn … —", not Django's "---------", on every form (the project's form
renderer, ``khcn.core.forms.FormRenderer``), and keep an empty label a form sets itself."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import DJANGO_BLANK_LABEL, select_prompt

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    parent = forms.ModelChoiceField(label=_("Role"), queryset=ContentType.objects.all(), required=False)
    kind = forms.TypedChoiceField(
        label="UBND", choices=[("", DJANGO_BLANK_LABEL), ("a", "A")], required=False
    )
    own = forms.ModelChoiceField(label="Own", queryset=ContentType.objects.all(), empty_label="— none —")
    plain = forms.ChoiceField(choices=[("", DJANGO_BLANK_LABEL), ("a", "A")])


def _render(language: str) -> str:
    with translation.override(language):
        return str(_Form().as_div())


def test_select_boxes_prompt_in_the_page_language():
    vi, en = _render("vi"), _render("en")
    assert DJANGO_BLANK_LABEL not in vi and DJANGO_BLANK_LABEL not in en
    assert '<option value="" selected>— Chọn vai trò —</option>' in vi
    assert '<option value="" selected>— Choose role —</option>' in en
    # An abbreviation keeps its capitals; a field without a label gets the bare prompt.
    assert "— Chọn UBND —" in vi
    assert '<option value="" selected>— Chọn —</option>' in vi
    # An empty label the form chose is kept.
    assert "— none —" in vi


def test_the_prompt_does_not_leak_into_the_field_definitions():
    _render("vi")
    assert _Form.base_fields["parent"].empty_label == DJANGO_BLANK_LABEL  # type: ignore[attr-defined]
    assert next(iter(_Form.base_fields["kind"].choices)) == ("", DJANGO_BLANK_LABEL)  # type: ignore[attr-defined]
    with translation.override("en"):
        assert select_prompt("") == "— Choose —"
        assert select_prompt("Agency") == "— Choose agency —"
