"""The councils tell their members: seated, session scheduled (date, time, place), opened,
closed; and ``council_remind`` reminds the present members of the sheets they still owe, once
a day, not those who submitted everything, nothing on a dry run."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.councils import services
from khcn.councils.choices import CouncilKind
from khcn.councils.tests.helpers import ROLES_9, sheet_total
from khcn.councils.workflow import COUNCIL_WORKFLOW
from khcn.notifications.models import Notification
from khcn.organizations.choices import OrganizationKind
from khcn.organizations.services import organization_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    call_command("rulesets_sync", stdout=io.StringIO())
    admin = make_user(Role.SYSADMIN)
    dost = organization_create(actor=admin, name="Sở Khoa học và Công nghệ", kind=OrganizationKind.DEPARTMENT)
    specialist = make_user(Role.DOST_SPECIALIST, organization=dost)
    council = services.council_create(
        actor=specialist,
        name="Hội đồng tuyển chọn nhiệm vụ năm 2026",
        kind=CouncilKind.SELECTION,
        organization=dost,
        rubric="applied_rnd",
    )
    people = [make_user(Role.COUNCIL_MEMBER, email=f"tv{i}@example.org") for i in range(len(ROLES_9))]
    seats = [
        services.member_add(
            actor=specialist, council=council, full_name=f"Thành viên {i}", role=role, user=user
        )
        for i, (role, user) in enumerate(zip(ROLES_9, people, strict=True), start=1)
    ]
    services.item_add(actor=specialist, council=council, title="Hồ sơ 1")
    services.item_add(actor=specialist, council=council, title="Hồ sơ 2")
    return {"specialist": specialist, "council": council, "seats": seats, "people": people}


def _codes(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("code", flat=True))


def _schedule(world, at=None):
    specialist, council = world["specialist"], world["council"]
    COUNCIL_WORKFLOW.apply("propose", actor=specialist, obj=council)
    services.decision_record(
        actor=specialist,
        council=council,
        number="45/QĐ-SKHCN",
        date=dt.date(2026, 3, 2),
        signer_name="Nguyễn Văn An",
        signer_position="Phó Giám đốc",
    )
    at = at or timezone.make_aware(dt.datetime(2026, 3, 10, 8, 30))
    return services.session_schedule(actor=specialist, council=council, at=at, place="Phòng họp Sở")


def _open(world):
    seats = world["seats"]
    for seat in seats:
        services.attendance_set(actor=world["specialist"], member=seat, present=True)
    services.session_open(actor=seats[2].user, council=world["council"])
    for seat in seats:
        for item in world["council"].items.all():
            services.declaration_sign(actor=seat.user, member=seat, item=item)


def test_a_seated_member_with_an_account_is_told(world):
    notification = Notification.objects.get(recipient=world["people"][0])
    assert notification.code == "councils.member_seated"
    assert notification.url == reverse("councils:council_detail", args=[world["council"].pk])
    assert "Hội đồng tuyển chọn nhiệm vụ năm 2026" in notification.subject_text


def test_scheduling_tells_every_seated_member_the_date_time_and_place(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    services.member_remove(actor=world["specialist"], member=world["seats"][8], reason="Bận công tác")
    with django_capture_on_commit_callbacks(execute=True):
        _schedule(world)
    told = Notification.objects.filter(code="councils.session_scheduled")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(p.pk for p in world["people"][:8])
    body = told.first().body_text
    assert "10/03/2026" in body and "08:30" in body and "Phòng họp Sở" in body
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in world["people"][:8])


def test_opening_and_closing_the_session_tell_the_members(world):
    _schedule(world)
    _open(world)
    member = world["people"][5]
    assert _codes(member)[-1] == "councils.session_opened"
    for seat in world["seats"]:
        for item in world["council"].items.all():
            services.sheet_save(actor=seat.user, member=seat, item=item, scores=sheet_total(80), submit=True)
    services.session_close(actor=world["seats"][2].user, council=world["council"])
    assert _codes(member)[-1] == "councils.session_closed"


def _remind(*args: str) -> int:
    """Run the command; the number of reminders its summary (the last line) reports."""
    out = io.StringIO()
    call_command("council_remind", *args, stdout=out)
    summary = out.getvalue().splitlines()[-1]
    found = re.search(r"\d+", summary)
    assert found, summary
    return int(found[0])


def test_the_reminder_goes_to_members_missing_sheets_once_a_day(world):
    _schedule(world)
    _open(world)
    seats, council = world["seats"], world["council"]
    for item in council.items.all():  # the first member submitted everything, the second one of two
        services.sheet_save(
            actor=seats[0].user, member=seats[0], item=item, scores=sheet_total(80), submit=True
        )
    services.sheet_save(
        actor=seats[1].user, member=seats[1], item=council.items.first(), scores=sheet_total(70), submit=True
    )
    services.attendance_set(actor=world["specialist"], member=seats[8], present=False, written_opinion="Vắng")

    before = Notification.objects.count()
    assert _remind("--dry-run") == 7
    assert Notification.objects.count() == before  # a dry run writes nothing

    assert _remind() == 7
    reminded = set(
        Notification.objects.filter(code="councils.sheets_missing").values_list("recipient_id", flat=True)
    )
    assert reminded == {s.user_id for s in seats[1:8]}  # not the one who submitted all, not the absent
    second = Notification.objects.get(code="councils.sheets_missing", recipient=seats[1].user)
    assert "1" in second.body_text and "2" in second.body_text  # one of two items left

    assert _remind() == 0  # cron runs again the same day
    assert Notification.objects.filter(code="councils.sheets_missing").count() == 7

    # The next day, they are reminded again.
    Notification.objects.filter(code="councils.sheets_missing").update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )
    assert _remind() == 7


def test_members_of_a_council_meeting_soon_are_reminded_with_days(world):
    _schedule(world, at=timezone.now() + dt.timedelta(days=2))
    assert _remind() == 0  # not in session: nothing without --days
    assert _remind("--days", "1") == 0  # meets in two days
    assert _remind("--days", "3") == 9
    assert Notification.objects.filter(code="councils.session_upcoming").count() == 9
    assert _remind("--days", "3") == 0
