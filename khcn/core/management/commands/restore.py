"""``manage.py restore ARCHIVE [--force] [--check]``: put a backup back, checked end to end."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khcn.core.backup import BackupError, archive_check, manifest_summary, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup`: verify every checksum, refuse a "
        "non-empty target unless --force, restore the database and uploaded files, then compare "
        "every table's row count with the manifest. Stop the application and workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The backup archive (.tar.gz or .tar).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data, and its uploaded files.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify the archive's checksums; change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                manifest = archive_check(options["archive"])
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Archive intact (made {manifest['created_at']}): {manifest_summary(manifest)}."
                    )
                )
                return
            result = restore(options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if result.removed_media:
            self.stdout.write(f"Removed {result.removed_media} uploaded files the backup did not hold.")
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup made {result.manifest['created_at']}: {result.tables} tables, "
                f"{result.rows} rows (row counts verified), {result.media_files} uploaded file(s) "
                f"({result.media_bytes:,} bytes)."
            )
        )
