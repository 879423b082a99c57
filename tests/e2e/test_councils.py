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
