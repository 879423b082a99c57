"""Account forms: shape only; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from khcn.accounts.choices import ApplicantKind, Role
from khcn.core.concurrency import VersionField
from khcn.core.forms import CleanCharField, DateField
from khcn.councils.models import Council
from khcn.organizations.forms import OrganizationChoiceField, active_organizations


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Note that the password is case-sensitive."),
        "inactive": _("This account is inactive."),
    }


class KhcnPasswordChangeForm(PasswordChangeForm):
    """Django's form; a password an administrator set must be replaced by another one."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        password = data.get("new_password2")
        if (
            password
            and getattr(self.user, "must_change_password", False)
            and self.user.check_password(password)
        ):
            self.add_error(
                "new_password2",
                forms.ValidationError(
                    _("Choose a password different from the one the administrator set."), code="same_password"
                ),
            )
        return data


class UserCreateForm(forms.Form):
    username = CleanCharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters a–z without diacritics, digits and . _ -, for example nguyen.van.a."),
    )
    full_name = CleanCharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    job_title = CleanCharField(label=_("Job title"), max_length=150, required=False)
    phone = CleanCharField(label=_("Phone"), max_length=30, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        strip=False,
        help_text=_("The person must change it at the first log-in."),
    )


class PasswordSetForm(forms.Form):
    """A new password that an administrator gives a user who forgot theirs."""

    password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("The person must change it at the next log-in."),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class UserEditForm(forms.Form):
    version = VersionField()
    full_name = CleanCharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    job_title = CleanCharField(label=_("Job title"), max_length=150, required=False)
    phone = CleanCharField(label=_("Phone"), max_length=30, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organization = OrganizationChoiceField(label=_("Agency"), queryset=active_organizations(), required=False)
    council = forms.ModelChoiceField(label=_("Council"), queryset=Council.objects.all(), required=False)
    valid_from = DateField(label=_("From"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = active_organizations()  # type: ignore[attr-defined]
        self.fields["council"].queryset = Council.objects.filter(dissolved_on__isnull=True)  # type: ignore[attr-defined]


class RegistrationForm(forms.Form):
    """An applicant registers themselves (``services.applicant_register`` decides)."""

    kind = forms.ChoiceField(
        label=_("I register as"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.REPRESENTATIVE,
        help_text=_(
            "An organisation (institute, school, company…) that proposes or hosts S&T tasks "
            "registers through its representative; a person may also register for themselves."
        ),
    )
    organization_name = CleanCharField(
        label=_("Organisation name"),
        max_length=255,
        required=False,
        help_text=_("Required for an organisation's representative: its full name."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    full_name = CleanCharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send a link to this address: open it to activate your account."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = CleanCharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_(
            "At least 8 characters, not only digits, not a common password and not like your name or e-mail."
        ),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ApplicantKind.REPRESENTATIVE and not data.get("organization_name"):
            self.add_error("organization_name", _("Enter the name of the organisation you represent."))
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class RegistrationResendForm(forms.Form):
    """Ask for a new confirmation link."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The address you registered with."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
