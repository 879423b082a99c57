"""SQLite FTS5: an external-content table ``search_fts`` over ``search_searchentry``.

Columns ``title_exact``, ``body_exact``, ``title_folded``, ``body_folded`` with tokenizer
``unicode61 remove_diacritics 0`` (folding happens in Python, which also folds đ→d).
Triggers (created with the table by migration ``search.0002``) keep the table in step with every ORM write.
Hits are the entries whose folded columns hold every folded query token (the last one as a
prefix). Ranking: entries that also match the query *as typed* (with its diacritics) come
first; then entries with the words next to each other and in order; then ``bm25`` over the
folded columns with the title weighted above the body.
"""

from __future__ import annotations

from typing import Any

from khcn.search.backends.base import Candidate, SearchBackend, TypeFilter
from khcn.search.query import ParsedQuery

FTS_TABLE = "search_fts"
# bm25 weights, in column order: title_exact, body_exact, title_folded, body_folded (only the
# folded columns take part in the query that bm25 scores).
WEIGHTS = (0.0, 0.0, 5.0, 1.0)


class SqliteBackend(SearchBackend):
    """Full-text search with SQLite FTS5."""

    name = "sqlite"

    def _ranked(self, query: ParsedQuery, filters: list[TypeFilter]) -> tuple[str, list[Any], str, list[Any]]:
        """The query that ranks the hits (ids, content types, ranking columns; at most
        ``max_ranked + 1`` of them) with its parameters, and the WHERE clause that selects them."""
        perm_sql, perm_params = self.permission_sql(filters)
        weights = ", ".join(str(w) for w in WEIGHTS)
        where = f"{FTS_TABLE} MATCH %s AND {perm_sql}"
        where_params: list[Any] = [query.fts5(), *perm_params]
        # Words next to each other, in order, rank above scattered words (one word: all do).
        if len(query.phrase or query.folded) > 1:
            phrase_sql = (
                f"{FTS_TABLE}.rowid IN (SELECT y.rowid FROM {FTS_TABLE} AS y WHERE y.{FTS_TABLE} MATCH %s)"  # noqa: S608
            )
            phrase_params = [query.fts5_phrase()]
        else:
            phrase_sql, phrase_params = "1", []
        # bm25() must run in the query that scans the FTS table, and a window function
        # cannot, so the hits are ranked (ids only) here, and counted, sorted and paged by the
        # query around this one. (It stops at max_ranked + 1 hits: see SearchBackend.max_ranked.)
        # CROSS JOIN keeps the FTS table the outer loop: filtered by one content type, the
        # planner would otherwise walk that type's entries and run the MATCH once per entry
        # (100× slower on 5,000 library records; bench/library_search_bench.py).
        sql = f"""
            SELECT {FTS_TABLE}.rowid AS id, e.content_type_id AS content_type_id,
                   {FTS_TABLE}.rowid IN (
                       SELECT x.rowid FROM {FTS_TABLE} AS x WHERE x.{FTS_TABLE} MATCH %s
                   ) AS exact_hit,
                   {phrase_sql} AS phrase_hit,
                   bm25({FTS_TABLE}, {weights}) AS rank
            FROM {FTS_TABLE}
            CROSS JOIN search_searchentry AS e ON e.id = {FTS_TABLE}.rowid
            WHERE {where}
            LIMIT {int(self.max_ranked) + 1}
        """  # noqa: S608
        return sql, [query.fts5_exact(), *phrase_params, *where_params], where, where_params

    def search(
        self, query: ParsedQuery, filters: list[TypeFilter], *, limit: int, offset: int
    ) -> tuple[list[Candidate], int]:
        ranked, ranked_params, where, where_params = self._ranked(query, filters)
        # Count, sort and page the ranked hits in the middle query; read the page's display
        # columns outside.
        sql = f"""
            SELECT e.id, e.content_type_id, e.object_id, e.title, e.body, e.url,
                   p.exact_hit, p.rank, p.total
            FROM (
                SELECT m.id, m.exact_hit, m.phrase_hit, m.rank, COUNT(*) OVER () AS total
                FROM ({ranked}) AS m
                ORDER BY m.exact_hit DESC, m.phrase_hit DESC, m.rank ASC, m.id ASC
                LIMIT %s OFFSET %s
            ) AS p
            JOIN search_searchentry AS e ON e.id = p.id
            ORDER BY p.exact_hit DESC, p.phrase_hit DESC, p.rank ASC, p.id ASC
        """  # noqa: S608
        rows = self.run(sql, [*ranked_params, limit, offset])
        if rows:
            total = int(rows[0][8])
        elif offset:
            total = self.count(
                f"SELECT 1 FROM {FTS_TABLE} CROSS JOIN search_searchentry AS e ON e.id = {FTS_TABLE}.rowid "  # noqa: S608
                f"WHERE {where}",
                where_params,
            )
        else:
            total = 0
        return self.candidates(rows, score=lambda row: -float(row[7])), total  # bm25: lower is better

    def grouped(
        self, query: ParsedQuery, filters: list[TypeFilter], *, per_type: int
    ) -> tuple[list[Candidate], dict[int, int], int]:
        ranked, ranked_params, _where, _params = self._ranked(query, filters)
        sql = f"""
            SELECT e.id, e.content_type_id, e.object_id, e.title, e.body, e.url,
                   p.exact_hit, p.rank, p.type_total, p.total
            FROM (
                SELECT m.id, m.exact_hit, m.phrase_hit, m.rank,
                       ROW_NUMBER() OVER (
                           PARTITION BY m.content_type_id
                           ORDER BY m.exact_hit DESC, m.phrase_hit DESC, m.rank ASC, m.id ASC
                       ) AS n,
                       COUNT(*) OVER (PARTITION BY m.content_type_id) AS type_total,
                       COUNT(*) OVER () AS total
                FROM ({ranked}) AS m
            ) AS p
            JOIN search_searchentry AS e ON e.id = p.id
            WHERE p.n <= %s
            ORDER BY p.exact_hit DESC, p.phrase_hit DESC, p.rank ASC, p.id ASC
        """  # noqa: S608
        rows = self.run(sql, [*ranked_params, per_type])
        counts = {int(row[1]): int(row[8]) for row in rows}
        total = int(rows[0][9]) if rows else 0
        return self.candidates(rows, score=lambda row: -float(row[7])), counts, total

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608
