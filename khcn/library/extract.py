"""The text of a library file, read for the search: PDF (pypdf; a scanned PDF by OCR), DOCX
(python-docx: paragraphs and tables), XLSX (openpyxl, read-only: the cells' values as written,
formulas never evaluated and left out), OpenDocument (content.xml), CSV (the first
``CSV_BYTES``), GeoJSON (the features' text properties) and images (OCR).

Scanned PDFs — pages with images and (almost) no text layer — are read with Tesseract's
Vietnamese model (``tesseract … -l vie``, Debian's ``tesseract-ocr-vie``) when the ``tesseract``
program is installed with it: the images embedded in each page are passed to it one by one,
each with a time limit (``khcn.core.ocr``, shared with the plan importer). Without it the file
says so (``no_ocr``), and nothing fails.

``extract(data, kind)`` returns an ``Extracted`` (text NFC with clean whitespace, a
``TextStatus`` and a note); it never raises for a bad file (status ``failed``, the reason in the
note) and writes nothing: the task (``khcn.library.tasks.read_text``) stores it.
"""

from __future__ import annotations

import io
import json
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

from khcn.core import ocr
from khcn.library.choices import TextStatus

log = logging.getLogger(__name__)

MAX_TEXT = 2_000_000  # characters kept of a file's text
CSV_BYTES = 256 * 1024  # of a CSV file, what is read
MAX_CELLS = 200_000  # of a workbook, the cells read
MAX_OCR_PAGES = 60  # of a scanned PDF, the pages read by OCR
# A page "has text" when its text layer holds at least this many letters or digits.
MIN_PAGE_CHARS = 20

_SPACES_RE = re.compile(r"[^\S\n]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Extracted:
    text: str
    status: str
    note: str = ""


def tidy(text: str) -> str:
    """NFC, no control characters, spaces collapsed within lines, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub(" ", text)
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    text = "\n".join(lines)
    return _BLANK_LINES_RE.sub("\n\n", text).strip()[:MAX_TEXT]


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


# --- OCR ---------------------------------------------------------------------------------------
# The OCR itself is shared with the plan importer (``khcn.core.ocr``); these names stay here so
# that a test can take Tesseract or its Vietnamese model away from the library alone.

tesseract_binary = ocr.tesseract_binary
_languages = ocr.installed_languages
ocr_image = ocr.ocr_image
_has_images = ocr.has_images
_page_images = ocr.page_images


def ocr_available() -> tuple[str | None, str]:
    """The tesseract program able to read Vietnamese, or None with the reason (translated)."""
    return ocr.availability(tesseract_binary(), _languages)


# --- Readers -----------------------------------------------------------------------------------


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            return Extracted("", TextStatus.FAILED, _("The PDF is protected by a password."))
    texts: list[str] = []
    scanned: list[int] = []  # pages with images and no text layer
    for number, page in enumerate(reader.pages):
        try:
            text = page.extract_text() or ""
        except Exception:  # a damaged page: the others are still read
            log.warning("pypdf could not read page %d", number + 1, exc_info=True)
            text = ""
        texts.append(text)
        if _letters(text) < MIN_PAGE_CHARS and _has_images(page):
            scanned.append(number)
    if not scanned:
        text = tidy("\n\n".join(texts))
        if text:
            return Extracted(text, TextStatus.DONE)
        return Extracted("", TextStatus.NO_TEXT, _("The PDF holds no text."))
    binary, reason = ocr_available()
    if binary is None:
        text = tidy("\n\n".join(texts))
        return Extracted(text, TextStatus.NO_OCR, reason)
    for number in scanned[:MAX_OCR_PAGES]:
        parts = []
        for image in _page_images(reader.pages[number]):
            parts.append(ocr_image(binary, *image))
        texts[number] = "\n".join(p for p in parts if p.strip()) or texts[number]
    text = tidy("\n\n".join(texts))
    note = ""
    if len(scanned) > MAX_OCR_PAGES:
        note = _("Only the first %(n)d scanned pages were read by OCR.") % {"n": MAX_OCR_PAGES}
    if not text:
        return Extracted("", TextStatus.NO_TEXT, _("OCR found no text in the scanned pages."))
    return Extracted(text, TextStatus.OCR, note)


def _docx(data: bytes) -> Extracted:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                if cell.text not in cells:  # merged cells repeat
                    cells.append(cell.text)
            parts.append(" | ".join(cells))
    return _done(tidy("\n".join(parts)))


def _xlsx(data: bytes) -> Extracted:
    from openpyxl import load_workbook

    # read_only, data_only=False: a formula is its text ("=SUM(…)"), never a computed value; it
    # is left out. Only what was typed in the cells is read.
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    parts: list[str] = []
    cells = 0
    try:
        for sheet in workbook.worksheets:
            parts.append(str(sheet.title))
            for row in sheet.iter_rows(values_only=True):
                values = []
                for value in row:
                    cells += 1
                    if value is None or (isinstance(value, str) and value.startswith("=")):
                        continue
                    values.append(str(value))
                if values:
                    parts.append(" ".join(values))
                if cells >= MAX_CELLS:
                    break
            if cells >= MAX_CELLS:
                break
    finally:
        workbook.close()
    return _done(tidy("\n".join(parts)))


def _opendocument(data: bytes) -> Extracted:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("content.xml")
        if info.file_size > 50 * 1024 * 1024:
            return Extracted("", TextStatus.FAILED, _("The document is too large to be read."))
        root = ET.fromstring(archive.read(info))  # noqa: S314 - no entities in a checked upload's XML
    lines = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("p", "h"):
            lines.append("".join(element.itertext()))
    return _done(tidy("\n".join(lines)))


def decode_text(data: bytes) -> str:
    """Bytes of a text file as text: UTF-8 (a BOM dropped), else Windows-1258 (Vietnamese)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start > len(data) - 4:  # cut in the middle of a character
            return data[: exc.start].decode("utf-8", "replace")
        return data.decode("cp1258", "replace")


def _csv(data: bytes) -> Extracted:
    return _done(tidy(decode_text(data[:CSV_BYTES])))


def _geojson(data: bytes) -> Extracted:
    value = json.loads(decode_text(data))
    words: list[str] = []

    def walk(node: Any) -> None:
        if len(words) > 50_000:
            return
        if isinstance(node, dict):
            for key, item in node.items():
                if key == "coordinates":
                    continue
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and node not in ("Feature", "FeatureCollection"):
            words.append(node)

    walk(value)
    return _done(tidy("\n".join(words)))


def _image(data: bytes, suffix: str) -> Extracted:
    binary, reason = ocr_available()
    if binary is None:
        return Extracted("", TextStatus.NO_OCR, reason)
    text = tidy(ocr_image(binary, data, suffix))
    if _letters(text) < MIN_PAGE_CHARS:
        return Extracted("", TextStatus.NO_TEXT, _("No text was found in the image."))
    return Extracted(text, TextStatus.OCR)


def _done(text: str) -> Extracted:
    if not text:
        return Extracted("", TextStatus.NO_TEXT, _("The file holds no text."))
    return Extracted(text, TextStatus.DONE)


READERS: dict[str, Callable[[bytes], Extracted]] = {
    "pdf": _pdf,
    "docx": _docx,
    "xlsx": _xlsx,
    "odt": _opendocument,
    "ods": _opendocument,
    "csv": _csv,
    "geojson": _geojson,
    "png": lambda data: _image(data, ".png"),
    "jpeg": lambda data: _image(data, ".jpg"),
}


def extract(data: bytes, kind: str) -> Extracted:
    """The text of a file of ``kind`` (a ``khcn.core.uploads`` kind code)."""
    reader = READERS.get(kind)
    if reader is None:
        return Extracted("", TextStatus.NO_TEXT, _("The text of this kind of file is not read."))
    try:
        return reader(data)
    except Exception as exc:  # a damaged or unexpected file: say so, never fail the task
        log.warning("Could not read the text of a %s file", kind, exc_info=True)
        return Extracted(
            "",
            TextStatus.FAILED,
            _("The text could not be read: %(reason)s") % {"reason": type(exc).__name__},
        )
