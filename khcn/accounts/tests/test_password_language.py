"""Django's password messages read in Vietnamese: the validators' errors (Django 5.2's
"too short" msgid is missing from its own Vietnamese catalogue: the project's supplies it,
``khcn.core.django_messages``) and the password change form."""

from __future__ import annotations

import inspect

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation

from khcn.accounts.choices import Role
from khcn.core import django_messages

pytestmark = pytest.mark.django_db


def _errors(password: str, user: object, language: str) -> list[str]:
    with translation.override(language):
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            return list(exc.messages)
    return []


def test_every_password_validator_speaks_vietnamese(make_user):
    user = make_user(Role.AGENCY_REPORTER)
    for password in ("1234", "password", user.username):
        vi, en = _errors(password, user, "vi"), _errors(password, user, "en")
        assert vi and len(vi) == len(en)
        untranslated = set(vi) & set(en)
        assert not untranslated, f"{password!r}: still in English in Vietnamese: {untranslated}"
    assert "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in _errors("1234", user, "vi")


def test_the_password_change_page_shows_the_errors_in_vietnamese(client, make_user):
    user = make_user(Role.AGENCY_REPORTER)
    client.force_login(user)
    response = client.post(
        "/accounts/password/", {"old_password": "wrong", "new_password1": "1234", "new_password2": "1234"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn" in page and "This password is too short" not in page
    assert "too common" not in page and "entirely numeric" not in page


def test_the_django_messages_the_project_translates_are_still_djangos():
    """Each msgid in ``khcn.core.django_messages`` is one Django still uses (a Django upgrade that
    rewords it leaves a dead translation and the new wording in English)."""
    from django.contrib.auth import validators
    from django.core import validators as core_validators

    sources = "".join(inspect.getsource(m) for m in (password_validation, validators, core_validators))
    sources = " ".join(sources.split()).replace('" "', "")
    # (The plural one, the password length, is checked by the validators' test above.)
    for msgid in django_messages.MESSAGES:
        assert msgid in sources, f"Django no longer says {msgid!r}"
        with translation.override("vi"):
            assert translation.gettext(msgid) != msgid
