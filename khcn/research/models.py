"""S&T tasks (nhiệm vụ KH&CN cấp tỉnh): the calls for proposals (đợt đề xuất đặt hàng) and the
proposals (phiếu đề xuất) that, screened and voted on by an identification council, make the
ordering list. The lifecycle is ``khcn.research.workflow``; the regime a task follows is
``Regime`` (the law in force on its ordering decision's date)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khcn.research.choices import (
    AdjustmentKind,
    AdjustmentStatus,
    ApplicationStatus,
    DocumentKind,
    Issuer,
    LumpSum,
    Method,
    PaymentKind,
    ProposalStatus,
    Rating,
    Regime,
    ReportStatus,
    ResultPart,
    TaskRole,
    TaskState,
    TaskType,
)


class Call(models.Model):
    """A call for proposals: the year it orders tasks for and its window."""

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("for the year"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("called by"),
        on_delete=models.PROTECT,
        related_name="calls",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="call_window"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, on: object) -> bool:
        return self.opens_on <= on <= self.closes_on  # type: ignore[operator]


class Proposal(models.Model):
    """A proposal of an S&T task (phiếu đề xuất đặt hàng): who proposes it and what for."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("proposed task"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False, db_index=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("proposing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    organization_name = models.CharField(_("proposing organisation"), max_length=255, blank=True)
    fields = models.ManyToManyField(
        "classifications.Term", verbose_name=_("fields"), blank=True, related_name="proposals"
    )
    urgency = models.TextField(_("why it is needed"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_results = models.TextField(_("expected results and products"), blank=True)
    users = models.TextField(_("who will apply the results"), blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    budget = models.PositiveBigIntegerField(_("estimated budget (VND)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["call", "status"], name="proposal_call_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def proposed_by(self) -> str:
        """The proposing agency or organisation, else the person."""
        if self.organization_id and self.organization is not None:
            return self.organization.name
        return self.organization_name or self.proposer.full_name


class OrderList(models.Model):
    """The decision approving a call's ordering list (danh mục đặt hàng): its number, date,
    signer and signed PDF. The tasks on it follow the regime in force on its date."""

    call = models.OneToOneField(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="order_list"
    )
    number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("signed on"))
    # The People's Committee, or the Department where the province delegates it (its leader).
    issuer = models.CharField(_("issued by"), max_length=10, choices=Issuer.choices, default=Issuer.PPC)
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=120, blank=True)
    file = models.FileField(
        _("signed decision"), upload_to="research/order-lists/", max_length=200, blank=True
    )
    file_name = models.CharField(max_length=160, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ordering list")
        verbose_name_plural = _("ordering lists")

    def __str__(self) -> str:
        return self.number


class Task(models.Model):
    """A provincial S&T task, from the ordering list on."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=500)
    type = models.CharField(_("type"), max_length=10, choices=TaskType.choices, default=TaskType.TOPIC)
    fields = models.ManyToManyField(
        "classifications.Term", verbose_name=_("fields"), blank=True, related_name="tasks"
    )
    proposal = models.OneToOneField(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task",
    )
    order_list = models.ForeignKey(
        OrderList,
        verbose_name=_("ordering list"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    method = models.CharField(_("how the host is chosen"), max_length=10, choices=Method.choices)
    regime = models.CharField(_("regime"), max_length=10, choices=Regime.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=TaskState.choices, default=TaskState.ON_ORDER_LIST
    )
    host = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_tasks",
    )
    host_name = models.CharField(_("host organisation"), max_length=255, blank=True)
    investigator = models.CharField(_("principal investigator"), max_length=160, blank=True)
    budget_state = models.PositiveBigIntegerField(_("state budget (VND)"), null=True, blank=True)
    budget_other = models.PositiveBigIntegerField(_("other sources (VND)"), null=True, blank=True)
    ordered_on = models.DateField(_("ordered on"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    published = models.BooleanField(_("on the public list"), default=True)
    # The call for selection (or for the directly assigned host's dossier): its window.
    apply_from = models.DateField(_("applications from"), null=True, blank=True)
    apply_until = models.DateField(_("applications until"), null=True, blank=True)
    # The account that acts for the host (the selected applicant): reports, dossiers.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("host's account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="research_tasks",
    )
    lump_sum = models.CharField(_("lump-sum spending"), max_length=10, choices=LumpSum.choices, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices, blank=True)
    risk_accepted = models.BooleanField(_("research risk accepted"), default=False)
    registered_on = models.DateField(_("results registered on"), null=True, blank=True)
    archive_number = models.CharField(_("archive number"), max_length=60, blank=True)
    # Form 5 (Circular 14/2014): the registration data of the results.
    registration = models.JSONField(_("registration data"), default=dict, blank=True)
    # The budget appraisal team's conclusion (with the Department of Finance): approval waits for it.
    appraised_on = models.DateField(_("budget appraised on"), null=True, blank=True)
    plan_items = models.ManyToManyField(
        "plans.PlanItem", verbose_name=_("plan items implemented"), blank=True, related_name="research_tasks"
    )
    # The key of a task imported from a spreadsheet (its code in the DOST's old register).
    import_key = models.CharField(max_length=60, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("S&T task")
        verbose_name_plural = _("S&T tasks")
        ordering = ["-ordered_on", "code"]
        indexes = [
            models.Index(fields=["state", "regime"], name="task_state_regime"),
            models.Index(fields=["ordered_on", "code"], name="task_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def host_label(self) -> str:
        if self.host_id and self.host is not None:
            return self.host.name
        return self.host_name


class TaskMember(models.Model):
    """An account acting for the host on one task in a role (``TaskRole``): the principal
    investigator or the host organisation's leader. One of each per task."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="task_roles",
    )
    role = models.CharField(_("role"), max_length=12, choices=TaskRole.choices)
    added_on = models.DateField(_("named on"), auto_now_add=True)

    class Meta:
        verbose_name = _("person acting for the host")
        verbose_name_plural = _("people acting for the host")
        ordering = ["task", "role"]
        constraints = [models.UniqueConstraint(fields=["task", "role"], name="task_member_one_per_role")]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.get_role_display()}"


def _document_path(instance: TaskDocument, filename: str) -> str:
    return f"research/tasks/{instance.task_id}/{instance.kind}-{uuid.uuid4().hex[:12]}.pdf"


class TaskDocument(models.Model):
    """A document a task's step records (decision, minutes, contract, certificate): its number
    and symbol, date, signer and signed PDF."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number and symbol"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    issuer = models.CharField(_("issued by"), max_length=10, choices=Issuer.choices, default=Issuer.DOST)
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(_("signed PDF"), upload_to=_document_path, max_length=200, blank=True)
    file_name = models.CharField(max_length=160, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task document")
        verbose_name_plural = _("task documents")
        ordering = ["signed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()})"


class Application(models.Model):
    """An application to host a task (hồ sơ đăng ký tuyển chọn / giao trực tiếp): the host,
    the investigator and team, what will be done and produced, when, for how much, and the
    dossier's parts with the DOST's validity checklist."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="research_applications",
    )
    host_name = models.CharField(_("host organisation"), max_length=255)
    investigator = models.CharField(_("principal investigator"), max_length=160)
    team = models.JSONField(_("main members"), default=list, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    contents = models.TextField(_("contents and methods"), blank=True)
    products = models.JSONField(_("products and their specifications"), default=list, blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    budget_lines = models.JSONField(_("cost estimate"), default=list, blank=True)
    budget_total = models.PositiveBigIntegerField(_("state budget requested (VND)"), null=True, blank=True)
    budget_other = models.PositiveBigIntegerField(_("other sources (VND)"), null=True, blank=True)
    checklist = models.JSONField(_("validity checklist"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    score = models.CharField(_("council's mean score"), max_length=12, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["task", "pk"]

    def __str__(self) -> str:
        return f"{self.host_name} · {self.task.code}"


def _part_path(instance: ApplicationFile, filename: str) -> str:
    return f"research/applications/{instance.application_id}/{instance.part}-{uuid.uuid4().hex[:12]}"


class ApplicationFile(models.Model):
    """One part of an application's dossier, as a file."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    part = models.CharField(_("part of the dossier"), max_length=16)
    file = models.FileField(_("file"), upload_to=_part_path, max_length=200)
    name = models.CharField(_("file name"), max_length=160)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["part", "pk"]

    def __str__(self) -> str:
        return self.name


class ProgressReport(models.Model):
    """A six-monthly progress report of the host (submitted, returned with a note, accepted)."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=20)
    due_on = models.DateField(_("due on"))
    work_done = models.TextField(_("work done against the plan"), blank=True)
    products = models.TextField(_("products so far"), blank=True)
    funds_used = models.PositiveBigIntegerField(_("funds used (VND)"), null=True, blank=True)
    problems = models.TextField(_("problems"), blank=True)
    changes = models.TextField(_("proposed changes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    is_late = models.BooleanField(_("submitted late"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "due_on"]
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="progress_report_period")]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.period}"


class Adjustment(models.Model):
    """A change the host asks for (duration, content, budget, investigator, host) and who may
    approve it (the rule set)."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="adjustments"
    )
    kind = models.CharField(_("change"), max_length=12, choices=AdjustmentKind.choices)
    description = models.TextField(_("what changes"))
    reason = models.TextField(_("reason"))
    new_end = models.DateField(_("new end date"), null=True, blank=True)
    new_budget = models.PositiveBigIntegerField(_("new state budget (VND)"), null=True, blank=True)
    new_value = models.CharField(_("new investigator or host"), max_length=255, blank=True)
    approver = models.CharField(_("approved by"), max_length=10, choices=Issuer.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=AdjustmentStatus.choices, default=AdjustmentStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_on = models.DateField(_("requested on"))
    decision = models.ForeignKey(
        TaskDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decision"),
    )
    # The host's leader endorses the request before the DOST decides.
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("endorsed by"),
    )
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["task", "requested_on", "pk"]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.get_kind_display()}"


class Payment(models.Model):
    """Money of the state budget moving for a task: advances, tranches, settled and recovered."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=PaymentKind.choices)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    paid_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["task", "paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.get_kind_display()} {self.amount}"


class ApplicationReport(models.Model):
    """A yearly report on the application of a task's results (Form 12, Circular 14/2014)."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="application_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    applied = models.BooleanField(_("results applied"), default=False)
    where = models.TextField(_("where and at what scale"), blank=True)
    effects = models.TextField(_("economic and social effects"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report on the application of results")
        verbose_name_plural = _("reports on the application of results")
        ordering = ["task", "year"]
        constraints = [models.UniqueConstraint(fields=["task", "year"], name="application_report_year")]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.year}"


def _result_path(instance: TaskFile, filename: str) -> str:
    return f"research/tasks/{instance.task_id}/dossier-{instance.part}-{uuid.uuid4().hex[:12]}"


class TaskFile(models.Model):
    """A file of the task's acceptance dossier (final report, summary report, products…)."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="files")
    part = models.CharField(_("part of the dossier"), max_length=16, choices=ResultPart.choices)
    file = models.FileField(_("file"), upload_to=_result_path, max_length=200)
    name = models.CharField(_("file name"), max_length=160)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acceptance dossier file")
        verbose_name_plural = _("acceptance dossier files")
        ordering = ["part", "pk"]

    def __str__(self) -> str:
        return self.name
