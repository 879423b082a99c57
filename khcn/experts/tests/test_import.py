"""Import from Excel: template, mapping, preview with row problems, nothing written until
confirmed, re-import updates, doubtful matches decided, nothing half-imported."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError
from khcn.experts import imports, services
from khcn.experts.models import Expert

pytestmark = pytest.mark.django_db

HEADERS = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Học vị",
    "Chức danh",
    "Lĩnh vực",
    "Cơ quan công tác",
    "Email",
    "Đồng ý công khai",
]


def xlsx(rows, headers=HEADERS, title=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = [
    [
        1,
        "Phạm Văn Biển",
        1975,
        "TS",
        "PGS",
        "405; 406",
        "Trường Đại học Bạc Liêu",
        "bien@example.invalid",
        "có",
    ],
    [2, "Đỗ Thị Sen", "1988", "ThS", "", "Y tế", "Sở Y tế", "", "không"],
]


def test_mapping_is_guessed_from_vietnamese_headers_with_a_title_above():
    sheet = imports.read_workbook(xlsx(GOOD, title="DANH SÁCH CHUYÊN GIA"))
    mapping = imports.guess_mapping(sheet.headers)
    assert mapping["full_name"] == 1 and mapping["birth_year"] == 2 and mapping["degree"] == 3
    assert mapping["academic_title"] == 4 and mapping["fields"] == 5 and mapping["organization"] == 6
    assert mapping["email"] == 7 and mapping["public_profile_consent"] == 8


def _preview(data):
    sheet = imports.read_workbook(data)
    return imports.preview(sheet, imports.guess_mapping(sheet.headers))


def test_preview_checks_every_row_and_writes_nothing(world):
    before = (Expert.objects.count(), AuditEvent.objects.count())
    bad = [
        [3, "", 1970, "TS", "", "", "", "", ""],
        [4, "Lê Văn Sai", 1850, "Tiến sĩ giả", "", "999", "", "không-email", "có lẽ"],
    ]
    preview = _preview(xlsx(GOOD + bad))
    assert before == (Expert.objects.count(), AuditEvent.objects.count())
    rows = {r.number: r for r in preview.rows}
    assert not rows[2].errors and not rows[3].errors
    assert rows[2].values["academic_title"] == "PGS" and [t.code for t in rows[2].fields] == ["405", "406"]
    assert rows[3].organization == world["health"]  # the registry's agency, found by name
    assert rows[4].errors and len(rows[5].errors) == 5
    with pytest.raises(DomainError) as exc:
        services.expert_import(actor=world["specialist"], preview=preview, decisions={})
    assert exc.value.code == "row_errors" and "4, 5" in exc.value.message
    assert before == (Expert.objects.count(), AuditEvent.objects.count())  # nothing half-imported


def test_import_then_reimport_updates_instead_of_duplicating(world):
    counts = services.expert_import(actor=world["specialist"], preview=_preview(xlsx(GOOD)), decisions={})
    assert counts == {"created": 2, "updated": 0}
    bien = Expert.objects.get(full_name="Phạm Văn Biển")
    assert bien.public_profile_consent and bien.email == "bien@example.invalid"
    changed = [[1, "Pham Van Bien", 1975, "TSKH", "GS", "405", "Trường Đại học Bạc Liêu", "", ""], GOOD[1]]
    preview = _preview(xlsx(changed))
    assert [r.action for r in preview.rows] == [imports.UPDATE, imports.UPDATE]
    counts = services.expert_import(actor=world["specialist"], preview=preview, decisions={})
    assert counts == {"created": 0, "updated": 2}
    bien.refresh_from_db()
    assert Expert.objects.filter(name_folded="pham van bien").count() == 1
    assert (
        bien.degree == "TSKH" and bien.full_name == "Phạm Văn Biển" and bien.email == "bien@example.invalid"
    )


def test_doubtful_matches_are_decided_row_by_row(world):
    services.expert_import(actor=world["specialist"], preview=_preview(xlsx(GOOD)), decisions={})
    moved = [[1, "Phạm Văn Biển", 1975, "TS", "", "", "Viện Nghiên cứu Nuôi trồng Thủy sản II", "", ""]]
    preview = _preview(xlsx(moved))
    row = preview.rows[0]
    assert row.action == imports.REVIEW and [c.full_name for c in row.candidates] == ["Phạm Văn Biển"]
    with pytest.raises(DomainError) as exc:
        services.expert_import(actor=world["specialist"], preview=preview, decisions={})
    assert exc.value.code == "undecided"
    bien = row.candidates[0]
    services.expert_import(
        actor=world["specialist"], preview=_preview(xlsx(moved)), decisions={2: str(bien.pk)}
    )
    assert Expert.objects.filter(name_folded="pham van bien").count() == 1
    assert [a.name for a in bien.affiliations.filter(end__isnull=True)] == [
        "Viện Nghiên cứu Nuôi trồng Thủy sản II"
    ]
    # Another "Phạm Văn Biển" at another institute: the person importing says it is someone else.
    other = [[1, "Phạm Văn Biển", 1990, "ThS", "", "", "Trường Đại học Cần Thơ", "", ""]]
    assert _preview(xlsx(other)).rows[0].action == imports.REVIEW
    services.expert_import(actor=world["specialist"], preview=_preview(xlsx(other)), decisions={2: "new"})
    assert Expert.objects.filter(name_folded="pham van bien").count() == 2


def test_duplicate_rows_in_one_file_are_a_problem(world):
    preview = _preview(xlsx([GOOD[0], GOOD[0]]))
    assert not preview.rows[0].errors and preview.rows[1].errors


def test_the_pages_upload_map_preview_confirm(world, actors):
    c = Client()
    c.force_login(world["specialist"])
    template = c.get(reverse("experts:import_template"))
    assert template.status_code == 200
    headers = [cell.value for cell in load_workbook(io.BytesIO(template.content)).active[1]]
    guessed = imports.guess_mapping(headers)
    assert [k for k, v in guessed.items() if v is None] == []  # the template maps itself
    response = c.post(reverse("experts:import_start"), {"file": SimpleUploadedFile("ds.xlsx", xlsx(GOOD))})
    assert response.status_code == 302 and response["Location"] == reverse("experts:import_map")
    assert c.get(reverse("experts:import_map")).status_code == 200
    mapping = {k: "" if v is None else str(v) for k, v in imports.guess_mapping(HEADERS).items()}
    assert c.post(reverse("experts:import_map"), mapping).status_code == 302
    page = c.get(reverse("experts:import_preview"))
    assert page.status_code == 200 and "Phạm Văn Biển" in page.content.decode()
    assert not Expert.objects.filter(full_name="Phạm Văn Biển").exists()
    response = c.post(reverse("experts:import_preview"))
    assert response.status_code == 302
    assert Expert.objects.filter(full_name="Phạm Văn Biển").exists()
    # Not an Excel file: refused with the reason.
    response = c.post(reverse("experts:import_start"), {"file": SimpleUploadedFile("x.xlsx", b"not excel")})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    # Only the DOST imports.
    other = Client()
    other.force_login(world["own_user"])
    assert other.get(reverse("experts:import_start")).status_code == 403
