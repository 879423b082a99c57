"""``manage.py backup [--output DIR_OR_FILE]``: one archive of the database and uploaded files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khcn.core.backup import BackupError, backup_create, manifest_summary


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) holding a consistent copy of the database (SQLite backup API "
        "or pg_dump), every uploaded file, and a manifest with row counts and SHA-256 checksums. "
        "Safe while the application runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            metavar="DIR_OR_FILE",
            help="A directory (a dated file name is chosen) or a file ending in .tar.gz or .tar; "
            "default var/backups/.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(output=options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in result.skipped:
            self.stderr.write(f"Skipped {name}: removed while the backup ran.")
        self.stdout.write(str(result.path))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written ({result.size:,} bytes): {manifest_summary(result.manifest)}."
            )
        )
