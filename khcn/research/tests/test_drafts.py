"""Drafts of a task's decisions (``khcn.research.exports``): the content that matters read back
from the DOCX with python-docx (the task, the host, the budget in Vietnamese figures and words,
the legal bases of the task's regime), the Decree 30 layout (A4, margins, Times New Roman 13–14
pt), which drafts each state offers, and who may download them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Length, Pt

from khcn.core.exceptions import DomainError
from khcn.research import exports
from khcn.research.choices import (
    AdjustmentKind,
    AdjustmentStatus,
    ApplicationStatus,
    DocumentKind,
    Issuer,
    LumpSum,
    PaymentKind,
    Rating,
    TaskState,
)
from khcn.research.models import Adjustment, Application, OrderList, Payment, Task, TaskDocument
from khcn.research.rules import regime_on
from khcn.research.tests.test_proposals import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

HOST = "Viện Nuôi trồng thủy sản II"
INVESTIGATOR = "TS. Trần Thị B"


def _task(world, *, ordered_on: dt.date, code: str, state: str = TaskState.APPROVED, **values) -> Task:  # noqa: F811
    data = {
        "title": "Nuôi tôm càng xanh toàn đực",
        "method": "selection",
        "regime": regime_on(ordered_on),
        "ordered_on": ordered_on,
        "state": state,
        "host_name": HOST,
        "investigator": INVESTIGATOR,
        "owner": world["applicant"],
        "budget_state": 1_400_000_000,
        "budget_other": 100_000_000,
        "lump_sum": LumpSum.PARTIAL,
        "starts_on": dt.date(ordered_on.year, 7, 1),
        "ends_on": dt.date(ordered_on.year + 2, 6, 30),
        "published": False,
        **values,
    }
    return Task.objects.create(code=code, **data)


def _application(world, task: Task, status: str = ApplicationStatus.SELECTED, **values) -> Application:  # noqa: F811
    return Application.objects.create(
        task=task,
        applicant=world["applicant"],
        host_name=HOST,
        investigator=INVESTIGATOR,
        objectives="Xây dựng quy trình nuôi tôm càng xanh toàn đực năng suất cao.",
        products=[{"name": "Quy trình nuôi", "spec": "Năng suất ≥ 3 tấn/ha", "quantity": "01"}],
        budget_lines=[
            {"category": "labour", "amount": 900_000_000, "lump_sum": 900_000_000},
            {"category": "materials", "amount": 500_000_000, "lump_sum": 0},
        ],
        budget_total=1_400_000_000,
        budget_other=100_000_000,
        duration_months=24,
        status=status,
        **values,
    )


def _open(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def _text(document: DocxDocument) -> str:
    """Every paragraph of the body and of every table cell, one a line."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)


def _mm(length: Length | None) -> float:
    assert length is not None
    return round(length.mm, 1)


def _runs(document: DocxDocument):
    for paragraph in document.paragraphs:
        yield paragraph, paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield paragraph, paragraph.runs


def test_the_approval_of_a_2026_task_carries_its_data_and_the_2025_law(world):  # noqa: F811
    task = _task(world, ordered_on=dt.date(2026, 1, 15), code="2026-001")
    _application(world, task)
    document = _open(exports.draft_docx(task, DocumentKind.APPROVAL))
    text = _text(document)

    # The header of a decision of the Provincial People's Committee, its number left blank.
    header = "\n".join(c.text for c in document.tables[0]._cells)
    assert "ỦY BAN NHÂN DÂN TỈNH CÀ MAU" in header and "Số: …/QĐ-UBND" in header
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert "Cà Mau, ngày" in header
    assert "QUYẾT ĐỊNH" in text and "Về việc phê duyệt tổ chức, cá nhân chủ trì" in text
    # Điều 1: the task, its host and investigator, objectives, products, duration, budget.
    assert "Nuôi tôm càng xanh toàn đực" in text and "2026-001" in text
    assert f"Tổ chức chủ trì: {HOST}" in text and f"Chủ nhiệm nhiệm vụ: {INVESTIGATOR}" in text
    assert "quy trình nuôi tôm càng xanh toàn đực năng suất cao" in text
    assert "Quy trình nuôi" in text and "Năng suất ≥ 3 tấn/ha" in text
    assert "24 tháng, từ tháng 07/2026 đến tháng 06/2028" in text
    assert "1.400.000.000 đồng (Bằng chữ: Một tỷ bốn trăm triệu đồng)" in text
    assert "Tổng kinh phí thực hiện: 1.500.000.000 đồng" in text
    assert "Kinh phí từ nguồn khác: 100.000.000 đồng" in text
    assert "Khoán chi từng phần" in text and "Kinh phí giao khoán: 900.000.000 đồng" in text
    assert "Kinh phí không giao khoán: 500.000.000 đồng" in text
    assert "Điều 2." in text and "Điều 3. Quyết định này có hiệu lực kể từ ngày ký." in text
    assert "Nơi nhận:" in text and "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    # The legal bases of the 2025 law, not of the 2013 one.
    assert "Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15;" in text
    assert "Căn cứ Nghị định số 267/2025/NĐ-CP" in text
    assert "29/2013" not in text and "10/2014" not in text
    assert "88/2025" not in text  # the research risk: cited by the liquidation only
    assert "Nghị định số 88/2025/NĐ-CP" in _text(_open(exports.liquidation_docx(task)))


def test_a_2023_task_cites_the_2013_law_and_the_circulars_of_each_decision(world):  # noqa: F811
    task = _task(world, ordered_on=dt.date(2023, 4, 1), code="2023-001", state=TaskState.ACCEPTED)
    Task.objects.filter(pk=task.pk).update(rating=Rating.PASS, accepted_on=dt.date(2025, 8, 1))
    task.refresh_from_db()
    _application(world, task)
    approval = _text(_open(exports.draft_docx(task, DocumentKind.APPROVAL)))
    assert "Căn cứ Luật Khoa học và Công nghệ số 29/2013/QH13 ngày 18 tháng 6 năm 2013;" in approval
    assert "Thông tư số 10/2014/TT-BKHCN" in approval  # selection and direct assignment
    assert "Quyết định số 31/2015/QĐ-UBND" in approval  # Cà Mau's regulation
    assert "93/2025" not in approval and "267/2025" not in approval
    assert "11/2014/TT-BKHCN" not in approval  # acceptance: not the approval's business
    recognition = _text(_open(exports.draft_docx(task, DocumentKind.RECOGNITION)))
    assert "Thông tư số 11/2014/TT-BKHCN" in recognition and "10/2014/TT-BKHCN" not in recognition
    assert "Kết quả đánh giá, nghiệm thu: Đạt (ngày nghiệm thu: 01/08/2025)" in recognition


def test_the_drafts_follow_decree_30_layout(world):  # noqa: F811
    task = _task(world, ordered_on=dt.date(2026, 1, 15), code="2026-002")
    _application(world, task)
    for kind in (DocumentKind.APPROVAL, DocumentKind.CONTRACT):
        document = _open(exports.draft_docx(task, kind))
        for section in document.sections:
            page = sorted((_mm(section.page_width), _mm(section.page_height)))
            assert [round(m) for m in page] == [210, 297]  # A4
            # Decree 30: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
            assert all(20 <= _mm(m) <= 25 for m in (section.top_margin, section.bottom_margin))
            assert 30 <= _mm(section.left_margin) <= 35 and 15 <= _mm(section.right_margin) <= 20
        body = document.styles["KHCN Body"]
        assert body.font.name == "Times New Roman" and Pt(13) <= body.font.size <= Pt(14)
        fonts = {run.font.name for _, runs in _runs(document) for run in runs if run.text.strip()}
        assert fonts == {"Times New Roman"}
        article = next(p for p in document.paragraphs if p.text.startswith("Điều 1"))
        style = article.style
        assert style is not None
        text_size = article.runs[0].font.size or style.font.size
        assert text_size is not None and Pt(13) <= text_size <= Pt(14)


def test_the_issuer_and_signer_recorded_for_the_decision_are_used(world):  # noqa: F811
    task = _task(world, ordered_on=dt.date(2026, 1, 15), code="2026-003")
    _application(world, task)
    TaskDocument.objects.create(
        task=task,
        kind=DocumentKind.APPROVAL,
        number="5/QĐ-SKHCN",
        signed_on=dt.date(2026, 6, 1),
        issuer=Issuer.DOST,
        signer_name="Nguyễn Văn A",
        signer_position="Phó Giám đốc",
    )
    document = _open(exports.draft_docx(task, DocumentKind.APPROVAL))
    header = "\n".join(c.text for c in document.tables[0]._cells)
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in header and "Số: …/QĐ-SKHCN" in header
    closing = "\n".join(c.text for c in document.tables[-1]._cells)
    assert "KT. GIÁM ĐỐC" in closing and "PHÓ GIÁM ĐỐC" in closing and "Nguyễn Văn A" in closing
    # The contract cites the approval decision recorded.
    contract = _text(_open(exports.draft_docx(task, DocumentKind.CONTRACT)))
    assert "Căn cứ Quyết định phê duyệt nhiệm vụ số 5/QĐ-SKHCN ngày 01/06/2026;" in contract


def test_the_contract_names_the_parties_payment_and_annexes(world):  # noqa: F811
    task = _task(world, ordered_on=dt.date(2026, 1, 15), code="2026-004")
    _application(world, task)
    document = _open(exports.draft_docx(task, DocumentKind.CONTRACT))
    text = _text(document)
    assert "HỢP ĐỒNG" in text and "Số: …/HĐ-SKHCN" in text
    assert "Bên đặt hàng (Bên A): Sở Khoa học và Công nghệ tỉnh Cà Mau" in text
    assert f"Bên nhận đặt hàng (Bên B): {HOST}" in text and INVESTIGATOR in text
    assert "Điều 1. Đối tượng của Hợp đồng" in text and "2026-004" in text
    assert "Điều 3. Kinh phí và phương thức thanh toán" in text and "Tạm ứng lần đầu" in text
    assert "Kinh phí từ ngân sách nhà nước: 1.400.000.000 đồng" in text
    assert "Phụ lục 1: Thuyết minh nhiệm vụ" in text and "Phụ lục 2: Dự toán kinh phí" in text
    assert "Chi công lao động trực tiếp" in text and "900.000.000" in text
    closing = "\n".join(c.text for c in document.tables[-1]._cells)
    assert "ĐẠI DIỆN BÊN A" in closing and "ĐẠI DIỆN BÊN B" in closing


def test_the_liquidation_minutes_sum_the_payments(world):  # noqa: F811
    task = _task(world, ordered_on=dt.date(2026, 1, 15), code="2026-005", state=TaskState.RECOGNISED)
    Task.objects.filter(pk=task.pk).update(rating=Rating.EXCELLENT, accepted_on=dt.date(2028, 7, 20))
    task.refresh_from_db()
    _application(world, task)
    for kind, amount in (
        (PaymentKind.ADVANCE, 700_000_000),
        (PaymentKind.TRANCHE, 500_000_000),
        (PaymentKind.TRANCHE, 150_000_000),
        (PaymentKind.SETTLED, 1_300_000_000),
        (PaymentKind.RECOVERED, 50_000_000),
    ):
        Payment.objects.create(task=task, kind=kind, amount=amount, paid_on=dt.date(2027, 1, 1))
    document = _open(exports.draft_docx(task, DocumentKind.LIQUIDATION))
    rows = {row.cells[1].text: row.cells[2].text for row in document.tables[1].rows[1:]}
    assert rows == {
        "Kinh phí ngân sách nhà nước được phê duyệt": "1.400.000.000",
        "Kinh phí đã cấp (tạm ứng, thanh toán)": "1.350.000.000",
        "Kinh phí đã quyết toán": "1.300.000.000",
        "Kinh phí đã thu hồi, nộp ngân sách nhà nước": "50.000.000",
    }
    assert "Kết quả đánh giá, nghiệm thu: Xuất sắc" in _text(document)


def test_the_annex_lists_the_approved_adjustments(world):  # noqa: F811
    task = _task(world, ordered_on=dt.date(2026, 1, 15), code="2026-006", state=TaskState.IN_PROGRESS)
    _application(world, task)
    for status, reason in (
        (AdjustmentStatus.APPROVED, "Mưa bão kéo dài"),
        (AdjustmentStatus.REFUSED, "Từ chối"),
    ):
        Adjustment.objects.create(
            task=task,
            kind=AdjustmentKind.DURATION,
            description="Gia hạn thời gian thực hiện",
            reason=reason,
            new_end=dt.date(2028, 12, 31),
            approver=Issuer.PPC,
            status=status,
            requested_by=world["applicant"],
            requested_on=dt.date(2027, 3, 1),
        )
    text = _text(_open(exports.draft_docx(task, DocumentKind.CONTRACT_ANNEX)))
    assert "PHỤ LỤC HỢP ĐỒNG" in text and "Gia hạn thời gian thực hiện" in text
    assert "Thời gian kết thúc mới: tháng 12/2028" in text and "Mưa bão kéo dài" in text
    assert "Từ chối" not in text


def test_the_ordering_list_draft_lists_its_tasks(world):  # noqa: F811
    order_list = OrderList.objects.create(
        call=world["call"], number="12/QĐ-UBND", decided_on=dt.date(2026, 2, 1)
    )
    first = _task(world, ordered_on=dt.date(2026, 2, 1), code="2026-007", state=TaskState.ON_ORDER_LIST)
    second = _task(
        world, ordered_on=dt.date(2026, 2, 1), code="2026-008", state=TaskState.ON_ORDER_LIST, method="direct"
    )
    Task.objects.filter(pk__in=[first.pk, second.pk]).update(order_list=order_list, title="Ứng dụng chế phẩm")
    first.refresh_from_db()
    with translation.override("en"):
        assert exports.drafts_available(first) == [
            (exports.ORDER_LIST, "Decision approving the ordering list")
        ]
    with translation.override("vi"):
        assert exports.drafts_available(first) == [
            (exports.ORDER_LIST, "Quyết định phê duyệt danh mục đặt hàng")
        ]
    document = _open(exports.draft_docx(first, exports.ORDER_LIST))
    text = _text(document)
    assert "Về việc phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng năm 2027" in text
    assert "2026-007" in text and "2026-008" in text and "tuyển chọn" in text and "giao trực tiếp" in text
    assert round(_mm(document.sections[-1].page_width)) == 297  # the annex's table on landscape pages


def test_the_drafts_offered_follow_the_tasks_state(world):  # noqa: F811
    def kinds(task: Task) -> list[str]:
        return [kind for kind, _label in exports.drafts_available(task)]

    task = _task(world, ordered_on=dt.date(2026, 1, 15), code="2026-010", state=TaskState.IN_SELECTION)
    assert kinds(task) == []  # no application passed yet: no host to name
    _application(world, task, status=ApplicationStatus.PASSED, score="82.50")
    assert kinds(task) == [DocumentKind.SELECTION_RESULT]
    selection = _text(_open(exports.draft_docx(task, DocumentKind.SELECTION_RESULT)))
    assert HOST in selection and "82,50/100" in selection
    with pytest.raises(DomainError) as refused:
        exports.draft_docx(task, DocumentKind.APPROVAL)
    assert refused.value.code == "no_draft"

    Task.objects.filter(pk=task.pk).update(state=TaskState.IN_PROGRESS)
    Application.objects.filter(task=task).update(status=ApplicationStatus.SELECTED)
    task.refresh_from_db()
    assert kinds(task) == [
        DocumentKind.SELECTION_RESULT,
        DocumentKind.APPROVAL,
        DocumentKind.CONTRACT,
        DocumentKind.CONTRACT_ANNEX,
        DocumentKind.SUSPENSION,
        DocumentKind.TERMINATION,
    ]
    Task.objects.filter(pk=task.pk).update(state=TaskState.FAILED, rating=Rating.FAIL)
    task.refresh_from_db()
    assert DocumentKind.RECOGNITION not in kinds(task)
    assert {DocumentKind.ASSETS, DocumentKind.LIQUIDATION} <= set(kinds(task))
    for kind in kinds(task):  # every offered draft builds
        assert exports.draft_docx(task, kind)[:2] == b"PK"


def test_amounts_in_words():
    assert exports.amount_in_words(1_400_000_000) == "Một tỷ bốn trăm triệu đồng"
    assert exports.amount_in_words(1_005_000) == "Một triệu không trăm linh năm nghìn đồng"
    assert exports.amount_in_words(2_050_000_000) == "Hai tỷ không trăm năm mươi triệu đồng"
    assert exports.amount_in_words(21) == "Hai mươi mốt đồng"
    assert exports.amount_in_words(115_000) == "Một trăm mười lăm nghìn đồng"
    assert exports.amount_in_words(0) == "Không đồng"


def test_only_the_dost_downloads_a_draft_offered_by_the_state(world, client: Client):  # noqa: F811
    task = _task(world, ordered_on=dt.date(2026, 1, 15), code="2026-011", state=TaskState.RECOMMENDED)
    _application(world, task)
    url = reverse("research:task_draft", kwargs={"pk": task.pk, "kind": DocumentKind.APPROVAL})
    client.force_login(world["specialist"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "2026-011" in response["Content-Disposition"]
    assert "2026-011" in _text(_open(response.content))
    # Not before its step: no contract while the task is not approved; nor an unknown kind.
    for kind in (DocumentKind.CONTRACT, "registration", "nonsense"):
        assert (
            client.get(reverse("research:task_draft", kwargs={"pk": task.pk, "kind": kind})).status_code
            == 404
        )
    # The host's own account, and another applicant, get nothing.
    for user in (world["applicant"], world["other"]):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
