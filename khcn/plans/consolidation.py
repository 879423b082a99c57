"""The DOST's consolidated report for a period, and the plan dashboard.

Reads (``plan_map``, ``plan_dashboard``, ``dashboard_assignments``, ``dashboard_missing``,
``annual_report_draft``) and the one write (``annual_report_generate``: build the DOCX from the
edited narrative and keep it with its inputs, audited).

Vocabulary of the Government Office (Văn phòng Chính phủ) for task status, computed for every
open assignment from the latest accepted (or submitted) report line on it: completed on time,
completed late, in progress, overdue (deadline passed, not completed), not started; plus
"proposed for adjustment" and "no report yet", which the DOST also needs to see.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.audit import registry
from khcn.audit.services import record
from khcn.core.exceptions import DomainError
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
from khcn.plans.paths import display_path
from khcn.plans.permissions import plan_policy

ANNUAL_REPORT_GENERATED = registry.register(
    "plans.annual_report.generated", gettext_lazy("Consolidated report generated")
)
registry.register_field("consolidated_report", gettext_lazy("consolidated report"))
registry.register_field("reports_included", gettext_lazy("reports included"))

# The consolidated report is a Vietnamese administrative document whatever the language of the
# user interface (Decree 30/2020): its draft text is written in this language.
DOCUMENT_LANGUAGE = "vi"

# Report states whose lines count: accepted, or at least submitted by the agency's leader.
COUNTED_STATUSES = (ReportStatus.ACCEPTED, ReportStatus.SUBMITTED)

ON_TIME = "completed_on_time"
LATE = "completed_late"
IN_PROGRESS = "in_progress"
OVERDUE = "overdue"
NOT_STARTED = "not_started"
ADJUSTMENT = "adjustment_proposed"
NO_REPORT = "no_report"

BUCKETS: tuple[str, ...] = (ON_TIME, LATE, IN_PROGRESS, OVERDUE, NOT_STARTED, ADJUSTMENT, NO_REPORT)
BUCKET_LABELS: dict[str, Any] = {
    ON_TIME: gettext_lazy("Completed on time"),
    LATE: gettext_lazy("Completed late"),
    IN_PROGRESS: gettext_lazy("In progress"),
    OVERDUE: gettext_lazy("Overdue"),
    NOT_STARTED: gettext_lazy("Not started"),
    ADJUSTMENT: gettext_lazy("Proposed for adjustment"),
    NO_REPORT: gettext_lazy("No report yet"),
}
BUCKET_COLOURS = {
    ON_TIME: "#1e7d32",
    LATE: "#9ccc65",
    IN_PROGRESS: "#0b5cab",
    OVERDUE: "#b3261e",
    NOT_STARTED: "#8d8d8d",
    ADJUSTMENT: "#7b1fa2",
    NO_REPORT: "#d5dbe1",
}

NARRATIVE_SECTIONS = ("general", "results", "shortcomings", "difficulties", "next_tasks", "proposals")
TEXT_SECTIONS = tuple(s for s in NARRATIVE_SECTIONS if s != "results")
MAX_SECTION_CHARS = 100_000

# Deadline kinds without one date ("hằng năm", "thường xuyên"): never overdue as a whole.
_RECURRING_KINDS = {"recurring", "annual", "yearly", "every_year", "regular", "continuous", "ongoing"}
_QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_DATE_KEYS = ("date", "by", "due", "due_on", "until", "end", "to", "year_to", "end_year")


# --------------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------------


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and 1900 < value < 3000:
        return dt.date(value, 12, 31)
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 12, 31)
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    return None


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def deadline_date(value: Any) -> dt.date | None:
    """The last day of a structured deadline, or None if it has none (recurring, unknown).

    Accepts the importer's deadline values: an ISO date string, or a dict with a ``date`` /
    ``by`` / ``end`` / ``to`` (ISO date or year), or ``year`` with ``quarter`` (1–4) or ``half``
    (1–2); a ``kind`` such as ``recurring`` means there is no single date.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, Mapping):
        return _as_date(value)
    kind = str(value.get("kind") or value.get("type") or "").lower()
    if kind in _RECURRING_KINDS or value.get("recurring"):
        return None
    for key in _DATE_KEYS:
        found = _as_date(value.get(key))
        if found is not None:
            return found
    year = _as_int(value.get("year"))
    if year is None or not 1900 < year < 3000:
        return None
    quarter = _as_int(value.get("quarter"))
    if quarter in _QUARTER_ENDS:
        month, day = _QUARTER_ENDS[quarter]
        return dt.date(year, month, day)
    half = _as_int(value.get("half"))
    if half in (1, 2):
        return dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    return dt.date(year, 12, 31)


def deadline_text(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("text") or "")
    return str(value or "")


def bucket_of(progress: str | None, deadline: dt.date | None, as_of: dt.date) -> str:
    """The Government Office status of an assignment from its latest reported progress."""
    if progress == ItemProgress.COMPLETED:
        return ON_TIME
    if progress == ItemProgress.COMPLETED_LATE:
        return LATE
    if deadline is not None and deadline < as_of:
        return OVERDUE
    if progress is None:
        return NO_REPORT
    if progress == ItemProgress.NOT_STARTED:
        return NOT_STARTED
    if progress == ItemProgress.ADJUSTMENT_PROPOSED:
        return ADJUSTMENT
    return IN_PROGRESS


# --------------------------------------------------------------------------------------------------
# Content groups
# --------------------------------------------------------------------------------------------------


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


@dataclass(frozen=True)
class ItemInfo:
    pk: int
    parent_id: int | None
    depth: int
    path: str
    title: str
    position: int

    @property
    def label(self) -> str:
        return f"{display_path(self.path)}. {self.title}" if self.title else display_path(self.path)


@dataclass
class PlanMap:
    """A plan's items and the content group (a first- or second-level content item) that each
    item's assignments report on. Two queries."""

    items: dict[int, ItemInfo]
    groups: list[ItemInfo]
    item_groups: dict[int, tuple[int, ...]]
    related: dict[int, list[int]] = field(default_factory=dict)

    def groups_of(self, item_pk: int) -> tuple[int, ...]:
        return self.item_groups.get(item_pk, ())


def plan_map(plan: Plan) -> PlanMap:
    """Group items by the content item they restate: an item's ``related`` items (a duty in
    section IV restating II.3.c) give their second-level ancestor (II.3); an item without links
    belongs to its own second-level item when it sits in a content section (one that other items
    restate), otherwise to its top-level section (IV)."""
    items: dict[int, ItemInfo] = {}
    for pk, parent_id, depth, path, heading, text, position in PlanItem.objects.filter(plan=plan).values_list(
        "id", "parent_id", "depth", "path", "heading", "text", "position"
    ):
        items[pk] = ItemInfo(pk, parent_id, depth, path, _short(heading or text), position)
    related: dict[int, list[int]] = defaultdict(list)
    through = PlanItem.related.through
    for source, target in through.objects.filter(from_planitem__plan=plan).values_list(
        "from_planitem_id", "to_planitem_id"
    ):
        if target in items:
            related[source].append(target)

    def ancestor(pk: int, max_depth: int) -> int:
        info = items[pk]
        seen = 0
        while info.depth > max_depth and info.parent_id in items and seen < 50:
            info = items[info.parent_id]  # type: ignore[index]
            seen += 1
        return info.pk

    content_tops = {ancestor(t, 0) for targets in related.values() for t in targets}
    item_groups: dict[int, tuple[int, ...]] = {}
    for pk in items:
        if related.get(pk):
            found = {ancestor(t, 1) for t in related[pk]}
        elif ancestor(pk, 0) in content_tops:
            found = {ancestor(pk, 1)}
        else:
            found = {ancestor(pk, 0)}
        item_groups[pk] = tuple(sorted(found, key=lambda g: items[g].position))
    used = {g for groups in item_groups.values() for g in groups}
    groups = sorted((items[g] for g in used), key=lambda i: i.position)
    return PlanMap(items=items, groups=groups, item_groups=item_groups, related=dict(related))


# --------------------------------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------------------------------


@dataclass
class Counts:
    by_bucket: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    def add(self, bucket: str, n: int = 1) -> None:
        self.by_bucket[bucket] += n

    @property
    def total(self) -> int:
        return sum(self.by_bucket.values())

    @property
    def completed(self) -> int:
        return self.by_bucket[ON_TIME] + self.by_bucket[LATE]

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    def cells(self) -> list[tuple[str, int]]:
        return [(b, self.by_bucket[b]) for b in BUCKETS]


@dataclass
class AgencyRow:
    organization_id: int
    name: str
    sort_key: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class GroupRow:
    group: ItemInfo
    counts: Counts = field(default_factory=Counts)


@dataclass
class PeriodRow:
    period: ReportingPeriod
    expected: int
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    awaiting: int = 0
    returned: int = 0
    accepted: int = 0

    @property
    def missing(self) -> int:
        return max(self.expected - self.submitted, 0)


@dataclass
class Dashboard:
    plan: Plan
    period: ReportingPeriod | None
    as_of: dt.date
    totals: Counts
    agencies: list[AgencyRow]
    groups: list[GroupRow]
    periods: list[PeriodRow]
    unmapped: int
    expected: int
    pmap: PlanMap

    def chart_data(self, *, link: Any, top: int = 15) -> dict[str, Any]:
        """What ``static/js/plans-dashboard.js`` draws: a doughnut of statuses and stacked bars
        for the agencies with the most assignments; ``link(bucket, agency_id)`` gives the list
        each segment opens."""
        agencies = sorted(self.agencies, key=lambda a: (-a.counts.total, a.sort_key))[:top]
        return {
            "buckets": [
                {"code": b, "label": str(BUCKET_LABELS[b]), "colour": BUCKET_COLOURS[b]} for b in BUCKETS
            ],
            "status": {
                "values": [self.totals.by_bucket[b] for b in BUCKETS],
                "links": [link(b, None) for b in BUCKETS],
            },
            "agencies": {
                "labels": [a.name for a in agencies],
                "values": [[a.counts.by_bucket[b] for a in agencies] for b in BUCKETS],
                "links": [[link(b, a.organization_id) for a in agencies] for b in BUCKETS],
                "shown": len(agencies),
                "total": len(self.agencies),
            },
        }


def _latest_line(plan: Plan, period: ReportingPeriod | None) -> Any:
    """Lines on the outer assignment in counted reports, latest period first."""
    lines = ReportLine.objects.filter(
        assignment=OuterRef("pk"), report__status__in=COUNTED_STATUSES, report__period__plan=plan
    )
    if period is not None:
        lines = lines.filter(report__period__end__lte=period.end)
    return lines.order_by("-report__period__end", "-report__period__start", "-pk")


def _with_latest(qs: Any, plan: Plan, period: ReportingPeriod | None) -> Any:
    latest = _latest_line(plan, period)
    return qs.annotate(
        latest_progress=Subquery(latest.values("progress")[:1]),
        latest_report=Subquery(latest.values("report_id")[:1]),
    )


def _as_of(period: ReportingPeriod | None, today: dt.date | None) -> dt.date:
    day = today or timezone.localdate()
    return min(day, period.end) if period is not None else day


def plan_dashboard(
    *, user: Any, plan: Plan, period: ReportingPeriod | None = None, today: dt.date | None = None
) -> Dashboard:
    """Completion by agency and by content group, status counts, and reports expected /
    submitted / on time per period. Five queries whatever the size of the plan: statuses are
    counted in SQL per (agency, item, deadline, latest progress) and folded here."""
    plan_policy.require(user, "view", plan)
    as_of = _as_of(period, today)
    pmap = plan_map(plan)
    base = Assignment.objects.filter(item__plan=plan, is_open=True)
    rows = (
        _with_latest(base, plan, period)
        .values(
            "organization_id",
            "organization__name",
            "organization__name_sort",
            "item_id",
            "deadline",
            "item__deadline",
            "latest_progress",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    totals = Counts()
    agencies: dict[int, AgencyRow] = {}
    groups: dict[int, GroupRow] = {g.pk: GroupRow(g) for g in pmap.groups}
    unmapped = 0
    for row in rows:
        org_id, n = row["organization_id"], row["n"]
        if org_id is None:
            unmapped += n
            continue
        due = deadline_date(row["deadline"]) or deadline_date(row["item__deadline"])
        bucket = bucket_of(row["latest_progress"], due, as_of)
        totals.add(bucket, n)
        if org_id not in agencies:
            agencies[org_id] = AgencyRow(
                org_id, row["organization__name"], row["organization__name_sort"] or row["organization__name"]
            )
        agencies[org_id].counts.add(bucket, n)
        for group_pk in pmap.groups_of(row["item_id"]):
            groups[group_pk].counts.add(bucket, n)
    expected = len(agencies)
    period_rows = {
        p.pk: PeriodRow(p, expected) for p in ReportingPeriod.objects.filter(plan=plan).order_by("end", "pk")
    }
    submitted = Q(submitted_at__isnull=False)
    for stats in (
        AgencyReport.objects.filter(period__plan=plan)
        .values("period_id")
        .annotate(
            submitted=Count("id", filter=submitted),
            on_time=Count("id", filter=submitted & Q(is_late=False)),
            late=Count("id", filter=submitted & Q(is_late=True)),
            awaiting=Count("id", filter=Q(status=ReportStatus.SUBMITTED)),
            returned=Count("id", filter=Q(status=ReportStatus.RETURNED)),
            accepted=Count("id", filter=Q(status=ReportStatus.ACCEPTED)),
        )
        .order_by()
    ):
        target = period_rows.get(stats["period_id"])
        if target is not None:
            for key in ("submitted", "on_time", "late", "awaiting", "returned", "accepted"):
                setattr(target, key, stats[key])
    return Dashboard(
        plan=plan,
        period=period,
        as_of=as_of,
        totals=totals,
        agencies=sorted(agencies.values(), key=lambda a: a.sort_key),
        groups=[g for g in groups.values() if g.counts.total],
        periods=list(period_rows.values()),
        unmapped=unmapped,
        expected=expected,
        pmap=pmap,
    )


@dataclass
class AssignmentRow:
    assignment: Assignment
    bucket: str
    deadline: dt.date | None
    report_id: int | None

    @property
    def bucket_label(self) -> Any:
        return BUCKET_LABELS[self.bucket]


@dataclass(frozen=True)
class AssignmentMatch:
    """One assignment behind a dashboard figure, before its item and agency are loaded."""

    pk: int
    bucket: str
    deadline: dt.date | None
    report_id: int | None


def dashboard_assignments(
    *,
    user: Any,
    plan: Plan,
    pmap: PlanMap,
    period: ReportingPeriod | None = None,
    bucket: str = "",
    organization_id: int | None = None,
    group_pk: int | None = None,
    today: dt.date | None = None,
) -> list[AssignmentMatch]:
    """Every assignment behind a dashboard figure, in plan order (one query of plain values,
    so a plan of thousands of assignments costs milliseconds). ``assignment_rows`` loads the
    ones a page shows."""
    plan_policy.require(user, "view", plan)
    as_of = _as_of(period, today)
    qs = Assignment.objects.filter(item__plan=plan, is_open=True, organization__isnull=False)
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    if group_pk is not None:
        qs = qs.filter(item_id__in=[pk for pk, groups in pmap.item_groups.items() if group_pk in groups])
    found: list[AssignmentMatch] = []
    values = (
        _with_latest(qs, plan, period)
        .order_by("item__position", "organization__name_sort", "pk")
        .values_list("pk", "deadline", "item__deadline", "latest_progress", "latest_report")
    )
    for pk, deadline, item_deadline, progress, report_id in values:
        due = deadline_date(deadline) or deadline_date(item_deadline)
        status = bucket_of(progress, due, as_of)
        if not bucket or status == bucket:
            found.append(AssignmentMatch(pk, status, due, report_id))
    return found


def assignment_rows(matches: Iterable[AssignmentMatch]) -> list[AssignmentRow]:
    """The matches with their assignment, item and agency loaded (one query), in order."""
    matches = list(matches)
    loaded = Assignment.objects.select_related("item", "organization").in_bulk([m.pk for m in matches])
    return [AssignmentRow(loaded[m.pk], m.bucket, m.deadline, m.report_id) for m in matches if m.pk in loaded]


@dataclass
class MissingRow:
    organization_id: int
    name: str
    assignments: int
    report: AgencyReport | None


def dashboard_missing(*, user: Any, plan: Plan, period: ReportingPeriod) -> list[MissingRow]:
    """Agencies with open assignments in the plan that have not submitted their report for
    ``period`` (no report, or a draft never submitted). Two queries."""
    plan_policy.require(user, "view", plan)
    expected = (
        Assignment.objects.filter(item__plan=plan, is_open=True, organization__isnull=False)
        .values("organization_id", "organization__name", "organization__name_sort")
        .annotate(n=Count("id"))
        .order_by("organization__name_sort")
    )
    reports = {r.organization_id: r for r in AgencyReport.objects.filter(period=period)}
    rows: list[MissingRow] = []
    for row in expected:
        report = reports.get(row["organization_id"])
        if report is not None and report.submitted_at is not None:
            continue
        rows.append(MissingRow(row["organization_id"], row["organization__name"], row["n"], report))
    return rows


# --------------------------------------------------------------------------------------------------
# The consolidated report: draft
# --------------------------------------------------------------------------------------------------


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
    return f"{display_path(item.path)}. {_short(text, limit)}"


def _agency_name(assignment: Assignment) -> str:
    return assignment.organization.name if assignment.organization else assignment.agency_name


_COMMON_FIRST_WORDS = ("Năm ", "Quý ", "Đợt ", "Kỳ ", "Tháng ", "Sáu tháng ")


def _in_sentence(name: str) -> str:
    """A period's name inside a sentence: "Năm 2026" → "năm 2026" (a common noun is not
    capitalised mid-sentence in Vietnamese); other names are kept."""
    if name.startswith(_COMMON_FIRST_WORDS):
        return name[0].lower() + name[1:]
    return name


def _assemble(period: ReportingPeriod) -> Draft:
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


def annual_report_draft(*, user: Any, period: ReportingPeriod) -> Draft:
    """The consolidated report as the accepted reports of ``period`` give it (DOST only)."""
    plan_policy.require(user, "consolidate", period.plan)
    return _assemble(period)


def consolidated_reports(*, user: Any, period: ReportingPeriod) -> list[ConsolidatedReport]:
    """Generated reports of the period, newest first, without their files."""
    plan_policy.require(user, "view", period.plan)
    return list(
        ConsolidatedReport.objects.filter(period=period)
        .defer("docx")
        .select_related("generated_by")
        .order_by("-generated_at", "-pk")
    )


def consolidated_report_get(
    *, user: Any, period: ReportingPeriod, pk: int | None = None
) -> ConsolidatedReport | None:
    """The generated report ``pk`` of the period (or the latest one), with its file."""
    plan_policy.require(user, "export", period.plan)
    qs = ConsolidatedReport.objects.filter(period=period)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.order_by("-generated_at", "-pk").first()


# --------------------------------------------------------------------------------------------------
# The consolidated report: generate (the one write)
# --------------------------------------------------------------------------------------------------


def clean_narrative(narrative: Mapping[str, Any]) -> dict[str, Any]:
    """Only the known sections, as NFC text; result groups without text are dropped."""
    out: dict[str, Any] = {}
    for key in TEXT_SECTIONS:
        out[key] = nfc(str(narrative.get(key) or "")).strip()[:MAX_SECTION_CHARS]
    groups = []
    for group in narrative.get("results") or []:
        if not isinstance(group, Mapping):
            continue
        title = nfc(str(group.get("title") or "")).strip()[:500]
        text = nfc(str(group.get("text") or "")).strip()[:MAX_SECTION_CHARS]
        if title or text:
            groups.append(
                {
                    "key": str(group.get("key") or "")[:20],
                    "path": nfc(str(group.get("path") or "")).strip()[:60],
                    "title": title,
                    "text": text,
                }
            )
    out["results"] = groups
    return out


@transaction.atomic
def annual_report_generate(
    *,
    actor: Any,
    period: ReportingPeriod,
    narrative: Mapping[str, Any],
    summary: str,
    number: str,
    document_date: dt.date | None,
    signer_authority: str,
    signer_position: str,
    signer_name: str,
    recipients: list[str],
    archive: str = "",
    expected_fingerprint: str | None = None,
) -> ConsolidatedReport:
    """Generate the consolidated report of ``period`` from its accepted reports and the
    narrative as the specialist edited it; keep the DOCX with its inputs (report ids and
    versions, annex rows, signer). DOST only; audited on the plan.

    ``expected_fingerprint`` is the fingerprint of the draft the specialist edited: if reports
    were accepted since, generation is refused so that none is left out unseen.
    """
    from khcn.plans import exports  # python-docx is loaded only when generating

    plan = period.plan
    plan_policy.require(actor, "consolidate", plan)
    # One generation at a time per period: lock the period row.
    ReportingPeriod.objects.select_for_update().filter(pk=period.pk).first()
    draft = _assemble(period)
    if not draft.reports:
        raise DomainError(
            _("No agency report has been accepted for this period yet."), code="no_accepted_reports"
        )
    if expected_fingerprint is not None and expected_fingerprint != draft.fingerprint:
        known = {part.split(":")[0] for part in expected_fingerprint.split(",")}
        new = [r.organization.name for r in draft.reports if str(r.pk) not in known]
        raise DomainError(
            _(
                "Reports were accepted while you were editing: %(names)s. Their content is not in "
                "your text yet: check the draft below, then generate again."
            )
            % {"names": ", ".join(new) or "—"},
            code="stale_inputs",
        )
    text = clean_narrative(narrative)
    summary = nfc(summary).strip() or draft.summary
    signer_position = nfc(signer_position).strip()
    signer_name = nfc(signer_name).strip()
    if not signer_position or not signer_name:
        raise DomainError(_("The report needs a signer and the signer's position."), code="no_signer")
    recipients = [nfc(r).strip() for r in recipients if nfc(r).strip()]
    annex = draft.annex_cells()
    data = exports.annual_report_docx(
        summary=summary,
        number=number,
        date=document_date,
        narrative=text,
        annex=annex,
        signer_authority=signer_authority,
        signer_position=signer_position,
        signer_name=signer_name,
        recipients=recipients,
        archive=archive,
    )
    report = ConsolidatedReport.objects.create(
        period=period,
        number=nfc(number).strip()[:60],
        document_date=document_date,
        summary=summary,
        narrative=text,
        inputs=draft.inputs,
        annex=annex,
        signer_authority=nfc(signer_authority).strip()[:60],
        signer_position=signer_position[:120],
        signer_name=signer_name[:120],
        recipients=recipients,
        docx=data,
        docx_sha256=hashlib.sha256(data).hexdigest(),
        generated_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        actor=actor,
        action=ANNUAL_REPORT_GENERATED,
        target=plan,
        changes={
            "consolidated_report": [None, report.pk],
            "period": [None, period.name],
            "number": [None, report.number],
            "reports_included": [
                None,
                [f"{i['organization']} (#{i['report']} v{i['version']})" for i in draft.inputs],
            ],
        },
    )
    return report
