"""The search results page (and its type-ahead partial)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.search import registry
from khcn.search.query import MAX_QUERY_CHARS
from khcn.search.selectors import SearchGroup, SearchResults, search_grouped, search_results

PAGE_SIZE = 20
PARTIAL_SIZE = 8
GROUP_SIZE = 5  # hits shown of each type when the hits are of several types
MAX_PAGE = 500


def _page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def _policies() -> list[Any]:
    """The policy of every kind of object the search can find (each app registers its own in its
    ``search.py``, read when the apps are ready, before the URLconf): the results page asks
    each of them, through ``search_results``."""
    return list(dict.fromkeys(r.policy for r in registry.registrations()))


@guarded_by(*_policies())
@login_required
@require_GET
def search_view(request: AuthenticatedRequest) -> HttpResponse:
    """``GET ?q=…``: the hits the user may see, grouped by type — each type's label, count and
    best five, and a link to all of them (``&type=plans.plan``, 20 a page, ``&page=…``). Hits
    of one type only are listed 20 a page at once.

    ``&partial=1`` returns only the list, best first whatever the type (for htmx type-ahead
    under the header box).
    """
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_CHARS]
    partial = request.GET.get("partial") == "1"
    registrations = {reg.model_label: reg for reg in registry.registrations()}
    kind = registrations.get(request.GET.get("type") or "")
    size = PARTIAL_SIZE if partial else PAGE_SIZE
    number = 1 if partial else _page_number(request.GET.get("page"))
    types = [kind.model_label] if kind is not None else None
    groups: list[SearchGroup] = []
    if partial or kind is not None or number > 1:
        results = search_results(
            user=request.user, query=query, limit=size, offset=(number - 1) * size, types=types
        )
    else:
        grouped = search_grouped(user=request.user, query=query, per_type=GROUP_SIZE, alone=PAGE_SIZE)
        if len(grouped.groups) > 1:
            groups = grouped.groups
        results = SearchResults(grouped.query, grouped.hits, grouped.total, size, 0, grouped.max_ranked)
    num_pages = max(1, -(-results.reachable // size))
    if number > num_pages and results.total:
        number = num_pages
        results = search_results(
            user=request.user, query=query, limit=size, offset=(number - 1) * size, types=types
        )
    context = {
        "q": query,
        "results": results,
        "hits": results.hits,
        "groups": groups,
        "kind": kind.model_label if kind is not None else "",
        "kind_label": kind.group_label if kind is not None else "",
        "total": results.reachable,
        "more_than": results.more_than,
        "searched": not results.query.is_empty,
        "page_number": number,
        "num_pages": 1 if groups else num_pages,
        "has_previous": number > 1,
        "has_next": number < num_pages and not groups,
        "previous_page": number - 1,
        "next_page": number + 1,
        "first_index": results.offset + 1,
        "last_index": results.offset + len(results.hits),
        "partial": partial,
    }
    template = "search/_hits.html" if partial else "search/results.html"
    return render(request, template, context)
