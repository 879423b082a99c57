"""Task tables: "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm".

A table reaches ``parse_text`` as lines of cells: "| 1 | Xây dựng … | Sở Tài chính | … |"
(``read_file`` writes .docx tables so; web copies use "|" or tabs). A row whose cells name
the content and at least one of lead, coordination or time is the header; the rows under it
become items with assignments, deadlines and products. Other tables (the two-column heading
of a document) are taken apart into plain lines by ``layout``.
"""

from __future__ import annotations

import re

from khcn.core.text import clean, fold

# Column kinds and the folded words that name them, most specific first.
_COLUMN_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("number", ("stt", "tt", "so tt", "so thu tu", "thu tu")),
    # "Cá nhân phụ trách chỉ đạo, kiểm tra, đôn đốc": the leaders who oversee a row, no agency
    # (and "Người đứng đầu chịu trách nhiệm": the heads of the units, beside "Cơ quan chủ trì")
    ("supervisor", ("phu trach chi dao", "ca nhan phu trach", "chi dao, kiem tra", "nguoi dung dau")),
    ("coordinate", ("phoi hop",)),
    ("lead", ("chu tri", "don vi thuc hien", "co quan thuc hien", "chiu trach nhiem", "don vi chu tri")),
    ("deadline", ("thoi gian", "thoi han", "tien do", "hoan thanh", "moc thoi gian")),
    ("product", ("san pham", "ket qua")),
    ("budget", ("kinh phi", "nguon von")),
    ("note", ("ghi chu",)),
    ("content", ("noi dung", "nhiem vu", "hoat dong", "cong viec", "giai phap", "de an", "ten")),
    # "Mục tiêu" beside "Nội dung" in a table of targets: the value aimed at (no deadline)
    ("target", ("muc tieu", "chi tieu")),
]
_NUMBER_EXACT = {"stt", "tt", "so tt", "so thu tu", "thu tu", "s tt"}


def _column_kind(cell: str) -> str | None:
    text = fold(clean(cell)).strip(" .:")
    if not text:
        return None
    if text in _NUMBER_EXACT:
        return "number"
    if len(text) > 60:  # a header cell is short; a long cell is content
        return None
    for kind, words in _COLUMN_WORDS:
        if kind == "number":
            continue
        if any(word in text for word in words):
            return kind
    return None


def task_columns(cells: list[str], below: list[str] | None = None) -> dict[str, int] | None:
    """The column index of each kind if ``cells`` is a task table's header row, else None.

    ``below`` is the next row, for two-row headers ("Cơ quan thực hiện" over "Chủ trì |
    Phối hợp"): its header words fill in or refine the columns above them.
    """
    kinds: dict[str, int] = {}
    for index, cell in enumerate(cells):
        kind = _column_kind(cell)
        if kind and kind not in kinds:
            kinds[kind] = index
    # (a merged upper cell over the sub-columns: "… | Thực hiện" over "… | Chủ trì | Phối hợp",
    # the lower row one cell longer, the merged cell the upper row's last)
    if below is not None and len(cells) <= len(below) <= len(cells) + 2 and is_header_like(below):
        for index, cell in enumerate(below):
            kind = _column_kind(cell)
            if kind and (kind not in kinds or kinds[kind] == index or kind in ("lead", "coordinate")):
                if kind in ("lead", "coordinate"):
                    # "Cơ quan thực hiện" above both: the sub-columns decide.
                    for other, where in list(kinds.items()):
                        if where == index and other != kind:
                            del kinds[other]
                kinds[kind] = index
    if "content" not in kinds and "target" in kinds:
        # "TT | Chỉ tiêu | Chủ trì": a table of targets, each row's target what its lead answers for
        kinds["content"] = kinds.pop("target")
    if "content" not in kinds:
        return None
    if not ({"lead", "coordinate", "deadline"} & kinds.keys()):
        return None
    return kinds


# A cell or a line that is only a row's label: "1", "II", "a)", "b." (a table copied one cell a
# line, a label in a table's first column).
LABEL_CELL_RE = re.compile(r"(?:[IVX]{1,4}|\d{1,2}|[a-zđ])[.)]?")
_ROW_LABEL_RE = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđA-ZĐ])[.)]?\s")


def is_header_like(cells: list[str]) -> bool:
    """All non-empty cells are short column names (not a group row spanning the table, not
    a labelled row)."""
    filled = [clean(c) for c in cells if clean(c)]
    if not filled or (len(cells) > 2 and len(set(filled)) == 1 and len(filled) > 1):
        return False
    if any(_ROW_LABEL_RE.match(c) for c in filled):
        return False
    return all(_column_kind(c) is not None for c in filled)


def split_cells(line: str, *, bordered: bool = True) -> list[str] | None:
    """The cells of a table line ("| a | b |", "a | b", "a\\tb"), or None for plain text.
    ``bordered=False``: the table's header had no outer pipes, so a row's leading pipe follows
    an empty first cell (" | Xây dựng … | Sở X" under "Thời gian | Nội dung | Chủ trì")."""
    stripped = line.strip()
    if "|" in stripped:
        inner = stripped
        if inner.startswith("|") and bordered:
            inner = inner[1:]
        if inner.endswith("|"):
            inner = inner[:-1]
        cells = [clean(c) for c in inner.split("|")]
        return cells if len(cells) >= 2 or stripped.startswith("|") else None
    if "\t" in stripped:
        cells = [clean(c) for c in stripped.split("\t")]
        cells = [c for c in cells if c]
        return cells if len(cells) >= 2 else None
    return None


def pipe_row(cells: list[str]) -> str:
    """A row of cells written as the parser reads tables: "| a | b |"."""
    return "| " + " | ".join(cells) + " |"


_COLUMN_NUMBERS_RE = re.compile(r"^\(?(\d{1,2})\)?$")


def column_numbers(cells: list[str]) -> bool:
    """A row numbering the columns: "1 | 2 | 3 | 4" or "(1) | (2) | (3)" under a header."""
    filled = [c for c in cells if c.strip()]
    if len(filled) < 3:
        return False
    numbers = []
    for cell in filled:
        m = _COLUMN_NUMBERS_RE.match(cell.strip())
        if m is None:
            return False
        numbers.append(int(m.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 1


# A web page's table converted to text one cell at a time, each cell after a line holding only
# "|" (the cells' own lines wrapped as the converter wrapped them), a row ended by two such lines:
#     |  STT  |  Tên nhiệm vụ  |  Cơ quan chủ trì  | … |  |  I. NÂNG CAO …  |  |  1  |  Triển khai …
_GROUP_CELL_RE = re.compile(r"^(?P<label>[IVXLC]{1,6}|[A-ZĐ]|\d{1,2})[.)]\s*(?P<rest>\S.*)$")


def bar_line_tables(raw: list[str]) -> list[tuple[int, int, list[str]]]:
    """The task tables of ``raw`` written one cell per bar-separated run of lines: (first line,
    line after the table, its rows as "| … |" lines). A table whose first row is no task header
    (the two-column heading of a document) is left as it is."""
    found: list[tuple[int, int, list[str]]] = []
    n = len(raw)
    i = 0
    while i < n:
        if raw[i].strip() != "|" or i + 1 >= n or not is_header_like([raw[i + 1]]):
            i += 1  # (a table's first cell names a column: "STT", "Nội dung", …)
            continue
        end = i
        while end < n and (raw[end].strip() or _emptied_cell(raw, end)):
            end += 1  # the block runs to the first blank line
        rows = _bar_rows(raw[i:end])
        header = rows[0] if rows else []
        below = rows[1] if len(rows) > 1 else None
        if len(header) >= 3 and is_header_like(header) and task_columns(header, below) is not None:
            found.append((i, end, [pipe_row(_padded(row, len(header))) for row in rows]))
            i = end
        else:
            i += 1  # (a heading's or a register's cells: a task table may start further on)
    return found


def _emptied_cell(raw: list[str], i: int) -> bool:
    """A cell emptied of its bold marks ("** **" between two "|" lines): no blank line."""
    return bool(raw[i]) and 0 < i < len(raw) - 1 and raw[i - 1].strip() == "|" == raw[i + 1].strip()


def _bar_rows(block: list[str]) -> list[list[str]]:
    """The rows of a bar-separated block: the runs of lines between "|" lines are its cells; an
    empty run ends the first row (the header, whose width the others take), a row once it is
    whole or holds one cell (a group row spanning the table), and is an empty cell otherwise."""
    runs: list[list[str]] = [[]]
    for line in block[1:]:
        if line.strip() == "|":
            runs.append([])
        else:
            runs[-1].append(line.strip())
    rows: list[list[str]] = []
    row: list[str] = []
    width = 0
    number = 0  # the last row's number
    texts = [clean(" ".join(run)) for run in runs]
    for index, text in enumerate(texts):
        following = next((t for t in texts[index + 1 :] if t), "")
        # a second task under the row above, its number and other cells merged over both
        # ("Xây dựng hạ tầng dự phòng …" | "Trung tâm …" before row "2"): the number's cell is empty
        unnumbered = bool(row) and not _ROW_NUMBER_RE.fullmatch(row[0])
        merged = bool(number) and unnumbered and following == str(number + 1)
        if text:
            row.append(text)
        elif row and (
            not width  # (the header: the first row)
            or len(row) == 1
            or len(row) >= width
            # a group row of two cells ("I" | "NHÓM GIẢI PHÁP …") before the next row's number
            or (_ROW_NUMBER_RE.fullmatch(row[0]) and _ROW_NUMBER_RE.fullmatch(following))
            or merged
        ):
            rows.append(["", *row] if merged else row)
            width = width or len(row)
            number = int(row[0]) if row[0].isdigit() else number
            row = []
        elif row:
            row.append("")
        if width and len(row) >= width:
            rows.append(row)
            number = int(row[0]) if row[0].isdigit() else number
            row = []
    if any(row):
        rows.append(row)
    return rows


_ROW_NUMBER_RE = re.compile(r"(?:[IVXLC]{1,6}|\d{1,3})[.)]?")


def _padded(row: list[str], width: int) -> list[str]:
    """A row as wide as the header; a group row's one cell split into its label and heading
    ("I. NÂNG CAO NHẬN THỨC …" → "I" | "NÂNG CAO NHẬN THỨC …")."""
    if len(row) == 1 and width > 2:
        group = _GROUP_CELL_RE.match(row[0])
        if group is not None:
            row = [group["label"], group["rest"]]
    return row + [""] * (width - len(row))
