"""What is computed or rendered once per version of its data (``khcn.core.fragments``) is never
shown for data it was not made from: every write that changes what a page shows raises the
version the page's cache key holds. Each test fills the cache through the page, changes the
data through a service, and reads the page again without clearing anything."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from khcn.accounts import services as account_services
from khcn.accounts.choices import Role
from khcn.core.fragments import cached_fragment, cached_value, fragment_key
from khcn.organizations import services as org_services
from khcn.plans import services
from khcn.plans.choices import ItemProgress, PeriodKind
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, agencies_and_rules, period_open, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    world = agencies_and_rules(make_user)
    parse = {
        **PARSE,
        "assignments": [*PARSE["assignments"], {"section": "II.3.c", "agency": "Phòng Mới", "role": "lead"}],
    }
    world["plan"] = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(parse))
    world["period"] = period_open(world["specialist"], world["plan"], name="Đợt một")
    world["reporter"] = make_user(Role.AGENCY_REPORTER, organization=world["health"])
    world["leader"] = make_user(Role.AGENCY_LEADER, organization=world["health"])
    return world


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_dashboard_follows_each_report_at_once(world, make_user):
    dost = _client(world["specialist"])
    url = reverse("plans:plan_dashboard", args=[world["plan"].pk])
    zero = '<strong data-testid="total-completed_on_time">0</strong>'
    assert zero in _page(dost, url)
    report = services.report_start(
        actor=world["reporter"], period=world["period"], organization=world["health"]
    )
    lines = {line.pk: {"progress": ItemProgress.COMPLETED} for line in report.lines.all()}
    report = services.report_save(
        actor=world["reporter"], report=report, version=report.version, summary="", lines=lines
    )
    assert zero in _page(dost, url)  # a draft counts for nothing
    submit(report, world["leader"])
    after = _page(dost, url)
    assert zero not in after and 'data-testid="total-completed_on_time"><strong>2</strong>' in after
    listed = _page(dost, url + "?show=completed_on_time")
    assert listed.count('data-bucket="completed_on_time"') >= 2  # the table's cells and the list's rows
    # The list's rows are cached, but each reader gets the report links they may open.
    report_link = reverse("plans:report_detail", args=[report.pk])
    assert report_link in listed
    other = _client(make_user(Role.AGENCY_REPORTER, organization=world["home_affairs"]))
    assert report_link not in _page(other, url + "?show=completed_on_time")
    org_services.organization_rename(
        actor=world["admin"],
        organization=world["health"],
        new_name="Sở Y tế và Dân số",
        date=timezone.localdate(),
    )
    listed = _page(dost, url + "?show=completed_on_time")
    rows = listed[listed.index('data-testid="assignment-list"') :].split("</table>")[0]
    assert "Sở Y tế và Dân số" in rows


def test_the_plan_page_follows_mapping_renaming_and_periods(world):
    dost = _client(world["specialist"])
    url = world["plan"].get_absolute_url()
    page = _page(dost, url)
    assert "Phòng Mới" in page and world["dost"].get_absolute_url() in page
    services.agency_map(
        actor=world["specialist"],
        plan=world["plan"],
        agency_name="Phòng Mới",
        organizations=[world["home_affairs"]],
    )
    page = _page(dost, url)
    assert page.count(f'href="{world["home_affairs"].get_absolute_url()}"') >= 2  # IV.9 and II.3.c now
    org_services.organization_rename(
        actor=world["admin"],
        organization=world["health"],
        new_name="Sở Y tế và Dân số",
        date=timezone.localdate(),
    )
    assert "Sở Y tế và Dân số" in _page(dost, url)
    services.period_create(actor=world["specialist"], plan=world["plan"], kind=PeriodKind.ANNUAL, year=2031)
    assert "Năm 2031" in _page(dost, url)
    assert "Năm 2031" in _page(dost, reverse("plans:plan_dashboard", args=[world["plan"].pk]))


def test_the_plan_page_and_dashboard_follow_each_correction_at_once(world):
    """Corrections to a saved plan (``services.editing``) raise ``Plan.version`` and
    ``data_version`` in their transaction: the cached content, figures and dashboard follow."""
    from khcn.plans.choices import AssignmentRole
    from khcn.plans.models import Assignment, PlanItem

    dost = _client(world["specialist"])
    plan = world["plan"]
    page = reverse("plans:plan_detail", args=[plan.pk]) + "?page=all"
    board = reverse("plans:plan_dashboard", args=[plan.pk])
    assert "Tuyên truyền" in _page(dost, page)
    before_board = _page(dost, board)
    item = PlanItem.objects.get(plan=plan, path="II.1")
    services.item_update(actor=world["specialist"], item=item, version=None, heading="Truyền thông số")
    after = _page(dost, page)
    assert "Truyền thông số" in after and "Tuyên truyền" not in after
    services.assignment_add(
        actor=world["specialist"],
        item=PlanItem.objects.get(plan=plan, path="IV.1"),
        version=None,
        organization=world["home_affairs"],
        role=AssignmentRole.COORDINATE,
    )
    assert _page(dost, page).count("Sở Nội vụ") > after.count("Sở Nội vụ")
    assert _page(dost, board) != before_board  # the agencies' table counts the new assignment
    duty = Assignment.objects.get(item__path="IV.9", item__plan=plan)
    services.assignment_remove(actor=world["specialist"], assignment=duty, version=None, reason="Giao nhầm")
    removed = PlanItem.objects.get(plan=plan, path="IV.9")
    services.item_remove(actor=world["specialist"], item=removed, version=None, reason="Trùng")
    final = _page(dost, page)
    # Deleted (nobody reported on it); the second IV.9 is now the only one.
    assert f'id="item-{removed.pk}"' not in final
    assert 'data-path="IV.9 (second)"' not in final and 'data-path="IV.9"' in final


def test_roles_follow_memberships_and_agency_names_at_once(world):
    person = account_services.user_create(
        actor=world["admin"],
        username="nguoimoi",
        full_name="Người Mới",
        password="Mat-khau-2026",
        must_change_password=False,  # not what this test is about (khcn/accounts/tests)
    )
    membership = account_services.membership_add(
        actor=world["admin"], user=person, role=Role.DOST_SPECIALIST, organization=world["dost"]
    )
    desk = _client(person)
    assert desk.get(reverse("plans:report_list")).status_code == 200
    assert "Sở Khoa học và Công nghệ" in _page(desk, reverse("site:home"))
    org_services.organization_rename(
        actor=world["admin"],
        organization=world["dost"],
        new_name="Sở Khoa học, Công nghệ và Đổi mới",
        date=timezone.localdate(),
    )
    assert "Sở Khoa học, Công nghệ và Đổi mới" in _page(desk, reverse("site:home"))
    account_services.membership_end(actor=world["admin"], membership=membership, on=timezone.localdate())
    page = _page(desk, reverse("site:home"))
    assert "You have no role yet" in page or "Bạn chưa có vai trò" in page


def test_home_blocks_follow_difficulties_and_new_assignments_at_once(world, make_user):
    home = reverse("site:home")
    dost, reporter = _client(world["specialist"]), _client(world["reporter"])
    awaiting = "1 chờ trả lời"  # the agency's difficulties block
    to_answer = "1 khó khăn, vướng mắc chờ trả lời"  # the DOST's block of work
    assert to_answer not in _page(dost, home) and awaiting not in _page(reporter, home)
    difficulty = services.difficulty_raise(
        actor=world["reporter"], plan=world["plan"], organization=world["health"], text="Thiếu kinh phí"
    )
    assert to_answer in _page(dost, home) and awaiting in _page(reporter, home)
    services.difficulty_respond(actor=world["specialist"], difficulty=difficulty, response="Đã bố trí")
    assert to_answer not in _page(dost, home) and awaiting not in _page(reporter, home)

    newcomer = _client(make_user(Role.AGENCY_REPORTER, organization=world["home_affairs"]))
    assert "Sở Nội vụ · số liệu" in _page(newcomer, home) and "· 1 mục" in _page(newcomer, home)  # IV.9
    services.agency_map(
        actor=world["specialist"],
        plan=world["plan"],
        agency_name="Phòng Mới",
        organizations=[world["home_affairs"]],
    )
    assert "· 2 mục" in _page(newcomer, home)  # and II.3.c now


def test_the_dost_and_leader_homes_follow_submit_accept_and_answers_at_once(world, make_user):
    """The DOST's block of work (computed once per version of the plans' data and day) and an
    agency leader's drafts follow each report's step, each answer and each new period."""
    home = reverse("site:home")
    specialist, leader = _client(world["specialist"]), _client(world["leader"])
    dost_leader = _client(make_user(Role.DOST_LEADER, organization=world["dost"]))
    not_sent = "Đợt một: {} cơ quan chưa gửi báo cáo"  # DOST, Sở Nội vụ and Sở Y tế are expected
    awaiting, to_answer = "1 báo cáo chờ xem xét", "1 khó khăn, vướng mắc chờ trả lời"

    def dost_sees(*texts: str, absent: tuple[str, ...] = ()) -> None:
        for client in (specialist, dost_leader):
            page = _page(client, home)
            assert all(t in page for t in texts) and not any(t in page for t in absent), (texts, absent)

    dost_sees(not_sent.format(3), absent=(awaiting, to_answer))
    assert 'data-testid="to-submit"' not in _page(leader, home)
    report = services.report_start(
        actor=world["reporter"], period=world["period"], organization=world["health"]
    )
    lines = {
        line.pk: {"progress": ItemProgress.IN_PROGRESS, "results": "Đã làm"} for line in report.lines.all()
    }
    report = services.report_save(
        actor=world["reporter"], report=report, version=report.version, summary="", lines=lines
    )
    assert 'data-testid="to-submit"' in _page(leader, home)  # the draft waits for the leader
    dost_sees(not_sent.format(3))  # a draft is not sent
    report = submit(report, world["leader"])
    assert 'data-testid="to-submit"' not in _page(leader, home)
    dost_sees(awaiting, not_sent.format(2))
    report = services.report_return(actor=world["specialist"], report=report, note="Bổ sung")
    dost_sees(not_sent.format(2), absent=(awaiting,))  # returned: sent once, no longer to review
    report = submit(report, world["leader"])
    dost_sees(awaiting)
    services.report_accept(actor=world["specialist"], report=report)
    dost_sees(not_sent.format(2), absent=(awaiting,))
    difficulty = services.difficulty_raise(
        actor=world["reporter"], plan=world["plan"], organization=world["health"], text="Thiếu kinh phí"
    )
    dost_sees(to_answer)
    services.difficulty_respond(actor=world["specialist"], difficulty=difficulty, response="Đã bố trí")
    dost_sees(absent=(to_answer,))
    period_open(world["specialist"], world["plan"], days_to_due=-3, name="Đợt bổ sung")
    dost_sees("Đợt bổ sung: 3 cơ quan chưa gửi báo cáo", not_sent.format(2))


def test_the_cached_reports_due_carry_each_readers_csrf_token(world):
    """The entries of the reports due are rendered once for the agency; each reader's form gets
    their own token, and a start posted with it passes the CSRF check."""
    home = reverse("site:home")
    start = reverse("plans:report_start", args=[world["period"].pk, world["health"].pk])
    for user in (world["reporter"], world["leader"]):  # the second page comes from the cache
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        page = _page(client, home)
        form = page[page.index(f'action="{start}"') :]
        token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert "\x00" not in page
        switch = reverse("set_language")
        assert client.post(switch, {"language": "vi", "csrfmiddlewaretoken": "x" * 64}).status_code == 403
        assert client.post(switch, {"language": "vi", "csrfmiddlewaretoken": token}).status_code == 302
    response = client.post(start, {"csrfmiddlewaretoken": token})  # the leader starts the report
    assert response.status_code == 302 and "/plans/reports/" in response["Location"]


def test_fragments_are_keyed_by_language_and_can_be_turned_off(settings):
    rendered = []

    def render() -> str:
        rendered.append(translation.get_language())
        return f"<p>{translation.get_language()}</p>"

    with translation.override("vi"):
        assert cached_fragment("t", (1,), render) == "<p>vi</p>"
        assert cached_fragment("t", (1,), render) == "<p>vi</p>"
        key_vi = fragment_key("t", (1,))
    with translation.override("en"):
        assert cached_fragment("t", (1,), render) == "<p>en</p>"
        assert fragment_key("t", (1,)) != key_vi
    assert rendered == ["vi", "en"]
    assert cached_value("v", (dt.date(2026, 1, 1),), lambda: [1, 2]) == [1, 2]
    assert cached_value("v", (dt.date(2026, 1, 1),), lambda: [3]) == [1, 2]
    settings.KHCN_FRAGMENT_SECONDS = 0
    assert cached_value("v", (dt.date(2026, 1, 1),), lambda: [3]) == [3]
    with translation.override("vi"):
        assert (
            cached_fragment("t", (1,), render) == "<p>vi</p>" and rendered[-1] == "vi" and len(rendered) == 3
        )
