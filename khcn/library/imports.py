"""Bulk import of library records from a spreadsheet (.xlsx) and a ZIP of their files. The DOST
only (``record_policy`` "manage").

1. ``read_sheet(data)``: the first sheet; the header row is the first (of the first 30) where
   three cells or more name a known column (Vietnamese, with or without diacritics, or
   English: the template's own headers), so a title above the table is skipped. Formulas are
   never evaluated (a formula cell is read as nothing).
2. ``preview(sheet, archive)``: every row checked, writing nothing: unknown collection or type,
   missing title, a year out of range, an embargo date missing or in the past, a file named but
   not in the ZIP, a file whose content is not its extension (``check_upload(strict=True)``), two
   rows for the same record; and what each row would do: create, or update the record it
   matches. **Matching** (re-import updates, never duplicates): by DOI when the row has one
   (case-insensitive), else by collection + title (folded: case, diacritics and spaces
   ignored) + year.
3. ``records_import(*, actor, rows, archive, source_name)``: all or nothing. The files are
   written to the storage first (each checked by content), then the records are created or
   updated in one transaction, audited; if anything fails the transaction is rolled back and
   every file written is deleted. Created records are published (the DOST imports its
   catalogue); updated ones keep their status; a file already attached (same name and content)
   is not attached twice. The files' text is read in the background, as for any file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry as audit
from khcn.audit.services import record as audit_record
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, fold
from khcn.core.uploads import check_upload, stored_upload
from khcn.library.choices import Access, Language, RecordStatus, RecordType
from khcn.library.models import Collection, Record, RecordFile
from khcn.library.permissions import record_policy
from khcn.library.services import records as record_services

RECORDS_IMPORTED = audit.register("library.records.import", gettext_lazy("Library records imported"))

MAX_ROWS = 5_000
MAX_COLUMNS = 40
MAX_CELL = 5_000
HEADER_SCAN = 30
CREATE, UPDATE = "create", "update"


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    words: tuple[str, ...]  # folded headers that name it (the label's translations are added)


COLUMNS: list[Column] = [
    Column("collection", gettext_lazy("Collection code"), ("ma bo suu tap", "bo suu tap", "collection")),
    Column("kind", gettext_lazy("Type"), ("loai", "loai tai lieu", "type", "kind")),
    Column("title", gettext_lazy("Title"), ("nhan de", "ten tai lieu", "tieu de", "title")),
    Column(
        "title_en", gettext_lazy("English title"), ("nhan de tieng anh", "ten tieng anh", "english title")
    ),
    Column("authors", gettext_lazy("Authors (separated by ;)"), ("tac gia", "authors", "author")),
    Column("issued_year", gettext_lazy("Year"), ("nam", "nam xuat ban", "year")),
    Column("language", gettext_lazy("Language"), ("ngon ngu", "language")),
    Column("keywords", gettext_lazy("Keywords"), ("tu khoa", "keywords")),
    Column("abstract", gettext_lazy("Abstract"), ("tom tat", "abstract", "description")),
    Column("publisher", gettext_lazy("Publisher"), ("nha xuat ban", "co quan xuat ban", "publisher")),
    Column("doi", gettext_lazy("DOI"), ("doi",)),
    Column("isbn", gettext_lazy("ISBN"), ("isbn",)),
    Column("issn", gettext_lazy("ISSN"), ("issn",)),
    Column("access", gettext_lazy("Access"), ("quyen truy cap", "truy cap", "access")),
    Column(
        "embargo_until",
        gettext_lazy("Embargo until"),
        ("han che den", "han che den ngay", "cam cong bo den", "embargo until", "embargo"),
    ),
    Column(
        "files", gettext_lazy("File names (separated by ;)"), ("tep", "ten tep", "tep tin", "files", "file")
    ),
]
KEYS = [c.key for c in COLUMNS]


def _norm(text: str) -> str:
    text = fold(str(text or ""))
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^\w&]+", " ", text)
    return " ".join(text.split())


def _header_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for column in COLUMNS:
        for word in column.words:
            words.setdefault(word, column.key)
        for language in ("vi", "en"):
            with translation.override(language):
                words.setdefault(_norm(str(column.label)), column.key)
    return words


def _choice_words(choices: Any, extra: dict[str, str] | None = None) -> dict[str, str]:
    words = dict(extra or {})
    for value, label in choices.choices:
        words.setdefault(_norm(value), value)
        words.setdefault(_norm(value.replace("_", " ")), value)
        for language in ("vi", "en"):
            with translation.override(language):
                words.setdefault(_norm(str(label)), value)
    return words


# --- Reading the workbook ------------------------------------------------------------------------


@dataclass
class Sheet:
    """The rows of the first sheet (Excel row number, cells by column key)."""

    rows: list[tuple[int, dict[str, Any]]]
    missing: list[str]  # known columns the sheet lacks

    def as_data(self) -> dict[str, Any]:
        return {"rows": [[n, c] for n, c in self.rows], "missing": self.missing}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Sheet:
        return cls(rows=[(int(n), dict(c)) for n, c in data["rows"]], missing=list(data.get("missing", [])))


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if text.startswith("="):  # a formula: never evaluated
        return ""
    return unicodedata.normalize("NFC", text).strip()[:MAX_CELL]


def read_sheet(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise DomainError(_("This Excel file cannot be read."), code="unreadable") from exc
    words = _header_words()
    rows: list[tuple[int, dict[str, Any]]] = []
    columns: dict[int, str] | None = None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for number, raw in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            cells = [_cell(v) for v in raw]
            if columns is None:
                found = {
                    i: words[_norm(c)]
                    for i, c in enumerate(cells)
                    if isinstance(c, str) and _norm(c) in words
                }
                if len(set(found.values())) >= 3:
                    columns = {}
                    for index, key in found.items():
                        if key not in columns.values():
                            columns[index] = key
                elif number >= HEADER_SCAN:
                    break
                continue
            values = {key: cells[i] if i < len(cells) else "" for i, key in columns.items()}
            if not any(v != "" for v in values.values()):
                continue
            rows.append((number, values))
            if len(rows) > MAX_ROWS:
                raise DomainError(
                    _("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS},
                    code="too_many_rows",
                )
    finally:
        workbook.close()
    if columns is None:
        raise DomainError(
            _("No header row was found: use the template's column names (collection code, type, title…)."),
            code="no_header",
        )
    if not rows:
        raise DomainError(_("The first sheet has no rows of data under a header row."), code="empty")
    return Sheet(rows=rows, missing=[k for k in KEYS if k not in columns.values()])


# --- The ZIP of files --------------------------------------------------------------------------


def _member_key(name: str) -> str:
    base = unicodedata.normalize("NFC", name.replace("\\", "/")).rsplit("/", 1)[-1]
    return base.strip().casefold()


class Archive:
    """The ZIP of files, checked as an upload (zip bomb, paths, programs…), its files by name:
    a row names a file by its name (the folder in the ZIP does not matter)."""

    def __init__(self, data: bytes | None) -> None:
        self.data = data or b""
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.duplicates: set[str] = set()
        if not data:
            return
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                key = _member_key(info.filename)
                if key in self.members:
                    self.duplicates.add(key)
                self.members[key] = info

    def read(self, name: str) -> bytes:
        info = self.members[_member_key(name)]
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            return archive.read(info)

    def upload(self, name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name.replace("\\", "/").rsplit("/", 1)[-1], self.read(name))


def check_archive(file: Any, *, max_bytes: int) -> bytes:
    """The uploaded ZIP's bytes, after the upload checks (``upload_*`` refusals)."""
    return check_upload(file, kinds=("zip", "shapefile"), max_bytes=max_bytes).data


# --- The preview -----------------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    cells: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    collection_id: int | None = None
    authors: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    action: str = CREATE
    record_id: int | None = None

    @property
    def title(self) -> str:
        return str(self.values.get("title") or self.cells.get("title") or "")


@dataclass
class Preview:
    rows: list[Row]
    missing: list[str]

    @property
    def refused(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def match_key(collection_id: int, title: str, year: int) -> tuple[int, str, int]:
    return collection_id, _norm(title), int(year)


def _existing(rows: Sequence[Row]) -> tuple[dict[str, Record], dict[tuple[int, str, int], Record]]:
    dois = {str(r.values.get("doi", "")).lower() for r in rows if r.values.get("doi")}
    by_doi: dict[str, Record] = {}
    if dois:
        for rec in Record.objects.filter(doi__iregex=r"\S"):
            if rec.doi.lower() in dois:
                by_doi.setdefault(rec.doi.lower(), rec)
    collections = {r.collection_id for r in rows if r.collection_id}
    years = {r.values.get("issued_year") for r in rows if isinstance(r.values.get("issued_year"), int)}
    by_title: dict[tuple[int, str, int], Record] = {}
    for rec in Record.objects.filter(collection_id__in=collections, issued_year__in=years).only(
        "pk", "collection_id", "title", "issued_year", "status", "doi", "version"
    ):
        by_title.setdefault(match_key(rec.collection_id, rec.title, rec.issued_year), rec)
    return by_doi, by_title


def preview(
    sheet: Sheet, archive: Archive, *, max_file_bytes: int = record_services.MAX_FILE_BYTES
) -> Preview:
    """Every row checked, with what it would do; nothing is written."""
    collections = {c.code: c.pk for c in Collection.objects.only("pk", "code")}
    kinds = _choice_words(RecordType)
    languages = _choice_words(Language, {"tieng viet": Language.VI, "tieng anh": Language.EN})
    accesses = _choice_words(
        Access,
        {
            "cong khai": Access.PUBLIC,
            "mo": Access.PUBLIC,
            "dang nhap": Access.SIGNED_IN,
            "nguoi dung dang nhap": Access.SIGNED_IN,
            "han che": Access.EMBARGO,
            "han che den": Access.EMBARGO,
            "han che den ngay": Access.EMBARGO,
            "tam chua cong bo": Access.EMBARGO,
            "cam cong bo": Access.EMBARGO,
            "embargo": Access.EMBARGO,
        },
    )
    today = timezone.localdate()
    rows = [Row(number=n, cells=c) for n, c in sheet.rows]
    checked_files: dict[str, str | None] = {}
    for row in rows:
        cells, errors, values = row.cells, row.errors, row.values
        code = clean(str(cells.get("collection", ""))).lower()
        row.collection_id = collections.get(code)
        if not code:
            errors.append(_("The collection code is missing."))
        elif row.collection_id is None:
            errors.append(_("There is no collection with the code “%(code)s”.") % {"code": code})
        kind_text = str(cells.get("kind", ""))
        values["kind"] = kinds.get(_norm(kind_text)) if kind_text else RecordType.ARTICLE
        if values["kind"] is None:
            errors.append(_("Unknown type of record: “%(value)s”.") % {"value": kind_text})
        for key in ("title", "title_en", "keywords", "publisher", "doi", "isbn", "issn"):
            values[key] = clean(str(cells.get(key, "")))
        values["abstract"] = str(cells.get("abstract", "")).strip()
        if not values["title"]:
            errors.append(_("The title is missing: a record needs its title."))
        year = cells.get("issued_year", "")
        try:
            values["issued_year"] = int(str(year).strip())
        except ValueError:
            values["issued_year"] = None
        if values["issued_year"] is None or not 1900 <= values["issued_year"] <= today.year + 1:
            errors.append(
                _("Enter the year it was issued (1900 to next year), not “%(value)s”.") % {"value": year}
            )
        language = str(cells.get("language", ""))
        values["language"] = languages.get(_norm(language)) if language else Language.VI
        if values["language"] is None:
            errors.append(_("Unknown language: “%(value)s”.") % {"value": language})
        access = str(cells.get("access", ""))
        values["access"] = accesses.get(_norm(access)) if access else Access.PUBLIC
        until_text = cells.get("embargo_until", "")
        until = _date(until_text) if until_text != "" else None
        if values["access"] is None:
            errors.append(_("Unknown access: “%(value)s”.") % {"value": access})
        elif values["access"] == Access.ROLES:
            errors.append(_("Access restricted to roles is set on the record's page, not by import."))
        elif until_text != "" and until is None:
            errors.append(
                _("The embargo date “%(value)s” is not a date (dd/mm/yyyy).") % {"value": until_text}
            )
        elif values["access"] == Access.EMBARGO or until is not None:
            if until is None:
                errors.append(_("An embargo needs its end date."))
            elif until <= today:
                errors.append(
                    _("The embargo date %(date)s is in the past: an embargo needs a date in the future.")
                    % {"date": until.strftime("%d/%m/%Y")}
                )
            values["access"] = Access.EMBARGO
        values["embargo_until"] = until if values["access"] == Access.EMBARGO else None
        row.authors = [clean(a) for a in str(cells.get("authors", "")).split(";") if clean(a)]
        row.files = [clean(f) for f in re.split(r"[;\n]", str(cells.get("files", ""))) if clean(f)]
        for name in row.files:
            key = _member_key(name)
            if key not in archive.members:
                errors.append(_("The file “%(name)s” is not in the ZIP file.") % {"name": name})
                continue
            if key in archive.duplicates:
                errors.append(_("The ZIP file holds two files named “%(name)s”.") % {"name": name})
                continue
            if key not in checked_files:
                try:
                    check_upload(
                        archive.upload(name),
                        kinds=record_services.FILE_KINDS,
                        max_bytes=max_file_bytes,
                        strict=True,
                    )
                except DomainError as exc:
                    checked_files[key] = exc.message
                else:
                    checked_files[key] = None
            if checked_files[key]:
                errors.append(f"{name}: {checked_files[key]}")
    by_doi, by_title = _existing(rows)
    seen: dict[Any, int] = {}
    for row in rows:
        if row.errors:
            continue
        doi = str(row.values.get("doi") or "").lower()
        assert row.collection_id is not None
        title_key = match_key(row.collection_id, row.values["title"], row.values["issued_year"])
        target = by_doi.get(doi) if doi else None
        if target is None:
            target = by_title.get(title_key)
        identity: Any = ("doi", doi) if doi else title_key
        if identity in seen:
            row.errors.append(_("The same record is on row %(row)d.") % {"row": seen[identity]})
            continue
        seen[identity] = row.number
        if target is not None:
            if target.status == RecordStatus.WITHDRAWN:
                row.errors.append(_("It matches a withdrawn record, which cannot be changed."))
                continue
            row.action, row.record_id = UPDATE, target.pk
    return Preview(rows=rows, missing=sheet.missing)


# --- The import --------------------------------------------------------------------------------------


def records_import(
    *, actor: User, rows: Sequence[Row], archive: Archive, source_name: str = ""
) -> dict[str, int]:
    """Write a preview's rows: all or nothing (refused when a row has a problem)."""
    record_policy.require(actor, "manage")
    if not rows:
        raise DomainError(_("There is nothing to import."), code="empty")
    if any(r.errors for r in rows):
        raise DomainError(
            _("Some rows have problems: correct the file and upload it again. Nothing was imported."),
            code="row_errors",
        )
    counts = {"created": 0, "updated": 0, "files": 0}
    with ExitStack() as files:
        # The files first, each checked by its content, deleted again if anything below fails.
        stored: dict[str, tuple[str, Any]] = {}
        for row in rows:
            for name in row.files:
                key = _member_key(name)
                if key in stored:
                    continue
                path, upload = files.enter_context(
                    stored_upload(
                        archive.upload(name),
                        directory="library/imported",
                        kinds=record_services.FILE_KINDS,
                        max_bytes=record_services.MAX_FILE_BYTES,
                        strict=True,
                    )
                )
                stored[key] = (path, upload)
        with transaction.atomic():
            added: list[RecordFile] = []
            for row in rows:
                target = _write_row(actor, row)
                counts["updated" if row.action == UPDATE else "created"] += 1
                known = {(f.name, f.sha256) for f in target.files.all()}
                for name in row.files:
                    path, upload = stored[_member_key(name)]
                    if (upload.name, upload.sha256) in known:
                        continue
                    known.add((upload.name, upload.sha256))
                    added.append(
                        RecordFile.objects.create(
                            record=target,
                            file=path,
                            name=upload.name,
                            kind=upload.kind.code,
                            size=upload.size,
                            sha256=upload.sha256,
                        )
                    )
                    audit_record(
                        actor=actor,
                        action=record_services.FILE_ADDED,
                        target=target,
                        changes={"file": [None, upload.name]},
                    )
            counts["files"] = len(added)
            audit_record(
                actor=actor,
                action=RECORDS_IMPORTED,
                target=actor,
                note=_(
                    "%(file)s: %(created)d records created, %(updated)d updated, %(files)d files attached."
                )
                % {"file": source_name or "—", **counts},
            )
            used = {f.file.name for f in added}
            unused = [path for path, _upload in stored.values() if path not in used]
            if unused:  # a file already attached: not kept twice
                transaction.on_commit(lambda: _delete(unused))
            for stored_file in added:
                record_services._read_later(stored_file)
    return counts


def _delete(paths: Sequence[str]) -> None:
    from django.core.files.storage import default_storage

    for path in paths:
        default_storage.delete(path)


def _write_row(actor: User, row: Row) -> Record:
    values = dict(row.values)
    assert row.collection_id is not None
    collection = Collection.objects.get(pk=row.collection_id)
    if row.action == UPDATE and row.record_id is not None:
        target = Record.objects.get(pk=row.record_id)
        return record_services.record_edit(
            actor=actor, record_=target, authors=row.authors, collection=collection, **values
        )
    return record_services.record_create(
        actor=actor,
        collection=collection,
        authors=row.authors,
        status=RecordStatus.PUBLISHED,
        published_at=timezone.now(),
        **values,
    )


def template_rows() -> list[list[Any]]:
    """One example row of the template, by ``COLUMNS``."""
    example = {
        "collection": "du-lieu-khi-hau",
        "kind": str(RecordType.DATASET.label),
        "title": "Kịch bản nước biển dâng tỉnh Cà Mau giai đoạn 2020–2050",
        "title_en": "Sea-level rise scenarios for Cà Mau province, 2020–2050",
        "authors": "Nguyễn Văn A; Trần Thị B",
        "issued_year": 2024,
        "language": str(Language.VI.label),
        "keywords": "nước biển dâng; biến đổi khí hậu; Cà Mau",
        "abstract": "Số liệu mực nước biển dâng theo các kịch bản RCP4.5 và RCP8.5.",
        "publisher": "Sở Tài nguyên và Môi trường tỉnh Cà Mau",
        "doi": "",
        "isbn": "",
        "issn": "",
        "access": str(Access.PUBLIC.label),
        "embargo_until": "",
        "files": "nuoc-bien-dang.csv; bao-cao.pdf",
    }
    return [[example[k] for k in KEYS]]
