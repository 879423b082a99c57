"""Publish the rule-set versions the installed apps declare that this database lacks."""

from typing import Any

from django.core.management.base import BaseCommand

from khcn.site.services import rulesets_sync


class Command(BaseCommand):
    help = (
        "Publish every rule-set version the apps declare that the database does not have (run after migrate)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        added = rulesets_sync()
        for version in added:
            self.stdout.write(f"  {version.code} from {version.effective_from:%d/%m/%Y}")
        self.stdout.write(f"{len(added)} rule-set versions published.")
