"""Task tables printed with spaces: a PDF's layout text (pypdf's layout mode, ``pdftotext
-layout``), where a table has no grid and its columns are where the words stand.

Under a header that ``tables.task_columns`` recognises, the rows are rebuilt as "| … | … |"
rows (a cell's wrapped lines joined); a header repeated at the top of the next page is dropped
and the rows go on. A row's number may stand on its first line (cells aligned to the top) or in
the middle of its lines (cells centred vertically, as Word prints the "STT" column): then the
lines above the number belong to its row. ``page_tables`` reads one page of a PDF (``reader``);
``text_tables`` finds such tables in a text given as text (a PDF's text saved by ``pdftotext
-layout``), for ``layout.prepare``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khcn.core.text import fold
from khcn.plans.parser.agencies import head_at, tokenize
from khcn.plans.parser.lexicon import AGENCY_HEADS
from khcn.plans.parser.tables import is_header_like, pipe_row, task_columns

_GAP_RE = re.compile(r"\S+(?: \S+)*")
_WIDE_GAP_RE = re.compile(r" {8,}")
_ROW_LABEL_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])[.)]?$")
_TRAILING_TIME_RE = re.compile(
    r"(?:^|\s)(?P<time>(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?|\d{1,2}/\d{1,2}/\d{4})$"
)
# A span of years cut before its end year ("… Phó Chủ 2026 -"): where the time begins.
_OPEN_SPAN_RE = re.compile(r"(?:^| )(?:19|20)\d\d\s*[-–]$")
_SUBGROUP_RE = re.compile(r"^(?P<label>[IVXLC]{1,6}\.\d{1,3})\s+(?P<rest>\S.*)$")
_GROUP_LABEL_RE = re.compile(r"^[IVXLC]{1,6}(?:\.\d{1,3})*[.)]?$")
_GROUP_RE = re.compile(r"^(?:[IVXLC]{1,6}(?:\.\d{1,3})*[.)]?|[A-ZĐ][.)])\s")
_APPENDIX_TITLE_RE = re.compile(r"^PHỤ LỤC(?:\s+(?:[IVXLC]+|\d{1,2}))?\s*[.:]?$")
_NUMBER_THEN_WORDS_RE = re.compile(r"^(?P<number>\d{1,3}[.)]?) (?=\S)")
_PAGE_NUMBER_RE = re.compile(r"^(?:[-–]\s*)?\d{1,4}(?:\s*[-–])?$|^(?:trang|page)\s+\d{1,4}", re.IGNORECASE)
_AGENCY_STARTS = {words[0] for words in AGENCY_HEADS} | {"cac", "ubnd", "hdnd"}
# Words of the headers of task tables (folded), to tell a header's wrapped line ("chủ" / "trì")
# from the first row under it.
_HEADER_WORDS = frozenset(
    re.findall(
        r"\w+",
        "stt tt so thu tu noi dung nhiem vu hoat dong cong viec giai phap de an ten cu the chinh "
        "co quan don vi thuc hien chu tri phoi hop chiu trach nhiem phu thoi gian han tien do hoan "
        "thanh moc du kien nam san pham ket qua dau ra kinh phi nguon von trieu dong ghi chu va "
        "cap muc tieu chi dang to chuc ca nhan phu trach dao kiem tra don doc",
    )
)


@dataclass
class _Chunk:
    start: int
    end: int
    text: str


def _chunks(line: str) -> list[_Chunk]:
    """The pieces of a layout line separated by two spaces or more, with their columns."""
    return [_Chunk(m.start(), m.end(), m.group(0)) for m in _GAP_RE.finditer(line)]


def _header_chunks(line: str) -> list[_Chunk]:
    """A header line's pieces; a cell's words run into the next cell's over one space ("tổ chức
    Cá nhân phụ trách chỉ"), and every header cell begins with a capital: cut there."""
    out: list[_Chunk] = []
    for chunk in _chunks(line):
        text, start = chunk.text, 0
        for i in range(1, len(text) - 1):
            if text[i] == " " and (text[i - 1].islower() or text[i - 1] == ",") and text[i + 1].isupper():
                out.append(_Chunk(chunk.start + start, chunk.start + i, text[start:i]))
                start = i + 1
        out.append(_Chunk(chunk.start + start, chunk.end, text[start:]))
    return out


def _overlap(chunk: _Chunk, start: int, end: int) -> int:
    return min(chunk.end, end) - max(chunk.start, start)


@dataclass
class _Columns:
    spans: list[tuple[int, int]]
    header: list[str]
    kinds: dict[str, int]

    def column_of(self, chunk: _Chunk) -> int:
        best, best_overlap = 0, None
        for index, (start, end) in enumerate(self.spans):
            value = _overlap(chunk, start, end)
            if value <= 0:
                value = -min(abs(chunk.start - end), abs(start - chunk.end))
            if best_overlap is None or value > best_overlap:
                best, best_overlap = index, value
        return best

    def crossing(self, chunk: _Chunk) -> bool:
        """Whether a chunk runs over two columns or more (a paragraph, a group row)."""
        return sum(1 for start, end in self.spans if _overlap(chunk, start, end) > 0) >= 2


def _find_header(lines: list[str], index: int) -> tuple[_Columns, int] | None:
    """A task-table header starting at ``lines[index]``: its columns and how many lines it
    takes (a header cell's words wrap over several lines)."""
    first = _header_chunks(lines[index])
    if len(first) < 3:
        return None
    block = [first]
    found: tuple[_Columns, int] | None = None
    for offset in range(0, 4):
        if offset:
            if index + offset >= len(lines) or not lines[index + offset].strip():
                break
            more = _header_chunks(lines[index + offset])
            words = re.findall(r"\w+", fold(" ".join(c.text for c in more)))
            if not words or not set(words) <= _HEADER_WORDS:
                break
            block.append(more)
        spans = _header_spans(block)
        texts = ["" for _ in spans]
        for row in block:
            for chunk in row:
                column = next((i for i, (a, b) in enumerate(spans) if _overlap(chunk, a, b) > 0), None)
                if column is None:
                    continue
                texts[column] = f"{texts[column]} {chunk.text}".strip()
        if offset and not is_header_like(texts):
            break
        kinds = task_columns(texts)
        if kinds is not None:
            found = (_Columns(spans, texts, kinds), offset + 1)
        elif offset:
            break
    return found


def _stacked_header(lines: list[str], index: int) -> tuple[_Columns, int] | None:
    """A header whose cells' words stand on different lines, each cell centred in its own
    height ("Thời hạn" above "TT   Nhiệm vụ cụ thể   thực hiện", "(*)" below): the lines of
    header words from ``lines[index]`` on, read together."""
    block: list[list[_Chunk]] = []
    size = 0
    while index + size < len(lines) and size < 7 and lines[index + size].strip():
        chunks = _header_chunks(lines[index + size])
        words = re.findall(r"\w+", fold(" ".join(c.text for c in chunks)))
        if words and not set(words) <= _HEADER_WORDS:
            break
        block.append(chunks)
        size += 1
    if size < 2 or max(len(row) for row in block) < 3:
        return None
    spans = _header_spans(block)
    texts = ["" for _ in spans]
    for row in block:
        for chunk in row:
            column = next((i for i, (a, b) in enumerate(spans) if _overlap(chunk, a, b) > 0), None)
            if column is not None:
                texts[column] = f"{texts[column]} {chunk.text}".strip()
    kinds = task_columns(texts) if is_header_like(texts) else None
    return (_Columns(spans, texts, kinds), size) if kinds is not None else None


def text_tables(lines: list[str]) -> list[tuple[int, int, list[str]]]:
    """The task tables printed with spaces in a text's lines: for each, the first line of its
    header, the line after its last row, and its rows as "| … |" lines (the header first)."""
    out: list[tuple[int, int, list[str]]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        header = None
        if "   " in line.strip() or _words_of_header(line):
            header = _find_header(lines, index) or _stacked_header(lines, index)
        if header is None:
            index += 1
            continue
        columns, size = header
        table = SpacedTable(columns)
        end = _read_rows(lines, index + size, table)
        number = columns.kinds.get("number")
        if number is not None and any(row[number] for row in table.rows):
            out.append((index, end, table.lines()))
            index = end
        else:
            index += 1
    return out


def _words_of_header(line: str) -> bool:
    words = re.findall(r"\w+", fold(line))
    return bool(words) and set(words) <= _HEADER_WORDS


def _header_spans(block: list[list[_Chunk]]) -> list[tuple[int, int]]:
    """The columns of a header: the chunks of its fullest line; a column under which another
    line has two chunks is split ("Cơ quan thực hiện" over "Chủ trì | Phối hợp"); chunks
    under no column add one."""
    spans = [(c.start, c.end) for c in max(block, key=len)]
    for row in block:
        out: list[tuple[int, int]] = []
        for a, b in spans:
            inside = [c for c in row if _overlap(c, a, b) > 0]
            if len(inside) >= 2 and all(_overlap(c, a, b) == c.end - c.start for c in inside):
                out.extend((c.start, c.end) for c in inside)
            else:
                out.append((a, b))
        for chunk in row:
            if not any(_overlap(chunk, a, b) > 0 for a, b in out):
                out.append((chunk.start, chunk.end))
        spans = sorted(out)
    return spans


class SpacedTable:
    """The rows of a task table read from layout lines."""

    def __init__(self, columns: _Columns) -> None:
        self.columns = columns
        self.header = list(columns.header)
        self.rows: list[list[str]] = []
        self.ended_at = 0  # the index of the first line after the table
        self.centred: bool | None = None  # numbers in the middle of their rows (None: not known yet)

    def starts_row(self, chunks: list[_Chunk]) -> bool:
        number = self.columns.kinds.get("number")
        if number is not None:
            return any(
                self.columns.column_of(c) == number
                and _ROW_LABEL_RE.match(c.text)
                and not self.columns.crossing(c)
                for c in chunks
            )
        # No number column: a row's first line is top-aligned: content and another column.
        content = self.columns.kinds["content"]
        used = {self.columns.column_of(c) for c in chunks}
        first = next((c for c in chunks if self.columns.column_of(c) == content), None)
        return first is not None and first.text[:1].isupper() and len(used) >= 2

    def add(self, chunks: list[_Chunk], new_row: bool) -> None:
        if new_row or not self.rows:
            self.rows.append(["" for _ in self.columns.spans])
        row = self.rows[-1]
        deadline = self.columns.kinds.get("deadline")
        number = self.columns.kinds.get("number")
        for chunk in chunks:
            column = self.columns.column_of(chunk)
            text = chunk.text
            if column == number and not _ROW_LABEL_RE.match(text):
                column = self.columns.kinds["content"]  # "gom, xử lý" left of "Nội dung": the task's words
            spilled = (
                _TRAILING_TIME_RE.search(text) if column == self.columns.kinds.get("supervisor") else None
            )
            if spilled and deadline is not None:
                # "Tỉnh ủy viên, Phó Chủ 2026 - 2030": the time printed right after the leader's
                # title, one space apart, is the row's time
                row[deadline] = _join_cell(row[deadline], spilled["time"], False)
                text = text[: spilled.start()]
            row[column] = _join_cell(row[column], text, column in self._agency_columns())

    def content_end(self) -> int:
        """Where the content column's header ends: a line across the columns from before it is
        a paragraph; one further right is a wide cell of another column."""
        return self.columns.spans[self.columns.kinds["content"]][1]

    def group_label(self, chunks: list[_Chunk]) -> bool:
        """Whether the line's number is a group's ("I", "II.1"), a row of one line."""
        number = self.columns.kinds.get("number")
        return number is not None and any(
            self.columns.column_of(c) == number and _GROUP_LABEL_RE.match(c.text) for c in chunks
        )

    def split_crossing(self, chunk: _Chunk) -> list[_Chunk]:
        """Words that run into a later column over a single space: a task's into an agency's
        ("… giai Đảng ủy UBND"), a name's into a time ("… Phó Chủ 2026 - 2030"); cut at the
        space nearest where that column begins."""
        agencies = self._agency_columns()
        crossed = [i for i, (a, b) in enumerate(self.columns.spans) if _overlap(chunk, a, b) > 0]
        if len(crossed) < 2:
            return [chunk]
        spaces = [chunk.start + i for i, ch in enumerate(chunk.text) if ch == " "]
        numbered = _NUMBER_THEN_WORDS_RE.match(chunk.text)
        if numbered and crossed[0] == self.columns.kinds.get("number"):
            # " 1 trường trong tổng chi ngân": a row's number one space before its task's words
            after = chunk.start + numbered.end("number")
            return [
                _Chunk(chunk.start, after, numbered["number"]),
                _Chunk(after + 1, chunk.end, chunk.text[numbered.end() :]),
            ]
        for column in crossed[1:]:
            begins = self.columns.spans[column][0]
            if column in agencies and crossed[0] not in agencies:
                # where an agency's name begins ("… giai Đảng ủy Sở Xây"), the first of them
                near = [
                    i
                    for i in spaces
                    if abs(i - begins) <= 12 and _names_agency(chunk.text[i - chunk.start + 1 :])
                ]
                cut = min(near) if near else None
            elif column == self.columns.kinds.get("deadline"):
                near = [
                    i
                    for i in spaces
                    if abs(i - begins) <= 3
                    and chunk.text[i - chunk.start + 1 : i - chunk.start + 2].isdigit()
                ]
                cut = min(near, key=lambda i: abs(i - begins)) if near else None  # a year, a date
                started = _OPEN_SPAN_RE.search(chunk.text[: cut - chunk.start]) if cut else None
                if started:
                    # "… Phó Chủ 2026 - 2030" where the column begins at "2030": the span is one time
                    if started.start() == 0:
                        return [chunk]  # "2026 - 2030" alone: a time, wherever it stands
                    cut = chunk.start + started.start()
            elif crossed[0] in agencies and column == self.columns.kinds.get("supervisor"):
                # "Đảng ủy Đồng chí Phan Trung": the leader's words begin where their column does
                near = [
                    i
                    for i in spaces
                    if abs(i + 1 - begins) <= 2
                    and chunk.text[i - chunk.start + 1 : i - chunk.start + 2].isupper()
                    and _names_agency(chunk.text[: i - chunk.start])
                ]
                cut = min(near, key=lambda i: abs(i + 1 - begins)) if near else None
            else:
                continue
            if cut is not None:
                left, right = chunk.text[: cut - chunk.start], chunk.text[cut - chunk.start + 1 :]
                return [_Chunk(chunk.start, cut, left), _Chunk(cut + 1, chunk.end, right)]
        return [chunk]

    def add_group(self, text: str) -> None:
        """A group row across the columns; "II.1 Hoàn thiện thể chế …" keeps its label in the
        number column and its words in the content column."""
        row = ["" for _ in self.columns.spans]
        number, content = self.columns.kinds.get("number"), self.columns.kinds["content"]
        labelled = _SUBGROUP_RE.match(text)
        if labelled and number is not None:
            row[number], row[content] = labelled["label"], labelled["rest"]
        else:
            row[0] = text
        self.rows.append(row)

    def _agency_columns(self) -> set[int]:
        return {self.columns.kinds[k] for k in ("lead", "coordinate") if k in self.columns.kinds}

    def lines(self) -> list[str]:
        return [pipe_row(self.header)] + [pipe_row(row) for row in self.rows]


def _names_agency(text: str) -> bool:
    """Whether an agency's name (or its party committee's: "Đảng ủy UBND tỉnh") begins ``text``."""
    toks = tokenize(text[:60])
    if len(toks) > 2 and (toks[0].folded, toks[1].folded) == ("dang", "uy"):
        toks = toks[2:]
    return bool(toks) and head_at(toks, 0) is not None


def _join_cell(before: str, more: str, agencies: bool) -> str:
    """A cell's text with its next line: a word cut at a hyphen joined back ("2025-" "2027"),
    in an agency cell a new agency ("Sở Tài chính" / "UBND các huyện") after "; "."""
    if not before:
        return more
    if before.endswith("-") and not before.endswith(" -") and more[:1].isdigit():
        return before + more
    if agencies and before[-1] not in ",;-–" and not before.lower().endswith((" và", " các")):
        first = fold(more.split(" ", 1)[0])
        last_name = re.split(r"[;,]", before)[-1].split()
        if more[:1].isupper() and first in _AGENCY_STARTS and len(last_name) >= 3:
            return f"{before}; {more}"
    return f"{before} {more}"


def with_task_tables(texts: list[str], layouts: list[str | None]) -> list[str]:
    """Each page's text, a page printing a task table with the table as pipe rows (a table
    going on over the next page written once, where it starts)."""
    pages: list[list[str | SpacedTable]] = []
    table: SpacedTable | None = None
    for text, layout in zip(texts, layouts, strict=True):
        if layout is None:
            table = None
            pages.append([text])
            continue
        items, table, found = page_tables(layout.split("\n"), table)
        pages.append(items if found else [text])
    out: list[str] = []
    for items in pages:
        lines: list[str] = []
        for item in items:
            lines.extend(item.lines() if isinstance(item, SpacedTable) else [item])
        out.append("\n".join(lines))
    return out


def page_tables(
    lines: list[str], continuing: SpacedTable | None
) -> tuple[list[str | SpacedTable], SpacedTable | None, bool]:
    """A page's layout lines with its task tables in their place; the table still open at the
    end of the page (it may go on on the next page); whether the page had any table."""
    out: list[str | SpacedTable] = []
    found = False
    table: SpacedTable | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        header = _find_header(lines, index) if line.strip() else None
        if header is not None:
            columns, size = header
            if continuing is not None and [fold(t) for t in continuing.columns.header] == [
                fold(t) for t in columns.header
            ]:
                # The header repeated at the top of the page: the rows go on.
                table, continuing = continuing, None
                table.columns = columns
            else:
                table = SpacedTable(columns)
                out.append(table)
            index = _read_rows(lines, index + size, table)
            found = True
            continue
        if continuing is not None and line.strip():
            # The page starts without a header: the table goes on if the line fits its columns.
            chunks = _chunks(line)
            crossing = any(continuing.columns.crossing(c) for c in chunks)
            if not crossing and not _PAGE_NUMBER_RE.match(line.strip()):
                table, continuing = continuing, None
                index = _read_rows(lines, index, table)
                found = True
                continue
            continuing = None
        # Outside the table: pieces far apart on a line (a two-column heading) are lines of
        # their own, as in the plain text.
        out.extend(_WIDE_GAP_RE.split(line.strip()))
        index += 1
    return out, table if table is not None and _open_at_end(lines, table) else None, found


def _open_at_end(lines: list[str], table: SpacedTable) -> bool:
    return bool(table.rows) and table.ended_at >= len(lines)


_BodyItem = list[_Chunk] | tuple[_Chunk, ...] | str | None


def _read_rows(lines: list[str], index: int, table: SpacedTable) -> int:
    """Read the table's rows from ``lines[index]`` on; the index of the first line after it.

    The lines are gathered first (blank lines kept: they separate rows), then cut into rows:
    at each number when the numbers stand on their rows' first lines, around each number when
    they stand in the middle (``_centred_rows``)."""
    # a line's chunks, a group row (its text, or its chunks as a tuple), a blank
    body: list[list[_Chunk] | tuple[_Chunk, ...] | str | None] = []
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            after = _next_filled(lines, index)
            if after is None or not _goes_on(table, body, _chunks(lines[after])):
                break
            body.extend([None] * (after - index))
            index = after
            continue
        chunks = _chunks(line)
        if _PAGE_NUMBER_RE.match(stripped) and not table.starts_row(chunks):
            index += 1
            continue
        if _APPENDIX_TITLE_RE.match(stripped):
            break  # "PHỤ LỤC 2": the next appendix begins
        repeated = _repeated_header(lines, index, table)
        if repeated:
            index += repeated  # the header printed again at the top of the next page
            continue
        pieces = [piece for chunk in chunks for piece in table.split_crossing(chunk)]
        across = (
            len(chunks) == 1 and table.columns.crossing(chunks[0]) and chunks[0].start < table.content_end()
        )
        if across and len(pieces) > 1 and not _GROUP_RE.match(stripped):
            across = False  # "Xây dựng Kế hoạch … giai Đảng ủy UBND": a task run into its agency
        if across:
            # A line across the columns: a group row if rows follow, else the text after the table.
            after = _next_filled(lines, index + 1)
            if _GROUP_RE.match(stripped) and after is not None and _goes_on(table, [], _chunks(lines[after])):
                body.append(stripped)
                index += 1
                continue
            break
        # "I   Các nhiệm vụ cần làm ngay …", "II.1 Hoàn thiện thể chế …": a group row, one line
        body.append(tuple(pieces) if table.group_label(pieces) else pieces)
        index += 1
    while body and body[-1] is None:
        body.pop()
    table.ended_at = index
    _fill_rows(table, body)
    return index


def _repeated_header(lines: list[str], index: int, table: SpacedTable) -> int:
    """How many lines the table's header takes when it is printed again from ``lines[index]``
    (a new page), else 0."""
    if not _words_of_header(lines[index]):
        return 0
    again = _find_header(lines, index) or _stacked_header(lines, index)
    return again[1] if again is not None and again[0].kinds == table.columns.kinds else 0


def _goes_on(table: SpacedTable, body: list[_BodyItem], chunks: list[_Chunk]) -> bool:
    """Whether a line after a blank one is still the table's: a row's number, or, in a table
    whose numbers stand in the middle of their rows, a line of the next row above its number
    (within the columns, not a heading across them)."""
    if table.starts_row(chunks):
        return True
    if len(chunks) == 1 and _GROUP_RE.match(chunks[0].text):
        return True  # "II.1 Hoàn thiện thể chế …": a group row across the columns
    if not chunks or any(table.columns.crossing(c) and c.start < table.content_end() for c in chunks):
        return False  # a paragraph from the margin across the columns: the text after the table
    return _centred(table, body) is not False


def _centred(table: SpacedTable, body: list[_BodyItem]) -> bool | None:
    """Whether the rows' numbers stand in the middle of their lines: lines before the first
    number (None when no line has come yet)."""
    if table.centred is not None:
        return table.centred
    for item in body:
        if isinstance(item, list) and item:
            return not table.starts_row(item)
    return None


def _fill_rows(table: SpacedTable, body: list[_BodyItem]) -> None:
    segment: list[list[_Chunk] | None] = []
    for item in [*body, "<end>"]:
        if isinstance(item, (str, tuple)):
            _segment_rows(table, segment)
            segment = []
            if isinstance(item, tuple):
                table.add(list(item), True)
            elif item != "<end>":
                table.add_group(item)
            continue
        segment.append(item)


def _segment_rows(table: SpacedTable, lines: list[list[_Chunk] | None]) -> None:
    """Rows of a run of lines between group rows."""
    numbers = [i for i, chunks in enumerate(lines) if chunks and table.starts_row(chunks)]
    if table.centred is None and numbers:
        table.centred = numbers[0] != _first_filled(lines)
    if not numbers or not table.centred:
        for chunks in lines:  # numbers on the rows' first lines (a page may go on with a row)
            if chunks:
                table.add(chunks, table.starts_row(chunks))
        return
    row_of: dict[int, int] = {}
    for k, (start, end) in enumerate(_centred_rows(lines, numbers)):
        for i in range(start, end):
            row_of[i] = k
    _split_by_midpoint(lines, numbers, row_of)
    rows: list[list[list[_Chunk]]] = [[] for _ in numbers]
    for i, chunks in enumerate(lines):
        if chunks and i in row_of:
            rows[row_of[i]].append(chunks)
    for row in rows:
        for n, chunks in enumerate(row):
            table.add(chunks, n == 0)


def _split_by_midpoint(lines: list[list[_Chunk] | None], numbers: list[int], row_of: dict[int, int]) -> None:
    """Between two numbers with no blank line between them, each row's lines are centred on its
    number: a line nearer the next number belongs to the next row ("tỉnh" under row 10's
    "UBND", "Đảng ủy" over row 11's). A line halfway goes with the row above when a cell of it
    goes on in lower case, else keeps the estimate."""
    for k in range(len(numbers) - 1):
        above, below = numbers[k], numbers[k + 1]
        if any(lines[i] is None for i in range(above + 1, below)):
            continue  # a blank line already parts the rows
        for i in range(above + 1, below):
            if i - above < below - i:
                row_of[i] = k
            elif i - above > below - i:
                row_of[i] = k + 1
            elif any(c.text[:1].islower() for c in lines[i] or []):
                row_of[i] = k  # halfway: "tỉnh" in lower case goes on with the cell above


def _first_filled(lines: list[list[_Chunk] | None]) -> int:
    return next((i for i, chunks in enumerate(lines) if chunks), 0)


def _centred_rows(lines: list[list[_Chunk] | None], numbers: list[int]) -> list[tuple[int, int]]:
    """The rows' line ranges when each number stands in the middle of its row: a row reaches as
    far below its number as it began above it; a blank line nearest that estimate, when there
    is one between two numbers, is where the next row begins."""
    out: list[tuple[int, int]] = []
    start = _first_filled(lines)
    for k, number in enumerate(numbers):
        if k + 1 == len(numbers):
            out.append((start, len(lines)))
            break
        following = numbers[k + 1]
        estimate = number + (number - start) + 1
        blanks = [i for i in range(number + 1, following) if lines[i] is None]
        if blanks:
            nxt = min(blanks, key=lambda i: abs(i - estimate)) + 1
        else:
            nxt = min(max(estimate, number + 1), following)
        out.append((start, nxt))
        start = nxt
    return out


def _next_filled(lines: list[str], index: int) -> int | None:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index if index < len(lines) else None
