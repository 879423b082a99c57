"""``manage.py backup`` / ``restore``: an archive restored into an empty instance gives back every
record and every uploaded file (same SHA-256); a damaged or altered archive, a non-empty target
and a database of the other vendor are refused with a clear message and nothing changed.

The restore target is an empty instance of the test database's own vendor: a fresh SQLite file
and media directory, or a scratch PostgreSQL database created for the test and dropped after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sqlite3
import tarfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.core import backup
from khcn.core.backup import BackupError, Instance
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.plans import services as plan_services
from khcn.plans.models import Assignment, PlanItem, ReportAttachment
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, period_open
from khcn.site.services import ruleset_publish

# The tests on Django's database are transactional: pg_dump and a second connection only see
# committed data. The others use a small SQLite file of their own and no Django database.
django_db = pytest.mark.django_db(transaction=True)

POSTGRES = connection.vendor == "postgresql"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


# --------------------------------------------------------------------------------------------------
# Data, through the real services
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def data(media, make_user) -> dict[str, Any]:
    admin = make_user(Role.SYSADMIN)
    org_services.organization_create(
        actor=admin, name="Ủy ban nhân dân tỉnh Cà Mau", kind=K.PROVINCIAL_COMMITTEE
    )
    dost = org_services.organization_create(actor=admin, name="Sở Khoa học và Công nghệ", kind=K.DEPARTMENT)
    health = org_services.organization_create(actor=admin, name="Sở Y tế", kind=K.DEPARTMENT)
    org_services.organization_create(actor=admin, name="Sở Nội vụ", kind=K.DEPARTMENT)
    ruleset_publish(
        actor=admin,
        code="plans.reporting",
        title="Kỳ báo cáo",
        effective_from=dt.date(2019, 1, 1),
        parameters={"annual": {"start": "15/12", "end": "14/12", "submit_within_days": 5}},
    )
    specialist = make_user(Role.DOST_SPECIALIST, organization=dost)
    plan = plan_services.plan_import(actor=specialist, draft=ImportDraft.from_parse(PARSE), source_text="…")
    period = period_open(specialist, plan, name="Đợt kiểm tra")
    reporter = make_user(Role.AGENCY_REPORTER, organization=health)
    report = plan_services.report_start(actor=reporter, period=period, organization=health)
    for content, name in ((PDF, "Biên bản nghiệm thu.pdf"), (PNG, "Ảnh hiện trường.png")):
        plan_services.attachment_add(
            actor=reporter,
            report=report,
            file=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
            description=name,
        )
    assert ReportAttachment.objects.count() == 2 and Assignment.objects.exists()
    return {"plan": plan, "report": report}


@pytest.fixture
def target(tmp_path) -> Any:
    """An empty instance of the test database's vendor, with its own media directory."""
    media_root = tmp_path / "restored-media"
    if not POSTGRES:
        yield Instance(
            database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")},
            media_root=media_root,
        )
        return
    import psycopg

    params = backup._pg_params(connection.settings_dict)
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield Instance(database={**connection.settings_dict, "NAME": name}, media_root=media_root)
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --------------------------------------------------------------------------------------------------
# Reading both sides independently of the module under test
# --------------------------------------------------------------------------------------------------


def _tables_sql(vendor: str) -> str:
    if vendor == "sqlite":
        return (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    return "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"


def _contents(cursor: Any, vendor: str) -> dict[str, list[str]]:
    """Every row of every table, as sorted reprs."""
    cursor.execute(_tables_sql(vendor))
    tables = [row[0] for row in cursor.fetchall()]
    out = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        out[table] = sorted(repr(tuple(row)) for row in cursor.fetchall())
    return out


def _source_contents() -> dict[str, list[str]]:
    """Django's test database, read raw (without Django's type adapters), like the target: on
    SQLite through a second connection to the same (shared-cache, in-memory) database."""
    if connection.vendor == "sqlite":
        db = sqlite3.connect(connection.settings_dict["NAME"], uri=True)
        try:
            return _contents(db.cursor(), "sqlite")
        finally:
            db.close()
    return _target_contents(Instance(database=connection.settings_dict, media_root=Path()))


def _target_contents(instance: Instance) -> dict[str, list[str]]:
    if instance.vendor == "sqlite":
        db = sqlite3.connect(instance.database["NAME"])
        try:
            return _contents(db.cursor(), "sqlite")
        finally:
            db.close()
    import psycopg

    with psycopg.connect(**backup._pg_params(instance.database)) as conn, conn.cursor() as cursor:
        return _contents(cursor, "postgresql")


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _rewrite(archive: Path, out: Path, change: Any) -> Path:
    """Copy an archive member by member, passing each (name, bytes) through ``change``."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for info in src:
            content = src.extractfile(info).read()
            content = change(info.name, content)
            info.size = len(content)
            dst.addfile(info, io.BytesIO(content))
    return out


# --------------------------------------------------------------------------------------------------
# The round trip
# --------------------------------------------------------------------------------------------------


@django_db
def test_restore_into_an_empty_instance_gives_back_every_record_and_file(data, media, target, tmp_path):
    result = backup.backup_create(output=tmp_path / "backups")
    assert result.path.parent == tmp_path / "backups"
    assert result.path.name.startswith("khcn-backup-") and result.path.name.endswith(".tar.gz")
    manifest = result.manifest
    assert manifest["database"]["vendor"] == connection.vendor
    from django.db.migrations.loader import MigrationLoader

    leaves = dict(MigrationLoader(connection).graph.leaf_nodes())
    assert manifest["migrations"]["plans"] == leaves["plans"]
    assert manifest["migrations"]["accounts"] == leaves["accounts"]
    assert manifest["khcn"]["version"] and manifest["created_at"]
    assert manifest["row_counts"]["plans_reportattachment"] == 2
    assert manifest["row_counts"]["accounts_user"] == User.objects.count()
    assert manifest["row_counts"]["plans_planitem"] == PlanItem.objects.count() > 0

    # The manifest lists every member with its size and SHA-256, and the archive holds just those.
    with tarfile.open(result.path) as tar:
        members = {i.name: tar.extractfile(i).read() for i in tar if i.isfile()}
    assert json.loads(members.pop("manifest.json")) == manifest
    assert {f["path"]: (f["size"], f["sha256"]) for f in manifest["files"]} == {
        name: (len(content), hashlib.sha256(content).hexdigest()) for name, content in members.items()
    }
    originals = _files(media)
    assert len(originals) == 2
    assert {f"media/{name}" for name in originals} | {manifest["database"]["member"]} == set(members)
    if POSTGRES:
        assert members["database/khcn.pgdump"].startswith(b"PGDMP")  # pg_dump's custom format
    else:
        assert members["database/khcn.sqlite3"].startswith(b"SQLite format 3\x00")

    restored = backup.restore(result.path, instance=target)

    assert restored.tables == len(manifest["row_counts"]) and restored.media_files == 2
    assert backup.database_row_counts(target) == manifest["row_counts"]
    # Every record: every row of every table is identical.
    source, copy = _source_contents(), _target_contents(target)
    assert len(source["plans_reportattachment"]) == 2 and len(source["accounts_user"]) == User.objects.count()
    assert set(copy) == set(source)
    for table, rows in source.items():
        assert copy[table] == rows, table
    # Every file, byte for byte, and each attachment's recorded checksum matches its restored file.
    assert _files(target.media_root) == originals
    for attachment in ReportAttachment.objects.all():
        restored_file = target.media_root / attachment.file.name
        assert hashlib.sha256(restored_file.read_bytes()).hexdigest() == attachment.sha256

    # The target now holds data: a second restore is refused unless forced, and changes nothing.
    stray = target.media_root / "stray.txt"
    stray.write_text("not in the backup")
    with pytest.raises(BackupError) as exc:
        backup.restore(result.path, instance=target)
    assert "not empty" in str(exc.value) and "--force" in str(exc.value)
    assert "accounts_user" in str(exc.value) and "holds 3 files" in str(exc.value)
    assert stray.exists()
    forced = backup.restore(result.path, instance=target, force=True)
    assert forced.removed_media == 1 and not stray.exists()
    assert _files(target.media_root) == originals
    assert backup.database_row_counts(target) == manifest["row_counts"]


@django_db
@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL only: run with DATABASE_URL=postgres://… (the CI does)")
def test_postgres_dump_restores_into_a_scratch_database_with_the_same_row_counts(data, target, tmp_path):
    import psycopg
    from psycopg import sql

    result = backup.backup_create(output=tmp_path)
    backup.restore(result.path, instance=target)

    def counts(database: Any) -> dict[str, int]:
        with psycopg.connect(**backup._pg_params(database)) as conn:
            tables = [r[0] for r in conn.execute(_tables_sql("postgresql")).fetchall()]
            return {
                t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
                for t in tables
            }

    def indexes(database: Any) -> set[str]:
        with psycopg.connect(**backup._pg_params(database)) as conn:
            return {
                r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
            }

    source = counts(connection.settings_dict)
    assert source["plans_planitem"] > 0 and source["audit_auditevent"] > 0
    assert counts(target.database) == source == result.manifest["row_counts"]
    # The schema came back too: the search's hand-written GIN index over its generated column.
    assert "search_entry_document_gin" in indexes(target.database)
    assert indexes(target.database) == indexes(connection.settings_dict)


@django_db
def test_the_commands_back_up_the_running_instance_and_refuse_to_overwrite_it(data, tmp_path, capsys):
    call_command("backup", output=str(tmp_path))
    out = capsys.readouterr().out
    archive = next(tmp_path.glob("khcn-backup-*.tar.gz"))
    assert str(archive) in out and "2 uploaded files" in out and "Backup written" in out

    call_command("restore", str(archive), check=True)
    assert "Archive intact" in capsys.readouterr().out

    with pytest.raises(CommandError, match=r"not empty.*--force"):
        call_command("restore", str(archive))
    assert ReportAttachment.objects.count() == 2


# --------------------------------------------------------------------------------------------------
# Without Django's database: a small SQLite instance of our own
# --------------------------------------------------------------------------------------------------


def _small_instance(root: Path) -> Instance:
    """A WAL SQLite file with two tables and a media directory with three files."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "small.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)")
    db.executemany("INSERT INTO note (body) VALUES (?)", [("một",), ("hai",)])
    db.executemany(
        "INSERT INTO django_migrations (app, name) VALUES (?, ?)",
        [("plans", "0001_initial"), ("plans", "0002_annual_report")],
    )
    db.commit()
    db.close()
    media = root / "media"
    (media / "plans" / "reports" / "1").mkdir(parents=True)
    (media / "plans" / "reports" / "1" / "a.pdf").write_bytes(PDF)
    (media / "plans" / "reports" / "1" / "Ảnh hiện trường.png").write_bytes(PNG)
    (media / "top.txt").write_bytes(b"")
    return Instance(database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}, media_root=media)


def _empty_instance(root: Path) -> Instance:
    return Instance(
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(root / "db.sqlite3")},
        media_root=root / "media",
    )


def test_a_damaged_or_altered_archive_is_refused_and_changes_nothing(tmp_path):
    source = _small_instance(tmp_path / "source")
    archive = backup.backup_create(output=tmp_path / "ok.tar.gz", instance=source).path
    assert backup.archive_check(archive)["migrations"] == {"plans": "0002_annual_report"}
    pdf_name = "media/plans/reports/1/a.pdf"
    target = _empty_instance(tmp_path / "target")

    def refuses(path: Path, *fragments: str) -> None:
        with pytest.raises(BackupError) as exc:
            backup.restore(path, instance=target)
        for fragment in fragments:
            assert fragment in str(exc.value)
        assert "nothing was restored" in str(exc.value)
        with pytest.raises(BackupError):
            backup.archive_check(path)
        assert not Path(target.database["NAME"]).exists()
        assert not target.media_root.exists() or not _files(target.media_root)

    # One uploaded file altered (same size), the manifest left as it was.
    altered = _rewrite(
        archive,
        tmp_path / "altered.tar.gz",
        lambda n, c: c.replace(b"Catalog", b"Katalog") if n == pdf_name else c,
    )
    refuses(altered, pdf_name, "checksum mismatch")
    # The database altered.
    refuses(
        _rewrite(archive, tmp_path / "db.tar.gz", lambda n, c: c.replace("một".encode(), "bốn".encode())),
        "database/khcn.sqlite3: checksum mismatch",
    )
    # A file dropped, and a file slipped in.
    dropped = tmp_path / "dropped.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(dropped, "w:gz") as dst:
        for info in src:
            if info.name != pdf_name:
                dst.addfile(info, src.extractfile(info))
        extra = tarfile.TarInfo("media/extra.pdf")
        extra.size = len(PDF)
        dst.addfile(extra, io.BytesIO(PDF))
    refuses(dropped, f"{pdf_name}: missing", "media/extra.pdf: not listed")
    # The compressed stream cut short, and bytes flipped inside it.
    data = archive.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    refuses(truncated, "damaged")
    flipped = tmp_path / "flipped.tar.gz"
    middle = len(data) // 2
    flipped.write_bytes(
        data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 16]) + data[middle + 16 :]
    )
    refuses(flipped, "damaged")
    # A path escaping the media directory.
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as dst:
        info = tarfile.TarInfo("media/../../escape.txt")
        info.size = 1
        dst.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(BackupError, match="unexpected entry"):
        backup.restore(evil, instance=target)
    assert not (tmp_path / "escape.txt").exists()
    # The command says so and fails (a non-zero exit status from the shell).
    with pytest.raises(CommandError, match="checksum mismatch"):
        call_command("restore", str(altered), check=True)

    # The intact archive still restores, whole.
    result = backup.restore(archive, instance=target)
    assert result.media_files == 3 and result.rows == 4
    assert _files(target.media_root) == _files(source.media_root)
    assert backup.database_row_counts(target) == {"note": 2, "django_migrations": 2}


def test_a_backup_of_the_other_vendor_is_refused(tmp_path):
    archive = backup.backup_create(output=tmp_path, instance=_small_instance(tmp_path / "source")).path
    postgres = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "nowhere",
        "HOST": "127.0.0.1",
        "PORT": "1",
    }
    with pytest.raises(BackupError, match="across database vendors"):
        backup.restore(archive, instance=Instance(database=postgres, media_root=tmp_path / "m"))


def test_sqlite_backup_is_online_and_consistent_while_another_process_writes(tmp_path):
    """A WAL database with an open write transaction elsewhere: the backup does not wait for it
    and holds only committed rows."""
    instance = _small_instance(tmp_path / "live")
    writer = sqlite3.connect(instance.database["NAME"], isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO note (body) VALUES ('chưa ghi')")
    try:
        result = backup.backup_create(output=tmp_path / "out.tar", instance=instance)
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert result.manifest["row_counts"] == {"note": 2, "django_migrations": 2}
    with tarfile.open(result.path, "r:") as tar:  # an uncompressed .tar when asked for one
        assert "database/khcn.sqlite3" in tar.getnames() and "manifest.json" in tar.getnames()


def test_output_names_are_checked(tmp_path):
    instance = _small_instance(tmp_path / "source")
    with pytest.raises(BackupError, match=r"\.tar\.gz"):
        backup.backup_create(output=tmp_path / "backup.zip", instance=instance)
    with pytest.raises(BackupError, match="outside the uploaded files"):
        backup.backup_create(output=instance.media_root / "b.tar.gz", instance=instance)
    first = backup.backup_create(output=tmp_path / "b.tar.gz", instance=instance).path
    with pytest.raises(BackupError, match="already exists"):
        backup.backup_create(output=first, instance=instance)
    # A directory, new or existing, gets a dated name; two in the same second do not collide.
    one = backup.backup_create(output=tmp_path / "daily", instance=instance).path
    two = backup.backup_create(output=tmp_path / "daily", instance=instance).path
    assert one != two and one.parent == two.parent == tmp_path / "daily"
