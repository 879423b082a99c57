"""How well a parse matches a hand annotation: the scorer of the parser's corpus.

The corpus (``khcn/plans/tests/corpus``, its README gives the annotation format) holds real
documents of several kinds with the parse a correct importer must give. ``score_document``
compares one parse with its annotation; ``score_corpus`` adds the documents up per kind. The
figures (``bench/plan_corpus_score.py`` prints them, ``docs/plan-parser.md`` keeps the table):

- **facts**: share of the annotated facts that are right — doc type, number, date, issuer,
  title, the documents implemented (each number one fact), the decision a plan is issued with,
  and each warning the annotation asks for;
- **sections**: F1 of the annotated section paths whose heading the parse has (folded words);
- **assignments**: precision and recall of (section, agency, role), the section ignored where
  the annotation has none (a text without numbered items: there an agency's role counts once,
  however many paragraphs repeat it);
- **deadlines**: share of the annotated deadlines (including "none": a target is no deadline)
  that the matched assignment has.

Comparisons are on folded text (no diacritics, lower case) with the usual abbreviations
written out, so "UBND tỉnh" and "Ủy ban nhân dân tỉnh" are one name.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khcn.core.text import fold, words

ABBREVIATIONS = (
    ("HĐND", "Hội đồng nhân dân"),
    ("UBND", "Ủy ban nhân dân"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("KH&CN", "khoa học và công nghệ"),
    ("KHCN", "khoa học và công nghệ"),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("TN&MT", "Tài nguyên và Môi trường"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"),
    ("GD&ĐT", "Giáo dục và Đào tạo"),
    ("LĐTB&XH", "Lao động - Thương binh và Xã hội"),
    ("VH,TT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VHTTDL", "Văn hóa, Thể thao và Du lịch"),
    ("TT&TT", "Thông tin và Truyền thông"),
    ("GTVT", "Giao thông vận tải"),
    ("TP.HCM", "thành phố Hồ Chí Minh"),
    ("TPHCM", "thành phố Hồ Chí Minh"),
    ("TP.", "thành phố "),
)
ROLES = ("lead", "coordinate", "report")
FACT_KEYS = ("doc_type", "number", "date", "issuer", "title")
DEADLINE_FIELDS = ("kind", "date", "year", "month", "day", "quarter", "half", "every", "start", "end")


# The officials' titles before the ministries' group name the bodies (corpus README: an official's
# agency): "Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, (Thủ trưởng) cơ quan thuộc Chính phủ" is "các
# Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ", as other annotations write it.
_MINISTERS_RE = re.compile(
    r"\bBộ trưởng(?: các Bộ)?,\s*Thủ trưởng\s+(?:các\s+)?cơ quan ngang [Bb]ộ", re.IGNORECASE
)
_HEADS_OF_BODIES_RE = re.compile(r",\s*Thủ trưởng\s+(?=cơ quan thuộc Chính phủ)", re.IGNORECASE)


def expand(text: str) -> str:
    for short, long in ABBREVIATIONS:
        text = text.replace(short, long)
    text = _HEADS_OF_BODIES_RE.sub(", ", _MINISTERS_RE.sub("các Bộ, cơ quan ngang Bộ", text))
    return re.sub(r"\bTP\s", "thành phố ", text)


def name_key(text: str | None) -> str:
    """A name compared: abbreviations written out, folded, punctuation and spaces collapsed."""
    return " ".join(words(fold(expand(text or ""))))


def number_key(text: str | None) -> str:
    return re.sub(r"\s+", "", (text or "")).upper().replace("Đ", "D")


def _overlap(expected: str, got: str | None) -> float:
    want = words(fold(expand(expected)))
    have = set(words(fold(expand(got or ""))))
    if not want:
        return 1.0 if not have else 0.0
    return sum(1 for w in want if w in have) / len(want)


def _letters(text: str | None) -> str:
    """A text's letters and digits alone, folded: the same text whatever spaces a copy lost
    ("VỀVIỆC", "Ủyban") and the parser put back."""
    return "".join(words(fold(expand(text or ""))))


def title_matches(expected: str | None, got: str | None) -> bool:
    """Both ways ≥ 0.9 of the words: a title as printed, line breaks, case and lost spaces aside."""
    if not expected:
        return not got
    if _letters(expected) == _letters(got):
        return True
    return _overlap(expected, got) >= 0.9 and _overlap(got or "", expected) >= 0.9


def issuer_matches(expected: str | None, got: str | None) -> bool:
    """The same name, or the committee the annotation names without its province and the parse
    with the province the text names ("Ủy ban nhân dân tỉnh" / "… tỉnh Cà Mau")."""
    if name_key(expected) == name_key(got) or _letters(expected) == _letters(got):
        return True
    want, have = name_key(expected), name_key(got)
    if not want or not have.startswith(want + " ") or not want.endswith((" tinh", " thanh pho")):
        return False
    return have[len(want) + 1 :] in _province_keys()


@functools.lru_cache(maxsize=1)
def _province_keys() -> frozenset[str]:
    from khcn.plans.parser.lexicon import PROVINCES

    return frozenset(name_key(name) for name in PROVINCES)


@dataclass
class Score:
    """Counts for one document or many; the ratios are computed from the counts."""

    facts_right: int = 0
    facts_total: int = 0
    sections_expected: int = 0
    sections_found: int = 0
    sections_right: int = 0
    assignments_expected: int = 0
    assignments_found: int = 0
    assignments_right: int = 0
    deadlines_total: int = 0
    deadlines_right: int = 0
    documents: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            if name != "problems":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)

    @staticmethod
    def _ratio(num: int, den: int) -> float | None:
        return num / den if den else None

    @property
    def facts(self) -> float | None:
        return self._ratio(self.facts_right, self.facts_total)

    @property
    def sections(self) -> float | None:
        p = self._ratio(self.sections_right, self.sections_found)
        r = self._ratio(self.sections_right, self.sections_expected)
        if p is None or r is None:
            return None if self.sections_expected == 0 else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float | None:
        return self._ratio(self.assignments_right, self.assignments_found)

    @property
    def recall(self) -> float | None:
        return self._ratio(self.assignments_right, self.assignments_expected)

    @property
    def deadlines(self) -> float | None:
        return self._ratio(self.deadlines_right, self.deadlines_total)


def _fact(score: Score, ok: bool, problem: str) -> None:
    score.facts_total += 1
    if ok:
        score.facts_right += 1
    else:
        score.problems.append(problem)


def _score_facts(score: Score, expected: dict[str, Any], parsed: dict[str, Any]) -> None:
    for key in FACT_KEYS:
        if key not in expected:
            continue
        want, got = expected[key], parsed.get(key)
        if key == "title":
            ok = title_matches(want, got)
        elif key == "number":
            ok = number_key(want) == number_key(got)
        elif key == "issuer":
            ok = issuer_matches(want, got)
        elif key == "doc_type":
            ok = fold(want or "") == fold(got or "")
        else:
            ok = want == got
        _fact(score, ok, f"{key}: expected {want!r}, got {got!r}")
    if "implements" in expected:
        have = {number_key(n) for n in parsed.get("implements") or []}
        for number in expected["implements"] or []:
            _fact(score, number_key(number) in have, f"implements: {number!r} not found")
        extra = have - {number_key(n) for n in expected["implements"] or []}
        for number in sorted(extra):
            _fact(score, False, f"implements: {number!r} is not implemented by the document")
    if expected.get("issued_with"):
        got_with = parsed.get("issued_with") or {}
        for key in ("number", "date"):
            want = expected["issued_with"].get(key)
            if want:
                got = got_with.get(key)
                ok = number_key(want) == number_key(got) if key == "number" else want == got
                _fact(score, ok, f"issued_with.{key}: expected {want!r}, got {got!r}")
    codes = {w.get("code") for w in parsed.get("warnings") or [] if isinstance(w, dict)}
    for warning in expected.get("warnings") or []:
        code = warning.get("code") if isinstance(warning, dict) else warning
        _fact(score, code in codes, f"warning {code!r} not given")


def _section_paths(sections: Iterable[dict[str, Any]], prefix: str = "") -> dict[str, str]:
    """Path → heading, with repeated paths told apart as the parser does (" (second)")."""
    out: dict[str, str] = {}
    for section in sections or []:
        label = str(section.get("label") or "")
        path = f"{prefix}.{label}" if prefix else label
        base, n = path, 1
        while path in out:
            n += 1
            path = f"{base} ({n})"
        out[path] = str(section.get("heading") or "")
        out.update(_section_paths(section.get("children") or [], path))
    return out


_ORDINALS = {"second": "2", "third": "3", "fourth": "4"}
_BULLET_LABELS = frozenset({"-", "+", "*", "•", "–"})


_APPENDIX_RE = re.compile(r"^phụ lục(?:\s+[^.\s]+)?(?:\.|$)", re.IGNORECASE)


def _normal_path(path: str) -> str:
    """A path with the parser's " (second)" written " (2)", as the annotation's repeats are, and
    without the appendix's own label: an appendix starts again at the top level, and the
    annotations write its rows by their numbers alone ("1", not "Phụ lục.1")."""
    path = re.sub(r"\s*\((second|third|fourth)\)", lambda m: f" ({_ORDINALS[m[1]]})", path or "")
    path = _APPENDIX_RE.sub("", path.strip())
    return path.strip(". ")


_UNNUMBERED_APPENDIX_RE = re.compile(r"^phụ lục(?:\.|$)", re.IGNORECASE)


def _parsed_paths(parsed: dict[str, Any]) -> dict[str, str]:
    """The parse's paths as the annotations write them (``_normal_path``). An appendix without a
    number whose groups repeat the body's labels ("PHỤ LỤC" over "I.", "II." again, after the body's
    own I–IV) gives them " (2)", as the annotations number a repeated path ("I (second).1")."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for path in _section_paths(parsed.get("sections") or []):
        normal = _normal_path(path)
        if _UNNUMBERED_APPENDIX_RE.match(path) and normal:
            head, _, rest = normal.partition(".")
            if head in taken and not head.endswith(")"):
                normal = f"{head} (2)" + (f".{rest}" if rest else "")
        elif "." not in normal:
            taken.add(normal)
        out[path] = normal
    return out


def _score_sections(score: Score, expected: dict[str, Any], parsed: dict[str, Any]) -> None:
    if expected.get("sections") is None:
        return
    want = _section_paths(expected["sections"])
    # Bullets ("- …", "+ …") are paragraphs of their item: the annotations list numbered items
    # only (corpus README), so the parse is not counted wrong for listing its bullets.
    paths = _parsed_paths(parsed)
    have = {
        paths[p]: h
        for p, h in _section_paths(parsed.get("sections") or []).items()
        if not any(part.split(" (")[0] in _BULLET_LABELS for part in p.split(".")) and paths[p]
    }
    score.sections_expected += len(want)
    score.sections_found += len(have)
    annotated = _parsed_paths(expected)
    for path, heading in want.items():
        got = have.get(annotated.get(path, _normal_path(path)))
        if got is not None and (not heading or _overlap(heading, got) >= 0.8):
            score.sections_right += 1
        else:
            score.problems.append(f"section {path} {heading[:50]!r}: got {got!r}")


_MEMBERS_RE = re.compile(r"^(?:cac )?thanh vien ")


# "Sở Nội vụ (Ban Thi đua - Khen thưởng Thành phố)": the unit in brackets is the body's own
_UNIT_IN_BRACKETS_RE = re.compile(r"\s*\([^()]*\)")


def _agency_matches(want: str, got: str) -> bool:
    want, got = _UNIT_IN_BRACKETS_RE.sub("", want) or want, _UNIT_IN_BRACKETS_RE.sub("", got) or got
    # "Các thành viên Ban chỉ đạo" as printed is the body's own assignment (corpus README)
    a, b = _MEMBERS_RE.sub("", name_key(want)), _MEMBERS_RE.sub("", name_key(got))
    if a == b or _letters(want) == _letters(got):
        return True
    if a == f"so {b}" or b == f"so {a}":
        return True  # "các đơn vị: Y tế, Công Thương": the departments named by their fields
    return len(a) > 12 and len(b) > 12 and (a.endswith(b) or b.endswith(a))


def _deadline_matches(expected: dict[str, Any], got: dict[str, Any] | None, got_text: str | None) -> bool:
    if expected.get("deadline_detail"):
        want = expected["deadline_detail"]
        if not got:
            return False
        return all(got.get(k) == want[k] for k in DEADLINE_FIELDS if k in want)
    want_text = expected.get("deadline")
    if want_text is None:
        return got is None and not got_text
    return bool(got_text) and _overlap(want_text, got_text) >= 0.6


def _score_assignments(score: Score, expected: dict[str, Any], parsed: dict[str, Any]) -> None:
    wanted = list(expected.get("assignments") or [])
    found = [a for a in parsed.get("assignments") or [] if a.get("role") in ROLES]
    if expected.get("sections") is None:
        # No numbered items: an assignment is an agency and its role. The parse keeps a letter's
        # paragraphs apart, so one duty printed twice (a portal's lead repeating the body) is one;
        # its deadline is the first the paragraphs give.
        first: dict[tuple[str, str], dict[str, Any]] = {}
        for got in found:
            key = (name_key(got.get("agency")), str(got.get("role")))
            if key not in first:
                first[key] = dict(got)
            elif not first[key].get("deadline_detail") and got.get("deadline_detail"):
                first[key].update(deadline=got.get("deadline"), deadline_detail=got.get("deadline_detail"))
        found = list(first.values())
    score.assignments_expected += len(wanted)
    paths = _parsed_paths(parsed)
    # (the annotation's paths read the same way: its "Phụ lục.1" under an unnumbered appendix is
    # the appendix's row, not the body's item 1)
    annotated = _parsed_paths(expected)
    used: set[int] = set()
    for want in wanted:
        section = want.get("section")
        match = None
        for index, got in enumerate(found):
            if index in used or got.get("role") != want.get("role"):
                continue
            got_path = got.get("section") or ""
            if section and paths.get(got_path, _normal_path(got_path)) != annotated.get(
                section, _normal_path(section)
            ):
                continue
            if _agency_matches(want.get("agency") or "", got.get("agency") or ""):
                match = index
                break
        where = f"{section or '-'} {want.get('agency')!r} {want.get('role')}"
        if match is None:
            score.problems.append(f"assignment missing: {where}")
            if "deadline" in want or "deadline_detail" in want:
                score.deadlines_total += 1
            continue
        used.add(match)
        score.assignments_right += 1
        if "deadline" in want or "deadline_detail" in want:
            score.deadlines_total += 1
            got = found[match]
            if _deadline_matches(want, got.get("deadline_detail"), got.get("deadline")):
                score.deadlines_right += 1
            else:
                score.problems.append(
                    f"deadline at {where}: expected {want.get('deadline_detail') or want.get('deadline')!r}, "
                    f"got {got.get('deadline_detail') or got.get('deadline')!r}"
                )
    # A lead the parser derives from "X phối hợp với Z" (Z leads) is implied by the annotated
    # coordination: not an error when the annotation does not list it.
    extra = [g for i, g in enumerate(found) if i not in used and g.get("source") != "coordination"]
    score.assignments_found += len(used) + len(extra)
    for got in extra:
        score.problems.append(
            f"assignment not expected: {got.get('section')} {got.get('agency')!r} {got.get('role')}"
        )


def score_document(
    expected: dict[str, Any], parsed: dict[str, Any] | None, error: str | None = None
) -> Score:
    """One document: ``parsed`` is the parser's JSON, or None when it refused the text."""
    score = Score(documents=1)
    if parsed is None:
        parsed = {"warnings": [], "sections": [], "assignments": []}
        score.problems.append(f"refused: {error}")
    _score_facts(score, expected, parsed)
    _score_sections(score, expected, parsed)
    _score_assignments(score, expected, parsed)
    return score


@dataclass
class CorpusDocument:
    kind: str
    path: Path
    expected: dict[str, Any]

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def source(self) -> dict[str, Any]:
        return dict(self.expected.get("_source") or {})


def load_corpus(root: Path) -> list[CorpusDocument]:
    """Every ``<kind>/<name>.txt`` with its ``<name>.expected.json``, sorted by kind and name."""
    out = []
    for text in sorted(root.glob("*/*.txt")):
        annotation = text.with_suffix(".expected.json")
        if annotation.exists():
            expected = json.loads(annotation.read_text(encoding="utf-8"))
            out.append(CorpusDocument(text.parent.name, text, expected))
    return out


def score_corpus(documents: list[CorpusDocument]) -> dict[str, tuple[Score, dict[str, Score]]]:
    """Per kind: the kind's total and each document's score (by file name)."""
    from khcn.plans.parser import PlanParseError, parse_text

    table: dict[str, tuple[Score, dict[str, Score]]] = {}
    for document in documents:
        total, each = table.setdefault(document.kind, (Score(), {}))
        try:
            parsed: dict[str, Any] | None = parse_text(document.text).to_json()
            error = None
        except PlanParseError as exc:
            parsed, error = None, exc.code
        score = score_document(document.expected, parsed, error)
        each[document.path.name] = score
        total.add(score)
    return table
