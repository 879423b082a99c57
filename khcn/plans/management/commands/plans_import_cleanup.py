"""Delete the plan imports nobody has touched for a week (drafts never confirmed nor
cancelled, imports that could not be read), with their uploaded files. Run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from khcn.plans.services.imports import KEEP_FOR, plan_imports_cleanup


class Command(BaseCommand):
    help = "Delete plan imports (drafts waiting for review) untouched for 7 days."

    def handle(self, *args: Any, **options: Any) -> None:
        count = plan_imports_cleanup()
        self.stdout.write(f"{count} plan import(s) older than {KEEP_FOR.days} days deleted.")
