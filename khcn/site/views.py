"""Site-wide pages: the home page (each app's blocks for this user) and the rule sets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.plugins import HomeBlock
from khcn.site import registry, selectors
from khcn.site.permissions import ruleset_policy


@dataclass
class ShownBlock:
    block: HomeBlock
    context: Any


@dataclass
class Run:
    """Consecutive blocks shown the same way: one wide block, or cards in a grid."""

    wide: bool
    blocks: list[ShownBlock]


def _runs(shown: list[ShownBlock]) -> list[Run]:
    runs: list[Run] = []
    for item in shown:
        if item.block.wide or not runs or runs[-1].wide:
            runs.append(Run(item.block.wide, [item]))
        else:
            runs[-1].blocks.append(item)
    return runs


@guarded_by(*registry.home_policies())
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    shown = []
    for block in registry.home_blocks():
        if block.action is not None and not block.policy.can(request.user, block.action):
            continue
        context = block.selector(user=request.user)
        if context is not None:
            shown.append(ShownBlock(block, context))
    has_work = any(item.block.work for item in shown)
    return render(request, "site/home.html", {"runs": _runs(shown), "has_work": has_work})


@guarded_by(ruleset_policy)
@login_required
def ruleset_list(request: AuthenticatedRequest) -> HttpResponse:
    rulesets = selectors.rulesets_shown(user=request.user)
    return render(request, "site/ruleset_list.html", {"rulesets": rulesets})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF refusal as a page in the user's language (status 403)."""
    return render(request, "403_csrf.html", status=403)
