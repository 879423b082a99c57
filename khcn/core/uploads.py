"""Uploaded files: checked by their content, never by their name.

``check_upload(file, kinds=..., max_bytes=...)`` reads the upload (bounded), sniffs what it
really is from its first bytes, refuses what is not one of the allowed ``kinds``, is too large,
or is an archive that unpacks to far more than it weighs (a zip bomb), and returns a
``CheckedUpload`` with the bytes, the sniffed kind, its MIME type, a safe file name (the user's
name, cleaned, with the extension of the sniffed kind) and a SHA-256. Each refusal is a
``DomainError`` with a Vietnamese message (code ``upload_*``).

Old Office files (.doc, .xls) are OLE2 compound files: the directory at the root says which
(``WordDocument``, ``Workbook``/``Book``); any other compound file (.msi, .ppt, .msg) is refused,
and so is a .doc/.xls carrying macros. A plain .zip (neither OOXML nor OpenDocument, which are
zips too) is read, never unpacked to disk: member count, unpacked size, compression ratio, no
member name leading out of the folder (``..``, absolute, drive letters, links), no encrypted
member, no program, no archive that cannot be looked into (RAR, 7z, gzip…), and ZIPs inside it
are looked into, in memory and bounded, one level deep.

Dataset formats (the library's climate data): ``csv`` (UTF-8 text, with or without a BOM,
named .csv/.tsv/.txt), ``geojson`` (JSON whose top-level ``type`` is a GeoJSON type, named
.geojson/.json), ``netcdf`` (classic ``CDF\x01``/``CDF\x02``/``CDF\x05``, or HDF5 named .nc) and
``shapefile`` (a ZIP holding .shp, .shx and .dbf members, checked as any plain .zip). Text kinds
are told by the name's extension and then checked by content (valid UTF-8, no binary control
characters, no markup); a file named as one of these kinds whose content is another is refused
(``upload_mismatch``), and ``check_upload(strict=True)`` refuses that for every known extension.

Files are served back only through views that check a policy, with the sniffed MIME type,
``Content-Disposition: attachment`` and ``X-Content-Type-Options: nosniff``
(``khcn.exports.responses.file_response``), so an uploaded file is never rendered in the site's
origin; HTML and SVG are not accepted kinds anyway.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
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
# A .zip may hold ZIPs (looked into, in memory, each at most the size limit), but those may not
# hold more ZIPs: the uploaded archive is level 1. Office documents inside count as documents.
MAX_ARCHIVE_DEPTH = 2


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
        Kind("doc", "application/msword", "doc", gettext_lazy("Word 97–2003 (.doc)")),
        Kind("xls", "application/vnd.ms-excel", "xls", gettext_lazy("Excel 97–2003 (.xls)")),
        Kind("png", "image/png", "png", gettext_lazy("PNG image")),
        Kind("jpeg", "image/jpeg", "jpg", gettext_lazy("JPEG image")),
        Kind("zip", "application/zip", "zip", gettext_lazy("ZIP archive")),
        Kind("csv", "text/csv", "csv", gettext_lazy("CSV table")),
        Kind("geojson", "application/geo+json", "geojson", gettext_lazy("GeoJSON")),
        Kind("netcdf", "application/x-netcdf", "nc", gettext_lazy("NetCDF")),
        Kind("shapefile", "application/zip", "zip", gettext_lazy("Zipped shapefile")),
    )
}
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "doc", "xls", "odt", "ods", "png", "jpeg", "zip")
DATASET_KINDS = ("csv", "geojson", "netcdf", "shapefile")
# The extensions a kind's files are named with (the first is the one a stored file gets).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "jpeg": ("jpg", "jpeg"),
    "csv": ("csv", "tsv", "txt"),
    "geojson": ("geojson", "json"),
    "netcdf": ("nc", "nc4"),
    "shapefile": ("zip",),
}
# Extensions whose files must hold that kind (whatever else the upload allows).
_DATASET_EXTENSIONS = {e: k for k in ("csv", "geojson", "netcdf") for e in EXTENSIONS[k]}
GEOJSON_TYPES = frozenset(
    {
        "Feature",
        "FeatureCollection",
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    }
)
HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"


def accept_attribute(kinds: tuple[str, ...] = DOCUMENT_KINDS) -> str:
    """The file input's ``accept`` for ``kinds`` (".pdf,.docx,…"): a hint to the browser's file
    picker only; the content decides."""
    extensions = [KINDS[k].extension for k in kinds]
    for code in kinds:
        extensions += [e for e in EXTENSIONS.get(code, ()) if e not in extensions]
    return ",".join(f".{e}" for e in extensions)


def extension_of(name: str) -> str:
    """The extension of a file name, lower case, without the dot ("" without one)."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def extension_matches(name: str, code: str) -> bool:
    """Whether ``name`` ends as files of kind ``code`` do (.jpg for a JPEG, .nc for NetCDF…)."""
    return extension_of(name) in EXTENSIONS.get(code, (KINDS[code].extension,))


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


def sniff(data: bytes, name: str = "") -> str | None:
    """The kind of file ``data`` is, from its content: one of ``KINDS`` or None. Text kinds
    (CSV, GeoJSON) and HDF5-based NetCDF are told only with the file's ``name``: text without a
    name is None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(OLE_MAGIC):
        return _sniff_ole(data)
    if data[:4] in (b"CDF\x01", b"CDF\x02", b"CDF\x05"):
        return "netcdf"
    if data.startswith(HDF5_MAGIC):
        return "netcdf" if extension_of(name) in EXTENSIONS["netcdf"] else None
    extension = extension_of(name)
    if extension in EXTENSIONS["csv"] or extension in EXTENSIONS["geojson"]:
        return _sniff_text(data, extension)
    return None


_BINARY_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f")


def _sniff_text(data: bytes, extension: str) -> str | None:
    """CSV (UTF-8 text, a BOM allowed) or GeoJSON, for a file named so; None for anything
    binary, not UTF-8, or markup (HTML, SVG, XML)."""
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(c in _BINARY_CONTROLS for c in text[:65536]) or "\x00" in text:
        return None
    start = text.lstrip()[:1]
    if start == "<":
        return None
    if extension in EXTENSIONS["geojson"]:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return None
        kind = value.get("type") if isinstance(value, dict) else None
        return "geojson" if isinstance(kind, str) and kind in GEOJSON_TYPES else None
    return "csv"


def _sniff_zip(data: bytes) -> str | None:
    """docx/xlsx (OOXML), odt/ods (OpenDocument), a plain "zip", or None: a zip that cannot be
    opened, or an office format that is not accepted (.pptx, .odp, .epub…)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if infos and infos[0].filename == "mimetype":  # OpenDocument: first, stored
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                for code in ("odt", "ods"):
                    if mimetype == KINDS[code].mime:
                        return code
                return None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, NotImplementedError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        extensions = {extension_of(n) for n in names}
        return "shapefile" if {"shp", "shx", "dbf"} <= extensions else "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


# --------------------------------------------------------------------------------------------------
# Old Office files: OLE2 compound files (MS-CFB), read only as far as the root directory
# --------------------------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_END_OF_CHAIN = 0xFFFFFFFE
_NO_STREAM = 0xFFFFFFFF
_OLE_WORD = frozenset({"worddocument"})
_OLE_EXCEL = frozenset({"workbook", "book"})
_OLE_MACROS = frozenset({"macros", "_vba_project_cur", "_vba_project"})


class _BadCompoundFile(ValueError):
    pass


def ole_root_names(data: bytes) -> set[str]:
    """The names (lower case) of the streams and storages at the root of an OLE2 compound file.

    Reads the header, the sector allocation table (through the header's DIFAT and its chain) and
    the directory chain, nothing else; every index is checked against the file and every chain
    is followed at most once per sector, so a crafted file ends in ``_BadCompoundFile``, never
    in a loop or a large allocation."""
    if len(data) < 512 or not data.startswith(OLE_MAGIC):
        raise _BadCompoundFile("not a compound file")
    byte_order, sector_shift = struct.unpack_from("<HH", data, 0x1C)
    if byte_order != 0xFFFE or sector_shift not in (9, 12):
        raise _BadCompoundFile("bad header")
    size = 1 << sector_shift
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
    n_sectors = max(0, (len(data) - 1) // size)  # the header takes the first sector's room
    if n_fat > n_sectors or n_difat > n_sectors:
        raise _BadCompoundFile("bad counts")

    def sector(index: int) -> bytes:
        if index >= n_sectors:
            raise _BadCompoundFile("sector out of range")
        chunk = data[(index + 1) * size : (index + 2) * size]
        return chunk.ljust(size, b"\x00")

    per_sector = size // 4
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s <= _MAX_REGULAR_SECTOR]
    difat, seen = first_difat, set()
    while difat <= _MAX_REGULAR_SECTOR and len(fat_sectors) < n_fat:
        if difat in seen:
            raise _BadCompoundFile("DIFAT loop")
        seen.add(difat)
        entries = struct.unpack(f"<{per_sector}I", sector(difat))
        fat_sectors += [s for s in entries[:-1] if s <= _MAX_REGULAR_SECTOR]
        difat = entries[-1]
    fat: list[int] = []
    for index in fat_sectors[:n_fat]:
        fat.extend(struct.unpack(f"<{per_sector}I", sector(index)))

    directory = bytearray()
    current, seen = first_dir, set()
    while current != _END_OF_CHAIN:
        if current > _MAX_REGULAR_SECTOR or current in seen or current >= len(fat):
            raise _BadCompoundFile("bad directory chain")
        seen.add(current)
        directory += sector(current)
        current = fat[current]
    count = len(directory) // 128
    if count == 0:
        raise _BadCompoundFile("no directory")

    def entry(index: int) -> tuple[str, int, int, int, int]:
        raw = bytes(directory[index * 128 : (index + 1) * 128])
        name_length = min(struct.unpack_from("<H", raw, 0x40)[0], 64)
        name = raw[: max(0, name_length - 2)].decode("utf-16-le", "replace")
        kind = raw[0x42]
        left, right, child = struct.unpack_from("<III", raw, 0x44)
        return name, kind, left, right, child

    _name, root_kind, _left, _right, root_child = entry(0)
    if root_kind != 5:  # root storage
        raise _BadCompoundFile("no root")
    names: set[str] = set()
    stack, visited = [root_child], set()
    while stack:
        index = stack.pop()
        if index == _NO_STREAM or index >= count or index in visited:
            continue
        visited.add(index)
        name, kind, left, right, _child = entry(index)
        if kind in (1, 2):  # storage, stream
            names.add(name.lower())
        stack += [left, right]
    return names


def _sniff_ole(data: bytes) -> str | None:
    try:
        names = ole_root_names(data)
    except (_BadCompoundFile, struct.error):
        return None
    if names & _OLE_WORD:
        return "doc"
    if names & _OLE_EXCEL:
        return "xls"
    return None  # another compound file: .msi, .ppt, .msg…


def _check_ole(data: bytes) -> None:
    if ole_root_names(data) & _OLE_MACROS:
        raise _refuse(
            "macros",
            _(
                "Documents with macros are not accepted. Save the file without macros "
                "(for example as .docx or .xlsx) and upload it again."
            ),
        )


@dataclass
class _Budget:
    """What all the levels of one upload may add up to."""

    members: int = 0
    unpacked: int = 0
    limit: int = 0


# First bytes of archives and compressed files that cannot be looked into here.
_OPAQUE_ARCHIVES = (
    b"Rar!\x1a\x07",  # RAR
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"\x1f\x8b",  # gzip (.gz, .tgz)
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"MSCF",  # cabinet
    b"\x28\xb5\x2f\xfd",  # zstd
)
_PROGRAMS = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
_PROGRAM_EXTENSIONS = frozenset(
    "exe dll com scr pif cpl msi msp bat cmd ps1 psm1 vbs vbe js jse wsf wsh hta lnk reg jar apk sh "  # noqa: SIM905
    "app dmg iso img".split()
)
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


def _shown(name: str) -> str:
    return name if len(name) <= 80 else f"…{name[-79:]}"


def _unsafe_member_name(info: zipfile.ZipInfo) -> bool:
    """A member that would land outside the folder it is unpacked in, or is a link."""
    name = info.filename.replace("\\", "/")
    if not name or name.startswith("/") or _DRIVE_RE.match(name) or ".." in name.split("/"):
        return True
    if any(ord(c) < 32 for c in name):
        return True
    return (info.external_attr >> 16) & 0o170000 == 0o120000  # a symbolic link


def _check_archive(data: bytes, max_bytes: int, *, plain: bool = False) -> None:
    """Refuse a zip bomb: too many members, too large unpacked, or implausible compression;
    and member names leading outside the archive's folder. A ``plain`` .zip is also looked
    into: no encrypted member, no program, no archive that cannot be read, ZIPs one level deep.
    Nothing is written to disk."""
    budget = _Budget(limit=MAX_UNPACKED_FACTOR * max_bytes)
    _check_zip(data, max_bytes, budget, depth=1, plain=plain)


def _check_zip(data: bytes, max_bytes: int, budget: _Budget, *, depth: int, plain: bool) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse("damaged", _("The file is damaged and cannot be opened.")) from exc
    bomb = _refuse(
        "archive_bomb",
        _("The file unpacks to far more data than a document holds and was refused."),
    )
    with archive:
        infos = archive.infolist()
        budget.members += len(infos)
        if budget.members > MAX_MEMBERS:
            raise bomb
        for info in infos:
            budget.unpacked += info.file_size
            if info.file_size > 1 * MB and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
                raise bomb
            if budget.unpacked > budget.limit:
                raise bomb
            if _unsafe_member_name(info):
                raise _refuse(
                    "archive_path",
                    _("The archive holds a file whose name leads outside its folder (%(name)s).")
                    % {"name": _shown(info.filename)},
                )
        if plain:
            for info in infos:
                if not info.is_dir():
                    _check_member(archive, info, max_bytes, budget, depth=depth)


def _check_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int, budget: _Budget, *, depth: int
) -> None:
    """One file of a plain .zip, judged by its first bytes (and, for a program, its name)."""
    name = _shown(info.filename)
    if info.flag_bits & 0x1:
        raise _refuse(
            "archive_encrypted",
            _("The ZIP file is protected by a password (%(name)s), so it cannot be checked.")
            % {"name": name},
        )
    damaged = _refuse("damaged", _("The file is damaged and cannot be opened."))
    try:
        with archive.open(info) as member:
            head = member.read(8)
            nested = head.startswith(b"PK\x03\x04")
            if nested:
                if info.file_size > max_bytes:
                    raise _nested_refusal(name)
                inner = head + member.read(max_bytes + 1 - len(head))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise damaged from exc
    extension = info.filename.rsplit(".", 1)[-1].lower() if "." in info.filename else ""
    if head.startswith(_PROGRAMS) or extension in _PROGRAM_EXTENSIONS:
        raise _refuse(
            "archive_program",
            _("The ZIP file holds a program (%(name)s); programs are not accepted.") % {"name": name},
        )
    if head.startswith(_OPAQUE_ARCHIVES):
        raise _refuse(
            "archive_unreadable",
            _(
                "The ZIP file holds another kind of archive (%(name)s: RAR, 7z, gzip…) that cannot "
                "be checked. Put its files in the ZIP file instead."
            )
            % {"name": name},
        )
    if not nested:
        return
    if len(inner) > max_bytes:
        raise _nested_refusal(name)
    if _sniff_zip(inner) not in ("zip", "shapefile"):  # an office document (.docx, .pptx…), or a damaged zip
        _check_zip(inner, max_bytes, budget, depth=depth + 1, plain=False)
        return
    if depth + 1 > MAX_ARCHIVE_DEPTH:
        raise _nested_refusal(name)
    _check_zip(inner, max_bytes, budget, depth=depth + 1, plain=True)


def _nested_refusal(name: str) -> DomainError:
    return _refuse(
        "archive_nested",
        _(
            "The ZIP file holds archives inside archives (%(name)s). Put all the files in one ZIP "
            "file, with ZIP files inside it at most one level deep."
        )
        % {"name": name},
    )


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
    strict: bool = False,
) -> CheckedUpload:
    """Read and check an uploaded file (a Django ``UploadedFile`` or any binary file object).
    ``strict``: a file named with the extension of a known kind must be of that kind."""
    data = _read(file, max_bytes)
    if not data:
        raise _refuse("empty", _("The file is empty."))
    user_name = str(getattr(file, "name", "") or "")
    code = sniff(data, user_name)
    if code == "shapefile" and code not in kinds and "zip" in kinds:
        code = "zip"
    _check_extension(user_name, code, kinds, strict=strict)
    if code is None or code not in kinds:
        raise _refuse(
            "type",
            _("This type of file is not accepted. Accepted: %(kinds)s.") % {"kinds": kinds_label(kinds)},
        )
    if data.startswith(b"PK\x03\x04"):
        _check_archive(data, max_bytes, plain=code in ("zip", "shapefile"))
    elif code in ("doc", "xls"):
        _check_ole(data)
    kind = KINDS[code]
    return CheckedUpload(
        data=data,
        kind=kind,
        name=safe_name(getattr(file, "name", "") or "", kind.extension),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _check_extension(name: str, code: str | None, kinds: tuple[str, ...], *, strict: bool) -> None:
    """Refuse a file named as an accepted dataset kind (or, ``strict``, as any known kind) that
    holds something else: a table that is not text, a .nc that is not NetCDF, a PDF named .csv."""
    extension = extension_of(name)
    named = _DATASET_EXTENSIONS.get(extension) if extension else None
    if named is not None and named not in kinds and not strict:
        named = None
    if named is None and strict and extension:
        named = next((k for k in KINDS if extension_matches(name, k)), None)
    if named is None or (code is not None and extension_matches(name, code)):
        return
    raise _refuse(
        "mismatch",
        _("The content of %(name)s is not what its extension (.%(extension)s) says.")
        % {"name": _shown(safe_name(name, extension)), "extension": extension},
    )


@contextmanager
def stored_upload(
    file: IO[bytes] | Any | None,
    *,
    directory: str,
    kinds: tuple[str, ...] = DOCUMENT_KINDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    strict: bool = False,
) -> Iterator[tuple[str, CheckedUpload | None]]:
    """Check an uploaded file by its content and write it under ``directory`` with a random
    name *before* the database transaction that refers to it; delete it again when the block
    raises, so that a refused write leaves no file behind::

        with stored_upload(file, directory="research/tasks/7", kinds=("pdf",)) as (path, upload):
            save_rows(path, upload.name)  # atomic

    Yields ``("", None)`` without a file."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    if file is None:
        yield "", None
        return
    upload = check_upload(file, kinds=kinds, max_bytes=max_bytes, strict=strict)
    path = default_storage.save(
        f"{directory}/{uuid.uuid4().hex}.{upload.kind.extension}", ContentFile(upload.data)
    )
    try:
        yield path, upload
    except BaseException:
        default_storage.delete(path)
        raise
