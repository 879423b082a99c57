from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """The site's name and whether demo mode is on (the menu comes from ``khcn.site``)."""
    return {"khcn_site_name": settings.KHCN_SITE_NAME, "demo_mode": settings.KHCN_DEMO}
