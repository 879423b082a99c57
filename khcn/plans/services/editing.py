"""Corrections to a saved plan: its facts, its items and their assignments, the points the
parser flagged, withdrawal and deletion. Each write is atomic, checked by ``plan_policy``
("change"), audited on the plan, and raises the plan's ``version`` and ``data_version`` in the
same transaction (what was rendered for the old plan is never shown again).

What agencies already wrote is kept:

- a changed item or assignment keeps its report lines (they point to the same rows);
- a new assignment gets a line in its agency's reports that can still be edited (draft,
  returned);
- a removed assignment leaves those editable reports, but one that was ever reported on in a
  submitted or accepted report is closed, not deleted, and says when and why it was removed;
  an item is removed the same way (``removed_on`` and a note), with all its sub-items;
- a plan with reports beyond drafts (or with implementation plans under it) cannot be deleted,
  only withdrawn: its open assignments are closed and it takes no new period or report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry
from khcn.audit.services import record
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean
from khcn.organizations.models import Organization
from khcn.plans.choices import AssignmentRole, PlanStatus, ReportStatus
from khcn.plans.models import AgencyReport, Assignment, ConsolidatedReport, Plan, PlanItem, ReportLine
from khcn.plans.parser.deadlines import first_deadline
from khcn.plans.parser.draft import join_path, unique_path
from khcn.plans.paths import display_path
from khcn.plans.permissions import plan_policy
from khcn.plans.services.indexing import reindex_plans
from khcn.plans.services.plans import resolve_agency
from khcn.plans.services.progress import assignment_due_on, progress_refresh

PLAN_CHANGED = registry.register("plans.plan.changed", gettext_lazy("Plan corrected"))
PLAN_WITHDRAWN = registry.register("plans.plan.withdrawn", gettext_lazy("Plan withdrawn"))
PLAN_DELETED = registry.register("plans.plan.deleted", gettext_lazy("Plan deleted"))
ITEM_ADDED = registry.register("plans.item.added", gettext_lazy("Item added"))
ITEM_CHANGED = registry.register("plans.item.changed", gettext_lazy("Item corrected"))
ITEM_MOVED = registry.register("plans.item.moved", gettext_lazy("Item moved"))
ITEM_MERGED = registry.register("plans.item.merged", gettext_lazy("Items merged"))
ITEM_REMOVED = registry.register("plans.item.removed", gettext_lazy("Item removed"))
ASSIGNMENT_ADDED = registry.register("plans.assignment.added", gettext_lazy("Assignment added"))
ASSIGNMENT_CHANGED = registry.register("plans.assignment.changed", gettext_lazy("Assignment corrected"))
ASSIGNMENT_REMOVED = registry.register("plans.assignment.removed", gettext_lazy("Assignment removed"))
WARNING_DISMISSED = registry.register("plans.plan.warning_dismissed", gettext_lazy("Flagged point dismissed"))

for _name, _label in (
    ("item", gettext_lazy("item")),
    ("agency", gettext_lazy("agency")),
    ("warning", gettext_lazy("flagged point")),
    ("merged_into", gettext_lazy("merged into")),
    ("reason", gettext_lazy("reason")),
):
    registry.register_field(_name, _label)


def _path_shown(value: Any, target: Any = None) -> Any:
    """An item path as recorded ("IV.9 (second)") in the reader's language."""
    return display_path(value) if isinstance(value, str) else value


# Recorded as codes and keys, read in the reader's language.
registry.describe(
    Plan,
    values={
        "item": _path_shown,
        "merged_into": _path_shown,
        "status": dict(PlanStatus.choices),
        "role": dict(AssignmentRole.choices),
    },
)

STALE = gettext_lazy("Someone corrected this plan while you were editing it. Check the plan and try again.")
PLAN_FACTS = ("doc_type", "title", "number", "issued_on", "issuer_name", "implements")
ITEM_FIELDS = ("label", "heading", "text", "deadline_text")
ASSIGNMENT_FIELDS = ("role", "lead_name", "deadline_text", "reporting", "note")
EDITABLE_REPORTS = (ReportStatus.DRAFT, ReportStatus.RETURNED)


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def _lock(plan: Plan, actor: User, version: int | None) -> Plan:
    """The plan locked for this change, after the policy and the version the user edited."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    plan_policy.require(actor, "change", locked)
    if locked.status == PlanStatus.WITHDRAWN:
        raise DomainError(_("This plan was withdrawn; it can no longer be corrected."), code="withdrawn")
    check_version(locked, version, str(STALE))
    locked.data_version += 1
    Plan.objects.filter(pk=locked.pk).update(version=locked.version, data_version=F("data_version") + 1)
    plan.version, plan.data_version = locked.version, locked.data_version
    reindex_plans(locked.pk)  # its search entries, after commit
    return locked


def _deadline(text: str) -> tuple[dict[str, Any] | None, str]:
    written = clean(text)
    found = first_deadline(written) if written else None
    return (found.to_json() if found is not None else None), written


def _deadline_text(value: Any) -> str:
    if isinstance(value, dict):
        return clean(str(value.get("text") or ""))
    return clean(str(value or ""))


def _diff(obj: Any, values: dict[str, Any], fields: Iterable[str]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for name in fields:
        if name in values and getattr(obj, name) != values[name]:
            old, new = getattr(obj, name), values[name]
            changes[name] = [_shown(old), _shown(new)]
            setattr(obj, name, new)
    return changes


def _shown(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def _renumber(plan: Plan) -> None:
    """Positions, depths and paths of the plan's items again from their parents and order
    (after an item is added, moved or merged). Paths follow the import's rule: the parent's
    path, a dot, the label; a repeated one becomes "… (second)"."""
    items = list(PlanItem.objects.filter(plan=plan).order_by("position"))
    children: dict[int | None, list[PlanItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    ordered: list[tuple[PlanItem, int, str]] = []
    taken: set[str] = set()

    def walk(parent: int | None, depth: int, prefix: str) -> None:
        for child in children.get(parent, []):
            path = unique_path(join_path(prefix, child.label), taken)
            taken.add(path)
            ordered.append((child, depth, path))
            walk(child.pk, depth + 1, path)

    walk(None, 0, "")
    # Two passes keep (plan, position) unique at every step.
    top = (PlanItem.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1
    PlanItem.objects.filter(plan=plan).update(position=F("position") + top)
    for position, (item, depth, path) in enumerate(ordered, start=1):
        item.position, item.depth, item.path = position, depth, path[:60]
    PlanItem.objects.bulk_update([i for i, _d, _p in ordered], ["position", "depth", "path"])


def _descendants(item: PlanItem) -> list[PlanItem]:
    items = list(PlanItem.objects.filter(plan_id=item.plan_id).only("pk", "parent_id", "position"))
    below: dict[int | None, list[PlanItem]] = {}
    for other in items:
        below.setdefault(other.parent_id, []).append(other)
    out: list[PlanItem] = []
    stack = list(below.get(item.pk, []))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(below.get(node.pk, []))
    return out


def _was_reported(assignment: Assignment) -> bool:
    """Reported on in a report that left its agency (submitted, returned, accepted)."""
    return assignment.report_lines.exclude(report__status=ReportStatus.DRAFT).exists()


def _lines_in_editable_reports(assignment: Assignment) -> None:
    """A line for ``assignment`` in its agency's editable reports of the plan."""
    if assignment.organization_id is None or not assignment.is_open:
        return
    reports = AgencyReport.objects.filter(
        period__plan_id=assignment.item.plan_id,
        organization_id=assignment.organization_id,
        status__in=EDITABLE_REPORTS,
    ).exclude(lines__assignment=assignment)
    ReportLine.objects.bulk_create([ReportLine(report=r, assignment=assignment) for r in reports])


def _drop(assignment: Assignment, *, today: dt.date, reason: str) -> str:
    """Take ``assignment`` out of the plan: out of the editable reports; deleted if it was
    never reported on, else closed with a note. Returns "deleted" or "closed"."""
    editable = assignment.report_lines.filter(report__status__in=EDITABLE_REPORTS)
    if _was_reported(assignment):
        editable.filter(report__status=ReportStatus.DRAFT).delete()
        editable.filter(report__status=ReportStatus.RETURNED).delete()
        note = _("Removed from the plan on %(date)s: %(reason)s") % {
            "date": today.strftime("%d/%m/%Y"),
            "reason": reason,
        }
        assignment.is_open = False
        assignment.note = f"{assignment.note}\n{note}".strip()
        assignment.save(update_fields=["is_open", "note"])
        return "closed"
    editable.delete()
    assignment.delete()
    return "deleted"


def _same_agency(
    item: PlanItem, organization: Organization | None, agency_name: str, exclude: int | None = None
):
    qs = Assignment.objects.filter(item=item, is_open=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if organization is not None:
        return qs.filter(organization=organization).first()
    return qs.filter(organization__isnull=True, agency_name=agency_name).first()


def _refused_twice(existing: Assignment) -> DomainError:
    return DomainError(
        _("%(agency)s already has item %(item)s (%(role)s). One agency has one role on an item.")
        % {
            "agency": existing.organization.name if existing.organization else existing.agency_name,
            "item": existing.item.path,
            "role": existing.get_role_display(),
        },
        code="duplicate_assignment",
    )


# --------------------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_update(*, actor: User, plan: Plan, version: int | None, **values: Any) -> Plan:
    """Correct the plan's facts (type, number, date, title, issuing body as written — resolved
    again through the registry —, documents implemented). Audited with each change."""
    locked = _lock(plan, actor, version)
    cleaned: dict[str, Any] = {}
    for name in PLAN_FACTS:
        if name not in values:
            continue
        value = values[name]
        if name == "implements":
            value = [clean(v) for v in value or [] if clean(v)]
        elif name != "issued_on":
            value = clean(value or "")
        cleaned[name] = value
    if "title" in cleaned and not cleaned["title"]:
        raise DomainError(_("The plan needs a title."), code="no_title")
    if "doc_type" in cleaned and not cleaned["doc_type"]:
        cleaned["doc_type"] = "Kế hoạch"
    changes = _diff(locked, cleaned, PLAN_FACTS)
    if "issuer_name" in changes or "issued_on" in changes:
        issuer = resolve_agency(locked.issuer_name, locked.issued_on) if locked.issuer_name else None
        if issuer != locked.issuer:
            changes["issuer"] = [
                locked.issuer.name if locked.issuer else None,
                issuer.name if issuer else None,
            ]
            locked.issuer = issuer
    locked.save()
    if changes:
        record(actor=actor, action=PLAN_CHANGED, target=locked, changes=changes)
    return locked


def plan_reports_beyond_drafts(plan: Plan) -> int:
    return AgencyReport.objects.filter(period__plan=plan).exclude(status=ReportStatus.DRAFT).count()


@transaction.atomic
def plan_withdraw(*, actor: User, plan: Plan, reason: str) -> Plan:
    """Withdraw the plan (it was replaced or annulled): its open assignments are closed, it
    takes no new period or report; everything reported stays. A reason is required."""
    reason = clean(reason)
    if not reason:
        raise DomainError(_("Say why the plan is withdrawn."), code="note_required")
    locked = _lock(plan, actor, None)
    closed = Assignment.objects.filter(item__plan=locked, is_open=True).update(is_open=False)
    locked.status = PlanStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    record(
        actor=actor,
        action=PLAN_WITHDRAWN,
        target=locked,
        changes={"status": [PlanStatus.ACTIVE.value, PlanStatus.WITHDRAWN.value], "assignments": [closed, 0]},
        note=reason,
    )
    return locked


@transaction.atomic
def plan_delete(*, actor: User, plan: Plan, reason: str) -> None:
    """Delete a plan imported by mistake. Refused once an agency has sent a report on it or an
    implementation plan was registered under it: then it can only be withdrawn."""
    reason = clean(reason)
    if not reason:
        raise DomainError(_("Say why the plan is deleted."), code="note_required")
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    plan_policy.require(actor, "change", locked)
    if plan_reports_beyond_drafts(locked):
        raise DomainError(
            _("Agencies have already sent reports on this plan: it cannot be deleted, only withdrawn."),
            code="has_reports",
        )
    if ConsolidatedReport.objects.filter(period__plan=locked).exists():
        raise DomainError(
            _("A consolidated report was made on this plan: it cannot be deleted, only withdrawn."),
            code="has_reports",
        )
    if locked.sub_plans.exists():
        raise DomainError(
            _("Implementation plans were registered under this plan: it cannot be deleted, only withdrawn."),
            code="has_sub_plans",
        )
    record(
        actor=actor,
        action=PLAN_DELETED,
        target=locked,
        changes={"title": [locked.title, None], "number": [locked.number, None]},
        note=reason,
    )
    ReportLine.objects.filter(report__period__plan=locked).delete()
    AgencyReport.objects.filter(period__plan=locked).delete()  # drafts only (see above)
    reindex_plans(locked.pk)  # after commit: the entries of what was deleted go
    locked.delete()  # items, assignments, periods and difficulties go with it


@transaction.atomic
def warning_dismiss(*, actor: User, plan: Plan, index: int, reason: str, version: int | None = None) -> None:
    """Dismiss a point the parser flagged, with a reason (it stays in the history)."""
    reason = clean(reason)
    if not reason:
        raise DomainError(_("Say why this point can be dismissed."), code="note_required")
    locked = _lock(plan, actor, version)
    warnings = list(locked.parse_warnings or [])
    if not 0 <= index < len(warnings):
        raise DomainError(_("This point is no longer flagged."), code="no_warning")
    warning = warnings[index]
    entry = dict(warning) if isinstance(warning, dict) else {"message": str(warning)}
    entry["dismissed"] = {
        "by": actor.get_username(),
        "on": timezone.localdate().isoformat(),
        "reason": reason,
    }
    warnings[index] = entry
    locked.parse_warnings = warnings
    locked.save(update_fields=["parse_warnings"])
    text = entry.get("message") or entry.get("note") or entry.get("code") or ""
    record(
        actor=actor, action=WARNING_DISMISSED, target=locked, changes={"warning": [text, None]}, note=reason
    )


# --------------------------------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------------------------------


def _item_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "label" in values:
        out["label"] = clean(values["label"] or "")[:20]
    if "heading" in values:
        out["heading"] = clean(values["heading"] or "")
    if "text" in values:
        out["text"] = (values["text"] or "").strip()
    return out


def _check_parent(plan: Plan, parent: PlanItem | None, item: PlanItem | None = None) -> None:
    if parent is None:
        return
    if parent.plan_id != plan.pk or parent.removed_on is not None:
        raise DomainError(_("Choose an item of this plan."), code="bad_parent")
    if item is not None and (parent.pk == item.pk or parent.pk in {d.pk for d in _descendants(item)}):
        raise DomainError(_("An item cannot be placed under itself."), code="bad_parent")


@transaction.atomic
def item_add(
    *,
    actor: User,
    plan: Plan,
    version: int | None,
    parent: PlanItem | None,
    after: PlanItem | None = None,
    **values: Any,
) -> PlanItem:
    """Add an item under ``parent`` (at the top level without one), after its sibling
    ``after`` or first."""
    locked = _lock(plan, actor, version)
    _check_parent(locked, parent)
    fields = _item_values(values)
    if not (fields.get("heading") or fields.get("text")):
        raise DomainError(_("Write the item's heading or text."), code="empty_item")
    deadline, _written = _deadline(values.get("deadline_text") or "")
    siblings = list(PlanItem.objects.filter(plan=locked, parent=parent).order_by("position"))
    if after is not None:
        if after.pk not in {s.pk for s in siblings}:
            raise DomainError(_("Choose an item under the new parent to place it after."), code="bad_anchor")
        anchor = max([after, *_descendants(after)], key=lambda i: i.position)
        position = anchor.position + 1
    else:  # first under its parent, as the form says
        position = (parent.position + 1) if parent is not None else 1
    PlanItem.objects.filter(plan=locked, position__gte=position).update(position=F("position") + 100000)
    item = PlanItem.objects.create(
        plan=locked,
        parent=parent,
        position=position,
        path="",
        depth=(parent.depth + 1) if parent else 0,
        deadline=deadline,
        **fields,
    )
    _renumber(locked)
    item.refresh_from_db()
    record(
        actor=actor,
        action=ITEM_ADDED,
        target=locked,
        changes={"item": [None, f"{item.path} {item.heading or item.text[:80]}"]},
    )
    return item


@transaction.atomic
def item_update(*, actor: User, item: PlanItem, version: int | None, **values: Any) -> PlanItem:
    """Correct an item's label, heading, text or deadline. Reports keep their lines; the
    assignments that follow the item's deadline get the new due date."""
    locked_plan = _lock(item.plan, actor, version)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.removed_on is not None:
        raise DomainError(_("This item was removed from the plan."), code="removed")
    fields = _item_values(values)
    changes = _diff(item, fields, ("label", "heading", "text"))
    if "deadline_text" in values:
        deadline, written = _deadline(values["deadline_text"] or "")
        if written != _deadline_text(item.deadline):
            changes["deadline"] = [_deadline_text(item.deadline), written]
            item.deadline = deadline if deadline is not None else ({"text": written} if written else None)
    if not (item.heading or item.text):
        raise DomainError(_("Write the item's heading or text."), code="empty_item")
    item.save()
    if "label" in changes:
        _renumber(locked_plan)
        item.refresh_from_db()
    if "deadline" in changes:
        assignments = list(item.assignments.all())
        for assignment in assignments:
            assignment.due_on = assignment_due_on(assignment, item)
        Assignment.objects.bulk_update(assignments, ["due_on"])
    if changes:
        record(
            actor=actor,
            action=ITEM_CHANGED,
            target=locked_plan,
            changes={"item": [item.path, item.path], **changes},
        )
    return item


@transaction.atomic
def item_move(
    *,
    actor: User,
    item: PlanItem,
    version: int | None,
    parent: PlanItem | None,
    after: PlanItem | None = None,
) -> PlanItem:
    """Move an item (with its sub-items) under ``parent``, after ``after`` or first."""
    locked_plan = _lock(item.plan, actor, version)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    _check_parent(locked_plan, parent, item)
    old_path = item.path
    moving = [item, *sorted(_descendants(item), key=lambda i: i.position)]
    moving_ids = {m.pk for m in moving}
    rest = [
        i for i in PlanItem.objects.filter(plan=locked_plan).order_by("position") if i.pk not in moving_ids
    ]
    if after is not None and (after.pk in moving_ids or after.parent_id != (parent.pk if parent else None)):
        raise DomainError(_("Choose an item under the new parent to place it after."), code="bad_anchor")
    if after is not None:
        anchor_ids = {after.pk, *(d.pk for d in _descendants(after))}
        cut = max(n for n, i in enumerate(rest) if i.pk in anchor_ids) + 1
    elif parent is not None:
        cut = next(n for n, i in enumerate(rest) if i.pk == parent.pk) + 1
    else:
        cut = 0
    order = [*rest[:cut], *moving, *rest[cut:]]
    top = len(order) + (PlanItem.objects.filter(plan=locked_plan).aggregate(m=Max("position"))["m"] or 0) + 1
    for n, node in enumerate(order):
        node.position = top + n
    PlanItem.objects.filter(pk=item.pk).update(parent=parent)
    PlanItem.objects.bulk_update(order, ["position"])
    _renumber(locked_plan)
    item.refresh_from_db()
    record(actor=actor, action=ITEM_MOVED, target=locked_plan, changes={"item": [old_path, item.path]})
    return item


@transaction.atomic
def item_merge(*, actor: User, item: PlanItem, into: PlanItem, version: int | None) -> PlanItem:
    """Merge ``item`` into ``into`` (the import split one item in two): its text is appended,
    its sub-items and assignments move over; an agency already on ``into`` keeps one line (the
    stronger role, lead over coordinate). ``item`` is then deleted — or, if reports were sent
    on a line the merge cannot keep, removed with a note."""
    locked_plan = _lock(item.plan, actor, version)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    into = PlanItem.objects.select_for_update().get(pk=into.pk)
    if into.plan_id != item.plan_id or into.pk == item.pk or into.removed_on is not None:
        raise DomainError(_("Choose another item of this plan."), code="bad_target")
    if into.pk in {d.pk for d in _descendants(item)}:
        raise DomainError(_("An item cannot be merged into one of its own sub-items."), code="bad_target")
    old_path = item.path
    today = timezone.localdate()
    extra = "\n".join(part for part in (item.heading, item.text) if part)
    if extra:
        into.text = f"{into.text}\n{extra}".strip()
        into.save(update_fields=["text"])
    PlanItem.objects.filter(parent=item).update(parent=into)
    kept_behind = False
    for assignment in list(item.assignments.all()):
        existing = _same_agency(into, assignment.organization, assignment.agency_name)
        if existing is None:
            assignment.item = into
            assignment.due_on = assignment_due_on(assignment, into)
            assignment.save(update_fields=["item", "due_on"])
            continue
        if assignment.role == AssignmentRole.LEAD and existing.role != AssignmentRole.LEAD:
            existing.role = AssignmentRole.LEAD
            existing.save(update_fields=["role"])
        if _drop(assignment, today=today, reason=_("merged into %(item)s") % {"item": into.path}) == "closed":
            kept_behind = True
    for related in item.related.all():
        if related.pk != into.pk:
            into.related.add(related)
    if kept_behind:
        item.removed_on = today
        item.removed_note = _("Merged into %(item)s") % {"item": into.path}
        item.save(update_fields=["removed_on", "removed_note"])
    else:
        item.delete()
    _renumber(locked_plan)
    into.refresh_from_db()
    progress_refresh(plan_id=locked_plan.pk)
    record(
        actor=actor,
        action=ITEM_MERGED,
        target=locked_plan,
        changes={"item": [old_path, None], "merged_into": [None, into.path]},
    )
    return into


@transaction.atomic
def item_remove(*, actor: User, item: PlanItem, version: int | None, reason: str) -> str:
    """Remove an item and its sub-items. Lines in editable reports go; an item reported on in
    a sent report is kept, marked removed with the date and the reason, its assignments
    closed. Returns "deleted" or "removed"."""
    reason = clean(reason)
    if not reason:
        raise DomainError(_("Say why the item is removed."), code="note_required")
    locked_plan = _lock(item.plan, actor, version)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.removed_on is not None:
        raise DomainError(_("This item was already removed."), code="removed")
    today = timezone.localdate()
    nodes = [item, *_descendants(item)]
    kept: set[int] = set()
    for node in nodes:
        for assignment in list(Assignment.objects.filter(item=node)):
            if _drop(assignment, today=today, reason=reason) == "closed":
                kept.add(node.pk)
    path = item.path
    outcome = "deleted"
    if kept:
        # Keep the removed branch (so that sent reports still show their lines); mark each node.
        PlanItem.objects.filter(pk__in=[n.pk for n in nodes]).update(removed_on=today, removed_note=reason)
        outcome = "removed"
    else:
        PlanItem.objects.filter(pk__in=[n.pk for n in nodes]).update(parent=None)
        PlanItem.objects.filter(pk__in=[n.pk for n in nodes]).delete()
        _renumber(locked_plan)
    progress_refresh(plan_id=locked_plan.pk)
    record(actor=actor, action=ITEM_REMOVED, target=locked_plan, changes={"item": [path, None]}, note=reason)
    return outcome


# --------------------------------------------------------------------------------------------------
# Assignments
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def assignment_add(
    *,
    actor: User,
    item: PlanItem,
    version: int | None,
    organization: Organization,
    role: str,
    agency_name: str = "",
    **values: Any,
) -> Assignment:
    """Give ``organization`` a role on ``item`` (with its own deadline and reporting duty if
    any). One agency, one role, one line per item. The agency's editable reports get a line."""
    locked_plan = _lock(item.plan, actor, version)
    if item.removed_on is not None:
        raise DomainError(_("This item was removed from the plan."), code="removed")
    if role not in AssignmentRole.values:
        raise DomainError(_("Choose a role."), code="bad_role")
    if not organization.is_active:
        raise DomainError(_("Choose agencies that are still in operation."), code="inactive_agency")
    existing = _same_agency(item, organization, agency_name)
    if existing is not None:
        raise _refused_twice(existing)
    deadline, written = _deadline(values.get("deadline_text") or "")
    assignment = Assignment(
        item=item,
        organization=organization,
        agency_name=(clean(agency_name) or organization.name)[:255],
        role=role,
        lead_name=clean(values.get("lead_name") or "")[:255],
        deadline=deadline,
        deadline_text=written[:255],
        reporting=(values.get("reporting") or "").strip(),
        note=(values.get("note") or "").strip(),
    )
    assignment.due_on = assignment_due_on(assignment, item)
    assignment.save()
    _lines_in_editable_reports(assignment)
    progress_refresh(plan_id=locked_plan.pk, assignment_ids=[assignment.pk])
    record(
        actor=actor,
        action=ASSIGNMENT_ADDED,
        target=locked_plan,
        changes={
            "item": [None, item.path],
            "agency": [None, organization.name],
            "role": [None, assignment.role],
        },
    )
    return assignment


@transaction.atomic
def assignment_update(
    *,
    actor: User,
    assignment: Assignment,
    version: int | None,
    organization: Organization | None = None,
    **values: Any,
) -> Assignment:
    """Correct an assignment: role, the agency it works with, deadline, reporting duty, note,
    or the agency itself. Giving it to another agency after reports were written on it closes
    this one (kept with what was reported) and opens a new one for the other agency."""
    locked_plan = _lock(assignment.item.plan, actor, version)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("item", "organization")
        .get(pk=assignment.pk)
    )
    if not assignment.is_open:
        raise DomainError(_("This assignment is closed."), code="closed")
    role = values.get("role", assignment.role)
    if role not in AssignmentRole.values:
        raise DomainError(_("Choose a role."), code="bad_role")
    changes: dict[str, list[Any]] = {}
    if organization is not None and organization.pk != assignment.organization_id:
        if not organization.is_active:
            raise DomainError(_("Choose agencies that are still in operation."), code="inactive_agency")
        existing = _same_agency(assignment.item, organization, "", exclude=assignment.pk)
        if existing is not None:
            raise _refused_twice(existing)
        changes["agency"] = [
            assignment.organization.name if assignment.organization else assignment.agency_name,
            organization.name,
        ]
        if assignment.report_lines.exists():
            today = timezone.localdate()
            reason = _("given to %(agency)s") % {"agency": organization.name}
            replacement = Assignment.objects.create(
                item=assignment.item,
                organization=organization,
                agency_name=organization.name,
                role=assignment.role,
                lead_name=assignment.lead_name,
                deadline=assignment.deadline,
                deadline_text=assignment.deadline_text,
                due_on=assignment.due_on,
                reporting=assignment.reporting,
                note=assignment.note,
            )
            _drop(assignment, today=today, reason=reason)
            assignment = replacement
            _lines_in_editable_reports(assignment)
        else:
            assignment.organization = organization
            assignment.agency_name = organization.name
            _lines_in_editable_reports(assignment)
    cleaned: dict[str, Any] = {"role": role}
    for name in ("lead_name", "reporting", "note"):
        if name in values:
            cleaned[name] = clean(values[name] or "") if name == "lead_name" else (values[name] or "").strip()
    changes.update(_diff(assignment, cleaned, ("role", "lead_name", "reporting", "note")))
    if "deadline_text" in values:
        deadline, written = _deadline(values["deadline_text"] or "")
        if written != assignment.deadline_text:
            changes["deadline_text"] = [assignment.deadline_text, written]
            assignment.deadline, assignment.deadline_text = deadline, written[:255]
    assignment.due_on = assignment_due_on(assignment, assignment.item)
    assignment.save()
    progress_refresh(plan_id=locked_plan.pk)
    if changes:
        record(
            actor=actor,
            action=ASSIGNMENT_CHANGED,
            target=locked_plan,
            changes={"item": [assignment.item.path, assignment.item.path], **changes},
        )
    return assignment


@transaction.atomic
def assignment_remove(*, actor: User, assignment: Assignment, version: int | None, reason: str) -> str:
    """Take an assignment out of the plan: deleted if never reported on, else closed with a
    note (sent reports keep their line). Returns "deleted" or "closed"."""
    reason = clean(reason)
    if not reason:
        raise DomainError(_("Say why the assignment is removed."), code="note_required")
    locked_plan = _lock(assignment.item.plan, actor, version)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("item", "organization")
        .get(pk=assignment.pk)
    )
    name = assignment.organization.name if assignment.organization else assignment.agency_name
    path = assignment.item.path
    outcome = _drop(assignment, today=timezone.localdate(), reason=reason)
    progress_refresh(plan_id=locked_plan.pk)
    record(
        actor=actor,
        action=ASSIGNMENT_REMOVED,
        target=locked_plan,
        changes={"item": [path, path], "agency": [name, None]},
        note=reason,
    )
    return outcome
