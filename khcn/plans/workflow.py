"""The agency report's workflow: draft → submitted → (returned → submitted)* → accepted."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.core.workflow import Transition, Workflow
from khcn.plans.models import AgencyReport
from khcn.plans.permissions import report_policy


def has_lines(report: Any, actor: Any) -> str | None:
    if not report.lines.exists():
        return _("The report has no item to report on.")
    return None


REPORT_WORKFLOW = Workflow(
    model=AgencyReport,
    policy=report_policy,
    audit_prefix="plans.report",
    transitions=[
        Transition(
            "submit",
            ("draft", "returned"),
            "submitted",
            "submit",
            gettext_lazy("Submit to the DOST"),
            guard=has_lines,
        ),
        Transition(
            "return",
            ("submitted",),
            "returned",
            "review",
            gettext_lazy("Return for revision"),
            note_required=True,
        ),
        Transition("accept", ("submitted",), "accepted", "review", gettext_lazy("Accept")),
    ],
)
