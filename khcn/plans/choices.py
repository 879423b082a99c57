from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In implementation")
    CLOSED = "closed", _("Closed")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COORDINATE = "coordinate", _("Coordinate")


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
