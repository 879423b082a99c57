"""The header's inbox link with the number of unread notifications: one indexed query, made
only when a page shows the header to a signed-in user; none for anonymous visitors."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from khcn.core.views_helpers import url_maker


class Inbox:
    def __init__(self, user: Any) -> None:
        self.user = user

    @property
    def url(self) -> str:
        return url_maker("notifications:notification_list", 0)()

    @cached_property
    def unread(self) -> int:
        from khcn.notifications.selectors import unread_count

        return unread_count(user=self.user)


def inbox(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox": None}
    return {"inbox": Inbox(user)}
