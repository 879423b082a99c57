"""Further annex tables of a plan's annual report, given by other modules (as councils take
subjects from them): the S&T tasks module lists the tasks implementing each of the plan's
priority fields. Plans never import those modules; they register here in their ``apps.ready``::

    from khcn.plans.annexes import register
    register("research.tasks", build=lambda plan, period: AnnexTable(...) or None)

A builder runs in the document's language (Vietnamese) and returns None when it has nothing
for the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class AnnexTable:
    """One annex table: its caption (the annex's title), the column headers, the rows, and the
    column widths in millimetres (landscape A4)."""

    caption: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths_mm: Sequence[float] = field(default_factory=tuple)


Builder = Callable[[Any, Any], "AnnexTable | None"]  # (plan, reporting period) -> table
_BUILDERS: dict[str, Builder] = {}


def register(code: str, *, build: Builder) -> None:
    if code in _BUILDERS:
        raise ImproperlyConfigured(f"Annex {code!r} is registered twice")
    _BUILDERS[code] = build


def unregister(code: str) -> None:
    _BUILDERS.pop(code, None)


def registered(code: str) -> bool:
    return code in _BUILDERS


def tables(plan: Any, period: Any) -> list[AnnexTable]:
    """The registered annex tables of ``plan`` for ``period``, in registration order."""
    out = []
    for build in _BUILDERS.values():
        table = build(plan, period)
        if table is not None and table.rows:
            out.append(table)
    return out
