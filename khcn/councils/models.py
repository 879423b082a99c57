"""Councils (hội đồng). The foundation holds only what memberships need; the councils
module adds members' duties, conflicts of interest and scoring."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Council(models.Model):
    """An advisory council established by an agency for a purpose and a span of time."""

    name = models.CharField(_("name"), max_length=300)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("established by"),
        on_delete=models.PROTECT,
        related_name="councils",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["-established_on", "name"]

    def __str__(self) -> str:
        return self.name
