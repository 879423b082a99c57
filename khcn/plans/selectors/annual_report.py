"""The DOST's consolidated report for a period, as the accepted reports give it: the draft the
specialist edits (narrative by section, results by content group, the annex table) and the
reports generated before. Generating one is ``khcn.plans.services.annual_report``."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from khcn.accounts.choices import Role
from khcn.accounts.models import Membership, User
from khcn.core.text import nfc
from khcn.plans.choices import AssignmentRole, ItemProgress, ReportStatus
from khcn.plans.models import (
    AgencyReport,
    Assignment,
    ConsolidatedReport,
    Difficulty,
    Plan,
    PlanItem,
    ReportingPeriod,
    ReportLine,
)
from khcn.plans.parser.deadlines import deadline_text
from khcn.plans.paths import display_path
from khcn.plans.permissions import consolidated_report_policy, plan_policy
from khcn.plans.selectors.dashboard import PlanMap, plan_map, short

# The consolidated report is a Vietnamese administrative document whatever the language of the
# user interface (Decree 30/2020): its draft text is written in this language.
DOCUMENT_LANGUAGE = "vi"
NARRATIVE_SECTIONS = ("general", "results", "shortcomings", "difficulties", "next_tasks", "proposals")
TEXT_SECTIONS = tuple(s for s in NARRATIVE_SECTIONS if s != "results")
MAX_SECTION_CHARS = 100_000


@dataclass
class AnnexRow:
    item_pk: int
    content: str
    lead: str
    coordinators: str
    deadline: str
    status: str
    result: str

    def cells(self, number: int) -> list[Any]:
        return [number, self.content, self.lead, self.coordinators, self.deadline, self.status, self.result]


@dataclass
class ResultGroup:
    key: str
    title: str
    text: str


@dataclass
class Draft:
    """What the accepted reports of a period say, assembled for the DOST to edit."""

    plan: Plan
    period: ReportingPeriod
    reports: list[AgencyReport]
    missing: list[str]
    summary: str
    narrative: dict[str, Any]
    annex: list[AnnexRow]

    @property
    def inputs(self) -> list[dict[str, Any]]:
        return [
            {
                "report": r.pk,
                "version": r.version,
                "organization": r.organization.name,
                "accepted_at": r.accepted_at.isoformat() if r.accepted_at else None,
            }
            for r in self.reports
        ]

    @property
    def fingerprint(self) -> str:
        """The accepted reports (ids and versions) the draft was built from: "12:3,15:2"."""
        return ",".join(f"{r.pk}:{r.version}" for r in sorted(self.reports, key=lambda r: r.pk))

    def annex_cells(self) -> list[list[Any]]:
        return [row.cells(i) for i, row in enumerate(self.annex, start=1)]

    @property
    def year(self) -> int:
        return self.period.end.year


# Bodies written with capitals inside a sentence-case title, and document types capitalised
# when they cite one document ("Kết luận số 50-KL/TW").
_PROPER_NAMES = (
    "Ban Chấp hành Trung ương",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Trung ương",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Quốc hội",
    "Tỉnh ủy",
    "Hội đồng nhân dân",
    "Ủy ban nhân dân",
    "Khóa",
)
_CITED_TYPES = re.compile(
    r"\b(kết luận|nghị quyết|chỉ thị|quyết định|kế hoạch|chương trình|thông tư|nghị định|luật|"
    r"công văn|đề án|hướng dẫn)(?= số\b)"
)


def _sentence_case(title: str) -> str:
    """An upper-case plan title in sentence case, keeping numbers and symbols ("50-KL/TW"),
    bodies' names and cited document types capitalised."""
    if title != title.upper():
        return title
    words = []
    for word in title.split():
        words.append(word if any(ch.isdigit() or ch == "/" for ch in word) else word.lower())
    text = " ".join(words)
    text = _CITED_TYPES.sub(lambda m: m.group(1)[:1].upper() + m.group(1)[1:], text)
    for name in _PROPER_NAMES:
        text = re.sub(rf"\b{re.escape(name.lower())}\b", name, text)
    return text[:1].upper() + text[1:]


def plan_reference(plan: Plan) -> str:
    """How a report cites the plan: "Kế hoạch số 177/KH-UBND ngày 05/02/2024 của UBND tỉnh"
    when it has a number; otherwise its title, up to its subject ("… về …") when long."""
    doc_type = _sentence_case(plan.doc_type or "Kế hoạch")
    if plan.number:
        text = f"{doc_type} số {plan.number}"
        if plan.issued_on:
            text += f" ngày {plan.issued_on:%d/%m/%Y}"
        if plan.issuer_name:
            text += f" của {plan.issuer_name}"
        return text
    title = " ".join(_sentence_case(plan.title).split())
    if title.lower().startswith(doc_type.lower()):
        title = title[len(doc_type) :].strip()
    text = f"{doc_type} {title[:1].lower()}{title[1:]}"
    subject = text.find(" về ", 30)
    if len(text) > 160 and subject > 0:
        text = text[:subject]
    return text


def _names(values: Iterable[str]) -> str:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return "; ".join(seen)


def _merge_texts(entries: list[tuple[str, str]]) -> str:
    """ "- text (agency A, agency B)" lines: the same words from several agencies said once."""
    by_text: dict[str, list[str]] = {}
    for agency, text in entries:
        for line in (t.strip(" -•+\t") for t in nfc(text).splitlines()):
            if line:
                agencies = by_text.setdefault(line, [])
                if agency not in agencies:
                    agencies.append(agency)
    return "\n".join(f"- {text} ({', '.join(agencies)})" for text, agencies in by_text.items())


def describe_item(item: PlanItem, pmap: PlanMap, agencies: Iterable[str], limit: int = 300) -> str:
    """ "IV.7. Lĩnh vực y tế dự phòng … (II.3.c)": what the item asks for. A duty in section IV
    is headed by the agency's name; the content item it restates (or its own text) says more."""
    heading = " ".join(item.heading.split())
    names = [n for n in agencies if n]
    headed_by_agency = bool(heading) and len(heading) < 160 and any(n in heading for n in names)
    related = [pmap.items[r] for r in pmap.related.get(item.pk, []) if r in pmap.items]
    if heading and not headed_by_agency:
        text = heading
    elif related:
        text = "; ".join(r.title or display_path(r.path) for r in related)
    else:
        text = " ".join(item.text.split()) or heading
    if related:
        text = f"{text} ({', '.join(display_path(r.path) for r in related)})"
    return f"{display_path(item.path)}. {short(text, limit)}"


def _agency_name(assignment: Assignment) -> str:
    return assignment.organization.name if assignment.organization else assignment.agency_name


_COMMON_FIRST_WORDS = ("Năm ", "Quý ", "Đợt ", "Kỳ ", "Tháng ", "Sáu tháng ")


def _in_sentence(name: str) -> str:
    """A period's name inside a sentence: "Năm 2026" → "năm 2026" (a common noun is not
    capitalised mid-sentence in Vietnamese); other names are kept."""
    if name.startswith(_COMMON_FIRST_WORDS):
        return name[0].lower() + name[1:]
    return name


def assemble(period: ReportingPeriod) -> Draft:
    """Build the draft (about six queries). Runs in the document language."""
    plan = period.plan
    reports = list(
        AgencyReport.objects.filter(period=period, status=ReportStatus.ACCEPTED)
        .select_related("organization")
        .order_by("organization__name_sort", "pk")
    )
    lines = list(
        ReportLine.objects.filter(report__period=period, report__status=ReportStatus.ACCEPTED)
        .select_related("assignment__item", "report__organization")
        .order_by("assignment__item__position", "report__organization__name_sort", "pk")
    )
    # Open assignments, and closed ones an accepted report of the period speaks of. A subquery,
    # not a join: the join read every report line of every period (bench/plans_bench.py).
    reported_on = ReportLine.objects.filter(
        report__period=period, report__status=ReportStatus.ACCEPTED
    ).values("assignment_id")
    assignments = list(
        Assignment.objects.filter(Q(item__plan=plan, is_open=True) | Q(pk__in=reported_on))
        .select_related("item", "organization")
        .order_by("item__position", "role", "pk")
    )
    # Difficulties the agencies raised between reports, during the period.
    raised = list(
        Difficulty.objects.filter(
            plan=plan, raised_at__date__gte=period.start, raised_at__date__lte=period.end
        )
        .select_related("organization")
        .order_by("raised_at", "pk")
    )
    pmap = plan_map(plan)
    reported = {r.organization_id for r in reports}
    expected = {a.organization.pk: a.organization for a in assignments if a.organization and a.is_open}
    missing = [
        org.name
        for org in sorted(expected.values(), key=lambda o: o.name_sort or o.name)
        if org.pk not in reported
    ]

    with translation.override(DOCUMENT_LANGUAGE):
        progress_label = {value: str(label) for value, label in ItemProgress.choices}
        lines_by_item: dict[int, list[ReportLine]] = defaultdict(list)
        for line in lines:
            lines_by_item[line.assignment.item_id].append(line)

        # Annex: one row per item with assignments, in the plan's order.
        by_item: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in assignments:
            by_item[assignment.item_id].append(assignment)
        annex: list[AnnexRow] = []
        for item_pk, item_assignments in sorted(by_item.items(), key=lambda kv: kv[1][0].item.position):
            item = item_assignments[0].item
            leads = [_agency_name(a) for a in item_assignments if a.role == AssignmentRole.LEAD]
            if not leads:
                leads = [a.lead_name for a in item_assignments if a.lead_name]
            coordinators = [_agency_name(a) for a in item_assignments if a.role == AssignmentRole.COORDINATE]
            deadlines = [a.deadline_text or deadline_text(a.deadline) for a in item_assignments]
            deadlines.append(deadline_text(item.deadline))
            item_lines = lines_by_item.get(item_pk, [])
            lead_org_ids = {a.organization_id for a in item_assignments if a.role == AssignmentRole.LEAD}
            status_lines = [
                ln for ln in item_lines if ln.report.organization_id in lead_org_ids
            ] or item_lines
            statuses = {progress_label[ln.progress] for ln in status_lines}
            if not status_lines:
                status = _("No report yet")
            elif len(statuses) == 1:
                status = statuses.pop()
            else:
                status = "; ".join(
                    f"{ln.report.organization.name}: {progress_label[ln.progress]}" for ln in status_lines
                )
            several = len(item_lines) > 1
            results = []
            for ln in item_lines:
                text = "; ".join(t for t in (ln.results.strip(), ln.figures.strip()) if t)
                if text:
                    results.append(f"{ln.report.organization.name}: {text}" if several else text)
            annex.append(
                AnnexRow(
                    item_pk=item_pk,
                    content=describe_item(item, pmap, [*leads, *coordinators]),
                    lead=_names(leads),
                    coordinators=_names(coordinators),
                    deadline=_names(deadlines),
                    status=status,
                    result="\n".join(results),
                )
            )

        # Results by content group.
        # Each result is told once, under the first content group its item restates (a duty
        # restating the whole of section II would otherwise repeat under every group).
        group_lines: dict[int, list[ReportLine]] = defaultdict(list)
        for line in lines:
            line_groups = pmap.groups_of(line.assignment.item_id)
            if line_groups:
                group_lines[line_groups[0]].append(line)
        results_groups: list[dict[str, str]] = []
        for group in pmap.groups:
            entries = []
            for ln in group_lines.get(group.pk, []):
                text = "; ".join(t for t in (ln.results.strip(), ln.figures.strip()) if t)
                if text:
                    entries.append(
                        f"- {ln.report.organization.name} ({display_path(ln.assignment.item.path)}): {text}"
                    )
            if entries:
                results_groups.append(
                    {
                        "key": str(group.pk),
                        "path": group.path,
                        "title": group.title,
                        "text": "\n".join(entries),
                    }
                )

        # Figures for the general situation.
        counts: Counter[str] = Counter()
        for line in lines:
            counts[line.progress] += 1
        late = [r.organization.name for r in reports if r.is_late]
        general = [
            _(
                "In the period %(period)s (data from %(start)s to %(end)s), %(accepted)s of the "
                "%(expected)s agencies with duties under the plan had their reports accepted."
            )
            % {
                "period": _in_sentence(period.name),
                "start": f"{period.start:%d/%m/%Y}",
                "end": f"{period.end:%d/%m/%Y}",
                "accepted": len(reports),
                "expected": len(reported | set(expected)),
            },
            _(
                "Of %(total)s duties reported on: %(completed)s completed (%(late)s late), "
                "%(in_progress)s in progress, %(not_started)s not started, %(adjust)s proposed for "
                "adjustment."
            )
            % {
                "total": len(lines),
                "completed": counts[ItemProgress.COMPLETED] + counts[ItemProgress.COMPLETED_LATE],
                "late": counts[ItemProgress.COMPLETED_LATE],
                "in_progress": counts[ItemProgress.IN_PROGRESS],
                "not_started": counts[ItemProgress.NOT_STARTED],
                "adjust": counts[ItemProgress.ADJUSTMENT_PROPOSED],
            },
        ]
        general += [
            f"- {r.organization.name}: {' '.join(r.summary.split())}" for r in reports if r.summary.strip()
        ]

        shortcomings: list[str] = []
        unfinished = [
            ln
            for ln in lines
            if ln.progress
            in (ItemProgress.NOT_STARTED, ItemProgress.IN_PROGRESS, ItemProgress.ADJUSTMENT_PROPOSED)
        ]
        for ln in lines:
            if ln.progress == ItemProgress.COMPLETED_LATE:
                shortcomings.append(
                    "- "
                    + _("%(item)s (%(agency)s) was completed late.")
                    % {"item": display_path(ln.assignment.item.path), "agency": ln.report.organization.name}
                )
        for ln in unfinished:
            if ln.progress == ItemProgress.NOT_STARTED:
                shortcomings.append(
                    "- "
                    + _("%(item)s (%(agency)s) has not started.")
                    % {"item": display_path(ln.assignment.item.path), "agency": ln.report.organization.name}
                )
        if late:
            shortcomings.append("- " + _("Reports sent late: %(names)s.") % {"names": ", ".join(late)})
        if missing:
            shortcomings.append(
                "- " + _("No accepted report yet from: %(names)s.") % {"names": ", ".join(missing)}
            )

        next_tasks = [
            "- "
            + _(
                "Continue to direct, urge and guide the agencies in carrying out the plan; "
                "consolidate and report on time."
            )
        ]
        unfinished_by_item: dict[int, list[str]] = defaultdict(list)
        for ln in unfinished:
            unfinished_by_item[ln.assignment.item_id].append(ln.report.organization.name)
        seen_items: set[int] = set()
        for ln in unfinished:
            item = ln.assignment.item
            if item.pk in seen_items:
                continue
            seen_items.add(item.pk)
            names = unfinished_by_item[item.pk]
            # Every agency the item names (not only those still at work on it): an item headed by
            # its lead agency ("IV.1. Sở Khoa học và Công nghệ") is then described by what it asks.
            assigned = [_agency_name(a) for a in by_item.get(item.pk, [])]
            what = describe_item(item, pmap, [*assigned, *names], limit=160)
            agencies = _names(n for n in names if n not in what)
            next_tasks.append(
                "- "
                + (
                    _("Carry on with %(item)s (%(agencies)s).") % {"item": what, "agencies": agencies}
                    if agencies
                    else _("Carry on with %(item)s.") % {"item": what}
                )
            )

        narrative: dict[str, Any] = {
            "general": "\n".join(general),
            "results": results_groups,
            "shortcomings": "\n".join(shortcomings),
            "difficulties": _merge_texts(
                [(ln.report.organization.name, ln.difficulties) for ln in lines]
                + [(d.organization.name, d.text) for d in raised]
            ),
            "next_tasks": "\n".join(next_tasks),
            "proposals": _merge_texts([(ln.report.organization.name, ln.proposals) for ln in lines]),
        }
        summary = f"Kết quả thực hiện {plan_reference(plan)}, năm {period.end.year}"
    return Draft(
        plan=plan,
        period=period,
        reports=reports,
        missing=missing,
        summary=summary,
        narrative=narrative,
        annex=annex,
    )


def annual_report_draft(*, user: User, period: ReportingPeriod) -> Draft:
    """The consolidated report as the accepted reports of ``period`` give it (DOST only)."""
    plan_policy.require(user, "consolidate", period.plan)
    return assemble(period)


def consolidated_reports(*, user: User, period: ReportingPeriod) -> list[ConsolidatedReport]:
    """The generated reports of the period the user may see, newest first, without their
    files (``ConsolidatedReportPolicy``: an agency sees the issued ones of its plans)."""
    plan_policy.require(user, "view", period.plan)
    return list(
        consolidated_report_policy.visible(user, ConsolidatedReport.objects.filter(period=period))
        .defer("docx")
        .select_related("generated_by")
        .order_by("-generated_at", "-pk")
    )


def consolidated_report_get(
    *, user: User, period: ReportingPeriod, pk: int | None = None
) -> ConsolidatedReport | None:
    """The generated report ``pk`` of the period (or the latest one the user may see), with
    its file; None if there is none they may see."""
    plan_policy.require(user, "view", period.plan)
    qs = consolidated_report_policy.visible(user, ConsolidatedReport.objects.filter(period=period))
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.order_by("-generated_at", "-pk").first()


def annual_report_periods(*, user: User, plan: Plan) -> frozenset[int] | None:
    """The periods of ``plan`` whose consolidated-report page the user may open: None for all
    (the DOST, who drafts them), else those with a report the user may see (one query, none
    for a user who may see no consolidated report at all)."""
    if plan_policy.can(user, "consolidate", plan):
        return None
    if not consolidated_report_policy.can(user, "view"):
        return frozenset()
    visible = consolidated_report_policy.visible(user, ConsolidatedReport.objects.filter(period__plan=plan))
    return frozenset(visible.values_list("period_id", flat=True))


def dost_leader() -> User | None:
    """Who signs the consolidated report by default: the first DOST leader in office."""
    membership = (
        Membership.objects.active()
        .filter(role=Role.DOST_LEADER, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None
