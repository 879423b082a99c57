"""Files of the councils app: the decision establishing a council, a member's declaration on
conflicts of interest, the score sheets (blank, or filled from a member's sheet), the
vote-count minutes (*biên bản kiểm phiếu*), the council's minutes, as DOCX in the Decree
30/2020 layout (``khcn.exports.docx``), and a workbook of every sheet of a session.

The documents are Vietnamese administrative documents whatever the language of the user
interface (domain note §1.5.4 lists the family): their fixed wording is written here in
Vietnamese, as ``khcn.plans.exports`` writes the consolidated report, and the labels of codes
(roles, ratings, votes) and the tally's reasons are rendered in ``DOCUMENT_LANGUAGE``. The
workbook is a working file: it follows the user's language, like the lists' exports, and every
cell goes through ``khcn.exports.xlsx``, which neutralises spreadsheet formulas.

Each function takes a council (and a session, an item, a member) and returns bytes; the views
decide who may download what.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.document import Document as DocxDocument
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from khcn.core.exceptions import DomainError
from khcn.core.rules import ruleset_in_force
from khcn.core.text import fold, nfc
from khcn.councils import rules as council_rules
from khcn.councils import selectors
from khcn.councils import tally as tallying
from khcn.councils.choices import MemberRole, SheetStatus
from khcn.councils.forms import RATING_CHOICES, VOTE_CHOICES
from khcn.councils.models import (
    Attendance,
    Council,
    CouncilItem,
    CouncilMember,
    CouncilSession,
    Declaration,
    Sheet,
)
from khcn.exports.docx import AdministrativeDocument, Issuer, add_left_signature, signer_titles
from khcn.exports.xlsx import _CellFactory, sanitize_sheet_name, table_to_xlsx

DOCUMENT_LANGUAGE = "vi"
DECISION_SYMBOL = "QĐ-SKHCN"
DOTS = "…………………………………………………………………………………………"
SHORT_DOTS = "……………………………"
ARCHIVE = "VT, QLKH"

# What the council does with its items, by kind (Điều 2 of the decision, the sheets' summary).
TASKS = {
    council_rules.IDENTIFICATION: "tư vấn xác định nhiệm vụ khoa học và công nghệ đối với các đề xuất",
    council_rules.SELECTION: (
        "tư vấn tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ đối với các hồ sơ"
    ),
    council_rules.DIRECT_ASSIGNMENT: (
        "tư vấn giao trực tiếp tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ đối với hồ sơ"
    ),
    council_rules.BUDGET_APPRAISAL: "thẩm định kinh phí thực hiện các nhiệm vụ khoa học và công nghệ",
    council_rules.ACCEPTANCE: (
        "tư vấn đánh giá nghiệm thu kết quả thực hiện các nhiệm vụ khoa học và công nghệ"
    ),
    council_rules.SELF_EVALUATION: "tự đánh giá kết quả thực hiện các nhiệm vụ khoa học và công nghệ",
    council_rules.ADVISORY: "tư vấn về các nội dung",
}
SUBJECTS = {
    council_rules.IDENTIFICATION: "Đề xuất nhiệm vụ khoa học và công nghệ",
    council_rules.SELECTION: (
        "Hồ sơ đăng ký tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ"
    ),
    council_rules.DIRECT_ASSIGNMENT: (
        "Hồ sơ đăng ký giao trực tiếp tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ"
    ),
    council_rules.BUDGET_APPRAISAL: "Dự toán kinh phí nhiệm vụ khoa học và công nghệ",
    council_rules.ACCEPTANCE: "Kết quả thực hiện nhiệm vụ khoa học và công nghệ",
    council_rules.SELF_EVALUATION: "Kết quả thực hiện nhiệm vụ khoa học và công nghệ (tự đánh giá)",
    council_rules.ADVISORY: "Nội dung xin ý kiến hội đồng",
}
# The vote as the sheet words it: identification proposes tasks to carry out.
VOTE_WORDS = {
    council_rules.IDENTIFICATION: {"yes": "Đề nghị thực hiện", "no": "Không thực hiện"},
}
VOTE_WORDS_OTHER = {"yes": "Đồng ý", "no": "Không đồng ý"}
# Who may not evaluate (domain note §1.5.4, conflict of interest).
CONFLICT_GROUNDS = (
    "Là tổ chức, cá nhân đăng ký chủ trì hoặc tham gia thực hiện nhiệm vụ;",
    "Làm việc tại tổ chức đăng ký chủ trì hoặc tổ chức phối hợp thực hiện nhiệm vụ;",
    "Là vợ, chồng, cha, mẹ, con, anh, chị, em ruột của chủ nhiệm, thư ký khoa học hoặc thành viên "
    "chính thực hiện nhiệm vụ;",
    "Có xung đột lợi ích hoặc căn cứ rõ ràng cho thấy không bảo đảm tính khách quan khi đánh giá;",
    "Đang bị xử phạt vi phạm hành chính trong hoạt động khoa học và công nghệ chưa chấp hành xong, "
    "đang bị truy cứu trách nhiệm hình sự hoặc có án tích chưa được xóa.",
)


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def _on(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def _dmy(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else SHORT_DOTS


def _hour(value: dt.datetime | None) -> str:
    if value is None:
        return f"{SHORT_DOTS} giờ, ngày {SHORT_DOTS}"
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M}, ngày {local:%d/%m/%Y}"


def _number(value: Any) -> str:
    """A decimal of the tally ("78.58", two decimals) as documents print it ("78,58")."""
    if value in (None, ""):
        return "—"
    return str(value).replace(".", ",")


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _issuer(council: Council) -> Issuer:
    """The agency that established the council, under its parent body."""
    org = council.organization
    parent = org.parent.name if org.parent_id and org.parent else settings.KHCN_ISSUER_PARENT
    if fold(parent) == fold(org.name):
        parent = ""
    return Issuer(name=org.name, parent=parent or None)


def _council_issuer(council: Council) -> Issuer:
    """The council itself, under the agency that established it (its own papers)."""
    return Issuer(name=council.name, parent=council.organization.name)


def _members(council: Council) -> list[CouncilMember]:
    return [m for m in council.members.all() if m.removed_on is None]


def _role(member: CouncilMember) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return str(member.get_role_display())


def _first(council: Council, role: str) -> CouncilMember | None:
    return next((m for m in _members(council) if m.role == role), None)


def _rating_label(code: str | None) -> str:
    return str(dict(RATING_CHOICES).get(code or "", "")) if code else ""


def _vote_label(code: str | None) -> str:
    return str(dict(VOTE_CHOICES).get(code or "", "")) if code else ""


def _vote_words(council: Council) -> dict[str, str]:
    return VOTE_WORDS.get(council.kind, VOTE_WORDS_OTHER)


def _parties(item: CouncilItem) -> str:
    parties = item.parties or {}
    names = [str(n) for n in parties.get("organization_names", []) if str(n).strip()]
    people = [str(p) for p in parties.get("people", []) if str(p).strip()]
    return "; ".join([*names, *people])


def _basis(council: Council) -> list[str]:
    """The "Căn cứ …" lines: the legal basis of the council's rule set in force on its date."""
    lines = []
    try:
        version = ruleset_in_force(
            council_rules.code_of(council.kind), as_of=council.established_on or timezone.localdate()
        )
    except DomainError:
        version = None
    if version is not None and version.legal_basis:
        lines += [f"Căn cứ {part.strip()};" for part in version.legal_basis.split(";") if part.strip()]
    lines.append(f"Căn cứ chức năng, nhiệm vụ, quyền hạn của {council.organization.name};")
    return lines


def _decision_ref(council: Council) -> str:
    number = council.decision_number or f"…/{DECISION_SYMBOL}"
    return (
        f"Căn cứ Quyết định số {number} ngày {_dmy(council.established_on)} của "
        f"{council.organization.name} về việc thành lập {council.name};"
    )


def _dotted(doc: AdministrativeDocument, lines: int = 3) -> None:
    for _line in range(lines):
        doc.paragraph(DOTS, indent=False)


def _write(doc: AdministrativeDocument, text: str) -> None:
    """Free text: lines starting with "-", "+" or "•" as "- …" items, others as paragraphs;
    dotted lines to fill by hand when there is none."""
    lines = [line.strip() for line in nfc(text or "").splitlines() if line.strip()]
    if not lines:
        _dotted(doc)
    for line in lines:
        if line[0] in "-+•–":
            doc.bullet(line.lstrip("-+•– ").strip())
        else:
            doc.paragraph(line)


def _signer(position: str) -> tuple[str | None, str]:
    """The authority line and the position: a deputy signs "KT." for the head."""
    return signer_titles(position)


def _finish(doc: AdministrativeDocument, *, numbered: bool, left: tuple[str, str] | None = None) -> bytes:
    """Render ``doc``; without a number, drop the "Số:" line (a form, not a numbered document);
    ``left`` adds a second signature (title, name) in the closing block's left column."""
    document = doc.build()
    if not numbered:
        _drop_number(document)
    if left is not None:
        add_left_signature(document, *left)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _drop_number(document: DocxDocument) -> None:
    header = document.tables[0]
    for cell in header.rows[-1].cells:
        for paragraph in cell.paragraphs:
            if paragraph.text.strip() == "Số:":
                for run in paragraph.runs:
                    run.text = ""


# --------------------------------------------------------------------------------------------------
# 1. The decision establishing the council
# --------------------------------------------------------------------------------------------------


def decision_docx(council: Council) -> bytes:
    """QUYẾT ĐỊNH về việc thành lập hội đồng: the legal bases, Điều 1 (the members), Điều 2
    (the task, the items in an annex), Điều 3 (execution), the signature and recipients."""
    with translation.override(DOCUMENT_LANGUAGE):
        org = council.organization
        doc = AdministrativeDocument(
            issuer=_issuer(council),
            number=council.decision_number or f"…/{DECISION_SYMBOL}",
            place=settings.KHCN_PLACE,
            date=council.established_on,
            doc_type="QUYẾT ĐỊNH",
            summary=f"Về việc thành lập {council.name}",
        )
        authority, position = _signer(council.signer_position)
        head = (authority or position).removeprefix("KT. ").strip()
        doc.paragraph(f"{head} {org.name}".upper(), bold=True, align="center", indent=False)
        for line in _basis(council):
            doc.paragraph(line, italic=True)
        doc.paragraph(f"Theo đề nghị của {DOTS}.", italic=True)
        doc.paragraph("QUYẾT ĐỊNH:", bold=True, align="center", indent=False)
        doc.paragraph(f"Điều 1. Thành lập {council.name} gồm các thành viên có tên sau:")
        doc.table(
            ["STT", "Họ và tên", "Học hàm, học vị, đơn vị công tác", "Chức danh trong hội đồng"],
            [[n, m.full_name, m.affiliation, _role(m)] for n, m in enumerate(_members(council), start=1)],
            widths=[12, 50, 68, 35],
        )
        items = list(council.items.all())
        task = TASKS.get(council.kind, TASKS[council_rules.ADVISORY])
        doc.paragraph(
            f"Điều 2. Hội đồng có nhiệm vụ {task} có tên tại Phụ lục kèm theo Quyết định này "
            f"({len(items)} hồ sơ), theo quy định hiện hành. Hội đồng làm việc theo nguyên tắc tập thể, "
            "biểu quyết theo đa số và tự giải thể sau khi hoàn thành nhiệm vụ."
        )
        doc.paragraph(
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng phòng Quản lý "
            "khoa học, các tổ chức, cá nhân có liên quan và các thành viên có tên tại Điều 1 chịu trách "
            "nhiệm thi hành Quyết định này./."
        )
        doc.signature(authority, position=position, signer=council.signer_name or "")
        doc.recipients(["Như Điều 3"], archive=ARCHIVE)
        doc.annex()
        doc.paragraph("Phụ lục", bold=True, align="center", indent=False)
        doc.paragraph(
            f"DANH MỤC {SUBJECTS.get(council.kind, '')}".upper(), bold=True, align="center", indent=False
        )
        doc.paragraph(
            f"(Kèm theo Quyết định số {council.decision_number or '…/' + DECISION_SYMBOL} ngày "
            f"{_dmy(council.established_on)} của {org.name})",
            italic=True,
            align="center",
            indent=False,
        )
        doc.table(
            ["STT", "Tên hồ sơ, nhiệm vụ", "Tổ chức, cá nhân đề xuất, đăng ký"],
            [[n, item.title, _parties(item)] for n, item in enumerate(items, start=1)],
            widths=[12, 100, 53],
        )
        return _finish(doc, numbered=True)


# --------------------------------------------------------------------------------------------------
# 2. A member's declaration on conflicts of interest
# --------------------------------------------------------------------------------------------------


def declaration_docx(member: CouncilMember, item: CouncilItem) -> bytes:
    """BẢN CAM KẾT, khai báo xung đột lợi ích of ``member`` on ``item``: who, what, the grounds,
    the conflicts found in the registries on the day declared (and a lifted block), signed."""
    council = member.council
    declaration = Declaration.objects.filter(member=member, item=item).select_related("override_by").first()
    with translation.override(DOCUMENT_LANGUAGE):
        declared_on = _on(declaration.declared_at) if declaration else None
        doc = AdministrativeDocument(
            issuer=_council_issuer(council),
            number="",
            place=settings.KHCN_PLACE,
            date=declared_on,
            doc_type="BẢN CAM KẾT",
            summary="Khai báo xung đột lợi ích của thành viên hội đồng",
        )
        doc.paragraph(f"Họ và tên: {member.full_name}")
        doc.paragraph(f"Học hàm, học vị, đơn vị công tác: {member.affiliation or DOTS}")
        doc.paragraph(f"Chức danh trong hội đồng: {_role(member)}")
        doc.paragraph(f"Hội đồng: {council.name}")
        doc.paragraph(f"Hồ sơ, nhiệm vụ được đánh giá: {item.title}")
        doc.paragraph(f"Tổ chức, cá nhân đề xuất, đăng ký: {_parties(item) or DOTS}")
        doc.paragraph(
            "Tôi xin cam kết không thuộc một trong các trường hợp không được tham gia đánh giá sau đây:"
        )
        doc.bullets(CONFLICT_GROUNDS)
        doc.paragraph(
            f"Kết quả đối chiếu với cơ sở dữ liệu chuyên gia và tổ chức ngày {_dmy(declared_on)}:", bold=True
        )
        if declaration is None:
            doc.paragraph("Chưa khai báo.", italic=True)
        elif declaration.reasons:
            doc.paragraph("Có xung đột lợi ích:")
            doc.bullets([str(r) for r in declaration.reasons])
            if declaration.override_by_id:
                who = declaration.override_by.get_full_name() if declaration.override_by else ""
                doc.paragraph(
                    f"Lãnh đạo Sở ({who}) cho phép thành viên tham gia đánh giá, lý do: "
                    f"{declaration.override_reason or SHORT_DOTS}."
                )
            else:
                doc.paragraph("Thành viên không tham gia đánh giá hồ sơ này.")
        else:
            doc.paragraph("Không phát hiện xung đột lợi ích.")
        doc.paragraph(
            "Tôi xin cam đoan những thông tin trên là đúng sự thật; nếu phát hiện xung đột lợi ích trong quá "
            "trình đánh giá, tôi sẽ báo cáo ngay với Chủ tịch hội đồng và không tham gia đánh giá hồ sơ này."
        )
        doc.signature(position="Người cam kết", signer=member.full_name)
        return _finish(doc, numbered=False)


# --------------------------------------------------------------------------------------------------
# 3. The score sheet, blank or filled
# --------------------------------------------------------------------------------------------------


def _sheet_of(member: CouncilMember, item: CouncilItem, session: CouncilSession | None) -> Sheet | None:
    qs = Sheet.objects.filter(member=member, item=item)
    if session is not None:
        qs = qs.filter(session=session)
    return qs.order_by("-session__number").first()


def score_sheet_docx(
    council: Council,
    item: CouncilItem,
    member: CouncilMember | None = None,
    *,
    session: CouncilSession | None = None,
) -> bytes:
    """PHIẾU CHẤM ĐIỂM (scores on the rubric), or PHIẾU ĐÁNH GIÁ (a rating, or a vote), as the
    council's kind decides: blank without ``member``; else filled from the member's sheet on
    the item (in ``session``, or their latest)."""
    method = selectors.method_of(council)
    sheet = _sheet_of(member, item, session) if member is not None else None
    with translation.override(DOCUMENT_LANGUAGE):
        doc = AdministrativeDocument(
            issuer=_council_issuer(council),
            number="",
            place=settings.KHCN_PLACE,
            date=_on(sheet.submitted_at) if sheet else None,
            doc_type="PHIẾU CHẤM ĐIỂM" if method == council_rules.SCORES else "PHIẾU ĐÁNH GIÁ",
            summary=SUBJECTS.get(council.kind, ""),
        )
        doc.paragraph(f"Họ và tên thành viên hội đồng: {member.full_name if member else DOTS}")
        doc.paragraph(f"Chức danh trong hội đồng: {_role(member) if member else SHORT_DOTS}")
        doc.paragraph(f"Tên hồ sơ, nhiệm vụ: {item.title}")
        if _parties(item):
            doc.paragraph(f"Tổ chức, cá nhân đề xuất, đăng ký: {_parties(item)}")
        if member is not None and sheet is None:
            doc.paragraph("(Thành viên chưa lập phiếu.)", italic=True)
        elif sheet is not None and sheet.status != SheetStatus.SUBMITTED:
            doc.paragraph("(Phiếu đang soạn, chưa nộp.)", italic=True)
        if sheet is not None and sheet.transcribed_by_id:
            doc.paragraph("(Phiếu giấy do thư ký khoa học nhập lại.)", italic=True)
        if method == council_rules.SCORES:
            _score_table(doc, council, sheet)
        elif method == council_rules.RATINGS:
            doc.paragraph("Đánh giá chung (đánh dấu X vào một ô):", bold=True)
            chosen = sheet.rating if sheet else ""
            doc.table(
                ["Mức đánh giá", "Đánh dấu"],
                [[str(label), "X" if code == chosen else ""] for code, label in RATING_CHOICES],
                widths=[110, 40],
            )
        else:
            doc.paragraph("Ý kiến của thành viên (đánh dấu X vào một ô):", bold=True)
            chosen = sheet.vote if sheet else ""
            words = _vote_words(council)
            doc.table(
                ["Ý kiến", "Đánh dấu"],
                [[words[code], "X" if code == chosen else ""] for code in tallying.VOTES],
                widths=[110, 40],
            )
        doc.paragraph("Ý kiến nhận xét:", bold=True)
        _write(doc, sheet.comments if sheet else "")
        doc.signature(position="Thành viên hội đồng", signer=member.full_name if member else "")
        return _finish(doc, numbered=False)


def _score_table(doc: AdministrativeDocument, council: Council, sheet: Sheet | None) -> None:
    criteria = selectors.criteria(council)
    scores = sheet.scores if sheet else {}
    rows: list[list[Any]] = []
    for c in criteria:
        rows.append([int(c["number"]), c["name"], Decimal(str(c["max"])), _decimal(scores.get(c["number"]))])
    maximum = sum((Decimal(str(c["max"])) for c in criteria), Decimal(0))
    given = [_decimal(scores.get(c["number"])) for c in criteria]
    total = (
        sum((g for g in given if g is not None), Decimal(0)) if any(g is not None for g in given) else None
    )
    rows.append(["", "Tổng cộng", maximum, total])
    doc.table(["STT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm đánh giá"], rows, widths=[12, 98, 25, 30])
    doc.paragraph(
        "Ghi chú: điểm của mỗi tiêu chí từ 0 đến điểm tối đa của tiêu chí đó, lấy đến hai chữ số thập phân.",
        italic=True,
    )


# --------------------------------------------------------------------------------------------------
# The tally, in words and with names
# --------------------------------------------------------------------------------------------------


def _labels(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Unique labels: a name given twice takes its id."""
    pairs = list(pairs)
    seen: dict[str, int] = {}
    for _id, name in pairs:
        seen[name] = seen.get(name, 0) + 1
    return {i: (name if seen[name] == 1 else f"{name} (#{i})") for i, name in pairs}


def _reasons(entry: Mapping[str, Any], fresh: Mapping[str, list[str]]) -> list[str]:
    return fresh.get(str(entry.get("id")), [str(r) for r in entry.get("reasons", [])])


def _attendance(session: CouncilSession) -> dict[int, Attendance]:
    return {a.member_id: a for a in session.attendance.all()}


def _session_sheets(session: CouncilSession) -> dict[tuple[int, int], Sheet]:
    return {(s.item_id, s.member_id): s for s in session.sheets.all()}


def _outcome(council: Council, entry: Mapping[str, Any] | None, method: str) -> str:
    if entry is None:
        return SHORT_DOTS
    passed = "Đạt" if entry.get("passed") else "Không đạt"
    if method == council_rules.RATINGS:
        return _rating_label(entry.get("rating")) or passed
    if method == council_rules.VOTES:
        words = _vote_words(council)
        return words["yes"] if entry.get("passed") else words["no"]
    return passed


# --------------------------------------------------------------------------------------------------
# 4. The vote-count minutes
# --------------------------------------------------------------------------------------------------


def vote_count_minutes_docx(council: Council, session: CouncilSession) -> bytes:
    """BIÊN BẢN KIỂM PHIẾU from ``session.tally``: per item the sheets, the members' totals,
    the initial and final means, the zero-score criteria, passed or not and why; the item
    recommended. The vote-counting committee's names are left to fill in."""
    method = selectors.method_of(council)
    tally = session.tally or {}
    members = _members(council)
    by_pk = {str(m.pk): m for m in council.members.all()}
    attendance = _attendance(session)
    sheets = _session_sheets(session)
    items = {str(i.pk): i for i in council.items.all()}
    with translation.override(DOCUMENT_LANGUAGE):
        fresh = selectors.tally_reasons(council, session)
        doc = AdministrativeDocument(
            issuer=_council_issuer(council),
            number="",
            place=settings.KHCN_PLACE,
            date=_on(session.closed_at),
            doc_type="BIÊN BẢN KIỂM PHIẾU",
            summary=SUBJECTS.get(council.kind, ""),
        )
        doc.paragraph(_decision_ref(council), italic=True)
        doc.paragraph(
            f"Hôm nay, vào lúc {_hour(session.closed_at)}, tại {session.place or DOTS}, "
            f"phiên họp thứ {session.number} của {council.name}, ban kiểm phiếu gồm:"
        )
        for n, title in enumerate(("Trưởng ban", "Ủy viên", "Ủy viên"), start=1):
            doc.paragraph(f"{n}. {SHORT_DOTS}{SHORT_DOTS} — {title}", indent=False)
        present = [m for m in members if attendance.get(m.pk) and attendance[m.pk].present]
        doc.paragraph(
            f"Tổng số thành viên hội đồng: {len(members)}; có mặt: {len(present)}; "
            f"vắng mặt: {len(members) - len(present)}."
        )
        if not tally:
            doc.paragraph("Phiên họp chưa kiểm phiếu.", italic=True)
        elif not tally.get("quorum_met"):
            doc.paragraph("Hội đồng không đủ điều kiện làm việc: không kiểm phiếu.", bold=True)
        doc.heading("KẾT QUẢ KIỂM PHIẾU")
        for entry in tally.get("items", []):
            item = items.get(str(entry.get("id")))
            doc.heading(item.title if item else str(entry.get("id")), level=2)
            valid = [str(v) for v in entry.get("valid_members", [])]
            totals = entry.get("member_totals") or {}
            received = [
                m
                for m in present
                if item is not None
                and (sheet := sheets.get((item.pk, m.pk))) is not None
                and sheet.status == SheetStatus.SUBMITTED
            ]
            doc.paragraph(
                f"Số phiếu phát ra: {len(present)}; số phiếu thu về: {len(received)}; "
                f"số phiếu hợp lệ: {len(valid)}; số phiếu không hợp lệ: {max(len(received) - len(valid), 0)}."
            )
            if method == council_rules.SCORES:
                rows = []
                for n, (pk, total) in enumerate(totals.items(), start=1):
                    who = by_pk.get(str(pk))
                    rows.append(
                        [
                            n,
                            who.full_name if who else str(pk),
                            _role(who) if who else "",
                            _number(total),
                            "Hợp lệ" if str(pk) in valid else "Không hợp lệ",
                        ]
                    )
                if rows:
                    doc.table(
                        ["STT", "Thành viên", "Chức danh", "Tổng điểm", "Phiếu"],
                        rows,
                        widths=[12, 55, 35, 28, 35],
                    )
                doc.paragraph(f"Điểm trung bình ban đầu: {_number(entry.get('initial_mean'))}.")
                doc.paragraph(f"Điểm trung bình cuối cùng: {_number(entry.get('final_mean'))}.")
                zeros = entry.get("zero_violations") or {}
                if zeros:
                    doc.paragraph("Tiêu chí bị quá số thành viên quy định cho 0 điểm:")
                    doc.bullets(
                        f"Tiêu chí {c}: {n}/{len(totals)} thành viên cho 0 điểm" for c, n in zeros.items()
                    )
                else:
                    doc.paragraph("Không có tiêu chí bị quá số thành viên quy định cho 0 điểm.")
            else:
                counts: dict[str, int] = {}
                for pk in valid:
                    sheet = sheets.get((item.pk, int(pk))) if item and pk.isdigit() else None
                    code = (sheet.rating if method == council_rules.RATINGS else sheet.vote) if sheet else ""
                    counts[code] = counts.get(code, 0) + 1
                if method == council_rules.RATINGS:
                    rows = [[str(label), counts.get(code, 0)] for code, label in RATING_CHOICES]
                    doc.table(["Mức đánh giá", "Số phiếu"], rows, widths=[110, 40])
                else:
                    words = _vote_words(council)
                    rows = [[words[code], counts.get(code, 0)] for code in tallying.VOTES]
                    doc.table(["Ý kiến", "Số phiếu"], rows, widths=[110, 40])
            doc.paragraph(f"Kết quả: {_outcome(council, entry, method)}.", bold=True)
            reasons = _reasons(entry, fresh)
            if reasons:
                doc.paragraph("Căn cứ:")
                doc.bullets(reasons)
        if tally.get("items") and _recommends(council):
            recommended = items.get(str(tally.get("recommended") or ""))
            doc.heading("KIẾN NGHỊ")
            if recommended is not None:
                doc.paragraph(f"Hồ sơ được hội đồng đề nghị: {recommended.title}.")
            else:
                doc.paragraph("Không có hồ sơ được hội đồng đề nghị.")
        doc.paragraph(
            "Biên bản kiểm phiếu được lập thành 02 bản, công bố tại phiên họp hội đồng và lưu cùng hồ sơ "
            "phiên họp./."
        )
        doc.signature(position="Trưởng ban kiểm phiếu", signer=SHORT_DOTS)
        return _finish(doc, numbered=False, left=("Các ủy viên ban kiểm phiếu", SHORT_DOTS))


def _recommends(council: Council) -> bool:
    try:
        rules = ruleset_in_force(
            council_rules.code_of(council.kind), as_of=council.established_on or timezone.localdate()
        ).parameters
    except DomainError:
        return False
    return rules.get("recommend", "none") != "none"


# --------------------------------------------------------------------------------------------------
# 5. The council's minutes
# --------------------------------------------------------------------------------------------------


def minutes_docx(council: Council, session: CouncilSession) -> bytes:
    """BIÊN BẢN HỌP HỘI ĐỒNG: time and place, who attended (absent members' written opinions),
    the quorum, each item with the tally's outcome, the conclusions and revisions asked for
    (``session.minutes``, dotted lines when empty), signed by the secretary and the chair."""
    method = selectors.method_of(council)
    tally = session.tally or {}
    members = _members(council)
    attendance = _attendance(session)
    outcomes = {str(e.get("id")): e for e in tally.get("items", [])}
    chair = _first(council, MemberRole.CHAIR)
    secretary = _first(council, MemberRole.SECRETARY)
    with translation.override(DOCUMENT_LANGUAGE):
        fresh = selectors.tally_reasons(council, session)
        doc = AdministrativeDocument(
            issuer=_council_issuer(council),
            number="",
            place=settings.KHCN_PLACE,
            date=_on(session.opened_at or session.scheduled_at),
            doc_type="BIÊN BẢN HỌP HỘI ĐỒNG",
            summary=SUBJECTS.get(council.kind, ""),
        )
        doc.heading("THÔNG TIN CHUNG")
        doc.paragraph(_decision_ref(council), italic=True)
        doc.paragraph(f"Phiên họp thứ: {session.number}.")
        doc.paragraph(f"Thời gian: {_hour(session.opened_at or session.scheduled_at)}.")
        doc.paragraph(f"Địa điểm: {session.place or DOTS}.")
        doc.paragraph(f"Chủ trì: {chair.full_name if chair else DOTS}, Chủ tịch hội đồng.")
        doc.paragraph(f"Thư ký: {secretary.full_name if secretary else DOTS}, Thư ký khoa học.")
        doc.heading("THÀNH PHẦN THAM DỰ")
        rows = []
        for n, m in enumerate(members, start=1):
            a = attendance.get(m.pk)
            state = "Có mặt" if a and a.present else "Vắng mặt"
            note = "Có ý kiến bằng văn bản" if a and not a.present and a.written_opinion.strip() else ""
            rows.append([n, m.full_name, _role(m), state, note])
        doc.table(["STT", "Họ và tên", "Chức danh", "Tham dự", "Ghi chú"], rows, widths=[12, 50, 35, 28, 40])
        present = [m for m in members if attendance.get(m.pk) and attendance[m.pk].present]
        absent = [m for m in members if m not in present]
        doc.paragraph(f"Số thành viên có mặt: {len(present)}/{len(members)}.")
        if absent:
            doc.paragraph(f"Vắng mặt: {', '.join(m.full_name for m in absent)}.")
        opinions = [(m, attendance[m.pk].written_opinion.strip()) for m in absent if m.pk in attendance]
        opinions = [(m, text) for m, text in opinions if text]
        if opinions:
            doc.paragraph(
                "Ý kiến bằng văn bản của thành viên vắng mặt (được ghi nhận, không tính vào kết quả):"
            )
            doc.bullets(f"{m.full_name}: {text}" for m, text in opinions)
        if not tally:
            doc.paragraph(f"Hội đồng {SHORT_DOTS} đủ điều kiện làm việc theo quy định.")
        elif tally.get("quorum_met"):
            doc.paragraph("Hội đồng đủ điều kiện làm việc theo quy định (đủ số thành viên có mặt).")
        else:
            doc.paragraph("Hội đồng không đủ điều kiện làm việc theo quy định.", bold=True)
        doc.heading("NỘI DUNG VÀ KẾT QUẢ ĐÁNH GIÁ")
        for item in council.items.all():
            doc.heading(item.title, level=2)
            entry = outcomes.get(str(item.pk))
            if method == council_rules.SCORES and entry is not None:
                doc.paragraph(f"Điểm trung bình cuối cùng: {_number(entry.get('final_mean'))}.")
            doc.paragraph(f"Kết quả: {_outcome(council, entry, method)}.", bold=True)
            if entry is not None:
                doc.bullets(_reasons(entry, fresh))
        if tally.get("items") and _recommends(council):
            recommended = next(
                (i for i in council.items.all() if str(i.pk) == str(tally.get("recommended"))), None
            )
            doc.paragraph(
                f"Hồ sơ được hội đồng đề nghị: {recommended.title}."
                if recommended
                else "Không có hồ sơ được hội đồng đề nghị."
            )
        doc.heading("KẾT LUẬN VÀ YÊU CẦU CHỈNH SỬA, HOÀN THIỆN")
        _write(doc, session.minutes)
        doc.paragraph(f"Phiên họp kết thúc vào lúc {_hour(session.closed_at)}./.")
        doc.signature(position="Chủ tịch hội đồng", signer=chair.full_name if chair else SHORT_DOTS)
        return _finish(
            doc, numbered=False, left=("Thư ký khoa học", secretary.full_name if secretary else SHORT_DOTS)
        )


# --------------------------------------------------------------------------------------------------
# 6. The workbook of the session's sheets
# --------------------------------------------------------------------------------------------------

_HEADER_FONT = Font(name="Times New Roman", bold=True, size=12)
_TITLE_FONT = Font(name="Times New Roman", bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _add_sheet(
    workbook: Workbook,
    name: str,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
) -> None:
    """One write-only sheet: a title, a header row, the rows; every cell typed by
    ``khcn.exports.xlsx`` (strings never become formulas)."""
    sheet = workbook.create_sheet(title=name)
    factory = _CellFactory(sheet, ())
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    sheet.append([factory.text(nfc(title), font=_TITLE_FONT)])
    sheet.append([])
    header_cells = []
    for header in headers:
        cell = factory.text(nfc(str(header)), font=_HEADER_FONT)
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([factory.value(value, column) for column, value in enumerate(row)])


def _unique_name(name: str, used: set[str]) -> str:
    base = sanitize_sheet_name(name)
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = f"{base[: 31 - len(suffix)]}{suffix}"
        n += 1
    used.add(candidate.lower())
    return candidate


def sheets_xlsx(council: Council, session: CouncilSession) -> bytes:
    """The session's sheets: a summary sheet with the tally per item, then a sheet per item with
    a row per member (role, present, each criterion's score or the rating or vote, total,
    comments, transcribed or not). In the user's language."""
    method = selectors.method_of(council)
    criteria = selectors.criteria(council) if method == council_rules.SCORES else []
    members = _members(council)
    attendance = _attendance(session)
    sheets = _session_sheets(session)
    tally = session.tally or {}
    outcomes = {str(e.get("id")): e for e in tally.get("items", [])}
    fresh = selectors.tally_reasons(council, session)
    items = list(council.items.all())
    yes, no = _("Yes"), _("No")

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    summary_rows = []
    for n, item in enumerate(items, start=1):
        entry = outcomes.get(str(item.pk))
        zeros = (entry or {}).get("zero_violations") or {}
        summary_rows.append(
            [
                n,
                item.title,
                len((entry or {}).get("valid_members", [])),
                _decimal((entry or {}).get("initial_mean")),
                _decimal((entry or {}).get("final_mean")),
                ", ".join(f"{c} ({k})" for c, k in zeros.items()),
                _rating_label((entry or {}).get("rating")),
                "" if entry is None else (yes if entry.get("passed") else no),
                yes if str(tally.get("recommended") or "") == str(item.pk) else "",
                "\n".join(_reasons(entry, fresh)) if entry else "",
            ]
        )
    _add_sheet(
        workbook,
        _unique_name(_("Tally summary"), used),
        _("Tally of session %(number)s — %(council)s") % {"number": session.number, "council": council.name},
        [
            _("No."),
            _("Item evaluated"),
            _("Valid sheets"),
            _("Initial mean"),
            _("Final mean"),
            _("Criteria scored 0 by too many (members)"),
            _("Rating"),
            _("Passed"),
            _("Recommended"),
            _("Reasons"),
        ],
        summary_rows,
        [6, 50, 10, 12, 12, 20, 14, 10, 14, 80],
    )
    if method == council_rules.SCORES:
        marks = [f"{c['number']}. {c['name']} ({c['max']})" for c in criteria]
    elif method == council_rules.RATINGS:
        marks = [_("Rating")]
    else:
        marks = [_("Vote")]
    headers = [
        _("No."),
        _("Full name"),
        _("Role in the council"),
        _("Present"),
        *marks,
        _("Total score"),
        _("Status"),
        _("Comments"),
        _("Transcribed from paper"),
    ]
    widths = [6, 30, 22, 10, *([14] * len(marks)), 10, 14, 60, 14]
    for n, item in enumerate(items, start=1):
        rows = []
        for k, member in enumerate(members, start=1):
            sheet = sheets.get((item.pk, member.pk))
            a = attendance.get(member.pk)
            if method == council_rules.SCORES:
                values: list[Any] = [
                    _decimal((sheet.scores or {}).get(c["number"])) if sheet else None for c in criteria
                ]
                given = [v for v in values if v is not None]
                total: Any = sum(given, Decimal(0)) if given else None
            elif method == council_rules.RATINGS:
                values, total = [_rating_label(sheet.rating) if sheet else ""], None
            else:
                values, total = [_vote_label(sheet.vote) if sheet else ""], None
            rows.append(
                [
                    k,
                    member.full_name,
                    member.get_role_display(),
                    yes if a and a.present else no,
                    *values,
                    total,
                    sheet.get_status_display() if sheet else "",
                    sheet.comments if sheet else "",
                    (yes if sheet.transcribed_by_id else no) if sheet else "",
                ]
            )
        _add_sheet(workbook, _unique_name(f"{n}. {item.title}", used), item.title, headers, rows, widths)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------------------------------


def filename(kind: str, council: Council, *extra: str) -> str:
    """The download's name: the document's Vietnamese name, the council, and who or what."""
    names = {
        "decision": "Quyết định thành lập hội đồng",
        "declaration": "Bản cam kết xung đột lợi ích",
        "sheet": "Phiếu đánh giá",
        "vote-count": "Biên bản kiểm phiếu",
        "minutes": "Biên bản họp hội đồng",
    }
    name = pgettext("file name", "council sheets") if kind == "sheets.xlsx" else names[kind]
    return " - ".join([name, council.name[:80], *(e[:60] for e in extra if e)])


def councils_xlsx(councils: Iterable[Council]) -> bytes:
    """The councils list as shown (in the reader's language): cells are text, never formulas."""
    rows = [
        [
            n,
            c.name,
            c.get_kind_display(),
            c.organization.name,
            c.decision_number,
            c.established_on,
            getattr(c, "seated", ""),
            c.get_status_display(),
        ]
        for n, c in enumerate(councils, start=1)
    ]
    return table_to_xlsx(
        title=_("Councils"),
        headers=[
            _("No."),
            _("Council"),
            _("Kind"),
            _("Established by"),
            _("Decision number"),
            _("Signed on"),
            _("Members"),
            _("Status"),
        ],
        rows=rows,
        sheet_name=_("Councils"),
    )
