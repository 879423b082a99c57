"""Import of past S&T tasks from an Excel register (.xlsx), as DOSTs have kept them for years.

Three steps, the first two writing nothing:

1. ``read_workbook(data)``: the first sheet as text and numbers. The header row is the first row
   (of the first 30) where two cells or more name a known column, else the first row with two
   cells or more (a title above the table is skipped, so the register's own Excel export can be
   imported back). Formulas are never evaluated: the workbook is opened without its cached
   values and a cell such as ``=HYPERLINK(…)`` is read as the text it is.
2. ``guess_mapping(headers)`` proposes which column holds what, from the headers in Vietnamese
   (with or without diacritics) or English; the user corrects it. ``preview(sheet, mapping)``
   checks every row and tells what would be created or updated; each problem names the row
   and the column, in the reader's language.
3. ``task_import(*, actor, rows, …)`` writes a preview's rows in one transaction: all or
   nothing, audited. A task is found again by its ``import_key`` (the code in the file), so
   importing the same file twice updates the tasks instead of adding them twice.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.audit import registry as audit
from khcn.audit.services import diff, record, record_many, snapshot
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, fold
from khcn.research.choices import Method, Rating, Regime, TaskState, TaskType
from khcn.research.models import Task
from khcn.research.permissions import task_policy
from khcn.research.rules import regime_on

TASK_IMPORTED = audit.register("research.task.imported", gettext_lazy("Task imported from Excel"))
TASK_REIMPORTED = audit.register("research.task.reimported", gettext_lazy("Task updated from Excel"))
TASKS_IMPORTED = audit.register("research.tasks.import", gettext_lazy("S&T tasks imported from Excel"))

MAX_ROWS = 10_000
MAX_COLUMNS = 60
MAX_CELL = 2_000  # characters kept of a cell (the longest field is a title of 500)
HEADER_SCAN = 30
MAX_AMOUNT = 10**15  # VND: a million billion, far above any provincial task
FIELDS_SCHEME = "linh-vuc-khcn-2008"
BATCH = 500

CREATE, UPDATE = "create", "update"


@dataclass(frozen=True)
class Target:
    key: str
    label: Any
    words: tuple[str, ...]  # headers that name it (folded, without what is in brackets)
    loose: bool = True  # also found inside a longer header


TARGETS: list[Target] = [
    Target(
        "code",
        gettext_lazy("Task code"),
        ("ma nhiem vu", "ma so", "ma", "ma de tai", "so hieu", "code", "task code"),
    ),
    Target(
        "title",
        gettext_lazy("Task title"),
        ("ten nhiem vu", "ten de tai", "ten de tai du an", "ten", "ten nhiem vu khcn", "title", "task title"),
    ),
    Target(
        "type", gettext_lazy("Type of task"), ("loai", "loai nhiem vu", "loai hinh", "type", "type of task")
    ),
    Target(
        "method",
        gettext_lazy("How the host is chosen"),
        (
            "phuong thuc",
            "phuong thuc giao",
            "hinh thuc giao",
            "cach chon to chuc chu tri",
            "how the host is chosen",
            "method",
        ),
    ),
    Target(
        "fields",
        gettext_lazy("S&T fields"),
        ("linh vuc", "linh vuc khcn", "linh vuc kh&cn", "ma linh vuc", "fields", "field", "s&t fields"),
    ),
    Target(
        "host",
        gettext_lazy("Host organisation"),
        (
            "to chuc chu tri",
            "co quan chu tri",
            "don vi chu tri",
            "host organisation",
            "host organization",
            "host",
        ),
    ),
    Target(
        "investigator",
        gettext_lazy("Principal investigator"),
        ("chu nhiem", "chu nhiem nhiem vu", "chu nhiem de tai", "principal investigator", "investigator"),
    ),
    Target(
        "budget_other",
        gettext_lazy("Other funds (VND)"),
        (
            "kinh phi khac",
            "nguon khac",
            "kinh phi tu nguon khac",
            "kinh phi doi ung",
            "other sources",
            "other funds",
        ),
    ),
    Target(
        "budget_state",
        gettext_lazy("State budget funds (VND)"),
        (
            "kinh phi nsnn",
            "kinh phi tu nsnn",
            "kinh phi ngan sach",
            "ngan sach nha nuoc",
            "kinh phi su nghiep khcn",
            "kinh phi",
            "state budget",
            "state budget funds",
        ),
    ),
    Target(
        "year", gettext_lazy("Year approved"), ("nam phe duyet", "nam", "year", "year approved"), loose=False
    ),
    Target(
        "approved_on",
        gettext_lazy("Date approved"),
        ("ngay phe duyet", "ngay quyet dinh", "ngay dat hang", "date approved", "approved on", "ordered on"),
    ),
    Target(
        "starts_on",
        gettext_lazy("Start"),
        ("bat dau", "thoi gian bat dau", "ngay bat dau", "start", "starts on"),
    ),
    Target(
        "ends_on", gettext_lazy("End"), ("ket thuc", "thoi gian ket thuc", "ngay ket thuc", "end", "ends on")
    ),
    Target(
        "period",
        gettext_lazy("Duration (from – to)"),
        ("thoi gian thuc hien", "duration", "duration from to"),
    ),
    Target("state", gettext_lazy("State"), ("trang thai", "tinh trang", "state", "status")),
    Target("rating", gettext_lazy("Rating"), ("xep loai", "ket qua nghiem thu", "danh gia", "rating")),
    Target("accepted_on", gettext_lazy("Date accepted"), ("ngay nghiem thu", "date accepted", "accepted on")),
    Target(
        "archive_number",
        gettext_lazy("Archive number"),
        (
            "so luu",
            "so luu tru",
            "so dang ky",
            "so chung nhan dang ky",
            "archive number",
            "registration number",
        ),
    ),
    Target(
        "registered_on",
        gettext_lazy("Date registered"),
        ("ngay dang ky", "ngay dang ky ket qua", "date registered", "registered on", "results registered on"),
    ),
]
TARGET_KEYS = [t.key for t in TARGETS]
_TARGETS = {t.key: t for t in TARGETS}

# What the cells say, folded, with what it means (the choices' own labels in both languages
# are added by ``_choice_words``).
_TYPES = {
    "de tai": TaskType.TOPIC,
    "de tai khcn": TaskType.TOPIC,
    "du an sxtn": TaskType.PILOT,
    "du an san xuat thu nghiem": TaskType.PILOT,
    "sxtn": TaskType.PILOT,
    "de an": TaskType.SCHEME,
    "de an khoa hoc": TaskType.SCHEME,
    "du an kh&cn": TaskType.PROJECT,
    "du an khcn": TaskType.PROJECT,
    "du an khoa hoc va cong nghe": TaskType.PROJECT,
    "du an": TaskType.PROJECT,
}
_METHODS = {
    "tuyen chon": Method.SELECTION,
    "giao truc tiep": Method.DIRECT,
    "truc tiep": Method.DIRECT,
    "giao": Method.DIRECT,
}
_STATES = {
    "dang thuc hien": TaskState.IN_PROGRESS,
    "dang trien khai": TaskState.IN_PROGRESS,
    "dang gia han": TaskState.IN_PROGRESS,
    "gia han": TaskState.IN_PROGRESS,
    "da nghiem thu": TaskState.ACCEPTED,
    "nghiem thu": TaskState.ACCEPTED,
    "da hoan thanh": TaskState.ACCEPTED,
    "hoan thanh": TaskState.ACCEPTED,
    "dang nghiem thu": TaskState.IN_ACCEPTANCE,
    "cho nghiem thu": TaskState.IN_ACCEPTANCE,
    "khong dat": TaskState.FAILED,
    "nghiem thu khong dat": TaskState.FAILED,
    "da cong nhan ket qua": TaskState.RECOGNISED,
    "da thanh ly": TaskState.LIQUIDATED,
    "thanh ly": TaskState.LIQUIDATED,
    "da dang ky": TaskState.REGISTERED,
    "da dang ky ket qua": TaskState.REGISTERED,
    "cham dut": TaskState.TERMINATED,
    "da cham dut": TaskState.TERMINATED,
    "dung": TaskState.TERMINATED,
    "da dung": TaskState.TERMINATED,
    "dung thuc hien": TaskState.TERMINATED,
    "tam dung": TaskState.SUSPENDED,
    "da ky hop dong": TaskState.CONTRACTED,
    "ky hop dong": TaskState.CONTRACTED,
    "da phe duyet": TaskState.APPROVED,
    "phe duyet": TaskState.APPROVED,
    "da ket thuc": TaskState.CLOSED,
    "ket thuc": TaskState.CLOSED,
}
_RATINGS = {
    "xuat sac": Rating.EXCELLENT,
    "dat": Rating.PASS,
    "khong dat": Rating.FAIL,
}
_UNITS = {"ty": 10**9, "trieu": 10**6, "nghin": 10**3, "ngan": 10**3}
_CURRENCY_WORDS = ("vnd", "dong", "vnđ", "đ", "d")


def _choice_words(choices: Any, extra: Mapping[str, str]) -> dict[str, str]:
    """``extra`` plus each choice's code and label in Vietnamese and English, folded."""
    words = dict(extra)
    for value, label in choices.choices:
        words.setdefault(fold(value), value)
        words.setdefault(fold(value).replace("_", " "), value)
        for language in ("vi", "en"):
            with translation.override(language):
                words.setdefault(_norm(str(label)), value)
    return words


def _norm(text: str) -> str:
    """A header or a cell's word as compared: folded, brackets and punctuation out."""
    text = fold(text)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^\w&]+", " ", text)
    return " ".join(text.split())


# --- Reading the workbook ----------------------------------------------------------------------


@dataclass
class Sheet:
    """A workbook's first sheet: its header row and data rows (Excel row numbers), each cell as
    text, or a number when the cell holds one."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    skipped: int = 0  # rows without a code nor a title (section headings, totals)

    def as_data(self) -> dict[str, Any]:
        return {"headers": self.headers, "rows": [[n, c] for n, c in self.rows], "skipped": self.skipped}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Sheet:
        return cls(
            headers=[str(h) for h in data["headers"]],
            rows=[(int(n), list(c)) for n, c in data["rows"]],
            skipped=int(data.get("skipped") or 0),
        )


def _cell(value: Any) -> Any:
    """A cell as stored between the steps (JSON): text, a number, or a date as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return ""
    return clean(str(value))[:MAX_CELL]


def _known_headers(cells: Sequence[Any]) -> int:
    words = {w for t in TARGETS for w in t.words}
    return sum(1 for c in cells if isinstance(c, str) and c and _norm(c) in words)


def read_workbook(data: bytes) -> Sheet:
    """The first sheet of an .xlsx file; refuses, with the reason, a file openpyxl cannot read,
    a sheet without data under a header row, or more than ``MAX_ROWS`` rows."""
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula is read as its text, never as a value someone computed.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise DomainError(_("This Excel file cannot be read."), code="unreadable") from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong size: read every row
        raw = (
            (n, [_cell(v) for v in row])
            for n, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1)
        )
        head: list[tuple[int, list[Any]]] = []
        header_at: int | None = None
        for number, cells in raw:
            if not any(c != "" for c in cells):
                continue
            head.append((number, cells))
            if _known_headers(cells) >= 2:
                header_at = len(head) - 1
                break
            if len(head) >= HEADER_SCAN:
                break
        if header_at is None:  # no known header: the first row with two cells or more
            header_at = next((i for i, (_n, c) in enumerate(head) if sum(1 for x in c if x != "") >= 2), None)
        if header_at is None:
            raise DomainError(_("The first sheet has no rows of data under a header row."), code="empty")
        headers = [str(c) for c in head[header_at][1]]
        while headers and not headers[-1]:
            headers.pop()
        rows: list[tuple[int, list[Any]]] = []
        for number, cells in [*head[header_at + 1 :], *raw]:
            cells = cells[: len(headers)]
            if not any(c != "" for c in cells):
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise DomainError(
                    _("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS},
                    code="too_many_rows",
                )
    finally:
        workbook.close()
    if not rows:
        raise DomainError(_("The first sheet has no rows of data under a header row."), code="empty")
    return Sheet(headers=headers, rows=rows)


def guess_mapping(headers: Sequence[str]) -> dict[str, int | None]:
    """Target → column index, from the header texts: an exact name first, then a known name
    inside a longer header ("Kinh phí NSNN (triệu đồng)")."""
    normalized = [_norm(h) for h in headers]
    mapping: dict[str, int | None] = dict.fromkeys(TARGET_KEYS)
    used: set[int] = set()
    for target in TARGETS:
        found = next((i for i, h in enumerate(normalized) if i not in used and h in target.words), None)
        if found is not None:
            mapping[target.key] = found
            used.add(found)
    for target in TARGETS:
        if mapping[target.key] is not None or not target.loose:
            continue
        for word in sorted(target.words, key=len, reverse=True):
            if len(word) < 5:
                continue
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
            found = next((i for i, h in enumerate(normalized) if i not in used and pattern.search(h)), None)
            if found is not None:
                mapping[target.key] = found
                used.add(found)
                break
    return mapping


def column_unit(header: str) -> int:
    """The multiplier a money column's header states: "(triệu đồng)" → 1,000,000."""
    words = fold(header)
    for unit, factor in _UNITS.items():
        if re.search(rf"(?<!\w){unit}(?!\w)", words):
            return factor
    return 1


# --- Reading values ------------------------------------------------------------------------------


class BadValue(ValueError):
    pass


_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_DECIMAL = re.compile(r"^\d+(?:[.,]\d+)?$")
_AMOUNT_PART = re.compile(r"([\d][\d.,\s]*)\s*([a-z]*)")


def _number(text: str) -> Decimal:
    """ "1.500.000", "1,500,000", "1 500 000" (thousands) or "1,5", "1.5" (a decimal)."""
    text = text.replace(" ", "").replace("\u00a0", "")
    if _GROUPED.match(text):
        return Decimal(re.sub(r"[.,]", "", text))
    if _DECIMAL.match(text):
        return Decimal(text.replace(",", "."))
    raise BadValue(text)


def parse_amount(value: Any, unit: int = 1) -> int:
    """VND from a number cell or text: "1.500.000.000", "1,5 tỷ", "500 triệu đồng", "1 tỷ 200
    triệu"; ``unit`` is the column's (a header "(triệu đồng)")."""
    if isinstance(value, int | float):
        amount = Decimal(str(value)) * unit
    else:
        text = fold(str(value)).strip()
        for word in _CURRENCY_WORDS:
            text = re.sub(rf"(?<![a-z]){word}\.?$", "", text.strip()).strip()
        if not text or text.startswith("-"):
            raise BadValue(value)
        amount = Decimal(0)
        rest = text
        for match in _AMOUNT_PART.finditer(text):
            number, word = match.group(1).strip(), match.group(2)
            if word and word not in _UNITS:
                raise BadValue(value)
            try:
                amount += _number(number) * (_UNITS[word] if word else unit)
            except InvalidOperation as exc:
                raise BadValue(value) from exc
            rest = rest.replace(match.group(0), "", 1)
        if rest.strip():
            raise BadValue(value)
    if amount != amount.to_integral_value() and amount < 1000:
        raise BadValue(value)  # "1.5" VND: a unit is missing
    amount = amount.to_integral_value()
    if amount < 0 or amount > MAX_AMOUNT:
        raise BadValue(value)
    return int(amount)


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MY = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_Y = re.compile(r"^(\d{4})$")
_PERIOD = re.compile(r"^(.*?\d{4})\s*(?:-|–|—|den|to)\s*(.*\d{4})$")


def parse_date(value: Any, *, end: bool = False) -> dt.date:
    """A day (dd/mm/yyyy, yyyy-mm-dd), a month (mm/yyyy) or a year: a month or a year is its
    first day, or its last with ``end``."""
    text = str(value).strip()
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _YMD.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MY.match(text):
            year, month = int(m[2]), int(m[1])
            return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        if m := _Y.match(text):
            return dt.date(int(m[1]), 12, 31) if end else dt.date(int(m[1]), 1, 1)
    except ValueError as exc:
        raise BadValue(text) from exc
    raise BadValue(text)


def _plausible(day: dt.date, today: dt.date) -> bool:
    return 1975 <= day.year <= today.year + 10


# --- The preview -----------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    number: int  # the row's number in Excel
    cells: dict[str, Any]  # target → the cell as read
    values: dict[str, Any] = field(default_factory=dict)  # Task field → value
    field_ids: list[int] | None = None  # None: the file says nothing of the fields
    field_codes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    action: str = CREATE
    task: Task | None = None  # the task a row updates

    @property
    def key(self) -> str:
        return str(self.values.get("import_key", ""))

    @property
    def regime_label(self) -> str:
        return str(dict(Regime.choices).get(self.values.get("regime", ""), ""))


@dataclass
class Preview:
    rows: list[PreviewRow]
    skipped: int = 0

    @property
    def refused(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)


def _lookups() -> dict[str, Any]:
    from khcn.classifications.models import Term

    return {
        "terms": dict(Term.objects.filter(scheme__code=FIELDS_SCHEME).values_list("code", "pk")),
        "types": _choice_words(TaskType, _TYPES),
        "methods": _choice_words(Method, _METHODS),
        "states": _choice_words(TaskState, _STATES),
        "ratings": _choice_words(Rating, _RATINGS),
    }


def _organizations(names: set[str]) -> dict[str, Any]:
    """Registry agencies in operation, by any of their names (folded)."""
    from khcn.organizations.models import OrganizationAlias

    found: dict[str, Any] = {}
    names_list = sorted(names)
    for start in range(0, len(names_list), BATCH):
        rows = OrganizationAlias.objects.filter(
            name_folded__in=names_list[start : start + BATCH], organization__valid_to__isnull=True
        ).values_list("name_folded", "organization_id")
        found.update(rows)
    return found


def _existing(keys: Iterable[str], *, lock: bool = False) -> dict[str, Task]:
    keys = sorted({k for k in keys if k})
    found: dict[str, Task] = {}
    for start in range(0, len(keys), BATCH):
        qs = Task.objects.filter(import_key__in=keys[start : start + BATCH]).order_by("pk")
        if lock:
            qs = qs.select_for_update()
        for task in qs:
            found.setdefault(task.import_key, task)
    return found


def preview(sheet: Sheet, mapping: dict[str, int | None], *, today: dt.date | None = None) -> Preview:
    """Every row read and checked against the mapping, and matched with the tasks imported
    before; nothing is written. Raises ``DomainError`` when the mapping lacks the code or the
    title, or gives one column two meanings."""
    today = today or timezone.localdate()
    columns = [c for c in mapping.values() if c is not None]
    if len(columns) != len(set(columns)):
        raise DomainError(_("A column of the file is given two meanings."), code="mapping_twice")
    for key in ("code", "title"):
        if mapping.get(key) is None:
            raise DomainError(
                _("Say which column holds: %(field)s.") % {"field": _TARGETS[key].label},
                code="mapping_missing",
            )
    lookups = _lookups()
    units = {
        key: column_unit(sheet.headers[c])
        for key in ("budget_state", "budget_other")
        if (c := mapping.get(key)) is not None
    }
    host_col = mapping.get("host")
    agencies = _organizations(
        {
            _norm_name(cells[host_col])
            for _n, cells in sheet.rows
            if host_col is not None and host_col < len(cells) and cells[host_col] != ""
        }
    )
    rows: list[PreviewRow] = []
    seen: dict[str, int] = {}
    for number, raw in sheet.rows:
        cells = {k: (raw[c] if c < len(raw) else "") for k, c in mapping.items() if c is not None}
        row = PreviewRow(number=number, cells=cells)
        _read_row(row, sheet.headers, mapping, lookups, units, agencies, today)
        if row.key:
            if row.key in seen:
                row.errors.append(
                    _error(
                        row,
                        sheet.headers,
                        mapping,
                        "code",
                        _("the same code as row %(row)d of this file.") % {"row": seen[row.key]},
                    )
                )
            else:
                seen[row.key] = number
        rows.append(row)
    existing = _existing(seen)
    for row in rows:
        if row.key in existing:
            row.action, row.task = UPDATE, existing[row.key]
    return Preview(rows=rows, skipped=sheet.skipped)


def _norm_name(value: Any) -> str:
    return fold(clean(str(value)))


def _error(
    row: PreviewRow, headers: Sequence[str], mapping: dict[str, int | None], key: str, text: str
) -> str:
    index = mapping.get(key)
    column = (
        headers[index]
        if index is not None and index < len(headers) and headers[index]
        else str(_TARGETS[key].label)
    )
    return _("Row %(row)d, column “%(column)s”: %(problem)s") % {
        "row": row.number,
        "column": column,
        "problem": text,
    }


def _read_row(
    row: PreviewRow,
    headers: Sequence[str],
    mapping: dict[str, int | None],
    lookups: dict[str, Any],
    units: dict[str, int],
    agencies: dict[str, int],
    today: dt.date,
) -> None:
    values = row.values

    def text(key: str) -> str:
        value = row.cells.get(key, "")
        return clean(str(value)) if value != "" else ""

    def fail(key: str, problem: str) -> None:
        row.errors.append(_error(row, headers, mapping, key, problem))

    code = text("code")
    if not code:
        fail("code", _("the code is missing."))
    elif len(code) > 60:
        fail("code", _("the code is longer than %(max)d characters.") % {"max": 60})
    else:
        values["import_key"] = code
    title = text("title")
    if not title:
        fail("title", _("the title is missing."))
    elif len(title) > 500:
        fail("title", _("the title is longer than %(max)d characters.") % {"max": 500})
    else:
        values["title"] = title

    for key, words, unknown in (
        (
            "type",
            lookups["types"],
            _("“%(value)s” is not a type of task (đề tài, dự án SXTN, đề án, dự án KH&CN)."),
        ),
        ("method", lookups["methods"], _("“%(value)s” is neither selection nor direct assignment.")),
        ("state", lookups["states"], _("“%(value)s” is not a known state.")),
        ("rating", lookups["ratings"], _("“%(value)s” is not a rating (xuất sắc, đạt, không đạt).")),
    ):
        value = text(key)
        if not value:
            continue
        found = words.get(_norm(value))
        if found is None:
            fail(key, unknown % {"value": value})
        else:
            values[key] = found

    fields_text = text("fields")
    if fields_text:
        ids: list[int] = []
        for part in re.split(r"[;,\n]+", fields_text):
            part = part.strip()
            if not part:
                continue
            code_part = part.split(" ", 1)[0].rstrip(".")
            term = lookups["terms"].get(code_part)
            if term is None:
                fail(
                    "fields",
                    _("“%(value)s” is not a code of the national list of S&T fields.") % {"value": part},
                )
            elif term not in ids:
                ids.append(term)
                row.field_codes.append(code_part)
        row.field_ids = ids

    host = text("host")
    if len(host) > 255:
        fail("host", _("longer than %(max)d characters.") % {"max": 255})
    elif host:
        values["host_id"] = agencies.get(fold(host))
        values["host_name"] = host
    investigator = text("investigator")
    if len(investigator) > 160:
        fail("investigator", _("longer than %(max)d characters.") % {"max": 160})
    elif investigator:
        values["investigator"] = investigator
    archive = text("archive_number")
    if len(archive) > 60:
        fail("archive_number", _("longer than %(max)d characters.") % {"max": 60})
    elif archive:
        values["archive_number"] = archive

    for key in ("budget_state", "budget_other"):
        raw = row.cells.get(key, "")
        if raw == "":
            continue
        try:
            values[key] = parse_amount(raw, units.get(key, 1))
        except BadValue:
            fail(
                key, _("“%(value)s” is not an amount in VND (e.g. 1.500.000.000 or 1,5 tỷ).") % {"value": raw}
            )

    dates: dict[str, dt.date] = {}
    for key, end in (
        ("approved_on", False),
        ("starts_on", False),
        ("ends_on", True),
        ("accepted_on", False),
        ("registered_on", False),
    ):
        raw = row.cells.get(key, "")
        if raw == "":
            continue
        try:
            day = parse_date(raw, end=end)
            if not _plausible(day, today):
                raise BadValue(raw)
        except BadValue:
            fail(key, _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": raw})
        else:
            dates[key] = day
    period = text("period")
    if period:
        try:
            if not (m := _PERIOD.match(fold(period))):
                raise BadValue(period)
            start, finish = parse_date(m[1].strip()), parse_date(m[2].strip(), end=True)
            if not (_plausible(start, today) and _plausible(finish, today)):
                raise BadValue(period)
        except BadValue:
            fail("period", _("“%(value)s” is not a period such as 01/2020 – 12/2021.") % {"value": period})
        else:
            dates.setdefault("starts_on", start)
            dates.setdefault("ends_on", finish)
    year_raw = row.cells.get("year", "")
    year: int | None = None
    if year_raw != "":
        year_text = str(year_raw).strip()
        if isinstance(year_raw, int) or year_text.isdigit():
            year = int(year_text)
        else:
            try:
                year = parse_date(year_text).year
            except BadValue:
                year = None
        if year is None or not 1975 <= year <= today.year + 1:
            fail(
                "year",
                _("“%(value)s” is not a year between 1975 and %(max)d.")
                % {"value": year_raw, "max": today.year + 1},
            )
            year = None

    if "starts_on" in dates and "ends_on" in dates and dates["ends_on"] < dates["starts_on"]:
        fail(
            "ends_on" if mapping.get("ends_on") is not None else "period",
            _("the end (%(end)s) is before the start (%(start)s).")
            % {
                "end": dates["ends_on"].strftime("%d/%m/%Y"),
                "start": dates["starts_on"].strftime("%d/%m/%Y"),
            },
        )
    ordered = dates.get("approved_on") or (dt.date(year, 1, 1) if year else None) or dates.get("starts_on")
    if ordered is None:
        fail(
            "approved_on" if mapping.get("approved_on") is not None else "year",
            _("the year or date of approval is missing (nor is there a start date)."),
        )
    else:
        values["ordered_on"] = ordered
        values["regime"] = regime_on(ordered)
    for key in ("approved_on", "starts_on", "ends_on", "accepted_on", "registered_on"):
        if key in dates:
            values[key] = dates[key]


def default_state(values: dict[str, Any]) -> str:
    """A new task's state when the file says none: from what the row records."""
    if values.get("registered_on") or values.get("archive_number"):
        return TaskState.REGISTERED
    if values.get("rating") == Rating.FAIL:
        return TaskState.FAILED
    if values.get("rating") or values.get("accepted_on"):
        return TaskState.ACCEPTED
    if values.get("starts_on"):
        return TaskState.IN_PROGRESS
    return TaskState.APPROVED


# --- Writing -------------------------------------------------------------------------------------

TRACKED = (
    "title",
    "type",
    "method",
    "regime",
    "state",
    "host_name",
    "investigator",
    "budget_state",
    "budget_other",
    "ordered_on",
    "approved_on",
    "starts_on",
    "ends_on",
    "accepted_on",
    "rating",
    "archive_number",
    "registered_on",
)


def _free_code(key: str, taken: set[str]) -> str:
    """The file's code when no task has it, else the code with a number after it."""
    if len(key) <= 30 and key not in taken:
        return key
    base = key[:25]
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _taken_codes(candidates: Iterable[str]) -> set[str]:
    wanted = sorted(set(candidates))
    taken: set[str] = set()
    for start in range(0, len(wanted), BATCH):
        taken.update(
            Task.objects.filter(code__in=wanted[start : start + BATCH]).values_list("code", flat=True)
        )
    return taken


@transaction.atomic
def task_import(*, actor: Any, rows: Sequence[PreviewRow], source_name: str = "") -> dict[str, int]:
    """Write a checked preview's rows: all or none. Refused, with the rows named, while any row
    has a problem. A row whose code was imported before updates that task (only the cells the
    file fills; its code stays); any other row creates a task coded as in the file when the
    code is free, published on the public list, its host chosen by direct assignment unless
    the file says selection. One audit event per task created or changed, and one for the
    import. The DOST only."""
    task_policy.require(actor, "manage")
    if not rows:
        raise DomainError(_("The file has no task to import."), code="empty")
    bad = [str(r.number) for r in rows if r.errors]
    if bad:
        raise DomainError(
            _("Rows %(rows)s have problems: correct the file and import it again. Nothing was imported.")
            % {"rows": ", ".join(bad[:20]) + ("…" if len(bad) > 20 else "")},
            code="row_errors",
        )
    keys = [r.key for r in rows]
    if len(set(keys)) != len(keys) or not all(keys):
        raise DomainError(
            _("Two rows of the file have the same code. Nothing was imported."), code="duplicate"
        )
    existing = _existing(keys, lock=True)  # a second import at the same time waits here
    new_rows = [r for r in rows if r.key not in existing]
    taken = _taken_codes(r.key for r in new_rows)
    generated = [r for r in new_rows if r.key in taken or len(r.key) > 30]
    if generated:  # the few codes taken: the free numbered variants, in one more query
        taken |= _taken_codes(f"{r.key[:25]}-{n}" for r in generated for n in range(2, 12))

    created: list[Task] = []
    for row in new_rows:
        values = {k: v for k, v in row.values.items() if k != "import_key"}
        values.setdefault("method", Method.DIRECT)
        values.setdefault("state", default_state(values))
        code = _free_code(row.key, taken)
        taken.add(code)
        created.append(Task(code=code, import_key=row.key, published=True, **values))
    Task.objects.bulk_create(created, batch_size=BATCH)

    changed: list[tuple[Task, dict[str, list[Any]]]] = []
    through = Task.fields.through
    old_fields: dict[int, list[str]] = {}
    updated_rows = [r for r in rows if r.key in existing]
    task_ids = [existing[r.key].pk for r in updated_rows if r.field_ids is not None]
    for start in range(0, len(task_ids), BATCH):
        for task_id, code, term_id in through.objects.filter(
            task_id__in=task_ids[start : start + BATCH]
        ).values_list("task_id", "term__code", "term_id"):
            old_fields.setdefault(task_id, []).append(f"{term_id}:{code}")
    field_links: list[Any] = []
    relinked: list[int] = []
    for row in updated_rows:
        task = existing[row.key]
        before = snapshot(task, TRACKED)
        for name, value in row.values.items():
            if name != "import_key":
                setattr(task, name, value)
        changes = diff(before, snapshot(task, TRACKED))
        if row.field_ids is not None:
            old = sorted(old_fields.get(task.pk, []))
            new = sorted(f"{i}:{c}" for i, c in zip(row.field_ids, row.field_codes, strict=True))
            if old != new:
                changes["fields"] = [sorted(o.split(":", 1)[1] for o in old), list(row.field_codes)]
                relinked.append(task.pk)
                field_links += [through(task_id=task.pk, term_id=i) for i in row.field_ids]
        if changes:
            task.version += 1
            changed.append((task, changes))
    if changed:
        Task.objects.bulk_update([t for t, _c in changed], [*TRACKED, "host", "version"], batch_size=BATCH)
    for start in range(0, len(relinked), BATCH):
        through.objects.filter(task_id__in=relinked[start : start + BATCH]).delete()
    for task, row in zip(created, new_rows, strict=True):
        field_links += [through(task_id=task.pk, term_id=i) for i in row.field_ids or []]
    through.objects.bulk_create(field_links, batch_size=BATCH)

    numbers = {r.key: r.number for r in rows}

    def where(number: int) -> str:
        if source_name:
            return _("%(file)s, row %(row)d") % {"file": source_name, "row": number}
        return _("Row %(row)d") % {"row": number}

    events: list[tuple[str, Task, dict[str, list[Any]] | None, str]] = []
    for task, row in zip(created, new_rows, strict=True):
        changes = diff({}, snapshot(task, ("code", *TRACKED)))
        if row.field_codes:
            changes["fields"] = [None, list(row.field_codes)]
        events.append((TASK_IMPORTED, task, changes, where(row.number)))
    events += [(TASK_REIMPORTED, task, changes, where(numbers[task.import_key])) for task, changes in changed]
    record_many(actor=actor, events=events)
    counts = {"created": len(created), "updated": len(changed), "unchanged": len(updated_rows) - len(changed)}
    record(
        actor=actor,
        action=TASKS_IMPORTED,
        target=actor,
        note=_("%(file)s: %(created)d tasks created, %(updated)d updated, %(unchanged)d unchanged.")
        % {"file": source_name or "—", **counts},
    )
    return counts
