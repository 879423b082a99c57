"""Reading hard files: scans read by OCR, text typed in the legacy Vietnamese fonts (TCVN3, VNI),
task tables in Word (merged cells, a table split by a page break) and in PDF (columns rebuilt
from the layout, a table going on over the next page).

The files are built here (Pillow draws the scan, python-docx writes the Word files) except
``data/ke-hoach-bang-nhiem-vu.pdf``: LibreOffice's PDF of ``task_table_docx(fill=6)`` (made once
with ``libreoffice --headless --convert-to pdf``; CI has no LibreOffice).
"""

from __future__ import annotations

import io
import os
import shutil
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest
from django.utils import translation
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Cm

from khcn.core import ocr, testing, vnlegacy
from khcn.core.text import fold
from khcn.plans.parser import PlanParseError, parse_text, read_file, read_source

DATA = Path(__file__).resolve().parent / "data"
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "ke-hoach-kl50-ca-mau.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
PURPOSE = SEED_LINES[5]  # "Quán triệt đầy đủ nội dung Kết luận số 50-KL/TW nhằm …"
assert PURPOSE.startswith("Quán triệt")


def _assignments(data: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(a["section"], a["agency"], a["role"]): a for a in data["assignments"]}


def _rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def walk(sections: list[dict[str, Any]]) -> None:
        for section in sections:
            if section.get("source") == "table_row":
                out.append(section)
            walk(section["children"])

    walk(data["sections"])
    return out


# --------------------------------------------------------------------------------------------------
# OCR of scanned PDFs
# --------------------------------------------------------------------------------------------------

HAS_OCR = ocr.ocr_available()[0] is not None
needs_ocr = pytest.mark.skipif(
    not HAS_OCR and not os.environ.get("KHCN_REQUIRE_OCR"),
    reason="Tesseract with its Vietnamese model is not installed (KHCN_REQUIRE_OCR makes this fail)",
)


def scanned_pdf(pages: list[list[str]]) -> bytes:
    """A PDF of page images (A4 at 300 dpi) showing ``pages`` (lines, wrapped), no text layer."""
    return testing.scanned_pdf(
        [[part for line in lines for part in textwrap.wrap(line, 68)] for lines in pages]
    )


SCAN_PAGES = [
    [
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "KẾ HOẠCH",
        "Triển khai thực hiện Kết luận số 50-KL/TW",
        "I. MỤC ĐÍCH, YÊU CẦU",
    ],
    ["1. Mục đích", PURPOSE, "2. Yêu cầu", SEED_LINES[7][:240]],
]


@needs_ocr
def test_a_scanned_pdf_is_read_by_vietnamese_ocr_page_by_page() -> None:
    data = scanned_pdf(SCAN_PAGES)
    from pypdf import PdfReader

    assert not "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).strip()
    calls: list[tuple[int, int]] = []
    source = read_source(data, "scan.pdf", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
    assert source.ocr_pages == 2
    folded = fold(" ".join(source.text.split()))  # the lines as the scan wrapped them
    for words in (
        "uy ban nhan dan tinh ca mau",
        "ke hoach",
        "quan triet day du noi dung ket luan so 50-kl/tw",
        "nang cao nhan thuc",
        "nghi quyet hoi nghi trung uong 6",
        "phat trien khoa hoc va cong nghe",
    ):
        assert words in folded
    # the Vietnamese model reads the marks too, not only the letters
    assert "Kết luận" in source.text and "khoa học và công nghệ" in " ".join(source.text.split())
    codes = [n.code for n in source.notices]
    assert codes[0] == "ocr_text"
    assert source.notices[0].extra["pages"] == 2
    data_json = parse_text(source.text).to_json()
    purpose = data_json["sections"][0]
    assert purpose["label"] == "I"
    assert [c["label"] for c in purpose["children"]] == ["1", "2"]


OCR_TSV = "\n".join(
    [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
        "5\t1\t1\t1\t1\t1\t180\t200\t300\t50\t96.1\tKẾ",
        "5\t1\t1\t1\t1\t2\t500\t200\t300\t50\t95.0\tHOẠCH",
        "5\t1\t2\t1\t1\t1\t180\t330\t300\t50\t91.2\tGiao",
        "5\t1\t2\t1\t1\t2\t500\t330\t300\t50\t42.5\tSớ",
        "5\t1\t2\t1\t1\t3\t820\t330\t300\t50\t93.0\tTài",
        "5\t1\t2\t1\t2\t1\t180\t396\t300\t50\t35.0\tchỉnh",
        "5\t1\t2\t1\t2\t2\t500\t396\t300\t50\t20.0\t|",
        "5\t1\t2\t1\t2\t3\t600\t396\t300\t50\t97.0\tchủ",
        "5\t1\t2\t1\t2\t4\t700\t396\t300\t50\t97.0\ttrì.",
    ]
)


def test_tesseract_tsv_gives_lines_and_the_words_to_check() -> None:
    read = ocr.parse_tsv(OCR_TSV)
    assert read.text == "KẾ HOẠCH\n\nGiao Sớ Tài\nchỉnh | chủ trì."
    assert [(w.text, w.line) for w in read.uncertain()] == [("Sớ", 3), ("chỉnh", 4)]  # "|" holds no letter


def test_ocr_notices_point_at_the_uncertain_words_with_their_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without running Tesseract: each page's words counted in the whole text's lines."""
    monkeypatch.setattr(ocr, "ocr_available", lambda: ("/usr/bin/tesseract", ""))
    monkeypatch.setattr(ocr, "ocr_words", lambda *args: ocr.parse_tsv(OCR_TSV))
    source = read_source(scanned_pdf([["x"], ["y"]]), "scan.pdf")
    assert source.ocr_pages == 2
    assert source.text.split("\n")[6:8] == ["Giao Sớ Tài", "chỉnh | chủ trì."]  # page 2 starts at line 5
    uncertain = next(n for n in source.notices if n.code == "ocr_uncertain")
    assert uncertain.extra["count"] == 4
    assert [(w["text"], w["line"]) for w in uncertain.extra["words"]] == [
        ("Sớ", 3),
        ("chỉnh", 4),
        ("Sớ", 7),
        ("chỉnh", 8),
    ]
    assert "“Sớ” (3)" in str(uncertain.message)
    assert uncertain.line == 3


def test_the_uncertain_list_is_kept_short(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [OCR_TSV.split("\n")[0]]
    rows += [f"5\t1\t1\t1\t{n}\t1\t0\t0\t1\t1\t10\tchữ{n}" for n in range(1, 31)]
    monkeypatch.setattr(ocr, "ocr_available", lambda: ("/usr/bin/tesseract", ""))
    monkeypatch.setattr(ocr, "ocr_words", lambda *args: ocr.parse_tsv("\n".join(rows)))
    source = read_source(scanned_pdf([["x"]]), "scan.pdf")
    uncertain = next(n for n in source.notices if n.code == "ocr_uncertain")
    assert uncertain.extra["count"] == 30
    assert len(uncertain.extra["words"]) == 20
    assert str(uncertain.message).endswith(", …")


@pytest.mark.parametrize("missing", ["tesseract", "vie"])
def test_without_ocr_a_scan_is_refused_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    if missing == "tesseract":
        monkeypatch.setattr(ocr, "tesseract_binary", lambda: None)
    else:
        monkeypatch.setattr(ocr, "tesseract_binary", lambda: "/usr/bin/tesseract")
        monkeypatch.setattr(ocr, "installed_languages", lambda binary: frozenset({"eng", "osd"}))
    with translation.override("vi"), pytest.raises(PlanParseError) as excinfo:
        read_source(scanned_pdf([["Kế hoạch"]]), "scan.pdf")
    assert excinfo.value.code == "no_text_layer"
    assert "OCR" in excinfo.value.message
    assert "chưa được cài đặt trên máy chủ" in excinfo.value.message


def test_an_image_pdf_whose_ocr_finds_nothing_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda: ("/usr/bin/tesseract", ""))
    monkeypatch.setattr(ocr, "ocr_words", lambda *args: ocr.OcrText())
    with pytest.raises(PlanParseError) as excinfo:
        read_source(scanned_pdf([[""]]), "blank.pdf")
    assert excinfo.value.code == "no_text_layer"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs the tesseract program")
def test_the_library_and_the_plans_share_one_ocr() -> None:
    from khcn.library import extract

    assert extract.ocr_image is ocr.ocr_image
    assert extract.ocr_available() == ocr.ocr_available()


# --------------------------------------------------------------------------------------------------
# Legacy encodings: TCVN3 (ABC, .VnTime) and VNI (VNI-Times)
# --------------------------------------------------------------------------------------------------

# As they are found in documents typed in the old fonts (checked against the TCVN 5712 VN3 and
# VNI Windows tables).
TCVN3_SAMPLES = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Uû ban nh©n d©n tØnh Cµ Mau", "Uỷ ban nhân dân tỉnh Cà Mau"),
    ("Së Khoa häc vµ C«ng nghÖ chñ tr×, phèi hîp víi Së Tµi chÝnh", "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính"),
    ("¨n uèng, ­u tiªn, ®­êng", "ăn uống, ưu tiên, đường"),
]  # fmt: skip
VNI_SAMPLES = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("UÛy ban nhaân daân tænh Caø Mau", "Ủy ban nhân dân tỉnh Cà Mau"),
    ("Sôû Khoa hoïc vaø Coâng ngheä chuû trì, phoái hôïp vôùi Sôû Taøi chính", "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính"),
    ("KEÁ HOAÏCH PHAÙT TRIEÅN", "KẾ HOẠCH PHÁT TRIỂN"),
]  # fmt: skip


@pytest.mark.parametrize(("legacy", "unicode"), TCVN3_SAMPLES)
def test_tcvn3_text_is_converted(legacy: str, unicode: str) -> None:
    assert vnlegacy.convert(legacy, "TCVN3") == unicode
    assert vnlegacy.detect(legacy + " " + legacy).encoding == "TCVN3"  # type: ignore[union-attr]


def test_tcvn3_capitals_font_gives_capitals() -> None:
    """.VnTimeH draws capitals at the lower-case codes: "KẾ HOẠCH" is typed "kÕ ho¹ch"."""
    assert vnlegacy.convert("kÕ ho¹ch", "TCVN3", capitals=True) == "KẾ HOẠCH"
    assert vnlegacy.convert("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "TCVN3", capitals=True) == (
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
    assert vnlegacy.font_encoding(".VnTimeH") == ("TCVN3", True)
    assert vnlegacy.font_encoding(".VnTime") == ("TCVN3", False)
    assert vnlegacy.font_encoding(".VnArialH") == ("TCVN3", True)
    assert vnlegacy.font_encoding("VNI-Times") == ("VNI", False)
    assert vnlegacy.font_encoding("Times New Roman") is None


@pytest.mark.parametrize(("legacy", "unicode"), VNI_SAMPLES)
def test_vni_text_is_converted(legacy: str, unicode: str) -> None:
    assert vnlegacy.convert(legacy, "VNI") == unicode
    assert vnlegacy.detect(legacy + " " + legacy).encoding == "VNI"  # type: ignore[union-attr]


def _to_tcvn3(text: str) -> str:
    """Unicode as typed in .VnTime (no capitals with tones in this font)."""
    inverse = {u: code for code, u in vnlegacy.TCVN3.items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        assert ord(ch) < 0x80 or ch in inverse, ch
        out.append(inverse.get(ch, ch))
    return "".join(out)


def _to_vni(text: str) -> str:
    inverse: dict[str, str] = {}
    for code, u in sorted(vnlegacy.VNI.items(), key=lambda kv: (kv[0] != kv[0].lower(), len(kv[0]))):
        inverse.setdefault(u, code)
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


@pytest.mark.parametrize(("encode", "encoding"), [(_to_tcvn3, "TCVN3"), (_to_vni, "VNI")])
def test_a_paragraph_of_the_seed_round_trips(encode: Any, encoding: str) -> None:
    legacy = encode(PURPOSE)
    assert legacy != PURPOSE
    assert vnlegacy.detect(legacy).encoding == encoding  # type: ignore[union-attr]
    assert vnlegacy.convert(legacy, encoding) == PURPOSE


@pytest.mark.parametrize(("encode", "encoding"), [(_to_tcvn3, "TCVN3"), (_to_vni, "VNI")])
def test_a_legacy_text_file_is_read_as_unicode(encode: Any, encoding: str) -> None:
    """A .txt saved from a legacy font: its bytes are the font's codes (Windows-1252)."""
    plan = "\n".join(["KẾ HOẠCH".lower(), "I. MỤC ĐÍCH, YÊU CẦU".lower(), "1. Mục đích", PURPOSE])
    data = encode(plan).encode("cp1252")
    source = read_source(data, "ke-hoach.txt")
    assert source.text.split("\n")[3] == PURPOSE
    assert [(n.code, n.extra["encoding"]) for n in source.notices] == [("legacy_encoding", encoding)]
    assert encoding.split()[0] in str(source.notices[0].message)


def test_legacy_text_copied_into_unicode_is_converted_too() -> None:
    text = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n" + _to_tcvn3(PURPOSE)
    source = read_source(text.encode("utf-8"), "ke-hoach.txt")
    assert source.text.split("\n")[:2] == [
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert [n.code for n in source.notices] == ["legacy_encoding"]


@pytest.mark.parametrize(
    "text",
    [
        SEED.read_text(encoding="utf-8"),
        "Hòa bình và Cà Mau là quê tôi; cá và mía, xã và huyện. " * 3,
        "The Department of Science and Technology reports to the People's Committee every year.",
        "Le café à la crème, déjà très fréquenté; l'élève à côté du théâtre où naïve Noël. " * 3,
    ],
    ids=["unicode-vietnamese", "latin1-only-vietnamese", "english", "french"],
)
def test_unicode_english_and_french_are_left_alone(text: str) -> None:
    assert vnlegacy.detect(text) is None
    source = read_source(text.encode("utf-8"), "x.txt")
    assert source.text == unicodedata.normalize("NFC", text).strip("\ufeff")
    assert source.notices == []


def test_a_windows_french_file_stays_french() -> None:
    text = "Le café à la crème, déjà très fréquenté; l'élève à côté du théâtre. " * 3
    source = read_source(text.encode("cp1252"), "x.txt")
    assert "café à la crème" in source.text
    assert source.notices == []


def _legacy_docx() -> bytes:
    """A plan in Word typed in .VnTime (a style and direct formatting), its type line in
    .VnTimeH, and one paragraph typed later in Unicode Times New Roman."""
    document = docx.Document()
    legacy_style = document.styles.add_style("VnBody", 1)  # a paragraph style in .VnTime
    legacy_style.font.name = ".VnTime"

    def add(text: str, font: str | None = None, style: str | None = None) -> None:
        paragraph = document.add_paragraph(style=style)
        run = paragraph.add_run(text)
        if font is not None:
            run.font.name = font

    add(_to_tcvn3("Ủy ban nhân dân tỉnh Cà Mau".lower()), ".VnTimeH")
    add(_to_tcvn3("Số: 12/KH-UBND"), ".VnTime")
    add(_to_tcvn3("kế hoạch"), ".VnTimeH")
    add(_to_tcvn3("Phát triển khoa học và công nghệ năm 2024"), style="VnBody")
    add(_to_tcvn3("I. NHIỆM VỤ".lower()), ".VnTimeH")
    paragraph = document.add_paragraph(style="VnBody")
    paragraph.add_run(_to_tcvn3("1. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với "))
    paragraph.add_run(_to_tcvn3("Sở Tài chính")).bold = True  # another run, the same font
    paragraph.add_run(_to_tcvn3(" xây dựng cơ sở dữ liệu, hoàn thành trong Quý II/2024."))
    add("2. Sở Tài chính bố trí kinh phí cho các nhiệm vụ khoa học hằng năm.", "Times New Roman")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_document_in_vntime_fonts_is_converted_run_by_run() -> None:
    source = read_source(_legacy_docx(), "ke-hoach.docx")
    lines = source.text.split("\n")
    assert lines[:5] == [
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "Số: 12/KH-UBND",
        "KẾ HOẠCH",
        "Phát triển khoa học và công nghệ năm 2024",
        "I. NHIỆM VỤ",
    ]
    # the Unicode paragraph is not touched ("á" would be "ỏ" in TCVN3)
    assert lines[6] == "2. Sở Tài chính bố trí kinh phí cho các nhiệm vụ khoa học hằng năm."
    assert [(n.code, n.extra["encoding"]) for n in source.notices] == [("legacy_encoding", "TCVN3")]
    data = parse_text(source.text).to_json()
    assert data["number"] == "12/KH-UBND"
    by_key = _assignments(data)
    assert by_key[("I.1", "Sở Khoa học và Công nghệ", "lead")]["deadline_detail"]["quarter"] == 2
    assert by_key[("I.1", "Sở Tài chính", "coordinate")]["lead"] == "Sở Khoa học và Công nghệ"


def test_a_word_document_in_vni_times_is_converted() -> None:
    document = docx.Document()
    for text in ["KẾ HOẠCH", "Chuyển đổi số", "1. Sở Thông tin và Truyền thông chủ trì triển khai."]:
        document.add_paragraph().add_run(_to_vni(text)).font.name = "VNI-Times"
    out = io.BytesIO()
    document.save(out)
    source = read_source(out.getvalue(), "ke-hoach.docx")
    assert source.text.split("\n")[2] == "1. Sở Thông tin và Truyền thông chủ trì triển khai."
    assert [n.extra["encoding"] for n in source.notices] == ["VNI"]


# --------------------------------------------------------------------------------------------------
# Task tables in Word: merged cells, a table split by a page break
# --------------------------------------------------------------------------------------------------

HEADER = [
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
]
TASK_ROWS = [
    ["1", "Xây dựng cơ sở dữ liệu khoa học và công nghệ của tỉnh, kết nối với cơ sở dữ liệu quốc gia", "Sở Khoa học và Công nghệ", "Sở Tài chính; UBND các huyện", "Quý II/2025", "Cơ sở dữ liệu"],
    ["2", "Rà soát, sửa đổi quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh", "Sở Khoa học và Công nghệ", "Sở Tư pháp", "trước ngày 30/9/2025", "Quyết định của UBND tỉnh"],
    ["3", "Bố trí kinh phí sự nghiệp khoa học và công nghệ cho các nhiệm vụ", "Sở Tài chính", "Sở Khoa học và Công nghệ", "Hằng năm", "Dự toán kinh phí"],
    ["4", "Hỗ trợ doanh nghiệp đổi mới công nghệ, áp dụng hệ thống quản lý chất lượng tiên tiến", "Sở Công Thương", "Sở Khoa học và Công nghệ; Hiệp hội Doanh nghiệp tỉnh", "Giai đoạn 2025-2027", "Báo cáo kết quả hỗ trợ"],
    ["5", "Ứng dụng công nghệ cao trong nuôi trồng thủy sản và sản xuất giống", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Khoa học và Công nghệ", "Quý IV/2025", "Mô hình ứng dụng"],
    ["6", "Tuyên truyền, phổ biến kiến thức khoa học và công nghệ trên các phương tiện thông tin đại chúng", "Sở Thông tin và Truyền thông", "Đài Phát thanh - Truyền hình tỉnh; Báo Cà Mau", "Thường xuyên", "Chuyên mục, tin bài"],
    ["7", "Đào tạo, bồi dưỡng nguồn nhân lực khoa học và công nghệ", "Sở Nội vụ", "Sở Khoa học và Công nghệ; Trường Đại học Bạc Liêu", "Năm 2026", "Kế hoạch đào tạo"],
    ["8", "Điều tra thống kê khoa học và công nghệ", "Cục Thống kê tỉnh", "Sở Khoa học và Công nghệ", "Quý III/2026", "Số liệu thống kê"],
]  # fmt: skip
GROUP = "I. Nhóm nhiệm vụ về cơ chế, chính sách và nguồn lực"


def _plan_start(document: Any, fill: int = 0) -> None:
    for section in document.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    for text in [
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "Số: 25/KH-UBND",
        "Cà Mau, ngày 15 tháng 01 năm 2025",
        "KẾ HOẠCH",
    ]:
        document.add_paragraph(text)
    document.add_paragraph("Phát triển khoa học, công nghệ và đổi mới sáng tạo năm 2025")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    for _ in range(fill):
        document.add_paragraph(
            "Nâng cao nhận thức của các cấp, các ngành về vai trò của khoa học, công nghệ và đổi mới sáng "
            "tạo trong phát triển kinh tế - xã hội của tỉnh; huy động các nguồn lực cho hoạt động khoa học "
            "và công nghệ."
        )
    document.add_paragraph("II. NHIỆM VỤ CỤ THỂ")


def _plan_end(document: Any) -> bytes:
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph(
        "Sở Khoa học và Công nghệ chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này; tổng hợp, báo cáo "
        "Ủy ban nhân dân tỉnh trước ngày 15/12/2025."
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _task_table(document: Any, rows: list[list[str]], *, group: bool = True, header: bool = True) -> Any:
    top = (1 if header else 0) + (1 if group else 0)
    table = document.add_table(rows=top + len(rows), cols=len(HEADER))
    table.style = "Table Grid"
    if header:
        for i, name in enumerate(HEADER):
            table.cell(0, i).text = name
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on each page
    if group:
        table.cell(top - 1, 0).merge(table.cell(top - 1, len(HEADER) - 1)).text = GROUP
    for r, values in enumerate(rows, start=top):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.autofit = False
    for column, width in zip(table.columns, [1.2, 5.2, 3, 3.2, 2.4, 2.4], strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for column, width in enumerate([1.2, 5.2, 3, 3.2, 2.4, 2.4]):
            row.cells[column].width = Cm(width)
    return table


def task_table_docx(fill: int = 0) -> bytes:
    """The plan of ``data/ke-hoach-bang-nhiem-vu.pdf``: a task table of eight rows under a
    group row spanning the columns; ``fill`` paragraphs before it push it over a page break."""
    document = docx.Document()
    _plan_start(document, fill)
    _task_table(document, TASK_ROWS)
    return _plan_end(document)


def _check_task_rows(data: dict[str, Any]) -> None:
    rows = _rows(data)
    assert [r["label"] for r in rows] == [str(n) for n in range(1, 9)]
    group = next(s for s in data["sections"] if s["label"] == "II")["children"][0]
    assert (group["label"], group["heading"]) == ("I", "Nhóm nhiệm vụ về cơ chế, chính sách và nguồn lực")
    assert [c["label"] for c in group["children"]] == [str(n) for n in range(1, 9)]
    by_key = _assignments(data)
    first = rows[0]["path"]
    assert rows[0]["heading"] == TASK_ROWS[0][1]
    assert rows[0]["product"] == "Cơ sở dữ liệu"
    assert by_key[(first, "Sở Khoa học và Công nghệ", "lead")]["deadline"] == "Quý II/2025"
    for name in ("Sở Tài chính", "UBND các huyện"):
        assert by_key[(first, name, "coordinate")]["lead"] == "Sở Khoa học và Công nghệ"
    assert by_key[(rows[1]["path"], "Sở Tư pháp", "coordinate")]["lead"] == "Sở Khoa học và Công nghệ"
    assert rows[1]["deadline"]["date"] == "2025-09-30"
    assert by_key[(rows[2]["path"], "Sở Tài chính", "lead")]["deadline"] == "hằng năm"
    fourth = rows[3]
    assert fourth["heading"] == TASK_ROWS[3][1]
    assert fourth["deadline"] == {"kind": "period", "text": "Giai đoạn 2025-2027", "start": 2025, "end": 2027}
    assert by_key[(fourth["path"], "Sở Công Thương", "lead")]
    assert by_key[(fourth["path"], "Hiệp hội Doanh nghiệp tỉnh", "coordinate")]["lead"] == "Sở Công Thương"
    assert by_key[(rows[6]["path"], "Trường Đại học Bạc Liêu", "coordinate")]
    assert rows[7]["deadline"]["quarter"] == 3
    assert not [w for w in data["warnings"] if w["code"] in ("no_lead", "unknown_agency")]


def test_word_task_table_with_a_group_row() -> None:
    text = read_file(task_table_docx(), "ke-hoach.docx")
    assert f"| {GROUP} |  |  |  |  |  |" in text  # merged across: its text once
    _check_task_rows(parse_text(text).to_json())


def test_a_vertically_merged_cell_gives_its_value_to_each_row_it_spans() -> None:
    """ "Sở Tài chính" merged down three rows of the coordination column coordinates each of
    the three tasks; a deadline merged down two rows is each row's deadline."""
    document = docx.Document()
    _plan_start(document)
    rows = [list(r) for r in TASK_ROWS[:4]]
    table = _task_table(document, rows, group=False)
    merged = table.cell(1, 3).merge(table.cell(3, 3))
    merged.text = "Sở Tài chính"
    table.cell(3, 4).merge(table.cell(4, 4)).text = "Năm 2025"
    data = parse_text(read_file(_plan_end(document), "ke-hoach.docx")).to_json()
    by_key = _assignments(data)
    rows_json = _rows(data)
    assert [r["label"] for r in rows_json] == ["1", "2", "3", "4"]
    for row in rows_json[:2]:
        assert by_key[(row["path"], "Sở Tài chính", "coordinate")]["lead"] == "Sở Khoa học và Công nghệ"
    # row 3 is led by Sở Tài chính; the merged coordination cell names it there too, and the
    # parser keeps its lead
    assert by_key[(rows_json[2]["path"], "Sở Tài chính", "lead")]
    assert [r["deadline"]["text"] for r in rows_json[2:]] == ["Năm 2025", "Năm 2025"]
    assert "UBND các huyện" not in {a["agency"] for a in data["assignments"]}


def test_a_group_row_merged_after_its_number_stays_a_group_row() -> None:
    document = docx.Document()
    _plan_start(document)
    table = _task_table(document, TASK_ROWS[:2], group=False)
    row = table.add_row()
    row.cells[0].text = "II"
    row.cells[1].merge(row.cells[5]).text = "Nhóm nhiệm vụ về ứng dụng công nghệ"
    last = table.add_row()
    for c, value in enumerate(TASK_ROWS[4]):
        last.cells[c].text = value
    text = read_file(_plan_end(document), "ke-hoach.docx")
    assert "| II | Nhóm nhiệm vụ về ứng dụng công nghệ |  |  |  |  |" in text
    data = parse_text(text).to_json()
    part = next(s for s in data["sections"] if s["label"] == "II")
    group = next(c for c in part["children"] if c.get("source") == "table_group")
    assert (group["label"], group["heading"]) == ("II", "Nhóm nhiệm vụ về ứng dụng công nghệ")
    assert [c["label"] for c in group["children"]] == ["5"]
    assert not [w for w in data["warnings"] if w["code"] in ("no_lead", "unknown_agency")]


def test_a_table_split_by_a_page_break_continues_with_its_header_dropped() -> None:
    document = docx.Document()
    _plan_start(document)
    first = _task_table(document, TASK_ROWS[:4])
    numbers = first.add_row()  # the column numbers under the header: not a task
    numbers._tr.getparent().remove(numbers._tr)
    first._tbl.insert(first._tbl.index(first.rows[1]._tr), numbers._tr)
    for c in range(len(HEADER)):
        first.cell(1, c).text = f"({c + 1})"
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _task_table(document, TASK_ROWS[4:], group=False)  # the header repeated, the rows go on
    text = read_file(_plan_end(document), "ke-hoach.docx")
    assert text.count("| STT |") == 1
    assert "(1)" not in text
    _check_task_rows(parse_text(text).to_json())


def test_a_table_split_without_its_header_continues_too() -> None:
    document = docx.Document()
    _plan_start(document)
    _task_table(document, TASK_ROWS[:4])
    document.add_paragraph()
    _task_table(document, TASK_ROWS[4:], group=False, header=False)
    text = read_file(_plan_end(document), "ke-hoach.docx")
    _check_task_rows(parse_text(text).to_json())


# --------------------------------------------------------------------------------------------------
# Task tables in PDF
# --------------------------------------------------------------------------------------------------


def test_pdf_task_table_over_two_pages_is_read_as_rows() -> None:
    """LibreOffice's PDF of ``task_table_docx(fill=6)``: the table starts on page 1, row 4 is cut
    by the page break, and the header is repeated on page 2."""
    text = read_file(DATA / "ke-hoach-bang-nhiem-vu.pdf")
    assert text.count("| STT |") == 1
    assert f"| {GROUP} |" in text
    assert (
        "| 4 | Hỗ trợ doanh nghiệp đổi mới công nghệ, áp dụng hệ thống quản lý chất lượng tiên tiến | "
        "Sở Công Thương | Sở Khoa học và Công nghệ; Hiệp hội Doanh nghiệp tỉnh | Giai đoạn 2025-2027 | "
        "Báo cáo kết quả hỗ trợ |"
    ) in text
    data = parse_text(text).to_json()
    assert data["number"] == "25/KH-UBND"
    assert data["date"] == "2025-01-15"
    _check_task_rows(data)
    assert ("III", "Sở Khoa học và Công nghệ", "lead") in _assignments(data)  # the text after the table


def test_layout_lines_to_rows_page_numbers_blank_lines_and_the_text_after() -> None:
    from khcn.plans.parser.spaced import page_tables

    page = """\
  ỦY BAN NHÂN DÂN                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
II. NHIỆM VỤ

STT   Nội dung                 Đơn vị chủ trì       Đơn vị phối hợp     Thời hạn
1     Xây dựng cơ sở dữ        Sở Khoa học và       Sở Tài chính        Quý II/2025
      liệu khoa học            Công nghệ            UBND các huyện

2     Tổ chức hội thảo         Sở Y tế              Công an tỉnh        Năm 2025
                                    - 2 -
III. TỔ CHỨC THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH NÀY
Các sở, ngành triển khai."""
    items, still_open, found = page_tables(page.split("\n"), None)
    assert found and still_open is None
    lines = [x if isinstance(x, str) else "\n".join(x.lines()) for x in items]
    text = "\n".join(lines)
    assert (
        "| 1 | Xây dựng cơ sở dữ liệu khoa học | Sở Khoa học và Công nghệ | Sở Tài chính; UBND các huyện | "
        "Quý II/2025 |"
    ) in text
    assert "| 2 | Tổ chức hội thảo | Sở Y tế | Công an tỉnh | Năm 2025 |" in text
    assert text.endswith("III. TỔ CHỨC THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH NÀY\nCác sở, ngành triển khai.")
    assert "- 2 -" not in text
    assert text.startswith("ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nII. NHIỆM VỤ")  # two columns


# A PDF's text saved with its layout ("pdftotext -layout"), a party programme's appendix: the
# header's words on five lines, a column of the leaders who oversee each row, the rows' numbers
# in the middle of their rows (Word centres the "TT" column), group rows "I", "II", "II.1", a
# task's words running into the next column over one space.
_CENTRED_TABLE = """\
PHỤ LỤC 2
DANH MỤC CÁC NHIỆM VỤ QUAN TRỌNG GIAI ĐOẠN 2026 - 2030

                                                                                                            Thời hạn
                                                               Cơ quan, tổ chức   Cá nhân phụ trách chỉ
TT                     Nhiệm vụ cụ thể                                                                      thực hiện
                                                                 đảng chủ trì     đạo, kiểm tra, đôn đốc
                                                                                                               (*)
I    Các nhiệm vụ cần làm ngay trong năm 2026



     Tổ chức nghiên cứu, học tập, quán triệt và triển khai
     thực hiện Kết luận số 75-KL/TW đến toàn thể cán bộ,                          Thủ trưởng các cơ quan,
                                                                Các cấp ủy, tổ                              Trước ngày
1    đảng viên, công chức, viên chức, người lao động và                           đơn vị, Bí thư Đảng ủy
                                                                 chức đảng                                  15/10/2026
     các tầng lớp Nhân dân trong tỉnh; nâng cao nhận                                  các xã, phường
     thức, trách nhiệm của cả hệ thống chính trị.




    Xây dựng, ban hành Kế hoạch của Ủy ban nhân dân tỉnh                     Đồng chí Phan Trung Bá -
                                                              Đảng ủy Ủy ban                          Trước ngày
2   để triển khai thực hiện Chương trình hành động này;                      Tỉnh ủy viên, Phó Chủ
                                                               nhân dân tỉnh                          15/10/2026
    xác định rõ nhiệm vụ, trách nhiệm, tiến độ.                                 tịch UBND tỉnh

II   Nhiệm vụ thực hiện theo lộ trình đến năm 2030

II.1 Hoàn thiện thể chế, chính sách, pháp luật; chiến lược, quy hoạch
     Rà soát, hoàn thiện hệ thống văn bản quy phạm pháp                   Đồng chí Phan Trung Bá -
                                                             Đảng ủy UBND
 3   luật về bảo vệ môi trường, ứng phó với biến đổi khí hậu               Tỉnh ủy viên, Phó Chủ
                                                                  tỉnh
     trên địa bàn tỉnh                                                        tịch UBND tỉnh
                                                                         Đồng chí Phan Trung Bá -
     Xây dựng Kế hoạch bảo vệ môi trường cấp tỉnh giai Đảng ủy Sở Xây
 4                                                                        Tỉnh ủy viên, Phó Chủ
     đoạn 2031 - 2040, tầm nhìn đến năm 2060               dựng
                                                                             tịch UBND tỉnh
"""


def test_a_layout_texts_table_with_numbers_in_the_middle_of_their_rows() -> None:
    from khcn.plans.parser.spaced import text_tables

    lines = _CENTRED_TABLE.split("\n")
    ((start, end, rows),) = text_tables(lines)
    assert lines[start].strip() == "Thời hạn" and end >= len(lines) - 2  # the header from its first line
    assert rows[0] == (
        "| TT | Nhiệm vụ cụ thể | Cơ quan, tổ chức đảng chủ trì | Cá nhân phụ trách chỉ đạo, kiểm tra, đôn đốc "
        "| Thời hạn thực hiện (*) |"
    )
    cells = [[c.strip() for c in row.strip("| ").split(" | ")] for row in rows[1:]]
    assert [c[0] for c in cells] == ["I", "1", "2", "II", "II.1", "3", "4"]
    first = cells[1]
    # the lines above the number are its row's: the task from its first word
    assert first[1].startswith("Tổ chức nghiên cứu, học tập") and first[1].endswith("hệ thống chính trị.")
    assert first[2] == "Các cấp ủy, tổ chức đảng" and first[4] == "Trước ngày 15/10/2026"
    assert (
        cells[2][1].startswith("Xây dựng, ban hành Kế hoạch")
        and cells[2][2] == "Đảng ủy Ủy ban nhân dân tỉnh"
    )
    assert cells[4][1] == "Hoàn thiện thể chế, chính sách, pháp luật; chiến lược, quy hoạch"
    # "… giai Đảng ủy Sở Xây": the task's words end where the agency's column begins
    assert (
        cells[6][1]
        == "Xây dựng Kế hoạch bảo vệ môi trường cấp tỉnh giai đoạn 2031 - 2040, tầm nhìn đến năm 2060"
    )
    assert cells[6][2] == "Đảng ủy Sở Xây dựng"


def test_a_layout_texts_table_read_as_items_with_their_leads() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 12/KH-UBND\nLào Cai, ngày 02 tháng 9 năm 2026\n"
        "KẾ HOẠCH\nBảo vệ môi trường\nI. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nông nghiệp và Môi trường chủ trì, theo dõi việc thực hiện.\n" + _CENTRED_TABLE
    )
    data = parse_text(text).to_json()
    found = {(a["section"], a["agency"], a["role"]) for a in data["assignments"]}
    assert ("Phụ lục 2.I.1", "Các cấp ủy, tổ chức đảng", "lead") in found
    assert ("Phụ lục 2.II.II.1.3", "UBND tỉnh", "lead") in found or (
        "Phụ lục 2.II.II.1.3",
        "Đảng ủy UBND tỉnh",
        "lead",
    ) in found
    # the leaders who oversee a row are no agencies of it
    assert not any("Phan Trung Bá" in agency or agency == "Tỉnh ủy" for _, agency, _ in found)


def test_a_time_printed_right_after_the_overseeing_leaders_title_is_the_rows() -> None:
    from khcn.plans.parser.spaced import text_tables

    lines = [
        "                                                                                                            Thời hạn",
        "                                                               Cơ quan, tổ chức   Cá nhân phụ trách chỉ",
        "TT                     Nhiệm vụ cụ thể                                                                      thực hiện",
        "                                                                 đảng chủ trì     đạo, kiểm tra, đôn đốc",
        "     Rà soát, hoàn thiện hệ thống văn bản quy phạm pháp                   Đồng chí Phan Trung Bá -",
        "                                                             Đảng ủy UBND",
        " 1   luật về bảo vệ môi trường, ứng phó với biến đổi khí hậu               Tỉnh ủy viên, Phó Chủ 2026 - 2030",
        "                                                                  tỉnh",
        "     trên địa bàn tỉnh                                                        tịch UBND tỉnh",
    ]
    ((_, _, rows),) = text_tables(lines)
    cells = [c.strip() for c in rows[1].strip("| ").split(" | ")]
    assert cells[2] == "Đảng ủy UBND tỉnh"
    assert cells[3] == "Đồng chí Phan Trung Bá - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"
    assert cells[4] == "2026 - 2030"


def test_a_span_of_years_is_one_time_where_the_column_begins_at_its_end_year() -> None:
    from khcn.plans.parser.spaced import text_tables

    # Lào Cai 104-CTr/TU on a later page: the time column's header stands over "2030", not over
    # "2026 - 2030" (in row 18 the span stands alone, right of the leader's words)
    lines = [
        "                                                                                                            Thời hạn",
        "                                                               Cơ quan, tổ chức   Cá nhân phụ trách chỉ",
        "TT                     Nhiệm vụ cụ thể                                                                      thực hiện",
        "                                                                 đảng chủ trì     đạo, kiểm tra, đôn đốc",
        "                                                                               Đồng chí Phan Trung Bá -",
        "   Đầu tư phát triển hạ tầng, công nghệ thu gom, vận Đảng ủy UBND",
        "12                                                                              Tỉnh ủy viên, Phó Chủ 2026 - 2030",
        "   chuyển, tái chế, xử lý chất thải                       tỉnh",
        "                                                                                   tịch UBND tỉnh",
        "                                                                              Đồng chí Ngô Hạnh Phúc",
        "     Triển khai chương trình phát triển ngành công nghiệp Đảng ủy UBND        - Ủy viên Ban Thường vụ",
        "18                                                                                                    2026 - 2030",
        "     môi trường giai đoạn 2025 - 2030                          tỉnh             Tỉnh ủy, Phó Chủ tịch",
        "                                                                               Thường trực UBND tỉnh",
    ]
    ((_, _, rows),) = text_tables(lines)
    times = [[c.strip() for c in row.strip("| ").split(" | ")][-1] for row in rows[1:]]
    assert times == ["2026 - 2030", "2026 - 2030"]
    assert all("2026" not in row.split(" | ")[3] for row in rows[1:])


# Lào Cai 104-CTr/TU, Phụ lục 1, as pdftotext -layout prints it: header cells one space apart
# ("tổ chức Cá nhân"), a "Mục tiêu" column, numbers in the middle of their rows with no blank
# line between rows, the header printed again on the next page, and the next appendix after it.
_TARGETS_TABLE = """\
                                            Cơ quan,
                                             tổ chức Cá nhân phụ trách chỉ
TT            Nội dung            Mục tiêu
                                              đảng   đạo, kiểm tra, đôn đốc
                                             chủ trì
   Tỷ lệ chi sự nghiệp bảo vệ môi           Đảng ủy Đồng chí Phan Trung
                                  Tối thiểu
 1 trường trong tổng chi ngân                UBND    Bá - Tỉnh ủy viên, Phó
                                    2%
   sách nhà nước hằng năm                      tỉnh   Chủ tịch UBND tỉnh
  Tỷ lệ các nguồn nước thải, khí           Đảng ủy   Đồng chí Phan Trung
2 thải lớn được quan trắc tự        100%   UBND      Bá - Tỉnh ủy viên, Phó
  động, liên tục                            tỉnh      Chủ tịch UBND tỉnh
                                         13

                                              Cơ quan,
                                               tổ chức Cá nhân phụ trách chỉ
TT           Nội dung                Mục tiêu
                                                đảng   đạo, kiểm tra, đôn đốc
                                               chủ trì
   Tỷ trọng năng lượng tái tạo                 Đảng ủy   Đồng chí Phan Trung
12 trong tổng cung năng lượng         26,1%    UBND      Bá - Tỉnh ủy viên, Phó
   sơ cấp đạt tối thiểu                         tỉnh      Chủ tịch UBND tỉnh
                                               Đảng ủy   Đồng chí Phan Trung
   Giảm tiêu hao năng lượng tính
13                               1,0-1,5%      UBND      Bá - Tỉnh ủy viên, Phó
   trên GRDP/năm
                                                tỉnh      Chủ tịch UBND tỉnh
                                               Đảng ủy   Đồng chí Phan Trung
   Số công trình xây dựng xanh
14                                     >25     UBND      Bá - Tỉnh ủy viên, Phó
   được chứng nhận
                                                tỉnh      Chủ tịch UBND tỉnh
   Giảm phát thải khí nhà kính                 Đảng ủy   Đồng chí Phan Trung
15 của tỉnh so với kịch bản phát       9%      UBND      Bá - Tỉnh ủy viên, Phó
   triển thông thường                           tỉnh      Chủ tịch UBND tỉnh
                                                           14
                                                PHỤ LỤC 2
              DANH MỤC CÁC NHIỆM VỤ, CHƯƠNG TRÌNH, ĐỀ ÁN, DỰ ÁN QUAN TRỌNG
"""


def test_a_table_of_targets_with_its_header_cells_one_space_apart_and_a_new_pages_header() -> None:
    from khcn.plans.parser.spaced import text_tables

    lines = _TARGETS_TABLE.split("\n")
    ((_, end, rows),) = text_tables(lines)
    assert rows[0] == (
        "| TT | Nội dung | Mục tiêu | Cơ quan, tổ chức đảng chủ trì | Cá nhân phụ trách chỉ đạo, kiểm tra, "
        "đôn đốc |"
    )
    cells = [[c.strip() for c in row.strip("| ").split(" | ")] for row in rows[1:]]
    assert [c[0] for c in cells] == ["1", "2", "12", "13", "14", "15"]  # no header row again
    # " 1 trường trong tổng chi ngân": the number one space before the task's words
    assert cells[0][1] == "Tỷ lệ chi sự nghiệp bảo vệ môi trường trong tổng chi ngân sách nhà nước hằng năm"
    assert cells[0][2] == "Tối thiểu 2%"
    # "Đảng ủy Đồng chí …" over one space: the agency's column ends where the leader's begins
    assert cells[0][3] == "Đảng ủy UBND tỉnh"
    assert cells[0][4] == "Đồng chí Phan Trung Bá - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"
    # rows with no blank line between them: each line goes to the number it is nearer
    assert [c[3] for c in cells] == ["Đảng ủy UBND tỉnh"] * 6
    assert cells[4][1] == "Số công trình xây dựng xanh được chứng nhận"
    # the next appendix's title ends the table
    assert lines[end].strip() == "PHỤ LỤC 2" and "PHỤ LỤC" not in " ".join(rows)


def test_a_scans_roman_labels_misread_its_running_head_and_page_markers() -> None:
    data = parse_text(
        "CHƯƠNG TRÌNH HÀNH ĐỘNG\nvề bảo vệ môi trường\n"
        "1- MỤC ĐÍCH, YÊU CẦU\n"
        "1. Cụ thể hoá Kết luận.\n"
        "===== Trang 2 =====\n"
        "18.CTRTW31.DOC 2\n"
        "II- NHIỆM VỤ CHỦ YẾU\n"
        "1. Tăng cường sự lãnh đạo của Đảng.\n"
        "18.CTRTW31.DOC 3 2. Hoàn thiện thể chế, pháp luật.\n"
        "HI- TỔ CHỨC THỰC HIỆN\n"
        "1. Đảng uỷ Chính phủ chỉ đạo xây dựng chương trình.\n"
    ).to_json()
    tops = [(s["label"], s["heading"]) for s in data["sections"]]
    assert tops == [("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "NHIỆM VỤ CHỦ YẾU"), ("III", "TỔ CHỨC THỰC HIỆN")]
    assert [c["label"] for c in data["sections"][1]["children"]] == ["1", "2"]  # no "18." item
    # "1-" is left alone where the text's Roman headings do not show it is "I-"
    plain = parse_text("KẾ HOẠCH\nThử nghiệm\n1- MỤC ĐÍCH\n2- NHIỆM VỤ\nGiao Sở Y tế chủ trì.\n").to_json()
    assert "I" not in [s["label"] for s in plain["sections"]]


def test_an_ocr_texts_misread_labels_are_mended_by_their_places() -> None:
    text = (
        "BAN CHẤP HÀNH TRUNG ƯƠNG ĐÁNG CỘNG SẢN VIỆT NAM\nSố 75-KL/TW Hà Nội, ngày 28 tháng 7 năm 2026\n"
        "KÉT LUẬN\nvề bảo vệ môi trường\n"
        "I- BỐI CẢNH\nCông tác bảo vệ môi trường đạt nhiều kết quả.\n"
        "I- QUAN ĐIỂM\nBảo vệ môi trường là nền tảng.\n"
        "II- NHIỆM VỤ\n1. Tổ chức tuyên truyền.\n"
        "IV- TỔ CHỨC THỰC HIỆN\n1. Đảng uỷ Chính phủ lãnh đạo, chỉ đạo thực hiện Kết luận.\n"
    )
    data = parse_text(text).to_json()
    assert (data["doc_type"], data["number"]) == ("Kết luận", "75-KL/TW")
    assert data["issuer"] == "Ban Chấp hành Trung ương"  # the Party's motto is the other column
    assert [s["label"] for s in data["sections"]] == ["I", "II", "III", "IV"]
    # a Ministry's letter by OCR: "I." for "1.", "3." for "5."
    text = (
        "BỘ TÀI CHÍNH\nSố: 8388/BTC-QLCS\nHà Nội, ngày 19 tháng 6 năm 2026\nKính gửi: Các Bộ, cơ quan trung ương\n"
        "Bộ Tài chính đề nghị các Bộ lưu ý các nhiệm vụ trọng tâm sau:\n"
        "I. Tổ chức tuyên truyền Nghị định.\n2. Rà soát các văn bản.\n3. Chỉ đạo chủ đầu tư.\n"
        "4. Chỉ đạo rà soát tài sản.\n3. Đối với các Bộ quản lý chuyên ngành.\n6. Các Bộ có trách nhiệm rà soát.\n"
    )
    data = parse_text(text).to_json()
    assert [s["label"] for s in data["sections"]] == ["1", "2", "3", "4", "5", "6"]
    # a regulation's points by OCR: "đ)" for "d)" before the true "đ)"; a letter left alone at the end
    text = (
        "QUY ĐỊNH\nĐiều 20. Trách nhiệm\n5. Trách nhiệm của cơ quan Công an tỉnh, Công an cấp xã:\n"
        "a) Tham gia nắm tình hình.\nb) Xây dựng phương án.\nc) Tổ chức điều tra.\n"
        "đ) Thực hiện các nhiệm vụ do Ủy ban nhân dân cùng cấp giao.\nđ) Phối hợp với các cơ quan.\n"
        "6. Trách nhiệm của các sở:\na) Chịu trách nhiệm.\nb) Phối hợp.\nc) Cung cấp.\nđ) Tham gia.\n"
    )
    article = parse_text(text).to_json()["sections"][0]
    assert [c["label"] for c in article["children"][0]["children"]] == ["a", "b", "c", "d", "đ"]
    assert [c["label"] for c in article["children"][1]["children"]] == ["a", "b", "c", "đ"]
