"""Journey: switch the interface between Vietnamese (the default) and English."""

from __future__ import annotations

import re

from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.helpers import login_labels


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def test_switch_language_on_the_login_page(page, server):
    vi_username, _ = login_labels("vi")
    en_username, _ = login_labels("en")
    assert vi_username != en_username
    page.goto(f"{server}/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "vi")
    expect(page.get_by_label(vi_username)).to_be_visible()
    expect(page.get_by_test_id("lang-vi")).to_have_count(0)

    page.get_by_test_id("lang-en").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_label(en_username)).to_be_visible()
    assert "/accounts/login/" in page.url
    expect(page.get_by_test_id("lang-en")).to_have_count(0)

    page.get_by_test_id("lang-vi").click()
    expect(html).to_have_attribute("lang", "vi")
    expect(page.get_by_label(vi_username)).to_be_visible()


def test_switch_language_when_signed_in_keeps_the_page(page, server, actors, log_in):
    log_in(actors.specialist)
    page.goto(f"{server}/organizations/?kind=department")
    html = page.locator("html")
    main_menu = page.locator("header nav .main-menu")
    expect(html).to_have_attribute("lang", "vi")
    expect(main_menu.get_by_role("link", name=_in("vi", "Agencies"), exact=True)).to_be_visible()

    page.get_by_test_id("lang-en").click()
    expect(html).to_have_attribute("lang", "en")
    expect(main_menu.get_by_role("link", name="Agencies", exact=True)).to_be_visible()
    expect(page.get_by_test_id("lang-vi")).to_have_text("Tiếng Việt")
    page.wait_for_url(re.compile(r"/organizations/\?kind=department$"))

    # The choice sticks for the next page.
    page.goto(f"{server}/")
    expect(html).to_have_attribute("lang", "en")

    page.get_by_test_id("lang-vi").click()
    expect(html).to_have_attribute("lang", "vi")
    expect(main_menu.get_by_role("link", name=_in("vi", "Agencies"), exact=True)).to_be_visible()
    expect(page.get_by_test_id("lang-en")).to_have_text("English")
