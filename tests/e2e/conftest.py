"""Fixtures for the browser journeys: Debian's Chromium driven by Playwright (sync API) against
pytest-django's ``live_server``.

No Chromium → the journeys are skipped with the reason, unless ``KHCN_REQUIRE_BROWSER=1`` (CI)
makes that a failure. Data is created through the services, in ``transactional_db`` (the live
server runs in another thread and must see committed rows); it works on SQLite and PostgreSQL
and under pytest-xdist (one browser per worker).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.helpers import (
    CHROMIUM_ARGS,
    DESKTOP,
    PASSWORD,
    TIMEOUT_MS,
    browser_required,
    chromium_executable,
    sign_in,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_executable()
    if executable is None:
        reason = "Chromium not installed: apt-get install chromium"
        if browser_required():
            pytest.fail(f"{reason} (KHCN_REQUIRE_BROWSER=1 forbids skipping browser tests)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """``new_page(viewport=...)``: a page in a fresh browser context (Vietnamese browser, no
    cookies), closed after the test. The test fails if the browser refused anything under the
    Content-Security-Policy (an inline script or style, an outside asset)."""
    contexts: list[Any] = []
    refused: list[str] = []

    def watch(message: Any) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    def make(viewport: dict[str, int] = DESKTOP) -> Any:
        ctx = browser.new_context(locale="vi-VN", viewport=viewport)
        ctx.set_default_timeout(TIMEOUT_MS)
        ctx.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(ctx)
        new = ctx.new_page()
        new.on("console", watch)
        return new

    yield make
    for ctx in contexts:
        ctx.close()
    assert not refused, "The Content-Security-Policy refused:\n" + "\n".join(refused)


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A page at 1280×800 in a fresh context with a Vietnamese browser (``vi-VN``)."""
    return new_page()


@pytest.fixture
def server(live_server: Any, transactional_db: None) -> str:
    """Base URL of the live server (no trailing slash), with a database the server thread sees."""
    return live_server.url.rstrip("/")


# --- Data, created through the services ----------------------------------------------------


@dataclass
class Actors:
    admin: Any
    specialist: Any
    dost: Any  # the agency the specialist works in: Sở Khoa học và Công nghệ


def _user(username: str, full_name: str, role: str, organization: Any = None) -> Any:
    from khcn.accounts.services import membership_add, user_create

    user = user_create(actor=None, username=username, full_name=full_name, password=PASSWORD)
    membership_add(actor=None, user=user, role=role, organization=organization)
    return user


@pytest.fixture
def actors(transactional_db: None) -> Actors:
    """A system administrator, the DOST agency with two other agencies, and a DOST specialist."""
    from khcn.accounts.choices import Role
    from khcn.organizations.choices import OrganizationKind
    from khcn.organizations.services import organization_create

    admin = _user("quantri.e2e", "Trần Quản Trị", Role.SYSADMIN)
    dost = organization_create(
        actor=admin,
        name="Sở Khoa học và Công nghệ",
        kind=OrganizationKind.DEPARTMENT,
        short_name="Sở KH&CN",
        aliases=["SKHCN"],
    )
    organization_create(
        actor=admin, name="Sở Tài chính", kind=OrganizationKind.DEPARTMENT, short_name="STC", aliases=[]
    )
    organization_create(
        actor=admin,
        name="Sở Kế hoạch và Đầu tư",
        kind=OrganizationKind.DEPARTMENT,
        short_name="Sở KH&ĐT",
        aliases=["SKHĐT"],
    )
    specialist = _user("chuyenvien.e2e", "Nguyễn Thị Chuyên Viên", Role.DOST_SPECIALIST, dost)
    return Actors(admin=admin, specialist=specialist, dost=dost)


@pytest.fixture
def log_in(page: Any, server: str) -> Any:
    """``log_in(user)`` signs ``user`` in on ``page`` (password ``PASSWORD``)."""

    def run(user: Any, password: str = PASSWORD) -> None:
        sign_in(page, server, user.username, password)

    return run
