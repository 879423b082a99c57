"""The project's catalogues are complete: every string in the code has a Vietnamese translation.

Fails on any msgid missing from ``locale/vi/LC_MESSAGES/django.po``, any empty or fuzzy
Vietnamese translation, any placeholder mismatch, any gettext call on an f-string or a string
formatted before translation, and a ``.mo`` not compiled from the current ``.po``. Fix with
``manage.py messages_update``, translate, run it again (see ``docs/translations.md``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from khcn.core.i18n import (
    ExtractedMessages,
    catalogue_path,
    catalogue_problems,
    extract_messages,
    format_problems,
    project_roots,
)

HINT = (
    "Run `.venv/bin/python manage.py messages_update`, translate the entries in {po}, then run it "
    "again to compile the .mo (see docs/translations.md)."
)


@pytest.fixture(scope="module")
def project_messages() -> ExtractedMessages:
    base_dir = Path(settings.BASE_DIR)
    return extract_messages(project_roots(base_dir), base_dir=base_dir)


def _locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def test_extractor_finds_the_project_strings(project_messages: ExtractedMessages) -> None:
    # A guard against an extractor that silently finds nothing (the project has hundreds).
    assert len(project_messages) > 300


def test_vietnamese_catalogue_is_complete(project_messages: ExtractedMessages) -> None:
    po_path = catalogue_path(_locale_dir(), "vi")
    problems = catalogue_problems(po_path, project_messages)
    if problems:
        relative = po_path.relative_to(Path(settings.BASE_DIR)).as_posix()
        title = f"{relative}: {len(problems)} problem(s), the first 50:"
        pytest.fail(
            f"{format_problems(problems, limit=50, title=title)}\n{HINT.format(po=relative)}", pytrace=False
        )


def test_english_catalogue_is_up_to_date(project_messages: ExtractedMessages) -> None:
    # English msgstr may stay empty (Django falls back to the msgid), but the catalogue must
    # list every msgid, carry no broken placeholders and be compiled.
    po_path = catalogue_path(_locale_dir(), "en")
    problems = catalogue_problems(
        po_path, project_messages, require_translations=False, include_extraction_problems=False
    )
    if problems:
        relative = po_path.relative_to(Path(settings.BASE_DIR)).as_posix()
        title = f"{relative}: {len(problems)} problem(s), the first 50:"
        pytest.fail(
            f"{format_problems(problems, limit=50, title=title)}\n{HINT.format(po=relative)}", pytrace=False
        )
