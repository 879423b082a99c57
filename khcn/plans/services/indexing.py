"""The search entries of plans follow their writes: every service that changes what an entry
shows schedules, inside its transaction, a refresh that runs after commit as a background job
(``khcn.plans.tasks``; at once with the immediate task backend). The registrations are in
``khcn.plans.search``.

- ``reindex_plans(*plan_ids)``: a plan's facts or content changed (import, editing, agency
  names mapped, duties moved to a successor): the plan, its items, assignments, reports and
  difficulties, and the entries of what was deleted.
- ``reindex_reports(*ids)`` / ``reindex_difficulties(*ids)``: one report's or difficulty's text.
- ``agencies_changed(organizations=…)``: an agency's names changed (``khcn.organizations.hooks``).

The index is derived data: no audit event; ``manage.py search_rebuild`` rebuilds it all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from khcn.plans.models import AgencyReport, Difficulty


def _ids(pks: Iterable[Any]) -> list[int]:
    return sorted({int(pk) for pk in pks if pk is not None})


def reindex_plans(*plan_ids: int) -> None:
    """After commit, refresh the entries of these plans and of everything in them."""
    ids = _ids(plan_ids)
    if ids:
        from khcn.plans.tasks import reindex_plans as job

        transaction.on_commit(lambda: job.enqueue(ids))


def reindex_reports(*report_ids: int) -> None:
    """After commit, refresh the entries of these agency reports."""
    from khcn.search.tasks import schedule_reindex

    schedule_reindex(AgencyReport, _ids(report_ids))


def reindex_difficulties(*difficulty_ids: int) -> None:
    """After commit, refresh the entries of these difficulties."""
    from khcn.search.tasks import schedule_reindex

    schedule_reindex(Difficulty, _ids(difficulty_ids))


def agencies_changed(*, organizations: Iterable[Any]) -> None:
    """After commit, refresh what shows these agencies' names (a change hook of the agency
    registry)."""
    ids = _ids(o.pk for o in organizations)
    if ids:
        from khcn.plans.tasks import reindex_agencies as job

        transaction.on_commit(lambda: job.enqueue(ids))
