"""Usage counted by the COUNTER rules: double clicks, robots, the visitor's hash; shown on the
record page; the DOST's report (page and Excel)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from khcn.accounts.choices import Role
from khcn.library.choices import RecordStatus
from khcn.library.models import Collection, Record, RecordFile, Usage
from khcn.library.selectors.usage import report_months, usage_totals
from khcn.library.services.usage import is_robot, usage_count, visitor_of

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
T0 = dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.UTC)


def _record(title: str = "Bản ghi", status: str = RecordStatus.PUBLISHED) -> Record:
    collection, _ = Collection.objects.get_or_create(code="thu-nghiem", defaults={"name": "Thử nghiệm"})
    return Record.objects.create(
        collection=collection, kind="article", title=title, issued_year=2025, status=status
    )


def _request(agent: str = BROWSER, address: str = "203.0.113.5"):
    request = RequestFactory().get("/", HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def test_a_double_click_counts_once_and_a_click_31_seconds_later_twice():
    record = _record()
    request = _request()
    assert usage_count(request, record, now=T0)
    assert not usage_count(request, record, now=T0 + dt.timedelta(seconds=10))
    assert Usage.objects.count() == 1
    # COUNTER keeps the later click: 31 seconds after it, a new one counts.
    assert not usage_count(request, record, now=T0 + dt.timedelta(seconds=40))
    assert usage_count(request, record, now=T0 + dt.timedelta(seconds=71))
    assert Usage.objects.filter(record=record, kind=Usage.VIEW).count() == 2
    other = _record()
    assert usage_count(request, other, now=T0)
    assert usage_count(request, other, now=T0 + dt.timedelta(seconds=31))
    assert Usage.objects.filter(record=other).count() == 2


def test_the_same_second_click_by_another_visitor_or_on_another_item_counts():
    record = _record()
    stored = RecordFile.objects.create(record=record, file="x.pdf", name="x.pdf", kind="pdf", size=1)
    assert usage_count(_request(), record, now=T0)
    assert usage_count(_request(address="198.51.100.7"), record, now=T0)
    assert usage_count(_request(agent=PHONE), record, now=T0)
    assert usage_count(_request(), record, stored, kind=Usage.DOWNLOAD, now=T0)
    assert usage_totals(record, today=T0.date()).views == 3


def test_robots_and_empty_agents_are_not_counted():
    record = _record()
    for agent in (
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; YandexBot/3.0)",
        "python-requests/2.32.3",
        "curl/8.5.0",
        "Wget/1.21",
        "Sickle/0.7.0",
        "",
    ):
        assert is_robot(agent), agent
        assert not usage_count(_request(agent=agent), record, now=T0)
    for agent in (BROWSER, PHONE, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"):
        assert not is_robot(agent), agent
    assert Usage.objects.count() == 0


def test_unpublished_records_are_not_counted():
    assert not usage_count(_request(), _record(status=RecordStatus.SUBMITTED), now=T0)
    assert Usage.objects.count() == 0


def test_the_visitor_is_a_hash_never_the_address():
    record = _record()
    usage_count(_request(address="203.0.113.99"), record, now=T0)
    usage = Usage.objects.get()
    assert len(usage.visitor) == 64 and "203.0.113.99" not in usage.visitor
    assert usage.visitor == visitor_of(_request(address="203.0.113.99"))
    assert usage.visitor != visitor_of(_request(address="203.0.113.98"))
    assert usage.month == dt.date(2026, 5, 1)


def test_the_record_page_counts_views_and_shows_them():
    record = _record()
    stored = RecordFile(record=record, name="x.pdf", kind="pdf", size=4)
    stored.file.save("x.pdf", ContentFile(b"%PDF"), save=False)
    stored.save()
    reader = Client(HTTP_USER_AGENT=BROWSER)
    reader.get(record.get_absolute_url())
    reader.get(record.get_absolute_url())  # a double click
    assert reader.get(reverse("library:file_download", args=[record.pk, stored.pk])).status_code == 200
    Client(HTTP_USER_AGENT="Googlebot/2.1").get(record.get_absolute_url())
    page = Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="198.51.100.1").get(record.get_absolute_url())
    html = page.content.decode()
    assert Usage.objects.filter(kind=Usage.VIEW).count() == 2
    assert Usage.objects.filter(kind=Usage.DOWNLOAD, file=stored).count() == 1
    assert 'data-testid="record-usage"' in html
    assert "Lượt xem: 2 (2 trong tháng này) · lượt tải: 1 (1 trong tháng này)" in html


def _usage(record: Record, kind: str, month: dt.date, n: int) -> None:
    at = timezone.make_aware(dt.datetime(month.year, month.month, 2, 12))
    Usage.objects.bulk_create(
        Usage(record=record, kind=kind, month=month, visitor=f"v{i}", at=at) for i in range(n)
    )


def test_the_report_gives_views_and_downloads_per_record_and_month(make_user):
    months = report_months()
    popular, quiet, unused = _record("Phổ biến"), _record('=HYPERLINK("http://x")'), _record("Không dùng")
    _usage(popular, Usage.VIEW, months[-1], 5)
    _usage(popular, Usage.VIEW, months[0], 2)
    _usage(popular, Usage.DOWNLOAD, months[-1], 3)
    _usage(quiet, Usage.VIEW, months[5], 1)
    old = (months[0] - dt.timedelta(days=1)).replace(day=1)
    _usage(unused, Usage.VIEW, old, 9)  # before the twelve months
    client = Client()
    client.force_login(make_user(Role.DOST_SPECIALIST))
    page = client.get(reverse("library:usage_report"))
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [r.record for r in rows] == [popular, quiet]
    assert (rows[0].views, rows[0].downloads) == (7, 3)
    assert rows[0].by_month[0] == (2, 0) and rows[0].by_month[-1] == (5, 3)
    assert rows[1].by_month[5] == (1, 0) and sum(v for v, _ in rows[1].by_month) == 1
    response = client.get(reverse("library:usage_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(values) if row[0] in ("No.", "STT"))
    body = values[header + 1 :]
    assert [row[1] for row in body] == [popular.pk, quiet.pk]
    assert body[0][5:7] == [2, 0] and body[0][-4:] == [5, 3, 7, 3]
    assert body[1][2] == quiet.title  # a formula-looking title stays text
    cell = sheet.cell(row=header + 3, column=3)
    assert cell.data_type == "s"


def test_the_report_is_the_dosts(make_user):
    for name in ("library:usage_report", "library:usage_export"):
        anonymous = Client().get(reverse(name))
        assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
        reporter = Client()
        reporter.force_login(make_user(Role.AGENCY_REPORTER))
        assert reporter.get(reverse(name)).status_code in (403, 404)
        specialist = Client()
        specialist.force_login(make_user(Role.DOST_SPECIALIST))
        assert specialist.get(reverse(name)).status_code == 200
    specialist_list = specialist.get(reverse("library:record_list")).content.decode()
    assert 'data-testid="library-usage"' in specialist_list
    assert 'data-testid="library-usage"' not in Client().get(reverse("library:record_list")).content.decode()
