"""Deadlines in Vietnamese: "trước ngày 15/12/2023", "Quý II/2025", "hằng năm", "giai đoạn
2021–2025", "thường xuyên", "trong năm 2024", "tháng 6/2024", "6 tháng đầu năm".

In running text a date is a deadline only after a cue ("trước", "chậm nhất", "hoàn thành",
"đến", …): the dates of cited documents are not deadlines. In a table's time column every
expression counts, and a cell that matches nothing is kept as ``kind="text"``.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from khcn.core.text import clean
from khcn.plans.parser.model import Deadline
from khcn.plans.parser.rules import DEADLINE_LABELS, DESCRIBED_TIME_CUES, TARGET_WORDS

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_CUE = (
    r"(?:trước|chậm nhất(?: là)?|hạn chót|không quá|hoàn thành(?: trước| trong| vào| xong)?|xong trước"
    r"|(?:đến\s+)?hết|đến|tới|vào|trong)"
)
_FLAGS = re.IGNORECASE | re.UNICODE


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


Builder = Callable[[re.Match[str]], Deadline | None]


def _date(m: re.Match[str]) -> Deadline | None:
    value = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if value is None:
        return None
    return Deadline("date", clean(m.group()), date=value, year=value.year, month=value.month, day=value.day)


def _day_month(m: re.Match[str]) -> Deadline | None:
    """ "trước ngày 15/12 hằng năm" every year; "trước ngày 15-9" a date of the document's year
    (``with_document_year`` fills it in)."""
    day, month = int(m["d"]), int(m["m"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    text = clean(m.group())
    if re.search(r"h[ằà]ng năm|mỗi năm", text, _FLAGS):
        return Deadline("annual", text, day=day, month=month)
    return Deadline("date", text, day=day, month=month)


def _quarter(m: re.Match[str]) -> Deadline | None:
    q = m["last"] or m["q"]
    quarter = _ROMAN_QUARTERS.get(q.lower()) or (int(q) if q.isdigit() else None)
    if quarter is None or not 1 <= quarter <= 4:
        return None
    return Deadline("quarter", clean(m.group()), quarter=quarter, year=int(m["y"]) if m["y"] else None)


def _half(m: re.Match[str]) -> Deadline | None:
    half = 1 if m["which"].lower() == "đầu" else 2
    return Deadline("half", clean(m.group()), half=half, year=int(m["y"]) if m["y"] else None)


def _month(m: re.Match[str]) -> Deadline | None:
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    return Deadline("month", clean(m.group()), month=month, year=int(m["y"]) if m["y"] else None)


def _period(m: re.Match[str]) -> Deadline | None:
    start, end = int(m["a"]), int(m["b"])
    if end < start:
        return None
    return Deadline("period", clean(m.group()), start=start, end=end)


def _year(m: re.Match[str]) -> Deadline | None:
    return Deadline("year", clean(m.group()), year=int(m["y"]))


def _annual(m: re.Match[str]) -> Deadline | None:
    return Deadline("annual", clean(m.group()))


def _every(every: str) -> Builder:
    def build(m: re.Match[str]) -> Deadline | None:
        return Deadline("recurring", clean(m.group()), every=every)

    return build


def _continuous(m: re.Match[str]) -> Deadline | None:
    return Deadline("continuous", clean(m.group()))


def _relative(m: re.Match[str]) -> Deadline | None:
    return Deadline("relative", clean(m.group()))


_YEAR = r"(?P<y>(?:19|20)\d\d)"
# "trước 14 giờ(30), ngày 05/12/2017": the hour before the day is not kept (a deadline is a day).
_HOUR = r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*(?:phút|'|’))?)?\s*,?\s+)?"
# (pattern, builder, needs a cue in running text)
_PATTERNS: list[tuple[re.Pattern[str], Builder]] = [
    (
        re.compile(
            _CUE + r"\s+" + _HOUR + r"(?:ngày\s+)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*" + _YEAR,
            _FLAGS,
        ),
        _date,
    ),
    (
        re.compile(
            _CUE + r"\s+" + _HOUR + r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+" + _YEAR,
            _FLAGS,
        ),
        _date,
    ),
    (
        re.compile(
            r"(?:trước|chậm nhất(?: là)?|hạn chót|vào)\s+" + _HOUR + r"ngày\s+(?P<d>\d{1,2})"
            r"\s*(?:/|-|\s+tháng\s+)\s*(?P<m>\d{1,2})"
            r"(?!\s*(?:[/.-]|năm)\s*\d)(?:\s+(?:h[ằà]ng năm|mỗi năm|của năm|năm sau))?",
            _FLAGS,
        ),
        _day_month,
    ),
    (
        re.compile(
            r"giai đoạn\s+(?P<a>(?:19|20)\d\d)\s*[-–—]\s*(?P<b>(?:19|20)\d\d)"
            r"|(?:từ\s+)?năm\s+(?P<a2>(?:19|20)\d\d)\s+(?:đến|tới)\s+(?:năm\s+)?(?P<b2>(?:19|20)\d\d)",
            _FLAGS,
        ),
        lambda m: _period_any(m),
    ),
    (re.compile(r"6 tháng (?P<which>đầu|cuối) năm(?:\s+" + _YEAR + ")?", _FLAGS), _half),
    (
        re.compile(
            # ("Quí IV-2025": the older spelling, the year after a dash)
            r"(?:(?:trong|trước|hết|cuối|đầu|vào|hoàn thành trong|đến)\s+)?qu[ýí]\s+(?P<q>IV|I{1,3}|[1-4])\b"
            # "Quý III, IV/2026", "quý II và III năm 2025": the last quarter named
            r"(?:\s*(?:,|và|-|–|đến)\s*(?P<last>IV|I{1,3}|[1-4])\b(?!\d))*"
            r"(?:\s*,?\s*(?:/|năm|-|\.)\s*" + _YEAR + ")?",  # "Quý III, năm 2022" too
            _FLAGS,
        ),
        _quarter,
    ),
    (
        re.compile(
            r"(?:trong|trước|hết|cuối|đầu|vào|hoàn thành trong|đến)\s+tháng\s+(?P<m>\d{1,2})"
            r"(?:\s*(?:/|năm|-|\.)\s*" + _YEAR + r"|(?!\s*[/.-]?\s*\d))",  # "tháng 6.2021" too
            _FLAGS,
        ),
        _month,
    ),
    (
        # "đến năm 2030", "tới năm 2030": a horizon, not a deadline
        re.compile(r"(?:trong|vào|trước|hoàn thành(?: trong)?|xong trong|cuối|hết)\s+năm\s+" + _YEAR, _FLAGS),
        _year,
    ),
    (re.compile(r"h[ằà]ng quý|mỗi quý|định kỳ quý", _FLAGS), _every("quarter")),
    (re.compile(r"h[ằà]ng tháng|mỗi tháng|định kỳ tháng", _FLAGS), _every("month")),
    (re.compile(r"h[ằà]ng tuần|mỗi tuần", _FLAGS), _every("week")),
    (
        re.compile(r"định kỳ (?:6|sáu) tháng|(?:6|sáu) tháng (?:một|1) lần|h[ằà]ng (?:6|sáu) tháng", _FLAGS),
        _every("half_year"),
    ),
    (re.compile(r"(?:định kỳ\s+)?h[ằà]ng năm|mỗi năm|định kỳ năm", _FLAGS), _annual),
    (re.compile(r"thường xuyên|liên tục|h[ằà]ng ngày", _FLAGS), _continuous),
    (
        # "trong tuần này", "trong thời hạn 15 ngày (làm việc) kể từ ngày nhận được văn bản": a
        # time counted from the document or an event, with no date of its own
        re.compile(
            r"trong (?:tuần|tháng) (?:này|tới)|ngay trong ngày"
            # "trước khi trình Kỳ họp chuyên đề tháng 10": before an event
            r"|trước khi (?:trình|tổ chức|khai mạc|diễn ra|ban hành|triển khai)\s[^,.;]{3,60}"
            # "trước Tết Nguyên đán Bính Thân 2016", "trước dịp Tết": before the holiday
            r"|trước (?:dịp )?Tết(?: Nguyên [Đđ]án)?(?:(?:\s+\S+){0,2}\s*[-–]?\s*(?:19|20)\d\d)?"
            r"|trong (?:thời hạn|vòng) \d{1,3} ngày(?: làm việc)?(?: kể từ (?:ngày )?[^,.;]{1,50})?"
            # "Trong 06 tháng kể từ khi Bộ … đưa ra đầy đủ yêu cầu": counted from an event
            r"|trong \d{1,3}(?:\s*[-–]\s*\d{1,3})? (?:ngày|tuần|tháng)(?: làm việc)?"
            r",? kể từ (?:ngày |khi )?[^,.;]{1,50}"
            # "thẩm định trong 05 ngày làm việc": a time limit in working days, counted from receipt
            r"|trong \d{1,3} ngày làm việc",
            _FLAGS,
        ),
        _relative,
    ),
]

# Extra patterns for a table's time column: no cue needed.
_CELL_PATTERNS: list[tuple[re.Pattern[str], Builder]] = [
    (re.compile(r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*" + _YEAR, _FLAGS), _date),
    (re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+" + _YEAR, _FLAGS), _date),
    (
        re.compile(r"tháng\s+(?P<m>\d{1,2})\s*,?\s*(?:/|năm|-)\s*" + _YEAR, _FLAGS),
        _month,
    ),  # "Tháng 12, năm 2022"
    (re.compile(r"(?:năm\s+)?(?P<a>(?:19|20)\d\d)\s*[-–—]\s*(?P<b>(?:19|20)\d\d)", _FLAGS), _period),
    # "Năm 2025 và các năm tiếp theo": due in 2025, and on after it
    (re.compile(r"(?:năm\s+)?" + _YEAR + r"(?:\s+và\s+các\s+năm\s+(?:tiếp\s+theo|sau))?", _FLAGS), _year),
]


def _period_any(m: re.Match[str]) -> Deadline | None:
    a = m["a"] or m["a2"]
    b = m["b"] or m["b2"]
    start, end = int(a), int(b)
    if end < start:
        return None
    return Deadline("period", clean(m.group()), start=start, end=end)


def find_deadlines(text: str, *, cell: bool = False) -> list[Deadline]:
    """All deadlines in ``text``, in order, not overlapping (longer matches win)."""
    found: list[tuple[int, int, Deadline]] = []
    patterns = _PATTERNS + (_CELL_PATTERNS if cell else [])
    for pattern, build in patterns:
        for m in pattern.finditer(text):
            deadline = build(m)
            if deadline is not None:
                found.append((m.start(), m.end(), deadline))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    out: list[Deadline] = []
    taken_until = -1
    for start, end, deadline in found:
        if start < taken_until:
            continue
        out.append(deadline)
        taken_until = end
    return out


_PERIOD_DEADLINE_RE = re.compile(r"(?:từ\s+)?năm\s", _FLAGS)
_IN_PERIOD_RE = re.compile(r"(?:trong|thực hiện|triển khai)\s*$", _FLAGS)
_TARGET_RE = re.compile(r"(?:" + "|".join(re.escape(w) for w in TARGET_WORDS) + r")\b[^.;]{0,60}$", _FLAGS)
_DESCRIBED_CUES = sorted(DESCRIBED_TIME_CUES, key=len, reverse=True)
# "báo cáo kết quả … từ ngày 30/01/2020 " before "đến ngày 24/4/2020": the span a report covers.
_REPORTED_SPAN_RE = re.compile(
    r"\bbáo cáo\b[^.;]{0,160}\btừ\s+ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?\s*$", _FLAGS
)
_REPORTED_HALF_RE = re.compile(r"\bbáo cáo\b[^.;]{0,40}$", _FLAGS)
_DESCRIBED_RE = re.compile(r"(?:" + "|".join(re.escape(w) for w in _DESCRIBED_CUES) + r")\s*$", _FLAGS)


def first_deadline(text: str) -> Deadline | None:
    """The deadline of a clause: its first, leaving out a year that is a target ("phấn đấu trong
    năm 2025 đạt …") and preferring any other deadline to a period ("Đề án … giai đoạn
    2021-2030 …, hoàn thành trong quý 3/2021")."""
    found = []
    for deadline in find_deadlines(text):
        at = text.find(deadline.text)
        if at >= 0 and re.match(r"\s+là\b", text[at + len(deadline.text) :]):
            continue  # "quý I/2020 là thời điểm Tết …": a time talked about, not a deadline
        if at >= 0 and _DESCRIBED_RE.search(text[:at]):
            continue  # "các nhiệm vụ … có thời hạn hoàn thành trong năm 2025": theirs, not this duty's
        if at >= 0 and _REPORTED_SPAN_RE.search(text[:at]):
            continue  # "báo cáo kết quả … từ ngày 30/01/2020 đến ngày 24/4/2020": the time reported on
        if deadline.kind == "half" and at >= 0 and _REPORTED_HALF_RE.search(text[:at]):
            later = find_deadlines(text[at + len(deadline.text) :])
            if any(d.kind == "date" for d in later):
                continue  # "báo cáo kết quả 6 tháng đầu năm trước ngày 15/6": the half reported on
        if deadline.kind == "period" and not _PERIOD_DEADLINE_RE.match(deadline.text):
            # "kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025": the period of what is named
            at = text.find(deadline.text)
            if at < 0 or not _IN_PERIOD_RE.search(text[:at]):
                continue
        if deadline.kind == "year":
            at = text.find(deadline.text)
            if at >= 0 and _TARGET_RE.search(text[:at]):
                continue
        found.append(deadline)
    for index, deadline in enumerate(found):
        if deadline.kind == "annual" and deadline.day is None:
            # "định kỳ hằng năm báo cáo …, gửi về Bộ … trước ngày 25 tháng 12": every year, by that day
            day = next((d for d in found[index + 1 :] if d.kind == "date" and d.year is None), None)
            if day is not None:
                return Deadline("annual", f"{deadline.text} … {day.text}", day=day.day, month=day.month)
        if deadline.kind != "period":
            return deadline
    return found[0] if found else labelled_deadline(text)


_LABEL_RE = re.compile(
    r"(?:^[\W_]*|[;.,(]\s*|\s-\s*)(?:"  # "*/ Thời hạn …:" too
    + "|".join(re.escape(w) for w in sorted(DEADLINE_LABELS, key=len, reverse=True))
    # "Thời hạn cuối cùng nhận hồ sơ: ngày 20 tháng 4 năm 2020": what is due, between label and colon
    + r")(?:\s+(?:cuối cùng|chót))?(?:\s+(?:nộp|nhận|gửi)\s[^:;]{1,30})?\s*:\s*(?P<rest>[^;]+)",
    _FLAGS,
)


def labelled_deadline(text: str, *, line: bool = False) -> Deadline | None:
    """The time after a label ("Thời gian hoàn thành: Quý IV/2025"), read as a time cell; None
    when there is no label or what follows it is no time. ``line``: only a label that opens the
    text (an item's time line)."""
    m = _LABEL_RE.search(text)
    if m is None or (line and text[: m.start()].strip(" -–•+*")):
        return None
    found = find_deadlines(clean(m["rest"]).rstrip(" ."), cell=True)
    return found[0] if found else None


def with_document_year(deadline: Deadline | None, year: int | None) -> None:
    """A date, month or quarter printed without its year ("trước ngày 15-9", "trong tháng 6",
    a time cell "Quý III") is in the document's year."""
    if deadline is None or year is None or deadline.year is not None:
        return
    if deadline.kind == "date" and deadline.day and deadline.month:
        deadline.year = year
        deadline.date = safe_date(year, deadline.month, deadline.day)
    elif deadline.kind in ("month", "quarter", "half"):
        deadline.year = year


_CELL_MONTHS_RE = re.compile(r"^(?:[Tt]háng\s+)?(?:\d{1,2}\s*[-–]\s*)?(?P<last>\d{1,2})\s*/\s*(?P<y>\d{4})$")


def cell_deadline(text: str) -> Deadline | None:
    """The deadline in a table's time column; a cell that says something else is kept as text."""
    cleaned = clean(text)
    if not cleaned:
        return None
    months = _CELL_MONTHS_RE.match(cleaned)
    if months and 1 <= int(months["last"]) <= 12:
        # "10/2019", "10-11/2019", "3-12/2020": a month (of a span) in a time column, not a day
        return Deadline("month", cleaned, year=int(months["y"]), month=int(months["last"]))
    if _STATUS_CELL_RE.match(cleaned):
        return None  # "Đã hoàn thành": what was done, no time
    found = find_deadlines(cleaned, cell=True)
    if found:
        if len(found[0].text) * 2 < len(cleaned):
            # "Thực hiện đến năm 2030 và theo kế hoạch phân bổ hạn ngạch …": the time read, and
            # the cell as printed, which says more
            return dataclasses.replace(found[0], text=cleaned)
        return found[0]
    return Deadline("text", cleaned)


_STATUS_CELL_RE = re.compile(r"^(?:đã hoàn thành|đã thực hiện|đã ban hành)\b", _FLAGS)


# --------------------------------------------------------------------------------------------------
# Stored deadlines: their last day
# --------------------------------------------------------------------------------------------------

# Deadline kinds without one date ("hằng năm", "thường xuyên"): never overdue as a whole.
_RECURRING_KINDS = {"recurring", "annual", "yearly", "every_year", "regular", "continuous", "ongoing"}
_QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_DATE_KEYS = ("date", "by", "due", "due_on", "until", "end", "to", "year_to", "end_year")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and 1900 < value < 3000:
        return dt.date(value, 12, 31)
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 12, 31)
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    return None


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def deadline_date(value: Any) -> dt.date | None:
    """The last day of a structured deadline, or None if it has none (recurring, unknown).

    Accepts the stored deadline values (``Deadline.to_json()``, or what the review screen
    kept): an ISO date string, or a dict with a ``date`` / ``by`` / ``end`` / ``to`` (ISO date
    or year), or ``year`` with ``quarter`` (1–4), ``half`` (1–2) or ``month`` (1–12); a
    ``kind`` such as ``recurring`` or ``continuous`` means there is no single date.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, Mapping):
        return _as_date(value)
    kind = str(value.get("kind") or value.get("type") or "").lower()
    if kind in _RECURRING_KINDS or value.get("recurring"):
        return None
    for key in _DATE_KEYS:
        found = _as_date(value.get(key))
        if found is not None:
            return found
    year = _as_int(value.get("year"))
    if year is None or not 1900 < year < 3000:
        return None
    quarter = _as_int(value.get("quarter"))
    if quarter in _QUARTER_ENDS:
        month, day = _QUARTER_ENDS[quarter]
        return dt.date(year, month, day)
    half = _as_int(value.get("half"))
    if half in (1, 2):
        return dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    last_month = _as_int(value.get("month"))
    if last_month is not None and 1 <= last_month <= 12:
        return dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return dt.date(year, 12, 31)


def deadline_text(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("text") or "")
    return str(value or "")
