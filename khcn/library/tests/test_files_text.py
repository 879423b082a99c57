"""The text of a record's files, read in the background (``khcn.library.tasks.read_text``):
PDF, DOCX (paragraphs and tables), XLSX (values, never formulas), CSV; a scanned PDF by
Tesseract's Vietnamese OCR, or a clear ``no_ocr`` note when OCR is missing; the text is found by
the site search with Vietnamese folding; ``library_read_text`` reads files again."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from khcn.core.text import fold
from khcn.library import extract, services
from khcn.library.choices import TextStatus
from khcn.library.models import Collection, Record, RecordFile
from khcn.library.tests import samples

pytestmark = pytest.mark.django_db

HAS_VIE = extract.ocr_available()[0] is not None


@pytest.fixture
def published() -> Record:
    collection = Collection.objects.create(code="du-lieu-thu", name="Dữ liệu thử")
    return services.record_create(
        actor=None,
        collection=collection,
        kind="dataset",
        title="Kịch bản biến đổi khí hậu tỉnh Cà Mau",
        issued_year=2024,
        status="published",
    )


def _attach(record: Record, data: bytes, name: str, capture) -> RecordFile:
    with capture(execute=True):
        stored = services.file_add(actor=None, record_=record, file=SimpleUploadedFile(name, data))
    stored.refresh_from_db()
    return stored


def _search(query: str) -> list[int]:
    from khcn.search.selectors import search_results

    return [
        h.object.pk for h in search_results(user=AnonymousUser(), query=query, types=["library.record"]).hits
    ]


def test_a_pdf_is_read_in_the_background_and_found_by_the_search(
    published, django_capture_on_commit_callbacks
):
    pdf = samples.text_pdf([["Mangrove forest restoration", "in Ca Mau province"], ["Shrimp farming"]])
    stored = _attach(published, pdf, "bao-cao.pdf", django_capture_on_commit_callbacks)
    assert stored.text_status == TextStatus.DONE
    assert "Mangrove forest restoration" in stored.text
    assert "Shrimp farming" in stored.text
    assert published.pk in _search("mangrove restoration")


def test_a_docx_paragraphs_and_tables_are_read_nfc_and_searched_folded(
    published, django_capture_on_commit_callbacks
):
    decomposed = "Rư\u0300ng nga\u0323\u0302p mă\u0323n"  # "Rừng ngập mặn" typed with combining marks
    data = samples.docx_bytes(
        [f"{decomposed}   bảo vệ   bờ biển", ""],
        table=[["Trạm", "Độ mặn"], ["Sông Đốc", "12‰"]],
    )
    stored = _attach(published, data, "bao-cao.docx", django_capture_on_commit_callbacks)
    assert stored.text_status == TextStatus.DONE
    assert "Rừng ngập mặn bảo vệ bờ biển" in stored.text  # NFC, spaces collapsed
    assert "Sông Đốc | 12‰" in stored.text
    assert published.pk in _search("song doc")  # folded query finds the accented text


def test_a_workbook_gives_its_values_never_its_formulas():
    data = samples.xlsx_bytes([["Năm", "Lượng mưa"], [2024, 2350], ["Tổng", "=SUM(B2:B2)"]])
    got = extract.extract(data, "xlsx")
    assert got.status == TextStatus.DONE
    assert "Lượng mưa" in got.text and "2350" in got.text and "Tổng" in got.text
    assert "SUM" not in got.text


def test_csv_is_read_with_or_without_a_bom():
    for bom in (False, True):
        got = extract.extract(samples.csv_bytes(samples.CLIMATE_ROWS, bom=bom), "csv")
        assert got.status == TextStatus.DONE
        assert got.text.startswith("Năm,Nhiệt độ")


def test_a_damaged_file_fails_with_a_note_and_a_kind_without_text_says_so():
    got = extract.extract(b"%PDF-1.4 not really a pdf", "pdf")
    assert got.status in (TextStatus.FAILED, TextStatus.NO_TEXT)
    assert got.note
    assert extract.extract(samples.NETCDF_CLASSIC, "netcdf").status == TextStatus.NO_TEXT


@pytest.mark.skipif(
    not HAS_VIE, reason="Tesseract with the Vietnamese model (tesseract-ocr-vie) is not installed"
)
def test_a_scanned_pdf_is_read_by_vietnamese_ocr(published, django_capture_on_commit_callbacks):
    lines = ["Báo cáo tổng kết nhiệm vụ khoa học", "Nuôi tôm càng xanh ở Cà Mau"]
    data = samples.scanned_pdf(lines)
    from pypdf import PdfReader

    assert not (PdfReader(io.BytesIO(data)).pages[0].extract_text() or "").strip()  # no text layer
    stored = _attach(published, data, "ban-scan.pdf", django_capture_on_commit_callbacks)
    assert stored.text_status == TextStatus.OCR
    folded = fold(stored.text)
    for word in ("bao cao", "tong ket", "khoa hoc", "nuoi tom", "ca mau"):
        assert word in folded
    # the Vietnamese model reads the marks, not only the letters (English would give "cang")
    assert any(word in stored.text for word in ("càng xanh", "tôm", "Báo cáo", "khoa học", "Cà Mau"))
    assert published.pk in _search("tôm càng xanh")


def test_without_ocr_a_scanned_pdf_says_so_and_nothing_fails(
    published, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(extract, "tesseract_binary", lambda: None)
    stored = _attach(
        published, samples.scanned_pdf(["Cà Mau"]), "ban-scan.pdf", django_capture_on_commit_callbacks
    )
    assert stored.text_status == TextStatus.NO_OCR
    assert "Tesseract" in stored.text_note
    assert stored.text == ""


def test_without_the_vietnamese_model_the_note_names_the_package(monkeypatch):
    monkeypatch.setattr(extract, "tesseract_binary", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(extract, "_languages", lambda binary: frozenset({"eng", "osd"}))
    got = extract.extract(samples.scanned_pdf(["Cà Mau"]), "pdf")
    assert got.status == TextStatus.NO_OCR
    assert "tesseract-ocr-vie" in got.note


def test_the_command_reads_again_the_files_waiting_or_not_ocrd(published, django_capture_on_commit_callbacks):
    pdf = samples.text_pdf([["Salinity intrusion scenario"]])
    stored = _attach(published, pdf, "a.pdf", django_capture_on_commit_callbacks)
    RecordFile.objects.filter(pk=stored.pk).update(text="", text_status=TextStatus.NO_OCR)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("library_read_text", "--pending", stdout=out)
    stored.refresh_from_db()
    assert stored.text_status == TextStatus.DONE and "Salinity" in stored.text
    assert "done: 1" in out.getvalue()
    out = io.StringIO()
    call_command("library_read_text", stdout=out)  # nothing pending any more
    assert out.getvalue().startswith("0 files")
    call_command("library_read_text", "--all", stdout=out)
    assert "1 files" in out.getvalue()
