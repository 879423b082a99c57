"""Writes of an import under way (``PlanImport``): start it, follow the background job's
progress, keep the reviewed draft, confirm, cancel, clean up.

The row is its owner's (``plan_import_policy``); nothing of the plan is saved before the
confirmation, which hands the draft to ``plan_import`` and deletes the row in the same
transaction. The background job is ``khcn.plans.tasks.read_plan_import``.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation

from khcn.accounts.models import User
from khcn.core.exceptions import DomainError
from khcn.plans.models import Plan, PlanImport
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.permissions import plan_import_policy, plan_policy
from khcn.plans.services import plans as plan_services

logger = logging.getLogger(__name__)

KEEP_FOR = dt.timedelta(days=7)  # an import left alone is deleted after a week


def plan_import_start(
    *,
    actor: User,
    file: UploadedFile | None = None,
    text: str = "",
    parent: Plan | None = None,
) -> PlanImport:
    """Keep the upload (or the pasted text) on a new import and queue the job that reads it."""
    from khcn.plans.tasks import read_plan_import

    plan_import_policy.require(actor, "view")
    if parent is None:
        plan_policy.require(actor, "import_top_level")
    with transaction.atomic():
        row = PlanImport(
            owner=actor,
            parent=parent,
            under_plan=parent is not None,
            language=translation.get_language() or "",
            source_name=(file.name or "")[:255] if file is not None else "",
            source_text="" if file is not None else text,
        )
        if file is not None:
            row.file.save("upload", file, save=False)
        row.save()
        transaction.on_commit(lambda: read_plan_import.enqueue(row.pk))
    return row


def plan_import_progress(import_id: int, **fields: Any) -> None:
    """The job's progress: status, stage, pages done of total (one UPDATE, no signals)."""
    PlanImport.objects.filter(pk=import_id).update(updated_at=timezone.now(), **fields)


def plan_import_ready(
    import_id: int, *, draft: ImportDraft, source_text: str, notices: list[dict[str, Any]]
) -> None:
    """The job read the plan: keep the draft and the text, drop the uploaded file."""
    with transaction.atomic():
        row = PlanImport.objects.select_for_update().filter(pk=import_id).first()
        if row is None:
            return
        name = row.file.name
        row.draft = draft.to_json()
        row.title = draft.facts.title[:500]
        row.source_text = source_text
        row.notices = notices
        row.status, row.stage, row.error = PlanImport.READY, "", ""
        row.file = ""  # type: ignore[assignment]
        row.save()
    _delete_file(row, name)


def plan_import_failed(import_id: int, *, message: str) -> None:
    """The job could not read the plan: keep the message for its owner, drop the file."""
    with transaction.atomic():
        row = PlanImport.objects.select_for_update().filter(pk=import_id).first()
        if row is None:
            return
        name = row.file.name
        row.status, row.stage, row.error = PlanImport.FAILED, "", message
        row.file = ""  # type: ignore[assignment]
        row.save()
    _delete_file(row, name)


def plan_import_draft_save(*, actor: User, plan_import: PlanImport, draft: ImportDraft) -> None:
    """Keep the draft as the review screen left it (nothing of the plan is saved)."""
    plan_import_policy.require(actor, "view", plan_import)
    _ready(plan_import)
    plan_import.draft = draft.to_json()
    plan_import.title = draft.facts.title[:500]
    PlanImport.objects.filter(pk=plan_import.pk).update(
        draft=plan_import.draft, title=plan_import.title, updated_at=timezone.now()
    )


def plan_import_confirm(
    *, actor: User, plan_import: PlanImport, draft: ImportDraft, parent: Plan | None
) -> Plan:
    """Save the reviewed draft as a plan (``plan_import``, audited) and end the import, in one
    transaction: a second confirmation (a double click) finds no import and saves nothing."""
    plan_import_policy.require(actor, "view", plan_import)
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().filter(pk=plan_import.pk).first()
        if locked is None or locked.status != PlanImport.READY:
            raise DomainError(_gone(), code="import_gone")
        plan = plan_services.plan_import(
            actor=actor,
            draft=draft,
            source_text=locked.source_text,
            source_name=locked.source_name,
            parent=parent,
        )
        locked.delete()
    return plan


def plan_import_restart(*, actor: User, plan_import: PlanImport) -> None:
    """Queue the reading again of an import whose job stopped (``PlanImport.stalled``); the job
    reads the kept file (or text) from the start."""
    from khcn.plans.tasks import read_plan_import

    plan_import_policy.require(actor, "view", plan_import)
    if not plan_import.stalled:
        raise DomainError(translation.gettext("This import is being read or has been read already."))
    with transaction.atomic():
        PlanImport.objects.filter(pk=plan_import.pk).update(
            status=PlanImport.QUEUED, stage="", done=0, total=0, updated_at=timezone.now()
        )
        transaction.on_commit(lambda: read_plan_import.enqueue(plan_import.pk))


def plan_import_cancel(*, actor: User, plan_import: PlanImport) -> None:
    """Drop an import (its draft and any file); nothing of the plan was saved."""
    plan_import_policy.require(actor, "view", plan_import)
    name = plan_import.file.name
    PlanImport.objects.filter(pk=plan_import.pk).delete()
    _delete_file(plan_import, name)


def plan_imports_cleanup(*, now: dt.datetime | None = None, keep_for: dt.timedelta = KEEP_FOR) -> int:
    """Delete the imports nobody touched for ``keep_for`` (a week), with their files; returns
    how many. Run daily (``manage.py plans_import_cleanup``)."""
    limit = (now or timezone.now()) - keep_for
    count = 0
    for row in PlanImport.objects.filter(updated_at__lt=limit).only("pk", "file"):
        name = row.file.name
        row.delete()
        _delete_file(row, name)
        count += 1
    return count


def _ready(row: PlanImport) -> None:
    if row.status != PlanImport.READY:
        raise DomainError(_gone(), code="import_gone")


def _gone() -> str:
    from django.utils.translation import gettext as _

    return _(
        "This import is no longer waiting for review (it was confirmed, cancelled or has expired). "
        "Start again."
    )


def _delete_file(row: PlanImport, name: str | None) -> None:
    if not name:
        return
    try:
        row.file.storage.delete(name)
    except OSError:  # already gone, or the storage is unavailable: logged, left behind
        logger.warning("Could not delete the uploaded plan %s", name)
