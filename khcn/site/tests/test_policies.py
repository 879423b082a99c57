"""Every policy answers the same question twice the same way: for every role, every action and
every object in every state, ``can(user, action, obj)`` is true exactly when ``obj`` is in
``visible(user, Model.objects.all(), action)``. A page that lists objects (``visible``) and the
page of one of them (``can``) can then never disagree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.accounts.permissions import user_policy
from khcn.accounts.testing import role_users
from khcn.classifications.models import Scheme
from khcn.classifications.permissions import scheme_policy
from khcn.core.models import RuleSet
from khcn.councils.models import Council
from khcn.councils.permissions import council_policy
from khcn.experts import services as expert_services
from khcn.experts.models import Expert
from khcn.experts.permissions import expert_policy
from khcn.library.models import Collection, Record
from khcn.library.permissions import collection_policy, record_policy
from khcn.notifications.models import Notification
from khcn.notifications.permissions import notification_policy
from khcn.organizations.models import Organization
from khcn.organizations.permissions import organization_policy
from khcn.plans import services
from khcn.plans.models import AgencyReport, ConsolidatedReport, Difficulty, Plan, PlanImport
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.permissions import (
    consolidated_report_policy,
    difficulty_policy,
    plan_import_policy,
    plan_policy,
    report_policy,
)
from khcn.plans.tests.helpers import PARSE, agencies_and_rules, period_open, submit
from khcn.research.models import Adjustment, Application, Call, ProgressReport, Proposal, Task
from khcn.research.permissions import (
    application_policy,
    call_policy,
    proposal_policy,
    task_part_policy,
    task_policy,
)
from khcn.site.permissions import ruleset_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(make_user) -> dict[str, Any]:
    """Reports in every state for two agencies, difficulties open and answered, a sub-plan."""
    world = agencies_and_rules(make_user)
    specialist = world["specialist"]
    plan = services.plan_import(actor=specialist, draft=ImportDraft.from_parse(PARSE))
    period = period_open(specialist, plan)
    later = period_open(specialist, plan, days_to_due=80, name="Đợt sau")
    people = {}
    for agency in (world["health"], world["home_affairs"]):
        people[agency.pk] = (
            make_user(Role.AGENCY_REPORTER, organization=agency),
            make_user(Role.AGENCY_LEADER, organization=agency),
        )
    states = {"draft": [], "submitted": [], "returned": [], "accepted": []}
    for agency in (world["health"], world["home_affairs"]):
        reporter, leader = people[agency.pk]
        for p, fate in ((period, "accepted"), (later, "returned")):
            report = services.report_start(actor=reporter, period=p, organization=agency)
            submit(report, leader)
            if fate == "accepted":
                services.report_accept(actor=specialist, report=report)
            else:
                services.report_return(actor=specialist, report=report, note="Bổ sung")
        states["accepted"].append(AgencyReport.objects.get(period=period, organization=agency))
        states["returned"].append(AgencyReport.objects.get(period=later, organization=agency))
    third = period_open(specialist, plan, days_to_due=120, name="Đợt ba")
    fourth = period_open(specialist, plan, days_to_due=160, name="Đợt bốn")
    for agency in (world["health"], world["home_affairs"]):
        reporter, leader = people[agency.pk]
        states["draft"].append(services.report_start(actor=reporter, period=third, organization=agency))
        submitted = services.report_start(actor=reporter, period=fourth, organization=agency)
        states["submitted"].append(submit(submitted, leader))
    difficulty = services.difficulty_raise(
        actor=people[world["health"].pk][0], plan=plan, organization=world["health"], text="Thiếu kinh phí"
    )
    services.difficulty_respond(actor=specialist, difficulty=difficulty, response="Đã bố trí")
    services.difficulty_raise(
        actor=people[world["home_affairs"].pk][0],
        plan=plan,
        organization=world["home_affairs"],
        text="Thiếu người",
    )
    leader = people[world["health"].pk][1]
    services.plan_import(
        actor=leader, draft=ImportDraft.from_parse({**PARSE, "number": "5/KH-SYT"}), parent=plan
    )
    # Consolidated reports: issued (number and date) or awaiting their number, for the plan
    # both agencies take part in and for one where neither has a duty.
    outside = services.plan_import(
        actor=specialist,
        draft=ImportDraft.from_parse(
            {
                **PARSE,
                "number": "9/KH-UBND",
                "assignments": [{"section": "IV.1", "agency": "Sở Khoa học và Công nghệ", "role": "lead"}],
            }
        ),
    )
    outside_period = period_open(specialist, outside, name="Đợt ngoài")
    for p, number, date in (
        (period, "05/BC-SKHCN", dt.date(2026, 1, 5)),
        (period, "     /BC-SKHCN", None),
        (later, "06/BC-SKHCN", None),
        (outside_period, "07/BC-SKHCN", dt.date(2026, 1, 6)),
    ):
        ConsolidatedReport.objects.create(
            period=p,
            number=number,
            document_date=date,
            summary="Báo cáo",
            signer_position="PHÓ GIÁM ĐỐC",
            signer_name="Nguyễn Văn An",
            docx=b"",
            docx_sha256="0" * 64,
        )
    actors = role_users(organization=world["health"])
    actors["reporter (other agency)"] = people[world["home_affairs"].pk][0]
    actors["leader (other agency)"] = people[world["home_affairs"].pk][1]
    actors["inactive DOST specialist"] = make_user(Role.DOST_SPECIALIST, organization=world["dost"])
    User.objects.filter(pk=actors["inactive DOST specialist"].pk).update(is_active=False)
    actors["inactive DOST specialist"].refresh_from_db()
    # Experts: with an account (the council member's own), with and without consent.
    own = expert_services.expert_create(
        actor=specialist, full_name="Võ Minh Quang", user=actors["council_member"], email="q@example.invalid"
    )
    expert_services.expert_create(actor=specialist, full_name="Lê Thị Đồng Ý", public_profile_consent=True)
    private = expert_services.expert_create(actor=specialist, full_name="Trần Văn Riêng")
    expert_services.relative_add(actor=specialist, expert=private, relative=own, relation="sibling")
    # Councils: the matrix council with seats (a member, a secretary, a removed member) and a
    # second council none of them sits on.
    from khcn.councils.models import CouncilMember

    matrix = Council.objects.get(name="Hội đồng ma trận")
    CouncilMember.objects.create(council=matrix, user=actors["council_member"], full_name="A", role="member")
    CouncilMember.objects.create(
        council=matrix, user=actors["council_secretary"], full_name="B", role="secretary"
    )
    CouncilMember.objects.create(
        council=matrix,
        user=actors["reporter (other agency)"],
        full_name="C",
        role="member",
        removed_on=dt.date(2026, 1, 1),
    )
    Council.objects.create(name="Hội đồng khác", organization=world["dost"])
    assert all(states.values()), states
    return {"actors": actors}


def _research(objects: dict) -> None:
    """A call, and a proposal of each status by the applicant and by the specialist."""
    import datetime as dt

    from khcn.research.choices import ProposalStatus

    actors = objects["actors"]
    specialist = next(u for n, u in actors.items() if u is not None and "specialist" in n)
    applicant = next((u for n, u in actors.items() if u is not None and "applicant" in n), specialist)
    call = Call.objects.create(
        title="Đợt 2027",
        year=2027,
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 12, 31),
        organization=Organization.objects.first(),
    )
    for proposer in (applicant, specialist):
        for status in ProposalStatus.values:
            Proposal.objects.create(call=call, title=f"Đề xuất {status}", proposer=proposer, status=status)
    from khcn.research.choices import ApplicationStatus

    # Published or not, hosted by the applicant's account or by nobody.
    for n, (published, owner) in enumerate(
        ((True, None), (False, None), (False, applicant), (True, applicant)), 1
    ):
        task = Task.objects.create(
            code=f"2026-00{n}",
            title="Nhiệm vụ",
            method="direct",
            regime="2025",
            ordered_on=dt.date(2026, 3, 1),
            published=published,
            owner=owner,
        )
        ProgressReport.objects.create(task=task, period=f"P{n}", due_on=dt.date(2026, 7, 15))
        Adjustment.objects.create(
            task=task,
            kind="content",
            description="Đổi",
            reason="Vì",
            approver="dost",
            requested_by=specialist,
            requested_on=dt.date(2026, 4, 1),
        )
        for who in (applicant, specialist):
            for status in ApplicationStatus.values:
                Application.objects.create(
                    task=task, applicant=who, host_name="Viện", investigator="TS. A", status=status
                )
    # The host's investigator and leader (``TaskMember``) on unpublished tasks, owned or not.
    from khcn.research.models import TaskMember

    reporter = actors.get("agency_reporter") or specialist
    agency_leader = actors.get("agency_leader") or specialist
    TaskMember.objects.create(task=Task.objects.get(code="2026-002"), user=reporter, role="investigator")
    TaskMember.objects.create(task=Task.objects.get(code="2026-003"), user=agency_leader, role="leader")
    TaskMember.objects.create(task=Task.objects.get(code="2026-003"), user=reporter, role="investigator")


def _library(objects: dict[str, Any]) -> None:
    """Records in every status and access level, deposited by the applicant or nobody, in a
    collection curated by an agency reporter and one curated by nobody."""
    from khcn.library.choices import Access, RecordStatus
    from khcn.library.models import Collection, Record

    actors = objects["actors"]
    applicant = actors.get("applicant")
    curated = Collection.objects.create(code="curated", name="Có người phụ trách")
    curated.curators.add(actors["agency_reporter"])
    plain = Collection.objects.create(code="plain", name="Không")
    today = dt.date.today()
    for collection in (curated, plain):
        for status in RecordStatus.values:
            for access, extra in (
                (Access.PUBLIC, {}),
                (Access.SIGNED_IN, {}),
                (Access.ROLES, {"access_roles": ",applicant,council_member,"}),
                (Access.EMBARGO, {"embargo_until": today + dt.timedelta(days=30)}),
                (Access.EMBARGO, {"embargo_until": today - dt.timedelta(days=1)}),
            ):
                for depositor in (applicant, None):
                    Record.objects.create(
                        collection=collection,
                        kind="article",
                        title=f"{status} {access}",
                        issued_year=2026,
                        status=status,
                        access=access,
                        depositor=depositor,
                        **extra,
                    )


POLICIES = [
    (report_policy, AgencyReport),
    (difficulty_policy, Difficulty),
    (plan_policy, Plan),
    (plan_import_policy, PlanImport),
    (user_policy, User),
    (organization_policy, Organization),
    (ruleset_policy, RuleSet),
    (consolidated_report_policy, ConsolidatedReport),
    (council_policy, Council),
    (expert_policy, Expert),
    (scheme_policy, Scheme),
    (notification_policy, Notification),
    (call_policy, Call),
    (proposal_policy, Proposal),
    (task_policy, Task),
    (application_policy, Application),
    (task_part_policy, ProgressReport),
    (task_part_policy, Adjustment),
    (record_policy, Record),
    (collection_policy, Collection),
]


@pytest.mark.parametrize(
    ("policy", "model"), POLICIES, ids=lambda v: getattr(v, "__name__", type(v).__name__)
)
def test_can_and_visible_agree_for_every_role_action_and_object(objects, policy, model):
    if model in (Call, Proposal, Task, Application, ProgressReport, Adjustment):
        _research(objects)
    if model in (Record, Collection):
        _library(objects)
    if model is PlanImport:  # one import of each actor's, in each state
        statuses = [s for s, _label in PlanImport.STATUSES]
        for i, user in enumerate(u for u in objects["actors"].values() if u is not None):
            PlanImport.objects.create(owner=user, status=statuses[i % len(statuses)])
    if model is RuleSet:
        RuleSet.objects.create(code="x", title="X", effective_from=dt.date(2025, 1, 1), parameters={})
    if model is Notification:  # one each, read or not (an inactive account's too)
        for i, user in enumerate(u for u in objects["actors"].values() if u is not None):
            Notification.objects.create(
                recipient=user, subject="Thông báo", read_at=dt.datetime.now(dt.UTC) if i % 2 else None
            )
    rows = list(model._default_manager.all())
    assert rows, model
    problems = []
    for name, user in objects["actors"].items():
        if user is not None:
            user = User.objects.get(pk=user.pk)  # fresh: no cached memberships
        for action in policy.actions:
            visible = set(
                policy.visible(user, model._default_manager.all(), action).values_list("pk", flat=True)
            )
            for obj in rows:
                allowed = policy.can(user, action, obj)
                if allowed != (obj.pk in visible):
                    problems.append(
                        f"{type(policy).__name__} {action} {name} on {obj!r}: can={allowed}, visible={obj.pk in visible}"
                    )
    assert not problems, "\n".join(problems[:40])


def test_every_policy_with_an_object_rule_is_covered():
    """A new policy joins the list above (its models in every state) or this test fails."""
    from khcn.core.permissions import Policy

    def subclasses(cls: type) -> set[type]:
        found = set()
        for sub in cls.__subclasses__():
            found |= {sub} | subclasses(sub)
        return found

    known = {type(p) for p, _m in POLICIES}
    ours = {
        c for c in subclasses(Policy) if c.__module__.startswith("khcn.") and ".tests." not in c.__module__
    }
    ours.discard(__import__("khcn.accounts.permissions", fromlist=["RolePolicy"]).RolePolicy)
    assert ours <= known, f"not covered: {sorted(c.__name__ for c in ours - known)}"
