"""PostgreSQL full-text search: a generated ``document`` tsvector column with a GIN index
(both created by migration ``search.0002``).

``document`` = title_exact (weight A) ‖ body_exact (B) ‖ title_folded (C) ‖ body_folded (D),
all with the ``simple`` configuration (no stop words, no stemming: the English one would
drop "so"). The columns already hold lower-cased tokens, so the database locale does not
matter. Hits are the entries holding every folded query token with weight C or D (the last
one as a prefix). Ranking: entries that also match the query as typed (accented lexemes with
weight A or B) first; then entries with the words next to each other and in order; then
``ts_rank`` with the title (C) above the body (D).
"""

from __future__ import annotations

from typing import Any

from khcn.search.backends.base import Candidate, SearchBackend, TypeFilter
from khcn.search.query import ParsedQuery

# ts_rank weights, in the order {D, C, B, A} (the ranked query uses only C and D).
WEIGHTS = "{0.1, 0.5, 0.3, 1.0}"


class PostgresBackend(SearchBackend):
    """Full-text search with PostgreSQL tsvector/tsquery."""

    name = "postgres"

    def _ranked(self, query: ParsedQuery, filters: list[TypeFilter]) -> tuple[str, list[Any], str, list[Any]]:
        """The CTEs ``hits`` (at most max_ranked + 1 ids, the first the index gives) and
        ``ranked`` (their content types and ranking columns), with their parameters; and the
        WHERE clause that selects the hits."""
        perm_sql, perm_params = self.permission_sql(filters)
        where = f"e.document @@ %s::tsquery AND {perm_sql}"
        where_params: list[Any] = [query.tsquery(), *perm_params]
        sql = f"""
            WITH hits AS MATERIALIZED (
                SELECT e.id FROM search_searchentry AS e WHERE {where} LIMIT %s
            ),
            ranked AS (
                SELECT e.id, e.content_type_id,
                       e.document @@ %s::tsquery AS exact_hit,
                       e.document @@ %s::tsquery AS phrase_hit,
                       ts_rank(%s::float4[], e.document, %s::tsquery, 1) AS rank
                FROM search_searchentry AS e
                JOIN hits ON hits.id = e.id
            )
        """  # noqa: S608
        params = [
            *where_params,
            self.max_ranked + 1,
            query.tsquery_exact(),
            query.tsquery_phrase(),
            WEIGHTS,
            query.tsquery(),
        ]
        return sql, params, where, where_params

    def search(
        self, query: ParsedQuery, filters: list[TypeFilter], *, limit: int, offset: int
    ) -> tuple[list[Candidate], int]:
        ranked, ranked_params, where, where_params = self._ranked(query, filters)
        sql = f"""{ranked}
            SELECT e.id, e.content_type_id, e.object_id, e.title, e.body, e.url,
                   r.exact_hit, r.phrase_hit, r.rank, (SELECT COUNT(*) FROM hits) AS total
            FROM ranked AS r
            JOIN search_searchentry AS e ON e.id = r.id
            ORDER BY r.exact_hit DESC, r.phrase_hit DESC, r.rank DESC, r.id ASC
            LIMIT %s OFFSET %s
        """  # noqa: S608
        rows = self.run(sql, [*ranked_params, limit, offset])
        if rows:
            total = int(rows[0][9])
        elif offset:
            total = self.count(f"SELECT 1 FROM search_searchentry AS e WHERE {where}", where_params)  # noqa: S608
        else:
            total = 0
        return self.candidates(rows, score=lambda row: float(row[8])), total

    def grouped(
        self, query: ParsedQuery, filters: list[TypeFilter], *, per_type: int
    ) -> tuple[list[Candidate], dict[int, int], int]:
        ranked, ranked_params, _where, _params = self._ranked(query, filters)
        sql = f"""{ranked}
            , numbered AS (
                SELECT r.*,
                       ROW_NUMBER() OVER (
                           PARTITION BY r.content_type_id
                           ORDER BY r.exact_hit DESC, r.phrase_hit DESC, r.rank DESC, r.id ASC
                       ) AS n,
                       COUNT(*) OVER (PARTITION BY r.content_type_id) AS type_total,
                       COUNT(*) OVER () AS total
                FROM ranked AS r
            )
            SELECT e.id, e.content_type_id, e.object_id, e.title, e.body, e.url,
                   x.exact_hit, x.rank, x.type_total, x.total
            FROM numbered AS x
            JOIN search_searchentry AS e ON e.id = x.id
            WHERE x.n <= %s
            ORDER BY x.exact_hit DESC, x.phrase_hit DESC, x.rank DESC, x.id ASC
        """  # noqa: S608
        rows = self.run(sql, [*ranked_params, per_type])
        counts = {int(row[1]): int(row[8]) for row in rows}
        total = int(rows[0][9]) if rows else 0
        return self.candidates(rows, score=lambda row: float(row[7])), counts, total

    def optimize(self) -> None:
        """Refresh the planner's statistics after a bulk rebuild."""
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
