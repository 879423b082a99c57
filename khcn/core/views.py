"""Site-wide pages: home, rule sets."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khcn.accounts.roles import Role, memberships_of, organization_ids_of
from khcn.core.access import guarded_by
from khcn.core.models import RuleSet
from khcn.core.services import ruleset_policy
from khcn.organizations.permissions import organization_policy
from khcn.organizations.selectors import organization_counts
from khcn.plans.permissions import difficulty_policy
from khcn.plans.selectors import difficulties_for_user, due_for_user
from khcn.plans.views.reports import attach_return_notes


@guarded_by(organization_policy, difficulty_policy)
@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request.user)
    due = due_for_user(user=request.user)
    attach_return_notes(d.report for d in due)
    context = {
        "memberships": [m for m in memberships],
        "due": due,
        "has_agency_role": bool(organization_ids_of(request.user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)),
        "counts": organization_counts(user=request.user),
        "can_add_agency": organization_policy.can(request.user, "add"),
        "difficulties": difficulties_for_user(user=request.user),
    }
    return render(request, "core/home.html", context)


@guarded_by(ruleset_policy)
@login_required
def ruleset_list(request: HttpRequest) -> HttpResponse:
    ruleset_policy.require(request.user, "view")
    versions = RuleSet.objects.select_related("created_by").order_by("code", "-effective_from")
    return render(request, "core/ruleset_list.html", {"versions": versions})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF refusal as a page in the user's language (status 403)."""
    return render(request, "403_csrf.html", status=403)
