"""The document around the outline: its heading block, title, preamble and closing block, and
the documents attached to it.

A Vietnamese administrative document (Decree 30/2020) opens with the issuing body, the national
motto, "Số: 123/KH-UBND" and "Cà Mau, ngày 05 tháng 02 năm 2024"; then the type ("KẾ HOẠCH")
and the title; then a preamble ("Căn cứ …", "Thực hiện …", "Theo đề nghị của …"); then the
outline; then "Nơi nhận:" and the signature. A decision may carry the plan it issues after
its signature ("KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)"), and appendices may follow.
``split_segments`` cuts the lines into those parts; ``read_heading`` and ``read_closing`` read
them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from khcn.core.text import clean, fold
from khcn.plans.parser import lexicon
from khcn.plans.parser.agencies import all_upper, head_at, match_agency, proper_case, tokenize
from khcn.plans.parser.deadlines import safe_date
from khcn.plans.parser.duties import directs_after_comma
from khcn.plans.parser.layout import SEPARATOR_RE, Line
from khcn.plans.parser.outline import BULLETS, match_label

_NUMBER_LINE_RE = re.compile(r"^Số\s*:?\s*(?P<n>\S*)", re.IGNORECASE)
_DATE_LINE_RE = re.compile(
    r"^(?:(?P<place>[^\d,:;]{2,50}?),\s*)?ngày\s+(?P<d>\d{1,2}|[.…]+)\s*(?:tháng\s+|/\s*)(?P<m>\d{1,2}|[.…]+)"
    r"\s*(?:năm\s+|/\s*)(?P<y>\d{4})\s*\.?$",
    re.IGNORECASE,
)
_SUBJECT_RE = re.compile(r"^(?:V/v|Về việc)\b\s*:?\s*(?P<s>.*)$", re.IGNORECASE)
_ATTACHED_RE = re.compile(
    r"^\(?\s*(?:Ban hành\s+)?kèm theo\s+(?P<rest>.*?)\)?\s*$",
    re.IGNORECASE,
)
_NOI_NHAN_RE = re.compile(r"^Nơi\s+nhận\s*:?", re.IGNORECASE)
_SIGNATURE_RE = re.compile(
    # ("Q. GIÁM ĐỐC", acting, with its space: "Q.Hưng" is a reporter's byline)
    r"^(?:TM\.|T\.M\.|T/M|KT\.|K\.T\.|K/T|TL\.|T/L|TUQ\.)\s*\S|^Q\.\s+\S|^\((?:Đã ký|đã ký|Ký tên)[^)]*\)$"
    r"|^(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|BÍ THƯ)$"
)
_END_MARK_RE = re.compile(r"\./\.?$|\./$")
_APPENDIX_RE = re.compile(r"^PHỤ LỤC\b")
# A form to fill in at the end of a decision or regulation ("6            Mẫu số 01", after the
# page number of a PDF's text): its own heading block and type line are no attached document
_FORM_RE = re.compile(r"^\s*(?:\d{1,3}\s+)?Mẫu(?:\s+số)?\s*\d{1,2}[a-zđ]?\s*$", re.IGNORECASE)
# A letter's list of addressees: "Kính gửi: …"
ADDRESSEES_RE = re.compile(r"^\s*Kính gửi", re.IGNORECASE)
_OPERATIVE_RE = re.compile(r"^(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ)\s*:$")
_AUTHORITY_RE = re.compile(r"^(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|TRƯỞNG BAN)\s+\S")
_PREAMBLE_RE = re.compile(
    r"^(?:Căn cứ|Thực hiện|Triển khai|Để|Nhằm|Theo đề nghị|Xét đề nghị|Kính gửi|Trên cơ sở|Qua|Ngày)\b",
    re.IGNORECASE,
)


# The right-hand column of a heading block, where a copy ran both columns into one line:
# "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH HẬU GIANG Độc lập - Tự do - Hạnh
# phúc", "Số: 994/UBND-KGVX Hậu Giang, ngày 19 tháng 6 năm 2017".
_COLUMN_BREAK_RE = re.compile(
    r"(?<!H[ỘO]I)\s+(?=CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM\b)"  # not inside the motto itself
    r"|\s+(?:"
    r"C[ỘO]NG\s+H[ÒOÓ][AÀ]\s+X[ÃA]\s+H[ỘO]I(?:\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM)?\b"
    r"|Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N\s+VI[ỆE]T\s+NAM\b"
    r"|Độc\s+[Ll]ập\s*[-–—]"
    r"|Số\s*:"
    r"|V/v\b"
    r"|Kính\s+gửi\b"
    r")"
)
_PLACE_DATE_RE = re.compile(r",\s*ngày\s+(?:\d|[.…])")
_HEADING_ZONE = 25  # lines looked at for run-together columns


_HEADING_FRAGMENT_END_RE = re.compile(
    r"(?:,\s*ngày|\bngày\s+\d{1,2}|\bSố\s*:?|\btháng\s+\d{1,2})\s*$", re.IGNORECASE
)
_HEADING_FRAGMENT_START_RE = re.compile(r"^(?:\d{1,2}\s+tháng|tháng\s+\d|năm\s+\d|\d{1,4}/)", re.IGNORECASE)


def _joins_next(line: Line, following: Line) -> bool:
    """Whether a heading line was wrapped by a web copy: "ỦY" / "BAN NHÂN DÂN", "CỘNG" / "HÒA XÃ
    HỘI …", "Thanh Hóa, ngày" / "22 tháng 02 năm 2024", "Số:" / "542/QĐ-UBND"."""
    if line.is_table or following.is_table:
        return False
    text, nxt = line.text.strip(), following.text.strip()
    if not text or not nxt:
        return False
    if _HEADING_FRAGMENT_END_RE.search(text) and _HEADING_FRAGMENT_START_RE.match(nxt):
        return True
    if all_upper(text) and all_upper(nxt) and " " not in text and len(text) <= 6:
        return True  # a lone word of a name or of the motto
    joined = fold(f"{text} {nxt}").strip(" .-–")
    alone = fold(text).strip(" .-–")
    # only a fragment of the motto is completed by the next line ("CỘNG HÒA XÃ HỘI CHỦ" /
    # "NGHĨA VIỆT NAM"); a whole motto line is not joined with what follows it
    fragment = any(m.startswith(alone) and m != alone for m in lexicon.MOTTO_FOLDED)
    return fragment and any(m.startswith(joined) or joined.startswith(m) for m in lexicon.MOTTO_FOLDED)


def _join_wrapped_heading(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    index = 0
    limit = min(len(lines), _HEADING_ZONE)
    while index < len(lines):
        line = lines[index]
        if index < limit:
            while index + 1 < limit and _joins_next(line, lines[index + 1]):
                following = lines[index + 1]
                line = Line(line.no, following.end, clean(f"{line.text} {following.text}"))
                index += 1
        out.append(line)
        index += 1
    return out


def split_heading_columns(lines: list[Line]) -> list[Line]:
    """Cut the first lines where a copy ran the heading block's two columns together, so the
    issuer, the motto, the number and the place-date line are read each on its own; and join
    the heading lines a copy wrapped ("ỦY" / "BAN NHÂN DÂN")."""
    lines = (
        _join_wrapped_heading([_without_pipes(line) for line in lines[:_HEADING_ZONE]])
        + lines[_HEADING_ZONE:]
    )
    out: list[Line] = []
    for index, line in enumerate(lines):
        if (
            index >= _HEADING_ZONE
            or line.is_table
            or (is_structural(line) and not _MOTTO_RE.search(line.text))
        ):
            out.extend(lines[index:])
            break
        found = {m.start() for m in _COLUMN_BREAK_RE.finditer(line.text)} | _place_cuts(line.text)
        found |= {m.end() for m in _MOTTO_RE.finditer(line.text)} | _title_cuts(line.text)
        # the Party's heading ("BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG CỘNG SẢN VIỆT NAM"): its motto is the
        # right column, after the committee's name
        found |= {m.start() for m in _PARTY_MOTTO_RE.finditer(line.text) if m.start() > 0}
        cuts = [0, *sorted(found), len(line.text)]
        pieces = [line.text[a:b].strip() for a, b in itertools.pairwise(cuts) if line.text[a:b].strip()]
        if len(pieces) < 2:
            out.append(line)
            continue
        out.extend(Line(line.no, line.end, piece) for piece in pieces)
    return out


_MOTTO_RE = re.compile(
    r"C[ỘO]NG\s+H[ÒOÓ][AÀ]\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
    r"|Độc\s+[Ll]ập\s*[-–—]\s*Tự\s+[Dd]o\s*[-–—]\s*Hạnh\s+[Pp]húc(?:\s*[-–—_=]{3,})*"
    r"|(?<=\s)[-–—_=]{3,}(?=\s)"
)


# (with an OCR's slips of its tone marks: "ĐÁNG CỘNG SẢN")
_PARTY_MOTTO_RE = re.compile(r"Đ[ẢÁA]NG\s+C[ỘO]NG\s+S[ẢÁA]N\s+VI[ỆE]T\s+NAM")


def _without_pipes(line: Line) -> Line:
    """A heading line of a web copy's table ("ỦY BAN NHÂN DÂN |"): the pipes are no text."""
    if line.is_table or "|" not in line.text:
        return line
    text = clean(line.text.replace("|", " "))
    return Line(line.no, line.end, text) if text else line


def _title_cuts(text: str) -> set[int]:
    """In a line that runs a whole heading block together: before the type line ("… 15/2012/CT-UBND
    CHỈ THỊ VỀ VIỆC …") and where the upper-case title gives way to running text."""
    cuts: set[int] = set()
    for word in lexicon.DOC_TYPES:
        # only after a number or a date ("15/2012/CT-UBND CHỈ THỊ …"), not inside a title
        # ("… CHUẨN BỊ NỘI DUNG XÂY DỰNG KẾ HOẠCH PHỤC HỒI …")
        for m in re.finditer(r"(?<=\S)\s+" + re.escape(word) + r"(?=\s+[A-ZĐ])", text):
            before = text[: m.start()].split()[-1]
            if any(ch.isdigit() for ch in before):
                cuts.add(m.start())
    tokens = list(re.finditer(r"\S+", text))
    run = 0
    for token in tokens:
        word = token.group()
        letters = [ch for ch in word if ch.isalpha()]
        if letters and all(ch.isupper() for ch in letters):
            run += 1
            continue
        if run >= 6 and letters and word[0].isupper() and any(ch.islower() for ch in word):
            cuts.add(token.start())
        run = 0
    return cuts


def _place_cuts(text: str) -> set[int]:
    """Where a place-date line starts inside a line ("… KT Quảng Ninh, ngày 12 tháng 3 …"): the
    place is the title-case words before ", ngày" ("Cà Mau", "TP. Hồ Chí Minh", "Bà Rịa - Vũng Tàu")."""
    cuts: set[int] = set()
    for m in _PLACE_DATE_RE.finditer(text):
        start = m.start()
        taken = 0
        for word in reversed(list(re.finditer(r"\S+", text[: m.start()]))):
            token = word.group()
            title_case = token[:1].isupper() and (len(token) == 1 or not token[1:].replace(".", "").isupper())
            if taken < 5 and (title_case or token in ("TP.", "TX.", "-", "–")):
                start, taken = word.start(), taken + 1
                continue
            break
        if taken and start > 0 and text[:start].strip():
            cuts.add(start)
    return cuts


@dataclass
class Segment:
    """One document in the text: the main one, an attached plan or an appendix."""

    kind: str = "main"  # main | attachment | untitled (an attachment without its heading) | appendix | form
    heading: list[Line] = field(default_factory=list)
    title: list[Line] = field(default_factory=list)
    doc_type: str | None = None
    attached_note: Line | None = None
    preamble: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)


def doc_type_of(text: str) -> str | None:
    """The document type if ``text`` is a title line ("KẾ HOẠCH", "QUYẾT ĐỊNH Về việc …")."""
    stripped = text.strip()
    if _OPERATIVE_RE.match(stripped):
        return None
    for word, kind in lexicon.DOC_TYPES.items():
        if stripped == word or (stripped.startswith(word + " ") and all_upper(stripped)):
            return kind
        if stripped.startswith(word + " ") and stripped[len(word) + 1 :].lower().startswith(("về ", "v/v")):
            return kind
        if stripped.startswith(word + " ") and stripped[len(word) + 1 : len(word) + 2].islower():
            return kind  # "CHƯƠNG TRÌNH HÀNH ĐỘNG" with its subtitle "thực hiện …" joined to it
    if all_upper(stripped):
        # "KÉT LUẬN" alone on its line: an OCR slip of a tone mark ("KẾT LUẬN")
        folded = fold(stripped)
        return next((kind for word, kind in lexicon.DOC_TYPES.items() if fold(word) == folded), None)
    return None


# A council's term and session under its name: "KHÓA XVII - KỲ HỌP THỨ NĂM"
_SESSION_RE = re.compile(r"^KHÓA\s+[IVXLC\d]+\b|^KHOÁ\s+[IVXLC\d]+\b")
_JOINED_SESSION_RE = re.compile(r",?\s+KH(?:ÓA|OÁ)\s+[IVXLC\d]+\b.*$")
_AUTHORITY_TITLE_RE = re.compile(r"^(?:(?:PHÓ\s+)?CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|TRƯỞNG BAN|THỦ TƯỚNG)\s+")


_LOCALITY_LINE_RE = re.compile(r"^(?:TỈNH|THÀNH PHỐ)\s+\S")


def wrapped_authority(text: str, following: str) -> str | None:
    """ "HỘI ĐỒNG NHÂN DÂN" / "TỈNH ĐỒNG THÁP": an authority line wrapped before its locality, the
    two joined; None for any other pair of lines."""
    if fold(text) in lexicon.BARE_COUNCILS and _LOCALITY_LINE_RE.match(following):
        return f"{text} {following}"
    return None


def authority_body(text: str) -> str | None:
    """The body named by an upper-case authority line above the preamble ("ỦY BAN NHÂN DÂN
    TỈNH KON TUM", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA"), in running-text case."""
    # ("HỘI ĐỒNG NHÂN DÂN TỈNH TRÀ VINH, KHÓA IX - KỲ HỌP THỨ 18": its session, joined after the comma)
    stripped = _JOINED_SESSION_RE.sub("", clean(text))
    if not all_upper(stripped) or len(stripped) > 120:
        return None
    body = _AUTHORITY_TITLE_RE.sub("", stripped)
    if fold(stripped) == "thu tuong chinh phu":
        return "Thủ tướng Chính phủ"  # the Prime Minister signs in his own name
    name = proper_case(body, {})
    # the whole line one body's name (not "HỘI NGHỊ LẦN THỨ 11 BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG
    # KHÓA XIII", a party plenum's title)
    return name if _one_name(name) else None


def is_structural(line: Line) -> bool:
    if line.is_table:
        return line.header
    label = match_label(line.text)
    return label is not None and label.style not in BULLETS


def _closing_marker(line: Line) -> bool:
    return bool(_NOI_NHAN_RE.match(line.text) or _SIGNATURE_RE.match(line.text))


_BARE_TITLE_RE = re.compile(r"^(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|BÍ THƯ)$")


def _authority_over_bases(lines: list[Line], i: int, end: int) -> bool:
    """ "CHỦ TỊCH" / "ỦY BAN NHÂN DÂN TỈNH" over "Căn cứ …": who decides, printed before the legal
    bases, not the signature that closes the document."""
    if not _BARE_TITLE_RE.match(lines[i].text):
        return False
    return any(_PREAMBLE_RE.match(line.text) for line in lines[i + 1 : min(end, i + 3)])


@dataclass
class PageFrame:
    """The labelled rows a legal-document portal prints with a document (``lexicon.PAGE_FRAME_LABELS``):
    the facts they give, by field."""

    fields: dict[str, str] = field(default_factory=dict)


_FRAME_LABELS = "|".join(re.escape(lab) for lab in sorted(lexicon.PAGE_FRAME_LABELS, key=len, reverse=True))
_FRAME_LINE_RE = re.compile(r"^[|*#\s]*(?:" + _FRAME_LABELS + r")(?=\s*[:|]|\s|$)")
_FRAME_FIELD_RE = re.compile(
    r"(?:^|(?<=[\s|*]))(?P<label>" + _FRAME_LABELS + r")(?=\s*[:|]|\s|$)\s*[:|]?", re.MULTILINE
)
_FRAME_SPAN = 45  # a frame is read among the page's first lines


def read_page_frame(lines: list[Line]) -> tuple[PageFrame | None, list[Line]]:
    """A portal's frame among the first lines ("Số hiệu:" / "6225/BVHTTDL-VP" / "Loại văn bản:" /
    "Công văn" …, a label and its value on one line, on two, or in a table's cells): its facts, and
    the lines without it. What stands above the frame is the page's (its banner, its headline) and
    goes with it, unless the document's heading block is there (a frame printed after the text)."""
    rows = [i for i, line in enumerate(lines[:_FRAME_SPAN]) if _FRAME_LINE_RE.match(line.text)]
    if len(rows) < 3:
        return None, lines
    first = rows[0]
    last = first
    for i in rows[1:]:
        if i - last > 3 or any(len(line.text) > 80 for line in lines[last + 1 : i]):
            break  # a row's value is short: a paragraph between rows is the text ("Trích yếu …")
        last = i
    end = last + 1
    if (
        end < len(lines)
        and not _FRAME_FIELD_RE.sub("", lines[last].text).strip(" |*:")
        and len(lines[end].text) <= 80
    ):
        end += 1  # the last label's value on the next line
    block = "\n".join(line.text for line in lines[first:end])
    run_on = _FRAME_FIELD_RE.search(lines[first - 1].text) if first else None
    if run_on:  # the page's headline ran into the first row
        block = lines[first - 1].text[run_on.start() :] + "\n" + block
    found = list(_FRAME_FIELD_RE.finditer(block))
    if len(found) < 3:
        return None, lines
    frame = PageFrame()
    for n, m in enumerate(found):
        stop = found[n + 1].start() if n + 1 < len(found) else len(block)
        value = clean(block[m.end() : stop].replace("\n", " ").strip(" |*:"))
        name = lexicon.PAGE_FRAME_LABELS[m["label"]]
        if name and value and name not in frame.fields:
            frame.fields[name] = value
    above = lines[:first]
    if any(_numbered(line.text) or _is_motto(line.text) for line in above):
        return frame, lines  # the document comes first; the frame is the page's, below it
    return frame, lines[end:]


def split_segments(lines: list[Line]) -> list[Segment]:
    """Cut the lines into documents and their parts (see the module docstring)."""
    first_label = next((i for i, line in enumerate(lines) if is_structural(line)), None)
    limit = first_label if first_label is not None else min(len(lines), 40)
    title_index = next(
        (i for i in range(min(limit, 60)) if not lines[i].is_table and doc_type_of(lines[i].text)), None
    )
    starts: list[tuple[int, str]] = [(title_index if title_index is not None else 0, "main")]
    body_seen = first_label if first_label is not None else len(lines)
    signed = False  # the main document's signature passed, nothing begun after it
    for i in range(body_seen + 1, len(lines)):
        line = lines[i]
        if line.is_table:
            continue
        if len(starts) == 1 and _SIGNATURE_RE.match(line.text):
            signed = True
        elif signed and len(starts) == 1 and is_structural(line):
            # a scan that lost the attached regulation's first page ("TM. ỦY BAN NHÂN DÂN … ¶ 7. Sở
            # Nội vụ … ¶ Chương II …"): its items go on after the decision's signature, untitled (the
            # facts stay the decision's)
            starts.append((i, "untitled"))
            continue
        if _APPENDIX_RE.match(line.text) and all_upper(line.text[:9]):
            starts.append((i, "appendix"))
            continue
        if _FORM_RE.match(line.text):
            starts.append((i, "form"))
            continue
        if starts[-1][1] == "form":
            continue  # the form's own heading, type line and numbered fields
        if doc_type_of(line.text) and all_upper(line.text):
            near_note = any(_ATTACHED_RE.match(lines[j].text) for j in range(i + 1, min(len(lines), i + 6)))
            after_closing = any(
                _closing_marker(lines[j]) or _END_MARK_RE.search(lines[j].text)
                for j in range(max(0, i - 25), i)
            )
            if near_note or after_closing:
                starts.append((i, "attachment"))
            continue
        # A copy that dropped the attached plan's type line: its upper-case title right over
        # "(Ban hành kèm theo Quyết định số …)" (not the second line of a title already begun)
        untyped_title = (
            all_upper(line.text)
            and len(line.text) >= 30
            and authority_body(line.text) is None
            and not (starts and i - starts[-1][0] <= 3)
            and not doc_type_of(lines[i - 1].text)
        )
        if untyped_title and any(
            _ATTACHED_RE.match(lines[j].text) and lines[j].text.startswith("(")
            for j in range(i + 1, min(len(lines), i + 3))
        ):
            starts.append((i, "attachment"))
    segments: list[Segment] = []
    for n, (start, kind) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        segment = _read_segment(lines, start, end, kind, titled=kind != "untitled")
        if kind == "main" and title_index is not None:
            segment.heading = list(lines[:title_index])
        elif kind == "main" and title_index is None:
            segment = _read_untitled(lines, end)
        segments.append(segment)
    return segments


def _read_untitled(lines: list[Line], end: int) -> Segment:
    """A document with no type line (a letter, a bare list of tasks)."""
    segment = Segment(kind="main")
    i = _heading_start(lines, end)
    in_subject = False
    while i < end and not is_structural(lines[i]) and not _PREAMBLE_RE.match(lines[i].text):
        if _looks_like_heading_line(lines[i]):
            segment.heading.append(lines[i])
            in_subject = bool(_SUBJECT_RE.match(lines[i].text))
            i += 1
            continue
        if in_subject and _continues_subject(lines[i]):
            # "V/v đề xuất kinh phí thực hiện" / "Đề án phát triển …": the subject goes on
            segment.heading.append(lines[i])
            i += 1
            continue
        break
    segment.title = []
    rest = _read_segment(lines, i, end, "main", titled=False)
    segment.preamble, segment.body, segment.closing = rest.preamble, rest.body, rest.closing
    return segment


def _heading_start(lines: list[Line], end: int) -> int:
    """Where the heading block starts: after the lines a web page puts above it ("</xml", "Để sử
    dụng toàn bộ tiện ích …", a register page's "Số hiệu | 0155/KH-UBND", "Người ký | …" rows),
    when a number, date or motto line follows within a few lines."""
    for i in range(min(end, 24)):
        line = lines[i]
        if is_structural(line):
            return 0
        numbered = _NUMBER_LINE_RE.match(line.text)
        if i and numbered and numbered["n"][:1].isdigit() and "/" in line.text:
            return i  # a portal's caption over "Số: 103/VPUBND-KT, ngày …" with no issuer line
        if not (all_upper(line.text) or _is_motto(line.text)):
            continue
        window = lines[i : min(end, i + 8)]
        if any(_numbered(w.text) or _DATE_LINE_RE.match(w.text) or _is_motto(w.text) for w in window):
            return i
    return 0


def _numbered(text: str) -> bool:
    """A number line, "Số: 103/VPUBND-KT" or a blank "Số:   /KH-UBND" (not a register page's label
    "Số hiệu:")."""
    m = _NUMBER_LINE_RE.match(text)
    return m is not None and (not m["n"] or m["n"][0].isdigit() or m["n"][0] in "/.…")


def _is_motto(text: str) -> bool:
    folded = fold(text).strip(" .-–")
    return any(folded.startswith(m) for m in lexicon.MOTTO_FOLDED) or _motto_piece(folded)


def _continues_subject(line: Line) -> bool:
    text = line.text
    return (
        not line.is_table
        and len(text) < 300  # a long subject's wrapped lines, joined by the layout repair
        and not text.endswith((":", ".", ";"))
        and not text.startswith(("-", "–", "+", "•"))
        and not ADDRESSEES_RE.match(text)
        and not _NUMBER_LINE_RE.match(text)
    )


def _looks_like_heading_line(line: Line) -> bool:
    text = line.text
    return bool(
        all_upper(text)
        or _NUMBER_LINE_RE.match(text)
        or _DATE_LINE_RE.match(text)
        or _SUBJECT_RE.match(text)
        or SEPARATOR_RE.match(text)
        or fold(text).strip(" .-") in lexicon.MOTTO_FOLDED
    )


_YEARS_LINE_RE = re.compile(r"^\(?\d{4}(?:\s*[-–]\s*\d{4})?\)?$")


def _read_segment(lines: list[Line], start: int, end: int, kind: str, *, titled: bool = True) -> Segment:
    segment = Segment(kind=kind)
    i = start
    if titled and i < end:
        first = lines[i]
        segment.doc_type = doc_type_of(first.text) if kind != "appendix" else "Phụ lục"
        segment.title.append(first)
        i += 1
        while i < end:
            line = lines[i]
            text = line.text
            if line.is_table or is_structural(line) or _closing_marker(line):
                break
            # "KẾ HOẠCH / Thực hiện Nghị quyết số …" is a title; "Thực hiện …, Ủy ban nhân dân tỉnh
            # ban hành Kế hoạch như sau:" is the preamble.
            sentence = len(segment.title) > 1 or text[-1] in ".;:," or len(text) > 250
            if _PREAMBLE_RE.match(text.lstrip("-–+• ")) and not all_upper(text) and sentence:
                break
            if SEPARATOR_RE.match(text):
                i += 1
                continue
            if _ATTACHED_RE.match(text) and text.startswith("("):
                segment.attached_note = line
                i += 1
                continue
            if _OPERATIVE_RE.match(text) or _AUTHORITY_RE.match(text):
                break
            after = lines[i + 1].text.lstrip("-–+• ") if i + 1 < end else ""
            joined_session = _JOINED_SESSION_RE.search(text) is not None  # "… TỈNH HÀ GIANG KHÓA XVII - …"
            # (or over two lines: "HỘI ĐỒNG NHÂN DÂN" / "TỈNH ĐỒNG THÁP" / "KHÓA IX - KỲ HỌP THỨ NĂM")
            third = lines[i + 2].text if i + 2 < end else ""
            split = wrapped_authority(text, after) is not None and bool(
                _SESSION_RE.match(third) or _PREAMBLE_RE.match(third)
            )
            if authority_body(text) and (
                _PREAMBLE_RE.match(after) or _SESSION_RE.match(after) or joined_session or split
            ):
                # "ỦY BAN NHÂN DÂN TỈNH KON TUM" over "Căn cứ …", "HỘI ĐỒNG NHÂN DÂN TỈNH HÀ GIANG"
                # over "KHÓA XVII - KỲ HỌP THỨ NĂM": who decides, not the title
                break
            previous = segment.title[-1].text
            if len(text) > 200 and not all_upper(text):
                break  # running text, not a title's second line
            if (
                all_upper(text)
                or (_YEARS_LINE_RE.match(text) and all_upper(previous))  # "… GIAI ĐOẠN" / "2026 - 2030"
                or _SUBJECT_RE.match(text)
                or (len(segment.title) == 1 and not text.endswith(":"))
                or ((text[0].islower() or text[0] in '“"') and not previous.endswith((".", ":")))
            ):
                if segment.attached_note is not None:
                    break
                segment.title.append(line)
                i += 1
                continue
            break
    # preamble: up to the first label (or the operative "QUYẾT ĐỊNH:")
    while (
        i < end
        and not is_structural(lines[i])
        and (not _closing_marker(lines[i]) or _authority_over_bases(lines, i, end))
    ):
        if lines[i].is_table:
            break
        segment.preamble.append(lines[i])
        i += 1
    stopped_at_closing = i < end and _closing_marker(lines[i])
    if (i == end or stopped_at_closing) and not any(is_structural(line) for line in segment.preamble):
        # No labels at all: paragraphs after the preamble's own lines are the body.
        body_from = _untitled_body_start(segment.preamble)
        segment.body = segment.preamble[body_from:]
        segment.preamble = segment.preamble[:body_from]
    # body, then the closing block
    ended = False
    while i < end:
        line = lines[i]
        if not line.is_table and (_closing_marker(line) or (ended and not is_structural(line))):
            break
        segment.body.append(line)
        ended = bool(not line.is_table and _END_MARK_RE.search(line.text))
        i += 1
    segment.closing = list(lines[i:end])
    if segment.closing and not segment.body and segment.preamble:
        pass
    return segment


# The sentence that announces a body without labels ("…, Chủ tịch UBND tỉnh có ý kiến như sau:").
LEAD_IN_RE = re.compile(r"(?:như sau|sau đây|cụ thể(?: như sau)?|các nội dung sau)\s*:\s*$", re.IGNORECASE)


def _untitled_body_start(preamble: list[Line]) -> int:
    """In a text without labels, where the preamble's own lines end: after the sentence that
    announces the body ("…, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:"), else after the
    recipients and the "Căn cứ / Thực hiện / Theo đề nghị" lines."""
    lead_in = [n for n, line in enumerate(preamble[:12]) if LEAD_IN_RE.search(line.text)]
    if lead_in and lead_in[0] + 1 < len(preamble):
        return lead_in[0] + 1
    i = 0
    in_recipients = False
    while i < len(preamble):
        text = preamble[i].text
        if ADDRESSEES_RE.match(text):
            in_recipients = True
            i += 1
            continue
        if in_recipients and text.startswith(("-", "–", "+")):
            i += 1
            continue
        in_recipients = False
        if re.match(r"^(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị)\b", text, re.IGNORECASE):
            if directs_after_comma(text):
                break  # "Xét đề nghị của …, Chủ tịch UBND tỉnh giao Sở X …": the body starts here
            i += 1
            continue
        break
    return i


# --------------------------------------------------------------------------------------------------
# Reading the parts
# --------------------------------------------------------------------------------------------------


@dataclass
class Heading:
    issuer: str | None = None
    issuer_parent: str | None = None
    number: str | None = None
    number_blank: bool = False
    date: dt.date | None = None
    date_blank: bool = False
    place: str | None = None
    subject: str | None = None
    subject_cue: str = ""  # as printed: "V/v", "Về việc", "VỀ VIỆC"
    found: bool = False
    lines: list[int] = field(default_factory=list)
    title: str | None = None  # an upper-case title under the number and date, no type line


_ISSUER_VERB_RE = re.compile(r"\s+(?:BAN HÀNH|VỪA|YÊU CẦU)\s")


def _issuer_units(texts: list[str], known: dict[str, str]) -> list[str]:
    """Upper-case heading lines grouped into names ("ỦY BAN NHÂN DÂN" + "TỈNH CÀ MAU" is one;
    "UBND TỈNH CÀ MAU" + "SỞ KHOA HỌC VÀ CÔNG NGHỆ" are two: the body and its parent)."""
    units: list[str] = []
    for text in texts:
        # "UBND TỈNH BAN HÀNH VĂN BẢN CHỈ ĐẠO …": a portal's headline in capitals; the body ends
        # before its verb
        text = _ISSUER_VERB_RE.split(text, maxsplit=1)[0]
        starts_agency = head_at(tokenize(proper_case(text, {})), 0) is not None
        central = bool(units) and _is_central_committee(units[-1])
        if units and (not starts_agency or (not central and _one_name(f"{units[-1]} {text}"))):
            units[-1] = f"{units[-1]} {text}"
        else:
            units.append(text)
    return [proper_case(unit, known) for unit in units]


def _is_central_committee(text: str) -> bool:
    return fold(text).strip(" .") in ("ban chap hanh trung uong", "ban chap hanh trung uong dang")


def _central_body(unit: str) -> str:
    """A body of the Party's Central Committee named under it in a heading ("BAN CHẤP HÀNH TRUNG
    ƯƠNG" / "VĂN PHÒNG"), by its own name: "Văn phòng Trung ương Đảng", "Ban Tổ chức Trung ương"."""
    folded = fold(unit)
    if folded == "van phong":
        return f"{unit} Trung ương Đảng"
    # (a body named in full keeps its name: "ĐẢNG ĐOÀN QUỐC HỘI")
    return f"{unit} Trung ương" if folded.startswith(("ban ", "uy ban kiem tra")) else unit


def _one_name(text: str) -> bool:
    """Whether ``text`` (two heading lines joined) is one body's name: "ỦY BAN THƯỜNG VỤ" over
    "QUỐC HỘI" (not "UBND TỈNH CÀ MAU" over "SỞ Y TẾ", a body and its parent)."""
    toks = tokenize(proper_case(text, {}))
    found = match_agency(toks, 0)
    return found is not None and found.tok_end == len(toks)


def _motto_piece(folded: str) -> bool:
    """Half of the motto on its own line ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM")."""
    if folded.count(" ") < 1:
        return False
    return any(m.startswith(folded) or m.endswith(folded) for m in lexicon.MOTTO_FOLDED)


def read_heading(lines: list[Line], known: dict[str, str]) -> Heading:
    """Issuer, number, date and place from the heading block."""
    out = Heading()
    issuer_texts: list[str] = []
    in_subject = False
    for line in lines:
        text = line.text.strip()
        if not text or SEPARATOR_RE.match(text):
            continue
        folded = fold(text).strip(" .-–")
        if any(folded.startswith(m) for m in lexicon.MOTTO_FOLDED) or _motto_piece(folded):
            out.found = True
            continue
        # "Số: 134 /KH-UBND", "Số 104 -CTr/TU": a space a typist left before the slash (or the
        # party symbol's hyphen) is not the number's end
        # ("Số: 70     /2024/QĐ-UBND": the number typed into the form's blank, before the year)
        m = _NUMBER_LINE_RE.match(re.sub(r"(?<=\d)\s+([/-])\s*(?=[A-ZĐ]|\d{4}/)", r"\1", text))
        if m and ("/" in text or "-" in text):
            number = m["n"].strip(" .;,")
            out.found = True
            out.lines.append(line.no)
            if re.match(r"^\d", number):
                out.number = number
            else:
                out.number_blank = True
            dated = _DATE_LINE_RE.match(text[m.end() :].lstrip(" ,;"))
            if dated and out.date is None and dated["d"].isdigit() and dated["m"].isdigit():
                # "Số: 103/VPUBND-KT, ngày 09 tháng 3 năm 2012": a portal's line for both
                out.date = safe_date(int(dated["y"]), int(dated["m"]), int(dated["d"]))
            continue
        m = _DATE_LINE_RE.match(text)
        if m:
            out.found = True
            out.lines.append(line.no)
            out.place = clean(m["place"]) if m["place"] else None
            if m["d"].isdigit() and m["m"].isdigit():
                out.date = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
            else:
                out.date_blank = True
            continue
        m = _SUBJECT_RE.match(text)
        if m:
            subject = clean(m["s"])
            glued = re.search(r"\.(?=[^\W\d_])", subject)  # "… tình hình mới.Áp dụng từ …"
            if glued and subject[glued.end()].isupper():
                subject = subject[: glued.start()]
            out.subject = subject or None
            out.subject_cue = text[: m.start("s")].strip(" :")
            in_subject = True
            continue
        if in_subject and out.subject and not all_upper(text):
            out.subject = clean(f"{out.subject} {text}")
            continue
        in_subject = False
        if all_upper(text) and re.search(r"\d+\s?/\s?[A-ZĐ]", text):
            continue  # "CV 9229/UBND-VHXH": a document's number, no issuer
        if all_upper(text):
            if (out.number or out.date) and authority_body(text) is None and len(text) > 25:
                # "PHÂN CÔNG NHIỆM VỤ …" under "Số: …/KH-UBND": the title of a text with no type line
                out.title = clean(f"{out.title} {text}") if out.title else text
                continue
            issuer_texts.append(text)
    units = _issuer_units(issuer_texts, known)
    if not out.found:
        # No number, date or motto: capitals that name no agency are a web page's ("TIN TỨC - SỰ KIỆN")
        units = [u for u in units if head_at(tokenize(proper_case(u, {})), 0) is not None]
    if len(units) > 1 and _is_central_committee(units[-2]):
        units[-1] = _central_body(units[-1])
    if units:
        out.issuer = units[-1]
        out.issuer_parent = units[-2] if len(units) > 1 else None
    return out


def read_closing(lines: list[Line]) -> tuple[list[str], dict[str, str] | None]:
    """Recipients ("Nơi nhận") and the signature block."""
    recipients: list[str] = []
    signer: dict[str, str] = {}
    in_recipients = False
    for line in lines:
        text = line.text.strip()
        m = _NOI_NHAN_RE.match(text)
        if m:
            in_recipients = True
            rest = text[m.end() :].strip(" :")
            if rest:
                recipients.append(rest.strip(" -;,."))
            continue
        if text.startswith(("-", "–", "+", "•")) and in_recipients:
            name = text.lstrip("-–+• ").strip(" ;,.")
            if name and not re.match(r"^Lưu\b", name, re.IGNORECASE):
                recipients.append(name)
            continue
        if re.match(r"^(?:TM\.|T\.M\.|T/M|KT\.|K\.T\.|K/T|TL\.|T/L|TUQ\.|Q\.)", text):
            signer["authority"] = text
            continue
        if re.match(r"^\((?:Đã ký|đã ký|Ký tên)", text):
            continue
        if all_upper(text) and len(text) < 60:
            signer.setdefault("position", text)
            continue
        words = text.split()
        if (
            2 <= len(words) <= 5
            and all(w[:1].isupper() for w in words)
            and not text.endswith((".", ";", ":"))
        ):
            signer["name"] = text
    return recipients, (signer or None)
