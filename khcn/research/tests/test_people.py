"""Who does what on a task, through the pages: the host's account names the principal
investigator and the host's leader, and each finds their own work on their home page (the
investigator the reports, the leader what it endorses); the leader endorses an adjustment and
confirms the Form 5 summary; the DOST's leader takes the Department's decisions while a
specialist records the People's Committee's; the budget goes to an appraisal team with a member
of the Department of Finance, and a team that does not pass it sends the task back to the host."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.core.exceptions import DomainError
from khcn.councils import services as councils
from khcn.councils.choices import CouncilKind
from khcn.councils.registry import subject
from khcn.research import services
from khcn.research.choices import AdjustmentKind, AdjustmentStatus, Issuer, TaskRole, TaskState
from khcn.research.models import Task, TaskDocument
from khcn.research.tests.test_lifecycle import _decision, _task
from khcn.research.tests.test_proposals import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def running(world, make_user):  # noqa: F811
    """A task under way, hosted by the applicant's account, with a report due soon."""
    task = _task(ordered_on=dt.date(2026, 1, 15))
    Task.objects.filter(pk=task.pk).update(
        state=TaskState.IN_PROGRESS,
        owner=world["applicant"],
        host_name="Viện Nuôi trồng thủy sản II",
        starts_on=TODAY - dt.timedelta(days=170),
        ends_on=TODAY + dt.timedelta(days=560),
        budget_state=900_000_000,
    )
    task.refresh_from_db()
    services.progress_schedule(task)
    world["investigator"] = make_user(Role.APPLICANT, email="chunhiem@vien2.example")
    return task


def test_the_host_names_its_people_and_each_sees_their_own_work(world, running):  # noqa: F811
    owner = _client(world["applicant"])
    page = owner.get(reverse("research:task_detail", args=[running.pk]))
    assert 'data-testid="member-form"' in page.content.decode()
    url = reverse("research:task_member_set", args=[running.pk])
    response = owner.post(url, {"role": TaskRole.INVESTIGATOR, "email": "nobody@x.example"}, follow=True)
    assert "nobody@x.example" in response.content.decode()  # the message names the address
    for role, email in (
        (TaskRole.INVESTIGATOR, "chunhiem@vien2.example"),
        (TaskRole.LEADER, "hieutruong@vien2.example"),
    ):
        owner.post(url, {"role": role, "email": email})
    assert set(running.members.values_list("role", flat=True)) == {TaskRole.INVESTIGATOR, TaskRole.LEADER}
    # Another applicant reads the published task but cannot name anyone.
    assert (
        _client(world["other"]).post(url, {"role": TaskRole.LEADER, "email": "x@y.example"}).status_code
        == 403
    )

    # The investigator asks for an adjustment; their home lists the report due, not the endorsement.
    investigator, leader = world["investigator"], world["host_leader"]
    services.adjustment_request(
        actor=investigator, task=running, kind=AdjustmentKind.CONTENT, description="Đổi địa điểm", reason="Lũ"
    )
    home = _client(investigator).get(reverse("site:home")).content.decode()
    assert 'data-testid="host-todo"' in home and "Báo cáo định kỳ" in home
    assert "Xác nhận đề nghị" not in home
    leader_home = _client(leader).get(reverse("site:home")).content.decode()
    assert running.code in leader_home and (
        "Xác nhận đề nghị" in leader_home or "Endorse the request" in leader_home
    )
    assert "Báo cáo định kỳ" not in leader_home

    # The DOST does not see an adjustment to decide until the leader endorsed it.
    adjustment = running.adjustments.get()
    dost_home = _client(world["specialist"]).get(reverse("site:home")).content.decode()
    assert "todo=adjustments" not in dost_home
    assert (
        _client(investigator).post(reverse("research:adjustment_endorse", args=[adjustment.pk])).status_code
        == 403
    )
    _client(leader).post(reverse("research:adjustment_endorse", args=[adjustment.pk]))
    adjustment.refresh_from_db()
    assert adjustment.endorsed_by == leader and adjustment.endorsed_on == TODAY
    dost_home = _client(world["specialist"]).get(reverse("site:home")).content.decode()
    assert "todo=adjustments" in dost_home

    # The leader may withdraw a request not yet decided (audited), the DOST cannot.
    assert (
        _client(world["specialist"])
        .post(reverse("research:adjustment_withdraw", args=[adjustment.pk]))
        .status_code
        == 403
    )
    _client(leader).post(reverse("research:adjustment_withdraw", args=[adjustment.pk]))
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.WITHDRAWN


def test_the_host_leader_confirms_the_form_5_summary(world, running):  # noqa: F811
    services.task_member_set(
        actor=world["applicant"], task=running, role=TaskRole.LEADER, email="hieutruong@vien2.example"
    )
    Task.objects.filter(pk=running.pk).update(state=TaskState.LIQUIDATED, accepted_on=TODAY)
    services.registration_submit(
        actor=world["applicant"], task=running, data={"authors": "Trần Thị B", "summary": "Quy trình nuôi."}
    )
    leader = _client(world["host_leader"])
    page = leader.get(reverse("research:task_detail", args=[running.pk])).content.decode()
    assert 'data-testid="registration-confirm"' in page
    assert (
        _client(world["applicant"])
        .post(reverse("research:registration_confirm", args=[running.pk]))
        .status_code
        == 403
    )
    leader.post(reverse("research:registration_confirm", args=[running.pk]))
    running.refresh_from_db()
    assert running.registration["confirmed_on"] == TODAY.isoformat()
    assert running.registration["confirmed_by"] == world["host_leader"].full_name
    # New data from the investigator is confirmed again.
    services.registration_submit(
        actor=world["applicant"],
        task=running,
        data={"authors": "Trần Thị B", "summary": "Quy trình nuôi, bản sửa."},
    )
    running.refresh_from_db()
    assert "confirmed_on" not in running.registration
    with pytest.raises(DomainError):
        services.registration_record(
            actor=world["specialist"], task=running, archive_number="1/KQNC", registered_on=TODAY
        )


def test_the_dost_leader_takes_the_departments_decisions(world, running):  # noqa: F811
    specialist, leader = world["specialist"], world["leader"]
    # The step page offers a specialist the People's Committee only; the leader both, the
    # delegation's choice first.
    url = reverse("research:task_step", args=[running.pk, "suspend"])
    page = _client(specialist).get(url).content.decode()
    assert 'value="ppc"' in page and 'value="dost"' not in page
    page = _client(leader).get(url).content.decode()
    assert 'value="dost" selected' in page  # the rule set: a suspension is the Department's
    # A specialist posting a Department's decision by hand is refused, nothing recorded.
    response = _client(specialist).post(
        url,
        {"number": "3/QĐ-SKHCN", "signed_on": TODAY.strftime("%d/%m/%Y"), "issuer": "dost", "note": "Chậm"},
    )
    assert response.status_code == 200
    running.refresh_from_db()
    assert running.state == TaskState.IN_PROGRESS and not TaskDocument.objects.filter(task=running).exists()
    with pytest.raises(DomainError) as refused:
        services.suspend(actor=specialist, task=running, decision=_decision("3/QĐ-SKHCN"), note="Chậm")
    assert refused.value.code == "leader_decides"
    with pytest.raises(DomainError):  # the assets decision too
        services.document_record(
            actor=specialist, task=running, kind="assets", decision=_decision("4/QĐ-SKHCN")
        )
    # The Committee's decision is recorded by the specialist; the Department's by its leader.
    services.suspend(
        actor=specialist, task=running, decision=_decision("5/QĐ-UBND", issuer=Issuer.PPC), note="Chậm"
    )
    services.resume(actor=specialist, task=running, note="Khắc phục")
    services.suspend(actor=leader, task=running, decision=_decision("6/QĐ-SKHCN"), note="Chậm lần hai")
    running.refresh_from_db()
    assert running.state == TaskState.SUSPENDED
    # An adjustment the Department approves: the leader, not the specialist.
    services.resume(actor=specialist, task=running, note="Khắc phục")
    services.task_member_set(
        actor=world["applicant"], task=running, role=TaskRole.LEADER, email="hieutruong@vien2.example"
    )
    adjustment = services.adjustment_request(
        actor=world["applicant"],
        task=running,
        kind=AdjustmentKind.CONTENT,
        description="Đổi mẫu",
        reason="Lũ",
    )
    services.adjustment_endorse(actor=world["host_leader"], adjustment=adjustment)
    assert adjustment.approver == Issuer.DOST
    with pytest.raises(DomainError) as adjust:
        services.adjustment_decide(
            actor=specialist, adjustment=adjustment, approve=True, decision=_decision("7/QĐ-SKHCN")
        )
    assert adjust.value.code == "leader_decides"
    services.adjustment_decide(
        actor=leader, adjustment=adjustment, approve=True, decision=_decision("7/QĐ-SKHCN")
    )
    # The leader's home says what is theirs.
    assert 'data-testid="leader-note"' in _client(leader).get(reverse("site:home")).content.decode()
    assert 'data-testid="leader-note"' not in _client(specialist).get(reverse("site:home")).content.decode()


def test_the_budget_goes_to_a_team_with_the_department_of_finance(world):  # noqa: F811
    dost = world["specialist"]
    task = _task(ordered_on=dt.date(2026, 1, 15))
    Task.objects.filter(pk=task.pk).update(
        state=TaskState.IN_APPRAISAL, owner=world["applicant"], budget_state=800_000_000
    )
    team = councils.council_create(
        actor=dost, name="Tổ thẩm định", kind=CouncilKind.BUDGET_APPRAISAL, organization=world["dost"]
    )
    councils.member_add(actor=dost, council=team, full_name="Ông A", role="chair", affiliation="Sở KH&CN")
    client = _client(dost)
    page = client.get(reverse("research:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="to-appraisal"' in page and 'data-testid="appraisal-status"' in page
    url = reverse("research:task_to_council", args=[task.pk])
    response = client.post(url, {"council": team.pk})
    assert response.status_code == 200 and "Sở Tài chính" in response.content.decode()  # the message names it
    assert not team.items.exists()
    # A member whose account belongs to the Department of Finance counts too.
    from khcn.organizations.choices import OrganizationKind
    from khcn.organizations.services import organization_create

    finance = organization_create(actor=dost, name="Sở Tài chính", kind=OrganizationKind.DEPARTMENT)
    from khcn.accounts.tests.factories import user_with_role

    officer = user_with_role(Role.AGENCY_REPORTER, organization=finance)
    councils.member_add(actor=dost, council=team, full_name=officer.full_name, role="member", user=officer)
    assert services.finance_members(team, "Sở Tài chính") == [officer.full_name]
    assert client.post(url, {"council": team.pk}).status_code == 302
    assert team.items.get().subject == services.SUBJECT_APPRAISAL
    # The team does not pass the estimate: back to the host to revise it, audited.
    subject("research.appraisal").on_outcome(
        str(task.pk), {"passed": False, "reasons": ["Định mức công lao động cao"]}
    )
    task.refresh_from_db()
    assert task.state == TaskState.RECOMMENDED and task.appraised_on is None
    history = (
        _client(dost).get(reverse("research:task_detail", args=[task.pk]) + "?tab=history").content.decode()
    )
    assert "Định mức công lao động cao" in history


def test_who_may_do_what_on_a_hosted_task(world, running, make_user):  # noqa: F811
    """The role-by-action matrix of ``TaskPolicy`` on an unpublished task with its host's
    account, investigator and leader named: ✓ exactly where the table says."""
    from khcn.accounts.testing import role_users
    from khcn.research.permissions import task_policy

    Task.objects.filter(pk=running.pk).update(published=False)
    services.task_member_set(
        actor=world["applicant"], task=running, role=TaskRole.INVESTIGATOR, email="chunhiem@vien2.example"
    )
    services.task_member_set(
        actor=world["applicant"], task=running, role=TaskRole.LEADER, email="hieutruong@vien2.example"
    )
    people = {
        **role_users(),
        "host account": world["applicant"],
        "investigator": world["investigator"],
        "host leader": world["host_leader"],
    }
    expected = {  # view, manage, decide, act, endorse, staff
        "dost_specialist": "✓✓···✓",
        "dost_leader": "✓✓✓··✓",
        "sysadmin": "✓✓···✓",
        "agency_reporter": "······",
        "agency_leader": "······",
        "council_member": "······",
        "council_secretary": "······",
        "applicant": "······",
        "anonymous": "······",
        "host account": "✓··✓·✓",
        "investigator": "✓··✓··",
        "host leader": "✓···✓·",
    }
    task = Task.objects.get(pk=running.pk)
    got = {
        name: "".join("✓" if task_policy.can(user, action, task) else "·" for action in task_policy.actions)
        for name, user in people.items()
    }
    assert task_policy.actions == ("view", "manage", "decide", "act", "endorse", "staff")
    assert got == expected


def test_an_ordering_list_the_department_issues_is_its_leaders(world):  # noqa: F811
    common = {"call": world["call"], "number": "1/QĐ-SKHCN", "decided_on": TODAY, "methods": {}}
    with pytest.raises(DomainError) as refused:
        services.order_list_approve(actor=world["specialist"], issuer=Issuer.DOST, **common)
    assert refused.value.code == "leader_decides"
    with pytest.raises(DomainError) as nothing:  # the leader passes: the next check speaks
        services.order_list_approve(actor=world["leader"], issuer=Issuer.DOST, **common)
    assert nothing.value.code == "nothing_ordered"
    with pytest.raises(DomainError) as specialist:  # the Committee's, recorded by the specialist
        services.order_list_approve(actor=world["specialist"], issuer=Issuer.PPC, **common)
    assert specialist.value.code == "nothing_ordered"
