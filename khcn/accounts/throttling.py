"""Login throttling on top of django-axes.

Axes locks an account-and-address pair after ``AXES_FAILURE_LIMIT`` wrong passwords. Two
additions:

- **password spraying**: one address trying a few passwords on many accounts is locked too,
  after ``KHCN_LOGIN_IP_FAILURE_LIMIT`` failures across all accounts (higher than the pair
  limit, since a whole office may sit behind one address);
- **behind a proxy**: with ``KHCN_PROXY_COUNT`` = N, the client's address is the N-th entry from
  the right of ``X-Forwarded-For`` (what the nearest trusted proxy saw), not the proxy's own
  address; entries further left are written by the client and are never trusted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from khcn.accounts.models import RegistrationAttempt


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the nearest trusted proxy saw it (``AXES_CLIENT_IP_CALLABLE``)."""
    proxies = int(getattr(settings, "KHCN_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler, also counting one address's failures across all accounts."""

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        address_limit = int(getattr(settings, "KHCN_LOGIN_IP_FAILURE_LIMIT", 0) or 0)
        address = getattr(request, "axes_ip_address", None)
        if address_limit <= 0 or not address:
            return failures
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        from_address = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        # Scaled so that reaching the address limit reaches axes' (pair) limit, which is the
        # number axes compares with: locked when either count reaches its own limit.
        pair_limit = get_failure_limit(request, credentials)
        return max(failures, from_address * pair_limit // address_limit)


# --- Self-registration -------------------------------------------------------------------
# The registration and "new link" pages send e-mail to any address typed in: each address (and
# each e-mail address) may ask only a few times an hour, or the site becomes a mail cannon.
REGISTRATION_WINDOW = dt.timedelta(hours=1)
REGISTRATION_IP_LIMIT = 10  # requests from one address per hour (KHCN_REGISTRATION_IP_LIMIT)
REGISTRATION_EMAIL_LIMIT = 3  # e-mails to one address per hour (KHCN_REGISTRATION_EMAIL_LIMIT)

ADDRESS_THROTTLED = "address"
EMAIL_THROTTLED = "email"


def email_digest(email: str) -> str:
    """A keyed digest of an e-mail address: attempts are counted per address without keeping it."""
    return salted_hmac("khcn.accounts.registration.email", email.strip().lower()).hexdigest()


def registration_throttled(request: HttpRequest, email: str) -> str | None:
    """Why no confirmation e-mail may be sent now for ``email`` from this request's address:
    ``ADDRESS_THROTTLED`` (the address asked too often: the page says so), ``EMAIL_THROTTLED``
    (that mailbox got enough mail this hour: skipped silently, the page must not tell whether
    the address has an account), or None."""
    since = timezone.now() - REGISTRATION_WINDOW
    recent = RegistrationAttempt.objects.filter(created_at__gte=since)
    address = client_ip(request) or ""
    ip_limit = int(getattr(settings, "KHCN_REGISTRATION_IP_LIMIT", REGISTRATION_IP_LIMIT))
    if ip_limit > 0 and recent.filter(ip_address=address).count() >= ip_limit:
        return ADDRESS_THROTTLED
    email_limit = int(getattr(settings, "KHCN_REGISTRATION_EMAIL_LIMIT", REGISTRATION_EMAIL_LIMIT))
    if email_limit > 0 and recent.filter(email_digest=email_digest(email)).count() >= email_limit:
        return EMAIL_THROTTLED
    return None


def registration_attempted(request: HttpRequest, email: str) -> None:
    """Count one request for a confirmation e-mail; forget those older than the window."""
    now = timezone.now()
    RegistrationAttempt.objects.filter(created_at__lt=now - REGISTRATION_WINDOW).delete()
    RegistrationAttempt.objects.create(
        ip_address=(client_ip(request) or "")[:64], email_digest=email_digest(email), created_at=now
    )
