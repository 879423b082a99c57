"""Fixed lists of the experts registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", pgettext_lazy("gender", "Other")


class AcademicTitle(models.TextChoices):
    """Chức danh giáo sư, phó giáo sư (Decision 37/2018/QĐ-TTg)."""

    GS = "GS", _("Professor (GS)")
    PGS = "PGS", _("Associate professor (PGS)")


class Degree(models.TextChoices):
    """Highest degree, as Vietnamese lists abbreviate it."""

    TSKH = "TSKH", _("Doctor of Science (TSKH)")
    TS = "TS", _("Doctor (TS)")
    THS = "ThS", _("Master (ThS)")
    BSCKII = "BSCKII", _("Specialist doctor level II (BSCKII)")
    CKII = "CKII", _("Specialist level II (CKII)")
    BSCKI = "BSCKI", _("Specialist doctor level I (BSCKI)")
    CKI = "CKI", _("Specialist level I (CKI)")
    KS = "KS", _("Engineer (KS)")
    CN = "CN", _("Bachelor (CN)")
    BS = "BS", _("Medical doctor (BS)")
    OTHER = "other", pgettext_lazy("degree", "Other")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", _("Limited")
    UNAVAILABLE = "unavailable", _("Not available")


class Relation(models.TextChoices):
    """Close relatives as Article 9 of the S&T council rules names them."""

    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
