from django.db import models
from django.utils.translation import gettext_lazy as _


class Regime(models.TextChoices):
    """The legal regime a task follows: the one in force on its ordering decision's date."""

    PRE_2025 = "pre_2025", _("Before the 2025 law (Law 29/2013)")
    LAW_2025 = "2025", _("The 2025 law (Law 93/2025)")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    SCREENED = "screened", _("Accepted for the identification council")
    IN_COUNCIL = "in_council", _("Before the identification council")
    ORDERED = "ordered", _("On the ordering list")
    NOT_ORDERED = "not_ordered", _("Not selected")
    REJECTED = "rejected", _("Not accepted at screening")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TaskType(models.TextChoices):
    TOPIC = "topic", _("Research topic")
    PILOT = "pilot", _("Pilot production project")
    SCHEME = "scheme", _("Scientific scheme")
    PROJECT = "project", _("S&T project")


class Method(models.TextChoices):
    """How the host is chosen once the task is on the ordering list."""

    SELECTION = "selection", _("Selection")
    DIRECT = "direct", _("Direct assignment")


class TaskState(models.TextChoices):
    """The task's state (domain §1.3, transitions T4–T23); ``khcn.research.workflow`` moves it."""

    ON_ORDER_LIST = "on_order_list", _("On the ordering list")
    CALL_OPEN = "call_open", _("Receiving applications")
    IN_SELECTION = "in_selection", _("Applications before the council")
    RECOMMENDED = "recommended", _("Host recommended, revising the description")
    IN_APPRAISAL = "in_appraisal", _("Budget under appraisal")
    APPROVED = "approved", _("Approved")
    CONTRACTED = "contracted", _("Contract signed")
    IN_PROGRESS = "in_progress", _("Under way")
    SUSPENDED = "suspended", _("Suspended")
    IN_ACCEPTANCE = "in_acceptance", _("Under acceptance")
    ACCEPTED = "accepted", _("Accepted by the council")
    FAILED = "failed", _("Not accepted")
    RECOGNISED = "recognised", _("Results recognised")
    LIQUIDATED = "liquidated", _("Contract liquidated")
    REGISTERED = "registered", _("Results registered")
    CLOSED = "closed", _("Closed")
    TERMINATED = "terminated", _("Terminated")
    DROPPED = "dropped", _("Dropped: no host selected")


# The states of a task under way, for the dashboard's "under way" count.
UNDER_WAY = (TaskState.CONTRACTED, TaskState.IN_PROGRESS, TaskState.SUSPENDED, TaskState.IN_ACCEPTANCE)
# Accepted and after: the results exist.
ACCEPTED_STATES = (
    TaskState.ACCEPTED,
    TaskState.RECOGNISED,
    TaskState.LIQUIDATED,
    TaskState.REGISTERED,
    TaskState.CLOSED,
)


class Rating(models.TextChoices):
    """The acceptance council's rating (Circular 11/2014 pattern; the tally's codes)."""

    EXCELLENT = "xuat_sac", _("Excellent")
    PASS = "dat", _("Pass")
    FAIL = "khong_dat", _("Fail")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALID = "valid", _("Valid")
    INVALID = "invalid", _("Invalid")
    IN_COUNCIL = "in_council", _("Before the council")
    PASSED = "passed", _("Passed the council")
    NOT_PASSED = "not_passed", _("Did not pass")
    SELECTED = "selected", _("Selected as host")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DossierPart(models.TextChoices):
    """The parts of an application dossier (domain §1.5.3, Circular 20/2023 Art. 9(2))."""

    FORM = "form", _("Application form")
    LEGAL = "legal", _("Proof of the host's legal status")
    DESCRIPTION = "description", _("Project description with the cost estimate")
    CAPACITY = "capacity", _("The host's S&T activities and capacity")
    CVS = "cvs", _("Scientific CVs of the investigator and main members")
    PARTNERS = "partners", _("Partners' commitment letters")
    COUNTERPART = "counterpart", _("Commitment of counterpart funds")
    QUOTATIONS = "quotations", _("Price quotations for major equipment and materials")


class CostCategory(models.TextChoices):
    """Cost categories of an estimate (Circular 03/2023/TT-BTC)."""

    LABOUR = "labour", _("Direct labour")
    EXPERTS = "experts", _("Experts")
    MATERIALS = "materials", _("Materials, energy and fuel")
    EQUIPMENT = "equipment", _("Equipment and machinery")
    CONSTRUCTION = "construction", _("Small construction and repairs")
    OTHER = "other", _("Other costs (travel, workshops, management)")


class DocumentKind(models.TextChoices):
    """The documents a task's steps record: each with its number, date, signer and signed PDF."""

    SELECTION_RESULT = "selection_result", _("Decision on the selection result")
    APPRAISAL = "appraisal", _("Budget appraisal minutes")
    APPROVAL = "approval", _("Decision approving the task")
    CONTRACT = "contract", _("Contract")
    CONTRACT_ANNEX = "annex", _("Contract annex")
    INSPECTION = "inspection", _("Inspection minutes")
    ADJUSTMENT = "adjustment", _("Decision on an adjustment")
    SUSPENSION = "suspension", _("Decision to suspend")
    TERMINATION = "termination", _("Decision to terminate")
    SELF_EVALUATION = "self_evaluation", _("Self-evaluation minutes")
    RECOGNITION = "recognition", _("Decision recognising the results")
    ASSETS = "assets", _("Decision on handling the assets")
    LIQUIDATION = "liquidation", _("Contract liquidation minutes")
    REGISTRATION = "registration", _("Certificate of registration of results")


class Issuer(models.TextChoices):
    """Who signs a decision: the Provincial People's Committee (recorded by the DOST) or the
    DOST where the province delegates it."""

    PPC = "ppc", _("Provincial People's Committee")
    DOST = "dost", _("Department of Science and Technology")
    HOST = "host", _("Host organisation")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    ACCEPTED = "accepted", _("Accepted")


class AdjustmentKind(models.TextChoices):
    DURATION = "duration", _("Extension of the duration")
    CONTENT = "content", _("Content (objectives and products unchanged)")
    BUDGET = "budget", _("Budget reallocation")
    INVESTIGATOR = "investigator", _("Principal investigator")
    HOST = "host", _("Host organisation")


class AdjustmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn by the host")


class TaskRole(models.TextChoices):
    """Who acts for the host on a task besides its account: the principal investigator does the
    work (reports, dossier, Form 5 and 12); the host's leader endorses and submits on the
    organisation's behalf (adjustments, the acceptance dossier, the Form 5 summary)."""

    INVESTIGATOR = "investigator", _("Principal investigator")
    LEADER = "leader", _("Host organisation's leader")


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    TRANCHE = "tranche", _("Tranche")
    SETTLED = "settled", _("Settled")
    RECOVERED = "recovered", _("Recovered")


class LumpSum(models.TextChoices):
    FULL = "full", _("Lump sum to the final product")
    PARTIAL = "partial", _("Partial lump sum")


class ResultPart(models.TextChoices):
    """The parts of the acceptance dossier the host uploads (domain §1.9; the final and summary
    reports go to the registration of the results and the library)."""

    FINAL_REPORT = "final_report", _("Final report")
    SUMMARY_REPORT = "summary_report", _("Summary report")
    PRODUCTS = "products", _("Products and evidence (test and measurement results)")
    FINANCIAL = "financial", _("Financial report")
    PUBLICATIONS = "publications", _("Publications, training, intellectual property")
    OTHER = "other", _("Other documents")


# The parts without which the acceptance dossier is not submitted.
REQUIRED_RESULT_PARTS = (ResultPart.FINAL_REPORT, ResultPart.SUMMARY_REPORT, ResultPart.FINANCIAL)
