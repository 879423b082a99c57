"""PostgreSQL full-text search: a generated ``document`` tsvector column with a GIN index
(both created by migration ``search.0002``).

``document`` = title_exact (weight A) ‖ body_exact (B) ‖ title_folded (C) ‖ body_folded (D),
all with the ``simple`` configuration (no stop words, no stemming: the English one would
drop "so"). The columns already hold lower-cased tokens, so the database locale does not
matter. Ranking: entries matching the query as typed (lexemes with weight A or B) first,
then ``ts_rank`` with title above body.
"""

from __future__ import annotations

from typing import Any

from khcn.search.backends.base import Candidate, SearchBackend, TypeFilter
from khcn.search.query import ParsedQuery

# ts_rank weights, in the order {D, C, B, A}.
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
        sql = f"""
            SELECT e.id, e.content_type_id, e.object_id, e.title, e.body, e.url,
                   e.document @@ %s::tsquery AS exact_hit,
                   ts_rank(%s::float4[], e.document, %s::tsquery, 1) AS rank,
                   COUNT(*) OVER () AS total
            FROM search_searchentry AS e
            WHERE {where}
            ORDER BY exact_hit DESC, rank DESC, e.id ASC
            LIMIT %s OFFSET %s
        """  # noqa: S608
        params = [query.tsquery_exact(), WEIGHTS, query.tsquery(), *where_params, limit, offset]
        rows = self.run(sql, params)
        if rows:
            total = int(rows[0][8])
        elif offset:
            total = self.count(f"SELECT 1 FROM search_searchentry AS e WHERE {where}", where_params)  # noqa: S608
        else:
            total = 0
        return [
            Candidate(
                entry_id=row[0],
                content_type_id=row[1],
                object_id=row[2],
                title=row[3],
                body=row[4],
                url=row[5],
                exact=bool(row[6]),
                score=float(row[7]),
            )
            for row in rows
        ], total
