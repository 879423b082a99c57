from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """The site's name, whether demo mode is on (the menu comes from ``khcn.site``), and the
    site's language, in which text kept once for every reader is written (the search index):
    pages mark such text with it (``lang="{{ site_language }}"``) whatever their own language."""
    return {
        "khcn_site_name": settings.KHCN_SITE_NAME,
        "demo_mode": settings.KHCN_DEMO,
        "site_language": settings.LANGUAGE_CODE,
    }
