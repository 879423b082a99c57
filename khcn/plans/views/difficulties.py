"""Difficulties (khó khăn, vướng mắc) an agency raises at any time, outside the reporting
periods, and the DOST's answers: list (with Excel export), raise, read and answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khcn.accounts.types import AuthenticatedRequest
from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by
from khcn.core.concurrency import STALE_VERSION, rebased
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without
from khcn.plans import exports, selectors, services
from khcn.plans.filters import DifficultyFilter
from khcn.plans.forms import DifficultyForm, ResponseForm
from khcn.plans.permissions import difficulty_policy, plan_policy


@guarded_by(plan_policy)
@login_required
def difficulty_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_head(user=request.user, pk=pk)
    filters = DifficultyFilter(
        request.GET or None, queryset=selectors.difficulty_list(user=request.user, plan=plan)
    )
    qs = filters.qs
    if request.GET.get("format") == "xlsx":
        return exports.difficulties_xlsx(plan, qs)
    export_query = querystring_without(request, "page", "format")
    context = {
        "plan": plan,
        "filters": filters.form,
        "page": paginate(request, qs),
        "query": querystring_without(request, "page"),
        "export_query": f"{export_query}&format=xlsx" if export_query else "format=xlsx",
        "can_raise": difficulty_policy.can(request.user, "raise"),
    }
    return render(request, "plans/difficulty_list.html", context)


@guarded_by(difficulty_policy)
@login_required
def difficulty_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_head(user=request.user, pk=pk)
    difficulty_policy.require(request.user, "raise")
    form = DifficultyForm(
        request.POST or None,
        items=selectors.plan_items_for_choice(plan),
        organizations=selectors.own_agencies(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            difficulty = services.difficulty_raise(
                actor=request.user,
                plan=plan,
                organization=data["organization"],
                item=data["item"],
                text=data["text"],
                proposal=data["proposal"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The difficulty was sent to the DOST."))
            return redirect(difficulty)
    return render(request, "plans/difficulty_form.html", {"plan": plan, "form": form})


@guarded_by(difficulty_policy)
@login_required
def difficulty_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    difficulty = selectors.difficulty_get(user=request.user, pk=pk)
    can_respond = difficulty_policy.can(request.user, "respond", difficulty)
    form = ResponseForm(
        request.POST or None, initial={"response": difficulty.response, "version": difficulty.version}
    )
    if request.method == "POST":
        difficulty_policy.require(request.user, "respond", difficulty)
        if form.is_valid():
            try:
                services.difficulty_respond(
                    actor=request.user,
                    difficulty=difficulty,
                    response=form.cleaned_data["response"],
                    version=form.cleaned_data["version"],
                )
            except DomainError as exc:
                if exc.code == STALE_VERSION:
                    difficulty = selectors.difficulty_get(user=request.user, pk=pk)
                    # Keep what this user wrote; the page shows the answer saved meanwhile (the
                    # difficulty as loaded now), and saving again replaces it knowingly.
                    form = ResponseForm(rebased(request.POST, difficulty.version))
                    form.is_valid()
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The response was sent to the agency."))
                return redirect(difficulty)
    context = {
        "difficulty": difficulty,
        "plan": difficulty.plan,
        "form": form if can_respond else None,
        "history": history_for(difficulty),
    }
    return render(request, "plans/difficulty_detail.html", context)
