"""ASCII usernames, and a password an administrator set that must be changed at the first log-in.
(That every page, htmx request and API call is closed until then: ``khcn/site/tests/test_access``.)
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from khcn.accounts import services
from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.accounts.testing import role_users
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError
from khcn.core.testing import assert_policy_matrix

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026"


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


# --------------------------------------------------------------------------------------------------
# Usernames
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("nguyễn.văn.a", "nguyen.van.a"),
        ("Nguyễn Văn A", "nguyen.van.a"),
        ("đặng_thị-bé", "dang_thi-be"),
        ("lê@sở y tế", "le.so.y.te"),
    ],
)
def test_a_username_is_ascii_and_the_folded_form_is_suggested(make_user, typed, suggestion):
    admin = make_user(Role.SYSADMIN)
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=admin, username=typed, full_name="Nguyễn Văn A", password=PASSWORD)
    assert exc.value.code == "bad_username"
    assert f"“{suggestion}”" in exc.value.message
    assert "chữ cái a–z" in exc.value.message  # Vietnamese by default
    assert services.username_suggestion(typed) == suggestion
    assert not User.objects.filter(full_name="Nguyễn Văn A").exists()


def test_allowed_usernames_are_kept_in_lower_case(make_user):
    admin = make_user(Role.SYSADMIN)
    for typed in ("Baocao.SYT", "nguyen_van-a2", "  lanhdao.stc "):
        user = services.user_create(actor=admin, username=typed, full_name="Người Thử", password=PASSWORD)
        assert user.username == typed.strip().lower()


def test_the_account_form_says_what_is_wrong_with_the_username(client, make_user):
    client.force_login(make_user(Role.SYSADMIN))
    page = client.post(
        reverse("accounts:user_create"),
        {"username": "trần.thị.mai", "full_name": "Trần Thị Mai", "password": "Bao-cao-2026"},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="id_username_errors"' in body  # on the username field, not the form
    assert "“tran.thi.mai”" in body
    assert not User.objects.filter(full_name="Trần Thị Mai").exists()


# --------------------------------------------------------------------------------------------------
# A password an administrator set
# --------------------------------------------------------------------------------------------------


def test_who_must_change_the_password(make_user):
    admin = make_user(Role.SYSADMIN)
    by_admin = services.user_create(actor=admin, username="moi", full_name="Người Mới", password=PASSWORD)
    demo = services.user_create(
        actor=admin, username="demo.moi", full_name="Mẫu", password=PASSWORD, is_demo=True
    )
    by_command = services.user_create(actor=None, username="lenh", full_name="Lệnh", password=PASSWORD)
    assert (by_admin.must_change_password, demo.must_change_password, by_command.must_change_password) == (
        True,
        False,  # the demo's printed password keeps working
        False,  # a command says so itself (must_change_password=True)
    )
    created = AuditEvent.objects.get(action=services.USER_CREATED, object_id=str(by_admin.pk))
    assert created.changes["must_change_password"] == [None, True]


def test_the_first_log_in_goes_to_the_password_page_which_says_why(client, make_user):
    admin = make_user(Role.SYSADMIN)
    services.user_create(actor=admin, username="moi", full_name="Người Mới", password=PASSWORD)
    response = _login(client, "moi")
    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home.status_code == 302 and home["Location"] == reverse("accounts:password_change")
    page = client.get(home["Location"]).content.decode()
    assert "Mật khẩu của bạn do quản trị viên đặt" in page
    # still free to leave
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("site:home"))["Location"].startswith(reverse("accounts:login"))


def test_changing_the_password_clears_the_demand_but_not_to_the_same_one(client, make_user):
    admin = make_user(Role.SYSADMIN)
    person = services.user_create(actor=admin, username="moi", full_name="Người Mới", password=PASSWORD)
    client.force_login(person)
    url = reverse("accounts:password_change")
    same = client.post(url, {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD})
    assert same.status_code == 200 and "khác mật khẩu do quản trị viên đặt" in same.content.decode()
    person.refresh_from_db()
    assert person.must_change_password
    done = client.post(
        url, {"old_password": PASSWORD, "new_password1": "Cua-toi-2027", "new_password2": "Cua-toi-2027"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("site:home")
    person.refresh_from_db()
    assert not person.must_change_password and person.check_password("Cua-toi-2027")
    event = AuditEvent.objects.filter(action=services.PASSWORD_CHANGED, object_id=str(person.pk)).get()
    assert event.changes == {"must_change_password": [True, False]}
    assert client.get(reverse("site:home")).status_code == 200
    assert client.get(reverse("api:openapi-json")).status_code == 200


def test_an_administrator_sets_a_new_password_which_must_then_be_changed(make_user):
    admin = make_user(Role.SYSADMIN)
    person = services.user_create(actor=None, username="quen", full_name="Hay Quên", password=PASSWORD)
    session = Client()
    assert _login(session, "quen").status_code == 302
    assert session.get(reverse("site:home")).status_code == 200
    desk = Client()
    desk.force_login(admin)
    page = desk.get(reverse("accounts:user_detail", args=[person.pk])).content.decode()
    assert reverse("accounts:user_password_reset", args=[person.pk]) in page
    url = reverse("accounts:user_password_reset", args=[person.pk])
    differ = desk.post(url, {"password1": "Moi-cap-2027", "password2": "Moi-cap-2028"})
    assert differ.status_code == 200
    weak = desk.post(url, {"password1": "123", "password2": "123"})
    assert weak.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD) and not person.must_change_password
    assert desk.post(url, {"password1": "Moi-cap-2027", "password2": "Moi-cap-2027"}).status_code == 302
    person.refresh_from_db()
    assert person.check_password("Moi-cap-2027") and person.must_change_password
    assert AuditEvent.objects.filter(action=services.PASSWORD_RESET, object_id=str(person.pk)).exists()
    # the old session has ended with the old password
    assert session.get(reverse("site:home"))["Location"].startswith(reverse("accounts:login"))
    assert _login(Client(), "quen", "Moi-cap-2027").status_code == 302
    with pytest.raises(DomainError):  # one's own password is changed on the password page
        services.user_password_reset(actor=admin, user=admin, password="Moi-cap-2027")


@override_settings(KHCN_DEMO=True)
def test_a_demo_account_is_never_forced(client, make_user):
    admin = make_user(Role.SYSADMIN)
    demo = services.user_create(actor=admin, username="mau", full_name="Mẫu", password=PASSWORD, is_demo=True)
    assert (
        services.user_password_reset(actor=admin, user=demo, password="Mau-moi-2027").must_change_password
        is False
    )
    assert _login(client, "mau", "Mau-moi-2027").status_code == 302
    assert client.get(reverse("site:home")).status_code == 200


def test_only_administrators_set_a_password():
    actors = role_users()
    victim = actors[Role.APPLICANT.value]
    assert_policy_matrix(
        actors=actors,
        expected={Role.SYSADMIN.value: True, "*": False},
        view=True,
        state=lambda: list(User.objects.filter(pk=victim.pk).values_list("password", "must_change_password")),
        attempt=lambda c: c.post(
            reverse("accounts:user_password_reset", args=[victim.pk]),
            {"password1": "Moi-cap-2027", "password2": "Moi-cap-2027"},
        ),
    )
