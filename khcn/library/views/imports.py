"""Bulk import of library records: a spreadsheet (.xlsx) and a ZIP of the files → a preview
with each row's problems → confirmation (all or nothing). The DOST only (``record_policy``
"manage"). Between the steps the sheet's cells wait in the session under a token (two imports in
two tabs do not mix) and the ZIP in the storage (``library/imports/``, deleted on confirmation or
cancellation; left-overs older than a day are deleted on the next upload). The preview is
computed again on every request, so it reflects the library as it is now."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.uploads import accept_attribute, check_upload
from khcn.core.views_helpers import paginate
from khcn.exports.responses import xlsx_response
from khcn.library import imports
from khcn.library.permissions import record_policy

SESSION_KEY = "library.records_import"
MAX_DRAFTS = 3
MAX_SHEET_BYTES = 10 * 1024 * 1024
MAX_ZIP_BYTES = 200 * 1024 * 1024
ROWS_PER_PAGE = 100
DRAFT_DIR = "library/imports"


class UploadForm(forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("Spreadsheet of the records (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(("xlsx",))}),
    )
    archive = forms.FileField(
        label=gettext_lazy("ZIP file of the files (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(("zip",))}),
        help_text=gettext_lazy(
            "The files named in the spreadsheet's last column; folders in the ZIP do not matter."
        ),
    )


def _drafts(request: AuthenticatedRequest) -> dict[str, Any]:
    drafts = request.session.get(SESSION_KEY)
    return dict(drafts) if isinstance(drafts, dict) else {}


def _draft_put(request: AuthenticatedRequest, token: str, stored: dict[str, Any]) -> None:
    drafts = _drafts(request)
    drafts[token] = stored
    for old in sorted(drafts, key=lambda t: str(drafts[t].get("created", "")))[
        : max(0, len(drafts) - MAX_DRAFTS)
    ]:
        _delete_zip(drafts[old])
        del drafts[old]
    request.session[SESSION_KEY] = drafts


def _draft_drop(request: AuthenticatedRequest, token: str) -> None:
    drafts = _drafts(request)
    stored = drafts.pop(token, None)
    if stored is not None:
        _delete_zip(stored)
        request.session[SESSION_KEY] = drafts


def _delete_zip(stored: dict[str, Any]) -> None:
    path = str(stored.get("zip_path") or "")
    if path.startswith(f"{DRAFT_DIR}/"):
        default_storage.delete(path)


def _sweep() -> None:
    """Delete the ZIPs of imports abandoned more than a day ago."""
    try:
        _dirs, names = default_storage.listdir(DRAFT_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - dt.timedelta(days=1)
    for name in names:
        path = f"{DRAFT_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue


def _archive(stored: dict[str, Any]) -> imports.Archive:
    path = str(stored.get("zip_path") or "")
    if not path:
        return imports.Archive(None)
    with default_storage.open(path, "rb") as handle:
        return imports.Archive(handle.read())


def _review_url(token: str) -> str:
    return f"{reverse('library:import_review')}?draft={token}"


@guarded_by(record_policy)
@login_required
def records_import(request: AuthenticatedRequest) -> HttpResponse:
    """Step 1: the spreadsheet and the ZIP."""
    record_policy.require(request.user, "manage")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = check_upload(form.cleaned_data["sheet"], kinds=("xlsx",), max_bytes=MAX_SHEET_BYTES)
            sheet = imports.read_sheet(upload.data)
        except DomainError as exc:
            form.add_error("sheet", exc.message)
            sheet = None
        zip_data = b""
        if sheet is not None and form.cleaned_data.get("archive"):
            try:
                zip_data = imports.check_archive(form.cleaned_data["archive"], max_bytes=MAX_ZIP_BYTES)
            except DomainError as exc:
                form.add_error("archive", exc.message)
                sheet = None
        if sheet is not None:
            _sweep()
            token = secrets.token_urlsafe(9)
            zip_path = (
                default_storage.save(f"{DRAFT_DIR}/{token}.zip", ContentFile(zip_data)) if zip_data else ""
            )
            _draft_put(
                request,
                token,
                {
                    "created": timezone.now().isoformat(),
                    "name": upload.name,
                    "zip_path": zip_path,
                    "sheet": sheet.as_data(),
                },
            )
            return redirect(_review_url(token))
    return render(
        request,
        "library/import.html",
        {"form": form, "columns": imports.COLUMNS, "max_rows": imports.MAX_ROWS},
    )


@guarded_by(record_policy)
@login_required
def records_import_review(request: AuthenticatedRequest) -> HttpResponse:
    """Step 2: the preview; step 3: the confirmation (POST ``action=confirm``) or cancellation."""
    record_policy.require(request.user, "manage")
    token = request.GET.get("draft", "")
    stored = _drafts(request).get(token)
    if not isinstance(stored, dict) or "sheet" not in stored:
        messages.error(
            request,
            _(
                "This import is no longer waiting for confirmation (it was confirmed, cancelled or has "
                "expired). Start again."
            ),
        )
        return redirect("library:import")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "cancel":
        _draft_drop(request, token)
        messages.success(request, _("The import of records was cancelled. Nothing was saved."))
        return redirect("library:import")
    problem = ""
    try:
        archive = _archive(stored)
    except OSError:
        archive = imports.Archive(None)
        problem = _("The ZIP file of this import is gone. Start again.")
    preview = imports.preview(imports.Sheet.from_data(stored["sheet"]), archive)
    if action == "confirm" and not problem:
        try:
            counts = imports.records_import(
                actor=request.user,
                rows=preview.rows,
                archive=archive,
                source_name=str(stored.get("name", "")),
            )
        except DomainError as exc:
            problem = exc.message
        else:
            _draft_drop(request, token)
            messages.success(
                request,
                _("Import done: %(created)d records created, %(updated)d updated, %(files)d files attached.")
                % counts,
            )
            return redirect("library:record_list")
    only_problems = request.GET.get("problems") == "1"
    shown = [r for r in preview.rows if r.errors] if only_problems else preview.rows
    labels = {c.key: c.label for c in imports.COLUMNS}
    context = {
        "token": token,
        "name": stored.get("name", ""),
        "problem": problem,
        "page": paginate(request, shown, ROWS_PER_PAGE),
        "only_problems": only_problems,
        "missing": [labels[k] for k in preview.missing],
        "counts": {
            "create": preview.count(imports.CREATE),
            "update": preview.count(imports.UPDATE),
            "refused": preview.refused,
            "total": len(preview.rows),
            "files": len(archive.members),
        },
    }
    return render(request, "library/import_review.html", context)


@guarded_by(record_policy)
@login_required
def records_import_template(request: AuthenticatedRequest) -> HttpResponse:
    """The template: the headers in the reader's language and one example row."""
    record_policy.require(request.user, "manage")
    from khcn.exports.xlsx import table_to_xlsx

    data = table_to_xlsx(
        title=_("Library records to import"),
        subtitle=_(
            "One record per row; the collection code, the type and the title are required. Authors and file "
            "names separated by semicolons; the files in a ZIP file uploaded with this one. Dates dd/mm/yyyy."
        ),
        headers=[str(c.label) for c in imports.COLUMNS],
        rows=imports.template_rows(),
        sheet_name=_("Records"),
    )
    return xlsx_response(data, f"{pgettext('file name', 'Library import template')}.xlsx")
