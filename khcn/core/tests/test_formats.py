import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from khcn.core.templatetags.khcn import audit_value, dmy, long_date, vnd


def test_vnd_uses_dots_and_dates_are_day_first():
    assert vnd(1234567) == "1.234.567 ₫"
    assert vnd(-5000) == "-5.000 ₫"
    assert vnd(0) == "0 ₫" and vnd(None) == ""
    assert dmy(dt.date(2026, 2, 5)) == "05/02/2026"
    moment = dt.datetime(2026, 2, 5, 2, 30, tzinfo=dt.UTC)
    assert dmy(moment) == "05/02/2026 09:30"  # Asia/Ho_Chi_Minh
    assert audit_value("2025-03-01") == "01/03/2025"
    assert audit_value(["Sở A", "Sở B"]) == "Sở A; Sở B"


def test_long_date_follows_decree_30():
    with translation.override("vi"):
        assert long_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
        assert long_date(dt.date(2026, 11, 28)) == "ngày 28 tháng 11 năm 2026"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_django_date_and_number_formats(lang):
    with translation.override(lang):
        out = Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ n }}").render(
            Context({"d": dt.date(2026, 3, 9), "n": 1234567})
        )
    assert out == "09/03/2026 1.234.567"


@pytest.mark.django_db
def test_vietnamese_even_when_the_browser_asks_for_english(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi"' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="vi")
    assert '<html lang="en"' in page.content.decode()
