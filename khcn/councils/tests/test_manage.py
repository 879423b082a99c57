"""Preparing a council through its pages (the DOST): create it, hand it items, seat experts from
the registry with the conflict check before seating, type a member outside the registry,
propose the members (composition checked), record the decision with its signed PDF, schedule
the session, write the minutes, reconvene. Bad input changes nothing; others may not."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.councils.choices import CouncilStatus, MemberRole
from khcn.councils.models import Council, CouncilMember
from khcn.experts import services as expert_services
from khcn.organizations.choices import OrganizationKind
from khcn.organizations.services import organization_create

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def dost(make_user):
    call_command("rulesets_sync", stdout=io.StringIO())
    admin = make_user(Role.SYSADMIN)
    org = organization_create(actor=admin, name="Sở Khoa học và Công nghệ", kind=OrganizationKind.DEPARTMENT)
    specialist = make_user(Role.DOST_SPECIALIST, organization=org)
    return {"org": org, "specialist": specialist, "admin": admin}


def _create(c: Client, org, **extra) -> Council:
    data = {"name": "Hội đồng tuyển chọn đề tài nuôi tôm", "kind": "selection", "organization": org.pk}
    data.update(extra)
    response = c.post(reverse("councils:council_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Council.objects.get(name=data["name"])


def test_a_scoring_council_needs_its_score_sheet(dost):
    c = _client(dost["specialist"])
    response = c.post(
        reverse("councils:council_create"),
        {"name": "Hội đồng tuyển chọn", "kind": "selection", "organization": dost["org"].pk},
    )
    assert response.status_code == 200
    assert "choose its score sheet" in response.content.decode() or "chọn phiếu" in response.content.decode()
    assert not Council.objects.exists()


def test_the_dost_prepares_a_council_from_creation_to_the_session(dost, make_user):
    c = _client(dost["specialist"])
    council = _create(c, dost["org"], rubric="applied_rnd")
    assert council.status == CouncilStatus.DRAFT and council.rubric == "applied_rnd"
    manage = reverse("councils:council_manage", args=[council.pk])

    # An item with whose work it is.
    c.post(
        manage,
        {
            "action": "add_item",
            "item-title": "Nghiên cứu quy trình nuôi tôm càng xanh toàn đực",
            "item-organization_names": "Trường Đại học Cà Mau",
            "item-people": "Lê Thị Hạnh",
        },
    )
    item = council.items.get()
    assert item.parties == {"organization_names": ["Trường Đại học Cà Mau"], "people": ["Lê Thị Hạnh"]}

    # An expert who works for the applicant: the seat asks for confirmation and writes nothing.
    conflicted = expert_services.expert_create(
        actor=dost["specialist"], full_name="Phạm Văn Tài", organization_name="Trường Đại học Cà Mau"
    )
    response = c.post(manage, {"action": "seat", "expert": conflicted.pk, "role": "member"})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="seat-conflict"' in page
    assert "Trường Đại học Cà Mau" in page
    assert not council.members.exists()
    # Confirmed: seated; the declaration will block the sheet later.
    c.post(manage, {"action": "seat", "expert": conflicted.pk, "role": "member", "confirm": "on"})
    assert council.members.get().expert_id == conflicted.pk

    # The suggestions set the conflicted expert apart, and offer others.
    account = make_user(Role.COUNCIL_MEMBER)
    chair = expert_services.expert_create(
        actor=dost["specialist"],
        full_name="Nguyễn Văn Thủy",
        degree="TS",
        organization_name="Viện Nghiên cứu Nuôi trồng Thủy sản II",
        past_tasks="Nuôi tôm càng xanh toàn đực",
        user=account,
    )
    page = c.get(manage).content.decode()
    assert "Nguyễn Văn Thủy" in page
    # Search by name without diacritics.
    page = c.get(manage, {"q": "nguyen van thuy"}).content.decode()
    assert 'data-testid="seat-candidates"' in page and "Nguyễn Văn Thủy" in page
    c.post(manage, {"action": "seat", "expert": chair.pk, "role": "chair"})
    seat = council.members.get(expert=chair)
    assert seat.user_id == account.pk and seat.role == MemberRole.CHAIR
    assert "Viện Nghiên cứu Nuôi trồng Thủy sản II" in seat.affiliation

    # A member outside the registry: an unknown account is refused, nothing written.
    response = c.post(
        manage,
        {
            "action": "add_member",
            "member-full_name": "Hồ Thị Lan",
            "member-role": "secretary",
            "member-username": "khong-co",
        },
    )
    assert response.status_code == 200 and not council.members.filter(full_name="Hồ Thị Lan").exists()
    secretary_user = make_user(Role.COUNCIL_SECRETARY)
    c.post(
        manage,
        {
            "action": "add_member",
            "member-full_name": "Hồ Thị Lan",
            "member-role": "secretary",
            "member-username": secretary_user.username,
        },
    )
    assert council.members.get(full_name="Hồ Thị Lan").user_id == secretary_user.pk

    # Proposing with too few members is refused with the reason.
    response = c.post(reverse("councils:council_step", args=[council.pk, "propose"]), follow=True)
    council.refresh_from_db()
    assert council.status == CouncilStatus.DRAFT
    assert "council-steps" in response.content.decode()
    for i, role in enumerate(["vice_chair", "reviewer", "reviewer", "member", "member"]):
        c.post(manage, {"action": "add_member", "member-full_name": f"Thành viên {i}", "member-role": role})
    # Remove one with a reason, then seat again.
    removed = council.members.get(full_name="Thành viên 4")
    c.post(manage, {"action": "remove_member", "member": removed.pk, "reason": ""})
    assert CouncilMember.objects.get(pk=removed.pk).removed_on is None  # a reason is required
    c.post(manage, {"action": "remove_member", "member": removed.pk, "reason": "Bận công tác"})
    assert CouncilMember.objects.get(pk=removed.pk).removed_on is not None
    c.post(manage, {"action": "add_member", "member-full_name": "Thành viên 5", "member-role": "member"})
    c.post(reverse("councils:council_step", args=[council.pk, "propose"]))
    council.refresh_from_db()
    assert council.status == CouncilStatus.PROPOSED

    # The decision: a file that is not a PDF is refused, nothing changes.
    decision = reverse("councils:council_decision", args=[council.pk])
    form = {"number": "125/QĐ-SKHCN", "date": "02/03/2026", "signer_position": "Phó Giám đốc"}
    response = c.post(decision, {**form, "file": SimpleUploadedFile("qd.pdf", b"not a pdf")})
    council.refresh_from_db()
    assert response.status_code == 200 and council.status == CouncilStatus.PROPOSED
    response = c.post(
        decision, {**form, "signer_name": "Nguyễn Văn An", "file": SimpleUploadedFile("qd.pdf", PDF)}
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.status == CouncilStatus.DECIDED and council.established_on == dt.date(2026, 3, 2)
    assert council.decision_file_name == "qd.pdf"
    # The members may read the signed decision; it is the file uploaded.
    download = _client(account).get(reverse("councils:decision_file", args=[council.pk]))
    assert download.status_code == 200 and download.content == PDF
    # Members are fixed now.
    c.post(manage, {"action": "add_member", "member-full_name": "Người mới", "member-role": "member"})
    assert not council.members.filter(full_name="Người mới").exists()

    # The session.
    schedule = reverse("councils:council_schedule", args=[council.pk])
    assert c.post(schedule, {"date": "31/02/2026", "time": "08:00"}).status_code == 200  # no such day
    response = c.post(schedule, {"date": "10/03/2026", "time": "08:30", "place": "Phòng họp Sở"})
    assert response.status_code == 302
    council.refresh_from_db()
    session = council.sessions.get()
    assert council.status == CouncilStatus.SCHEDULED and session.place == "Phòng họp Sở"
    assert session.attendance.count() == 8  # the seated members, not the removed one

    # The secretary opens the session and writes the minutes; a member may not.
    secretary = _client(secretary_user)
    secretary.post(reverse("councils:council_step", args=[council.pk, "open"]))
    minutes = reverse("councils:council_minutes", args=[council.pk])
    _client(account).post(minutes, {"minutes": "Giả mạo", "version": session.version})
    session.refresh_from_db()
    assert session.minutes == ""
    secretary.post(minutes, {"minutes": "Đề nghị bổ sung nội dung 3.", "version": session.version})
    session.refresh_from_db()
    assert session.minutes == "Đề nghị bổ sung nội dung 3."
    # A stale page does not overwrite it.
    secretary.post(minutes, {"minutes": "Cũ", "version": session.version - 1})
    session.refresh_from_db()
    assert session.minutes == "Đề nghị bổ sung nội dung 3."
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "councils.council.created",
        "councils.council.item_added",
        "councils.council.member_added",
        "councils.council.member_removed",
        "councils.council.decision_recorded",
        "councils.session.scheduled",
        "councils.session.minutes",
    } <= actions


def test_an_item_is_taken_off_with_a_reason_and_the_council_corrected(dost):
    c = _client(dost["specialist"])
    council = _create(c, dost["org"], rubric="applied_rnd")
    manage = reverse("councils:council_manage", args=[council.pk])
    c.post(manage, {"action": "add_item", "item-title": "Đề tài A"})
    item = council.items.get()
    c.post(manage, {"action": "remove_item", "item": item.pk, "reason": ""})
    assert council.items.exists()
    c.post(manage, {"action": "remove_item", "item": item.pk, "reason": "Hồ sơ không hợp lệ"})
    assert not council.items.exists()
    c.post(
        manage, {"action": "edit", "name": "Hội đồng tuyển chọn (sửa)", "rubric": "applied_rnd", "version": 1}
    )
    council.refresh_from_db()
    assert council.name == "Hội đồng tuyển chọn (sửa)"
    # From a stale page: refused.
    c.post(manage, {"action": "edit", "name": "Cũ", "rubric": "applied_rnd", "version": 1})
    council.refresh_from_db()
    assert council.name == "Hội đồng tuyển chọn (sửa)"


def test_only_the_dost_prepares_councils(dost, make_user):
    c = _client(dost["specialist"])
    council = _create(c, dost["org"], rubric="applied_rnd")
    for role in (Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY, Role.AGENCY_REPORTER):
        other = _client(make_user(role))
        assert other.get(reverse("councils:council_create")).status_code in (403, 404)
        assert other.get(reverse("councils:council_manage", args=[council.pk])).status_code in (403, 404)
        other.post(
            reverse("councils:council_manage", args=[council.pk]), {"action": "add_item", "item-title": "X"}
        )
    assert not council.items.exists()


def test_the_councils_list_exports_to_excel_what_its_reader_may_see(dost, make_user):
    from openpyxl import load_workbook

    from khcn.councils import services

    c = _client(dost["specialist"])
    mine = _create(c, dost["org"], rubric="applied_rnd")
    other = _create(c, dost["org"], name='Hội đồng khác =HYPERLINK("x")', kind="advisory")
    member = make_user(Role.COUNCIL_MEMBER)
    services.member_add(actor=dost["specialist"], council=mine, full_name="", role="member", user=member)

    def names(client: Client) -> list[str]:
        response = client.get(reverse("councils:council_export"))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [row[1] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]

    assert {mine.name, other.name} <= set(names(c))
    seen = names(_client(member))  # their seat, and the council of their membership
    assert mine.name in seen and other.name not in seen
    # A name that looks like a formula stays text.
    sheet = load_workbook(io.BytesIO(c.get(reverse("councils:council_export")).content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
