"""Login, password, profile, applicants' self-registration, and the administrator's user and
membership pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khcn.accounts import services, throttling
from khcn.accounts.forms import (
    KhcnPasswordChangeForm,
    LoginForm,
    MembershipForm,
    PasswordSetForm,
    RegistrationForm,
    RegistrationResendForm,
    UserCreateForm,
    UserEditForm,
)
from khcn.accounts.models import User
from khcn.accounts.permissions import user_policy
from khcn.accounts.selectors import membership_get, user_get, user_list
from khcn.accounts.types import AuthenticatedRequest
from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by, public, signed_in
from khcn.core.concurrency import STALE_VERSION, stale_form
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without

USERNAME_ERRORS = ("bad_username", "duplicate_username")
REGISTRATION_ERRORS = {  # the form field a refusal of ``applicant_register`` is about
    "weak_password": "password1",
    "organization_name_required": "organization_name",
    "bad_email": "email",
    "bad_kind": "kind",
}
REGISTERED_USERNAME = "khcn_registered_username"  # session key: prefills the login form


@public
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        # Just confirmed a registration (``register_confirm``): the username they were given.
        username = self.request.session.pop(REGISTERED_USERNAME, None)
        if username:
            initial["username"] = username
        return initial


@signed_in
class PasswordChangeView(auth_views.PasswordChangeView):
    """One's own password. A user whose password an administrator set is sent here until they
    change it (``khcn.accounts.middleware``); the page says why, and then goes home."""

    template_name = "accounts/password_change.html"
    form_class = KhcnPasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["must_change"] = getattr(self.request.user, "must_change_password", False)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        forced = getattr(self.request.user, "must_change_password", False)
        response = super().form_valid(form)
        services.user_password_changed(actor=self.request.user, user=self.request.user)  # type: ignore[arg-type]
        messages.success(self.request, _("Your password was changed."))
        return redirect("site:home") if forced else response


@signed_in
@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    return redirect("accounts:user_detail", pk=request.user.pk)


@guarded_by(user_policy)
@login_required
def user_list_view(request: AuthenticatedRequest) -> HttpResponse:
    user_policy.require(request.user, "add")
    q = request.GET.get("q", "")
    page = paginate(request, user_list(user=request.user, q=q))
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "q": q, "query": querystring_without(request, "page")},
    )


@guarded_by(user_policy)
@login_required
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    user_policy.require(request.user, "add")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error("username" if exc.code in USERNAME_ERRORS else None, exc.message)
        else:
            messages.success(request, _("The account was created. Now give it a role."))
            return redirect("accounts:user_detail", pk=created.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("New account")})


@guarded_by(user_policy)
@login_required
def user_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = user_get(user=request.user, pk=pk)
    tab = request.GET.get("tab", "overview")
    can_manage = user_policy.can(request.user, "manage_memberships", person)
    context: dict[str, Any] = {
        "person": person,
        "tab": tab,
        "can_change": user_policy.can(request.user, "change", person),
        "can_manage": can_manage,
        "memberships": person.memberships.select_related("organization", "council").order_by(
            "-valid_to", "role"
        ),
        "membership_form": MembershipForm() if can_manage else None,
    }
    if tab == "history":
        context["history"] = history_for(person)
    return render(request, "accounts/user_detail.html", context)


@guarded_by(user_policy)
@login_required
def user_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = user_get(user=request.user, pk=pk)
    user_policy.require(request.user, "change", person)
    fields = services.USER_EDITABLE_FIELDS
    initial = {f: getattr(person, f) for f in fields}
    form = UserEditForm(request.POST or None, initial={**initial, "version": person.version})
    if request.method == "POST" and form.is_valid():
        changed = {k: form.cleaned_data[k] for k in form.changed_data if k in fields}
        try:
            services.user_update(
                actor=request.user, user=person, version=form.cleaned_data["version"], **changed
            )
        except DomainError as exc:
            if exc.code == STALE_VERSION:
                form = stale_form(
                    form,
                    lambda data, initial: UserEditForm(data, initial=initial),
                    person,
                    fields,
                    exc.message,
                )
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("accounts:user_detail", pk=person.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": person}, "person": person},
    )


@guarded_by(user_policy)
@login_required
def user_password_reset(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A new password for a user who forgot theirs (administrators); they must change it at
    the next log-in."""
    person = user_get(user=request.user, pk=pk)
    user_policy.require(request.user, "change", person)
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.user_password_reset(
                actor=request.user, user=person, password=form.cleaned_data["password1"]
            )
        except DomainError as exc:
            form.add_error("password1" if exc.code == "weak_password" else None, exc.message)
        else:
            if updated.must_change_password:
                done = _("The new password is set. %(name)s must change it at the next log-in.")
            else:
                done = _("The new password is set.")
            messages.success(request, done % {"name": person})
            return redirect("accounts:user_detail", pk=person.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "title": _("New password for %(name)s") % {"name": person},
            "person": person,
        },
    )


@guarded_by(user_policy)
@login_required
@require_POST
def membership_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = user_get(user=request.user, pk=pk)
    user_policy.require(request.user, "manage_memberships", person)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            services.membership_add(actor=request.user, user=person, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The role was granted."))
    else:
        messages.error(request, _("Please check the role, agency and date."))
    return redirect("accounts:user_detail", pk=person.pk)


@guarded_by(user_policy)
@login_required
@require_POST
def membership_end(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    person = user_get(user=request.user, pk=pk)
    membership = membership_get(person=person, pk=membership_pk)
    services.membership_end(actor=request.user, membership=membership)
    messages.success(request, _("The role was ended."))
    return redirect("accounts:user_detail", pk=person.pk)


def _mail_sent(request: HttpRequest, email: str) -> HttpResponse:
    """The same answer whether or not the address has an account (no enumeration)."""
    return render(
        request,
        "accounts/register_sent.html",
        {"email": email, "days": f"{services.registration_link_days():g}"},
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_throttled.html", status=429)


@public
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """An applicant (an organisation's representative or an individual) registers; the account
    is activated from the link e-mailed to them. Anonymous visitors; throttled per address."""
    if request.user.is_authenticated:
        return redirect("site:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        email = services.normalize_email(data["email"])
        throttled = throttling.registration_throttled(request, email)
        if throttled == throttling.ADDRESS_THROTTLED:
            return _too_many(request)
        if throttled == throttling.EMAIL_THROTTLED:
            return _mail_sent(request, email)  # enough mail to that mailbox for now
        try:
            services.applicant_register(
                full_name=data["full_name"],
                email=email,
                password=data["password1"],
                kind=data["kind"],
                organization_name=data["organization_name"],
                phone=data["phone"],
                language=translation.get_language() or "",
            )
        except DomainError as exc:
            form.add_error(REGISTRATION_ERRORS.get(exc.code), exc.message)
        else:
            throttling.registration_attempted(request, email)
            return _mail_sent(request, email)
    return render(request, "accounts/register.html", {"form": form})


@public
@require_http_methods(["GET", "POST"])
def register_resend(request: HttpRequest) -> HttpResponse:
    """A new confirmation link (the first expired or never came). Anonymous visitors; the same
    answer whether or not the address has an account; throttled like ``register``."""
    if request.user.is_authenticated:
        return redirect("site:home")
    form = RegistrationResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = services.normalize_email(form.cleaned_data["email"])
        throttled = throttling.registration_throttled(request, email)
        if throttled == throttling.ADDRESS_THROTTLED:
            return _too_many(request)
        if throttled is None:
            services.applicant_resend(email=email, language=translation.get_language() or "")
            throttling.registration_attempted(request, email)
        return _mail_sent(request, email)
    return render(request, "accounts/register_resend.html", {"form": form})


@public
@require_http_methods(["GET"])
def register_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail: activates the account, then the login page."""
    try:
        user, activated = services.applicant_confirm(token=token)
    except DomainError as exc:
        return render(
            request,
            "accounts/register_confirm_failed.html",
            {"message": exc.message, "expired": exc.code == "link_expired"},
        )
    if request.user.is_authenticated:
        return redirect("site:home")
    request.session[REGISTERED_USERNAME] = user.username
    if activated:
        done = _(
            "Your e-mail address is confirmed and your account is active. Log in with the "
            "username %(username)s and your password."
        )
    else:
        done = _("This account is already active. Log in with the username %(username)s and your password.")
    messages.success(request, done % {"username": user.username})
    return redirect("accounts:login")


__all__ = ["LoginView", "PasswordChangeView", "User"]
