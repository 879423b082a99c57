"""Drafts of a task's decisions as DOCX in the Decree 30/2020 layout (``khcn.exports.docx``),
filled from the task's data: the ordering list's approval, the selection result, the approval of
the task, the contract and its annex, suspension, termination, recognition of the results, the
handling of the assets and the contract's liquidation minutes.

A draft is what the DOST's specialist edits and sends for signature: the number is left blank
("Số: …/QĐ-UBND"), so is the date; the legal bases ("Căn cứ …") are those of the task's regime
(the ``research.lifecycle`` rule set in force on its ordering date: Law 29/2013 and its
circulars, or Law 93/2025 and Decree 267/2025), then the decisions already recorded for the
task. The documents are Vietnamese administrative documents whatever the language of the user
interface: their wording is written here in Vietnamese, as ``khcn.councils.exports`` writes a
council's decision.

:func:`drafts_available` says which drafts make sense in the task's state (no approval before a
host is selected); :func:`draft_docx` returns one draft's bytes; the view asks the policy.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from khcn.core.exceptions import DomainError
from khcn.core.rules import ruleset_in_force
from khcn.core.text import nfc
from khcn.exports.docx import AdministrativeDocument, Issuer, add_left_signature, format_cell, signer_titles
from khcn.research import rules
from khcn.research.choices import (
    ACCEPTED_STATES,
    AdjustmentStatus,
    ApplicationStatus,
    CostCategory,
    DocumentKind,
    LumpSum,
    Method,
    PaymentKind,
    Rating,
    TaskState,
    TaskType,
)
from khcn.research.choices import Issuer as IssuedBy
from khcn.research.models import Application, Task, TaskDocument

__all__ = ["DRAFT_KINDS", "ORDER_LIST", "draft_docx", "drafts_available", "filename"]

ORDER_LIST = "order_list"
DOTS = "…………………………………………………………"
SHORT_DOTS = "……………"
BLANK_NUMBER = "…"
SIGN_HERE = "……………………………"  # the name, written in by the signer

T = TaskState
# After the contract: the task has a contract to amend, suspend, terminate or liquidate.
_CONTRACTED = (
    T.CONTRACTED,
    T.IN_PROGRESS,
    T.SUSPENDED,
    T.IN_ACCEPTANCE,
    T.ACCEPTED,
    T.FAILED,
    T.RECOGNISED,
    T.LIQUIDATED,
    T.REGISTERED,
    T.CLOSED,
    T.TERMINATED,
)
_APPROVED = (T.APPROVED, *_CONTRACTED)
_HOSTED = (T.RECOMMENDED, T.IN_APPRAISAL, *_APPROVED)

# Which drafts each kind of decision offers in which states (the step is due, or done and the
# draft is reprinted to check it against the signed decision).
_STATES: dict[str, tuple[str, ...]] = {
    DocumentKind.SELECTION_RESULT: (T.IN_SELECTION, *_HOSTED),
    DocumentKind.APPROVAL: _HOSTED,
    DocumentKind.CONTRACT: _APPROVED,
    DocumentKind.CONTRACT_ANNEX: (T.CONTRACTED, T.IN_PROGRESS, T.SUSPENDED, T.IN_ACCEPTANCE),
    DocumentKind.SUSPENSION: (T.IN_PROGRESS, T.SUSPENDED),
    DocumentKind.TERMINATION: (T.CONTRACTED, T.IN_PROGRESS, T.SUSPENDED, T.TERMINATED),
    DocumentKind.RECOGNITION: tuple(ACCEPTED_STATES),
    DocumentKind.ASSETS: (*ACCEPTED_STATES, T.FAILED, T.TERMINATED),
    DocumentKind.LIQUIDATION: (T.RECOGNISED, T.FAILED, T.TERMINATED, T.LIQUIDATED, T.REGISTERED, T.CLOSED),
}

# Who issues each document when the task has not recorded it yet (domain note §1.3: the PPC
# approves the list, the task, its termination and the recognition; the DOST the rest).
# Who signs the documents that are not decisions (the decisions' issuer is the rule set's
# delegation, ``services.default_issuer``).
_DEFAULT_ISSUER: dict[str, str] = {
    DocumentKind.CONTRACT: IssuedBy.DOST,
    DocumentKind.CONTRACT_ANNEX: IssuedBy.DOST,
    DocumentKind.LIQUIDATION: IssuedBy.DOST,
}

TYPE_WORDS: dict[str, str] = {
    TaskType.TOPIC: "đề tài",
    TaskType.PILOT: "dự án sản xuất thử nghiệm",
    TaskType.SCHEME: "đề án khoa học",
    TaskType.PROJECT: "dự án khoa học và công nghệ",
}
METHOD_WORDS: dict[str, str] = {Method.SELECTION: "tuyển chọn", Method.DIRECT: "giao trực tiếp"}
LUMP_SUM_WORDS: dict[str, str] = {
    LumpSum.FULL: "Khoán chi đến sản phẩm cuối cùng",
    LumpSum.PARTIAL: "Khoán chi từng phần",
}
RATING_WORDS: dict[str, str] = {Rating.EXCELLENT: "Xuất sắc", Rating.PASS: "Đạt", Rating.FAIL: "Không đạt"}
COST_WORDS: dict[str, str] = {
    CostCategory.LABOUR: "Chi công lao động trực tiếp",
    CostCategory.EXPERTS: "Chi thuê chuyên gia",
    CostCategory.MATERIALS: "Chi mua vật tư, nguyên, nhiên, vật liệu, năng lượng",
    CostCategory.EQUIPMENT: "Chi mua sắm, thuê thiết bị, máy móc",
    CostCategory.CONSTRUCTION: "Chi sửa chữa, xây dựng nhỏ",
    CostCategory.OTHER: "Chi khác (công tác, hội thảo, quản lý chung)",
}

# The acts the rule sets' legal basis names ("Luật số 29/2013/QH13"), written out as a
# decision cites them. Only names confirmed in the domain note; anything else prints as given.
_CITATIONS = {
    "29/2013/QH13": "Luật Khoa học và Công nghệ số 29/2013/QH13 ngày 18 tháng 6 năm 2013",
    "93/2025/QH15": "Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15",
    "267/2025/NĐ-CP": (
        "Nghị định số 267/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Khoa học, "
        "công nghệ và đổi mới sáng tạo về nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo"
    ),
    "10/2014/TT-BKHCN": (
        "Thông tư số 10/2014/TT-BKHCN của Bộ trưởng Bộ Khoa học và Công nghệ quy định tuyển chọn, "
        "giao trực tiếp tổ chức và cá nhân thực hiện nhiệm vụ khoa học và công nghệ"
    ),
    "11/2014/TT-BKHCN": (
        "Thông tư số 11/2014/TT-BKHCN của Bộ trưởng Bộ Khoa học và Công nghệ quy định việc đánh giá, "
        "nghiệm thu kết quả thực hiện nhiệm vụ khoa học và công nghệ"
    ),
    "04/2015/TT-BKHCN": (
        "Thông tư số 04/2015/TT-BKHCN của Bộ trưởng Bộ Khoa học và Công nghệ quy định việc kiểm tra, "
        "đánh giá, điều chỉnh và chấm dứt hợp đồng trong quá trình thực hiện nhiệm vụ khoa học và "
        "công nghệ"
    ),
    "14/2014/TT-BKHCN": (
        "Thông tư số 14/2014/TT-BKHCN của Bộ trưởng Bộ Khoa học và Công nghệ quy định việc thu thập, "
        "đăng ký, lưu giữ và công bố thông tin về nhiệm vụ khoa học và công nghệ"
    ),
    "31/2015/QĐ-UBND": (
        "Quyết định số 31/2015/QĐ-UBND ngày 06 tháng 10 năm 2015 của Ủy ban nhân dân tỉnh Cà Mau "
        "ban hành Quy định quản lý thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh sử dụng ngân "
        "sách nhà nước trên địa bàn tỉnh Cà Mau"
    ),
}
# Circulars cited only by the decisions they govern; every other act is cited by all.
_CITED_BY: dict[str, set[str]] = {
    "10/2014/TT-BKHCN": {
        ORDER_LIST,
        DocumentKind.SELECTION_RESULT,
        DocumentKind.APPROVAL,
        DocumentKind.CONTRACT,
    },
    "11/2014/TT-BKHCN": {DocumentKind.RECOGNITION, DocumentKind.ASSETS, DocumentKind.LIQUIDATION},
    "04/2015/TT-BKHCN": {
        DocumentKind.CONTRACT_ANNEX,
        DocumentKind.SUSPENSION,
        DocumentKind.TERMINATION,
        DocumentKind.LIQUIDATION,
    },
    "14/2014/TT-BKHCN": {DocumentKind.RECOGNITION},
    # The pilot mechanisms of Resolution 193/2025/QH15: a failed task as a research risk.
    "88/2025/NĐ-CP": {DocumentKind.TERMINATION, DocumentKind.LIQUIDATION},
}
_ACT_NUMBER = re.compile(r"\d+/\d{4}/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*")
LOCAL_GOVERNMENT_LAW = "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def money(amount: int | None) -> str:
    """ "1.400.000.000 đồng", or dots to fill in."""
    return f"{format_cell(int(amount))} đồng" if amount is not None else f"{SHORT_DOTS} đồng"


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _hundreds(n: int, *, full: bool) -> list[str]:
    """0–999 in words; ``full`` reads "không trăm", "linh" (a group after a higher one)."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or h:
        words += [_DIGITS[h], "trăm"]
    if t == 0 and u and (full or h):
        words.append("linh")
    elif t == 1:
        words.append("mười")
    elif t > 1:
        words += [_DIGITS[t], "mươi"]
    if u:
        if u == 1 and t > 1:
            words.append("mốt")
        elif u == 5 and t > 0:
            words.append("lăm")
        else:
            words.append(_DIGITS[u])
    return words


def amount_in_words(amount: int) -> str:
    """An amount of VND as decisions spell it: "Một tỷ bốn trăm triệu đồng"."""
    if amount <= 0:
        return "Không đồng"
    groups = []
    while amount:
        groups.append(amount % 1000)
        amount //= 1000
    if len(groups) > len(_GROUPS):
        raise ValueError("amount too large")
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        if groups[index]:
            words += _hundreds(groups[index], full=index < top)
            if _GROUPS[index]:
                words.append(_GROUPS[index])
    text = " ".join(words)
    return f"{text[0].upper()}{text[1:]} đồng"


def _money_line(amount: int | None) -> str:
    if not amount:
        return money(amount)
    return f"{money(amount)} (Bằng chữ: {amount_in_words(amount)})"


def _dmy(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else SHORT_DOTS


def _month(value: dt.date | None) -> str:
    return f"tháng {value.month:02d}/{value.year}" if value else f"tháng {SHORT_DOTS}"


def _months(starts: dt.date, ends: dt.date) -> int:
    """Whole months from ``starts`` to ``ends`` (the approval sets the end a day before)."""
    end = ends + dt.timedelta(days=1)
    return (end.year - starts.year) * 12 + end.month - starts.month


def _place() -> str:
    return settings.KHCN_PLACE


def _ppc_name() -> str:
    return f"Ủy ban nhân dân tỉnh {_place()}"


def _dost_name() -> str:
    return f"Sở Khoa học và Công nghệ tỉnh {_place()}"


def _issuer(issued_by: str) -> Issuer:
    if issued_by == IssuedBy.PPC:
        parent = re.sub(r"^UBND\b", "ỦY BAN NHÂN DÂN", settings.KHCN_ISSUER_PARENT.strip(), flags=re.I)
        return Issuer(name=parent)
    return Issuer(parent=settings.KHCN_ISSUER_PARENT, name=settings.KHCN_ISSUER_NAME)


def _symbol(issued_by: str, doc: str = "QĐ") -> str:
    return f"{BLANK_NUMBER}/{doc}-{'UBND' if issued_by == IssuedBy.PPC else 'SKHCN'}"


def _recorded(task: Task, kind: str) -> TaskDocument | None:
    """The latest document of ``kind`` the task recorded."""
    return next((d for d in reversed(_documents(task)) if d.kind == kind), None)


def _documents(task: Task) -> list[TaskDocument]:
    cache = getattr(task, "_draft_documents", None)
    if cache is None:
        cache = list(task.documents.order_by("signed_on", "pk"))
        task._draft_documents = cache  # type: ignore[attr-defined]
    return cache


def _issued_by(task: Task, kind: str) -> str:
    """Who issued the document as recorded, else who issues it by the rule set's delegation."""
    if kind == ORDER_LIST:
        if task.order_list is not None:
            return task.order_list.issuer
    else:
        recorded = _recorded(task, kind)
        if recorded is not None and recorded.issuer in (IssuedBy.PPC, IssuedBy.DOST):
            return recorded.issuer
    if kind in _DEFAULT_ISSUER:
        return _DEFAULT_ISSUER[kind]
    from khcn.research.services import default_issuer

    return default_issuer(task, kind)


def _signature(doc: AdministrativeDocument, task: Task, kind: str, issued_by: str) -> None:
    """The signature block: the recorded signer if any; else the deputy head signs for the head
    (``KT. CHỦ TỊCH`` / ``KT. GIÁM ĐỐC``), the name left to fill in."""
    recorded = _recorded(task, kind) if kind != ORDER_LIST else None
    head = "Chủ tịch" if issued_by == IssuedBy.PPC else "Giám đốc"
    position = recorded.signer_position if recorded and recorded.signer_position else f"Phó {head}"
    authority, position = signer_titles(position, head=head)
    signer = recorded.signer_name if recorded and recorded.signer_name else ""
    doc.signature(authority, position=position, signer=signer)


def _write(doc: AdministrativeDocument, text: str, *, empty: str = DOTS) -> None:
    """Free text: "-", "+", "•" lines as "- …" items, other lines as paragraphs."""
    lines = [line.strip() for line in nfc(text or "").splitlines() if line.strip()]
    if not lines:
        doc.paragraph(empty)
    for line in lines:
        if line[0] in "-+•–":
            doc.bullet(line.lstrip("-+•– ").strip())
        else:
            doc.paragraph(line)


def _finish(doc: AdministrativeDocument, *, left: tuple[str, str] | None = None) -> bytes:
    document = doc.build()
    if left is not None:
        add_left_signature(document, *left)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# The task's data
# --------------------------------------------------------------------------------------------------


def chosen_application(task: Task) -> Application | None:
    """The application behind the task's host: the selected one; before the selection result,
    the one the council passed with the best score."""
    applications = list(
        task.applications.filter(status__in=(ApplicationStatus.SELECTED, ApplicationStatus.PASSED))
    )
    selected = [a for a in applications if a.status == ApplicationStatus.SELECTED]
    if selected:
        return selected[-1]
    if task.state != T.IN_SELECTION:
        return None

    def score(application: Application) -> float:
        try:
            return float(application.score)
        except ValueError:
            return -1.0

    passed = sorted(applications, key=lambda a: (-score(a), a.pk))
    return passed[0] if passed else None


def _host(task: Task, application: Application | None) -> str:
    return task.host_label or (application.host_name if application else "") or DOTS


def _investigator(task: Task, application: Application | None) -> str:
    return task.investigator or (application.investigator if application else "") or DOTS


def _task_name(task: Task) -> str:
    return f"{TYPE_WORDS.get(task.type, 'nhiệm vụ')} “{task.title}”, mã số {task.code}"


def _regime_acts(task: Task) -> list[str]:
    """The acts of the task's regime: the ``research.lifecycle`` rule set in force on its
    ordering date, as published (the DOST may correct it), else as this module declares it."""
    try:
        basis = ruleset_in_force(rules.LIFECYCLE, as_of=task.ordered_on).legal_basis
    except DomainError:
        basis = ""
    if not basis:
        version = max(
            (v for v in rules.RULESETS if v.effective_from <= task.ordered_on),
            key=lambda v: v.effective_from,
            default=None,
        )
        basis = version.legal_basis if version is not None else ""
    acts: list[str] = []
    for part in basis.split(";"):
        part = part.strip()
        numbers = _ACT_NUMBER.findall(part)
        if len(numbers) > 1:  # "Thông tư số 10/2014/TT-BKHCN, 11/2014/TT-BKHCN": one line each
            word = part.split(" số ")[0].strip() if " số " in part else ""
            acts += [f"{word} số {n}".strip() for n in numbers]
        elif part:
            acts.append(part)
    return acts


def legal_bases(task: Task, kind: str, issued_by: str) -> list[str]:
    """The "Căn cứ …;" lines of a draft: the issuer's powers, the acts of the task's regime that
    govern this decision, and the task's decisions already recorded."""
    lines = []
    if issued_by == IssuedBy.PPC:
        lines.append(f"Căn cứ {LOCAL_GOVERNMENT_LAW};")
    for act in _regime_acts(task):
        numbers = _ACT_NUMBER.findall(act)
        number = numbers[0] if numbers else ""
        if number in _CITED_BY and kind not in _CITED_BY[number]:
            continue
        lines.append(f"Căn cứ {_CITATIONS.get(number, act)};")
    if issued_by == IssuedBy.DOST:
        lines.append(
            f"Căn cứ Quyết định số {BLANK_NUMBER}/QĐ-UBND ngày {SHORT_DOTS} của {_ppc_name()} quy định "
            f"chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {_dost_name()};"
        )
    if task.order_list_id and task.order_list is not None and kind != ORDER_LIST:
        lines.append(
            f"Căn cứ Quyết định số {task.order_list.number} ngày {_dmy(task.order_list.decided_on)} phê "
            f"duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng;"
        )
    cited = _CITES.get(kind, ())
    for document in _documents(task):
        if document.kind in cited:
            lines.append(
                f"Căn cứ {_DOCUMENT_WORDS[document.kind]} số {document.number} "
                f"ngày {_dmy(document.signed_on)};"
            )
    return lines


# The task's earlier documents each draft cites after the acts.
_CITES: dict[str, tuple[str, ...]] = {
    DocumentKind.APPROVAL: (DocumentKind.SELECTION_RESULT, DocumentKind.APPRAISAL),
    DocumentKind.CONTRACT: (DocumentKind.APPROVAL,),
    DocumentKind.CONTRACT_ANNEX: (DocumentKind.APPROVAL, DocumentKind.CONTRACT, DocumentKind.ADJUSTMENT),
    DocumentKind.SUSPENSION: (DocumentKind.APPROVAL, DocumentKind.CONTRACT, DocumentKind.INSPECTION),
    DocumentKind.TERMINATION: (DocumentKind.APPROVAL, DocumentKind.CONTRACT, DocumentKind.INSPECTION),
    DocumentKind.RECOGNITION: (
        DocumentKind.APPROVAL,
        DocumentKind.CONTRACT,
        DocumentKind.SELF_EVALUATION,
    ),
    DocumentKind.ASSETS: (DocumentKind.APPROVAL, DocumentKind.CONTRACT, DocumentKind.RECOGNITION),
    DocumentKind.LIQUIDATION: (
        DocumentKind.APPROVAL,
        DocumentKind.CONTRACT,
        DocumentKind.CONTRACT_ANNEX,
        DocumentKind.RECOGNITION,
        DocumentKind.TERMINATION,
    ),
}

_DOCUMENT_WORDS: dict[str, str] = {
    DocumentKind.SELECTION_RESULT: "Quyết định phê duyệt kết quả tuyển chọn, giao trực tiếp",
    DocumentKind.APPRAISAL: "Biên bản thẩm định kinh phí",
    DocumentKind.APPROVAL: "Quyết định phê duyệt nhiệm vụ",
    DocumentKind.CONTRACT: "Hợp đồng thực hiện nhiệm vụ",
    DocumentKind.CONTRACT_ANNEX: "Phụ lục hợp đồng",
    DocumentKind.INSPECTION: "Biên bản kiểm tra",
    DocumentKind.ADJUSTMENT: "Quyết định điều chỉnh",
    DocumentKind.SUSPENSION: "Quyết định tạm dừng",
    DocumentKind.TERMINATION: "Quyết định chấm dứt",
    DocumentKind.SELF_EVALUATION: "Biên bản đánh giá nghiệm thu cấp cơ sở",
    DocumentKind.RECOGNITION: "Quyết định công nhận kết quả",
    DocumentKind.ASSETS: "Quyết định xử lý tài sản",
    DocumentKind.LIQUIDATION: "Biên bản thanh lý hợp đồng",
    DocumentKind.REGISTRATION: "Giấy chứng nhận đăng ký kết quả",
}


def _proposer(issued_by: str) -> str:
    if issued_by == IssuedBy.PPC:
        return (
            f"Theo đề nghị của Giám đốc {_dost_name()} tại Tờ trình số {BLANK_NUMBER}/TTr-SKHCN "
            f"ngày {SHORT_DOTS}."
        )
    return "Theo đề nghị của Trưởng phòng Quản lý khoa học."


def _decision(task: Task, kind: str, summary: str) -> tuple[AdministrativeDocument, str]:
    """A decision's head: the header, QUYẾT ĐỊNH and its summary, who decides, the legal bases,
    who proposes, "QUYẾT ĐỊNH:"."""
    issued_by = _issued_by(task, kind)
    doc = AdministrativeDocument(
        issuer=_issuer(issued_by),
        number=_symbol(issued_by),
        place=_place(),
        date=None,
        doc_type="QUYẾT ĐỊNH",
        summary=summary,
    )
    head = (
        f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {_place()}"
        if issued_by == IssuedBy.PPC
        else f"GIÁM ĐỐC {_dost_name()}"
    )
    doc.paragraph(head.upper(), bold=True, align="center", indent=False)
    for line in legal_bases(task, kind, issued_by):
        doc.paragraph(line, italic=True)
    doc.paragraph(_proposer(issued_by), italic=True)
    doc.paragraph("QUYẾT ĐỊNH:", bold=True, align="center", indent=False)
    return doc, issued_by


def _close(
    doc: AdministrativeDocument,
    task: Task,
    kind: str,
    issued_by: str,
    article: int,
    extra: Sequence[str] = (),
) -> AdministrativeDocument:
    """The last article (execution), the signature and the recipients."""
    host = task.host_label or "tổ chức chủ trì"
    if issued_by == IssuedBy.PPC:
        who = (
            f"Chánh Văn phòng {_ppc_name()}, Giám đốc Sở Khoa học và Công nghệ, Giám đốc Sở Tài chính, "
            f"Giám đốc Kho bạc Nhà nước khu vực, Thủ trưởng {host}, chủ nhiệm nhiệm vụ và các tổ chức, "
            "cá nhân có liên quan"
        )
        recipients = [
            "Như Điều " + str(article),
            "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
            "Sở Khoa học và Công nghệ",
        ]
    else:
        who = (
            f"Chánh Văn phòng Sở, Trưởng phòng Quản lý khoa học, Trưởng phòng Kế hoạch - Tài chính, "
            f"Thủ trưởng {host}, chủ nhiệm nhiệm vụ và các tổ chức, cá nhân có liên quan"
        )
        recipients = ["Như Điều " + str(article), "Lãnh đạo Sở"]
    doc.paragraph(f"Điều {article}. Quyết định này có hiệu lực kể từ ngày ký.")
    doc.paragraph(f"{who} chịu trách nhiệm thi hành Quyết định này./.")
    _signature(doc, task, kind, issued_by)
    doc.recipients([*recipients, *extra], archive="VT, QLKH" if issued_by == IssuedBy.DOST else "VT")
    return doc


def _budget(task: Task, application: Application | None) -> tuple[int | None, int]:
    state = (
        task.budget_state
        if task.budget_state is not None
        else (application.budget_total if application else None)
    )
    other = (
        task.budget_other
        if task.budget_other is not None
        else (application.budget_other if application else 0)
    )
    return state, int(other or 0)


def _particulars(doc: AdministrativeDocument, task: Task, application: Application | None) -> None:
    """The task in numbered items: name and code, host, investigator, objectives, products,
    duration, budget and its lump-sum mode (Điều 1 of the approval)."""
    doc.paragraph(f"1. Tên nhiệm vụ: {task.title}.")
    doc.paragraph(f"Mã số: {task.code}. Loại hình: {TYPE_WORDS.get(task.type, 'nhiệm vụ')}.")
    doc.paragraph(f"2. Tổ chức chủ trì: {_host(task, application)}.")
    doc.paragraph(f"3. Chủ nhiệm nhiệm vụ: {_investigator(task, application)}.")
    doc.paragraph("4. Mục tiêu:")
    objectives = (application.objectives if application else "") or (
        task.proposal.objectives if task.proposal else ""
    )
    _write(doc, objectives)
    doc.paragraph(
        "5. Nội dung chính: theo thuyết minh nhiệm vụ đã được hội đồng tư vấn và tổ thẩm định thông qua."
    )
    doc.paragraph("6. Sản phẩm và yêu cầu khoa học đối với sản phẩm:")
    _products(doc, task, application)
    doc.paragraph(f"7. Thời gian thực hiện: {_duration(task, application)}.")
    state, other = _budget(task, application)
    total = (state or 0) + other if state is not None else None
    doc.paragraph(f"8. Tổng kinh phí thực hiện: {_money_line(total)}, trong đó:")
    doc.bullet(
        f"Kinh phí từ ngân sách nhà nước (sự nghiệp khoa học và công nghệ tỉnh): {_money_line(state)};"
    )
    doc.bullet(f"Kinh phí từ nguồn khác: {money(other)}.")
    mode = LUMP_SUM_WORDS.get(task.lump_sum)
    lines = application.budget_lines if application else []
    lump = sum(int(line.get("lump_sum") or 0) for line in lines)
    if mode and task.lump_sum == LumpSum.FULL:
        doc.paragraph(f"9. Phương thức khoán chi: {mode}.")
    elif mode or lines:
        text = mode or LUMP_SUM_WORDS[LumpSum.PARTIAL]
        doc.paragraph(f"9. Phương thức khoán chi: {text}.")
        if lines and state is not None:
            doc.bullet(f"Kinh phí giao khoán: {money(lump)};")
            doc.bullet(f"Kinh phí không giao khoán: {money(max(int(state) - lump, 0))}.")
    else:
        doc.paragraph(f"9. Phương thức khoán chi: {DOTS}.")


def _duration(task: Task, application: Application | None) -> str:
    if task.starts_on and task.ends_on:
        months = _months(task.starts_on, task.ends_on)
        return f"{months} tháng, từ {_month(task.starts_on)} đến {_month(task.ends_on)}"
    months_asked = application.duration_months if application else None
    if months_asked:
        return f"{months_asked} tháng, kể từ ngày ký hợp đồng"
    return f"{SHORT_DOTS} tháng, kể từ ngày ký hợp đồng"


def _products(doc: AdministrativeDocument, task: Task, application: Application | None) -> None:
    products = application.products if application else []
    if products:
        doc.table(
            ["STT", "Tên sản phẩm", "Yêu cầu khoa học, chỉ tiêu kinh tế - kỹ thuật", "Số lượng"],
            [
                [n, p.get("name", ""), p.get("spec", ""), p.get("quantity", "")]
                for n, p in enumerate(products, start=1)
            ],
            widths=[12, 55, 78, 20],
        )
    else:
        expected = task.proposal.expected_results if task.proposal else ""
        _write(doc, expected)


def _payments(task: Task) -> dict[str, int]:
    sums = {kind: 0 for kind in PaymentKind.values}
    for row in task.payments.values("kind").annotate(total=Sum("amount")):
        sums[row["kind"]] = int(row["total"] or 0)
    return sums


# --------------------------------------------------------------------------------------------------
# The drafts
# --------------------------------------------------------------------------------------------------


def order_list_docx(task: Task) -> bytes:
    """QUYẾT ĐỊNH phê duyệt danh mục nhiệm vụ KH&CN cấp tỉnh đặt hàng: the tasks of the task's
    ordering list in an annex (name, objectives, expected results, method, duration, budget)."""
    order_list = task.order_list
    assert order_list is not None
    call = order_list.call
    tasks = list(order_list.tasks.select_related("proposal").order_by("code"))
    summary = f"Về việc phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng năm {call.year}"
    doc, issued_by = _decision(task, ORDER_LIST, summary)
    doc.paragraph(
        f"Điều 1. Phê duyệt danh mục {len(tasks)} nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng để "
        f"tuyển chọn, giao trực tiếp tổ chức, cá nhân chủ trì thực hiện từ năm {call.year} (chi tiết tại "
        "Phụ lục kèm theo)."
    )
    doc.paragraph(
        "Điều 2. Giao Sở Khoa học và Công nghệ thông báo danh mục trên Cổng thông tin điện tử của Sở, "
        "tổ chức tuyển chọn, giao trực tiếp tổ chức, cá nhân chủ trì thực hiện các nhiệm vụ theo quy định."
    )
    _close(doc, task, ORDER_LIST, issued_by, 3)
    return _finish(_order_list_annex(doc, tasks))


def _order_list_annex(doc: AdministrativeDocument, tasks: list[Task]) -> AdministrativeDocument:
    doc.annex()
    doc.paragraph("Phụ lục", bold=True, align="center", indent=False)
    doc.paragraph(
        "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG", bold=True, align="center", indent=False
    )
    doc.paragraph(
        f"(Kèm theo Quyết định số {BLANK_NUMBER} ngày {SHORT_DOTS})",
        italic=True,
        align="center",
        indent=False,
    )
    rows = []
    for n, t in enumerate(tasks, start=1):
        proposal = t.proposal
        rows.append(
            [
                n,
                f"{t.title}\n(Mã số: {t.code})",
                proposal.objectives if proposal else "",
                proposal.expected_results if proposal else "",
                METHOD_WORDS.get(t.method, ""),
                proposal.duration_months if proposal and proposal.duration_months else "",
                proposal.budget if proposal and proposal.budget else "",
            ]
        )
    doc.table(
        [
            "STT",
            "Tên nhiệm vụ",
            "Mục tiêu",
            "Kết quả, sản phẩm dự kiến",
            "Phương thức",
            "Thời gian (tháng)",
            "Kinh phí dự kiến (đồng)",
        ],
        rows,
        [12, 55, 60, 60, 24, 20, 30],
        True,
    )
    return doc


def selection_result_docx(task: Task) -> bytes:
    """QUYẾT ĐỊNH phê duyệt kết quả tuyển chọn (giao trực tiếp) tổ chức, cá nhân chủ trì."""
    application = chosen_application(task)
    method = METHOD_WORDS.get(task.method, "tuyển chọn")
    summary = (
        f"Về việc phê duyệt kết quả {method} tổ chức, cá nhân chủ trì thực hiện nhiệm vụ khoa học và "
        "công nghệ cấp tỉnh"
    )
    doc, issued_by = _decision(task, DocumentKind.SELECTION_RESULT, summary)
    doc.paragraph(
        f"Điều 1. Phê duyệt kết quả {method} tổ chức, cá nhân chủ trì thực hiện {_task_name(task)}, như sau:"
    )
    doc.bullet(f"Tổ chức chủ trì: {_host(task, application)};")
    doc.bullet(f"Chủ nhiệm nhiệm vụ: {_investigator(task, application)};")
    if application is not None and application.score:
        doc.bullet(f"Điểm trung bình của hội đồng tư vấn: {application.score.replace('.', ',')}/100;")
    state, other = _budget(task, application)
    doc.bullet(f"Kinh phí đề nghị từ ngân sách nhà nước: {money(state)}; nguồn khác: {money(other)}.")
    doc.paragraph(
        f"Điều 2. {_host(task, application)} có trách nhiệm hoàn thiện thuyết minh và dự toán kinh phí "
        "theo kết luận của hội đồng tư vấn, gửi Sở Khoa học và Công nghệ để thẩm định trong thời hạn "
        "quy định."
    )
    return _finish(_close(doc, task, DocumentKind.SELECTION_RESULT, issued_by, 3))


def approval_docx(task: Task) -> bytes:
    """QUYẾT ĐỊNH phê duyệt nhiệm vụ: Điều 1 the task (host, investigator, objectives, products,
    duration, budget, lump-sum mode); Điều 2 the responsibilities; Điều 3 execution."""
    application = chosen_application(task)
    summary = (
        "Về việc phê duyệt tổ chức, cá nhân chủ trì, kinh phí và phương thức khoán chi thực hiện nhiệm "
        "vụ khoa học và công nghệ cấp tỉnh"
    )
    doc, issued_by = _decision(task, DocumentKind.APPROVAL, summary)
    doc.paragraph(f"Điều 1. Phê duyệt thực hiện {_task_name(task)}, với các nội dung sau:")
    _particulars(doc, task, application)
    doc.paragraph("Điều 2. Tổ chức thực hiện")
    doc.paragraph(
        "1. Sở Khoa học và Công nghệ ký hợp đồng thực hiện nhiệm vụ với tổ chức chủ trì và chủ nhiệm "
        "nhiệm vụ; tạm ứng, thanh toán kinh phí theo hợp đồng; kiểm tra, đánh giá và tổ chức nghiệm thu "
        "kết quả thực hiện nhiệm vụ theo quy định."
    )
    doc.paragraph(
        f"2. {_host(task, application)} và chủ nhiệm nhiệm vụ tổ chức thực hiện nhiệm vụ đúng mục tiêu, "
        "nội dung, tiến độ, sản phẩm đã được phê duyệt; sử dụng kinh phí đúng mục đích, quyết toán "
        "theo quy định; báo cáo định kỳ tiến độ thực hiện."
    )
    return _finish(_close(doc, task, DocumentKind.APPROVAL, issued_by, 3))


def contract_docx(task: Task) -> bytes:
    """HỢP ĐỒNG thực hiện nhiệm vụ: the parties (Bên A the DOST; Bên B the host and the
    investigator), the object, products, budget and payment (the advance), duties, the annexes."""
    application = chosen_application(task)
    state, other = _budget(task, application)
    doc = AdministrativeDocument(
        issuer=_issuer(IssuedBy.DOST),
        number=_symbol(IssuedBy.DOST, "HĐ"),
        place=_place(),
        date=None,
        doc_type="HỢP ĐỒNG",
        summary="Thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh",
    )
    for line in legal_bases(task, DocumentKind.CONTRACT, IssuedBy.DOST):
        doc.paragraph(line, italic=True)
    doc.paragraph(
        f"Hôm nay, ngày {SHORT_DOTS} tháng {SHORT_DOTS} năm {SHORT_DOTS}, tại {_dost_name()}, chúng tôi gồm:"
    )
    doc.paragraph(f"Bên đặt hàng (Bên A): {_dost_name()}", bold=True, indent=False)
    doc.bullet(f"Do ông/bà: {SHORT_DOTS}, chức vụ: Giám đốc (hoặc Phó Giám đốc được ủy quyền) làm đại diện;")
    doc.bullet(f"Địa chỉ: {DOTS};")
    doc.bullet(f"Tài khoản: {DOTS}.")
    doc.paragraph(f"Bên nhận đặt hàng (Bên B): {_host(task, application)}", bold=True, indent=False)
    doc.bullet(f"Do ông/bà: {SHORT_DOTS}, chức vụ: Thủ trưởng tổ chức làm đại diện;")
    doc.bullet(f"Chủ nhiệm nhiệm vụ: {_investigator(task, application)};")
    doc.bullet(f"Địa chỉ: {DOTS};")
    doc.bullet(f"Tài khoản: {DOTS}.")
    doc.paragraph(
        "Hai bên thỏa thuận ký Hợp đồng thực hiện nhiệm vụ khoa học và công nghệ với các điều khoản sau:"
    )
    doc.paragraph("Điều 1. Đối tượng của Hợp đồng", bold=True, indent=False)
    doc.paragraph(
        f"Bên A đặt hàng và Bên B nhận thực hiện {_task_name(task)} theo các nội dung của thuyết minh "
        f"nhiệm vụ đã được phê duyệt. Thời gian thực hiện: {_duration(task, application)}."
    )
    doc.paragraph("Điều 2. Sản phẩm của nhiệm vụ", bold=True, indent=False)
    doc.paragraph("Bên B có trách nhiệm giao nộp các sản phẩm sau:")
    _products(doc, task, application)
    doc.paragraph("Điều 3. Kinh phí và phương thức thanh toán", bold=True, indent=False)
    total = (state or 0) + other if state is not None else None
    doc.paragraph(f"1. Tổng kinh phí thực hiện nhiệm vụ: {_money_line(total)}, trong đó:")
    doc.bullet(f"Kinh phí từ ngân sách nhà nước: {_money_line(state)};")
    doc.bullet(f"Kinh phí từ nguồn khác: {money(other)}.")
    mode = LUMP_SUM_WORDS.get(task.lump_sum, DOTS)
    doc.paragraph(f"2. Phương thức khoán chi: {mode}.")
    doc.paragraph(
        f"3. Tạm ứng lần đầu: {SHORT_DOTS}% kinh phí ngân sách nhà nước năm thứ nhất, sau khi Hợp đồng được "
        "ký kết; các lần tiếp theo theo tiến độ thực hiện và kết quả kiểm tra, đánh giá, căn cứ khối lượng "
        "công việc đã hoàn thành và quyết toán kinh phí của lần tạm ứng trước."
    )
    doc.paragraph("Điều 4. Quyền và nghĩa vụ của Bên A", bold=True, indent=False)
    doc.bullets(
        [
            "Cấp kinh phí theo tiến độ và kết quả thực hiện, trong phạm vi kinh phí đã được phê duyệt;",
            "Kiểm tra, đánh giá định kỳ và đột xuất việc thực hiện nhiệm vụ và sử dụng kinh phí;",
            "Tổ chức đánh giá, nghiệm thu kết quả thực hiện nhiệm vụ; thanh lý hợp đồng theo quy định;",
            "Xem xét, giải quyết các đề nghị điều chỉnh của Bên B trong quá trình thực hiện.",
        ]
    )
    doc.paragraph("Điều 5. Quyền và nghĩa vụ của Bên B", bold=True, indent=False)
    doc.bullets(
        [
            "Tổ chức thực hiện nhiệm vụ đúng mục tiêu, nội dung, tiến độ và sản phẩm theo thuyết minh;",
            "Sử dụng kinh phí đúng mục đích, đúng chế độ; quyết toán kinh phí theo quy định;",
            "Báo cáo định kỳ sáu tháng một lần về tiến độ thực hiện và sử dụng kinh phí;",
            "Nộp hồ sơ đánh giá, nghiệm thu; đăng ký, giao nộp kết quả thực hiện nhiệm vụ theo quy định;",
            "Hoàn trả kinh phí theo quy định khi nhiệm vụ bị chấm dứt hoặc không được nghiệm thu.",
        ]
    )
    doc.paragraph("Điều 6. Điều khoản chung", bold=True, indent=False)
    doc.paragraph(
        "Hợp đồng có hiệu lực kể từ ngày ký. Mọi sửa đổi, bổ sung được lập thành phụ lục hợp đồng. Hợp "
        "đồng được lập thành 06 bản có giá trị như nhau, mỗi bên giữ 03 bản."
    )
    doc.paragraph("Các phụ lục kèm theo Hợp đồng:", italic=True)
    doc.bullets(
        [
            "Phụ lục 1: Thuyết minh nhiệm vụ đã được phê duyệt;",
            "Phụ lục 2: Dự toán kinh phí thực hiện nhiệm vụ;",
            "Phụ lục 3: Tiến độ cấp kinh phí theo năm.",
        ]
    )
    _cost_table(doc, application)
    return _finish(_two_parties(doc), left=("ĐẠI DIỆN BÊN B", SIGN_HERE))


def _two_parties(doc: AdministrativeDocument) -> AdministrativeDocument:
    """Bên A signs on the right; the left column gets Bên B (``_finish(left=…)``)."""
    doc.signature(position="ĐẠI DIỆN BÊN A", signer=SIGN_HERE)
    return doc


def _cost_table(doc: AdministrativeDocument, application: Application | None) -> None:
    lines = application.budget_lines if application else []
    if not lines:
        return
    rows: list[list[Any]] = [
        [
            n,
            COST_WORDS.get(line.get("category", ""), line.get("category", "")),
            int(line.get("amount") or 0),
            int(line.get("lump_sum") or 0),
        ]
        for n, line in enumerate(lines, start=1)
    ]
    rows.append(["", "Tổng cộng", sum(r[2] for r in rows), sum(r[3] for r in rows)])
    doc.table(
        ["STT", "Khoản chi", "Kinh phí (đồng)", "Trong đó giao khoán (đồng)"],
        rows,
        widths=[12, 83, 35, 35],
        caption="Dự toán kinh phí từ ngân sách nhà nước (tóm tắt)",
    )


def contract_annex_docx(task: Task) -> bytes:
    """PHỤ LỤC HỢP ĐỒNG: the changes approved (adjustments) that amend the contract."""
    application = chosen_application(task)
    contract = _recorded(task, DocumentKind.CONTRACT)
    doc = AdministrativeDocument(
        issuer=_issuer(IssuedBy.DOST),
        number=_symbol(IssuedBy.DOST, "PLHĐ"),
        place=_place(),
        date=None,
        doc_type="PHỤ LỤC HỢP ĐỒNG",
        summary=(
            f"Sửa đổi, bổ sung Hợp đồng số {contract.number if contract else BLANK_NUMBER} "
            f"ngày {_dmy(contract.signed_on if contract else None)}"
        ),
    )
    for line in legal_bases(task, DocumentKind.CONTRACT_ANNEX, IssuedBy.DOST):
        doc.paragraph(line, italic=True)
    doc.paragraph(f"Bên A: {_dost_name()}.", indent=False)
    doc.paragraph(
        f"Bên B: {_host(task, application)}; chủ nhiệm nhiệm vụ: {_investigator(task, application)}.",
        indent=False,
    )
    doc.paragraph(f"Hai bên thống nhất sửa đổi, bổ sung Hợp đồng thực hiện {_task_name(task)} như sau:")
    changes = [a for a in task.adjustments.all() if a.status == AdjustmentStatus.APPROVED]
    if changes:
        for n, change in enumerate(changes, start=1):
            doc.paragraph(f"{n}. {nfc(change.description).rstrip('.')}.")
            details = []
            if change.new_end:
                details.append(f"Thời gian kết thúc mới: {_month(change.new_end)}")
            if change.new_budget:
                details.append(f"Kinh phí ngân sách nhà nước sau điều chỉnh: {money(change.new_budget)}")
            if change.new_value:
                details.append(f"Nội dung mới: {change.new_value}")
            doc.bullets([f"{d};" for d in details] + [f"Lý do: {nfc(change.reason).rstrip('.')}."])
    else:
        doc.paragraph(f"1. {DOTS}")
    doc.paragraph(
        "Các điều khoản khác của Hợp đồng giữ nguyên. Phụ lục này là bộ phận không tách rời của Hợp đồng, "
        "có hiệu lực kể từ ngày ký."
    )
    return _finish(_two_parties(doc), left=("ĐẠI DIỆN BÊN B", SIGN_HERE))


def suspension_docx(task: Task) -> bytes:
    """QUYẾT ĐỊNH tạm dừng thực hiện nhiệm vụ."""
    doc, issued_by = _decision(
        task, DocumentKind.SUSPENSION, "Về việc tạm dừng thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh"
    )
    doc.paragraph(
        f"Điều 1. Tạm dừng thực hiện {_task_name(task)}, do {task.host_label or DOTS} chủ trì, "
        f"chủ nhiệm nhiệm vụ: {task.investigator or DOTS}, kể từ ngày {SHORT_DOTS}."
    )
    doc.paragraph(f"Lý do tạm dừng: {DOTS}.")
    doc.paragraph(
        "Điều 2. Trong thời gian tạm dừng, tổ chức chủ trì không phát sinh chi phí từ ngân sách nhà nước; "
        "báo cáo tình hình thực hiện và sử dụng kinh phí đến thời điểm tạm dừng; khắc phục các nguyên nhân "
        "dẫn đến tạm dừng. Việc tiếp tục thực hiện nhiệm vụ do cơ quan có thẩm quyền xem xét, quyết định."
    )
    return _finish(_close(doc, task, DocumentKind.SUSPENSION, issued_by, 3))


def termination_docx(task: Task) -> bytes:
    """QUYẾT ĐỊNH chấm dứt hợp đồng thực hiện nhiệm vụ, with the funds paid to recover."""
    sums = _payments(task)
    paid = sums[PaymentKind.ADVANCE] + sums[PaymentKind.TRANCHE]
    doc, issued_by = _decision(
        task, DocumentKind.TERMINATION, "Về việc chấm dứt thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh"
    )
    doc.paragraph(
        f"Điều 1. Chấm dứt thực hiện {_task_name(task)}, do {task.host_label or DOTS} chủ trì, "
        f"chủ nhiệm nhiệm vụ: {task.investigator or DOTS}, kể từ ngày {SHORT_DOTS}."
    )
    doc.paragraph(f"Lý do chấm dứt: {DOTS}.")
    doc.paragraph(
        f"Điều 2. Kinh phí ngân sách nhà nước đã cấp: {money(paid)}. Tổ chức chủ trì quyết toán kinh phí "
        "đã sử dụng và hoàn trả ngân sách nhà nước phần kinh phí phải thu hồi theo quy định; Sở Khoa học "
        "và Công nghệ thanh lý hợp đồng sau khi thu hồi kinh phí."
    )
    return _finish(_close(doc, task, DocumentKind.TERMINATION, issued_by, 3))


def recognition_docx(task: Task) -> bytes:
    """QUYẾT ĐỊNH công nhận kết quả thực hiện nhiệm vụ, with the council's rating."""
    application = chosen_application(task)
    doc, issued_by = _decision(
        task,
        DocumentKind.RECOGNITION,
        "Về việc công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh",
    )
    doc.paragraph(f"Điều 1. Công nhận kết quả thực hiện {_task_name(task)}, như sau:")
    doc.bullet(f"Tổ chức chủ trì: {_host(task, application)};")
    doc.bullet(f"Chủ nhiệm nhiệm vụ: {_investigator(task, application)};")
    doc.bullet(f"Thời gian thực hiện: {_duration(task, application)};")
    doc.bullet(
        f"Kết quả đánh giá, nghiệm thu: {RATING_WORDS.get(task.rating, SHORT_DOTS)} "
        f"(ngày nghiệm thu: {_dmy(task.accepted_on)});"
    )
    state, _other = _budget(task, application)
    doc.bullet(f"Kinh phí từ ngân sách nhà nước: {money(state)}.")
    doc.paragraph("Sản phẩm của nhiệm vụ:")
    _products(doc, task, application)
    doc.paragraph(
        f"Điều 2. {_host(task, application)} có trách nhiệm đăng ký, giao nộp kết quả thực hiện nhiệm vụ "
        "tại Sở Khoa học và Công nghệ trong thời hạn quy định; phối hợp chuyển giao, ứng dụng kết quả và "
        "báo cáo tình hình ứng dụng kết quả hằng năm."
    )
    return _finish(_close(doc, task, DocumentKind.RECOGNITION, issued_by, 3))


def assets_docx(task: Task) -> bytes:
    """QUYẾT ĐỊNH xử lý tài sản hình thành từ nhiệm vụ (the list to fill in)."""
    doc, issued_by = _decision(
        task,
        DocumentKind.ASSETS,
        "Về việc xử lý tài sản trang bị và tài sản là kết quả của nhiệm vụ khoa học và công nghệ cấp tỉnh",
    )
    doc.paragraph(
        f"Điều 1. Xử lý tài sản được trang bị để thực hiện và tài sản là kết quả của {_task_name(task)}, "
        f"do {task.host_label or DOTS} chủ trì, như sau:"
    )
    doc.table(
        ["STT", "Tên tài sản", "Loại tài sản", "Nguyên giá (đồng)", "Nguồn hình thành", "Hình thức xử lý"],
        [[1, "", "", "", "", ""], [2, "", "", "", "", ""]],
        widths=[12, 45, 25, 28, 25, 30],
    )
    doc.paragraph(
        "Điều 2. Tổ chức chủ trì và các cơ quan, đơn vị có liên quan thực hiện việc bàn giao, ghi tăng, "
        "quản lý tài sản theo quy định của pháp luật về quản lý, sử dụng tài sản công."
    )
    return _finish(_close(doc, task, DocumentKind.ASSETS, issued_by, 3))


def liquidation_docx(task: Task) -> bytes:
    """BIÊN BẢN thanh lý hợp đồng: budget approved, paid, settled, recovered (Payment sums)."""
    application = chosen_application(task)
    contract = _recorded(task, DocumentKind.CONTRACT)
    sums = _payments(task)
    state, _other = _budget(task, application)
    paid = sums[PaymentKind.ADVANCE] + sums[PaymentKind.TRANCHE]
    doc = AdministrativeDocument(
        issuer=_issuer(IssuedBy.DOST),
        number=_symbol(IssuedBy.DOST, "BB"),
        place=_place(),
        date=None,
        doc_type="BIÊN BẢN",
        summary=(
            f"Thanh lý Hợp đồng thực hiện nhiệm vụ khoa học và công nghệ số "
            f"{contract.number if contract else BLANK_NUMBER}"
        ),
    )
    for line in legal_bases(task, DocumentKind.LIQUIDATION, IssuedBy.DOST):
        doc.paragraph(line, italic=True)
    doc.paragraph(
        f"Hôm nay, ngày {SHORT_DOTS} tháng {SHORT_DOTS} năm {SHORT_DOTS}, tại {_dost_name()}, chúng tôi gồm:"
    )
    doc.paragraph(f"Bên A: {_dost_name()}.", indent=False)
    doc.paragraph(
        f"Bên B: {_host(task, application)}; chủ nhiệm nhiệm vụ: {_investigator(task, application)}.",
        indent=False,
    )
    doc.paragraph(f"Hai bên thống nhất thanh lý Hợp đồng thực hiện {_task_name(task)} như sau:")
    doc.paragraph("1. Kết quả thực hiện nhiệm vụ", bold=True, indent=False)
    if task.rating:
        doc.paragraph(
            f"Kết quả đánh giá, nghiệm thu: {RATING_WORDS.get(task.rating, '')} "
            f"(ngày {_dmy(task.accepted_on)})."
        )
    elif task.state == T.TERMINATED or _recorded(task, DocumentKind.TERMINATION):
        doc.paragraph("Nhiệm vụ bị chấm dứt trước thời hạn.")
    else:
        doc.paragraph(DOTS)
    if task.risk_accepted:
        doc.paragraph(
            "Nhiệm vụ được xác định là rủi ro trong nghiên cứu khoa học; không thu hồi kinh phí đã sử dụng."
        )
    doc.paragraph("2. Kinh phí", bold=True, indent=False)
    doc.table(
        ["STT", "Nội dung", "Số tiền (đồng)"],
        [
            [1, "Kinh phí ngân sách nhà nước được phê duyệt", state],
            [2, "Kinh phí đã cấp (tạm ứng, thanh toán)", paid],
            [3, "Kinh phí đã quyết toán", sums[PaymentKind.SETTLED]],
            [4, "Kinh phí đã thu hồi, nộp ngân sách nhà nước", sums[PaymentKind.RECOVERED]],
        ],
        widths=[12, 113, 40],
    )
    doc.paragraph(
        "3. Hai bên đã hoàn thành nghĩa vụ theo Hợp đồng. Biên bản được lập thành 06 bản có giá trị như "
        "nhau, mỗi bên giữ 03 bản."
    )
    return _finish(_two_parties(doc), left=("ĐẠI DIỆN BÊN B", SIGN_HERE))


# --------------------------------------------------------------------------------------------------
# What the task page offers
# --------------------------------------------------------------------------------------------------

_BUILDERS: dict[str, Callable[[Task], bytes]] = {
    ORDER_LIST: order_list_docx,
    DocumentKind.SELECTION_RESULT: selection_result_docx,
    DocumentKind.APPROVAL: approval_docx,
    DocumentKind.CONTRACT: contract_docx,
    DocumentKind.CONTRACT_ANNEX: contract_annex_docx,
    DocumentKind.SUSPENSION: suspension_docx,
    DocumentKind.TERMINATION: termination_docx,
    DocumentKind.RECOGNITION: recognition_docx,
    DocumentKind.ASSETS: assets_docx,
    DocumentKind.LIQUIDATION: liquidation_docx,
}
DRAFT_KINDS = tuple(_BUILDERS)
_LABELS = {ORDER_LIST: _("Decision approving the ordering list"), **{k.value: k.label for k in DocumentKind}}
_FILE_NAMES: dict[str, str] = {
    ORDER_LIST: "Dự thảo Quyết định phê duyệt danh mục đặt hàng",
    DocumentKind.SELECTION_RESULT: "Dự thảo Quyết định phê duyệt kết quả tuyển chọn",
    DocumentKind.APPROVAL: "Dự thảo Quyết định phê duyệt nhiệm vụ",
    DocumentKind.CONTRACT: "Dự thảo Hợp đồng",
    DocumentKind.CONTRACT_ANNEX: "Dự thảo Phụ lục hợp đồng",
    DocumentKind.SUSPENSION: "Dự thảo Quyết định tạm dừng",
    DocumentKind.TERMINATION: "Dự thảo Quyết định chấm dứt",
    DocumentKind.RECOGNITION: "Dự thảo Quyết định công nhận kết quả",
    DocumentKind.ASSETS: "Dự thảo Quyết định xử lý tài sản",
    DocumentKind.LIQUIDATION: "Dự thảo Biên bản thanh lý hợp đồng",
}


def _available(task: Task, kind: str) -> bool:
    if kind == ORDER_LIST:
        return task.order_list_id is not None
    if task.state not in _STATES.get(kind, ()):
        return False
    if kind == DocumentKind.SELECTION_RESULT:
        return chosen_application(task) is not None
    if kind == DocumentKind.RECOGNITION:
        return task.rating != Rating.FAIL
    return True


def drafts_available(task: Task) -> list[tuple[str, str]]:
    """The drafts the task's state allows, as (kind, label) in the order of the lifecycle; the
    label is translated (the page's language), the draft itself is always Vietnamese."""
    return [(kind, str(_LABELS[kind])) for kind in DRAFT_KINDS if _available(task, kind)]


def draft_docx(task: Task, kind: str) -> bytes:
    """The draft of ``kind`` for ``task``; ``DomainError`` when the task's state does not allow it."""
    if kind not in _BUILDERS or not _available(task, kind):
        raise DomainError(str(_("This draft is not available in the task's current state.")), code="no_draft")
    return _BUILDERS[kind](task)


def filename(task: Task, kind: str) -> str:
    return f"{_FILE_NAMES[kind]} - {task.code}"
