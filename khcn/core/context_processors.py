from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict[str, Any]:
    def nav() -> dict[str, bool]:
        from khcn.accounts.permissions import user_policy

        user = getattr(request, "user", None)
        return {"users": bool(user and user_policy.can(user, "add"))}

    return {
        "khcn_site_name": settings.KHCN_SITE_NAME,
        "demo_mode": settings.KHCN_DEMO,
        "perms_nav": SimpleLazyObject(nav),
    }
