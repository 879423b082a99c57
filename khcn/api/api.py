"""The NinjaAPI instance: session authentication, one error envelope, each app's router."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import django_auth

from khcn.core.access import signed_in
from khcn.core.exceptions import DomainError


def _docs_for_signed_in_users(view: Any) -> Any:
    """The OpenAPI schema and its page are for signed-in users (anonymous: the login page)."""
    return signed_in(login_required(view))


api = NinjaAPI(
    title="KHCN API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
    docs_decorator=_docs_for_signed_in_users,
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=400)


from khcn.organizations.api import router as organizations_router  # noqa: E402

api.add_router("/organizations/", organizations_router)

from khcn.research.api import router as tasks_router  # noqa: E402

api.add_router("/tasks", tasks_router)
