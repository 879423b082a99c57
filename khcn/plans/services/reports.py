"""Writes for agency reports: start, save, the workflow's transitions, attached files."""

from __future__ import annotations

from typing import Any, cast

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry
from khcn.audit.services import diff, record, snapshot
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean
from khcn.core.uploads import check_upload
from khcn.organizations.models import Organization
from khcn.plans.models import (
    AgencyReport,
    Assignment,
    ReportAttachment,
    ReportingPeriod,
    ReportLine,
    attachment_path,
)
from khcn.plans.permissions import report_policy
from khcn.plans.services.indexing import reindex_reports
from khcn.plans.services.progress import plan_data_changed
from khcn.plans.workflow import REPORT_WORKFLOW

REPORT_CREATED = registry.register("plans.report.created", gettext_lazy("Report started"))
REPORT_SAVED = registry.register("plans.report.saved", gettext_lazy("Report saved"))
ATTACHMENT_ADDED = registry.register("plans.report.attachment_added", gettext_lazy("File attached"))
ATTACHMENT_REMOVED = registry.register("plans.report.attachment_removed", gettext_lazy("File removed"))
# A saved report records its lines' changes as "<item> · <field>" (progress codes, results…).
registry.describe(AgencyReport, parts=(ReportLine,))
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 20


@transaction.atomic
def report_start(*, actor: User, period: ReportingPeriod, organization: Organization) -> AgencyReport:
    """Start (or return the existing) report of ``organization`` for ``period``, with one line
    per open assignment of the agency in the plan. Agency reporters and leaders of that agency."""
    report_policy.require(actor, "start", AgencyReport(period=period, organization=organization))
    existing = AgencyReport.objects.filter(period=period, organization=organization).first()
    if existing is not None:
        return existing
    assignments = list(
        Assignment.objects.filter(item__plan_id=period.plan_id, organization=organization, is_open=True)
    )
    if not assignments:
        raise DomainError(
            _("%(agency)s has no open assignment in this plan, so it has nothing to report on.")
            % {"agency": organization.name},
            code="no_assignments",
        )
    report, created = AgencyReport.objects.get_or_create(period=period, organization=organization)
    if created:
        plan_data_changed(period.plan_id)  # a report started: the plan's figures
        ReportLine.objects.bulk_create([ReportLine(report=report, assignment=a) for a in assignments])
        record(actor=actor, action=REPORT_CREATED, target=report)
        reindex_reports(report.pk)
    return report


LINE_FIELDS = ("progress", "results", "figures", "difficulties", "proposals")


@transaction.atomic
def report_save(
    *, actor: User, report: AgencyReport, version: int, summary: str, lines: dict[int, dict[str, str]]
) -> AgencyReport:
    """Save a draft (or returned) report. ``version`` is the version the user edited: if
    someone saved in between, the save is refused rather than overwriting. Audited."""
    locked = AgencyReport.objects.select_for_update().get(pk=report.pk)
    report_policy.require(actor, "edit", locked)
    check_version(
        locked,
        version,
        _("Someone else saved this report while you were editing it. Reload to see their changes."),
    )
    changes: dict[str, list[Any]] = {}
    if clean(summary) != clean(locked.summary):
        changes["summary"] = [locked.summary, summary]
        locked.summary = summary.strip()
    for line in locked.lines.select_related("assignment__item"):
        values = lines.get(line.pk)
        if not values:
            continue
        before = snapshot(line, LINE_FIELDS)
        for field in LINE_FIELDS:
            if field in values:
                setattr(line, field, str(values[field]).strip())
        line_changes = diff(before, snapshot(line, LINE_FIELDS))
        if line_changes:
            line.save()
            for field, pair in line_changes.items():
                changes[f"{line.assignment.item.path} · {field}"] = pair
    locked.save()
    if changes:
        record(actor=actor, action=REPORT_SAVED, target=locked, changes=changes)
        reindex_reports(locked.pk)
    return locked


def report_transition(
    *, actor: User, report: AgencyReport, name: str, note: str = "", confirmed: bool = False
) -> AgencyReport:
    """Apply the workflow transition ``name`` (submit, return, accept: ``khcn.plans.workflow``)
    to the report as ``actor``: policy, guard and checks, the question to confirm, fields it
    sets (a late submission is marked late) and audit are the workflow's."""
    return cast(
        AgencyReport, REPORT_WORKFLOW.apply(name, actor=actor, obj=report, note=note, confirmed=confirmed)
    )


def report_submit(*, actor: User, report: AgencyReport, confirmed: bool = False) -> AgencyReport:
    """Submit to the DOST (agency leader). Refused for an empty report; with items left "not
    started", only ``confirmed``. Marked late after the period's due date."""
    return report_transition(actor=actor, report=report, name="submit", confirmed=confirmed)


def report_return(*, actor: User, report: AgencyReport, note: str) -> AgencyReport:
    """Return to the agency with a note saying what to revise (DOST)."""
    return report_transition(actor=actor, report=report, name="return", note=note)


def report_accept(*, actor: User, report: AgencyReport) -> AgencyReport:
    """Accept the report (DOST); it is locked from then on."""
    return report_transition(actor=actor, report=report, name="accept")


# --------------------------------------------------------------------------------------------------
# Attachments of a report
# --------------------------------------------------------------------------------------------------


def attachment_add(
    *, actor: User, report: AgencyReport, file: Any, description: str = ""
) -> ReportAttachment:
    """Attach a file to a report the actor may edit. The file is checked by its content (kind,
    size, archive bombs: ``khcn.core.uploads``), stored under a random name, audited. The file
    is written before the transaction and deleted again if the transaction fails."""
    report_policy.require(actor, "edit", report)
    upload = check_upload(file, max_bytes=MAX_ATTACHMENT_BYTES)
    stored = default_storage.save(attachment_path(report.pk, upload.kind.extension), ContentFile(upload.data))
    try:
        with transaction.atomic():
            locked = AgencyReport.objects.select_for_update().get(pk=report.pk)
            report_policy.require(actor, "edit", locked)
            if locked.attachments.count() >= MAX_ATTACHMENTS:
                raise DomainError(
                    _("A report can have at most %(n)s attached files.") % {"n": MAX_ATTACHMENTS},
                    code="too_many_attachments",
                )
            attachment = ReportAttachment.objects.create(
                report=locked,
                file=stored,
                name=upload.name,
                mime=upload.kind.mime,
                size=upload.size,
                sha256=upload.sha256,
                description=clean(description)[:255],
                uploaded_by=actor,
            )
            record(
                actor=actor,
                action=ATTACHMENT_ADDED,
                target=locked,
                changes={"attachments": [None, upload.name]},
            )
    except BaseException:
        default_storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: ReportAttachment) -> None:
    """Remove a file from a report the actor may edit (the file goes when the deletion commits)."""
    locked = AgencyReport.objects.select_for_update().get(pk=attachment.report_id)
    report_policy.require(actor, "edit", locked)
    name, stored = attachment.name, attachment.file.name
    attachment.delete()
    record(actor=actor, action=ATTACHMENT_REMOVED, target=locked, changes={"attachments": [name, None]})
    transaction.on_commit(lambda: default_storage.delete(stored))
