"""The library's pages: the public search with facets, a record's page (a tombstone once
withdrawn), its files through the policy (a restricted file's download audited), depositing and
correcting a record, its files, the deposit workflow, the curators' queue, the collections.
Thin: parse input, ask the policies, call services."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.accounts.types import AuthenticatedRequest
from khcn.audit import registry as audit
from khcn.audit.selectors import history_for
from khcn.audit.services import record as audit_record
from khcn.core.access import guarded_by, public
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate, querystring_without
from khcn.exports.responses import stored_file_response
from khcn.library import forms as f
from khcn.library import preview as library_preview
from khcn.library import selectors, services
from khcn.library.choices import Access, RecordStatus
from khcn.library.models import Collection, Record, Usage
from khcn.library.permissions import collection_policy, record_policy
from khcn.library.selectors.usage import usage_totals
from khcn.library.services.usage import usage_count
from khcn.library.views.public import citation_meta
from khcn.library.workflow import RECORD_WORKFLOW

RESTRICTED_DOWNLOAD = audit.register("library.record.download", _("Restricted file downloaded"))


@public
def record_list(request: Any) -> HttpResponse:
    """The public search: a query over the text and the facets."""
    qs, ranked = selectors.record_search(user=request.user, params=request.GET)
    rows = qs.select_related("collection").prefetch_related("authors")
    if ranked is not None:
        # Best first: the ids are paged, then only the page's records are read.
        kept = set(qs.values_list("pk", flat=True))
        page = paginate(request, [pk for pk in ranked if pk in kept])
        by_pk = {r.pk: r for r in rows.filter(pk__in=list(page.object_list))}
        page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    else:
        page = paginate(request, rows.order_by("-issued_year", "-pk"))
    chosen = {k: request.GET[k] for k in selectors.FACETS if request.GET.get(k)}
    q = request.GET.get("q", "")
    shown = []
    for facet in selectors.all_facets() if not q and not chosen else selectors.facets(qs):
        links = []
        for value, label, count in facet.values:
            params = {**({"q": q} if q else {}), **chosen, facet.name: value}
            links.append((label, count, f"?{urlencode(params)}", chosen.get(facet.name) == value))
        shown.append({"name": facet.name, "links": links})
    return render(
        request,
        "library/record_list.html",
        {
            "page": page,
            "facets": shown,
            "q": q,
            "chosen": chosen,
            "querystring": querystring_without(request, "page"),
            "can_deposit": record_policy.can(request.user, "deposit"),
            "can_curate": getattr(request.user, "is_authenticated", False)
            and record_policy.can(request.user, "curate"),
            "can_manage": getattr(request.user, "is_authenticated", False)
            and record_policy.can(request.user, "manage"),
        },
    )


@public
def record_detail(request: Any, pk: int) -> HttpResponse:
    record = selectors.record_for_page(user=request.user, pk=pk)
    user = request.user
    can_edit = record_policy.can(user, "edit", record)
    context = {
        "record": record,
        "can_download": record_policy.can(user, "download", record),
        "can_edit": can_edit,
        "steps": RECORD_WORKFLOW.available(user, record) if getattr(user, "is_authenticated", False) else [],
        "file_form": f.FileForm() if can_edit else None,
        "history": history_for(record) if can_edit else None,
    }
    # Tabular files previewed (first rows, a chart) only for those who may open them.
    context["previews"] = library_preview.previews(record) if context["can_download"] else []
    if record.status == RecordStatus.PUBLISHED:  # counted (COUNTER), then shown with its meta tags
        usage_count(request, record, kind=Usage.VIEW)
        context["usage"] = usage_totals(record)
        context["meta"] = citation_meta(record, request, can_download=bool(context["can_download"]))
    return render(request, "library/record_detail.html", context)


@public
def file_download(request: Any, pk: int, file_pk: int) -> HttpResponse:
    """A record's file, through the policy: 404 when the reader may not open it (nothing is
    shown of it); a restricted file's download is audited."""
    stored = selectors.file_for_download(user=request.user, pk=pk, file_pk=file_pk)
    record = stored.record
    if record.access != Access.PUBLIC and getattr(request.user, "is_authenticated", False):
        from django.db import transaction

        with transaction.atomic():
            audit_record(
                actor=request.user, action=RESTRICTED_DOWNLOAD, target=record, changes={}, note=stored.name
            )
    from khcn.core.uploads import KINDS

    kind = KINDS.get(stored.kind)
    response = stored_file_response(
        stored.file, stored.name, kind.mime if kind else "application/octet-stream"
    )
    usage_count(request, record, stored, kind=Usage.DOWNLOAD)
    return response


def _record_form_initial(record: Record) -> dict[str, Any]:
    data = {k: getattr(record, k) for k in services.RECORD_FIELDS}
    data["access_roles"] = record.role_list
    data["authors"] = "\n".join(a.name for a in record.authors.all())
    data["terms"] = list(record.fields.all())
    data["organizations"] = list(record.organizations.all())
    data["collection"] = record.collection
    data["version"] = record.version
    return data


@guarded_by(record_policy)
@login_required
def record_create(request: AuthenticatedRequest) -> HttpResponse:
    record_policy.require(request.user, "deposit")
    form = f.RecordForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        try:
            record = services.record_create(actor=request.user, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The record is saved as a draft: attach its files, then submit it."))
            return redirect("library:record_detail", pk=record.pk)
    return render(request, "library/record_form.html", {"form": form, "title": _("Deposit a record")})


@guarded_by(record_policy)
@login_required
def record_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = selectors.record_for_page(user=request.user, pk=pk)
    record_policy.require(request.user, "edit", record)
    form = f.RecordForm(request.POST or None, initial=_record_form_initial(record))
    if request.method == "POST" and form.is_valid():
        data = form.values()
        try:
            services.record_edit(
                actor=request.user, record_=record, version=form.cleaned_data["version"], **data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The record was corrected."))
            return redirect("library:record_detail", pk=record.pk)
    return render(
        request,
        "library/record_form.html",
        {"form": form, "record": record, "title": _("Correct the record")},
    )


@guarded_by(record_policy)
@login_required
@require_POST
def file_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = selectors.record_for_page(user=request.user, pk=pk)
    record_policy.require(request.user, "edit", record)
    form = f.FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            services.file_add(
                actor=request.user,
                record_=record,
                file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The file is attached: its text is read in the background."))
    return redirect("library:record_detail", pk=record.pk)


@guarded_by(record_policy)
@login_required
@require_POST
def record_step(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    record = selectors.record_for_page(user=request.user, pk=pk)
    if name not in RECORD_WORKFLOW.transitions:
        raise Http404
    form = f.NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.record_step(actor=request.user, record_=record, name=name, note=note)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        transition = RECORD_WORKFLOW.get(name)
        messages.success(request, str(transition.success or transition.label))
    return redirect("library:record_detail", pk=record.pk)


@guarded_by(record_policy)
@login_required
def curator_queue(request: AuthenticatedRequest) -> HttpResponse:
    record_policy.require(request.user, "curate")
    page = paginate(request, selectors.curator_queue(user=request.user))
    return render(request, "library/queue.html", {"page": page})


@public
def collection_list(request: Any) -> HttpResponse:
    can_manage = getattr(request.user, "is_authenticated", False) and collection_policy.can(
        request.user, "manage"
    )
    form = f.CollectionForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise Http404
        assert form is not None
        if form.is_valid():
            try:
                services.collection_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The collection was created."))
                return redirect("library:collection_list")
    return render(
        request,
        "library/collection_list.html",
        {"collections": selectors.collection_list(), "form": form, "can_manage": can_manage},
    )


def collection_get(pk: int) -> Collection:
    return get_object_or_404(Collection, pk=pk)


__all__ = ["RecordStatus"]
