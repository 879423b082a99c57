"""One agency, one role, one line per item, where assignments are given (``selectors.duties``
says why): an agency that already has an item gets no second assignment on it; it keeps the
stronger role. Used by the import, the mapping of agency names and the agencies' mergers,
inside their transactions; the database refuses a second open assignment of one agency on one
item (``assignment_one_per_agency``)."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.audit import registry
from khcn.organizations.models import Organization
from khcn.plans.choices import ItemProgress, ReportStatus, role_strength
from khcn.plans.models import AgencyReport, Assignment, Plan, ReportLine
from khcn.plans.selectors.duties import overlap_shown

registry.register_field("merged", gettext_lazy("assignments folded together"))
registry.describe(Plan, values={"merged": overlap_shown})  # recorded as data, read in words

EDITABLE_REPORTS = (ReportStatus.DRAFT, ReportStatus.RETURNED)
FILLED_FROM_OTHER = ("deadline", "deadline_text", "due_on", "reporting", "note", "lead_name")


def _join(first: str, second: str) -> str:
    """Two texts of one agency on one item, each said once."""
    first, second = first.strip(), second.strip()
    if not second or second in first:
        return first
    if not first or first in second:
        return second
    return f"{first}\n{second}"


def _fold_line(kept: ReportLine, other: ReportLine) -> None:
    """What an editable report says on ``other`` joins its line on the kept assignment."""
    for name in ReportLine.TEXT_FIELDS:
        setattr(kept, name, _join(getattr(kept, name), getattr(other, name)))
    if kept.progress == ItemProgress.NOT_STARTED:
        kept.progress = other.progress
    kept.save()


def strengthen(kept: Assignment, other: Assignment | Any) -> list[str]:
    """``kept`` takes ``other``'s role if it is stronger, and what ``other`` says that ``kept``
    leaves empty (deadline, reporting duty, note). Returns the fields changed (not saved)."""
    changed = []
    if role_strength(other.role) > role_strength(kept.role):
        kept.role = other.role
        changed.append("role")
    for name in FILLED_FROM_OTHER:
        if not getattr(kept, name) and getattr(other, name, None):
            setattr(kept, name, getattr(other, name))
            changed.append(name)
    return changed


def assignment_fold(*, kept: Assignment, other: Assignment) -> str:
    """Fold ``other`` into ``kept``: the same agency (or its successor) on the same item. The
    stronger role wins. Report lines are kept: a line on ``other`` moves to ``kept`` unless its
    report already has a line on ``kept``; then, in a report that can still be edited (draft,
    returned), its texts join that line and it goes, and in a sent report it stays as it was,
    on ``other``, which is closed with a note rather than deleted. ``other`` is deleted when no
    line is left on it. Returns "deleted" or "closed". The caller refreshes the progress rows
    of the plan (``services.progress.progress_refresh``)."""
    kept_lines = {line.report_id: line for line in kept.report_lines.all()}
    edited: set[int] = set()
    for line in other.report_lines.select_related("report"):
        mine = kept_lines.get(line.report_id)
        if mine is None:
            line.assignment = kept
            line.save(update_fields=["assignment"])
            kept_lines[line.report_id] = line
        elif line.report.status in EDITABLE_REPORTS:
            _fold_line(mine, line)
            line.delete()
            edited.add(line.report_id)
    if edited:  # a form open on one of these reports was built with the old lines
        AgencyReport.objects.filter(pk__in=edited).update(version=F("version") + 1)
    changed = strengthen(kept, other)
    if changed:
        kept.save(update_fields=changed)
    if other.report_lines.exists():
        note = _("Folded into the assignment of %(agency)s on this item (one agency, one role).") % {
            "agency": kept.organization.name if kept.organization else kept.agency_name
        }
        other.is_open = False
        other.note = f"{other.note}\n{note}".strip()
        other.save(update_fields=["is_open", "note"])
        return "closed"
    other.delete()
    return "deleted"


def open_assignment(
    item_id: int, organization: Organization, *, exclude: int | None = None
) -> Assignment | None:
    """The agency's open assignment on the item, locked, if it has one."""
    qs = Assignment.objects.select_for_update().filter(
        item_id=item_id, organization=organization, is_open=True
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.select_related("organization", "item").first()
