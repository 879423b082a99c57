"""Writes to accounts: users and memberships. Only system administrators manage them, except
that applicants register themselves (``applicant_register``) and confirm their e-mail address."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.choices import COUNCIL_ROLES, ApplicantKind, Role
from khcn.accounts.models import Membership, Registration, User
from khcn.accounts.permissions import user_policy
from khcn.audit import registry
from khcn.audit.services import diff, record, snapshot
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, collation_key, fold

logger = logging.getLogger(__name__)

USER_CREATED = registry.register("accounts.user.created", gettext_lazy("Account created"))
USER_UPDATED = registry.register("accounts.user.updated", gettext_lazy("Account changed"))
PASSWORD_CHANGED = registry.register("accounts.user.password_changed", gettext_lazy("Password changed"))
PASSWORD_RESET = registry.register(
    "accounts.user.password_reset", gettext_lazy("Password set by an administrator")
)
MEMBERSHIP_ADDED = registry.register("accounts.membership.added", gettext_lazy("Role granted"))
MEMBERSHIP_ENDED = registry.register("accounts.membership.ended", gettext_lazy("Role ended"))

registry.register_field("memberships", gettext_lazy("roles"))


def _membership_recorded(membership: Membership) -> dict[str, str]:
    """A role as the audit log keeps it: the role's code (shown in the reader's language), and
    the agency or council it is held in."""
    scope = membership.organization or membership.council
    return {"role": membership.role, "scope": str(scope) if scope else ""}


def _membership_shown(value: Any, target: Any = None) -> Any:
    """A recorded role as people read it; events recorded before codes were kept hold text."""
    if not isinstance(value, dict):
        return value
    code = str(value.get("role") or "")
    role = dict(Role.choices).get(code, code)
    return " — ".join(str(part) for part in (role, value.get("scope")) if part)


registry.describe(User, values={"memberships": _membership_shown})
registry.register_field("must_change_password", gettext_lazy("must change password"))

# Usernames are typed on any keyboard and end up in e-mails, logs and URLs: plain ASCII.
USERNAME_RE = re.compile(r"^[a-z0-9._-]+$")

USER_FIELDS = ("username", "full_name", "email", "job_title", "phone", "is_active", "must_change_password")
USER_EDITABLE_FIELDS = ("full_name", "email", "job_title", "phone", "is_active")


def roles_changed(*users: User) -> None:
    """The users' memberships (or the agencies and councils they name) changed: raise their
    ``roles_version`` in the caller's transaction, so that no process uses the old ones."""
    User.objects.filter(pk__in=[u.pk for u in users]).update(roles_version=F("roles_version") + 1)
    for user in users:
        user.roles_version += 1
        user.__dict__.pop("_khcn_memberships", None)


def members_changed(*, organization_ids: Any = (), council_ids: Any = ()) -> None:
    """Agencies or councils were renamed or changed: their members' memberships show them."""
    ids = User.objects.filter(
        Q(memberships__organization_id__in=list(organization_ids))
        | Q(memberships__council_id__in=list(council_ids))
    ).values_list("pk", flat=True)
    User.objects.filter(pk__in=list(set(ids))).update(roles_version=F("roles_version") + 1)


def username_suggestion(username: str) -> str:
    """The username folded to what is allowed: "Nguyễn Văn A" → "nguyen.van.a"."""
    folded = re.sub(r"[^a-z0-9._-]+", ".", fold(clean(username)))
    return re.sub(r"\.{2,}", ".", folded).strip("._-")


def username_check(username: str) -> str:
    """The username cleaned and in lower case, or a ``DomainError`` (``bad_username``) saying
    which characters are allowed and suggesting the folded form."""
    username = clean(username).lower()
    if not username or USERNAME_RE.fullmatch(username):
        return username
    suggestion = username_suggestion(username)
    if suggestion:
        message = _(
            "A username may contain only the letters a–z (without diacritics), digits and the "
            "characters . _ - with no spaces, for example “%(suggestion)s”."
        ) % {"suggestion": suggestion}
    else:
        message = _(
            "A username may contain only the letters a–z (without diacritics), digits and the "
            "characters . _ - with no spaces."
        )
    raise DomainError(message, code="bad_username")


def _reindex(user: User) -> None:
    from khcn.search.tasks import schedule_reindex

    schedule_reindex(User, [user.pk])


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str,
    email: str = "",
    job_title: str = "",
    phone: str = "",
    is_demo: bool = False,
    must_change_password: bool | None = None,
) -> User:
    """Create an account. System administrators only (or ``actor=None`` from a command that
    has its own authority, e.g. demo data). The username is ASCII (``username_check``); the
    password must pass the validators. An account an administrator creates must change its
    password at the first log-in (``must_change_password``, by default: an ``actor`` and not a
    demo account, whose printed password must keep working). Audited."""
    if actor is not None:
        user_policy.require(actor, "add")
    username = username_check(username)
    full_name = clean(full_name)
    if not username or not full_name:
        raise DomainError(_("Username and full name are required."), code="required")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is already taken."), code="duplicate_username")
    user = User(
        username=username,
        full_name=full_name,
        full_name_sort=collation_key(full_name),
        email=clean(email),
        job_title=clean(job_title),
        phone=clean(phone),
        is_demo=is_demo,
        must_change_password=(actor is not None and not is_demo)
        if must_change_password is None
        else must_change_password,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="weak_password") from exc
    user.set_password(password)
    user.save()
    record(actor=actor, action=USER_CREATED, target=user, changes=diff({}, snapshot(user, USER_FIELDS)))
    _reindex(user)
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, version: int | None = None, **fields: Any) -> User:
    """Change an account's details or deactivate it. System administrators. A change made from
    an older ``version`` (someone saved the account meanwhile) is refused. Audited."""
    user_policy.require(actor, "change", user)
    if set(fields) - set(USER_EDITABLE_FIELDS):
        raise ValueError(f"Not editable: {sorted(set(fields) - set(USER_EDITABLE_FIELDS))}")
    if fields.get("is_active") is False and user.pk == actor.pk:
        raise DomainError(_("You cannot deactivate your own account."), code="self_deactivate")
    locked = User.objects.select_for_update().get(pk=user.pk)
    check_version(locked, version, _("Someone else changed this account while you were editing it."))
    before = snapshot(locked, USER_FIELDS)
    for key, value in fields.items():
        setattr(locked, key, clean(value) if isinstance(value, str) else value)
    locked.full_name_sort = collation_key(locked.full_name)
    locked.save()
    changes = diff(before, snapshot(locked, USER_FIELDS))
    if changes:
        record(actor=actor, action=USER_UPDATED, target=locked, changes=changes)
        _reindex(locked)
    return locked


@transaction.atomic
def user_password_changed(*, actor: User, user: User) -> None:
    """Record that ``user`` changed their password (Django's form sets it), which ends a demand
    to change the one an administrator set. Audited."""
    changes = {}
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
        changes = {"must_change_password": [True, False]}
    record(actor=actor, action=PASSWORD_CHANGED, target=user, changes=changes)


@transaction.atomic
def user_password_reset(*, actor: User, user: User, password: str) -> User:
    """Give ``user`` a new password (they forgot theirs): system administrators, for another
    account (one's own is changed on the password page). The user must change it at the next
    log-in, except a demo account; their open sessions end. Audited (not the password)."""
    user_policy.require(actor, "change", user)
    if user.pk == actor.pk:
        raise DomainError(_("Change your own password on the password page."), code="own_password")
    locked = User.objects.select_for_update().get(pk=user.pk)
    try:
        validate_password(password, locked)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="weak_password") from exc
    before = locked.must_change_password
    locked.set_password(password)
    locked.must_change_password = not locked.is_demo
    locked.save(update_fields=["password", "must_change_password"])
    record(
        actor=actor,
        action=PASSWORD_RESET,
        target=locked,
        changes={"must_change_password": [before, locked.must_change_password]}
        if before != locked.must_change_password
        else {},
    )
    return locked


@transaction.atomic
def membership_add(
    *,
    actor: User | None,
    user: User,
    role: str,
    organization: Any = None,
    council: Any = None,
    valid_from: dt.date | None = None,
) -> Membership:
    """Give ``user`` a role in an agency or a council. System administrators. Audited."""
    if actor is not None:
        user_policy.require(actor, "manage_memberships", user)
    if role not in Role.values:
        raise DomainError(_("Unknown role."), code="bad_role")
    if role in COUNCIL_ROLES:
        if council is None:
            raise DomainError(_("A council role needs a council."), code="council_required")
        organization = None
    elif role in (Role.SYSADMIN, Role.APPLICANT):
        council = None
    else:
        if organization is None:
            raise DomainError(_("This role needs an agency."), code="organization_required")
        if organization.valid_to is not None:
            raise DomainError(_("This agency has ended; choose its successor."), code="organization_ended")
        council = None
    if (
        Membership.objects.active()
        .filter(user=user, role=role, organization=organization, council=council)
        .exists()
    ):
        raise DomainError(_("The user already has this role."), code="duplicate_membership")
    membership = Membership.objects.create(
        user=user, role=role, organization=organization, council=council, valid_from=valid_from
    )
    roles_changed(user)
    record(
        actor=actor,
        action=MEMBERSHIP_ADDED,
        target=user,
        changes={"memberships": [None, _membership_recorded(membership)]},
    )
    _reindex(user)
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership, on: dt.date | None = None) -> Membership:
    """End a membership (from ``on``, today by default); it stays on record. Audited."""
    user_policy.require(actor, "manage_memberships", membership.user)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    day = on or timezone.localdate()
    end = day - dt.timedelta(days=1)
    if locked.valid_from and end < locked.valid_from:
        locked.delete()  # never took effect
    else:
        locked.valid_to = end
        locked.save(update_fields=["valid_to"])
    roles_changed(membership.user)
    record(
        actor=actor,
        action=MEMBERSHIP_ENDED,
        target=membership.user,
        changes={"memberships": [_membership_recorded(membership), None]},
    )
    _reindex(membership.user)
    return locked


# --- Applicants who register themselves ----------------------------------------------------
# An applicant (an organisation's representative or an individual) creates their own account
# on the public registration page. It stays inactive until they open the link e-mailed to them
# (a signed token that expires after KHCN_REGISTRATION_LINK_DAYS, 3 by default). The pages never
# say whether an address already has an account: the same "check your mailbox" follows, and the
# mail tells the address's owner what they need (a new link, or that they have an account).

REGISTERED = registry.register("accounts.user.registered", gettext_lazy("Registered on the website"))
REGISTRATION_CONFIRMED = registry.register(
    "accounts.user.registration_confirmed", gettext_lazy("E-mail address confirmed, account activated")
)
registry.describe(User, parts=(Registration,))

REGISTRATION_SALT = "khcn.accounts.registration"
REGISTRATION_LINK_DAYS = 3
# What the e-mail sent after a registration or a request for a new link says.
MAIL_CONFIRM = "confirm"  # the confirmation link
MAIL_ACCOUNT_EXISTS = "exists"  # the address already has an active account
REGISTRATION_MAILS = (MAIL_CONFIRM, MAIL_ACCOUNT_EXISTS)


def registration_link_days() -> float:
    return float(getattr(settings, "KHCN_REGISTRATION_LINK_DAYS", REGISTRATION_LINK_DAYS))


def normalize_email(email: str) -> str:
    """An e-mail address as it is stored and compared: stripped, NFC, lower case."""
    return clean(email).lower()


def _registration_username(email: str) -> str:
    """A free username from the e-mail address's local part ("Lan.Nguyen@…" → "lan.nguyen",
    then "lan.nguyen.2", …): usernames stay plain ASCII (``USERNAME_RE``)."""
    base = (username_suggestion(email.split("@", 1)[0]) or "ungvien")[:140]
    taken = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base).values_list("username", flat=True)
    }
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}.{number}"
    return candidate


def _account_for_email(email: str) -> User | None:
    """The account with this e-mail address (the oldest, should an administrator have given
    the same address to several)."""
    return User.objects.filter(email__iexact=email).order_by("pk").first()


def _pending(user: User) -> Registration | None:
    """The user's registration if it still waits for the e-mail confirmation (and nobody
    activated the account meanwhile), else None."""
    registration = Registration.objects.filter(user=user).first()
    if registration is None or registration.confirmed_at is not None or user.is_active:
        return None
    return registration


def _mail_after_commit(user: User, mail: str, language: str) -> None:
    from khcn.accounts.tasks import send_registration_email

    transaction.on_commit(
        lambda: send_registration_email.enqueue(user.pk, mail, language),
        robust=True,
    )


def _language(language: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


@transaction.atomic
def applicant_register(
    *,
    full_name: str,
    email: str,
    password: str,
    kind: str,
    organization_name: str = "",
    phone: str = "",
    language: str = "",
) -> User | None:
    """Register an applicant from the public page: an inactive account with the applicant role,
    and, after commit, an e-mail with the confirmation link (in ``language``). Audited.

    If the address already has an account, nothing is created and None is returned; the mail
    then goes to that address instead: a new link if the account still waits for its
    confirmation, a note that the account exists if it is active (nothing to a deactivated
    account). The caller shows the same page either way. Bad input raises ``DomainError``."""
    email = normalize_email(email)
    full_name = clean(full_name)
    organization_name = clean(organization_name)
    language = _language(language)
    if not full_name or not email:
        raise DomainError(_("Full name and e-mail are required."), code="required")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(_("Enter a valid e-mail address."), code="bad_email") from exc
    if kind not in ApplicantKind.values:
        raise DomainError(_("Say whether you register for an organisation or yourself."), code="bad_kind")
    if kind == ApplicantKind.REPRESENTATIVE and not organization_name:
        raise DomainError(
            _("Enter the name of the organisation you represent."), code="organization_name_required"
        )
    if kind == ApplicantKind.INDIVIDUAL:
        organization_name = ""
    user = User(
        full_name=full_name,
        full_name_sort=collation_key(full_name),
        email=email,
        phone=clean(phone),
        is_active=False,
    )
    # The password is checked and hashed before looking the address up: neither the answer nor
    # the time it takes may tell whether the address has an account.
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="weak_password") from exc
    user.set_password(password)
    existing = _account_for_email(email)
    if existing is not None:
        if _pending(existing) is not None:
            _mail_after_commit(existing, MAIL_CONFIRM, language)
        elif existing.is_active and not existing.is_demo:
            _mail_after_commit(existing, MAIL_ACCOUNT_EXISTS, language)
        return None
    user.username = _registration_username(email)
    user.save()
    registration = Registration.objects.create(user=user, kind=kind, organization_name=organization_name)
    record(
        actor=None,
        action=REGISTERED,
        target=user,
        changes=diff(
            {},
            {**snapshot(user, USER_FIELDS), **snapshot(registration, ("kind", "organization_name"))},
        ),
    )
    membership_add(actor=None, user=user, role=Role.APPLICANT)
    _mail_after_commit(user, MAIL_CONFIRM, language)
    return user


@transaction.atomic
def applicant_resend(*, email: str, language: str = "") -> None:
    """Someone asks for a new confirmation link for ``email``: after commit, the account still
    waiting for its confirmation gets one, an active account a note that it exists; an unknown
    address gets nothing. The caller shows the same page either way."""
    email = normalize_email(email)
    existing = _account_for_email(email) if email else None
    if existing is None:
        return
    if _pending(existing) is not None:
        _mail_after_commit(existing, MAIL_CONFIRM, _language(language))
    elif existing.is_active and not existing.is_demo:
        _mail_after_commit(existing, MAIL_ACCOUNT_EXISTS, _language(language))


def registration_token(user: User) -> str:
    """The signed token of the confirmation link: the account and its address, timestamped."""
    return TimestampSigner(salt=REGISTRATION_SALT).sign_object({"u": user.pk, "e": user.email}, compress=True)


@transaction.atomic
def applicant_confirm(*, token: str) -> tuple[User, bool]:
    """Activate the account the confirmation link names: ``(user, True)``; ``(user, False)``
    if it was confirmed already (opening the link twice is harmless). An expired link raises
    ``DomainError`` (``link_expired``), a broken or altered one, or one for an account an
    administrator has deactivated since, ``link_invalid``. Audited."""
    signer = TimestampSigner(salt=REGISTRATION_SALT)
    invalid = DomainError(_("This confirmation link is not valid."), code="link_invalid")
    try:
        data = signer.unsign_object(token, max_age=dt.timedelta(days=registration_link_days()))
    except SignatureExpired as exc:
        raise DomainError(_("This confirmation link has expired."), code="link_expired") from exc
    except (BadSignature, ValueError) as exc:
        raise invalid from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise invalid
    user = User.objects.select_for_update().filter(pk=data["u"]).first()
    if user is None or not user.email or normalize_email(user.email) != data.get("e"):
        raise invalid
    registration = Registration.objects.select_for_update().filter(user=user).first()
    if registration is None:
        raise invalid
    if registration.confirmed_at is not None:
        if user.is_active:
            return user, False
        raise invalid  # deactivated by an administrator after the confirmation
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["confirmed_at"])
    user.is_active = True
    user.version += 1
    user.save(update_fields=["is_active", "version"])
    record(
        actor=None,
        action=REGISTRATION_CONFIRMED,
        target=user,
        changes={"is_active": [False, True]},
    )
    _reindex(user)
    return user, True


def registration_email_send(*, user_id: int, mail: str, language: str) -> bool:
    """Send the e-mail ``mail`` (``MAIL_CONFIRM`` or ``MAIL_ACCOUNT_EXISTS``) to the account
    ``user_id``, in ``language``; the confirmation link is signed now, so that it never waits
    in a queue. A failure is logged, not raised. Returns whether a mail was sent."""
    from khcn.notifications.services import absolute_url

    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email or mail not in REGISTRATION_MAILS:
        return False
    if mail == MAIL_CONFIRM and _pending(user) is None:
        return False  # confirmed (or deactivated) while the mail waited
    with translation.override(_language(language)):
        context = {
            "user": user,
            "site_name": settings.KHCN_SITE_NAME,
            "days": f"{registration_link_days():g}",
            "login": absolute_url(reverse("accounts:login")),
            "resend": absolute_url(reverse("accounts:register_resend")),
        }
        if mail == MAIL_CONFIRM:
            token = registration_token(user)
            context["link"] = absolute_url(reverse("accounts:register_confirm", kwargs={"token": token}))
            subject = _("Confirm your e-mail address to activate your account")
        else:
            subject = _("You already have an account")
        body = render_to_string(f"accounts/email/registration_{mail}.txt", context)
        subject = f"[{settings.KHCN_SITE_NAME}] {subject}"
    try:
        EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
    except Exception:
        logger.exception("accounts: registration e-mail (%s) to user %s failed", mail, user.pk)
        return False
    return True
