"""A proposal's life: draft → submitted (within the call's window, complete) → returned for
completion / accepted for the identification council / not accepted → before the council →
on the ordering list or not selected (the council's vote, handed back through
``khcn.councils.registry``). The proposer may withdraw it until the council has it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.core.workflow import Transition, Workflow
from khcn.research.choices import Method, Regime, ReportStatus, TaskState
from khcn.research.choices import ProposalStatus as S
from khcn.research.models import ProgressReport, Proposal, Task
from khcn.research.permissions import proposal_policy, task_part_policy, task_policy


def complete(proposal: Proposal, actor: Any = None) -> str | None:
    """What a proposal lacks before it can be submitted, and whether the call is open."""
    today = timezone.localdate()
    if not proposal.call.is_open(today):
        return _("The call is not open: proposals are received from %(start)s to %(end)s.") % {
            "start": proposal.call.opens_on.strftime("%d/%m/%Y"),
            "end": proposal.call.closes_on.strftime("%d/%m/%Y"),
        }
    missing = [
        str(label)
        for name, label in (
            ("urgency", gettext_lazy("why it is needed")),
            ("objectives", gettext_lazy("objectives")),
            ("expected_results", gettext_lazy("expected results and products")),
        )
        if not getattr(proposal, name).strip()
    ]
    if not proposal.fields.exists():
        missing.append(str(gettext_lazy("fields")))
    if missing:
        return _("Complete the proposal before submitting it: %(list)s.") % {"list": ", ".join(missing)}
    return None


PROPOSAL_WORKFLOW = Workflow(
    model=Proposal,
    policy=proposal_policy,
    audit_prefix="research.proposal",
    transitions=[
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            "submit",
            gettext_lazy("Submit the proposal"),
            check=complete,
            confirm=gettext_lazy("Submit the proposal to the Department of Science and Technology?"),
            success=gettext_lazy("The proposal was submitted."),
        ),
        Transition(
            "return",
            (S.SUBMITTED,),
            S.RETURNED,
            "review",
            gettext_lazy("Return for completion"),
            note_required=True,
            success=gettext_lazy("The proposal was returned to its proposer."),
        ),
        Transition(
            "screen",
            (S.SUBMITTED,),
            S.SCREENED,
            "review",
            gettext_lazy("Accept for the identification council"),
            success=gettext_lazy("The proposal goes to the identification council."),
        ),
        Transition(
            "reject",
            (S.SUBMITTED,),
            S.REJECTED,
            "review",
            gettext_lazy("Do not accept"),
            note_required=True,
            success=gettext_lazy("The proposal was not accepted."),
        ),
        Transition(
            "withdraw",
            (S.DRAFT, S.SUBMITTED, S.RETURNED),
            S.WITHDRAWN,
            "submit",
            gettext_lazy("Withdraw the proposal"),
            confirm=gettext_lazy("Withdraw the proposal? It will no longer be considered."),
            success=gettext_lazy("The proposal was withdrawn."),
        ),
    ],
)


# --- A task's lifecycle (domain §1.3, T4–T23), one workflow per regime ------------------------------

T = TaskState


def _window_closed(task: Task, actor: Any = None) -> str | None:
    if task.method == Method.SELECTION and task.apply_until and timezone.localdate() <= task.apply_until:
        return _("Applications are received until %(day)s: the council takes them after that.") % {
            "day": task.apply_until.strftime("%d/%m/%Y")
        }
    return None


def _recovered(task: Task, actor: Any = None) -> str | None:
    from khcn.research.choices import PaymentKind

    if not task.payments.filter(kind=PaymentKind.RECOVERED).exists():
        return _("Record the funds recovered before liquidating the contract of a task not accepted.")
    return None


def _reports_done(task: Task, actor: Any = None) -> str | None:
    from khcn.research.rules import lifecycle

    years = int(lifecycle(task.ordered_on).get("application_years", 0))
    if task.application_reports.count() < years:
        return _(
            "The application of the results is reported for %(years)s years before the task is closed."
        ) % {"years": years}
    return None


def _unaccepted(task: Task, actor: Any = None) -> str | None:
    """A liquidated task without accepted results (failed or terminated) closes at once."""
    return None if not task.accepted_on or task.rating == "khong_dat" else "registered first"


def _appraised(task: Task, actor: Any = None) -> str | None:
    """The approval waits for the budget appraisal team's conclusion."""
    return None if task.appraised_on else "appraised first"


def _shared_transitions() -> list[Transition]:
    return [
        Transition(
            "open_call",
            (T.ON_ORDER_LIST,),
            T.CALL_OPEN,
            "manage",
            gettext_lazy("Call for applications"),
            success=gettext_lazy("The call is published: applications are received."),
        ),
        Transition(
            "to_council",
            (T.CALL_OPEN,),
            T.IN_SELECTION,
            "manage",
            gettext_lazy("Hand the valid applications to the council"),
            check=_window_closed,
            success=gettext_lazy("The applications are before the council."),
        ),
        Transition(
            "reopen",
            (T.IN_SELECTION,),
            T.ON_ORDER_LIST,
            "manage",
            gettext_lazy("No host: back to the ordering list"),
            note_required=True,
            success=gettext_lazy("No application passed: the task can be called again."),
        ),
        Transition(
            "drop",
            (T.ON_ORDER_LIST, T.IN_SELECTION),
            T.DROPPED,
            "manage",
            gettext_lazy("Drop the task"),
            note_required=True,
            confirm=gettext_lazy("Drop the task? It leaves the ordering list."),
            success=gettext_lazy("The task was dropped."),
        ),
        Transition(
            "recommend",
            (T.IN_SELECTION,),
            T.RECOMMENDED,
            "manage",
            gettext_lazy("Record the selection result"),
            success=gettext_lazy("The host is recommended: it revises its description."),
        ),
        Transition(
            "submit_revision",
            (T.RECOMMENDED,),
            T.IN_APPRAISAL,
            "act",
            gettext_lazy("Submit the revised description"),
            confirm=gettext_lazy("Submit the revised description and cost estimate for appraisal?"),
            success=gettext_lazy("The revised description went to budget appraisal."),
        ),
        Transition(
            "approve",
            (T.IN_APPRAISAL,),
            T.APPROVED,
            "manage",
            gettext_lazy("Record the approval decision"),
            guard=_appraised,
            success=gettext_lazy("The task is approved."),
        ),
        Transition(
            "contract",
            (T.APPROVED,),
            T.CONTRACTED,
            "manage",
            gettext_lazy("Record the contract"),
            success=gettext_lazy("The contract is recorded."),
        ),
        Transition(
            "start",
            (T.CONTRACTED,),
            T.IN_PROGRESS,
            "manage",
            gettext_lazy("Under way with the advance"),
            success=gettext_lazy("The advance is paid: the task is under way."),
        ),
        Transition(
            "suspend",
            (T.IN_PROGRESS,),
            T.SUSPENDED,
            "manage",
            gettext_lazy("Suspend"),
            note_required=True,
            success=gettext_lazy("The task is suspended."),
        ),
        Transition(
            "resume",
            (T.SUSPENDED,),
            T.IN_PROGRESS,
            "manage",
            gettext_lazy("Resume"),
            note_required=True,
            success=gettext_lazy("The task is under way again."),
        ),
        Transition(
            "terminate",
            (T.CONTRACTED, T.IN_PROGRESS, T.SUSPENDED),
            T.TERMINATED,
            "manage",
            gettext_lazy("Terminate"),
            note_required=True,
            success=gettext_lazy("The task is terminated: recover the funds, then liquidate the contract."),
        ),
        Transition(
            "submit_dossier",
            (T.IN_PROGRESS,),
            T.IN_ACCEPTANCE,
            "endorse",
            gettext_lazy("Submit the acceptance dossier"),
            success=gettext_lazy("The acceptance dossier is submitted."),
        ),
        Transition(
            "recognise",
            (T.ACCEPTED,),
            T.RECOGNISED,
            "manage",
            gettext_lazy("Record the recognition decision"),
            success=gettext_lazy("The results are recognised: register them within the time the rules set."),
        ),
        Transition(
            "liquidate",
            (T.RECOGNISED,),
            T.LIQUIDATED,
            "manage",
            gettext_lazy("Record the liquidation"),
            success=gettext_lazy("The contract is liquidated."),
        ),
        Transition(
            "liquidate_recovered",
            (T.FAILED, T.TERMINATED),
            T.LIQUIDATED,
            "manage",
            gettext_lazy("Record the liquidation after recovering the funds"),
            check=_recovered,
            success=gettext_lazy("The contract is liquidated."),
        ),
        Transition(
            "register",
            (T.LIQUIDATED,),
            T.REGISTERED,
            "manage",
            gettext_lazy("Register the results"),
            success=gettext_lazy("The results are registered: their application is followed yearly."),
        ),
        Transition(
            "close",
            (T.REGISTERED,),
            T.CLOSED,
            "manage",
            gettext_lazy("Close the task"),
            check=_reports_done,
            confirm=gettext_lazy("Close the task? Its file is complete."),
            success=gettext_lazy("The task is closed."),
        ),
        Transition(
            "close_unaccepted",
            (T.LIQUIDATED,),
            T.CLOSED,
            "manage",
            gettext_lazy("Close the task"),
            guard=_unaccepted,
            confirm=gettext_lazy("Close the task? Its file is complete."),
            success=gettext_lazy("The task is closed."),
        ),
    ]


def _risk_accepted(task: Task, actor: Any = None) -> str | None:
    return None if task.state == T.FAILED else _("Only a task not accepted is handled as a research risk.")


PRE_2025_WORKFLOW = Workflow(
    model=Task,
    policy=task_policy,
    audit_prefix="research.task",
    status_field="state",
    transitions=_shared_transitions(),
)

# Under Law 93/2025 (and Decree 88/2025 before it) a task that followed the rules and failed is
# a research risk: the contract is liquidated without recovering the funds.
LAW_2025_WORKFLOW = Workflow(
    model=Task,
    policy=task_policy,
    audit_prefix="research.task",
    status_field="state",
    transitions=[
        *_shared_transitions(),
        Transition(
            "accept_risk",
            (T.FAILED,),
            T.LIQUIDATED,
            "manage",
            gettext_lazy("Accept the research risk and liquidate"),
            guard=_risk_accepted,
            note_required=True,
            confirm=gettext_lazy(
                "Accept the research risk? The host followed the rules: the funds are not recovered."
            ),
            sets=lambda task, actor: {"risk_accepted": True},
            success=gettext_lazy("The research risk is accepted and the contract liquidated."),
        ),
    ],
)

TASK_WORKFLOWS = {Regime.PRE_2025: PRE_2025_WORKFLOW, Regime.LAW_2025: LAW_2025_WORKFLOW}


def task_workflow(task: Task) -> Workflow:
    """The workflow of the task's regime."""
    return TASK_WORKFLOWS[Regime(task.regime)]


# --- Six-monthly progress reports (T12) ------------------------------------------------------------


def _report_complete(report: ProgressReport, actor: Any = None) -> str | None:
    if not report.work_done.strip():
        return _("Say what work was done against the plan before submitting the report.")
    return None


PROGRESS_WORKFLOW = Workflow(
    model=ProgressReport,
    policy=task_part_policy,
    audit_prefix="research.progress",
    transitions=[
        Transition(
            "submit",
            (ReportStatus.DRAFT, ReportStatus.RETURNED),
            ReportStatus.SUBMITTED,
            "act",
            gettext_lazy("Submit the report"),
            check=_report_complete,
            confirm=gettext_lazy("Submit the progress report to the Department of Science and Technology?"),
            sets=lambda report, actor: {"is_late": timezone.localdate() > report.due_on},
            success=gettext_lazy("The progress report was submitted."),
        ),
        Transition(
            "return",
            (ReportStatus.SUBMITTED,),
            ReportStatus.RETURNED,
            "manage",
            gettext_lazy("Return for completion"),
            note_required=True,
            success=gettext_lazy("The report was returned to the host."),
        ),
        Transition(
            "accept",
            (ReportStatus.SUBMITTED,),
            ReportStatus.ACCEPTED,
            "manage",
            gettext_lazy("Accept the report"),
            success=gettext_lazy("The progress report was accepted."),
        ),
    ],
)
