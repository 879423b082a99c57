"""A user whose password an administrator set changes it before doing anything else.

``User.must_change_password`` is set when an administrator creates the account or gives it a new
password (``services.user_create`` / ``user_password_reset``; never for demo accounts) and cleared
when the user changes it (``services.user_password_changed``). Until then every page sends them
to the password page, which says why; they may still log out, switch the language and load
static files. The API answers 403 in its own error envelope, and an htmx request is told to go
to the password page (``HX-Redirect``), so no part of the site is open before the change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

PASSWORD_CHANGE_REQUIRED = "password_change_required"


class PasswordChangeRequiredMiddleware:
    """Goes after the authentication and message middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if not getattr(user, "must_change_password", False) or not getattr(user, "is_authenticated", False):
            return self.get_response(request)
        path = request.path_info
        change = reverse("accounts:password_change")
        allowed = (change, reverse("accounts:logout"), reverse("set_language"))
        if path in allowed or path.startswith(settings.STATIC_URL or "/static/"):
            return self.get_response(request)
        if path.startswith(reverse("api:api-root")):
            return JsonResponse(
                {
                    "detail": _("Change the password an administrator set before using KHCN."),
                    "code": PASSWORD_CHANGE_REQUIRED,
                },
                status=403,
            )
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = change
            return response
        return redirect(change)
