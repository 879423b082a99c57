"""Files for the library's tests and benchmark, generated here (small, deterministic): a PDF
with a text layer, a scanned PDF (an image of Vietnamese text, no text layer), DOCX, XLSX, CSV,
GeoJSON, NetCDF headers, a zipped shapefile and a zip bomb."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from typing import Any

from khcn.core import testing


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """A PDF whose pages hold ``pages`` (lines of Latin-1 text) in Helvetica, written by hand."""
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3 + 2 * n_pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
        ops += [f"({_pdf_escape(line)}) Tj T*" for line in lines]
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1", "replace")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def scanned_pdf(lines: Sequence[str], *, pages: int = 1) -> bytes:
    """A PDF of ``pages`` images of ``lines`` (Vietnamese text drawn with DejaVu Sans), as a
    scanner makes it: no text layer."""
    return testing.scanned_pdf(
        [list(lines)] * pages, font_size=44, dpi=200.0, width=1654, height=None, left=80, top=60, leading=80
    )


def docx_bytes(paragraphs: Sequence[str], table: Sequence[Sequence[str]] = ()) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, title: str = "Dữ liệu") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], *, bom: bool = False) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


CLIMATE_ROWS: list[list[Any]] = [
    ["Năm", "Nhiệt độ trung bình (°C)", "Lượng mưa (mm)", "Mực nước biển dâng (cm)"],
    *[[2020 + i, round(27.1 + 0.04 * i, 2), 2300 + 11 * (i % 5), 2 * i] for i in range(12)],
]


def geojson_bytes() -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"ten": "Trạm Cà Mau", "loai": "trạm khí tượng"},
                    "geometry": {"type": "Point", "coordinates": [105.15, 9.18]},
                }
            ],
        },
        ensure_ascii=False,
    ).encode("utf-8")


NETCDF_CLASSIC = b"CDF\x01" + b"\x00\x00\x00\x00" + b"\x00" * 24
NETCDF_HDF5 = b"\x89HDF\r\n\x1a\n" + b"\x00" * 56


def zipped(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def shapefile_zip() -> bytes:
    return zipped(
        {
            "ranh-gioi/ranh_gioi.shp": b"\x00\x00\x27\x0a" + b"\x00" * 96,
            "ranh-gioi/ranh_gioi.shx": b"\x00\x00\x27\x0a" + b"\x00" * 96,
            "ranh-gioi/ranh_gioi.dbf": b"\x03" + b"\x00" * 31,
            "ranh-gioi/ranh_gioi.prj": b'GEOGCS["WGS 84"]',
        }
    )


def zip_bomb() -> bytes:
    """A small ZIP that unpacks to 3 MB of zeros (a ratio far beyond a real document's)."""
    return zipped({"so-lieu.csv": b"\x00" * (3 * 1024 * 1024)})
