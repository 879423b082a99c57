"""Repair the layout of a plan's text before reading its structure.

NFC; invisible characters and stray spaces removed; "|" and tab separators of web copies and
of Word tables taken apart (task tables kept as rows of cells); page numbers dropped; lines
that a PDF or an e-mail wrapped are joined again: a label alone on its line with the text
after it, a line that continues a sentence (it starts in lower case, or the line before ends
with a comma, a dash or a word that cannot end a sentence), an upper-case heading wrapped
over two lines. Every line keeps the numbers of the source lines it came from.
"""

from __future__ import annotations

import functools
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from khcn.core.text import STOP_WORDS, nfc, normalize_tones
from khcn.plans.parser import spaced
from khcn.plans.parser.agencies import find_mentions
from khcn.plans.parser.lexicon import PROVINCES, SO_DESIGNATIONS, WEB_PAGE_END_SENTENCES, WEB_PAGE_ENDS
from khcn.plans.parser.outline import is_amount
from khcn.plans.parser.tables import (
    LABEL_CELL_RE,
    bar_line_tables,
    column_numbers,
    is_header_like,
    split_cells,
    task_columns,
)

# A line alone that opens a news page's lists of other articles (the copied text ends there).
_WEB_PAGE_END_RE = re.compile(
    r"^[\s•·*#-]*(?:(?:" + "|".join(re.escape(w) for w in WEB_PAGE_ENDS) + r")\s*:?\s*$"
    r"|(?:" + "|".join(re.escape(w) for w in WEB_PAGE_END_SENTENCES) + r")\b)",
    re.IGNORECASE,
)
# The rule under a Markdown table's header ("| --- | :---: |").
_MARKDOWN_RULE_RE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?\|?\s*$")
# Markdown emphasis around words, as a copy kept in Markdown prints them; a bullet "* " is not.
_EMPHASIS_RE = re.compile(r"(?<![\w*])\*{1,2}(?=\S)([^*\n]+?)(?<=\S)\*{1,2}(?![\w*])")
# A Markdown heading's marks, as a copy converted to Markdown prints them over its headings: "##
# II. NHIỆM VỤ CỤ THỂ", "# NGHỊ QUYẾT", "### 1. Nâng cao nhận thức …" (a heading in capitals or
# opening with a label; a "#" line of other words is a note about the copy, left as it is).
_ATX_HEADING_RE = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+(?P<rest>.*)$")
_ATX_LABEL_RE = re.compile(r"^(?:(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]|Điều\s+\d+[.:]?)\s")


def _atx_heading(match: re.Match[str]) -> str:
    rest = match["rest"]
    return rest if is_all_upper(rest) or _ATX_LABEL_RE.match(rest) else match.group()


# A Markdown escape before punctuation ("1\\. Nâng cao …", "57\\-NQ/TW"): the character itself.
_HARD_BREAK_RE = re.compile(r"\\(?=[ \t]|$)", re.MULTILINE)
_WRAPPED_BOLD_RE = re.compile(r"^[ \t]*\*\*(?=\S)[^*]{1,300}?(?<=\S)\*\*[ \t]*$", re.MULTILINE)
_OPEN_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,120}?)\s+\*(?=[^\s*])")
# (its closing mark after a space at the line's end too: "*Cần Thơ, ngày 21" / "tháng 11 năm 2025 *")
_WRAPPED_EMPHASIS_RE = re.compile(
    r"(?<![\w*])\*(?=\S)([^*]{1,400}?)(?:(?<=\S)|[ \t]+(?=\*[ \t]*$))\*(?![\w*])", re.MULTILINE
)
_SIMPLE_TABLE_RULE_RE = re.compile(r"^[ \t]*-{3,}(?:[ \t]+-{3,})+[ \t]*$", re.MULTILINE)
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([-.*_#+!()\[\]\\`|>])")
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,;:!?)\]]|\.(?!\.))")  # not before "..." (a blank)
_SPACE_AFTER_OPEN_RE = re.compile(r"([(\[])\s+")
_GLUED_AMPERSAND_RE = re.compile(r"(?<=\s)&(?=[^\W\d_]{2})")
# A rule under a heading ("-----"), or the star under a party committee's name ("*").
SEPARATOR_RE = re.compile(r"^(?:[-_=*.–—~]{3,}|\*)$")
_PAGE_RE = re.compile(
    r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^(?:trang|page)\s+\d{1,4}(?:\s*(?:/|of|trên)\s*\d{1,4})?$"
    r"|^=+\s*(?:trang|page)\s+\d{1,4}\s*=+$"  # "===== Trang 2 =====": an extractor's page marker
    r"|^\d{1,4}\s*/\s*\d{1,4}$",
    re.IGNORECASE,
)
# A scan's running head: the file name and the page ("18.CTRTW31.DOC 2", OCR: "DOC §", "DOC 1 0").
_FILE_STAMP_RE = re.compile(r"^[\w.\-]+\.(?:docx?|pdf)(?:\s+[\d§]{1,2}(?:\s\d)?)?(?:\s+|$)", re.IGNORECASE)
# OCR's Roman numerals of the top level: "1-" or "l-" for "I-", "HI-" for "III-", over a heading
# in capitals, in a text whose "II-" heading is read right.
_OCR_ROMAN_RE = re.compile(r"^(?P<label>[1lI|]|HI|H|IH)(?P<mark>[-.])\s+(?P<heading>\S.*)$")
_ROMAN_HEADING_RE = re.compile(r"^(?P<label>[IVX]{1,4})[-.]\s+(?P<heading>\S.*)$")
_OCR_ROMANS = {"1": "I", "l": "I", "|": "I", "HI": "III", "IH": "III", "H": "II"}


def _ocr_romans(lines: list[str], repairs: dict[str, int]) -> list[str]:
    """Top-level Roman labels OCR misread, put right where the text's other Roman headings show
    the sequence: "1- MỤC ĐÍCH, YÊU CẦU" before "II- NHIỆM VỤ", "HI- TỔ CHỨC" after it."""
    romans = [
        m["label"]
        for line in lines
        if (m := _ROMAN_HEADING_RE.match(line.strip())) and _capitals(m["heading"])
    ]
    if "II" not in romans:
        return lines
    out = list(lines)
    seen_two = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        good = _ROMAN_HEADING_RE.match(stripped)
        if good and good["label"] == "II" and _capitals(good["heading"]):
            seen_two = True
            continue
        m = _OCR_ROMAN_RE.match(stripped)
        if m is None or not _capitals(m["heading"]):
            continue
        roman = _OCR_ROMANS.get(m["label"], m["label"])
        if (roman == "I" and not seen_two and "I" not in romans) or (
            roman == "III" and seen_two and "III" not in romans
        ):
            out[index] = f"{roman}{m['mark']} {m['heading']}"
            repairs["ocr_labels"] = repairs.get("ocr_labels", 0) + 1
    return out


def _teasers_from(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` and the next two filled lines are short lines cut with "…" (the
    teasers of other articles under a news item)."""
    teasers = 0
    for line in lines[index:]:
        stripped = line.strip()
        if not stripped:
            continue
        if not (stripped.endswith("…") and len(stripped) < 160):
            return False
        teasers += 1
        if teasers == 3:
            return True
    return False


def _capitals(heading: str) -> bool:
    """A heading in capitals ("MỤC ĐÍCH, YÊU CẦU"), its letters all upper case."""
    letters = [ch for ch in heading if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


# A label with nothing after it: "II.", "1.", "a)", "Điều 3.", "-".
_LABEL_ONLY_RE = re.compile(
    r"^(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđA-ZĐ]|(?:Điều|Phần|Chương|Mục|PHẦN|CHƯƠNG|MỤC)\s+[\dIVXLC]+)"
    r"[.):]?$|^[-–—+•*]$"
)
# The start of a labelled line (to refuse to glue such a line to the one before).
LABEL_START_RE = re.compile(
    r"^(?:[IVXLC]{1,6}[.)/]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|\d{1,3}\.\d{1,3}(?:\.\d{1,3})*\s|[a-zđ][.)]\s"
    r"|[A-ZĐ][.)]\s|\(\d{1,3}\)\s|[-–—+•*]\s*\S|(?:Điều|Phần|Chương|Mục|PHẦN|CHƯƠNG|MỤC)\s+[\dIVXLC]+\b)"
)
_TERMINAL = ".;:!?…"
# An item's heading cut after "Thường trực" (the standing committee of the body named next).
_STANDING_WRAPPED_RE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.\s+Thường trực\s*$")
# A decision's article that decides (a sentence to its full stop or colon, wherever its lines
# break), not a regulation's article titled "Điều 5. Trách nhiệm của Sở …"
_DECIDING_ARTICLE_RE = re.compile(
    r"^Điều\s+\d{1,3}[.:]\s+(?:Phê duyệt|Ban hành|Thành lập|Công nhận|Công bố|Điều chỉnh|Phân bổ|Kiện toàn"
    r"|Bãi bỏ|Sửa đổi|Giao)\b"
    # the execution article cut after its first title: "Điều 3. Chánh" / "Văn phòng UBND tỉnh, …"
    r"|^Điều\s+\d{1,3}[.:]\s+(?:Chánh|Thủ trưởng|Giám đốc|Chủ tịch)\s*$"
)
# An article's word alone on its line, and the number that goes on from it ("Điều" / "1. …").
_LABEL_WORD_RE = re.compile(r"^\s*(?:Điều|ĐIỀU)\s*$")
_ARTICLE_NUMBER_RE = re.compile(r"^\d{1,3}[.:]?(?:\s|$)")
# Words after which a sentence cannot end: the next line continues it.
_JOINING_WORDS = frozenset(
    [
        "ngày",  # "… ngày" / "25 tháng 7 năm 2022 …": a date wrapped after its first word
        "giao",  # "Hội đồng nhân dân tỉnh giao" / "Thường trực …": whom it tasks follows
        "tháng",
        "số",
        "và",
        "của",
        "với",
        "các",
        "những",
        "cho",
        "về",
        "theo",
        "tại",
        "trong",
        "để",
        "là",
        "được",
        "từ",
        "đến",
        "như",
        "hoặc",
        "hay",
        "bằng",
        "do",
        "trên",
        "dưới",
        "vào",
        "ra",
        "thì",
        "mà",
        "nhằm",
        "thuộc",
        "gồm",
        "cùng",
        "có",
    ]
)


# Capitalised words that open a sentence and never go on one: a line they begin is no wrapped line.
_SENTENCE_OPENERS = frozenset(
    {"Nhằm", "Để", "Theo", "Thực", "Ngày", "Sau", "Trước", "Căn", "Qua", "Đồng", "Ngoài", "Tuy", "Do"}
)


@dataclass
class Line:
    """A line of the repaired text: ``text`` (or ``cells`` for a task-table row) and the
    first and last source line it came from (1-based)."""

    no: int
    end: int
    text: str
    cells: list[str] | None = None
    columns: dict[str, int] | None = None
    header: bool = False
    indent: int = 0  # the source line's leading spaces (a PDF's paragraph indent)
    last: int | None = None  # lines joined: the width of the last one

    @property
    def width(self) -> int:
        """How far the (last) source line reached: a paragraph's indent and its text (a centred
        line's wide indent is not counted)."""
        if self.last is not None:
            return self.last
        return (self.indent if self.indent <= 12 else 0) + len(self.text)

    @property
    def is_table(self) -> bool:
        return self.cells is not None


@dataclass
class Layout:
    lines: list[Line]
    repairs: dict[str, int] = field(default_factory=dict)


def clean_line(text: str) -> str:
    """One line with its spacing repaired (and words a copy glued together cut apart)."""
    text = _SPACES_RE.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN_RE.sub(r"\1", text)
    text = _GLUED_AMPERSAND_RE.sub("& ", text)  # "Khoa học &Công nghệ"
    return _GLUED_RE.sub(lambda m: unglue(m.group()), text)


# Vietnamese writes every syllable apart, and a syllable carries one tone mark at most; a copy
# that lost spaces glues them: "Môi trườngchủ trì", "trướcngày 20/11", "BáoThanh tra".
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_ONSETS = frozenset(
    {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h"}
    | {"k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}
)
_GLUED_RE = re.compile(r"[^\W\d_]{5,}")


def _toned(ch: str) -> bool:
    return any(mark in _TONE_MARKS for mark in unicodedata.normalize("NFD", ch))


def unglue(word: str) -> str:
    """A word cut where a copy glued two syllables or two words: a lower-case letter followed by
    a capital ("BáoThanh" → "Báo Thanh"), or two tone marks in one word ("trườngchủ" →
    "trường chủ", "trướcngày" → "trước ngày"); any other word as it is."""
    for i in range(2, len(word) - 1):
        if word[i - 1].islower() and word[i].isupper() and word[i + 1].islower():
            return f"{unglue(word[:i])} {unglue(word[i:])}"  # two words of two letters or more
    toned = [i for i, ch in enumerate(word) if _toned(ch)]
    if len(toned) < 2:
        return _unglue_known(word)
    first, second = toned[0], toned[1]
    begin = first + 1
    while begin < second and _vowel(word[begin]):
        begin += 1  # the first syllable's glide ("người")
    end = begin
    while end < second and not _vowel(word[end]):
        end += 1  # the consonants between the two syllables' vowels
    cluster = word[begin:end].lower()
    cuts = [
        begin + cut for cut in range(len(cluster) + 1) if cluster[:cut] in _CODAS and cluster[cut:] in _ONSETS
    ]
    if not cuts:
        return word
    # "thựchiện" may be "thực hiện" or "thự chiện", "cáchuyện" "các huyện" or "cá chuyện": the
    # syllables of the vocabulary decide (both, else the first).
    known = _known_syllables()

    def is_known(part: str) -> bool:
        return normalize_tones(part.lower()) in known

    second_end = next(
        (i for i in range(second + 1, len(word)) if not word[i].isalpha() or _toned(word[i])), len(word)
    )
    cut = next(
        (c for c in cuts if is_known(word[:c]) and is_known(word[c:second_end])),
        next((c for c in cuts if is_known(word[:c])), cuts[0]),
    )
    return f"{word[:cut]} {unglue(word[cut:])}"


def _unglue_known(word: str) -> str:
    """A word with one tone mark or none cut where it is two syllables of the parser's own
    vocabulary ("Giaocho" → "Giao cho", "Ủyban" → "Ủy ban", "Banhành" → "Ban hành"): the second
    begins with a consonant and each has a vowel, which no single syllable can be (one group of
    vowels), and both are words of the lexicon and the rules, so a loanword ("video", "robot") or
    a name stays whole."""
    known = _known_syllables()
    if normalize_tones(word.lower()) in known:
        return word
    for cut in range(2, len(word) - 1):
        first, rest = word[:cut], word[cut:]
        if _vowel(rest[0]) or not any(_vowel(ch) for ch in first) or not any(_vowel(ch) for ch in rest):
            continue
        if normalize_tones(first.lower()) not in known:
            continue
        if normalize_tones(rest.lower()) in known:
            return f"{first} {rest}"
        again = _unglue_known(rest)
        if again != rest:
            return f"{first} {again}"
    return word


@functools.cache
def _known_syllables() -> frozenset[str]:
    """Every syllable of the parser's word lists (``lexicon``, ``rules``) and of the function
    words: the vocabulary of assigning texts ("giao", "cho", "ủy", "ban", "hành", "tỉnh" …)."""
    from khcn.plans.parser import lexicon, rules

    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.update(normalize_tones(w) for w in re.findall(r"[^\W\d_]+", value.lower()))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item)

    for module in (lexicon, rules):
        for name in dir(module):
            if name.isupper():
                walk(getattr(module, name))
    walk(STOP_WORDS)
    return frozenset(w for w in found if len(w) >= 2)


def _vowel(ch: str) -> bool:
    return unicodedata.normalize("NFD", ch.lower())[0] in "aeiouy"


def is_all_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def prepare(text: str) -> Layout:
    """Split ``text`` into repaired lines (blank lines dropped)."""
    text = nfc(text)
    text = _INVISIBLE_RE.sub("", text)
    text = _EMPHASIS_RE.sub(r"\1", text)  # "*Hà Nội, ngày 02 tháng* *5 năm 2024*" (a Markdown copy)
    text = _ATX_HEADING_RE.sub(_atx_heading, text)
    text = _MARKDOWN_ESCAPE_RE.sub(r"\1", text)
    # a converter's Markdown of a Word file (pandoc): a hard line break "\" before a cell's end or
    # the line's, bold "**" opened on one line and closed on another ("**ỦY BAN THƯỜNG VỤ\ … QUỐC HỘI\")
    text = _HARD_BREAK_RE.sub("", text)
    # a bold line wrapped by the converter is one line ("**2. Ban Quản lý Khu kinh tế" / "Đông Nam**")
    text = _SPLIT_BOLD_HEADING_RE.sub(_bold_heading_joined, text)
    text = _WRAPPED_BOLD_RE.sub(lambda m: m.group().replace("\n", " "), text).replace("**", "")
    text = _WRAPPED_EMPHASIS_RE.sub(r"\1", text)  # "*(Kèm theo Nghị quyết số …" / "… khoá XIII)*"
    text = _OPEN_EMPHASIS_RE.sub(r"\1 ", text)  # "*Đơn vị chủ trì: *Sở Nội vụ" (the space inside the marks)
    text = _SIMPLE_TABLE_RULE_RE.sub("", text)  # its "-------- --------" rules above and below a table
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    repairs = {"pipes": 0, "page_numbers": 0, "joined": 0, "spaces": 0, "separators": 0, "unflattened": 0}
    raw = _to_page_end(text.split("\n"), repairs)
    raw = _with_spaced_tables(_with_bar_line_tables(_ocr_romans(raw, repairs), repairs), repairs)
    staged: list[Line | None] = []  # None marks a blank line (a paragraph break)
    columns: dict[str, int] | None = None
    bordered = True  # whether the task table under way has outer pipes
    index = 0
    while index < len(raw):
        number = index + 1
        source = raw[index]
        index += 1
        if not source.strip():
            staged.append(None)
            continue
        if _MARKDOWN_RULE_RE.match(source):
            continue  # "| --- | --- |" under a Markdown table's header: the table goes on
        rebuilt = _cell_table(raw, index - 1)
        if rebuilt is not None:
            rows, index = rebuilt
            staged.extend(rows)
            repairs["cell_tables"] = repairs.get("cell_tables", 0) + 1
            columns = None
            continue
        cells = split_cells(source, bordered=bordered or columns is None)
        if cells is not None:
            if columns is not None and column_numbers(cells):
                continue  # " | (1) | (2) | (3)" under the header: the columns' numbers
            if columns is not None and len(cells) >= 2 and not is_header_like(cells):
                staged.append(Line(number, number, " | ".join(c for c in cells if c), cells, columns))
                continue
            cells = split_cells(source) or cells  # a header: outer pipes, if any, are its border
            own_border = source.strip().startswith("|")
            below = _next_cells(raw, index, bordered=own_border)
            found = task_columns(cells, below)
            if found is not None:
                columns, bordered = found, own_border
                staged.append(Line(number, number, " | ".join(c for c in cells if c), cells, found, True))
                if below is not None and is_header_like(below):
                    staged.append(Line(index + 1, index + 1, " | ".join(below), below, found, True))
                    index += 1
                continue
            if columns is not None and is_header_like(cells):
                staged.append(Line(number, number, " | ".join(c for c in cells if c), cells, columns, True))
                continue
            columns = None
            repairs["pipes"] += 1
            for cell in cells:
                cleaned = clean_line(cell)
                if cleaned and not SEPARATOR_RE.match(cleaned):
                    staged.append(Line(number, number, cleaned))
            continue
        columns = None
        cleaned = clean_line(source)
        if cleaned != source.strip():
            repairs["spaces"] += 1
        previous = staged[-1] if staged else None
        if (
            previous is not None
            and not previous.is_table
            and previous.text[-1] in "-–"
            and cleaned.isdigit()
            and len(cleaned) <= 4
        ):
            # "giai đoạn 2021 -" / "2025": the end of a range, not a page number
            staged[-1] = Line(previous.no, number, f"{previous.text} {cleaned}")
            repairs["joined"] += 1
            continue
        if _WEB_PAGE_END_RE.match(normalize_tones(cleaned.lower())) or _teasers_from(raw, index - 1):
            # "Các tin khác", "• Từ khóa" on a line of its own, or other articles' headlines cut
            # with "…" one after the other: a news page's lists of other articles begin; the
            # text that was copied ends here
            repairs["web_page_end"] = 1
            break
        stamp = _FILE_STAMP_RE.match(cleaned)
        if stamp:
            # "18.CTRTW31.DOC 3 loại dự án …": the typist's file name and the page's number in
            # a scan's running head, the page's first words after it
            repairs["page_numbers"] += 1
            cleaned = cleaned[stamp.end() :]
            if not cleaned:
                continue
        if _PAGE_RE.match(cleaned):
            repairs["page_numbers"] += 1
            continue
        if SEPARATOR_RE.match(cleaned):
            repairs["separators"] += 1
            staged.append(None)
            continue
        numbered = _NUMBERED_HEADING_RE.match(cleaned)
        if numbered and not any(ch.islower() for ch in numbered["before"]):
            # "1. THÀNH PHỐ HỒ CHÍ MINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA …": a viewer's page number
            # before the heading block, not an item
            cleaned = cleaned[numbered.end() :]
            repairs["page_numbers"] += 1
        if _PAGE_THEN_BULLET_RE.match(cleaned):
            cleaned = _PAGE_THEN_BULLET_RE.sub("", cleaned)  # "2. - Trung tâm …": a page's number
            repairs["page_numbers"] += 1
        # Once a line of the text was flattened, the text is: its shorter lines are cut too.
        flat = bool(repairs["unflattened"])
        parts = [
            bullet
            for part in _AS_FOLLOWS_RE.split(cleaned)
            for piece in (unflatten(part, shortest=120, fewest=1) if flat else unflatten(part))
            if piece
            for bullet in _bullets_of_agencies(piece)
        ]
        if len(parts) > 1 and (flat or len(cleaned) >= _FLAT_MIN):
            repairs["unflattened"] += 1
        indent = len(source) - len(source.lstrip(" "))
        staged.extend(
            Line(number, number, _GLUED_LABEL_RE.sub(r"\1 ", part), indent=indent if len(parts) == 1 else 0)
            for part in parts
        )
    lines = _join(staged, repairs)
    return Layout(lines=lines, repairs=repairs)


def _to_page_end(raw: list[str], repairs: dict[str, int]) -> list[str]:
    """The lines before a web page's own matter begins ("Các tin khác", "Văn bản này chưa cập nhật
    nội dung Tiếng Anh" on a line of their own): cut before the tables are rebuilt, so that no
    table runs on into the page."""
    for index, source in enumerate(raw):
        # (such a line is short; the lines' own loop below still reads every line's end)
        if len(source) <= 80 and _WEB_PAGE_END_RE.match(normalize_tones(clean_line(source).lower())):
            repairs["web_page_end"] = 1
            return raw[:index]
    return raw


def _with_bar_line_tables(raw: list[str], repairs: dict[str, int]) -> list[str]:
    """The lines, each task table a converter wrote one cell at a time between "|" lines
    (``tables.bar_line_tables``) rewritten as "| … |" rows in place of its lines."""
    found = bar_line_tables(raw) if any(line.strip() == "|" for line in raw) else []
    return _spliced(raw, found, repairs, "bar_tables")


def _with_spaced_tables(raw: list[str], repairs: dict[str, int]) -> list[str]:
    """The lines, each task table printed with spaces (a PDF's text saved with its layout)
    rewritten as "| … |" rows, one per table row, in place of its lines. (A line's number then
    counts the rows, not the source lines, from the first such table on.)"""
    found = spaced.text_tables(raw) if "   " in "\n".join(raw) else []
    return _spliced(raw, found, repairs, "spaced_tables")


def _spliced(
    raw: list[str], found: list[tuple[int, int, list[str]]], repairs: dict[str, int], kind: str
) -> list[str]:
    """``raw`` with each table found (first line, line after it, its rows) put in its place."""
    if not found:
        return raw
    out: list[str] = []
    at = 0
    for start, end, rows in found:
        out.extend(raw[at:start])
        out.extend(rows)
        at = end
    repairs[kind] = len(found)
    return out + raw[at:]


# A document whose line breaks were lost (copied from a viewer, an e-mail, a one-line PDF text
# layer) is one long line: it is cut again before what starts a line in a directive — a label
# ("II.", "1.2.", "a)") or a bullet after the end of a sentence or of an upper-case heading, and
# the heading block's and preamble's own words.
_NUMBERED_HEADING_RE = re.compile(r"^\d{1,3}\.\s+(?=(?P<before>.{0,80}?)CỘNG HÒA XÃ HỘI CHỦ NGHĨA)")
# Vietnamese capitals (a range such as "À-Ỹ" would take small letters too).
_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# "1.1.Danh nghĩa tổ chức:": a label glued to its text.
_GLUED_LABEL_RE = re.compile(rf"^(\d{{1,2}}(?:\.\d{{1,2}})+\.)(?=[{_UPPER}][^\W\d_{_UPPER}])")
# "… UBND tỉnh có ý kiến như sau: Sở Thông tin và Truyền thông chủ trì …": what follows "như
# sau:" is the body, on a line of its own (a copy that ran them together).
_AS_FOLLOWS_RE = re.compile(rf"(?<=(?:như sau|sau đây):)\s+(?=[{_UPPER}])")
# "2. - Trung tâm Thể dục thể thao": a number before a bullet is a viewer's page number.
_PAGE_THEN_BULLET_RE = re.compile(r"^\d{1,3}\.\s+(?=[-+•]\s)")
_INLINE_BULLET_RE = re.compile(r"\s+[-+•]\s+")


def _bullets_of_agencies(line: str) -> list[str]:
    """ "- Công An - Huyện đội - Ủy ban nhân dân các xã, thị trấn": bullets of agencies a copy ran
    together on one line, cut apart where a dash is followed by an agency's name."""
    if not line.startswith(("- ", "+ ", "• ")) or len(_INLINE_BULLET_RE.findall(line)) < 1:
        return [line]
    from khcn.plans.parser.agencies import head_at, tokenize

    cuts = [0]
    for m in _INLINE_BULLET_RE.finditer(line, 2):
        toks = tokenize(line[m.end() :][:60])
        if toks and head_at(toks, 0) is not None:
            cuts.append(m.start())
    if len(cuts) == 1:
        return [line]
    return [line[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(line)], strict=True)]


_FLAT_MIN = 600  # a paragraph of a plan is rarely longer; a flattened document always is
_FLAT_MARKER_RE = re.compile(
    r"\s+(?=(?P<label>(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])[.)])\s*(?P<after_label>\S)"
    r"|(?P<bullet>[-+•])\s+(?P<after_bullet>\S)"
    r"|(?P<word>CỘNG HÒA XÃ HỘI CHỦ NGHĨA|Độc lập\s*[-–]\s*Tự do|Số\s*:|Căn cứ\s|Thực hiện\s|Kính gửi\s*:"
    r"|Nơi nhận\s*:|QUYẾT ĐỊNH\s*:|Điều\s+\d+\s*[.:]"
    rf"|(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|THÔNG BÁO|CHƯƠNG TRÌNH|BÁO CÁO)\s+[{_UPPER}]{{2}}"  # type over title
    rf"|(?P<place>[{_UPPER}][\w’']*(?:\s+[{_UPPER}][\w’']*){{0,3}},\s+ngày\s+\d)))"  # "Cần Giờ, ngày 26 …"
)


def unflatten(text: str, *, shortest: int = _FLAT_MIN, fewest: int = 3) -> list[str]:
    """``text`` cut where a flattened document's lines began (see ``_FLAT_MARKER_RE``), or
    ``[text]`` for a line that is not one: shorter than ``shortest``, or with fewer than
    ``fewest`` such places."""
    if len(text) < shortest:
        return [text]
    cuts: list[int] = []
    for m in _FLAT_MARKER_RE.finditer(text):
        before = text[: m.start()].rstrip()
        if not before:
            continue
        if m["word"]:
            # the heading block's words start a line wherever they are; a preamble's or an
            # article's only after a sentence ("… quy định tại Điều 5." is a reference)
            heading_block = not m["word"].startswith(("Căn cứ", "Thực hiện", "Điều", "Kính gửi", "Nơi nhận"))
            if m["place"]:
                # the place and date after the number ("Số: 25/KH-UBND Cần Giờ, ngày …"), not a
                # meeting's ("… tổ chức tại Hà Nội, ngày 5/6")
                heading_block = bool(re.search(r"\d+\s*/\s*[A-ZĐ]", before[-40:])) or _caps_end(before)
            ok = heading_block or before[-1] in ".:;!?)" or _caps_end(before)
        elif m["label"]:
            ok = m["after_label"].isupper() and (before[-1] in ".:;!?" or _caps_end(before))
        else:
            ok = m["after_bullet"].isupper() and before[-1] in ".:;!?"
        if ok:
            cuts.append(m.start())
    if len(cuts) < fewest:
        return [text]
    parts, start = [], 0
    for cut in cuts:
        parts.append(text[start:cut].strip())
        start = cut
    parts.append(text[start:].strip())
    return [piece for part in parts if part for piece in _agency_heading(part)]


_LABEL_START_RE = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])[.)]\s*")


def _agency_heading(part: str) -> list[str]:
    """ "3. Sở Tài chính Thẩm định dự toán …": an item headed by an agency, its duties run on
    after the name; cut after the name as the heading's own line had it."""
    from khcn.plans.parser.agencies import _starts_sentence, match_list, tokenize

    label = _LABEL_START_RE.match(part)
    if label is None:
        return [part]
    rest = part[label.end() :]
    toks = tokenize(rest)
    mentions, after = match_list(toks, 0, rest)
    if not mentions or after >= len(toks) or not _starts_sentence(toks, after):
        return [part]
    cut = label.end() + toks[after].start
    return [part[:cut].strip(), part[cut:].strip()]


def _caps_end(before: str) -> bool:
    """Whether ``before`` ends with an upper-case heading ("… NỘI DUNG THỰC HIỆN")."""
    tail = before.split()[-3:]
    return len(tail) >= 2 and all(is_all_upper(word) or word.isdigit() for word in tail)


_ROW_NUMBER_HEADS = ("tt", "stt", "số tt")
# A row's label on a line of its own: "1", "II", "a)", "b."
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass
class _RowLabels:
    """Where a task table given a cell a line is in its labels, to know the next row's label
    from a cell that holds only a number: the next number (or "1" under a new Roman group),
    the next letter (or "a" under a number), the next Roman numeral."""

    number: int = 0
    letter: str = ""
    roman: int = 0

    def following(self) -> set[str]:
        out = {str(self.number + 1)}
        if self.number:
            at = _LETTERS.find(self.letter) + 1 if self.letter else 0
            if at < len(_LETTERS):
                out.add(_LETTERS[at])
        if self.roman < len(_ROMANS):
            out.add(_ROMANS[self.roman])
        return out

    def take(self, label: str) -> None:
        if label.isdigit():
            self.number, self.letter = int(label), ""
        elif label in _ROMANS:
            self.roman, self.number, self.letter = _ROMANS.index(label) + 1, 0, ""
        else:
            self.letter = label


def _cell_label(line: str) -> str | None:
    m = LABEL_CELL_RE.fullmatch(line.strip())
    return m.group(0).rstrip(".)") if m else None


def _cell_header(raw: list[str], at: int) -> tuple[list[str], int] | None:
    """A task table's header given one cell per paragraph ("TT" / "Nội dung …" / "Thời gian
    …") or as a pipe row whose last cells follow one a line ("| TT | Nội dung | Cơ quan chủ
    trì |" / "Thời gian thực hiện"), and the index of the raw line of its first row's label."""
    first = raw[at].strip()
    cells = split_cells(first)
    if cells is not None:
        if task_columns(cells) is None:
            return None
        header = [c for c in cells if c]
    elif first.lower() in _ROW_NUMBER_HEADS:
        header = [first]
    else:
        return None
    j = at + 1
    while j < len(raw) and len(header) <= 8:
        line = raw[j].strip()
        if line and _cell_label(line) is not None:
            break
        if line and not _MARKDOWN_RULE_RE.match(line):
            cleaned = clean_line(line)
            if cells is not None and not is_header_like([cleaned]):
                return None  # a pipe table's next row, or text: not a table given a cell a line
            header.append(cleaned)
        j += 1
    if j >= len(raw) or not 3 <= len(header) <= 8 or any(len(h) > 160 for h in header):
        return None
    return header, j


def _cell_table(raw: list[str], at: int) -> tuple[list[Line], int] | None:
    """A task table a copy gave one cell per line or paragraph — its header (see
    ``_cell_header``), then "1" / its cells, "a)" / its cells… (an empty line between cells, a
    line of only a space for an empty cell) — as rows of cells, with the index of the raw line
    after it. A row of only a label and its text heads the lettered rows under it. A row with
    more lines than the header has columns: paragraphs between its cells (empty lines between
    them) are one content cell; lines after its last cell are its cells' second lines, in column
    order (a PDF's text row by row). None when ``raw[at]`` opens no such table."""
    found = _cell_header(raw, at)
    if found is None:
        return None
    header, j = found
    columns = task_columns(header)
    if columns is None:
        return None
    width = len(header)
    content = columns["content"] - 1
    rows = [Line(at + 1, j, " | ".join(header), header, columns, True)]
    labels = _RowLabels()
    label = _cell_label(raw[j])
    while j < len(raw) and label is not None and label in labels.following():
        labels.take(label)
        first = j
        texts: list[str] = []
        spaced = False
        j += 1
        following = labels.following()
        while j < len(raw):
            line = raw[j].strip()
            if line and _cell_label(line) in following and texts:
                break
            if line:
                if len(texts) >= width - 1 and _ends_cell_table(line, texts):
                    break
                texts.append(clean_line(line))
            elif raw[j]:
                texts.append("")  # a line of only a space: an empty cell
            else:
                spaced = spaced or bool(texts)
            j += 1
        while texts and texts[-1] == "" and len(texts) > width - 1:
            texts.pop()  # a stray empty cell after the row
        extra = len(texts) - (width - 1)
        if extra > 0 and content >= 0:
            if spaced:
                paragraphs = [t for t in texts[content : content + extra + 1] if t]
                # "Dự kiến người ứng cử" / "Căn cứ …": the cell's paragraphs, each a sentence
                texts[content : content + extra + 1] = [
                    " ".join(t if t[-1] in ".:;!?)" or t is paragraphs[-1] else f"{t}." for t in paragraphs)
                ]
            else:
                second = texts[width - 1 :]
                texts = texts[: width - 1]
                for offset, more in enumerate(second):
                    at_cell = min(content + offset, width - 2)
                    texts[at_cell] = f"{texts[at_cell]} {more}".strip()
        cells = [label, *texts]
        rows.append(Line(first + 1, j, " | ".join(c for c in cells if c), cells, columns))
        label = _cell_label(raw[j]) if j < len(raw) else None
    if len(rows) < 3:
        return None  # fewer than two rows: not a table
    return rows, j


def _ends_cell_table(line: str, texts: list[str]) -> bool:
    """Whether ``line``, after a full row, is text after the table rather than the row's
    second line: a heading, a numbered item, a sentence after a row that ends in a full stop."""
    if is_all_upper(line) or re.match(r"^(?:[IVX]+|\d+(?:\.\d+)*)\.\s", line):
        return True
    return line[:1].isupper() and len(line) > 80 and texts[-1][-1:] in ".;"


def _next_cells(raw: list[str], index: int, *, bordered: bool = True) -> list[str] | None:
    while index < len(raw) and not raw[index].strip():
        index += 1
    return split_cells(raw[index], bordered=bordered) if index < len(raw) else None


def _wrapped_width(staged: list[Line | None]) -> int | None:
    """If the text looks hard-wrapped (a PDF), the usual full line width; else None."""
    lengths = [line.width for line in staged if line is not None and not line.is_table]
    if len(lengths) < 8:
        return None
    unterminated = sum(
        1
        for line in staged
        if line is not None and not line.is_table and line.text[-1] not in _TERMINAL and len(line.text) > 30
    )
    if statistics.median(lengths) > 110 or unterminated < 0.3 * len(lengths):
        return None
    ordered = sorted(lengths)
    return ordered[int(len(ordered) * 0.9)]


def _hyphenated_name_wrapped(before: str, after: str) -> bool:
    """A department's name with a hyphen ("Lao động - Thương binh và Xã hội", "Quy hoạch - Kiến
    trúc") wrapped at the hyphen, which then looks like a bullet."""
    if not after.startswith(("-", "–")):
        return False
    head = before.rstrip()
    names = _hyphenated_names(tuple(SO_DESIGNATIONS))
    return any(head.endswith(first) and rest.match(after) for first, rest in names)


@functools.lru_cache(maxsize=4)
def _hyphenated_names(names: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The departments' names with a hyphen, cut there: ("Lao động", /- Thương binh và Xã hội/);
    keyed by the list as it is (a test may empty it)."""
    pairs = (name.partition(" - ") for name in names)
    return tuple((head, re.compile(r"[-–]\s*" + re.escape(tail))) for head, dash, tail in pairs if dash)


@functools.lru_cache(maxsize=4)
def _so_fields(names: tuple[str, ...]) -> re.Pattern[str]:
    """A line that opens with a department's field ("Nội vụ …"); keyed by the list as it
    is (a test may empty it)."""
    return re.compile("^(?:" + "|".join(re.escape(name) for name in names) + r")(?!\w)" if names else "(?!)")


_COUNCIL_LINE_RE = re.compile(r"^(?:HỘI ĐỒNG NHÂN DÂN|[ỦU]Y BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\b")


def _place_begins(text: str) -> bool:
    """Two capitalised words open ``text`` ("Quảng Xương tập trung …"), as a place's name does
    (not "Theo chức năng, …", a sentence)."""
    words = text.split()
    return len(words) >= 2 and words[0][:1].isupper() and words[1][:1].isupper()


def _continues(prev: Line, line: Line, width: int | None) -> bool:
    """Whether ``line`` continues the sentence of ``prev`` (a wrapped line)."""
    if not (prev.is_table or line.is_table) and _hyphenated_name_wrapped(prev.text, line.text):
        return True  # "Giám đốc các Sở: Lao động" / "- Thương binh và Xã hội, …": a name, no bullet
    if prev.is_table or line.is_table or (LABEL_START_RE.match(line.text) and not is_amount(line.text)):
        return False
    if _LABEL_ONLY_RE.match(line.text):
        return False
    end = prev.text[-1]
    if end in _TERMINAL or prev.text.endswith("./"):
        return False
    first = line.text[0]
    if first.islower() or first in ",;)]":
        return True
    if end in ",-–(":
        return True
    last_word = prev.text.rsplit(" ", 1)[-1].lower()
    if last_word == "năm" and re.match(r"(?:19|20)\d\d\b", line.text):
        return True  # "- Thời gian thực hiện: năm" / "2025 và các năm tiếp theo.": a year wrapped
    asks = prev.text.lower().endswith(("yêu cầu", "đề nghị")) and len(prev.text.split()) >= 4
    if asks and not LABEL_START_RE.match(prev.text):
        return True  # "Chủ tịch UBND tỉnh yêu cầu" / "Thủ trưởng các sở, …": whom it asks (not "2. Yêu cầu")
    if last_word in _JOINING_WORDS and line.text.split(" ", 1)[0] not in _SENTENCE_OPENERS:
        return True  # (not a headline ending "… mặt bằng" over "Nhằm chấn chỉnh …, UBND tỉnh …")
    if prev.text.endswith(" Sở") and _so_fields(tuple(SO_DESIGNATIONS)).match(line.text):
        return True  # "… qua Sở" / "Nội vụ (Ban Thi đua - Khen thưởng) trước ngày …": a name wrapped
    if (
        last_word in ("huyện", "xã", "phường", "quận")
        and _place_begins(line.text)
        and not is_all_upper(prev.text)
    ):
        return True  # "…, UBND huyện" / "Quảng Xương tập trung …": a place's name wrapped
    if _STANDING_WRAPPED_RE.search(prev.text) and line.text.rstrip().endswith(":") and line.text[0].isupper():
        return True  # "1. Thường trực" / "Hội đồng nhân dân tỉnh:": a heading wrapped inside its name
    if _DECIDING_ARTICLE_RE.match(prev.text):
        return True  # "Điều 1. Phê duyệt" / "Chương trình …": a decision's article is a sentence
    if (
        LABEL_START_RE.match(prev.text)
        and is_all_upper(prev.text)
        and is_all_upper(line.text)
        and not _COUNCIL_LINE_RE.match(line.text)  # "HỘI ĐỒNG NHÂN DÂN TỈNH …" under a title: who decides
    ):
        return True  # an upper-case heading wrapped over two lines
    if (
        prev.text[:2] in ("- ", "+ ")
        and len(prev.text) <= 40
        and prev.text[-1].isalpha()
        and first.isupper()
        and not is_all_upper(line.text)
        and _name_wrapped(prev.text, line.text)
    ):
        return True  # "- Mặt trận Tổ quốc, Đoàn" / "Thanh niên, Hội Phụ nữ …": a bullet's short first line
    if _place_wrapped(prev.text, line.text):
        return True  # "Thành phố Hồ Chí" / "Minh, ngày 28 tháng 11 năm 2025": a date line's place wrapped
    name_cut = width is not None and prev.text[-1].isalpha() and first.isupper()
    running = name_cut and not (is_all_upper(prev.text) or is_all_upper(line.text))  # (not a heading's)
    if running and _name_wrapped(prev.text, line.text):
        return True  # "… Ủy ban nhân dân thành phố Hà" / "Nội, thành phố Hồ Chí Minh …" (a short first line)
    return width is not None and prev.width >= 0.85 * width and not is_all_upper(prev.text)


_DATED_PLACE_RE = re.compile(r"^(?P<place>[^\d,:;]{1,25}),\s*ngày\s+\d", re.IGNORECASE)
_PROVINCES_FOLDED = frozenset(normalize_tones(p.lower()) for p in PROVINCES)


def _place_wrapped(before: str, after: str) -> bool:
    """Whether a province's name runs from the end of a short line into a place-and-date line
    ("Thành phố Hồ Chí" / "Minh, ngày …"), the place alone on the second line being no province."""
    dated = _DATED_PLACE_RE.match(after)
    if dated is None or len(before) > 40 or not before[-1:].isalpha():
        return False
    place = normalize_tones(dated["place"].strip().lower())
    if place in _PROVINCES_FOLDED:
        return False
    words = normalize_tones(f"{before} {dated['place']}".lower()).split()
    return any(" ".join(words[-n:]) in _PROVINCES_FOLDED for n in (2, 3, 4) if n <= len(words))


# A numbered bold heading the converter split into two bold paragraphs inside a name ("**3. Đề nghị
# Ủy ban Mặt trận …, Hội Liên hiệp**" / "" / "**Phụ nữ Thành phố và các tổ chức …**")
_SPLIT_BOLD_HEADING_RE = re.compile(
    r"^(?P<first>[ \t]*\*\*\d{1,2}\.[^*]{1,300}?[^\s*:.;])\*\*[ \t]*\n[ \t]*\n[ \t]*\*\*"
    r"(?P<second>(?!\d{1,2}[.)]|[a-zđ]\))[^*\n][^*]{0,200}?\*\*)",
    re.MULTILINE,
)


def _bold_heading_joined(m: re.Match[str]) -> str:
    first = " ".join(m["first"].replace("**", "").split())
    second = " ".join(m["second"].replace("**", "").split())
    if _name_wrapped(first, second):
        return f"{m['first']} {m['second']}"  # one bold heading
    return m.group()


def _name_wrapped(before: str, after: str) -> bool:
    """Whether an agency's name runs from the end of ``before`` into ``after``."""
    head = " ".join(after.split()[:6])
    own = find_mentions(head)
    if own and own[0].start == 0:
        return False  # "… của Đoàn kiểm tra" / "Đoàn kiểm tra thực hiện …": a name of its own begins
    tail = " ".join(before.split()[-8:])
    return any(m.start < len(tail) < m.end for m in find_mentions(f"{tail} {head}"))


def _join(staged: list[Line | None], repairs: dict[str, int]) -> list[Line]:
    width = _wrapped_width(staged)
    out: list[Line] = []
    previous_blank = True
    pending_label: Line | None = None
    for line in staged:
        if line is None:
            previous_blank = True
            continue
        if (
            pending_label is not None
            and not line.is_table
            and not (LABEL_START_RE.match(line.text) and not is_amount(line.text))
            and not _LABEL_ONLY_RE.match(line.text)
        ):
            merged = Line(pending_label.no, line.end, f"{pending_label.text} {line.text}")
            pending_label = None
            out.append(merged)
            repairs["joined"] += 1
            previous_blank = False
            continue
        if pending_label is not None:
            out.append(pending_label)
            pending_label = None
        if (
            out
            and not line.is_table
            and _LABEL_WORD_RE.match(out[-1].text)
            and _ARTICLE_NUMBER_RE.match(line.text)
        ):
            # "Điều" / "1. Phê duyệt …": an article's label wrapped after its word
            prev = out.pop()
            line = Line(prev.no, line.end, f"{prev.text.strip()} {line.text}")
            repairs["joined"] += 1
        if not line.is_table and _LABEL_ONLY_RE.match(line.text):
            pending_label = line
            continue
        if out and not previous_blank and _continues(out[-1], line, width):
            prev = out[-1]
            out[-1] = Line(prev.no, line.end, f"{prev.text} {line.text}", last=line.width)
            repairs["joined"] += 1
        elif out and previous_blank and _continues(out[-1], line, None) and line.text[0].islower():
            # A blank line inside a sentence (copied from a web page): still one sentence.
            prev = out[-1]
            out[-1] = Line(prev.no, line.end, f"{prev.text} {line.text}", last=line.width)
            repairs["joined"] += 1
        else:
            out.append(line)
        previous_blank = False
    if pending_label is not None:
        out.append(pending_label)
    return out
