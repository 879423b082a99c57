"""Links from a duty to the content item it restates (IV.7 "Sở Y tế: ứng dụng các tiến bộ kỹ
thuật …" restates II.3.c almost word for word).

Texts lose their agency names and role words ("chủ trì", "phối hợp với"): a duty is matched
on what is done, not on who does it. They are folded (``khcn.core.text.fold``) and cut into
word pairs. A content item is linked to a duty when one of the duty's sentences (or parts of
a sentence between ";" and ":")

* has at least ``THRESHOLD`` of its word pairs (and ``MIN_SHARED`` pairs at least) in the
  item, each pair weighted by how rare it is among the content items (inverse document
  frequency): a sentence repeated or lightly edited; or
* shares with the item an unbroken phrase holding ``RUN_RARE`` pairs that are rare among the
  content items: a clause taken over inside a longer sentence; or
* names the subject of a short item heading ("KINH PHÍ THỰC HIỆN" → "kinh phí").

An item whose every child is linked is linked as a whole instead. An inverted index keeps the
work proportional to the text: only pairs found in few items are looked up.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from itertools import pairwise

from khcn.core.text import fold, words
from khcn.plans.parser.agencies import find_mentions
from khcn.plans.parser.duties import split_sentences
from khcn.plans.parser.model import Section

THRESHOLD = 0.3
MIN_SHARED = 5
RUN_RARE = 4
MIN_SENTENCE_PAIRS = 4
_SPLIT_RE = re.compile(r"[;:]")
_LEADING_GENERIC = (("noi", "dung"), ("linh", "vuc"), ("cong", "tac"), ("ve",), ("cac",), ("nhiem", "vu"))
_TRAILING_GENERIC = (("thuc", "hien"), ("trien", "khai"))

Pair = tuple[str, str]


_ROLE_WORDS_RE = re.compile(
    r"\b(?:chủ trì|phối hợp(?: chặt chẽ| tốt)?(?: với)?|giao|đề nghị)\b", re.IGNORECASE
)


def _content(text: str) -> str:
    """The text without agency names and role words: duties are matched on what is done,
    not on who does it."""
    mentions = find_mentions(text)
    if mentions:
        parts: list[str] = []
        last = 0
        for mention in mentions:
            parts.append(text[last : mention.start])
            parts.append(" | ")
            last = mention.end
        parts.append(text[last:])
        text = "".join(parts)
    return _ROLE_WORDS_RE.sub(" | ", text)


def _pairs(text: str) -> list[Pair]:
    """Word pairs of ``text`` (folded); a "|" (a removed name) breaks the sequence."""
    out: list[Pair] = []
    for chunk in _content(text).split("|"):
        out.extend(pairwise(words(fold(chunk))))
    return out


def heading_term(heading: str) -> tuple[str, ...] | None:
    """The subject of a short heading, folded ("KINH PHÍ THỰC HIỆN" → ("kinh", "phi"))."""
    tokens = words(fold(heading))
    changed = True
    while changed and tokens:
        changed = False
        for generic in _LEADING_GENERIC:
            if tuple(tokens[: len(generic)]) == generic:
                tokens = tokens[len(generic) :]
                changed = True
        for generic in _TRAILING_GENERIC:
            if len(tokens) >= len(generic) and tuple(tokens[-len(generic) :]) == generic:
                tokens = tokens[: -len(generic)]
                changed = True
    if 2 <= len(tokens) <= 4:
        return tuple(tokens)
    return None


class Linker:
    """Scores duty texts against the content items given at construction."""

    def __init__(self, targets: list[Section]) -> None:
        self.targets = targets
        self.pairs: list[set[Pair]] = []
        self.index: dict[Pair, list[int]] = defaultdict(list)
        for i, node in enumerate(targets):
            pairs = set(_pairs(f"{node.heading} {node.text}"))
            self.pairs.append(pairs)
            for pair in pairs:
                self.index[pair].append(i)
        n = max(len(targets), 1)
        self.idf = {pair: math.log((n + 1) / (len(posting) + 0.5)) for pair, posting in self.index.items()}
        self.default_idf = math.log((n + 1) / 0.5)
        self.common = max(25, n // 4)
        self.rare = max(2.0, 0.15 * n)
        self.terms = [heading_term(node.heading) for node in targets]

    def _piece_scores(self, pairs_list: list[Pair], best: dict[int, float], runs: dict[int, int]) -> None:
        pairs = set(pairs_list)
        total = sum(self.idf.get(pair, self.default_idf) for pair in pairs)
        if total <= 0:
            return
        acc: dict[int, float] = defaultdict(float)
        shared: dict[int, int] = defaultdict(int)
        rare_hits: set[int] = set()
        for pair in pairs:
            posting = self.index.get(pair)
            if not posting or len(posting) > self.common:
                continue
            weight = self.idf[pair]
            for target in posting:
                acc[target] += weight
                shared[target] += 1
            if len(posting) <= self.rare:
                rare_hits.update(posting)
        for target, value in acc.items():
            if shared[target] < MIN_SHARED:
                continue
            score = value / total
            if score > best.get(target, 0.0):
                best[target] = score
        for target in rare_hits:
            have = self.pairs[target]
            run = longest = 0
            for pair in pairs_list:
                if pair in have:
                    if len(self.index[pair]) <= self.rare:
                        run += 1
                        longest = max(longest, run)
                else:
                    run = 0
            if longest > runs.get(target, 0):
                runs[target] = longest

    def scores(self, text: str) -> tuple[dict[int, float], dict[int, int]]:
        """Per target: the best weighted containment and the longest rare shared phrase."""
        best: dict[int, float] = {}
        runs: dict[int, int] = {}
        for sentence in split_sentences(text):
            for piece in _SPLIT_RE.split(sentence):
                pairs = _pairs(piece)
                if len(set(pairs)) >= MIN_SENTENCE_PAIRS:
                    self._piece_scores(pairs, best, runs)
        return best, runs

    def related(self, text: str) -> list[Section]:
        """The content items ``text`` restates, in document order."""
        best, runs = self.scores(text)
        chosen = {i for i, score in best.items() if score >= THRESHOLD}
        chosen |= {i for i, run in runs.items() if run >= RUN_RARE}
        folded = " " + " ".join(words(fold(text))) + " "
        for i, term in enumerate(self.terms):
            if term and f" {' '.join(term)} " in folded:
                chosen.add(i)
        nodes = [self.targets[i] for i in sorted(chosen)]
        return _promote(nodes, self.targets)


def _promote(nodes: list[Section], targets: list[Section]) -> list[Section]:
    """Replace a complete set of siblings by their parent (when the parent is a target); a
    child of a linked item is not listed again."""
    chosen = {id(node) for node in nodes}
    changed = True
    while changed:
        changed = False
        for node in targets:
            kids = [c for c in node.children if c.style not in ("dash", "plus", "star")]
            if len(kids) >= 2 and all(id(c) in chosen for c in kids) and id(node) not in chosen:
                chosen -= {id(c) for c in kids}
                chosen.add(id(node))
                changed = True
    for node in targets:
        if id(node) in chosen:
            for below in node.walk()[1:]:
                chosen.discard(id(below))
    return [node for node in targets if id(node) in chosen]
