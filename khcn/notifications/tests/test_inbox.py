"""The inbox: one's own notifications only (another's is a 404), newest first and unread in
bold; opening one marks it read and follows only a path on this site; "mark all as read" is a
POST; the header shows the unread count."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.notifications.models import Notification
from khcn.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(make_user):
    me, other = make_user(Role.COUNCIL_MEMBER), make_user(Role.COUNCIL_MEMBER)
    first = notify(recipients=[me], subject="Thông báo cũ", url="/councils/1/")[0]
    second = notify(recipients=[me], subject="Thông báo mới", url="/councils/2/")[0]
    theirs = notify(recipients=[other], subject="Thư của người khác", url="/councils/3/")[0]
    client = Client()
    client.force_login(me)
    return {"me": me, "other": other, "first": first, "second": second, "theirs": theirs, "client": client}


def test_the_inbox_lists_only_ones_own_newest_first_unread_in_bold(inbox):
    Notification.objects.filter(pk=inbox["first"].pk).update(read_at="2026-01-01T00:00:00Z")
    page = inbox["client"].get(reverse("notifications:notification_list")).content.decode()
    assert "Thư của người khác" not in page
    assert page.index("Thông báo mới") < page.index("Thông báo cũ")
    assert '<strong class="inbox-subject">Thông báo mới</strong>' in page
    assert '<strong class="inbox-subject">Thông báo cũ</strong>' not in page
    assert 'data-testid="inbox-unread">1<' in page  # the header's badge


def test_another_users_notification_is_not_found_and_stays_unread(inbox):
    url = reverse("notifications:notification_open", args=[inbox["theirs"].pk])
    assert inbox["client"].get(url).status_code == 404
    inbox["theirs"].refresh_from_db()
    assert inbox["theirs"].read_at is None


def test_opening_marks_read_and_follows_a_path_on_this_site(inbox):
    response = inbox["client"].get(reverse("notifications:notification_open", args=[inbox["second"].pk]))
    assert response.status_code == 302 and response["Location"] == "/councils/2/"
    inbox["second"].refresh_from_db()
    assert inbox["second"].read_at is not None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_opening_never_redirects_to_another_site(inbox, url):
    # Written past the service (which would have dropped it): the view checks again.
    Notification.objects.filter(pk=inbox["first"].pk).update(url=url)
    response = inbox["client"].get(reverse("notifications:notification_open", args=[inbox["first"].pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:notification_list")


def test_mark_all_as_read_is_a_post_and_touches_only_ones_own(inbox):
    url = reverse("notifications:notification_read_all")
    assert inbox["client"].get(url).status_code == 405
    assert Notification.objects.filter(recipient=inbox["me"], read_at__isnull=True).count() == 2
    response = inbox["client"].post(url)
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=inbox["me"], read_at__isnull=True).exists()
    inbox["theirs"].refresh_from_db()
    assert inbox["theirs"].read_at is None
    page = inbox["client"].get(reverse("notifications:notification_list")).content.decode()
    assert 'data-testid="inbox-unread"' not in page and 'data-testid="read-all"' not in page


def test_mark_all_as_read_needs_the_csrf_token(inbox):
    client = Client(enforce_csrf_checks=True)
    client.force_login(inbox["me"])
    assert client.post(reverse("notifications:notification_read_all")).status_code == 403
    assert Notification.objects.filter(recipient=inbox["me"], read_at__isnull=True).count() == 2


def test_anonymous_visitors_are_sent_to_log_in(inbox):
    response = Client().get(reverse("notifications:notification_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    page = Client().get(reverse("accounts:login")).content.decode()
    assert 'data-testid="inbox-link"' not in page


def test_the_inbox_is_paginated(inbox, settings):
    settings.KHCN_PAGE_SIZE = 2
    notify(recipients=[inbox["me"]], subject="Thông báo thứ ba")
    client = inbox["client"]
    first = client.get(reverse("notifications:notification_list")).content.decode()
    second = client.get(reverse("notifications:notification_list") + "?page=2").content.decode()
    assert "Thông báo thứ ba" in first and "Thông báo cũ" in second and "Thông báo cũ" not in first
