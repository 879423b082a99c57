"""Reads of the library's usage (COUNTER: views of a record's page are Investigations,
downloads of its files Requests): a record's totals for its page; the DOST's report per record
and per month over the last twelve months (``record_policy`` "manage")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from khcn.library.models import Record, Usage
from khcn.library.permissions import record_policy

MONTHS = 12


@dataclass(frozen=True)
class Totals:
    views: int
    downloads: int
    views_month: int
    downloads_month: int


def usage_totals(record: Record, today: dt.date | None = None) -> Totals:
    """The record's views and downloads, in total and this month (one query)."""
    month = (today or timezone.localdate()).replace(day=1)
    view, download = Q(kind=Usage.VIEW), Q(kind=Usage.DOWNLOAD)
    row = Usage.objects.filter(record=record).aggregate(
        views=Count("pk", filter=view),
        downloads=Count("pk", filter=download),
        views_month=Count("pk", filter=view & Q(month=month)),
        downloads_month=Count("pk", filter=download & Q(month=month)),
    )
    return Totals(**{k: int(v or 0) for k, v in row.items()})


def report_months(today: dt.date | None = None, count: int = MONTHS) -> list[dt.date]:
    """The first days of the last ``count`` months, oldest first, this month last."""
    month = (today or timezone.localdate()).replace(day=1)
    out = []
    for _ in range(count):
        out.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def usage_by_record(*, user: Any, months: list[dt.date]) -> QuerySet[Any]:
    """Per record used in the months: its views and downloads over them, most used first
    (values rows ``record``, ``views``, ``downloads``). Empty for anyone but the DOST."""
    records = record_policy.visible(user, Record.objects.all(), "manage")
    return (
        Usage.objects.filter(record__in=records, month__gte=months[0], month__lte=months[-1])
        .values("record")
        .annotate(
            views=Count("pk", filter=Q(kind=Usage.VIEW)),
            downloads=Count("pk", filter=Q(kind=Usage.DOWNLOAD)),
        )
        .order_by("-views", "-downloads", "record")
    )


@dataclass
class ReportRow:
    record: Record
    views: int
    downloads: int
    # Per month (the report's months, in order): (views, downloads).
    by_month: list[tuple[int, int]] = field(default_factory=list)


def report_rows(rows: list[dict[str, Any]], months: list[dt.date]) -> list[ReportRow]:
    """The rows of ``usage_by_record`` (one page of them) with their records and their figures
    per month (two queries)."""
    ids = [row["record"] for row in rows]
    records = Record.objects.in_bulk(ids)
    cells: dict[tuple[int, dt.date, str], int] = {}
    for cell in (
        Usage.objects.filter(record_id__in=ids, month__gte=months[0], month__lte=months[-1])
        .values("record", "month", "kind")
        .annotate(n=Count("pk"))
    ):
        cells[(cell["record"], cell["month"], cell["kind"])] = cell["n"]
    out = []
    for row in rows:
        pk = row["record"]
        if pk not in records:
            continue
        by_month = [
            (cells.get((pk, m, Usage.VIEW), 0), cells.get((pk, m, Usage.DOWNLOAD), 0)) for m in months
        ]
        out.append(ReportRow(records[pk], row["views"], row["downloads"], by_month))
    return out
