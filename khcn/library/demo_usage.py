"""Demo usage of the library (demo mode only): views and downloads of the published demo
records over the last twelve months, generated (and saying so by their visitor, ``demo-…``),
so that the record pages and the DOST's usage report have figures to show."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from khcn.core.plugins import DemoContext
from khcn.library.choices import RecordStatus
from khcn.library.models import Record, Usage
from khcn.library.selectors.usage import report_months


def load(context: DemoContext) -> None:
    rng = random.Random(13)  # the same figures on every demo
    months = report_months()
    records = list(
        Record.objects.filter(status=RecordStatus.PUBLISHED).prefetch_related("files").order_by("pk")
    )
    rows = []
    for n, record in enumerate(records[:60]):
        files = list(record.files.all())
        popularity = 1 + (len(records) - n) % 7
        for month in months:
            noon = timezone.make_aware(dt.datetime(month.year, month.month, 1, 12))
            for i in range(rng.randint(0, popularity)):
                at = noon + dt.timedelta(days=rng.randint(0, 26), minutes=i)
                rows.append(
                    Usage(record=record, kind=Usage.VIEW, month=month, visitor=f"demo-{n}-{i}", at=at)
                )
                if files and rng.random() < 0.4:
                    rows.append(
                        Usage(
                            record=record,
                            file=files[0],
                            kind=Usage.DOWNLOAD,
                            month=month,
                            visitor=f"demo-{n}-{i}",
                            at=at + dt.timedelta(minutes=1),
                        )
                    )
    Usage.objects.bulk_create(rows, batch_size=1000)
