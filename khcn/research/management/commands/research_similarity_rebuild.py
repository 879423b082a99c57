"""``manage.py research_similarity_rebuild [--enqueue]``: rebuild the index of the duplication
check (the past and ongoing tasks) now, in this process, and keep it in the cache; or, with
``--enqueue``, ask the background workers to."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Rebuild the index of the duplication check over the past and ongoing S&T tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="hand the rebuild to the background workers instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from khcn.research.duplication import index_build, similarity_refresh

        if options["enqueue"]:
            similarity_refresh()
            self.stdout.write("Rebuild of the similarity index enqueued.")
            return
        built = index_build()
        self.stdout.write(f"Similarity index: {len(built.index)} tasks indexed in {built.seconds:.1f} s.")
