"""Reads of the search index, restricted by each registered model's policy.

``search()`` runs a fixed number of queries whatever the number of hits: the user's
memberships (once per request, cached on the user), one full-text query that already
applies every policy (so pages are full and the total is right), and one query per content
type on the page that loads the objects — again through ``policy.visible`` — for display.
``search_grouped()`` does the same for the results grouped by type: one full-text query gives
the best hits of every type and the count of each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.urls import NoReverseMatch
from django.utils.safestring import SafeString

from khcn.accounts.models import User
from khcn.search import registry
from khcn.search.backends import Candidate, TypeFilter, get_backend
from khcn.search.query import ParsedQuery, excerpt, highlight, parse

MAX_LIMIT = 100


@dataclass(frozen=True)
class SearchHit:
    """One result: what to show and the object itself (already permission-checked)."""

    title: str
    url: str
    excerpt: str
    label: str
    score: float
    object: Any
    exact: bool = False
    title_html: SafeString = field(default_factory=SafeString)
    excerpt_html: SafeString = field(default_factory=SafeString)
    model_label: str = ""

    @property
    def snippet(self) -> str:
        return self.excerpt


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, with the total number of hits the user may see."""

    query: ParsedQuery
    hits: list[SearchHit]
    total: int
    limit: int
    offset: int
    max_ranked: int = 0  # the engine's: a total above it means "more than"

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < self.reachable

    @property
    def more_than(self) -> bool:
        """More hits than are ranked: ``total`` means "more than ``max_ranked``"."""
        return bool(self.max_ranked) and self.total > self.max_ranked

    @property
    def reachable(self) -> int:
        """How many hits can be paged through (the ranked ones)."""
        return min(self.total, self.max_ranked) if self.max_ranked else self.total


def _is_unrestricted(qs: QuerySet[Any], model: Any) -> bool:
    query = qs.query
    return qs.model is model and not query.where and not query.combinator and not query.is_sliced


def _type_filters(
    user: User, types: Iterable[str] | None = None
) -> tuple[list[TypeFilter], dict[int, registry.Registration]]:
    """What the user may find of each registered model (of ``types`` only, model labels such
    as "plans.plan", when given)."""
    wanted = set(types) if types is not None else None
    filters: list[TypeFilter] = []
    by_content_type: dict[int, registry.Registration] = {}
    for reg in registry.registrations():
        if wanted is not None and reg.model_label not in wanted:
            continue
        visible = reg.policy.visible(user, reg.model._default_manager.all())
        if visible.query.is_empty():
            continue
        content_type_id = ContentType.objects.get_for_model(reg.model).pk
        by_content_type[content_type_id] = reg
        filters.append(TypeFilter(content_type_id, None if _is_unrestricted(visible, reg.model) else visible))
    return filters, by_content_type


def _url(reg: registry.Registration, obj: Any, stored: str) -> str:
    """The address stored at index time, or — when there was none (a page written since) —
    the registration's ``url`` now."""
    if stored:
        return stored
    try:
        return str(reg.url(obj) or "")
    except NoReverseMatch:
        return ""


def _hits(
    user: User,
    parsed: ParsedQuery,
    candidates: list[Candidate],
    by_content_type: dict[int, registry.Registration],
) -> list[SearchHit]:
    """The candidates as hits, their objects loaded through each policy (one query per content
    type); candidates whose object is gone or no longer visible are dropped."""
    ids_by_type: dict[int, list[int]] = defaultdict(list)
    for cand in candidates:
        ids_by_type[cand.content_type_id].append(cand.object_id)
    objects: dict[tuple[int, int], Any] = {}
    for content_type_id, ids in ids_by_type.items():
        reg = by_content_type[content_type_id]
        visible = reg.policy.visible(user, reg.shown_queryset().filter(pk__in=ids))
        for obj in visible:
            objects[(content_type_id, obj.pk)] = obj

    labels = {content_type_id: reg.type_label for content_type_id, reg in by_content_type.items()}
    hits: list[SearchHit] = []
    for cand in candidates:
        obj = objects.get((cand.content_type_id, cand.object_id))
        if obj is None:  # deleted since it was indexed, or no longer visible
            continue
        reg = by_content_type[cand.content_type_id]
        plain, html = excerpt(cand.body, parsed)
        hits.append(
            SearchHit(
                title=cand.title,
                url=_url(reg, obj, cand.url),
                excerpt=plain,
                label=labels[cand.content_type_id],
                score=cand.score,
                object=obj,
                exact=cand.exact,
                title_html=highlight(cand.title, parsed),
                excerpt_html=html,
                model_label=reg.model_label,
            )
        )
    return hits


def search_results(
    *, user: User, query: str, limit: int = 20, offset: int = 0, types: Iterable[str] | None = None
) -> SearchResults:
    """The hits for ``query`` that ``user`` may see, best first: exact (accented) matches,
    then folded ones; title matches above text matches. ``types`` (model labels such as
    "plans.plan") keeps the hits of those models only. Never raises on odd input; an empty
    or punctuation-only query gives no hits (and runs no query)."""
    parsed = parse(query)
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    if parsed.is_empty:
        return SearchResults(parsed, [], 0, limit, offset)
    filters, by_content_type = _type_filters(user, types)
    if not filters:
        return SearchResults(parsed, [], 0, limit, offset)
    backend = get_backend()
    candidates, total = backend.search(parsed, filters, limit=limit, offset=offset)
    candidates = candidates[: max(0, backend.max_ranked - offset)]  # not the "more than" one
    hits = _hits(user, parsed, candidates, by_content_type)
    return SearchResults(parsed, hits, total, limit, offset, backend.max_ranked)


def matching_ids(*, user: User, query: str, model_label: str, limit: int = 2000) -> list[int]:
    """The ids of the ``model_label`` objects matching ``query`` that ``user`` may find, best
    first — at most ``limit`` (and the engine's ``max_ranked``). For a module's own search page
    that narrows them further (facets): no objects loaded, no excerpts built."""
    parsed = parse(query)
    if parsed.is_empty:
        return []
    filters, _by_content_type = _type_filters(user, [model_label])
    if not filters:
        return []
    candidates, _total = get_backend().search(parsed, filters, limit=max(1, int(limit)), offset=0)
    return [candidate.object_id for candidate in candidates]


@dataclass(frozen=True)
class SearchGroup:
    """The hits of one type: its label ("Plans"), how many the user may see, the best ones."""

    model_label: str
    label: str
    count: int
    hits: list[SearchHit]

    @property
    def more(self) -> bool:
        """More hits of this type than are shown."""
        return self.count > len(self.hits)


@dataclass(frozen=True)
class GroupedResults:
    """The hits grouped by type, the groups in the order of their best hit."""

    query: ParsedQuery
    groups: list[SearchGroup]
    total: int
    max_ranked: int = 0

    @property
    def more_than(self) -> bool:
        """More hits than are ranked: ``total`` and each group's count are of the first
        ``max_ranked`` hits found."""
        return bool(self.max_ranked) and self.total > self.max_ranked

    @property
    def reachable(self) -> int:
        return min(self.total, self.max_ranked) if self.max_ranked else self.total

    @property
    def hits(self) -> list[SearchHit]:
        return [hit for group in self.groups for hit in group.hits]


def search_grouped(*, user: User, query: str, per_type: int = 5, alone: int | None = None) -> GroupedResults:
    """The hits for ``query`` that ``user`` may see, grouped by type: the best ``per_type`` of
    each type (in rank order) and the number of each, from one full-text query; the groups
    come in the order of their best hit. When the hits are all of one type, ``alone`` of them
    (default ``per_type``): the first page of a plain list."""
    parsed = parse(query)
    per_type = max(1, min(int(per_type), MAX_LIMIT))
    alone = max(per_type, min(int(alone or per_type), MAX_LIMIT))
    if parsed.is_empty:
        return GroupedResults(parsed, [], 0)
    filters, by_content_type = _type_filters(user)
    if not filters:
        return GroupedResults(parsed, [], 0)
    backend = get_backend()
    candidates, counts, total = backend.grouped(parsed, filters, per_type=alone)
    if len(counts) > 1:  # several types: the best per_type of each
        kept: dict[int, int] = defaultdict(int)
        trimmed = []
        for cand in candidates:
            kept[cand.content_type_id] += 1
            if kept[cand.content_type_id] <= per_type:
                trimmed.append(cand)
        candidates = trimmed
    hits = _hits(user, parsed, candidates, by_content_type)
    by_type: dict[str, list[SearchHit]] = defaultdict(list)
    for hit in hits:
        by_type[hit.model_label].append(hit)
    groups: list[SearchGroup] = []
    for cand in candidates:
        reg = by_content_type[cand.content_type_id]
        if any(group.model_label == reg.model_label for group in groups):
            continue
        # A hit dropped on loading (deleted since) still counted: the count is of the index.
        groups.append(
            SearchGroup(
                model_label=reg.model_label,
                label=reg.group_label,
                count=counts.get(cand.content_type_id, 0),
                hits=by_type.get(reg.model_label, []),
            )
        )
    return GroupedResults(parsed, [g for g in groups if g.hits], total, backend.max_ranked)


def search(*, user: User, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """The hits for ``query`` that ``user`` may see, best first (see ``search_results``)."""
    return search_results(user=user, query=query, limit=limit, offset=offset).hits
