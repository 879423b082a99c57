"""The councils' documents: the decision with its members, declarations, blank and filled
sheets (scores, ratings, votes), the vote-count minutes with the means and reasons, the minutes
with the attendance, the workbook of sheets (formulas neutralised); and who may download which
(members never see each other's sheets, nor the tally's documents before the session closes)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from khcn.accounts.choices import Role
from khcn.councils import exports, services
from khcn.councils.choices import CouncilKind
from khcn.councils.models import Council, CouncilMember, CouncilSession, Declaration, Sheet
from khcn.councils.tests.helpers import sheet_total
from khcn.councils.tests.test_lifecycle import _to_session, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

RAW_CODES = ("vice_chair", "xuat_sac", "khong_dat", "reviewer", "secretary", "applied_rnd", "None")


def _text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, one per line."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def _rows(data: bytes, header: str) -> list[list[str]]:
    """The rows of the table whose first header cell is ``header``."""
    document = Document(io.BytesIO(data))
    for table in document.tables:
        if table.rows[0].cells[0].text == header:
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table starting with {header!r}")


def _no_raw_codes(text: str) -> None:
    for code in RAW_CODES:
        assert code not in text, code


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


ZERO_ON_3 = {"1": 10, "2": 20, "3": 0, "4": 14, "5": 14, "6": 14}  # 72, criterion 3 at 0
TOTALS_A = [81, 77, 84, 69, 82, 78, 80, 75]  # eight present members: 626 / 8 = 78.25


def _closed(world) -> tuple[Council, CouncilSession]:  # noqa: F811
    """Two items (B fails the zero rule, A passes with 78.25), member 9 absent with a written
    opinion, member 6 comments with a formula, the session closed."""
    council, seats = world["council"], world["seats"]
    services.item_add(actor=world["specialist"], council=council, title="Hồ sơ B có tiêu chí 0 điểm")
    _to_session(world)
    item_b, item_a = council.items.order_by("pk")
    for n, seat in enumerate(seats):
        scores_a = sheet_total(TOTALS_A[n]) if n < 8 else sheet_total(100)
        services.sheet_save(
            actor=seat.user,
            member=seat,
            item=item_a,
            scores=scores_a,
            comments='=HYPERLINK("http://x.example","bấm")' if n == 5 else f"Nhận xét {n + 1}",
            submit=True,
        )
        services.sheet_save(
            actor=seat.user,
            member=seat,
            item=item_b,
            scores=ZERO_ON_3 if n < 3 else sheet_total(80),
            submit=True,
        )
    services.attendance_set(
        actor=world["specialist"], member=seats[8], present=False, written_opinion="Đồng ý thông qua hồ sơ A"
    )
    session = services.session_close(actor=seats[2].user, council=council)
    return Council.objects.get(pk=council.pk), session


# --- The documents ------------------------------------------------------------------------------


def test_the_decision_lists_the_members_with_their_roles(world):  # noqa: F811
    council = world["council"]
    services.item_add(actor=world["specialist"], council=council, title="Hồ sơ đăng ký C")
    draft = _text(exports.decision_docx(council))
    assert "…/QĐ-SKHCN" in draft  # not decided yet: the clerk writes the number in
    _to_session(world)
    council = Council.objects.get(pk=council.pk)
    data = exports.decision_docx(council)
    text = _text(data)
    assert "QUYẾT ĐỊNH" in text and "45/QĐ-SKHCN" in text
    assert "Về việc thành lập Hội đồng tuyển chọn nhiệm vụ năm 2026" in text
    assert "Căn cứ Luật số 93/2025/QH15;" in text  # the legal basis of the rule set in force
    rows = _rows(data, "STT")
    assert rows[0] == ["STT", "Họ và tên", "Học hàm, học vị, đơn vị công tác", "Chức danh trong hội đồng"]
    assert rows[1][1:] == ["Thành viên 1", "", "Chủ tịch"]
    assert rows[3][3] == "Thư ký khoa học" and rows[4][3] == "Ủy viên phản biện"
    assert len(rows) == 1 + 9
    assert "Điều 2." in text and "Điều 3." in text and "Nguyễn Văn An" in text
    assert "Hồ sơ đăng ký C" in text and "Hồ sơ đăng ký số 7" in text  # the annex
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text
    _no_raw_codes(text)


def test_the_blank_sheet_lists_the_criteria_with_their_maxima(world):  # noqa: F811
    _to_session(world)
    council = world["council"]
    data = exports.score_sheet_docx(council, council.items.get())
    text = _text(data)
    assert "PHIẾU CHẤM ĐIỂM" in text and "Số:" not in text
    rows = _rows(data, "STT")
    assert rows[1] == ["1", "Tổng quan tình hình nghiên cứu", "12", ""]
    assert rows[2][2] == "24" and rows[-1] == ["", "Tổng cộng", "100", ""]
    assert len(rows) == 1 + 6 + 1
    _no_raw_codes(text)


def test_the_filled_sheet_shows_the_members_scores_and_comments(world):  # noqa: F811
    _to_session(world)
    council, member = world["council"], world["seats"][3]
    item = council.items.get()
    scores = {"1": "10.5", "2": 20, "3": 14, "4": 12, "5": 12, "6": 13}
    services.sheet_save(
        actor=member.user,
        member=member,
        item=item,
        scores=scores,
        comments="Cần làm rõ phương pháp",
        submit=True,
    )
    data = exports.score_sheet_docx(council, item, member)
    text = _text(data)
    assert "Thành viên 4" in text and "Ủy viên phản biện" in text and "Cần làm rõ phương pháp" in text
    rows = _rows(data, "STT")
    assert rows[1][3] == "10,5" and rows[2][3] == "20" and rows[-1] == ["", "Tổng cộng", "100", "81,5"]
    _no_raw_codes(text)


def _small_council(world, kind: str) -> tuple[Council, CouncilMember, CouncilSession]:  # noqa: F811
    """A council of ``kind`` with a session and one member's submitted sheet (written directly)."""
    council = Council.objects.create(
        name="Hội đồng thử",
        kind=kind,
        organization=world["council"].organization,
        established_on=dt.date(2026, 3, 2),
    )
    member = CouncilMember.objects.create(council=council, full_name="Trần Thị Bình", role="vice_chair")
    item = council.items.create(title="Nhiệm vụ X")
    session = CouncilSession.objects.create(council=council, scheduled_at=timezone.now())
    Sheet.objects.create(
        session=session, item=item, member=member, status="submitted", rating="xuat_sac", vote="yes"
    )
    return council, member, session


def test_the_acceptance_sheet_rates_and_the_identification_sheet_votes(world):  # noqa: F811
    council, member, _session = _small_council(world, CouncilKind.ACCEPTANCE)
    data = exports.score_sheet_docx(council, council.items.get(), member)
    text = _text(data)
    assert "PHIẾU ĐÁNH GIÁ" in text and "Phó Chủ tịch" in text
    assert _rows(data, "Mức đánh giá")[1:] == [["Xuất sắc", "X"], ["Đạt", ""], ["Không đạt", ""]]
    _no_raw_codes(text)
    council, member, _session = _small_council(world, CouncilKind.IDENTIFICATION)
    data = exports.score_sheet_docx(council, council.items.get(), member)
    assert _rows(data, "Ý kiến")[1:] == [["Đề nghị thực hiện", "X"], ["Không thực hiện", ""]]
    blank = exports.score_sheet_docx(council, council.items.get())
    assert _rows(blank, "Ý kiến")[1:] == [["Đề nghị thực hiện", ""], ["Không thực hiện", ""]]


def test_the_declaration_shows_the_conflicts_found(world):  # noqa: F811
    _to_session(world)
    council, member = world["council"], world["seats"][4]
    item = council.items.get()
    clean = _text(exports.declaration_docx(member, item))
    assert "BẢN CAM KẾT" in clean and "Không phát hiện xung đột lợi ích." in clean
    Declaration.objects.filter(member=member, item=item).update(reasons=["Làm việc cho tổ chức chủ trì"])
    text = _text(exports.declaration_docx(member, item))
    assert "Có xung đột lợi ích:" in text and "Làm việc cho tổ chức chủ trì" in text
    assert "Thành viên 5" in text and "Ủy viên phản biện" in text
    declared = timezone.localtime(Declaration.objects.get(member=member, item=item).declared_at)
    assert declared.strftime("%d/%m/%Y") in text
    _no_raw_codes(text)


def test_the_vote_count_minutes_give_the_means_and_the_reasons(world):  # noqa: F811
    council, session = _closed(world)
    data = exports.vote_count_minutes_docx(council, session)
    text = _text(data)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Điểm trung bình ban đầu: 78,25." in text and "Điểm trung bình cuối cùng: 78,25." in text
    assert "Tiêu chí 3: 3/8 thành viên cho 0 điểm" in text  # item B
    assert "Kết quả: Đạt." in text and "Kết quả: Không đạt." in text
    # The reasons name the members, in Vietnamese (tallied again), not their ids.
    assert "Phiếu của Thành viên 9 không được tính: vắng mặt." in text
    assert "Tiêu chí 3 bị 3/8 thành viên có mặt cho 0 điểm." in text
    assert "Hồ sơ được hội đồng đề nghị: Hồ sơ đăng ký số 7." in text
    totals = _rows(data, "STT")
    assert ["1", "Thành viên 1", "Chủ tịch", "81,00", "Hợp lệ"] in totals
    assert "Số phiếu phát ra: 8; số phiếu thu về: 8; số phiếu hợp lệ: 8" in text
    assert "Điểm trung bình cuối cùng: 77,00." in text  # item B: passes the mark, fails the zero rule
    assert "Trưởng ban" in text and "TRƯỞNG BAN KIỂM PHIẾU" in text
    _no_raw_codes(text)


def test_the_minutes_give_the_attendance_and_the_outcomes(world):  # noqa: F811
    council, session = _closed(world)
    data = exports.minutes_docx(council, session)
    text = _text(data)
    assert "BIÊN BẢN HỌP HỘI ĐỒNG" in text and "Phòng họp Sở" in text
    rows = _rows(data, "STT")
    assert rows[9][1:] == ["Thành viên 9", "Ủy viên", "Vắng mặt", "Có ý kiến bằng văn bản"]
    assert rows[1][3] == "Có mặt"
    assert "Số thành viên có mặt: 8/9." in text and "Thành viên 9: Đồng ý thông qua hồ sơ A" in text
    assert "Hội đồng đủ điều kiện làm việc" in text
    assert "Điểm trung bình cuối cùng: 78,25." in text
    assert "……………" in text  # no conclusions typed: dotted lines to fill in
    assert "CHỦ TỊCH HỘI ĐỒNG" in text and "THƯ KÝ KHOA HỌC" in text
    assert "Thành viên 1" in text and "Thành viên 3" in text
    _no_raw_codes(text)
    session.minutes = "Hội đồng đề nghị hồ sơ A.\n- Bổ sung tổng quan"
    written = _text(exports.minutes_docx(council, session))
    assert "Hội đồng đề nghị hồ sơ A." in written and "- Bổ sung tổng quan" in written


def test_the_workbook_has_a_row_per_member_and_no_formula(world):  # noqa: F811
    council, session = _closed(world)
    workbook = load_workbook(io.BytesIO(exports.sheets_xlsx(council, session)))
    assert len(workbook.sheetnames) == 3  # the summary and the two items
    summary = workbook[workbook.sheetnames[0]]
    finals = [row[4] for row in summary.iter_rows(min_row=4, values_only=True)]
    assert Decimal(str(finals[1])) == Decimal("78.25")
    item_a = workbook[workbook.sheetnames[2]]
    rows = list(item_a.iter_rows(min_row=4))
    assert len(rows) == 9
    names = [row[1].value for row in rows]
    assert names == [f"Thành viên {n}" for n in range(1, 10)]
    assert rows[0][2].value == "Chủ tịch"
    assert rows[0][10].value == 81  # the total after six criteria
    comment = rows[5][12]
    assert comment.value.startswith("=HYPERLINK") and comment.data_type == "s" and comment.quotePrefix is True
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert not [c.coordinate for c in row if c.data_type == "f"]


# --- Who may download what -------------------------------------------------------------------------


def test_members_see_only_their_own_sheets_and_no_tally_before_the_close(world, make_user):  # noqa: F811
    _to_session(world)
    council, seats = world["council"], world["seats"]
    item = council.items.get()
    member, other, secretary = seats[5], seats[6], seats[2]
    for seat in (member, other):
        services.sheet_save(actor=seat.user, member=seat, item=item, scores=sheet_total(80), submit=True)
    own = reverse("councils:filled_sheet_document", args=[council.pk, item.pk, member.pk])
    others = reverse("councils:filled_sheet_document", args=[council.pk, item.pk, other.pk])
    vote_count = reverse("councils:council_document", args=[council.pk, "vote-count"])
    decision = reverse("councils:council_document", args=[council.pk, "decision"])
    blank = reverse("councils:sheet_document", args=[council.pk, item.pk])
    declaration = Declaration.objects.get(member=member, item=item)
    other_declaration = Declaration.objects.get(member=other, item=item)
    c = _client(member.user)
    response = c.get(own)
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert c.get(others).status_code == 404
    assert c.get(vote_count).status_code == 404
    assert c.get(decision).status_code == 200 and c.get(blank).status_code == 200
    assert (
        c.get(reverse("councils:declaration_document", args=[council.pk, declaration.pk])).status_code == 200
    )
    assert (
        c.get(reverse("councils:declaration_document", args=[council.pk, other_declaration.pk])).status_code
        == 404
    )
    # The secretary runs the session but sees nobody's sheet nor the tally before it closes.
    s = _client(secretary.user)
    assert s.get(others).status_code == 404 and s.get(vote_count).status_code == 404
    page = c.get(reverse("councils:council_detail", args=[council.pk])).content.decode()
    assert 'data-testid="council-documents"' in page and own in page and decision in page
    assert vote_count not in page
    # Anonymous visitors are sent to sign in; an unrelated user finds nothing.
    anonymous = Client().get(decision)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    stranger = _client(make_user(Role.COUNCIL_MEMBER))
    for url in (decision, blank, own, vote_count):
        assert stranger.get(url).status_code == 404


def test_the_secretary_downloads_the_tally_documents_once_closed(world):  # noqa: F811
    council, _session = _closed(world)
    seats = world["seats"]
    secretary, member = _client(seats[2].user), _client(seats[5].user)
    item = council.items.order_by("pk").last()
    urls = [
        reverse("councils:council_document", args=[council.pk, name])
        for name in ("vote-count", "minutes", "sheets.xlsx")
    ]
    others = reverse("councils:filled_sheet_document", args=[council.pk, item.pk, seats[6].pk])
    for url in [*urls, others]:
        assert secretary.get(url).status_code == 200, url
        assert member.get(url).status_code == 404, url
    assert _client(world["specialist"]).get(urls[0]).status_code == 200  # the DOST
    assert secretary.get(urls[2])["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert secretary.get(reverse("councils:council_document", args=[council.pk, "other"])).status_code == 404
    page = secretary.get(reverse("councils:council_detail", args=[council.pk])).content.decode()
    assert all(url in page for url in urls)


def test_the_documents_follow_no_interface_language(world):  # noqa: F811
    """An English user downloads the same Vietnamese document."""
    from django.utils import translation

    _to_session(world)
    council = world["council"]
    with translation.override("en"):
        text = _text(exports.decision_docx(council))
    assert "Chủ tịch" in text and "Chair" not in text
