"""Journey: the agency pages fit a phone screen (no sideways scrolling of the page)."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import PHONE, sign_in

PATHS = ["/organizations/", "/organizations/{pk}/", "/organizations/{pk}/?tab=history"]


@pytest.mark.parametrize("path", PATHS)
def test_agency_pages_do_not_overflow_at_phone_width(new_page, server, actors, path):
    page = new_page(viewport=PHONE)
    sign_in(page, server, actors.specialist.username)
    page.goto(server + path.format(pk=actors.dost.pk))
    widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["inner"] == PHONE["width"]
    assert widths["scroll"] <= widths["inner"], f"{path}: the page is {widths['scroll']}px wide"
