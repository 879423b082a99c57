"""Classification schemes (the national list of S&T fields, a plan's priority fields) and their
terms. Any record carries several terms through a ``ManyToManyField("classifications.Term")``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scheme(models.Model):
    """A list of codes: "linh-vuc-khcn-2008" (Decision 12/2008/QĐ-BKHCN) or a plan's priority
    fields (``plan`` set: built from the plan's items)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    source = models.TextField(_("source"), blank=True)
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classification_schemes",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("classification scheme")
        verbose_name_plural = _("classification schemes")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """One code of a scheme ("101 Toán học và thống kê"), under its parent ("1")."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="terms"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("English name"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    ordering = models.PositiveIntegerField(_("order"), default=0)
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("classification term")
        verbose_name_plural = _("classification terms")
        ordering = ["scheme", "ordering", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="term_code_unique_per_scheme")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def label(self) -> str:
        return str(self)
