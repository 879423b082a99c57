"""Agency registry pages. Thin: parse input, ask the policy, call selectors and services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.accounts.types import AuthenticatedRequest
from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by
from khcn.core.concurrency import STALE_VERSION, stale_form
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import is_confirmed, paginate, querystring_without
from khcn.organizations import services
from khcn.organizations.forms import (
    AliasForm,
    FilterForm,
    MergeForm,
    OrganizationForm,
    RenameForm,
    ResolveForm,
    SplitForm,
)
from khcn.organizations.models import Organization
from khcn.organizations.permissions import organization_policy
from khcn.organizations.selectors import (
    alias_get,
    organization_get,
    organization_list,
    organization_resolve,
    organization_successors,
)


def _filtered(request: AuthenticatedRequest) -> tuple[FilterForm, Any]:
    form = FilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "kind": data["kind"],
            "status": data["status"] or "active",
            "as_of": data["as_of"],
        }
    return form, organization_list(user=request.user, **filters)


@guarded_by(organization_policy)
@login_required
def organization_list_view(request: AuthenticatedRequest) -> HttpResponse:
    organization_policy.require(request.user, "view")
    form, qs = _filtered(request)
    page = paginate(request, qs)
    context = {
        "form": form,
        "page": page,
        "query": querystring_without(request, "page"),
        "can_add": organization_policy.can(request.user, "add"),
        "can_restructure": organization_policy.can(request.user, "restructure"),
        "resolve_form": ResolveForm(),
    }
    return render(request, "organizations/organization_list.html", context)


@guarded_by(organization_policy)
@login_required
def organization_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    organization_policy.require(request.user, "export")
    if fmt not in ("xlsx", "docx"):
        raise Http404
    from khcn.organizations import exports  # loads python-docx/openpyxl only when exporting

    _form, qs = _filtered(request)
    if fmt == "xlsx":
        return exports.organizations_xlsx(qs)
    return exports.organizations_docx(qs, actor=request.user)


@guarded_by(organization_policy)
@login_required
def organization_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    org = organization_get(user=request.user, pk=pk)
    tab = request.GET.get("tab", "overview")
    context: dict[str, Any] = {
        "org": org,
        "tab": tab,
        "can_change": organization_policy.can(request.user, "change", org),
        "can_restructure": organization_policy.can(request.user, "restructure", org) and org.valid_to is None,
        "current": organization_successors(org) if org.valid_to else [],
    }
    if tab == "history":
        context["history"] = history_for(org)
    else:
        context["alias_form"] = AliasForm()
    return render(request, "organizations/organization_detail.html", context)


@guarded_by(organization_policy)
@login_required
def organization_create(request: AuthenticatedRequest) -> HttpResponse:
    organization_policy.require(request.user, "add")
    # ?name= prefills the name (from a plan's unmapped agency names); ?next= returns there.
    initial = {"name": request.GET.get("name", "")[:255]} if request.method == "GET" else None
    form = OrganizationForm(request.POST or None, initial=initial)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The agency was created."))
            return redirect(back or org.get_absolute_url())
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "title": _("Add an agency"), "next": back},
    )


@guarded_by(organization_policy)
@login_required
def organization_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    org = organization_get(user=request.user, pk=pk)
    organization_policy.require(request.user, "change", org)
    initial = {f: getattr(org, f) for f in services.EDITABLE_FIELDS}
    form = OrganizationForm(request.POST or None, initial={**initial, "version": org.version}, editing=True)
    if request.method == "POST" and form.is_valid():
        fields = services.EDITABLE_FIELDS
        changed = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data and k in fields}
        try:
            services.organization_update(
                actor=request.user, organization=org, version=form.cleaned_data["version"], **changed
            )
        except DomainError as exc:
            if exc.code == STALE_VERSION:
                # Keep this user's input; say what the other person saved, field by field; the
                # form now carries the current version, so saving again is a knowing choice.
                form = stale_form(
                    form,
                    lambda data, initial: OrganizationForm(data, initial=initial, editing=True),
                    org,
                    fields,
                    exc.message,
                )
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(org)
    title = _("Edit %(name)s") % {"name": org.name}
    return render(request, "organizations/organization_form.html", {"form": form, "title": title, "org": org})


@guarded_by(organization_policy)
@login_required
@require_POST
def alias_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    org = organization_get(user=request.user, pk=pk)
    organization_policy.require(request.user, "change", org)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            services.organization_alias_add(actor=request.user, organization=org, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The name was added."))
    else:
        messages.error(request, _("Please enter a valid name."))
    return redirect(org)


@guarded_by(organization_policy)
@login_required
@require_POST
def alias_remove(request: AuthenticatedRequest, pk: int, alias_pk: int) -> HttpResponse:
    org = organization_get(user=request.user, pk=pk)
    alias = alias_get(organization=org, pk=alias_pk)
    try:
        services.organization_alias_remove(actor=request.user, alias=alias)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The name was removed."))
    return redirect(org)


def _confirm_or_run(
    request: HttpRequest, form: Any, *, template_context: dict[str, Any], run: Any, summary: list[str]
) -> HttpResponse | None:
    """Two steps for restructuring: a valid form first shows ``summary`` for confirmation;
    the confirmed POST runs the service. Returns a response, or None to re-show the form."""
    if not is_confirmed(request):
        return render(
            request, "organizations/confirm.html", {**template_context, "form": form, "summary": summary}
        )
    try:
        result = run()
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None
    return result


@guarded_by(organization_policy)
@login_required
def organization_rename(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    org = organization_get(user=request.user, pk=pk)
    organization_policy.require(request.user, "restructure", org)
    form = RenameForm(
        request.POST or None, initial={"date": timezone.localdate(), "new_short_name": org.short_name}
    )
    context = {"org": org, "title": _("Rename %(name)s") % {"name": org.name}, "action_label": _("Rename")}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def run() -> HttpResponse:
            services.organization_rename(
                actor=request.user,
                organization=org,
                new_name=data["new_name"],
                date=data["date"],
                new_short_name=data["new_short_name"],
                decision=data["decision"],
            )
            messages.success(request, _("The agency was renamed."))
            return redirect(org)

        summary = [
            _("“%(old)s” will be called “%(new)s” from %(date)s.")
            % {"old": org.name, "new": data["new_name"], "date": data["date"].strftime("%d/%m/%Y")},
            _("The old name stays on record and still finds this agency for earlier dates."),
        ]
        response = _confirm_or_run(request, form, template_context=context, run=run, summary=summary)
        if response is not None:
            return response
    return render(request, "organizations/organization_form.html", {**context, "form": form})


@guarded_by(organization_policy)
@login_required
def organization_merge(request: AuthenticatedRequest) -> HttpResponse:
    organization_policy.require(request.user, "restructure")
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if request.GET.get("source"):
        initial["sources"] = [s for s in request.GET.getlist("source") if s.isdigit()]
    form = MergeForm(request.POST or None, initial=initial)
    context = {"title": _("Merge agencies"), "action_label": _("Merge")}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = None
        if data["new_name"]:
            new = services.NewOrganization(
                name=data["new_name"], kind=data["new_kind"] or data["sources"][0].kind
            )

        def run() -> HttpResponse:
            target = services.organization_merge(
                actor=request.user,
                sources=list(data["sources"]),
                date=data["date"],
                target=data["target"],
                new=new,
                decision=data["decision"],
            )
            messages.success(request, _("The agencies were merged."))
            return redirect(target)

        into = data["target"].name if data["target"] else data["new_name"]
        summary = [
            _("“%(source)s” ends on %(end)s and is merged into “%(target)s”.")
            % {
                "source": s.name,
                "end": (data["date"] - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
                "target": into,
            }
            for s in data["sources"]
        ]
        if new is not None:
            summary.append(
                _("A new agency “%(name)s” is established on %(date)s.")
                % {"name": new.name, "date": data["date"].strftime("%d/%m/%Y")}
            )
        summary.append(_("Units under the merged agencies move to the receiving agency."))
        response = _confirm_or_run(request, form, template_context=context, run=run, summary=summary)
        if response is not None:
            return response
    return render(request, "organizations/organization_form.html", {**context, "form": form})


@guarded_by(organization_policy)
@login_required
def organization_split(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    org = organization_get(user=request.user, pk=pk)
    organization_policy.require(request.user, "restructure", org)
    form = SplitForm(request.POST or None, organization=org, initial={"date": timezone.localdate()})
    context = {
        "org": org,
        "title": _("Split or abolish %(name)s") % {"name": org.name},
        "action_label": _("Split"),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parts: list[Organization | services.NewOrganization] = list(data["existing"])
        parts += [
            services.NewOrganization(name=n, kind=data["new_kind"] or org.kind, parent=org.parent)
            for n in data["new_names"]
        ]

        def run() -> HttpResponse:
            services.organization_split(
                actor=request.user,
                organization=org,
                parts=parts,
                date=data["date"],
                decision=data["decision"],
            )
            messages.success(request, _("The agency was split; its duties now go to its successors."))
            return redirect(org)

        summary = [
            _("“%(name)s” ends on %(end)s.")
            % {"name": org.name, "end": (data["date"] - dt.timedelta(days=1)).strftime("%d/%m/%Y")},
            *[_("Its duties go to “%(name)s”.") % {"name": getattr(p, "name", "")} for p in parts],
        ]
        response = _confirm_or_run(request, form, template_context=context, run=run, summary=summary)
        if response is not None:
            return response
    return render(request, "organizations/organization_form.html", {**context, "form": form})


@guarded_by(organization_policy)
@login_required
def organization_resolve_view(request: AuthenticatedRequest) -> HttpResponse:
    organization_policy.require(request.user, "view")
    form = ResolveForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        result = organization_resolve(form.cleaned_data["name"], as_of=form.cleaned_data["as_of"])
    return render(request, "organizations/organization_resolve.html", {"form": form, "result": result})
