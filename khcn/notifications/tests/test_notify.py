"""``notify``: inbox rows in the caller's transaction, one e-mail per recipient with an address
after commit (none when the action rolls back), failures logged without breaking the action,
links kept only when they are paths on this site, texts in the reader's language."""

from __future__ import annotations

import logging
import smtplib

import pytest
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_noop

from khcn.accounts.choices import Role
from khcn.notifications.models import Notification
from khcn.notifications.services import notify, safe_url

pytestmark = pytest.mark.django_db

SUBJECT = gettext_noop("The session of the council %(council)s is open")


@pytest.fixture
def people(make_user):
    return {
        "mailed": make_user(Role.COUNCIL_MEMBER, email="an@example.org", full_name="Nguyễn Văn An"),
        "no_email": make_user(Role.COUNCIL_MEMBER, email=""),
    }


def _notify(people, **kwargs):
    return notify(
        recipients=[people["mailed"], people["no_email"], people["mailed"], None],
        subject=SUBJECT,
        body="Nội dung",
        url="/councils/7/",
        code="test.code",
        params={"council": "Hội đồng tuyển chọn"},
        **kwargs,
    )


def test_rows_now_mail_after_commit_only_to_those_with_an_address(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = _notify(people)
    assert len(created) == 2  # each user once, None skipped
    assert Notification.objects.filter(code="test.code").count() == 2
    assert mailoutbox == [] and len(callbacks) == 1  # nothing sent before the commit
    callbacks[0]()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["an@example.org"]
    assert "Phiên họp của Hội đồng tuyển chọn đã khai mạc" in mail.subject  # the recipient's language
    assert "https://khcn.example.invalid/councils/7/" in mail.body  # absolute link from KHCN_SITE_URL
    assert "Nguyễn Văn An" in mail.body
    mailed = Notification.objects.get(recipient=people["mailed"])
    inbox_only = Notification.objects.get(recipient=people["no_email"])
    assert mailed.emailed_at is not None and inbox_only.emailed_at is None
    assert mailed.read_at is None


def test_a_rolled_back_action_leaves_no_row_and_sends_nothing(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(people)
        raise RuntimeError("the action failed")
    assert callbacks == [] and mailoutbox == []
    assert not Notification.objects.exists()


def test_a_failing_mail_server_is_logged_and_breaks_nothing(
    people, django_capture_on_commit_callbacks, mailoutbox, monkeypatch, caplog
):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with (
        caplog.at_level(logging.ERROR, logger="khcn.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _notify(people)
    assert Notification.objects.count() == 2
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    assert any("failed" in record.getMessage() for record in caplog.records)


def test_an_inactive_account_is_not_notified(people, django_capture_on_commit_callbacks, mailoutbox):
    people["mailed"].is_active = False
    people["mailed"].save()
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify(people)
    assert [n.recipient for n in created] == [people["no_email"]] and mailoutbox == []


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("/councils/7/", "/councils/7/"),
        ("https://evil.example/", ""),
        ("//evil.example/path", ""),
        ("/\\evil.example", ""),
        ("javascript:alert(1)", ""),
        ("councils/7/", ""),
        ("", ""),
    ],
)
def test_only_paths_on_this_site_are_kept(url, kept):
    assert safe_url(url) == kept


def test_the_text_follows_the_readers_language(people):
    (notification, _other) = _notify(people)
    with translation.override("en"):
        assert notification.subject_text == "The session of the council Hội đồng tuyển chọn is open"
    with translation.override("vi"):
        assert notification.subject_text == "Phiên họp của Hội đồng tuyển chọn đã khai mạc"
    assert notification.body_text == "Nội dung"  # text that is no msgid shows as is
