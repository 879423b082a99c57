"""The Vietnamese catalogue is complete: every string the code and templates use has a
non-empty, non-fuzzy Vietnamese translation with matching placeholders, and the committed
.mo file matches the .po file."""

from django.conf import settings

from khcn.core.i18n import (
    catalogue_path,
    catalogue_problems,
    extract_messages,
    format_problems,
    project_roots,
)


def test_vietnamese_catalogue_is_complete():
    base = settings.BASE_DIR
    messages = extract_messages(project_roots(base), base_dir=base)
    assert len(messages) > 300  # the extractor really found the project's strings
    assert messages.problems == [], format_problems(
        messages.problems, title="Strings that cannot be translated:"
    )
    problems = catalogue_problems(catalogue_path(base / "locale", "vi"), messages)
    assert problems == [], format_problems(
        problems, title="Vietnamese catalogue problems (manage.py messages_update):"
    )


def test_english_catalogue_is_in_step():
    base = settings.BASE_DIR
    messages = extract_messages(project_roots(base), base_dir=base)
    problems = catalogue_problems(catalogue_path(base / "locale", "en"), messages, require_translations=False)
    assert problems == [], format_problems(problems)
