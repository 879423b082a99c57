"""Background jobs of the plans app (django-tasks): keeping the search entries of plans in step
with their writes (``khcn.plans.services.indexing`` schedules them after commit), and reading an
uploaded plan for its import (``read_plan_import``). Each job takes ids, reads the objects as
they are when it runs, and is idempotent."""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import translation
from django_tasks import task

from khcn.plans.models import AgencyReport, Assignment, Difficulty, Plan, PlanImport, PlanItem
from khcn.plans.parser import PlanParseError, parse_text, read_source
from khcn.plans.parser.draft import ImportDraft
from khcn.search import registry
from khcn.search.services import index_objects, remove_missing

logger = logging.getLogger(__name__)

MODELS: tuple[type[Model], ...] = (Plan, PlanItem, Assignment, AgencyReport, Difficulty)


def _indexed(model: type[Model], condition: Q) -> QuerySet[Model]:
    reg = registry.get_registration(model)
    qs = reg.get_queryset() if reg is not None else model._default_manager.all()
    return qs.filter(condition).order_by("pk")


@task()
def reindex_plans(plan_ids: list[int]) -> int:
    """Index the plans ``plan_ids`` again with everything whose entry shows them — their items,
    assignments, the reports of their periods, their difficulties — and take out the entries of
    what was deleted (a removed item, a merged one, a deleted plan). Returns the number indexed."""
    count = 0
    targets: tuple[tuple[type[Model], Q], ...] = (
        (Plan, Q(pk__in=plan_ids) | Q(parent_id__in=plan_ids)),
        (PlanItem, Q(plan_id__in=plan_ids)),
        (Assignment, Q(item__plan_id__in=plan_ids)),
        (AgencyReport, Q(period__plan_id__in=plan_ids)),
        (Difficulty, Q(plan_id__in=plan_ids)),
    )
    for model, condition in targets:
        count += index_objects(_indexed(model, condition))
    for gone in MODELS:
        remove_missing(gone)
    return count


@task()
def reindex_agencies(organization_ids: list[int]) -> int:
    """Agencies were renamed or given other names: index again what shows their names — the
    plans they issued, their assignments, reports and difficulties."""
    count = 0
    targets: tuple[tuple[type[Model], Q], ...] = (
        (Plan, Q(issuer_id__in=organization_ids)),
        (Assignment, Q(organization_id__in=organization_ids)),
        (AgencyReport, Q(organization_id__in=organization_ids)),
        (Difficulty, Q(organization_id__in=organization_ids)),
    )
    for model, condition in targets:
        count += index_objects(_indexed(model, condition))
    return count


@task()
def read_plan_import(import_id: int) -> str | None:
    """Read the file (or pasted text) of the import ``import_id`` into its draft, saving the
    progress as it goes; returns the status it left, None when the import is gone.

    Idempotent: an import already read (ready or failed) is left as it is; one caught half-way
    (a worker stopped) is read again from its file. Messages are in the language of the page
    that started the import."""
    from khcn.plans.services import imports

    row = PlanImport.objects.filter(pk=import_id).defer("draft").first()
    if row is None or row.status in (PlanImport.READY, PlanImport.FAILED):
        return row.status if row is not None else None
    with translation.override(row.language or None):
        try:
            text, notices = _read(row)
            imports.plan_import_progress(import_id, status=PlanImport.PARSING, stage="structure")
            result = parse_text(text).to_json()
            # What reading the file noticed comes before what the parser noticed.
            result["warnings"] = [*notices, *(result.get("warnings") or [])]
            imports.plan_import_progress(import_id, stage="draft")
            draft = ImportDraft.from_parse(result)
        except PlanParseError as exc:
            imports.plan_import_failed(import_id, message=exc.message)
            return PlanImport.FAILED
        except Exception:  # a parser bug: logged, the user told in words, nothing of the plan saved
            logger.exception("Plan import %s failed on %r", import_id, row.source_name or "pasted text")
            imports.plan_import_failed(
                import_id,
                message=translation.gettext(
                    "The text could not be read as a plan. The error was logged; try again later."
                ),
            )
            return PlanImport.FAILED
        imports.plan_import_ready(import_id, draft=draft, source_text=text, notices=notices)
    return PlanImport.READY


def _read(row: PlanImport) -> tuple[str, list[dict[str, Any]]]:
    """The import's text and the notices about how it was read."""
    from khcn.plans.services import imports

    if not row.file:
        return row.source_text, []
    imports.plan_import_progress(row.pk, status=PlanImport.READING, stage="file", done=0, total=0)

    def progress(done: int, total: int) -> None:
        imports.plan_import_progress(row.pk, stage="ocr", done=max(done, 0), total=max(total, 0))

    with row.file.open("rb") as handle:
        data = handle.read()
    source = read_source(data, row.source_name, progress=progress)
    return source.text, [notice.to_json() for notice in source.notices]
