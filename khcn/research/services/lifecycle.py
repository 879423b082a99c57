"""A task's steps after the ordering list (domain §1.3, T5–T23), each atomic, checked by the
policy and audited through the workflow of the task's regime (``workflow.task_workflow``):

- the call for applications, the selection result, the revised description, the approval
  decision after the budget appraisal, the contract, the payments (the advance starts the
  task);
- suspension, resumption, termination; inspections;
- the acceptance dossier (with the self-evaluation minutes), the acceptance council's rating
  coming back (``research.task``, registered with ``khcn.councils.registry``), recognition,
  liquidation (after recovering the funds, or accepting the research risk under the 2025 law),
  registration of the results (Form 5) and closing.

Each decision is a ``TaskDocument`` with its number, date, signer and signed PDF; a decision
without a number or a date is refused. The PDF is checked by its content and written before
the transaction, deleted again when the step is refused (``core.uploads.stored_upload``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry as audit
from khcn.audit.services import record
from khcn.core.calendar import add_months, deadline
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, thousands
from khcn.core.uploads import stored_upload
from khcn.research.choices import (
    REQUIRED_RESULT_PARTS,
    ApplicationStatus,
    DocumentKind,
    Issuer,
    LumpSum,
    PaymentKind,
    Rating,
    ReportStatus,
    ResultPart,
    TaskState,
)
from khcn.research.models import Application, Payment, ProgressReport, Task, TaskDocument, TaskFile
from khcn.research.permissions import task_policy
from khcn.research.rules import DEFAULT_ISSUERS, FINANCE_AGENCY, lifecycle
from khcn.research.workflow import task_workflow

MAX_FILE_BYTES = 20 * 1024 * 1024
# The lifecycle rules of a task's ordering date (``rules.lifecycle``, or a picker over many).
Rules = Callable[[dt.date], dict[str, Any]]

DOCUMENT_RECORDED = audit.register("research.task.document", gettext_lazy("Document recorded"))
PAYMENT_RECORDED = audit.register("research.task.payment", gettext_lazy("Payment recorded"))
TASK_RATED = audit.register("research.task.rated", gettext_lazy("Acceptance council's rating"))
TASK_TO_COUNCIL = audit.register("research.task.to_council", gettext_lazy("Handed to the acceptance council"))
REGISTRATION_SUBMITTED = audit.register(
    "research.task.registration_submitted", gettext_lazy("Registration data submitted (Form 5)")
)

audit.describe(Task, values={"state": dict(TaskState.choices), "rating": dict(Rating.choices)})
# Documents and payments are recorded under one key per kind, labelled in the reader's language.
for _kind, _label in DocumentKind.choices:
    audit.register_field(f"document_{_kind}", _label)
for _kind, _label in PaymentKind.choices:
    audit.register_field(f"payment_{_kind}", _label)


@dataclass(frozen=True)
class Decision:
    """What a step's document says: its number and symbol, date, who issued and signed it, a
    summary, and the signed PDF (an uploaded file, optional)."""

    number: str
    signed_on: dt.date | None
    issuer: str = Issuer.DOST
    signer_name: str = ""
    signer_position: str = ""
    summary: str = ""
    file: Any = None


# The decisions (quyết định) a task's steps record. Where the Department issues one itself (the
# province delegating it), it is its leader's to take; a specialist records the People's
# Committee's. Contracts, minutes and certificates are recorded by the specialist.
ORDER_LIST = "order_list"  # the ordering list's decision (``OrderList``), not a TaskDocument
LEADER_DECISIONS = frozenset(
    {
        ORDER_LIST,
        DocumentKind.SELECTION_RESULT,
        DocumentKind.APPROVAL,
        DocumentKind.SUSPENSION,
        DocumentKind.TERMINATION,
        DocumentKind.RECOGNITION,
        DocumentKind.ASSETS,
        DocumentKind.ADJUSTMENT,
    }
)


def require_decider(actor: User, task: Task | None, kind: str, issuer: str) -> None:
    """A decision the Department issues is taken by the DOST's leader."""
    if issuer == Issuer.DOST and kind in LEADER_DECISIONS and not task_policy.can(actor, "decide", task):
        raise DomainError(
            _(
                "A decision of the Department of Science and Technology is taken by its leader: ask a "
                "DOST leader to record it, or choose the People's Committee if the Committee issued it."
            ),
            code="leader_decides",
        )


def default_issuer(task: Task | None, kind: str, as_of: dt.date | None = None) -> str:
    """Who issues a decision of ``kind`` for ``task`` (or on ``as_of``) under the delegation in
    the rule set."""
    day = task.ordered_on if task is not None else (as_of or timezone.localdate())
    issuers = lifecycle(day).get("issuers") or DEFAULT_ISSUERS
    return str(issuers.get(kind, DEFAULT_ISSUERS.get(kind, Issuer.DOST)))


def _require_decision(decision: Decision) -> None:
    if not clean(decision.number) or not isinstance(decision.signed_on, dt.date):
        raise DomainError(_("Enter the document's number and the date it was signed."), code="no_decision")
    if decision.signed_on > timezone.localdate():
        raise DomainError(_("A document cannot be signed in the future."), code="future_decision")
    if decision.issuer not in Issuer.values:
        raise DomainError(_("Say who issued the document."), code="bad_issuer")


def _document(
    task: Task, kind: str, decision: Decision, path: str, name: str, actor: User | None
) -> TaskDocument:
    assert decision.signed_on is not None  # _require_decision
    document = TaskDocument.objects.create(
        task=task,
        kind=kind,
        number=clean(decision.number),
        signed_on=decision.signed_on,
        issuer=decision.issuer,
        signer_name=clean(decision.signer_name),
        signer_position=clean(decision.signer_position),
        summary=(decision.summary or "").strip(),
        file=path,
        file_name=name,
    )
    record(
        actor=actor,
        action=DOCUMENT_RECORDED,
        target=task,
        changes={f"document_{document.kind}": [None, document.number]},
    )
    return document


def _step(
    *,
    actor: User,
    task: Task,
    name: str,
    kind: str | None = None,
    decision: Decision | None = None,
    note: str = "",
    values: dict[str, Any] | None = None,
    check: Any = None,
) -> Task:
    """Apply the step ``name`` of the task's workflow, recording its document first; the
    signed PDF is stored before the transaction and removed again if the step is refused."""
    if decision is not None:
        _require_decision(decision)
    file = decision.file if decision is not None else None
    with (
        stored_upload(
            file, directory=f"research/tasks/{task.pk}", kinds=("pdf",), max_bytes=MAX_FILE_BYTES
        ) as (
            path,
            upload,
        ),
        transaction.atomic(),
    ):
        locked = Task.objects.select_for_update().get(pk=task.pk)
        task_policy.require(actor, task_workflow(locked).get(name).action, locked)
        if kind is not None and decision is not None:
            require_decider(actor, locked, kind, decision.issuer)
        if check is not None:
            check(locked)
        if kind is not None and decision is not None:
            _document(locked, kind, decision, path, upload.name if upload else "", actor)
        return task_workflow(locked).apply(name, actor=actor, obj=locked, note=note, values=values)  # type: ignore[return-value]


# --- The call for applications, the selection result, the revision -------------------------------


def selection_call_open(
    *, actor: User, task: Task, apply_from: dt.date, apply_until: dt.date | None = None
) -> Task:
    """Publish the call for applications (selection) or invite the designated host (direct
    assignment): the window runs from ``apply_from`` for the time the rules set unless
    ``apply_until`` is given."""
    if not isinstance(apply_from, dt.date):
        raise DomainError(_("Enter the date applications open."), code="no_window")
    if apply_until is None:
        rule = lifecycle(task.ordered_on)["apply_window"]
        apply_until = deadline(apply_from, int(rule["amount"]), rule["unit"])
    if apply_until < apply_from:
        raise DomainError(_("The call cannot close before it opens."), code="bad_window")
    return _step(
        actor=actor,
        task=task,
        name="open_call",
        values={"apply_from": apply_from, "apply_until": apply_until},
    )


def selection_record(*, actor: User, task: Task, application: Application, decision: Decision) -> Task:
    """The selection result (T7→T8): the chosen application, among those the council passed,
    becomes the task's host; the others are not selected."""

    def check(locked: Task) -> None:
        chosen = Application.objects.select_for_update().get(pk=application.pk)
        if chosen.task_id != locked.pk or chosen.status != ApplicationStatus.PASSED:
            raise DomainError(
                _("Only an application of this task that passed the council can be selected."),
                code="not_passed",
            )

    values = {
        "host_name": application.host_name,
        "investigator": application.investigator,
        "owner": application.applicant,
        "budget_state": application.budget_total,
        "budget_other": application.budget_other,
    }
    with transaction.atomic():
        task = _step(
            actor=actor,
            task=task,
            name="recommend",
            kind=DocumentKind.SELECTION_RESULT,
            decision=decision,
            check=check,
            values=values,
        )
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SELECTED)
        Application.objects.filter(task=task).exclude(pk=application.pk).exclude(
            status__in=(ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)
        ).update(status=ApplicationStatus.NOT_SELECTED)
    return task


def revision_submit(*, actor: User, task: Task) -> Task:
    """The recommended host submits its description, revised after the council's conclusions,
    for the budget appraisal (T8)."""
    return _step(actor=actor, task=task, name="submit_revision")


def revision_due(task: Task, rules: Rules = lifecycle) -> dt.date | None:
    """When the revised description is due: from the selection result's date."""
    results = [d for d in task.documents.all() if d.kind == DocumentKind.SELECTION_RESULT]  # prefetched
    if not results:
        return None
    document = max(results, key=lambda d: d.signed_on)
    rule = rules(task.ordered_on)["revise"]
    return deadline(document.signed_on, int(rule["amount"]), rule["unit"])


# --- Approval, contract, payments ----------------------------------------------------------------


def approval_record(
    *,
    actor: User,
    task: Task,
    decision: Decision,
    budget_state: int,
    budget_other: int = 0,
    lump_sum: str = LumpSum.PARTIAL,
    starts_on: dt.date,
    months: int,
    appraisal: Decision | None = None,
) -> Task:
    """The decision approving the task (T10) after the budget appraisal team concluded (T9,
    ``council_appraised``): the approved
    state budget (not more than the host asked for), other sources, the lump-sum mode and the
    duration. The appraisal minutes, when given, are recorded with it."""
    if not isinstance(starts_on, dt.date) or not (1 <= int(months) <= 120):
        raise DomainError(_("Enter the start date and a duration from 1 to 120 months."), code="bad_duration")
    if int(budget_state) <= 0 or int(budget_other) < 0:
        raise DomainError(_("Enter the approved state budget in VND."), code="bad_budget")
    if lump_sum not in LumpSum.values:
        raise DomainError(_("Say how the spending is lump-summed."), code="bad_lump_sum")

    def check(locked: Task) -> None:
        if locked.appraised_on is None:
            raise DomainError(
                _(
                    "The budget appraisal team has not concluded: hand the task to a team with a member "
                    "of the Department of Finance first."
                ),
                code="not_appraised",
            )
        requested = locked.budget_state
        if requested is not None and int(budget_state) > requested:
            raise DomainError(
                _(
                    "The approved state budget (%(approved)s VND) exceeds what the host asked for "
                    "(%(asked)s VND)."
                )
                % {
                    "approved": thousands(budget_state),
                    "asked": thousands(requested),
                },
                code="over_budget",
            )
        if appraisal is not None:
            _require_decision(appraisal)
            _document(locked, DocumentKind.APPRAISAL, appraisal, "", "", actor)

    return _step(
        actor=actor,
        task=task,
        name="approve",
        kind=DocumentKind.APPROVAL,
        decision=decision,
        check=check,
        values={
            "budget_state": int(budget_state),
            "budget_other": int(budget_other),
            "lump_sum": lump_sum,
            "starts_on": starts_on,
            "ends_on": add_months(starts_on, int(months)) - dt.timedelta(days=1),
            "approved_on": decision.signed_on,
        },
    )


def contract_record(*, actor: User, task: Task, decision: Decision) -> Task:
    """The contract between the DOST and the host with its investigator (T11)."""
    return _step(actor=actor, task=task, name="contract", kind=DocumentKind.CONTRACT, decision=decision)


def _paid(task: Task) -> int:
    out = task.payments.filter(kind__in=(PaymentKind.ADVANCE, PaymentKind.TRANCHE)).aggregate(s=Sum("amount"))
    return int(out["s"] or 0)


@transaction.atomic
def payment_record(
    *, actor: User, task: Task, kind: str, amount: int, paid_on: dt.date, note: str = ""
) -> Payment:
    """Money moving for the task: the advance (which starts a contracted task), tranches,
    settled and recovered amounts. Advances and tranches never exceed the approved state
    budget; nothing is recovered beyond what was paid."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    task_policy.require(actor, "manage", locked)
    if kind not in PaymentKind.values:
        raise DomainError(_("Choose the kind of payment."), code="bad_kind")
    if not isinstance(paid_on, dt.date) or int(amount) <= 0:
        raise DomainError(_("Enter a positive amount and its date."), code="bad_amount")
    if locked.state in (
        TaskState.ON_ORDER_LIST,
        TaskState.CALL_OPEN,
        TaskState.IN_SELECTION,
        TaskState.RECOMMENDED,
        TaskState.IN_APPRAISAL,
        TaskState.APPROVED,
        TaskState.DROPPED,
    ):
        raise DomainError(_("Payments are recorded once the contract is signed."), code="no_contract")
    paid = _paid(locked)
    paying = kind in (PaymentKind.ADVANCE, PaymentKind.TRANCHE)
    if paying and locked.budget_state is not None and paid + int(amount) > locked.budget_state:
        raise DomainError(
            _("The payments would exceed the approved state budget (%(budget)s VND).")
            % {"budget": thousands(locked.budget_state)},
            code="over_budget",
        )
    if kind == PaymentKind.RECOVERED:
        recovered = locked.payments.filter(kind=PaymentKind.RECOVERED).aggregate(s=Sum("amount"))["s"] or 0
        if recovered + int(amount) > paid:
            raise DomainError(_("More cannot be recovered than was paid."), code="over_recovered")
    payment = Payment.objects.create(
        task=locked, kind=kind, amount=int(amount), paid_on=paid_on, note=clean(note)
    )
    record(
        actor=actor,
        action=PAYMENT_RECORDED,
        target=locked,
        changes={f"payment_{payment.kind}": [None, payment.amount]},
        note=payment.note,
    )
    if kind == PaymentKind.ADVANCE and locked.state == TaskState.CONTRACTED:
        started = task_workflow(locked).apply("start", actor=actor, obj=locked)
        progress_schedule(started)  # type: ignore[arg-type]
    return payment


def progress_schedule(task: Task) -> list[ProgressReport]:
    """The task's six-monthly reports (or the rhythm the rules set), each due some days after
    its period ends; the last period ends with the task. Kept as the task's dates change."""
    if task.starts_on is None or task.ends_on is None:
        return []
    rule = lifecycle(task.ordered_on)["progress"]
    every, due_days = int(rule["every_months"]), int(rule["due_days"])
    reports = []
    n, start = 1, task.starts_on
    while start <= task.ends_on:
        end = min(add_months(task.starts_on, n * every) - dt.timedelta(days=1), task.ends_on)
        if end >= task.ends_on:
            break  # the final period is the acceptance dossier's
        report, _created = ProgressReport.objects.get_or_create(
            task=task,
            period=f"{start:%m/%Y}–{end:%m/%Y}",
            defaults={"due_on": end + dt.timedelta(days=due_days)},
        )
        reports.append(report)
        n, start = n + 1, end + dt.timedelta(days=1)
    return reports


# --- Under way: suspension, termination, inspection ----------------------------------------------


def suspend(*, actor: User, task: Task, decision: Decision, note: str) -> Task:
    return _step(
        actor=actor, task=task, name="suspend", kind=DocumentKind.SUSPENSION, decision=decision, note=note
    )


def resume(*, actor: User, task: Task, note: str) -> Task:
    return _step(actor=actor, task=task, name="resume", note=note)


def terminate(*, actor: User, task: Task, decision: Decision, note: str) -> Task:
    """Terminate the task (T15): the funds are recovered in proportion, then the contract is
    liquidated."""
    return _step(
        actor=actor, task=task, name="terminate", kind=DocumentKind.TERMINATION, decision=decision, note=note
    )


def document_record(*, actor: User, task: Task, kind: str, decision: Decision) -> TaskDocument:
    """A document that does not move the task: inspection minutes, a contract annex, the
    decision on handling the assets."""
    if kind not in (DocumentKind.INSPECTION, DocumentKind.CONTRACT_ANNEX, DocumentKind.ASSETS):
        raise DomainError(_("This document is recorded with its step."), code="bad_kind")
    _require_decision(decision)
    with (
        stored_upload(
            decision.file, directory=f"research/tasks/{task.pk}", kinds=("pdf",), max_bytes=MAX_FILE_BYTES
        ) as (path, upload),
        transaction.atomic(),
    ):
        locked = Task.objects.select_for_update().get(pk=task.pk)
        task_policy.require(actor, "manage", locked)
        require_decider(actor, locked, kind, decision.issuer)
        if locked.state in (TaskState.ON_ORDER_LIST, TaskState.CALL_OPEN, TaskState.DROPPED):
            raise DomainError(_("The task has no host yet."), code="no_host")
        return _document(locked, kind, decision, path, upload.name if upload else "", actor)


# --- Acceptance --------------------------------------------------------------------------------


def dossier_submit(*, actor: User, task: Task, self_evaluation: Decision) -> Task:
    """The host submits the acceptance dossier with its self-evaluation minutes (T16–T17)."""
    evaluation = Decision(**{**self_evaluation.__dict__, "issuer": Issuer.HOST})

    def check(locked: Task) -> None:
        lacking = dossier_missing(locked)
        if lacking:
            raise DomainError(
                _("Attach the acceptance dossier first: %(list)s.") % {"list": ", ".join(lacking)},
                code="incomplete",
            )

    return _step(
        actor=actor,
        task=task,
        name="submit_dossier",
        kind=DocumentKind.SELF_EVALUATION,
        decision=evaluation,
        check=check,
    )


def dossier_due(task: Task, rules: Rules = lifecycle) -> dt.date | None:
    """When the acceptance dossier is due: after the end date (with any extension)."""
    if task.ends_on is None:
        return None
    rule = rules(task.ordered_on)["acceptance_dossier"]
    return deadline(task.ends_on, int(rule["amount"]), rule["unit"])


SUBJECT_TASK = "research.task"
SUBJECT_APPRAISAL = "research.appraisal"
TASK_APPRAISED = audit.register("research.task.appraised", gettext_lazy("Budget appraisal team's conclusion"))
TO_TEAM = audit.register("research.task.to_appraisal", gettext_lazy("Handed to the budget appraisal team"))


def finance_members(council: Any, agency: str) -> list[str]:
    """The council's members who belong to ``agency`` (the Department of Finance), by their
    stated affiliation or their account's agency."""
    from khcn.core.text import fold

    wanted = fold(agency)
    names = []
    for member in council.members.filter(removed_on__isnull=True).select_related("user"):
        places = [member.affiliation]
        if member.user_id:
            places += [m.organization.name for m in member.user.memberships.select_related("organization")]
        if any(wanted and wanted in fold(place or "") for place in places):
            names.append(member.full_name)
    return names


@transaction.atomic
def task_to_council(*, actor: User, task: Task, council: Any) -> Any:
    """Hand the task to its council: the revised description and estimate to a budget
    appraisal team with a member of the Department of Finance (T9), or the submitted
    acceptance dossier to an acceptance council (T18)."""
    from khcn.councils import services as councils
    from khcn.councils.choices import CouncilKind

    locked = Task.objects.select_for_update().get(pk=task.pk)
    task_policy.require(actor, "manage", locked)
    if locked.state == TaskState.IN_APPRAISAL:
        subject, kind = SUBJECT_APPRAISAL, CouncilKind.BUDGET_APPRAISAL
        if council.kind != kind:
            raise DomainError(_("The budget goes to a budget appraisal team."), code="wrong_council")
        if locked.appraised_on is not None:
            raise DomainError(_("The budget is already appraised."), code="appraised")
        agency = str(
            (lifecycle(locked.ordered_on).get("appraisal") or {}).get("finance_agency", FINANCE_AGENCY)
        )
        if not finance_members(council, agency):
            raise DomainError(
                _("The budget appraisal team needs a member of %(agency)s: add one to the team first.")
                % {"agency": agency},
                code="no_finance",
            )
    elif locked.state == TaskState.IN_ACCEPTANCE:
        subject, kind = SUBJECT_TASK, CouncilKind.ACCEPTANCE
        if council.kind != kind:
            raise DomainError(_("A task's results go to an acceptance council."), code="wrong_council")
    else:
        raise DomainError(
            _(
                "A task goes to a council when its budget is to be appraised or its acceptance dossier "
                "is submitted."
            ),
            code="no_dossier",
        )
    if council.items.filter(subject=subject, subject_id=str(locked.pk)).exists():
        raise DomainError(_("The task is already before this council."), code="already_there")
    item = councils.item_add(actor=actor, council=council, subject=subject, subject_id=str(locked.pk))
    record(
        actor=actor,
        action=TO_TEAM if subject == SUBJECT_APPRAISAL else TASK_TO_COUNCIL,
        target=locked,
        changes={},
        note=council.name,
    )
    return item


def council_appraised(pk: str, outcome: dict[str, Any]) -> None:
    """The budget appraisal team's vote: passed, the task waits for its approval decision;
    not passed, it goes back to the host to revise its description and estimate."""
    locked = Task.objects.select_for_update().filter(pk=int(pk)).first()
    if locked is None or locked.state != TaskState.IN_APPRAISAL:
        return
    reasons = "; ".join(str(r) for r in outcome.get("reasons", []))
    if outcome.get("passed"):
        locked.appraised_on = timezone.localdate()
        locked.save(update_fields=["appraised_on"])
        record(
            actor=None,
            action=TASK_APPRAISED,
            target=locked,
            changes={"appraised_on": [None, locked.appraised_on.isoformat()]},
            note=reasons,
        )
        return
    locked.state = TaskState.RECOMMENDED
    locked.save(update_fields=["state"])
    record(
        actor=None,
        action=TASK_APPRAISED,
        target=locked,
        changes={"state": [TaskState.IN_APPRAISAL, TaskState.RECOMMENDED]},
        note=reasons,
    )


def council_title_task(pk: str) -> str:
    task = Task.objects.get(pk=int(pk))
    return f"{task.code} {task.title} ({task.host_label})"


def council_parties_task(pk: str) -> dict[str, list[Any]]:
    task = Task.objects.select_related("owner").get(pk=int(pk))
    accounts = [m.user.full_name for m in task.members.select_related("user")]
    people = [
        name
        for name in dict.fromkeys([task.investigator, task.owner.full_name if task.owner else "", *accounts])
        if name
    ]
    return {
        "organizations": [task.host_id] if task.host_id else [],
        "organization_names": [task.host_name] if task.host_name else [],
        "people": people,
    }


def council_rated(pk: str, outcome: dict[str, Any]) -> None:
    """The acceptance council's rating: accepted (Excellent or Pass) or not accepted."""
    locked = Task.objects.select_for_update().filter(pk=int(pk)).first()
    if locked is None or locked.state != TaskState.IN_ACCEPTANCE:
        return
    rating = outcome.get("rating") if outcome.get("rating") in Rating.values else None
    if rating is None:
        rating = Rating.PASS if outcome.get("passed") else Rating.FAIL
    target = TaskState.FAILED if rating == Rating.FAIL else TaskState.ACCEPTED
    before = locked.state
    locked.state, locked.rating, locked.accepted_on = target, rating, timezone.localdate()
    locked.save(update_fields=["state", "rating", "accepted_on"])
    record(
        actor=None,
        action=TASK_RATED,
        target=locked,
        changes={"state": [before, target], "rating": ["", rating]},
        note="; ".join(str(r) for r in outcome.get("reasons", [])),
    )


def recognition_record(*, actor: User, task: Task, decision: Decision) -> Task:
    """The decision recognising the results (T19)."""
    return _step(actor=actor, task=task, name="recognise", kind=DocumentKind.RECOGNITION, decision=decision)


def liquidation_record(
    *, actor: User, task: Task, decision: Decision, accept_risk: bool = False, note: str = ""
) -> Task:
    """The contract's liquidation (T21): after recognition; after a failed acceptance or a
    termination once the funds are recovered — or, under the 2025 law, accepting the research
    risk (with the reason: the host followed the rules)."""
    if accept_risk:
        name = "accept_risk"
    elif task.state == TaskState.RECOGNISED:
        name = "liquidate"
    else:
        name = "liquidate_recovered"
    if accept_risk and name not in task_workflow(task).transitions:
        raise DomainError(_("The research risk is accepted only under the 2025 law."), code="no_risk_rule")
    return _step(
        actor=actor, task=task, name=name, kind=DocumentKind.LIQUIDATION, decision=decision, note=note
    )


REGISTRATION_FIELDS = ("authors", "summary", "keywords", "products", "applications", "ip")


@transaction.atomic
def registration_submit(*, actor: User, task: Task, data: dict[str, str]) -> Task:
    """The host's registration sheet (Form 5, Circular 14/2014): authors, summary, keywords,
    products, where they apply, intellectual property. Submitted once the results are
    recognised; corrected until they are registered."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    task_policy.require(actor, "act", locked)
    if locked.state not in (TaskState.RECOGNISED, TaskState.LIQUIDATED):
        raise DomainError(_("The results are registered once they are recognised."), code="not_recognised")
    values = {key: (data.get(key) or "").strip() for key in REGISTRATION_FIELDS}
    if not values["authors"] or not values["summary"]:
        raise DomainError(_("The registration sheet needs the authors and the summary."), code="incomplete")
    before = dict(locked.registration)
    # New data is confirmed again by the host's leader (``people.registration_confirm``).
    locked.registration = {**values, "submitted_on": timezone.localdate().isoformat()}
    locked.save(update_fields=["registration"])
    record(
        actor=actor,
        action=REGISTRATION_SUBMITTED,
        target=locked,
        changes={"registration": [before.get("summary", "")[:200], values["summary"][:200]]},
    )
    return locked


def registration_due(task: Task, rules: Rules = lifecycle) -> dt.date | None:
    """The results are registered within the time the rules set after the acceptance."""
    if task.accepted_on is None or task.rating == Rating.FAIL:
        return None
    rule = rules(task.ordered_on)["registration"]
    return deadline(task.accepted_on, int(rule["amount"]), rule["unit"])


def registration_record(
    *, actor: User, task: Task, archive_number: str, registered_on: dt.date, decision: Decision | None = None
) -> Task:
    """Register the results (T22): the archive number and date (and the certificate)."""
    number = clean(archive_number)

    def check(locked: Task) -> None:
        if not locked.registration.get("summary"):
            raise DomainError(
                _("The host has not submitted the registration sheet (Form 5)."), code="no_form"
            )
        if not locked.registration.get("confirmed_on"):
            raise DomainError(
                _("The host's leader has not confirmed the registration sheet (Form 5)."),
                code="not_confirmed",
            )
        if not number or not isinstance(registered_on, dt.date):
            raise DomainError(_("Enter the archive number and the date of registration."), code="no_number")

    from khcn.research.signals import results_registered

    with transaction.atomic():
        registered = _step(
            actor=actor,
            task=task,
            name="register",
            kind=DocumentKind.REGISTRATION if decision is not None else None,
            decision=decision,
            check=check,
            values={"archive_number": number, "registered_on": registered_on},
        )
        # The library deposits the final report and the summary (nothing is lost: same transaction).
        results_registered.send(sender=Task, task=registered)
    return registered


def task_close(*, actor: User, task: Task) -> Task:
    name = "close" if task.state == TaskState.REGISTERED else "close_unaccepted"
    return _step(actor=actor, task=task, name=name)


def progress_due(task: Task) -> list[ProgressReport]:
    return list(task.reports.exclude(status=ReportStatus.ACCEPTED).order_by("due_on"))


# --- The acceptance dossier's files -------------------------------------------------------------

TASK_FILE_ADDED = audit.register("research.task.file", gettext_lazy("Acceptance dossier file added"))
for _part, _label in ResultPart.choices:
    audit.register_field(f"result_{_part}", _label)
DOSSIER_OPEN = (TaskState.IN_PROGRESS, TaskState.SUSPENDED, TaskState.IN_ACCEPTANCE, TaskState.ACCEPTED)


def task_file_add(*, actor: User, task: Task, part: str, file: Any) -> TaskFile:
    """The host attaches a part of its acceptance dossier (PDF, Word, Excel, a zip), checked by
    its content; until the results are recognised (the summary report as completed after the
    acceptance too)."""
    from khcn.core.uploads import DOCUMENT_KINDS

    if part not in ResultPart.values:
        raise DomainError(_("Choose which part of the dossier the file is."), code="bad_part")
    with (
        stored_upload(
            file, directory=f"research/tasks/{task.pk}", kinds=DOCUMENT_KINDS, max_bytes=MAX_FILE_BYTES
        ) as (path, upload),
        transaction.atomic(),
    ):
        assert upload is not None
        locked = Task.objects.select_for_update().get(pk=task.pk)
        task_policy.require(actor, "act", locked)
        if locked.state not in DOSSIER_OPEN:
            raise DomainError(
                _("The acceptance dossier is put together while the task is under way."), code="closed"
            )
        stored = TaskFile.objects.create(
            task=locked, part=part, file=path, name=upload.name, size=upload.size
        )
        record(
            actor=actor,
            action=TASK_FILE_ADDED,
            target=locked,
            changes={f"result_{part}": [None, upload.name]},
        )
        return stored


def dossier_missing(task: Task) -> list[str]:
    """The required parts of the acceptance dossier not yet attached, named."""
    present = {f.part for f in task.files.all()}
    return [str(ResultPart(p).label) for p in REQUIRED_RESULT_PARTS if p not in present]
