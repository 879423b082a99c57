"""Site-wide pages: home, rule sets."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khcn.accounts.roles import memberships_of
from khcn.core.models import RuleSet
from khcn.core.services import ruleset_policy
from khcn.organizations.permissions import organization_policy
from khcn.organizations.selectors import organization_counts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request.user)
    context = {
        "memberships": [m for m in memberships],
        "counts": organization_counts(user=request.user),
        "can_add_agency": organization_policy.can(request.user, "add"),
    }
    return render(request, "core/home.html", context)


@login_required
def ruleset_list(request: HttpRequest) -> HttpResponse:
    ruleset_policy.require(request.user, "view")
    versions = RuleSet.objects.select_related("created_by").order_by("code", "-effective_from")
    return render(request, "core/ruleset_list.html", {"versions": versions})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF refusal as a page in the user's language (status 403)."""
    return render(request, "403_csrf.html", status=403)
