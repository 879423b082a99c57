"""The homes that show each role its work: the DOST's work in every plan in implementation
(reports to review, agencies that have not sent an open period's report, difficulties to
answer), each figure a link to a list of exactly that many rows; an agency leader's drafts
first; nothing from plans, and no error, for those plans do not concern."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.plans import selectors, services
from khcn.plans.choices import ItemProgress, PlanStatus, ReportStatus
from khcn.plans.models import AgencyReport, Assignment, Plan
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.selectors.home import PLANS_SHOWN
from khcn.plans.tests.helpers import PARSE, client, period_open, submit

pytestmark = pytest.mark.django_db

PLAN_BLOCKS = ("dost-work", "to-submit", "due-reports", "home-difficulties")


def _home(user) -> str:
    response = client(user).get(reverse("site:home"))
    assert response.status_code == 200
    return response.content.decode()


def _dost_work(user):
    """The DOST's work as a new request reads it (a user object is one request's)."""
    return selectors.dost_work(user=type(user).objects.get(pk=user.pk))


def _plan_work(user, plan):
    return next(p for p in _dost_work(user).plans if p.plan.pk == plan.pk)


def _write(report, reporter):
    """The reporter fills every line of ``report`` (a draft)."""
    lines = {
        line.pk: {"progress": ItemProgress.IN_PROGRESS, "results": "Đã triển khai"}
        for line in report.lines.all()
    }
    return services.report_save(
        actor=reporter, report=report, version=report.version, summary="", lines=lines
    )


def _links(page: str) -> dict[str, list[tuple[str, int]]]:
    """The figures of the DOST's block: data-testid → [(link, the number its text starts with)]."""
    block = page[page.index('data-testid="dost-work"') :].split("</section>")[0]
    found: dict[str, list[tuple[str, int]]] = {}
    for href, testid, text in re.findall(
        r'<a href="([^"]+)" data-testid="(work-[a-z-]+)">([^<]+)</a>', block
    ):
        # "3 báo cáo chờ xem xét", "Năm 2026: 3 cơ quan chưa gửi báo cáo" (a name may hold digits)
        number = int(re.search(r"(?:^|: )(\d+) ", text).group(1))
        found.setdefault(testid, []).append((href.replace("&amp;", "&"), number))
    return found


@pytest.fixture
def work(world):
    """Health sent its report (awaiting review), home affairs keeps a draft, the DOST agency
    has not started; an older period, past its due date, which nobody has sent; a difficulty
    awaiting an answer."""
    period, plan = world["period"], world["plan"]
    health = _write(
        services.report_start(actor=world["reporter"], period=period, organization=world["health"]),
        world["reporter"],
    )
    submit(health, world["leader"])
    draft = services.report_start(
        actor=world["reporter_b"], period=period, organization=world["home_affairs"]
    )
    _write(draft, world["reporter_b"])
    late = period_open(world["specialist"], plan, days_to_due=-5, name="Đợt đã quá hạn")
    services.difficulty_raise(
        actor=world["reporter"], plan=plan, organization=world["health"], text="Thiếu người"
    )
    return {**world, "late": late, "health_report": health, "draft": draft}


def test_the_dost_work_counts_what_waits_in_each_plan(work):
    plan, period, late = work["plan"], work["period"], work["late"]
    found = _plan_work(work["specialist"], plan)
    assert (found.awaiting, found.difficulties) == (1, 1)
    # Three agencies have open assignments: health sent; the draft of home affairs is not sent.
    # The late period first (earliest due).
    assert [(p.pk, p.expected, p.not_sent) for p in found.periods] == [(late.pk, 3, 3), (period.pk, 3, 2)]
    assert late.due_on < timezone.localdate() < period.due_on
    # A returned report was sent: it stays counted as sent, and no longer awaits review.
    services.report_return(actor=work["specialist"], report=work["health_report"], note="Bổ sung số liệu")
    found = _plan_work(work["specialist"], plan)
    assert found.awaiting == 0 and found.periods[1].not_sent == 2
    # An agency no longer assigned is no longer expected, even if it had sent its report.
    Assignment.objects.filter(item__plan=plan, organization=work["home_affairs"]).update(is_open=False)
    services.plan_data_changed(plan.pk)
    assert [(p.expected, p.not_sent) for p in _plan_work(work["specialist"], plan).periods] == [
        (2, 2),
        (2, 1),
    ]


def test_a_period_with_its_consolidated_report_issued_is_closed(work):
    plan, late = work["plan"], work["late"]
    report = _write(
        services.report_start(actor=work["reporter"], period=late, organization=work["health"]),
        work["reporter"],
    )
    services.report_accept(actor=work["specialist"], report=submit(report, work["leader"]))
    assert late.pk in [p.pk for p in _plan_work(work["specialist"], plan).periods]
    generate = {
        "actor": work["specialist"],
        "period": late,
        "narrative": {},
        "summary": "Báo cáo tổng hợp",
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_position": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn A",
        "recipients": ["UBND tỉnh"],
    }
    services.annual_report_generate(**generate, number="", document_date=None)  # a draft: still open
    assert late.pk in [p.pk for p in _plan_work(work["specialist"], plan).periods]
    services.annual_report_generate(**generate, number="15/BC-SKHCN", document_date=timezone.localdate())
    assert late.pk not in [p.pk for p in _plan_work(work["specialist"], plan).periods]  # at once


def test_plans_not_in_implementation_are_left_out_and_plans_with_work_come_first(work):
    quiet = []
    for n in range(PLANS_SHOWN):
        parse = {**PARSE, "number": f"{n + 100}/KH-UBND", "date": f"2026-01-0{n + 1}"}
        quiet.append(services.plan_import(actor=work["specialist"], draft=ImportDraft.from_parse(parse)))
    found = _dost_work(work["specialist"])
    # The seed plan (2024) is older than the others, but has work: it comes first.
    assert found.plans[0].plan.pk == work["plan"].pk and found.plans[0].has_work
    assert not any(p.has_work for p in found.plans[1:])
    assert len(found.plans) == PLANS_SHOWN and found.more_plans == 1
    Plan.objects.filter(pk=work["plan"].pk).update(status=PlanStatus.CLOSED)
    found = _dost_work(work["specialist"])
    assert work["plan"].pk not in [p.plan.pk for p in found.plans] and found.more_plans == 0
    assert found.awaiting == 0  # its report awaiting review is not counted either


def test_only_the_dost_gets_the_dost_work(work):
    for who in ("reporter", "leader", "admin"):
        with pytest.raises(PermissionDenied):
            selectors.dost_work(user=work[who])
        assert 'data-testid="dost-work"' not in _home(work[who])


@pytest.mark.parametrize("role", [Role.DOST_SPECIALIST, Role.DOST_LEADER])
def test_every_figure_on_the_dost_home_links_to_a_list_of_that_many_rows(work, make_user, role):
    dost = make_user(role, organization=work["dost"])
    page = _home(dost)
    assert 'data-testid="home-difficulties"' not in page  # counted in the block of work instead
    links = _links(page)
    assert sorted(links) == ["work-awaiting", "work-difficulties", "work-not-sent"]
    assert len(links["work-not-sent"]) == 2  # the open period and the late one
    assert "badge-overdue" in page
    desk = client(dost)
    for testid, pairs in links.items():
        for href, number in pairs:
            response = desk.get(href)
            assert response.status_code == 200, href
            if testid == "work-not-sent":
                rows = len(response.context["missing_rows"])
                assert response.content.decode().count("<tr><td>") == rows  # the rows shown
            else:
                rows = response.context["page"].paginator.count
            assert rows == number, (testid, href)
    awaiting = links["work-awaiting"][0][0]
    assert "status=submitted" in awaiting and f"plan={work['plan'].pk}" in awaiting
    assert links["work-difficulties"][0][0].endswith("?status=open")


def test_the_dost_home_runs_as_many_queries_for_many_plans_as_for_one(work):
    from django.core.cache import cache
    from django.db import connection

    desk = client(work["specialist"])
    desk.get(reverse("site:home"))
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        desk.get(reverse("site:home"))
    for n in range(4):
        parse = {**PARSE, "number": f"{n + 200}/KH-UBND"}
        plan = services.plan_import(actor=work["specialist"], draft=ImportDraft.from_parse(parse))
        period = period_open(work["specialist"], plan, name=f"Đợt {n}")
        submit(
            services.report_start(actor=work["reporter"], period=period, organization=work["health"]),
            work["leader"],
        )
        services.difficulty_raise(
            actor=work["reporter"], plan=plan, organization=work["health"], text="Vướng"
        )
    page = _home(work["specialist"])  # the change shows without clearing anything
    assert page.count('data-testid="work-plan"') == 5 and page.count('data-testid="work-awaiting"') == 5
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        desk.get(reverse("site:home"))
    with CaptureQueriesContext(connection) as warm:
        desk.get(reverse("site:home"))
    assert len(many) == len(few) and len(warm) < len(few)


def test_the_agency_leader_sees_the_drafts_awaiting_submission_first(work):
    later = period_open(work["specialist"], work["plan"], days_to_due=90, name="Đợt sau")
    health_draft = _write(
        services.report_start(actor=work["reporter"], period=later, organization=work["health"]),
        work["reporter"],
    )
    page = _home(work["leader"])
    assert page.index('data-testid="to-submit"') < page.index('data-testid="due-reports"')
    drafts = page[page.index('data-testid="to-submit"') :].split("</section>")[0]
    assert reverse("plans:report_detail", args=[health_draft.pk]) in drafts and "Xem và gửi" in drafts
    assert drafts.count('data-testid="due-report"') == 1
    # The rest of what is due (the late period, not started) follows, without the draft again.
    due = page[page.index('data-testid="due-reports"') :].split("</section>")[0]
    assert reverse("plans:report_detail", args=[health_draft.pk]) not in due
    assert reverse("plans:report_start", args=[work["late"].pk, work["health"].pk]) in due
    # Their reporter writes drafts but does not submit: no such block, the draft is in what is due.
    reporter_page = _home(work["reporter"])
    assert 'data-testid="to-submit"' not in reporter_page
    assert reverse("plans:report_detail", args=[health_draft.pk]) in reporter_page
    # Another agency's leader does not see this draft.
    assert 'data-testid="to-submit"' in _home(work["leader_b"])  # their own draft
    assert reverse("plans:report_detail", args=[health_draft.pk]) not in _home(work["leader_b"])


def test_a_leader_whose_drafts_are_all_that_is_due_gets_only_that_block(world):
    report = services.report_start(
        actor=world["reporter"], period=world["period"], organization=world["health"]
    )
    page = _home(world["leader"])
    assert 'data-testid="to-submit"' in page and 'data-testid="due-reports"' not in page
    assert reverse("plans:report_detail", args=[report.pk]) in page
    assert 'data-testid="home-empty"' not in page
    submit(report, world["leader"])
    page = _home(world["leader"])  # at once: the report waits for the DOST now
    assert 'data-testid="to-submit"' not in page and 'data-testid="due-reports"' in page
    assert AgencyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY])
def test_those_plans_do_not_concern_get_a_friendly_home(work, make_user, role):
    page = _home(make_user(role))
    for block in PLAN_BLOCKS:
        assert f'data-testid="{block}"' not in page, block
    assert 'data-testid="home-empty"' in page and "Hiện không có việc nào chờ bạn xử lý." in page
    assert 'data-testid="home-roles"' in page


def test_the_dost_home_with_no_plan_in_implementation(make_user, world):
    Plan.objects.update(status=PlanStatus.CLOSED)
    page = _home(make_user(Role.DOST_LEADER, organization=world["dost"]))
    assert 'data-testid="dost-work"' not in page and 'data-testid="home-empty"' in page


def test_the_dashboards_period_figures_link_to_lists_of_that_many_rows(work):
    """Sent on time, sent late and not sent: each figure of the reports per period opens a list
    of exactly that many rows (``ReportFilter.sent``, the dashboard's list of agencies)."""
    plan, late = work["plan"], work["late"]
    report = services.report_start(actor=work["reporter_b"], period=late, organization=work["home_affairs"])
    submit(_write(report, work["reporter_b"]), work["leader_b"])  # after the due date: late
    desk = client(work["specialist"])
    page = desk.get(reverse("plans:plan_dashboard", args=[plan.pk])).content.decode()
    checked = 0
    for period in (work["period"], late):
        row = page[page.index(f'<tr data-period="{period.pk}">') :].split("</tr>")[0]
        for key in ("submitted", "on_time", "late", "awaiting", "missing"):
            href, number = re.search(rf'data-key="{key}"><a href="([^"]+)">(\d+)</a>', row).groups()
            response = desk.get(href.replace("&amp;", "&"))
            if key == "missing":
                rows = len(response.context["missing_rows"])
            else:
                rows = response.context["page"].paginator.count
            assert rows == int(number), (period.name, key)
            checked += int(number)
    assert checked > 0
    row = page[page.index(f'<tr data-period="{late.pk}">') :].split("</tr>")[0]
    assert re.search(r'data-key="late"><a href="[^"]+sent=late">1</a>', row)
    missing = desk.get(reverse("plans:plan_dashboard", args=[plan.pk]), {"missing": late.pk}).content.decode()
    assert 'data-testid="missing-summary"' in missing and "badge-overdue" in missing


def test_not_sent_counts_only_the_agencies_expected(work):
    """An agency no longer assigned that had sent its report does not hide one that has not."""
    plan, period = work["plan"], work["period"]
    desk = client(work["specialist"])
    Assignment.objects.filter(item__plan=plan, organization=work["health"]).update(is_open=False)
    services.plan_data_changed(plan.pk)
    page = desk.get(reverse("plans:plan_dashboard", args=[plan.pk])).content.decode()
    row = page[page.index(f'<tr data-period="{period.pk}">') :].split("</tr>")[0]
    assert re.search(r'data-key="submitted"><a href="[^"]+">1</a>', row)  # health's, still listed
    shown = int(re.search(r'data-key="missing"><a href="[^"]+">(\d+)</a>', row).group(1))
    listed = desk.get(reverse("plans:plan_dashboard", args=[plan.pk]), {"missing": period.pk})
    assert shown == len(listed.context["missing_rows"]) == 2  # the DOST agency and home affairs


def test_report_filter_sent_on_time_or_late(work):
    late_report = services.report_start(
        actor=work["reporter_b"], period=work["late"], organization=work["home_affairs"]
    )
    submit(_write(late_report, work["reporter_b"]), work["leader_b"])
    desk = client(work["specialist"])
    url = reverse("plans:report_list")
    on_time = desk.get(url, {"plan": work["plan"].pk, "sent": "on_time"}).context["page"].object_list
    late = desk.get(url, {"plan": work["plan"].pk, "sent": "late"}).context["page"].object_list
    assert [r.pk for r in on_time] == [work["health_report"].pk] and [r.pk for r in late] == [late_report.pk]
    everything = desk.get(url, {"sent": "whatever"}).context["page"].paginator.count
    assert everything == 2  # a value that does not validate is ignored


def test_a_plan_shows_its_newest_open_periods_and_links_to_the_others(work):
    for n in range(3):
        period_open(work["specialist"], work["plan"], days_to_due=-10 - n, name=f"Đợt cũ {n}")
    found = _plan_work(work["specialist"], work["plan"])
    # Five open periods with agencies that have not sent: the three newest, earliest due first.
    assert [p.name for p in found.periods] == ["Đợt cũ 0", "Đợt đã quá hạn", "Đợt kiểm tra"]
    assert found.more_periods == 2
    page = _home(work["specialist"])
    assert f"{reverse('plans:plan_dashboard', args=[work['plan'].pk])}#periods-title" in page
    assert "2 kỳ trước đó còn cơ quan chưa gửi báo cáo" in page
