"""Pages of the tasks: the ordering list's decision, the register and a task."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without
from khcn.exports.responses import dated_filename, file_response, xlsx_response
from khcn.exports.xlsx import table_to_xlsx
from khcn.research import selectors, services
from khcn.research.choices import Method, Regime, TaskState, TaskType
from khcn.research.forms import OrderListForm, OrderMethodsForm, issuer_for
from khcn.research.models import OrderList
from khcn.research.permissions import task_policy

# --- The ordering list and the register of tasks ----------------------------------------------------


@guarded_by(task_policy)
@login_required
def order_list(request: AuthenticatedRequest, call_pk: int) -> HttpResponse:
    """The DOST records the decision approving a call's ordering list: a task opens for each
    proposal the identification council put on it."""
    task_policy.require(request.user, "manage")
    call = selectors.call_get(user=request.user, pk=call_pk)
    existing = OrderList.objects.filter(call=call).first()
    proposals = list(selectors.ordered_proposals(call))
    form = OrderListForm(request.POST or None, request.FILES or None)
    issuer_for(
        form.fields["issuer"],
        decides=task_policy.can(request.user, "decide"),
        default=services.default_issuer(None, services.ORDER_LIST),
    )
    choices = OrderMethodsForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and existing is None and form.is_valid() and choices.is_valid():
        methods, types = choices.choices_made()
        data = form.cleaned_data
        try:
            services.order_list_approve(
                actor=request.user,
                call=call,
                number=data["number"],
                decided_on=data["decided_on"],
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                issuer=data["issuer"],
                methods=methods,
                types=types,
                file=data["file"] or None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The ordering list is approved: its tasks are in the register."))
            return redirect(f"{reverse('research:task_list')}?year={data['decided_on'].year}")
    return render(
        request,
        "research/order_list.html",
        {"call": call, "form": form, "choices": choices, "existing": existing, "proposals": proposals},
    )


@guarded_by(task_policy)
@login_required
def order_list_file(request: AuthenticatedRequest, call_pk: int) -> HttpResponse:
    task_policy.require(request.user, "manage")
    call = selectors.call_get(user=request.user, pk=call_pk)
    decision = get_object_or_404(OrderList, call=call)
    if not decision.file:
        raise Http404
    try:
        with decision.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    return file_response(data, decision.file_name or "quyet-dinh.pdf", "application/pdf")


def _tasks(request: AuthenticatedRequest) -> Any:
    get = request.GET
    return selectors.task_list(
        user=request.user,
        state=get.get("state", "") if get.get("state", "") in TaskState.values else "",
        regime=get.get("regime", "") if get.get("regime", "") in Regime.values else "",
        year=int(get["year"]) if get.get("year", "").isdigit() else None,
        field=int(get["field"]) if get.get("field", "").isdigit() else None,
        plan_item=int(get["plan_item"]) if get.get("plan_item", "").isdigit() else None,
        figure=get.get("figure", ""),
        during=int(get["during"]) if get.get("during", "").isdigit() else None,
        todo=get.get("todo", ""),
    )


def _figure_filter(request: AuthenticatedRequest) -> dict[str, str] | None:
    """The dashboard's figure (or plan item) the register is filtered by: its label, and the
    register's query without it."""
    from khcn.research.selectors.dashboard import figure_label

    get = request.GET
    during = int(get["during"]) if get.get("during", "").isdigit() else None
    labels = [figure_label(get.get("figure", ""), during)]
    if get.get("plan_item", "").isdigit():
        from khcn.plans.models import PlanItem

        item = PlanItem.objects.filter(pk=int(get["plan_item"])).only("path", "heading", "text").first()
        labels.append(str(item) if item is not None else "")
    label = " · ".join(x for x in labels if x)
    if not label:
        return None
    return {"label": label, "clear": querystring_without(request, "page", "figure", "during", "plan_item")}


@guarded_by(task_policy)
@login_required
def task_list(request: AuthenticatedRequest) -> HttpResponse:
    """The register of S&T tasks, filtered by state, regime, year and field."""
    task_policy.require(request.user, "view")
    from khcn.classifications.selectors import field_terms

    return render(
        request,
        "research/task_list.html",
        {
            "page": paginate(request, _tasks(request)),
            "query": querystring_without(request, "page"),
            "states": TaskState.choices,
            "regimes": Regime.choices,
            "terms": field_terms(),
            "filters": request.GET,
            "figure": _figure_filter(request),
            "can_manage": task_policy.can(request.user, "manage"),
        },
    )


@guarded_by(task_policy)
@login_required
def task_export(request: AuthenticatedRequest) -> HttpResponse:
    task_policy.require(request.user, "view")
    # The choices' labels translated once, not per row (``get_FOO_display`` on lazy labels
    # took 2 ms a task: 10 s for 5,000, bench/research_bench.py).
    types, methods, regimes, states = (
        {value: str(label) for value, label in choices.choices}
        for choices in (TaskType, Method, Regime, TaskState)
    )
    rows = [
        [
            t.code,
            t.title,
            types.get(t.type, t.type),
            "; ".join(f"{f.code} {f.name}" for f in t.fields.all()),
            t.host_label,
            t.investigator,
            methods.get(t.method, t.method),
            regimes.get(t.regime, t.regime),
            states.get(t.state, t.state),
            t.ordered_on,
            t.budget_state,
            t.budget_other,
        ]
        for t in _tasks(request)[:20000]
    ]
    data = table_to_xlsx(
        title=_("Register of S&T tasks"),
        headers=[
            _("Code"),
            _("Title"),
            _("Type"),
            _("Fields"),
            _("Host organisation"),
            _("Principal investigator"),
            _("How the host is chosen"),
            _("Regime"),
            _("State"),
            _("Ordered on"),
            _("State budget (VND)"),
            _("Other sources (VND)"),
        ],
        rows=rows,
        sheet_name=_("S&T tasks"),
        money_columns=(10, 11),
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "S&T tasks"), "xlsx"))
