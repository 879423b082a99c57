"""Uploaded files: checked by their content, never by their name.

``check_upload(file, kinds=..., max_bytes=...)`` reads the upload (bounded), sniffs what it
really is from its first bytes, refuses what is not one of the allowed ``kinds``, is too large,
or is an archive that unpacks to far more than it weighs (a zip bomb), and returns a
``CheckedUpload`` with the bytes, the sniffed kind, its MIME type, a safe file name (the user's
name, cleaned, with the extension of the sniffed kind) and a SHA-256. Each refusal is a
``DomainError`` with a Vietnamese message (code ``upload_*``).

Files are served back only through views that check a policy, with the sniffed MIME type,
``Content-Disposition: attachment`` and ``X-Content-Type-Options: nosniff``
(``khcn.exports.responses.file_response``), so an uploaded file is never rendered in the site's
origin; HTML and SVG are not accepted kinds anyway.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.core.exceptions import DomainError

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
# An office file is a zip archive: refuse one that unpacks beyond this multiple of the size
# limit, or whose members compress more than a real document does, or that has too many members.
MAX_UNPACKED_FACTOR = 10
MAX_MEMBER_RATIO = 200
MAX_MEMBERS = 5_000


@dataclass(frozen=True)
class Kind:
    code: str
    mime: str
    extension: str
    label: Any


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind("pdf", "application/pdf", "pdf", gettext_lazy("PDF")),
        Kind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            gettext_lazy("Word (.docx)"),
        ),
        Kind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            gettext_lazy("Excel (.xlsx)"),
        ),
        Kind("odt", "application/vnd.oasis.opendocument.text", "odt", gettext_lazy("OpenDocument text")),
        Kind(
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            "ods",
            gettext_lazy("OpenDocument spreadsheet"),
        ),
        Kind("png", "image/png", "png", gettext_lazy("PNG image")),
        Kind("jpeg", "image/jpeg", "jpg", gettext_lazy("JPEG image")),
    )
}
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpeg")


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    kind: Kind
    name: str
    size: int
    sha256: str


def kinds_label(kinds: tuple[str, ...] = DOCUMENT_KINDS) -> str:
    return ", ".join(str(KINDS[k].label) for k in kinds)


def _refuse(code: str, message: str) -> DomainError:
    return DomainError(message, code=f"upload_{code}")


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` is, from its content: one of ``KINDS`` or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return None


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                for code in ("odt", "ods"):
                    if mimetype == KINDS[code].mime:
                        return code
                return None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _check_archive(data: bytes, max_bytes: int) -> None:
    """Refuse a zip bomb: too many members, too large unpacked, or implausible compression."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse("damaged", _("The file is damaged and cannot be opened.")) from exc
    bomb = _refuse(
        "archive_bomb",
        _("The file unpacks to far more data than a document holds and was refused."),
    )
    if len(infos) > MAX_MEMBERS:
        raise bomb
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1 * MB and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
            raise bomb
    if total > MAX_UNPACKED_FACTOR * max_bytes:
        raise bomb


_UNSAFE_NAME_RE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_name(name: str, extension: str) -> str:
    """The user's file name without any directory, control or reserved characters, NFC, at most
    120 characters, ending in ``extension`` (the sniffed kind's, whatever the user's said)."""
    base = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE_NAME_RE.sub(" ", stem).strip(" .") or _("attachment")
    return f"{stem[: 120 - len(extension) - 1]}.{extension}"


def _read(file: IO[bytes] | Any, max_bytes: int) -> bytes:
    size = getattr(file, "size", None)
    too_large = _refuse(
        "too_large",
        _("The file is larger than the limit of %(limit)s MB.") % {"limit": f"{max_bytes / MB:g}"},
    )
    if isinstance(size, int) and size > max_bytes:
        raise too_large
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large
    return bytes(data)


def check_upload(
    file: IO[bytes] | Any,
    *,
    kinds: tuple[str, ...] = DOCUMENT_KINDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CheckedUpload:
    """Read and check an uploaded file (a Django ``UploadedFile`` or any binary file object)."""
    data = _read(file, max_bytes)
    if not data:
        raise _refuse("empty", _("The file is empty."))
    code = sniff(data)
    if code is None or code not in kinds:
        raise _refuse(
            "type",
            _("This type of file is not accepted. Accepted: %(kinds)s.") % {"kinds": kinds_label(kinds)},
        )
    if data.startswith(b"PK\x03\x04"):
        _check_archive(data, max_bytes)
    kind = KINDS[code]
    return CheckedUpload(
        data=data,
        kind=kind,
        name=safe_name(getattr(file, "name", "") or "", kind.extension),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
