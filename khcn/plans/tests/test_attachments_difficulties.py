"""Attachments on agency reports, difficulties raised outside a period, mapping agency names the
import could not resolve, and the rules around them (who may, what is refused)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from khcn.accounts.choices import Role
from khcn.accounts.testing import role_users
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError
from khcn.core.testing import assert_policy_matrix, t
from khcn.core.text import fold
from khcn.core.uploads import check_upload, safe_name, sniff
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.organizations.selectors import organization_resolve
from khcn.plans import services
from khcn.plans.models import Assignment, Difficulty, ReportAttachment
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, client, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Số liệu kèm theo báo cáo")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (40 * 1024 * 1024))
    return out.getvalue()


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# --------------------------------------------------------------------------------------------------
# Uploads are judged by their content
# --------------------------------------------------------------------------------------------------


def test_sniffing_reads_the_content_not_the_name():
    assert sniff(PDF) == "pdf"
    assert sniff(PNG) == "png"
    assert sniff(_docx()) == "docx"
    assert sniff(b"<html><script>alert(1)</script></html>") is None
    assert sniff(b"MZ\x90\x00 an executable") is None

    checked = check_upload(_upload(_docx(), "Số liệu.pdf"))
    assert checked.kind.code == "docx"
    assert checked.name == "Số liệu.docx"  # the extension follows the content
    with pytest.raises(DomainError) as exc:
        check_upload(_upload(b"<script>alert(1)</script>", "bao-cao.pdf"))
    assert exc.value.code == "upload_type"
    assert "không được chấp nhận" in exc.value.message or "not accepted" in exc.value.message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "upload_empty"),
        (PDF + b"x" * 2048, "upload_too_large"),
        (b"PK\x03\x04 not really a zip", "upload_type"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(data, code):
    with pytest.raises(DomainError) as exc:
        check_upload(_upload(data, "x.pdf"), max_bytes=1024)
    assert exc.value.code == code
    assert exc.value.message


def test_an_archive_bomb_is_refused():
    bomb = _zip_bomb()
    assert len(bomb) < 1024 * 1024
    with pytest.raises(DomainError) as exc:
        check_upload(_upload(bomb, "bao-cao.docx"), max_bytes=2 * 1024 * 1024)
    assert exc.value.code == "upload_archive_bomb"


def test_safe_name_strips_paths_and_controls():
    assert safe_name("../../etc/passwd", "pdf") == "passwd.pdf"
    assert safe_name("C:\\Users\\a\\Báo cáo quý I.docx", "docx") == "Báo cáo quý I.docx"
    assert safe_name('a<b>"c\x00.png', "png") == "a b c.png"
    assert safe_name("", "pdf").endswith(".pdf")


# --------------------------------------------------------------------------------------------------
# Attachments of a report
# --------------------------------------------------------------------------------------------------


def _report(world: dict[str, Any]) -> Any:
    return services.report_start(
        actor=world["reporter"], period=world["period"], organization=world["health"]
    )


def test_reporter_attaches_downloads_and_removes_a_file(world):
    report = _report(world)
    reporter = client(world["reporter"])
    url = reverse("plans:attachment_add", args=[report.pk])
    response = reporter.post(
        url, {"file": _upload(PDF, "Biên bản.pdf"), "description": "Biên bản nghiệm thu"}
    )
    assert response.status_code == 302
    attachment = ReportAttachment.objects.get(report=report)
    assert attachment.name == "Biên bản.pdf" and attachment.mime == "application/pdf"
    assert "Biên bản" not in attachment.file.name  # stored under a random name
    page = reporter.get(report.get_absolute_url()).content.decode()
    assert "Biên bản.pdf" in page and "Biên bản nghiệm thu" in page

    download = reporter.get(reverse("plans:attachment_download", args=[report.pk, attachment.pk]))
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")

    # Another agency's reporter cannot even see that it exists.
    other = client(world["reporter_b"])
    assert other.get(reverse("plans:attachment_download", args=[report.pk, attachment.pk])).status_code == 404
    assert other.post(reverse("plans:attachment_remove", args=[report.pk, attachment.pk])).status_code == 404

    stored = attachment.file.name
    assert attachment.file.storage.exists(stored)
    with pytest.MonkeyPatch.context():
        response = reporter.post(reverse("plans:attachment_remove", args=[report.pk, attachment.pk]))
    assert response.status_code == 302
    assert not ReportAttachment.objects.filter(pk=attachment.pk).exists()
    actions = set(AuditEvent.objects.filter(object_id=str(report.pk)).values_list("action", flat=True))
    assert {"plans.report.attachment_added", "plans.report.attachment_removed"} <= actions


def test_a_disguised_file_is_refused_on_the_page_and_nothing_is_stored(world):
    report = _report(world)
    response = client(world["reporter"]).post(
        reverse("plans:attachment_add", args=[report.pk]),
        {"file": _upload(b"<html><script>alert(1)</script></html>", "bao-cao.pdf")},
    )
    assert response.status_code == 200
    assert "aria-invalid" in response.content.decode()
    assert not ReportAttachment.objects.exists()


def test_files_are_frozen_with_the_report(world):
    report = _report(world)
    services.attachment_add(actor=world["reporter"], report=report, file=_upload(PNG, "ảnh.png"))
    report = submit(report, world["leader"])
    attachment = report.attachments.get()
    reporter, dost = client(world["reporter"]), client(world["specialist"])
    assert (
        reporter.post(
            reverse("plans:attachment_add", args=[report.pk]), {"file": _upload(PDF, "a.pdf")}
        ).status_code
        == 403
    )
    assert (
        reporter.post(reverse("plans:attachment_remove", args=[report.pk, attachment.pk])).status_code == 403
    )
    assert (
        dost.post(
            reverse("plans:attachment_add", args=[report.pk]), {"file": _upload(PDF, "a.pdf")}
        ).status_code
        == 403
    )
    # The DOST reads the submitted report's files.
    assert dost.get(reverse("plans:attachment_download", args=[report.pk, attachment.pk])).content == PNG
    assert report.attachments.count() == 1


def test_attachment_matrix(world):
    report = _report(world)
    actors = {
        **role_users(organization=world["dost"]),
        "reporter": world["reporter"],
        "leader": world["leader"],
    }
    assert_policy_matrix(
        actors=actors,
        expected={"reporter": True, "leader": True, "*": False},
        attempt=lambda actor: services.attachment_add(actor=actor, report=report, file=_upload(PDF, "a.pdf")),
        state=lambda: ReportAttachment.objects.count(),
    )


# --------------------------------------------------------------------------------------------------
# Difficulties raised at any time
# --------------------------------------------------------------------------------------------------


def test_agency_raises_a_difficulty_and_the_dost_answers(world):
    plan = world["plan"]
    reporter, dost = client(world["reporter"]), client(world["specialist"])
    item = plan.items.get(path="II.1")
    response = reporter.post(
        reverse("plans:difficulty_create", args=[plan.pk]),
        {
            "organization": world["health"].pk,
            "item": item.pk,
            "text": "Thiếu kinh phí <script>alert(1)</script> để triển khai",
            "proposal": "Đề nghị bổ sung dự toán",
        },
    )
    difficulty = Difficulty.objects.get()
    assert response.status_code == 302 and response["Location"] == difficulty.get_absolute_url()
    assert difficulty.status == "open" and difficulty.item == item

    listing = dost.get(reverse("plans:difficulty_list", args=[plan.pk])).content.decode()
    assert "Thiếu kinh phí" in listing
    assert "<script>alert(1)</script>" not in listing  # rendered inert
    assert client(world["reporter_b"]).get(difficulty.get_absolute_url()).status_code == 403
    assert (
        "Thiếu kinh phí"
        not in client(world["reporter_b"])
        .get(reverse("plans:difficulty_list", args=[plan.pk]))
        .content.decode()
    )

    # Only the DOST answers.
    assert reporter.post(difficulty.get_absolute_url(), {"response": "Tự trả lời"}).status_code == 403
    response = dost.post(
        difficulty.get_absolute_url(), {"response": "Sở Tài chính sẽ bố trí trong quý III.", "version": 1}
    )
    assert response.status_code == 302
    difficulty.refresh_from_db()
    assert difficulty.status == "answered" and difficulty.answered_by == world["specialist"]
    page = reporter.get(difficulty.get_absolute_url()).content.decode()
    assert "Sở Tài chính sẽ bố trí" in page

    export = dost.get(reverse("plans:difficulty_list", args=[plan.pk]) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("Thiếu kinh phí" in v for v in values)
    assert any("Sở Tài chính sẽ bố trí" in v for v in values)


def test_two_answers_at_once_the_second_is_refused_and_kept(world, make_user):
    plan = world["plan"]
    difficulty = services.difficulty_raise(
        actor=world["reporter"], plan=plan, organization=world["health"], text="Thiếu nhân lực"
    )
    first, second = client(world["specialist"]), client(make_user(Role.DOST_SPECIALIST))
    url = difficulty.get_absolute_url()
    # Both open the page (version 1); the first answers.
    assert f'name="version" value="{difficulty.version}"' in second.get(url).content.decode()
    assert first.post(url, {"response": "Trả lời thứ nhất", "version": 1}).status_code == 302
    # The second, still on version 1, is refused: nothing overwritten, their text kept, the first shown.
    page = second.post(url, {"response": "Trả lời thứ hai", "version": 1})
    body = page.content.decode()
    stale = "Someone else answered this difficulty while you were writing. Their answer is shown above."
    assert page.status_code == 200 and t(stale) in body
    assert "Trả lời thứ hai</textarea>" in body and "Trả lời thứ nhất" in body
    difficulty.refresh_from_db()
    assert difficulty.response == "Trả lời thứ nhất" and difficulty.version == 2
    assert AuditEvent.objects.filter(action=services.DIFFICULTY_ANSWERED).count() == 1
    # The form now carries version 2: saving again replaces the answer, knowingly.
    assert 'name="version" value="2"' in body
    assert second.post(url, {"response": "Trả lời thứ hai", "version": 2}).status_code == 302
    difficulty.refresh_from_db()
    assert difficulty.response == "Trả lời thứ hai" and difficulty.version == 3
    with pytest.raises(DomainError) as refused:
        services.difficulty_respond(
            actor=world["specialist"], difficulty=difficulty, response="Cũ", version=2
        )
    assert refused.value.code == "stale_version"


def test_home_pages_show_difficulties_awaiting_an_answer(world):
    plan = world["plan"]
    services.difficulty_raise(
        actor=world["reporter"], plan=plan, organization=world["health"], text="Thiếu người"
    )
    dost_home = client(world["specialist"]).get(reverse("site:home")).content.decode()
    # The DOST's block of work counts them, plan by plan (not a second difficulties block).
    assert 'data-testid="dost-work"' in dost_home and 'data-testid="home-difficulties"' not in dost_home
    assert f"{reverse('plans:difficulty_list', args=[plan.pk])}?status=open" in dost_home
    reporter_home = client(world["reporter"]).get(reverse("site:home")).content.decode()
    assert reverse("plans:difficulty_create", args=[plan.pk]) in reporter_home
    # Agency B has assignments too, may raise its own, but does not see A's.
    other_home = client(world["reporter_b"]).get(reverse("site:home")).content.decode()
    assert reverse("plans:difficulty_create", args=[plan.pk]) in other_home
    assert "?status=open" not in other_home


def test_an_empty_difficulty_is_refused_with_a_message(world):
    response = client(world["reporter"]).post(
        reverse("plans:difficulty_create", args=[world["plan"].pk]),
        {"organization": world["health"].pk, "text": "   "},
    )
    assert response.status_code == 200
    assert not Difficulty.objects.exists()


def test_difficulty_matrix(world):
    plan = world["plan"]
    actors = {
        **role_users(organization=world["dost"]),
        "reporter": world["reporter"],
        "leader": world["leader"],
        "reporter_b": world["reporter_b"],
    }
    assert_policy_matrix(
        actors=actors,
        expected={"reporter": True, "leader": True, "*": False},
        attempt=lambda actor: services.difficulty_raise(
            actor=actor, plan=plan, organization=world["health"], text="Vướng mắc thủ tục"
        ),
        state=lambda: Difficulty.objects.count(),
    )
    difficulty = services.difficulty_raise(
        actor=world["reporter"], plan=plan, organization=world["health"], text="Vướng mắc thủ tục"
    )
    assert_policy_matrix(
        actors=actors,
        expected={"dost_specialist": True, "dost_leader": True, "*": False},
        attempt=lambda actor: services.difficulty_respond(
            actor=actor, difficulty=difficulty, response=f"Trả lời {actor}"
        ),
        state=lambda: Difficulty.objects.values_list("response", flat=True).first(),
    )


# --------------------------------------------------------------------------------------------------
# Agency names the import left unresolved
# --------------------------------------------------------------------------------------------------


def _plan_with_unknown_names(world: dict[str, Any]) -> Any:
    data = {
        **PARSE,
        "number": "99/KH-UBND",
        "assignments": [
            *PARSE["assignments"],
            {"section": "II.1", "agency": "Phòng Quản lý chuyên ngành", "role": "lead"},
            {"section": "II.3.c", "agency": "Phòng Quản lý chuyên ngành", "role": "coordinate"},
            {"section": "II.3.c", "agency": "các đơn vị trực thuộc", "role": "lead"},
        ],
    }
    return services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(data))


def test_dost_maps_an_unknown_name_to_one_agency_and_remembers_it(world):
    plan = _plan_with_unknown_names(world)
    dost = client(world["specialist"])
    url = reverse("plans:plan_agencies", args=[plan.pk])
    page = dost.get(url).content.decode()
    assert "Phòng Quản lý chuyên ngành" in page and "các đơn vị trực thuộc" in page
    assert (
        reverse("plans:plan_agencies", args=[plan.pk]) in dost.get(plan.get_absolute_url()).content.decode()
    )

    # Rows come in the database's order of names; find this name's form prefix.
    names = sorted(["Phòng Quản lý chuyên ngành", "các đơn vị trực thuộc"], key=fold)
    prefix = f"a{names.index('Phòng Quản lý chuyên ngành')}"
    response = dost.post(
        url,
        {
            "prefix": prefix,
            f"{prefix}-name": "Phòng Quản lý chuyên ngành",
            f"{prefix}-other": world["home_affairs"].pk,
            f"{prefix}-remember": "on",
        },
    )
    assert response.status_code == 302
    mapped = Assignment.objects.filter(item__plan=plan, agency_name="Phòng Quản lý chuyên ngành")
    assert {a.organization_id for a in mapped} == {world["home_affairs"].pk}
    assert mapped.count() == 2
    resolution = organization_resolve("Phòng Quản lý chuyên ngành")
    assert resolution.current == [world["home_affairs"]]
    assert AuditEvent.objects.filter(action="plans.plan.agency_mapped", object_id=str(plan.pk)).exists()
    page = dost.get(url).content.decode()
    assert page.count('data-testid="map-row"') == 1
    assert '<h2 id="map-1">các đơn vị trực thuộc</h2>' in page


def test_a_group_name_goes_to_each_agency_chosen(world):
    plan = _plan_with_unknown_names(world)
    count = services.agency_map(
        actor=world["specialist"],
        plan=plan,
        agency_name="các đơn vị trực thuộc",
        organizations=[world["health"], world["home_affairs"]],
        remember=True,
    )
    assert count == 2
    rows = Assignment.objects.filter(item__plan=plan, agency_name="các đơn vị trực thuộc")
    assert sorted(r.organization_id for r in rows) == sorted([world["health"].pk, world["home_affairs"].pk])
    assert not organization_resolve("các đơn vị trực thuộc").found  # a group is not an alias
    with pytest.raises(DomainError):
        services.agency_map(
            actor=world["specialist"],
            plan=plan,
            agency_name="các đơn vị trực thuộc",
            organizations=[world["health"]],
        )


def test_only_the_dost_maps_names(world):
    plan = _plan_with_unknown_names(world)
    assert client(world["reporter"]).get(reverse("plans:plan_agencies", args=[plan.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.agency_map(
            actor=world["leader"],
            plan=plan,
            agency_name="các đơn vị trực thuộc",
            organizations=[world["health"]],
        )


def test_ended_agencies_cannot_be_chosen(world):
    plan = _plan_with_unknown_names(world)
    old = org_services.organization_create(actor=world["admin"], name="Sở Cũ", kind=K.DEPARTMENT)
    old.valid_to = old.valid_from or plan.issued_on
    old.save()
    with pytest.raises(DomainError):
        services.agency_map(
            actor=world["specialist"], plan=plan, agency_name="các đơn vị trực thuộc", organizations=[old]
        )


# --------------------------------------------------------------------------------------------------
# Rules moved into the policy and the services
# --------------------------------------------------------------------------------------------------


def test_agency_users_import_only_under_a_parent_plan(world, make_user):
    leader = world["leader"]
    with pytest.raises(PermissionDenied):
        services.plan_import(actor=leader, draft=ImportDraft.from_parse({**PARSE, "number": "5/KH-SYT"}))
    sub = services.plan_import(
        actor=leader, draft=ImportDraft.from_parse({**PARSE, "number": "5/KH-SYT"}), parent=world["plan"]
    )
    assert sub.parent == world["plan"]
    assert make_user(Role.DOST_SPECIALIST, organization=world["dost"]) is not None


def test_an_agency_without_assignments_cannot_start_a_report(world, make_user):
    idle = org_services.organization_create(actor=world["admin"], name="Sở Du lịch", kind=K.DEPARTMENT)
    reporter = make_user(Role.AGENCY_REPORTER, organization=idle)
    with pytest.raises(DomainError) as exc:
        services.report_start(actor=reporter, period=world["period"], organization=idle)
    assert exc.value.code == "no_assignments"


def test_group_names_suggest_every_agency_of_the_group(world):
    from khcn.organizations.selectors import organization_group_members

    commune = org_services.organization_create(
        actor=world["admin"], name="Ủy ban nhân dân xã Tân Thành", kind=K.COMMUNE_COMMITTEE
    )
    departments = {world["dost"], world["health"], world["home_affairs"]}
    assert set(organization_group_members("các sở, ban, ngành tỉnh")) == departments
    assert organization_group_members("Ủy ban nhân dân các huyện, thành phố") == [commune]
    assert organization_group_members("Sở Y tế") == []
    assert organization_group_members("các đơn vị trực thuộc") == []

    plan = services.plan_import(
        actor=world["specialist"],
        draft=ImportDraft.from_parse(
            {
                **PARSE,
                "number": "98/KH-UBND",
                "assignments": [
                    {"section": "II.1", "agency": "các sở, ban, ngành tỉnh", "role": "coordinate"}
                ],
            }
        ),
    )
    page = client(world["specialist"]).get(reverse("plans:plan_agencies", args=[plan.pk])).content.decode()
    for org in departments:  # suggested and ticked
        assert f'value="{org.pk}"' in page
    assert page.count("checked") >= len(departments)


def _queries(client_: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as captured:
        assert client_.get(url).status_code == 200
    return len(captured)


def test_difficulty_pages_run_a_fixed_number_of_queries(world):
    plan = world["plan"]
    dost = client(world["specialist"])
    raise_one = lambda: services.difficulty_raise(  # noqa: E731
        actor=world["reporter"],
        plan=plan,
        organization=world["health"],
        text="Vướng mắc",
        item=plan.items.first(),
    )
    first = raise_one()
    list_url = reverse("plans:difficulty_list", args=[plan.pk])
    few = _queries(dost, list_url)
    few_home = _queries(dost, reverse("site:home"))
    for _ in range(6):
        raise_one()
    assert _queries(dost, list_url) == few
    assert _queries(dost, reverse("site:home")) == few_home
    detail = _queries(dost, first.get_absolute_url())
    services.difficulty_respond(actor=world["specialist"], difficulty=first, response="Đã xử lý")
    assert _queries(dost, first.get_absolute_url()) == detail


def test_report_page_queries_do_not_grow_with_attachments(world):
    report = _report(world)
    reporter = client(world["reporter"])
    services.attachment_add(actor=world["reporter"], report=report, file=_upload(PDF, "a.pdf"))
    few = _queries(reporter, report.get_absolute_url())
    for n in range(4):
        services.attachment_add(actor=world["reporter"], report=report, file=_upload(PDF, f"b{n}.pdf"))
    assert _queries(reporter, report.get_absolute_url()) == few


def test_an_unknown_name_can_be_added_to_the_registry_and_comes_back_suggested(world):
    plan = _plan_with_unknown_names(world)
    dost = client(world["specialist"])
    url = reverse("plans:plan_agencies", args=[plan.pk])
    page = dost.get(url).content.decode()
    assert 'data-testid="create-agency"' in page
    create = reverse("organizations:create")
    form = dost.get(create, {"name": "Phòng Quản lý chuyên ngành", "next": url}).content.decode()
    assert 'value="Phòng Quản lý chuyên ngành"' in form
    response = dost.post(
        create, {"name": "Phòng Quản lý chuyên ngành", "kind": K.DEPARTMENT, "next": url, "aliases": ""}
    )
    assert response.status_code == 302 and response["Location"] == url
    created = organization_resolve("Phòng Quản lý chuyên ngành").current[0]
    page = dost.get(url).content.decode()
    assert f'value="{created.pk}"' in page  # now suggested for that name
    # An off-site "next" is ignored.
    response = dost.post(create, {"name": "Sở Mới", "kind": K.DEPARTMENT, "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]
