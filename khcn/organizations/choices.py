from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    DEPARTMENT = "department", _("Department, board or sector")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune-level People's Committee")
    DISTRICT_COMMITTEE = "district_committee", _("District People's Committee (former)")
    SECURITY = "security", _("Police or military command")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")
    SCIENCE_ORGANIZATION = "science_organization", _("S&T organisation")
    ENTERPRISE = "enterprise", _("Enterprise")


class AliasKind(models.TextChoices):
    OFFICIAL = "official", _("Official name")
    SHORT = "short", _("Short name")
    ALIAS = "alias", _("Other name")
    FORMER = "former", _("Former name")


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merged into")
    SPLIT = "split", _("Split into")
    TRANSFER = "transfer", _("Duties transferred to")
