"""Cited documents: "Kết luận số 50-KL/TW ngày 30/5/2019 của Ban Bí thư", "Quyết định số
123/QĐ-UBND ngày 05 tháng 02 năm 2024 của Ủy ban nhân dân tỉnh", "Nghị định 09/2019/NĐ-CP".

A document's number and symbol follow Decree 30/2020 ("177/KH-UBND", "09/2019/NĐ-CP") or the
Party's rules ("50-KL/TW", "21-CTr/TU"). Its kind comes from the words before it, else from
the abbreviation in the symbol; its date and issuing body from what follows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from khcn.core.text import clean, fold
from khcn.plans.parser import lexicon
from khcn.plans.parser.agencies import all_upper, match_list, proper_case, tokenize
from khcn.plans.parser.deadlines import safe_date

# The capitals a symbol is written with: Latin, "Đ", and the vowels of "TƯ" (trung ương) and
# its like ("6598/BCĐTƯATTP").
_CAP = "A-ZĐƯƠÂĂÊÔ"
NUMBER_RE = re.compile(
    # (a hyphen a copy spaced, "68/KH - UBND" or "268/KH – BCĐATTP", before a code in capitals)
    # ("Số: 70          /2024/QĐ-UBND": the number typed into the blank the form leaves for it)
    rf"(?<![\w/])(?:\d{{1,5}}[a-zđ]?(?: {{0,16}}/\d{{4}})? ?/[{_CAP}][{_CAP}a-zđ0-9]*"
    # ("11554/VPCP-V.I": a unit of the office numbered after a dot)
    rf"(?:-[{_CAP}][{_CAP}a-zđ0-9&]*(?:\.[{_CAP}0-9]+)*| [-–] [{_CAP}][{_CAP}0-9&]+(?![\w]))*"
    rf"|\d{{1,5}} ?-[{_CAP}][{_CAP}a-zđ]*/[{_CAP}][{_CAP}a-zđ]*)(?![\w/])"
)
_KIND_BEFORE_RE = re.compile(
    r"(?P<kind>" + "|".join(re.escape(k) for k in lexicon.CITED_KINDS) + r")\s+(?:số\s+|số:\s*)?$",
    re.IGNORECASE,
)
# A whole date after "ngày", in either form: "3/5/2024" (or "3-5-2024", "3.5.2024") and "3 tháng 5
# năm 2024". ``whole_date`` reads a match of it.
DATE_FORMS = (
    r"(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d\d))"
)
_DATE_AFTER_RE = re.compile(r"^\s*,?\s*ngày\s+" + DATE_FORMS, re.IGNORECASE)


def whole_date(match: re.Match[str]) -> dt.date | None:
    """The date a match of ``DATE_FORMS`` spells."""
    if match["d"]:
        return safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
    return safe_date(int(match["y2"]), int(match["m2"]), int(match["d2"]))


def date_after(text: str) -> tuple[dt.date | None, int]:
    """The date ", ngày …" that ``text`` opens with, and where it ends (None, 0 when none)."""
    match = _DATE_AFTER_RE.match(text)
    return (whole_date(match), match.end()) if match else (None, 0)


_ISSUER_AFTER_RE = re.compile(r"^\s*,?\s*(?:của|do)\s+", re.IGNORECASE)
# Where a name in capitals runs on into the subject: "BAN BÍ THƯ VỀ TIẾP TỤC THỰC HIỆN …".
_SUBJECT_START_RE = re.compile(r"\s+(?:về|v/v)(?:\s|$)", re.IGNORECASE)
_ISSUER_STOP_RE = re.compile(
    r"\s+(?:về|v/v|ban hành|quy định|hướng dẫn|khóa|khoá|ngày)\b|[,;(:.]", re.IGNORECASE
)


@dataclass
class Citation:
    number: str
    kind: str | None
    date: dt.date | None
    issuer: str | None
    start: int
    end: int


def kind_from_symbol(number: str) -> str | None:
    """The document type from its symbol: "177/KH-UBND" → Kế hoạch; "1234/UBND-KT" → Công văn."""
    if "-" in number.split("/")[0] and "/" in number:  # Party style: 50-KL/TW
        code = number.split("-", 1)[1].split("/", 1)[0]
    else:
        tail = number.split("/")[-1]
        code = tail.split("-", 1)[0]
    found = lexicon.SYMBOL_TYPES.get(code.upper())
    if found:
        return found
    if code.upper() in ("UBND", "VP", "SKHCN", "TU", "BCĐ") or code.upper().startswith("S"):
        return "Công văn"
    return None


def issuer_from_symbol(number: str) -> str | None:
    """The central body a symbol names ("408/TB-VPCP" → Văn phòng Chính phủ), else None."""
    tail = number.split("/")[-1]
    code = tail.split("-", 1)[-1] if "-" in tail else tail
    return lexicon.SYMBOL_ISSUERS.get(code.upper())


def find_citations(text: str) -> list[Citation]:
    """Every cited document number in ``text``, with kind, date and issuer where written."""
    out: list[Citation] = []
    for m in NUMBER_RE.finditer(text):
        number = m.group().replace(" ", "")  # "388 /UBND-KGVX" as a copy printed it
        before = text[max(0, m.start() - 60) : m.start()]
        kind_match = _KIND_BEFORE_RE.search(before)
        kind = kind_match["kind"].capitalize() if kind_match else kind_from_symbol(number)
        if kind_match and fold(kind_match["kind"]) == "chuong trinh hanh dong":
            kind = "Chương trình hành động"
        rest = text[m.end() : m.end() + 300]
        end = m.end()
        date, after = date_after(rest)
        if after:
            rest = rest[after:]
            end += after
        issuer = None
        issuer_match = _ISSUER_AFTER_RE.match(rest)
        if issuer_match:
            tail = rest[issuer_match.end() :]
            toks = tokenize(tail)
            mentions, _ = match_list(toks, 0, tail)
            if mentions:
                issuer = _SUBJECT_START_RE.split(mentions[0].name, maxsplit=1)[0]
                if all_upper(issuer):
                    issuer = proper_case(issuer, {})  # in a title: "BAN BÍ THƯ" → "Ban Bí thư"
            else:
                stop = _ISSUER_STOP_RE.search(tail)
                candidate = clean(tail[: stop.start()] if stop else tail[:80])
                if candidate and len(candidate.split()) <= 8 and candidate[0].isupper():
                    issuer = candidate
        out.append(Citation(number, kind, date, issuer, m.start(), end))
    return out
