"""Download responses for generated files, with Vietnamese file names that every browser saves.

``Content-Disposition`` carries two names (RFC 6266): an ASCII fallback in ``filename="…"``
(accents folded off: "Báo cáo" → "Bao cao") for old clients, and the real name in
``filename*=UTF-8''…`` (RFC 5987 percent-encoding), which current browsers prefer.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from khcn.core.text import fold, nfc

__all__ = [
    "CSV_CONTENT_TYPE",
    "DOCX_CONTENT_TYPE",
    "XLSX_CONTENT_TYPE",
    "ascii_filename",
    "content_disposition",
    "csv_response",
    "docx_response",
    "file_response",
    "xlsx_response",
]

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# Control characters, path separators and characters that are unsafe in a quoted header value.
_UNSAFE_RE = re.compile(r'[\x00-\x1f\x7f/\\"]+')
_ASCII_UNSAFE_RE = re.compile(r"[^A-Za-z0-9 ._()\-]+")
_SPACES_RE = re.compile(r"\s+")
_MAX_NAME = 150


def _clean_filename(filename: str, extension: str) -> str:
    """NFC, no control characters or path separators, bounded length, with ``extension``."""
    name = _SPACES_RE.sub(" ", _UNSAFE_RE.sub(" ", nfc(filename))).strip(" .")
    if extension and not name.lower().endswith(extension):
        name = f"{name}{extension}" if name else f"export{extension}"
    if not name:
        name = "export"
    if len(name) > _MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: _MAX_NAME - len(ext) - 1].rstrip()}{dot}{ext}" if dot else name[:_MAX_NAME]
    return name


def ascii_filename(filename: str) -> str:
    """The file name with its accents folded off (``khcn.core.text.fold``), keeping letter case:
    "Báo cáo Đề tài.docx" → "Bao cao De tai.docx". Anything still not plain ASCII becomes "_"."""
    out = []
    for ch in filename:
        folded = fold(ch)
        out.append(folded.upper() if ch.isupper() else folded)
    text = _ASCII_UNSAFE_RE.sub("_", "".join(out))
    return text if text.strip(" ._") else "export"


def content_disposition(filename: str, *, as_attachment: bool = True, extension: str = "") -> str:
    """``attachment; filename="Bao cao.docx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.docx``."""
    name = _clean_filename(filename, extension)
    kind = "attachment" if as_attachment else "inline"
    fallback = ascii_filename(name)
    if fallback == name:
        return f'{kind}; filename="{name}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(
    data: bytes, filename: str, content_type: str, *, extension: str = "", as_attachment: bool = True
) -> HttpResponse:
    """A download of ``data``; private to the user (exports hold personal and internal data)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        filename, as_attachment=as_attachment, extension=extension
    )
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def dated_filename(name: str, extension: str) -> str:
    """ "kế hoạch-20261129.xlsx": an export's translated name and today's date. Callers pass the
    name as ``pgettext("file name", "…")`` outside any f-string, so that makemessages sees it."""
    return f"{name}-{timezone.localdate():%Y%m%d}.{extension.lstrip('.')}"


def docx_response(data: bytes, filename: str) -> HttpResponse:
    """A Word document download (".docx" is added to ``filename`` if missing)."""
    return file_response(data, filename, DOCX_CONTENT_TYPE, extension=".docx")


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An Excel workbook download (".xlsx" is added to ``filename`` if missing)."""
    return file_response(data, filename, XLSX_CONTENT_TYPE, extension=".xlsx")


def csv_response(data: bytes, filename: str) -> HttpResponse:
    """A CSV download (".csv" is added to ``filename`` if missing)."""
    return file_response(data, filename, CSV_CONTENT_TYPE, extension=".csv")


def stored_file_response(
    stored: Any, filename: str, content_type: str, *, as_attachment: bool = True
) -> HttpResponse:
    """A download of a stored file (a ``FieldFile``): 404 when there is none or it is gone
    from the storage. The caller has asked the policy."""
    from django.http import Http404

    if not stored:
        raise Http404
    try:
        with stored.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    return file_response(data, filename, content_type, as_attachment=as_attachment)
