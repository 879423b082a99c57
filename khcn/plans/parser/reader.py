"""Read a file into text: .txt (any usual encoding), .docx (paragraphs and tables in document
order, Word's automatic numbering written out) and .pdf (its text layer, its task tables kept as
rows; a scan read by OCR).

The type is sniffed from the content, never from the file name. Sizes are checked before the
content is read where the input allows it (a path, a file object), and the unpacked size of a
.docx is bounded too. Text typed in the legacy Vietnamese fonts (TCVN3/ABC ``.VnTime``, VNI
``VNI-Times``) is converted to Unicode (``khcn.core.vnlegacy``); a PDF without a text layer is
read by Tesseract's Vietnamese OCR (``khcn.core.ocr``). ``read_source`` says so in its notices.
Errors are ``PlanParseError``; nothing is written anywhere.
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext

from khcn.core import ocr, vnlegacy
from khcn.core.text import clean, fold, nfc, roman
from khcn.plans.parser import errors
from khcn.plans.parser.model import Message as _  # translated now, and again for each reader
from khcn.plans.parser.model import ParseWarning
from khcn.plans.parser.spaced import with_task_tables
from khcn.plans.parser.tables import column_numbers, is_header_like, pipe_row, task_columns

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A .docx is a zip: refuse one that unpacks to much more than the size limit (zip bombs).
UNPACKED_FACTOR = 12

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]


Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while a long read goes on (pages read by OCR)."""


@dataclass
class SourceText:
    """What reading a file gave: the text (NFC) and notices for the reviewer.

    ``notices`` are ``ParseWarning``s about the reading itself (the text came from OCR and where
    it is unsure, a legacy encoding was converted); the import puts them before the parser's
    warnings. ``ocr_pages`` counts the pages read by OCR (0: the file had text).
    """

    text: str
    notices: list[ParseWarning] = field(default_factory=list)
    ocr_pages: int = 0


def read_source(
    source: Source,
    filename: str = "",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> SourceText:
    """Read a plan file as ``read_file`` does, with the notices about how it was read.

    Notices: ``ocr_text`` and ``ocr_uncertain`` (a scan read by OCR: how many pages, the words
    it is unsure of), ``legacy_encoding`` (text typed in TCVN3 or VNI, converted). ``progress``
    is called as ``progress(done, total)`` after each page read by OCR.
    """
    data = _read_bytes(source, max_bytes)
    if not data.strip():
        raise errors.empty_error()
    head = data[:1024]
    notices: list[ParseWarning] = []
    ocr_pages = 0
    encodings: list[str] = []
    if data.startswith(b"PK\x03\x04"):
        text, encodings = _docx_text(data, max_bytes, filename)
    elif b"%PDF-" in head:
        pdf = _pdf_text(data, filename, progress)
        text, ocr_pages, notices = pdf.text, pdf.ocr_pages, pdf.notices
    elif data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or data.lstrip().startswith(b"{\\rtf"):
        raise errors.old_word_error()
    else:
        text, encoding = _decode(data)
        encodings = [encoding] if encoding else []
    if not encodings and not ocr_pages:
        found = vnlegacy.detect(text)
        if found is not None:
            text = vnlegacy.convert_lines(text, found.encoding)
            encodings = [found.encoding]
    text = nfc(text)
    if not text.strip():
        raise errors.empty_error()
    notices.extend(_legacy_notice(encoding) for encoding in encodings)
    return SourceText(text, notices, ocr_pages)


def read_file(source: Source, filename: str = "", *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a plan file, NFC-normalised.

    ``source`` is a path, the file's bytes or a binary file object; ``filename`` is only used
    in log messages (the type is sniffed from the content). Raises ``PlanParseError`` with
    code ``empty``, ``too_large``, ``binary``, ``unsupported``, ``bad_docx``, ``bad_pdf``,
    ``encrypted_pdf`` or ``no_text_layer``. A scanned PDF is read by OCR (see ``read_source``,
    which gives the notices too).
    """
    return read_source(source, filename, max_bytes=max_bytes).text


_ENCODING_NAMES = {vnlegacy.TCVN3_NAME: "TCVN3 (ABC, .VnTime)", vnlegacy.VNI_NAME: "VNI (VNI-Times)"}


def _legacy_notice(encoding: str) -> ParseWarning:
    return ParseWarning(
        "legacy_encoding",
        _(
            "The text was typed in the old %(encoding)s Vietnamese fonts and has been converted to "
            "Unicode: check the letters with diacritics."
        )
        % {"encoding": _ENCODING_NAMES.get(encoding, encoding)},
        extra={"encoding": encoding},
    )


def _read_bytes(source: Source, max_bytes: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > max_bytes:
            raise errors.too_large_error(len(data), max_bytes)
        return data
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        size = path.stat().st_size
        if size > max_bytes:
            raise errors.too_large_error(size, max_bytes)
        with path.open("rb") as handle:
            return _read_limited(handle, max_bytes)
    return _read_limited(source, max_bytes)


def _read_limited(handle: IO[bytes], max_bytes: int) -> bytes:
    size = getattr(handle, "size", None)
    if isinstance(size, int) and size > max_bytes:
        raise errors.too_large_error(size, max_bytes)
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise errors.too_large_error(len(data) if size is None else size, max_bytes)
    return data


# --------------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 (BOM, or the tell-tale zero
    bytes), else TCVN3 or VNI when the text reads as Vietnamese in one of them, else
    Windows-1258. Raises ``binary`` for anything that is not text."""
    return _decode(data)[0]


def _decode(data: bytes) -> tuple[str, str | None]:
    """The text and the legacy encoding it was converted from (None: not a legacy one)."""
    text: str | None = None
    encoding: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        text = _try(data[3:], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _try(data, "utf-16")
    elif b"\x00" in data[:4096]:
        sample = data[:4096]
        odd_zeros = sample[1::2].count(0)
        even_zeros = sample[0::2].count(0)
        half = max(len(sample) // 2, 1)
        if odd_zeros / half > 0.3 and even_zeros / half < 0.05:
            text = _try(data, "utf-16-le")
        elif even_zeros / half > 0.3 and odd_zeros / half < 0.05:
            text = _try(data, "utf-16-be")
    else:
        text = _try(data, "utf-8")
        if text is None:
            # Not UTF-8: legacy font codes (read as Windows-1252, as Word shows them), else
            # Windows-1258.
            western = vnlegacy.cp1252_text(data)
            found = vnlegacy.detect(western) if not _looks_binary(western) else None
            if found is not None:
                text, encoding = vnlegacy.convert(western, found.encoding), found.encoding
            else:
                text = _try(data, "cp1258")
    if text is None or _looks_binary(text):
        raise errors.binary_error()
    return text.lstrip("\ufeff"), encoding


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:65536]
    controls = len(_CONTROL_RE.findall(sample))
    replacement = sample.count("\ufffd")
    return (controls + replacement) / len(sample) > 0.01


# --------------------------------------------------------------------------------------------------
# .docx
# --------------------------------------------------------------------------------------------------


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes, max_bytes: int, filename: str) -> tuple[str, list[str]]:
    """The text of a .docx and the legacy encodings of the fonts its runs were converted from."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:  # NotImplementedError: a zip "version" it cannot read
        raise errors.bad_docx_error() from exc
    if "word/document.xml" not in names:
        raise errors.binary_error()
    unpacked = sum(info.file_size for info in archive.infolist() if info.filename.endswith(".xml"))
    if unpacked > max_bytes * UNPACKED_FACTOR:
        raise errors.too_large_error(unpacked, max_bytes * UNPACKED_FACTOR)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        reader = _DocxReader(document)
        lines: list[str] = []
        # Blank paragraphs (a page break) after a task table: dropped when the next table
        # continues it.
        pending: list[str] = []
        previous: _TaskTable | None = None
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                line = reader.numbered(Paragraph(child, document))
                if previous is not None and not line.strip():
                    pending.append(line)
                    continue
                lines.extend(pending)
                pending, previous = [], None
                lines.append(line)
            elif tag == "tbl":
                table_lines, found, continued = reader.table_lines(Table(child, document), previous)
                if not continued:
                    lines.extend(pending)
                pending, previous = [], found
                lines.extend(table_lines)
        lines.extend(pending)
    except errors.PlanParseError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        logger.info("Unreadable .docx %r: %s", filename, exc)
        raise errors.bad_docx_error() from exc
    return "\n".join(lines), sorted(reader.encodings)


@dataclass
class _TaskTable:
    """A task table written out: its width and its header rows (folded), to know the next
    Word table for its continuation (a table split by a page break)."""

    width: int
    header: list[str]


class _DocxReader:
    """Paragraph texts with Word's numbering written out and runs in the legacy Vietnamese
    fonts converted; task tables as pipe rows."""

    def __init__(self, document: Any) -> None:
        self.numbering = _Numbering(document)
        self.fonts = _Fonts(document)
        self.encodings: set[str] = set()

    # --- paragraphs ---------------------------------------------------------------------------

    def text(self, paragraph: Any) -> str:
        """The paragraph's text (``Paragraph.text``: runs and hyperlinks), runs in legacy fonts
        converted to Unicode."""
        p = paragraph._p
        if not self.fonts.any_legacy:
            return str(paragraph.text)
        style = p.pPr.pStyle.val if p.pPr is not None and p.pPr.pStyle is not None else None
        parts: list[str] = []
        group: list[str] = []
        group_font: tuple[str, bool] | None = None

        def flush() -> None:
            if group:
                joined = "".join(group)
                if group_font is not None:
                    converted = vnlegacy.convert(joined, group_font[0], capitals=group_font[1])
                    if converted != joined:
                        self.encodings.add(group_font[0])
                    joined = converted
                parts.append(joined)
                group.clear()

        for element in p.xpath("w:r | w:hyperlink/w:r"):
            font = self.fonts.run_encoding(element, style)
            if font != group_font:
                flush()
                group_font = font
            group.append(element.text)
        flush()
        return "".join(parts)

    def numbered(self, paragraph: Any) -> str:
        text = self.text(paragraph).replace("\r", "")
        label = self.numbering.label(paragraph)
        if label and text.strip():
            return f"{label} {text}"
        return text

    def cell_text(self, cell: Any) -> str:
        parts = [
            line.strip() for p in cell.paragraphs for line in self.numbered(p).split("\n") if line.strip()
        ]
        out = ""
        for part in parts:
            if not out:
                out = part
            elif out[-1] in ".;:!?,":
                out = f"{out} {part}"
            else:
                out = f"{out}; {part}"
        return out.replace("|", "/").replace("\n", " ").replace("\t", " ")

    # --- tables -------------------------------------------------------------------------------

    def row_cells(self, row: Any) -> list[str]:
        """One text per grid column. A cell merged across columns gives its text once (the
        other columns empty: a group row stays one group row); a cell merged down (vMerge)
        gives its text to every row it spans."""
        cells: list[str] = [""] * int(getattr(row, "grid_cols_before", 0) or 0)
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                cells.append("")
                continue
            previous = cell._tc
            cells.append(self.cell_text(cell))
        cells.extend([""] * int(getattr(row, "grid_cols_after", 0) or 0))
        return cells

    def table_lines(
        self, table: Any, previous: _TaskTable | None
    ) -> tuple[list[str], _TaskTable | None, bool]:
        """The table's lines, the task table it is (or continues) and whether it continues
        ``previous`` (a task table split in two by a page break)."""
        rows = [self.row_cells(row) for row in table.rows]
        if not rows:
            return [], None, False
        width = max(len(r) for r in rows)
        start = 0
        header = task_columns(rows[0], rows[1] if len(rows) > 1 else None)
        if header is None and len(rows) > 2:
            header = task_columns(rows[1], rows[2])
            start = 1
        if header is not None:
            size = 2 if len(rows) > start + 1 and is_header_like(rows[start + 1]) else 1
            names = [fold(clean(" ".join(r))) for r in rows[start : start + size]]
            body = rows[start + size :]
            if body and column_numbers(body[0]):
                body = body[1:]
            continued = previous is not None and previous.width == width and previous.header == names
            kept = body if continued else rows[: start + size] + body
            return [pipe_row(cells) for cells in kept], _TaskTable(width, names), continued
        if previous is not None and previous.width == width:
            # The rest of the task table above, without its header.
            body = rows[1:] if column_numbers(rows[0]) else rows
            return [pipe_row(cells) for cells in body], previous, True
        # Not a task table (the heading of a document, a signature block): one line per
        # paragraph, cell by cell, merged cells once.
        lines: list[str] = []
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                lines.extend(self.numbered(p) for p in cell.paragraphs)
        return lines, None, False


class _Fonts:
    """The font each run is shown in (direct formatting, the run's and the paragraph's styles
    and their ``basedOn``, the document defaults), to know the runs typed in a legacy
    Vietnamese font (``vnlegacy.font_encoding``)."""

    def __init__(self, document: Any) -> None:
        self.styles: dict[str, tuple[str | None, str | None]] = {}  # id → (font, based on)
        self.default_paragraph: str | None = None
        self.default_font: str | None = None
        self.any_legacy = False
        try:
            styles_element = document.styles.element
        except Exception:
            styles_element = None
        if styles_element is not None:
            defaults = styles_element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
            self.default_font = _font_name(defaults)
            for style in styles_element.findall(f"{_W}style"):
                style_id = style.get(f"{_W}styleId", "")
                based = style.find(f"{_W}basedOn")
                fonts = style.find(f"{_W}rPr/{_W}rFonts")
                self.styles[style_id] = (
                    _font_name(fonts),
                    based.get(f"{_W}val") if based is not None else None,
                )
                if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true"):
                    self.default_paragraph = style_id
        names = {self.default_font, *(font for font, _based in self.styles.values())}
        for fonts in document.element.body.iter(f"{_W}rFonts"):
            names.add(_font_name(fonts))
        self.any_legacy = any(vnlegacy.font_encoding(name) for name in names if name)

    def _style_font(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            font, based = self.styles.get(style_id, (None, None))
            if font is not None:
                return font
            style_id = based
        return None

    def run_encoding(self, run: Any, paragraph_style: str | None) -> tuple[str, bool] | None:
        rpr = run.find(f"{_W}rPr")
        font = _font_name(rpr.find(f"{_W}rFonts")) if rpr is not None else None
        if font is None and rpr is not None:
            run_style = rpr.find(f"{_W}rStyle")
            if run_style is not None:
                font = self._style_font(run_style.get(f"{_W}val"))
        if font is None:
            font = self._style_font(paragraph_style or self.default_paragraph)
        return vnlegacy.font_encoding(font if font is not None else self.default_font)


def _font_name(fonts: Any) -> str | None:
    """The font of Latin text beyond ASCII (``w:hAnsi``), else ``w:ascii``; "" for a theme
    font (never a legacy one)."""
    if fonts is None:
        return None
    for name in ("hAnsi", "ascii"):
        value = fonts.get(f"{_W}{name}")
        if value:
            return str(value)
    if fonts.get(f"{_W}hAnsiTheme") or fonts.get(f"{_W}asciiTheme"):
        return ""
    return None


class _Numbering:
    """Word's automatic list numbering written out as the printed label ("1.", "a)", "-")."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.num_to_abstract: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        w = "{" + ns["w"] + "}"
        for abstract in root.findall("w:abstractNum", ns):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in abstract.findall("w:lvl", ns):
                ilvl = int(lvl.get(w + "ilvl", "0"))
                fmt = lvl.find("w:numFmt", ns)
                text = lvl.find("w:lvlText", ns)
                start = lvl.find("w:start", ns)
                levels[ilvl] = (
                    fmt.get(w + "val", "decimal") if fmt is not None else "decimal",
                    text.get(w + "val", "") if text is not None else "",
                    int(start.get(w + "val", "1")) if start is not None else 1,
                )
            self.formats[abstract.get(w + "abstractNumId", "")] = levels
        for num in root.findall("w:num", ns):
            ref = num.find("w:abstractNumId", ns)
            if ref is not None:
                self.num_to_abstract[num.get(w + "numId", "")] = ref.get(w + "val", "")
        try:
            for style in document.styles:
                ppr = getattr(style.element, "pPr", None)
                num_pr = getattr(ppr, "numPr", None) if ppr is not None else None
                if num_pr is not None and num_pr.numId is not None:
                    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                    self.styles[style.style_id] = (str(num_pr.numId.val), int(ilvl))
        except Exception:  # styles are optional; a damaged one must not stop reading
            logger.debug("Could not read list styles", exc_info=True)

    def label(self, paragraph: Any) -> str:
        if not self.formats:
            return ""
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        num_id: str | None = None
        ilvl = 0
        if num_pr is not None and num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
            ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        else:
            style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
            if style_id and style_id in self.styles:
                num_id, ilvl = self.styles[style_id]
        if num_id is None or num_id == "0" or num_id not in self.num_to_abstract:
            return ""
        levels = self.formats.get(self.num_to_abstract[num_id], {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = levels[ilvl]
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        label = text
        for level in range(ilvl + 1):
            level_fmt = levels.get(level, ("decimal", "", 1))[0]
            value = counters[level] or levels.get(level, ("decimal", "", 1))[2]
            label = label.replace(f"%{level + 1}", _format_number(value, level_fmt))
        return label.strip()


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        out = ""
        n = value
        while n > 0:
            n, rem = divmod(n - 1, 26)
            out = letters[rem] + out
        return out.upper() if fmt == "upperLetter" else out
    if fmt in ("lowerRoman", "upperRoman"):
        numeral = roman(value)
        return numeral.lower() if fmt == "lowerRoman" else numeral
    return str(value)


# --------------------------------------------------------------------------------------------------
# .pdf
# --------------------------------------------------------------------------------------------------


MAX_OCR_PAGES = 100  # of a scanned plan, the pages read by OCR
MIN_PAGE_CHARS = 20  # a page with fewer letters or digits and an image is a scan
MAX_UNCERTAIN_WORDS = 20  # listed in the ``ocr_uncertain`` notice


@dataclass
class _PdfText:
    text: str
    ocr_pages: int = 0
    notices: list[ParseWarning] = field(default_factory=list)


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _pdf_text(data: bytes, filename: str, progress: Progress | None = None) -> _PdfText:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")
            except Exception as exc:
                raise errors.encrypted_pdf_error() from exc
            if not unlocked:
                raise errors.encrypted_pdf_error()
        pages = list(reader.pages)
        texts = [page.extract_text() or "" for page in pages]
        scanned = [
            n for n, page in enumerate(pages) if _letters(texts[n]) < MIN_PAGE_CHARS and ocr.has_images(page)
        ]
        layouts = [None if n in scanned else _layout_text(page, texts[n]) for n, page in enumerate(pages)]
    except errors.PlanParseError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        logger.info("Unreadable PDF %r: %s", filename, exc)
        raise errors.bad_pdf_error() from exc
    texts = with_task_tables(texts, layouts)
    if not scanned:
        text = "\n".join(texts)
        if len(re.sub(r"\s+", "", text)) < MIN_PAGE_CHARS:
            raise errors.no_text_layer_error()
        return _PdfText(text)
    return _ocr_pages(pages, texts, scanned, filename, progress)


def _ocr_pages(
    pages: list[Any], texts: list[str], scanned: list[int], filename: str, progress: Progress | None
) -> _PdfText:
    """The text of a PDF whose pages ``scanned`` are images, read by OCR."""
    binary, _reason = ocr.ocr_available()
    if binary is None:
        text = "\n".join(texts)
        if len(re.sub(r"\s+", "", text)) < MIN_PAGE_CHARS:
            raise errors.PlanParseError(
                "no_text_layer",
                gettext(
                    "The PDF has no text layer (it is a scan) and text recognition (OCR) is not installed "
                    "on the server. Upload the Word document, or a PDF with a text layer."
                ),
            )
        logger.warning("%r: %d scanned pages left unread (no OCR)", filename, len(scanned))
        return _PdfText(text)
    to_read = scanned[:MAX_OCR_PAGES]
    read: dict[int, ocr.OcrText] = {}
    for done, number in enumerate(to_read, start=1):
        parts = [
            part
            for image in ocr.page_images(pages[number])
            if (part := ocr.ocr_words(binary, image.data, image.suffix, image.dpi)).text.strip()
        ]
        if parts:
            read[number] = _join_ocr(parts)
        if progress is not None:
            progress(done, len(to_read))
    # The text, page after page; each OCR'd word's line counted in the whole text.
    lines: list[str] = []
    uncertain: list[tuple[ocr.OcrWord, int]] = []
    for number, text in enumerate(texts):
        offset = len(lines)
        if number in read:
            page = read[number]
            lines.extend(page.text.split("\n"))
            uncertain.extend((word, offset + word.line) for word in page.uncertain())
        else:
            lines.extend(text.split("\n"))
    text = "\n".join(lines)
    if len(re.sub(r"\s+", "", text)) < MIN_PAGE_CHARS:
        raise errors.PlanParseError(
            "no_text_layer",
            gettext("The PDF has no text layer and text recognition (OCR) found no text in its pages."),
        )
    notices = [
        ParseWarning(
            "ocr_text",
            _("The text was read from a scan by OCR (%(pages)d pages): check it against the original.")
            % {"pages": len(read)},
            line=1,
            extra={"pages": len(read), "scanned_pages": len(scanned)},
        )
    ]
    if uncertain:
        shown = uncertain[:MAX_UNCERTAIN_WORDS]
        listed = ", ".join(f"“{word.text}” ({line})" for word, line in shown)
        notices.append(
            ParseWarning(
                "ocr_uncertain",
                _("OCR is unsure of %(count)d words; check them (line in brackets): %(words)s")
                % {"count": len(uncertain), "words": listed + (", …" if len(uncertain) > len(shown) else "")},
                line=shown[0][1],
                extra={
                    "count": len(uncertain),
                    "words": [
                        {"text": word.text, "line": line, "confidence": round(word.confidence)}
                        for word, line in shown
                    ],
                },
            )
        )
    return _PdfText(text, len(read), notices)


def _join_ocr(parts: list[ocr.OcrText]) -> ocr.OcrText:
    """The texts of a page's images one after the other, their words' lines kept right."""
    text_lines: list[str] = []
    words: list[ocr.OcrWord] = []
    for part in parts:
        offset = len(text_lines)
        text_lines.extend(part.text.split("\n"))
        words.extend(ocr.OcrWord(w.text, w.confidence, w.line + offset) for w in part.words)
    return ocr.OcrText("\n".join(text_lines), words)


# --- Task tables in a PDF: ``spaced`` rebuilds them from the page's layout text ---------------
_HEADER_HINT_RE = re.compile(r"chu tri|phoi hop|thoi gian|thoi han|tien do|thuc hien")


def _layout_text(page: Any, plain: str) -> str | None:
    """The page's layout text when it may print a task table (else None: not worth it)."""
    if not _HEADER_HINT_RE.search(fold(plain)):
        return None
    try:
        return str(page.extract_text(extraction_mode="layout") or "")
    except Exception:  # layout mode is stricter with damaged pages
        logger.info("pypdf layout mode failed on a page", exc_info=True)
        return None
