"""Uploads judged by their content: old Office files (OLE2 compound files) and plain ZIP archives,
built here byte by byte, small."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khcn.core import uploads
from khcn.core.exceptions import DomainError
from khcn.core.uploads import accept_attribute, check_upload, ole_root_names, sniff

FREE, END, FAT_SECTOR, NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STREAM, STORAGE, ROOT = 2, 1, 5


def _entry(name: str, kind: int, *, left: int = NONE, right: int = NONE, child: int = NONE) -> bytes:
    raw = bytearray(128)
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    raw[: len(encoded)] = encoded
    struct.pack_into("<HBB", raw, 0x40, len(encoded), kind, 1)
    struct.pack_into("<III", raw, 0x44, left, right, child)
    return bytes(raw)


def ole(*members: str | tuple[str, int], shift: int = 9, directory_next: int | None = None) -> bytes:
    """A compound file whose root holds ``members`` (names, or (name, kind) for storages): the
    header, one FAT sector, then the directory (root entry first, siblings chained rightwards).
    Streams are empty: only the directory is ever read. ``directory_next`` overrides the FAT
    entry after the first directory sector (to build a broken chain)."""
    size = 1 << shift
    entries = [_entry("Root Entry", ROOT, child=1 if members else NONE)]
    for i, member in enumerate(members, start=1):
        name, kind = (member, STREAM) if isinstance(member, str) else member
        entries.append(_entry(name, kind, right=i + 1 if i < len(members) else NONE))
    per_sector = size // 128
    while len(entries) % per_sector:
        entries.append(bytes(128))
    dir_sectors = len(entries) // per_sector
    fat = [FAT_SECTOR] + [i + 2 for i in range(dir_sectors - 1)] + [END]
    if directory_next is not None:
        fat[1] = directory_next
    fat += [FREE] * (size // 4 - len(fat))
    header = bytearray(size)
    header[:8] = uploads.OLE_MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3 if shift == 9 else 4, 0xFFFE, shift, 6)
    struct.pack_into("<IIII", header, 0x2C, 1, 1, 0, 4096)
    struct.pack_into("<IIII", header, 0x3C, END, 0, END, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([FREE] * 108))
    return bytes(header) + struct.pack(f"<{size // 4}I", *fat) + b"".join(entries)


def _zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx_like() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _refused(data: bytes, name: str = "tep.zip", **kwargs: int) -> str:
    with pytest.raises(DomainError) as exc:
        check_upload(_upload(data, name), **kwargs)
    assert exc.value.message
    return exc.value.code


WORD = ole("\x01CompObj", "WordDocument", "1Table", "\x05SummaryInformation")


# --------------------------------------------------------------------------------------------------
# .doc and .xls
# --------------------------------------------------------------------------------------------------


def test_word_and_excel_97_are_told_apart_by_their_root_streams():
    assert sniff(WORD) == "doc"
    assert sniff(ole("Workbook", "\x05DocumentSummaryInformation")) == "xls"
    assert sniff(ole("Book")) == "xls"  # Excel 5/95
    assert sniff(ole("WordDocument", shift=12)) == "doc"  # version 4, 4096-byte sectors
    checked = check_upload(_upload(WORD, "Báo cáo.docx"))
    assert (checked.kind.code, checked.kind.mime, checked.name) == (
        "doc",
        "application/msword",
        "Báo cáo.doc",
    )
    xls = check_upload(_upload(ole("Workbook"), "so-lieu.bin"))
    assert (xls.kind.code, xls.name) == ("xls", "so-lieu.xls")


def test_a_word_stream_deeper_than_the_root_does_not_make_a_word_file():
    """An installer or a PowerPoint file is a compound file too; only the root counts."""
    installer = ole("\u4840\u3b3f\u4577\u446c\u3b6a\u45e4\u4824", "\x05SummaryInformation")
    assert sniff(installer) is None
    assert sniff(ole("PowerPoint Document", "Current User")) is None
    assert _refused(installer, "cai-dat.doc") == "upload_type"


def test_a_program_renamed_as_doc_is_refused():
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program"
    assert _refused(program, "Báo cáo.doc") == "upload_type"
    assert _refused(program, "Bang so lieu.xls") == "upload_type"


def test_documents_with_macros_are_refused():
    assert _refused(ole("WordDocument", ("Macros", STORAGE)), "a.doc") == "upload_macros"
    assert _refused(ole("Workbook", ("_VBA_PROJECT_CUR", STORAGE)), "a.xls") == "upload_macros"


@pytest.mark.parametrize(
    "data",
    [
        WORD[:300],  # truncated header
        WORD[:512],  # header only: the sectors it names are missing
        ole("WordDocument", directory_next=1),  # the directory chain loops on itself
        ole("WordDocument", directory_next=4000),  # …or leads past the end of the file
        WORD[:0x1C] + b"\xff\xfe" + WORD[0x1E:],  # wrong byte order mark
    ],
)
def test_a_damaged_or_crafted_compound_file_is_refused_without_hanging(data):
    assert sniff(data) is None
    assert _refused(data, "a.doc") == "upload_type"


def test_the_root_names_are_read_from_the_directory():
    assert ole_root_names(WORD) == {"\x01compobj", "worddocument", "1table", "\x05summaryinformation"}


# --------------------------------------------------------------------------------------------------
# Plain .zip archives
# --------------------------------------------------------------------------------------------------


def test_a_plain_zip_is_accepted_and_told_apart_from_office_files():
    archive = _zip(
        {"Hồ sơ/Báo cáo.pdf": b"%PDF-1.4 ...", "Hồ sơ/ảnh.png": b"\x89PNG\r\n\x1a\n", "Hồ sơ/": b""}
    )
    assert sniff(archive) == "zip"
    assert sniff(_docx_like()) == "docx"
    checked = check_upload(_upload(archive, "Hồ sơ kèm theo.rar"))
    assert (checked.kind.code, checked.kind.mime, checked.name) == (
        "zip",
        "application/zip",
        "Hồ sơ kèm theo.zip",
    )
    pptx = _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
    assert _refused(pptx, "trinh-chieu.zip") == "upload_type"  # OOXML, but not an accepted kind


def test_a_zip_that_compresses_like_a_bomb_is_refused():
    bomb = _zip({"a.txt": b"\x00" * (3 * 1024 * 1024)})
    assert len(bomb) < 20 * 1024
    assert _refused(bomb) == "upload_archive_bomb"


def test_a_zip_too_large_unpacked_or_with_too_many_files_is_refused(monkeypatch):
    # twelve files of 900 KB, each under the 1 MB from which the ratio is judged: 10.8 MB unpacked
    many = _zip({f"{n}.txt": b"\x00" * (900 * 1024) for n in range(12)})
    assert _refused(many, max_bytes=1024 * 1024) == "upload_archive_bomb"  # > 10 × 1 MB
    assert check_upload(_upload(many, "a.zip"), max_bytes=2 * 1024 * 1024).kind.code == "zip"
    monkeypatch.setattr(uploads, "MAX_MEMBERS", 10)
    assert _refused(many) == "upload_archive_bomb"


@pytest.mark.parametrize(
    "name",
    ["../../etc/cron.d/x", "Hồ sơ/../../x.pdf", "/etc/passwd", "C:/Windows/x.pdf", "..\\..\\x.pdf", "a\x01b"],
)
def test_a_member_name_leading_outside_the_folder_is_refused(name):
    assert _refused(_zip({"ok.pdf": b"%PDF-1.4", name: b"%PDF-1.4"})) == "upload_archive_path"


def test_a_symbolic_link_inside_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        link = zipfile.ZipInfo("bao-cao.pdf")
        link.external_attr = (0o120777 << 16) | 0x20
        archive.writestr(link, "/etc/passwd")
    assert _refused(out.getvalue()) == "upload_archive_path"


def test_programs_and_archives_that_cannot_be_checked_are_refused_inside():
    assert _refused(_zip({"bao-cao.pdf": b"MZ\x90\x00 a program"})) == "upload_archive_program"
    assert _refused(_zip({"cai-dat.exe": b"%PDF- not really"})) == "upload_archive_program"
    assert _refused(_zip({"mo.vbs": b"MsgBox 1"})) == "upload_archive_program"
    assert _refused(_zip({"so-lieu.rar": b"Rar!\x1a\x07\x01\x00"})) == "upload_archive_unreadable"
    assert _refused(_zip({"so-lieu.tar.gz": b"\x1f\x8b\x08\x00"})) == "upload_archive_unreadable"


def test_an_encrypted_member_is_refused():
    data = bytearray(_zip({"mat.pdf": b"\x00" * 64}, compression=zipfile.ZIP_STORED))
    # mark the member encrypted, as a password-protected archive does (local and central headers)
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    assert _refused(bytes(data)) == "upload_archive_encrypted"


def test_zips_inside_a_zip_are_looked_into_one_level_deep():
    inner = _zip({"Phụ lục.pdf": b"%PDF-1.4", "Bảng.docx": _docx_like()})
    assert check_upload(_upload(_zip({"phu-luc.zip": inner, "bao-cao.docx": _docx_like()}), "a.zip"))
    too_deep = _zip({"a.zip": _zip({"b.zip": _zip({"c.pdf": b"%PDF-1.4"})})})
    assert _refused(too_deep) == "upload_archive_nested"
    # what is inside an inner ZIP is judged as at the top
    assert _refused(_zip({"a.zip": _zip({"x.exe": b"MZ"})})) == "upload_archive_program"
    assert _refused(_zip({"a.zip": _zip({"../x.pdf": b"%PDF"})})) == "upload_archive_path"
    inner_bomb = _zip({"a.zip": _zip({"a.txt": b"\x00" * (3 * 1024 * 1024)})}, compression=zipfile.ZIP_STORED)
    assert _refused(inner_bomb) == "upload_archive_bomb"
    # an inner ZIP larger than the size limit is not unpacked to be looked into
    big = _zip({"a.zip": _zip({"a.bin": bytes(range(256)) * 8}, compression=zipfile.ZIP_STORED)})
    assert _refused(big, max_bytes=1024) == "upload_archive_nested"


def test_the_file_input_offers_the_accepted_kinds():
    accept = accept_attribute().split(",")
    assert {".pdf", ".docx", ".xlsx", ".doc", ".xls", ".zip", ".jpg", ".jpeg"} <= set(accept)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(WORD) - 1), st.integers(0, 255)), min_size=1, max_size=12))
def test_any_corruption_of_a_compound_file_is_answered_without_error(changes):
    data = bytearray(WORD)
    for offset, value in changes:
        data[offset] = value
    assert sniff(bytes(data)) in (None, "doc", "xls")
