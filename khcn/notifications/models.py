"""A notification: one message to one user, kept in their inbox and sent by e-mail.

``subject`` and ``body`` hold the English msgids (``gettext_noop``) and ``params`` what fills
their placeholders: the inbox shows them in the reader's language and the e-mail in the
recipient's, whatever the language of whoever caused them. Text that is no msgid shows as is.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _render(text: str, params: dict[str, Any]) -> str:
    translated = gettext(text) if text else ""
    if not params:
        return translated
    try:
        return translated % params
    except (KeyError, ValueError, TypeError):
        return translated


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    params = models.JSONField(default=dict, blank=True)
    # A path on this site ("/councils/7/"), never another site's address.
    url = models.CharField(_("link"), max_length=500, blank=True)
    # What caused it ("councils.session_scheduled"): reminders look for the last one sent.
    code = models.CharField(_("kind"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "code", "created_at"], name="notification_code"),
        ]

    def __str__(self) -> str:
        return self.subject_text

    @property
    def subject_text(self) -> str:
        """The subject in the active language."""
        return _render(self.subject, self.params)

    @property
    def body_text(self) -> str:
        """The message in the active language."""
        return _render(self.body, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
