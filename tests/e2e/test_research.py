"""Journey of a proposal to the ordering list: an applicant proposes a task in the open call and
submits it; the DOST, seeing the similar proposal of an earlier call, accepts it for the
identification council and hands it over; the council votes (its journeys are in
test_councils.py) and, when it closes, the proposal is on the ordering list."""

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
def call(actors: Any) -> dict[str, Any]:
    from khcn.accounts.choices import Role
    from khcn.accounts.services import membership_add, user_create
    from khcn.research import services
    from khcn.research.workflow import PROPOSAL_WORKFLOW

    call_command("rulesets_sync", stdout=io.StringIO())
    today = timezone.localdate()
    applicant = user_create(actor=None, username="ungvien.e2e", full_name="Huỳnh Quốc Bảo", password=PASSWORD)
    membership_add(actor=None, user=applicant, role=Role.APPLICANT)
    call = services.call_create(
        actor=actors.specialist,
        organization=actors.dost,
        title="Đề xuất đặt hàng năm 2027",
        year=2027,
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=10),
    )
    from khcn.classifications import loader
    from khcn.classifications.models import Scheme, Term

    loader.load(Scheme, Term)  # the national fields (a browser test's database starts empty)
    fisheries = Term.objects.get(scheme__code="linh-vuc-khcn-2008", code="405")
    earlier = services.proposal_create(
        actor=actors.specialist,
        call=call,
        title="Nghiên cứu quy trình nuôi tôm càng xanh toàn đực trong ao đất",
        fields=[fisheries],
        urgency="Cần thiết.",
        objectives="Quy trình nuôi.",
        expected_results="Quy trình.",
    )
    PROPOSAL_WORKFLOW.apply("submit", actor=actors.specialist, obj=earlier)
    return {"call": call, "applicant": applicant, "earlier": earlier}


def test_a_proposal_goes_from_the_applicant_to_the_ordering_list(page, server, actors, call):
    from khcn.councils import services as councils
    from khcn.councils.workflow import COUNCIL_WORKFLOW
    from khcn.research.models import Proposal

    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, server, call["applicant"].username)
    page.get_by_test_id("home-proposals").get_by_role("link", name=_vi("Propose a task")).click()
    form = page.get_by_test_id("proposal-form")
    form.locator("#id_title").fill("Nuôi tôm càng xanh toàn đực kết hợp trồng lúa")
    form.locator("#id_terms").select_option(label="405 Thủy sản")
    form.get_by_role("button", name=_vi("Save the draft")).click()
    # Incomplete: submitting says what is missing.
    page.get_by_role("button", name=_vi("Submit the proposal")).click()
    expect(page.locator(".message-error")).to_contain_text(_vi("objectives"))
    page.get_by_role("button", name=_vi("Correct")).click()
    form = page.get_by_test_id("proposal-form")
    form.locator("#id_urgency").fill("Năng suất nuôi tôm càng xanh còn thấp.")
    form.locator("#id_objectives").fill("Xây dựng quy trình nuôi tôm càng xanh toàn đực.")
    form.locator("#id_expected_results").fill("Quy trình được công nhận; mô hình 5 ha.")
    form.get_by_role("button", name=_vi("Save the draft")).click()
    page.get_by_role("button", name=_vi("Submit the proposal")).click()
    expect(page.locator(".message-success")).to_contain_text(_vi("The proposal was submitted."))
    proposal = Proposal.objects.get(proposer=call["applicant"])

    # The DOST: the duplication check shows the earlier proposal; accepted for the council.
    page.context.clear_cookies()
    sign_in(page, server, actors.specialist.username)
    page.get_by_test_id("home-research").get_by_role("link").first.click()
    page.get_by_role("link", name=proposal.title).click()
    expect(page.get_by_test_id("proposal-similar")).to_contain_text(call["earlier"].title)
    page.get_by_role("button", name=_vi("Accept for the identification council")).click()
    expect(page.get_by_test_id("proposal-facts")).to_contain_text(
        _vi("Accepted for the identification council")
    )
    council = councils.council_create(
        actor=actors.specialist,
        name="Hội đồng xác định nhiệm vụ năm 2027",
        kind="identification",
        organization=actors.dost,
    )
    page.goto(f"{server}/research/proposals/to-council/")
    form = page.get_by_test_id("send-form")
    form.locator("#id_council").select_option(label=council.name)
    form.get_by_label(proposal.title, exact=False).check()
    form.get_by_role("button", name=_vi("Hand to the council")).click()
    expect(page.get_by_test_id("council-items")).to_contain_text(proposal.title)

    # The council votes yes and closes (its own journeys are tested elsewhere).
    from khcn.accounts.choices import Role
    from khcn.accounts.services import membership_add, user_create

    seats = []
    for i, role in enumerate(
        ["chair", "vice_chair", "secretary", "reviewer", "reviewer", "member", "member"]
    ):
        user = user_create(actor=None, username=f"xd{i}", full_name=f"Thành viên {i}", password=PASSWORD)
        membership_add(actor=None, user=user, role=Role.COUNCIL_MEMBER, council=council)
        seats.append(
            councils.member_add(actor=actors.specialist, council=council, full_name="", role=role, user=user)
        )
    COUNCIL_WORKFLOW.apply("propose", actor=actors.specialist, obj=council)
    councils.decision_record(
        actor=actors.specialist,
        council=council,
        number="12/QĐ-SKHCN",
        date=timezone.localdate(),
        signer_name="Nguyễn Văn An",
        signer_position="Phó Giám đốc",
    )
    councils.session_schedule(actor=actors.specialist, council=council, at=timezone.now())
    for seat in seats:
        councils.attendance_set(actor=actors.specialist, member=seat, present=True)
    councils.session_open(actor=actors.specialist, council=council)
    item = council.items.get()
    for seat in seats:
        councils.declaration_sign(actor=seat.user, member=seat, item=item)
        councils.sheet_save(actor=seat.user, member=seat, item=item, vote="yes", submit=True)
    councils.session_close(actor=actors.specialist, council=council)

    # Back to the applicant: on the ordering list.
    page.context.clear_cookies()
    sign_in(page, server, call["applicant"].username)
    expect(page.get_by_test_id("home-proposals")).to_contain_text(_vi("On the ordering list"))
