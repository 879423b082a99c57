"""Correcting a saved plan: facts, items, assignments, flagged points, withdrawal, deletion —
audited, with what agencies already wrote kept."""

from __future__ import annotations

from typing import Any

import pytest

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError, PermissionDenied
from khcn.plans import services
from khcn.plans.choices import AssignmentRole, PlanStatus, ReportStatus
from khcn.plans.models import AgencyReport, Assignment, Plan, PlanItem, ReportLine
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.permissions import plan_policy
from khcn.plans.tests.helpers import PARSE, agencies_and_rules, client, period_open, sample_parse, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user) -> dict[str, Any]:
    world = agencies_and_rules(make_user)
    world["plan"] = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    world["reporter"] = make_user(Role.AGENCY_REPORTER, organization=world["health"])
    world["leader"] = make_user(Role.AGENCY_LEADER, organization=world["health"])
    return world


def item(plan: Plan, path: str) -> PlanItem:
    return PlanItem.objects.get(plan=plan, path=path)


def fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def actions(plan: Plan) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(plan.pk)).order_by("id").values_list("action", flat=True)
    )


def test_facts_are_corrected_audited_and_raise_both_versions(world):
    plan, specialist = world["plan"], world["specialist"]
    before = fresh(plan)
    services.plan_update(
        actor=specialist,
        plan=plan,
        version=before.version,
        title="KẾ HOẠCH ĐÃ SỬA",
        number="13/KH-UBND",
        implements=["50-KL/TW", "  ", "57-NQ/TW"],
    )
    after = fresh(plan)
    assert (after.title, after.number, after.implements) == (
        "KẾ HOẠCH ĐÃ SỬA",
        "13/KH-UBND",
        ["50-KL/TW", "57-NQ/TW"],
    )
    assert after.version == before.version + 1 and after.data_version == before.data_version + 1
    event = AuditEvent.objects.filter(action=services.editing.PLAN_CHANGED).get()
    assert event.changes["number"] == ["12/KH-UBND", "13/KH-UBND"]
    # A save from the page as it was before is refused, nothing is written.
    with pytest.raises(DomainError) as refused:
        services.plan_update(actor=specialist, plan=plan, version=before.version, title="Khác")
    assert refused.value.code == "stale_version"
    assert fresh(plan).title == "KẾ HOẠCH ĐÃ SỬA"
    with pytest.raises(DomainError):
        services.plan_update(actor=specialist, plan=plan, version=after.version, title="  ")


def test_only_the_dost_or_the_agency_owning_a_sub_plan_may_correct(world, make_user):
    plan, leader, reporter = world["plan"], world["leader"], world["reporter"]
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=leader, plan=plan, version=None, title="X")
    sub = services.plan_import(
        actor=leader, draft=ImportDraft.from_parse({**PARSE, "number": "5/KH-SYT"}), parent=plan
    )
    assert sub.owner == world["health"]
    services.plan_update(actor=reporter, plan=sub, version=None, number="6/KH-SYT")
    assert fresh(sub).number == "6/KH-SYT"
    other = make_user(Role.AGENCY_LEADER, organization=world["home_affairs"])
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=other, plan=sub, version=None, number="7/KH-SYT")
    assert set(plan_policy.visible(reporter, Plan.objects.all(), "change")) == {sub}
    assert set(plan_policy.visible(other, Plan.objects.all(), "change")) == set()


def test_items_are_added_moved_and_renumbered(world):
    plan, specialist = world["plan"], world["specialist"]
    part_two = item(plan, "II")
    added = services.item_add(
        actor=specialist,
        plan=plan,
        version=None,
        parent=part_two,
        after=item(plan, "II.1"),
        label="2",
        heading="Đào tạo",
    )
    assert added.path == "II.2" and added.depth == 1
    order = list(PlanItem.objects.filter(plan=plan).order_by("position").values_list("path", flat=True))
    assert order.index("II.1") < order.index("II.2") < order.index("II.3")
    # Move II.3 (with its II.3.c) under IV, first.
    moved = services.item_move(
        actor=specialist, item=item(plan, "II.3"), version=None, parent=item(plan, "IV")
    )
    assert moved.path == "IV.3"
    assert item(plan, "IV.3.c").depth == 2
    order = list(PlanItem.objects.filter(plan=plan).order_by("position").values_list("path", flat=True))
    assert order == ["II", "II.1", "II.2", "IV", "IV.3", "IV.3.c", "IV.1", "IV.9", "IV.9 (second)"]
    with pytest.raises(DomainError):  # under itself
        services.item_move(
            actor=specialist, item=item(plan, "IV.3"), version=None, parent=item(plan, "IV.3.c")
        )
    assert [a for a in actions(plan) if a.startswith("plans.item")] == [
        "plans.item.added",
        "plans.item.moved",
    ]


def test_a_new_deadline_moves_the_due_date_of_assignments_without_their_own(world):
    plan, specialist = world["plan"], world["specialist"]
    target = item(plan, "II.1")
    services.item_update(
        actor=specialist,
        item=target,
        version=None,
        deadline_text="Trước ngày 30/6/2026",
        heading="Tuyên truyền, phổ biến",
    )
    duty = Assignment.objects.get(item=target)
    assert duty.due_on is not None and (duty.due_on.month, duty.due_on.day, duty.due_on.year) == (6, 30, 2026)
    assert item(plan, "II.1").heading == "Tuyên truyền, phổ biến"


def test_an_assignment_added_joins_the_drafts_and_duplicates_are_refused(world):
    plan, specialist = world["plan"], world["specialist"]
    period = period_open(specialist, plan)
    report = services.report_start(actor=world["reporter"], period=period, organization=world["health"])
    assert report.lines.count() == 2
    duty = services.assignment_add(
        actor=specialist,
        item=item(plan, "IV.1"),
        version=None,
        organization=world["health"],
        role=AssignmentRole.COORDINATE,
        deadline_text="Quý IV/2026",
        reporting="Báo cáo Sở KH&CN trước 10/12",
    )
    assert report.lines.filter(assignment=duty).exists()
    with pytest.raises(DomainError) as twice:
        services.assignment_add(
            actor=specialist,
            item=item(plan, "IV.1"),
            version=None,
            organization=world["health"],
            role=AssignmentRole.LEAD,
        )
    assert twice.value.code == "duplicate_assignment"
    services.assignment_update(
        actor=specialist, assignment=duty, version=None, role=AssignmentRole.LEAD, note="Sửa"
    )
    duty.refresh_from_db()
    assert duty.role == AssignmentRole.LEAD and duty.note == "Sửa"


def test_removing_what_was_reported_keeps_it_in_sent_reports_with_a_note(world):
    plan, specialist, leader = world["plan"], world["specialist"], world["leader"]
    first = period_open(specialist, plan, name="Đợt 1")
    sent = services.report_start(actor=world["reporter"], period=first, organization=world["health"])
    line = sent.lines.get(assignment__item__path="II.1")
    services.report_save(
        actor=leader,
        report=sent,
        version=sent.version,
        summary="",
        lines={line.pk: {"progress": "in_progress", "results": "Đã tổ chức 3 hội nghị"}},
    )
    submit(sent, leader)
    services.report_accept(actor=specialist, report=sent)
    second = period_open(specialist, plan, days_to_due=80, name="Đợt 2")
    draft = services.report_start(actor=world["reporter"], period=second, organization=world["health"])
    assert draft.lines.filter(assignment__item__path="II.1").exists()

    outcome = services.item_remove(
        actor=specialist, item=item(plan, "II.1"), version=None, reason="Trùng với mục II.3"
    )
    assert outcome == "removed"
    removed = item(plan, "II.1")
    assert removed.removed_on is not None and removed.removed_note == "Trùng với mục II.3"
    duty = Assignment.objects.get(item=removed)
    assert not duty.is_open and "Trùng với mục II.3" in duty.note
    # Gone from the draft, kept in the accepted report with what was written.
    assert not draft.lines.filter(assignment=duty).exists()
    assert ReportLine.objects.get(report=sent, assignment=duty).results == "Đã tổ chức 3 hội nghị"
    page = client(specialist).get(sent.get_absolute_url()).content.decode()
    assert 'data-testid="removed-item"' in page and "Trùng với mục II.3" in page
    # An item nobody reported on is deleted outright, and a reason is required.
    with pytest.raises(DomainError):
        services.item_remove(actor=specialist, item=item(plan, "II.3"), version=None, reason=" ")
    assert (
        services.item_remove(actor=specialist, item=item(plan, "II.3"), version=None, reason="Nhập nhầm")
        == "deleted"
    )
    assert not PlanItem.objects.filter(plan=plan, path__startswith="II.3").exists()


def test_merging_items_keeps_one_line_per_agency_with_the_stronger_role(world):
    plan, specialist = world["plan"], world["specialist"]
    # Sở Y tế coordinates II.1 and leads IV.9 (second): merge II.1 into IV.9 (second).
    into = services.item_merge(
        actor=specialist, item=item(plan, "II.1"), into=item(plan, "IV.9 (second)"), version=None
    )
    duties = Assignment.objects.filter(item=into, organization=world["health"])
    assert [(d.role, d.is_open) for d in duties] == [(AssignmentRole.LEAD, True)]
    assert "Tuyên truyền" in into.text
    assert not PlanItem.objects.filter(plan=plan, path="II.1").exists()


def test_a_plan_with_sent_reports_is_withdrawn_not_deleted(world):
    plan, specialist, leader = world["plan"], world["specialist"], world["leader"]
    period = period_open(specialist, plan)
    submit(
        services.report_start(actor=world["reporter"], period=period, organization=world["health"]), leader
    )
    with pytest.raises(DomainError) as refused:
        services.plan_delete(actor=specialist, plan=plan, reason="Nhập nhầm")
    assert refused.value.code == "has_reports"
    services.plan_withdraw(actor=specialist, plan=plan, reason="Đã được thay thế bởi Kế hoạch 20/KH-UBND")
    plan = fresh(plan)
    assert plan.status == PlanStatus.WITHDRAWN
    assert not Assignment.objects.filter(item__plan=plan, is_open=True).exists()
    assert AgencyReport.objects.filter(period__plan=plan, status=ReportStatus.SUBMITTED).count() == 1
    with pytest.raises(DomainError):
        services.plan_update(actor=specialist, plan=plan, version=None, title="X")
    with pytest.raises(DomainError):
        period_open(specialist, plan, name="Đợt mới")


def test_a_plan_imported_by_mistake_is_deleted_with_its_drafts(world):
    plan, specialist = world["plan"], world["specialist"]
    period = period_open(specialist, plan)
    services.report_start(actor=world["reporter"], period=period, organization=world["health"])
    services.plan_delete(actor=specialist, plan=plan, reason="Nhập nhầm văn bản")
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert AuditEvent.objects.filter(action=services.editing.PLAN_DELETED, object_id=str(plan.pk)).exists()


def test_flagged_points_are_dismissed_with_a_reason(world):
    specialist = world["specialist"]
    plan = services.plan_import(
        actor=specialist,
        draft=ImportDraft.from_parse(
            sample_parse(
                assignments=[{"section": "IV.1", "agency": "Sở Y tế", "role": "lead"}],
                number="14/KH-UBND",
                warnings=[{"code": "no_deadline", "message": "Không thấy thời hạn", "where": "IV.1"}],
            )
        ),
    )
    with pytest.raises(DomainError):
        services.warning_dismiss(actor=specialist, plan=plan, index=0, reason="")
    services.warning_dismiss(actor=specialist, plan=plan, index=0, reason="Kế hoạch không giao thời hạn")
    assert fresh(plan).parse_warnings[0]["dismissed"]["reason"] == "Kế hoạch không giao thời hạn"


def test_an_item_is_added_first_or_after_a_sibling_never_elsewhere(world):
    plan, specialist = world["plan"], world["specialist"]
    four = item(plan, "IV")
    first = services.item_add(
        actor=specialist, plan=plan, version=None, parent=four, label="0", heading="Mở đầu"
    )
    order = list(PlanItem.objects.filter(plan=plan).order_by("position").values_list("path", flat=True))
    assert order.index("IV") + 1 == order.index(first.path)
    with pytest.raises(DomainError) as refused:  # II.1 is not under IV
        services.item_add(
            actor=specialist,
            plan=plan,
            version=None,
            parent=four,
            after=item(plan, "II.1"),
            heading="Lạc chỗ",
        )
    assert refused.value.code == "bad_anchor"
    assert not PlanItem.objects.filter(plan=plan, heading="Lạc chỗ").exists()
