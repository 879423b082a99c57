"""Writes for plans: import a reviewed parse, reporting periods, agency reports."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.audit import registry
from khcn.audit.services import diff, record, snapshot
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.rules import rule_get
from khcn.core.text import clean, fold
from khcn.core.uploads import check_upload
from khcn.organizations.models import Organization
from khcn.organizations.selectors import organization_resolve
from khcn.organizations.services import organization_alias_add
from khcn.plans.choices import AssignmentRole, DifficultyStatus, PeriodKind, ReportStatus
from khcn.plans.models import (
    AgencyReport,
    Assignment,
    Difficulty,
    Plan,
    PlanItem,
    ReportAttachment,
    ReportingPeriod,
    ReportLine,
    attachment_path,
)
from khcn.plans.permissions import difficulty_policy, plan_policy, report_policy
from khcn.plans.workflow import REPORT_WORKFLOW

PLAN_IMPORTED = registry.register("plans.plan.imported", gettext_lazy("Plan imported"))
PERIOD_CREATED = registry.register("plans.period.created", gettext_lazy("Reporting period opened"))
REPORT_CREATED = registry.register("plans.report.created", gettext_lazy("Report started"))
REPORT_SAVED = registry.register("plans.report.saved", gettext_lazy("Report saved"))
ASSIGNMENTS_MOVED = registry.register(
    "plans.plan.assignments_moved", gettext_lazy("Assignments moved to a successor")
)
AGENCY_MAPPED = registry.register("plans.plan.agency_mapped", gettext_lazy("Agency name mapped"))
ATTACHMENT_ADDED = registry.register("plans.report.attachment_added", gettext_lazy("File attached"))
ATTACHMENT_REMOVED = registry.register("plans.report.attachment_removed", gettext_lazy("File removed"))
DIFFICULTY_RAISED = registry.register("plans.difficulty.raised", gettext_lazy("Difficulty raised"))
DIFFICULTY_ANSWERED = registry.register("plans.difficulty.answered", gettext_lazy("Difficulty answered"))
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 20
REPORTING_RULES = "plans.reporting"


def _date_or_none(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _resolve(name: str, as_of: dt.date | None) -> Organization | None:
    """The agency in operation today for ``name`` as used on ``as_of`` (None if unknown or
    if the name covers several agencies, e.g. "UBND các huyện")."""
    result = organization_resolve(name, as_of=as_of)
    if result.found and len(result.current) == 1 and not result.ambiguous:
        return result.current[0]
    return None


ORDINALS = {2: "second", 3: "third", 4: "fourth"}


def duplicate_path(path: str, n: int) -> str:
    """The path of the n-th item printed with the same label: "IV.9 (second)", as the parser
    names it."""
    return f"{path} ({ORDINALS.get(n, str(n))})"


def _create_items(plan: Plan, sections: list[dict[str, Any]]) -> dict[str, PlanItem]:
    by_path: dict[str, PlanItem] = {}
    position = 0

    def walk(nodes: list[dict[str, Any]], parent: PlanItem | None, prefix: str, depth: int) -> None:
        nonlocal position
        for node in nodes:
            label = clean(str(node.get("label", "")))[:20]
            path = f"{prefix}.{label}" if prefix else label
            if path in by_path:  # a duplicate label (the seed has two "IV.9"): keep both, in order
                n = 2
                while duplicate_path(path, n) in by_path:
                    n += 1
                path = duplicate_path(path, n)
            position += 1
            item = PlanItem.objects.create(
                plan=plan,
                parent=parent,
                position=position,
                label=label,
                path=path[:60],
                heading=clean(str(node.get("heading") or "")),
                text=str(node.get("text") or "").strip(),
                depth=depth,
                deadline=node.get("deadline"),
            )
            by_path[path] = item
            walk(list(node.get("children") or []), item, path, depth + 1)

    walk(sections, None, "", 0)
    return by_path


def _deadline(entry: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """An assignment's deadline as a value (the parser's ``deadline_detail``, or the text read
    again when it was typed on the review screen) and as written."""
    from khcn.plans.parser.deadlines import first_deadline

    deadline, detail = entry.get("deadline"), entry.get("deadline_detail")
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
    actor: Any,
    data: dict[str, Any],
    source_text: str = "",
    source_name: str = "",
    parent: Plan | None = None,
) -> Plan:
    """Save a reviewed parse (the ``plan_parse`` JSON, as corrected on the review screen) as a
    plan with its items and assignments, in one transaction. Agency names are resolved through
    the agency registry as of the plan's date, then to today's successor; names that do not
    resolve to one agency are kept as written for the DOST to map. Audited."""
    plan_policy.require(actor, "import")
    if parent is None:
        plan_policy.require(actor, "import_top_level")
    sections = list(data.get("sections") or [])
    if not sections:
        raise DomainError(_("The plan has no sections to save."), code="no_sections")
    title = clean(str(data.get("title") or ""))
    if not title:
        raise DomainError(_("The plan needs a title."), code="no_title")
    issued_on = _date_or_none(data.get("date"))
    issuer_name = clean(str(data.get("issuer") or ""))
    plan = Plan.objects.create(
        doc_type=clean(str(data.get("doc_type") or "Kế hoạch"))[:60],
        title=title,
        number=clean(str(data.get("number") or ""))[:60],
        issued_on=issued_on,
        issuer_name=issuer_name[:255],
        issuer=_resolve(issuer_name, issued_on) if issuer_name else None,
        implements=list(data.get("implements") or []),
        parent=parent,
        source_text=source_text,
        source_name=source_name[:255],
        parse_warnings=list(data.get("warnings") or []),
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    items = _create_items(plan, sections)
    cache: dict[str, Organization | None] = {}
    for entry in data.get("assignments") or []:
        section = str(entry.get("section", ""))
        # "IV (closing paragraph)" and the like belong to their section.
        item = items.get(section) or items.get(section.split(" (")[0])
        name = clean(str(entry.get("agency") or ""))
        role = entry.get("role")
        if item is None or not name or role not in AssignmentRole.values:
            continue
        if name not in cache:
            cache[name] = _resolve(name, issued_on)
        structured, written = _deadline(entry)
        Assignment.objects.create(
            item=item,
            organization=cache[name],
            agency_name=name[:255],
            role=role,
            lead_name=clean(str(entry.get("lead") or ""))[:255],
            deadline=structured,
            deadline_text=written[:255],
            reporting=str(entry.get("reporting") or ""),
            note=str(entry.get("note") or ""),
        )
        for related in entry.get("related_sections") or []:
            target = items.get(str(related))
            if target is not None and target.pk != item.pk:
                item.related.add(target)
    record(
        actor=actor,
        action=PLAN_IMPORTED,
        target=plan,
        changes={
            "title": [None, plan.title],
            "items": [None, len(items)],
            "assignments": [None, plan_assignment_count(plan)],
        },
    )
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
    rules = rule_get(REPORTING_RULES, as_of=as_of or dt.date(year, 12, 31))
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
    actor: Any,
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
    record(actor=actor, action=PERIOD_CREATED, target=plan, changes={"periods": [None, period.name]})
    return period


@transaction.atomic
def report_start(*, actor: Any, period: ReportingPeriod, organization: Organization) -> AgencyReport:
    """Start (or return the existing) report of ``organization`` for ``period``, with one line
    per open assignment of the agency in the plan. Agency reporters and leaders of that agency."""
    draft = AgencyReport(period=period, organization=organization)
    report_policy.require(actor, "edit", draft)
    existing = AgencyReport.objects.filter(period=period, organization=organization).first()
    if existing is not None:
        return existing
    assignments = list(
        Assignment.objects.filter(item__plan_id=period.plan_id, organization=organization, is_open=True)
    )
    if not assignments:
        raise DomainError(
            _("%(agency)s has no open assignment in this plan, so it has nothing to report on.")
            % {"agency": organization.name},
            code="no_assignments",
        )
    report, created = AgencyReport.objects.get_or_create(period=period, organization=organization)
    if created:
        ReportLine.objects.bulk_create([ReportLine(report=report, assignment=a) for a in assignments])
        record(actor=actor, action=REPORT_CREATED, target=report)
    return report


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
        reporting=assignment.reporting,
        note=assignment.note,
    )


def assignments_follow_succession(
    *, actor: Any, predecessor: Organization, successors: list[Organization], date: dt.date
) -> int:
    """Hand ``predecessor``'s open assignments to its successor(s), inside the agency merger or
    split (called by ``khcn.organizations.hooks``). With one successor the assignment moves;
    with several, each successor gets a copy and the original is closed. Each plan's history
    records the move. Returns the number of assignments moved."""
    open_ones = list(
        Assignment.objects.select_for_update()
        .filter(organization=predecessor, is_open=True)
        .select_related("item__plan")
    )
    if not open_ones or not successors:
        return 0
    by_plan: dict[int, list[str]] = {}
    for assignment in open_ones:
        if len(successors) == 1:
            assignment.organization = successors[0]
            assignment.save(update_fields=["organization"])
        else:
            for successor in successors:
                _copy_assignment(assignment, successor, agency_name=successor.name)
            assignment.is_open = False
            assignment.save(update_fields=["is_open"])
        by_plan.setdefault(assignment.item.plan_id, []).append(assignment.item.path)
    names = ", ".join(s.name for s in successors)
    for plan in Plan.objects.filter(pk__in=by_plan):
        record(
            actor=actor,
            action=ASSIGNMENTS_MOVED,
            target=plan,
            changes={"assignments": [f"{predecessor.name}: {', '.join(by_plan[plan.pk])}", names]},
            note=_("%(old)s ended on %(date)s; its duties went to %(new)s.")
            % {
                "old": predecessor.name,
                "date": (date - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
                "new": names,
            },
        )
    return len(open_ones)


LINE_FIELDS = ("progress", "results", "figures", "difficulties", "proposals")


@transaction.atomic
def report_save(
    *, actor: Any, report: AgencyReport, version: int, summary: str, lines: dict[int, dict[str, str]]
) -> AgencyReport:
    """Save a draft (or returned) report. ``version`` is the version the user edited: if
    someone saved in between, the save is refused rather than overwriting. Audited."""
    locked = AgencyReport.objects.select_for_update().get(pk=report.pk)
    report_policy.require(actor, "edit", locked)
    check_version(
        locked,
        version,
        _("Someone else saved this report while you were editing it. Reload to see their changes."),
    )
    changes: dict[str, list[Any]] = {}
    if clean(summary) != clean(locked.summary):
        changes["summary"] = [locked.summary, summary]
        locked.summary = summary.strip()
    for line in locked.lines.select_related("assignment__item"):
        values = lines.get(line.pk)
        if not values:
            continue
        before = snapshot(line, LINE_FIELDS)
        for field in LINE_FIELDS:
            if field in values:
                setattr(line, field, str(values[field]).strip())
        line_changes = diff(before, snapshot(line, LINE_FIELDS))
        if line_changes:
            line.save()
            for field, pair in line_changes.items():
                changes[f"{line.assignment.item.path} · {field}"] = pair
    locked.save()
    if changes:
        record(actor=actor, action=REPORT_SAVED, target=locked, changes=changes)
    return locked


def report_transition(*, actor: Any, report: AgencyReport, name: str, note: str = "") -> AgencyReport:
    """Apply the workflow transition ``name`` (submit, return, accept: ``khcn.plans.workflow``)
    to the report as ``actor``: policy, guard, fields it sets (a late submission is marked
    late) and audit are the workflow's."""
    return cast(AgencyReport, REPORT_WORKFLOW.apply(name, actor=actor, obj=report, note=note))


def report_submit(*, actor: Any, report: AgencyReport) -> AgencyReport:
    """Submit to the DOST (agency leader). Marked late after the period's due date."""
    return report_transition(actor=actor, report=report, name="submit")


def report_return(*, actor: Any, report: AgencyReport, note: str) -> AgencyReport:
    """Return to the agency with a note saying what to revise (DOST)."""
    return report_transition(actor=actor, report=report, name="return", note=note)


def report_accept(*, actor: Any, report: AgencyReport) -> AgencyReport:
    """Accept the report (DOST); it is locked from then on."""
    return report_transition(actor=actor, report=report, name="accept")


# --------------------------------------------------------------------------------------------------
# Attachments of a report
# --------------------------------------------------------------------------------------------------


def attachment_add(*, actor: Any, report: AgencyReport, file: Any, description: str = "") -> ReportAttachment:
    """Attach a file to a report the actor may edit. The file is checked by its content (kind,
    size, archive bombs: ``khcn.core.uploads``), stored under a random name, audited. The file
    is written before the transaction and deleted again if the transaction fails."""
    report_policy.require(actor, "edit", report)
    upload = check_upload(file, max_bytes=MAX_ATTACHMENT_BYTES)
    stored = default_storage.save(attachment_path(report.pk, upload.kind.extension), ContentFile(upload.data))
    try:
        with transaction.atomic():
            locked = AgencyReport.objects.select_for_update().get(pk=report.pk)
            report_policy.require(actor, "edit", locked)
            if locked.attachments.count() >= MAX_ATTACHMENTS:
                raise DomainError(
                    _("A report can have at most %(n)s attached files.") % {"n": MAX_ATTACHMENTS},
                    code="too_many_attachments",
                )
            attachment = ReportAttachment.objects.create(
                report=locked,
                file=stored,
                name=upload.name,
                mime=upload.kind.mime,
                size=upload.size,
                sha256=upload.sha256,
                description=clean(description)[:255],
                uploaded_by=actor,
            )
            record(
                actor=actor,
                action=ATTACHMENT_ADDED,
                target=locked,
                changes={"attachments": [None, upload.name]},
            )
    except BaseException:
        default_storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: ReportAttachment) -> None:
    """Remove a file from a report the actor may edit (the file goes when the deletion commits)."""
    locked = AgencyReport.objects.select_for_update().get(pk=attachment.report_id)
    report_policy.require(actor, "edit", locked)
    name, stored = attachment.name, attachment.file.name
    attachment.delete()
    record(actor=actor, action=ATTACHMENT_REMOVED, target=locked, changes={"attachments": [name, None]})
    transaction.on_commit(lambda: default_storage.delete(stored))


# --------------------------------------------------------------------------------------------------
# Difficulties raised outside a period
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def difficulty_raise(
    *,
    actor: Any,
    plan: Plan,
    organization: Organization,
    text: str,
    proposal: str = "",
    item: PlanItem | None = None,
) -> Difficulty:
    """An agency reports a difficulty or obstacle to the DOST, at any time. Audited."""
    difficulty = Difficulty(plan=plan, organization=organization, item=item)
    difficulty_policy.require(actor, "raise", difficulty)
    text = clean(text)
    if not text:
        raise DomainError(_("Describe the difficulty or obstacle."), code="empty_difficulty")
    if item is not None and item.plan_id != plan.pk:
        raise DomainError(_("The item is not part of this plan."), code="foreign_item")
    difficulty.text = text
    difficulty.proposal = clean(proposal)
    difficulty.raised_by = actor
    difficulty.save()
    record(
        actor=actor,
        action=DIFFICULTY_RAISED,
        target=difficulty,
        changes={"text": [None, text], **({"proposal": [None, difficulty.proposal]} if proposal else {})},
    )
    return difficulty


@transaction.atomic
def difficulty_respond(
    *, actor: Any, difficulty: Difficulty, response: str, version: int | None = None
) -> Difficulty:
    """The DOST answers a difficulty (again, if it needs to: the latest answer stands). An
    answer written from an older ``version`` (someone answered meanwhile) is refused. Audited."""
    locked = Difficulty.objects.select_for_update().get(pk=difficulty.pk)
    difficulty_policy.require(actor, "respond", locked)
    response = clean(response)
    if not response:
        raise DomainError(_("Write the response to the agency."), code="empty_response")
    check_version(
        locked,
        version,
        _("Someone else answered this difficulty while you were writing. Their answer is shown above."),
    )
    before = locked.response
    locked.response = response
    locked.status = DifficultyStatus.ANSWERED
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.save()
    record(
        actor=actor,
        action=DIFFICULTY_ANSWERED,
        target=locked,
        changes={"response": [before or None, response]},
    )
    return locked


# --------------------------------------------------------------------------------------------------
# Agency names the import could not resolve
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def agency_map(
    *,
    actor: Any,
    plan: Plan,
    agency_name: str,
    organizations: list[Organization],
    remember: bool = False,
) -> int:
    """Give the plan's unresolved assignments written as ``agency_name`` to registry agencies.

    With one agency, the assignments are given to it (and, with ``remember``, the name becomes
    one of its aliases, so later imports resolve it); with several (a group such as "UBND các
    huyện, thành phố"), each agency gets its own copy of each assignment. Audited on the plan.
    Returns the number of assignments created or updated."""
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
    first, *others = organizations
    created = 0
    for assignment in pending:
        for org in others:
            _copy_assignment(assignment, org, agency_name=assignment.agency_name)
            created += 1
        assignment.organization = first
        assignment.save(update_fields=["organization"])
    names = ", ".join(org.name for org in organizations)
    record(
        actor=actor,
        action=AGENCY_MAPPED,
        target=plan,
        changes={"agency": [agency_name, names], "assignments": [None, len(pending) + created]},
    )
    if (
        remember
        and len(organizations) == 1
        and not first.aliases.filter(name_folded=fold(agency_name)).exists()
    ):
        organization_alias_add(actor=actor, organization=first, name=agency_name)
    return len(pending) + created


__all__ = ["ReportStatus"]
