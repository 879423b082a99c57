"""Council pages: the member's home shows the sheets to fill, the sheet page saves and submits
(bounded, locked after), another member's sheet cannot be forged through a POST, the secretary
records attendance and closes the session; outsiders see nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.councils.choices import CouncilStatus, SheetStatus
from khcn.councils.models import Council, Sheet
from khcn.councils.tests.helpers import sheet_total
from khcn.councils.tests.test_lifecycle import _to_session, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post_scores(c: Client, url: str, total: int, action: str = "submit"):
    data = {f"c{k}": v for k, v in sheet_total(total).items()}
    return c.post(url, {**data, "action": action})


def test_a_member_finds_and_submits_their_sheet(world):  # noqa: F811
    _to_session(world)
    council, seats = world["council"], world["seats"]
    member = seats[5]
    item = council.items.get()
    home = _client(member.user).get("/").content.decode()
    assert 'data-testid="home-council-sheets"' in home and item.title in home
    url = reverse("councils:sheet_fill", args=[council.pk, item.pk, member.pk])
    page = _client(member.user).get(url).content.decode()
    assert "Tổng quan tình hình nghiên cứu" in page  # the rubric's first criterion
    # A score above the criterion's maximum is refused, nothing written.
    too_high = {f"c{k}": v for k, v in sheet_total(70).items()} | {"c1": "13", "action": "submit"}
    response = _client(member.user).post(url, too_high)
    assert response.status_code == 200 and not Sheet.objects.filter(member=member).exists()
    response = _post_scores(_client(member.user), url, 82)
    assert response.status_code == 302
    sheet = Sheet.objects.get(member=member)
    assert sheet.status == SheetStatus.SUBMITTED and sheet.transcribed_by is None
    # Locked: a second POST changes nothing.
    _post_scores(_client(member.user), url, 10)
    assert Sheet.objects.get(member=member).scores == sheet.scores


def test_another_members_sheet_cannot_be_forged(world):  # noqa: F811
    _to_session(world)
    council, seats = world["council"], world["seats"]
    item = council.items.get()
    forger, victim = seats[5], seats[6]
    url = reverse("councils:sheet_fill", args=[council.pk, item.pk, victim.pk])
    assert _post_scores(_client(forger.user), url, 95).status_code == 403
    assert not Sheet.objects.filter(member=victim).exists()


def test_the_secretary_records_attendance_and_closes_with_the_tally(world):  # noqa: F811
    _to_session(world)
    council, seats = world["council"], world["seats"]
    secretary = _client(seats[2].user)
    item = council.items.get()
    for seat in seats:
        _post_scores(secretary, reverse("councils:sheet_fill", args=[council.pk, item.pk, seat.pk]), 75)
    assert (
        Sheet.objects.filter(transcribed_by=seats[2].user).count() == 9 - 1
    )  # the secretary's own is theirs
    detail = reverse("councils:council_detail", args=[council.pk])
    assert 'data-testid="council-steps"' in secretary.get(detail).content.decode()
    secretary.post(reverse("councils:council_step", args=[council.pk, "close"]))
    assert Council.objects.get(pk=council.pk).status == CouncilStatus.CLOSED
    page = secretary.get(detail).content.decode()
    assert 'data-testid="council-tally"' in page and "75.00" in page


def test_outsiders_see_no_council(world, make_user):  # noqa: F811
    council = world["council"]
    for role in (Role.APPLICANT, Role.AGENCY_REPORTER, Role.COUNCIL_MEMBER):
        c = _client(make_user(role))
        assert c.get(reverse("councils:council_detail", args=[council.pk])).status_code in (403, 404)
        listed = c.get(reverse("councils:council_list"))
        assert listed.status_code in (200, 403)
        if listed.status_code == 200:
            assert council.name not in listed.content.decode()
    dost = _client(world["specialist"])
    assert council.name in dost.get(reverse("councils:council_list")).content.decode()


def test_the_sheet_page_asks_for_the_declaration_first(world):  # noqa: F811
    from khcn.councils.models import Declaration

    _to_session(world)
    council = world["council"]
    member = world["seats"][6]
    item = council.items.get()
    Declaration.objects.filter(member=member, item=item).delete()
    url = reverse("councils:sheet_fill", args=[council.pk, item.pk, member.pk])
    c = _client(member.user)
    page = c.get(url).content.decode()
    assert 'data-testid="declaration-form"' in page and 'data-testid="sheet-form"' not in page
    assert _post_scores(c, url, 90).status_code == 200  # no sheet without the declaration
    assert not Sheet.objects.filter(member=member).exists()
    c.post(url, {"action": "declare"})
    assert 'data-testid="sheet-form"' in c.get(url).content.decode()


def test_two_secretaries_marking_attendance_at_once(world, make_user):  # noqa: F811
    """The second change made from the same view of the list is refused, not silently applied."""
    from khcn.councils.models import Attendance, CouncilSession

    _to_session(world)
    council, seats = world["council"], world["seats"]
    session = CouncilSession.objects.get(council=council)
    url = reverse("councils:attendance", args=[council.pk, seats[7].pk])
    first, second = _client(seats[2].user), _client(world["specialist"])
    first.post(url, {"present": "0", "version": session.version})
    assert not Attendance.objects.get(session=session, member=seats[7]).present
    second.post(url, {"present": "1", "version": session.version})  # the page it saw is stale
    assert not Attendance.objects.get(session=session, member=seats[7]).present
    messages = [
        str(m) for m in second.get(reverse("councils:council_detail", args=[council.pk])).context["messages"]
    ]
    assert any("meanwhile" in m or "trong lúc" in m or "vừa" in m or "thay đổi" in m for m in messages), (
        messages
    )
