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
from khcn.plans.parser.lexicon import AGENCY_HEADS
from khcn.plans.parser.tables import is_header_like, pipe_row, task_columns

_GAP_RE = re.compile(r"\S+(?: \S+)*")
_WIDE_GAP_RE = re.compile(r" {8,}")
_ROW_LABEL_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])[.)]?$")
_GROUP_RE = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ])[.)]\s")
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
        "cap muc tieu chi",
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
    first = _chunks(lines[index])
    if len(first) < 3:
        return None
    block = [first]
    found: tuple[_Columns, int] | None = None
    for offset in range(0, 4):
        if offset:
            if index + offset >= len(lines) or not lines[index + offset].strip():
                break
            more = _chunks(lines[index + offset])
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
        for chunk in chunks:
            column = self.columns.column_of(chunk)
            row[column] = _join_cell(row[column], chunk.text, column in self._agency_columns())

    def add_group(self, text: str) -> None:
        self.rows.append([text] + ["" for _ in self.columns.spans[1:]])

    def _agency_columns(self) -> set[int]:
        return {self.columns.kinds[k] for k in ("lead", "coordinate") if k in self.columns.kinds}

    def lines(self) -> list[str]:
        return [pipe_row(self.header)] + [pipe_row(row) for row in self.rows]


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


def _read_rows(lines: list[str], index: int, table: SpacedTable) -> int:
    """Read the table's rows from ``lines[index]`` on; the index of the first line after it."""
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            after = _next_filled(lines, index)
            if after is None or not table.starts_row(_chunks(lines[after])):
                break
            index = after
            continue
        if _PAGE_NUMBER_RE.match(stripped):
            index += 1
            continue
        chunks = _chunks(line)
        if len(chunks) == 1 and table.columns.crossing(chunks[0]):
            # A line across the columns: a group row if rows follow, else the text after the table.
            after = _next_filled(lines, index + 1)
            if _GROUP_RE.match(stripped) and after is not None and table.starts_row(_chunks(lines[after])):
                table.add_group(stripped)
                index += 1
                continue
            break
        table.add(chunks, table.starts_row(chunks))
        index += 1
    table.ended_at = index
    return index


def _next_filled(lines: list[str], index: int) -> int | None:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index if index < len(lines) else None
