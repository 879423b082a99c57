"""What other modules hand to councils, and how the outcome goes back (as apps register with
search): the S&T task module registers its applications, proposals and results here; the
councils app never imports it.

    from khcn.councils.registry import register

    register("research.application", label=_("Application"), title=lambda pk: …,
             on_outcome=lambda pk, outcome: …)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Subject:
    """A kind of item councils evaluate: its label, the title of one (by id), and what to do
    with the outcome when the session closes (inside the closing transaction)."""

    code: str
    label: Any
    title: Callable[[str], str]
    on_outcome: Callable[[str, dict[str, Any]], None] | None = None
    # Whose work it is ({"organizations": [ids], "organization_names": [...], "people": [...]}),
    # for the conflict-of-interest checks.
    parties: Callable[[str], dict[str, Any]] | None = None


_SUBJECTS: dict[str, Subject] = {}


def register(
    code: str,
    *,
    label: Any,
    title: Callable[[str], str],
    on_outcome: Callable[[str, dict[str, Any]], None] | None = None,
    parties: Callable[[str], dict[str, Any]] | None = None,
) -> Subject:
    if code in _SUBJECTS:
        raise ImproperlyConfigured(f"Council subject {code!r} is registered twice")
    subject = Subject(code, label, title, on_outcome, parties)
    _SUBJECTS[code] = subject
    return subject


def unregister(code: str) -> None:
    _SUBJECTS.pop(code, None)


def subject(code: str) -> Subject | None:
    return _SUBJECTS.get(code)
