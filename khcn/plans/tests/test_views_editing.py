"""The pages for correcting a saved plan: who may open them, and each form end to end."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.accounts.testing import role_users
from khcn.audit.models import AuditEvent
from khcn.plans import services
from khcn.plans.choices import AssignmentRole, PlanStatus
from khcn.plans.models import Assignment, Plan, PlanItem
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, agencies_and_rules, client, sample_parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    world = agencies_and_rules(make_user)
    world["plan"] = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    world["leader"] = make_user(Role.AGENCY_LEADER, organization=world["health"])
    world["sub"] = services.plan_import(
        actor=world["leader"],
        draft=ImportDraft.from_parse({**PARSE, "number": "5/KH-SYT"}),
        parent=world["plan"],
    )
    return world


def test_who_may_open_the_correction_pages(world, make_user):
    plan, sub = world["plan"], world["sub"]
    item = PlanItem.objects.get(plan=plan, path="II.1")
    sub_item = PlanItem.objects.get(plan=sub, path="II.1")
    expected = {
        Role.DOST_SPECIALIST: (200, 200),
        Role.DOST_LEADER: (200, 200),
        Role.SYSADMIN: (200, 200),
        Role.AGENCY_REPORTER: (403, 200),  # of Sở Y tế, which registered the sub-plan
        Role.AGENCY_LEADER: (403, 200),
        Role.APPLICANT: (403, 403),
        Role.COUNCIL_MEMBER: (403, 403),
        Role.COUNCIL_SECRETARY: (403, 403),
    }
    actors = role_users(organization=world["health"])
    seen = {}
    for name, user in actors.items():
        c = client(user) if user is not None else Client()
        codes = []
        for target, target_item in ((plan, item), (sub, sub_item)):
            edit = c.get(reverse("plans:plan_edit", args=[target.pk])).status_code
            item_page = c.get(reverse("plans:item_edit", args=[target.pk, target_item.pk])).status_code
            assert edit == item_page, name
            codes.append(edit)
        seen[name] = tuple(codes)
    assert seen.pop("anonymous") == (302, 302)  # to the login page
    assert seen == {role.value: codes for role, codes in expected.items()}
    other = make_user(Role.AGENCY_LEADER, organization=world["home_affairs"])
    assert client(other).get(reverse("plans:plan_edit", args=[sub.pk])).status_code == 403
    # Writes are refused the same way.
    response = client(world["leader"]).post(
        reverse("plans:plan_edit", args=[plan.pk]), {"action": "save", "version": plan.version, "title": "X"}
    )
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).title == PARSE["title"]
    # The plan page offers the correction only to those who may make it.
    detail = reverse("plans:plan_detail", args=[plan.pk])
    assert 'data-testid="plan-edit-link"' in client(world["specialist"]).get(detail).content.decode()
    assert 'data-testid="plan-edit-link"' not in client(world["leader"]).get(detail).content.decode()


def test_correcting_facts_items_and_assignments_through_the_pages(world):
    plan, specialist = world["plan"], world["specialist"]
    c = client(specialist)
    edit = reverse("plans:plan_edit", args=[plan.pk])
    page = c.get(edit).content.decode()
    assert 'data-testid="facts-form"' in page and "II.1" in page
    response = c.post(
        edit,
        {
            "action": "save",
            "version": plan.version,
            "doc_type": "Kế hoạch",
            "number": "12/KH-UBND",
            "issued_on": "05/02/2024",
            "issuer_name": "Ủy ban nhân dân tỉnh Cà Mau",
            "title": "KẾ HOẠCH THỰC HIỆN KẾT LUẬN 50",
            "implements": "50-KL/TW\n57-NQ/TW",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.title == "KẾ HOẠCH THỰC HIỆN KẾT LUẬN 50" and plan.implements == ["50-KL/TW", "57-NQ/TW"]
    # A second save from the page as first shown is refused, the input kept.
    stale = c.post(
        edit, {"action": "save", "version": plan.version - 1, "doc_type": "Kế hoạch", "title": "Cũ"}
    )
    assert stale.status_code == 200 and "Cũ" in stale.content.decode()
    assert Plan.objects.get(pk=plan.pk).title == "KẾ HOẠCH THỰC HIỆN KẾT LUẬN 50"

    # Add an item under II, then give it an assignment and correct it.
    part = PlanItem.objects.get(plan=plan, path="II")
    response = c.post(
        edit,
        {
            "action": "add_item",
            "version": plan.version,
            "parent": part.pk,
            "after": PlanItem.objects.get(plan=plan, path="II.1").pk,
            "label": "2",
            "heading": "Phát triển nguồn nhân lực",
            "deadline_text": "Quý IV/2026",
        },
    )
    assert response.status_code == 302
    new = PlanItem.objects.get(plan=plan, path="II.2")
    url = reverse("plans:item_edit", args=[plan.pk, new.pk])
    assert response["Location"] == url
    plan.refresh_from_db()
    response = c.post(
        url,
        {
            "action": "add_assignment",
            "new-version": plan.version,
            "new-organization": world["health"].pk,
            "new-role": AssignmentRole.LEAD,
            "new-reporting": "Báo cáo trước ngày 10/12 hằng năm",
        },
    )
    assert response.status_code == 302
    duty = Assignment.objects.get(item=new)
    assert duty.organization == world["health"] and duty.reporting.startswith("Báo cáo")
    # The same agency twice on the item is refused with a message, nothing added.
    plan.refresh_from_db()
    twice = c.post(
        url,
        {
            "action": "add_assignment",
            "new-version": plan.version,
            "new-organization": world["health"].pk,
            "new-role": AssignmentRole.COORDINATE,
        },
    )
    assert twice.status_code == 200 and "Sở Y tế" in twice.content.decode()
    assert Assignment.objects.filter(item=new).count() == 1
    response = c.post(
        url,
        {
            "action": "update_assignment",
            "assignment": duty.pk,
            f"a{duty.pk}-version": plan.version,
            f"a{duty.pk}-organization": world["home_affairs"].pk,
            f"a{duty.pk}-role": AssignmentRole.LEAD,
            f"a{duty.pk}-deadline_text": "Trước ngày 30/11/2026",
        },
    )
    assert response.status_code == 302
    duty = Assignment.objects.get(item=new)
    assert duty.organization == world["home_affairs"] and duty.due_on.isoformat() == "2026-11-30"
    # Remove the assignment (nothing reported: deleted), then the item.
    plan.refresh_from_db()
    missing_reason = c.post(
        url, {"action": "remove_assignment", "assignment": duty.pk, f"r{duty.pk}-version": plan.version}
    )
    assert missing_reason.status_code == 200 and Assignment.objects.filter(pk=duty.pk).exists()
    c.post(
        url,
        {
            "action": "remove_assignment",
            "assignment": duty.pk,
            f"r{duty.pk}-version": plan.version,
            f"r{duty.pk}-reason": "Giao nhầm",
        },
    )
    assert not Assignment.objects.filter(pk=duty.pk).exists()
    plan.refresh_from_db()
    response = c.post(url, {"action": "remove", "remove-version": plan.version, "remove-reason": "Thêm nhầm"})
    assert response.status_code == 302 and not PlanItem.objects.filter(pk=new.pk).exists()
    actions = set(AuditEvent.objects.filter(object_id=str(plan.pk)).values_list("action", flat=True))
    assert {
        "plans.plan.changed",
        "plans.item.added",
        "plans.assignment.added",
        "plans.assignment.changed",
        "plans.assignment.removed",
        "plans.item.removed",
    } <= actions


def test_moving_and_merging_items_through_the_page(world):
    plan, c = world["plan"], client(world["specialist"])
    item = PlanItem.objects.get(plan=plan, path="II.3")
    url = reverse("plans:item_edit", args=[plan.pk, item.pk])
    response = c.post(
        url,
        {
            "action": "move",
            "move-version": plan.version,
            "move-parent": PlanItem.objects.get(plan=plan, path="IV").pk,
        },
    )
    assert response.status_code == 302
    assert PlanItem.objects.get(pk=item.pk).path == "IV.3"
    plan.refresh_from_db()
    second = PlanItem.objects.get(plan=plan, path="IV.9 (second)")
    response = c.post(
        reverse("plans:item_edit", args=[plan.pk, second.pk]),
        {
            "action": "merge",
            "merge-version": plan.version,
            "merge-into": PlanItem.objects.get(plan=plan, path="IV.9").pk,
        },
    )
    assert response.status_code == 302
    merged = PlanItem.objects.get(plan=plan, path="IV.9")
    assert {a.organization.name for a in merged.assignments.all()} == {"Sở Nội vụ", "Sở Y tế"}
    assert not PlanItem.objects.filter(plan=plan, path="IV.9 (second)").exists()


def test_flagged_points_resolve_or_are_dismissed_on_the_pages(world):
    specialist = world["specialist"]
    plan = services.plan_import(
        actor=specialist,
        draft=ImportDraft.from_parse(
            sample_parse(
                assignments=[{"section": "II.1", "agency": "Sở Y tế", "role": "coordinate"}],
                number="",
                warnings=[
                    {"code": "blank_number", "message": "Số văn bản để trống"},
                    {
                        "code": "coordinate_without_lead",
                        "message": "Chưa có cơ quan chủ trì",
                        "where": "II.1",
                    },
                    {"code": "missing_subject", "message": "Câu không có chủ ngữ", "where": "IV.1"},
                ],
            )
        ),
    )
    c = client(specialist)
    detail = reverse("plans:plan_detail", args=[plan.pk])
    page = c.get(detail).content.decode()
    assert all(code in page for code in ('data-code="blank_number"', 'data-code="coordinate_without_lead"'))
    # Filling the number and giving II.1 a lead resolves two points.
    services.plan_update(actor=specialist, plan=plan, version=None, number="15/KH-UBND")
    services.assignment_add(
        actor=specialist,
        item=PlanItem.objects.get(plan=plan, path="II.1"),
        version=None,
        organization=world["dost"],
        role=AssignmentRole.LEAD,
    )
    page = c.get(detail).content.decode()
    assert 'data-code="blank_number"' not in page and 'data-code="coordinate_without_lead"' not in page
    assert 'data-code="missing_subject"' in page
    plan.refresh_from_db()
    edit = reverse("plans:plan_edit", args=[plan.pk])
    response = c.post(
        edit, {"action": "dismiss", "index": 2, "dismiss-reason": "Đã kiểm tra, câu nối tiếp ý trên"}
    )
    assert response.status_code == 302
    assert 'data-code="missing_subject"' not in c.get(detail).content.decode()
    assert 'data-testid="flagged"' not in c.get(edit).content.decode()


def test_withdraw_and_delete_through_the_page(world, make_user):
    c = client(world["specialist"])
    plan = services.plan_import(
        actor=world["specialist"], draft=ImportDraft.from_parse({**PARSE, "number": "30/KH-UBND"})
    )
    edit = reverse("plans:plan_edit", args=[plan.pk])
    assert c.post(edit, {"action": "delete", "delete-reason": ""}).status_code == 200
    assert Plan.objects.filter(pk=plan.pk).exists()
    response = c.post(edit, {"action": "delete", "delete-reason": "Nhập nhầm"})
    assert response.status_code == 302 and not Plan.objects.filter(pk=plan.pk).exists()
    plan = world["plan"]
    edit = reverse("plans:plan_edit", args=[plan.pk])
    # The plan has a sub-plan: deleting is refused, withdrawing works.
    refused = c.post(edit, {"action": "delete", "delete-reason": "Nhập nhầm"})
    assert refused.status_code == 200 and Plan.objects.filter(pk=plan.pk).exists()
    response = c.post(edit, {"action": "withdraw", "withdraw-reason": "Thay thế bởi Kế hoạch 40/KH-UBND"})
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.WITHDRAWN
    page = c.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert 'data-testid="plan-edit-link"' not in page


def test_the_correction_pages_run_the_same_queries_however_long_the_plan(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan, specialist = world["plan"], world["specialist"]
    c = client(specialist)
    item = PlanItem.objects.get(plan=plan, path="IV.1")

    def counts() -> tuple[int, int]:
        out = []
        for url in (
            reverse("plans:plan_edit", args=[plan.pk]),
            reverse("plans:item_edit", args=[plan.pk, item.pk]),
        ):
            c.get(url)  # warm what is cached per process
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out[0], out[1]

    before = counts()
    part = PlanItem.objects.get(plan=plan, path="II")
    for n in range(12):
        services.item_add(
            actor=specialist, plan=plan, version=None, parent=part, label=str(10 + n), heading=f"Mục {n}"
        )
    for org in (world["health"], world["home_affairs"]):
        if not item.assignments.filter(organization=org).exists():
            services.assignment_add(
                actor=specialist, item=item, version=None, organization=org, role=AssignmentRole.COORDINATE
            )
    assert counts() == before
    assert before[0] <= 20 and before[1] <= 20, before
