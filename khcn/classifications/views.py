"""Classification pages: the schemes and their codes; a plan's priority fields taken from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khcn.accounts.types import AuthenticatedRequest
from khcn.classifications import selectors, services
from khcn.classifications.forms import PriorityFromPlanForm
from khcn.classifications.models import Term
from khcn.classifications.permissions import scheme_policy
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.plans.permissions import plan_policy
from khcn.plans.selectors.plans import plan_list


@guarded_by(scheme_policy)
@login_required
def scheme_list(request: AuthenticatedRequest) -> HttpResponse:
    scheme_policy.require(request.user, "view")
    schemes = selectors.scheme_list(user=request.user).prefetch_related(
        Prefetch("terms", queryset=Term.objects.order_by("ordering", "code"))
    )
    return render(
        request,
        "classifications/scheme_list.html",
        {"schemes": schemes, "can_add": scheme_policy.can(request.user, "add")},
    )


@guarded_by(scheme_policy, plan_policy)
@login_required
def priority_create(request: AuthenticatedRequest) -> HttpResponse:
    scheme_policy.require(request.user, "add")
    plans = plan_list(user=request.user)
    data = request.POST or request.GET or None
    plan = None
    if data and str(data.get("plan", "")).isdigit():
        plan = plans.filter(pk=int(data["plan"])).first()
    items = selectors.plan_item_choices(plan=plan) if plan is not None else Term.objects.none()
    form = PriorityFromPlanForm(data, plans=plans, items=items, initial={"plan": plan})
    if request.method == "POST" and form.is_valid():
        item = form.cleaned_data["item"]
        if item is None:
            form.add_error("item", _("Choose the item whose sub-items are the fields."))
        else:
            try:
                scheme = services.priority_scheme_from_plan(
                    actor=request.user, plan=form.cleaned_data["plan"], item=item
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("%(count)d fields were taken from the plan.") % {"count": scheme.terms.count()}
                )
                return redirect("classifications:scheme_list")
    return render(request, "classifications/priority_form.html", {"form": form, "plan": plan})
