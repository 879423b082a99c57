"""Agency names the import could not resolve: the DOST maps each to one registry agency (and
may keep the name as an alias, so the next plan resolves it) or to several (a group such as
"UBND các huyện, thành phố": each agency gets its own copy of the assignments)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.text import fold
from khcn.organizations.models import Organization
from khcn.organizations.permissions import organization_policy
from khcn.organizations.selectors import organization_group_members, organization_resolve
from khcn.plans import services
from khcn.plans.models import Assignment, Plan
from khcn.plans.paths import display_path
from khcn.plans.permissions import plan_policy
from khcn.plans.selectors import plan_get


class AgencyMapForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    candidates = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Suggested agencies"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.ModelChoiceField(
        label=gettext_lazy("Another agency"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label="—",
    )
    remember = forms.BooleanField(
        label=gettext_lazy("Remember this name as another name of the agency"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Plans imported later will then recognise it (only when one agency is chosen)."
        ),
    )

    def __init__(self, *args: Any, candidates: list[Organization], active: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidate_field: Any = self.fields["candidates"]
        candidate_field.queryset = Organization.objects.filter(pk__in=[o.pk for o in candidates])
        other_field: Any = self.fields["other"]
        other_field.queryset = active

    def chosen(self) -> list[Organization]:
        data = self.cleaned_data
        chosen = list(data.get("candidates") or [])
        if data.get("other") is not None:
            chosen.append(data["other"])
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("candidates") and data.get("other") is None:
            raise forms.ValidationError(_("Choose at least one agency."))
        return data


@dataclass
class Unresolved:
    name: str
    count: int
    paths: list[str]
    form: AgencyMapForm
    candidates: list[Organization] = field(default_factory=list)
    is_group: bool = False


def _unresolved(plan: Plan, active: Any, bound: tuple[str, Any] | None = None) -> list[Unresolved]:
    rows = (
        Assignment.objects.filter(item__plan=plan, organization__isnull=True, is_open=True)
        .values("agency_name")
        .annotate(n=Count("id"))
        .order_by()
    )
    paths: dict[str, list[str]] = {}
    for name, path in (
        Assignment.objects.filter(item__plan=plan, organization__isnull=True, is_open=True)
        .order_by("item__position")
        .values_list("agency_name", "item__path")
    ):
        shown = display_path(path)
        if shown not in paths.setdefault(name, []):
            paths[name].append(shown)
    out: list[Unresolved] = []
    for row in sorted(rows, key=lambda r: fold(r["agency_name"])):
        name = row["agency_name"]
        group = organization_group_members(name)
        if group:
            candidates = group
        else:
            resolution = organization_resolve(name, as_of=plan.issued_on)
            candidates = [
                o for o in dict.fromkeys([*resolution.current, *resolution.candidates]) if o.is_active
            ]
        data = bound[1] if bound and bound[0] == name else None
        form = AgencyMapForm(
            data,
            candidates=candidates,
            active=active,
            prefix=f"a{len(out)}",
            initial={
                "name": name,
                # A group means each of its agencies; an ambiguous name, one of them to pick.
                "candidates": candidates if group else candidates[:1] if len(candidates) == 1 else [],
                "remember": not group,
            },
        )
        if data is not None:
            form.is_valid()
        out.append(Unresolved(name, row["n"], paths.get(name, []), form, candidates, bool(group)))
    return out


@guarded_by(plan_policy)
@login_required
def plan_agencies(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get(user=request.user, pk=pk)
    plan_policy.require(request.user, "change", plan)
    active = Organization.objects.filter(valid_to__isnull=True).order_by("name_sort")
    bound = None
    if request.method == "POST":
        prefix = request.POST.get("prefix", "")
        name = request.POST.get(f"{prefix}-name", "")
        rows = {r.name: r for r in _unresolved(plan, active)}
        row = rows.get(name)
        if row is None:
            messages.info(request, _("This name has already been mapped."))
            return redirect("plans:plan_agencies", pk=plan.pk)
        form = AgencyMapForm(request.POST, candidates=row.candidates, active=active, prefix=prefix)
        if form.is_valid():
            try:
                count = services.agency_map(
                    actor=request.user,
                    plan=plan,
                    agency_name=name,
                    organizations=form.chosen(),
                    remember=form.cleaned_data["remember"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("“%(name)s”: %(count)s assignments now go to %(agencies)s.")
                    % {"name": name, "count": count, "agencies": ", ".join(o.name for o in form.chosen())},
                )
                return redirect("plans:plan_agencies", pk=plan.pk)
        bound = (name, request.POST)
    context = {
        "plan": plan,
        "rows": _unresolved(plan, active, bound),
        "can_add_agency": organization_policy.can(request.user, "add"),
    }
    return render(request, "plans/plan_agencies.html", context)
