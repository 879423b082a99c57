"""Writes for plans: import a reviewed parse, reporting periods, agency names the import could
not resolve, and the duties that follow an agency into its successors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.accounts.roles import organizations_of
from khcn.audit import registry
from khcn.audit.services import record
from khcn.core.exceptions import DomainError
from khcn.core.rules import rule_get
from khcn.core.text import clean, fold
from khcn.organizations.models import Organization
from khcn.organizations.selectors import organization_resolve
from khcn.organizations.services import organization_alias_add
from khcn.plans.choices import AssignmentRole, PeriodKind, PlanStatus
from khcn.plans.models import Assignment, Plan, PlanItem, ReportingPeriod
from khcn.plans.parser.draft import DraftAssignment, ImportDraft
from khcn.plans.permissions import plan_policy
from khcn.plans.rules import REPORTING
from khcn.plans.selectors.duties import GROUP, NAMED_TWICE, SUCCESSOR, Overlap, draft_overlaps
from khcn.plans.services.duties import assignment_fold, open_assignment, strengthen
from khcn.plans.services.indexing import reindex_plans
from khcn.plans.services.progress import assignment_due_on, plan_data_changed, progress_refresh

PLAN_IMPORTED = registry.register("plans.plan.imported", gettext_lazy("Plan imported"))
PERIOD_CREATED = registry.register("plans.period.created", gettext_lazy("Reporting period opened"))
ASSIGNMENTS_MOVED = registry.register(
    "plans.plan.assignments_moved", gettext_lazy("Assignments moved to a successor")
)
AGENCY_MAPPED = registry.register("plans.plan.agency_mapped", gettext_lazy("Agency name mapped"))
# A plan's history counts its items and assignments and names its periods (reverse relations).
registry.describe(Plan, parts=(PlanItem, Assignment))


def resolve_agency(name: str, as_of: dt.date | None) -> Organization | None:
    """The agency in operation today for ``name`` as used on ``as_of`` (None if unknown or
    if the name covers several agencies, e.g. "UBND các huyện")."""
    result = organization_resolve(name, as_of=as_of)
    if result.found and len(result.current) == 1 and not result.ambiguous:
        return result.current[0]
    return None


def _owner(actor: User, parent: Plan | None, issuer: Organization | None) -> Organization | None:
    """The agency that registers its own implementation plan (and may correct it later): the
    importer's agency — the issuer if the importer belongs to several. None for the DOST's."""
    if parent is None or plan_policy.is_dost(actor) or plan_policy.is_sysadmin(actor):
        return None
    own = organizations_of(actor, Role.AGENCY_LEADER, Role.AGENCY_REPORTER)
    if issuer is not None and issuer in own:
        return issuer
    return own[0] if own else None


def _deadline(duty: DraftAssignment) -> tuple[dict[str, Any] | None, str]:
    """A duty's deadline as a value (the parser's, or its ``deadline_detail``, or the text read
    again when it was retyped on the review screen) and as written."""
    from khcn.plans.parser.deadlines import first_deadline

    if duty.retyped:
        written = clean(duty.deadline_text)
        found = first_deadline(written) if written else None
        return (found.to_json() if found is not None else None), written
    deadline, detail = duty.deadline, duty.extra.get("deadline_detail")
    if isinstance(deadline, dict):
        return deadline, clean(str(deadline.get("text") or ""))
    written = clean(str(deadline or ""))
    if isinstance(detail, dict):
        return detail, written or clean(str(detail.get("text") or ""))
    found = first_deadline(written) if written else None
    return (found.to_json() if found is not None else None), written


@transaction.atomic
def plan_import(
    *,
    actor: User,
    draft: ImportDraft,
    source_text: str = "",
    source_name: str = "",
    parent: Plan | None = None,
) -> Plan:
    """Save a reviewed draft as a plan with its items and assignments, in one transaction.
    Agency names are resolved through the agency registry as of the plan's date, then to
    today's successor; names that do not resolve to one agency are kept as written for the
    DOST to map. Audited."""
    plan_policy.require(actor, "import")
    if parent is None:
        plan_policy.require(actor, "import_top_level")
    outline = draft.outline()
    if not outline:
        raise DomainError(_("The plan has no sections to save."), code="no_sections")
    facts = draft.facts
    title = clean(facts.title)
    if not title:
        raise DomainError(_("The plan needs a title."), code="no_title")
    issuer_name = clean(facts.issuer)
    issuer = resolve_agency(issuer_name, facts.date) if issuer_name else None
    plan = Plan.objects.create(
        doc_type=clean(facts.doc_type or "Kế hoạch")[:60],
        title=title,
        number=clean(facts.number)[:60],
        issued_on=facts.date,
        issuer_name=issuer_name[:255],
        issuer=issuer,
        owner=_owner(actor, parent, issuer),
        implements=list(draft.other.get("implements") or []),
        parent=parent,
        source_text=source_text,
        source_name=source_name[:255],
        parse_warnings=list(draft.other.get("warnings") or []),
        imported_by=actor if actor is not None and actor.is_authenticated else None,
    )
    items: dict[int, PlanItem] = {}
    by_path: dict[str, PlanItem] = {}
    for position, entry in enumerate(outline, start=1):
        row = entry.row
        item = PlanItem.objects.create(
            plan=plan,
            parent=items.get(row.parent) if row.parent is not None else None,
            position=position,
            label=row.label,
            path=entry.path[:60],
            heading=clean(row.heading),
            text=row.text.strip(),
            depth=entry.depth,
            deadline=row.deadline,
        )
        items[row.key] = item
        by_path[entry.path] = item
    paths = {key: item.path for key, item in items.items()}
    cache: dict[str, Organization | None] = {}
    saved = [
        d
        for d in draft.assignments
        if d.row is not None and d.row in items and clean(d.agency) and d.role in AssignmentRole.values
    ]
    for duty in saved:
        name = clean(duty.agency)
        if name not in cache:
            cache[name] = resolve_agency(name, facts.date)
    # One agency, one role, one line per item: a duty naming an agency that another duty on the
    # item names too is folded into it (the stronger role wins; selectors.duties says why).
    folding = draft_overlaps(draft, cache)
    by_key = {duty.key: duty for duty in saved}

    def build(duty: DraftAssignment, item: PlanItem) -> Assignment:
        name = clean(duty.agency)
        structured, written = _deadline(duty)
        return Assignment(
            item=item,
            organization=cache.get(name),
            agency_name=name[:255],
            role=duty.role,
            lead_name=clean(duty.lead)[:255],
            deadline=structured,
            deadline_text=written[:255],
            reporting=str(duty.extra.get("reporting") or ""),
            note=str(duty.extra.get("note") or ""),
        )

    created = 0
    for duty in saved:
        item = items[duty.row]  # type: ignore[index]
        for path in draft.related_paths(duty, paths):
            target = by_path.get(path)
            if target is not None and target.pk != item.pk:
                item.related.add(target)
        if duty.key in folding.folded:
            continue
        assignment = build(duty, item)
        for other in folding.into.get(duty.key, []):
            strengthen(assignment, build(by_key[other], item))
        assignment.due_on = assignment_due_on(assignment, item)
        assignment.save()
        created += 1
    record(
        actor=actor,
        action=PLAN_IMPORTED,
        target=plan,
        changes={
            "title": [None, plan.title],
            "items": [None, len(items)],
            "assignments": [None, created],
            **({"merged": [None, [o.recorded() for o in folding.overlaps]]} if folding.overlaps else {}),
        },
    )
    reindex_plans(plan.pk)  # search entries, after commit
    return plan


def plan_assignment_count(plan: Plan) -> int:
    return Assignment.objects.filter(item__plan=plan).count()


def _day_month(text: str, year: int) -> dt.date:
    day, month = (int(x) for x in text.split("/"))
    return dt.date(year, month, day)


def period_bounds(
    kind: str, year: int, index: int = 1, *, as_of: dt.date | None = None
) -> tuple[dt.date, dt.date, dt.date]:
    """Data cut-off and due date for a period, from the ``plans.reporting`` rule set in force.

    Annual: 15/12 of the previous year → 14/12 (Decree 09/2019, art. 12); 6-monthly and
    quarterly follow the same 15th-to-14th rule. ``index`` is the half (1–2) or quarter (1–4).
    """
    rules = rule_get(REPORTING, as_of=as_of or dt.date(year, 12, 31))
    within = int(rules.get(kind, rules.get("annual", {})).get("submit_within_days", 5))
    if kind == PeriodKind.ANNUAL:
        start, end = dt.date(year - 1, 12, 15), dt.date(year, 12, 14)
    elif kind == PeriodKind.SEMIANNUAL:
        start, end = (
            (dt.date(year - 1, 12, 15), dt.date(year, 6, 14))
            if index == 1
            else (dt.date(year, 6, 15), dt.date(year, 12, 14))
        )
    elif kind == PeriodKind.QUARTERLY:
        last_month = 3 * index
        start_month = last_month - 3
        start = dt.date(year - 1, 12, 15) if start_month == 0 else dt.date(year, start_month, 15)
        end = dt.date(year, last_month, 14)
    else:
        raise DomainError(_("Ad hoc periods need their own dates."), code="ad_hoc_dates")
    return start, end, end + dt.timedelta(days=within)


@transaction.atomic
def period_create(
    *,
    actor: User,
    plan: Plan,
    kind: str,
    year: int,
    index: int = 1,
    start: dt.date | None = None,
    end: dt.date | None = None,
    due_on: dt.date | None = None,
    name: str = "",
) -> ReportingPeriod:
    """Open a reporting period on ``plan`` (DOST). Dates come from the rule set unless given
    (ad hoc periods give them). Audited."""
    plan_policy.require(actor, "manage_periods", plan)
    if plan.status == PlanStatus.WITHDRAWN:
        raise DomainError(_("This plan was withdrawn; it takes no new reporting period."), code="withdrawn")
    if kind == PeriodKind.AD_HOC:
        if not (start and end and due_on) or end < start:
            raise DomainError(
                _("Ad hoc periods need a start, an end after it and a due date."), code="ad_hoc_dates"
            )
    else:
        start, end, due_on = period_bounds(kind, year, index)
    labels: dict[str, str] = {
        PeriodKind.ANNUAL: _("Year %(year)s") % {"year": year},
        PeriodKind.SEMIANNUAL: _("Half %(index)s/%(year)s") % {"index": index, "year": year},
        PeriodKind.QUARTERLY: _("Quarter %(index)s/%(year)s") % {"index": index, "year": year},
    }
    if ReportingPeriod.objects.filter(plan=plan, kind=kind, start=start, end=end).exists():
        raise DomainError(_("This period already exists."), code="duplicate_period")
    period = ReportingPeriod.objects.create(
        plan=plan,
        kind=kind,
        name=clean(name) or str(labels.get(kind, _("Ad hoc report"))),
        start=start,
        end=end,
        due_on=due_on,
    )
    progress_refresh(plan_id=plan.pk, period_ids=[period.pk])
    record(actor=actor, action=PERIOD_CREATED, target=plan, changes={"periods": [None, period.name]})
    return period


def _copy_assignment(assignment: Assignment, organization: Organization, *, agency_name: str) -> Assignment:
    """The same duty on the same item, given to ``organization`` (a successor, or one agency of
    a group name)."""
    return Assignment.objects.create(
        item_id=assignment.item_id,
        organization=organization,
        agency_name=agency_name,
        role=assignment.role,
        lead_name=assignment.lead_name,
        deadline=assignment.deadline,
        deadline_text=assignment.deadline_text,
        due_on=assignment.due_on,
        reporting=assignment.reporting,
        note=assignment.note,
    )


def assignments_follow_succession(
    *, actor: User | None, predecessor: Organization, successors: list[Organization], date: dt.date
) -> int:
    """Hand ``predecessor``'s open assignments to its successor(s), inside the agency merger or
    split (called by ``khcn.organizations.hooks``). With one successor the assignment moves;
    with several, each successor gets a copy and the original is closed. A successor that
    already has the item gets no second assignment: it keeps one, with the stronger role, and
    the report lines on both (``services.duties.assignment_fold``). Each plan's history records
    the move. Returns the number of assignments moved."""
    open_ones = list(
        Assignment.objects.select_for_update()
        .filter(organization=predecessor, is_open=True)
        .select_related("item__plan")
    )
    if not open_ones or not successors:
        return 0
    by_plan: dict[int, list[str]] = {}
    merged: dict[int, list[dict[str, str]]] = {}
    for assignment in open_ones:
        plan_id = assignment.item.plan_id
        # A successor that already has the item keeps one assignment on it, with the stronger
        # role (one agency, one role, one line per item: services.duties).
        existing_of = {
            s.pk: open_assignment(assignment.item_id, s, exclude=assignment.pk) for s in successors
        }
        for successor in successors:
            existing = existing_of[successor.pk]
            if existing is not None:
                merged.setdefault(plan_id, []).append(
                    Overlap(
                        path=assignment.item.path,
                        agency=successor.name,
                        kept_as=existing.agency_name,
                        kept_role=existing.role,
                        other_as=assignment.agency_name,
                        other_role=assignment.role,
                        reason=SUCCESSOR,
                        former_as=predecessor.name,
                    ).recorded()
                )
        if len(successors) == 1:
            existing = existing_of[successors[0].pk]
            if existing is None:
                assignment.organization = successors[0]
                assignment.save(update_fields=["organization"])
            else:
                assignment_fold(kept=existing, other=assignment)
        else:
            for successor in successors:
                existing = existing_of[successor.pk]
                if existing is None:
                    _copy_assignment(assignment, successor, agency_name=successor.name)
                else:
                    changed = strengthen(existing, assignment)
                    if changed:
                        existing.save(update_fields=changed)
            assignment.is_open = False
            assignment.save(update_fields=["is_open"])
        by_plan.setdefault(plan_id, []).append(assignment.item.path)
    names = ", ".join(s.name for s in successors)
    plan_data_changed(*by_plan)
    reindex_plans(*by_plan)
    for plan_id in merged:
        progress_refresh(plan_id=plan_id)
    for plan in Plan.objects.filter(pk__in=by_plan):
        changes: dict[str, list[Any]] = {
            "assignments": [f"{predecessor.name}: {', '.join(by_plan[plan.pk])}", names]
        }
        if plan.pk in merged:
            changes["merged"] = [None, merged[plan.pk]]
        record(
            actor=actor,
            action=ASSIGNMENTS_MOVED,
            target=plan,
            changes=changes,
            note=_("%(old)s ended on %(date)s; its duties went to %(new)s.")
            % {
                "old": predecessor.name,
                "date": (date - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
                "new": names,
            },
        )
    return len(open_ones)


# --------------------------------------------------------------------------------------------------
# Agency names the import could not resolve
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def agency_map(
    *,
    actor: User,
    plan: Plan,
    agency_name: str,
    organizations: list[Organization],
    remember: bool = False,
) -> int:
    """Give the plan's unresolved assignments written as ``agency_name`` to registry agencies.

    With one agency, the assignments are given to it (and, with ``remember``, the name becomes
    one of its aliases, so later imports resolve it); with several (a group such as "UBND các
    huyện, thành phố"), each agency gets its own copy of each assignment. An agency that
    already has the item (as lead or coordinator, e.g. the lead of an item whose coordinators
    are "các sở, ban, ngành") gets no second one: it keeps its assignment, with the stronger
    role. Audited on the plan, with what was folded. Returns the number of assignments now
    given to agencies under this name."""
    plan_policy.require(actor, "change", plan)
    organizations = list(dict.fromkeys(organizations))
    if not organizations:
        raise DomainError(_("Choose at least one agency."), code="no_agency")
    if any(not org.is_active for org in organizations):
        raise DomainError(_("Choose agencies that are still in operation."), code="inactive_agency")
    pending = list(
        Assignment.objects.select_for_update().filter(
            item__plan=plan, agency_name=agency_name, organization__isnull=True, is_open=True
        )
    )
    if not pending:
        raise DomainError(_("There is nothing left to map for this name."), code="nothing_to_map")
    given = 0
    merged: list[dict[str, str]] = []
    for assignment in pending:
        # One agency, one role, one line per item: an agency that already has the item keeps its
        # assignment (with the stronger role) and gets no copy (services.duties).
        takers = []
        for org in organizations:
            existing = open_assignment(assignment.item_id, org)
            if existing is None:
                takers.append(org)
                continue
            merged.append(
                Overlap(
                    path=existing.item.path,
                    agency=org.name,
                    kept_as=existing.agency_name,
                    kept_role=existing.role,
                    other_as=agency_name,
                    other_role=assignment.role,
                    reason=GROUP if len(organizations) > 1 else NAMED_TWICE,
                ).recorded()
            )
            changed = strengthen(existing, assignment)
            if changed:
                existing.save(update_fields=changed)
        if not takers:
            assignment.delete()  # never reported on: it had no agency
            continue
        first, *others = takers
        for org in others:
            _copy_assignment(assignment, org, agency_name=assignment.agency_name)
        assignment.organization = first
        assignment.save(update_fields=["organization"])
        given += len(takers)
    names = ", ".join(org.name for org in organizations)
    plan_data_changed(plan.pk)
    reindex_plans(plan.pk)
    record(
        actor=actor,
        action=AGENCY_MAPPED,
        target=plan,
        changes={
            "agency": [agency_name, names],
            "assignments": [None, given],
            **({"merged": [None, merged]} if merged else {}),
        },
    )
    if (
        remember
        and len(organizations) == 1
        and not first.aliases.filter(name_folded=fold(agency_name)).exists()
    ):
        organization_alias_add(actor=actor, organization=organizations[0], name=agency_name)
    return given
