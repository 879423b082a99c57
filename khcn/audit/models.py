"""The append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are never deleted.")

    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class AuditEvent(models.Model):
    """One change made through a service: who, when, what, before → after, and why.

    Written by services in the same transaction as the change (``khcn.audit.services.record``);
    the application never updates or deletes a row. Each event carries the hash of the one
    before it and its own (``khcn.audit.chain``), so a row changed, removed or added behind the
    application's back shows up in ``manage.py audit_verify``.
    """

    # Set by record() before the hash is computed (hence not auto_now_add, which sets it later).
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField("previous hash", max_length=64, blank=True, default="", editable=False)
    hash = models.CharField("hash", max_length=64, blank=True, default="", editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-occurred_at"], name="audit_target_idx")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit events are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are never deleted.")


class AuditChainHead(models.Model):
    """The newest link of the audit chain: the id and hash of the newest event (one row, pk 1).

    ``record()`` locks this row (``select_for_update``) to chain each event to the one before
    it, so concurrent transactions chain one after the other, never to the same predecessor.
    Created by the first ``record()`` (or the migration that chained existing events).
    """

    PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=PK, editable=False)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "audit chain head"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"#{self.last_id} {self.last_hash}"
