"""A council's life through the services: composition checked against its rule set, the
decision, a session with attendance, members' sheets (own only, bounded, locked once
submitted, transcribed by the secretary), the tally on closing (refused without quorum), the
outcome handed back to the registered module, reconvening. Every step audited; the policy
decides who may."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError, GuardFailed, PermissionDenied
from khcn.councils import registry, services
from khcn.councils.choices import CouncilKind, CouncilStatus, MemberRole, SheetStatus
from khcn.councils.models import Council, Sheet
from khcn.councils.permissions import council_policy
from khcn.councils.tests.helpers import ROLES_9, sheet_total
from khcn.organizations.choices import OrganizationKind
from khcn.organizations.services import organization_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    call_command("rulesets_sync", stdout=io.StringIO())
    admin = make_user(Role.SYSADMIN)
    dost = organization_create(actor=admin, name="Sở Khoa học và Công nghệ", kind=OrganizationKind.DEPARTMENT)
    specialist = make_user(Role.DOST_SPECIALIST, organization=dost)
    outcomes: dict[str, dict] = {}
    registry.register(
        "test.application",
        label="Hồ sơ",
        title=lambda pk: f"Hồ sơ đăng ký số {pk}",
        on_outcome=lambda pk, outcome: outcomes.__setitem__(pk, outcome),
    )
    council = services.council_create(
        actor=specialist,
        name="Hội đồng tuyển chọn nhiệm vụ năm 2026",
        kind=CouncilKind.SELECTION,
        organization=dost,
        rubric="applied_rnd",
    )
    people = [make_user(Role.COUNCIL_MEMBER) for _ in ROLES_9]
    seats = [
        services.member_add(
            actor=specialist, council=council, full_name=f"Thành viên {i}", role=role, user=user
        )
        for i, (role, user) in enumerate(zip(ROLES_9, people, strict=True), start=1)
    ]
    yield {
        "specialist": specialist,
        "council": council,
        "seats": seats,
        "people": people,
        "outcomes": outcomes,
    }
    registry.unregister("test.application")


def _to_session(world) -> None:
    specialist, council = world["specialist"], world["council"]
    services.item_add(actor=specialist, council=council, subject="test.application", subject_id="7")
    from khcn.councils.workflow import COUNCIL_WORKFLOW

    COUNCIL_WORKFLOW.apply("propose", actor=specialist, obj=council)
    services.decision_record(
        actor=specialist,
        council=council,
        number="45/QĐ-SKHCN",
        date=dt.date(2026, 3, 2),
        signer_name="Nguyễn Văn An",
        signer_position="Phó Giám đốc",
    )
    services.session_schedule(actor=specialist, council=council, at=timezone.now(), place="Phòng họp Sở")
    secretary = world["seats"][2]
    seated = list(council.members.filter(removed_on__isnull=True).select_related("user"))
    for seat in seated:
        services.attendance_set(actor=world["specialist"], member=seat, present=True)
    COUNCIL_WORKFLOW.apply("open", actor=secretary.user, obj=council)
    for seat in seated:
        for item in council.items.all():
            services.declaration_sign(actor=seat.user, member=seat, item=item)


def test_the_composition_follows_the_rule_set(world, make_user):
    specialist, council = world["specialist"], world["council"]
    from khcn.councils.workflow import COUNCIL_WORKFLOW

    services.member_remove(actor=specialist, member=world["seats"][3], reason="Có xung đột lợi ích")
    with pytest.raises(GuardFailed) as refused:  # one reviewer left of two
        COUNCIL_WORKFLOW.apply("propose", actor=specialist, obj=council)
    assert "2" in refused.value.message
    services.member_add(
        actor=specialist, council=council, full_name="Phản biện mới", role=MemberRole.REVIEWER
    )
    COUNCIL_WORKFLOW.apply("propose", actor=specialist, obj=council)
    with pytest.raises(GuardFailed):  # no decision number yet
        COUNCIL_WORKFLOW.apply("decide", actor=specialist, obj=council)
    assert Council.objects.get(pk=council.pk).status == CouncilStatus.PROPOSED


def test_a_session_from_sheets_to_tally_hands_the_outcome_back(world):
    _to_session(world)
    council, seats = world["council"], world["seats"]
    item = council.items.get()
    assert item.title == "Hồ sơ đăng ký số 7"
    for seat in seats:
        services.sheet_save(actor=seat.user, member=seat, item=item, scores=sheet_total(80), submit=True)
    with pytest.raises(DomainError) as locked:
        services.sheet_save(
            actor=seats[0].user, member=seats[0], item=item, scores=sheet_total(10), submit=True
        )
    assert locked.value.code == "sheet_locked"
    session = services.session_close(actor=seats[2].user, council=council)
    assert Council.objects.get(pk=council.pk).status == CouncilStatus.CLOSED
    result = session.tally["items"][0]
    assert result["passed"] is True and result["final_mean"] == "80.00"
    assert world["outcomes"]["7"]["final_mean"] == "80.00"
    codes = set(AuditEvent.objects.filter(object_id=str(council.pk)).values_list("action", flat=True))
    assert {
        "councils.council.decide",
        "councils.council.open",
        "councils.session.tallied",
        "councils.council.close",
    } <= codes


def test_sheets_are_bounded_own_and_transcribed_only_by_the_secretary(world):
    _to_session(world)
    council, seats = world["council"], world["seats"]
    item = council.items.get()
    member, other, secretary = seats[5], seats[6], seats[2]
    for bad in ({"1": 13}, {"1": -1}, {"1": "mười"}, {"9": 1}):
        with pytest.raises(DomainError) as refused:
            services.sheet_save(
                actor=member.user, member=member, item=item, scores={**sheet_total(70), **bad}
            )
        assert refused.value.code == "bad_score"
    # Another member's sheet cannot be forged; nothing is written.
    with pytest.raises(PermissionDenied):
        services.sheet_save(actor=member.user, member=other, item=item, scores=sheet_total(90), submit=True)
    assert not Sheet.objects.filter(member=other).exists()
    # The secretary transcribes a paper sheet, marked as such.
    sheet = services.sheet_save(
        actor=secretary.user, member=other, item=item, scores=sheet_total(75), submit=True
    )
    assert sheet.transcribed_by == secretary.user and sheet.status == SheetStatus.SUBMITTED


def test_no_quorum_no_tally(world):
    _to_session(world)
    council, seats = world["council"], world["seats"]
    for seat in seats[4:]:
        services.attendance_set(actor=world["specialist"], member=seat, present=False, written_opinion="Vắng")
    item = council.items.get()
    for seat in seats[:4]:
        services.sheet_save(actor=seat.user, member=seat, item=item, scores=sheet_total(90), submit=True)
    with pytest.raises(DomainError) as refused:
        services.session_close(actor=seats[2].user, council=council)
    assert refused.value.code == "no_quorum"
    assert Council.objects.get(pk=council.pk).status == CouncilStatus.IN_SESSION


def test_who_may_see_and_run_a_council(world, make_user):
    council, seats = world["council"], world["seats"]
    outsider = make_user(Role.COUNCIL_MEMBER)
    applicant = make_user(Role.APPLICANT)
    assert council_policy.can(seats[5].user, "view", council) and council_policy.can(
        seats[5].user, "fill", council
    )
    assert not council_policy.can(seats[5].user, "run", council)
    assert council_policy.can(seats[2].user, "run", council)  # the scientific secretary
    for user in (outsider, applicant):
        assert not council_policy.can(user, "view", council)
        assert council not in council_policy.visible(user, Council.objects.all())
    with pytest.raises(PermissionDenied):
        services.member_add(actor=seats[0].user, council=council, full_name="X", role=MemberRole.MEMBER)


def test_a_conflicted_member_is_blocked_until_a_dost_leader_lifts_it(world, make_user):
    from khcn.councils.models import Declaration
    from khcn.experts import services as expert_services

    specialist, council = world["specialist"], world["council"]
    applicant = organization_create(
        actor=make_user(Role.SYSADMIN),
        name="Trường Đại học Bạc Liêu",
        kind=OrganizationKind.SCIENCE_ORGANIZATION,
    )
    expert = expert_services.expert_create(
        actor=specialist, full_name="Lê Văn Xung Đột", organization=applicant
    )
    seat = services.member_add(
        actor=specialist,
        council=council,
        full_name="",
        role=MemberRole.MEMBER,
        user=make_user(Role.COUNCIL_MEMBER),
        expert=expert,
    )
    services.member_remove(actor=specialist, member=world["seats"][8], reason="Thay thành viên")
    services.item_add(
        actor=specialist, council=council, title="Hồ sơ của Trường", parties={"organizations": [applicant.pk]}
    )
    _to_session(world)
    item = council.items.get(title="Hồ sơ của Trường")
    declaration = Declaration.objects.get(member=seat, item=item)
    assert declaration.blocked and "Trường Đại học Bạc Liêu" in declaration.reasons[0]
    with pytest.raises(DomainError) as refused:
        services.sheet_save(actor=seat.user, member=seat, item=item, scores=sheet_total(90), submit=True)
    assert refused.value.code == "conflicted"
    with pytest.raises(PermissionDenied):  # a specialist may not lift it
        services.conflict_override(actor=specialist, declaration=declaration, reason="Không đáng kể")
    leader = make_user(Role.DOST_LEADER)
    with pytest.raises(DomainError):
        services.conflict_override(actor=leader, declaration=declaration, reason=" ")
    services.conflict_override(
        actor=leader, declaration=declaration, reason="Chỉ thỉnh giảng, không tham gia hồ sơ"
    )
    services.sheet_save(actor=seat.user, member=seat, item=item, scores=sheet_total(80), submit=True)
    assert AuditEvent.objects.filter(
        action="councils.declaration.overridden", object_id=str(council.pk)
    ).exists()


def test_a_sheet_opens_only_after_the_declaration(world):
    specialist, council = world["specialist"], world["council"]
    services.item_add(actor=specialist, council=council, title="Hồ sơ số 9")
    from khcn.councils.workflow import COUNCIL_WORKFLOW

    COUNCIL_WORKFLOW.apply("propose", actor=specialist, obj=council)
    services.decision_record(
        actor=specialist,
        council=council,
        number="46/QĐ-SKHCN",
        date=dt.date(2026, 3, 2),
        signer_name="A",
        signer_position="B",
    )
    services.session_schedule(actor=specialist, council=council, at=timezone.now())
    for seat in world["seats"]:
        services.attendance_set(actor=specialist, member=seat, present=True)
    COUNCIL_WORKFLOW.apply("open", actor=specialist, obj=council)
    seat, item = world["seats"][5], council.items.get()
    with pytest.raises(DomainError) as refused:
        services.sheet_save(actor=seat.user, member=seat, item=item, scores=sheet_total(80))
    assert refused.value.code == "not_declared"
    services.declaration_sign(actor=seat.user, member=seat, item=item)
    assert (
        services.sheet_save(actor=seat.user, member=seat, item=item, scores=sheet_total(80)).status == "draft"
    )
