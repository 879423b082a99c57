"""Duplication check for S&T task proposals: which past and ongoing tasks look like a new one.

A pure module (no models, no database): the research app feeds it rows ``(id, title, text)``
and shows the DOST specialist the most similar tasks with a score in 0..1 and the words that
matched, so that "already done in 2019" is seen before a council is convened.

How texts are compared (Vietnamese-aware):

- *Normalise and fold.* Each text is cleaned (NFC, spaces), its tone marks put in one place
  (``normalize_tones``: "hoà" = "hòa") and each syllable folded (``fold``: no marks, đ→d, lower
  case), so a title typed without diacritics meets the same title typed with them.
- *Synonyms and abbreviations.* A small table (``SYNONYMS``) maps variants of common S&T terms
  to one canonical phrase ("áp dụng" → "ứng dụng", "BĐKH" → "biến đổi khí hậu", "KH&CN" →
  "khoa học và công nghệ") before anything else.
- *Function words.* The words of ``khcn.core.text.STOP_WORDS`` are dropped when the text is
  typed with diacritics and the word is written exactly so ("trong", not "trồng"). Typed
  without diacritics a folded function word is ambiguous ("cua" is "của" or "cua biển", "khi"
  "khi" or "khí"): it is kept when it makes, with a neighbour, a pair of syllables that the
  past tasks written with diacritics contain ("cua bien"), and dropped otherwise.
- *Terms.* The syllables, and the pairs of consecutive syllables (Vietnamese words are often
  two syllables long), a pair in either order ("nuôi tôm" = "tôm nuôi"), so word order matters
  little while the phrases still count.
- *Weights.* TF-IDF: a term found in many tasks ("nghiên cứu", "giải pháp", the province's
  name) counts little; a few words of boilerplate (``GENERIC_PHRASES``) count less still, so
  that a small corpus behaves like a large one. Sub-linear term frequency.
- *Score.* The larger of two cosines: title against title, and whole against whole (title
  terms counted ``TITLE_BOOST`` times, so title matches weigh more than body matches).

Speed: an inverted index per field. A query reads only the postings of its terms, and only of
the terms that can lift a task above the threshold on their own (the MaxScore split: the
terms whose best possible contributions add up to less than the threshold only refine the
scores of the tasks already found, by binary search in their postings). No loop over all
tasks per query.
"""

from __future__ import annotations

import functools
import itertools
import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from khcn.core.text import STOP_WORDS, clean, fold, normalize_tones, words

__all__ = [
    "GENERIC_PHRASES",
    "SYNONYMS",
    "TITLE_BOOST",
    "Document",
    "Match",
    "SimilarityIndex",
    "terms",
]

# How many times a term of the title counts in the whole-text vector.
TITLE_BOOST = 3
# The weight factor of boilerplate words (``GENERIC_PHRASES``) on top of their IDF.
GENERIC_WEIGHT = 0.3
# A matched phrase is shown when it brings at least this share of the score.
EXPLAIN_MIN_SHARE = 0.03

SYNONYMS: dict[str, tuple[str, ...]] = {
    "ứng dụng": ("áp dụng", "vận dụng"),
    "mô hình": ("xây dựng mô hình", "xây dựng và nhân rộng mô hình"),
    "tôm thẻ": ("tôm thẻ chân trắng", "tôm chân trắng"),
    "thực trạng": ("hiện trạng",),
    "biến đổi khí hậu": ("BĐKH",),
    "nông nghiệp công nghệ cao": ("NNCNC", "nông nghiệp ứng dụng công nghệ cao"),
    "sản xuất thử nghiệm": ("SXTN", "dự án SXTN"),
    "khoa học và công nghệ": ("KH&CN", "KHCN", "KH và CN", "khoa học công nghệ"),
    "đổi mới sáng tạo": ("ĐMST",),
    "công nghệ thông tin": ("CNTT",),
    "công nghệ sinh học": ("CNSH",),
    "chuyển đổi số": ("CĐS",),
    "cơ sở dữ liệu": ("CSDL",),
    "nuôi trồng thủy sản": ("NTTS",),
    "đồng bằng sông Cửu Long": ("ĐBSCL",),
    "rừng ngập mặn": ("RNM",),
    "hợp tác xã": ("HTX",),
    "kinh tế - xã hội": ("KT-XH", "kinh tế xã hội"),
    "chế phẩm sinh học": ("chế phẩm vi sinh",),
    "năng suất": ("năng xuất",),
    "sản xuất": ("sản suất",),
}
"""Variants of common S&T terms → one canonical phrase (the key).

Compiled by hand for KHCN, not taken from an official list: the abbreviations that provincial
DOST documents use in task lists and approval decisions (KH&CN, BĐKH, NNCNC, SXTN, ĐMST,
NTTS, ĐBSCL, HTX…), pairs of terms that title the same kind of task ("ứng dụng"/"áp dụng",
"xây dựng mô hình"/"mô hình", "thực trạng"/"hiện trạng", "tôm thẻ chân trắng"/"tôm thẻ") and
two frequent misspellings ("năng xuất", "sản suất"). Variants are matched folded, on whole
syllables, longest first. Extend it when specialists report a miss; the canonical phrase is
also listed implicitly (so "khí" in "biến đổi khí hậu" typed without diacritics is never taken
for the function word "khi").
"""

GENERIC_PHRASES: tuple[str, ...] = (
    "nghiên cứu",
    "đánh giá",
    "giải pháp",
    "thực trạng",
    "đề xuất",
    "nâng cao",
    "hiệu quả",
    "phát triển",
    "góp phần",
    "địa bàn",
    "tỉnh",
    "huyện",
)
"""The boilerplate of task titles ("Nghiên cứu … giải pháp nâng cao hiệu quả … trên địa bàn
tỉnh …"): their syllables, and pairs made of two of them, weigh ``GENERIC_WEIGHT`` × their IDF.
IDF already makes them light in a large corpus; this keeps them light in a small one."""


@dataclass(frozen=True, slots=True)
class Document:
    """A past or ongoing task as the app hands it over."""

    id: Hashable
    title: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """One similar task: its id, the score in 0..1 and the matched terms, most telling first,
    as written in the task (its title where possible)."""

    id: Hashable
    score: float
    terms: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Analysis
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=131072)
def _fold_word(word: str) -> str:
    return fold(word)  # the same few thousand syllables again and again: folded once each


def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(_fold_word(w) for w in words(phrase))


_STOP_LOWER = frozenset(w.lower() for w in STOP_WORDS)
_STOP_FOLDED = frozenset(fold(w) for w in STOP_WORDS)


def _synonym_table() -> dict[tuple[str, ...], tuple[str, ...]]:
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for canonical, variants in SYNONYMS.items():
        # The canonical phrase without its function words ("và"): what the variants become.
        target = tuple(_fold_word(w) for w in words(canonical) if w.lower() not in _STOP_LOWER)
        for phrase in (canonical, *variants):
            table[_phrase_tokens(phrase)] = target
    return table


_SYNONYMS = _synonym_table()
_SYN_FIRST = frozenset(key[0] for key in _SYNONYMS)
_SYN_LONGEST = max(len(key) for key in _SYNONYMS)
_GENERIC = frozenset(t for phrase in GENERIC_PHRASES for t in _phrase_tokens(phrase))


def _pair(a: str, b: str) -> str:
    """The key of two consecutive syllables, in either order."""
    return f"{a} {b}" if a <= b else f"{b} {a}"


@dataclass(frozen=True, slots=True)
class _Token:
    key: str  # folded syllable
    start: int  # span in the normalised text, for display
    end: int


def _tokens(text: str, vocab: frozenset[str] | set[str] | None) -> tuple[str, list[_Token], bool]:
    """The normalised text, its content syllables (synonyms canonicalised, function words
    dropped) and whether it is written with diacritics. ``vocab``: the known pairs that keep an
    ambiguous syllable typed without diacritics."""
    norm = normalize_tones(clean(text))
    raw = words(norm)
    if not raw:
        return norm, [], False
    spans: list[tuple[int, int]] = []
    pos = 0
    for w in raw:
        start = norm.find(w, pos)
        pos = start + len(w)
        spans.append((start, pos))
    folded = [_fold_word(w) for w in raw]
    accented = any(f != w.lower() for f, w in zip(folded, raw, strict=True))
    # (key, start, end, is a function word)
    marked: list[tuple[str, int, int, bool]] = []
    i, n = 0, len(raw)
    while i < n:
        if folded[i] in _SYN_FIRST:
            for length in range(min(_SYN_LONGEST, n - i), 0, -1):
                target = _SYNONYMS.get(tuple(folded[i : i + length]))
                if target is not None:
                    start, end = spans[i][0], spans[i + length - 1][1]
                    marked += [(t, start, end, False) for t in target]
                    i += length
                    break
            else:
                target = None
            if target is not None:
                continue
        stop = raw[i].lower() in _STOP_LOWER if accented else folded[i] in _STOP_FOLDED
        marked.append((folded[i], spans[i][0], spans[i][1], stop))
        i += 1
    out: list[_Token] = []
    for j, (key, start, end, stop) in enumerate(marked):
        if stop:
            if accented or not vocab:
                continue
            before = j > 0 and _pair(marked[j - 1][0], key) in vocab
            after = j + 1 < len(marked) and _pair(key, marked[j + 1][0]) in vocab
            if not (before or after):
                continue
        out.append(_Token(key, start, end))
    return norm, out, accented


def _term_counts(tokens: Sequence[_Token]) -> Counter[str]:
    keys = [t.key for t in tokens]
    counts = Counter(keys)
    counts.update(_pair(a, b) for a, b in itertools.pairwise(keys))
    return counts


@functools.lru_cache(maxsize=131072)
def _generic(term: str) -> bool:
    return all(part in _GENERIC for part in term.split(" "))


def terms(text: str) -> list[str]:
    """The terms ``text`` is indexed under: folded syllables and pairs of syllables, synonyms
    canonicalised, function words dropped (without an index to tell "cua" from "của", every
    folded function word is dropped from a text typed without diacritics).

    >>> terms("Ứng dụng BĐKH")
    ['ung', 'dung', 'bien', 'doi', 'khi', 'hau', 'dung ung', 'bien dung', 'bien doi', 'doi khi', 'hau khi']
    """
    return list(_term_counts(_tokens(text, None)[1]))


# --------------------------------------------------------------------------------------------
# Index
# --------------------------------------------------------------------------------------------


class _Field:
    """An inverted index of one field: term → (task numbers ascending, normalised weights)."""

    __slots__ = ("df", "docs", "factor", "maxw", "n", "weights")

    def __init__(self, counts: Sequence[Counter[str]]) -> None:
        self.n = len(counts)
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        self.df = df
        # IDF × the boilerplate factor of every term, computed once.
        self.factor = {t: self.idf(t) * (GENERIC_WEIGHT if _generic(t) else 1.0) for t in df}
        docs: dict[str, array[int]] = {}
        weights: dict[str, array[float]] = {}
        maxw: dict[str, float] = {}
        for number, c in enumerate(counts):
            vec = self.vector(c)
            for term, w in vec.items():
                if term not in docs:
                    docs[term] = array("i")
                    weights[term] = array("d")
                    maxw[term] = w
                elif w > maxw[term]:
                    maxw[term] = w
                docs[term].append(number)
                weights[term].append(w)
        self.docs, self.weights, self.maxw = docs, weights, maxw

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 0.5))

    def vector(self, counts: Counter[str]) -> dict[str, float]:
        """Unit-length TF-IDF vector (sub-linear term frequency)."""
        vec: dict[str, float] = {}
        factor = self.factor
        for term, tf in counts.items():
            f = factor.get(term)
            if f is None:  # a term no task has
                f = self.idf(term) * (GENERIC_WEIGHT if _generic(term) else 1.0)
            w = f if tf == 1 else (1.0 + math.log(tf)) * f
            if w > 0:
                vec[term] = w
        norm = math.sqrt(sum(w * w for w in vec.values()))
        return {t: w / norm for t, w in vec.items()} if norm else {}

    def scores(self, qvec: dict[str, float], threshold: float) -> dict[int, float]:
        """Cosine of every task scoring at least ``threshold`` (MaxScore: only the postings of
        the terms that can lift a task above the threshold are read in full)."""
        bounds = sorted(
            ((q * self.maxw[t], t) for t, q in qvec.items() if t in self.docs),
            reverse=True,
        )
        if not bounds:
            return {}
        # The tail: the longest suffix whose best contributions add up to less than the threshold.
        tail_bound, h = 0.0, len(bounds)
        while h > 0 and tail_bound + bounds[h - 1][0] < threshold:
            h -= 1
            tail_bound += bounds[h][0]
        acc: dict[int, float] = {}
        get = acc.get
        for _bound, term in bounds[:h]:
            q = qvec[term]
            for d, w in zip(self.docs[term], self.weights[term], strict=True):
                acc[d] = get(d, 0.0) + q * w
        if tail_bound > 0:
            acc = {d: s for d, s in acc.items() if s + tail_bound >= threshold}
            for _bound, term in bounds[h:]:
                if not acc:
                    break
                q, docs, ws = qvec[term], self.docs[term], self.weights[term]
                if len(docs) <= 16 * len(acc):
                    for d, w in zip(docs, ws, strict=True):
                        if d in acc:
                            acc[d] += q * w
                else:
                    for d in acc:
                        i = bisect_left(docs, d)
                        if i < len(docs) and docs[i] == d:
                            acc[d] += q * ws[i]
        return {d: min(1.0, s) for d, s in acc.items() if s >= threshold}


class SimilarityIndex:
    """Past and ongoing tasks, indexed once (``build``), queried many times (``query``)."""

    def __init__(
        self,
        docs: list[Document],
        title_counts: list[Counter[str]],
        full_counts: list[Counter[str]],
        vocab: frozenset[str],
    ) -> None:
        self._docs = docs
        self._vocab = vocab
        self._title = _Field(title_counts)
        self._full = _Field(full_counts)

    @classmethod
    def build(cls, docs: Iterable[Document | tuple[Any, str, str] | tuple[Any, str]]) -> SimilarityIndex:
        """Index ``docs``: ``Document``s or tuples ``(id, title[, text])``."""
        items = [d if isinstance(d, Document) else Document(*d) for d in docs]
        analysed: list[tuple[Counter[str], Counter[str]] | None] = [None] * len(items)
        vocab: set[str] = set()
        later: list[int] = []
        # Texts written with diacritics first: their pairs decide, for the texts typed without,
        # which folded function words are words ("cua bien") and which are not.
        for number, doc in enumerate(items):
            title, full, accented = _counts(doc.title, doc.text, None)
            if not accented:
                later.append(number)
                continue
            vocab.update(t for t in title if " " in t)
            vocab.update(t for t in full if " " in t)
            analysed[number] = (title, full)
        frozen = frozenset(vocab)
        for number in later:
            analysed[number] = _counts(items[number].title, items[number].text, frozen)[:2]
        title_counts = [a[0] for a in analysed if a is not None]
        full_counts = [a[1] for a in analysed if a is not None]
        return cls(items, title_counts, full_counts, frozen)

    def __len__(self) -> int:
        return len(self._docs)

    def query(self, title: str, text: str = "", *, k: int = 10, threshold: float = 0.2) -> list[Match]:
        """The ``k`` tasks most similar to a proposal (its ``title``, optionally its objectives
        and contents as ``text``) scoring at least ``threshold``, best first."""
        if k <= 0:
            return []
        threshold = max(threshold, 1e-9)
        title_counts, full_counts, _accented = _counts(title, text, self._vocab)
        q_title = self._title.vector(title_counts)
        q_full = self._full.vector(full_counts)
        by_title = self._title.scores(q_title, threshold)
        by_full = self._full.scores(q_full, threshold)
        best: dict[int, tuple[float, bool]] = {d: (s, True) for d, s in by_title.items()}
        for d, s in by_full.items():
            if d not in best or s > best[d][0]:
                best[d] = (s, False)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:k]
        return [
            Match(
                id=self._docs[d].id,
                score=round(score, 4),
                terms=self._explain(d, q_title if on_title else q_full, on_title),
            )
            for d, (score, on_title) in ranked
        ]

    def _explain(self, number: int, qvec: dict[str, float], on_title: bool) -> tuple[str, ...]:
        """The matched terms of task ``number``, merged into the phrases of its title (then of
        its text) and written as there, the largest contribution first."""
        doc = self._docs[number]
        title_norm, title_tokens, _accented = _tokens(doc.title, self._vocab)
        text_norm, text_tokens, _accented = _tokens(doc.text, self._vocab)
        if on_title:
            dvec = self._title.vector(_term_counts(title_tokens))
        else:
            dvec = self._full.vector(_full_counts(title_tokens, text_tokens))
        gain = {t: q * dvec[t] for t, q in qvec.items() if t in dvec}
        phrases: dict[str, tuple[str, float]] = {}  # case-folded → as written, gain
        for norm, tokens in ((title_norm, title_tokens), (text_norm, text_tokens)):
            for phrase, value in _phrases(norm, tokens, gain):
                seen = phrases.get(phrase.casefold())
                phrases[phrase.casefold()] = (seen[0], seen[1] + value) if seen else (phrase, value)
            if not gain:
                break
        ordered = sorted(phrases.values(), key=lambda item: -item[1])
        total = sum(v for _p, v in ordered)
        # A stray syllable (a folding collision: "dựng" for "dụng") explains nothing: left out.
        return tuple(p for p, v in ordered if v >= EXPLAIN_MIN_SHARE * total)


def _counts(title: str, text: str, vocab: frozenset[str] | None) -> tuple[Counter[str], Counter[str], bool]:
    """Title terms, whole-text terms (title boosted) and whether every part is written with
    diacritics (a part typed without them reads its word pairs from ``vocab``, as a query
    does — so a title typed without diacritics over a text with them is analysed like one)."""
    _norm, title_tokens, accented = _tokens(title, vocab)
    text_tokens: list[_Token] = []
    if text:
        _norm, text_tokens, text_accented = _tokens(text, vocab)
        accented = accented and text_accented
    return _term_counts(title_tokens), _full_counts(title_tokens, text_tokens), accented


def _full_counts(title_tokens: Sequence[_Token], text_tokens: Sequence[_Token]) -> Counter[str]:
    full = Counter({t: TITLE_BOOST * c for t, c in _term_counts(title_tokens).items()})
    if text_tokens:
        full.update(_term_counts(text_tokens))
    return full


def _phrases(norm: str, tokens: Sequence[_Token], gain: dict[str, float]) -> list[tuple[str, float]]:
    """Runs of matched syllables of one text, as written there, with the sum of the gains of
    their terms. Terms used here are taken out of ``gain`` (each counts once)."""
    out: list[tuple[str, float]] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].key not in gain and not (i + 1 < n and _pair(tokens[i].key, tokens[i + 1].key) in gain):
            i += 1
            continue
        j = i
        while j + 1 < n and _pair(tokens[j].key, tokens[j + 1].key) in gain:
            j += 1
        value = 0.0
        for m in range(i, j + 1):
            value += gain.pop(tokens[m].key, 0.0)
            if m < j:
                value += gain.pop(_pair(tokens[m].key, tokens[m + 1].key), 0.0)
        if value > 0:
            out.append((norm[tokens[i].start : tokens[j].end], value))
        i = j + 1
    return out
