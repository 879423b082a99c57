"""Stages after the duties: merge them into assignments, link organisation items to the content
items they restate, list the agencies, give the final warnings, ask the resolver."""

from __future__ import annotations

import datetime as dt
import logging
import re

from khcn.core.text import fold
from khcn.plans.parser.assigning import assignment_path, owner_texts
from khcn.plans.parser.deadlines import first_deadline, with_document_year
from khcn.plans.parser.linking import Linker
from khcn.plans.parser.model import (
    AgencyInfo,
    Assignment,
    Deadline,
    ParseResult,
    ParseWarning,
    Section,
)
from khcn.plans.parser.model import Message as _  # translated now, and again for each reader
from khcn.plans.parser.state import Document, ParseState, Resolver

logger = logging.getLogger(__name__)


_WHOLE_PLAN_WORDS = ("nội dung", "nhiệm vụ", "giải pháp")


def unique(values: list[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def _merge(state: ParseState, roots: list[Section]) -> list[Assignment]:
    merged: dict[tuple[str, str, str], Assignment] = {}
    owners: dict[tuple[str, str, str], Section | None] = {}
    for duty in state.duties:
        if duty.owner is not None and duty.owner.source in ("table_row", "table_group"):
            duty.path = duty.owner.path
        name = state.name(duty.agency, duty.line)
        key = (duty.path, fold(name), duty.role)
        entry = merged.get(key)
        if entry is None:
            entry = Assignment(
                section=duty.path,
                agency=name,
                role=duty.role,
                source=duty.source,
                kind=state.kinds.get(fold(name), duty.agency.kind),
            )
            merged[key] = entry
            owners[key] = duty.owner
        for lead in duty.leads or ([duty.lead] if duty.lead else []):
            if lead and lead not in entry.leads:
                entry.leads.append(lead)
        if duty.text and duty.text not in entry.tasks:
            entry.tasks.append(duty.text)
        entry.note = entry.note or duty.note
        entry.deadline = entry.deadline or duty.deadline
        entry.reporting = entry.reporting or duty.report
        entry.lines.append(duty.line)
    out = list(merged.values())
    for entry in out:
        specific = [lead for lead in entry.leads if state.kinds.get(fold(lead)) != "generic"]
        entry.lead = (specific or entry.leads)[0] if entry.leads else None
    # One role per agency per item: an agency that leads an item does not also coordinate on it
    # (its tasks as coordinator are listed with its lead).
    leads = {(a.section, fold(a.agency)) for a in out if a.role == "lead"}
    kept: list[Assignment] = []
    for entry in out:
        if entry.role in ("coordinate", "report") and (entry.section, fold(entry.agency)) in leads:
            # told to report and to do something else in the same item: it leads (corpus README)
            lead_entry = merged[(entry.section, fold(entry.agency), "lead")]
            lead_entry.tasks.extend(t for t in entry.tasks if t not in lead_entry.tasks)
            # its deadline too, when the clause it leads in gives none ("Trong thời hạn 05 ngày …,
            # Sở Tài chính phối hợp với … kiểm tra …. Trường hợp …, Sở Tài chính chủ trì tham mưu …")
            lead_entry.deadline = lead_entry.deadline or entry.deadline
            continue
        kept.append(entry)
    # An item's own agencies take the item's first deadline when their clauses give none; so do
    # the agencies of a letter's paragraph ("… do Sở X chủ trì … Yêu cầu các đề án hoàn thành
    # trong quý 3/2021."), or the date a paragraph after it that names no one gives.
    paragraphs = {n.path: n for root in roots for n in root.walk() if n.style == "paragraph"}
    # the deadlines agencies' own clauses give: another agency's is not the paragraph's ("yêu cầu
    # các sở … rút kinh nghiệm; … giao Sở X chủ trì …, hoàn thành trước ngày 30-6")
    # (a clause that names the agency before the deadline, between the same semicolons: a subject
    # carried over from before does not claim it)
    claimed = {
        (d.path, d.deadline.text)
        for d in state.duties
        if d.deadline is not None
        and any(d.deadline.text in part and fold(d.agency.name) in fold(part) for part in d.text.split(";"))
    }
    for entry in kept:
        owner = owners.get((entry.section, fold(entry.agency), entry.role))
        if entry.deadline is None and owner is not None and owner.source == "text":
            text = " ".join(t for t, _line in owner_texts(owner))
            entry.deadline = first_deadline(text)
        elif entry.deadline is None and owner is not None and owner.source == "table_row":
            entry.deadline = owner.deadline  # the row's time column
        elif entry.deadline is None and entry.section in paragraphs:
            paragraph = paragraphs[entry.section]
            found = paragraph.deadline  # "Báo cáo gửi về … chậm nhất ngày …" after it: a report's too
            if entry.role != "report":
                found = first_deadline(" ".join(paragraph.body)) or found
            if found is not None and (entry.section, found.text) in claimed:
                found = None
            if found is not None and found.kind not in _RHYTHMS:
                entry.deadline = found  # a rhythm ("thường xuyên") is its own clause's, not all of them
    # A letter's sentence that announces its paragraphs ("… chỉ đạo các sở … báo cáo kết quả …;
    # cụ thể:"): its agencies take the date the first paragraph gives them.
    # A lead-in over numbered items ("Sở X chủ trì, phối hợp với …:" then "1. …", "2. …"): the
    # first day's date the items give.
    first = next(iter(paragraphs.values()), None)
    for entry in kept:
        if entry.deadline is None and entry.section == "":
            if first is not None:
                found = first_deadline(" ".join(first.body)) or first.deadline
            else:
                dates = (first_deadline(" ".join([n.heading, *n.body])) for r in roots for n in r.walk())
                # a day's date only: a year or a month in an item may be what it describes
                found = next((d for d in dates if d is not None and d.kind == "date"), None)
            if found is not None and found.kind not in _RHYTHMS:
                entry.deadline = found
    # A text without items: an agency named again in a later paragraph ("… các đơn vị, địa
    # phương … trước ngày 01/11/2021") gives its deadline to the first paragraph that named it.
    later: dict[tuple[str, str], Deadline] = {}
    for entry in reversed(kept):
        if entry.section in paragraphs:
            named = (fold(entry.agency), entry.role)
            if entry.deadline is None and named in later:
                entry.deadline = later[named]
            elif entry.deadline is not None:
                later[named] = entry.deadline
    # A copy's lead paragraph before the items, repeating what an item assigns ("UBND tỉnh chỉ đạo
    # giao Sở X chủ trì …" over "1. Nhất trí giao Sở X chủ trì …"): the item's is the assignment
    itemised = {(fold(e.agency), e.role) for e in kept if e.section}
    kept = [e for e in kept if e.section or (fold(e.agency), e.role) not in itemised]
    # An item's lead-in that names its agencies ("2. … ¶ Giao các sở … gồm: - Sở Công Thương …;
    # … Có trách nhiệm: a) … b) …"): they are assigned at each of its points, which carry them
    # (at two points at least: one may be a point misread as the item's own, "e) … ¶ 8) …")
    carried: dict[tuple[str, str], set[str]] = {}
    for e in kept:
        if e.source == "heading":
            carried.setdefault((fold(e.agency), e.role), set()).add(e.section)
    return [
        e
        for e in kept
        if not e.section or len(_points_of(e.section, carried.get((fold(e.agency), e.role)))) < 2
    ]


def _points_of(path: str, sections: set[str] | None) -> set[str]:
    return {section for section in sections or () if section.startswith(path + ".")}


_RHYTHMS = frozenset({"continuous", "recurring", "annual"})


def _link(result: ParseResult, roots: list[Section], parts: dict[int, str], state: ParseState) -> None:
    targets = [n for root in roots if parts[id(root)] in ("content", "appendix") for n in root.walk()]
    targets = [n for n in targets if not n.agencies]
    linker = Linker(targets)
    doc_word = result.doc_type or "Kế hoạch"
    whole_re = re.compile(
        r"(?:(?:"
        + "|".join(_WHOLE_PLAN_WORDS)
        + r")[^.;]{0,40}\b(?:của|trong)\s+"
        + re.escape(doc_word)
        + r"\s+này)|(?:(?:triển khai|thực hiện)\s+(?:các nội dung của\s+)?"
        + re.escape(doc_word)
        + r"\b)",
    )
    related: dict[str, list[str]] = {}
    for root in roots:
        if parts[id(root)] == "purpose":
            continue
        for node in root.walk():
            if not node.agencies or node.source != "text":
                continue
            path = assignment_path(node, state)
            text = " ".join(t for t, _line in owner_texts(node))
            links = [n.path for n in linker.related(text)]
            if whole_re.search(text):
                links.insert(0, "*")
            related[path] = links
    for entry in result.assignments:
        if entry.section in related:
            entry.related_sections = list(related[entry.section])


def _agencies(result: ParseResult, state: ParseState) -> list[AgencyInfo]:
    details: dict[str, AgencyInfo] = {}

    def add(name: str, role: str, where: str) -> None:
        key = fold(name)
        info = details.get(key)
        if info is None:
            info = AgencyInfo(name=state.names.get(key, name), kind=state.kinds.get(key, "agency"))
            details[key] = info
        if role not in info.roles:
            info.roles.append(role)
        if where and where not in info.sections:
            info.sections.append(where)

    events: list[tuple[int, str, str, str]] = []
    for entry in result.assignments:
        first = min(entry.lines) if entry.lines else 0
        events.append((first, entry.agency, entry.role, entry.section))
        for lead in entry.leads:
            events.append((first, lead, "lead_of_coordinator", entry.section))
    for duty in state.reports:
        if duty.to:
            events.append((duty.line or 0, duty.to, "report_recipient", duty.section))
        if duty.via:
            events.append((duty.line or 0, duty.via, "report_via", duty.section))
    for mention, where in state.recipients:
        name = state.name(mention, 0)
        events.append((10**9, name, "recipient", where))
    events.sort(key=lambda e: e[0])
    for _line, name, role, where in events:
        add(name, role, where)
    return list(details.values())


def _final_warnings(result: ParseResult, state: ParseState, repairs: dict[str, int]) -> None:
    if not result.title:
        state.warn(ParseWarning("no_title", _("No title line was found.")))
    if not result.issuer:
        state.warn(ParseWarning("no_issuer", _("The issuing body was not found.")))
    for printed, line in state.typos.items():
        state.warn(
            ParseWarning(
                "repeated_word",
                _("“%(printed)s” has a word typed twice; read as an agency name without it.")
                % {"printed": printed},
                line=line or None,
                extra={"text": printed},
            )
        )
    generic_seen: set[str] = set()
    for entry in result.assignments:
        if entry.kind == "generic" and fold(entry.agency) not in generic_seen:
            generic_seen.add(fold(entry.agency))
            state.warn(
                ParseWarning(
                    "generic_agency",
                    _(
                        "“%(name)s” (at %(where)s) is a group of agencies, not one agency: choose the "
                        "agencies."
                    )
                    % {"name": entry.agency, "where": entry.section},
                    where=entry.section,
                    extra={"agency": entry.agency},
                )
            )
        if entry.role == "coordinate" and not entry.lead:
            state.warn(
                ParseWarning(
                    "coordinate_without_lead",
                    _("%(agency)s coordinates at %(where)s, but the lead agency is not named.")
                    % {"agency": entry.agency, "where": entry.section},
                    where=entry.section,
                    extra={"agency": entry.agency},
                )
            )
    if not result.assignments:
        state.warn(ParseWarning("no_assignments", _("No agency was found leading or coordinating any item.")))
    if repairs.get("unflattened"):
        state.warn(
            ParseWarning(
                "layout_repaired",
                _(
                    "The text had lost its line breaks: it was cut again before its numbered items and "
                    "bullets (%(joined)s wrapped lines joined, %(pages)s page numbers removed). Check the "
                    "items and who heads them."
                )
                % {"joined": repairs.get("joined", 0), "pages": repairs.get("page_numbers", 0)},
                extra={"repairs": dict(repairs)},
            )
        )
    elif repairs.get("pipes") or repairs.get("page_numbers") or repairs.get("joined"):
        state.warn(
            ParseWarning(
                "layout_repaired",
                _(
                    "The layout was repaired: %(joined)s wrapped lines joined, %(pipes)s lines of “|” or tab "
                    "separators split, %(pages)s page numbers removed."
                )
                % {
                    "joined": repairs.get("joined", 0),
                    "pipes": repairs.get("pipes", 0),
                    "pages": repairs.get("page_numbers", 0),
                },
                extra={"repairs": dict(repairs)},
            )
        )


def _resolve(result: ParseResult, resolver: Resolver, as_of: dt.date | None, state: ParseState) -> None:
    for info in result.agency_details:
        if info.kind == "generic":
            continue
        try:
            info.resolution = resolver(info.name, as_of)
        except Exception:  # a resolver bug must not lose the parse
            logger.exception("Agency resolver failed on %r", info.name)
            info.resolution = None
        if info.resolution is None:
            state.warn(
                ParseWarning(
                    "unresolved_agency",
                    _("“%(name)s” is not in the agency registry: map it to an agency or create it.")
                    % {"name": info.name},
                    where=info.sections[0] if info.sections else None,
                    extra={"agency": info.name},
                )
            )


def drop_cut_sentence(doc: Document) -> None:
    """Stage "cut": in a text that stops mid-sentence (the warning ``truncated``), the duties
    read from that unfinished sentence are left out: what it asks, and of whom, is not known
    (the list of agencies may go on, the action is cut)."""
    last = next((line for line in reversed(doc.lines) if not line.is_table), None)
    if last is None or not _cut_off(last.text):
        return
    end = last.text.rstrip()

    def cut(line: int, text: str) -> bool:
        return line == last.no and bool(text.strip()) and end.endswith(text.rstrip())

    doc.state.duties = [d for d in doc.state.duties if not cut(d.line, d.text)]
    doc.state.reports = [r for r in doc.state.reports if not cut(r.line or 0, r.text)]


def merge(doc: Document) -> None:
    """Stage "assignments": duties merged per (item, agency, role); a deadline printed without
    its year takes the document's."""
    doc.result.assignments = _merge(doc.state, doc.roots)
    year = doc.result.date.year if doc.result.date else None
    for entry in doc.result.assignments:
        with_document_year(entry.deadline, year)
    for duty in doc.state.reports:
        with_document_year(duty.deadline, year)
    for node in doc.result.all_sections():
        with_document_year(node.deadline, year)


def link(doc: Document) -> None:
    """Stage "links": organisation items linked to the content items they restate."""
    _link(doc.result, doc.roots, doc.parts, doc.state)


def list_agencies(doc: Document) -> None:
    """Stage "agencies": reporting duties, agencies with their roles, proposers."""
    doc.result.reporting = doc.state.reports
    doc.result.agency_details = _agencies(doc.result, doc.state)
    doc.result.proposers = unique(doc.state.proposers)


def final_warnings(doc: Document) -> None:
    """Stage "warnings"."""
    _final_warnings(doc.result, doc.state, doc.repairs)
    last = next((line.text for line in reversed(doc.lines) if not line.is_table), "")
    if _cut_off(last):
        doc.state.warn(
            ParseWarning(
                "truncated",
                _(
                    "The text stops in the middle of a sentence (“…%(end)s”): check that the whole document "
                    "was pasted or uploaded. What that sentence asks is not read."
                )
                % {"end": last[-40:]},
                line=doc.lines[-1].no if doc.lines else None,
            )
        )


def _cut_off(last: str) -> bool:
    """Whether the last line stops mid-sentence: a long line of running text ending in a
    lower-case word or a comma ("… trên địa bàn tỉnh và đánh gi"), or a broken character."""
    text = last.rstrip()
    if text.endswith("\ufffd"):
        return True
    if re.search(r"\w\W+[a-zđ]$", text):
        return True  # "Các xã, thị t": a word's first letter alone, where the copy stopped
    if len(text) < 40 or not any(ch.islower() for ch in text):
        return False
    return text[-1] == "," or (text[-1].isalpha() and text[-1].islower())


def resolve(doc: Document) -> None:
    """Stage "resolve": the optional resolver is asked about each agency."""
    if doc.resolver is not None:
        _resolve(doc.result, doc.resolver, doc.as_of or doc.result.date, doc.state)


def stats(doc: Document) -> None:
    """Stage "stats": the warnings and the counts go into the result."""
    result = doc.result
    result.warnings = doc.state.warnings
    result.stats = {
        "lines": len(doc.text.splitlines()),
        "sections": len(result.all_sections()),
        "assignments": len(result.assignments),
        "agencies": len(result.agency_details),
        "repairs": dict(doc.repairs),
    }
