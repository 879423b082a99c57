"""Journeys of a council member: from the home page to their sheet, the declaration on conflicts
of interest, scores within the rubric's maxima, submitted and locked; a member who works for the
applicant is blocked at the declaration."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, sign_in


def _vi(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


@pytest.fixture
def council(actors: Any) -> dict[str, Any]:
    """A selection council in session on one application of a university, nine members; the
    fifth works for the applicant (its expert profile says so)."""
    from khcn.accounts.choices import Role
    from khcn.accounts.services import membership_add, user_create
    from khcn.councils import services
    from khcn.councils.workflow import COUNCIL_WORKFLOW
    from khcn.experts import services as expert_services
    from khcn.organizations.choices import OrganizationKind
    from khcn.organizations.services import organization_create

    call_command("rulesets_sync", stdout=io.StringIO())
    university = organization_create(
        actor=actors.admin, name="Trường Đại học Bạc Liêu", kind=OrganizationKind.SCIENCE_ORGANIZATION
    )
    council = services.council_create(
        actor=actors.specialist,
        name="Hội đồng tuyển chọn đề tài năm 2026",
        kind="selection",
        organization=actors.dost,
        rubric="applied_rnd",
    )
    roles = [
        "chair",
        "vice_chair",
        "secretary",
        "reviewer",
        "reviewer",
        "member",
        "member",
        "member",
        "member",
    ]
    people = []
    for i, role in enumerate(roles, start=1):
        user = user_create(
            actor=None, username=f"thanhvien{i}", full_name=f"Thành Viên {i}", password=PASSWORD
        )
        membership_add(actor=None, user=user, role=Role.COUNCIL_MEMBER, council=council)
        expert = None
        if i == 6:
            expert = expert_services.expert_create(
                actor=actors.specialist, full_name="Thành Viên 6", organization=university
            )
        services.member_add(
            actor=actors.specialist, council=council, full_name="", role=role, user=user, expert=expert
        )
        people.append(user)
    services.item_add(
        actor=actors.specialist,
        council=council,
        title="Hồ sơ: Nghiên cứu nuôi tôm càng xanh toàn đực",
        parties={"organizations": [university.pk]},
    )
    COUNCIL_WORKFLOW.apply("propose", actor=actors.specialist, obj=council)
    services.decision_record(
        actor=actors.specialist,
        council=council,
        number="50/QĐ-SKHCN",
        date=dt.date(2026, 3, 2),
        signer_name="Nguyễn Văn An",
        signer_position="Phó Giám đốc",
    )
    services.session_schedule(actor=actors.specialist, council=council, at=timezone.now())
    for seat in council.members.all():
        services.attendance_set(actor=actors.specialist, member=seat, present=True)
    COUNCIL_WORKFLOW.apply("open", actor=actors.specialist, obj=council)
    return {"council": council, "people": people}


def test_a_member_declares_scores_and_submits(page, server, council):
    member = council["people"][7]
    sign_in(page, server, member.username)
    page.get_by_test_id("home-council-sheets").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_vi("Declaration on conflicts of interest"))
    page.get_by_role("button", name=_vi("Sign the declaration")).click()
    form = page.get_by_test_id("sheet-form")
    for number, score in zip(range(1, 7), (10, 20, 13, 13, 12, 12), strict=True):
        form.locator(f"#id_c{number}").fill(str(score))
    form.locator("#id_c1").fill("13")  # above the criterion's maximum of 12
    page.get_by_test_id("submit-sheet").click()
    expect(page.locator(".errorlist")).to_be_visible()
    page.get_by_test_id("sheet-form").locator("#id_c1").fill("10")
    page.get_by_test_id("submit-sheet").click()
    expect(page.locator(".message-success")).to_contain_text(_vi("The sheet was submitted."))
    expect(page.get_by_test_id("council-items")).to_contain_text(_vi("Submitted"))
    from khcn.councils.models import Sheet

    sheet = Sheet.objects.get(member__user=member)
    assert sheet.status == "submitted" and sheet.scores["1"] == "10"


def test_a_member_working_for_the_applicant_is_blocked(page, server, council):
    member = council["people"][5]
    sign_in(page, server, member.username)
    page.get_by_test_id("home-council-sheets").get_by_role("link").first.click()
    page.get_by_role("button", name=_vi("Sign the declaration")).click()
    blocked = page.get_by_test_id("conflict-blocked")
    expect(blocked).to_contain_text("Trường Đại học Bạc Liêu")
    expect(page.get_by_test_id("sheet-form")).to_have_count(0)


@pytest.fixture
def scheduled(actors: Any) -> dict[str, Any]:
    """A selection council scheduled (not yet opened) on two applications: a secretary with an
    account, seven members who sign in, one member on paper (no account)."""
    from khcn.accounts.choices import Role
    from khcn.accounts.services import membership_add, user_create
    from khcn.councils import services
    from khcn.councils.workflow import COUNCIL_WORKFLOW

    call_command("rulesets_sync", stdout=io.StringIO())
    council = services.council_create(
        actor=actors.specialist,
        name="Hội đồng tuyển chọn chủ trì đề tài năm 2026",
        kind="selection",
        organization=actors.dost,
        rubric="applied_rnd",
    )
    roles = [
        "chair",
        "vice_chair",
        "secretary",
        "reviewer",
        "reviewer",
        "member",
        "member",
        "member",
        "member",
    ]
    seats = []
    for i, role in enumerate(roles, start=1):
        user = None
        if i != 9:  # the ninth member sends a paper sheet
            user = user_create(
                actor=None, username=f"hd{i}", full_name=f"Thành Viên Hội Đồng {i}", password=PASSWORD
            )
            membership_add(
                actor=None,
                user=user,
                role=Role.COUNCIL_SECRETARY if role == "secretary" else Role.COUNCIL_MEMBER,
                council=council,
            )
        seats.append(
            services.member_add(
                actor=actors.specialist,
                council=council,
                full_name="Lê Văn Giấy" if user is None else "",
                role=role,
                user=user,
            )
        )
    for host in ("Trường Đại học Bạc Liêu", "Trường Đại học Cần Thơ"):
        services.item_add(
            actor=actors.specialist,
            council=council,
            title=f"Hồ sơ của {host}: nuôi tôm càng xanh toàn đực",
            parties={"organization_names": [host]},
        )
    COUNCIL_WORKFLOW.apply("propose", actor=actors.specialist, obj=council)
    services.decision_record(
        actor=actors.specialist,
        council=council,
        number="118/QĐ-SKHCN",
        date=dt.date(2026, 11, 20),
        signer_name="Nguyễn Văn An",
        signer_position="Phó Giám đốc",
    )
    services.session_schedule(actor=actors.specialist, council=council, at=timezone.now(), place="Phòng họp")
    return {"council": council, "seats": seats, "secretary": seats[2]}


def _online_sheets(council: Any, seats: list[Any], totals: tuple[int, int]) -> None:
    """The members who sign in submit their own sheets (what they do on their own screens)."""
    from khcn.councils import services

    for seat in seats:
        if seat.user is None:
            continue
        for item, total in zip(council.items.order_by("pk"), totals, strict=True):
            services.declaration_sign(actor=seat.user, member=seat, item=item)
            services.sheet_save(actor=seat.user, member=seat, item=item, scores=_spread(total), submit=True)


def _spread(total: int) -> dict[str, int]:
    maxima = [12, 24, 16, 16, 16, 16]
    out = [total * m // 100 for m in maxima]
    i = 0
    while sum(out) < total:
        if out[i % 6] < maxima[i % 6]:
            out[i % 6] += 1
        i += 1
    return {str(n): v for n, v in enumerate(out, start=1)}


def test_a_secretary_runs_a_selection_session_from_attendance_to_minutes(page, server, scheduled, tmp_path):
    from khcn.councils.models import Council, Sheet

    council, seats = scheduled["council"], scheduled["seats"]
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations before opening and closing
    sign_in(page, server, scheduled["secretary"].user.username)
    page.get_by_test_id("home-council-runs").get_by_role("link", name=council.name).click()
    members = page.get_by_test_id("council-members")
    # Attendance: everyone but the last reviewer... present; each click saves at once.
    for _ in range(9):
        members.get_by_role("button", name=_vi("Mark present")).first.click()
        page.wait_for_load_state()
    expect(members.get_by_role("button", name=_vi("Mark absent"))).to_have_count(9)
    members.get_by_role("button", name=_vi("Mark absent")).nth(7).click()  # the eighth is away
    expect(members.get_by_role("button", name=_vi("Mark present"))).to_have_count(1)
    # Open the session.
    page.get_by_role("button", name=_vi("Open the session")).click()
    expect(page.get_by_test_id("council-facts")).to_contain_text(_vi("In session"))
    # The members who sign in submit online; the paper sheet of the ninth is typed in, with its scan.
    _online_sheets(council, seats, (84, 71))
    page.reload()
    paper = seats[8]
    page.get_by_test_id(f"transcribe-{paper.pk}-1").click()
    page.get_by_role("button", name=_vi("Sign the declaration")).click()
    form = page.get_by_test_id("sheet-form")
    for number, score in _spread(80).items():
        form.locator(f"#id_c{number}").fill(str(score))
    scan = tmp_path / "phieu-giay.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    form.locator("#id_scan").set_input_files(str(scan))
    page.get_by_test_id("submit-sheet").click()
    expect(page.locator(".message-success")).to_contain_text(_vi("The sheet was submitted."))
    sheet = Sheet.objects.get(member=paper, item=council.items.order_by("pk").first())
    assert sheet.transcribed_by_id == scheduled["secretary"].user_id and sheet.scan_name == "phieu-giay.pdf"
    # Close: the tally is shown, item by item.
    page.get_by_role("button", name=_vi("Close the session")).click()
    tally = page.get_by_test_id("council-tally")
    expect(tally).to_be_visible()
    expect(tally).to_contain_text(_vi("Passed"))
    assert Council.objects.get(pk=council.pk).status == "closed"
    # The minutes: conclusions and required revisions, then the Word file.
    page.get_by_test_id("minutes-form").locator("textarea").fill(
        "Hội đồng kiến nghị chọn hồ sơ của Trường Đại học Bạc Liêu; bổ sung sản phẩm dạng II."
    )
    page.get_by_role("button", name=_vi("Save the minutes")).click()
    expect(page.locator(".message-success")).to_contain_text(_vi("The minutes were saved."))
    with page.expect_download() as download:
        page.get_by_role("link", name=_vi("Council minutes")).click()
    path = download.value.path()
    from docx import Document

    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "bổ sung sản phẩm dạng II" in text


def test_the_dost_prepares_a_council_in_the_browser(page, server, actors):
    """From the list to a council with its members proposed: create, hand an item, seat."""
    call_command("rulesets_sync", stdout=io.StringIO())
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}/councils/")
    page.get_by_test_id("council-new").click()
    form = page.get_by_test_id("council-create")
    form.locator("#id_name").fill("Tổ thẩm định kinh phí đề tài nuôi tôm")
    form.locator("#id_kind").select_option("budget_appraisal")
    form.get_by_role("button", name=_vi("Create the council")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_vi("Prepare the council"))
    page.get_by_text(_vi("Hand the council an item")).click()
    page.get_by_label(_vi("What the council evaluates")).fill("Dự toán đề tài nuôi tôm càng xanh")
    page.get_by_role("button", name=_vi("Add the item")).click()
    expect(page.get_by_test_id("manage-items")).to_contain_text("Dự toán đề tài nuôi tôm")
    for n, role in enumerate(["chair", "member", "member"]):
        page.get_by_text(_vi("A member who is not in the registry")).click()
        page.locator("#id_member-full_name").fill(f"Thành viên tổ {n + 1}")
        page.locator("#id_member-role").select_option(role)
        page.locator("#add_member").get_by_role("button", name=_vi("Seat")).click()
    expect(page.get_by_test_id("manage-members").locator("tbody tr")).to_have_count(3)
    page.get_by_role("button", name=_vi("Propose the members")).click()
    expect(page.get_by_role("button", name=_vi("Record the decision"))).to_be_visible()
