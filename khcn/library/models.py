"""The electronic S&T library: collections with curators, records described with Dublin Core
plus what Vietnamese practice needs (English title, authors linked to the experts registry,
organisations to the agencies, field codes, identifiers, access level), their files with the
text read from them, and the usage (views and downloads) counted by the COUNTER rules.

A record's identifier is its primary key: its page ``/library/records/<pk>/`` and its OAI
identifier ``oai:<repository>:<pk>`` never change; a withdrawn record keeps a tombstone page
and is reported as deleted to harvesters. ``datestamp`` moves on every change that a harvester
must see (metadata, status)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.library.choices import Access, Language, RecordStatus, RecordType, TextStatus


class Collection(models.Model):
    """A collection of records (a set for harvesters), with its curators, who publish what is
    deposited in it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    curators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("curators"), blank=True, related_name="curated_collections"
    )
    # Harvested from another repository (OAI-PMH): its base URL and set, if any.
    harvest_url = models.URLField(_("harvested from (OAI-PMH base URL)"), max_length=500, blank=True)
    harvest_set = models.CharField(_("harvested set"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Record(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=RecordType.choices)
    collection = models.ForeignKey(
        Collection, verbose_name=_("collection"), on_delete=models.PROTECT, related_name="records"
    )
    title = models.CharField(_("title"), max_length=1000)
    title_en = models.CharField(_("English title"), max_length=1000, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.VI)
    issued_year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    keywords = models.CharField(_("keywords"), max_length=1000, blank=True, help_text=_("Separated by ';'."))
    fields = models.ManyToManyField(
        "classifications.Term", verbose_name=_("fields"), blank=True, related_name="library_records"
    )
    organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("organisations"),
        blank=True,
        related_name="library_records",
    )
    # Identifiers
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    issn = models.CharField(_("ISSN"), max_length=9, blank=True)
    doi = models.CharField(_("DOI"), max_length=255, blank=True)
    patent_number = models.CharField(_("patent number"), max_length=60, blank=True)
    task_code = models.CharField(_("S&T task code"), max_length=30, blank=True)
    task = models.ForeignKey(
        "research.Task",
        verbose_name=_("S&T task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_records",
    )
    rights = models.CharField(_("rights"), max_length=500, blank=True)
    # Who may open the files.
    access = models.CharField(_("access"), max_length=10, choices=Access.choices, default=Access.PUBLIC)
    # The roles that may open the files when ``access`` is ROLES: ",dost_specialist,applicant,".
    access_roles = models.CharField(_("roles allowed"), max_length=300, blank=True)
    embargo_until = models.DateField(_("embargoed until"), null=True, blank=True)
    # The deposit workflow
    status = models.CharField(
        _("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.DRAFT, db_index=True
    )
    note = models.TextField(_("curator's note"), blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    depositor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deposited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_deposits",
    )
    # Harvested records: their identifier in the source repository (re-harvest updates).
    source_identifier = models.CharField(max_length=500, blank=True, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What OAI-PMH reports as the record's datestamp: moved by every change a harvester must see.
    datestamp = models.DateTimeField(default=timezone.now, db_index=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("library record")
        verbose_name_plural = _("library records")
        ordering = ["-issued_year", "-pk"]
        indexes = [
            models.Index(fields=["status", "datestamp", "id"], name="library_record_oai"),
            models.Index(fields=["status", "kind", "issued_year"], name="library_record_facets"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:record_detail", args=[self.pk])

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(";") if k.strip()]

    @property
    def role_list(self) -> list[str]:
        return [r for r in self.access_roles.split(",") if r]

    def embargoed(self, today: dt.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.access == Access.EMBARGO and (self.embargo_until is None or day < self.embargo_until)


class Author(models.Model):
    """An author of a record, in order, linked to the experts registry where they match."""

    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="authors"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    expert = models.ForeignKey(
        "experts.Expert",
        verbose_name=_("expert profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_works",
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["record", "position"]
        constraints = [models.UniqueConstraint(fields=["record", "position"], name="library_author_order")]

    def __str__(self) -> str:
        return self.name


def _file_path(instance: RecordFile, filename: str) -> str:
    return f"library/{instance.record_id}/{uuid.uuid4().hex}-{filename}"


class RecordFile(models.Model):
    """A file of a record (checked by its content on upload) and the text read from it."""

    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("format"), max_length=12)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)
    text_status = models.CharField(
        _("text"), max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    text_note = models.CharField(_("note on the text"), max_length=500, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("record file")
        verbose_name_plural = _("record files")
        ordering = ["record", "pk"]

    def __str__(self) -> str:
        return self.name


class Usage(models.Model):
    """One counted view of a record's page or download of one of its files (COUNTER: a repeated
    click within the double-click window counts once; robots are not counted)."""

    VIEW, DOWNLOAD = "view", "download"

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="usage")
    file = models.ForeignKey(RecordFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=8, choices=[(VIEW, _("view")), (DOWNLOAD, _("download"))])
    month = models.DateField(db_index=True)  # the first day of the month
    visitor = models.CharField(max_length=64)  # a hash of the session or address and agent
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("usage")
        verbose_name_plural = _("usage")
        indexes = [
            models.Index(fields=["record", "kind", "month"], name="library_usage_month"),
            # The double-click check (khcn.library.services.usage): this visitor's last clicks.
            models.Index(fields=["visitor", "at"], name="library_usage_visitor"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} · {self.kind} · {self.month:%m/%Y}"


class HarvestRun(models.Model):
    """One harvest of a collection from another repository over OAI-PMH
    (``khcn.library.harvest``): when it started and ended, what it counted, why it stopped."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [
        (QUEUED, _("Waiting to start")),
        (RUNNING, _("Harvesting")),
        (DONE, _("Finished")),
        (FAILED, _("Stopped by an error")),
    ]

    collection = models.ForeignKey(
        Collection, verbose_name=_("collection"), on_delete=models.CASCADE, related_name="harvests"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("OAI-PMH base URL"), max_length=500)
    set_spec = models.CharField(_("set"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=STATUSES, default=QUEUED)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seen = models.PositiveIntegerField(_("records read"), default=0)
    created = models.PositiveIntegerField(_("records added"), default=0)
    updated = models.PositiveIntegerField(_("records updated"), default=0)
    unchanged = models.PositiveIntegerField(_("records unchanged"), default=0)
    withdrawn = models.PositiveIntegerField(_("records withdrawn"), default=0)
    skipped = models.PositiveIntegerField(_("records skipped"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("harvest")
        verbose_name_plural = _("harvests")
        ordering = ["-queued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.collection} · {self.queued_at:%d/%m/%Y %H:%M}"

    @property
    def active(self) -> bool:
        return self.status in (self.QUEUED, self.RUNNING)
