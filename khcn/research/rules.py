"""What the law fixes for S&T tasks that this module reads.

The regime a task follows is the one in force on its ordering decision's date: the Law on
Science, Technology and Innovation 93/2025/QH15 took effect on 01/10/2025 (tasks ordered before
keep running under Law 29/2013 and its circulars). Each regime has a version of the rule set
``research.lifecycle`` (``khcn.core.rules``): the deadlines of the steps (amount and unit, read
by ``khcn.core.calendar.deadline``), who approves each kind of adjustment, the limits on
extensions and what follows a failed acceptance. A task reads the version in force on its
ordering date, so a task of 2023 keeps the old deadlines after the change.

Values marked under ``uncertain`` were not confirmed against the official text (domain note
§1.3 ⚙, §1.8, §1.10, §7); publish a corrected version once the DOST confirms its regulation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from khcn.core.plugins import RuleParameter, RuleSetSpec, RuleSetVersion
from khcn.core.rules import rule_get
from khcn.research.choices import Issuer, Regime

LAW_93_2025_IN_FORCE = dt.date(2025, 10, 1)
CIRCULAR_10_2014 = dt.date(2014, 8, 1)  # selection and direct assignment, pre-2025 (domain §1.1)
LIFECYCLE = "research.lifecycle"


def regime_on(day: dt.date) -> str:
    """The regime of a task ordered on ``day``."""
    return Regime.LAW_2025 if day >= LAW_93_2025_IN_FORCE else Regime.PRE_2025


def lifecycle(as_of: dt.date) -> dict[str, Any]:
    """The lifecycle rules in force on ``as_of`` (a task's ordering date)."""
    return rule_get(LIFECYCLE, as_of=as_of)


def lifecycle_picker() -> Callable[[dt.date], dict[str, Any]]:
    """``lifecycle`` for many tasks at once: every version read in one query, then picked by
    date in memory (the overdue list, the reminders)."""
    from khcn.core.models import RuleSet

    versions: list[tuple[dt.date, dict[str, Any]]] = []

    def pick(as_of: dt.date) -> dict[str, Any]:
        if not versions:  # read on first use
            versions.extend(
                RuleSet.objects.filter(code=LIFECYCLE)
                .order_by("-effective_from")
                .values_list("effective_from", "parameters")
            )
        for effective_from, parameters in versions:
            if effective_from <= as_of:
                return dict(parameters)
        return lifecycle(as_of)  # none in force: the same refusal as a single lookup

    return pick


_UNCERTAIN_LABELS = {
    "apply_window": _("the application window (national practice, about 30 days)"),
    "revise": _("the time to revise the description"),
    "progress": _("the rhythm and due date of progress reports"),
    "acceptance_dossier": _("the time to submit the acceptance dossier"),
    "application_years": _("how many years the application of results is reported"),
    "approvers": _("who approves each adjustment"),
    "issuers": _("who issues each decision (the province's delegation to the Department)"),
    "extension": _("the limits on extensions"),
    "on_fail": _("what follows a failed acceptance"),
}
_APPROVER_LABELS = {Issuer.PPC.value: Issuer.PPC.label, Issuer.DOST.value: Issuer.DOST.label}
_ON_FAIL_LABELS = {
    "recover": _("the funds are recovered (Circular 03/2023/TT-BTC)"),
    "risk": _(
        "no recovery when the host followed the rules: the research risk is accepted (Law 93/2025, "
        "Decree 88/2025)"
    ),
}
_UNITS = {
    "calendar_days": _("calendar days"),
    "working_days": _("working days"),
    "months": _("months"),
}

SPEC = RuleSetSpec(
    LIFECYCLE,
    _("The lifecycle of provincial S&T tasks"),
    [
        RuleParameter("apply_window.amount", _("Applications are received for")),
        RuleParameter("apply_window.unit", _("Unit"), value_labels=_UNITS),
        RuleParameter("revise.amount", _("The recommended host revises its description within")),
        RuleParameter("revise.unit", _("Unit"), value_labels=_UNITS),
        RuleParameter(
            "progress.every_months",
            _("Progress reports every"),
            value_format=ngettext_lazy("%(value)s month", "%(value)s months", "value"),
        ),
        RuleParameter(
            "progress.due_days",
            _("A progress report is due after its period ends within"),
            value_format=ngettext_lazy("%(value)s day", "%(value)s days", "value"),
        ),
        RuleParameter(
            "acceptance_dossier.amount", _("The acceptance dossier is submitted after the end date within")
        ),
        RuleParameter("acceptance_dossier.unit", _("Unit"), value_labels=_UNITS),
        RuleParameter("registration.amount", _("The results are registered after the acceptance within")),
        RuleParameter("registration.unit", _("Unit"), value_labels=_UNITS),
        RuleParameter(
            "application_years",
            _("The application of results is reported yearly for"),
            value_format=ngettext_lazy("%(value)s year", "%(value)s years", "value"),
        ),
        RuleParameter(
            "issuers.order_list", _("The ordering list is approved by"), value_labels=_APPROVER_LABELS
        ),
        RuleParameter(
            "issuers.selection_result", _("The selection result is decided by"), value_labels=_APPROVER_LABELS
        ),
        RuleParameter("issuers.approval", _("The task is approved by"), value_labels=_APPROVER_LABELS),
        RuleParameter("issuers.suspension", _("A suspension is decided by"), value_labels=_APPROVER_LABELS),
        RuleParameter("issuers.termination", _("A termination is decided by"), value_labels=_APPROVER_LABELS),
        RuleParameter(
            "issuers.recognition", _("The results are recognised by"), value_labels=_APPROVER_LABELS
        ),
        RuleParameter(
            "issuers.assets", _("The assets are handled by decision of"), value_labels=_APPROVER_LABELS
        ),
        RuleParameter("appraisal.finance_agency", _("The budget appraisal team includes a member of")),
        RuleParameter("approvers.duration", _("An extension is approved by"), value_labels=_APPROVER_LABELS),
        RuleParameter(
            "approvers.content", _("A change of content is approved by"), value_labels=_APPROVER_LABELS
        ),
        RuleParameter(
            "approvers.budget", _("A budget reallocation is approved by"), value_labels=_APPROVER_LABELS
        ),
        RuleParameter(
            "approvers.investigator", _("A new investigator is approved by"), value_labels=_APPROVER_LABELS
        ),
        RuleParameter("approvers.host", _("A new host is approved by"), value_labels=_APPROVER_LABELS),
        RuleParameter(
            "extension.max_times",
            _("Extensions allowed"),
            value_format=ngettext_lazy("%(value)s time", "%(value)s times", "value"),
        ),
        RuleParameter(
            "extension.long_task_months",
            _("A task is long from"),
            value_format=ngettext_lazy("%(value)s month", "%(value)s months", "value"),
        ),
        RuleParameter(
            "extension.max_months_long",
            _("Longest extension of a long task"),
            value_format=ngettext_lazy("%(value)s month", "%(value)s months", "value"),
        ),
        RuleParameter(
            "extension.max_months_short",
            _("Longest extension of a shorter task"),
            value_format=ngettext_lazy("%(value)s month", "%(value)s months", "value"),
        ),
        RuleParameter(
            "extension.request_days_before_end",
            _("An extension is asked for before the end date at least"),
            value_format=ngettext_lazy("%(value)s day", "%(value)s days", "value"),
        ),
        RuleParameter("on_fail", _("When the acceptance fails"), value_labels=_ON_FAIL_LABELS),
        RuleParameter("uncertain", _("Not yet confirmed against the text"), value_labels=_UNCERTAIN_LABELS),
    ],
)

# Who issues each decision: the People's Committee, or the Department where the province
# delegates it (domain §1.2, T4–T19). A Department's decision is taken by its leader.
DEFAULT_ISSUERS: dict[str, str] = {
    "order_list": Issuer.PPC.value,
    "selection_result": Issuer.DOST.value,
    "approval": Issuer.PPC.value,
    "suspension": Issuer.DOST.value,
    "termination": Issuer.PPC.value,
    "recognition": Issuer.PPC.value,
    "assets": Issuer.DOST.value,
}
# The agency that sits on every budget appraisal team (domain §1.6: provincial practice).
FINANCE_AGENCY = "Sở Tài chính"

_COMMON: dict[str, Any] = {
    "issuers": DEFAULT_ISSUERS,
    "appraisal": {"finance_agency": FINANCE_AGENCY},
    "apply_window": {"amount": 30, "unit": "calendar_days"},
    "revise": {"amount": 15, "unit": "working_days"},
    "progress": {"every_months": 6, "due_days": 15},
    "acceptance_dossier": {"amount": 90, "unit": "calendar_days"},
    "registration": {"amount": 30, "unit": "calendar_days"},
    "application_years": 3,
    "approvers": {
        "duration": Issuer.PPC.value,
        "content": Issuer.DOST.value,
        "budget": Issuer.DOST.value,
        "investigator": Issuer.PPC.value,
        "host": Issuer.PPC.value,
    },
    "extension": {
        "max_times": 1,
        "long_task_months": 24,
        "max_months_long": 12,
        "max_months_short": 6,
        "request_days_before_end": 60,
    },
}

RULESETS = [
    RuleSetVersion(
        LIFECYCLE,
        "Quản lý nhiệm vụ KH&CN cấp tỉnh (Luật KH&CN 2013)",
        CIRCULAR_10_2014,
        {
            **_COMMON,
            "on_fail": "recover",
            "uncertain": [
                "apply_window",
                "revise",
                "progress",
                "acceptance_dossier",
                "application_years",
                "approvers",
                "issuers",
                "extension",
            ],
        },
        legal_basis=(
            "Luật số 29/2013/QH13; Thông tư số 10/2014/TT-BKHCN, 11/2014/TT-BKHCN, 04/2015/TT-BKHCN, "
            "14/2014/TT-BKHCN; Quyết định số 31/2015/QĐ-UBND tỉnh Cà Mau"
        ),
        spec=SPEC,
    ),
    RuleSetVersion(
        LIFECYCLE,
        "Quản lý nhiệm vụ KH,CN&ĐMST cấp tỉnh (Luật KH,CN&ĐMST 2025)",
        LAW_93_2025_IN_FORCE,
        {
            **_COMMON,
            "on_fail": "risk",
            "uncertain": [
                "apply_window",
                "revise",
                "progress",
                "acceptance_dossier",
                "application_years",
                "approvers",
                "issuers",
                "extension",
                "on_fail",
            ],
        },
        legal_basis="Luật số 93/2025/QH15; Nghị định số 267/2025/NĐ-CP; Nghị định số 88/2025/NĐ-CP",
        spec=SPEC,
    ),
]
