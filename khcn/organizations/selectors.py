"""Reads of the agency registry, already restricted by ``organization_policy``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khcn.accounts.models import User
from khcn.core.text import clean, exact_key, fold
from khcn.organizations.choices import AliasKind, OrganizationKind
from khcn.organizations.models import Organization, OrganizationAlias, OrganizationQuerySet, Succession
from khcn.organizations.permissions import organization_policy

STATUS_ACTIVE, STATUS_ENDED, STATUS_ALL = "active", "ended", "all"


def organization_list(
    *,
    user: User,
    q: str = "",
    kind: str = "",
    status: str = STATUS_ACTIVE,
    as_of: dt.date | None = None,
    parent: int | None = None,
) -> QuerySet[Organization]:
    """Agencies the user may see, filtered; in Vietnamese alphabetical order.

    ``q`` matches any name or alias, with or without diacritics. ``as_of`` shows the agencies
    that existed on that day (and overrides ``status``).
    """
    qs = organization_policy.visible(user, Organization.objects.labelled()).select_related("parent")
    if as_of is not None:
        qs = cast(OrganizationQuerySet, qs).valid_on(as_of)
    elif status == STATUS_ACTIVE:
        qs = qs.filter(valid_to__isnull=True)
    elif status == STATUS_ENDED:
        qs = qs.filter(valid_to__isnull=False)
    if kind:
        qs = qs.filter(kind=kind)
    if parent:
        qs = qs.filter(parent_id=parent)
    folded = fold(clean(q))
    if folded:
        qs = qs.filter(pk__in=organizations_named(folded))
    return qs.order_by("name_sort", "id")


def organizations_named(folded: str) -> QuerySet[Any]:
    """The ids (a ``values`` query set, for ``__in``) of agencies with a name (any of their
    names) containing ``folded``, a text already folded (``khcn.core.text.fold``)."""
    return OrganizationAlias.objects.filter(name_folded__contains=folded).values("organization_id")


def alias_get(*, organization: Organization, pk: int) -> OrganizationAlias:
    """One of the agency's names (404 if it is another agency's)."""
    return get_object_or_404(OrganizationAlias, pk=pk, organization=organization)


def organization_names(ids: Any) -> dict[int, str]:
    """Agency names by id."""
    return dict(Organization.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def organization_choices(*, user: User) -> QuerySet[Organization]:
    """The agencies in operation, in Vietnamese order, to pick from in a form."""
    return organization_policy.visible(user, Organization.objects.filter(valid_to__isnull=True)).order_by(
        "name_sort", "id"
    )


def organization_get(*, user: User, pk: int) -> Organization:
    """One agency with its names, predecessors, successors and units (404 if not visible)."""
    qs = organization_policy.visible(user, Organization.objects.all())
    return get_object_or_404(
        qs.select_related("parent").prefetch_related(
            Prefetch("aliases", queryset=OrganizationAlias.objects.order_by("kind", "valid_from", "name")),
            Prefetch("successions_out", queryset=Succession.objects.select_related("successor")),
            Prefetch("successions_in", queryset=Succession.objects.select_related("predecessor")),
            Prefetch("children", queryset=Organization.objects.order_by("valid_to", "name_sort")),
        ),
        pk=pk,
    )


COUNTS_CACHE_KEY = "organizations:counts"
COUNTS_CACHE_SECONDS = 60


def organization_counts(*, user: User) -> dict[str, int]:
    """Agencies in operation and ended, among those the user may see (the home page).

    Counting half a million rows on every home page visit costs more than the rest of the page,
    so when the policy shows the whole registry (today: to every signed-in user) the counts come
    from the cache, dropped by every registry change in this process and at most
    ``COUNTS_CACHE_SECONDS`` old in the others. A scoped view is counted live."""
    qs = organization_policy.visible(user, Organization.objects.all())
    if qs.query.has_filters():
        return _counts(qs)
    counts: dict[str, int] | None = cache.get(COUNTS_CACHE_KEY)
    if counts is None:
        counts = _counts(qs)
        cache.set(COUNTS_CACHE_KEY, counts, COUNTS_CACHE_SECONDS)
    return counts


def home_registry(*, user: User) -> dict[str, Any]:
    """The home page's registry block: agencies in operation and ended, and whether the user
    may add one."""
    return {"counts": organization_counts(user=user), "can_add_agency": organization_policy.can(user, "add")}


def _counts(qs: QuerySet[Organization]) -> dict[str, int]:
    return qs.aggregate(
        active=Count("id", filter=Q(valid_to__isnull=True)),
        ended=Count("id", filter=Q(valid_to__isnull=False)),
    )


def organization_successors(
    org: Organization, *, on: dt.date | None = None, max_depth: int = 10
) -> list[Organization]:
    """The agencies in operation on ``on`` (today by default) that carry on ``org``'s duties,
    following mergers and splits from ``org`` forward. ``[org]`` if it is still in operation."""
    day = on or timezone.localdate()
    frontier = [org]
    result: list[Organization] = []
    seen: set[int] = set()
    for _depth in range(max_depth):
        next_frontier: list[Organization] = []
        for current in frontier:
            if current.pk in seen:
                continue
            seen.add(current.pk)
            if current.valid_to is None or current.valid_to >= day:
                result.append(current)
                continue
            successors = [
                s.successor
                for s in Succession.objects.filter(predecessor=current, date__lte=day).select_related(
                    "successor"
                )
            ]
            next_frontier.extend(successors)
        if not next_frontier:
            break
        frontier = next_frontier
    return result


@dataclass
class Resolution:
    """The answer to "which agency is this name?": the agency the name meant on the date,
    and the agencies that carry on its duties today."""

    query: str
    as_of: dt.date
    matched: Organization | None = None
    current: list[Organization] = field(default_factory=list)
    candidates: list[Organization] = field(default_factory=list)
    exact: bool = False
    dated: bool = True

    @property
    def found(self) -> bool:
        return self.matched is not None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def succeeded(self) -> bool:
        return self.matched is not None and [o.pk for o in self.current] != [self.matched.pk]


def organization_resolve(
    name: str, *, as_of: dt.date | None = None, today: dt.date | None = None
) -> Resolution:
    """Resolve any name, short name or alias, as of a date, to the agency; and, if that agency
    no longer exists today, to its successor(s).

    A name valid on ``as_of`` wins over one used at another time; an exact match (same
    accents, any case, the tone marks placed either way: "Thanh Hoá" is "Thanh Hóa",
    ``khcn.core.text.exact_key``) wins over a folded one. ``candidates`` lists every agency the name
    could mean when several match equally.
    """
    day = as_of or timezone.localdate()
    text = clean(name).strip(" .,;:-–")
    if not text:
        return Resolution(query=text, as_of=day)
    aliases = list(OrganizationAlias.objects.filter(name_folded=fold(text)).select_related("organization"))
    return _resolution(text, aliases, day, today)


def organization_resolve_many(
    names: Iterable[str], *, as_of: dt.date | None = None, today: dt.date | None = None
) -> dict[str, Resolution]:
    """``organization_resolve`` for many names at once: one query for all their aliases (and one
    per agency no longer in operation, to follow it to its successors). Keyed by the names given."""
    day = as_of or timezone.localdate()
    texts = {name: clean(name).strip(" .,;:-–") for name in names}
    folded = {fold(text) for text in texts.values() if text}
    by_folded: dict[str, list[OrganizationAlias]] = {}
    if folded:
        for alias in OrganizationAlias.objects.filter(name_folded__in=folded).select_related("organization"):
            by_folded.setdefault(alias.name_folded, []).append(alias)
    return {
        name: _resolution(text, list(by_folded.get(fold(text), [])) if text else [], day, today)
        for name, text in texts.items()
    }


def _resolution(
    text: str, aliases: list[OrganizationAlias], day: dt.date, today: dt.date | None
) -> Resolution:
    result = Resolution(query=text, as_of=day)
    if not text or not aliases:
        return result
    key = exact_key(text)  # the same accents in any case, the tone marks placed either way

    def rank(alias: OrganizationAlias) -> tuple[int, int, int, int]:
        org = alias.organization
        on_date = alias.is_valid_on(day) and org.is_valid_on(day)
        exact = exact_key(alias.name) == key
        official = alias.kind in (AliasKind.OFFICIAL, AliasKind.FORMER)
        return (
            0 if on_date else 1,
            0 if exact else 1,
            0 if official else 1,
            0 if org.valid_to is None else 1,
        )

    aliases.sort(key=rank)
    best = rank(aliases[0])
    tied: list[Organization] = []
    for alias in aliases:
        if rank(alias)[:2] == best[:2] and alias.organization not in tied:
            tied.append(alias.organization)
    result.candidates = tied
    result.matched = aliases[0].organization
    result.exact = best[1] == 0
    result.dated = best[0] == 0
    result.current = organization_successors(result.matched, on=today)
    return result


# Words of a generic group name ("các sở, ban, ngành", "UBND các huyện, thành phố") and the kinds
# of agency in operation that the group covers today (districts were abolished in 2025; their
# duties went to the communes).
_GROUP_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("so", (OrganizationKind.DEPARTMENT,)),
    ("nganh", (OrganizationKind.DEPARTMENT,)),
    ("huyen", (OrganizationKind.DISTRICT_COMMITTEE, OrganizationKind.COMMUNE_COMMITTEE)),
    ("xa", (OrganizationKind.COMMUNE_COMMITTEE,)),
    ("phuong", (OrganizationKind.COMMUNE_COMMITTEE,)),
    ("dia phuong", (OrganizationKind.DISTRICT_COMMITTEE, OrganizationKind.COMMUNE_COMMITTEE)),
)


def organization_group_members(name: str, *, on: dt.date | None = None) -> list[Organization]:
    """The agencies in operation a generic group name covers ("các sở, ban, ngành" → every
    department; "Ủy ban nhân dân các huyện, thành phố" → the local committees of today), or []
    when ``name`` is not such a group. A suggestion for people to confirm, not a resolution.
    ``on``: the agencies in operation that day instead of today."""
    words = f" {re.sub(r'[^a-z0-9]+', ' ', fold(name))} "
    if " cac " not in words:
        return []
    group_part = words.split(" cac ", 1)[1]
    kinds: set[str] = set()
    for word, covered in _GROUP_WORDS:
        if f" {word} " in f" {group_part} ":
            kinds.update(covered)
    if not kinds:
        return []
    found = Organization.objects.filter(kind__in=kinds)
    found = found.valid_on(on) if on is not None else found.filter(valid_to__isnull=True)
    return list(found.order_by("kind", "name_sort"))
