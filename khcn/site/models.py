"""What the site layer keeps of its own: which demo loaders have run on this database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoLoad(models.Model):
    """A demo loader (``khcn.core.plugins.DemoLoader``) that has loaded its data here. A module
    added later gets its demo data on the next ``seed_demo``; the others are not loaded twice."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo data loaded")
        verbose_name_plural = _("demo data loaded")
        ordering = ["loaded_at", "id"]

    def __str__(self) -> str:
        return self.name
