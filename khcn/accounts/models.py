"""People and their memberships (user × agency or council × role)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.accounts.choices import COUNCIL_ROLES, ApplicantKind, Role
from khcn.core.models import in_force_q


class User(AbstractUser):
    """A person who logs in to KHCN. ``full_name`` is the Vietnamese name as written."""

    full_name = models.CharField(_("full name"), max_length=150)
    full_name_sort = models.CharField(max_length=600, blank=True, db_index=True, editable=False)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Demo accounts can log in only when demo mode is on."),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_(
            "The password was set by an administrator: the user must choose their own at the next "
            "log-in before doing anything else."
        ),
    )
    version = models.PositiveIntegerField(default=1)  # optimistic locking: khcn.core.concurrency
    # Raised when the user's memberships, or the agencies they name, change: the key under which
    # each process keeps the user's active memberships (khcn.accounts.roles.memberships_of).
    roles_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name_sort", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: Any = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(in_force_q(day))


class Membership(models.Model):
    """A user's role in one agency or one council, for a span of time.

    Council roles need a council; every other role except system administrator and
    applicant needs an agency.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role__in=sorted(COUNCIL_ROLES), council__isnull=False, organization__isnull=True)
                    | Q(role__in=[Role.SYSADMIN, Role.APPLICANT], council__isnull=True)
                    | (
                        ~Q(role__in=[*sorted(COUNCIL_ROLES), Role.SYSADMIN, Role.APPLICANT])
                        & Q(organization__isnull=False, council__isnull=True)
                    )
                ),
            ),
            models.CheckConstraint(
                name="membership_dates_ordered",
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        scope = self.organization or self.council
        role = self.get_role_display()
        return f"{self.user} — {role}" + (f" — {scope}" if scope else "")


class Registration(models.Model):
    """An applicant who registered themselves on the site (``services.applicant_register``):
    what they said about themselves, and when they confirmed their e-mail address. The account
    stays inactive until then; ``confirmed_at`` empty means the confirmation is pending."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="registration"
    )
    kind = models.CharField(_("registers as"), max_length=20, choices=ApplicantKind.choices)
    organization_name = models.CharField(_("organisation"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.CheckConstraint(
                name="registration_representative_names_organization",
                condition=~Q(kind=ApplicantKind.REPRESENTATIVE) | ~Q(organization_name=""),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class RegistrationAttempt(models.Model):
    """One request for a confirmation e-mail (registering or asking for a new link), kept for a
    while so that the pages cannot be used to send mail in bulk (``throttling``). The address
    is kept as a keyed digest, not as written."""

    ip_address = models.CharField(max_length=64, blank=True)
    email_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["ip_address", "created_at"], name="registration_attempt_ip"),
            models.Index(fields=["email_digest", "created_at"], name="registration_attempt_email"),
        ]

    def __str__(self) -> str:
        return f"{self.ip_address} {self.created_at:%Y-%m-%d %H:%M}"
