"""Applicants register themselves: an inactive account with the applicant role, a confirmation
link e-mailed after commit, the link activates it (once; expired or altered links refused), and
the pages never tell whether an address already has an account."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse

from khcn.accounts import services
from khcn.accounts.choices import ApplicantKind, Role
from khcn.accounts.models import Membership, Registration, User
from khcn.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-Dang-ky-2026"
SENT = "Hãy kiểm tra hộp thư"
LINK = re.compile(r"https://khcn\.example\.invalid(/accounts/register/confirm/[^/\s]+/)")


def form(**overrides):
    data = {
        "kind": ApplicantKind.REPRESENTATIVE,
        "organization_name": "Viện Nghiên cứu Nuôi trồng Thủy sản",
        "full_name": "Trần Thị Bích",
        "email": "  Bich.Tran@Example.ORG ",
        "phone": "0290 3831 234",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def post(data=None, client=client, address="203.0.113.7"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:register"), data or form(), REMOTE_ADDR=address)

    return post


def link_in(mail) -> str:
    found = LINK.search(mail.body)
    assert found, mail.body
    return found.group(1)


def test_the_page_is_open_to_anonymous_visitors_and_linked_from_the_login_page(client):
    login = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:register") in login
    assert "Đăng ký tài khoản" in login
    page = client.get(reverse("accounts:register"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tôi đăng ký với tư cách" in html and "Người đại diện của tổ chức" in html


def test_registering_creates_an_inactive_applicant_and_mails_one_link(register, mailoutbox):
    response = register()
    assert response.status_code == 200
    assert SENT in response.content.decode()
    user = User.objects.get(email="bich.tran@example.org")  # normalised
    assert not user.is_active
    assert user.username == "bich.tran" and user.full_name == "Trần Thị Bích"
    assert user.phone == "0290 3831 234"
    assert user.check_password(PASSWORD) and not user.must_change_password
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.APPLICANT
    assert membership.organization is None and membership.council is None
    registration = Registration.objects.get(user=user)
    assert registration.kind == ApplicantKind.REPRESENTATIVE
    assert registration.organization_name == "Viện Nghiên cứu Nuôi trồng Thủy sản"
    assert registration.confirmed_at is None
    assert AuditEvent.objects.filter(action=services.REGISTERED, object_id=str(user.pk)).exists()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["bich.tran@example.org"]
    assert "Xác nhận địa chỉ e-mail" in mail.subject  # the registrant's language
    assert "bich.tran" in mail.body  # the username they log in with
    link_in(mail)


def test_nothing_is_mailed_before_the_commit(client, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("accounts:register"), form())
    assert mailoutbox == [] and callbacks
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_the_link_activates_the_account_and_a_second_visit_is_harmless(register, client, mailoutbox):
    register()
    url = link_in(mailoutbox[0])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    user = User.objects.get(email="bich.tran@example.org")
    assert user.is_active
    assert Registration.objects.get(user=user).confirmed_at is not None
    assert AuditEvent.objects.filter(action=services.REGISTRATION_CONFIRMED, object_id=str(user.pk)).exists()
    login = client.get(response["Location"]).content.decode()
    assert "đã được kích hoạt" in login and 'value="bich.tran"' in login  # username prefilled
    assert (
        client.post(reverse("accounts:login"), {"username": "bich.tran", "password": PASSWORD}).status_code
        == 302
    )
    again = Client().get(url)
    assert again.status_code == 302 and again["Location"] == reverse("accounts:login")
    assert "đã được kích hoạt từ trước" in " ".join(str(m) for m in get_messages(again.wsgi_request))
    assert AuditEvent.objects.filter(action=services.REGISTRATION_CONFIRMED).count() == 1


def test_the_inactive_account_cannot_log_in_before_confirming(register):
    register()
    response = Client().post(reverse("accounts:login"), {"username": "bich.tran", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session


def test_an_expired_link_is_refused_with_a_way_to_ask_for_a_new_one(register, client):
    register()
    user = User.objects.get(email="bich.tran@example.org")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3 * 86400 - 60):
        token = services.registration_token(user)
    response = client.get(reverse("accounts:register_confirm", kwargs={"token": token}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Liên kết xác nhận này đã hết hạn" in html
    assert reverse("accounts:register_resend") in html
    user.refresh_from_db()
    assert not user.is_active


@override_settings(KHCN_REGISTRATION_LINK_DAYS=5)
def test_the_link_lifetime_is_a_setting(register, client):
    register()
    user = User.objects.get(email="bich.tran@example.org")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 4 * 86400):
        token = services.registration_token(user)
    client.get(reverse("accounts:register_confirm", kwargs={"token": token}))
    user.refresh_from_db()
    assert user.is_active


def test_an_altered_link_is_refused(register, client, mailoutbox):
    register()
    token = link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    other = User.objects.create_user(username="khac", email="khac@example.org", is_active=False)
    forged_payload = services.TimestampSigner(salt="other").sign_object({"u": other.pk, "e": other.email})
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged_payload, "abc"):
        response = client.get(reverse("accounts:register_confirm", kwargs={"token": bad}))
        assert response.status_code == 200
        assert "Liên kết xác nhận này không hợp lệ" in response.content.decode()
    assert not User.objects.filter(
        is_active=True, email__in=["bich.tran@example.org", "khac@example.org"]
    ).exists()


def test_a_link_for_an_account_deactivated_after_confirming_does_not_reactivate_it(
    register, client, mailoutbox
):
    register()
    url = link_in(mailoutbox[0])
    client.get(url)
    User.objects.filter(email="bich.tran@example.org").update(is_active=False)
    response = Client().get(url)
    assert "không hợp lệ" in response.content.decode()
    assert not User.objects.get(email="bich.tran@example.org").is_active


def test_an_address_with_an_account_gets_the_same_page_and_no_second_account(register, make_user, mailoutbox):
    owner = make_user(Role.AGENCY_REPORTER, email="lan@example.org", full_name="Võ Thị Lan")
    response = register(form(email="LAN@example.org", full_name="Kẻ Mạo Danh"))
    assert response.status_code == 200
    assert SENT in response.content.decode()
    assert User.objects.filter(email__iexact="lan@example.org").count() == 1
    assert not Registration.objects.exists()
    # The owner, not the page, is told: they already have an account (and its username).
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lan@example.org"]
    assert owner.username in mailoutbox[0].body and "/accounts/register/confirm/" not in mailoutbox[0].body


def test_registering_again_before_confirming_sends_a_new_link_not_a_second_account(register, mailoutbox):
    register()
    register(form(email="bich.tran@example.org"))
    assert User.objects.filter(email="bich.tran@example.org").count() == 1
    assert len(mailoutbox) == 2 and link_in(mailoutbox[1])


def test_the_page_gives_no_hint_through_its_errors_either(register, make_user):
    make_user(Role.APPLICANT, email="lan@example.org")
    taken = register(form(email="lan@example.org", password1="123", password2="123"))
    free = register(form(email="moi@example.org", password1="123", password2="123"))
    assert taken.status_code == free.status_code == 200
    assert SENT not in taken.content.decode() and SENT not in free.content.decode()  # both refused alike


def test_a_representative_must_name_the_organisation(register, mailoutbox):
    response = register(form(organization_name=""))
    assert response.status_code == 200
    assert "Hãy nhập tên tổ chức mà bạn đại diện" in response.content.decode()
    assert not User.objects.filter(email="bich.tran@example.org").exists() and mailoutbox == []
    with pytest.raises(services.DomainError):
        services.applicant_register(
            full_name="A", email="a@example.org", password=PASSWORD, kind=ApplicantKind.REPRESENTATIVE
        )


def test_an_individual_needs_no_organisation(register, mailoutbox):
    register(form(kind=ApplicantKind.INDIVIDUAL, organization_name="Bỏ qua"))
    registration = Registration.objects.get(user__email="bich.tran@example.org")
    assert registration.kind == ApplicantKind.INDIVIDUAL and registration.organization_name == ""


def test_passwords_are_checked_by_the_validators_and_must_match(register):
    weak = register(form(password1="12345678", password2="12345678")).content.decode()
    assert "Mật khẩu này" in weak  # Django's validators, in Vietnamese
    differ = register(form(password2=PASSWORD + "x")).content.decode()
    assert "Hai mật khẩu không khớp nhau" in differ
    assert not User.objects.filter(email="bich.tran@example.org").exists()


def test_usernames_come_from_the_address_and_stay_unique(register, make_user):
    make_user(Role.APPLICANT, username="bich.tran")
    register()
    assert User.objects.get(email="bich.tran@example.org").username == "bich.tran.2"


def test_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:register"), form())
    assert response.status_code == 403
    assert not User.objects.filter(email="bich.tran@example.org").exists()


@override_settings(KHCN_REGISTRATION_IP_LIMIT=3, KHCN_REGISTRATION_EMAIL_LIMIT=2)
def test_one_address_cannot_send_mail_in_bulk(register, mailoutbox):
    answers = [register(form(email=f"n{n}@example.org")) for n in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert "Có quá nhiều yêu cầu" in answers[-1].content.decode()
    assert len(mailoutbox) == 3
    assert (
        register(form(email="n9@example.org"), address="198.51.100.9").status_code == 200
    )  # another address


@override_settings(KHCN_REGISTRATION_IP_LIMIT=100, KHCN_REGISTRATION_EMAIL_LIMIT=2)
def test_one_mailbox_cannot_be_flooded_from_many_addresses(
    register, client, django_capture_on_commit_callbacks, mailoutbox
):
    register()
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:register_resend"),
                {"email": "bich.tran@example.org"},
                REMOTE_ADDR=f"203.0.113.{n + 20}",
            )
        assert response.status_code == 200 and SENT in response.content.decode()
    assert len(mailoutbox) == 2  # the registration's, then one new link; the rest are skipped silently


def test_resend_mails_a_new_link_only_to_a_waiting_account_and_answers_alike(
    register, client, django_capture_on_commit_callbacks, mailoutbox, make_user
):
    register()
    make_user(Role.APPLICANT, email="active@example.org")
    mailoutbox.clear()
    url = reverse("accounts:register_resend")
    assert client.get(url).status_code == 200
    pages = []
    for email in ("Bich.Tran@example.org", "nobody@example.org", "active@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            pages.append(client.post(url, {"email": email}))
    assert all(SENT in p.content.decode() for p in pages)
    assert [m.to for m in mailoutbox] == [["bich.tran@example.org"], ["active@example.org"]]
    new_link = link_in(mailoutbox[0])
    assert client.get(new_link).status_code == 302
    assert User.objects.get(email="bich.tran@example.org").is_active
    assert "/accounts/register/confirm/" not in mailoutbox[1].body


def test_signed_in_users_are_sent_home(make_user, client):
    client.force_login(make_user(Role.APPLICANT))
    assert client.get(reverse("accounts:register"))["Location"] == reverse("site:home")
