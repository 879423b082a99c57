"""Turning text into index tokens, user input into a safe query, and hits into highlights.

Both sides of a search go through ``tokens()``: NFC, lower case, tone marks in one place
(``khcn.core.text.normalize_tones``: "hoà" and "hòa" are one word), split into runs of letters
and digits (the same word boundaries as SQLite's ``unicode61`` tokenizer and PostgreSQL's
parser see, since the engines only ever receive our space-joined tokens). Folding uses
``khcn.core.text.fold`` (NFD, drop marks, đ→d). User input never reaches an engine as
syntax: every token is a quoted literal, so quotes, ``*``, ``-``, ``:``, brackets and the
words AND/OR/NOT cannot change the query or raise an error.

Document numbers ("50-KL/TW", "2881/QĐ-UBND") are words joined by "-" or "/" with a digit and
a letter among them. The index holds their words and, after the text's words, the number
itself as one token ("50kltw", ``codes()``); a number in a query is matched as that one token,
so "50-KL/TW" finds "50-KL/TW" and not a text that merely has "50", "KL" and "TW" in it. A
query word made of digits only ("2881") is matched whole, never as a prefix ("28810").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from khcn.core.text import fold, nfc, normalize_tones, words

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
EXCERPT_CHARS = 180

_TOKEN_RE = re.compile(r"[^\W_]+")
# Words joined by "-" or "/" with no space: a document number when a digit and a letter are
# among them ("50-KL/TW", "2881/QĐ-UBND", "COVID-19"; not "30/5/2019", not "KL/TW").
_CODE_RE = re.compile(r"[^\W_]+(?:[-/][^\W_]+)+")
_CODE_SEPARATORS = re.compile(r"[-/]")


def _is_code(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and any(ch.isalpha() for ch in text)


def _normal(text: str) -> str:
    """NFC, lower case, tone marks in their canonical place."""
    return normalize_tones(nfc(text).lower())


def _split(text: str) -> list[str]:
    return [part for word in words(text) for part in word.split("_") if part]


def tokens(text: str) -> list[str]:
    """NFC, lower-cased word tokens with the tone marks in one place: letters and digits, split
    on everything else."""
    return _split(_normal(text))


def _codes(normal: str) -> list[str]:
    if "-" not in normal and "/" not in normal:
        return []
    return [_CODE_SEPARATORS.sub("", m.group()) for m in _CODE_RE.finditer(normal) if _is_code(m.group())]


def codes(text: str) -> list[str]:
    """The document numbers in ``text``, each as one token: "50-KL/TW" → "50kltw"."""
    return _codes(_normal(text))


@lru_cache(maxsize=65536)
def _fold_token(token: str) -> str:
    return fold(token)


def index_texts(text: str) -> tuple[str, str]:
    """What the engines index for ``text``: the "exact" tokens (then the document numbers) and
    the same folded, each space-separated."""
    normal = _normal(text)
    toks = [*_split(normal), *_codes(normal)]
    return " ".join(toks), " ".join(t for t in map(_fold_token, toks) if t)


def exact_text(text: str) -> str:
    """What the engines index as "exact": the tokens (then the document numbers), space-separated."""
    return index_texts(text)[0]


def folded_text(text: str) -> str:
    """What the engines index as "folded": the same, folded."""
    return index_texts(text)[1]


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query as exact (accented) tokens and folded tokens.

    The last token is matched as a prefix (type-ahead: "so khoa h" finds "Sở Khoa học").
    """

    raw: str
    exact: tuple[str, ...]
    folded: tuple[str, ...]
    # The folded words in order, a document number split into its words: the phrase that
    # ranks words next to each other (the index keeps a number's words in place).
    phrase: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.exact

    @property
    def prefix(self) -> bool:
        """Whether the last token matches as a prefix: not when it is a number ("2881")."""
        return bool(self.folded) and not self.folded[-1].isdigit()

    def _phrase(self) -> tuple[str, ...]:
        return self.phrase or self.folded

    @cached_property
    def has_diacritics(self) -> bool:
        return self.exact != self.folded

    # Every entry that matches the accented tokens in the exact columns also matches the
    # folded tokens in the folded columns (folding is per character, so it keeps prefixes),
    # so the folded expression alone selects the hits and the exact one only ranks them.

    # --- SQLite FTS5 --------------------------------------------------------------------
    def fts5_exact(self) -> str:
        """FTS5 expression: every token as typed (accents kept) in the exact columns."""
        return "{title_exact body_exact} : (" + _fts5_and(self.exact, self.prefix) + ")"

    def fts5(self) -> str:
        """FTS5 expression: every folded token in the folded columns (selects the hits)."""
        return "{title_folded body_folded} : (" + _fts5_and(self.folded, self.prefix) + ")"

    def fts5_phrase(self) -> str:
        """FTS5 expression: the folded words next to each other, in order (ranking only)."""
        words = self._phrase()
        phrase = " ".join(tok.replace('"', '""') for tok in words)
        return '{title_folded body_folded} : "' + phrase + '"' + ("" if words[-1].isdigit() else "*")

    # --- PostgreSQL tsquery -------------------------------------------------------------
    def tsquery_exact(self) -> str:
        """tsquery text: every token as typed, with weight A or B (the exact columns)."""
        return _tsquery_and(self.exact, "AB", prefix=self.prefix)

    def tsquery(self) -> str:
        """tsquery text: every folded token, with weight C or D (selects the hits)."""
        return _tsquery_and(self.folded, "CD", prefix=self.prefix)

    def tsquery_phrase(self) -> str:
        """tsquery text: the folded words next to each other, in order (ranking only)."""
        words = self._phrase()
        return _tsquery_and(words, "CD", operator=" <-> ", prefix=not words[-1].isdigit())


def _query_tokens(text: str) -> list[tuple[str, list[str]]]:
    """The tokens of a normalised query, each with the words it stands for: a word stands for
    itself, a document number ("50-KL/TW" → "50kltw") for its words."""
    out: list[tuple[str, list[str]]] = []
    pos = 0
    for m in _CODE_RE.finditer(text):
        out.extend((word, [word]) for word in _split(text[pos : m.start()]))
        parts = _split(m.group())
        if _is_code(m.group()):
            out.append(("".join(parts), parts))
        else:
            out.extend((word, [word]) for word in parts)
        pos = m.end()
    out.extend((word, [word]) for word in _split(text[pos:]))
    return out


def parse(raw: str) -> ParsedQuery:
    """Parse user input; an empty or punctuation-only query gives an empty ``ParsedQuery``."""
    raw = nfc(raw or "")[:MAX_QUERY_CHARS]
    exact: list[str] = []
    folded: list[str] = []
    phrase: list[str] = []
    for token, parts in _query_tokens(_normal(raw)):
        folded_token = fold(token)
        if not folded_token or not _TOKEN_RE.fullmatch(folded_token):
            continue
        exact.append(token)
        folded.append(folded_token)
        phrase.extend(fold(part) for part in parts)
        if len(exact) >= MAX_QUERY_TOKENS:
            break
    return ParsedQuery(raw=raw, exact=tuple(exact), folded=tuple(folded), phrase=tuple(phrase))


def _fts5_and(toks: tuple[str, ...], prefix: bool = True) -> str:
    parts = ['"' + tok.replace('"', '""') + '"' for tok in toks]
    if prefix:
        parts[-1] += "*"
    return " AND ".join(parts)


def _tsquery_and(toks: tuple[str, ...], weights: str, operator: str = " & ", *, prefix: bool = True) -> str:
    parts = ["'" + tok.replace("\\", "\\\\").replace("'", "''") + "'" for tok in toks]
    last = len(parts) - 1
    return operator.join(
        f"{part}:{'*' if prefix and i == last else ''}{weights}" for i, part in enumerate(parts)
    )


# --- Highlighting -------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    return fold(word)


def _matches(word: str, query: ParsedQuery) -> bool:
    folded = _fold_word(word)
    if not query.folded:
        return False
    last = query.folded[-1]
    return folded in query.folded[:-1] or (folded.startswith(last) if query.prefix else folded == last)


def _spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """Where the matches are: whole document numbers that match a number of the query, then
    the words (outside those numbers) that match a word of it."""
    numbers = [
        (m.start(), m.end())
        for m in _CODE_RE.finditer(text)
        if _is_code(m.group()) and _matches(_CODE_SEPARATORS.sub("", m.group()), query)
    ]
    spans = list(numbers)
    for m in _TOKEN_RE.finditer(text):
        if any(start <= m.start() < end for start, end in numbers):
            continue
        if _matches(m.group(), query):
            spans.append((m.start(), m.end()))
    return sorted(spans)


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
