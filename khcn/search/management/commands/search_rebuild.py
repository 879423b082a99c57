"""``manage.py search_rebuild [--model app_label.model ...]``: re-index from scratch."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from khcn.search import registry
from khcn.search.services import BATCH_SIZE, rebuild


class Command(BaseCommand):
    help = "Rebuild the search index for every registered model, or for the models given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--model",
            action="append",
            dest="models",
            metavar="APP_LABEL.MODEL",
            help="Only this model (repeatable), e.g. organizations.organization.",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Objects per transaction.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        models = None
        if options["models"]:
            models = []
            for label in options["models"]:
                try:
                    model = apps.get_model(label)
                except (LookupError, ValueError) as exc:
                    raise CommandError(f"Unknown model {label!r}; use app_label.model.") from exc
                if not registry.is_registered(model):
                    known = ", ".join(reg.model_label for reg in registry.registrations())
                    raise CommandError(f"{label} is not registered for search (registered: {known}).")
                models.append(model)
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        progress = not options["no_progress"] and options["verbosity"] > 0
        counts = rebuild(
            models, progress=progress, batch_size=options["batch_size"], stream=cast(TextIO, self.stderr._out)
        )
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} indexed")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {sum(counts.values())} objects."))
