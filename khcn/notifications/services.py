"""Writes of the notifications app.

``notify`` is how other services tell people something: it is not a user's action (the
calling service checked its own policy), so it checks no policy and writes no audit event of
its own. It creates the inbox rows in the caller's transaction and, after that transaction
commits, queues one e-mail per recipient with an address (``tasks.send_emails``): a rolled-back
action e-mails no one, and a failing mail server never breaks the action (it is logged).

Subjects and bodies are English msgids marked with ``gettext_noop``, their placeholders filled
from ``params`` (plain values, dates already formatted): each reader sees them in their own
language (``Notification.subject_text``).

Marking a notification read is the reader's own business: not audited.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from khcn.accounts.models import User
from khcn.notifications.models import Notification
from khcn.notifications.permissions import notification_policy

logger = logging.getLogger(__name__)


def safe_url(url: str) -> str:
    """``url`` if it is a path on this site ("/councils/7/"), else "" (another site's address,
    a scheme, a protocol-relative "//host" or "/\\host" is never followed)."""
    url = (url or "").strip()
    if not url.startswith("/") or url.startswith("//") or url.startswith("/\\"):
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=set(), require_https=False):
        return ""
    return url


def absolute_url(path: str) -> str:
    """The link to ``path`` from outside the site (an e-mail), from ``KHCN_SITE_URL``."""
    return settings.KHCN_SITE_URL.rstrip("/") + path if path else ""


def _language_of(user: User) -> str:
    """The recipient's language: their own preference where the account has one, otherwise
    the site's."""
    preferred = getattr(user, "language", "") or ""
    codes = {code for code, _name in settings.LANGUAGES}
    return preferred if preferred in codes else settings.LANGUAGE_CODE


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | None],
    subject: str,
    body: str = "",
    url: str = "",
    code: str = "",
    params: Mapping[str, Any] | None = None,
) -> list[Notification]:
    """Tell ``recipients`` (users; None and inactive accounts are skipped, each user once)
    something: an inbox row each, and an e-mail after commit to those with an address."""
    seen: dict[int, User] = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk not in seen:
            seen[user.pk] = user
    if not seen:
        return []
    values = {str(k): v if isinstance(v, int | float) else str(v) for k, v in (params or {}).items()}
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                subject=str(subject)[:255],
                body=str(body),
                params=values,
                url=safe_url(url),
                code=code[:100],
            )
            for user in seen.values()
        ]
    )
    ids = [n.pk for n in created if n.recipient.email and not n.recipient.is_demo]
    if ids:
        from khcn.notifications.tasks import send_emails

        transaction.on_commit(lambda: send_emails.enqueue(ids), robust=True)
    return created


def email_send(ids: Iterable[int]) -> int:
    """Send the e-mail of each notification ``ids`` not sent yet, in its recipient's language;
    marks ``emailed_at``. A failure is logged and the others go on. Returns how many were sent."""
    sent = 0
    rows = list(
        Notification.objects.filter(pk__in=list(ids), emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
    )
    if not rows:
        return 0
    try:
        connection = get_connection()
    except Exception:
        logger.exception("notifications: no e-mail connection; %d e-mail(s) not sent", len(rows))
        return 0
    for notification in rows:
        user = notification.recipient
        if not user.email:
            continue
        try:
            with translation.override(_language_of(user)):
                context = {
                    "notification": notification,
                    "user": user,
                    "link": absolute_url(notification.url),
                    "inbox": absolute_url(reverse("notifications:notification_list")),
                    "site_name": settings.KHCN_SITE_NAME,
                }
                subject = f"[{settings.KHCN_SITE_NAME}] {notification.subject_text}"
                text = render_to_string("notifications/email.txt", context)
            EmailMessage(
                subject=" ".join(subject.split()),
                body=text,
                to=[user.email],
                connection=connection,
            ).send()
        except Exception:
            logger.exception(
                "notifications: e-mail of notification %s to user %s failed", notification.pk, user.pk
            )
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def notification_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one of the actor's notifications read (again: keeps the first reading)."""
    notification_policy.require(actor, "view", notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def notifications_read_all(*, actor: User) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    notification_policy.require(actor, "view")
    return notification_policy.visible(actor, Notification.objects.filter(read_at__isnull=True)).update(
        read_at=timezone.now()
    )
