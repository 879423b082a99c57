"""While a task is under way: the host's progress reports (written, submitted; the DOST
returns them with a note or accepts them — ``workflow.PROGRESS_WORKFLOW``), the adjustments it
asks for and their decision (who approves each kind is the rule set's), and the yearly reports
on the application of its results (Form 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry as audit
from khcn.audit.services import diff, record, snapshot
from khcn.core.calendar import add_months
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, thousands
from khcn.core.uploads import stored_upload
from khcn.research.choices import (
    AdjustmentKind,
    AdjustmentStatus,
    DocumentKind,
    Issuer,
    ReportStatus,
    TaskState,
)
from khcn.research.models import Adjustment, ApplicationReport, ProgressReport, Task
from khcn.research.permissions import task_part_policy, task_policy
from khcn.research.rules import lifecycle
from khcn.research.services.lifecycle import (
    MAX_FILE_BYTES,
    Decision,
    _document,
    _require_decision,
    progress_schedule,
    require_decider,
)

REPORT_SAVED = audit.register("research.progress.saved", gettext_lazy("Progress report saved"))
ADJUSTMENT_REQUESTED = audit.register("research.adjustment.requested", gettext_lazy("Adjustment requested"))
ADJUSTMENT_DECIDED = audit.register("research.adjustment.decided", gettext_lazy("Adjustment decided"))
APPLICATION_REPORTED = audit.register(
    "research.task.application_report", gettext_lazy("Application of results reported (Form 12)")
)

audit.describe(ProgressReport, values={"status": dict(ReportStatus.choices)})
audit.describe(Adjustment, values={"status": dict(AdjustmentStatus.choices)})
for _kind, _label in AdjustmentKind.choices:
    audit.register_field(f"adjustment_{_kind}", _label)
audit.register_field(
    "application_report_year", gettext_lazy("Year of the report on the application of results")
)
audit.register_field("results_applied", gettext_lazy("results applied"))

REPORT_FIELDS = ("work_done", "products", "funds_used", "problems", "changes")
RUNNING = (TaskState.CONTRACTED, TaskState.IN_PROGRESS, TaskState.SUSPENDED)


@transaction.atomic
def report_save(
    *, actor: User, report: ProgressReport, version: int | None = None, **values: Any
) -> ProgressReport:
    """The host writes its progress report while it is a draft or returned."""
    locked = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
    task_part_policy.require(actor, "act", locked)
    if locked.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise DomainError(_("A submitted report is changed only when it is returned."), code="not_editable")
    check_version(locked, version, _("The report was changed meanwhile; check it and save again."))
    unknown = set(values) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    funds = values.get("funds_used")
    if funds is not None and int(funds) < 0:
        raise DomainError(_("Enter the funds used in VND, from 0."), code="bad_amount")
    before = snapshot(locked, REPORT_FIELDS)
    for key, value in values.items():
        setattr(locked, key, value.strip() if isinstance(value, str) else value)
    locked.version += 1
    locked.save()
    changes = diff(before, snapshot(locked, REPORT_FIELDS))
    if changes:
        record(actor=actor, action=REPORT_SAVED, target=locked, changes=changes)
    return locked


# --- Adjustments (T14) ---------------------------------------------------------------------------


@transaction.atomic
def adjustment_request(
    *,
    actor: User,
    task: Task,
    kind: str,
    description: str,
    reason: str,
    new_end: dt.date | None = None,
    new_budget: int | None = None,
    new_value: str = "",
) -> Adjustment:
    """The investigator asks for a change, which the host's leader endorses
    (``people.adjustment_endorse``) before the DOST decides. Refused: an extension beyond the
    rules (how many, how long, how early it is asked for), a budget above the approved one, a
    change without its reason; objectives and main products are not adjustable (a new task is)."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    task_policy.require(actor, "act", locked)
    if locked.state not in RUNNING:
        raise DomainError(_("Adjustments are asked for while the task is under way."), code="not_running")
    if kind not in AdjustmentKind.values:
        raise DomainError(_("Choose what changes."), code="bad_kind")
    if not clean(description) or not clean(reason):
        raise DomainError(_("Say what changes and why."), code="no_reason")
    if locked.adjustments.filter(status=AdjustmentStatus.REQUESTED).exists():
        raise DomainError(_("An adjustment of this task is waiting for its decision."), code="pending")
    rules = lifecycle(locked.ordered_on)
    today = timezone.localdate()
    if kind == AdjustmentKind.DURATION:
        _check_extension(locked, new_end, rules["extension"], today)
    if kind == AdjustmentKind.BUDGET:
        if new_budget is None or int(new_budget) <= 0:
            raise DomainError(_("Enter the new state budget in VND."), code="bad_budget")
        if locked.budget_state is not None and int(new_budget) > locked.budget_state:
            raise DomainError(
                _(
                    "An adjustment cannot exceed the approved state budget (%(budget)s VND): a larger budget "
                    "is not adjustable."
                )
                % {"budget": thousands(locked.budget_state)},
                code="over_budget",
            )
    if kind in (AdjustmentKind.INVESTIGATOR, AdjustmentKind.HOST) and not clean(new_value):
        raise DomainError(_("Name the new investigator or host."), code="no_value")
    adjustment = Adjustment.objects.create(
        task=locked,
        kind=kind,
        description=description.strip(),
        reason=reason.strip(),
        new_end=new_end if kind == AdjustmentKind.DURATION else None,
        new_budget=int(new_budget) if kind == AdjustmentKind.BUDGET and new_budget is not None else None,
        new_value=clean(new_value) if kind in (AdjustmentKind.INVESTIGATOR, AdjustmentKind.HOST) else "",
        approver=str(rules["approvers"].get(kind, Issuer.DOST)),
        requested_by=actor,
        requested_on=today,
    )
    record(
        actor=actor,
        action=ADJUSTMENT_REQUESTED,
        target=locked,
        changes={f"adjustment_{adjustment.kind}": [None, adjustment.description[:200]]},
        note=adjustment.reason,
    )
    return adjustment


def _check_extension(task: Task, new_end: dt.date | None, rule: dict[str, Any], today: dt.date) -> None:
    if task.ends_on is None or task.starts_on is None:
        raise DomainError(_("The task has no approved duration yet."), code="no_duration")
    if not isinstance(new_end, dt.date) or new_end <= task.ends_on:
        raise DomainError(_("Enter a new end date after the current one."), code="bad_end")
    done = task.adjustments.filter(kind=AdjustmentKind.DURATION, status=AdjustmentStatus.APPROVED).count()
    if done >= int(rule["max_times"]):
        raise DomainError(
            _("The task was already extended: the rules allow %(n)s extension(s).")
            % {"n": rule["max_times"]},
            code="too_many",
        )
    if (task.ends_on - today).days < int(rule["request_days_before_end"]):
        raise DomainError(
            _("An extension is asked for at least %(days)s days before the end date (%(end)s).")
            % {"days": rule["request_days_before_end"], "end": task.ends_on.strftime("%d/%m/%Y")},
            code="too_late",
        )
    months = (task.ends_on.year - task.starts_on.year) * 12 + task.ends_on.month - task.starts_on.month + 1
    cap = int(rule["max_months_long"] if months > int(rule["long_task_months"]) else rule["max_months_short"])
    if new_end > add_months(task.ends_on, cap):
        raise DomainError(
            _("A task of %(months)s months is extended by %(cap)s months at most.")
            % {"months": months, "cap": cap},
            code="too_long",
        )


def adjustment_decide(
    *, actor: User, adjustment: Adjustment, approve: bool, decision: Decision | None = None, note: str = ""
) -> Adjustment:
    """The DOST records the decision on an adjustment: its own where it approves, or the
    Provincial People's Committee's (number and signed PDF) where the rules give it the
    decision. An approved change takes effect on the task (end date, budget, investigator,
    host), audited."""
    if approve and decision is None:
        raise DomainError(_("Enter the decision's number and date."), code="no_decision")
    if decision is not None:
        _require_decision(decision)
    if not approve and not note.strip():
        raise DomainError(_("Say why the adjustment is refused."), code="note_required")
    with (
        stored_upload(
            decision.file if decision is not None else None,
            directory=f"research/tasks/{adjustment.task_id}",
            kinds=("pdf",),
            max_bytes=MAX_FILE_BYTES,
        ) as (path, upload),
        transaction.atomic(),
    ):
        locked = Adjustment.objects.select_for_update().select_related("task").get(pk=adjustment.pk)
        task = Task.objects.select_for_update().get(pk=locked.task_id)
        task_policy.require(actor, "manage", task)
        if locked.status != AdjustmentStatus.REQUESTED:
            raise DomainError(_("This adjustment is already decided."), code="already_decided")
        if approve and locked.endorsed_on is None:
            raise DomainError(_("The host's leader has not endorsed this request yet."), code="not_endorsed")
        if decision is not None:
            require_decider(actor, task, DocumentKind.ADJUSTMENT, decision.issuer)
        if approve and decision is not None and decision.issuer != locked.approver:
            raise DomainError(
                _("This change is approved by: %(who)s.") % {"who": Issuer(locked.approver).label},
                code="wrong_approver",
            )
        document = None
        if decision is not None:
            document = _document(
                task, DocumentKind.ADJUSTMENT, decision, path, upload.name if upload else "", actor
            )
        locked.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REFUSED
        locked.decision = document
        locked.save(update_fields=["status", "decision"])
        record(
            actor=actor,
            action=ADJUSTMENT_DECIDED,
            target=locked,
            changes={"status": [AdjustmentStatus.REQUESTED, locked.status]},
            note=note,
        )
        if approve:
            _apply(task, locked, actor)
        return locked


def _apply(task: Task, adjustment: Adjustment, actor: User) -> None:
    fields = ("ends_on", "budget_state", "investigator", "host_name")
    before = snapshot(task, fields)
    if adjustment.kind == AdjustmentKind.DURATION and adjustment.new_end:
        task.ends_on = adjustment.new_end
    elif adjustment.kind == AdjustmentKind.BUDGET and adjustment.new_budget:
        task.budget_state = adjustment.new_budget
    elif adjustment.kind == AdjustmentKind.INVESTIGATOR:
        task.investigator = adjustment.new_value
    elif adjustment.kind == AdjustmentKind.HOST:
        task.host_name, task.host = adjustment.new_value, None
    task.version += 1
    task.save()
    changes = diff(before, snapshot(task, fields))
    if changes:
        record(
            actor=actor,
            action=ADJUSTMENT_DECIDED,
            target=task,
            changes=changes,
            note=adjustment.description[:200],
        )
    if adjustment.kind == AdjustmentKind.DURATION:
        progress_schedule(task)


# --- The application of results (T23, Form 12) -------------------------------------------------


@transaction.atomic
def application_report_submit(
    *, actor: User, task: Task, year: int, applied: bool, where: str = "", effects: str = ""
) -> ApplicationReport:
    """The host's yearly report on the application of the registered results (Form 12)."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    task_policy.require(actor, "act", locked)
    if locked.state != TaskState.REGISTERED or locked.registered_on is None:
        raise DomainError(
            _("The application of results is reported once they are registered."), code="not_registered"
        )
    if not (locked.registered_on.year <= int(year) <= timezone.localdate().year):
        raise DomainError(_("Report a year from the registration to this year."), code="bad_year")
    if applied and not clean(where):
        raise DomainError(_("Say where and at what scale the results are applied."), code="no_where")
    if locked.application_reports.filter(year=year).exists():
        raise DomainError(_("The report for this year was already submitted."), code="duplicate")
    report = ApplicationReport.objects.create(
        task=locked, year=int(year), applied=applied, where=where.strip(), effects=effects.strip()
    )
    record(
        actor=actor,
        action=APPLICATION_REPORTED,
        target=locked,
        changes={
            "application_report_year": [None, str(report.year)],
            "results_applied": [None, applied],
        },
    )
    return report
