"""Backup and restore of a whole instance: the database and every uploaded file, in one archive.

``backup_create()`` writes one ``khcn-backup-YYYYmmdd-HHMMSS.tar.gz`` holding

* ``database/khcn.sqlite3`` — an online, consistent copy made with SQLite's backup API (safe
  while the server runs: in WAL mode readers never block writers), or ``database/khcn.pgdump``
  — ``pg_dump --format=custom`` of the configured PostgreSQL database, taken in the same
  snapshot as the row counts (``pg_export_snapshot()`` + ``pg_dump --snapshot``);
* ``media/…`` — every file under ``MEDIA_ROOT``, copied after the database snapshot (a file
  uploaded meanwhile is at worst an unreferenced extra);
* ``manifest.json`` — when and by which KHCN version it was made, the database vendor, the
  latest applied migration of every app, the row count of every table, and the size and
  SHA-256 of every other member.

``restore()`` reads the whole archive into a staging directory and checks every member against
the manifest before it touches anything, refuses a database of the other vendor and a target
that already holds data (unless ``force``), then replaces the database (SQLite: a temporary
file renamed over the database file, stale ``-wal``/``-shm`` removed; PostgreSQL:
``pg_restore --clean --if-exists --no-owner --single-transaction``) and the uploaded files,
and finally compares every table's row count with the manifest.

Both take an ``Instance`` (a Django-style database settings dict and a media directory), so
that tests and tools can point them at another database than Django's default one. The
management commands ``backup`` and ``restore`` are thin wrappers. Passwords reach
``pg_dump``/``pg_restore`` through ``PGPASSWORD`` in their environment, never their command
line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = "khcn-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/khcn.sqlite3"
POSTGRES_MEMBER = "database/khcn.pgdump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024

# Tables that `migrate` fills by itself: rows there do not make a database "non-empty".
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})

# libpq connection keywords that may appear in DATABASES[...]["OPTIONS"], and the environment
# variable pg_dump / pg_restore read each one from.
LIBPQ_ENV = {
    "dbname": "PGDATABASE",
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "gssencmode": "PGGSSENCMODE",
    "channel_binding": "PGCHANNELBINDING",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


# --------------------------------------------------------------------------------------------------
# Where an instance keeps its data
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instance:
    """A database (a ``DATABASES``-style settings dict) and the directory of uploaded files.
    ``alias`` names the Django connection that uses this database, if any: it is closed before
    a restore and used directly to copy an in-memory SQLite database."""

    database: Mapping[str, Any]
    media_root: Path
    alias: str | None = None

    @classmethod
    def current(cls, alias: str = "default") -> Instance:
        return cls(
            database=dict(connections[alias].settings_dict),
            media_root=Path(settings.MEDIA_ROOT),
            alias=alias,
        )

    @property
    def vendor(self) -> str:
        return vendor_of(self.database)


def vendor_of(database: Mapping[str, Any]) -> str:
    engine = str(database.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL databases, not {engine or 'this engine'}.")


def _sqlite_name(database: Mapping[str, Any]) -> str:
    return str(database.get("NAME") or "")


def _sqlite_in_memory(name: str) -> bool:
    return name in ("", ":memory:") or "mode=memory" in name


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    skipped: list[str] = field(default_factory=list)  # files that vanished while being copied

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    removed_media: int = 0
    warnings: list[str] = field(default_factory=list)


def manifest_summary(manifest: dict[str, Any]) -> str:
    counts = manifest.get("row_counts", {})
    media = [f for f in manifest.get("files", []) if f["path"].startswith(MEDIA_PREFIX)]
    files = f"{len(media)} uploaded file{'' if len(media) == 1 else 's'}"
    return (
        f"{manifest['database']['vendor']} database: {len(counts)} tables, {sum(counts.values())} rows; "
        f"{files} ({_human(sum(f['size'] for f in media))})"
    )


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


# --------------------------------------------------------------------------------------------------
# Backup
# --------------------------------------------------------------------------------------------------


def backup_create(*, output: Path | str | None = None, instance: Instance | None = None) -> BackupResult:
    """Write one archive of the instance's database and uploaded files; return its path and
    manifest. ``output`` is a directory (a dated name is chosen in it) or a file name ending in
    ``.tar.gz``/``.tgz`` (compressed) or ``.tar``; by default ``var/backups/``."""
    instance = instance or Instance.current()
    vendor = instance.vendor
    created_at = timezone.localtime()
    target = _output_path(output, created_at)
    media_root = instance.media_root.resolve()
    if target.resolve().is_relative_to(media_root):
        raise BackupError(f"Write the backup outside the uploaded files directory ({media_root}).")
    target.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix=".khcn-backup-", dir=target.parent) as work:
        dump = Path(work) / "database"
        if vendor == "sqlite":
            member = SQLITE_MEMBER
            facts = _sqlite_dump(instance, dump)
        else:
            member = POSTGRES_MEMBER
            facts = _pg_dump(instance.database, dump)

        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at.isoformat(timespec="seconds"),
            "khcn": _version(),
            "database": {"vendor": vendor, "member": member, "server_version": facts["server_version"]},
            "migrations": facts["migrations"],
            "row_counts": facts["row_counts"],
            "files": [],
        }
        partial = Path(work) / "archive.partial"
        skipped: list[str] = []
        compressed = target.name.endswith((".gz", ".tgz"))
        with partial.open("wb") as raw:
            options: dict[str, Any] = {"compresslevel": 6} if compressed else {}
            with tarfile.open(fileobj=raw, mode="w:gz" if compressed else "w", **options) as tar:
                with dump.open("rb") as handle:
                    manifest["files"].append(_add(tar, member, handle, os.fstat(handle.fileno())))
                for path, name in _media_files(media_root):
                    try:
                        handle = path.open("rb")
                    except FileNotFoundError:  # removed since it was listed
                        skipped.append(name)
                        continue
                    with handle:
                        manifest["files"].append(_add(tar, name, handle, os.fstat(handle.fileno())))
                data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(created_at.timestamp()), 0o644
                tar.addfile(info, _BytesReader(data))
            raw.flush()
            os.fsync(raw.fileno())
        if target.exists():
            raise BackupError(f"{target} already exists; choose another name.")
        os.replace(partial, target)
        _fsync_dir(target.parent)
    return BackupResult(path=target, manifest=manifest, skipped=skipped)


def _output_path(output: Path | str | None, now: dt.datetime) -> Path:
    name = f"khcn-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    if output is None:
        directory = Path(settings.VAR_DIR) / "backups"
    else:
        path = Path(output)
        if path.name.endswith((".tar", ".tar.gz", ".tgz")) and not path.is_dir():
            if path.exists():
                raise BackupError(f"{path} already exists; choose another name.")
            return path
        if path.exists() and not path.is_dir():
            raise BackupError(f"{path} exists and is not a directory; choose another name.")
        if "." in path.name and not path.is_dir():
            raise BackupError(
                f"Name the backup file *.tar.gz or *.tar, or give a directory (got {path.name})."
            )
        directory = path
    target = directory / name
    counter = 1
    while target.exists():  # two backups in the same second
        target = directory / name.replace(".tar.gz", f"-{counter}.tar.gz")
        counter += 1
    return target


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    if not media_root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(media_root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_symlink() or not path.is_file():
                continue
            yield path, MEDIA_PREFIX + path.relative_to(media_root).as_posix()


class _HashingReader:
    """Reads a file for ``tarfile`` while computing its SHA-256 and size."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def _add(tar: tarfile.TarFile, name: str, handle: IO[bytes], stat: os.stat_result) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
    reader = _HashingReader(handle)
    tar.addfile(info, reader)
    return {"path": name, "size": reader.size, "sha256": reader.digest.hexdigest()}


def _version() -> dict[str, Any]:
    from importlib import metadata

    try:
        version: str | None = metadata.version("khcn")
    except metadata.PackageNotFoundError:
        version = None
    commit = None
    git = shutil.which("git")
    if git and (Path(settings.BASE_DIR) / ".git").exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(  # noqa: S603
                [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
            if done.returncode == 0:
                commit = done.stdout.strip() or None
    return {"version": version, "git_commit": commit}


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- SQLite ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def _sqlite_source(instance: Instance) -> Iterator[sqlite3.Connection]:
    """The database to copy: Django's own connection when the instance is Django's (it also
    reaches an in-memory test database), else a connection opened on the file."""
    name = _sqlite_name(instance.database)
    if instance.alias is not None:
        wrapper = connections[instance.alias]
        wrapper.ensure_connection()
        yield wrapper.connection
        return
    if _sqlite_in_memory(name) or not Path(name).is_file():
        raise BackupError(f"There is no SQLite database at {name or '(no name)'}.")
    source = sqlite3.connect(f"file:{name}?mode=ro", uri=True, timeout=20)
    try:
        yield source
    finally:
        source.close()


def _sqlite_dump(instance: Instance, path: Path) -> dict[str, Any]:
    """An online, consistent copy through SQLite's backup API (in one step: one read
    transaction, so one snapshot even while other processes write), then facts read from it."""
    with _sqlite_source(instance) as source:
        copy = sqlite3.connect(path)
        try:
            source.backup(copy)
        finally:
            copy.close()
    with _sqlite_open(path) as db:
        counts = _sqlite_counts(db)
        return {
            "server_version": sqlite3.sqlite_version,
            "row_counts": counts,
            "migrations": _migrations(db.execute) if "django_migrations" in counts else {},
        }


@contextlib.contextmanager
def _sqlite_open(path: Path | str) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(path, timeout=20)
    try:
        yield db
    finally:
        db.close()


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    return {
        name: db.execute(f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"').fetchone()[0]  # noqa: S608
        for name in _sqlite_tables(db)
    }


def _sqlite_has_data(db: sqlite3.Connection) -> list[str]:
    """Tables holding rows, leaving out Django's bookkeeping and full-text index internals."""
    virtual = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]
    found = []
    for name in _sqlite_tables(db):
        if name in BOOKKEEPING_TABLES or name in virtual or any(name.startswith(f"{v}_") for v in virtual):
            continue
        quoted = name.replace('"', '""')
        if db.execute(f'SELECT EXISTS (SELECT 1 FROM "{quoted}")').fetchone()[0]:  # noqa: S608
            found.append(name)
    return found


def _migrations(execute: Any) -> dict[str, str]:
    """The latest applied migration of every app (by the order they were applied)."""
    rows = execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    latest: dict[str, str] = {}
    for app, name in rows:
        latest[app] = name
    return dict(sorted(latest.items()))


# --- PostgreSQL -----------------------------------------------------------------------------------


def _pg_params(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq connection keywords from a Django settings dict."""
    params: dict[str, str] = {}
    for key, setting in (("dbname", "NAME"), ("host", "HOST"), ("port", "PORT"), ("user", "USER")):
        if database.get(setting):
            params[key] = str(database[setting])
    if database.get("PASSWORD"):
        params["password"] = str(database["PASSWORD"])
    for key, value in (database.get("OPTIONS") or {}).items():
        if key in LIBPQ_ENV and isinstance(value, str | int):
            params[key] = str(value)
    if "dbname" not in params and "service" not in params:
        raise BackupError("The PostgreSQL database has no NAME.")
    return params


def _pg_env(database: Mapping[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in _pg_params(database).items():
        env[LIBPQ_ENV[key]] = value
    return env


@contextlib.contextmanager
def _pg_connect(database: Mapping[str, Any], *, autocommit: bool = True) -> Iterator[Any]:
    import psycopg

    try:
        conn = psycopg.connect(**_pg_params(database), autocommit=autocommit)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        raise BackupError(f"Cannot connect to PostgreSQL database {database.get('NAME')}: {exc}") from exc
    try:
        yield conn
    finally:
        conn.close()


def _pg_tables(conn: Any) -> list[tuple[str, str, str]]:
    """(schema, table, key) of every ordinary or partitioned table outside the system schemas;
    ``key`` is the bare table name in ``public``, ``schema.table`` elsewhere."""
    rows = conn.execute(
        "SELECT schemaname, tablename FROM pg_catalog.pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
    ).fetchall()
    return [(s, t, t if s == "public" else f"{s}.{t}") for s, t in rows]


def _pg_counts(conn: Any) -> dict[str, int]:
    from psycopg import sql

    counts = {}
    for schema, table, key in _pg_tables(conn):
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
        counts[key] = conn.execute(query).fetchone()[0]
    return counts


def _pg_has_data(conn: Any) -> list[str]:
    from psycopg import sql

    found = []
    for schema, table, key in _pg_tables(conn):
        if key in BOOKKEEPING_TABLES:
            continue
        query = sql.SQL("SELECT EXISTS (SELECT 1 FROM {}.{})").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        if conn.execute(query).fetchone()[0]:
            found.append(key)
    return found


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found on PATH; install the PostgreSQL client (postgresql-client).")
    return path


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: " + " | ".join(detail[-5:]))


def _pg_dump(database: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """``pg_dump --format=custom`` in the snapshot the row counts are read in (a repeatable-read
    transaction exports it; pg_dump joins it with ``--snapshot``), so counts match the dump."""
    import psycopg

    pg_dump = _pg_tool("pg_dump")
    with _pg_connect(database, autocommit=False) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _pg_counts(conn)
        facts = {
            "server_version": conn.execute("SHOW server_version").fetchone()[0],
            "row_counts": counts,
            "migrations": _migrations(conn.execute) if "django_migrations" in counts else {},
        }
        _run(
            [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={path}"],
            _pg_env(database),
            "pg_dump",
        )
        conn.rollback()
    return facts


# --------------------------------------------------------------------------------------------------
# Reading and checking an archive
# --------------------------------------------------------------------------------------------------


def _member_name(info: tarfile.TarInfo) -> str:
    name = info.name
    parts = PurePosixPath(name).parts
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or any(part in ("..", ".", "") for part in parts)
        or not (name == MANIFEST or name.startswith(("database/", MEDIA_PREFIX)))
    ):
        raise BackupError(f"The archive holds an unexpected entry {name!r}; it is not a KHCN backup.")
    return name


def _read_archive(archive: Path, staging: Path | None) -> dict[str, Any]:
    """Read every member (into ``staging`` when given), check each against the manifest, and
    return the manifest. Raise ``BackupError`` on anything missing, extra, altered or unreadable."""
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    seen: dict[str, tuple[int, str]] = {}
    manifest_bytes: bytes | None = None
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for info in tar:
                if info.isdir():
                    continue
                name = _member_name(info)
                if not info.isfile():
                    raise BackupError(f"The archive entry {name!r} is not a regular file; refusing it.")
                if name in seen or (name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(f"The archive holds {name!r} twice; refusing it.")
                source = tar.extractfile(info)
                assert source is not None
                if name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                digest = hashlib.sha256()
                size = 0
                dest = None if staging is None else staging / name
                with contextlib.ExitStack() as stack:
                    out: IO[bytes] | None = None
                    if dest is not None:
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        out = stack.enter_context(dest.open("wb"))
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        if out is not None:
                            out.write(chunk)
                if dest is not None:
                    os.utime(dest, (info.mtime, info.mtime))
                seen[name] = (size, digest.hexdigest())
            # tarfile stops quietly at a damaged header; read to the end, so that the gzip
            # stream's own CRC and length are checked too.
            rest = getattr(tar, "fileobj", None)
            while rest is not None and rest.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(
            f"The archive {archive} is damaged or unreadable ({exc}); nothing was restored."
        ) from exc

    if manifest_bytes is None:
        raise BackupError(
            f"{archive} has no {MANIFEST}: it is damaged or not a KHCN backup; nothing was restored."
        )
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise BackupError(f"The manifest of {archive} is damaged ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a KHCN backup (its manifest is not one).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive} is a backup of format version {manifest.get('format_version')}; "
            f"this KHCN reads version {FORMAT_VERSION}."
        )
    listed: dict[str, dict[str, Any]] = {}
    try:
        for e in manifest["files"]:
            listed[str(e["path"])] = {"size": int(e["size"]), "sha256": str(e["sha256"])}
        well_formed = (
            isinstance(manifest["database"]["vendor"], str)
            and isinstance(manifest["database"]["member"], str)
            and all(isinstance(n, int) for n in manifest["row_counts"].values())
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        well_formed = False
    if not well_formed:
        raise BackupError(f"The manifest of {archive} is incomplete or damaged.")

    problems = []
    for name, entry in listed.items():
        if name not in seen:
            problems.append(f"{name}: missing from the archive")
        elif seen[name] != (entry["size"], entry["sha256"]):
            problems.append(
                f"{name}: checksum mismatch (manifest {entry['size']} bytes, sha256 {entry['sha256'][:12]}…; "
                f"archive {seen[name][0]} bytes, sha256 {seen[name][1][:12]}…)"
            )
    problems += [f"{name}: not listed in the manifest" for name in sorted(set(seen) - set(listed))]
    if manifest["database"]["member"] not in listed:
        problems.append(f"{manifest['database']['member']}: the database is missing")
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise BackupError(f"The archive {archive} is damaged or altered, nothing was restored: {shown}.")
    return manifest


def archive_check(archive: Path | str) -> dict[str, Any]:
    """Check every member of an archive against its manifest, changing nothing; return the manifest."""
    return _read_archive(Path(archive), None)


# --------------------------------------------------------------------------------------------------
# Restore
# --------------------------------------------------------------------------------------------------


def restore(archive: Path | str, *, instance: Instance | None = None, force: bool = False) -> RestoreResult:
    """Restore an archive into ``instance`` (by default Django's own database and MEDIA_ROOT).
    Stop the application and workers first. Every checksum is verified before anything changes;
    a target that already holds data is refused unless ``force`` (then its database is replaced
    and its uploaded files are replaced by the archive's)."""
    archive = Path(archive)
    instance = instance or Instance.current()
    vendor = instance.vendor
    media_root = instance.media_root
    media_root.parent.mkdir(parents=True, exist_ok=True)

    # Staged beside the media directory: on the same disk as the data, not in a small /tmp.
    with tempfile.TemporaryDirectory(prefix=".khcn-restore-", dir=media_root.parent) as work:
        staging = Path(work)
        manifest = _read_archive(archive, staging)
        source_vendor = manifest["database"]["vendor"]
        if source_vendor != vendor:
            raise BackupError(
                f"The archive holds a {source_vendor} database and this instance uses {vendor}; "
                "restoring across database vendors is not supported. Restore it into a "
                f"{source_vendor} instance (set DATABASE_URL accordingly)."
            )
        if not force:
            occupied = _target_occupied(instance)
            if occupied:
                raise BackupError(
                    "The target instance is not empty ("
                    + "; ".join(occupied)
                    + "). Restoring would replace it: run again with --force to do so."
                )
        if instance.alias is not None:
            connections[instance.alias].close()
        database = staging / manifest["database"]["member"]
        if vendor == "sqlite":
            _sqlite_restore(database, instance)
        else:
            _pg_restore(database, instance.database)
        media = [entry for entry in manifest["files"] if entry["path"].startswith(MEDIA_PREFIX)]
        removed = _media_restore(staging, media, media_root)

    counts = database_row_counts(instance)
    expected: dict[str, int] = manifest["row_counts"]
    wrong = [
        f"{table}: {counts.get(table, 'missing')} rows, expected {n}"
        for table, n in expected.items()
        if counts.get(table) != n
    ]
    if wrong:
        raise BackupError("The restored database does not match the backup: " + "; ".join(wrong[:10]) + ".")
    missing = [e["path"] for e in media if not _media_ok(media_root, e)]
    if missing:
        raise BackupError(
            "Uploaded files missing or wrong after the restore: " + ", ".join(missing[:10]) + "."
        )
    warnings = _migration_warnings(manifest.get("migrations", {}))
    extra = sorted(set(counts) - set(expected))
    if extra:
        warnings.append("Tables not in the backup were left in place: " + ", ".join(extra[:10]) + ".")
    return RestoreResult(
        manifest=manifest,
        tables=len(expected),
        rows=sum(expected.values()),
        media_files=len(media),
        media_bytes=sum(e["size"] for e in media),
        removed_media=removed,
        warnings=warnings,
    )


def database_row_counts(instance: Instance) -> dict[str, int]:
    """The row count of every table of the instance's database."""
    if instance.vendor == "sqlite":
        with _sqlite_target(instance) as db:
            return _sqlite_counts(db) if db is not None else {}
    with _pg_connect(instance.database) as conn:
        return _pg_counts(conn)


@contextlib.contextmanager
def _sqlite_target(instance: Instance) -> Iterator[sqlite3.Connection | None]:
    """The instance's SQLite database (Django's connection for an in-memory one), or None
    when there is no database file yet."""
    name = _sqlite_name(instance.database)
    if _sqlite_in_memory(name):
        if instance.alias is None:
            raise BackupError("An in-memory SQLite database can only be reached through Django's connection.")
        wrapper = connections[instance.alias]
        wrapper.ensure_connection()
        yield wrapper.connection
    elif Path(name).is_file() and Path(name).stat().st_size > 0:
        with _sqlite_open(name) as db:
            yield db
    else:
        yield None


def _target_occupied(instance: Instance) -> list[str]:
    """What makes the target non-empty: tables with rows, uploaded files."""
    found: list[str] = []
    if instance.vendor == "sqlite":
        with _sqlite_target(instance) as db:
            tables = _sqlite_has_data(db) if db is not None else []
    else:
        with _pg_connect(instance.database) as conn:
            tables = _pg_has_data(conn)
    if tables:
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        found.append(f"the database has data in {len(tables)} tables: {shown}")
    files = sum(1 for _ in _media_files(instance.media_root))
    if files:
        found.append(f"{instance.media_root} holds {files} files")
    return found


def _sqlite_restore(staged: Path, instance: Instance) -> None:
    name = _sqlite_name(instance.database)
    if _sqlite_in_memory(name):
        raise BackupError("Cannot restore into an in-memory SQLite database; name a database file.")
    with _sqlite_open(staged) as db:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"The database in the archive fails SQLite's check: {verdict}.")
    target = Path(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.restore-", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out, staged.open("rb") as source:
            shutil.copyfileobj(source, out, CHUNK)
            out.flush()
            os.fsync(out.fileno())
        # A stale write-ahead log would be replayed onto the new file: remove it first.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temp, target)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        _fsync_dir(target.parent)
    finally:
        temp.unlink(missing_ok=True)


def _pg_restore(staged: Path, database: Mapping[str, Any]) -> None:
    pg_restore = _pg_tool("pg_restore")
    name = _pg_params(database).get("dbname", "")
    if not name:
        raise BackupError("Name the PostgreSQL database to restore into (NAME / DATABASE_URL).")
    env = _pg_env(database)
    # A session still using the tables (the application left running) makes the restore fail
    # after a minute, whole (one transaction), instead of waiting for ever.
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout=60s".strip()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={name}",
            str(staged),
        ],
        env,
        "pg_restore",
    )


def _media_restore(staging: Path, media: list[dict[str, Any]], media_root: Path) -> int:
    """Replace the uploaded files with the archive's: remove the files the archive does not
    hold, then move each staged file in (through a temporary name, renamed into place)."""
    keep = {entry["path"][len(MEDIA_PREFIX) :] for entry in media}
    media_root.mkdir(parents=True, exist_ok=True)
    removed = 0
    for path, name in list(_media_files(media_root)):
        if name[len(MEDIA_PREFIX) :] not in keep:
            path.unlink(missing_ok=True)
            removed += 1
    for entry in media:
        relative = entry["path"][len(MEDIA_PREFIX) :]
        source = staging / entry["path"]
        dest = media_root / relative
        dest.parent.mkdir(parents=True, exist_ok=True)
        temp = dest.with_name(f".{dest.name}.restore")
        shutil.move(source, temp)
        os.replace(temp, dest)
    return removed


def _media_ok(media_root: Path, entry: dict[str, Any]) -> bool:
    path = media_root / entry["path"][len(MEDIA_PREFIX) :]
    return path.is_file() and path.stat().st_size == entry["size"]


def _migration_warnings(archived: dict[str, str]) -> list[str]:
    """Tell the operator when the code and the restored database disagree on migrations."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    on_disk = set(loader.disk_migrations)
    unknown = [f"{app}.{name}" for app, name in archived.items() if (app, name) not in on_disk]
    warnings = []
    if unknown:
        warnings.append(
            "The backup was made by a newer KHCN (migrations unknown here: "
            + ", ".join(unknown[:5])
            + "); upgrade the code before using this database."
        )
    newer = [
        f"{app}.{name}"
        for app, name in loader.graph.leaf_nodes()
        if app in archived and archived[app] != name and (app, archived[app]) in on_disk
    ]
    if newer:
        warnings.append("The code has migrations the backup lacks: run `manage.py migrate`.")
    return warnings
