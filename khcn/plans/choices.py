from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In implementation")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COORDINATE = "coordinate", _("Coordinate")
    # A reporting duty only: the agency reports on the item (its results, figures) without
    # leading or coordinating it ("các sở, ngành báo cáo kết quả về Sở KH&CN").
    REPORT = "report", _("Reports")


# One agency, one role, one line per item: an agency named twice on an item (by two names, or by
# its name and a group) keeps the stronger role: lead, then coordinate, then a reporting duty only.
ROLE_STRENGTH: dict[str, int] = {"lead": 3, "coordinate": 2, "report": 1}


def role_strength(role: str) -> int:
    return ROLE_STRENGTH.get(str(role), 0)


class PeriodKind(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    SEMIANNUAL = "semiannual", _("6-monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    AD_HOC = "ad_hoc", _("Ad hoc")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class ItemProgress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    COMPLETED_LATE = "completed_late", _("Completed late")
    ADJUSTMENT_PROPOSED = "adjustment_proposed", _("Proposed for adjustment")


class DifficultyStatus(models.TextChoices):
    OPEN = "open", _("Awaiting a response")
    ANSWERED = "answered", _("Answered")


class TaskStatus(models.TextChoices):
    """An open assignment's status on the dashboard, in the Government Office's vocabulary for
    task tracking (completed on time, completed late, in progress, overdue, not started), plus
    "proposed for adjustment" and "no report yet", which the DOST also needs to see. Computed
    from the latest counted report line (``AssignmentProgress``), the deadline and the day."""

    ON_TIME = "completed_on_time", _("Completed on time")
    LATE = "completed_late", _("Completed late")
    IN_PROGRESS = "in_progress", _("In progress")
    OVERDUE = "overdue", _("Overdue")
    NOT_STARTED = "not_started", _("Not started")
    ADJUSTMENT = "adjustment_proposed", _("Proposed for adjustment")
    NO_REPORT = "no_report", _("No report yet")


# Report states whose lines count towards an assignment's status: accepted, or at least
# submitted by the agency's leader.
COUNTED_STATUSES = (ReportStatus.ACCEPTED, ReportStatus.SUBMITTED)
