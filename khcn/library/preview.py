"""A preview of a record's tabular files (CSV, XLSX) on its page: the first rows as a table and
a line chart of the first numeric column against the first column, drawn here as SVG (no
JavaScript library). Read from the stored file each time, bounded: the first ``READ_BYTES`` of a
CSV, the first ``CHART_ROWS`` rows of a workbook's first sheet (read-only, values as typed:
formulas are shown as nothing, never evaluated). Only for readers who may open the files
(the view asks ``record_policy`` first)."""

from __future__ import annotations

import csv
import io
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from khcn.library.extract import decode_text
from khcn.library.models import Record, RecordFile

log = logging.getLogger(__name__)

TABULAR_KINDS = ("csv", "xlsx")
READ_BYTES = 512 * 1024
SHOWN_ROWS = 10
CHART_ROWS = 500
MAX_COLUMNS = 30
MAX_CELL = 80
MAX_FILES = 3
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40

_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d+)?|\d{1,3}([ .]\d{3})+(,\d+)?)$")


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """An SVG line chart: the polyline's points and the axes' labels, in the SVG's units."""

    x_label: str
    y_label: str
    points: str
    dots: list[tuple[float, float]]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = HEIGHT - BOTTOM
    right: int = WIDTH - RIGHT
    top: int = TOP


@dataclass(frozen=True)
class Preview:
    file: RecordFile
    headers: list[str]
    rows: list[list[str]]
    total_read: int  # rows read (at most CHART_ROWS)
    chart: Chart | None


def number(value: Any) -> float | None:
    """A cell as a number: ints and floats, or text such as "27,5", "1.234" or "2 350"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    text = str(value or "").strip()
    if not text or not _NUMBER_RE.match(text):
        return None
    if re.match(r"^[+-]?\d{1,3}([ .]\d{3})+(,\d+)?$", text):  # 1.234.567,5 or 2 350
        text = text.replace(" ", "").replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        result = float(text)
    except ValueError:
        return None
    return result if math.isfinite(result) else None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("="):  # a formula: never evaluated, not shown
        return ""
    return text if len(text) <= MAX_CELL else f"{text[: MAX_CELL - 1]}…"


def _csv_rows(data: bytes) -> list[list[Any]]:
    text = decode_text(data[:READ_BYTES])
    if len(data) > READ_BYTES and "\n" in text:
        text = text[: text.rindex("\n")]  # the last line may be cut
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        if any(c.strip() for c in row):
            rows.append(row[:MAX_COLUMNS])
        if len(rows) > CHART_ROWS:
            break
    return rows


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    rows: list[list[Any]] = []
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            if any(v is not None and str(v).strip() for v in row):
                rows.append(list(row))
            if len(rows) > CHART_ROWS:
                break
    finally:
        workbook.close()
    return rows


def table(data: bytes, kind: str) -> tuple[list[str], list[list[Any]]]:
    """The header row and the data rows (raw cells) of a CSV or XLSX file."""
    rows = _csv_rows(data) if kind == "csv" else _xlsx_rows(data)
    if not rows:
        return [], []
    width = max((i + 1 for r in rows for i, v in enumerate(r) if v is not None and str(v).strip()), default=0)
    rows = [list(r[:width]) for r in rows]
    headers = [_cell(h) for h in rows[0]] + [""] * (width - len(rows[0]))
    body = [list(r) + [None] * (width - len(r)) for r in rows[1:]]
    return headers, body


def _fmt(value: float) -> str:
    """An axis label in the reader's language ("1.234" and "27,5" in Vietnamese)."""
    from django.utils.formats import number_format

    if abs(value) >= 1000 or value.is_integer():
        return number_format(round(value), 0, force_grouping=True)
    return number_format(round(value, 2), 2)


def chart(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Chart | None:
    """A line chart of the first numeric column (after the first) against the first column;
    None without one, or with fewer than two points."""
    if len(headers) < 2 or len(rows) < 2:
        return None
    column = None
    for index in range(1, len(headers)):
        values = [r[index] for r in rows if r[index] not in (None, "")]
        if len(values) >= 2 and all(number(v) is not None for v in values):
            column = index
            break
    if column is None:
        return None
    pairs = [(r[0], number(r[column])) for r in rows if number(r[column]) is not None]
    xs = [number(x) for x, _y in pairs]
    numeric_x = all(x is not None for x in xs)
    x_values = [float(x) for x in xs if x is not None] if numeric_x else [float(i) for i in range(len(pairs))]
    y_values = [float(y) for _x, y in pairs if y is not None]
    if len(y_values) < 2:
        return None
    x0, x1 = min(x_values), max(x_values)
    y0, y1 = min(y_values), max(y_values)
    if x1 == x0:
        x1 = x0 + 1
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1
    pad = (y1 - y0) * 0.05
    y0, y1 = y0 - pad, y1 + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return round(LEFT + (x - x0) / (x1 - x0) * plot_w, 1)

    def sy(y: float) -> float:
        return round(TOP + (1 - (y - y0) / (y1 - y0)) * plot_h, 1)

    dots = [(sx(x), sy(y)) for x, y in zip(x_values, y_values, strict=True)]
    labels = [_cell(x) for x, _y in pairs]
    step = max(1, math.ceil(len(pairs) / 6))
    x_ticks = [Tick(dots[i][0], HEIGHT - BOTTOM + 16, labels[i]) for i in range(0, len(pairs), step)]
    y_ticks = [Tick(LEFT - 6, sy(value), _fmt(value)) for value in (y0 + (y1 - y0) * k / 4 for k in range(5))]
    return Chart(
        x_label=headers[0],
        y_label=headers[column],
        points=" ".join(f"{x},{y}" for x, y in dots),
        dots=dots if len(dots) <= 60 else [],
        x_ticks=x_ticks,
        y_ticks=y_ticks,
    )


def preview_file(stored: RecordFile) -> Preview | None:
    """The preview of one stored CSV or XLSX file; None for another kind or a file that cannot
    be read (the page shows the rest)."""
    if stored.kind not in TABULAR_KINDS:
        return None
    try:
        with stored.file.open("rb") as handle:
            data = handle.read(READ_BYTES if stored.kind == "csv" else None)
        headers, rows = table(data, stored.kind)
    except Exception:
        log.warning("No preview of library file %s", stored.pk, exc_info=True)
        return None
    if not headers:
        return None
    return Preview(
        file=stored,
        headers=headers,
        rows=[[_cell(c) for c in r] for r in rows[:SHOWN_ROWS]],
        total_read=len(rows),
        chart=chart(headers, rows),
    )


def previews(record: Record, files: Iterable[RecordFile] | None = None) -> list[Preview]:
    """The previews of a record's first tabular files (``MAX_FILES``)."""
    chosen = [f for f in (files if files is not None else record.files.all()) if f.kind in TABULAR_KINDS]
    found = (preview_file(f) for f in chosen[:MAX_FILES])
    return [p for p in found if p is not None]
