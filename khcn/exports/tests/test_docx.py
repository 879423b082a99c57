"""The Decree 30/2020 DOCX builder: open the output with python-docx and check the layout."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from khcn.exports.docx import (
    FONT_NAME,
    MOTTO,
    NATIONAL_TITLE,
    STYLE_BODY,
    AdministrativeDocument,
    Issuer,
    Layout,
    date_line,
    document_number,
    format_cell,
    roman,
)

ISSUER = Issuer(parent="UBND TỈNH CÀ MAU", name="SỞ KHOA HỌC VÀ CÔNG NGHỆ")


def report(**overrides) -> AdministrativeDocument:
    options = {
        "issuer": ISSUER,
        "number": "12/BC-SKHCN",
        "place": "Cà Mau",
        "date": dt.date(2026, 2, 5),
        "doc_type": "BÁO CÁO",
        "summary": "Kết quả thực hiện nhiệm vụ khoa học và công nghệ năm 2025",
    }
    options.update(overrides)
    doc = AdministrativeDocument(**options)
    doc.heading("KẾT QUẢ ĐẠT ĐƯỢC", 1)
    doc.heading("Công tác quản lý nhiệm vụ", 2)
    doc.paragraph("Trong năm 2025, Sở đã tham mưu Ủy ban nhân dân tỉnh ban hành nhiều văn bản.")
    doc.bullet("Tổ chức nghiệm thu 08 nhiệm vụ;")
    doc.table(
        ["STT", "Tên nhiệm vụ", "Kinh phí (đồng)", "Ngày bắt đầu"],
        [
            [1, "Nghiên cứu nuôi tôm sú", 1_250_000_000, dt.date(2025, 3, 1)],
            [2, "Ứng dụng công nghệ sinh học", 980_500_000, dt.date(2025, 4, 15)],
        ],
    )
    doc.heading("PHƯƠNG HƯỚNG NĂM 2026", 1)
    doc.heading("Nhiệm vụ trọng tâm", 2)
    doc.signature(authority="KT. GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC", signer="Nguyễn Văn An")
    doc.recipients(["UBND tỉnh (b/c)", "Bộ Khoa học và Công nghệ"], archive="VT, QLKH")
    return doc


def reopen(doc: AdministrativeDocument):
    return Document(io.BytesIO(doc.to_bytes()))


def close(length, mm: float) -> bool:
    return abs(length.mm - mm) < 0.1


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def runs_of(paragraphs):
    return [run for p in paragraphs for run in p.runs if run.text]


def the_paragraph(cell, text):
    return next(p for p in cell.paragraphs if p.text == text)


@pytest.fixture(scope="module")
def opened():
    return reopen(report())


# -- page ---------------------------------------------------------------------------------------


def test_page_is_a4_portrait_with_decree_margins(opened):
    section = opened.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert close(section.page_width, 210) and close(section.page_height, 297)
    assert close(section.top_margin, 20) and close(section.bottom_margin, 20)
    assert close(section.left_margin, 30) and close(section.right_margin, 15)


def test_times_new_roman_for_every_script(opened):
    defaults = opened.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attr)) == FONT_NAME
    assert fonts.get(qn("w:asciiTheme")) is None
    assert opened.styles["Normal"].font.name == FONT_NAME
    # Every run in the body, the tables and the header carries the four attributes itself.
    body = opened.element.body
    header = opened.sections[0].header._element
    for root in (body, header):
        for rfonts in root.iter(qn("w:rFonts")):
            assert {rfonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {FONT_NAME}
            assert rfonts.get(qn("w:eastAsiaTheme")) is None
        for run in root.iter(qn("w:r")):
            if run.find(qn("w:t")) is not None:
                assert run.find(qn("w:rPr")).find(qn("w:rFonts")) is not None


def test_body_paragraph_format(opened):
    style = opened.styles[STYLE_BODY]
    fmt = style.paragraph_format
    assert style.font.size == Pt(14)
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(fmt.first_line_indent - Cm(1.27)) < Mm(0.1)
    assert fmt.space_after >= Pt(6)
    assert 1.0 <= fmt.line_spacing <= 1.5
    body = next(p for p in opened.paragraphs if p.text.startswith("Trong năm 2025"))
    assert body.style.name == STYLE_BODY


def test_page_numbers_in_header_except_first_page(opened):
    section = opened.sections[0]
    assert section.different_first_page_header_footer is True
    header = section.header
    assert not header.is_linked_to_previous
    instructions = [el.text for el in header._element.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    field_paragraph = header.paragraphs[0]
    assert field_paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert list(first._element.iter(qn("w:instrText"))) == []
    assert "".join(p.text for p in first.paragraphs) == ""


# -- header block ---------------------------------------------------------------------------------


def test_header_table_issuing_body_and_number(opened):
    table = opened.tables[0]
    top_left, _ = table.rows[0].cells
    bottom_left, _ = table.rows[1].cells
    assert cell_lines(top_left) == ["UBND TỈNH CÀ MAU", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    parent = the_paragraph(top_left, "UBND TỈNH CÀ MAU")
    issuer = the_paragraph(top_left, "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    assert not any(r.bold for r in parent.runs)
    assert all(r.bold for r in issuer.runs)
    assert all(r.font.size in (Pt(12), Pt(13)) for r in parent.runs + issuer.runs)
    assert cell_lines(bottom_left) == ["Số: 12/BC-SKHCN"]
    number = the_paragraph(bottom_left, "Số: 12/BC-SKHCN")
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.font.size == Pt(13) and not r.bold for r in number.runs)


def test_header_rules_are_borders_not_underscores(opened):
    table = opened.tables[0]
    for cell in table.rows[0].cells:
        rules = [
            p for p in cell.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
        ]
        assert len(rules) == 1
        rule = rules[0]
        assert rule.text == ""
        assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
        # Narrow and centred: equal indents on both sides.
        assert rule.paragraph_format.left_indent == rule.paragraph_format.right_indent
        assert rule.paragraph_format.left_indent > Mm(5)
    xml = opened.element.xml
    assert "___" not in xml


def test_header_table_is_borderless(opened):
    borders = opened.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_national_title_motto_and_date(opened):
    _, top_right = opened.tables[0].rows[0].cells
    _, bottom_right = opened.tables[0].rows[1].cells
    assert cell_lines(top_right) == [NATIONAL_TITLE, MOTTO]
    assert NATIONAL_TITLE == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert MOTTO == "Độc lập - Tự do - Hạnh phúc"
    title = the_paragraph(top_right, NATIONAL_TITLE)
    motto = the_paragraph(top_right, MOTTO)
    assert all(r.bold and r.font.size == Pt(12) for r in title.runs)
    assert all(r.bold and r.font.size == Pt(13) for r in motto.runs)
    assert cell_lines(bottom_right) == ["Cà Mau, ngày 05 tháng 02 năm 2026"]
    place = the_paragraph(bottom_right, "Cà Mau, ngày 05 tháng 02 năm 2026")
    assert all(r.italic for r in place.runs)
    assert place.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_document_type_and_summary(opened):
    texts = [p.text for p in opened.paragraphs]
    index = texts.index("BÁO CÁO")
    doc_type = opened.paragraphs[index]
    summary = opened.paragraphs[index + 1]
    rule = opened.paragraphs[index + 2]
    assert summary.text == "Kết quả thực hiện nhiệm vụ khoa học và công nghệ năm 2025"
    for paragraph in (doc_type, summary):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.bold for r in paragraph.runs)
    assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")) is not None


def test_headings_numbered_and_bold(opened):
    texts = [p.text for p in opened.paragraphs]
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in texts
    assert "1. Công tác quản lý nhiệm vụ" in texts
    assert "II. PHƯƠNG HƯỚNG NĂM 2026" in texts
    assert "1. Nhiệm vụ trọng tâm" in texts  # level 2 restarts under a new level 1
    assert "- Tổ chức nghiệm thu 08 nhiệm vụ;" in texts
    heading = opened.paragraphs[texts.index("I. KẾT QUẢ ĐẠT ĐƯỢC")]
    assert heading.style.font.bold is True


def test_level_three_heading_is_plain():
    doc = report()
    doc.heading("Nhiệm vụ chuyển tiếp", 3)
    doc.heading("Nhiệm vụ mới", 3)
    opened = reopen(doc)
    texts = [p.text for p in opened.paragraphs]
    assert "a) Nhiệm vụ chuyển tiếp" in texts and "b) Nhiệm vụ mới" in texts
    paragraph = opened.paragraphs[texts.index("a) Nhiệm vụ chuyển tiếp")]
    assert not paragraph.style.font.bold
    assert not any(r.bold for r in paragraph.runs)


# -- tables ---------------------------------------------------------------------------------------


def test_body_table_rows_header_and_borders(opened):
    table = opened.tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [
        ["STT", "Tên nhiệm vụ", "Kinh phí (đồng)", "Ngày bắt đầu"],
        ["1", "Nghiên cứu nuôi tôm sú", "1.250.000.000", "01/03/2025"],
        ["2", "Ứng dụng công nghệ sinh học", "980.500.000", "15/04/2025"],
    ]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r.bold for c in header.cells for r in runs_of(c.paragraphs))
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    widths = [c.width for c in header.cells]
    assert abs(sum(w.mm for w in widths) - 165) < 0.5
    assert widths[1] == max(widths)  # the long text column is the widest


def test_table_explicit_widths_and_landscape_section():
    doc = report()
    doc.table(["A", "B"], [["x", "y"]], widths=[40, 60], landscape=True, caption="Phụ lục")
    doc.paragraph("Sau phụ lục.")
    opened = reopen(doc)
    sections = opened.sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = sections[1]
    assert close(landscape.page_width, 297) and close(landscape.page_height, 210)
    assert landscape.different_first_page_header_footer is False
    assert landscape.header.is_linked_to_previous  # keeps the page number
    table = opened.tables[2]
    assert [round(c.width.mm) for c in table.rows[0].cells] == [40, 60]
    assert "Phụ lục" in [p.text for p in opened.paragraphs]


def test_an_annex_prints_after_the_signature_and_recipients():
    doc = report()
    doc.paragraph("Nội dung báo cáo.")
    doc.annex()
    doc.table(["STT", "Nội dung"], [[1, "Nhiệm vụ"]], landscape=True, caption="PHỤ LỤC")
    doc.signature("KT. GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC", signer="Nguyễn Văn A")
    doc.recipients(["UBND tỉnh"])
    opened = reopen(doc)
    body = opened.element.body
    order = [child for child in body.iterchildren() if child.tag in (qn("w:p"), qn("w:tbl"))]
    texts = ["".join(t.text or "" for t in child.iter(qn("w:t"))) for child in order]
    signer_at = next(i for i, t in enumerate(texts) if "Nguyễn Văn A" in t)
    annex_at = next(i for i, t in enumerate(texts) if t == "PHỤ LỤC")
    body_at = texts.index("Nội dung báo cáo.")
    assert body_at < signer_at < annex_at
    # The signature stays on a portrait page; the annex has a landscape section of its own.
    assert [s.orientation for s in opened.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]


def test_a_portrait_annex_starts_on_a_new_page():
    doc = report()
    doc.paragraph("Nội dung.")
    doc.annex().paragraph("PHỤ LỤC", bold=True, align="center", indent=False)
    doc.signature(position="GIÁM ĐỐC", signer="Trần Thị B")
    xml = reopen(doc).element.body.xml
    assert xml.index("Trần Thị B") < xml.index('w:type="page"') < xml.index("PHỤ LỤC")


def test_table_rejects_ragged_rows():
    doc = report()
    with pytest.raises(ValueError, match="Row 1"):
        doc.table(["A", "B"], [["only one"]])


def test_auto_widths_keep_short_columns_whole():
    doc = report()
    doc.table(["STT", "Nội dung"], [[i, "Một nội dung rất dài " * 8] for i in range(1, 4)])
    opened = reopen(doc)
    table = opened.tables[2]
    stt = table.rows[0].cells[0].width
    assert stt > Mm(10)  # "STT" in 12 pt bold plus cell margins does not break


# -- closing block --------------------------------------------------------------------------------


def test_signature_and_recipients(opened):
    table = opened.tables[-1]
    left, right = table.rows[0].cells
    assert cell_lines(right) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    assert all(r.bold for r in runs_of(right.paragraphs))
    empty = [p for p in right.paragraphs if not p.text]
    assert len(empty) >= 3  # room to sign
    assert cell_lines(left) == [
        "Nơi nhận:",
        "- UBND tỉnh (b/c);",
        "- Bộ Khoa học và Công nghệ;",
        "- Lưu: VT, QLKH.",
    ]
    label = the_paragraph(left, "Nơi nhận:")
    assert all(r.bold and r.italic and r.font.size == Pt(12) for r in label.runs)
    for line in left.paragraphs[1:]:
        assert all(r.font.size == Pt(11) for r in line.runs)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_signature_without_authority_and_archive_item():
    doc = AdministrativeDocument(
        issuer=ISSUER, number="3/SKHCN-QLKH", place="Cà Mau", date=dt.date(2026, 3, 9)
    )
    doc.signature(position="giám đốc", signer="Lê Văn Bình")
    doc.recipients(["- Như trên;", "Lưu: VT, QLKH."])
    left, right = reopen(doc).tables[-1].rows[0].cells
    assert cell_lines(right) == ["GIÁM ĐỐC", "Lê Văn Bình"]
    assert cell_lines(left) == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, QLKH."]


def test_official_letter_puts_summary_under_number():
    doc = AdministrativeDocument(
        issuer=ISSUER,
        number="5/SKHCN-QLKH",
        place="Cà Mau",
        date=dt.date(2026, 11, 3),
        summary="đề xuất đặt hàng nhiệm vụ năm 2027",
    )
    doc.addressees(["Các sở, ban, ngành tỉnh", "UBND các huyện"])
    doc.paragraph("Thực hiện Kế hoạch số 01/KH-UBND.")
    opened = reopen(doc)
    bottom_left, bottom_right = opened.tables[0].rows[1].cells
    assert cell_lines(bottom_left) == ["Số: 05/SKHCN-QLKH", "V/v đề xuất đặt hàng nhiệm vụ năm 2027"]
    assert cell_lines(bottom_right) == ["Cà Mau, ngày 03 tháng 11 năm 2026"]
    texts = [p.text for p in opened.paragraphs]
    assert "Kính gửi:" in texts
    assert "- Các sở, ban, ngành tỉnh;" in texts and "- UBND các huyện." in texts
    assert not any(t in ("BÁO CÁO", "CÔNG VĂN") for t in texts)


def test_issuer_without_parent():
    doc = AdministrativeDocument(
        issuer=Issuer(name="Bộ Khoa học và Công nghệ"), number="1/BC-BKHCN", place="Hà Nội", date=None
    )
    top_left = reopen(doc).tables[0].rows[0].cells[0]
    assert cell_lines(top_left) == ["BỘ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert all(r.bold for r in runs_of(top_left.paragraphs))


# -- text, numbers, dates -----------------------------------------------------------------------


def test_inputs_are_nfc_and_xml_safe():
    decomposed = unicodedata.normalize("NFD", "Nghiên cứu ứng dụng")
    doc = report(summary=unicodedata.normalize("NFD", "Kết quả năm 2025"))
    doc.paragraph(decomposed + "\x00\x0b tiếp")
    doc.table(["Tên"], [[decomposed]])
    opened = reopen(doc)
    texts = [p.text for p in opened.paragraphs]
    assert "Kết quả năm 2025" in texts
    assert "Nghiên cứu ứng dụng tiếp" in texts
    assert opened.tables[2].rows[1].cells[0].text == "Nghiên cứu ứng dụng"
    with zipfile.ZipFile(io.BytesIO(doc.to_bytes())) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert unicodedata.is_normalized("NFC", xml)


def test_to_bytes_is_repeatable_and_save_writes(tmp_path):
    doc = report()
    first = reopen(doc)
    second = reopen(doc)
    assert [p.text for p in first.paragraphs] == [p.text for p in second.paragraphs]
    path = tmp_path / "bao-cao.docx"
    doc.save(path)
    buffer = io.BytesIO()
    doc.save(buffer)
    assert path.read_bytes()[:2] == b"PK" and buffer.getvalue()[:2] == b"PK"
    assert Document(str(path)).tables[0].rows[0].cells[1].paragraphs[0].text == NATIONAL_TITLE


def test_core_properties():
    props = reopen(report()).core_properties
    assert props.author == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert props.language == "vi-VN"
    assert props.title.startswith("BÁO CÁO")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2026, 2, 5), "Cà Mau, ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 1, 31), "Cà Mau, ngày 31 tháng 01 năm 2026"),
        (dt.date(2026, 3, 9), "Cà Mau, ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 12, 10), "Cà Mau, ngày 10 tháng 12 năm 2026"),
    ],
)
def test_date_line(date, expected):
    assert date_line("Cà Mau", date) == expected


def test_date_line_blank_for_drafts():
    assert date_line("Cà Mau", None).startswith("Cà Mau, ngày ")


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "BC-SKHCN", "05/BC-SKHCN"),
        ("12", "/BC-SKHCN", "12/BC-SKHCN"),
        (123, "SKHCN-QLKH", "123/SKHCN-QLKH"),
    ],
)
def test_document_number(number, symbol, expected):
    assert document_number(number, symbol) == expected


def test_document_number_blank_and_invalid():
    assert document_number("", "BC-SKHCN").endswith("/BC-SKHCN")
    with pytest.raises(ValueError):
        document_number("12a", "BC-SKHCN")


def test_number_in_constructor_gets_leading_zero():
    opened = reopen(report(number="7/BC-SKHCN"))
    assert opened.tables[0].rows[1].cells[0].paragraphs[0].text == "Số: 07/BC-SKHCN"


def test_roman_and_format_cell():
    assert [roman(n) for n in (1, 4, 9, 14, 40, 1990)] == ["I", "IV", "IX", "XIV", "XL", "MCMXC"]
    assert format_cell(1_234_567) == "1.234.567"
    assert format_cell(2.5) == "2,5"
    assert format_cell(dt.date(2026, 2, 5)) == "05/02/2026"
    assert format_cell(None) == ""
    assert format_cell(True) == "Có"


@pytest.mark.parametrize(
    "field",
    [{"margin_top_mm": 19}, {"margin_left_mm": 36}, {"margin_right_mm": 21}, {"body_size_pt": 12}],
)
def test_layout_outside_decree_ranges_is_refused(field):
    with pytest.raises(ValueError, match="Decree 30"):
        Layout(**field)


def test_layout_accepts_other_legal_values():
    doc = report(layout=Layout(margin_top_mm=25, margin_left_mm=35, margin_right_mm=20, body_size_pt=13))
    section = reopen(doc).sections[0]
    assert (
        close(section.top_margin, 25) and close(section.left_margin, 35) and close(section.right_margin, 20)
    )


def test_styles_set_by_id_resolve_to_the_named_styles():
    from khcn.exports import docx as builder

    doc = report()
    doc.heading("Kết quả").paragraph("Nội dung.").bullet("Một ý.")
    doc.table(["STT", "Nội dung"], [[1, "dòng 1\ndòng 2"]])
    doc.signature(position="GIÁM ĐỐC", signer="Trần Thị B")
    opened = reopen(doc)
    names = {builder.STYLE_BODY, builder.STYLE_BULLET, builder.STYLE_BLOCK, *builder.STYLE_HEADINGS.values()}
    for name in names:
        assert opened.styles[name].style_id == builder._style_id(name)
    used = {p.style.name for p in opened.paragraphs}
    assert {builder.STYLE_HEADINGS[1], builder.STYLE_BODY, builder.STYLE_BULLET} <= used
    cell_styles = {
        p.style.name for t in opened.tables for row in t.rows for c in row.cells for p in c.paragraphs
    }
    assert builder.STYLE_TABLE in cell_styles and builder.STYLE_TABLE_HEADER in cell_styles
