"""Small helpers shared by views: pagination, domain-error handling, confirmation steps."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse


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


_SENTINELS = (987654321, 987654322, 987654323)


@functools.cache
def _url_pattern(name: str, arity: int, prefix: str) -> str:
    url = reverse(name, args=list(_SENTINELS[:arity]))
    for index, sentinel in enumerate(_SENTINELS[:arity]):
        url = url.replace(str(sentinel), "{" + str(index) + "}")
    return url


def url_maker(name: str, arity: int = 1) -> Callable[..., str]:
    """``reverse(name, args=…)`` for many rows at once: the URL pattern is reversed once per
    process (and script prefix), then filled in (``url_maker("plans:plan_detail")(7)`` →
    ``/plans/7/``). Only for integer arguments."""
    pattern = _url_pattern(name, arity, get_script_prefix())
    return lambda *args: pattern.format(*(int(a) for a in args))
