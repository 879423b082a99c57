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
    ("supervisor", ("phu trach chi dao", "ca nhan phu trach", "chi dao, kiem tra")),
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
