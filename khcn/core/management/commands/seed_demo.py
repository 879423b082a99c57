"""Load the demo data (demo mode only) and print the demo logins. Idempotent."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from khcn.core.demo import load_demo
from khcn.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Load Cà Mau demo data and one demo account per role (KHCN_DEMO=1 only)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_demo()
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            "Demo data loaded." if result.created else "Demo data already present; nothing changed."
        )
        self.stdout.write("Demo logins (username / password — role):")
        for username, password, role in result.logins:
            self.stdout.write(f"  {username:<12} / {password} — {role}")
