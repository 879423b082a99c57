"""The DOST's consolidated report for a period, as the accepted reports give it: the draft the
specialist edits (narrative by section, results by content group, the annex table) and the
reports generated before. Generating one is ``khcn.plans.services.annual_report``."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khcn.accounts.choices import Role
from khcn.accounts.models import Membership, User
from khcn.core.text import fold, nfc
from khcn.organizations.choices import AliasKind, OrganizationKind
from khcn.organizations.models import Organization, OrganizationAlias
from khcn.organizations.selectors import (
    Resolution,
    organization_group_members,
    organization_resolve_many,
    organization_successors,
)
from khcn.plans import annexes
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
from khcn.plans.tidy import tidy

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
    # The report's date: agencies are named as they are that day (the successors of those that
    # ended before it), and the recipients are those of that day (``recipients_on``).
    as_of: dt.date | None = None
    recipients: list[str] = field(default_factory=list)
    # Annex tables other modules give (``khcn.plans.annexes``): the S&T tasks of each priority field.
    tables: list[Any] = field(default_factory=list)

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


def _clause(*parts: str) -> str:
    """Parts of one statement joined with "; " (results, then figures), without the full stop
    or semicolon a part ended with ("đơn vị.; 3 nhiệm vụ" is what joining them blindly gives)."""
    kept = []
    for part in parts:
        part = " ".join(part.split())
        if not part.endswith(("...", "…")):
            part = part.rstrip(" .;,")
        if part:
            kept.append(part)
    return "; ".join(kept)


def _with_agencies(text: str, agencies: list[str]) -> str:
    """ "text (agency A, agency B)", the sentence's full stop after the parenthesis."""
    stop = "." if text.endswith(".") and not text.endswith("...") else ""
    body = text[:-1].rstrip() if stop else text
    return f"{body} ({', '.join(agencies)}){stop}"


def _merge_texts(entries: list[tuple[str, str]]) -> str:
    """ "- text (agency A, agency B)." lines: the same words from several agencies said once."""
    by_text: dict[str, list[str]] = {}
    for agency, text in entries:
        for line in (t.strip(" -•+\t") for t in nfc(text).splitlines()):
            if line:
                agencies = by_text.setdefault(line, [])
                if agency not in agencies:
                    agencies.append(agency)
    return "\n".join(f"- {_with_agencies(text, agencies)}" for text, agencies in by_text.items())


def describe_item(
    item: PlanItem, pmap: PlanMap, agencies: Iterable[str], limit: int = 300, *, named: Collection[str] = ()
) -> str:
    """ "IV.2. Chủ trì, phối hợp với các đơn vị có liên quan cân đối … (II.4, II.6)": what the
    item asks for. A duty of section IV is headed by its agency's name ("2. Sở Kế hoạch và Đầu
    tư", a department merged into another since): it is described by its own text, the task,
    else by the content items it restates; so is a part's title in capitals that has text of
    its own; another item by its heading. A heading is an
    agency's name when it holds one of ``agencies`` (the names the item's duties give, as
    written and as of the report) or is one of ``named`` (agency names, folded)."""
    heading = " ".join(item.heading.split())
    names = [n for n in agencies if n]
    headed_by_agency = (
        bool(heading) and len(heading) < 160 and (any(n in heading for n in names) or fold(heading) in named)
    )
    related = [pmap.items[r] for r in pmap.related.get(item.pk, []) if r in pmap.items]
    own = " ".join(item.text.split())
    # A part's title in capitals ("IV. TỔ CHỨC THỰC HIỆN") with a duty in its own paragraph
    # (the closing "các sở, ngành … báo cáo"): the paragraph is the task.
    titled = heading.isupper() and bool(own)
    if heading and not headed_by_agency and not titled:
        text = heading
    elif own:
        text = own
    elif related:
        text = "; ".join(r.title or display_path(r.path) for r in related)
    else:
        text = heading
    text = short(text, limit)
    if text.count("(") > text.count(")"):
        text += ")"  # cut inside a parenthesis
    if related:
        refs = ", ".join(display_path(r.path) for r in related)
        text = f"{text[:-1] if text.endswith('.') and not text.endswith('...') else text} ({refs})"
    return tidy(f"{display_path(item.path)}. {text}")


# --------------------------------------------------------------------------------------------------
# Agencies as they are on the report's date, and the recipients
# --------------------------------------------------------------------------------------------------

# The fixed recipients of the DOST's report to the People's Committee (Decree 30/2020, "Nơi
# nhận"), around the agencies of the plan as of the report's date; "Lưu: …" is the archive line.
RECIPIENTS_FIRST = ("UBND tỉnh (b/c)", "Bộ Khoa học và Công nghệ (b/c)")
RECIPIENTS_LAST = ("Ban Giám đốc Sở",)
DEPARTMENTS_RECIPIENT = "Các sở, ban, ngành tỉnh"
DISTRICTS_RECIPIENT = "UBND các huyện, thành phố"
COMMUNES_RECIPIENT = "UBND các xã, phường"
MAX_NAMED_DEPARTMENTS = 10  # more: "Các sở, ban, ngành tỉnh"
_LOCAL = (OrganizationKind.DISTRICT_COMMITTEE, OrganizationKind.COMMUNE_COMMITTEE)


def agencies_on(orgs: Iterable[Organization], day: dt.date) -> dict[int, list[Organization]]:
    """For each agency, those that stand for it on ``day``: itself if it was in operation then
    (or not yet established), else the agencies that carried on its duties that day (mergers,
    splits, the end of the districts: ``organization_successors``)."""
    out: dict[int, list[Organization]] = {}
    for org in orgs:
        if org.pk in out:
            continue
        if org.valid_to is None or org.valid_to >= day:
            out[org.pk] = [org]
        else:
            out[org.pk] = organization_successors(org, on=day) or [org]
    return out


def names_on(orgs: Iterable[Organization], day: dt.date) -> dict[int, str]:
    """Each agency's name as of ``day``: the name it bore that day (a renamed agency), or the
    names of the agencies that stood for it that day ("Sở Kế hoạch và Đầu tư" → "Sở Tài chính"
    after 1 March 2025). Two queries, and one per agency ended before ``day``."""
    standing = agencies_on(orgs, day)
    everyone = {o.pk: o for found in standing.values() for o in found}
    official: dict[int, str] = {}
    for org_id, name, kind, start, end in OrganizationAlias.objects.filter(
        organization_id__in=everyone, kind__in=(AliasKind.OFFICIAL, AliasKind.FORMER)
    ).values_list("organization_id", "name", "kind", "valid_from", "valid_to"):
        in_use = (start is None or start <= day) and (end is None or end >= day)
        if in_use and (kind == AliasKind.OFFICIAL or org_id not in official):
            official[org_id] = name
    return {pk: _names(official.get(o.pk, o.name) for o in found) for pk, found in standing.items()}


def _districts_gone(day: dt.date) -> bool:
    """The district level had ended by ``day`` (Vietnam abolished it on 1 July 2025): the
    registry knows district committees and none was in operation that day."""
    districts = Organization.objects.filter(kind=OrganizationKind.DISTRICT_COMMITTEE)
    return districts.exists() and not districts.valid_on(day).exists()


_DISTRICTS = re.compile(
    r"\b(các huyện(?:,? thị xã)?(?:,| và) thành phố|các huyện, thị xã|các huyện|cấp huyện)", re.IGNORECASE
)


def local_level_on(text: str, day: dt.date, *, gone: bool | None = None) -> str:
    """``text`` with the district level named as the commune level when districts had ended by
    ``day``: "Ủy ban nhân dân các huyện, thành phố Cà Mau" → "Ủy ban nhân dân các xã, phường",
    "cấp huyện" → "cấp xã"."""
    if not _DISTRICTS.search(text) or not (_districts_gone(day) if gone is None else gone):
        return text
    out: list[str] = []
    position = 0
    for match in _DISTRICTS.finditer(text):
        out.append(text[position : match.start()])
        found = match.group(1)
        words = "cấp xã" if found.lower() == "cấp huyện" else "các xã, phường"
        out.append(words[0].upper() + words[1:] if found[0].isupper() else words)
        position = match.end()
        if "thành phố" in found.lower():
            # The former city's name after "thành phố" ("… thành phố Cà Mau") goes with it.
            while (word := re.match(r" ([^\W\d_][\w-]*)", text[position:])) and word.group(1)[0].isupper():
                position += word.end()
    out.append(text[position:])
    return "".join(out)


def _written_on(name: str, result: Resolution | None, day: dt.date, gone: bool) -> str:
    """A name as written in the plan that no agency of the registry stands for yet, as of
    ``day``: the one agency it resolves to (``result``; its name that day), else the name with
    the district level put right."""
    if result is not None and result.found and len(result.current) == 1 and not result.ambiguous:
        return names_on(result.current, day)[result.current[0].pk]
    return local_level_on(name, day, gone=gone)


def _is_issuer(org: Organization) -> bool:
    return org.name.casefold() == str(settings.KHCN_ISSUER_NAME).casefold()


def recipients_on(plan: Plan, day: dt.date, assignments: Iterable[Assignment] | None = None) -> list[str]:
    """The recipients ("Nơi nhận") of the consolidated report dated ``day``: the People's
    Committee and the Ministry, the agencies of the plan as they are that day (each department
    by name, or "Các sở, ban, ngành tỉnh" for many or for a group name; the police, the
    military command…; the local committees of that day: "UBND các huyện, thành phố" before
    the district level ended on 1 July 2025, "UBND các xã, phường" after), then the DOST's
    board. The DOST itself and the provincial committee are not listed again."""
    if assignments is None:
        assignments = Assignment.objects.filter(item__plan=plan, is_open=True).select_related("organization")
    assignments = list(assignments)
    mapped = [a.organization for a in assignments if a.organization is not None and a.is_open]
    standing = [o for found in agencies_on(mapped, day).values() for o in found]
    kinds: set[str] = set()
    unmapped = {a.agency_name for a in assignments if a.organization is None and a.is_open}
    resolved = organization_resolve_many(unmapped, as_of=plan.issued_on or day, today=day)
    for name in unmapped:
        members = organization_group_members(name, on=day)
        if members:
            kinds |= {o.kind for o in members}
            continue
        result = resolved[name]
        if result.found and len(result.current) == 1 and not result.ambiguous:
            standing += result.current
    names = names_on(standing, day)
    departments: dict[str, Organization] = {}
    others: dict[str, Organization] = {}
    for org in standing:
        if org.kind in _LOCAL:
            kinds.add(org.kind)
        elif org.kind == OrganizationKind.PROVINCIAL_COMMITTEE or _is_issuer(org):
            continue
        elif org.kind == OrganizationKind.DEPARTMENT:
            departments[names[org.pk]] = org
        else:
            others[names[org.pk]] = org
    out = list(RECIPIENTS_FIRST)
    if OrganizationKind.DEPARTMENT in kinds or len(departments) > MAX_NAMED_DEPARTMENTS:
        out.append(DEPARTMENTS_RECIPIENT)
    else:
        out += sorted(departments, key=lambda n: departments[n].name_sort or n)
    out += sorted(others, key=lambda n: others[n].name_sort or n)
    if OrganizationKind.DISTRICT_COMMITTEE in kinds:
        out.append(DISTRICTS_RECIPIENT)
    if OrganizationKind.COMMUNE_COMMITTEE in kinds:
        out.append(COMMUNES_RECIPIENT)
    out += RECIPIENTS_LAST
    return out


_COMMON_FIRST_WORDS = ("Năm ", "Quý ", "Đợt ", "Kỳ ", "Tháng ", "Sáu tháng ")


def _in_sentence(name: str) -> str:
    """A period's name inside a sentence: "Năm 2026" → "năm 2026" (a common noun is not
    capitalised mid-sentence in Vietnamese); other names are kept."""
    if name.startswith(_COMMON_FIRST_WORDS):
        return name[0].lower() + name[1:]
    return name


def assemble(period: ReportingPeriod, on: dt.date | None = None) -> Draft:
    """Build the draft (about ten queries, and one per agency ended before the report's date)
    as of ``on``, the report's date (today by default): agencies are named as they are that
    day, the recipients are those of that day. Runs in the document language; the text is
    tidied (``khcn.plans.tidy``)."""
    plan = period.plan
    day = on or timezone.localdate()
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
    # Every agency as it is on the report's date (the successor of one merged before it), and
    # the names the plan gives that no agency stands for yet ("UBND các huyện, thành phố", after
    # the district level ended: "UBND các xã, phường").
    names = names_on(
        [
            *(r.organization for r in reports),
            *(ln.report.organization for ln in lines),
            *(a.organization for a in assignments if a.organization is not None),
            *(d.organization for d in raised),
        ],
        day,
    )
    gone = _districts_gone(day)
    written: dict[str, str] = {}
    resolved = organization_resolve_many(
        {a.agency_name for a in assignments if a.organization is None and a.agency_name},
        as_of=plan.issued_on or day,
        today=day,
    )

    def name_of(org: Organization) -> str:
        return names.get(org.pk, org.name)

    def as_written(name: str) -> str:
        if name and name not in written:
            written[name] = _written_on(name, resolved.get(name), day, gone)
        return written.get(name, name)

    def agency(assignment: Assignment) -> str:
        if assignment.organization is not None:
            return name_of(assignment.organization)
        return as_written(assignment.agency_name)

    # Headings that are an agency's name, however written (one query): "Sở Kế hoạch và Đầu tư"
    # heads IV.2, a department merged since; the item is described by its task instead.
    headings = {fold(" ".join(a.item.heading.split())) for a in assignments if 0 < len(a.item.heading) < 160}
    named = set(
        OrganizationAlias.objects.filter(name_folded__in=headings).values_list("name_folded", flat=True)
    )
    reported = {r.organization_id for r in reports}
    expected = {a.organization.pk: a.organization for a in assignments if a.organization and a.is_open}
    missing: list[str] = []
    for org in sorted(expected.values(), key=lambda o: o.name_sort or o.name):
        if org.pk not in reported and name_of(org) not in missing:
            missing.append(name_of(org))

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
            leads = [agency(a) for a in item_assignments if a.role == AssignmentRole.LEAD]
            if not leads:
                leads = [as_written(a.lead_name) for a in item_assignments if a.lead_name]
            coordinators = [agency(a) for a in item_assignments if a.role == AssignmentRole.COORDINATE]
            # A reporting duty only ("báo cáo kết quả về Sở KH&CN"): listed after the coordinators.
            coordinators += [
                f"{agency(a)} (báo cáo)" for a in item_assignments if a.role == AssignmentRole.REPORT
            ]
            given = [n for a in item_assignments for n in (a.agency_name, a.lead_name) if n]
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
                    f"{name_of(ln.report.organization)}: {progress_label[ln.progress]}" for ln in status_lines
                )
            several = len(item_lines) > 1
            results = []
            for ln in item_lines:
                text = _clause(ln.results, ln.figures)
                if text:
                    results.append(f"{name_of(ln.report.organization)}: {text}" if several else text)
            annex.append(
                AnnexRow(
                    item_pk=item_pk,
                    content=describe_item(item, pmap, [*leads, *coordinators, *given], named=named),
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
                text = _clause(ln.results, ln.figures)
                if text:
                    where = display_path(ln.assignment.item.path)
                    entries.append(f"- {name_of(ln.report.organization)} ({where}): {text}")
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
        late = [name_of(r.organization) for r in reports if r.is_late]
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
            f"- {name_of(r.organization)}: {' '.join(r.summary.split())}"
            for r in reports
            if r.summary.strip()
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
                    % {
                        "item": display_path(ln.assignment.item.path),
                        "agency": name_of(ln.report.organization),
                    }
                )
        for ln in unfinished:
            if ln.progress == ItemProgress.NOT_STARTED:
                shortcomings.append(
                    "- "
                    + _("%(item)s (%(agency)s) has not started.")
                    % {
                        "item": display_path(ln.assignment.item.path),
                        "agency": name_of(ln.report.organization),
                    }
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
            unfinished_by_item[ln.assignment.item_id].append(name_of(ln.report.organization))
        seen_items: set[int] = set()
        for ln in unfinished:
            item = ln.assignment.item
            if item.pk in seen_items:
                continue
            seen_items.add(item.pk)
            at_work = unfinished_by_item[item.pk]
            # Every agency the item names (not only those still at work on it): an item headed by
            # its lead agency ("IV.1. Sở Khoa học và Công nghệ") is then described by what it asks.
            assigned = [
                n for a in by_item.get(item.pk, []) for n in (agency(a), a.agency_name, a.lead_name) if n
            ]
            what = describe_item(item, pmap, [*assigned, *at_work], limit=160, named=named)
            agencies = _names(n for n in at_work if n not in what)
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
                [(name_of(ln.report.organization), ln.difficulties) for ln in lines]
                + [(name_of(d.organization), d.text) for d in raised]
            ),
            "next_tasks": "\n".join(next_tasks),
            "proposals": _merge_texts([(name_of(ln.report.organization), ln.proposals) for ln in lines]),
        }
        summary = f"Kết quả thực hiện {plan_reference(plan)}, năm {period.end.year}"
    # The punctuation of what was assembled from pieces (".;", "(… (…))", double spaces).
    for key in TEXT_SECTIONS:
        narrative[key] = tidy(narrative[key])
    for group_text in results_groups:
        group_text["title"], group_text["text"] = tidy(group_text["title"]), tidy(group_text["text"])
    for row in annex:
        for name in ("content", "lead", "coordinators", "deadline", "status", "result"):
            setattr(row, name, tidy(getattr(row, name)))
    return Draft(
        plan=plan,
        period=period,
        reports=reports,
        missing=missing,
        summary=tidy(summary),
        narrative=narrative,
        annex=annex,
        as_of=day,
        recipients=recipients_on(plan, day, [a for a in assignments if a.is_open]),
        tables=annexes.tables(plan, period),
    )


def annual_report_draft(*, user: User, period: ReportingPeriod, on: dt.date | None = None) -> Draft:
    """The consolidated report as the accepted reports of ``period`` give it, dated ``on``
    (today by default) (DOST only)."""
    plan_policy.require(user, "consolidate", period.plan)
    return assemble(period, on)


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
