"""Journeys: the homes show each role its work. The DOST specialist sees what waits in the plan
(reports to review, agencies that have not sent a period's report, a difficulty to answer), and
each number opens a list of exactly that many rows; an agency leader sees the drafts waiting
for their submission first; both homes fit a phone screen."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, PHONE, sign_in


@dataclass
class Work:
    specialist: Any
    leader: Any  # Sở Y tế's leader
    draft: Any  # Sở Y tế's draft, waiting for its leader


def _person(username: str, full_name: str, role: str, organization: Any) -> Any:
    from khcn.accounts.services import membership_add, user_create

    user = user_create(actor=None, username=username, full_name=full_name, password=PASSWORD)
    membership_add(actor=None, user=user, role=role, organization=organization)
    return user


@pytest.fixture
def work(actors: Any) -> Work:
    """A plan with three agencies (the DOST, Sở Y tế, Sở Nội vụ) and two periods, one past its
    due date: Sở Nội vụ's report awaits review; Sở Y tế has sent nothing for the late period
    and keeps a draft for the current one; a difficulty awaits an answer."""
    from khcn.accounts.choices import Role
    from khcn.organizations.choices import OrganizationKind
    from khcn.organizations.services import organization_create
    from khcn.plans import services
    from khcn.plans.parser.draft import ImportDraft
    from khcn.plans.tests.helpers import PARSE, period_open, submit
    from khcn.site.services import ruleset_publish

    health = organization_create(actor=actors.admin, name="Sở Y tế", kind=OrganizationKind.DEPARTMENT)
    home_affairs = organization_create(actor=actors.admin, name="Sở Nội vụ", kind=OrganizationKind.DEPARTMENT)
    ruleset_publish(
        actor=actors.admin,
        code="plans.reporting",
        title="Kỳ báo cáo",
        effective_from=dt.date(2019, 1, 1),
        parameters={"annual": {"start": "15/12", "end": "14/12", "submit_within_days": 5}},
    )
    plan = services.plan_import(actor=actors.specialist, draft=ImportDraft.from_parse(PARSE))
    current = period_open(actors.specialist, plan, name="Đợt hiện tại")
    late = period_open(actors.specialist, plan, days_to_due=-5, name="Đợt đã quá hạn")
    reporter = _person("baocao.syt.e2e", "Lê Văn Báo Cáo", Role.AGENCY_REPORTER, health)
    leader = _person("lanhdao.syt.e2e", "Phạm Thị Lãnh Đạo", Role.AGENCY_LEADER, health)
    other_reporter = _person("baocao.snv.e2e", "Đỗ Văn Nội Vụ", Role.AGENCY_REPORTER, home_affairs)
    other_leader = _person("lanhdao.snv.e2e", "Hồ Thị Nội Vụ", Role.AGENCY_LEADER, home_affairs)
    sent = services.report_start(actor=other_reporter, period=current, organization=home_affairs)
    submit(sent, other_leader)
    draft = services.report_start(actor=reporter, period=current, organization=health)
    lines = {line.pk: {"results": "Đã triển khai các nội dung được giao."} for line in draft.lines.all()}
    draft = services.report_save(actor=reporter, report=draft, version=draft.version, summary="", lines=lines)
    services.difficulty_raise(actor=reporter, plan=plan, organization=health, text="Thiếu kinh phí thực hiện")
    assert late.due_on < dt.date.today()
    return Work(specialist=actors.specialist, leader=leader, draft=draft)


def _number(text: str) -> int:
    """The count a figure's text gives: "1 báo cáo chờ xem xét", "Đợt một: 2 cơ quan …"."""
    return int(re.search(r"(?:^|: )(\d+) ", text.strip()).group(1))


def test_the_dost_specialist_follows_each_number_to_a_list_of_that_many_rows(page, server, work):
    sign_in(page, server, work.specialist.username)
    block = page.get_by_test_id("dost-work")
    expect(block).to_be_visible()
    figures = [
        ("work-awaiting", "[data-testid=report-table] tbody tr", 1),
        ("work-difficulties", "[data-testid=difficulty-table] tbody tr", 1),
    ]
    followed = 0
    for testid, rows, expected in figures:
        link = block.get_by_test_id(testid)
        expect(link).to_have_count(1)
        assert _number(link.inner_text()) == expected
        link.click()
        page.wait_for_load_state("load")
        expect(page.locator(rows)).to_have_count(expected)
        page.go_back()
        followed += 1
    # Agencies that have not sent: the current period (Sở Y tế's draft, the DOST agency) and
    # the late one (nobody), marked overdue; each opens the dashboard's list of those agencies.
    not_sent = block.get_by_test_id("work-not-sent")
    expect(not_sent).to_have_count(2)
    expect(block.locator(".badge-overdue")).to_have_count(1)
    for n in range(2):
        link = page.get_by_test_id("dost-work").get_by_test_id("work-not-sent").nth(n)
        expected = _number(link.inner_text())
        assert expected in (2, 3)
        link.click()
        page.wait_for_url(re.compile(r"/dashboard/\?missing=\d+#list$"))
        expect(page.locator("[data-testid=missing-list] tbody tr")).to_have_count(expected)
        page.go_back()
        followed += 1
    assert followed == 4


def test_the_dashboards_not_sent_figure_is_a_link_to_that_many_agencies(page, server, work):
    sign_in(page, server, work.specialist.username)
    page.get_by_test_id("dost-work").get_by_role("link", name=re.compile("Bảng theo dõi")).click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    for row in page.locator("[data-testid=by-period] tbody tr[data-period]").all():
        cell = row.locator('td[data-key="missing"] a')
        expected = int(cell.inner_text())
        cell.click()
        page.wait_for_url(re.compile(r"\?missing=\d+#list$"))
        expect(page.locator("[data-testid=missing-list] tbody tr")).to_have_count(expected)
        page.go_back()


def test_the_agency_leader_sees_the_drafts_awaiting_submission_first(page, server, work):
    sign_in(page, server, work.leader.username)
    drafts, due = page.get_by_test_id("to-submit"), page.get_by_test_id("due-reports")
    expect(drafts).to_be_visible()
    expect(due).to_be_visible()  # the late period, not started
    assert drafts.bounding_box()["y"] < due.bounding_box()["y"]
    expect(drafts.get_by_test_id("due-report")).to_have_count(1)
    expect(drafts).to_contain_text("Đợt hiện tại")
    expect(due).to_contain_text("Đợt đã quá hạn")
    drafts.get_by_role("button", name="Xem và gửi").click()
    page.wait_for_url(f"{server}{work.draft.get_absolute_url()}")


@pytest.mark.parametrize("who", ["specialist", "leader"])
def test_the_homes_fit_a_phone_screen(new_page, server, work, who):
    page = new_page(viewport=PHONE)
    sign_in(page, server, getattr(work, who).username)
    widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["scroll"] <= widths["inner"], f"the home is {widths['scroll']}px wide"
