"""Who may read a notification: its recipient, and no one else (not even an administrator:
an inbox is personal). ``view`` without an object: any signed-in user has an inbox."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from khcn.core.permissions import Policy
from khcn.notifications.models import Notification


class NotificationPolicy(Policy):
    actions = ("view",)

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if obj is None:
            return True
        assert isinstance(obj, Notification)
        return obj.recipient_id == user.pk

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if not self.can(user, action):
            return qs.none()
        return qs.filter(recipient=user)


notification_policy = NotificationPolicy()
