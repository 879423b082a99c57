"""Turning text into index tokens, user input into a safe query, and hits into highlights.

Both sides of a search go through ``tokens()``: NFC, lower case, split into runs of letters
and digits (the same word boundaries as SQLite's ``unicode61`` tokenizer and PostgreSQL's
parser see, since the engines only ever receive our space-joined tokens). Folding uses
``khcn.core.text.fold`` (NFD, drop marks, đ→d). User input never reaches an engine as
syntax: every token is a quoted literal, so quotes, ``*``, ``-``, ``:``, brackets and the
words AND/OR/NOT cannot change the query or raise an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from khcn.core.text import fold, nfc, words

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
EXCERPT_CHARS = 180

_TOKEN_RE = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """NFC, lower-cased word tokens: letters and digits, split on everything else."""
    return [part for word in words(nfc(text).lower()) for part in word.split("_") if part]


def exact_text(text: str) -> str:
    """What the engines index as "exact": the lower-cased NFC tokens, space-separated."""
    return " ".join(tokens(text))


def folded_text(text: str) -> str:
    """What the engines index as "folded": the folded tokens, space-separated."""
    return " ".join(t for t in (fold(tok) for tok in tokens(text)) if t)


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query as exact (accented) tokens and folded tokens.

    The last token is matched as a prefix (type-ahead: "so khoa h" finds "Sở Khoa học").
    """

    raw: str
    exact: tuple[str, ...]
    folded: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.exact

    @cached_property
    def has_diacritics(self) -> bool:
        return self.exact != self.folded

    # Every entry that matches the accented tokens in the exact columns also matches the
    # folded tokens in the folded columns (folding is per character, so it keeps prefixes),
    # so the folded expression alone selects the hits and the exact one only ranks them.

    # --- SQLite FTS5 --------------------------------------------------------------------
    def fts5_exact(self) -> str:
        """FTS5 expression: every token as typed (accents kept) in the exact columns."""
        return "{title_exact body_exact} : (" + _fts5_and(self.exact) + ")"

    def fts5(self) -> str:
        """FTS5 expression: every folded token in the folded columns (selects the hits)."""
        return "{title_folded body_folded} : (" + _fts5_and(self.folded) + ")"

    def fts5_phrase(self) -> str:
        """FTS5 expression: the folded tokens next to each other, in order (ranking only)."""
        phrase = " ".join(tok.replace('"', '""') for tok in self.folded)
        return '{title_folded body_folded} : "' + phrase + '"*'

    # --- PostgreSQL tsquery -------------------------------------------------------------
    def tsquery_exact(self) -> str:
        """tsquery text: every token as typed, with weight A or B (the exact columns)."""
        return _tsquery_and(self.exact, "AB")

    def tsquery(self) -> str:
        """tsquery text: every folded token, with weight C or D (selects the hits)."""
        return _tsquery_and(self.folded, "CD")

    def tsquery_phrase(self) -> str:
        """tsquery text: the folded tokens next to each other, in order (ranking only)."""
        return _tsquery_and(self.folded, "CD", operator=" <-> ")


def parse(raw: str) -> ParsedQuery:
    """Parse user input; an empty or punctuation-only query gives an empty ``ParsedQuery``."""
    raw = nfc(raw or "")[:MAX_QUERY_CHARS]
    exact: list[str] = []
    folded: list[str] = []
    for token in tokens(raw):
        folded_token = fold(token)
        if not folded_token or not _TOKEN_RE.fullmatch(folded_token):
            continue
        exact.append(token)
        folded.append(folded_token)
        if len(exact) >= MAX_QUERY_TOKENS:
            break
    return ParsedQuery(raw=raw, exact=tuple(exact), folded=tuple(folded))


def _fts5_and(toks: tuple[str, ...]) -> str:
    parts = ['"' + tok.replace('"', '""') + '"' for tok in toks]
    parts[-1] += "*"
    return " AND ".join(parts)


def _tsquery_and(toks: tuple[str, ...], weights: str, operator: str = " & ") -> str:
    parts = ["'" + tok.replace("\\", "\\\\").replace("'", "''") + "'" for tok in toks]
    return operator.join(
        f"{part}:{'*' if i == len(parts) - 1 else ''}{weights}" for i, part in enumerate(parts)
    )


# --- Highlighting -------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    return fold(word)


def _matches(word: str, query: ParsedQuery) -> bool:
    folded = _fold_word(word)
    if not query.folded:
        return False
    return folded in query.folded[:-1] or folded.startswith(query.folded[-1])


def _spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text) if _matches(m.group(), query)]


def _render(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        out.append(escape(text[pos:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """``text`` HTML-escaped, with every word matching the query (folded) in ``<mark>``."""
    return mark_safe(_render(text, _spans(text, query)))  # noqa: S308 (escaped in _render)


def excerpt(text: str, query: ParsedQuery, width: int = EXCERPT_CHARS) -> tuple[str, SafeString]:
    """A window of about ``width`` characters around the first match: plain and highlighted."""
    text = " ".join(text.split())
    spans = _spans(text, query)
    if len(text) <= width:
        start, end = 0, len(text)
    else:
        first = spans[0][0] if spans else 0
        start = max(0, first - width // 3)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 and start - space < 20 else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start + width // 2 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    plain = prefix + text[start:end] + suffix
    html = escape(prefix) + _render(text, spans, start, end) + escape(suffix)
    return plain, mark_safe(html)  # noqa: S308 (escaped in _render)
