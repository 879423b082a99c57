"""One agency, one role, one line per item: group names mapped, names of merged agencies, the
seed plan's IV.1, the review screens, the merger of agencies, the data already saved, and the
dashboard's content groups."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.test import TestCase, override_settings
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.organizations.selectors import organization_group_members
from khcn.plans import selectors, services
from khcn.plans.choices import PeriodKind, TaskStatus
from khcn.plans.demo import SEED
from khcn.plans.models import AgencyReport, Assignment, Plan, ReportLine
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.selectors.duties import overlap_shown
from khcn.plans.services.duties import assignment_fold
from khcn.plans.tests.helpers import agencies_and_rules, client, period_open, sample_parse, submit

pytestmark = pytest.mark.django_db

GROUP = "các sở, ban, ngành có liên quan"


def _open(plan, path):
    """{agency name: role} of the open assignments on the item ``path``, and their number."""
    rows = list(
        Assignment.objects.filter(item__plan=plan, item__path=path, is_open=True, organization__isnull=False)
        .select_related("organization")
        .order_by("pk")
    )
    return {a.organization.name: a.role for a in rows}, len(rows)


def _no_agency_twice(plan):
    twice = (
        Assignment.objects.filter(item__plan=plan, is_open=True, organization__isnull=False)
        .values("item_id", "organization_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not twice.exists(), list(twice)


@pytest.fixture
def world(make_user):
    return agencies_and_rules(make_user)


def _plan(world, assignments):
    return services.plan_import(
        actor=world["specialist"], draft=ImportDraft.from_parse(sample_parse(assignments=assignments))
    )


# --- group names -----------------------------------------------------------------------------


def test_a_group_mapped_gives_no_second_assignment_to_the_lead_or_a_coordinator(world):
    plan = _plan(
        world,
        [
            {"section": "IV.1", "agency": "Sở Khoa học và Công nghệ", "role": "lead"},
            {"section": "IV.1", "agency": "Sở Y tế", "role": "coordinate"},
            {"section": "IV.1", "agency": GROUP, "role": "coordinate", "lead": "Sở Khoa học và Công nghệ"},
            {"section": "IV.9", "agency": "Sở Y tế", "role": "coordinate"},
            {
                "section": "IV.9",
                "agency": "các sở, ban, ngành",
                "role": "lead",
                "deadline": "trước 31/12/2030",
            },
        ],
    )
    dost, health, home = world["dost"], world["health"], world["home_affairs"]
    given = services.agency_map(
        actor=world["specialist"], plan=plan, agency_name=GROUP, organizations=[dost, health, home]
    )
    assert given == 1  # only the Sở Nội vụ was not on IV.1
    assert _open(plan, "IV.1") == (
        {"Sở Khoa học và Công nghệ": "lead", "Sở Y tế": "coordinate", "Sở Nội vụ": "coordinate"},
        3,
    )
    event = AuditEvent.objects.filter(action=services.AGENCY_MAPPED).latest("pk")
    merged = overlap_shown(event.changes["merged"][1])  # recorded as data, read in words
    assert len(merged) == 2
    assert "Sở Khoa học và Công nghệ" in merged[0] and GROUP in merged[0]
    assert "Sở Y tế" in merged[1]
    # A group that leads an item its agency coordinated: one assignment, now as lead, with the
    # group's deadline (the agency's own had none).
    services.agency_map(
        actor=world["specialist"], plan=plan, agency_name="các sở, ban, ngành", organizations=[health, home]
    )
    assert _open(plan, "IV.9") == ({"Sở Y tế": "lead", "Sở Nội vụ": "lead"}, 2)
    upgraded = Assignment.objects.get(item__plan=plan, item__path="IV.9", organization=health)
    assert upgraded.deadline_text == "trước 31/12/2030" and upgraded.due_on == dt.date(2030, 12, 31)
    _no_agency_twice(plan)
    # Every agency it names already has the item: the name's assignment goes, nothing is copied.
    plan2 = _plan(
        world,
        [
            {"section": "IV.1", "agency": "Sở Khoa học và Công nghệ", "role": "lead"},
            {"section": "IV.1", "agency": "Phòng X", "role": "coordinate"},
        ],
    )
    assert (
        services.agency_map(
            actor=world["specialist"], plan=plan2, agency_name="Phòng X", organizations=[dost]
        )
        == 0
    )
    assert _open(plan2, "IV.1") == ({"Sở Khoa học và Công nghệ": "lead"}, 1)
    assert not Assignment.objects.filter(item__plan=plan2, organization__isnull=True).exists()


def test_the_mapping_page_ticks_no_agency_that_already_has_the_item(world):
    plan = _plan(
        world,
        [
            {"section": "IV.1", "agency": "Sở Khoa học và Công nghệ", "role": "lead"},
            {"section": "IV.1", "agency": GROUP, "role": "coordinate"},
        ],
    )
    dost = client(world["specialist"])
    url = reverse("plans:plan_agencies", args=[plan.pk])
    page = dost.get(url)
    form = page.context["rows"][0]["form"]
    ticked = {o.pk for o in form.initial["candidates"]}
    assert world["dost"].pk not in ticked  # the lead of IV.1 is not ticked as its coordinator
    assert {world["health"].pk, world["home_affairs"].pk} <= ticked
    html = page.content.decode()
    assert 'data-testid="held"' in html and "IV.1" in html.split('data-testid="held"')[1][:80]
    # Ticked by hand all the same: still one assignment, and the message says why.
    response = dost.post(
        url,
        {
            "prefix": "a0",
            "a0-name": GROUP,
            "a0-candidates": [world["dost"].pk, world["health"].pk],
        },
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("Sở Khoa học và Công nghệ" in t and "IV.1" in t for t in texts), texts
    assert _open(plan, "IV.1") == ({"Sở Khoa học và Công nghệ": "lead", "Sở Y tế": "coordinate"}, 2)


# --- the import and the seed plan --------------------------------------------------------------


def test_two_names_of_one_agency_on_an_item_are_imported_as_one_assignment(world):
    org_services.organization_alias_add(actor=world["admin"], organization=world["health"], name="SYT")
    plan = _plan(
        world,
        [
            {"section": "II.1", "agency": "SYT", "role": "coordinate", "deadline": "trước ngày 30/6/2030"},
            {"section": "II.1", "agency": "Sở Y tế", "role": "lead"},
            {"section": "II.1", "agency": "Sở Y tế", "role": "coordinate"},
        ],
    )
    assert _open(plan, "II.1") == ({"Sở Y tế": "lead"}, 1)
    kept = Assignment.objects.get(item__plan=plan, item__path="II.1")
    assert kept.agency_name == "Sở Y tế" and kept.deadline_text == "trước ngày 30/6/2030"
    merged = overlap_shown(AuditEvent.objects.get(action=services.PLAN_IMPORTED).changes["merged"][1])
    assert len(merged) == 2 and all("II.1" in m for m in merged)


@pytest.fixture
def seeded(settings):
    """The demo: the agencies with their 2025 reorganisation, the seed plan imported, its reports."""
    with override_settings(KHCN_DEMO=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Plan.objects.get(source_name=SEED.name)


def test_the_seed_plans_iv1_names_the_finance_department_once(seeded):
    plan = seeded
    roles, count = _open(plan, "IV.1")
    # "Sở Tài chính" and "Sở Kế hoạch và Đầu tư" (merged into it on 01/03/2025): one coordinator.
    assert roles == {"Sở Khoa học và Công nghệ": "lead", "Sở Tài chính": "coordinate"} and count == 2
    merged = overlap_shown(
        AuditEvent.objects.get(action=services.PLAN_IMPORTED, object_id=str(plan.pk)).changes["merged"][1]
    )
    assert len(merged) == 1 and "Sở Kế hoạch và Đầu tư" in merged[0] and "IV.1" in merged[0]
    _no_agency_twice(plan)
    # Each report has one line per item.
    assert not (
        ReportLine.objects.filter(report__period__plan=plan)
        .values("report_id", "assignment__item_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )
    # The group of IV.1 mapped to every agency it covers today: no second assignment for the lead
    # (Sở Khoa học và Công nghệ) nor for the Sở Tài chính, the others get one each.
    group = "các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố có liên quan"
    members = organization_group_members(group)
    from khcn.accounts.models import User

    dost = User.objects.get(username="chuyenvien")
    given = services.agency_map(actor=dost, plan=plan, agency_name=group, organizations=members)
    assert given == len(members) - 2
    roles, count = _open(plan, "IV.1")
    assert count == len(roles) == len(members)  # every member once (the two already there among them)
    assert roles["Sở Khoa học và Công nghệ"] == "lead" and roles["Sở Tài chính"] == "coordinate"
    _no_agency_twice(plan)


def test_the_review_screen_says_what_the_import_folds_and_why(seeded, make_user):
    from khcn.organizations.models import Organization

    dost_org = Organization.objects.get(name="Sở Khoa học và Công nghệ", valid_to__isnull=True)
    dost = client(make_user(Role.DOST_SPECIALIST, organization=dost_org))
    with TestCase.captureOnCommitCallbacks(execute=True):  # the job reads the plan on commit
        response = dost.post(reverse("plans:plan_import"), {"text": SEED.read_text(encoding="utf-8")})
    response = dost.get(response["Location"], follow=True)  # progress, then the review
    html = response.content.decode()
    box = html.split('data-testid="overlaps"')[1].split("</section>")[0]
    assert "IV.1" in box and "“Sở Kế hoạch và Đầu tư”" in box and "Sở Tài chính" in box
    row = html.split('data-agency="Sở Kế hoạch và Đầu tư"')[1].split("</tr>")[0]
    assert 'data-testid="folded"' in row  # on IV.1; its row on IV.2 (the lead) is not folded
    assert html.count('data-testid="folded"') == 1


# --- mergers of agencies -------------------------------------------------------------------------


def test_a_merger_gives_the_successor_one_assignment_per_item_and_keeps_the_report_lines(world, make_user):
    admin, sp = world["admin"], world["specialist"]
    finance = org_services.organization_create(actor=admin, name="Sở Tài chính", kind=K.DEPARTMENT)
    planning = org_services.organization_create(actor=admin, name="Sở Kế hoạch và Đầu tư", kind=K.DEPARTMENT)
    plan = services.plan_import(
        actor=sp,
        draft=ImportDraft.from_parse(
            sample_parse(
                date="2019-08-01",
                assignments=[
                    {"section": "IV.1", "agency": "Sở Khoa học và Công nghệ", "role": "lead"},
                    {"section": "IV.1", "agency": "Sở Tài chính", "role": "coordinate"},
                    {"section": "IV.1", "agency": "Sở Kế hoạch và Đầu tư", "role": "coordinate"},
                    {"section": "IV.9", "agency": "Sở Kế hoạch và Đầu tư", "role": "lead"},
                    {"section": "IV.9", "agency": "Sở Tài chính", "role": "coordinate"},
                ],
            )
        ),
    )
    period = period_open(sp, plan)
    sent = {}
    for org in (finance, planning):
        reporter = make_user(Role.AGENCY_REPORTER, organization=org)
        leader = make_user(Role.AGENCY_LEADER, organization=org)
        report = services.report_start(actor=reporter, period=period, organization=org)
        lines = {
            line.pk: {"progress": "in_progress", "results": f"Kết quả của {org.name}"}
            for line in report.lines.all()
        }
        services.report_save(actor=reporter, report=report, version=report.version, summary="", lines=lines)
        sent[org.pk] = services.report_accept(actor=sp, report=submit(report, leader))
    org_services.organization_merge(
        actor=admin, sources=[planning], target=finance, date=dt.date(2025, 3, 1), decision="NQ 18"
    )
    assert _open(plan, "IV.1")[0] == {"Sở Khoa học và Công nghệ": "lead", "Sở Tài chính": "coordinate"}
    assert _open(plan, "IV.9") == ({"Sở Tài chính": "lead"}, 1)  # the stronger role wins
    _no_agency_twice(plan)
    # No line lost: the predecessor's accepted report keeps both its lines, now on the assignments
    # the Sở Tài chính carries on.
    kept = {
        a.item.path: a for a in Assignment.objects.filter(item__plan=plan, organization=finance, is_open=True)
    }
    lines = ReportLine.objects.filter(report=sent[planning.pk])
    assert lines.count() == 2 and {line.assignment_id for line in lines} == {kept["IV.1"].pk, kept["IV.9"].pk}
    assert ReportLine.objects.filter(report=sent[finance.pk]).count() == 2
    event = AuditEvent.objects.filter(action=services.ASSIGNMENTS_MOVED).latest("pk")
    assert len(event.changes["merged"][1]) == 2
    # The dashboard counts the Sở Tài chính once per item.
    dash = selectors.plan_dashboard(user=sp, plan=plan, period=period)
    by_agency = {a.name: a.counts.total for a in dash.agencies}
    assert by_agency["Sở Tài chính"] == 2


def test_folding_keeps_every_report_line(world, make_user):
    """Two assignments of one agency on one item (data from before the rule): the lines move,
    join in a report still being written, stay as sent in a sent report."""
    sp, health = world["specialist"], world["health"]
    plan = _plan(world, [{"section": "II.1", "agency": "Sở Y tế", "role": "coordinate"}])
    first = Assignment.objects.get(item__plan=plan)
    second = Assignment.objects.create(
        item=first.item,
        organization=health,
        agency_name="SYT",
        role="lead",
        deadline_text="2030",
        is_open=False,
    )
    old, new = period_open(sp, plan, name="Kỳ 1"), period_open(sp, plan, days_to_due=80, name="Kỳ 2")
    reporter, leader = (
        make_user(Role.AGENCY_REPORTER, organization=health),
        make_user(Role.AGENCY_LEADER, organization=health),
    )
    sent = services.report_start(actor=reporter, period=old, organization=health)
    ReportLine.objects.create(report=sent, assignment=second, progress="completed", results="Đã xong.")
    ReportLine.objects.filter(report=sent, assignment=first).update(
        progress="in_progress", results="Đang làm."
    )
    sent = services.report_accept(actor=sp, report=submit(sent, leader))
    draft = services.report_start(actor=reporter, period=new, organization=health)
    ReportLine.objects.create(report=draft, assignment=second, progress="in_progress", results="Phần hai.")
    ReportLine.objects.filter(report=draft, assignment=first).update(results="Phần một.")
    version = AgencyReport.objects.get(pk=draft.pk).version
    with transaction.atomic():
        assert assignment_fold(kept=first, other=second) == "closed"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.role == "lead" and first.deadline_text == "2030"  # the stronger role, the deadline
    joined = ReportLine.objects.get(report=draft, assignment=first)
    assert joined.results == "Phần một.\nPhần hai." and joined.progress == "in_progress"
    assert not ReportLine.objects.filter(report=draft, assignment=second).exists()
    assert AgencyReport.objects.get(pk=draft.pk).version == version + 1  # an open form is refused
    # The accepted report is as it was sent: both lines, one on the closed assignment.
    assert ReportLine.objects.get(report=sent, assignment=second).results == "Đã xong."
    assert not second.is_open and ("one role" in second.note or "một vai trò" in second.note)


def test_the_database_refuses_a_second_open_assignment(world):
    plan = _plan(world, [{"section": "II.1", "agency": "Sở Y tế", "role": "coordinate"}])
    first = Assignment.objects.get(item__plan=plan)
    Assignment.objects.create(
        item=first.item, organization=first.organization, agency_name="x", role="lead", is_open=False
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            item=first.item, organization=first.organization, agency_name="x", role="lead"
        )


@pytest.mark.django_db(transaction=True)
def test_the_migration_folds_the_duplicates_already_saved():
    executor = MigrationExecutor(connection)
    before, after = [("plans", "0007_plan_corrections")], [("plans", "0009_assignment_one_per_agency")]
    try:
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        Organization = apps.get_model("organizations", "Organization")
        Plan_, Item = apps.get_model("plans", "Plan"), apps.get_model("plans", "PlanItem")
        Assignment_, Period = (
            apps.get_model("plans", "Assignment"),
            apps.get_model("plans", "ReportingPeriod"),
        )
        Report, Line = apps.get_model("plans", "AgencyReport"), apps.get_model("plans", "ReportLine")
        org = Organization.objects.create(name="Sở Tài chính", name_sort="so tai chinh", kind="department")
        other = Organization.objects.create(name="Sở Y tế", name_sort="so y te", kind="department")
        plan = Plan_.objects.create(title="Kế hoạch")
        item = Item.objects.create(plan=plan, position=1, path="IV.1", label="1")
        named = Assignment_.objects.create(
            item=item, organization=org, agency_name="Sở Tài chính", role="coordinate"
        )
        merged_in = Assignment_.objects.create(
            item=item,
            organization=org,
            agency_name="Sở Kế hoạch và Đầu tư",
            role="lead",
            deadline_text="2030",
        )
        alone = Assignment_.objects.create(
            item=item, organization=other, agency_name="Sở Y tế", role="coordinate"
        )
        day = dt.date(2025, 1, 1)
        period = Period.objects.create(
            plan=plan, kind="annual", name="Năm 2025", start=day, end=day, due_on=day
        )
        accepted = Report.objects.create(period=period, organization=org, status="accepted")
        Line.objects.create(report=accepted, assignment=named, progress="completed", results="A")
        Line.objects.create(report=accepted, assignment=merged_in, progress="in_progress", results="B")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        apps = executor.loader.project_state(after).apps
        Assignment_ = apps.get_model("plans", "Assignment")
        Line = apps.get_model("plans", "ReportLine")
        opened = Assignment_.objects.filter(item_id=item.pk, is_open=True)
        # The lead (stronger) is kept with its deadline; the other one's sent line stays on it,
        # closed; the agency alone on the item is untouched.
        assert {(a.organization_id, a.role) for a in opened} == {(org.pk, "lead"), (other.pk, "coordinate")}
        assert opened.get(organization_id=org.pk).pk == merged_in.pk
        closed = Assignment_.objects.get(pk=named.pk)
        assert not closed.is_open and Line.objects.filter(report_id=accepted.pk).count() == 2
        assert Assignment_.objects.filter(pk=alone.pk, is_open=True).exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


# --- the dashboard's content groups -------------------------------------------------------------


def test_content_groups_say_what_they_count_when_an_item_is_in_two(world, make_user):
    sp = world["specialist"]
    plan = _plan(
        world,
        [
            {
                "section": "IV.1",
                "agency": "Sở Khoa học và Công nghệ",
                "role": "lead",
                "related_sections": ["II.1", "II.3.c"],
            },
            {"section": "IV.9", "agency": "Sở Nội vụ", "role": "lead", "related_sections": ["II.1"]},
            {"section": "IV.9 (second)", "agency": "Sở Y tế", "role": "lead", "related_sections": ["II.3.c"]},
        ],
    )
    period = services.period_create(actor=sp, plan=plan, kind=PeriodKind.ANNUAL, year=2099)
    reporter = make_user(Role.AGENCY_REPORTER, organization=world["health"])
    leader = make_user(Role.AGENCY_LEADER, organization=world["health"])
    report = services.report_start(actor=reporter, period=period, organization=world["health"])
    services.report_save(
        actor=reporter,
        report=report,
        version=report.version,
        summary="",
        lines={line.pk: {"progress": "completed"} for line in report.lines.all()},
    )
    submit(report, leader)
    dash = selectors.plan_dashboard(user=sp, plan=plan)
    groups = {g.group.path: g.counts.total for g in dash.groups}
    assert groups == {"II.1": 2, "II.3": 2}  # IV.1 restates both: counted under each
    assert dash.totals.total == 3 and dash.grouped.total == 3
    assert dash.in_several_groups == 1 and dash.group_rows_sum == 4
    assert dash.grouped.by_bucket[TaskStatus.ON_TIME] == 1
    html = client(sp).get(reverse("plans:plan_dashboard", args=[plan.pk])).content.decode()
    table = html.split('data-testid="by-group"')[1].split("</section>")[0]
    total_row = table.split('data-group="total"')[1].split("</tr>")[0]
    assert ">3</a>" in total_row  # the assignments once
    note = table.split('data-testid="groups-note"')[1].split("</p>")[0]
    assert "4" in note and "3" in note and "1" in note
    # Without an assignment in two groups the rows add up, and the note says so.
    plan2 = _plan(
        world, [{"section": "IV.9", "agency": "Sở Nội vụ", "role": "lead", "related_sections": ["II.1"]}]
    )
    dash2 = selectors.plan_dashboard(user=sp, plan=plan2)
    assert dash2.in_several_groups == 0 and dash2.group_rows_sum == dash2.grouped.total == 1
