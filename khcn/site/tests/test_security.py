"""Security headers, a strict Content-Security-Policy the templates keep to, and production
settings that pass ``manage.py check --deploy``."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

BASE = Path(settings.BASE_DIR)

STRICT = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def _assert_headers(response) -> None:
    csp = {d.strip() for d in response["Content-Security-Policy"].split(";")}
    assert csp >= STRICT, csp
    assert not any("unsafe" in d for d in csp)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_send_the_security_headers(client):
    from khcn.accounts.models import User

    _assert_headers(client.get(reverse("accounts:login")))
    client.force_login(User.objects.create_user(username="an", password="x", full_name="An"))
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    _assert_headers(response)
    _assert_headers(client.get("/no-such-page/"))  # error pages too


@pytest.mark.django_db
def test_report_only_mode(client, settings):
    from khcn.core.middleware import ContentSecurityPolicyMiddleware

    settings.SECURE_CSP_REPORT_ONLY = True
    middleware = ContentSecurityPolicyMiddleware(lambda request: __import__("django").http.HttpResponse("ok"))
    response = middleware(None)
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def _templates() -> list[Path]:
    roots = [BASE / "templates", *(BASE / "khcn").glob("*/templates")]
    return sorted(p for root in roots for p in root.rglob("*.html"))


INLINE = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I),
        "inline <script>",
    ),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_hold_nothing_the_csp_would_block():
    """No inline script, style block, style attribute or on…= handler: the policy allows none,
    so each would silently stop working in the browser. Put it in static/css or static/js."""
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(BASE)}:{line}: {what}")
    assert len(_templates()) > 30
    assert not found, "\n".join(found)


# --- production settings ------------------------------------------------------------------


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KHCN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_DEBUG="0",
        KHCN_DEMO="0",
        KHCN_HTTPS="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        DJANGO_ALLOWED_HOSTS="khcn.camau.gov.vn",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://khcn.camau.gov.vn",
        KHCN_VAR_DIR=str(tmp_path),
    )
    assert len(env["DJANGO_SECRET_KEY"]) == 64
    return env


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# No collected static files in this test: render {% static %} without the manifest.
storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    secure = Client().get("/accounts/login/", secure=True, HTTP_HOST="khcn.camau.gov.vn")
    plain = Client().get("/accounts/login/", HTTP_HOST="khcn.camau.gov.vn")
print(json.dumps({
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
    "plain": [plain.status_code, plain.get("Location")],
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
}))
"""


def test_production_pages_send_hsts_and_redirect_to_https(tmp_path):
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", PROBE],
        cwd=BASE,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 200
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert seen["csrf_cookie_secure"] and seen["session_cookie_secure"]
    assert seen["plain"] == [301, "https://khcn.camau.gov.vn/accounts/login/"]
