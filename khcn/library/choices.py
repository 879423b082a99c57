"""The library's vocabularies: record types, access levels, the deposit workflow's statuses,
the languages a record is written in, the state of a file's text."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecordType(models.TextChoices):
    TASK_FINAL_REPORT = "task_final_report", _("S&T task final report")
    TASK_SUMMARY = "task_summary", _("S&T task summary report")
    ARTICLE = "article", _("Scientific article")
    THESIS = "thesis", _("Thesis")
    BOOK = "book", _("Book")
    STANDARD = "standard", pgettext_lazy("library record type", "Standard")
    PATENT = "patent", _("Patent or utility solution")
    PROCESS = "process", _("Technical process")
    MAP = "map", pgettext_lazy("library record type", "Map")
    DATASET = "dataset", _("Dataset")
    CONFERENCE_PAPER = "conference_paper", _("Conference paper")
    POLICY = "policy", _("Policy document")


class Access(models.TextChoices):
    """Who may open a record's files (its description is public once published)."""

    PUBLIC = "public", _("Public")
    SIGNED_IN = "signed_in", _("Signed-in users")
    ROLES = "roles", _("Restricted to roles")
    EMBARGO = "embargo", _("Embargoed until a date")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with a note")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")
    OTHER = "other", _("Other language")


class TextStatus(models.TextChoices):
    """The state of a file's extracted text (a background task reads it)."""

    PENDING = "pending", _("Waiting to be read")
    DONE = "done", _("Text read")
    OCR = "ocr", _("Text read by OCR")
    NO_TEXT = "no_text", _("No text in this kind of file")
    NO_OCR = "no_ocr", _("Scanned: OCR is not installed")
    FAILED = "failed", _("Could not be read")
