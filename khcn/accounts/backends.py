"""Authentication backend: demo accounts log in only in demo mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class KhcnModelBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.KHCN_DEMO:
            return False
        return super().user_can_authenticate(user)
