"""Experts registry pages. Thin: parse input, ask the policy, call selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.accounts.types import AuthenticatedRequest
from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by
from khcn.core.concurrency import STALE_VERSION, stale_form
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without
from khcn.experts import imports, selectors, services
from khcn.experts.filters import ExpertFilter
from khcn.experts.forms import (
    AffiliationForm,
    ExpertForm,
    ImportUploadForm,
    MappingForm,
    RelativeForm,
    SanctionForm,
    SuggestForm,
)
from khcn.experts.permissions import expert_policy


def _filtered(request: AuthenticatedRequest) -> ExpertFilter:
    return ExpertFilter(request.GET or None, queryset=selectors.expert_list(user=request.user))


@guarded_by(expert_policy)
@login_required
def expert_list(request: AuthenticatedRequest) -> HttpResponse:
    expert_policy.require(request.user, "view")
    filterset = _filtered(request)
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page": page,
        "query": querystring_without(request, "page"),
        "can_add": expert_policy.can(request.user, "add"),
        "can_export": expert_policy.can(request.user, "export"),
        "is_staff": expert_policy.can(request.user, "import"),
        "can_suggest": expert_policy.can(request.user, "suggest"),
    }
    return render(request, "experts/expert_list.html", context)


@guarded_by(expert_policy)
@login_required
def expert_export(request: AuthenticatedRequest) -> HttpResponse:
    expert_policy.require(request.user, "export")
    from khcn.experts import exports  # loads openpyxl only when exporting

    return exports.experts_xlsx(_filtered(request).qs)


@guarded_by(expert_policy)
@login_required
def expert_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    tab = request.GET.get("tab", "overview")
    can_change = expert_policy.can(request.user, "change", expert)
    context: dict[str, Any] = {
        "expert": expert,
        "tab": tab,
        "can_change": can_change,
        "can_private": expert_policy.can(request.user, "view_private", expert),
        "can_sanction": can_change and expert_policy.can(request.user, "add"),
    }
    if tab == "history" and context["can_private"]:
        context["history"] = history_for(expert)
    elif can_change:
        context["affiliation_form"] = AffiliationForm()
        context["relative_form"] = RelativeForm(
            experts=selectors.relative_choices(user=request.user, expert=expert)
        )
        if context["can_sanction"]:
            context["sanction_form"] = SanctionForm()
    return render(request, "experts/expert_detail.html", context)


@guarded_by(expert_policy)
@login_required
def expert_create(request: AuthenticatedRequest) -> HttpResponse:
    expert_policy.require(request.user, "add")
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            expert = services.expert_create(actor=request.user, fields=data.pop("terms"), **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The expert was added."))
            return redirect(expert)
    return render(request, "experts/expert_form.html", {"form": form, "title": _("Add an expert")})


@guarded_by(expert_policy)
@login_required
def expert_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    expert_policy.require(request.user, "change", expert)
    initial = {f: getattr(expert, f) for f in services.EDITABLE_FIELDS}
    initial["terms"] = list(expert.fields.all())
    form = ExpertForm(request.POST or None, initial={**initial, "version": expert.version}, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = {k: v for k, v in data.items() if k in form.changed_data and k in services.EDITABLE_FIELDS}
        try:
            services.expert_update(
                actor=request.user,
                expert=expert,
                version=data["version"],
                fields=data["terms"] if "terms" in form.changed_data else None,
                **changed,
            )
        except DomainError as exc:
            if exc.code == STALE_VERSION:
                form = stale_form(
                    form,
                    lambda d, i: ExpertForm(d, initial=i, editing=True),
                    expert,
                    [f for f in services.EDITABLE_FIELDS if f not in services.PRIVATE_FIELDS],
                    exc.message,
                )
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(expert)
    title = _("Edit %(name)s") % {"name": expert.full_name}
    return render(request, "experts/expert_form.html", {"form": form, "title": title, "expert": expert})


def _add_part(
    request: AuthenticatedRequest,
    expert: Any,
    form: Any,
    write: Callable[..., Any],
    success: str,
    invalid: str | None = None,
) -> HttpResponse:
    """A part of the profile posted from its page (an affiliation, a sanction, a relative):
    written through ``write(actor=, expert=, **cleaned_data)``, the outcome said in a message,
    back to the profile. ``invalid``: the message for a form that does not validate (else the
    form's own errors)."""
    if form.is_valid():
        try:
            write(actor=request.user, expert=expert, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success)
    else:
        messages.error(
            request, invalid or " ".join(str(e) for errors in form.errors.values() for e in errors)
        )
    return redirect(expert)


@guarded_by(expert_policy)
@login_required
@require_POST
def affiliation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    expert_policy.require(request.user, "change", expert)
    return _add_part(
        request,
        expert,
        AffiliationForm(request.POST),
        services.affiliation_add,
        _("The affiliation was added."),
    )


@guarded_by(expert_policy)
@login_required
@require_POST
def sanction_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    expert_policy.require(request.user, "add")
    return _add_part(
        request,
        expert,
        SanctionForm(request.POST),
        services.sanction_add,
        _("The sanction was recorded."),
        _("Please give the reason and the start date (dd/mm/yyyy)."),
    )


@guarded_by(expert_policy)
@login_required
@require_POST
def relative_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    expert_policy.require(request.user, "change", expert)
    form = RelativeForm(request.POST, experts=selectors.relative_choices(user=request.user, expert=expert))
    return _add_part(
        request,
        expert,
        form,
        services.relative_add,
        _("The relative was declared."),
        _("Choose the relation and the relative."),
    )


@guarded_by(expert_policy)
@login_required
@require_POST
def relative_remove(request: AuthenticatedRequest, pk: int, relative_pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    expert_policy.require(request.user, "change", expert)
    row = selectors.relative_get(expert=expert, pk=relative_pk)
    services.relative_remove(actor=request.user, row=row)
    messages.success(request, _("The relative was removed."))
    return redirect(expert)


@guarded_by(expert_policy)
@login_required
def expert_suggest(request: AuthenticatedRequest) -> HttpResponse:
    """ "Suggest experts for this": a text and fields in, experts ranked out, those with a
    conflict of interest set apart with the reason."""
    expert_policy.require(request.user, "suggest")
    form = SuggestForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        result = selectors.expert_suggest(
            user=request.user,
            text=data["text"],
            fields=data["terms"],
            organizations=[data["organization"]] if data["organization"] else [],
            organization_names=[data["organization_name"]] if data["organization_name"] else [],
            people=data["people"].splitlines(),
            as_of=data["as_of"],
        )
    return render(request, "experts/expert_suggest.html", {"form": form, "result": result})


# --- Import from Excel: upload, map the columns, preview, confirm ---------------------------

SESSION_KEY = "experts_import"
MAX_IMPORT_BYTES = 5 * 1024 * 1024


@guarded_by(expert_policy)
@login_required
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    expert_policy.require(request.user, "import")
    from khcn.experts import exports

    return exports.import_template()


@guarded_by(expert_policy)
@login_required
def import_start(request: AuthenticatedRequest) -> HttpResponse:
    expert_policy.require(request.user, "import")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from khcn.core.uploads import check_upload

        try:
            upload = check_upload(form.cleaned_data["file"], kinds=("xlsx",), max_bytes=MAX_IMPORT_BYTES)
            sheet = imports.read_workbook(upload.data)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            request.session[SESSION_KEY] = {
                "sheet": sheet.as_data(),
                "mapping": imports.guess_mapping(sheet.headers),
                "name": upload.name,
            }
            return redirect("experts:import_map")
    return render(request, "experts/import_start.html", {"form": form})


def _draft(request: AuthenticatedRequest) -> dict[str, Any] | None:
    draft = request.session.get(SESSION_KEY)
    return draft if isinstance(draft, dict) and "sheet" in draft else None


@guarded_by(expert_policy)
@login_required
def import_map(request: AuthenticatedRequest) -> HttpResponse:
    expert_policy.require(request.user, "import")
    draft = _draft(request)
    if draft is None:
        messages.info(request, _("Upload a file first."))
        return redirect("experts:import_start")
    sheet = imports.Sheet.from_data(draft["sheet"])
    initial = {k: "" if v is None else str(v) for k, v in draft["mapping"].items()}
    form = MappingForm(request.POST or None, headers=sheet.headers, targets=imports.TARGETS, initial=initial)
    if request.method == "POST" and form.is_valid():
        draft["mapping"] = form.mapping()
        request.session[SESSION_KEY] = draft
        return redirect("experts:import_preview")
    sample = [cells for _n, cells in sheet.rows[:3]]
    return render(
        request,
        "experts/import_map.html",
        {
            "form": form,
            "headers": sheet.headers,
            "sample": sample,
            "name": draft.get("name", ""),
            "total": len(sheet.rows),
        },
    )


@guarded_by(expert_policy)
@login_required
def import_preview(request: AuthenticatedRequest) -> HttpResponse:
    """The rows as they would be imported, each with its problems and its match; nothing is
    written until the confirmation (POST), which checks everything again."""
    expert_policy.require(request.user, "import")
    draft = _draft(request)
    if draft is None:
        messages.info(request, _("Upload a file first."))
        return redirect("experts:import_start")
    sheet = imports.Sheet.from_data(draft["sheet"])
    try:
        preview = imports.preview(sheet, draft["mapping"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("experts:import_map")
    error = ""
    decisions = {r.number: request.POST.get(f"row-{r.number}", "") for r in preview.reviews}
    for row in preview.reviews:
        row.decision = decisions[row.number]
    counts = {
        "new": preview.count(imports.NEW),
        "update": preview.count(imports.UPDATE),
        "review": len(preview.reviews),
        "errors": preview.errors,
    }
    if request.method == "POST":
        try:
            counts = services.expert_import(actor=request.user, preview=preview, decisions=decisions)
        except DomainError as exc:
            error = exc.message
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _("Import done: %(created)d experts added, %(updated)d updated.") % counts,
            )
            return redirect("experts:list")
    return render(
        request,
        "experts/import_preview.html",
        {"preview": preview, "error": error, "counts": counts, "name": draft.get("name", "")},
    )
