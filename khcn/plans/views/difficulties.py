"""Difficulties (khó khăn, vướng mắc) an agency raises at any time, outside the reporting
periods, and the DOST's answers: list (with Excel export), raise, read and answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from khcn.accounts.roles import Role, organization_ids_of
from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by
from khcn.core.concurrency import STALE_VERSION, VersionField, rebased
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without
from khcn.organizations.models import Organization
from khcn.plans import services
from khcn.plans.choices import DifficultyStatus
from khcn.plans.models import Difficulty, Plan, PlanItem
from khcn.plans.paths import display_path
from khcn.plans.permissions import difficulty_policy, plan_policy

MAX_TEXT = 20_000


class DifficultyForm(forms.Form):
    organization = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=Organization.objects.none())
    item = forms.ModelChoiceField(
        label=gettext_lazy("Plan item"),
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label=gettext_lazy("— The plan as a whole —"),
    )
    text = forms.CharField(
        label=gettext_lazy("Difficulty or obstacle"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_TEXT}),
    )
    proposal = forms.CharField(
        label=gettext_lazy("Proposal"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
        help_text=gettext_lazy("What the agency proposes to resolve it, and who should act."),
    )

    def __init__(self, *args: Any, plan: Plan, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field: Any = self.fields["organization"]
        org_field.queryset = organizations
        if organizations.count() == 1:
            org_field.initial = organizations.first()
        item_field: Any = self.fields["item"]
        item_field.queryset = PlanItem.objects.filter(plan=plan).order_by("position")
        item_field.label_from_instance = lambda i: f"{i.path}. {(i.heading or i.text)[:90]}"


class ResponseForm(forms.Form):
    version = VersionField()
    response = forms.CharField(
        label=gettext_lazy("Response to the agency"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=[("", "—"), *DifficultyStatus.choices], required=False
    )


def _visible(request: HttpRequest, plan: Plan) -> Any:
    qs = Difficulty.objects.filter(plan=plan).select_related("organization", "item", "raised_by")
    return difficulty_policy.visible(request.user, qs)


@guarded_by(plan_policy)
@login_required
def difficulty_list(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    plan_policy.require(request.user, "view", plan)
    qs = _visible(request, plan)
    filters = FilterForm(request.GET or None)
    if filters.is_bound and filters.is_valid() and filters.cleaned_data["status"]:
        qs = qs.filter(status=filters.cleaned_data["status"])
    if request.GET.get("format") == "xlsx":
        return _xlsx(plan, qs)
    export_query = querystring_without(request, "page", "format")
    context = {
        "plan": plan,
        "filters": filters,
        "page": paginate(request, qs),
        "query": querystring_without(request, "page"),
        "export_query": f"{export_query}&format=xlsx" if export_query else "format=xlsx",
        "can_raise": difficulty_policy.can(request.user, "raise"),
    }
    return render(request, "plans/difficulty_list.html", context)


def _xlsx(plan: Plan, qs: Any) -> HttpResponse:
    from khcn.exports.responses import dated_filename, xlsx_response
    from khcn.exports.xlsx import table_to_xlsx

    headers = [
        _("No."),
        _("Raised at"),
        _("Agency"),
        _("Plan item"),
        _("Difficulty or obstacle"),
        _("Proposal"),
        _("Status"),
        _("Response"),
        _("Answered at"),
    ]
    rows = (
        [
            n,
            d.raised_at,
            d.organization.name,
            display_path(d.item.path) if d.item else "",
            d.text,
            d.proposal,
            d.get_status_display(),
            d.response,
            d.answered_at,
        ]
        for n, d in enumerate(qs.iterator(chunk_size=500), start=1)
    )
    title = _("Difficulties and obstacles")
    data = table_to_xlsx(
        title=f"{title} — {plan.number or plan.title[:80]}", headers=headers, rows=rows, sheet_name=title
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "difficulties"), "xlsx"))


@guarded_by(difficulty_policy)
@login_required
def difficulty_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    difficulty_policy.require(request.user, "raise")
    organizations = Organization.objects.filter(
        pk__in=organization_ids_of(request.user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)
    ).order_by("name_sort")
    form = DifficultyForm(request.POST or None, plan=plan, organizations=organizations)
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
def difficulty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = get_object_or_404(
        Difficulty.objects.select_related("plan", "organization", "item", "raised_by", "answered_by"), pk=pk
    )
    difficulty_policy.require(request.user, "view", difficulty)
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
                    difficulty.refresh_from_db()
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
