"""``manage.py messages_update``: extract, merge and compile the KHCN catalogues in pure Python.

Replaces ``makemessages`` + ``compilemessages`` (GNU gettext is not installed). See
``docs/translations.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.pofile import PoFileError
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from khcn.core.i18n import (
    catalogue_path,
    catalogue_problems,
    catalogue_stats,
    compile_catalogue,
    extract_messages,
    format_problems,
    project_roots,
    update_catalogue,
)

# The language every string must be translated into; the others may leave msgstr empty.
REQUIRED_LANGUAGE = "vi"


class Command(BaseCommand):
    help = (
        "Extract translatable strings from khcn/, config/ and templates/, update "
        "locale/<lang>/LC_MESSAGES/django.po for every language in settings.LANGUAGES and "
        "compile the .mo files. --check only reports problems (for CI)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; list missing, untranslated, fuzzy or malformed translations and "
            "stale .mo files, and exit with status 1 if there are any.",
        )
        mode.add_argument(
            "--compile-only",
            action="store_true",
            help="Only compile the existing .po files to .mo (no extraction).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=200,
            help="With --check, show at most this many problems per catalogue (default 200).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base_dir = Path(settings.BASE_DIR)
        locale_dir = Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _name in settings.LANGUAGES]

        if options["compile_only"]:
            self._compile(locale_dir, languages, base_dir)
            return

        messages = extract_messages(project_roots(base_dir), base_dir=base_dir)
        self.stdout.write(f"Extracted {len(messages)} messages from {messages.files} files.")

        if options["check"]:
            self._check(locale_dir, languages, messages, base_dir, options["limit"])
            return

        for problem in messages.problems:
            self.stderr.write(self.style.WARNING(f"warning: {problem}"))
        for language in languages:
            po_path = catalogue_path(locale_dir, language)
            try:
                stats = update_catalogue(po_path, messages, language=language)
            except PoFileError as exc:
                raise CommandError(f"{_rel(po_path, base_dir)} cannot be read: {exc}") from exc
            mo_path = compile_catalogue(po_path)
            summary = (
                f"{language}: {stats.total} messages, {stats.translated} translated, "
                f"{stats.untranslated} untranslated, {stats.fuzzy} fuzzy"
            )
            if stats.added or stats.obsoleted:
                summary += f" ({stats.added} new, {stats.obsoleted} made obsolete)"
            verb = "updated" if stats.changed else "unchanged"
            self.stdout.write(f"{summary} — {_rel(po_path, base_dir)} {verb}, {_rel(mo_path, base_dir)}")
            if language == REQUIRED_LANGUAGE and (stats.untranslated or stats.fuzzy):
                self.stdout.write(
                    self.style.WARNING(
                        f"{stats.untranslated + stats.fuzzy} Vietnamese strings need a translator: edit "
                        f"{_rel(po_path, base_dir)}, then run this command again."
                    )
                )

    def _compile(self, locale_dir: Path, languages: list[str], base_dir: Path) -> None:
        for language in languages:
            po_path = catalogue_path(locale_dir, language)
            if not po_path.exists():
                raise CommandError(f"{_rel(po_path, base_dir)} does not exist; run messages_update first.")
            try:
                mo_path = compile_catalogue(po_path)
            except PoFileError as exc:
                raise CommandError(f"{_rel(po_path, base_dir)} cannot be read: {exc}") from exc
            stats = catalogue_stats(po_path)
            where = _rel(mo_path, base_dir)
            self.stdout.write(f"{language}: compiled {stats.translated} of {stats.total} messages to {where}")

    def _check(
        self, locale_dir: Path, languages: list[str], messages: Any, base_dir: Path, limit: int
    ) -> None:
        total = 0
        for index, language in enumerate(languages):
            po_path = catalogue_path(locale_dir, language)
            problems = catalogue_problems(
                po_path,
                messages,
                require_translations=language == REQUIRED_LANGUAGE,
                include_extraction_problems=index == 0,
            )
            total += len(problems)
            if problems:
                title = f"{_rel(po_path, base_dir)}: {len(problems)} problem(s)"
                self.stdout.write(format_problems(problems, limit=limit, title=title))
            else:
                self.stdout.write(f"{_rel(po_path, base_dir)}: OK")
        if total:
            raise CommandError(
                f"{total} translation problem(s). Run `manage.py messages_update`, translate the "
                "Vietnamese catalogue and run it again."
            )


def _rel(path: Path, base_dir: Path) -> str:
    try:
        return path.relative_to(base_dir).as_posix()
    except ValueError:
        return str(path)
