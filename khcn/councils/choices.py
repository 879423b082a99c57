from django.db import models
from django.utils.translation import gettext_lazy as _

from khcn.councils import rules as council_rules


class CouncilKind(models.TextChoices):
    """The kinds of council; their rules (size, roles, quorum, method) are rule sets per kind
    (``khcn.councils.rules``)."""

    IDENTIFICATION = council_rules.IDENTIFICATION, _("Identification council")
    SELECTION = council_rules.SELECTION, _("Selection council")
    DIRECT_ASSIGNMENT = council_rules.DIRECT_ASSIGNMENT, _("Direct-assignment council")
    BUDGET_APPRAISAL = council_rules.BUDGET_APPRAISAL, _("Budget appraisal team")
    ACCEPTANCE = council_rules.ACCEPTANCE, _("Acceptance council")
    SELF_EVALUATION = council_rules.SELF_EVALUATION, _("Self-evaluation council")
    ADVISORY = council_rules.ADVISORY, _("Advisory council")


class CouncilStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Members proposed")
    DECIDED = "decided", _("Established by decision")
    SCHEDULED = "scheduled", _("Session scheduled")
    IN_SESSION = "in_session", _("In session")
    CLOSED = "closed", _("Closed")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Scientific secretary")
    REVIEWER = "reviewer", _("Reviewer")
    MEMBER = "member", _("Member")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
