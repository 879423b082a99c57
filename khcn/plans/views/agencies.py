"""Agency names the import could not resolve: the DOST maps each to one registry agency (and
may keep the name as an alias, so the next plan resolves it) or to several (a group such as
"UBND các huyện, thành phố": each agency gets its own copy of the assignments)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.organizations.models import Organization
from khcn.organizations.permissions import organization_policy
from khcn.organizations.selectors import organization_choices
from khcn.plans import selectors, services
from khcn.plans.forms import AgencyMapForm
from khcn.plans.models import Plan
from khcn.plans.permissions import plan_policy


def _held_text(held: list[tuple[str, str]]) -> str:
    """ "lead: IV.1; coordinate: IV.4" — what an agency already has among a name's items."""
    by_role: dict[str, list[str]] = {}
    for path, role in held:
        by_role.setdefault(role, []).append(path)
    return "; ".join(
        f"{selectors.duties.role_label(role).lower()}: {', '.join(paths)}" for role, paths in by_role.items()
    )


def _forms(
    plan: Plan,
    rows: list[selectors.Unresolved],
    active: QuerySet[Organization],
    bound: tuple[str, QueryDict] | None = None,
) -> list[dict[str, Any]]:
    """Each unresolved name with its form (the one just posted keeps the user's input). An
    agency that already has every item of the name (the lead of an item whose coordinators are
    "các sở, ban, ngành") is not ticked: it would get no second assignment (one agency, one
    role, one line per item)."""
    out = []
    held_by_name = selectors.roles_held(plan, [row.name for row in rows])
    for n, row in enumerate(rows):
        data = bound[1] if bound and bound[0] == row.name else None
        held = held_by_name[row.name]
        items = len(row.paths)
        free = [o for o in row.candidates if len({p for p, _r in held.get(o.pk, [])}) < items]
        form = AgencyMapForm(
            data,
            candidates=row.candidates,
            active=active,
            prefix=f"a{n}",
            initial={
                "name": row.name,
                # A group means each of its agencies; an ambiguous name, one of them to pick.
                "candidates": free if row.is_group else free[:1] if len(row.candidates) == 1 else [],
                "remember": not row.is_group,
            },
        )
        if data is not None:
            form.is_valid()
        notes = {pk: _held_text(found) for pk, found in held.items()}
        choices = [(choice, notes.get(int(str(choice.data["value"])), "")) for choice in form["candidates"]]
        out.append({"row": row, "form": form, "choices": choices, "held": notes})
    return out


@guarded_by(plan_policy)
@login_required
def plan_agencies(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_head(user=request.user, pk=pk)
    plan_policy.require(request.user, "change", plan)
    active = organization_choices(user=request.user)
    rows = selectors.unresolved_names(user=request.user, plan=plan)
    bound = None
    if request.method == "POST":
        prefix = request.POST.get("prefix", "")
        name = request.POST.get(f"{prefix}-name", "")
        row = next((r for r in rows if r.name == name), None)
        if row is None:
            messages.info(request, _("This name has already been mapped."))
            return redirect("plans:plan_agencies", pk=plan.pk)
        form = AgencyMapForm(request.POST, candidates=row.candidates, active=active, prefix=prefix)
        if form.is_valid():
            held = selectors.roles_held(plan, [name])[name]
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
                kept = [f"{o.name} ({_held_text(held[o.pk])})" for o in form.chosen() if o.pk in held]
                if kept:
                    messages.info(
                        request,
                        _(
                            "No second assignment for agencies that already had the item (one agency, "
                            "one role): %(agencies)s."
                        )
                        % {"agencies": "; ".join(kept)},
                    )
                return redirect("plans:plan_agencies", pk=plan.pk)
        bound = (name, request.POST)
    context = {
        "plan": plan,
        "rows": _forms(plan, rows, active, bound),
        "can_add_agency": organization_policy.can(request.user, "add"),
    }
    return render(request, "plans/plan_agencies.html", context)
