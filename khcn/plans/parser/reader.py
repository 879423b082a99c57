"""Read a file into text: .txt (any usual encoding), .docx (paragraphs and tables in document
order, Word's automatic numbering written out) and .pdf with a text layer.

The type is sniffed from the content, never from the file name. Sizes are checked before the
content is read where the input allows it (a path, a file object), and the unpacked size of a
.docx is bounded too. Errors are ``PlanParseError``; nothing is written anywhere.
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

from khcn.core.text import nfc, roman
from khcn.plans.parser import errors
from khcn.plans.parser.model import ParseWarning
from khcn.plans.parser.tables import task_columns

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
    """Read a plan file as ``read_file`` does, with the notices about how it was read."""
    return SourceText(read_file(source, filename, max_bytes=max_bytes))


def read_file(source: Source, filename: str = "", *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a plan file, NFC-normalised.

    ``source`` is a path, the file's bytes or a binary file object; ``filename`` is only used
    in log messages (the type is sniffed from the content). Raises ``PlanParseError`` with
    code ``empty``, ``too_large``, ``binary``, ``unsupported``, ``bad_docx``, ``bad_pdf``,
    ``encrypted_pdf`` or ``no_text_layer``.
    """
    data = _read_bytes(source, max_bytes)
    if not data.strip():
        raise errors.empty_error()
    head = data[:1024]
    if data.startswith(b"PK\x03\x04"):
        text = _docx_text(data, max_bytes, filename)
    elif b"%PDF-" in head:
        text = _pdf_text(data, filename)
    elif data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or data.lstrip().startswith(b"{\\rtf"):
        raise errors.old_word_error()
    else:
        text = decode_text(data)
    text = nfc(text)
    if not text.strip():
        raise errors.empty_error()
    return text


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
    bytes), else Windows-1258. Raises ``binary`` for anything that is not text."""
    text: str | None = None
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
            text = _try(data, "cp1258")
    if text is None or _looks_binary(text):
        raise errors.binary_error()
    return text.lstrip("\ufeff")


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


def _docx_text(data: bytes, max_bytes: int, filename: str) -> str:
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
        numbering = _Numbering(document)
        lines: list[str] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(child, document)
                lines.append(_numbered(paragraph, numbering))
            elif tag == "tbl":
                lines.extend(_table_lines(Table(child, document), numbering))
    except errors.PlanParseError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        logger.info("Unreadable .docx %r: %s", filename, exc)
        raise errors.bad_docx_error() from exc
    return "\n".join(lines)


def _numbered(paragraph: Any, numbering: _Numbering) -> str:
    text = paragraph.text.replace("\r", "")
    label = numbering.label(paragraph)
    if label and text.strip():
        return f"{label} {text}"
    return text


def _cell_text(cell: Any, numbering: _Numbering) -> str:
    parts = [
        line.strip() for p in cell.paragraphs for line in _numbered(p, numbering).split("\n") if line.strip()
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


def _table_lines(table: Any, numbering: _Numbering) -> list[str]:
    rows: list[list[str]] = []
    raw_rows: list[list[Any]] = []
    for row in table.rows:
        cells = list(row.cells)
        raw_rows.append(cells)
        rows.append([_cell_text(cell, numbering) for cell in cells])
    if not rows:
        return []
    header = task_columns(rows[0], rows[1] if len(rows) > 1 else None)
    if header is None and len(rows) > 2:
        header = task_columns(rows[1], rows[2])
    if header is not None:
        return ["| " + " | ".join(cells) + " |" for cells in rows]
    # Not a task table (the heading of a document, a signature block): one line per
    # paragraph, cell by cell, merged cells once.
    lines: list[str] = []
    for cells in raw_rows:
        seen: set[int] = set()
        for cell in cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            lines.extend(_numbered(p, numbering) for p in cell.paragraphs)
    return lines


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


def _pdf_text(data: bytes, filename: str) -> str:
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
        pages = [page.extract_text() or "" for page in reader.pages]
    except errors.PlanParseError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        logger.info("Unreadable PDF %r: %s", filename, exc)
        raise errors.bad_pdf_error() from exc
    text = "\n".join(pages)
    if len(re.sub(r"\s+", "", text)) < 20:
        raise errors.no_text_layer_error()
    return text
