"""The search index: one row per indexed object, written only by ``khcn.search.services``."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """What the search box knows about one object of a registered model.

    ``title`` and ``body`` are the display text (NFC, as written) used for the result title
    and the excerpt. The four ``*_exact`` / ``*_folded`` columns are what the full-text
    engines index: the same words as space-separated tokens, lower-cased NFC ("exact") and
    folded (no diacritics, đ→d). On SQLite the FTS5 table ``search_fts`` mirrors them through
    triggers; on PostgreSQL a generated ``document`` tsvector column with a GIN index is built
    from them (both created by migration ``0002``, invisible to the ORM).
    """

    content_type = models.ForeignKey(ContentType, verbose_name=_("type"), on_delete=models.CASCADE)
    object_id = models.BigIntegerField(_("object id"))
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    title_exact = models.TextField(blank=True, editable=False)
    body_exact = models.TextField(blank=True, editable=False)
    title_folded = models.TextField(blank=True, editable=False)
    body_folded = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(_("indexed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique_object"),
        ]

    def __str__(self) -> str:
        return self.title
