"""Small helpers shared by views: pagination, domain-error handling, confirmation steps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest,
    qs: QuerySet[Any] | Sequence[Any],
    per_page: int | None = None,
    *,
    param: str = "page",
) -> Page:
    """One page of ``qs`` (a query set or a list); a bad or out-of-range page number gives the
    nearest valid page."""
    paginator = Paginator(qs, per_page or settings.KHCN_PAGE_SIZE)
    return paginator.get_page(request.GET.get(param))


def is_confirmed(request: HttpRequest) -> bool:
    """True on the second POST of a two-step (check, then confirm) destructive action."""
    return request.method == "POST" and request.POST.get("confirm") == "1"


def querystring_without(request: HttpRequest, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()
