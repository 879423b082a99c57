"""A record as a citation: BibTeX (biblatex-friendly, UTF-8), RIS and CSL-JSON; and the names
the record page's Highwire Press (``citation_*``) and Dublin Core meta tags use.

Pure functions of a record (its authors, organisations and files prefetched) and its absolute
URL: no query of their own beyond the prefetched relations, no request.

Names. Vietnamese names are written family name first ("Nguyễn Văn An"); a reference manager
reading "Nguyễn Văn An" takes "An" for the family name. A name whose first word is a Vietnamese
family name is split there (family "Nguyễn", given "Văn An"); a name with a comma is taken as
"Family, Given"; any other name of several words as "Given Family" (Western order); one word
stays as it is. Academic titles written before a name ("TS.", "PGS.TS.", "ThS.") are dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from khcn.core.text import fold, nfc
from khcn.library.choices import Language, RecordType

# The commonest Vietnamese family names, folded (accents off, đ → d).
_FAMILY_NAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh "
    "Trương Lâm Lương Mai Đinh Tạ Cao Hà Tô Châu Quách Thái Triệu Tăng Lưu Khúc Kiều Mạc Nghiêm "
    "Chu Từ Hứa Văn Thân Kim La Lại Phùng Tống Hầu Giang Âu Diệp Đàm Thạch Danh Sơn Triệu Quan "
    "Doãn Lục Ông Khổng Mẫn Nông Ninh Bạch Cù Ung Tiêu Lò Trình Lã Hàn Ưng Viên Yên Bế Lạc"
)
VIETNAMESE_FAMILY_NAMES = frozenset(fold(name) for name in _FAMILY_NAMES.split())
_TITLES = re.compile(r"^(?:(?:GS|PGS|TS|TSKH|ThS|KS|BS|CN|DS|NCS|Th\.S)\.\s*)+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""

    @property
    def inverted(self) -> str:
        """ "Family, Given" (a single name: as it is)."""
        return f"{self.family}, {self.given}" if self.given else self.family


def split_name(name: str) -> Name:
    text = _SPACES.sub(" ", _TITLES.sub("", nfc(name).strip())).strip()
    if "," in text:
        family, _, given = text.partition(",")
        return Name(family.strip(), given.strip())
    parts = text.split(" ")
    if len(parts) == 1:
        return Name(text)
    if fold(parts[0]) in VIETNAMESE_FAMILY_NAMES:
        return Name(parts[0], " ".join(parts[1:]))
    return Name(parts[-1], " ".join(parts[:-1]))


# Record type → (BibTeX entry type, RIS TY, CSL type).
TYPES: dict[str, tuple[str, str, str]] = {
    RecordType.TASK_FINAL_REPORT: ("techreport", "RPRT", "report"),
    RecordType.TASK_SUMMARY: ("techreport", "RPRT", "report"),
    RecordType.ARTICLE: ("article", "JOUR", "article-journal"),
    RecordType.THESIS: ("thesis", "THES", "thesis"),
    RecordType.BOOK: ("book", "BOOK", "book"),
    RecordType.STANDARD: ("misc", "STAND", "standard"),
    RecordType.PATENT: ("patent", "PAT", "patent"),
    RecordType.PROCESS: ("techreport", "RPRT", "report"),
    RecordType.MAP: ("misc", "MAP", "map"),
    RecordType.DATASET: ("dataset", "DATA", "dataset"),
    RecordType.CONFERENCE_PAPER: ("inproceedings", "CPAPER", "paper-conference"),
    RecordType.POLICY: ("misc", "GOVDOC", "document"),
}
REPORTS = (RecordType.TASK_FINAL_REPORT, RecordType.TASK_SUMMARY)


def thesis_degree(record: Any) -> str:
    """ "phd" for a doctoral thesis (luận án), "masters" for a master's (luận văn), "" when the
    title does not say."""
    title = fold(record.title)
    if "luan an" in title or "doctoral" in title or "ph.d" in title or "phd" in title:
        return "phd"
    if "luan van" in title or "master" in title:
        return "masters"
    return ""


def authors(record: Any) -> list[Name]:
    return [split_name(a.name) for a in sorted(record.authors.all(), key=lambda a: a.position)]


def institution(record: Any) -> str:
    """The institution of a report or thesis: its first organisation, else its publisher."""
    orgs = list(record.organizations.all())
    return orgs[0].name if orgs else record.publisher


def language_code(record: Any) -> str:
    """ISO 639-1 code of the record's language ("" for another language)."""
    return record.language if record.language in (Language.VI, Language.EN) else ""


def issued_iso(record: Any) -> str:
    return record.issued_on.isoformat() if record.issued_on else str(record.issued_year)


def clean_doi(doi: str) -> str:
    """The DOI itself (``10.…``), without ``https://doi.org/`` or ``doi:`` before it."""
    text = doi.strip()
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.IGNORECASE)
    return text


# --- BibTeX -----------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def bibtex_escape(text: str) -> str:
    """LaTeX's special characters escaped; every other character (Vietnamese letters included)
    kept as UTF-8 (biblatex with biber, or ``inputenc`` utf8)."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in _SPACES.sub(" ", nfc(text)).strip())


def _verbatim(text: str) -> str:
    """A verbatim field (DOI, URL): no braces nor backslashes, nothing else escaped."""
    return re.sub(r"[{}\\\s]", "", text)


def bibtex_key(record: Any) -> str:
    """ASCII and unique: the first author's family name, the year and the record's number."""
    names = authors(record)
    stem = re.sub(r"[^a-z0-9]", "", fold(names[0].family)) if names else ""
    return f"{stem or 'khcn'}{record.issued_year}_{record.pk}"


def bibtex(record: Any, url: str) -> str:
    entry, _ris, _csl = TYPES.get(record.kind, ("misc", "GEN", "document"))
    degree = thesis_degree(record) if record.kind == RecordType.THESIS else ""
    if degree:
        entry = f"{degree}thesis"
    fields: list[tuple[str, str]] = []
    names = authors(record)
    if names:
        fields.append(("author", " and ".join(bibtex_escape(n.inverted) for n in names)))
    fields.append(("title", "{" + bibtex_escape(record.title) + "}"))  # case kept
    if record.title_en:
        fields.append(("titleaddon", bibtex_escape(record.title_en)))
    fields.append(("year", str(record.issued_year)))
    if record.issued_on:
        fields.append(("date", record.issued_on.isoformat()))
    if record.kind in REPORTS or record.kind == RecordType.THESIS or record.kind == RecordType.PROCESS:
        if institution(record):
            fields.append(("institution", bibtex_escape(institution(record))))
    elif record.kind == RecordType.CONFERENCE_PAPER and record.publisher:
        fields.append(("booktitle", bibtex_escape(record.publisher)))
    elif record.publisher:
        fields.append(("publisher", bibtex_escape(record.publisher)))
    if record.task_code:
        if record.kind in REPORTS:
            fields.append(("number", bibtex_escape(record.task_code)))
            fields.append(("type", bibtex_escape(_report_type(record))))
        else:
            fields.append(("note", bibtex_escape(_task_note(record))))
    if record.kind == RecordType.PATENT and record.patent_number:
        fields.append(("number", bibtex_escape(record.patent_number)))
    if record.doi:
        fields.append(("doi", _verbatim(clean_doi(record.doi))))
    if record.isbn:
        fields.append(("isbn", bibtex_escape(record.isbn)))
    if record.issn:
        fields.append(("issn", bibtex_escape(record.issn)))
    if language_code(record):
        fields.append(("langid", "vietnamese" if record.language == Language.VI else "english"))
    if record.keyword_list:
        fields.append(("keywords", bibtex_escape(", ".join(record.keyword_list))))
    if record.abstract:
        fields.append(("abstract", bibtex_escape(record.abstract)))
    fields.append(("url", _verbatim(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry}{{{bibtex_key(record)},\n{body}\n}}\n"


def _in_record_language(record: Any, message: Any, **values: Any) -> str:
    """``message`` (a lazy translation) in the record's own language (Vietnamese for another
    language): a citation describes the document as it is written, whatever the page's."""
    with translation.override(record.language if record.language == Language.EN else "vi"):
        return str(message) % values if values else str(message)


def _report_type(record: Any) -> str:
    return _in_record_language(record, RecordType(record.kind).label)


def _task_note(record: Any) -> str:
    return _in_record_language(record, _("S&T task %(code)s"), code=record.task_code)


def _degree_label(record: Any) -> str:
    degree = thesis_degree(record)
    if not degree:
        return ""
    return _in_record_language(record, _("Doctoral thesis") if degree == "phd" else _("Master's thesis"))


# --- RIS --------------------------------------------------------------------------------------


def _ris_value(text: str) -> str:
    return _SPACES.sub(" ", nfc(str(text))).strip()


def ris(record: Any, url: str) -> str:
    """RIS lines ``XX  - value``, from ``TY`` to ``ER``, CRLF-ended as the format asks."""
    _bib, ty, _csl = TYPES.get(record.kind, ("misc", "GEN", "document"))
    lines: list[tuple[str, str]] = [("TY", ty), ("TI", record.title)]
    if record.title_en:
        lines.append(("TT", record.title_en))
    lines += [("AU", n.inverted) for n in authors(record)]
    lines.append(("PY", str(record.issued_year)))
    if record.issued_on:
        lines.append(("DA", record.issued_on.strftime("%Y/%m/%d")))
    if record.kind == RecordType.CONFERENCE_PAPER and record.publisher:
        lines.append(("T2", record.publisher))
    elif record.publisher:
        lines.append(("PB", record.publisher))
    in_house = record.kind in REPORTS or record.kind == RecordType.THESIS
    if in_house and institution(record) and institution(record) != record.publisher:
        lines.append(("PB", institution(record)))
    if record.kind in REPORTS and record.task_code:
        lines.append(("SN", record.task_code))
    elif record.task_code:
        lines.append(("N1", _task_note(record)))
    if record.kind == RecordType.PATENT and record.patent_number:
        lines.append(("IS", record.patent_number))
    for number in (record.isbn, record.issn):
        if number:
            lines.append(("SN", number))
    if record.doi:
        lines.append(("DO", clean_doi(record.doi)))
    if language_code(record):
        lines.append(("LA", language_code(record)))
    lines += [("KW", k) for k in record.keyword_list]
    if record.abstract:
        lines.append(("AB", record.abstract))
    lines.append(("UR", url))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}".rstrip() + "\r\n" for tag, value in lines)


# --- CSL-JSON ---------------------------------------------------------------------------------


def csl_item(record: Any, url: str) -> dict[str, Any]:
    _bib, _ris, kind = TYPES.get(record.kind, ("misc", "GEN", "document"))
    issued = (
        [record.issued_on.year, record.issued_on.month, record.issued_on.day]
        if record.issued_on
        else [record.issued_year]
    )
    item: dict[str, Any] = {
        "id": bibtex_key(record),
        "type": kind,
        "title": nfc(record.title),
        "author": [
            {"family": n.family, "given": n.given} if n.given else {"literal": n.family}
            for n in authors(record)
        ],
        "issued": {"date-parts": [issued]},
        "URL": url,
    }
    if record.title_en:
        item["original-title"] = nfc(record.title_en)
    if record.kind in REPORTS or record.kind == RecordType.THESIS:
        if institution(record):
            item["publisher"] = nfc(institution(record))
        if record.kind in REPORTS:
            item["genre"] = _report_type(record)
        elif thesis_degree(record):
            item["genre"] = _degree_label(record)
    elif record.kind == RecordType.CONFERENCE_PAPER and record.publisher:
        item["container-title"] = nfc(record.publisher)
    elif record.publisher:
        item["publisher"] = nfc(record.publisher)
    if record.task_code:
        if record.kind in REPORTS:
            item["number"] = record.task_code
        else:
            item["note"] = _task_note(record)
    if record.kind == RecordType.PATENT and record.patent_number:
        item["number"] = record.patent_number
    if record.doi:
        item["DOI"] = clean_doi(record.doi)
    if record.isbn:
        item["ISBN"] = record.isbn
    if record.issn:
        item["ISSN"] = record.issn
    if language_code(record):
        item["language"] = language_code(record)
    if record.keyword_list:
        item["keyword"] = ", ".join(record.keyword_list)
    if record.abstract:
        item["abstract"] = nfc(record.abstract)
    return item


def csl_json(record: Any, url: str) -> str:
    """A CSL-JSON document: a list of one item."""
    return json.dumps([csl_item(record, url)], ensure_ascii=False, indent=2) + "\n"


# Format → (function, content type, file extension).
FORMATS: dict[str, tuple[Any, str, str]] = {
    "bib": (bibtex, "application/x-bibtex; charset=utf-8", ".bib"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", ".ris"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", ".json"),
}


def meta_names(record: Any) -> list[str]:
    """The authors for the meta tags, "Family, Given" (Google Scholar reads either order; the
    inverted one keeps Vietnamese family names right)."""
    return [n.inverted for n in authors(record)]


# --- Meta tags (Highwire Press for Google Scholar; Dublin Core) ----------------------------------

# DCMI Type vocabulary for each record type (documents are Text).
DCMI_TYPES = {RecordType.DATASET: "Dataset", RecordType.MAP: "Image"}


def _slashed(day: Any) -> str:
    return day.strftime("%Y/%m/%d")


def meta_tags(record: Any, *, url: str, pdf_url: str = "", online: Any = None) -> list[tuple[str, str]]:
    """The record page's meta tags as (name, content) pairs, in order; the template escapes
    them. ``pdf_url``: the first PDF, only when the reader may download it; ``online``: the
    local date the record was published in the library."""
    names = meta_names(record)
    tags: list[tuple[str, str]] = [("citation_title", record.title)]
    tags += [("citation_author", name) for name in names]
    tags.append(
        (
            "citation_publication_date",
            _slashed(record.issued_on) if record.issued_on else str(record.issued_year),
        )
    )
    if online:
        tags.append(("citation_online_date", _slashed(online)))
    if record.publisher:
        tags.append(("citation_publisher", record.publisher))
    if language_code(record):
        tags.append(("citation_language", language_code(record)))
    if record.keyword_list:
        tags.append(("citation_keywords", "; ".join(record.keyword_list)))
    if record.doi:
        tags.append(("citation_doi", clean_doi(record.doi)))
    if record.isbn:
        tags.append(("citation_isbn", record.isbn))
    if record.issn:
        tags.append(("citation_issn", record.issn))
    if record.kind in REPORTS:
        if institution(record):
            tags.append(("citation_technical_report_institution", institution(record)))
        if record.task_code:
            tags.append(("citation_technical_report_number", record.task_code))
    elif record.kind == RecordType.THESIS and institution(record):
        tags.append(("citation_dissertation_institution", institution(record)))
    elif record.kind == RecordType.CONFERENCE_PAPER and record.publisher:
        tags.append(("citation_conference_title", record.publisher))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    tags.append(("citation_abstract_html_url", url))
    # Dublin Core
    tags.append(("DC.title", record.title))
    tags += [("DC.creator", name) for name in names]
    tags.append(("DC.date", issued_iso(record)))
    tags.append(("DC.type", DCMI_TYPES.get(record.kind, "Text")))
    if language_code(record):
        tags.append(("DC.language", language_code(record)))
    tags += [("DC.subject", keyword) for keyword in record.keyword_list]
    tags.append(("DC.identifier", url))
    if record.doi:
        tags.append(("DC.identifier", f"https://doi.org/{clean_doi(record.doi)}"))
    if record.publisher:
        tags.append(("DC.publisher", record.publisher))
    if record.abstract:
        tags.append(("DC.description", record.abstract))
    return [(name, nfc(str(content))) for name, content in tags]
