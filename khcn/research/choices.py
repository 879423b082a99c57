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
    """The task's state (domain §1.3); the states after the ordering list come with their steps."""

    ON_ORDER_LIST = "on_order_list", _("On the ordering list")
