"""Plans imported from their text, their items and assignments, reporting periods and the
agencies' periodic reports."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.plans.choices import (
    AssignmentRole,
    DifficultyStatus,
    ItemProgress,
    PeriodKind,
    PlanStatus,
    ReportStatus,
)

# A plan's columns that can be large (the whole imported text, the parser's warnings): left out
# of every read that does not show them (``Plan.objects.light()``, ``defer(*heavy("period__plan"))``).
HEAVY = ("source_text", "parse_warnings")


def heavy(prefix: str) -> tuple[str, ...]:
    """The plan's large columns as seen through a relation: ``heavy("period__plan")``."""
    return tuple(f"{prefix}__{name}" for name in HEAVY)


class PlanQuerySet(models.QuerySet["Plan"]):
    def light(self) -> PlanQuerySet:
        return self.defer(*HEAVY)


class Plan(models.Model):
    """A plan (kế hoạch, chương trình…) as issued, with the text it was imported from.

    A locality's implementation plan points to the provincial plan it implements (``parent``).
    """

    doc_type = models.CharField(_("document type"), max_length=60, default="Kế hoạch")
    title = models.TextField(_("title"))
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    issuer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_plans",
    )
    issuer_name = models.CharField(_("issuing body as written"), max_length=255, blank=True)
    implements = models.JSONField(_("documents implemented"), default=list, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("implements plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_plans",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    # The agency that registered its own implementation plan (a sub-plan) and may correct it.
    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_plans",
    )
    source_text = models.TextField(_("source text"), blank=True)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    parse_warnings = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every change to the plan or its items (optimistic locking, khcn.core.concurrency;
    # and the key of the content groups a process keeps: selectors.dashboard.plan_map).
    version = models.PositiveIntegerField(default=1)
    # Raised by every write that changes what the plan's pages count or list (assignments, their
    # agencies, reports' statuses, periods): with ``version``, the key of what is computed or
    # rendered once per change (``services.progress.plan_data_changed``).
    data_version = models.PositiveIntegerField(default=1)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "-created_at"]

    def __str__(self) -> str:
        head = f"{self.doc_type} {self.number}".strip()
        return f"{head}: {self.title[:120]}" if self.number else self.title[:160]

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])


class PlanItem(models.Model):
    """One section or item of a plan, with its label as printed (``II.3.c`` is its path)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=20, blank=True)
    path = models.CharField(_("number"), max_length=60)
    heading = models.TextField(_("heading"), blank=True)
    text = models.TextField(_("text"), blank=True)
    depth = models.PositiveSmallIntegerField(default=0)
    deadline = models.JSONField(_("deadline"), null=True, blank=True)
    # Removed after reports were sent on it: kept (sent reports still show it), marked.
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removed_note = models.TextField(_("reason for removal"), blank=True)
    related = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="restated_by")

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="plan_item_position_unique")]
        indexes = [models.Index(fields=["plan", "path"], name="plan_item_path_idx")]

    def __str__(self) -> str:
        return f"{self.path}. {self.heading or self.text}"[:200]


class Assignment(models.Model):
    """An agency's duty on a plan item: lead (chủ trì) or coordinate (phối hợp)."""

    item = models.ForeignKey(
        PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="assignments"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    agency_name = models.CharField(_("agency as written"), max_length=255)
    role = models.CharField(_("role"), max_length=12, choices=AssignmentRole.choices)
    lead_name = models.CharField(_("works with"), max_length=255, blank=True)
    deadline = models.JSONField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(_("deadline as written"), max_length=255, blank=True)
    # The last day of the deadline (the assignment's own, else its item's), kept by the services
    # that set deadlines: the dashboard counts "overdue" in SQL from it.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    reporting = models.TextField(_("reporting duty"), blank=True)
    note = models.TextField(_("note"), blank=True)
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["item__position", "role", "id"]
        indexes = [models.Index(fields=["organization", "is_open"], name="assignment_org_open_idx")]
        constraints = [
            # One agency, one role, one line per item (khcn.plans.services.duties); a closed
            # assignment kept for the reports sent on it does not count.
            models.UniqueConstraint(
                fields=["item", "organization"], condition=Q(is_open=True), name="assignment_one_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item.path} — {self.agency_name} ({self.get_role_display()})"


class AssignmentProgress(models.Model):
    """An assignment's progress as of a period: the latest report line on it in a counted
    report (submitted or accepted) of that period or an earlier one. Kept up to date by the
    services that change what counts (submitting or returning a report, opening a period:
    ``khcn.plans.services.progress``), so that a dashboard aggregates rows instead of finding
    the latest line of each assignment on every request. No row: no counted report yet."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="progress_rows")
    period = models.ForeignKey("ReportingPeriod", on_delete=models.CASCADE, related_name="progress_rows")
    progress = models.CharField(_("status"), max_length=24, choices=ItemProgress.choices)
    report = models.ForeignKey("AgencyReport", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("assignment progress")
        verbose_name_plural = _("assignment progress")
        constraints = [
            models.UniqueConstraint(fields=["period", "assignment"], name="assignment_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} @ {self.period_id}: {self.progress}"


class ReportingPeriod(models.Model):
    """A period agencies report on: data from ``start`` to ``end``, due by ``due_on``."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("kind"), max_length=16, choices=PeriodKind.choices)
    name = models.CharField(_("name"), max_length=120)
    start = models.DateField(_("data from"))
    end = models.DateField(_("data to"))
    due_on = models.DateField(_("due on"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "-end"]
        constraints = [
            models.CheckConstraint(name="period_dates_ordered", condition=Q(end__gte=models.F("start"))),
            models.UniqueConstraint(fields=["plan", "kind", "start", "end"], name="period_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class AgencyReport(models.Model):
    """An agency's report for one period: draft → submitted → (returned → submitted) → accepted."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="plan_reports",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    summary = models.TextField(_("general situation"), blank=True)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agency report")
        verbose_name_plural = _("agency reports")
        ordering = ["period", "organization__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["period", "organization"], name="report_unique_per_period")
        ]
        indexes = [models.Index(fields=["status"], name="report_status_idx")]

    def __str__(self) -> str:
        return f"{self.organization} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("plans:report_detail", args=[self.pk])


class ReportLine(models.Model):
    """What the agency reports for one of its assignments in the period."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="lines")
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="report_lines"
    )
    progress = models.CharField(
        _("status"), max_length=24, choices=ItemProgress.choices, default=ItemProgress.NOT_STARTED
    )
    results = models.TextField(_("results achieved"), blank=True)
    figures = models.TextField(_("figures"), blank=True)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    TEXT_FIELDS = ("results", "figures", "difficulties", "proposals")

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        ordering = ["assignment__item__position"]
        constraints = [models.UniqueConstraint(fields=["report", "assignment"], name="report_line_unique")]

    def __str__(self) -> str:
        return f"{self.report} — {self.assignment.item.path}"

    @property
    def is_blank(self) -> bool:
        """No status chosen ("not started" is the default) and no text at all."""
        return self.progress == ItemProgress.NOT_STARTED and not any(
            getattr(self, name).strip() for name in self.TEXT_FIELDS
        )


def attachment_path(report_id: int, extension: str) -> str:
    """Where a report's file is stored, under a random name (never the user's):
    ``plans/reports/<report>/<uuid>.<ext>``."""
    return f"plans/reports/{report_id}/{uuid.uuid4().hex}.{extension.lstrip('.')[:10]}"


def _attachment_path(instance: ReportAttachment, filename: str) -> str:
    return attachment_path(instance.report_id, PurePosixPath(filename).suffix or "bin")


class ReportAttachment(models.Model):
    """A file attached to an agency report (evidence, a signed scan, a table of figures).

    The type is sniffed from the content on upload (``khcn.core.uploads``); ``name`` is the
    user's file name, cleaned, and ``mime`` the sniffed type it is served back with."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=160)
    mime = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Difficulty(models.Model):
    """A difficulty or obstacle (khó khăn, vướng mắc) an agency raises at any time, outside the
    reporting periods, as the plan asks ("kịp thời báo cáo"); the DOST answers it."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="difficulties"
    )
    item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="difficulties",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="plan_difficulties",
    )
    text = models.TextField(_("difficulty or obstacle"))
    proposal = models.TextField(_("proposal"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DifficultyStatus.choices, default=DifficultyStatus.OPEN
    )
    response = models.TextField(_("response"), blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: khcn.core.concurrency
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("difficulty")
        verbose_name_plural = _("difficulties")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["plan", "status"], name="difficulty_plan_status_idx")]

    def __str__(self) -> str:
        return f"{self.organization} — {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("plans:difficulty_detail", args=[self.pk])


class ConsolidatedReport(models.Model):
    """The DOST's consolidated report to the People's Committee for one period, as generated.

    What was generated is kept with its inputs: the narrative as the specialist edited it, the
    agency reports it was built from (ids and versions, which accepted reports never change),
    the annex rows as printed, the signer, and the DOCX file itself. Each generation is a new
    row; the latest is the one offered for download.
    """

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="consolidated_reports",
    )
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    summary = models.TextField(_("summary"))
    narrative = models.JSONField(_("narrative"), default=dict)
    inputs = models.JSONField(_("reports included"), default=list)
    annex = models.JSONField(_("annex rows"), default=list)
    signer_authority = models.CharField(_("signing authority"), max_length=60, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=120)
    signer_name = models.CharField(_("signer"), max_length=120)
    recipients = models.JSONField(_("recipients"), default=list)
    docx = models.BinaryField(_("DOCX file"))
    docx_sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Issued (ban hành): the document carries its number and date. One generated with the
    # number left for the clerk ("     /BC-SKHCN") is still a draft awaiting issue.
    ISSUED = Q(number__regex=r"^[0-9]", document_date__isnull=False)

    class Meta:
        verbose_name = _("consolidated report")
        verbose_name_plural = _("consolidated reports")
        ordering = ["period", "-generated_at", "-id"]

    def __str__(self) -> str:
        when = f" ({self.generated_at:%d/%m/%Y %H:%M})" if self.generated_at else ""
        return f"{self.number or '—'} · {self.period}{when}"

    @property
    def is_issued(self) -> bool:
        return self.number[:1] in tuple("0123456789") and self.document_date is not None


# --------------------------------------------------------------------------------------------------
# An import under way: read in the background, reviewed, then confirmed or cancelled
# --------------------------------------------------------------------------------------------------


def import_token() -> str:
    """The random key of an import in its URLs."""
    import secrets

    return secrets.token_urlsafe(16)


def _import_file_path(instance: PlanImport, filename: str) -> str:
    # A random name: the user's file name is kept in ``source_name`` only.
    return f"plans/imports/{uuid.uuid4().hex}"


class PlanImport(models.Model):
    """A plan being imported by one user: the uploaded file (kept until it is read) or the
    pasted text, the background job's progress (``khcn.plans.tasks.read_plan_import``), then the
    draft (``ImportDraft`` JSON) the user reviews. Confirmed, the plan is saved and this row
    deleted; cancelled, deleted; left alone, deleted after a week (``plans_import_cleanup``)."""

    QUEUED, READING, PARSING, READY, FAILED = "queued", "reading", "parsing", "ready", "failed"
    STATUSES = [
        (QUEUED, _("Waiting to be read")),
        (READING, _("Reading the file")),
        (PARSING, _("Reading the plan's structure")),
        (READY, _("Ready for review")),
        (FAILED, _("Could not be read")),
    ]
    ACTIVE = (QUEUED, READING, PARSING)
    # The job saves its progress at every stage and every scanned page (5–15 s); one that has
    # not moved for this long has stopped (a worker killed, no worker running).
    STALLED_AFTER = dt.timedelta(minutes=10)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=32, unique=True, default=import_token)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    status = models.CharField(_("status"), max_length=8, choices=STATUSES, default=QUEUED)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=10, blank=True)
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=_import_file_path, max_length=200, blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    parent = models.ForeignKey(
        Plan,
        verbose_name=_("implements plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Started under a plan: if that plan is deleted meanwhile, the import is not confirmed
    # as a plan of its own.
    under_plan = models.BooleanField(default=False)
    title = models.CharField(_("title"), max_length=500, blank=True)
    draft = models.JSONField(_("draft"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    notices = models.JSONField(_("notices"), default=list, blank=True)

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return f"{self.source_name or self.token} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        name = "plans:plan_import_review" if self.status == self.READY else "plans:plan_import_progress"
        return reverse(name, args=[self.token])

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def stalled(self) -> bool:
        """Still to be read, but the job has not moved for ``STALLED_AFTER``: its owner may start
        it again (``plan_import_restart``)."""
        from django.utils import timezone

        return self.active and self.updated_at < timezone.now() - self.STALLED_AFTER

    @property
    def label(self) -> str:
        """What lists show: the plan's title as read (once ready), else the file's name."""
        return self.title or self.source_name

    @property
    def percent(self) -> int | None:
        return min(100, self.done * 100 // self.total) if self.total else None
