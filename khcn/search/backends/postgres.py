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

    def search(
        self, query: ParsedQuery, filters: list[TypeFilter], *, limit: int, offset: int
    ) -> tuple[list[Candidate], int]:
        perm_sql, perm_params = self.permission_sql(filters)
        where = f"e.document @@ %s::tsquery AND {perm_sql}"
        where_params: list[Any] = [query.tsquery(), *perm_params]
        # The hits (at most max_ranked + 1, the first the index gives), then rank those.
        sql = f"""
            WITH hits AS MATERIALIZED (
                SELECT e.id FROM search_searchentry AS e WHERE {where} LIMIT %s
            )
            SELECT e.id, e.content_type_id, e.object_id, e.title, e.body, e.url,
                   e.document @@ %s::tsquery AS exact_hit,
                   e.document @@ %s::tsquery AS phrase_hit,
                   ts_rank(%s::float4[], e.document, %s::tsquery, 1) AS rank,
                   (SELECT COUNT(*) FROM hits) AS total
            FROM search_searchentry AS e
            JOIN hits ON hits.id = e.id
            ORDER BY exact_hit DESC, phrase_hit DESC, rank DESC, e.id ASC
            LIMIT %s OFFSET %s
        """  # noqa: S608
        params = [
            *where_params,
            self.max_ranked + 1,
            query.tsquery_exact(),
            query.tsquery_phrase(),
            WEIGHTS,
            query.tsquery(),
            limit,
            offset,
        ]
        rows = self.run(sql, params)
        if rows:
            total = int(rows[0][9])
        elif offset:
            total = self.count(f"SELECT 1 FROM search_searchentry AS e WHERE {where}", where_params)  # noqa: S608
        else:
            total = 0
        return self.candidates(rows, score=lambda row: float(row[8])), total

    def optimize(self) -> None:
        """Refresh the planner's statistics after a bulk rebuild."""
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
