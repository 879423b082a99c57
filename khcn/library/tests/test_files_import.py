"""Bulk import of library records from a spreadsheet and a ZIP of files: the preview names each
row's problems and writes nothing; the import writes every row and file or nothing (the files
stored before are deleted again); importing again updates the records it matches (DOI, else
collection + title + year) without duplicates; a zip bomb and a record without a title are
refused; the DOST only."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from khcn.accounts.choices import Role
from khcn.core.exceptions import DomainError, PermissionDenied
from khcn.library import imports
from khcn.library.choices import Access, RecordStatus
from khcn.library.models import Collection, Record, RecordFile
from khcn.library.tests import samples

pytestmark = pytest.mark.django_db

HEADERS = [
    "Mã bộ sưu tập", "Loại", "Nhan đề", "Nhan đề tiếng Anh", "Tác giả", "Năm", "Ngôn ngữ", "Từ khóa",
    "Tóm tắt", "Nhà xuất bản", "DOI", "ISBN", "ISSN", "Quyền truy cập", "Hạn chế đến", "Tệp",
]  # fmt: skip


def _row(title: str = "Kịch bản nước biển dâng Cà Mau", **cells: Any) -> list[Any]:
    values = {
        "Mã bộ sưu tập": "du-lieu-khi-hau",
        "Loại": "Dataset",
        "Nhan đề": title,
        "Tác giả": "Nguyễn Văn A; Trần Thị B",
        "Năm": 2024,
        "Ngôn ngữ": "Tiếng Việt",
        "Tóm tắt": "Số liệu mô phỏng.",
        "Nhà xuất bản": "Sở Tài nguyên và Môi trường",
        "Quyền truy cập": "",
        "Tệp": "",
    }
    values.update(cells)
    return [values.get(h, "") for h in HEADERS]


def _sheet(*rows: list[Any], title_rows: bool = True) -> bytes:
    head: list[list[Any]] = [["Danh mục tài liệu nhập thư viện"], []] if title_rows else []
    return samples.xlsx_bytes([*head, HEADERS, *rows])


@pytest.fixture
def dost(make_user):
    return make_user(Role.DOST_SPECIALIST)


@pytest.fixture
def collection() -> Collection:
    return Collection.objects.create(code="du-lieu-khi-hau", name="Dữ liệu biến đổi khí hậu")


FILES = {
    "so-lieu/nuoc-bien-dang.csv": samples.csv_bytes(samples.CLIMATE_ROWS),
    "bao-cao.pdf": samples.text_pdf([["Sea level rise report"]]),
}


def _preview(sheet: bytes, files: dict[str, bytes] | None = None) -> imports.Preview:
    archive = imports.Archive(samples.zipped(files) if files else None)
    return imports.preview(imports.read_sheet(sheet), archive)


def _import(dost, sheet: bytes, files: dict[str, bytes] | None = None) -> dict[str, int]:
    archive = imports.Archive(samples.zipped(files) if files else None)
    rows = imports.preview(imports.read_sheet(sheet), archive).rows
    return imports.records_import(actor=dost, rows=rows, archive=archive, source_name="nhap.xlsx")


def test_the_preview_names_each_problem_and_writes_nothing(collection):
    past = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    sheet = _sheet(
        _row("Bản ghi đúng", **{"Tệp": "nuoc-bien-dang.csv"}),
        _row("Bộ sưu tập lạ", **{"Mã bộ sưu tập": "khong-co"}),
        _row("Loại lạ", **{"Loại": "Tiểu thuyết"}),
        _row(""),  # no title
        _row("Hạn chế đã qua", **{"Quyền truy cập": "Hạn chế đến ngày", "Hạn chế đến": past}),
        _row("Tệp thiếu", **{"Tệp": "khong-co.pdf"}),
        _row("Tệp sai đuôi", **{"Tệp": "anh.csv"}),
    )
    files = {**FILES, "anh.csv": b"\x89PNG\r\n\x1a\n" + bytes(64)}
    preview = _preview(sheet, files)
    errors = {r.title or "(no title)": " ".join(r.errors) for r in preview.rows}
    assert errors["Bản ghi đúng"] == ""
    assert "khong-co" in errors["Bộ sưu tập lạ"]
    assert "Tiểu thuyết" in errors["Loại lạ"]
    assert errors["(no title)"]
    assert past in errors["Hạn chế đã qua"]
    assert "khong-co.pdf" in errors["Tệp thiếu"]
    assert "anh.csv" in errors["Tệp sai đuôi"]
    assert [r.number for r in preview.rows] == list(range(4, 11))  # Excel rows, under the title
    assert preview.refused == 6 and preview.count(imports.CREATE) == 1
    assert not Record.objects.exists()


def test_a_record_without_a_title_is_refused_and_nothing_is_half_imported(dost, collection):
    sheet = _sheet(_row("Đúng", **{"Tệp": "bao-cao.pdf"}), _row(""))
    with pytest.raises(DomainError) as exc:
        _import(dost, sheet, FILES)
    assert exc.value.code == "row_errors"
    assert not Record.objects.exists() and not RecordFile.objects.exists()


def test_import_creates_published_records_with_their_files_then_reimport_updates(
    dost, collection, django_capture_on_commit_callbacks
):
    sheet = _sheet(
        _row(
            "Kịch bản nước biển dâng", **{"Tệp": "nuoc-bien-dang.csv; bao-cao.pdf", "DOI": "10.1234/CM.2024"}
        ),
        _row("Lượng mưa trạm Cà Mau", **{"Năm": 2023, "Loại": "Bộ dữ liệu"}),
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = _import(dost, sheet, FILES)
    assert counts == {"created": 2, "updated": 0, "files": 2}
    first = Record.objects.get(doi="10.1234/CM.2024")
    assert first.status == RecordStatus.PUBLISHED and first.kind == "dataset"
    assert [a.name for a in first.authors.all()] == ["Nguyễn Văn A", "Trần Thị B"]
    files = {f.name: f for f in first.files.all()}
    assert set(files) == {"nuoc-bien-dang.csv", "bao-cao.pdf"}
    assert files["bao-cao.pdf"].text_status == "done"  # read in the background, as any file

    # Again, corrected: matched by DOI (title changed) and by collection + title + year.
    sheet = _sheet(
        _row(
            "Kịch bản nước biển dâng (bản sửa)",
            **{"Tệp": "nuoc-bien-dang.csv; bao-cao.pdf", "DOI": "10.1234/cm.2024"},
        ),
        _row("LƯỢNG MƯA TRẠM CÀ MAU", **{"Năm": 2023, "Loại": "Bộ dữ liệu", "Nhà xuất bản": "Đài khí tượng"}),
    )
    preview = _preview(sheet, FILES)
    assert [r.action for r in preview.rows] == [imports.UPDATE, imports.UPDATE]
    with django_capture_on_commit_callbacks(execute=True):
        counts = _import(dost, sheet, FILES)
    assert counts == {"created": 0, "updated": 2, "files": 0}  # the same files are not attached twice
    assert Record.objects.count() == 2 and RecordFile.objects.count() == 2
    first.refresh_from_db()
    assert first.title == "Kịch bản nước biển dâng (bản sửa)"
    assert Record.objects.get(issued_year=2023).publisher == "Đài khí tượng"


def test_files_stored_before_a_failure_are_deleted(dost, collection, monkeypatch):
    sheet = _sheet(_row("Một", **{"Tệp": "bao-cao.pdf"}), _row("Hai"))
    archive = imports.Archive(samples.zipped(FILES))
    rows = imports.preview(imports.read_sheet(sheet), archive).rows
    saved: list[str] = []
    real_save = default_storage.save

    def save(name, content, **kwargs):
        path = real_save(name, content, **kwargs)
        saved.append(path)
        return path

    monkeypatch.setattr(default_storage, "save", save)
    original = imports._write_row

    def failing(actor, row):
        if row.title == "Hai":
            raise DomainError("boom", code="boom")
        return original(actor, row)

    monkeypatch.setattr(imports, "_write_row", failing)
    with pytest.raises(DomainError):
        imports.records_import(actor=dost, rows=rows, archive=archive)
    assert saved and not any(default_storage.exists(p) for p in saved)
    assert not Record.objects.exists()


def test_an_embargo_in_the_future_is_imported(dost, collection):
    until = timezone.localdate() + dt.timedelta(days=60)
    _import(dost, _sheet(_row("Hạn chế", **{"Quyền truy cập": "Hạn chế đến ngày", "Hạn chế đến": until})))
    record = Record.objects.get()
    assert (record.access, record.embargo_until) == (Access.EMBARGO, until)


def test_only_the_dost_imports(make_user, collection):
    applicant = make_user(Role.APPLICANT)
    with pytest.raises(PermissionDenied):
        _import(applicant, _sheet(_row("Một")))
    client = Client()
    client.force_login(applicant)
    assert client.get(reverse("library:import")).status_code in (403, 404)


def test_the_pages_preview_then_import_and_a_zip_bomb_is_refused(dost, collection):
    client = Client()
    client.force_login(dost)
    url = reverse("library:import")
    assert client.get(url).status_code == 200
    bomb = client.post(
        url,
        {
            "sheet": SimpleUploadedFile("nhap.xlsx", _sheet(_row("Một"))),
            "archive": SimpleUploadedFile("tep.zip", samples.zip_bomb()),
        },
    )
    assert bomb.status_code == 200 and "archive" in bomb.context["form"].errors
    response = client.post(
        url,
        {
            "sheet": SimpleUploadedFile("nhap.xlsx", _sheet(_row("Một", **{"Tệp": "bao-cao.pdf"}))),
            "archive": SimpleUploadedFile("tep.zip", samples.zipped(FILES)),
        },
    )
    assert response.status_code == 302
    review = client.get(response["Location"])
    assert review.status_code == 200 and review.context["counts"]["create"] == 1
    (draft,) = client.session["library.records_import"].values()
    assert default_storage.exists(draft["zip_path"])  # the ZIP waits in the storage
    done = client.post(response["Location"], {"action": "confirm"})
    assert done.status_code == 302
    assert Record.objects.get().files.get().name == "bao-cao.pdf"
    assert not default_storage.exists(draft["zip_path"])  # and is deleted once imported


def test_the_template_is_read_back(dost, collection):
    client = Client()
    client.force_login(dost)
    response = client.get(reverse("library:import_template"))
    assert response.status_code == 200
    sheet = imports.read_sheet(response.content)
    assert sheet.missing == [] and len(sheet.rows) == 1
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.active is not None
    preview = imports.preview(sheet, imports.Archive(None))
    assert preview.rows[0].values["kind"] == "dataset"
    assert any("nuoc-bien-dang.csv" in e for e in preview.rows[0].errors)  # the files are not there
