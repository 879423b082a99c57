"""S&T tasks (nhiệm vụ KH&CN cấp tỉnh): the calls for proposals (đợt đề xuất đặt hàng) and the
proposals (phiếu đề xuất) that, screened and voted on by an identification council, make the
ordering list. The lifecycle is ``khcn.research.workflow``; the regime a task follows is
``Regime`` (the law in force on its ordering decision's date)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khcn.research.choices import Method, ProposalStatus, Regime, TaskState, TaskType


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
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("S&T task")
        verbose_name_plural = _("S&T tasks")
        ordering = ["-ordered_on", "code"]
        indexes = [models.Index(fields=["state", "regime"], name="task_state_regime")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def host_label(self) -> str:
        if self.host_id and self.host is not None:
            return self.host.name
        return self.host_name
