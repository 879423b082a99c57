"""Helpers for the browser journeys (imported by ``conftest.py`` and the tests)."""

from __future__ import annotations

import os
import shutil
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "KhcnE2e@2026-thu"
TIMEOUT_MS = 10_000  # per action, navigation and expect(); generous for a loaded CI machine
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def chromium_executable() -> str | None:
    """Path of the Chromium binary: ``KHCN_CHROMIUM`` if set, else the first on ``PATH``."""
    explicit = os.environ.get("KHCN_CHROMIUM")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_required() -> bool:
    """CI sets ``KHCN_REQUIRE_BROWSER=1``: a missing browser is then a failure, not a skip."""
    return os.environ.get("KHCN_REQUIRE_BROWSER", "") == "1"


def login_labels(language: str) -> tuple[str, str]:
    """The labels of the username and password fields on the login page in ``language``.

    The live server runs in this process, so these are exactly the strings it renders (Django's
    own translations, "Tên đăng nhập" / "Mật khẩu", unless the project's catalogue overrides them).
    """
    from django.utils import translation

    from khcn.accounts.forms import LoginForm

    with translation.override(language):
        form = LoginForm()
        return str(form["username"].label), str(form["password"].label)


def sign_in(page: Any, server: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form and wait for the home page."""
    page.goto(f"{server}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{server}/")
