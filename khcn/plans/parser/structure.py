"""Stage: the outline — the section tree from the labels, the items of task tables, and for a
text without labels (a letter) its paragraphs that assign duties."""

from __future__ import annotations

import logging
import re

from khcn.core.text import clean
from khcn.plans.parser import errors, lexicon
from khcn.plans.parser.agencies import Mention, find_mentions, match_list, tokenize
from khcn.plans.parser.deadlines import cell_deadline, first_deadline
from khcn.plans.parser.duties import analyse_clause, split_clauses
from khcn.plans.parser.header import Segment
from khcn.plans.parser.layout import Line
from khcn.plans.parser.model import (
    Deadline,
    ParseResult,
    ParseWarning,
    Section,
)
from khcn.plans.parser.model import Message as _  # translated now, and again for each reader
from khcn.plans.parser.outline import (
    BULLETS,
    Label,
    OutlineBuilder,
    assign_paths,
    check_sequences,
    is_bullet,
    match_label,
    mend_misread_numbers,
)
from khcn.plans.parser.state import Document, Duty, ParseState
from khcn.plans.parser.tables import LABEL_CELL_RE

logger = logging.getLogger(__name__)


def build_outline(segments: list[Segment], state: ParseState) -> list[Section]:
    builder = OutlineBuilder()
    for segment in segments:
        if segment.kind in ("attachment", "untitled", "appendix", "form"):
            builder.reset()
        if segment.kind == "appendix" and segment.title:
            first = segment.title[0]
            m = re.match(r"^PHỤ LỤC\s*(?P<n>[IVXLC]+|\d+)?\s*[.:\-–]?\s*(?P<rest>.*)$", first.text)
            label = f"Phụ lục {m['n']}" if m and m["n"] else "Phụ lục"
            heading = clean(" ".join([m["rest"] if m else "", *(line.text for line in segment.title[1:])]))
            builder.add(Label(label, "appendix", heading), first.no, segment.title[-1].end)
        table: _Table | None = None
        quoted = quoted_lines(segment.body)
        for index, line in enumerate(segment.body):
            if index in quoted:
                # the text of a law quoted ("Tại Điều 9 … như sau: “Điều 9. … 1. … 2. …”"): its
                # numbered points are the law's, no items of this document
                table = None
                if builder.add_text(line.text, line.no, line.end) is None:
                    segment.preamble.append(line)
                continue
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
            if found is not None and not builder.goes_on_inline(found):
                builder.add(found, line.no, line.end)
                continue
            if builder.add_text(line.text, line.no, line.end) is None:
                segment.preamble.append(line)
    return builder.roots


_OPENING_QUOTES = ("“", '"', "‘‘", "„", "''")
_CLOSING_QUOTE_RE = re.compile(r"[”\"]|’’|''")
_CLOSES_LINE_RE = re.compile(r"(?:[”\"]|’’|'')[\s.,;:)/]*$")  # a quotation's last line ends with its mark
_LONGEST_QUOTATION = 40  # lines: an opening quote not closed by then is a stray mark


def quoted_lines(lines: list[Line]) -> set[int]:
    """The indices of the lines inside a quotation over several lines: from a line that opens
    with a quotation mark and does not close it, through the line that closes it. A quotation
    never closed (a stray mark) quotes nothing."""
    out: set[int] = set()
    index = 0
    while index < len(lines):
        text = lines[index].text if not lines[index].is_table else ""
        opening = next((q for q in _OPENING_QUOTES if text.startswith(q)), None)
        if opening is None or _CLOSING_QUOTE_RE.search(text, len(opening)):
            index += 1
            continue
        close = next(
            (
                j
                for j in range(index + 1, min(len(lines), index + _LONGEST_QUOTATION))
                if not lines[j].is_table and _CLOSES_LINE_RE.search(lines[j].text)
            ),
            None,
        )
        if close is None:
            index += 1
            continue
        out.update(range(index, close + 1))
        index = close + 1
    return out


_ROW_BULLETS = frozenset({"-", "–", "+", "•", "*"})


def _table_item(label: str, heading: str, kind: str, line: Line) -> Section:
    """An item made from a table's row: ``kind`` "table_row" or "table_group" (style and source)."""
    return Section(label=label, heading=heading, style=kind, line=line.no, end_line=line.end, source=kind)


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
        self.numbered: Section | None = None  # the last numbered row: lettered rows go under it
        self.first_labels = False  # row labels in the first column, rows without one under them

    def _cell(self, cells: list[str], kind: str) -> str:
        index = self.columns.get(kind)
        if index is None or index >= len(cells):
            return ""
        return clean(cells[index])

    def _open_group(self, label: str, heading: str, line: Line, under: Section | None) -> Section:
        """A group row: an item the rows after it go under, until the next group."""
        node = _table_item(label, heading, "table_group", line)
        self._attach(node, under)
        self.group = node
        self.rows = {}
        self.numbered = None
        return node

    def _attach(self, node: Section, under: Section | None) -> None:
        if under is not None:
            under.children.append(node)
            under.end_line = max(under.end_line, node.end_line)
        else:
            self.builder.roots.append(node)

    def add(self, line: Line, state: ParseState) -> None:
        cells = line.cells or []
        number = self._cell(cells, "number").rstrip(".)")
        labelled_first = False
        if "number" not in self.columns and cells and LABEL_CELL_RE.fullmatch(clean(cells[0])):
            # no STT column: a row label in the first column ("I | GIAI ĐOẠN 1 …", "1 | Lập nhiệm
            # vụ" in a table whose first column is the time)
            number, labelled_first = clean(cells[0]).rstrip(".)"), True
        content = self._cell(cells, "content")
        lead = self._cell(cells, "lead")
        coordinate = self._cell(cells, "coordinate")
        filled = {clean(c) for c in cells if clean(c)}
        if not filled:
            return
        # one cell over the row's width, in its first columns ("| + Thực hiện các hoạt động can thiệp
        # sau: |" in the activities column is a task's line, no group)
        spanning = (
            len(filled) == 1
            and len(cells) > 2
            and any(clean(c) for c in cells[:2])
            and not is_bullet(next(iter(filled)))
        )
        roman = bool(re.fullmatch(r"[IVXLC]+|[A-ZĐ]", number))
        # "II.1 | Hoàn thiện thể chế …" with no agency under the group "II": a group in a group
        subgroup = bool(re.fullmatch(r"[IVXLC]+\.\d{1,3}", number)) and not lead and not coordinate
        # "a) | Nhóm hoạt động nhằm hạn chế mất rừng" with no agency, before any numbered row: a
        # group of the rows marked "-" under it
        lettered = bool(re.fullmatch(r"[a-zđ]", number)) and self.numbered is None
        if subgroup:
            outer = next((g for g in reversed(self.groups) if g.label == number.split(".")[0]), None)
            self._open_group(number, content, line, outer if outer is not None else self.parent)
            return
        if spanning or ((roman or lettered) and not lead and not coordinate):
            text = next(iter(filled)) if spanning else content
            label_text, heading = number, text
            if spanning or not number:
                found = match_label(text)
                if found is not None and found.style not in BULLETS:
                    label_text, heading = found.label, found.heading
                else:
                    label_text, heading = "", text
            # Roman groups in the first column are parts of their own ("I | GIAI ĐOẠN 1"), not
            # items of the item the table follows
            top = roman and labelled_first and self.parent is not None and self.parent.style != "appendix"
            node = self._open_group(
                label_text or str(len(self.groups) + 1), heading, line, None if top else self.parent
            )
            self.groups.append(node)
            return
        time_is_label = labelled_first and self.columns.get("deadline") == 0
        deadline_text = "" if time_is_label else self._cell(cells, "deadline")
        deadline = cell_deadline(deadline_text) if deadline_text else None
        owner = self.numbered or (self.group if "number" in self.columns else None)
        if (
            (not number or number in _ROW_BULLETS)
            and owner is not None
            and ("number" in self.columns or self.first_labels)
        ):
            # "1 | Lập nhiệm vụ quy hoạch" over rows with a time and no label, a row left without
            # its number under "5 | Phê duyệt Chiến lược …", rows marked "-" under a group "a) |
            # Nhóm hoạt động …": the tasks of the row or group above, one item with each agency's
            # role (and the first time given)
            self._duties(owner, line, content, lead, coordinate, deadline, state)
            return
        self.count += 1
        label = number or str(self.count)
        node = _table_item(label, content, "table_row", line)
        node.deadline = deadline
        node.product = self._cell(cells, "product") or None
        note = self._cell(cells, "note")
        if note:
            node.body.append(note)
            node.body_lines.append(line.no)
        under = self.group if self.group is not None else self.parent
        if "." in label and label.rsplit(".", 1)[0] in self.rows:
            under = self.rows[label.rsplit(".", 1)[0]]
        elif re.fullmatch(r"[a-zđ]", label) and self.numbered is not None:
            # "1 | Tổ chức tuyên truyền" then "a) | Tổ chức Hội nghị | Cục …": the numbered
            # row heads its lettered rows, and names no lead of its own
            under = self.numbered
            self._drop_no_lead(under, state)
        elif label.isdigit():
            self.numbered = node
            self.first_labels = self.first_labels or labelled_first
        self._attach(node, under)
        self.rows[label] = node
        node.agencies = []
        leads = self._duties(node, line, content, lead, coordinate, deadline, state)
        if not leads:
            state.warn(
                ParseWarning(
                    "no_lead",
                    _("Row %(label)s of the task table names no lead agency.") % {"label": label},
                    line=line.no,
                    extra={"row": label},
                )
            )

    @staticmethod
    def _drop_no_lead(node: Section, state: ParseState) -> None:
        state.warnings = [w for w in state.warnings if not (w.code == "no_lead" and w.line == node.line)]

    def _duties(
        self,
        node: Section,
        line: Line,
        content: str,
        lead: str,
        coordinate: str,
        deadline: Deadline | None,
        state: ParseState,
    ) -> list[Mention]:
        """The duties a row's lead and coordination cells give, on ``node``; its leads."""
        leads = _cell_agencies(lead, line.no, state)
        coordinators = _cell_agencies(coordinate, line.no, state)
        node.agencies = list(dict.fromkeys([*node.agencies, *(m.name for m in leads)]))
        if leads and node.source == "table_row" and node.line != line.no:
            self._drop_no_lead(node, state)  # a later row of the item names its lead
        duties = [
            Duty("", m, "lead", text=content, line=line.no, source="table", deadline=deadline) for m in leads
        ]
        duties.extend(
            Duty(
                "",
                m,
                "coordinate",
                lead=leads[0].name if leads else None,
                leads=[x.name for x in leads],
                text=content,
                line=line.no,
                source="table",
                deadline=deadline,
            )
            for m in coordinators
        )
        for duty in duties:
            duty.owner = node
        state.duties.extend(duties)
        return leads


def _lower_words_re(most: int) -> re.Pattern[str]:
    """One to ``most`` lower-case words that do not open another name ("và", "các", "có")."""
    return re.compile(r"^(?!và\b|các\b|có\b)[a-zà-ỹđ]+(?: [a-zà-ỹđ]+){0," + str(most - 1) + "}$")


# The rest of a name in sentence case after its capitalised words: "Vụ Vật liệu xây dựng".
_REST_OF_NAME_RE = _lower_words_re(4)
# Where a cell's list of names breaks: ";", a line, ", " before a capital or a new "các" (a
# group of its own: "Các đơn vị thuộc các Bộ quản lý lĩnh vực, các tổ chức quốc tế"), "/".
_CELL_SPLIT_RE = re.compile(r"\s*[;\n]\s*|\s*,\s*(?=[A-ZĐ]|các\s)|\s*/\s*(?=[A-ZĐ])")
_LISTED_UNITS_RE = re.compile(r"^\s*các\s+(?:sở|bộ|cục|vụ)\s*:", re.IGNORECASE)
# Names with a comma of their own ("Lao động, Thương binh và Xã hội"), kept whole when a cell is
# cut at its commas: the designations of departments and ministries that have one.
_COMMA_NAMES_RE = re.compile("|".join(re.escape(d) for d in lexicon.SO_DESIGNATIONS if "," in d))
# Lower-case names listed after a name in a cell: "chủ rừng, doanh nghiệp liên quan".
_LOWER_NAMES_RE = re.compile(r"^[a-zà-ỹđ]+(?: [a-zà-ỹđ-]+){0,7}(?:, [a-zà-ỹđ]+(?: [a-zà-ỹđ-]+){0,7})*$")
# What a group in a cell is doing, up to the cell's end: "các tổ chức hoạt động khai thác
# khoáng sản liên quan"
_REST_OF_GROUP_RE = _lower_words_re(8)
# A group of its own in what is left of a cell: "… liên quan và các tổ chức hoạt động khai thác"
_CELL_GROUP_RE = re.compile(r"^(?:và )?(các [a-zà-ỹđ]+(?:,? [a-zà-ỹđ]+){1,9})$")


def _cell_agencies(text: str, line: int, state: ParseState) -> list[Mention]:
    """The agencies in a table cell; names the grammar does not know are kept as written."""
    if not text:
        return []
    out: list[Mention] = []
    protected = _COMMA_NAMES_RE.sub(lambda m: m.group().replace(",", "\x00"), text)
    # ("Các Cục: Di sản văn hóa, Bản quyền tác giả": the units a cell lists under one kind are read
    # with it, not cut at their commas)
    pieces = [protected] if _LISTED_UNITS_RE.match(protected) else _CELL_SPLIT_RE.split(protected)
    for piece in pieces:
        piece = piece.replace("\x00", ",").strip(" .-–+•")
        if not piece:
            continue
        toks = tokenize(piece)
        mentions, end = match_list(toks, 0, piece)
        if mentions:
            out.extend(mentions)
            if end < len(toks):
                rest = piece[toks[end].start :].strip(" ,.;")
                last = mentions[-1]
                tail = _REST_OF_GROUP_RE if last.kind == "generic" else _REST_OF_NAME_RE
                group = _CELL_GROUP_RE.match(rest)
                listed = last.kind != "generic" and piece[last.end :].lstrip().startswith(",")
                if listed and _LOWER_NAMES_RE.match(rest):
                    # "Ủy ban nhân dân tỉnh, chủ rừng, doanh nghiệp liên quan": bodies named in
                    # lower case after a name, each kept as written
                    at = toks[end].start
                    for name in re.split(r"\s*,\s*", rest):
                        start = piece.index(name, at)
                        out.append(Mention(name, start, start + len(name), end, len(toks), "generic"))
                        at = start + len(name)
                elif tail.match(rest):
                    # "Vụ Vật liệu xây dựng": a cell holds names only, so lower-case words
                    # after a name in sentence case are still its words
                    name = clean(piece[last.start :].strip(" ,.;"))
                    out[-1] = Mention(name, last.start, len(piece), last.tok_start, len(toks), last.kind)
                elif group:
                    start = piece.index(group.group(1), toks[end].start)
                    out.append(Mention(group.group(1), start, len(piece), end, len(toks), "generic"))
                elif rest and rest.lower() not in ("và", "các đơn vị liên quan"):
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


def paragraph_items(segments: list[Segment], state: ParseState) -> list[Section]:
    """A text without labels (a letter): its paragraphs that assign duties become items."""
    lines = [line for segment in segments for line in segment.body if not line.is_table]
    roots: list[Section] = []
    listing: Section | None = None  # a paragraph ending in ":" whose bullets list its actions
    for line in lines:
        clauses = [analyse_clause(c, line.no) for c in split_clauses(line.text)]
        if not any(
            c.subjects or c.extra_leads or c.extra_reporters or c.coordinators or c.addressed
            for c in clauses
            if not c.execution
        ):
            if listing is not None and is_bullet(line.text):
                # "… yêu cầu các sở … thực hiện một số công việc sau:" / "- Khẩn trương …"
                listing.body.append(line.text)
                listing.body_lines.append(line.no)
                listing.end_line = line.end
            else:
                listing = None
                due = first_deadline(line.text) if roots and roots[-1].deadline is None else None
                if due is not None and due.kind == "date":
                    # "Các đơn vị … giới thiệu 01 công trình … ¶ Hồ sơ gửi về Bộ Xây dựng trước
                    # ngày 20/6/2016.": a paragraph that names no one says by when the last
                    # one's work is due
                    roots[-1].deadline = due
            continue
        node = Section(
            label=str(len(roots) + 1), heading="", style="paragraph", line=line.no, end_line=line.end
        )
        node.body.append(line.text)
        node.body_lines.append(line.no)
        roots.append(node)
        listing = node if line.text.rstrip().endswith(":") else None
    if roots:
        state.warn(
            ParseWarning(
                "unlabelled_paragraphs",
                _("The text has no numbered sections; each paragraph that assigns a duty became an item."),
            )
        )
    return roots


def build(doc: Document) -> None:
    """Stage "outline": the section tree, with paths, sequence checks and each item's parent."""
    roots = build_outline(doc.segments, doc.state)
    if roots and all(root.style in BULLETS for root in roots):
        # No numbered item, only bullets (a letter's list, or a web page's "• Tất cả: 77290369"
        # after a news text): read it as a letter, paragraph by paragraph, bullets included
        roots = paragraph_items(doc.segments, doc.state) or roots
    if not roots:
        roots = paragraph_items(doc.segments, doc.state)
    if not roots and has_facts(doc.result):
        # Only a heading and a preamble (an opening, a cover letter): its facts, no items.
        doc.state.warn(
            ParseWarning(
                "header_only",
                _(
                    "The text holds only the document's heading and preamble: its facts were read, "
                    "but it has no items or assignments."
                ),
            )
        )
    elif not roots:
        raise errors.no_structure_error()
    mend_misread_numbers(roots)
    assign_paths(roots)
    doc.roots = doc.result.sections = roots
    check_sequences(roots, doc.state.warn)
    for node in doc.result.all_sections():
        for child in node.children:
            doc.state.parents[id(child)] = node


def has_facts(result: ParseResult) -> bool:
    return bool(result.doc_type or result.number or result.date or (result.issuer and result.title))
