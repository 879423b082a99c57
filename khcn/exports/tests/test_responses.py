"""Download responses: content types and Vietnamese file names in Content-Disposition."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from khcn.exports.responses import (
    CSV_CONTENT_TYPE,
    DOCX_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    ascii_filename,
    content_disposition,
    csv_response,
    docx_response,
    xlsx_response,
)


def parse(header: str) -> dict[str, str]:
    parts = [p.strip() for p in header.split(";")]
    out = {"type": parts[0]}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        out[key] = value
    return out


def test_docx_response_with_vietnamese_name():
    response = docx_response(b"PK data", "Báo cáo kết quả Đề tài")
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response.content == b"PK data"
    assert response["Content-Length"] == "7"
    header = parse(response["Content-Disposition"])
    assert header["type"] == "attachment"
    assert header["filename"] == '"Bao cao ket qua De tai.docx"'
    assert header["filename*"].startswith("UTF-8''")
    assert unquote(header["filename*"][len("UTF-8''") :]) == "Báo cáo kết quả Đề tài.docx"
    assert response["Content-Disposition"].isascii()


def test_xlsx_and_csv_responses():
    xlsx = xlsx_response(b"x", "Danh sách.xlsx")
    assert xlsx["Content-Type"] == XLSX_CONTENT_TYPE
    assert parse(xlsx["Content-Disposition"])["filename"] == '"Danh sach.xlsx"'
    assert xlsx["Cache-Control"] == "private, no-store"
    csv = csv_response(b"x", "du-lieu")
    assert csv["Content-Type"] == CSV_CONTENT_TYPE
    assert csv["Content-Disposition"] == 'attachment; filename="du-lieu.csv"'


def test_nfd_name_is_normalised():
    import unicodedata

    header = parse(content_disposition(unicodedata.normalize("NFD", "Hồ sơ.docx")))
    assert unquote(header["filename*"][len("UTF-8''") :]) == "Hồ sơ.docx"


@pytest.mark.parametrize(
    "name",
    ['a"b.docx', "../../etc/passwd", "x\r\nSet-Cookie: a=b", "a\\b;c.docx"],
)
def test_unsafe_characters_cannot_break_the_header(name):
    header = content_disposition(name, extension=".docx")
    assert "\r" not in header and "\n" not in header
    assert "/" not in header.split("filename*=")[0]
    fallback = header.split('filename="')[1].split('"')[0]
    assert '"' not in fallback and "\\" not in fallback


def test_ascii_filename_keeps_case_and_folds_d():
    assert ascii_filename("Đề án Ứng dụng.docx") == "De an Ung dung.docx"
    assert ascii_filename("日本.docx") == "_.docx"
    assert ascii_filename("") == "export"


def test_empty_name_gets_a_default():
    assert content_disposition("", extension=".xlsx") == 'attachment; filename="export.xlsx"'
