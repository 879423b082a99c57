"""Login throttling under scripted guessing: one account hammered from one address, a few
passwords sprayed over many accounts from one address, and the address behind a proxy.
(The basic lock-out after five failures is in test_accounts.py.)"""

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse

from khcn.accounts import services
from khcn.accounts.throttling import client_ip

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026"
LOCKED = "Đăng nhập sai quá nhiều lần"


def attempt(username, password, address, **extra):
    return Client().post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@override_settings(AXES_FAILURE_LIMIT=5, KHCN_LOGIN_IP_FAILURE_LIMIT=30)
def test_guessing_one_password_locks_that_account_from_that_address():
    services.user_create(actor=None, username="lan", full_name="Võ Thị Lan", password=PASSWORD)
    guesses = [f"doan-{n}" for n in range(20)]
    answers = [attempt("lan", guess, "203.0.113.5") for guess in guesses]
    # four plain refusals, then the fifth failure locks: everything after is the lock-out page
    assert [r.status_code for r in answers[:4]] == [200] * 4
    assert "Sai tên đăng nhập hoặc mật khẩu" in answers[0].content.decode()
    assert all(r.status_code == 429 for r in answers[4:])
    refused = attempt("lan", PASSWORD, "203.0.113.5")  # the right password, while locked
    assert refused.status_code == 429 and not signed_in(refused)
    page = refused.content.decode()
    assert LOCKED in page and "quản trị" in page  # says why and whom to ask
    # The account itself is not locked for its owner elsewhere (no denial of service by guessing).
    assert signed_in(attempt("lan", PASSWORD, "198.51.100.20"))
    # Guessing on while locked keeps the lock (each failure restarts the cool-off).
    assert AccessAttempt.objects.get(username="lan", ip_address="203.0.113.5").failures_since_start == 21


@override_settings(AXES_FAILURE_LIMIT=5, KHCN_LOGIN_IP_FAILURE_LIMIT=12)
def test_spraying_many_accounts_from_one_address_locks_the_address():
    for n in range(10):
        services.user_create(actor=None, username=f"nv{n}", full_name=f"Nhân viên {n}", password=PASSWORD)
    statuses = []
    for n in range(10):  # two common passwords on each account: under the per-account limit
        for guess in ("123456", "matkhau"):
            statuses.append(attempt(f"nv{n}", guess, "203.0.113.66").status_code)
    assert statuses[:11] == [200] * 11
    assert set(statuses[12:]) == {429}
    # From that address even a right password is refused, with the message...
    refused = attempt("nv9", PASSWORD, "203.0.113.66")
    assert refused.status_code == 429 and LOCKED in refused.content.decode() and not signed_in(refused)
    # ...while the same people log in from elsewhere.
    assert signed_in(attempt("nv9", PASSWORD, "198.51.100.7"))


@override_settings(AXES_FAILURE_LIMIT=5, KHCN_LOGIN_IP_FAILURE_LIMIT=30)
def test_a_success_resets_only_that_account():
    services.user_create(actor=None, username="binh", full_name="Lê Bình", password=PASSWORD)
    for _ in range(4):
        attempt("binh", "sai", "203.0.113.9")
    assert signed_in(attempt("binh", PASSWORD, "203.0.113.9"))
    assert not AccessAttempt.objects.filter(username="binh").exists()
    for _ in range(4):  # four more: still under the limit after the reset
        assert attempt("binh", "sai", "203.0.113.9").status_code == 200


@override_settings(KHCN_PROXY_COUNT=1, AXES_FAILURE_LIMIT=5, KHCN_LOGIN_IP_FAILURE_LIMIT=8)
def test_behind_a_proxy_the_client_address_counts_and_cannot_be_forged():
    for n in range(5):
        services.user_create(actor=None, username=f"u{n}", full_name=f"U {n}", password=PASSWORD)
    proxy = "127.0.0.1"
    # The attacker writes a new X-Forwarded-For each time; the proxy appends the real address.
    for n in range(8):
        attempt(f"u{n % 5}", "sai", proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.77")
    refused = attempt("u0", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.77")
    assert refused.status_code == 429
    # Colleagues behind the same proxy, from other addresses, are not locked out.
    assert signed_in(attempt("u0", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.30"))


def test_client_address():
    class Request:
        META = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.1, 10.0.0.2"}

    with override_settings(KHCN_PROXY_COUNT=0):
        assert client_ip(Request()) == "127.0.0.1"  # no proxy: the header is ignored
    with override_settings(KHCN_PROXY_COUNT=1):
        assert client_ip(Request()) == "10.0.0.2"
    with override_settings(KHCN_PROXY_COUNT=2):
        assert client_ip(Request()) == "203.0.113.1"
    with override_settings(KHCN_PROXY_COUNT=5):
        assert client_ip(Request()) == "127.0.0.1"  # fewer entries than proxies: not trusted
