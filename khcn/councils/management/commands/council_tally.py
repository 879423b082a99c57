"""Print the tally of a council session described in a JSON file (``docs/councils.md``)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from khcn.core.exceptions import DomainError
from khcn.councils.rules import declared_rule_get
from khcn.councils.tally import session_from_data, tally_session


def _no_constant(name: str) -> str:
    # NaN, Infinity and -Infinity are not numbers in a score sheet: kept as text, refused.
    return name


class Command(BaseCommand):
    help = (
        "Tally a council session described in a JSON file and print the result as JSON "
        "(the same function as the web tally). Exits non-zero, with the reason, on invalid input "
        "or when the council has no quorum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the session, as JSON (docs/councils.md)")
        parser.add_argument(
            "--declared",
            action="store_true",
            help="use the rule sets declared in the code, not the database's published versions",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(
                path.read_text(encoding="utf-8"), parse_float=Decimal, parse_constant=_no_constant
            )
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error}
            ) from None
        except (UnicodeDecodeError, ValueError) as error:
            raise CommandError(
                _("%(file)s is not valid JSON: %(error)s") % {"file": path, "error": error}
            ) from None
        try:
            session = session_from_data(data)
            result = tally_session(session, lookup=declared_rule_get if options["declared"] else None)
        except DomainError as error:
            message = error.message
            if error.code == "rule_not_found":
                message = _(
                    "No rule set in force on that date (%(error)s); run manage.py rulesets_sync, "
                    "or use --declared."
                ) % {"error": error.message}
            raise CommandError(f"{error.code}: {message}") from None
        self.stdout.write(json.dumps(result.as_data(), ensure_ascii=False, indent=2))
        try:
            result.require_quorum()
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
