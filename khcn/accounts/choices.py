"""The roles a membership can carry (vai trò), and the groups of them the policies use."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DOST_SPECIALIST = "dost_specialist", _("DOST specialist")
    DOST_LEADER = "dost_leader", _("DOST leader")
    AGENCY_REPORTER = "agency_reporter", _("Agency reporter")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    COUNCIL_MEMBER = "council_member", _("Council member")
    COUNCIL_SECRETARY = "council_secretary", _("Council secretary")
    APPLICANT = "applicant", _("Applicant")
    SYSADMIN = "sysadmin", _("System administrator")


COUNCIL_ROLES = frozenset({Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY})
AGENCY_ROLES = frozenset({Role.DOST_SPECIALIST, Role.DOST_LEADER, Role.AGENCY_REPORTER, Role.AGENCY_LEADER})


class ApplicantKind(models.TextChoices):
    """Who registers themselves as an applicant (``khcn.accounts.services.applicant_register``)."""

    REPRESENTATIVE = "representative", _("An organisation's representative")
    INDIVIDUAL = "individual", _("An individual")
