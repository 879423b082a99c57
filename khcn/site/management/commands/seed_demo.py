"""Load the demo data (demo mode only) and print the demo logins. Idempotent."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from khcn.core.exceptions import DomainError
from khcn.site.services import demo_load


class Command(BaseCommand):
    help = (
        "Load every module's demo data not loaded yet, and print one demo login per role (KHCN_DEMO=1 only)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_load()
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if result.created:
            self.stdout.write(f"Demo data loaded: {', '.join(result.loaded)}.")
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write("Demo logins (username / password — role):")
        for username, password, role in result.logins:
            self.stdout.write(f"  {username:<12} / {password} — {role}")
