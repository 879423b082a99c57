"""The DOST's consolidated report as a Decree 30/2020 DOCX, and its annex as XLSX.

The document is issued in Vietnamese whatever the language of the user interface, so its fixed
wording (document type, section headings, annex columns, signature, recipients) is written here
in Vietnamese, as the builder writes the national title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.http import HttpResponse

from khcn.exports.docx import AdministrativeDocument, Issuer
from khcn.exports.responses import docx_response, xlsx_response
from khcn.exports.xlsx import table_to_xlsx

DOC_TYPE = "BÁO CÁO"
SECTION_HEADINGS: dict[str, str] = {
    "general": "TÌNH HÌNH CHUNG",
    "results": "KẾT QUẢ ĐẠT ĐƯỢC",
    "shortcomings": "TỒN TẠI, HẠN CHẾ",
    "difficulties": "KHÓ KHĂN, VƯỚNG MẮC",
    "next_tasks": "NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
    "proposals": "ĐỀ XUẤT, KIẾN NGHỊ",
}
# Domain note §2.2: situation, results, shortcomings, difficulties, next tasks, proposals.
SECTION_ORDER = ("general", "results", "shortcomings", "difficulties", "next_tasks", "proposals")
ANNEX_HEADERS = [
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Tình trạng",
    "Kết quả",
]
ANNEX_WIDTHS_MM = [14, 62, 34, 38, 24, 26, 62]
ANNEX_CAPTION = "Phụ lục: Tiến độ, kết quả thực hiện các nhiệm vụ"
ANNEX_NOTE = "(Chi tiết tiến độ, kết quả thực hiện từng nhiệm vụ tại Phụ lục kèm theo)"
DEFAULT_SYMBOL = "BC-SKHCN"
DEFAULT_AUTHORITY = "KT. GIÁM ĐỐC"
DEFAULT_POSITION = "PHÓ GIÁM ĐỐC"
DEFAULT_RECIPIENTS = [
    "UBND tỉnh (b/c)",
    "Bộ Khoa học và Công nghệ (b/c)",
    "Các sở, ban, ngành tỉnh",
    "UBND các huyện, thành phố",
    "Ban Giám đốc Sở",
]
DEFAULT_ARCHIVE = "VT, QLKH"
EMPTY_SECTION = "Không có."


def _issuer() -> Issuer:
    return Issuer(parent=settings.KHCN_ISSUER_PARENT, name=settings.KHCN_ISSUER_NAME)


def _write(doc: AdministrativeDocument, text: str) -> None:
    """Lines starting with "-", "+" or "•" become "- …" items; other lines paragraphs."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    if not lines:
        doc.paragraph(EMPTY_SECTION)
    for line in lines:
        if line[0] in "-+•–":
            doc.bullet(line.lstrip("-+•– ").strip())
        else:
            doc.paragraph(line)


def annual_report_document(
    *,
    summary: str,
    number: str,
    date: dt.date | None,
    narrative: Mapping[str, Any],
    annex: Sequence[Sequence[Any]],
    signer_authority: str,
    signer_position: str,
    signer_name: str,
    recipients: Sequence[str],
    archive: str = "",
) -> AdministrativeDocument:
    """The report: headings I–VI with the narrative, the annex table on landscape pages, the
    signature and the recipients."""
    doc = AdministrativeDocument(
        issuer=_issuer(),
        number=number,
        place=settings.KHCN_PLACE,
        date=date,
        doc_type=DOC_TYPE,
        summary=summary,
    )
    for key in SECTION_ORDER:
        doc.heading(SECTION_HEADINGS[key])
        if key != "results":
            _write(doc, narrative.get(key) or "")
            continue
        groups = [g for g in narrative.get("results") or [] if g.get("title") or g.get("text")]
        if not groups:
            doc.paragraph(EMPTY_SECTION)
        for group in groups:
            if group.get("title"):
                doc.heading(str(group["title"]), level=2)
            _write(doc, group.get("text") or "")
        if annex:
            doc.paragraph(ANNEX_NOTE, italic=True)
    doc.signature(signer_authority or None, position=signer_position, signer=signer_name)
    doc.recipients(list(recipients), archive=archive or DEFAULT_ARCHIVE)
    if annex:  # the phụ lục follows the signed report, on landscape pages of its own
        doc.annex().table(
            ANNEX_HEADERS, [list(row) for row in annex], ANNEX_WIDTHS_MM, True, caption=ANNEX_CAPTION
        )
    return doc


def annual_report_docx(**kwargs: Any) -> bytes:
    """The DOCX bytes of :func:`annual_report_document`."""
    return annual_report_document(**kwargs).to_bytes()


def annual_report_xlsx(*, summary: str, annex: Sequence[Sequence[Any]], subtitle: str = "") -> bytes:
    """The annex table as a workbook: the same columns and rows as in the DOCX."""
    return table_to_xlsx(
        title=f"{ANNEX_CAPTION} — {summary}",
        subtitle=subtitle or None,
        headers=list(ANNEX_HEADERS),
        rows=[list(row) for row in annex],
        sheet_name="Phụ lục",
        column_widths=[6, 50, 28, 32, 18, 20, 60],
    )


def filename(period_name: str, year: int) -> str:
    if str(year) in period_name:
        return f"Báo cáo kết quả thực hiện kế hoạch - {period_name}"
    return f"Báo cáo kết quả thực hiện kế hoạch - {period_name} {year}"


def docx_download(data: bytes, *, period_name: str, year: int) -> HttpResponse:
    return docx_response(data, filename(period_name, year))


def xlsx_download(data: bytes, *, period_name: str, year: int) -> HttpResponse:
    return xlsx_response(data, f"Phụ lục - {filename(period_name, year)}")
