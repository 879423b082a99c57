"""Text recognition (OCR) of scanned pages with Tesseract's Vietnamese model.

Shared by the electronic library (``khcn.library.extract``: scanned PDFs and images found by the
search) and the plan importer (``khcn.plans.parser.reader``: a scanned plan). Tesseract runs as
a program (``tesseract … -l vie``, Debian's ``tesseract-ocr`` and ``tesseract-ocr-vie``), one
image at a time, each with a time limit; without it ``ocr_available`` says why (a translated
sentence) and the callers carry on without OCR. Nothing here raises for a bad image: it gives
no text.

``ocr_image`` gives the text of an image; ``ocr_words`` gives it with each word's confidence
and line (Tesseract's TSV output), for the plan importer to point at the words to check.
``page_images`` takes the images out of a PDF page (pypdf).
"""

from __future__ import annotations

import csv
import io
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

OCR_LANGUAGE = "vie"
OCR_TIMEOUT = 120  # seconds per image
MAX_OCR_IMAGE_BYTES = 30 * 1024 * 1024
# A word Tesseract is less sure of than this (0–100) is one to check.
LOW_CONFIDENCE = 60.0


def tesseract_binary() -> str | None:
    """The path of ``tesseract``, or None when it is not installed."""
    return shutil.which("tesseract")


@lru_cache(maxsize=4)
def installed_languages(binary: str) -> frozenset[str]:
    """The language models ``binary`` has (``tesseract --list-langs``)."""
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program and arguments
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def availability(
    binary: str | None, languages: Callable[[str], frozenset[str]] | None = None
) -> tuple[str | None, str]:
    """``binary`` if it can read Vietnamese (``languages``: how to list its models, by default
    ``installed_languages``), else None with the reason (translated)."""
    languages = languages or installed_languages
    if binary is None:
        return None, _(
            "Scanned document: OCR (Tesseract) is not installed on the server, so its text is not read."
        )
    if OCR_LANGUAGE not in languages(binary):
        return None, _(
            "Scanned document: Tesseract's Vietnamese model (tesseract-ocr-vie) is not installed, "
            "so its text is not read."
        )
    return binary, ""


def ocr_available() -> tuple[str | None, str]:
    """The tesseract program able to read Vietnamese, or None with the reason (translated)."""
    return availability(tesseract_binary())


def _run(binary: str, data: bytes, suffix: str, dpi: int | None, *extra: str) -> str | None:
    """Tesseract's output on one image (``extra``: an output format such as ``tsv``), or None."""
    with tempfile.TemporaryDirectory(prefix="khcn-ocr-") as folder:
        path = Path(folder) / f"page{suffix if suffix.startswith('.') else '.' + suffix}"
        path.write_bytes(data)
        command = [binary, str(path), "stdout", "-l", OCR_LANGUAGE]
        if dpi:
            command += ["--dpi", str(dpi)]
        try:
            done = subprocess.run(  # noqa: S603 - a fixed program, our own file
                [*command, *extra], capture_output=True, timeout=OCR_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            log.warning("OCR timed out on an image of %d bytes", len(data))
            return None
        except OSError:
            log.exception("OCR could not run")
            return None
    if done.returncode != 0:
        log.info("tesseract failed (%d): %s", done.returncode, done.stderr[-500:])
        return None
    return done.stdout.decode("utf-8", "replace")


def ocr_image(binary: str, data: bytes, suffix: str, dpi: int | None = None) -> str:
    """The text Tesseract reads in one image ("" when it cannot)."""
    return _run(binary, data, suffix, dpi) or ""


@dataclass(frozen=True)
class OcrWord:
    """A word as read: its text, Tesseract's confidence (0–100) and its line (1-based) in the
    text of the ``OcrText`` it belongs to."""

    text: str
    confidence: float
    line: int


@dataclass
class OcrText:
    """The text of an image rebuilt from Tesseract's words (a line per line, a blank line
    between paragraphs) and the words with their confidence."""

    text: str = ""
    words: list[OcrWord] = field(default_factory=list)

    def uncertain(self, threshold: float = LOW_CONFIDENCE) -> list[OcrWord]:
        """The words read with a confidence under ``threshold`` that hold a letter or digit."""
        return [w for w in self.words if w.confidence < threshold and any(c.isalnum() for c in w.text)]


def ocr_words(binary: str, data: bytes, suffix: str, dpi: int | None = None) -> OcrText:
    """The text of one image with each word's confidence (empty when Tesseract cannot read it)."""
    output = _run(binary, data, suffix, dpi, "tsv")
    return parse_tsv(output) if output else OcrText()


def parse_tsv(output: str) -> OcrText:
    """Tesseract's TSV (level, page_num, block_num, par_num, line_num, word_num, left, top,
    width, height, conf, text) as text and words."""
    rows = csv.reader(io.StringIO(output), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows, None)
    if not header or "text" not in header:
        return OcrText()
    col = {name: i for i, name in enumerate(header)}
    lines: list[str] = []
    words: list[OcrWord] = []
    current: tuple[str, str, str, str] | None = None
    paragraph: tuple[str, str, str] | None = None
    parts: list[str] = []

    def flush() -> None:
        if parts:
            lines.append(" ".join(parts))
            parts.clear()

    for row in rows:
        if len(row) < len(header) or row[col["level"]] != "5":
            continue
        text = row[col["text"]].strip()
        if not text:
            continue
        key = (row[col["page_num"]], row[col["block_num"]], row[col["par_num"]], row[col["line_num"]])
        if key != current:
            flush()
            if paragraph is not None and key[:3] != paragraph:
                lines.append("")  # a new paragraph
            current, paragraph = key, key[:3]
        parts.append(text)
        try:
            confidence = float(row[col["conf"]])
        except ValueError:
            confidence = -1.0
        words.append(OcrWord(text, confidence, len(lines) + 1))
    flush()
    return OcrText("\n".join(lines), words)


class PageImage(NamedTuple):
    """An image of a PDF page as a file Tesseract reads, and its resolution when known."""

    data: bytes
    suffix: str
    dpi: int | None = None


def has_images(page: Any) -> bool:
    """Whether a pypdf page draws images (a scan)."""
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            return False
        return any(xobjects[name].get_object().get("/Subtype") == "/Image" for name in xobjects.get_object())
    except Exception:
        return False


def page_images(page: Any) -> list[PageImage]:
    """The page's images as files Tesseract reads (PNG, JPEG, TIFF…), biggest first, with the
    resolution a full-width scan has on this page."""
    found: list[PageImage] = []
    try:
        page_width = float(page.mediabox.width) / 72  # inches
    except Exception:
        page_width = 0.0
    try:
        for image in page.images:
            data = image.data
            if not 0 < len(data) <= MAX_OCR_IMAGE_BYTES:
                continue
            dpi = None
            try:
                pixels = image.image.size[0] if image.image is not None else 0
                if page_width > 0 and pixels:
                    guess = round(pixels / page_width)
                    dpi = guess if 70 <= guess <= 1200 else None
            except Exception:
                dpi = None
            found.append(PageImage(data, Path(image.name).suffix or ".png", dpi))
    except Exception:
        log.warning("pypdf could not extract a page's images", exc_info=True)
    return sorted(found, key=lambda item: -len(item.data))
