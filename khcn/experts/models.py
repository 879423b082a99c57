"""The experts registry (nguồn nhân lực KH&CN): profiles, affiliations, sanctions, relatives."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.experts.choices import AcademicTitle, Availability, Degree, Gender, Relation


class Expert(models.Model):
    """A scientist or expert. Personal data (Decree 13/2023/NĐ-CP): contacts and relatives are
    shown only to the DOST and the expert; others see the limited profile, and only with
    ``public_profile_consent`` (``permissions.ExpertPolicy``)."""

    full_name = models.CharField(_("full name"), max_length=200)
    name_sort = models.CharField(max_length=600, editable=False, db_index=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    # The folded words of the profile (position, publications, past tasks, fields, affiliations)
    # as "|word|pair of words|…|": what "suggest experts" narrows its candidates with in SQL.
    words = models.TextField(editable=False, blank=True, default="")
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    academic_title = models.CharField(
        _("academic title"), max_length=5, choices=AcademicTitle.choices, blank=True
    )
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices, blank=True)
    fields = models.ManyToManyField(
        "classifications.Term", verbose_name=_("fields"), blank=True, related_name="experts"
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(_("languages"), max_length=255, blank=True)
    publications = models.TextField(_("publications"), blank=True)
    past_tasks = models.TextField(_("past S&T tasks"), blank=True)
    availability = models.CharField(
        _("availability"), max_length=12, choices=Availability.choices, default=Availability.AVAILABLE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    public_profile_consent = models.BooleanField(_("agrees to a limited public profile"), default=False)
    is_generated = models.BooleanField(default=False, editable=False)  # demo data
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: khcn.core.concurrency

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name_sort", "id"]
        constraints = [
            models.CheckConstraint(
                name="expert_birth_year_plausible",
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("experts:detail", args=[self.pk])

    @property
    def titled_name(self) -> str:
        """ "PGS.TS. Nguyễn Văn An", as Vietnamese documents write it."""
        prefix = ".".join(
            p for p in (self.academic_title, self.degree if self.degree != "other" else "") if p
        )
        return f"{prefix}. {self.full_name}" if prefix else self.full_name

    def current_affiliations(self) -> list[Affiliation]:
        """Affiliations without an end (uses the prefetched ``affiliations``)."""
        return [a for a in self.affiliations.all() if a.end is None]


class Affiliation(models.Model):
    """Where the expert works or worked: an agency of the registry or, for a university, an
    institute or an enterprise not in it, its name as text."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert_affiliations",
    )
    organization_name = models.CharField(_("organisation name"), max_length=255, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["end", "-start", "id"]
        constraints = [
            models.CheckConstraint(
                name="affiliation_names_an_organisation",
                condition=Q(organization__isnull=False) | ~Q(organization_name=""),
            ),
            models.CheckConstraint(
                name="affiliation_dates_ordered",
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return (
            self.organization.name if self.organization_id and self.organization else self.organization_name
        )


class Sanction(models.Model):
    """A sanction that bars the expert from councils or tasks for a time."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="sanctions"
    )
    reason = models.TextField(_("reason"))
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                name="sanction_dates_ordered", condition=Q(end__isnull=True) | Q(end__gte=models.F("start"))
            )
        ]

    def __str__(self) -> str:
        return self.reason[:80]

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class Relative(models.Model):
    """A close relative the expert declared who is also in the registry."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="relatives"
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    relative = models.ForeignKey(
        Expert, verbose_name=_("relative"), on_delete=models.CASCADE, related_name="declared_by"
    )

    class Meta:
        verbose_name = _("close relative")
        verbose_name_plural = _("close relatives")
        ordering = ["relation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["expert", "relative"], name="relative_once"),
            models.CheckConstraint(name="relative_not_self", condition=~Q(relative=models.F("expert"))),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.relative}"
