"""Journeys of a plan in daily use: the DOST corrects a saved plan (its number, an item's
deadline, a new assignment, a removed item, each confirmed), and the consolidated annual report
is opened only by those who may (the DOST; an agency of the plan once issued; nobody else)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from playwright.sync_api import expect

from khcn.accounts.choices import Role
from khcn.plans.models import Assignment, ConsolidatedReport, Plan, PlanItem
from tests.e2e.helpers import sign_in
from tests.e2e.test_plans_journeys import _person, agencies, period  # noqa: F401  (fixtures)


def _vi(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


def test_the_dost_corrects_a_saved_plan(page, server, actors, period):  # noqa: F811
    plan = period.plan
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations before removals
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}{plan.get_absolute_url()}")
    page.get_by_test_id("plan-edit-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_vi("Correct the plan"))

    # The facts: a corrected number.
    facts = page.get_by_test_id("facts-form")
    facts.locator("#id_number").fill("204/KH-UBND")
    facts.get_by_role("button", name=_vi("Save the facts")).click()
    expect(page.get_by_test_id("plan-facts")).to_contain_text("204/KH-UBND")

    # An item: a new deadline and a new coordinating agency.
    page.get_by_test_id("plan-edit-link").click()
    item = PlanItem.objects.get(plan=plan, path="IV.2")
    page.get_by_label(_vi("Correct item %(path)s") % {"path": "IV.2"}).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_vi("Item %(path)s") % {"path": "IV.2"})
    form = page.get_by_test_id("item-form")
    form.locator("#id_deadline_text").fill("Trước ngày 30/6/2027")
    form.get_by_role("button", name=_vi("Save the item")).click()
    expect(page.locator(".message-success")).to_contain_text(_vi("The item was corrected."))
    add = page.get_by_test_id("add-assignment")
    add.locator("summary").click()
    add.locator("#id_new-organization").select_option(label="Sở Tài chính")
    add.locator("#id_new-role").select_option("coordinate")
    add.get_by_role("button", name=_vi("Add the assignment")).click()
    expect(page.get_by_test_id("edit-duties")).to_contain_text("Sở Tài chính")
    assert Assignment.objects.filter(item=item, organization__name="Sở Tài chính", role="coordinate").exists()
    assert PlanItem.objects.get(pk=item.pk).deadline["text"] == "Trước ngày 30/6/2027"

    # Remove the item (nobody reported on it): confirmed, with a reason; it leaves the plan.
    remove = page.get_by_test_id("remove-item")
    remove.locator("summary").click()
    remove.locator("#id_remove-reason").fill("Trùng nội dung với mục IV.1")
    remove.get_by_role("button", name=_vi("Remove the item")).click()
    expect(page.locator(".message-success")).to_contain_text(_vi("The item was removed from the plan."))
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    assert Plan.objects.get(pk=plan.pk).number == "204/KH-UBND"

    # Everything is in the plan's history.
    page.goto(f"{server}{plan.get_absolute_url()}?tab=history")
    history = page.locator("main")
    for label in ("Plan corrected", "Item corrected", "Assignment added", "Item removed"):
        expect(history).to_contain_text(_vi(label))


def test_the_consolidated_report_opens_only_for_those_who_may(new_page, server, actors, agencies, period):  # noqa: F811
    plan = period.plan
    participant = (
        Assignment.objects.filter(item__plan=plan, organization__isnull=False)
        .exclude(organization=actors.dost)[0]
        .organization
    )
    leader = _person("lanhdao.thamgia", "Lê Lãnh Đạo", Role.AGENCY_LEADER, participant)
    applicant = _person("tochuc.dangky", "Công ty Đăng Ký", Role.APPLICANT, None)
    url = f"{server}/plans/periods/{period.pk}/annual-report/"

    dost = new_page()
    sign_in(dost, server, actors.specialist.username)
    dost.goto(f"{server}{plan.get_absolute_url()}")
    expect(dost.get_by_role("link", name=_vi("Consolidated report"))).to_have_count(1)
    response = dost.goto(url)
    assert response is not None and response.status == 200

    for user in (leader, applicant):
        other = new_page()
        sign_in(other, server, user.username)
        other.goto(f"{server}{plan.get_absolute_url()}")
        expect(other.get_by_role("link", name=_vi("Consolidated report"))).to_have_count(0)
        response = other.goto(url)
        assert response is not None and response.status == 404, user.username  # not even its existence
        for fmt in ("docx", "xlsx"):
            download = other.request.get(f"{server}/plans/periods/{period.pk}/annual-report.{fmt}")
            assert download.status == 404, (user.username, fmt)

    # Once issued (a number and a date), the agencies of the plan open it; still nobody else.
    ConsolidatedReport.objects.create(
        period=period,
        number="15/BC-SKHCN",
        document_date=dt.date.today(),
        summary="Báo cáo",
        signer_position="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn An",
        docx=b"",
        docx_sha256="0" * 64,
    )
    for user, status, links in ((leader, 200, 1), (applicant, 404, 0)):
        other = new_page()
        sign_in(other, server, user.username)
        other.goto(f"{server}{plan.get_absolute_url()}")
        expect(other.get_by_role("link", name=_vi("Consolidated report"))).to_have_count(links)
        response = other.goto(url)
        assert response is not None and response.status == status, user.username
