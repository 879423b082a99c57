"""``manage.py library_read_text [--pending] [--all] [--queue]``: read the text of library files
again (after installing Tesseract, for example)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from khcn.library.choices import TextStatus


class Command(BaseCommand):
    help = (
        "Read the text of the library's files for the search. --pending: the files not read yet "
        "(waiting, or scanned while OCR was not installed, or that failed); --all: every file. "
        "Reads here, one file after another, or with --queue hands them to the background workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--pending", action="store_true", help="Files waiting, not OCR'd or failed (default)."
        )
        which.add_argument("--all", action="store_true", help="Every file.")
        parser.add_argument("--queue", action="store_true", help="Enqueue background jobs instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        from khcn.library.models import RecordFile
        from khcn.library.tasks import read_file_text, read_text

        qs = RecordFile.objects.order_by("pk")
        if not options["all"]:
            qs = qs.filter(text_status__in=(TextStatus.PENDING, TextStatus.NO_OCR, TextStatus.FAILED))
        ids = list(qs.values_list("pk", flat=True))
        counts: dict[str, int] = {}
        for file_id in ids:
            if options["queue"]:
                read_text.enqueue(file_id)
                counts["queued"] = counts.get("queued", 0) + 1
                continue
            status = read_file_text(file_id) or "gone"
            counts[status] = counts.get(status, 0) + 1
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing to read"
        self.stdout.write(self.style.SUCCESS(f"{len(ids)} files. {summary}."))
