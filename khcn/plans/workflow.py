"""The agency report's workflow: draft → submitted → (returned → submitted)* → accepted.

Each transition is declared here once: the button, the question asked before it, the message
after it, the fields it sets (a report submitted after its due date is marked late), the
warning that goes with it and what changes with it (the assignments' progress). Views and
templates read them from here.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khcn.core.workflow import Transition, Workflow
from khcn.plans.choices import ItemProgress, ReportStatus
from khcn.plans.models import AgencyReport, ReportLine
from khcn.plans.paths import display_path
from khcn.plans.permissions import report_policy
from khcn.plans.services.progress import report_counts_changed, report_progress_refresh


def has_lines(report: AgencyReport, actor: Any) -> str | None:
    if not report.lines.exists():
        return _("The report has no item to report on.")
    return None


def _items(lines: list[ReportLine], limit: int = 8) -> str:
    paths = [display_path(line.assignment.item.path) for line in lines[:limit]]
    return ", ".join(paths) + (", …" if len(lines) > limit else "")


def _not_started(report: AgencyReport) -> list[ReportLine]:
    lines = report.lines.select_related("assignment__item").order_by("assignment__item__position", "pk")
    return [line for line in lines if line.progress == ItemProgress.NOT_STARTED]


def not_empty(report: AgencyReport, actor: Any) -> str | None:
    """A report says something: refused when no item has a status or any text and the summary
    is empty, naming the items (the leader learns what to fill in)."""
    blank = [line for line in _not_started(report) if line.is_blank]
    if blank and len(blank) == report.lines.count() and not report.summary.strip():
        return _(
            "The report is empty: no item has a status or any text (%(items)s). Fill in what was "
            "done, or why not, and save before submitting."
        ) % {"items": _items(blank)}
    return None


def not_started_question(report: AgencyReport) -> str | None:
    """Items left "Not started": the leader confirms that this is what the agency reports."""
    left = _not_started(report)
    if not left:
        return None
    return ngettext(
        "%(count)s item is left “Not started” (%(items)s). Submit the report to the DOST anyway?",
        "%(count)s items are left “Not started” (%(items)s). Submit the report to the DOST anyway?",
        len(left),
    ) % {"count": len(left), "items": _items(left)}


def lateness(report: AgencyReport, actor: Any) -> dict[str, Any]:
    """Submitted after the period's due date: marked late (and it stays so once marked)."""
    return {"is_late": True} if timezone.localdate() > report.period.due_on else {}


def late_warning(report: AgencyReport) -> str | None:
    if report.is_late:
        return _("The report was submitted after the due date and is marked late.")
    return None


REPORT_WORKFLOW = Workflow(
    model=AgencyReport,
    policy=report_policy,
    audit_prefix="plans.report",
    transitions=[
        Transition(
            "submit",
            (ReportStatus.DRAFT, ReportStatus.RETURNED),
            ReportStatus.SUBMITTED,
            "submit",
            gettext_lazy("Submit to the DOST"),
            guard=has_lines,
            check=not_empty,
            question=not_started_question,
            confirm=gettext_lazy(
                "Submit the report as last saved to the DOST? It cannot be changed afterwards unless "
                "the DOST returns it."
            ),
            success=gettext_lazy("The report was submitted to the DOST."),
            sets=lateness,
            warning=late_warning,
            effects=(report_progress_refresh,),  # its lines now count towards the statuses
        ),
        Transition(
            "return",
            (ReportStatus.SUBMITTED,),
            ReportStatus.RETURNED,
            "review",
            gettext_lazy("Return for revision"),
            note_required=True,
            success=gettext_lazy("The report was returned to the agency for revision."),
            effects=(report_progress_refresh,),  # its lines no longer count
        ),
        Transition(
            "accept",
            (ReportStatus.SUBMITTED,),
            ReportStatus.ACCEPTED,
            "review",
            gettext_lazy("Accept"),
            confirm=gettext_lazy("Accept this report? It will be locked and can no longer be changed."),
            success=gettext_lazy("The report was accepted. It can no longer be changed."),
            effects=(report_counts_changed,),  # the period's figures
        ),
    ],
)
