"""The preview of a record's tabular files (CSV, XLSX) on its page: the first rows and an SVG
line chart of the first numeric column, only for readers who may open the files; a dataset's
provenance (publisher, rights, description)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from khcn.library import preview, services
from khcn.library.choices import Access
from khcn.library.models import Collection, Record
from khcn.library.tests import samples

pytestmark = pytest.mark.django_db


def _dataset(access: str = Access.PUBLIC, **extra) -> Record:
    collection = Collection.objects.create(code="du-lieu-khi-hau", name="Dữ liệu khí hậu")
    return services.record_create(
        actor=None,
        collection=collection,
        kind="dataset",
        title="Nhiệt độ trung bình năm tại Cà Mau (minh họa)",
        abstract="Số liệu sinh tự động (minh họa).",
        publisher="Đài Khí tượng Thủy văn Cà Mau",
        rights="CC BY 4.0",
        issued_year=2024,
        status="published",
        access=access,
        **extra,
    )


def test_numbers_are_read_as_vietnamese_and_english_write_them():
    assert preview.number("27,5") == 27.5
    assert preview.number("1.234.567") == 1234567
    assert preview.number("2 350") == 2350
    assert preview.number(3) == 3.0
    assert preview.number("12 tháng") is None
    assert preview.number(True) is None


def test_a_csv_gives_its_first_rows_and_a_line_chart_of_the_first_numeric_column():
    headers, rows = preview.table(samples.csv_bytes(samples.CLIMATE_ROWS, bom=True), "csv")
    assert headers[0] == "Năm" and len(rows) == 12
    chart = preview.chart(headers, rows)
    assert chart is not None
    assert (chart.x_label, chart.y_label) == ("Năm", "Nhiệt độ trung bình (°C)")
    points = [tuple(map(float, p.split(","))) for p in chart.points.split()]
    assert len(points) == 12
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    assert xs == sorted(xs) and xs[0] == chart.left and xs[-1] == chart.right
    assert ys == sorted(ys, reverse=True)  # rising temperatures go up the SVG (smaller y)
    assert all(chart.top <= y <= chart.bottom for y in ys)


def test_semicolons_and_a_table_without_numbers():
    headers, rows = preview.table("Trạm;Độ mặn\nSông Đốc;12,5\nNăm Căn;9,8\n".encode(), "csv")
    assert headers == ["Trạm", "Độ mặn"] and rows[0] == ["Sông Đốc", "12,5"]
    assert preview.chart(headers, rows) is not None  # categories along the axis
    headers, rows = preview.table(b"a,b\nx,y\nz,w\n", "csv")
    assert preview.chart(headers, rows) is None


def test_a_workbook_preview_shows_values_never_formulas():
    data = samples.xlsx_bytes([["Năm", "Mưa"], [2023, 2300], [2024, 2350], ["Tổng", "=SUM(B2:B3)"]])
    headers, rows = preview.table(data, "xlsx")
    assert headers == ["Năm", "Mưa"]
    assert [preview._cell(c) for c in rows[-1]] == ["Tổng", ""]


def test_the_record_page_shows_the_preview_and_the_provenance(django_capture_on_commit_callbacks):
    record = _dataset()
    with django_capture_on_commit_callbacks(execute=True):
        services.file_add(
            actor=None,
            record_=record,
            file=SimpleUploadedFile("nhiet-do.csv", samples.csv_bytes(samples.CLIMATE_ROWS)),
        )
    response = Client().get(record.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="file-preview"' in html and "<svg" in html and "<polyline" in html
    assert "Nhiệt độ trung bình (°C)" in html and "27.1" in html
    assert 'data-testid="record-provenance"' in html
    assert "CC BY 4.0" in html and "Đài Khí tượng Thủy văn Cà Mau" in html
    assert 'data-testid="generated-data"' in html


def test_no_preview_for_those_who_may_not_open_the_files(django_capture_on_commit_callbacks):
    record = _dataset(access=Access.SIGNED_IN)
    with django_capture_on_commit_callbacks(execute=True):
        services.file_add(
            actor=None,
            record_=record,
            file=SimpleUploadedFile("nhiet-do.csv", samples.csv_bytes(samples.CLIMATE_ROWS)),
        )
    html = Client().get(record.get_absolute_url()).content.decode()
    assert 'data-testid="file-preview"' not in html and "27.1" not in html
