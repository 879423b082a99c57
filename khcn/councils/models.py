"""Councils (hội đồng): a council of a kind, its members with their roles, the items handed to
it by another module (an application, a proposal, a task's results), its sessions with
attendance and the members' sheets. Rules (size, roles, quorum, rubric, pass marks) are rule
sets per kind (``khcn.councils.rules``); the tally is ``khcn.councils.tally``."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khcn.councils.choices import CouncilKind, CouncilStatus, MemberRole, SheetStatus


def file_path(council_id: int, extension: str) -> str:
    """Where a council's file (the signed decision, a scanned paper sheet) is stored, under a
    random name (never the user's): ``councils/<council>/<uuid>.<ext>``."""
    return f"councils/{council_id}/{uuid.uuid4().hex}.{extension.lstrip('.')[:10]}"


def _decision_path(instance: Any, filename: str) -> str:
    return file_path(instance.pk, PurePosixPath(filename).suffix or "bin")


def _scan_path(instance: Any, filename: str) -> str:
    return file_path(instance.session.council_id, PurePosixPath(filename).suffix or "bin")


class Council(models.Model):
    """An advisory council established by an agency for a purpose and a span of time."""

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=24, choices=CouncilKind.choices, default=CouncilKind.ADVISORY
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CouncilStatus.choices, default=CouncilStatus.DRAFT
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("established by"),
        on_delete=models.PROTECT,
        related_name="councils",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=120, blank=True)
    decision_file = models.FileField(
        _("signed decision"), upload_to=_decision_path, max_length=200, blank=True
    )
    decision_file_name = models.CharField(max_length=160, blank=True)
    rubric = models.CharField(_("rubric"), max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: khcn.core.concurrency

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["-established_on", "name"]

    def __str__(self) -> str:
        return self.name


class CouncilMember(models.Model):
    """A member of a council with their role in it; ``user`` when they sign in to fill sheets."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    # The member's profile in the experts registry: what conflicts of interest are checked on.
    expert = models.ForeignKey(
        "experts.Expert",
        verbose_name=_("expert profile"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    full_name = models.CharField(_("full name"), max_length=160)
    affiliation = models.CharField(_("affiliation"), max_length=255, blank=True)
    role = models.CharField(_("role in the council"), max_length=16, choices=MemberRole.choices)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class CouncilItem(models.Model):
    """What the council evaluates, handed to it by another module: ``subject`` names the kind
    registered in ``khcn.councils.registry`` ("" for an item typed by the DOST), ``subject_id``
    the object there. ``outcome`` is the tally's result, handed back when the session closes."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="items"
    )
    subject = models.CharField(_("kind of item"), max_length=60, blank=True)
    subject_id = models.CharField(max_length=40, blank=True)
    title = models.TextField(_("title"))
    # Whose work it is: {"organizations": [agency ids], "organization_names": [...], "people":
    # [names of the principal investigator, the secretary, the main members]}; conflicts of
    # interest are checked against it.
    parties = models.JSONField(_("applicant and team"), default=dict, blank=True)
    outcome = models.JSONField(_("outcome"), null=True, blank=True)

    class Meta:
        verbose_name = _("council item")
        verbose_name_plural = _("council items")
        ordering = ["council", "pk"]

    def __str__(self) -> str:
        return self.title[:120]


class CouncilSession(models.Model):
    """One sitting of the council (a closed council may be reconvened: a new session)."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("session"), default=1)
    scheduled_at = models.DateTimeField(_("scheduled at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    tally = models.JSONField(_("tally"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["council", "number"]
        constraints = [models.UniqueConstraint(fields=["council", "number"], name="council_session_unique")]

    def __str__(self) -> str:
        return f"{self.council} — {self.number}"


class Attendance(models.Model):
    """Whether a member is present at a session; an absent member may send a written opinion,
    recorded but not counted."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)
    written_opinion = models.TextField(_("written opinion"), blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.member} — {self.session}"


class Sheet(models.Model):
    """A member's sheet on one item at one session: scores per criterion (numbered from 1, as
    strings of decimals), a rating or a vote; locked once submitted. ``transcribed_by``: the
    secretary who typed in a paper sheet for the member."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="sheets")
    item = models.ForeignKey(CouncilItem, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="sheets")
    status = models.CharField(
        _("status"), max_length=12, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    rating = models.CharField(_("rating"), max_length=12, blank=True)
    vote = models.CharField(_("vote"), max_length=4, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    transcribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The paper sheet the secretary transcribed, scanned.
    scan = models.FileField(_("scanned paper sheet"), upload_to=_scan_path, max_length=200, blank=True)
    scan_name = models.CharField(max_length=160, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("sheet")
        verbose_name_plural = _("sheets")
        constraints = [models.UniqueConstraint(fields=["session", "item", "member"], name="sheet_unique")]

    def __str__(self) -> str:
        return f"{self.member} — {self.item}"


class Declaration(models.Model):
    """A member's declaration on one item before their sheet opens: the conflicts of interest
    found in the registries on that day (``reasons``) block the sheet unless a DOST leader
    overrides the block, with a reason."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="declarations")
    item = models.ForeignKey(CouncilItem, on_delete=models.CASCADE, related_name="declarations")
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    reasons = models.JSONField(_("conflicts of interest"), default=list, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [models.UniqueConstraint(fields=["member", "item"], name="declaration_unique")]

    def __str__(self) -> str:
        return f"{self.member} — {self.item}"

    @property
    def blocked(self) -> bool:
        return bool(self.reasons) and self.override_by_id is None
