"""Vietnamese administrative documents (Decree 30/2020/NĐ-CP, Appendix I) as DOCX.

One builder, :class:`AdministrativeDocument`, lays out the blocks every agency document shares:
the two-column header (issuing body and number on the left; national title, motto, place and date
on the right), the document type and summary (*trích yếu*), the body, and the closing block
(recipients on the left, signature on the right)::

    doc = AdministrativeDocument(
        issuer=Issuer(parent="UBND TỈNH CÀ MAU", name="SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
        number="12/BC-SKHCN",
        place="Cà Mau",
        date=date(2026, 2, 5),
        doc_type="BÁO CÁO",
        summary="Kết quả thực hiện nhiệm vụ khoa học và công nghệ năm 2025",
    )
    doc.heading("KẾT QUẢ ĐẠT ĐƯỢC", level=1)  # "I. KẾT QUẢ ĐẠT ĐƯỢC"
    doc.paragraph("Trong năm 2025, Sở đã ...")
    doc.table(["STT", "Tên nhiệm vụ", "Kinh phí"], rows)
    doc.signature(authority="KT. GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC", signer="Nguyễn Văn A")
    doc.recipients(["UBND tỉnh", "Bộ Khoa học và Công nghệ"], archive="VT, QLKH")
    data = doc.to_bytes()

The builder records blocks and renders a fresh python-docx document on every
:meth:`AdministrativeDocument.build`, so ``to_bytes()`` may be called more than once. Every input
string is normalised to NFC and stripped of characters XML cannot carry.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, Literal, Self

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Emu, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from khcn.core.text import fold, nfc, roman, thousands

from ._metrics import text_width_mm

__all__ = [
    "FONT_NAME",
    "AdministrativeDocument",
    "Issuer",
    "Layout",
    "add_left_signature",
    "date_line",
    "document_number",
    "format_cell",
    "roman",
    "signer_titles",
]

FONT_NAME = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0

# Paragraph styles created in every document (named after the Decree 30 blocks they carry).
STYLE_BODY = "KHCN Body"
STYLE_HEADINGS = {1: "KHCN Heading 1", 2: "KHCN Heading 2", 3: "KHCN Heading 3"}
STYLE_BULLET = "KHCN Bullet"
STYLE_TABLE = "KHCN Table Text"
STYLE_TABLE_HEADER = "KHCN Table Header"
STYLE_BLOCK = "KHCN Block"  # header and closing blocks: no indent, no extra spacing

Align = Literal["justify", "center", "left", "right"]
_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}

# Characters XML 1.0 cannot hold (python-docx refuses them); tab, LF and CR are allowed.
_XML_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LEADING_NUMBER_RE = re.compile(r"^\s*(\d+)\s*/\s*(.*)$")

# Cell margin (left and right) inside the borderless header and closing tables.
_BLOCK_CELL_MARGIN_MM = 1.0


# --------------------------------------------------------------------------------------------------
# Small helpers (public ones are reused by module exports)
# --------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """NFC text without XML-illegal control characters."""
    return _XML_ILLEGAL_RE.sub("", nfc(str(value)))


def document_number(number: int | str, symbol: str) -> str:
    """The number and symbol of a document: ``document_number(5, "BC-SKHCN") == "05/BC-SKHCN"``.

    Decree 30 writes numbers below 10 with a leading zero. ``number`` may be empty for a draft
    awaiting its number (``"     /BC-SKHCN"``: the clerk writes it in on issue).
    """
    symbol = _text(symbol).strip().lstrip("/")
    raw = str(number).strip()
    if not raw:
        return f"{' ' * 6}/{symbol}"
    if not raw.isdigit():
        raise ValueError(f"Document number must be digits, got {number!r}")
    return f"{int(raw):02d}/{symbol}"


def _normalise_number(value: str) -> str:
    """Give a leading zero to a "5/BC-…" number written by hand; leave anything else alone."""
    value = _text(value).strip()
    match = _LEADING_NUMBER_RE.match(value)
    if match:
        return document_number(match.group(1), match.group(2))
    return value


def date_line(place: str, date: dt.date | None) -> str:
    """The place-and-date line: ``"Cà Mau, ngày 05 tháng 02 năm 2026"``.

    Days below 10 and the months 1 and 2 take a leading zero (Decree 30, Appendix I); other months
    are written as they are ("tháng 3", "tháng 12"). With no date, blanks are left to fill in by hand.
    """
    place = _text(place).strip()
    if date is None:
        return f"{place}, ngày      tháng      năm 20    "
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def format_cell(value: Any) -> str:
    """A value as Vietnamese documents print it: ``1.234.567``, ``2,5``, ``05/02/2026``, ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return thousands(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return thousands(int(value))
    if isinstance(value, (float, Decimal)):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return _text(value)


def signer_titles(position: str, *, head: str = "Giám đốc") -> tuple[str | None, str]:
    """The authority line and the position of a signature block: a deputy ("Phó Giám đốc")
    signs "KT." for the head ("KT. Giám đốc"); the head signs with no authority line. An empty
    ``position`` is the ``head``'s."""
    position = nfc(position or "").strip() or head
    if fold(position).startswith("pho "):
        return f"KT. {position[4:].strip()}", position
    return None, position


def add_left_signature(document: DocxDocument, title: str, name: str) -> None:
    """Copy the signature block (right column of the closing table, the document's last table)
    into its left column with another title and name: minutes and contracts are signed by two
    parties side by side. Use on a built document without recipients."""
    closing = document.tables[-1]
    left, right = closing.rows[0].cells
    for paragraph in list(left.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    paragraphs = right.paragraphs
    for paragraph in paragraphs:
        left._tc.append(copy.deepcopy(paragraph._p))
    texted = [index for index, paragraph in enumerate(paragraphs) if paragraph.text.strip()]
    if not texted:
        return
    copies = left.paragraphs
    for index, text in ((texted[0], title.upper()), (texted[-1], name)):
        runs = copies[index].runs
        if runs:
            runs[0].text = text
            for run in runs[1:]:
                run.text = ""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


# --------------------------------------------------------------------------------------------------
# Layout settings, checked against Decree 30
# --------------------------------------------------------------------------------------------------


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name}={value} is outside the Decree 30/2020 range {low}–{high}")


@dataclass(frozen=True)
class Layout:
    """Page and type settings. The defaults are one valid choice; each is checked on creation
    against the range Decree 30/2020 (Appendix I) allows."""

    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    body_size_pt: float = 14
    first_line_indent_cm: float = 1.27
    space_after_pt: float = 6
    line_spacing: float = 1.15
    national_title_size_pt: float = 12
    body_name_size_pt: float = 12
    number_size_pt: float = 13
    date_size_pt: float = 14
    doc_type_size_pt: float = 14
    signature_size_pt: float = 14
    page_number_size_pt: float = 14
    table_size_pt: float = 12
    header_distance_mm: float = 10
    # Widths of the two columns of the header table (left: issuing body, right: national title).
    header_left_mm: float = 72
    # Widths of the closing table (left: recipients, right: signature).
    closing_left_mm: float = 75
    signature_space_lines: int = 5

    def __post_init__(self) -> None:
        _check_range("margin_top_mm", self.margin_top_mm, 20, 25)
        _check_range("margin_bottom_mm", self.margin_bottom_mm, 20, 25)
        _check_range("margin_left_mm", self.margin_left_mm, 30, 35)
        _check_range("margin_right_mm", self.margin_right_mm, 15, 20)
        _check_range("body_size_pt", self.body_size_pt, 13, 14)
        if self.first_line_indent_cm not in (1.0, 1.27):
            raise ValueError("first_line_indent_cm must be 1 or 1.27 (Decree 30/2020)")
        _check_range("space_after_pt", self.space_after_pt, 6, 72)
        _check_range("line_spacing", self.line_spacing, 1.0, 1.5)
        _check_range("national_title_size_pt", self.national_title_size_pt, 12, 13)
        _check_range("body_name_size_pt", self.body_name_size_pt, 12, 13)
        _check_range("number_size_pt", self.number_size_pt, 13, 13)
        _check_range("date_size_pt", self.date_size_pt, 13, 14)
        _check_range("doc_type_size_pt", self.doc_type_size_pt, 13, 14)
        _check_range("signature_size_pt", self.signature_size_pt, 13, 14)
        _check_range("page_number_size_pt", self.page_number_size_pt, 13, 14)

    @property
    def motto_size_pt(self) -> float:
        """13 pt under a 12 pt national title, 14 pt under a 13 pt one."""
        return self.national_title_size_pt + 1

    @property
    def text_width_mm(self) -> float:
        return A4_WIDTH_MM - self.margin_left_mm - self.margin_right_mm

    @property
    def landscape_text_width_mm(self) -> float:
        return A4_HEIGHT_MM - self.margin_left_mm - self.margin_right_mm


DEFAULT_LAYOUT = Layout()


@dataclass(frozen=True)
class Issuer:
    """The issuing body (block 2): its parent body (may be empty) and its own name."""

    name: str
    parent: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _text(self.name).strip())
        if self.parent is not None:
            object.__setattr__(self, "parent", _text(self.parent).strip() or None)
        if not self.name:
            raise ValueError("Issuer name is required")


# --------------------------------------------------------------------------------------------------
# Low-level OOXML helpers
# --------------------------------------------------------------------------------------------------

_PPR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_TBLPR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)
_TCPR_AFTER_BORDERS = (
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _replace_child(parent: BaseOxmlElement, child: BaseOxmlElement, successors: Sequence[str]) -> None:
    """Put ``child`` in ``parent`` in schema order, replacing an element of the same tag."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    parent.insert_element_before(child, *successors)


def _set_fonts(rpr: BaseOxmlElement) -> None:
    """Times New Roman for every script (Latin, East Asian, complex): no theme fonts."""
    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT_NAME)


def _set_language(rpr: BaseOxmlElement) -> None:
    lang = OxmlElement("w:lang", {qn("w:val"): "vi-VN", qn("w:eastAsia"): "vi-VN", qn("w:bidi"): "ar-SA"})
    _replace_child(rpr, lang, _RPR_AFTER_LANG)


def _border(tag: str, *, val: str = "single", size: int = 6) -> BaseOxmlElement:
    attrs = {qn("w:val"): val}
    if val != "nil":
        attrs.update({qn("w:sz"): str(size), qn("w:space"): "0", qn("w:color"): "000000"})
    return OxmlElement(tag, attrs)


def _twips(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


def _set_table_borders(table: Table, *, visible: bool) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"):
        borders.append(_border(side, val="single" if visible else "nil", size=4))
    tbl_pr = table._tbl.tblPr
    _replace_child(tbl_pr, borders, _TBLPR_ORDER[_TBLPR_ORDER.index("w:tblBorders") + 1 :])


def _set_table_widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Fixed layout with explicit widths on the table, the grid and every cell (Word and
    LibreOffice each read a different one)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    total = OxmlElement("w:tblW", {qn("w:w"): _twips(sum(widths_mm)), qn("w:type"): "dxa"})
    _replace_child(tbl_pr, total, _TBLPR_ORDER[_TBLPR_ORDER.index("w:tblW") + 1 :])
    layout = OxmlElement("w:tblLayout", {qn("w:type"): "fixed"})
    _replace_child(tbl_pr, layout, _TBLPR_ORDER[_TBLPR_ORDER.index("w:tblLayout") + 1 :])
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        grid_col.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _set_cell_margins(table: Table, *, left_mm: float, right_mm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    margins.append(OxmlElement("w:left", {qn("w:w"): _twips(left_mm), qn("w:type"): "dxa"}))
    margins.append(OxmlElement("w:right", {qn("w:w"): _twips(right_mm), qn("w:type"): "dxa"}))
    tbl_pr = table._tbl.tblPr
    _replace_child(tbl_pr, margins, _TBLPR_ORDER[_TBLPR_ORDER.index("w:tblCellMar") + 1 :])


def _repeat_as_header(row_tr: BaseOxmlElement) -> None:
    tr_pr = row_tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))
    tr_pr.append(OxmlElement("w:tblHeader"))


def _no_split(row_tr: BaseOxmlElement) -> None:
    row_tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # type: ignore[attr-defined]


def _bottom_rule(paragraph: Paragraph, *, size: int = 6) -> None:
    """A solid line under ``paragraph`` (its bottom border), as long as the paragraph is wide."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = _border("w:bottom", size=size)
    bottom.set(qn("w:space"), "1")
    borders.append(bottom)
    _replace_child(p_pr, borders, _PPR_AFTER_PBDR)


def _add_page_field(paragraph: Paragraph, size_pt: float) -> None:
    """A PAGE field (begin / instruction / separate / cached result / end)."""

    def run_with(element: BaseOxmlElement) -> None:
        run = _run(paragraph, "", size=size_pt)
        run._r.append(element)

    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instr.text = " PAGE "
    run_with(instr)
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    _run(paragraph, "2", size=size_pt)
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> Any:
    run = paragraph.add_run(text)
    _set_fonts(run._r.get_or_add_rPr())
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    return run


def _style_id(name: str) -> str:
    """The id python-docx gives a style it adds by ``name`` (the name without spaces)."""
    return name.replace(" ", "")


def _set_style(paragraph: Paragraph, name: str) -> Paragraph:
    """Set a paragraph style by id. python-docx's ``paragraph.style = name`` scans every style of
    the document on each call, which dominated the build time of long tables."""
    paragraph._p.get_or_add_pPr().style = _style_id(name)
    return paragraph


def _block_paragraph(
    container: Any,
    text: str = "",
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: Align = "center",
    space_before: float = 0,
    space_after: float = 0,
    first: bool = False,
) -> Paragraph:
    """A paragraph of the header/closing blocks. ``first`` reuses the cell's empty paragraph."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    _set_style(paragraph, STYLE_BLOCK)
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    else:
        paragraph.paragraph_format.line_spacing = Pt(size)
    return paragraph


def _rule_paragraph(container: Any, *, width_mm: float, box_mm: float) -> Paragraph:
    """A short solid rule, ``width_mm`` long, centred in a box ``box_mm`` wide: an empty
    paragraph whose left and right indents leave exactly that width, with a bottom border."""
    width_mm = max(5.0, min(width_mm, box_mm))
    paragraph = _set_style(container.add_paragraph(), STYLE_BLOCK)
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    indent = (box_mm - width_mm) / 2
    fmt.left_indent = Mm(indent)
    fmt.right_indent = Mm(indent)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(4)  # clears the dots below Vietnamese capitals ("Ộ", "Ệ") above
    _bottom_rule(paragraph)
    return paragraph


# --------------------------------------------------------------------------------------------------
# Recorded blocks
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Heading:
    text: str
    level: int


@dataclass(frozen=True)
class _Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: Align = "justify"
    indent: bool = True
    style: str = STYLE_BODY


@dataclass(frozen=True)
class _Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    widths_mm: tuple[float, ...] | None
    landscape: bool
    caption: str | None
    font_size: float | None


@dataclass(frozen=True)
class _PageBreak:
    pass


@dataclass(frozen=True)
class _Addressees:
    names: tuple[str, ...]


@dataclass(frozen=True)
class _Signature:
    authority: str | None
    position: str
    signer: str


@dataclass
class _Numbering:
    counters: list[int] = field(default_factory=lambda: [0, 0, 0])

    def next(self, level: int) -> str:
        index = level - 1
        self.counters[index] += 1
        for deeper in range(index + 1, len(self.counters)):
            self.counters[deeper] = 0
        value = self.counters[index]
        if level == 1:
            return f"{roman(value)}. "
        if level == 2:
            return f"{value}. "
        return f"{chr(ord('a') + (value - 1) % 26)}) "


_Block = _Heading | _Paragraph | _Table | _PageBreak | _Addressees


# --------------------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------------------


class AdministrativeDocument:
    """A document in the Decree 30/2020 layout, built block by block and rendered to DOCX.

    ``doc_type`` is the type in upper case ("BÁO CÁO", "KẾ HOẠCH", "QUYẾT ĐỊNH", "DANH SÁCH"); leave
    it ``None`` for an official letter (*công văn*), whose ``summary`` ("V/v …") then goes under
    the number in the left column. ``number`` is "12/BC-SKHCN" (a number below 10 gets its leading
    zero) or use :func:`document_number`. ``date=None`` leaves the date blank for a draft.
    """

    def __init__(
        self,
        *,
        issuer: Issuer,
        number: str,
        place: str,
        date: dt.date | None,
        doc_type: str | None = None,
        summary: str = "",
        layout: Layout = DEFAULT_LAYOUT,
    ) -> None:
        self.issuer = issuer
        self.number = _normalise_number(number)
        self.place = _text(place).strip()
        self.date = date
        self.doc_type = _text(doc_type).strip().upper() if doc_type else None
        summary = _text(summary).strip()
        if self.doc_type is None and summary and not summary.lower().startswith("v/v"):
            summary = f"V/v {summary}"
        self.summary = summary
        self.layout = layout
        self._blocks: list[_Block] = []
        self._annex_blocks: list[_Block] = []
        self._in_annex = False
        self._numbering = _Numbering()
        self._signature: _Signature | None = None
        self._recipients: tuple[str, ...] = ()

    # -- body ------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1, *, numbered: bool = True) -> Self:
        """A section heading, numbered unless ``numbered=False``.

        Level 1: "I. …" bold; level 2: "1. …" bold; level 3: "a) …" plain. Numbers restart under
        each higher level.
        """
        if level not in (1, 2, 3):
            raise ValueError("Heading level must be 1, 2 or 3")
        text = _text(text).strip()
        prefix = self._numbering.next(level) if numbered else ""
        self._add(_Heading(prefix + text, level))
        return self

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        align: Align = "justify",
        indent: bool = True,
    ) -> Self:
        """A body paragraph: 14 pt, justified, first-line indent, 6 pt after. Line breaks in
        ``text`` ("\\n") become separate paragraphs."""
        for line in _text(text).split("\n"):
            self._add(_Paragraph(line.strip(), bold, italic, align, indent))
        return self

    def bullet(self, text: str) -> Self:
        """A "- …" line, as administrative documents list items (no Word list numbering)."""
        text = _text(text).strip()
        if text.startswith(("- ", "– ", "• ")):
            text = text[2:].lstrip()
        self._add(_Paragraph(f"- {text}", style=STYLE_BULLET))
        return self

    def bullets(self, items: Iterable[str]) -> Self:
        for item in items:
            self.bullet(item)
        return self

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        widths: Sequence[float] | None = None,
        landscape: bool = False,
        *,
        caption: str | None = None,
        font_size: float | None = None,
    ) -> Self:
        """A bordered table: bold header row repeated on every page, then ``rows``.

        ``widths`` are column widths in millimetres (scaled down if wider than the text area);
        without them, widths follow the content. ``landscape=True`` puts the table on landscape
        pages of its own (for a wide annex table); portrait resumes with the next block. Cells
        print as :func:`format_cell` does (numbers "1.234.567", dates "05/02/2026"); numbers are
        right-aligned.
        """
        header_tuple = tuple(_text(h) for h in headers)
        row_tuples = tuple(tuple(row) for row in rows)
        for index, row in enumerate(row_tuples, start=1):
            if len(row) != len(header_tuple):
                raise ValueError(
                    f"Row {index} has {len(row)} cells; the table has {len(header_tuple)} columns"
                )
        if widths is not None and len(widths) != len(header_tuple):
            raise ValueError("widths must give one width per column")
        self._add(
            _Table(
                header_tuple,
                row_tuples,
                tuple(float(w) for w in widths) if widths is not None else None,
                landscape,
                _text(caption).strip() if caption else None,
                font_size,
            )
        )
        return self

    def _add(self, block: _Block) -> None:
        (self._annex_blocks if self._in_annex else self._blocks).append(block)

    def annex(self) -> Self:
        """Blocks added from here on are an annex (phụ lục): they print after the signature and
        the recipients, starting on a new page (a landscape table starts its own pages), as
        Decree 30/2020 places an annex after the document it belongs to. Give the annex's title
        as the table's ``caption`` or as centred paragraphs."""
        self._in_annex = True
        return self

    def page_break(self) -> Self:
        self._add(_PageBreak())
        return self

    def addressees(self, names: Sequence[str]) -> Self:
        """The "Kính gửi:" block of an official letter (one name on the line, several as a list)."""
        cleaned = tuple(_text(n).strip().rstrip(";.") for n in names if _text(n).strip())
        if cleaned:
            self._add(_Addressees(cleaned))
        return self

    # -- closing ---------------------------------------------------------------------------------

    def signature(self, authority: str | None = None, *, position: str, signer: str) -> Self:
        """The signature block (right): "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC", room to sign, the name.

        ``authority`` carries the prefix (TM., KT., TL., TUQ., Q.) with the title signed for; leave
        it ``None`` when the head signs in their own name. Both print in upper case.
        """
        self._signature = _Signature(
            _text(authority).strip().upper() if authority else None,
            _text(position).strip().upper(),
            _text(signer).strip(),
        )
        return self

    def recipients(self, items: Sequence[str], *, archive: str = "VT") -> Self:
        """The "Nơi nhận:" block (left): "- item;" lines, ending "- Lưu: VT, ….".

        ``archive`` lists the archive holders after "Lưu:" ("VT, QLKH"). An item that starts with
        "Lưu" is taken as the archive line itself.
        """
        lines: list[str] = []
        archive_line = f"Lưu: {_text(archive).strip().rstrip('.')}"
        for item in items:
            text = _text(item).strip()
            if text.startswith("-"):
                text = text[1:].strip()
            text = text.rstrip(";.").strip()
            if not text:
                continue
            if text.lower().startswith("lưu"):
                archive_line = text
                continue
            lines.append(f"- {text};")
        lines.append(f"- {archive_line}.")
        self._recipients = tuple(lines)
        return self

    # -- output ----------------------------------------------------------------------------------

    def build(self) -> DocxDocument:
        """Render every recorded block into a new python-docx ``Document``."""
        return _Renderer(self).render()

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.build().save(buffer)
        return buffer.getvalue()

    def save(self, target: str | os.PathLike[str] | IO[bytes]) -> None:
        """Write the DOCX to a path or a binary file object."""
        data = self.to_bytes()
        if hasattr(target, "write"):
            target.write(data)  # type: ignore[union-attr]
        else:
            with open(target, "wb") as handle:  # type: ignore[arg-type]
                handle.write(data)


# --------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------


class _Renderer:
    def __init__(self, source: AdministrativeDocument) -> None:
        self.source = source
        self.layout = source.layout
        self.doc: DocxDocument = Document()
        self.landscape = False

    def render(self) -> DocxDocument:
        self._setup_styles()
        self._setup_section(self.doc.sections[0], landscape=False, first=True)
        self._remove_initial_paragraph()
        self._header_block()
        self._type_block()
        for block in self.source._blocks:
            self._block(block)
        if self.landscape and (self.source._signature or self.source._recipients):
            self._switch(landscape=False)
        self._closing_block()
        annex = self.source._annex_blocks
        if annex:
            first = annex[0]
            if not (isinstance(first, _Table) and first.landscape):
                self._block(_PageBreak())
            for block in annex:
                self._block(block)
        self._properties()
        return self.doc

    # -- set-up ----------------------------------------------------------------------------------

    def _setup_styles(self) -> None:
        layout = self.layout
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if rpr is not None:
                _set_fonts(rpr)
                _set_language(rpr)
        normal = styles["Normal"]
        assert isinstance(normal, ParagraphStyle)
        _set_fonts(normal.element.get_or_add_rPr())
        normal.font.name = FONT_NAME
        normal.font.size = Pt(layout.body_size_pt)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        for name in ("Header", "Footer"):
            if name in [s.name for s in styles]:
                _set_fonts(styles[name].element.get_or_add_rPr())

        def add(name: str, base: str = "Normal") -> ParagraphStyle:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            assert isinstance(style, ParagraphStyle)
            style.base_style = styles[base]
            style.quick_style = True
            _set_fonts(style.element.get_or_add_rPr())
            return style

        body = add(STYLE_BODY)
        body.font.size = Pt(layout.body_size_pt)
        fmt = body.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(layout.first_line_indent_cm)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(layout.space_after_pt)
        fmt.line_spacing = layout.line_spacing
        fmt.widow_control = True

        for level, name in STYLE_HEADINGS.items():
            heading = add(name, STYLE_BODY)
            heading.font.bold = level < 3
            heading.paragraph_format.keep_with_next = True
            heading.paragraph_format.space_before = Pt(layout.space_after_pt if level == 1 else 0)

        add(STYLE_BULLET, STYLE_BODY)

        table_text = add(STYLE_TABLE)
        table_text.font.size = Pt(layout.table_size_pt)
        table_text.paragraph_format.space_before = Pt(2)
        table_text.paragraph_format.space_after = Pt(2)
        table_text.paragraph_format.line_spacing = 1.0
        table_header = add(STYLE_TABLE_HEADER, STYLE_TABLE)
        table_header.font.bold = True
        table_header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        table_header.paragraph_format.keep_with_next = True

        block = add(STYLE_BLOCK)
        block.paragraph_format.line_spacing = 1.0

    def _setup_section(self, section: Section, *, landscape: bool, first: bool) -> None:
        layout = self.layout
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width = Mm(A4_HEIGHT_MM)
            section.page_height = Mm(A4_WIDTH_MM)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width = Mm(A4_WIDTH_MM)
            section.page_height = Mm(A4_HEIGHT_MM)
        section.top_margin = Mm(layout.margin_top_mm)
        section.bottom_margin = Mm(layout.margin_bottom_mm)
        section.left_margin = Mm(layout.margin_left_mm)
        section.right_margin = Mm(layout.margin_right_mm)
        section.header_distance = Mm(layout.header_distance_mm)
        section.footer_distance = Mm(layout.header_distance_mm)
        section.gutter = Emu(0)
        if first:
            # Page numbers: centred in the header from page 2 on; page 1 has an empty header.
            section.different_first_page_header_footer = True
            section.first_page_header.is_linked_to_previous = False
            header = section.header
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_page_field(paragraph, layout.page_number_size_pt)
        else:
            # Later sections inherit the numbered header; none of their pages is "page 1".
            section.different_first_page_header_footer = False

    def _remove_initial_paragraph(self) -> None:
        body = self.doc.element.body
        for paragraph in list(body.findall(qn("w:p"))):
            body.remove(paragraph)

    def _switch(self, *, landscape: bool) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._setup_section(section, landscape=landscape, first=False)
        self.landscape = landscape

    def _properties(self) -> None:
        props = self.doc.core_properties
        source = self.source
        props.author = source.issuer.name
        props.last_modified_by = source.issuer.name
        props.title = " ".join(p for p in (source.doc_type or "", source.summary) if p)[:255]
        props.subject = source.number
        props.language = "vi-VN"
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        if source.date is not None:
            moment = dt.datetime.combine(source.date, dt.time())
            props.created = moment
            props.modified = moment

    # -- header and type blocks ------------------------------------------------------------------

    def _block_table(self, left_mm: float) -> tuple[Table, float, float]:
        right_mm = self.layout.text_width_mm - left_mm
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_table_borders(table, visible=False)
        _set_cell_margins(table, left_mm=_BLOCK_CELL_MARGIN_MM, right_mm=_BLOCK_CELL_MARGIN_MM)
        _set_table_widths(table, [left_mm, right_mm])
        inner = 2 * _BLOCK_CELL_MARGIN_MM
        return table, left_mm - inner, right_mm - inner

    def _header_block(self) -> None:
        layout = self.layout
        source = self.source
        table, left_box, right_box = self._block_table(layout.header_left_mm)
        table.add_row()
        _set_table_widths(table, [layout.header_left_mm, layout.text_width_mm - layout.header_left_mm])
        top_left, top_right = table.rows[0].cells
        bottom_left, bottom_right = table.rows[1].cells
        for cell in (top_left, top_right, bottom_left, bottom_right):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

        # Block 2: parent body (upper case, regular) over the issuing body (upper case, bold).
        size = layout.body_name_size_pt
        issuer = source.issuer
        first = True
        if issuer.parent:
            _block_paragraph(top_left, issuer.parent.upper(), size=size, first=True)
            first = False
        _block_paragraph(top_left, issuer.name.upper(), size=size, bold=True, first=first)
        name_width = max(text_width_mm(line, size, bold=True) for line in issuer.name.upper().split("\n"))
        _rule_paragraph(top_left, width_mm=min(name_width, left_box) * 0.4, box_mm=left_box)

        # Block 1: national title and motto, the motto underlined by a rule as long as it is.
        title_size = layout.national_title_size_pt
        motto_size = layout.motto_size_pt
        _block_paragraph(top_right, NATIONAL_TITLE, size=title_size, bold=True, first=True)
        _block_paragraph(top_right, MOTTO, size=motto_size, bold=True)
        _rule_paragraph(top_right, width_mm=text_width_mm(MOTTO, motto_size, bold=True), box_mm=right_box)

        # Block 3 (and 5b for official letters) under block 2; block 4 under block 1.
        _block_paragraph(
            bottom_left, f"Số: {source.number}", size=layout.number_size_pt, space_before=6, first=True
        )
        if source.doc_type is None and source.summary:
            _block_paragraph(bottom_left, source.summary, size=layout.body_name_size_pt, space_before=3)
        _block_paragraph(
            bottom_right,
            date_line(source.place, source.date),
            size=layout.date_size_pt,
            italic=True,
            space_before=6,
            first=True,
        )

    def _type_block(self) -> None:
        source = self.source
        layout = self.layout
        body = self.doc
        if source.doc_type:
            _block_paragraph(body, source.doc_type, size=layout.doc_type_size_pt, bold=True, space_before=24)
            if source.summary:
                for line in source.summary.split("\n"):
                    _block_paragraph(body, line, size=layout.doc_type_size_pt, bold=True)
                rule = _rule_paragraph(body, width_mm=30, box_mm=layout.text_width_mm)
                rule.paragraph_format.space_after = Pt(18)
            else:
                body.paragraphs[-1].paragraph_format.space_after = Pt(18)
        else:
            _block_paragraph(body, "", size=layout.body_size_pt, space_after=6)

    # -- body --------------------------------------------------------------------------------------

    def _block(self, block: _Block) -> None:
        if isinstance(block, _Table):
            if block.landscape != self.landscape:
                self._switch(landscape=block.landscape)
            self._table(block)
            return
        if self.landscape:
            self._switch(landscape=False)
        if isinstance(block, _Heading):
            paragraph = _set_style(self.doc.add_paragraph(), STYLE_HEADINGS[block.level])
            _run(paragraph, block.text)
        elif isinstance(block, _Paragraph):
            paragraph = _set_style(self.doc.add_paragraph(), block.style)
            if block.align != "justify":
                paragraph.paragraph_format.alignment = _ALIGN[block.align]
            if not block.indent:
                paragraph.paragraph_format.first_line_indent = Pt(0)
            if block.text:
                _run(paragraph, block.text, bold=block.bold or None, italic=block.italic or None)
        elif isinstance(block, _PageBreak):
            paragraph = _set_style(self.doc.add_paragraph(), STYLE_BLOCK)
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, _Addressees):
            self._addressees(block)

    def _addressees(self, block: _Addressees) -> None:
        size = self.layout.body_size_pt
        if len(block.names) == 1:
            paragraph = _block_paragraph(self.doc, "", size=size, space_before=6, space_after=12)
            paragraph.paragraph_format.line_spacing = 1.0
            _run(paragraph, "Kính gửi: ", size=size)
            _run(paragraph, f"{block.names[0]}.", size=size)
            return
        paragraph = _block_paragraph(self.doc, "Kính gửi:", size=size, align="left", space_before=6)
        paragraph.paragraph_format.left_indent = Cm(3)
        for index, name in enumerate(block.names):
            end = "." if index == len(block.names) - 1 else ";"
            line = _block_paragraph(self.doc, f"- {name}{end}", size=size, align="left")
            line.paragraph_format.left_indent = Cm(5)
        self.doc.paragraphs[-1].paragraph_format.space_after = Pt(12)

    def _table(self, block: _Table) -> None:
        available = self.layout.landscape_text_width_mm if block.landscape else self.layout.text_width_mm
        widths = _column_widths(block, available, self.layout.table_size_pt)
        if block.caption:
            caption = _block_paragraph(
                self.doc,
                block.caption,
                size=self.layout.body_size_pt,
                bold=True,
                space_before=6,
                space_after=6,
            )
            caption.paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1, cols=len(block.headers))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_table_borders(table, visible=True)
        header_row = table.rows[0]
        _repeat_as_header(header_row._tr)
        for cell, text in zip(header_row.cells, block.headers, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _cell_text(cell, text, STYLE_TABLE_HEADER, size=block.font_size, bold=True)
        for values in block.rows:
            row = table.add_row()
            _no_split(row._tr)  # a row taller than a page still breaks; others stay whole
            cells = row.cells
            for cell, value in zip(cells, values, strict=True):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = _cell_text(cell, format_cell(value), STYLE_TABLE, size=block.font_size)
                if _is_number(value):
                    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_table_widths(table, widths)
        # A small gap after the table before the next paragraph.
        _block_paragraph(self.doc, "", size=6, space_after=6)

    # -- closing block -------------------------------------------------------------------------------

    def _closing_block(self) -> None:
        source = self.source
        if source._signature is None and not source._recipients:
            return
        layout = self.layout
        table, _, _ = self._block_table(layout.closing_left_mm)
        _no_split(table.rows[0]._tr)
        left, right = table.rows[0].cells
        left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        if source._recipients:
            label = _block_paragraph(left, "", size=12, align="left", space_before=6, first=True)
            _run(label, "Nơi nhận:", size=12, bold=True, italic=True)
            for line in source._recipients:
                _block_paragraph(left, line, size=11, align="left")
        signature = source._signature
        if signature is not None:
            size = layout.signature_size_pt
            first = True
            for title in (signature.authority, signature.position):
                if title:
                    _block_paragraph(
                        right, title, size=size, bold=True, space_before=6 if first else 0, first=first
                    )
                    first = False
            for _ in range(layout.signature_space_lines):
                _block_paragraph(right, "", size=size)
            _block_paragraph(right, signature.signer, size=size, bold=True)
        # Keep the closing block together with the last body paragraph.
        body_paragraphs = self.doc.paragraphs
        if body_paragraphs:
            body_paragraphs[-1].paragraph_format.keep_with_next = True


def _cell_text(cell: _Cell, text: str, style: str, *, size: float | None, bold: bool = False) -> Paragraph:
    lines = text.split("\n") if text else [""]
    paragraph = _set_style(cell.paragraphs[0], style)
    for index, line in enumerate(lines):
        if index:
            paragraph = _set_style(cell.add_paragraph(), style)
        if line:
            _run(paragraph, line, size=size, bold=bold or None)
    return paragraph


_CELL_PADDING_MM = 2 * 1.9 + 1.0  # Word's default cell margins, plus a little air
_MAX_NATURAL_MM = 80.0


def _column_widths(block: _Table, available_mm: float, default_size_pt: float) -> list[float]:
    """Column widths in millimetres that fill ``available_mm``.

    Given widths are kept (scaled down if too wide). Otherwise each column gets at least its
    longest word (so "STT", numbers and dates never break), and the room left is shared out in
    proportion to how much more each column would need to print its longest line unbroken.
    """
    if block.widths_mm is not None:
        widths = list(block.widths_mm)
        total = sum(widths)
        if total > available_mm:
            widths = [w * available_mm / total for w in widths]
        return widths
    size = block.font_size or default_size_pt
    minimum: list[float] = []
    natural: list[float] = []
    for index, header in enumerate(block.headers):
        texts = [(header, True)] + [(format_cell(row[index]), False) for row in block.rows[:200]]
        word = max(
            (text_width_mm(part, size, bold=bold) for text, bold in texts for part in text.split()),
            default=0.0,
        )
        line = max(
            (text_width_mm(part, size, bold=bold) for text, bold in texts for part in text.split("\n")),
            default=0.0,
        )
        minimum.append(word + _CELL_PADDING_MM)
        natural.append(max(word, min(line, _MAX_NATURAL_MM)) + _CELL_PADDING_MM)
    total_min = sum(minimum)
    if total_min >= available_mm:
        return [available_mm * m / total_min for m in minimum]
    total_natural = sum(natural)
    if total_natural <= available_mm:
        return [available_mm * n / total_natural for n in natural]
    room = available_mm - total_min
    wanted = [n - m for n, m in zip(natural, minimum, strict=True)]
    total_wanted = sum(wanted)
    return [m + room * w / total_wanted for m, w in zip(minimum, wanted, strict=True)]
