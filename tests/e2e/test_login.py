"""Journey: log in (Vietnamese labels), a wrong password, log out."""

from __future__ import annotations

import re

from django.utils import translation
from playwright.sync_api import expect

from khcn.accounts.forms import LoginForm
from tests.e2e.helpers import PASSWORD, login_labels


def test_log_in_wrong_password_and_log_out(page, server, actors):
    user = actors.specialist

    # Anonymous → the login page, in Vietnamese, with Vietnamese field labels.
    username_label, password_label = login_labels("vi")
    assert (username_label, password_label) != login_labels("en"), "login labels are not translated"
    page.goto(f"{server}/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    username = page.get_by_label(username_label)
    password = page.get_by_label(password_label)
    expect(username).to_be_visible()
    expect(password).to_be_visible()

    # A wrong password: the form comes back with the Vietnamese message and nothing else happens.
    username.fill(user.username)
    password.fill("not-the-password")
    page.locator("main form button[type=submit]").click()
    with translation.override("vi"):
        message = str(LoginForm.error_messages["invalid_login"])
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(message)
    assert "/accounts/login/" in page.url
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("details.user-menu")).to_have_count(0)

    # The right password: the home page, greeting the user.
    username.fill(user.username)
    password.fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{server}/")
    expect(page.locator("h1")).to_contain_text(user.full_name)
    expect(page.locator("#header-q")).to_be_visible()

    # Log out from the user menu (a POST form) → back on the login page, signed out.
    menu = page.locator("details.user-menu")
    menu.locator("summary").click()
    menu.locator("form[action$='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_label(username_label)).to_be_visible()
    expect(page.locator("details.user-menu")).to_have_count(0)
    page.goto(f"{server}/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/$"))
