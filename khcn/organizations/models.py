"""Agencies and units, with their names over time and their successors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khcn.core.models import ValiditySpanMixin, in_force_q
from khcn.organizations.choices import AliasKind, OrganizationKind, SuccessionKind


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def valid_on(self, day: dt.date) -> OrganizationQuerySet:
        return self.filter(in_force_q(day))

    def labelled(self) -> OrganizationQuerySet:
        """Annotate ``has_namesake`` (another agency bears the same official name), which
        ``Organization.label`` reads instead of asking the database once per agency."""
        namesakes = self.model._default_manager.filter(
            name_sort=OuterRef("name_sort"), name=OuterRef("name")
        ).exclude(pk=OuterRef("pk"))
        return self.annotate(has_namesake=Exists(namesakes))


def short_date(day: dt.date) -> str:
    """A date as Vietnamese administrative text writes it: the day with two digits, the month
    with a leading zero only for January and February (Decree 30/2020): "01/7/2025"."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


class Organization(ValiditySpanMixin, models.Model):
    """An agency or unit (cơ quan, đơn vị): a department, a People's Committee, a commune, an
    institute, an enterprise. It exists from ``valid_from`` to ``valid_to``; when it ends by a
    merger, a split or a transfer of duties, ``Succession`` rows name what replaced it.
    """

    name = models.CharField(_("official name"), max_length=255)
    name_sort = models.CharField(max_length=600, editable=False, db_index=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_("Agency identifier code for document exchange, if any."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: khcn.core.concurrency

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_sort", "id"]
        constraints = [
            models.CheckConstraint(
                name="organization_dates_ordered",
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
            ),
            models.CheckConstraint(name="organization_not_own_parent", condition=~Q(parent=models.F("id"))),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    @property
    def label(self) -> str:
        """The name as lists, choices and the history show it. An agency that has ended while
        another one bears the same name (the department re-established under that name on
        1 July 2025, most often) says until when: "Sở Y tế (trước 01/7/2025)". Asks the
        database once unless the query set was ``labelled()``; ``__str__`` stays the name."""
        if self.valid_to is None:
            return self.name
        namesake = getattr(self, "has_namesake", None)
        if namesake is None:
            namesake = (
                type(self)
                ._default_manager.filter(name_sort=self.name_sort, name=self.name)
                .exclude(pk=self.pk)
                .exists()
            )
            self.__dict__["has_namesake"] = namesake  # as labelled() would have it
        if not namesake:
            return self.name
        return gettext("%(name)s (before %(date)s)") % {
            "name": self.name,
            "date": short_date(self.valid_to + dt.timedelta(days=1)),
        }


class OrganizationAlias(ValiditySpanMixin, models.Model):
    """A name the agency is or was known by: official, short ("Sở KH&CN"), acronym ("SKHCN")
    or former name, with the dates the name was in use."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=AliasKind.choices, default=AliasKind.ALIAS)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency name")
        verbose_name_plural = _("agency names")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name", "kind"], name="alias_unique_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


class Succession(models.Model):
    """``predecessor`` ended on ``date`` − 1 day and ``successor`` took over its duties."""

    predecessor = models.ForeignKey(
        Organization, verbose_name=_("predecessor"), on_delete=models.CASCADE, related_name="successions_out"
    )
    successor = models.ForeignKey(
        Organization, verbose_name=_("successor"), on_delete=models.CASCADE, related_name="successions_in"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SuccessionKind.choices)
    date = models.DateField(_("effective date"))
    decision = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
            models.CheckConstraint(
                name="succession_not_self", condition=~Q(predecessor=models.F("successor"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.label} → {self.successor.label}"

    def as_dict(self) -> dict[str, Any]:
        return {"predecessor": self.predecessor_id, "successor": self.successor_id, "kind": self.kind}
