"""Reads of plans: lists, one plan and its content by parts, counts, the agency names an import
left unresolved. Every read asks ``plan_policy``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from django.shortcuts import get_object_or_404

from khcn.accounts.models import User
from khcn.core.fragments import cached_value
from khcn.core.text import fold
from khcn.organizations.models import Organization
from khcn.organizations.selectors import (
    organization_group_members,
    organization_resolve,
    organization_resolve_many,
)
from khcn.plans.choices import AssignmentRole, ReportStatus
from khcn.plans.models import AgencyReport, Assignment, Plan, PlanItem, ReportingPeriod, heavy
from khcn.plans.parser.model import warning_message
from khcn.plans.paths import display_path
from khcn.plans.permissions import plan_policy


def plan_list(*, user: User) -> QuerySet[Plan]:
    """Every plan the user may read, newest first, with its number of items and of sub-plans."""
    plan_policy.require(user, "view")
    sub_plans = (
        Plan.objects.filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    items = (
        PlanItem.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Plan.objects.light()
        .select_related("issuer", "parent")
        .defer(*heavy("parent"))
        .annotate(item_count=Coalesce(Subquery(items), 0), sub_plan_count=Coalesce(Subquery(sub_plans), 0))
        .order_by("-issued_on", "-created_at")
    )


def plan_choices(*, user: User) -> QuerySet[Plan]:
    """The plans a user may pick (a plan implemented, a filter), newest first."""
    plan_policy.require(user, "view")
    return Plan.objects.light().order_by("-issued_on", "-created_at")


def plan_find(*, user: User, pk: int) -> Plan | None:
    """The plan ``pk``, or None if it no longer exists."""
    plan_policy.require(user, "view")
    return Plan.objects.light().filter(pk=pk).first()


def plan_head(*, user: User, pk: int) -> Plan:
    """The plan alone (one query, its large columns left out): for the pages that only name it."""
    plan_policy.require(user, "view")
    return get_object_or_404(Plan.objects.light(), pk=pk)


def plan_and_periods(*, user: User, pk: int) -> tuple[Plan, list[ReportingPeriod]]:
    """The plan and its periods, oldest first: what the dashboard needs of it. One query: the
    periods are read once per ``data_version`` of the plan (creating a period raises it)."""
    plan_policy.require(user, "view")
    plan = get_object_or_404(Plan.objects.light().select_related("issuer"), pk=pk)
    return plan, plan_periods(plan)


def plan_periods(plan: Plan) -> list[ReportingPeriod]:
    """The plan's periods, oldest first, read once per ``data_version`` of the plan (creating a
    period raises it): no query on the pages that show them."""
    periods: list[ReportingPeriod] = cached_value(
        "plans.periods",
        (plan.pk, plan.data_version),
        lambda: list(ReportingPeriod.objects.filter(plan_id=plan.pk).order_by("end", "pk")),
    )
    return periods


def plan_get(*, user: User, pk: int) -> Plan:
    """The plan with its issuer, parent and sub-plans (its periods: ``plan_periods``); its items
    are read by page (``plan_outline``, ``plan_items``), never all at once."""
    plan_policy.require(user, "view")
    return get_object_or_404(
        Plan.objects.select_related("issuer", "parent")
        .defer("source_text", *heavy("parent"))
        .annotate(source_length=Length("source_text"))
        .prefetch_related(Prefetch("sub_plans", queryset=Plan.objects.light())),
        pk=pk,
    )


@dataclass(frozen=True)
class OutlineEntry:
    pk: int
    parent_id: int | None
    position: int
    depth: int
    label: str
    path: str
    heading: str  # or, for an item without one, the start of its text


@dataclass(frozen=True)
class PlanPage:
    number: int
    first: int  # positions, inclusive
    last: int
    headings: list[OutlineEntry]  # the top-level items that start on this page
    first_path: str
    last_path: str


def plan_outline(plan: Plan) -> list[OutlineEntry]:
    """Every item of the plan, in document order, without its text or assignments (one query)."""
    rows = (
        PlanItem.objects.filter(plan=plan)
        .order_by("position")
        .annotate(start=Substr("text", 1, 120))
        .values_list("pk", "parent_id", "position", "depth", "label", "path", "heading", "start")
    )
    return [OutlineEntry(*row[:6], heading=row[6] or row[7]) for row in rows]


def plan_pages(outline: list[OutlineEntry], size: int) -> list[PlanPage]:
    """Split the plan into pages of about ``size`` items, ending a page only before a section or
    a sub-section (depth 0 or 1) once it holds ``size`` items, and in any case at ``2 × size``."""
    pages: list[PlanPage] = []
    start = 0
    for i, entry in enumerate(outline):
        held = i - start
        if held and (held >= 2 * size or (held >= size and entry.depth <= 1)):
            pages.append(_page(len(pages) + 1, outline[start:i]))
            start = i
    if start < len(outline):
        pages.append(_page(len(pages) + 1, outline[start:]))
    return pages


def _page(number: int, entries: list[OutlineEntry]) -> PlanPage:
    headings = [e for e in entries if e.depth == 0]
    return PlanPage(
        number, entries[0].position, entries[-1].position, headings, entries[0].path, entries[-1].path
    )


def plan_items(plan: Plan, page: PlanPage | None) -> list[PlanItem]:
    """The items of one page (every item with ``None``) with their assignments, agencies and the
    items they restate (three queries)."""
    qs = PlanItem.objects.filter(plan=plan).order_by("position")
    if page is not None:
        qs = qs.filter(position__gte=page.first, position__lte=page.last)
    assignments = Assignment.objects.select_related("organization").order_by("pk")
    return list(
        qs.prefetch_related(
            Prefetch("assignments", queryset=assignments),
            Prefetch("related", queryset=PlanItem.objects.only("pk", "path", "position")),
        )
    )


def plan_assignment_counts(plan: Plan) -> dict[str, int]:
    """The plan's items, its assignments, and those to a name not yet mapped to an agency."""
    return PlanItem.objects.filter(plan=plan).aggregate(
        items=Count("id", distinct=True),
        total=Count("assignments"),
        unmapped=Count("assignments", filter=Q(assignments__organization__isnull=True)),
    )


def plan_figures(plan: Plan) -> dict[str, int]:
    """The plan page's figures: items, assignments (and those to an unmapped name), agency
    reports started, awaiting review, accepted and late; computed once per version of the
    plan's data (two queries then)."""

    def compute() -> dict[str, int]:
        content = plan_assignment_counts(plan)
        reports = plan_counts(plan)
        return {
            "items": content["items"],
            "assignments": content["total"],
            "unmapped": content["unmapped"],
            "reports": reports["total"],
            "submitted": reports["submitted"],
            "accepted": reports["accepted"],
            "late": reports["late"],
        }

    figures: dict[str, int] = cached_value(
        "plans.figures", (plan.pk, plan.version, plan.data_version), compute
    )
    return figures


def plan_counts(plan: Plan) -> dict[str, int]:
    return AgencyReport.objects.filter(period__plan=plan).aggregate(
        total=Count("id"),
        submitted=Count("id", filter=Q(status=ReportStatus.SUBMITTED)),
        accepted=Count("id", filter=Q(status=ReportStatus.ACCEPTED)),
        late=Count("id", filter=Q(is_late=True)),
    )


@dataclass(frozen=True)
class PlanContent:
    """One part of a plan's content for the detail page: the outline (every item, no text),
    the parts, the part shown (None: the whole plan), its items with their duties, and the
    items it continues (ancestors of its first item, shown as headings)."""

    outline: list[OutlineEntry]
    pages: list[PlanPage]
    page: PlanPage | None
    items: list[PlanItem]
    continued: list[OutlineEntry]


def plan_content(plan: Plan, *, page: str = "", item: str = "", size: int) -> PlanContent:
    """The part ``page`` (a number, or "all"), or the part holding item ``item`` (a pk), or the
    first part; four queries."""
    outline = plan_outline(plan)
    pages = plan_pages(outline, size)
    shown: PlanPage | None = pages[0] if pages else None
    if page == "all":
        shown = None
    elif item.isdigit():
        position = next((e.position for e in outline if e.pk == int(item)), None)
        shown = next((p for p in pages if position is not None and p.first <= position <= p.last), shown)
    elif page.isdigit() and 1 <= int(page) <= len(pages):
        shown = pages[int(page) - 1]
    items = plan_items(plan, shown) if outline else []
    by_pk = {e.pk: e for e in outline}
    continued: list[OutlineEntry] = []
    parent = by_pk[items[0].pk].parent_id if items else None
    while parent is not None and parent in by_pk:
        continued.insert(0, by_pk[parent])
        parent = by_pk[parent].parent_id
    return PlanContent(outline, pages, shown, items, continued)


@dataclass
class Unresolved:
    """An agency name of the plan that no registry agency stands for yet: how many open
    assignments carry it, on which items, the agencies it may mean, and whether it names a
    group ("các sở, ban, ngành": each of its agencies)."""

    name: str
    count: int
    paths: list[str]
    candidates: list[Organization] = field(default_factory=list)
    is_group: bool = False


def unresolved_names(*, user: User, plan: Plan) -> list[Unresolved]:
    """The plan's agency names left unresolved by the import, in Vietnamese order (the DOST)."""
    plan_policy.require(user, "change", plan)
    pending = Assignment.objects.filter(item__plan=plan, organization__isnull=True, is_open=True)
    counts = dict(
        pending.values("agency_name").annotate(n=Count("id")).order_by().values_list("agency_name", "n")
    )
    paths: dict[str, list[str]] = {}
    for name, path in pending.order_by("item__position").values_list("agency_name", "item__path"):
        shown = display_path(path)
        if shown not in paths.setdefault(name, []):
            paths[name].append(shown)
    out: list[Unresolved] = []
    for name in sorted(counts, key=fold):
        group = organization_group_members(name)
        if group:
            candidates = group
        else:
            resolution = organization_resolve(name, as_of=plan.issued_on)
            candidates = [
                o for o in dict.fromkeys([*resolution.current, *resolution.candidates]) if o.is_active
            ]
        out.append(Unresolved(name, counts[name], paths.get(name, []), candidates, bool(group)))
    return out


@dataclass(frozen=True)
class NameResolution:
    """What an agency name of the review screen will be linked to on import: ``found`` (one
    agency today: ``current``, matched through ``matched``, ``succeeded`` if through a
    merger), ``several`` (``candidates``) or ``missing``."""

    status: str
    current: Organization | None = None
    matched: Any = None
    succeeded: bool = False
    candidates: list[Organization] = field(default_factory=list)


def name_resolutions(names: set[str], *, as_of: dt.date | None) -> dict[str, NameResolution]:
    """For each agency name, what ``services.plan_import`` will link it to (it resolves names
    the same way)."""
    out: dict[str, NameResolution] = {}
    results = organization_resolve_many(sorted(names), as_of=as_of)  # one query for all names
    for name in sorted(names):
        result = results[name]
        if not result.found:
            out[name] = NameResolution("missing")
        elif result.ambiguous or len(result.current) != 1:
            out[name] = NameResolution("several", candidates=list(result.candidates or result.current))
        else:
            out[name] = NameResolution(
                "found", current=result.current[0], matched=result.matched, succeeded=result.succeeded
            )
    return out


@dataclass(frozen=True)
class FlaggedPoint:
    """A point the parser flagged on import, as it stands now: ``index`` in
    ``Plan.parse_warnings`` (to dismiss it), ``resolved`` once the plan says what was missing,
    ``dismissed`` (who, when, why) once someone set it aside."""

    index: int
    code: str
    text: str
    where: str
    resolved: bool
    dismissed: dict[str, Any] | None

    @property
    def is_open(self) -> bool:
        return not self.resolved and not self.dismissed


def plan_flagged_points(plan: Plan) -> list[FlaggedPoint]:
    """The parser's warnings on ``plan``, each marked resolved when the plan as corrected now
    has what the warning said was missing: a title, an issuing body, a number, a date, a lead
    on the item, the agency name mapped, any assignment at all. The others stay open until
    dismissed with a reason (``services.warning_dismiss``). Two queries at most."""
    warnings = [w if isinstance(w, dict) else {"message": str(w)} for w in plan.parse_warnings or []]
    if not warnings:
        return []
    codes = {str(w.get("code") or "") for w in warnings}
    led: set[str] = set()
    unmapped: set[str] = set()
    any_assignment = True
    if codes & {
        "no_lead",
        "coordinate_without_lead",
        "unresolved_agency",
        "unknown_agency",
        "no_assignments",
    }:
        rows = list(
            Assignment.objects.filter(item__plan=plan, is_open=True).values_list(
                "item__path", "item__label", "role", "organization_id", "agency_name"
            )
        )
        any_assignment = bool(rows)
        for path, label, role, org, name in rows:
            if role == AssignmentRole.LEAD:
                led.update({path, label})
            if org is None:
                unmapped.add(fold(name))
    number_given = bool(re.match(r"\s*\d", plan.number or ""))
    resolved_by_code = {
        "no_title": bool(plan.title.strip()),
        "no_issuer": bool(plan.issuer_id or plan.issuer_name.strip()),
        "blank_number": number_given,
        "blank_date": plan.issued_on is not None,
        "no_assignments": any_assignment,
    }
    out = []
    for index, warning in enumerate(warnings):
        code = str(warning.get("code") or "")
        where = str(warning.get("where") or warning.get("section") or warning.get("row") or "")
        if code in resolved_by_code:
            resolved = resolved_by_code[code]
        elif code in ("no_lead", "coordinate_without_lead"):
            resolved = bool(where) and where in led
        elif code in ("unresolved_agency", "unknown_agency"):
            name = str(warning.get("agency") or warning.get("name") or "")
            resolved = bool(name) and fold(name) not in unmapped
        else:
            resolved = False
        text = warning_message(warning) or code
        dismissed = warning.get("dismissed")
        out.append(
            FlaggedPoint(
                index=index,
                code=code,
                text=str(text),
                where=display_path(where) if where else str(warning.get("line") or ""),
                resolved=resolved,
                dismissed=dismissed if isinstance(dismissed, dict) else None,
            )
        )
    return out
