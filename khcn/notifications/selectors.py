"""Reads of the notifications app, restricted by ``notification_policy``: a user's inbox,
one of their notifications, their unread count (the header's badge)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from khcn.accounts.models import User
from khcn.notifications.models import Notification
from khcn.notifications.permissions import notification_policy


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first (one query per page: nothing is joined)."""
    return notification_policy.visible(user, Notification.objects.all()).order_by("-created_at", "-pk")


def notification_get(*, user: User, pk: int) -> Notification:
    """One of the user's notifications; another user's is a 404, not a 403."""
    notification_policy.require(user, "view")
    return get_object_or_404(notification_policy.visible(user, Notification.objects.all()), pk=pk)


def unread_count(*, user: User) -> int:
    """One indexed query (recipient, read_at)."""
    return notification_policy.visible(user, Notification.objects.filter(read_at__isnull=True)).count()
