"""Correcting a saved plan: the plan's page for corrections (facts, flagged points, items,
withdrawal and deletion) and one page per item (its text and deadline, its place, merging,
removal, its assignments). Each form posts an ``action``; the services check ``change`` on the
plan, lock it, audit the change and raise its versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.plans import selectors, services
from khcn.plans.choices import PlanStatus
from khcn.plans.forms import (
    AssignmentEditForm,
    ItemForm,
    ItemMergeForm,
    ItemPlaceForm,
    PlanFactsForm,
    ReasonForm,
)
from khcn.plans.models import Assignment, Plan, PlanItem
from khcn.plans.paths import display_path
from khcn.plans.permissions import plan_policy


def _plan_for_change(request: AuthenticatedRequest, pk: int) -> Plan:
    plan = selectors.plan_get(user=request.user, pk=pk)
    plan_policy.require(request.user, "change", plan)
    return plan


def _edit_url(plan: Plan) -> str:
    return reverse("plans:plan_edit", args=[plan.pk])


def _item_url(item: PlanItem) -> str:
    return reverse("plans:item_edit", args=[item.plan_id, item.pk])


def _attempt(request: AuthenticatedRequest, form: Any, write: Callable[[], Any], success: str) -> bool:
    """Run ``write``; on a refusal, put its message on ``form`` (kept with the user's input)."""
    try:
        write()
    except DomainError as exc:
        form.add_error(None, exc.message)
        return False
    messages.success(request, success)
    return True


def _live_items(plan: Plan) -> Any:
    return PlanItem.objects.filter(plan=plan, removed_on__isnull=True).order_by("position")


@guarded_by(plan_policy)
@login_required
def plan_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan_for_change(request, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    facts = PlanFactsForm(
        request.POST if action == "save" else None,
        initial={
            "version": plan.version,
            "doc_type": plan.doc_type,
            "number": plan.number,
            "issued_on": plan.issued_on,
            "issuer_name": plan.issuer_name,
            "title": plan.title,
            "implements": "\n".join(str(v) for v in plan.implements or []),
        },
    )
    item_form = ItemForm(request.POST if action == "add_item" else None, initial={"version": plan.version})
    place = ItemPlaceForm(
        request.POST if action == "add_item" else None,
        items=_live_items(plan),
        initial={"version": plan.version},
    )
    withdraw = ReasonForm(request.POST if action == "withdraw" else None, prefix="withdraw")
    delete = ReasonForm(request.POST if action == "delete" else None, prefix="delete")
    dismiss = ReasonForm(request.POST if action == "dismiss" else None, prefix="dismiss")
    if action == "save" and facts.is_valid():
        data = facts.cleaned_data
        if _attempt(
            request,
            facts,
            lambda: services.plan_update(actor=request.user, plan=plan, **data),
            _("The plan's facts were corrected."),
        ):
            return redirect(plan)
    elif action == "add_item" and item_form.is_valid() and place.is_valid():
        data = {k: v for k, v in item_form.cleaned_data.items() if k != "version"}
        created: list[PlanItem] = []
        if _attempt(
            request,
            item_form,
            lambda: created.append(
                services.item_add(
                    actor=request.user,
                    plan=plan,
                    version=item_form.cleaned_data["version"],
                    parent=place.cleaned_data["parent"],
                    after=place.cleaned_data["after"],
                    **data,
                )
            ),
            _("The item was added."),
        ):
            return redirect(_item_url(created[0]))
    elif action == "dismiss" and dismiss.is_valid():
        try:
            index = int(request.POST.get("index", ""))
        except ValueError:
            index = -1
        if _attempt(
            request,
            dismiss,
            lambda: services.warning_dismiss(
                actor=request.user, plan=plan, index=index, reason=dismiss.cleaned_data["reason"]
            ),
            _("The flagged point was dismissed."),
        ):
            return redirect(_edit_url(plan) + "#flagged")
    elif action == "withdraw" and withdraw.is_valid():
        if _attempt(
            request,
            withdraw,
            lambda: services.plan_withdraw(
                actor=request.user, plan=plan, reason=withdraw.cleaned_data["reason"]
            ),
            _("The plan was withdrawn. Its assignments are closed; what was reported is kept."),
        ):
            return redirect(plan)
    elif action == "delete" and delete.is_valid():
        if _attempt(
            request,
            delete,
            lambda: services.plan_delete(actor=request.user, plan=plan, reason=delete.cleaned_data["reason"]),
            _("The plan was deleted."),
        ):
            return redirect("plans:plan_list")
    elif action:
        messages.error(request, _("Some changes could not be applied. Please correct the marked fields."))
    context = {
        "plan": plan,
        "facts": facts,
        "item_form": item_form,
        "place": place,
        "withdraw": withdraw,
        "delete": delete,
        "dismiss": dismiss,
        "flagged": [p for p in selectors.plan_flagged_points(plan) if p.is_open],
        "items": [(i, display_path(i.path)) for i in PlanItem.objects.filter(plan=plan).order_by("position")],
        "sent_reports": services.plan_reports_beyond_drafts(plan),
        "withdrawn": plan.status == PlanStatus.WITHDRAWN,
    }
    return render(request, "plans/plan_edit.html", context)


@guarded_by(plan_policy)
@login_required
def item_edit(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = _plan_for_change(request, pk)
    item = get_object_or_404(PlanItem, plan=plan, pk=item_pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    posted = request.POST if action else None
    version = {"version": plan.version}
    others = _live_items(plan).exclude(pk=item.pk)
    item_form = ItemForm(
        posted if action == "save" else None,
        initial={
            **version,
            "label": item.label,
            "heading": item.heading,
            "text": item.text,
            "deadline_text": (item.deadline or {}).get("text", "") if isinstance(item.deadline, dict) else "",
        },
    )
    place = ItemPlaceForm(
        posted if action == "move" else None,
        items=others,
        initial={**version, "parent": item.parent_id},
        prefix="move",
    )
    merge = ItemMergeForm(
        posted if action == "merge" else None, items=others, initial=version, prefix="merge"
    )
    remove = ReasonForm(posted if action == "remove" else None, initial=version, prefix="remove")
    agencies = AssignmentEditForm.agency_choices()
    add = AssignmentEditForm(
        posted if action == "add_assignment" else None, initial=version, prefix="new", agencies=agencies
    )
    target_pk = (
        request.POST.get("assignment") if action in ("update_assignment", "remove_assignment") else None
    )
    duties = list(item.assignments.select_related("organization").order_by("-is_open", "role", "pk"))
    rows: list[dict[str, Any]] = []
    for duty in duties:
        mine = target_pk == str(duty.pk)
        rows.append(
            {
                "duty": duty,
                "form": AssignmentEditForm(
                    posted if mine and action == "update_assignment" else None,
                    prefix=f"a{duty.pk}",
                    agencies=agencies,
                    initial={
                        **version,
                        "organization": duty.organization_id,
                        "role": duty.role,
                        "lead_name": duty.lead_name,
                        "deadline_text": duty.deadline_text,
                        "reporting": duty.reporting,
                        "note": duty.note,
                    },
                ),
                "remove": ReasonForm(
                    posted if mine and action == "remove_assignment" else None,
                    prefix=f"r{duty.pk}",
                    initial=version,
                ),
            }
        )
    done = False
    if action == "save" and item_form.is_valid():
        data = item_form.cleaned_data
        done = _attempt(
            request,
            item_form,
            lambda: services.item_update(actor=request.user, item=item, **data),
            _("The item was corrected."),
        )
    elif action == "move" and place.is_valid():
        data = place.cleaned_data
        done = _attempt(
            request,
            place,
            lambda: services.item_move(
                actor=request.user,
                item=item,
                version=data["version"],
                parent=data["parent"],
                after=data["after"],
            ),
            _("The item was moved; the plan's numbering follows."),
        )
    elif action == "merge" and merge.is_valid():
        into = merge.cleaned_data["into"]
        if _attempt(
            request,
            merge,
            lambda: services.item_merge(
                actor=request.user, item=item, into=into, version=merge.cleaned_data["version"]
            ),
            _("The items were merged."),
        ):
            return redirect(_item_url(into))
    elif action == "remove" and remove.is_valid():
        outcome: list[str] = []
        if _attempt(
            request,
            remove,
            lambda: outcome.append(
                services.item_remove(
                    actor=request.user,
                    item=item,
                    version=remove.cleaned_data["version"],
                    reason=remove.cleaned_data["reason"],
                )
            ),
            _("The item was removed from the plan."),
        ):
            return redirect(_edit_url(plan))
    elif action == "add_assignment" and add.is_valid():
        data = add.cleaned_data
        done = _attempt(
            request,
            add,
            lambda: services.assignment_add(
                actor=request.user,
                item=item,
                version=data["version"],
                organization=data["organization"],
                role=data["role"],
                lead_name=data["lead_name"],
                deadline_text=data["deadline_text"],
                reporting=data["reporting"],
                note=data["note"],
            ),
            _("The assignment was added."),
        )
    elif action in ("update_assignment", "remove_assignment"):
        row = next((r for r in rows if str(r["duty"].pk) == target_pk), None)
        if row is None:
            messages.error(request, _("This assignment no longer exists."))
            return redirect(_item_url(item))
        duty = row["duty"]
        if action == "update_assignment" and row["form"].is_valid():
            data = row["form"].cleaned_data
            done = _attempt(
                request,
                row["form"],
                lambda: services.assignment_update(actor=request.user, assignment=duty, **data),
                _("The assignment was corrected."),
            )
        elif action == "remove_assignment" and row["remove"].is_valid():
            data = row["remove"].cleaned_data
            done = _attempt(
                request,
                row["remove"],
                lambda: services.assignment_remove(
                    actor=request.user, assignment=duty, version=data["version"], reason=data["reason"]
                ),
                _("The assignment was removed."),
            )
    if done:
        return redirect(_item_url(item))
    if action and not done:
        messages.error(request, _("Some changes could not be applied. Please correct the marked fields."))
    context = {
        "plan": plan,
        "item": item,
        "path": display_path(item.path),
        "item_form": item_form,
        "place": place,
        "merge": merge,
        "remove": remove,
        "add": add,
        "rows": rows,
        "reported": Assignment.objects.filter(item=item, report_lines__isnull=False).exists(),
    }
    return render(request, "plans/item_edit.html", context)
