"""Types for code that runs for a signed-in user."""

from __future__ import annotations

from django.http import HttpRequest

from khcn.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind ``login_required``: its user is a ``User``, never anonymous.
    Annotate such views with it so that selectors and services typed ``user: User`` accept
    ``request.user``."""

    user: User  # type: ignore[assignment]
