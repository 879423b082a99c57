"""``manage.py plan_parse FILE [--resolve] [--indent N]``: print the parse of a plan as JSON.

Reads a .txt, .docx or .pdf (the type is sniffed from the content), parses it and prints the
JSON of ``ParseResult.to_json()`` (UTF-8, not ASCII-escaped). Saves nothing. With
``--resolve``, each agency is looked up in the agency registry (as of the plan's date) when a
database is available. On a file that cannot be read as a plan, prints the reason and exits
with status 1.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from khcn.plans.parser import DEFAULT_MAX_BYTES, PlanParseError, Resolver, parse_text, read_source


def registry_resolver() -> Resolver | None:
    """A resolver on ``organization_resolve``, or None when there is no usable database."""
    from django.db import DatabaseError

    from khcn.organizations.selectors import organization_resolve

    try:
        organization_resolve("Sở Khoa học và Công nghệ")
    except DatabaseError:
        return None

    def resolve(name: str, as_of: dt.date | None) -> dict[str, Any] | None:
        result = organization_resolve(name, as_of=as_of)
        if not result.found or result.matched is None:
            return None
        return {
            "matched": {"id": result.matched.pk, "name": str(result.matched)},
            "current": [{"id": org.pk, "name": str(org)} for org in result.current],
            "candidates": [{"id": org.pk, "name": str(org)} for org in result.candidates],
            "exact": result.exact,
            "succeeded": result.succeeded,
            "ambiguous": result.ambiguous,
        }

    return resolve


class Command(BaseCommand):
    help = "Parse a plan (.txt, .docx, .pdf) and print the result as JSON. Saves nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The plan file (.txt, .docx or .pdf with a text layer).")
        parser.add_argument(
            "--resolve",
            action="store_true",
            help="Look each agency up in the agency registry (needs a database).",
        )
        parser.add_argument(
            "--indent", type=int, default=1, help="JSON indentation (default 1; 0 for one line)."
        )
        parser.add_argument(
            "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="Refuse larger files (default 20 MB)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with translation.override(settings.LANGUAGE_CODE):
            try:
                source = read_source(path, path.name, max_bytes=options["max_bytes"])
                resolver = None
                if options["resolve"]:
                    resolver = registry_resolver()
                    if resolver is None:
                        self.stderr.write("No database available: agencies are not resolved.")
                result = parse_text(source.text, resolver=resolver)
                result.warnings[:0] = source.notices  # how the file was read (OCR, legacy encoding)
            except PlanParseError as exc:
                english = _english(exc)
                message = exc.message if english == exc.message else f"{exc.message} ({english})"
                raise CommandError(f"{path.name}: {message} [{exc.code}]") from exc
        indent = options["indent"] or None
        self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=indent))


def _english(exc: PlanParseError) -> str:
    """The English message of the same error (the msgid), for logs and mixed audiences."""
    from khcn.plans.parser import errors

    factories = {
        "empty": errors.empty_error,
        "binary": errors.binary_error,
        "unsupported": errors.old_word_error,
        "bad_docx": errors.bad_docx_error,
        "bad_pdf": errors.bad_pdf_error,
        "encrypted_pdf": errors.encrypted_pdf_error,
        "no_text_layer": errors.no_text_layer_error,
        "no_structure": errors.no_structure_error,
    }
    factory = factories.get(exc.code)
    if factory is None:
        return exc.message
    with translation.override("en"):
        return factory().message
