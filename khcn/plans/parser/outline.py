"""Labels as printed and the section tree they make.

Labels: "Phần I", "Chương II", "Mục 1", "Điều 3", Roman numerals "I.", Arabic "1." / "1)" /
"1.1", Vietnamese letters "a." / "a)" (a, b, c, d, đ, e, g, h, i, k, … — no f, j, w, z),
capital letters "A.", and "-", "+", "*" bullets. The hierarchy is not fixed in advance: the
first style met is the top level, a new style goes one level down, a style met before closes
the levels below it (the usual reading of Vietnamese plans, whatever their numbering).
Bullets hold one paragraph; the text after them goes back to the item above.

Labels are kept as printed, duplicates and gaps included; ``check_sequences`` reports them
(a second "9.", a missing "c", an "f").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from khcn.core.text import roman, roman_value
from khcn.plans.parser.model import Message as _  # translated now, and again for each reader
from khcn.plans.parser.model import ParseWarning, Section

VIETNAMESE_LETTERS = [
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
]
_LETTER_INDEX = {letter: i for i, letter in enumerate(VIETNAMESE_LETTERS)}
BULLETS = frozenset({"dash", "plus", "star"})

ORDINALS = {2: "second", 3: "third", 4: "fourth"}


@dataclass
class Label:
    label: str
    style: str
    heading: str
    alternative: tuple[str, str] | None = None  # (style, label) when "C." may be a letter


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "part",
        re.compile(r"^(?:PHẦN|Phần)\s+(?P<l>[IVXLC]+|\d{1,2}|THỨ\s+\S+|thứ\s+\S+)\b\s*[.:\-–]?\s*(?P<h>.*)$"),
    ),
    ("chapter", re.compile(r"^(?:CHƯƠNG|Chương)\s+(?P<l>[IVXLC]+|\d{1,2})\b\s*[.:\-–]?\s*(?P<h>.*)$")),
    ("article", re.compile(r"^Điều\s+(?P<l>\d{1,3})\s*[.:]\s*(?P<h>.*)$")),
    ("section", re.compile(r"^(?:MỤC|Mục)\s+(?P<l>\d{1,2}|[IVXLC]+)\s*[.:\-–]\s*(?P<h>.*)$")),
    ("arabic_multi", re.compile(r"^(?P<l>\d{1,3}(?:\.\d{1,3})+)\.?\s+(?P<h>[^\d\s].*)$")),
    ("roman", re.compile(r"^(?P<l>[IVXLC]{1,7})\s*[.)/\-–]\s*(?P<h>\S.*)$")),
    ("arabic", re.compile(r"^(?P<l>\d{1,3})\.\s*(?P<h>[^\d\s].*)$")),
    ("arabic_paren", re.compile(r"^(?P<l>\d{1,3})\)\s*(?P<h>\S.*)$")),
    ("arabic_brackets", re.compile(r"^\((?P<l>\d{1,3})\)\s*(?P<h>\S.*)$")),
    # "(i). Chỉ đạo Cục Đăng kiểm …", "(ii) …": a letter's requests numbered in small roman
    ("roman_brackets", re.compile(r"^\((?P<l>[ivx]{1,5})\)\.?\s*(?P<h>\S.*)$")),
    ("letter", re.compile(r"^(?P<l>[a-zđ])\.\s*(?P<h>[^\s.].*)$")),
    ("letter_paren", re.compile(r"^(?P<l>[a-zđ])\)\s*(?P<h>\S.*)$")),
    ("upper", re.compile(r"^(?P<l>[A-ZĐ])[.)]\s+(?P<h>\S.*)$")),
    ("dash", re.compile(r"^[-–—•]\s*(?P<h>[^\s\-–—].*)$")),
    ("plus", re.compile(r"^\+\s*(?P<h>\S.*)$")),
    ("star", re.compile(r"^\*\s*(?P<h>[^\s*].*)$")),
]
_BULLET_LABELS = {"dash": "-", "plus": "+", "star": "*"}


_AMOUNT_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?\s+(?P<w>[^\s,.;:]+)")


def is_amount(text: str) -> bool:
    """Whether ``text`` starts with a number written in thousands ("1.500 triệu đồng …", "2.000
    USD", "3.071 TTHC/4.888 TTHC …", "141.516 STT 1, PL 2 …" a table's sum run into the next cell):
    a paragraph, not an item "1.500" (an item's number of three digits is followed by its dot)."""
    return _AMOUNT_RE.match(text) is not None


_INITIALS_RE = re.compile(r"^\s*[A-ZĐ]\.[A-ZĐ]{1,2}\.?\s*$")


def match_label(text: str) -> Label | None:
    """The label at the start of a line, or None for a plain paragraph."""
    if text[:1].isdigit() and is_amount(text):
        return None
    if _INITIALS_RE.match(text):
        return None  # "V.N", "T.H.": a writer's initials under a news item, no item
    for style, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        heading = m["h"].strip() if m.groupdict().get("h") is not None else ""
        if style in _BULLET_LABELS:
            return Label(_BULLET_LABELS[style], style, heading)
        label = m["l"]
        if style == "roman" and label == "V" and heading[:1] in ("v", "V") and text[1:2] == "/":
            continue  # "V/v …": the subject line of an official letter
        if style == "roman":
            if roman_value(label) is None:
                continue
            if len(label) == 1 and label in "CDILVXM":
                return Label(label, "roman", heading, alternative=("upper", label))
            return Label(label, style, heading)
        if style == "arabic_multi":
            return Label(label, f"arabic{label.count('.') + 1}", heading)
        if style == "upper" and label in "IVXLCDM":
            return Label(label, "roman", heading, alternative=("upper", label))
        if style in ("part", "chapter", "article", "section"):
            prefix = {"part": "Phần", "chapter": "Chương", "article": "Điều", "section": "Mục"}[style]
            return Label(f"{prefix} {label}", style, heading)
        return Label(label, style, heading)
    return None


_DIVISIONS = frozenset({"part", "chapter"})


class OutlineBuilder:
    """Builds the tree line by line; ``reset`` starts the outline of an attached document."""

    def __init__(self) -> None:
        self.roots: list[Section] = []
        self.stack: list[tuple[str, Section]] = []
        self.expected: dict[str, str] = {}

    def reset(self) -> None:
        self.stack = []

    def _choose(self, label: Label) -> Label:
        """ "C." after "B." is a capital letter; "V." after "IV." is a Roman numeral."""
        if label.alternative is None:
            return label
        style, text = label.alternative
        styles = [s for s, _node in self.stack]
        as_letter = Label(text, style, label.heading)
        if "upper" in styles and self._next_in("upper") == text:
            if text == "I" and self._romans_under_letters():
                return label  # "A. PHẦN MỘT / I. … / H. PHẦN TÁM / I. …": the first numeral of H
            return as_letter
        if "roman" in styles and self._next_in("roman") == text:
            return label
        if text == "I":
            return label
        if "upper" in styles:
            return as_letter
        return label if text in ("V", "X") and "roman" in styles else as_letter

    def _romans_under_letters(self) -> bool:
        """Whether the open capital letter has no items yet and those before it hold Roman ones."""
        index = max(i for i, (s, _node) in enumerate(self.stack) if s == "upper")
        node = self.stack[index][1]
        if node.children:
            return False
        siblings = self.stack[index - 1][1].children if index > 0 else self.roots
        return any(child.style == "roman" for sibling in siblings for child in sibling.children)

    def _next_in(self, style: str) -> str | None:
        for s, node in reversed(self.stack):
            if s == style:
                if style == "roman":
                    value = roman_value(node.label)
                    return roman(value + 1) if value else None
                if style == "upper":
                    index = _LETTER_INDEX.get(node.label.lower())
                    if index is not None and index + 1 < len(VIETNAMESE_LETTERS):
                        return VIETNAMESE_LETTERS[index + 1].upper()
                return None
        return None

    def goes_on_inline(self, label: Label) -> bool:
        """ "(ii)" opening a line with no "(i)" item before it, or "(i) …; (ii) …" on one line: an
        enumeration inside the text ("Về nguồn nhân lực: (i) Đào tạo …"; "… như sau: (1) Tổng
        số TTHC …;" / "(2) Cắt giảm …"), not items."""
        first = {"roman_brackets": ("i", "(ii)"), "arabic_brackets": ("1", "(2)")}.get(label.style)
        if first is None:
            return False
        if label.label == first[0]:
            return label.style == "roman_brackets" and first[1] in label.heading
        return label.style not in (s for s, _node in self.stack)

    def add(self, label: Label, line: int, end: int, *, source: str = "text") -> Section:
        label = self._choose(label)
        self._one_read_as_roman(label)
        node = Section(label=label.label, heading=label.heading, style=label.style, line=line, end_line=end)
        node.source = source
        styles = [s for s, _n in self.stack]
        if label.style in styles:
            while self.stack and self.stack[-1][0] != label.style:
                self.stack.pop()
            self.stack.pop()
        elif label.style in BULLETS:
            # a bullet after a deeper bullet of another kind: close the deeper one
            pass
        elif label.style in _DIVISIONS:
            # a part or chapter is never inside a numbered item ("7. Sở Nội vụ …" left over from a
            # lost page, then "Chương II"): it closes the items open before it
            while self.stack and self.stack[-1][0] not in _DIVISIONS:
                self.stack.pop()
        parent = self.stack[-1][1] if self.stack else None
        (parent.children if parent is not None else self.roots).append(node)
        self.stack.append((label.style, node))
        return node

    def _one_read_as_roman(self, label: Label) -> None:
        """ "I. Tổ chức tuyên truyền …" then "2. Rà soát …" (an OCR reading of "1."): the first
        item, a sentence not a part's heading in capitals, is "1", a sibling of the second, when
        nothing under it is numbered."""
        if label.style != "arabic" or label.label != "2" or len(self.stack) != 1:
            return
        style, first = self.stack[0]
        siblings = self.roots
        if style != "roman" or first.label != "I" or first.children or siblings[-1] is not first:
            return
        if first.heading.upper() == first.heading:
            return  # "I. MỤC ĐÍCH, YÊU CẦU" over "2. Yêu cầu": a part in capitals is a part
        if any(node.style == "arabic" for node in siblings):
            return
        first.label, first.style = "1", "arabic"
        self.stack[0] = ("arabic", first)

    def add_text(self, text: str, line: int, end: int) -> Section | None:
        """A paragraph: into the innermost item that is not a bullet."""
        while self.stack and self.stack[-1][0] in BULLETS:
            self.stack.pop()
        if not self.stack:
            return None
        node = self.stack[-1][1]
        node.body.append(text)
        node.body_lines.append(line)
        node.end_line = max(node.end_line, end)
        return node

    def current(self) -> Section | None:
        return self.stack[-1][1] if self.stack else None


def mend_misread_numbers(roots: list[Section]) -> None:
    """An item numbered out of turn between two that leave exactly its number free ("4.", "3.",
    "6." in an OCR text that misread "5."): the number its place gives it; Roman numerals out
    of turn whose last is their count: numbered in order; a letter likewise ("c)", "đ)", "đ)")."""

    def mend(nodes: list[Section]) -> None:
        romans = [node for node in nodes if node.style == "roman"]
        values = [roman_value(node.label) for node in romans]
        if len(romans) > 2 and values[-1] == len(romans) and values != list(range(1, len(romans) + 1)):
            # "I-", "I-", "II-", "IV-" (an OCR's reading of I, II, III, IV): the last is their count
            for index, node in enumerate(romans, start=1):
                node.label = roman(index)
        for before, node, after in zip(nodes, nodes[1:], nodes[2:], strict=False):
            same = before.style == node.style == after.style == "arabic"
            if same and before.label.isdigit() and node.label.isdigit() and after.label.isdigit():
                wanted = int(before.label) + 1
                if int(after.label) == wanted + 1 and int(node.label) != wanted:
                    node.label = str(wanted)
            lettered = before.style == node.style == after.style and node.style in ("letter", "letter_paren")
            if lettered and before.label in _LETTER_INDEX and after.label in _LETTER_INDEX:
                # "c)", "đ)", "đ)" (an OCR's "đ" for "d"): the one letter the two around it leave
                wanted = _LETTER_INDEX[before.label] + 1
                if _LETTER_INDEX[after.label] == wanted + 1 and node.label != VIETNAMESE_LETTERS[wanted]:
                    node.label = VIETNAMESE_LETTERS[wanted]
        for node in nodes:
            mend(node.children)

    mend(roots)


def assign_paths(roots: list[Section]) -> None:
    """Paths as the import names items: labels joined by dots, a repeated path followed by
    " (second)", " (third)", …"""
    taken: set[str] = set()

    def walk(nodes: list[Section], prefix: str) -> None:
        for node in nodes:
            path = f"{prefix}.{node.label}" if prefix else node.label
            if path in taken:
                n = 2
                while f"{path} ({ORDINALS.get(n, str(n))})" in taken:
                    n += 1
                path = f"{path} ({ORDINALS.get(n, str(n))})"
            taken.add(path)
            node.path = path
            walk(node.children, path)

    walk(roots, "")


def _ordinal(style: str, label: str) -> tuple[int, ...] | None:
    """A comparable value for a label of ``style`` ("IV" → (4,), "1.2" → (1, 2), "đ" → (4,))."""
    if style in ("roman", "roman_brackets"):
        value = roman_value(label.upper())
        return (value,) if value else None
    if style.startswith("arabic") or style in ("article",):
        parts = re.findall(r"\d+", label)
        return tuple(int(p) for p in parts) if parts else None
    if style in ("letter", "letter_paren", "upper"):
        index = _LETTER_INDEX.get(label.lower())
        if index is None and label.lower() in ("f", "j", "w", "z"):
            index = {"f": 5.5, "j": 8.5, "w": 18.5, "z": 20.5}[label.lower()]  # type: ignore[assignment]
        return (index,) if index is not None else None  # type: ignore[return-value]
    if style in ("part", "chapter", "section"):
        tail = label.split(" ", 1)[-1]
        value = roman_value(tail) or (int(tail) if tail.isdigit() else None)
        return (value,) if value else None
    return None


def _first(style: str) -> tuple[int, ...] | None:
    if style in ("letter", "letter_paren", "upper"):
        return (0,)
    if style.startswith("arabic") and style not in ("arabic", "arabic_paren"):
        return None  # "1.1" under "1.": checked by its last number only
    return (1,)


def _follows(style: str, previous: tuple[int, ...], current: tuple[int, ...]) -> bool:
    """Whether ``current`` is the label right after ``previous``."""
    if style in ("letter", "letter_paren", "upper"):
        p, c = previous[0], current[0]
        if c == p + 1:
            return True
        d_index = _LETTER_INDEX["d"]
        if p == d_index and c == d_index + 2:  # d → e: "đ" is often left out
            return True
        return (p == 5.5 and c == _LETTER_INDEX["g"]) or (p == _LETTER_INDEX["e"] and c == 5.5)
    if len(previous) != len(current):
        return False
    return previous[:-1] == current[:-1] and current[-1] == previous[-1] + 1


def check_sequences(roots: list[Section], warn: Callable[[ParseWarning], None]) -> None:
    """Report repeated, skipped and out-of-order labels among siblings of one style."""

    def visit(nodes: list[Section], parent: str) -> None:
        last: dict[str, tuple[Section, tuple[int, ...]]] = {}
        for node in nodes:
            value = _ordinal(node.style, node.label)
            if node.style in BULLETS or node.source == "table_row" or value is None:
                visit(node.children, node.path)
                continue
            where = parent or _("the top level")
            if node.style in ("letter", "letter_paren", "upper") and node.label.lower() in (
                "f",
                "j",
                "w",
                "z",
            ):
                warn(
                    ParseWarning(
                        "latin_letter",
                        _("Item %(label)s at %(where)s: Vietnamese lettering has no %(label)s.")
                        % {"label": node.label, "where": where},
                        where=node.path,
                        line=node.line,
                    )
                )
            previous = last.get(node.style)
            if previous is None:
                first = _first(node.style)
                if (
                    first is not None
                    and value[-1:] != first
                    and not (node.style.startswith("arabic") and len(value) > 1 and value[-1] == 1)
                ):
                    expected = _label_for(node.style, first)
                    warn(
                        ParseWarning(
                            "skipped_label",
                            _("The items at %(where)s start at %(label)s, not %(expected)s.")
                            % {"where": where, "label": node.label, "expected": expected},
                            where=node.path,
                            line=node.line,
                            extra={"label": node.label, "expected": expected},
                        )
                    )
            else:
                prev_node, prev_value = previous
                if value == prev_value:
                    warn(
                        ParseWarning(
                            "duplicate_label",
                            _(
                                "Two items at %(where)s are numbered %(label)s (%(first)s; %(second)s); "
                                "both are kept, in order."
                            )
                            % {
                                "where": where,
                                "label": node.label,
                                "first": _short(prev_node.heading),
                                "second": _short(node.heading),
                            },
                            where=prev_node.path,
                            line=node.line,
                            extra={"label": node.label, "paths": [prev_node.path, node.path]},
                        )
                    )
                elif not _follows(node.style, prev_value, value):
                    code = "skipped_label" if value > prev_value else "label_order"
                    message = (
                        _("Item %(label)s follows %(previous)s at %(where)s: an item seems to be missing.")
                        if code == "skipped_label"
                        else _("Item %(label)s at %(where)s comes after %(previous)s: the order is unusual.")
                    )
                    warn(
                        ParseWarning(
                            code,
                            message % {"label": node.label, "previous": prev_node.label, "where": where},
                            where=node.path,
                            line=node.line,
                            extra={"label": node.label, "previous": prev_node.label},
                        )
                    )
            last[node.style] = (node, value)
            visit(node.children, node.path)

    visit(roots, "")


def _label_for(style: str, value: tuple[int, ...]) -> str:
    if style == "roman":
        return "I"
    if style in ("letter", "letter_paren"):
        return VIETNAMESE_LETTERS[value[0]]
    if style == "upper":
        return VIETNAMESE_LETTERS[value[0]].upper()
    return str(value[-1])


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def is_bullet(text: str) -> bool:
    """Whether a line of text is a bullet ("- …", "+ …", "• …")."""
    found = match_label(text)
    return found is not None and found.style in BULLETS
