"""Reading files: .txt in its usual encodings, .docx (paragraphs, tables, Word numbering),
.pdf with a text layer; the type sniffed from the content; and every bad input refused with
its code (empty, binary, old .doc, damaged, scanned PDF, too large, no structure).

The .docx and .pdf inputs are built here: python-docx writes the Word file; the PDF is written
by hand (a Type0 font with a ToUnicode map, so that its Vietnamese text is extractable).
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from khcn.plans.parser import PlanParseError, parse_text, read_file

DATA = Path(__file__).resolve().parent / "data"
FULL_PLAN = DATA / "ke-hoach-day-du.txt"


# --------------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------------


def build_pdf(pages: list[list[str]]) -> bytes:
    """A PDF showing ``pages`` (lines of text) in a Type0 font with a ToUnicode map."""
    chars = sorted({ch for page in pages for line in page for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"

    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /KHCN-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    items = list(cid.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        cmap.append(f"{len(chunk)} beginbfchar")
        cmap.extend(f"<{code:04X}> <{ord(ch):04X}>" for ch, code in chunk)
        cmap.append("endbfchar")
    cmap += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    catalog = add(b"")
    pages_obj = add(b"")
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /KHCNSans /Flags 32 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    cidfont = add(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /KHCNSans /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 500 >>".encode()
    )
    tounicode = add(stream("\n".join(cmap).encode()))
    font = add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /KHCNSans /Encoding /Identity-H "
        f"/DescendantFonts [{cidfont} 0 R] /ToUnicode {tounicode} 0 R >>".encode()
    )
    page_ids = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "40 800 Td"]
        ops += ["<" + "".join(f"{cid[ch]:04X}" for ch in line) + "> Tj T*" for line in lines]
        ops.append("ET")
        content = add(stream(zlib.compress("\n".join(ops).encode()), "/Filter /FlateDecode "))
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def build_docx() -> bytes:
    """A plan in Word: a heading table, paragraphs, Word's own list numbering and a task table
    with a group row spanning the columns and a cell listing two agencies on two lines."""
    document = docx.Document()
    heading = document.add_table(rows=2, cols=2)
    heading.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU"
    heading.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    heading.cell(1, 0).text = "Số: 88/KH-UBND"
    heading.cell(1, 1).text = "Cà Mau, ngày 10 tháng 5 năm 2024"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Triển khai nhiệm vụ khoa học và công nghệ năm 2024")
    document.add_paragraph("Căn cứ Quyết định số 1158/QĐ-TTg ngày 13/7/2021 của Thủ tướng Chính phủ;")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Các sở, ban, ngành nâng cao nhận thức về vai trò của khoa học và công nghệ.")
    document.add_paragraph("II. NHIỆM VỤ CỤ THỂ")
    document.add_paragraph("Phổ biến kế hoạch đến các cơ quan, đơn vị.", style="List Number")
    document.add_paragraph("Các nhiệm vụ cụ thể theo bảng sau:", style="List Number")
    table = document.add_table(rows=5, cols=6)
    columns = [
        "STT",
        "Nội dung / Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm",
    ]
    for i, name in enumerate(columns):
        table.cell(0, i).text = name
    table.cell(1, 0).merge(table.cell(1, 5)).text = "I. Nhóm nhiệm vụ về cơ chế, chính sách"
    rows = [
        ["1", "Xây dựng quy định quản lý nhiệm vụ khoa học và công nghệ", "Sở Khoa học và Công nghệ",
         "Sở Tư pháp\nSở Tài chính", "Quý II/2024", "Quyết định của UBND tỉnh"],
        ["2", "Rà soát định mức chi cho nhiệm vụ khoa học", "Sở Tài chính", "Sở Khoa học và Công nghệ",
         "trước ngày 30/9/2024", "Báo cáo rà soát"],
        ["3", "Điều tra thống kê khoa học và công nghệ", "Cục Thống kê tỉnh", "", "Hằng năm", "Số liệu thống kê"],
    ]  # fmt: skip
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph(
        "Sở Khoa học và Công nghệ theo dõi, tổng hợp, báo cáo Ủy ban nhân dân tỉnh hằng năm."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PDF_PAGES = [
    [
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "Số: 15/KH-UBND",
        "Cà Mau, ngày 02 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "Chuyển đổi số trong hoạt động khoa học và công nghệ",
        "I. NỘI DUNG",
        "1. Số hóa hồ sơ nhiệm vụ khoa học và công nghệ. Giao Sở Khoa học và Công nghệ",
        "chủ trì, phối hợp với Sở Thông tin và Truyền thông thực hiện, hoàn thành trong",
        "năm 2024.",
        "1",
    ],
    [
        "2. Xây dựng thư viện số khoa học và công nghệ của tỉnh; Sở Khoa học và Công nghệ",
        "chủ trì thực hiện trong giai đoạn 2024-2025.",
        "2",
    ],
]


# --------------------------------------------------------------------------------------------------
# .docx
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_parse() -> dict:
    text = read_file(build_docx(), "ke-hoach.docx")
    return {"text": text, "json": parse_text(text).to_json()}


def test_docx_text_in_document_order(docx_parse: dict) -> None:
    text = docx_parse["text"]
    assert text.index("Số: 88/KH-UBND") < text.index("KẾ HOẠCH") < text.index("| STT |") < text.index("III.")
    assert "1. Phổ biến kế hoạch" in text and "2. Các nhiệm vụ cụ thể" in text  # Word's numbering
    assert "Sở Tư pháp; Sở Tài chính" in text


def test_docx_heading_block(docx_parse: dict) -> None:
    data = docx_parse["json"]
    assert data["doc_type"] == "Kế hoạch"
    assert data["number"] == "88/KH-UBND"
    assert data["date"] == "2024-05-10"
    assert data["place"] == "Cà Mau"
    assert data["issuer"] == "Ủy ban nhân dân tỉnh Cà Mau"
    assert data["title"] == "KẾ HOẠCH Triển khai nhiệm vụ khoa học và công nghệ năm 2024"
    assert data["based_on"][0]["number"] == "1158/QĐ-TTg"
    assert not [w for w in data["warnings"] if w["code"] == "no_header"]


def test_docx_task_table_rows_become_items_with_assignments(docx_parse: dict) -> None:
    data = docx_parse["json"]
    part_ii = next(s for s in data["sections"] if s["label"] == "II")
    assert [c["label"] for c in part_ii["children"]] == ["1", "2"]  # Word-numbered paragraphs
    group = part_ii["children"][1]["children"][0]  # the table follows "2. … theo bảng sau:"
    assert (group["label"], group["heading"]) == ("I", "Nhóm nhiệm vụ về cơ chế, chính sách")
    rows = group["children"]
    assert [r["label"] for r in rows] == ["1", "2", "3"]
    first = rows[0]
    assert first["heading"] == "Xây dựng quy định quản lý nhiệm vụ khoa học và công nghệ"
    assert first["deadline"] == {"kind": "quarter", "text": "Quý II/2024", "year": 2024, "quarter": 2}
    assert first["product"] == "Quyết định của UBND tỉnh"
    by_key = {(a["section"], a["agency"], a["role"]): a for a in data["assignments"]}
    path = first["path"]
    assert by_key[(path, "Sở Khoa học và Công nghệ", "lead")]["deadline"] == "Quý II/2024"
    for name in ("Sở Tư pháp", "Sở Tài chính"):
        coordinator = by_key[(path, name, "coordinate")]
        assert coordinator["lead"] == "Sở Khoa học và Công nghệ"
        assert coordinator["source"] == "table"
    second = rows[1]["path"]
    assert by_key[(second, "Sở Tài chính", "lead")]["deadline_detail"]["date"] == "2024-09-30"
    third = rows[2]["path"]
    assert by_key[(third, "Cục Thống kê tỉnh", "lead")]["deadline"] == "hằng năm"


def test_docx_awareness_targets_are_not_assignments(docx_parse: dict) -> None:
    data = docx_parse["json"]
    assert not [a for a in data["assignments"] if a["section"].startswith("I.") or a["section"] == "I"]


# --------------------------------------------------------------------------------------------------
# .pdf
# --------------------------------------------------------------------------------------------------


def test_pdf_with_text_layer() -> None:
    text = read_file(build_pdf(PDF_PAGES), "ke-hoach.pdf")
    assert "Chuyển đổi số trong hoạt động khoa học và công nghệ" in text
    data = parse_text(text).to_json()
    assert data["number"] == "15/KH-UBND"
    assert data["date"] == "2024-01-02"
    part = data["sections"][0]
    assert [c["label"] for c in part["children"]] == ["1", "2"]
    # the wrapped lines were joined and the page numbers dropped
    assert part["children"][0]["heading"].endswith("hoàn thành trong năm 2024.")
    assert "\n1\n" not in "\n".join(c["heading"] for c in part["children"])
    by_key = {(a["section"], a["agency"], a["role"]): a for a in data["assignments"]}
    lead = by_key[("I.1", "Sở Khoa học và Công nghệ", "lead")]
    assert lead["deadline_detail"] == {"kind": "year", "text": "hoàn thành trong năm 2024", "year": 2024}
    assert by_key[("I.1", "Sở Thông tin và Truyền thông", "coordinate")]["lead"] == "Sở Khoa học và Công nghệ"
    assert by_key[("I.2", "Sở Khoa học và Công nghệ", "lead")]["deadline_detail"]["kind"] == "period"


def test_pdf_without_text_layer_is_refused() -> None:
    scanned = build_pdf([[], []])
    with pytest.raises(PlanParseError) as excinfo:
        read_file(scanned, "scan.pdf")
    assert excinfo.value.code == "no_text_layer"


def test_damaged_pdf_is_refused() -> None:
    with pytest.raises(PlanParseError) as excinfo:
        read_file(b"%PDF-1.4\n" + bytes(range(256)) * 4, "broken.pdf")
    assert excinfo.value.code == "bad_pdf"


# --------------------------------------------------------------------------------------------------
# Sniffing and encodings
# --------------------------------------------------------------------------------------------------


def test_type_is_sniffed_from_content_not_name() -> None:
    assert "| STT |" in read_file(build_docx(), "ke-hoach.txt")
    assert "KẾ HOẠCH" in read_file(build_pdf(PDF_PAGES), "ke-hoach.docx")
    assert read_file(FULL_PLAN.read_bytes(), "ke-hoach.pdf").startswith("ỦY BAN NHÂN DÂN")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: _cp1258(t),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be", "cp1258"],
)
def test_text_encodings(encode) -> None:  # type: ignore[no-untyped-def]
    """cp1258 writes tones as combining marks after the letter; the reader gives NFC back."""
    original = FULL_PLAN.read_text(encoding="utf-8")
    text = read_file(encode(original), "ke-hoach.txt")
    assert text.replace("\r\n", "\n").strip() == original.strip()
    assert parse_text(text).to_json()["number"] == "123/KH-UBND"


def _cp1258(text: str) -> bytes:
    """Windows-1258: letters with circumflex, breve or horn precomposed, tone marks combining."""
    import unicodedata

    letter_marks = {"\u0302", "\u0306", "\u031b"}
    out: list[str] = []
    base = ""
    tones = ""
    for ch in unicodedata.normalize("NFD", text) + "\x00":
        if unicodedata.combining(ch):
            if ch in letter_marks:
                base = unicodedata.normalize("NFC", base + ch)
            else:
                tones += ch
            continue
        out.append(base + tones)
        base, tones = ch, ""
    return "".join(out)[:].rstrip("\x00").encode("cp1258")


def test_decomposed_unicode_is_normalised() -> None:
    import unicodedata

    original = FULL_PLAN.read_text(encoding="utf-8")
    decomposed = unicodedata.normalize("NFD", original)
    assert parse_text(decomposed).to_json() == parse_text(original).to_json()


def test_path_and_file_object_sources(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(FULL_PLAN.read_bytes())
    assert read_file(path) == read_file(str(path)) == read_file(io.BytesIO(path.read_bytes()))


# --------------------------------------------------------------------------------------------------
# Bad inputs: each refused with its code; nothing else raised
# --------------------------------------------------------------------------------------------------


def _code(source, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(PlanParseError) as excinfo:
        read_file(source, "x", **kwargs)
    assert excinfo.value.message  # a sentence for the user
    return excinfo.value.code


def test_empty_files() -> None:
    assert _code(b"") == "empty"
    assert _code(b"  \r\n\t \n") == "empty"
    assert _code("\ufeff".encode()) == "empty"


def test_binary_garbage() -> None:
    garbage = random.Random(3).randbytes(4096)
    assert _code(garbage) == "binary"
    assert _code(b"\x7fELF\x02\x01\x01" + b"\x00" * 200) == "binary"


def test_other_zip_and_damaged_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert _code(buffer.getvalue()) == "binary"
    assert _code(b"PK\x03\x04" + b"\x00" * 100) == "bad_docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    assert _code(buffer.getvalue()) == "bad_docx"


def test_old_word_document() -> None:
    assert _code(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512) == "unsupported"


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    assert _code(b"a" * 2048, max_bytes=1024) == "too_large"
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # a sparse 50 MB file: refused on its size alone
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(PlanParseError) as excinfo:
        read_file(big, "big.txt")
    assert excinfo.value.code == "too_large"
    assert "50.0" in excinfo.value.message

    class Endless(io.RawIOBase):
        read_calls = 0

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            Endless.read_calls += 1
            assert size != -1, "the reader must not ask for everything"
            return b"a" * size

    assert _code(Endless(), max_bytes=4096) == "too_large"


def test_text_without_structure() -> None:
    prose = (
        "Hôm nay trời đẹp. Chúng tôi đi dạo trong công viên và nói chuyện về nhiều điều.\n"
        "Buổi chiều có mưa nhỏ, sau đó trời quang đãng trở lại.\n"
    )
    with pytest.raises(PlanParseError) as excinfo:
        parse_text(prose)
    assert excinfo.value.code == "no_structure"
    with pytest.raises(PlanParseError) as excinfo:
        parse_text("   \n ")
    assert excinfo.value.code == "empty"
