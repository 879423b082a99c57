"""``parse_text``: from the text of a plan to a ``ParseResult``. Pure: nothing is saved.

Steps: repair the layout (``layout``); cut the document into heading, title, preamble,
outline and closing, and find attached plans and appendices (``header``); build the section
tree (``outline``) and the items of task tables (``tables``); find the items headed by
agencies and the closing paragraph of their part; read the duties (``duties``); link each
duty to the content item it restates (``linking``); list agencies, reporting duties and
warnings; ask the optional resolver about each agency.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from khcn.core.text import clean, fold
from khcn.plans.parser import errors, lexicon
from khcn.plans.parser.agencies import Mention, find_mentions, heading_agencies, match_list, tokenize
from khcn.plans.parser.deadlines import cell_deadline, first_deadline
from khcn.plans.parser.duties import Clause, analyse_clause, split_clauses, split_sentence_clauses
from khcn.plans.parser.header import Segment, read_closing, read_heading, split_segments
from khcn.plans.parser.layout import Line, prepare
from khcn.plans.parser.linking import Linker
from khcn.plans.parser.model import (
    AgencyInfo,
    Assignment,
    Deadline,
    LegalBasis,
    ParseResult,
    ParseWarning,
    Reference,
    ReportingDuty,
    Section,
)
from khcn.plans.parser.model import Message as _  # translated now, and again for each reader
from khcn.plans.parser.outline import (
    BULLETS,
    Label,
    OutlineBuilder,
    assign_paths,
    check_sequences,
    match_label,
)
from khcn.plans.parser.references import find_citations, kind_from_symbol

logger = logging.getLogger(__name__)

Resolver = Callable[[str, dt.date | None], dict[str, Any] | None]

_PLAN_TYPES = ("Kế hoạch", "Chương trình", "Đề án", "Phương án", "Quy chế", "Quy định", "Chiến lược", "Dự án")
_ISSUES_RE = re.compile(
    r"\s+(?:ban hành|xây dựng|triển khai)\s+(?:" + "|".join(_PLAN_TYPES) + r"|Kế hoạch)\b", re.IGNORECASE
)
_WHOLE_PLAN_WORDS = ("nội dung", "nhiệm vụ", "giải pháp")


@dataclass
class Duty:
    path: str
    agency: Mention
    role: str
    lead: str | None = None
    leads: list[str] = field(default_factory=list)
    text: str = ""
    note: str | None = None
    line: int = 0
    source: str = "sentence"
    report: ReportingDuty | None = None
    deadline: Deadline | None = None
    owner: Section | None = None


class _State:
    """Everything collected while reading one document."""

    def __init__(self) -> None:
        self.warnings: list[ParseWarning] = []
        self.duties: list[Duty] = []
        self.reports: list[ReportingDuty] = []
        self.recipients: list[tuple[Mention, str]] = []
        self.proposers: list[str] = []
        self.typos: dict[str, int] = {}
        self.names: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.parents: dict[int, Section] = {}

    def warn(self, warning: ParseWarning) -> None:
        self.warnings.append(warning)

    def name(self, mention: Mention, line: int) -> str:
        """The first-seen spelling of a name (folded names compared)."""
        key = fold(mention.name)
        if mention.typo and mention.typo not in self.typos:
            self.typos[mention.typo] = line
        if key not in self.names:
            self.names[key] = mention.name
            self.kinds[key] = mention.kind
        return self.names[key]


def parse_text(text: str, resolver: Resolver | None = None, *, as_of: dt.date | None = None) -> ParseResult:
    """Read the text of a plan (or a decision, a programme, a letter…) into a ``ParseResult``.

    ``resolver(name, as_of)`` may annotate each agency (a dict) or return None for an
    unknown one; ``as_of`` defaults to the document's date. Raises ``PlanParseError``
    (``empty``, ``no_structure``) and nothing else.
    """
    try:
        return _parse(text, resolver, as_of)
    except errors.PlanParseError:
        raise
    except RecursionError as exc:  # a pathological nesting of labels
        logger.warning("Plan parser recursion limit: %s", exc)
        raise errors.no_structure_error() from exc


def _parse(text: str, resolver: Resolver | None, as_of: dt.date | None) -> ParseResult:
    if not isinstance(text, str) or not text.strip():
        raise errors.empty_error()
    layout = prepare(text)
    if not layout.lines:
        raise errors.empty_error()
    state = _State()
    result = ParseResult()
    known = _known_forms(layout.lines)
    segments = split_segments(layout.lines)
    _read_facts(result, segments, known, state)
    roots = _build_outline(segments, state)
    if not roots:
        roots = _paragraph_items(segments, state)
    if not roots:
        raise errors.no_structure_error()
    assign_paths(roots)
    result.sections = roots
    check_sequences(roots, state.warn)
    for node in result.all_sections():
        for child in node.children:
            state.parents[id(child)] = node
    parts = {id(root): _part_kind(root) for root in roots}
    _find_owners(roots, parts, known)
    _mark_part_kinds(roots, parts)
    _move_closing_paragraphs(roots, state)
    _read_duties(roots, parts, state)
    _read_body_references(result, roots)
    has_rows = any(n.source == "table_row" for n in result.all_sections())
    if not state.duties and not has_rows and len(roots) < 2 and not roots[0].body and not roots[0].children:
        raise errors.no_structure_error()
    result.assignments = _merge(state, roots)
    _link(result, roots, parts, state)
    result.reporting = state.reports
    result.agency_details = _agencies(result, state)
    result.proposers = _unique(state.proposers)
    _final_warnings(result, state, layout.repairs)
    if resolver is not None:
        _resolve(result, resolver, as_of or result.date, state)
    result.warnings = state.warnings
    result.stats = {
        "lines": len(text.splitlines()),
        "sections": len(result.all_sections()),
        "assignments": len(result.assignments),
        "agencies": len(result.agency_details),
        "repairs": dict(layout.repairs),
    }
    return result


def _unique(values: list[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def _known_forms(lines: list[Line]) -> dict[str, str]:
    """Agency names as running text writes them (to give upper-case names their case)."""
    known: dict[str, str] = {}
    for line in lines:
        if line.is_table or not any(ch.islower() for ch in line.text):
            continue
        for mention in find_mentions(line.text):
            known.setdefault(fold(mention.name), mention.name)
    return known


# --------------------------------------------------------------------------------------------------
# Facts: type, title, issuer, number, date, cited documents
# --------------------------------------------------------------------------------------------------


def _title_text(segment: Segment) -> str | None:
    text = clean(" ".join(line.text for line in segment.title))
    return text or None


def _read_facts(result: ParseResult, segments: list[Segment], known: dict[str, str], state: _State) -> None:
    main = segments[0]
    heading = read_heading(main.heading, known)
    result.number = heading.number
    result.date = heading.date
    result.place = heading.place
    result.issuer = heading.issuer
    result.issuer_parent = heading.issuer_parent
    result.doc_type = main.doc_type
    result.title = _title_text(main)
    if result.title is None and heading.subject:
        result.title = heading.subject
    if result.doc_type is None and heading.subject:
        result.doc_type = "Công văn"
    if result.doc_type is None and result.number:
        result.doc_type = kind_from_symbol(result.number)
    own_numbers = {n for n in (result.number,) if n}
    # The preamble: legal bases, documents implemented, proposers, the issuer in a sentence.
    for segment in segments:
        for line in segment.preamble:
            _read_preamble_line(result, line, state, first=segment is main)
    # A decision that issues a plan: the plan is what is tracked.
    attachment = next((s for s in segments[1:] if s.kind == "attachment"), None)
    note = main.attached_note or (attachment.attached_note if attachment else None)
    issued_with: dict[str, Any] | None = None
    if note is not None:
        citations = find_citations(note.text)
        if citations:
            c = citations[0]
            issued_with = {
                "doc_type": c.kind,
                "number": c.number,
                "date": c.date.isoformat() if c.date else None,
                "issuer": c.issuer,
            }
            own_numbers.add(c.number)
    if attachment is not None and attachment.doc_type and result.doc_type not in _PLAN_TYPES:
        decision = {
            "doc_type": result.doc_type,
            "number": result.number,
            "date": result.date.isoformat() if result.date else None,
            "title": result.title,
            "issuer": result.issuer,
        }
        if issued_with:
            decision.update({k: v for k, v in issued_with.items() if v and not decision.get(k)})
        issued_with = decision
        result.doc_type = attachment.doc_type
        result.title = _title_text(attachment) or result.title
        if result.number is None and decision.get("number"):
            result.number = decision["number"]
        if result.date is None and decision.get("date"):
            result.date = dt.date.fromisoformat(str(decision["date"]))
        state.warn(
            ParseWarning(
                "attached_document",
                _(
                    "The %(type)s is attached to %(decision)s %(number)s: the number and date are the "
                    "decision's, and its articles are kept as items."
                )
                % {
                    "type": result.doc_type,
                    "decision": decision.get("doc_type") or "",
                    "number": decision.get("number") or "",
                },
                line=attachment.title[0].no if attachment.title else None,
            )
        )
    elif issued_with is not None:
        if result.number is None:
            result.number = issued_with.get("number")
        if result.date is None and issued_with.get("date"):
            result.date = dt.date.fromisoformat(issued_with["date"])
        if result.issuer is None and issued_with.get("issuer"):
            result.issuer = issued_with["issuer"]
    result.issued_with = issued_with
    # Title citations count as implemented documents.
    for segment in segments:
        for line in segment.title:
            for c in find_citations(line.text):
                _add_reference(result, c, "implements", line.no, own_numbers)
        if segment.attached_note is not None:
            for c in find_citations(segment.attached_note.text):
                _add_reference(result, c, "issued_with", segment.attached_note.no, set())
    for line in main.preamble:
        relation = "based_on" if re.match(r"^Căn cứ\b", line.text, re.IGNORECASE) else "implements"
        if re.match(r"^(?:Theo|Xét)\s+đề nghị\b", line.text, re.IGNORECASE):
            relation = "proposal"
        for c in find_citations(line.text):
            _add_reference(result, c, relation, line.no, own_numbers)
    # Recipients and signer.
    closing_lines = [line for segment in segments for line in segment.closing]
    recipients, signer = read_closing(closing_lines)
    result.recipients = recipients
    result.signer = signer
    if not heading.found:
        state.warn(
            ParseWarning(
                "no_header",
                _(
                    "The text has no heading block (no number, date or place line); the issuer, if any, "
                    "comes from the preamble."
                ),
            )
        )
    if heading.number_blank:
        state.warn(ParseWarning("blank_number", _("The document's number is left blank (a draft?).")))
    if heading.date_blank:
        state.warn(ParseWarning("blank_date", _("The document's date is left blank (a draft?).")))
    state.own_numbers = own_numbers  # type: ignore[attr-defined]


def _add_reference(result: ParseResult, citation: Any, relation: str, line: int, own: set[str]) -> None:
    if citation.number in own and relation != "issued_with":
        return
    for ref in result.references:
        if ref.number == citation.number:
            ref.kind = ref.kind or citation.kind
            ref.date = ref.date or citation.date
            ref.issuer = ref.issuer or citation.issuer
            return
    result.references.append(
        Reference(citation.number, citation.kind, citation.date, citation.issuer, relation, line)
    )


def _read_preamble_line(result: ParseResult, line: Line, state: _State, *, first: bool) -> None:
    text = line.text
    if re.match(r"^Căn cứ\b", text, re.IGNORECASE):
        body = clean(re.sub(r"^Căn cứ\s+", "", text, flags=re.IGNORECASE)).rstrip(";.,")
        kind = next((k for k in lexicon.CITED_KINDS if body.lower().startswith(k)), None)
        citations = find_citations(body)
        basis = LegalBasis(body, kind=kind.capitalize() if kind else None, line=line.no)
        if citations:
            basis.number = citations[0].number
            basis.date = citations[0].date
            basis.issuer = citations[0].issuer
            basis.kind = basis.kind or citations[0].kind
        else:
            basis.date = _first_date(body)
        result.based_on.append(basis)
        return
    if re.match(r"^(?:Theo|Xét)\s+đề nghị\b", text, re.IGNORECASE):
        toks = tokenize(text)
        for mention in find_mentions(text, toks):
            state.proposers.append(mention.name)
        return
    if re.match(r"^Kính gửi\b", text, re.IGNORECASE):
        return
    m = re.match(r"^(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|TRƯỞNG BAN)\s+(?P<body>.+)$", text)
    if m and result.issuer is None and first:
        from khcn.plans.parser.agencies import proper_case

        result.issuer = proper_case(m["body"], {})
        return
    if first and result.issuer is None:
        match = _ISSUES_RE.search(text)
        if match:
            before = text[: match.start()]
            mentions = find_mentions(before)
            if mentions and mentions[-1].end >= len(before.rstrip()) - 1:
                result.issuer = mentions[-1].name


_DATE_RE = re.compile(
    r"ngày\s+(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))",
    re.IGNORECASE,
)


def _first_date(text: str) -> dt.date | None:
    from khcn.plans.parser.deadlines import safe_date

    m = _DATE_RE.search(text)
    if not m:
        return None
    if m["d"]:
        return safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return safe_date(int(m["y2"]), int(m["m2"]), int(m["d2"]))


def _read_body_references(result: ParseResult, roots: list[Section]) -> None:
    own: set[str] = {n for n in (result.number,) if n}
    if result.issued_with and result.issued_with.get("number"):
        own.add(result.issued_with["number"])
    for root in roots:
        for node in root.walk():
            for line_no, text in [(node.line, node.heading), *zip(node.body_lines, node.body, strict=False)]:
                for c in find_citations(text):
                    _add_reference(result, c, "implements", line_no, own)


# --------------------------------------------------------------------------------------------------
# The outline
# --------------------------------------------------------------------------------------------------


def _build_outline(segments: list[Segment], state: _State) -> list[Section]:
    builder = OutlineBuilder()
    for segment in segments:
        if segment.kind in ("attachment", "appendix"):
            builder.reset()
        if segment.kind == "appendix" and segment.title:
            first = segment.title[0]
            m = re.match(r"^PHỤ LỤC\s*(?P<n>[IVXLC]+|\d+)?\s*[.:\-–]?\s*(?P<rest>.*)$", first.text)
            label = f"Phụ lục {m['n']}" if m and m["n"] else "Phụ lục"
            heading = clean(" ".join([m["rest"] if m else "", *(line.text for line in segment.title[1:])]))
            builder.add(Label(label, "appendix", heading), first.no, segment.title[-1].end)
        table: _Table | None = None
        for line in segment.body:
            if line.is_table:
                if line.header:
                    if table is None or table.columns != line.columns:
                        table = _Table(line.columns or {}, builder.current(), builder)
                    continue
                if table is None:
                    table = _Table(line.columns or {}, builder.current(), builder)
                table.add(line, state)
                continue
            table = None
            found = match_label(line.text)
            if found is not None:
                builder.add(found, line.no, line.end)
                continue
            if builder.add_text(line.text, line.no, line.end) is None:
                segment.preamble.append(line)
    return builder.roots


class _Table:
    """The rows of one task table, added under the item the table stands in."""

    def __init__(self, columns: dict[str, int], parent: Section | None, builder: OutlineBuilder) -> None:
        self.columns = columns
        self.parent = parent
        self.builder = builder
        self.group: Section | None = None
        self.groups: list[Section] = []
        self.rows: dict[str, Section] = {}
        self.count = 0

    def _cell(self, cells: list[str], kind: str) -> str:
        index = self.columns.get(kind)
        if index is None or index >= len(cells):
            return ""
        return clean(cells[index])

    def _attach(self, node: Section, under: Section | None) -> None:
        if under is not None:
            under.children.append(node)
            under.end_line = max(under.end_line, node.end_line)
        else:
            self.builder.roots.append(node)

    def add(self, line: Line, state: _State) -> None:
        cells = line.cells or []
        number = self._cell(cells, "number").rstrip(".)")
        content = self._cell(cells, "content")
        lead = self._cell(cells, "lead")
        coordinate = self._cell(cells, "coordinate")
        filled = {clean(c) for c in cells if clean(c)}
        if not filled:
            return
        spanning = len(filled) == 1 and len(cells) > 2
        roman = bool(re.fullmatch(r"[IVXLC]+|[A-ZĐ]", number))
        if spanning or (roman and not lead and not coordinate):
            text = next(iter(filled)) if spanning else content
            label_text, heading = number, text
            if spanning or not number:
                found = match_label(text)
                if found is not None and found.style not in BULLETS:
                    label_text, heading = found.label, found.heading
                else:
                    label_text, heading = "", text
            node = Section(
                label=label_text or str(len(self.groups) + 1),
                heading=heading,
                style="table_group",
                line=line.no,
                end_line=line.end,
                source="table_group",
            )
            self.groups.append(node)
            self._attach(node, self.parent)
            self.group = node
            self.rows = {}
            return
        self.count += 1
        label = number or str(self.count)
        node = Section(
            label=label,
            heading=content,
            style="table_row",
            line=line.no,
            end_line=line.end,
            source="table_row",
        )
        deadline_text = self._cell(cells, "deadline")
        node.deadline = cell_deadline(deadline_text) if deadline_text else None
        node.product = self._cell(cells, "product") or None
        note = self._cell(cells, "note")
        if note:
            node.body.append(note)
            node.body_lines.append(line.no)
        under = self.group if self.group is not None else self.parent
        if "." in label and label.rsplit(".", 1)[0] in self.rows:
            under = self.rows[label.rsplit(".", 1)[0]]
        self._attach(node, under)
        self.rows[label] = node
        node.agencies = []
        leads = _cell_agencies(lead, line.no, state)
        coordinators = _cell_agencies(coordinate, line.no, state)
        node.agencies = [m.name for m in leads]
        node_duties: list[Duty] = []
        for mention in leads:
            node_duties.append(
                Duty("", mention, "lead", text=content, line=line.no, source="table", deadline=node.deadline)
            )
        for mention in coordinators:
            node_duties.append(
                Duty(
                    "",
                    mention,
                    "coordinate",
                    lead=leads[0].name if leads else None,
                    leads=[m.name for m in leads],
                    text=content,
                    line=line.no,
                    source="table",
                    deadline=node.deadline,
                )
            )
        for duty in node_duties:
            duty.owner = node
        state.duties.extend(node_duties)
        if not leads:
            state.warn(
                ParseWarning(
                    "no_lead",
                    _("Row %(label)s of the task table names no lead agency.") % {"label": label},
                    line=line.no,
                    extra={"row": label},
                )
            )
        table_rows = getattr(state, "table_rows", 0)
        state.table_rows = table_rows + 1  # type: ignore[attr-defined]


def _cell_agencies(text: str, line: int, state: _State) -> list[Mention]:
    """The agencies in a table cell; names the grammar does not know are kept as written."""
    if not text:
        return []
    out: list[Mention] = []
    for piece in re.split(r"\s*[;\n]\s*|\s*,\s*(?=[A-ZĐ])", text):
        piece = piece.strip(" .-–+•")
        if not piece:
            continue
        toks = tokenize(piece)
        mentions, end = match_list(toks, 0, piece)
        if mentions:
            out.extend(mentions)
            if end < len(toks):
                rest = piece[toks[end].start :].strip(" ,.;")
                if rest and rest.lower() not in ("và", "các đơn vị liên quan"):
                    found = find_mentions(rest)
                    out.extend(found)
            continue
        found = find_mentions(piece)
        if found:
            out.extend(found)
            continue
        out.append(Mention(piece, 0, len(piece), 0, len(toks), "agency"))
        state.warn(
            ParseWarning(
                "unknown_agency",
                _("“%(name)s” in a task table is not a recognisable agency name; check it.")
                % {"name": piece},
                line=line,
                extra={"name": piece},
            )
        )
    return out


def _paragraph_items(segments: list[Segment], state: _State) -> list[Section]:
    """A text without labels (a letter): its paragraphs that assign duties become items."""
    lines = [line for segment in segments for line in segment.body if not line.is_table]
    roots: list[Section] = []
    for line in lines:
        clauses = [analyse_clause(c, line.no) for c in split_clauses(line.text)]
        if not any(c.subjects or c.extra_leads or c.coordinators for c in clauses if not c.execution):
            continue
        node = Section(
            label=str(len(roots) + 1), heading="", style="paragraph", line=line.no, end_line=line.end
        )
        node.body.append(line.text)
        node.body_lines.append(line.no)
        roots.append(node)
    if roots:
        state.warn(
            ParseWarning(
                "unlabelled_paragraphs",
                _("The text has no numbered sections; each paragraph that assigns a duty became an item."),
            )
        )
    return roots


# --------------------------------------------------------------------------------------------------
# Parts, agency-headed items, closing paragraphs
# --------------------------------------------------------------------------------------------------


def _part_kind(root: Section) -> str:
    folded = fold(root.heading)
    if root.style == "article":
        return "article"
    if root.style == "appendix":
        return "appendix"
    if any(word in folded for word in lexicon.ORGANISATION_PART_WORDS):
        return "organisation"
    purpose = any(
        folded.startswith(word) or f" {word}" in f" {folded[:40]}" for word in lexicon.PURPOSE_PART_WORDS
    )
    if purpose and len(root.heading) < 80:
        return "purpose"
    return "content"


def _find_owners(roots: list[Section], parts: dict[int, str], known: dict[str, str]) -> None:
    for root in roots:
        if parts[id(root)] == "purpose":
            continue
        for node in root.walk():
            if node.source in ("table_row", "table_group") or node.style == "article" or node.agencies:
                continue
            found = heading_agencies(node.heading, known)
            if found is None:
                continue
            mentions, rest = found
            node.agencies = [m.name for m in mentions]
            node.owner_rest = rest  # type: ignore[attr-defined]
            node.owner_mentions = mentions  # type: ignore[attr-defined]


def _mark_part_kinds(roots: list[Section], parts: dict[int, str]) -> None:
    for root in roots:
        if parts[id(root)] == "content":
            headed = [n for n in root.walk()[1:] if n.agencies and n.source == "text"]
            if len(headed) >= 2:
                parts[id(root)] = "organisation"


def _move_closing_paragraphs(roots: list[Section], state: _State) -> None:
    """The last paragraphs of the last agency item, addressed to other agencies, belong to the
    part ("Các sở, ngành, địa phương … kịp thời báo cáo …" after the last agency)."""
    for parent in [n for root in roots for n in root.walk()]:
        items = [c for c in parent.children if c.style not in BULLETS and c.source == "text"]
        headed = [c for c in items if c.agencies]
        if len(headed) < 2 or len(headed) * 2 < len(items) or not items or not items[-1].agencies:
            continue
        last = items[-1]
        own = {fold(name) for name in last.agencies}
        moved: list[tuple[str, int]] = []
        while last.body:
            paragraph = last.body[-1]
            first_clause = split_clauses(paragraph)[:1]
            if not first_clause:
                break
            clause = analyse_clause(first_clause[0], 0, light=True)
            if not clause.subjects or clause.cue != "subject":
                break
            if any(fold(m.name) in own for m in clause.subjects):
                break
            moved.insert(0, (paragraph, last.body_lines[-1] if last.body_lines else last.line))
            last.body.pop()
            if last.body_lines:
                last.body_lines.pop()
        if moved:
            parent.closing.extend(text for text, _line in moved)
            parent.closing_lines.extend(line for _text, line in moved)
            last.end_line = max([last.line, *last.body_lines])
            state.warn(
                ParseWarning(
                    "closing_paragraph",
                    _(
                        "The last paragraph of %(item)s is addressed to other agencies; it is read as the "
                        "closing paragraph of %(part)s."
                    )
                    % {"item": last.path, "part": parent.path},
                    where=parent.path,
                    line=moved[0][1],
                )
            )


# --------------------------------------------------------------------------------------------------
# Duties
# --------------------------------------------------------------------------------------------------


def _assignment_path(node: Section, state: _State) -> str:
    while node.style in BULLETS and id(node) in state.parents:
        node = state.parents[id(node)]
    return node.path


def _owner_texts(owner: Section) -> list[tuple[str, int]]:
    texts: list[tuple[str, int]] = []
    rest = getattr(owner, "owner_rest", "")
    if rest:
        texts.append((rest, owner.line))
    texts.extend(zip(owner.body, owner.body_lines or [owner.line] * len(owner.body), strict=False))
    for child in owner.children:
        if child.source != "text" or child.agencies:
            continue
        if child.heading:
            texts.append((child.heading, child.line))
        for sub in child.walk()[1:]:
            if sub.heading and not sub.agencies:
                texts.append((sub.heading, sub.line))
        texts.extend(zip(child.body, child.body_lines or [child.line] * len(child.body), strict=False))
    return texts


def _owner_default(owner: Section) -> tuple[str, list[Mention]]:
    """The role of the item's agencies in clauses with no cue: "coordinate" when the item
    opens with "Phối hợp với X" (X the lead), else "lead"."""
    for text, line in _owner_texts(owner):
        clauses = split_clauses(text)
        if not clauses:
            continue
        clause = analyse_clause(clauses[0], line)
        if clause.cue == "phoi_hop" and not clause.subjects:
            return "coordinate", clause.partners
        return "lead", []
    return "lead", []


def _read_duties(roots: list[Section], parts: dict[int, str], state: _State) -> None:
    for root in roots:
        kind = parts[id(root)]
        if kind == "purpose":
            continue
        _walk_duties(root, None, state, kind)
        for node in root.walk():
            if node.closing:
                _closing_duties(node, state)


def _walk_duties(node: Section, owner: Section | None, state: _State, kind: str) -> None:
    if node.source in ("table_row", "table_group"):
        for child in node.children:
            _walk_duties(child, owner, state, kind)
        return
    if node.agencies:
        owner = node
        _owner_duties(node, state)
    elif owner is None:
        path = _assignment_path(node, state)
        units: list[tuple[str, int]] = []
        if node.heading and node.style not in ("appendix",):
            units.append((node.heading, node.line))
        units.extend(zip(node.body, node.body_lines or [node.line] * len(node.body), strict=False))
        for text, line in units:
            _paragraph(text, line, path, None, state, ("lead", []))
    for child in node.children:
        if owner is not None and not child.agencies and child.source == "text":
            continue  # read with the owner
        _walk_duties(child, owner if child.source == "text" else None, state, kind)


def _owner_duties(owner: Section, state: _State) -> None:
    path = _assignment_path(owner, state)
    default = _owner_default(owner)
    before = len(state.duties)
    for text, line in _owner_texts(owner):
        _paragraph(text, line, path, owner, state, default)
    produced = {fold(d.agency.name) for d in state.duties[before:]}
    mentions: list[Mention] = getattr(owner, "owner_mentions", [])
    for mention in mentions:
        if fold(mention.name) not in produced:
            role, partners = default
            state.duties.append(
                Duty(
                    path,
                    mention,
                    role,
                    lead=partners[0].name if partners and role == "coordinate" else None,
                    line=owner.line,
                    source="heading",
                    owner=owner,
                )
            )
            if not owner.body and not owner.children and not getattr(owner, "owner_rest", ""):
                state.warn(
                    ParseWarning(
                        "no_duty_text",
                        _("Item %(path)s names %(agency)s but says nothing about its duties.")
                        % {"path": owner.path, "agency": mention.name},
                        where=owner.path,
                        line=owner.line,
                    )
                )


def _paragraph(
    text: str,
    line: int,
    path: str,
    owner: Section | None,
    state: _State,
    default: tuple[str, list[Mention]],
) -> None:
    carry: tuple[list[Mention], str, list[Mention]] | None = None
    owner_mentions: list[Mention] = getattr(owner, "owner_mentions", []) if owner is not None else []
    for sentence in split_sentence_clauses(text):
        carry = _sentence_duties(sentence, line, path, owner, state, default, carry, owner_mentions)


def _sentence_duties(
    sentence: list[str],
    line: int,
    path: str,
    owner: Section | None,
    state: _State,
    default: tuple[str, list[Mention]],
    carry: tuple[list[Mention], str, list[Mention]] | None,
    owner_mentions: list[Mention],
) -> tuple[list[Mention], str, list[Mention]] | None:
    """The duties of one sentence's clauses; returns the subject carried to the next."""
    sentence_lead: list[Mention] = []
    for clause_text in sentence:
        clause = analyse_clause(clause_text, line)
        if clause.execution:
            continue
        state.proposers.extend(m.name for m in clause.proposers)
        for mention in clause.recipients:
            state.recipients.append((mention, path))
        source = "sentence"
        if clause.subjects:
            subjects, role, partners = clause.subjects, clause.role or "lead", clause.partners
            carry = (subjects, "lead" if role == "report" else role, partners)
        elif clause.cue in ("chu_tri", "phoi_hop"):
            subjects, role, partners = owner_mentions, clause.role or "lead", clause.partners
            source = "heading" if owner is not None else "sentence"
            if not owner_mentions and clause.cue == "chu_tri":
                state.warn(
                    ParseWarning(
                        "missing_subject",
                        _("A duty at %(path)s says “chủ trì” without naming who leads.") % {"path": path},
                        where=path,
                        line=line,
                    )
                )
        elif carry is not None:
            subjects, role, partners = carry
        elif owner is not None:
            subjects, role, partners = owner_mentions, default[0], default[1]
            source = "heading"
        else:
            subjects, role, partners = [], "lead", []
        inherited = False
        if role == "coordinate" and clause.subjects and not partners and sentence_lead:
            # "Sở Y tế chủ trì; Sở Tài chính phối hợp.": the lead named before in the sentence
            partners, inherited = sentence_lead, True
        elif role == "lead" and subjects:
            sentence_lead = subjects
        _emit(path, subjects, role, partners, clause, source, owner, state, partner_leads=not inherited)
    return carry


def _emit(
    path: str,
    subjects: list[Mention],
    role: str,
    partners: list[Mention],
    clause: Clause,
    source: str,
    owner: Section | None,
    state: _State,
    *,
    partner_leads: bool = True,
) -> None:
    report: ReportingDuty | None = None
    if clause.report is not None and subjects:
        r = clause.report
        report = ReportingDuty(
            section=path,
            text=r.text,
            reporters=[state.name(s, clause.line) for s in subjects],
            to=state.name(r.to, clause.line) if r.to else None,
            via=state.name(r.via, clause.line) if r.via else None,
            frequency=r.frequency,
            what=r.what,
            deadline=r.deadline,
            line=clause.line,
        )
        state.reports.append(report)
    partner_names = [state.name(p, clause.line) for p in partners]
    subject_keys = {fold(s.name) for s in subjects}
    for subject in subjects:
        state.duties.append(
            Duty(
                path,
                subject,
                role,
                lead=partner_names[0] if role == "coordinate" and partner_names else None,
                leads=partner_names if role == "coordinate" else [],
                text=clause.text,
                note=clause.note if role == "coordinate" and source == "sentence" else None,
                line=clause.line,
                source=source,
                report=report,
                deadline=clause.deadline,
                owner=owner,
            )
        )
    if role == "coordinate" and partner_leads:
        for partner in partners:
            if partner.kind == "generic" or fold(partner.name) in subject_keys:
                continue
            state.duties.append(
                Duty(
                    path,
                    partner,
                    "lead",
                    text=clause.text,
                    line=clause.line,
                    source="coordination",
                    deadline=clause.deadline,
                    owner=owner,
                )
            )
    lead_name = state.name(subjects[0], clause.line) if subjects else None
    for coordinator in clause.coordinators:
        if fold(coordinator.name) in subject_keys:
            continue
        state.duties.append(
            Duty(
                path,
                coordinator,
                "coordinate",
                lead=lead_name,
                leads=[lead_name] if lead_name else [],
                text=clause.text,
                note=clause.note,
                line=clause.line,
                source="sentence",
                deadline=clause.deadline,
                owner=owner,
            )
        )
    for extra in clause.extra_leads:
        state.duties.append(
            Duty(
                path,
                extra,
                "lead",
                text=clause.text,
                line=clause.line,
                source="sentence",
                deadline=clause.deadline,
                owner=owner,
            )
        )
    for coordinator, lead in clause.extra_coordinators:
        name = state.name(lead, clause.line)
        state.duties.append(
            Duty(
                path,
                coordinator,
                "coordinate",
                lead=name,
                leads=[name],
                text=clause.text,
                line=clause.line,
                source="sentence",
                deadline=clause.deadline,
                owner=owner,
            )
        )


def _closing_duties(parent: Section, state: _State) -> None:
    """A part's closing paragraph: its agencies report (or lead, if it asks no report)."""
    path = f"{parent.path} (closing paragraph)"
    for text, line in zip(
        parent.closing, parent.closing_lines or [parent.line] * len(parent.closing), strict=False
    ):
        subjects: list[Mention] = []
        reports: list[ReportingDuty] = []
        deadline: Deadline | None = None
        carry: list[Mention] = []
        for clause_text in split_clauses(text):
            clause = analyse_clause(clause_text, line)
            if clause.execution:
                continue
            for mention in clause.recipients:
                state.recipients.append((mention, path))
            if clause.subjects:
                carry = clause.subjects
                subjects.extend(
                    m for m in clause.subjects if fold(m.name) not in {fold(s.name) for s in subjects}
                )
            deadline = deadline or clause.deadline
            if clause.report is not None and carry:
                r = clause.report
                duty = ReportingDuty(
                    section=path,
                    text=r.text,
                    reporters=[state.name(s, line) for s in carry],
                    to=state.name(r.to, line) if r.to else None,
                    via=state.name(r.via, line) if r.via else None,
                    frequency=r.frequency,
                    what=r.what,
                    deadline=r.deadline,
                    line=line,
                )
                reports.append(duty)
                state.reports.append(duty)
        role = "report" if reports else "lead"
        for subject in subjects:
            state.duties.append(
                Duty(
                    path,
                    subject,
                    role,
                    text=text,
                    line=line,
                    source="closing",
                    report=reports[0] if reports else None,
                    deadline=deadline,
                )
            )


# --------------------------------------------------------------------------------------------------
# Assignments, links, agencies, warnings
# --------------------------------------------------------------------------------------------------


def _merge(state: _State, roots: list[Section]) -> list[Assignment]:
    merged: dict[tuple[str, str, str], Assignment] = {}
    owners: dict[tuple[str, str, str], Section | None] = {}
    for duty in state.duties:
        if duty.owner is not None and duty.owner.source == "table_row":
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
    # An agency that leads an item does not also "coordinate with the agencies concerned" on it.
    leads = {(a.section, fold(a.agency)) for a in out if a.role == "lead"}
    kept: list[Assignment] = []
    for entry in out:
        if entry.role == "coordinate" and (entry.section, fold(entry.agency)) in leads:
            generic_only = all(state.kinds.get(fold(lead)) == "generic" for lead in entry.leads)
            if generic_only:
                lead_entry = merged[(entry.section, fold(entry.agency), "lead")]
                lead_entry.tasks.extend(t for t in entry.tasks if t not in lead_entry.tasks)
                continue
        kept.append(entry)
    # An item's own agencies take the item's first deadline when their clauses give none.
    for entry in kept:
        owner = owners.get((entry.section, fold(entry.agency), entry.role))
        if entry.deadline is None and owner is not None and owner.source == "text":
            text = " ".join(t for t, _line in _owner_texts(owner))
            entry.deadline = first_deadline(text)
    return kept


def _link(result: ParseResult, roots: list[Section], parts: dict[int, str], state: _State) -> None:
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
            path = _assignment_path(node, state)
            text = " ".join(t for t, _line in _owner_texts(node))
            links = [n.path for n in linker.related(text)]
            if whole_re.search(text):
                links.insert(0, "*")
            related[path] = links
    for entry in result.assignments:
        if entry.section in related:
            entry.related_sections = list(related[entry.section])


def _agencies(result: ParseResult, state: _State) -> list[AgencyInfo]:
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


def _final_warnings(result: ParseResult, state: _State, repairs: dict[str, int]) -> None:
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
    if repairs.get("pipes") or repairs.get("page_numbers") or repairs.get("joined"):
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


def _resolve(result: ParseResult, resolver: Resolver, as_of: dt.date | None, state: _State) -> None:
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
