"""A collection's harvest from another repository (OAI-PMH): the DOST records the source and
starts the harvest (``khcn.library.harvest``); the page shows each run's progress, refreshed
while one is under way."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.library import harvest
from khcn.library.forms import HarvestForm
from khcn.library.models import Collection, HarvestRun
from khcn.library.permissions import collection_policy

RUNS_SHOWN = 20


@guarded_by(collection_policy)
@login_required
def collection_harvest(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    collection = get_object_or_404(
        collection_policy.visible(request.user, Collection.objects.all(), "manage"), pk=pk
    )
    runs = list(HarvestRun.objects.filter(collection=collection).select_related("started_by")[:RUNS_SHOWN])
    active = any(run.active for run in runs)
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(
            request, "library/_harvest_runs.html", {"collection": collection, "runs": runs, "active": active}
        )
    form = HarvestForm(
        request.POST or None, initial={"url": collection.harvest_url, "set_spec": collection.harvest_set}
    )
    if request.method == "POST" and form.is_valid():
        try:
            harvest.harvest_start(
                actor=request.user,
                collection=collection,
                url=form.cleaned_data["url"],
                set_spec=form.cleaned_data["set_spec"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The harvest has started: its progress is shown below."))
            return redirect("library:collection_harvest", pk=collection.pk)
    return render(
        request,
        "library/collection_harvest.html",
        {"collection": collection, "form": form, "runs": runs, "active": active},
    )
