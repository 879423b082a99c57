"""The interface of a search engine, and the SQL both built-in engines share.

SQL here is assembled from constants and from querysets compiled by Django (the permission
subqueries); user input only ever travels as a bound parameter — hence the ``noqa: S608``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from khcn.search.query import ParsedQuery


@dataclass(frozen=True)
class TypeFilter:
    """Which objects of one content type the user may find.

    ``visible`` is None when every object of the type is visible; otherwise the queryset
    (already restricted by the model's policy) whose primary keys are allowed.
    """

    content_type_id: int
    visible: QuerySet[Any] | None


@dataclass(frozen=True)
class Candidate:
    """One row of the index that matched, in rank order."""

    entry_id: int
    content_type_id: int
    object_id: int
    title: str
    body: str
    url: str
    exact: bool
    score: float


class SearchBackend:
    """A full-text engine over ``search_searchentry``.

    Writes go through the ORM (triggers or generated columns keep the engine in step), so an
    engine only answers queries: the page of matching entries the user may see, best first,
    and the total number of such entries (``max_ranked + 1`` meaning "more than ``max_ranked``",
    in which case only the first ``max_ranked`` hits found were ranked).
    """

    name = "base"
    # Ranking costs a read of every hit: "uy ban nhan dan xa" matches 75,000 entries in a
    # country's registry (300 ms to rank them all). An engine ranks at most this many hits, the
    # first it finds, and then says "more than" (a total of max_ranked + 1): a query that broad
    # is narrowed by typing another word or the diacritics, not by reading page 101.
    max_ranked = 2000

    def __init__(self, using: str = "default") -> None:
        self.using = using

    @property
    def connection(self) -> Any:
        return connections[self.using]

    def search(
        self, query: ParsedQuery, filters: list[TypeFilter], *, limit: int, offset: int
    ) -> tuple[list[Candidate], int]:
        raise NotImplementedError

    def grouped(
        self, query: ParsedQuery, filters: list[TypeFilter], *, per_type: int
    ) -> tuple[list[Candidate], dict[int, int], int]:
        """The best ``per_type`` hits of each content type (all of them in rank order), the
        number of hits of each type, and the total, from one ranking of the hits (at most
        ``max_ranked + 1`` of them, as in ``search``: then the counts are of those)."""
        raise NotImplementedError

    def optimize(self) -> None:
        """Compact the index after a bulk rebuild (optional)."""

    # --- helpers for SQL engines --------------------------------------------------------
    def permission_sql(self, filters: list[TypeFilter], alias: str = "e") -> tuple[str, list[Any]]:
        """``(e.content_type_id = 7) OR (e.content_type_id = 9 AND e.object_id IN (…))``."""
        clauses: list[str] = []
        params: list[Any] = []
        for flt in filters:
            if flt.visible is None:
                clauses.append(f"{alias}.content_type_id = %s")
                params.append(flt.content_type_id)
                continue
            sub = flt.visible.order_by().values("pk")
            try:
                sql, sub_params = sub.query.get_compiler(connection=self.connection).as_sql()
            except EmptyResultSet:  # e.g. ``organization_id__in`` an empty set: none visible
                continue
            clauses.append(f"({alias}.content_type_id = %s AND {alias}.object_id IN ({sql}))")
            params.extend([flt.content_type_id, *sub_params])
        if not clauses:
            return "1 = 0", []
        return "(" + " OR ".join(clauses) + ")", params

    @staticmethod
    def candidates(
        rows: list[tuple[Any, ...]], *, score: Callable[[tuple[Any, ...]], float]
    ) -> list[Candidate]:
        """Rows that start ``id, content_type_id, object_id, title, body, url, exact_hit`` (the
        columns every engine selects first) as candidates; ``score(row)`` reads the engine's rank
        (higher is better)."""
        return [
            Candidate(
                entry_id=row[0],
                content_type_id=row[1],
                object_id=row[2],
                title=row[3],
                body=row[4],
                url=row[5],
                exact=bool(row[6]),
                score=score(row),
            )
            for row in rows
        ]

    def run(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def count(self, match_sql: str, params: list[Any]) -> int:
        """How many rows ``match_sql`` gives, counting no further than ``max_ranked + 1``."""
        sql = f"SELECT COUNT(*) FROM ({match_sql} LIMIT {int(self.max_ranked) + 1}) AS matches"  # noqa: S608
        rows = self.run(sql, params)
        return int(rows[0][0]) if rows else 0
