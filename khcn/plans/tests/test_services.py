import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError, TransitionNotAllowed
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.plans import services
from khcn.plans.choices import PeriodKind
from khcn.plans.models import Assignment, PlanItem, ReportLine
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import agencies_and_rules, sample_parse, submit

pytestmark = pytest.mark.django_db

PARSE = sample_parse(
    assignments=[
        {
            "section": "IV.1",
            "agency": "Sở Khoa học và Công nghệ",
            "role": "lead",
            "related_sections": ["II.1"],
            "deadline": "hằng năm",
        },
        {"section": "IV.9", "agency": "Sở Nội vụ", "role": "lead"},
        {"section": "IV.9 (second)", "agency": "Sở Y tế", "role": "lead", "related_sections": ["II.3.c"]},
        {"section": "IV.9 (second)", "agency": "Ủy ban nhân dân các huyện, thành phố", "role": "coordinate"},
    ],
    warnings=[{"code": "duplicate_label", "where": "IV.9"}],
)


@pytest.fixture
def world(make_user):
    world = agencies_and_rules(make_user)
    world["reporter"] = make_user(Role.AGENCY_REPORTER, organization=world["health"])
    world["leader"] = make_user(Role.AGENCY_LEADER, organization=world["health"])
    return world


def test_import_saves_tree_assignments_and_resolves_agencies(world):
    plan = services.plan_import(
        actor=world["specialist"], draft=ImportDraft.from_parse(PARSE), source_text="…"
    )
    assert plan.issuer == world["ubnd"] and plan.issued_on == dt.date(2024, 2, 5)
    paths = list(PlanItem.objects.filter(plan=plan).values_list("path", flat=True))
    assert paths == ["II", "II.1", "II.3", "II.3.c", "IV", "IV.1", "IV.9", "IV.9 (second)"]
    health_item = PlanItem.objects.get(plan=plan, path="IV.9 (second)")
    assert [i.path for i in health_item.related.all()] == ["II.3.c"]
    group = Assignment.objects.get(agency_name__startswith="Ủy ban nhân dân các huyện")
    assert group.organization is None  # a group: left for the DOST to map
    assert Assignment.objects.get(item=health_item, role="lead").organization == world["health"]
    assert AuditEvent.objects.filter(action=services.PLAN_IMPORTED).count() == 1


def test_import_refused_for_council_member_and_on_empty_parse(world, make_user):
    with pytest.raises(PermissionDenied):
        services.plan_import(actor=make_user(Role.COUNCIL_MEMBER), draft=ImportDraft.from_parse(PARSE))
    with pytest.raises(DomainError):
        services.plan_import(
            actor=world["specialist"], draft=ImportDraft.from_parse({**PARSE, "sections": []})
        )


def test_annual_period_bounds_follow_the_rule_set(world):
    start, end, due = services.period_bounds(PeriodKind.ANNUAL, 2025)
    assert (start, end, due) == (dt.date(2024, 12, 15), dt.date(2025, 12, 14), dt.date(2025, 12, 19))


def test_report_cycle_with_return_and_optimistic_locking(world):
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    period = services.period_create(actor=world["specialist"], plan=plan, kind=PeriodKind.ANNUAL, year=2099)
    report = services.report_start(actor=world["reporter"], period=period, organization=world["health"])
    line = ReportLine.objects.get(report=report)
    report = services.report_save(
        actor=world["reporter"],
        report=report,
        version=1,
        summary="Tình hình chung",
        lines={line.pk: {"progress": "in_progress", "results": "Đã triển khai"}},
    )
    with pytest.raises(DomainError):  # a second editor with the old version is refused
        services.report_save(actor=world["leader"], report=report, version=1, summary="Ghi đè", lines={})
    with pytest.raises(PermissionDenied):  # only the leader submits
        services.report_submit(actor=world["reporter"], report=report)
    report = submit(report, world["leader"])
    assert report.status == "submitted" and not report.is_late
    with pytest.raises(PermissionDenied):
        services.report_accept(actor=world["leader"], report=report)
    report = services.report_return(actor=world["specialist"], report=report, note="Bổ sung số liệu")
    report = services.report_save(
        actor=world["reporter"], report=report, version=report.version, summary="Đã bổ sung", lines={}
    )
    report = submit(report, world["leader"])
    report = services.report_accept(actor=world["specialist"], report=report)
    assert report.status == "accepted"
    with pytest.raises(PermissionDenied):  # locked
        services.report_save(
            actor=world["reporter"], report=report, version=report.version, summary="x", lines={}
        )
    with pytest.raises(TransitionNotAllowed):
        services.report_return(actor=world["specialist"], report=report, note="muộn")


def test_late_submission_is_marked(world):
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    period = services.period_create(actor=world["specialist"], plan=plan, kind=PeriodKind.ANNUAL, year=2020)
    report = services.report_start(actor=world["reporter"], period=period, organization=world["health"])
    report = submit(report, world["leader"])
    assert report.is_late


def test_open_assignments_follow_mergers_and_splits(world):
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    admin = world["specialist"]
    new_health = org_services.organization_merge(
        actor=admin,
        sources=[world["health"]],
        date=dt.date(2025, 7, 1),
        new=org_services.NewOrganization(name="Sở Y tế mới", kind=K.DEPARTMENT),
    )
    moved = Assignment.objects.get(item__plan=plan, item__path="IV.9 (second)", role="lead")
    assert moved.organization == new_health and moved.is_open
    parts = org_services.organization_split(
        actor=admin,
        organization=new_health,
        date=dt.date(2026, 1, 1),
        parts=[org_services.NewOrganization(name=n, kind=K.DEPARTMENT) for n in ("Sở A", "Sở B")],
    )
    moved.refresh_from_db()
    assert not moved.is_open
    copies = Assignment.objects.filter(item=moved.item, is_open=True, role="lead")
    assert {a.organization for a in copies} == set(parts)
    assert AuditEvent.objects.filter(action=services.ASSIGNMENTS_MOVED, object_id=str(plan.pk)).count() == 2


def test_import_keeps_structured_deadlines(world):
    from khcn.plans.parser import parse_text
    from khcn.plans.tests.helpers import PARSE

    seed = (Path(__file__).resolve().parents[1] / "fixtures" / "ke-hoach-kl50-ca-mau.txt").read_text(
        encoding="utf-8"
    )
    plan = services.plan_import(
        actor=world["specialist"], draft=ImportDraft.from_parse(parse_text(seed).to_json())
    )
    dated = Assignment.objects.filter(item__plan=plan).exclude(deadline=None)
    assert dated.exists()
    assert all(isinstance(a.deadline, dict) and a.deadline.get("kind") for a in dated)
    # A deadline typed on the review screen (a string) is read again.
    data = {
        **PARSE,
        "number": "77/KH-UBND",
        "assignments": [{"section": "II.1", "agency": "Sở Y tế", "role": "lead", "deadline": "Quý II/2025"}],
    }
    typed = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(data))
    assignment = Assignment.objects.get(item__plan=typed)
    assert assignment.deadline_text == "Quý II/2025"
    assert assignment.deadline == {"kind": "quarter", "text": "Quý II/2025", "year": 2025, "quarter": 2}


@pytest.mark.django_db(transaction=True)
def test_write_services_open_their_own_transaction():
    """Outside any transaction (as in a real request), each write service still runs atomically
    (audit.record refuses to run outside one)."""
    from khcn.accounts.tests.factories import user_with_role
    from khcn.plans.tests.helpers import PARSE

    admin = user_with_role(Role.SYSADMIN)
    dost = org_services.organization_create(actor=admin, name="Sở Khoa học và Công nghệ", kind=K.DEPARTMENT)
    health = org_services.organization_create(actor=admin, name="Sở Y tế", kind=K.DEPARTMENT)
    specialist = user_with_role(Role.DOST_SPECIALIST, organization=dost)
    reporter = user_with_role(Role.AGENCY_REPORTER, organization=health)
    plan = services.plan_import(actor=specialist, draft=ImportDraft.from_parse(PARSE))
    difficulty = services.difficulty_raise(actor=reporter, plan=plan, organization=health, text="Vướng mắc")
    services.difficulty_respond(actor=specialist, difficulty=difficulty, response="Đã trả lời")
    services.agency_map(
        actor=specialist,
        plan=services.plan_import(
            actor=specialist,
            draft=ImportDraft.from_parse(
                {**PARSE, "assignments": [{"section": "II.1", "agency": "Phòng X", "role": "lead"}]}
            ),
        ),
        agency_name="Phòng X",
        organizations=[health],
    )
    assert AuditEvent.objects.filter(action="plans.plan.imported").count() == 2


def test_an_empty_report_is_refused_and_not_started_items_are_confirmed(world, make_user):
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    period = services.period_create(actor=world["specialist"], plan=plan, kind=PeriodKind.ANNUAL, year=2099)
    report = services.report_start(actor=world["reporter"], period=period, organization=world["health"])
    events = AuditEvent.objects.count()
    for confirmed in (False, True):  # nothing written: refused whatever the answer
        with pytest.raises(DomainError) as refused:
            services.report_submit(actor=world["leader"], report=report, confirmed=confirmed)
        assert refused.value.code == "guard_failed" and "(IV.9 (thứ hai))" in refused.value.message
    report.refresh_from_db()
    assert report.status == "draft" and AuditEvent.objects.count() == events
    # Something said: why IV.9 (second) has not started; left "not started", it needs a yes.
    line = report.lines.get()
    report = services.report_save(
        actor=world["reporter"],
        report=report,
        version=report.version,
        summary="",
        lines={line.pk: {"progress": "not_started", "difficulties": "Chưa có kinh phí"}},
    )
    with pytest.raises(DomainError) as asked:
        services.report_submit(actor=world["leader"], report=report)
    assert asked.value.code == "confirmation_needed"
    assert asked.value.message.startswith("Còn 1 mục để “Chưa triển khai” (IV.9 (thứ hai))")
    report.refresh_from_db()
    assert report.status == "draft"
    report = services.report_submit(actor=world["leader"], report=report, confirmed=True)
    assert report.status == "submitted"
    # A summary alone is something said (why nothing could be done yet).
    home_affairs = world["home_affairs"]
    reporter_b = make_user(Role.AGENCY_REPORTER, organization=home_affairs)
    leader_b = make_user(Role.AGENCY_LEADER, organization=home_affairs)
    other = services.report_start(actor=reporter_b, period=period, organization=home_affairs)
    other = services.report_save(
        actor=reporter_b, report=other, version=other.version, summary="Chưa bố trí được kinh phí.", lines={}
    )
    assert services.report_submit(actor=leader_b, report=other, confirmed=True).status == "submitted"
