"""Files of the plans app: the Excel exports of its lists (plans, agency reports, difficulties,
the dashboard's tables), and the DOST's consolidated report as a Decree 30/2020 DOCX with its
annex as XLSX.

The consolidated report is issued in Vietnamese whatever the language of the user interface,
so its fixed wording (document type, section headings, annex columns, signature, recipients) is
written here in Vietnamese, as the builder writes the national title. The lists' exports follow
the user's language, like the pages they come from. Every cell goes through
``khcn.exports.xlsx``, which neutralises spreadsheet formulas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from khcn.exports.docx import AdministrativeDocument, Issuer, document_number
from khcn.exports.responses import dated_filename, docx_response, xlsx_response
from khcn.exports.xlsx import table_to_xlsx
from khcn.plans.models import AgencyReport, Assignment, Difficulty, Plan, ReportingPeriod
from khcn.plans.paths import display_path
from khcn.plans.selectors import BUCKET_LABELS, BUCKETS, Dashboard, Draft
from khcn.plans.selectors.annual_report import RECIPIENTS_FIRST, RECIPIENTS_LAST
from khcn.plans.tidy import tidy, tidy_cell

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
# The fixed recipients; a report's own list adds the agencies of its plan as of its date
# (``selectors.annual_report.recipients_on``, in ``Draft.recipients``).
DEFAULT_RECIPIENTS = [*RECIPIENTS_FIRST, *RECIPIENTS_LAST]
DEFAULT_ARCHIVE = "VT, QLKH"
EMPTY_SECTION = "Không có."


def _issuer() -> Issuer:
    return Issuer(parent=settings.KHCN_ISSUER_PARENT, name=settings.KHCN_ISSUER_NAME)


def _write(doc: AdministrativeDocument, text: str) -> None:
    """Lines starting with "-", "+" or "•" become "- …" items; other lines paragraphs. The
    punctuation is tidied (``khcn.plans.tidy``), as on the page."""
    lines = [line.strip() for line in tidy(str(text)).splitlines() if line.strip()]
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
    tables: Sequence[Any] = (),
) -> AdministrativeDocument:
    """The report: headings I–VI with the narrative, the annex table on landscape pages, the
    signature and the recipients. Every text goes through ``tidy``, as the page's draft did."""
    doc = AdministrativeDocument(
        issuer=_issuer(),
        number=number,
        place=settings.KHCN_PLACE,
        date=date,
        doc_type=DOC_TYPE,
        summary=tidy(summary),
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
                doc.heading(tidy(str(group["title"])), level=2)
            _write(doc, group.get("text") or "")
        if annex:
            doc.paragraph(ANNEX_NOTE, italic=True)
    doc.signature(signer_authority or None, position=signer_position, signer=signer_name)
    doc.recipients([tidy(r) for r in recipients], archive=archive or DEFAULT_ARCHIVE)
    if annex:  # the phụ lục follows the signed report, on landscape pages of its own
        rows = [[tidy_cell(cell) for cell in row] for row in annex]
        doc.annex().table(ANNEX_HEADERS, rows, ANNEX_WIDTHS_MM, True, caption=ANNEX_CAPTION)
    for table in tables:  # the annexes other modules give (``khcn.plans.annexes``)
        rows = [[tidy_cell(cell) for cell in row] for row in table.rows]
        doc.annex().table(table.headers, rows, table.widths_mm or None, True, caption=table.caption)
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
        rows=[[tidy_cell(cell) for cell in row] for row in annex],
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


def annual_report_draft_docx(draft: Draft, *, signer_name: str) -> bytes:
    """The consolidated report as the accepted reports give it, before the DOST edits it."""
    return annual_report_docx(
        summary=draft.summary,
        number=document_number("", DEFAULT_SYMBOL),
        date=None,
        narrative=draft.narrative,
        annex=draft.annex_cells(),
        signer_authority=DEFAULT_AUTHORITY,
        signer_position=DEFAULT_POSITION,
        signer_name=signer_name,
        recipients=draft.recipients or DEFAULT_RECIPIENTS,
        archive=DEFAULT_ARCHIVE,
        tables=draft.tables,
    )


# --------------------------------------------------------------------------------------------------
# The lists, as workbooks (every row, not only the page shown)
# --------------------------------------------------------------------------------------------------


def plans_xlsx(qs: QuerySet[Plan]) -> HttpResponse:
    headers = [
        _("No."),
        _("Document type"),
        _("Number and symbol"),
        _("Date issued"),
        _("Title"),
        _("Issuing body"),
        _("Implements plan"),
        _("Items"),
        _("Sub-plans"),
    ]
    rows = (
        [
            n,
            plan.doc_type,
            plan.number,
            plan.issued_on,
            plan.title,
            plan.issuer.name if plan.issuer else plan.issuer_name,
            str(plan.parent) if plan.parent else "",
            plan.item_count,  # type: ignore[attr-defined]
            plan.sub_plan_count,  # type: ignore[attr-defined]
        ]
        for n, plan in enumerate(qs.iterator(chunk_size=500), start=1)
    )
    data = table_to_xlsx(title=_("List of plans"), headers=headers, rows=rows, sheet_name=_("Plans"))
    return xlsx_response(data, dated_filename(pgettext("file name", "plans"), "xlsx"))


def reports_xlsx(qs: QuerySet[AgencyReport]) -> HttpResponse:
    headers = [
        _("No."),
        _("Agency"),
        _("Plan"),
        _("Period"),
        _("Data from"),
        _("Data to"),
        _("Due on"),
        _("Status"),
        _("Late"),
        _("Submitted at"),
        _("Accepted at"),
    ]
    rows = (
        [
            n,
            report.organization.name,
            report.period.plan.number or report.period.plan.title,
            report.period.name,
            report.period.start,
            report.period.end,
            report.period.due_on,
            report.get_status_display(),
            _("Yes") if report.is_late else "",
            report.submitted_at,
            report.accepted_at,
        ]
        for n, report in enumerate(qs.iterator(chunk_size=500), start=1)
    )
    data = table_to_xlsx(
        title=_("Agency reports"), headers=headers, rows=rows, sheet_name=_("Agency reports")
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "agency-reports"), "xlsx"))


def difficulties_xlsx(plan: Plan, qs: QuerySet[Difficulty]) -> HttpResponse:
    headers = [
        _("No."),
        _("Raised at"),
        _("Agency"),
        _("Plan item"),
        _("Difficulty or obstacle"),
        _("Proposal"),
        _("Status"),
        _("Response"),
        _("Answered at"),
    ]
    rows = (
        [
            n,
            d.raised_at,
            d.organization.name,
            display_path(d.item.path) if d.item else "",
            d.text,
            d.proposal,
            d.get_status_display(),
            d.response,
            d.answered_at,
        ]
        for n, d in enumerate(qs.iterator(chunk_size=500), start=1)
    )
    title = _("Difficulties and obstacles")
    data = table_to_xlsx(
        title=f"{title} — {plan.number or plan.title[:80]}", headers=headers, rows=rows, sheet_name=title
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "difficulties"), "xlsx"))


def dashboard_agencies_xlsx(plan: Plan, period: ReportingPeriod | None, dash: Dashboard) -> HttpResponse:
    """The dashboard's completion by agency, every agency."""
    headers = [
        _("No."),
        _("Agency"),
        _("Assignments"),
        *(BUCKET_LABELS[b] for b in BUCKETS),
        _("Completed (%)"),
    ]
    rows = (
        [n, a.name, a.counts.total, *(a.counts.by_bucket[b] for b in BUCKETS), a.counts.percent]
        for n, a in enumerate(dash.agencies, start=1)
    )
    as_of = period.name if period else _("Latest reports")
    parts = [_("Completion by agency"), plan.number or plan.title[:80], as_of]
    workbook = table_to_xlsx(title=" — ".join(parts), headers=headers, rows=rows, sheet_name=_("By agency"))
    return xlsx_response(workbook, dated_filename(pgettext("file name", "completion-by-agency"), "xlsx"))


def dashboard_assignments_xlsx(plan: Plan, qs: QuerySet[Assignment], titles: list[str]) -> HttpResponse:
    """The dashboard's list of assignments (``selectors.dashboard_assignments``), every row."""
    headers = [_("No."), _("Item"), _("Content"), _("Agency"), _("Role"), _("Deadline"), _("Status")]
    data = (
        [
            n,
            display_path(a.item.path),
            a.item.heading or a.item.text,
            a.organization.name if a.organization else a.agency_name,
            a.get_role_display(),
            a.due_on or a.deadline_text,
            BUCKET_LABELS[a.status],  # type: ignore[attr-defined]
        ]
        for n, a in enumerate(qs.iterator(chunk_size=500), start=1)
    )
    parts = [_("Assignments"), plan.number or plan.title[:80], *titles]
    workbook = table_to_xlsx(title=" — ".join(parts), headers=headers, rows=data, sheet_name=_("Assignments"))
    return xlsx_response(workbook, dated_filename(pgettext("file name", "assignments"), "xlsx"))
