"""Journey: search an agency without diacritics, open it, and see its history."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import translation
from playwright.sync_api import expect

NAME = "Sở Khoa học và Công nghệ"
NEW_NAME = "Sở Khoa học, Công nghệ và Đổi mới sáng tạo"


def _vi(action: str) -> str:
    """The label of an audit action as the history tab shows it in Vietnamese."""
    from khcn.audit.registry import label_for

    with translation.override("vi"):
        return str(label_for(action))


def _search(page, query: str) -> None:
    box = page.locator("#header-q")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=" + re.escape(query.replace(" ", "+")) + "$"))


def _open(page, name: str, pk: int) -> None:
    link = page.locator("main").get_by_role("link", name=name, exact=True).first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(rf"/organizations/{pk}/(\?.*)?$"))
    expect(page.locator("h1")).to_have_text(name)


def _history_rows(page):
    page.get_by_test_id("tab-history").click()
    page.wait_for_url(re.compile(r"\?tab=history$"))
    expect(page.get_by_test_id("tab-history")).to_have_attribute("aria-current", "page")
    return page.locator("section[aria-labelledby=history-title] tbody tr")


def test_search_without_diacritics_and_open_the_agency(page, server, actors, log_in):
    from khcn.organizations.services import CREATED

    log_in(actors.specialist)
    _search(page, "so khoa hoc")
    results = page.locator("main")
    expect(results.get_by_role("link", name=NAME, exact=True).first).to_be_visible()
    # The other agencies are not what was asked for.
    expect(results.get_by_role("link", name="Sở Tài chính", exact=True)).to_have_count(0)
    expect(page.locator("#header-q")).to_have_value("so khoa hoc")

    _open(page, NAME, actors.dost.pk)
    history = _history_rows(page)
    expect(history.filter(has_text=_vi(CREATED))).to_have_count(1)


def test_agency_history_shows_the_rename(page, server, actors, log_in):
    from khcn.organizations import services

    log_in(actors.specialist)
    page.goto(f"{server}/organizations/")
    _open(page, NAME, actors.dost.pk)
    history = _history_rows(page)
    expect(history.filter(has_text=_vi(services.CREATED))).to_have_count(1)
    expect(history.filter(has_text=_vi(services.RENAMED))).to_have_count(0)

    services.organization_rename(
        actor=actors.admin, organization=actors.dost, new_name=NEW_NAME, date=dt.date(2025, 3, 1)
    )
    page.reload()
    expect(page.locator("h1")).to_have_text(NEW_NAME)
    renamed = history.filter(has_text=_vi(services.RENAMED))
    expect(renamed).to_have_count(1)
    expect(renamed.locator("del")).to_contain_text([NAME])
    expect(renamed.locator("ins")).to_contain_text([NEW_NAME])
    expect(renamed).to_contain_text(actors.admin.full_name)
    expect(history.filter(has_text=_vi(services.CREATED))).to_have_count(1)

    # Search finds the agency under its new name: the index was refreshed after the rename.
    _search(page, "so khoa hoc")
    _open(page, NEW_NAME, actors.dost.pk)
