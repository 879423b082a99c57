"""The ordering list's decision opening the tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry as audit
from khcn.audit.services import record
from khcn.core.exceptions import DomainError
from khcn.core.text import clean
from khcn.research.choices import Issuer, Method, ProposalStatus, TaskType
from khcn.research.duplication import similarity_refresh
from khcn.research.models import Call, OrderList, Proposal, Task
from khcn.research.permissions import task_policy
from khcn.research.rules import regime_on

ORDER_LIST_APPROVED = audit.register("research.call.order_list", gettext_lazy("Ordering list approved"))
TASK_ORDERED = audit.register("research.task.ordered", gettext_lazy("Task put on the ordering list"))

# --- The ordering list: the decision, and a task for each proposal on it ---------------------------

MAX_FILE_BYTES = 20 * 1024 * 1024


def order_list_approve(
    *,
    actor: User,
    call: Call,
    number: str,
    decided_on: dt.date,
    methods: dict[int, str],
    types: dict[int, str] | None = None,
    signer_name: str = "",
    signer_position: str = "",
    file: Any = None,
    issuer: str = Issuer.PPC,
) -> OrderList:
    """Record the decision approving the call's ordering list (number, date, issuer, signer,
    signed PDF) and open a task for each proposal the identification council put on it, with how
    its host will be chosen (``methods``: selection or direct assignment, per proposal id). Each
    task follows the regime in force on the decision's date. The People's Committee's decision is
    recorded by the DOST; the Department's own (where the province delegates it) by its leader.
    The PDF is checked by its content and written before the transaction, deleted again if it
    fails (``core.uploads.stored_upload``)."""
    from khcn.core.uploads import stored_upload
    from khcn.research.services.lifecycle import ORDER_LIST, require_decider

    task_policy.require(actor, "manage")
    if issuer not in (Issuer.PPC, Issuer.DOST):
        raise DomainError(_("Say who issued the document."), code="bad_issuer")
    require_decider(actor, None, ORDER_LIST, issuer)
    with stored_upload(
        file, directory=f"research/order-lists/{call.pk}", kinds=("pdf",), max_bytes=MAX_FILE_BYTES
    ) as (path, upload):
        return _order_list_approve(
            actor=actor,
            call=call,
            number=number,
            decided_on=decided_on,
            methods=methods,
            types=types or {},
            signer_name=signer_name,
            signer_position=signer_position,
            issuer=issuer,
            path=path,
            name=upload.name if upload else "",
        )


@transaction.atomic
def _order_list_approve(
    *,
    actor: User,
    call: Call,
    number: str,
    decided_on: dt.date,
    methods: dict[int, str],
    types: dict[int, str],
    signer_name: str,
    signer_position: str,
    issuer: str,
    path: str,
    name: str,
) -> OrderList:
    call = Call.objects.select_for_update().get(pk=call.pk)
    task_policy.require(actor, "manage")
    if OrderList.objects.filter(call=call).exists():
        raise DomainError(_("The ordering list of this call is already approved."), code="already_approved")
    number = clean(number)
    if not number or not isinstance(decided_on, dt.date):
        raise DomainError(_("Enter the decision's number and date."), code="no_decision")
    ordered = list(
        Proposal.objects.select_for_update()
        .filter(call=call, status=ProposalStatus.ORDERED)
        .prefetch_related("fields")
        .order_by("pk")
    )
    if not ordered:
        raise DomainError(
            _("No proposal of this call is on the ordering list: the identification council has not voted."),
            code="nothing_ordered",
        )
    missing = [p.title for p in ordered if methods.get(p.pk) not in Method.values]
    if missing:
        raise DomainError(
            _("Say how the host is chosen for: %(list)s.") % {"list": "; ".join(missing)}, code="no_method"
        )
    order_list = OrderList.objects.create(
        call=call,
        number=number,
        decided_on=decided_on,
        issuer=issuer,
        signer_name=clean(signer_name),
        signer_position=clean(signer_position),
        file=path,
        file_name=name,
    )
    regime = regime_on(decided_on)
    taken = set(Task.objects.filter(code__startswith=f"{decided_on.year}-").values_list("code", flat=True))
    n = 0
    for proposal in ordered:
        n += 1
        while f"{decided_on.year}-{n:03d}" in taken:  # imported tasks may hold codes of the year
            n += 1
        task = Task.objects.create(
            code=f"{decided_on.year}-{n:03d}",
            title=proposal.title,
            type=str(types.get(proposal.pk)) if types.get(proposal.pk) in TaskType.values else TaskType.TOPIC,
            proposal=proposal,
            order_list=order_list,
            method=methods[proposal.pk],
            regime=regime,
            ordered_on=decided_on,
        )
        task.fields.set(list(proposal.fields.all()))
        record(
            actor=actor, action=TASK_ORDERED, target=task, changes={"code": [None, task.code]}, note=number
        )
    record(
        actor=actor,
        action=ORDER_LIST_APPROVED,
        target=call,
        changes={"order_list": [None, number]},
        note=", ".join(p.title[:80] for p in ordered),
    )
    # The duplication check's index of the tasks, rebuilt in the background once committed.
    transaction.on_commit(similarity_refresh)
    return order_list


# --- Correcting a task ------------------------------------------------------------------------------

TASK_EDITED = audit.register("research.task.edited", gettext_lazy("Task corrected"))
TASK_FIELDS = ("title", "type", "host_name", "investigator", "published")


@transaction.atomic
def task_edit(
    *,
    actor: User,
    task: Task,
    version: int | None = None,
    fields: Any = None,
    plan_items: Any = None,
    **values: Any,
) -> Task:
    """Correct what was typed or imported about a task (its title, type, host and investigator
    as named, whether it is on the public list), its fields of S&T and the plan items it
    implements (the plan's priority fields): the DOST, audited field by field."""
    from khcn.audit.services import diff, snapshot
    from khcn.core.concurrency import check_version

    locked = Task.objects.select_for_update().get(pk=task.pk)
    task_policy.require(actor, "manage", locked)
    check_version(locked, version, _("Someone changed the task meanwhile; check it and try again."))
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if "title" in values and not clean(values["title"] or ""):
        raise DomainError(_("The task needs a title."), code="no_title")
    if "type" in values and values["type"] not in TaskType.values:
        raise DomainError(_("Choose the type of task."), code="bad_type")
    before = snapshot(locked, TASK_FIELDS)
    before_fields = sorted(locked.fields.values_list("code", flat=True))
    before_items = sorted(str(i) for i in locked.plan_items.all())
    for key, value in values.items():
        setattr(locked, key, clean(value) if isinstance(value, str) else value)
    locked.version += 1
    locked.save()
    if fields is not None:
        locked.fields.set(list(fields))
    if plan_items is not None:
        locked.plan_items.set(list(plan_items))
    changes = diff(before, snapshot(locked, TASK_FIELDS))
    after_fields = sorted(locked.fields.values_list("code", flat=True))
    if after_fields != before_fields:
        changes["fields"] = [", ".join(before_fields), ", ".join(after_fields)]
    after_items = sorted(str(i) for i in locked.plan_items.all())
    if after_items != before_items:
        changes["plan_items"] = ["; ".join(before_items), "; ".join(after_items)]
    if changes:
        record(actor=actor, action=TASK_EDITED, target=locked, changes=changes)
        transaction.on_commit(similarity_refresh)
    return locked
