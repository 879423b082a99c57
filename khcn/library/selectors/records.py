"""Searching and reading records: the public search with its facets (type, field, year,
organisation, language), a record's page, a file to download, the curators' queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation

from khcn.library.choices import Language, RecordStatus, RecordType
from khcn.library.models import Author, Collection, Record, RecordFile
from khcn.library.permissions import record_policy

FACETS = ("kind", "field", "year", "organization", "language", "collection")
MAX_TEXT_HITS = 2000


@dataclass(frozen=True)
class Facet:
    """One facet: its name (the query parameter), and its values with their counts."""

    name: str
    values: list[tuple[str, str, int]]  # value, label, count


def _matching_ids(user: Any, query: str) -> list[int]:
    """The records whose text matches ``query`` (the site's full-text index: title, authors,
    abstract, keywords and the files' text, with Vietnamese folding), best first."""
    from khcn.search.selectors import matching_ids

    return matching_ids(user=user, query=query, model_label="library.record", limit=MAX_TEXT_HITS)


def record_search(*, user: Any, params: Any) -> tuple[QuerySet[Record], list[int] | None]:
    """The published records the user may see, filtered by the query and the facets; with the
    ranked ids of a text query (None without one)."""
    qs = record_policy.visible(user, Record.objects.filter(status=RecordStatus.PUBLISHED), "view")
    ranked = None
    query = (params.get("q") or "").strip()
    if query:
        ranked = _matching_ids(user, query)
        qs = qs.filter(pk__in=ranked)
    if params.get("kind") in RecordType.values:
        qs = qs.filter(kind=params["kind"])
    if params.get("language") in Language.values:
        qs = qs.filter(language=params["language"])
    for name, lookup in (
        ("year", "issued_year"),
        ("field", "fields"),
        ("organization", "organizations"),
        ("collection", "collection"),
    ):
        value = params.get(name)
        if value and str(value).isdigit():
            qs = qs.filter(**{lookup: int(value)})
    if params.get("field") or params.get("organization"):
        qs = qs.distinct()
    return qs, ranked


def facets(qs: QuerySet[Record]) -> list[Facet]:
    """The facets of the records ``qs`` holds, each value with its count (one query each)."""
    from khcn.classifications.models import Term
    from khcn.organizations.models import Organization

    # Grouped on the filtered rows themselves; a query narrowed through a relation (fields,
    # organisations: DISTINCT rows) is grouped through its ids instead.
    base = Record.objects.filter(pk__in=qs.values("pk")) if qs.query.distinct else qs.order_by()
    kinds = dict(RecordType.choices)
    languages = dict(Language.choices)
    out = [
        Facet("kind", [(k, str(kinds.get(k, k)), n) for k, n in _counts(base, "kind")]),
        Facet(
            "year", [(str(y), str(y), n) for y, n in sorted(_counts(base, "issued_year"), reverse=True)][:15]
        ),
        Facet("language", [(k, str(languages.get(k, k)), n) for k, n in _counts(base, "language")]),
    ]
    field_counts = dict(_counts(base, "fields"))
    terms = {t.pk: t for t in Term.objects.filter(pk__in=[k for k in field_counts if k])}
    out.append(
        Facet(
            "field",
            sorted(
                (
                    (str(pk), f"{terms[pk].code} {terms[pk].name}", n)
                    for pk, n in field_counts.items()
                    if pk in terms
                ),
                key=lambda v: -v[2],
            )[:15],
        )
    )
    org_counts = dict(_counts(base, "organizations"))
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=[k for k in org_counts if k])}
    out.append(
        Facet(
            "organization",
            sorted(
                ((str(pk), orgs[pk].name, n) for pk, n in org_counts.items() if pk in orgs),
                key=lambda v: -v[2],
            )[:15],
        )
    )
    collection_counts = dict(_counts(base, "collection"))
    names = dict(Collection.objects.filter(pk__in=list(collection_counts)).values_list("pk", "name"))
    out.append(
        Facet("collection", [(str(pk), names[pk], n) for pk, n in collection_counts.items() if pk in names])
    )
    return [f for f in out if f.values]


def all_facets() -> list[Facet]:
    """The facets of every published record (the search's first page), kept in the cache until
    a record changes (the latest datestamp and the count name the version)."""
    from django.core.cache import cache
    from django.db.models import Max

    published = Record.objects.filter(status=RecordStatus.PUBLISHED)
    version = Record.objects.aggregate(latest=Max("datestamp"), n=Count("pk"))
    latest = version["latest"].timestamp() if version["latest"] else 0
    # The labels are in the reader's language: one entry per language.
    key = f"library:facets:{translation.get_language()}:{latest:.6f}:{version['n']}"
    found = cache.get_or_set(key, lambda: facets(published), 3600)
    return list(found or [])


def _counts(qs: QuerySet[Record], field: str) -> list[tuple[Any, int]]:
    rows = qs.values(field).annotate(n=Count("pk", distinct=True)).order_by("-n")
    return [(row[field], row["n"]) for row in rows if row[field] is not None]


def record_for_page(*, user: Any, pk: int) -> Record:
    return get_object_or_404(
        record_policy.visible(
            user,
            Record.objects.select_related("collection", "task", "depositor").prefetch_related(
                Prefetch("authors", queryset=Author.objects.select_related("expert")),
                "fields",
                "organizations",
                "files",
            ),
        ),
        pk=pk,
    )


def file_for_download(*, user: Any, pk: int, file_pk: int) -> RecordFile:
    """A file of a record the user may open (404 otherwise: nothing is shown of it)."""
    records = record_policy.visible(user, Record.objects.all(), "download")
    return get_object_or_404(
        RecordFile.objects.select_related("record"), record__in=records, record_id=pk, pk=file_pk
    )


def curator_queue(*, user: Any) -> QuerySet[Record]:
    """The records submitted to the collections the user curates (the DOST: all)."""
    return (
        record_policy.visible(user, Record.objects.filter(status=RecordStatus.SUBMITTED), "curate")
        .select_related("collection", "depositor")
        .order_by("datestamp", "pk")
    )


def collection_list() -> QuerySet[Collection]:
    return Collection.objects.annotate(
        published=Count("records", filter=Q(records__status=RecordStatus.PUBLISHED))
    ).prefetch_related("curators")
