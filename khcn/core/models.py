"""Shared models: versioned rule sets."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSet(models.Model):
    """One version of a set of rule parameters (deadlines, pass marks, weights…) that takes
    effect on ``effective_from``. Versions are never edited: a change is a new version.
    Look them up with ``khcn.core.rules.rule_get(code, as_of=...)``.
    """

    code = models.CharField(_("code"), max_length=100, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    effective_from = models.DateField(_("effective from"))
    parameters = models.JSONField(_("parameters"), default=dict)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="ruleset_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.effective_from:%d/%m/%Y})"


def in_force_q(day: dt.date, *, prefix: str = "") -> models.Q:
    """Rows whose ``valid_from``/``valid_to`` span (either end open) contains ``day``."""
    return (
        models.Q(**{f"{prefix}valid_from__isnull": True}) | models.Q(**{f"{prefix}valid_from__lte": day})
    ) & (models.Q(**{f"{prefix}valid_to__isnull": True}) | models.Q(**{f"{prefix}valid_to__gte": day}))


class ValiditySpanMixin:
    """``is_valid_on(day)`` for models with nullable ``valid_from``/``valid_to`` dates."""

    valid_from: dt.date | None
    valid_to: dt.date | None

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )
