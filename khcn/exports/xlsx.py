"""Tables as XLSX (openpyxl, streaming) and CSV, safe against formula injection.

A spreadsheet cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) may
be run as a formula when the file is opened (OWASP "CSV injection"). Here:

* XLSX: every string is written as a string cell (``t="inlineStr"``), never as a formula, whatever
  it starts with; a string that looks dangerous also gets Excel's *quote prefix* flag, so editing
  the cell later does not turn it into a formula either. The text itself is left unchanged.
* CSV: a string that starts with a dangerous character is prefixed with ``'`` (OWASP advice), since
  a CSV file has no cell types.

Every string is normalised to NFC; characters a worksheet cannot hold are dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from khcn.core.text import nfc

__all__ = [
    "DANGEROUS_PREFIXES",
    "is_dangerous",
    "rows_to_csv",
    "sanitize_sheet_name",
    "table_to_xlsx",
]

#: Leading characters that make a spreadsheet evaluate a cell (OWASP), with their full-width forms.
DANGEROUS_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Anything openpyxl would not store as a plain string (it makes "=…" a formula, "#N/A" an error).
_FORMULA_LIKE: tuple[str, ...] = (*DANGEROUS_PREFIXES, "#")

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
TIME_FORMAT = "hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"

MAX_CELL_CHARS = 32_767
MAX_SHEET_NAME = 31
_SHEET_FORBIDDEN_RE = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE_ROWS = 500
_MIN_WIDTH = 6.0
_MAX_WIDTH = 60.0

_HEADER_FONT = Font(name="Times New Roman", bold=True, size=12)
_BODY_FONT = Font(name="Times New Roman", size=12)
_TITLE_FONT = Font(name="Times New Roman", bold=True, size=14)
_SUBTITLE_FONT = Font(name="Times New Roman", italic=True, size=12)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_THIN = Side(style="thin", color="808080")
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP_ALIGNMENT = Alignment(vertical="top")


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (see :data:`DANGEROUS_PREFIXES`)."""
    return text.startswith(DANGEROUS_PREFIXES)


def _clean(value: Any) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", nfc(str(value)))[:MAX_CELL_CHARS]


def sanitize_sheet_name(name: str | None, default: str = "Sheet1") -> str:
    """A name Excel accepts: no ``[]:*?/\\``, no leading or trailing apostrophe, at most 31 characters,
    not empty and not the reserved "History"."""
    text = _SHEET_FORBIDDEN_RE.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", nfc(name or "")))
    text = re.sub(r"\s+", " ", text).strip().strip("'").strip()
    text = text[:MAX_SHEET_NAME].rstrip().rstrip("'")
    if not text:
        return default
    if text.lower() == "history":
        return f"{text}_"
    return text


def _local_naive(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: show an aware moment in the site's time zone."""
    if value.tzinfo is None:
        return value
    from django.utils import timezone

    return timezone.localtime(value).replace(tzinfo=None)


def _display_len(value: Any) -> float:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return len(f"{value:,}")
    if isinstance(value, (float, Decimal)):
        return len(f"{value:,.2f}")
    text = str(value)
    return max((len(line) for line in text.split("\n")), default=0)


def _auto_widths(headers: Sequence[str], sample: Sequence[Sequence[Any]]) -> list[float]:
    widths: list[float] = []
    for index, header in enumerate(headers):
        longest: float = max(len(word) for word in header.split()) if header.strip() else 0
        longest = max(longest, min(len(header), 24))
        for row in sample:
            if index < len(row):
                longest = max(longest, _display_len(row[index]))
        widths.append(min(_MAX_WIDTH, max(_MIN_WIDTH, longest * 1.1 + 2)))
    return widths


class _CellFactory:
    """Typed, styled cells for one write-only sheet."""

    def __init__(self, sheet: WriteOnlyWorksheet, money_columns: Collection[int]) -> None:
        self.sheet = sheet
        self.money_columns = set(money_columns)

    def text(self, value: str, *, font: Font | None = None) -> Cell:
        cell = WriteOnlyCell(self.sheet, value=None)
        cell.value = value
        cell.data_type = "s"  # never "f" (formula) nor "e" (error), whatever the text starts with
        if is_dangerous(value):
            cell.quotePrefix = True
        if font is not None:
            cell.font = font
        return cell

    def _styled(self, value: Any, number_format: str) -> Cell:
        cell = WriteOnlyCell(self.sheet, value)
        cell.number_format = number_format
        return cell

    def value(self, value: Any, column: int) -> Cell | str | bool | None:
        if value is None:
            return None
        if isinstance(value, str):
            text = _clean(value)
            if text.startswith(_FORMULA_LIKE) or text in ERROR_CODES:
                return self.text(text)
            return text  # openpyxl writes any other str as a plain string cell: no cell object needed
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return self._styled(value, INTEGER_FORMAT)
        if isinstance(value, (float, Decimal)):
            if column in self.money_columns or (isinstance(value, Decimal) and value == value.to_integral()):
                return self._styled(round(value), INTEGER_FORMAT)
            return self._styled(float(value), DECIMAL_FORMAT)
        if isinstance(value, dt.datetime):
            return self._styled(_local_naive(value), DATETIME_FORMAT)
        if isinstance(value, dt.date):
            return self._styled(value, DATE_FORMAT)
        if isinstance(value, dt.time):
            return self._styled(value.replace(tzinfo=None), TIME_FORMAT)
        return self.text(_clean(value))  # lazy translations, enums, UUIDs, …: their text


def table_to_xlsx(
    *,
    title: str,
    headers: list[str],
    rows: Iterable[Sequence[Any]],
    sheet_name: str | None = None,
    column_widths: Sequence[float] | None = None,
    subtitle: str | None = None,
    money_columns: Collection[int] = (),
) -> bytes:
    """One sheet: a bold title (and optional subtitle), a header row, then ``rows``.

    The header row is bold, frozen, filtered and repeated on printed pages. Dates are real Excel
    dates shown dd/mm/yyyy; integers (VND amounts included) use ``#,##0``, which Excel shows with
    the reader's thousands separator ("1.250.000" in a Vietnamese locale); floats use two
    decimals; ``money_columns`` (0-based indexes) round floats and Decimals there to whole đồng.
    Strings are never formulas (see the module notes). ``column_widths`` are in Excel character
    units; without them widths follow the header and the first 500 rows. Streams (openpyxl
    write-only mode), so tens of thousands of rows are fine.
    """
    headers = [_clean(h) for h in headers]
    title = _clean(title)
    columns = len(headers)
    if columns == 0:
        raise ValueError("A table needs at least one column")
    if column_widths is not None and len(column_widths) != columns:
        raise ValueError("column_widths must give one width per column")

    iterator: Iterator[Sequence[Any]] = iter(rows)
    sample = list(itertools.islice(iterator, _WIDTH_SAMPLE_ROWS))
    widths = list(column_widths) if column_widths is not None else _auto_widths(headers, sample)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sanitize_sheet_name(sheet_name or title))
    factory = _CellFactory(sheet, money_columns)

    # Row 1: title; row 2: subtitle (if any); then a blank row; then the header row.
    header_row = 4 if subtitle else 3
    # Layout that openpyxl writes before the rows: column widths and the frozen header.
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape" if columns > 6 else "portrait"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    sheet.append([factory.text(title, font=_TITLE_FONT)])
    if subtitle:
        sheet.append([factory.text(_clean(subtitle), font=_SUBTITLE_FONT)])
    sheet.append([])
    header_cells: list[Cell] = []
    for header in headers:
        cell = factory.text(header, font=_HEADER_FONT)
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = _HEADER_ALIGNMENT
        header_cells.append(cell)
    sheet.append(header_cells)

    last_row = header_row
    try:
        for number, row in enumerate(itertools.chain(sample, iterator), start=1):
            if len(row) != columns:
                raise ValueError(f"Row {number} has {len(row)} cells; the table has {columns} columns")
            sheet.append([factory.value(value, column) for column, value in enumerate(row)])
            last_row += 1
    except Exception:
        workbook.save(io.BytesIO())  # close openpyxl's half-written stream before giving up
        raise

    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{max(last_row, header_row)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return _local_naive(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    text = nfc(str(value))
    return f"'{text}" if is_dangerous(text) else text


def rows_to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV in UTF-8 with a byte-order mark (so Excel reads Vietnamese correctly), CRLF line ends.

    Dates are dd/mm/yyyy; numbers stay plain ("1250000") so the file re-imports cleanly; a string
    starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with ``'``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
