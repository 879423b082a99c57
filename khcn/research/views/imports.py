"""Import of past S&T tasks from Excel: upload → preview (row problems, the columns' meaning,
which the user corrects) → confirm. The DOST only.

Nothing is saved before the confirmation: between the steps the file's cells and the mapping
wait in the user's session (database-backed), under a token in the URL so that two imports in
two tabs do not mix, as the plans import keeps its draft. The preview is computed again on
every request from those cells, so it always reflects the registry as it is now; the
confirmation computes it once more and writes it in one transaction, or nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.uploads import accept_attribute
from khcn.core.views_helpers import paginate
from khcn.exports.responses import xlsx_response
from khcn.research.permissions import task_policy
from khcn.research.services import imports

SESSION_KEY = "research.task_import"
MAX_DRAFTS = 3  # imports waiting for confirmation per session; the oldest is dropped
MAX_BYTES = 10 * 1024 * 1024
ROWS_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(("xlsx",))}),
    )


class MappingForm(forms.Form):
    """One select per column of the file: which field of the task it holds, or nothing."""

    def __init__(self, *args: Any, headers: list[str], mapping: dict[str, int | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_column = {c: k for k, c in mapping.items() if c is not None}
        choices = [("", _("— Not imported —")), *((t.key, str(t.label)) for t in imports.TARGETS)]
        for index, header in enumerate(headers):
            self.fields[f"col-{index}"] = forms.ChoiceField(
                label=header or _("Column %(n)d") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=by_column.get(index, ""),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[str, str] = {}
        for name, key in data.items():
            if not key:
                continue
            if key in seen:
                label = next(str(t.label) for t in imports.TARGETS if t.key == key)
                raise forms.ValidationError(
                    _("“%(field)s” is chosen for two columns: %(a)s and %(b)s.")
                    % {"field": label, "a": self.fields[seen[key]].label, "b": self.fields[name].label}
                )
            seen[key] = name
        return data

    def mapping(self) -> dict[str, int | None]:
        mapping: dict[str, int | None] = dict.fromkeys(imports.TARGET_KEYS)
        for name, key in self.cleaned_data.items():
            if key:
                mapping[key] = int(name.removeprefix("col-"))
        return mapping


# --- The draft in the session --------------------------------------------------------------------


def _drafts(request: AuthenticatedRequest) -> dict[str, Any]:
    drafts = request.session.get(SESSION_KEY)
    return dict(drafts) if isinstance(drafts, dict) else {}


def _draft_get(request: AuthenticatedRequest, token: str) -> dict[str, Any] | None:
    stored = _drafts(request).get(token or "")
    return stored if isinstance(stored, dict) and "sheet" in stored else None


def _draft_put(request: AuthenticatedRequest, token: str, stored: dict[str, Any]) -> None:
    drafts = _drafts(request)
    drafts[token] = stored
    for old in sorted(drafts, key=lambda t: str(drafts[t].get("created", "")))[
        : max(0, len(drafts) - MAX_DRAFTS)
    ]:
        del drafts[old]
    request.session[SESSION_KEY] = drafts


def _draft_drop(request: AuthenticatedRequest, token: str) -> None:
    drafts = _drafts(request)
    if drafts.pop(token, None) is not None:
        request.session[SESSION_KEY] = drafts


def _review_url(token: str) -> str:
    return f"{reverse('research:task_import_review')}?draft={token}"


def _pending(request: AuthenticatedRequest) -> list[dict[str, str]]:
    return [
        {"url": _review_url(token), "name": str(stored.get("name") or "—")}
        for token, stored in sorted(_drafts(request).items(), key=lambda kv: str(kv[1].get("created", "")))
        if isinstance(stored, dict) and "sheet" in stored
    ]


# --- Pages -----------------------------------------------------------------------------------------


@guarded_by(task_policy)
@login_required
def task_import(request: AuthenticatedRequest) -> HttpResponse:
    """Step 1: the file."""
    task_policy.require(request.user, "manage")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from khcn.core.uploads import check_upload

        try:
            upload = check_upload(form.cleaned_data["file"], kinds=("xlsx",), max_bytes=MAX_BYTES)
            sheet = imports.read_workbook(upload.data)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            token = secrets.token_urlsafe(9)
            _draft_put(
                request,
                token,
                {
                    "created": timezone.now().isoformat(),
                    "name": upload.name,
                    "sheet": sheet.as_data(),
                    "mapping": imports.guess_mapping(sheet.headers),
                },
            )
            return redirect(_review_url(token))
    return render(
        request,
        "research/task_import.html",
        {
            "form": form,
            "pending": _pending(request),
            "targets": imports.TARGETS,
            "max_rows": imports.MAX_ROWS,
        },
    )


@guarded_by(task_policy)
@login_required
def task_import_review(request: AuthenticatedRequest) -> HttpResponse:
    """Step 2: the preview, with each row's problems and the columns' meaning (corrected
    here); step 3: the confirmation (POST ``action=confirm``) or the cancellation."""
    task_policy.require(request.user, "manage")
    token = request.GET.get("draft", "")
    stored = _draft_get(request, token)
    if stored is None:
        messages.error(
            request,
            _(
                "This import is no longer waiting for confirmation (it was confirmed, cancelled or has "
                "expired). Start again."
            ),
        )
        return redirect("research:task_import")
    sheet = imports.Sheet.from_data(stored["sheet"])
    mapping = {k: stored["mapping"].get(k) for k in imports.TARGET_KEYS}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "cancel":
        _draft_drop(request, token)
        messages.success(request, _("The import of tasks was cancelled. Nothing was saved."))
        return redirect("research:task_list")
    form = MappingForm(request.POST if action == "map" else None, headers=sheet.headers, mapping=mapping)
    if action == "map" and form.is_valid():
        stored["mapping"] = form.mapping()
        _draft_put(request, token, stored)
        messages.success(request, _("The columns are applied. Nothing is saved until you confirm."))
        return redirect(_review_url(token))
    problem = ""
    preview = None
    try:
        preview = imports.preview(sheet, mapping)
    except DomainError as exc:
        problem = exc.message
    if action == "confirm" and preview is not None:
        try:
            counts = imports.task_import(
                actor=request.user, rows=preview.rows, source_name=str(stored.get("name", ""))
            )
        except DomainError as exc:
            problem = exc.message
        else:
            _draft_drop(request, token)
            messages.success(
                request,
                _("Import done: %(created)d tasks created, %(updated)d updated, %(unchanged)d unchanged.")
                % counts,
            )
            return redirect("research:task_list")
    rows = preview.rows if preview is not None else []
    only_problems = request.GET.get("problems") == "1"
    shown = [r for r in rows if r.errors] if only_problems else rows
    page = paginate(request, shown, ROWS_PER_PAGE)
    samples = [
        [cells[i] if i < len(cells) else "" for _n, cells in sheet.rows[:2]]
        for i in range(len(sheet.headers))
    ]
    context = {
        "token": token,
        "name": stored.get("name", ""),
        "form": form,
        "columns": [(form[f"col-{i}"], samples[i]) for i in range(len(sheet.headers))],
        "preview": preview,
        "problem": problem,
        "page": page,
        "query": f"draft={token}" + ("&problems=1" if only_problems else ""),
        "only_problems": only_problems,
        "counts": {
            "create": preview.count(imports.CREATE) if preview else 0,
            "update": preview.count(imports.UPDATE) if preview else 0,
            "refused": preview.refused if preview else 0,
            "skipped": sheet.skipped,
            "total": len(rows),
        },
        "mapped": {k for k, v in mapping.items() if v is not None},
    }
    return render(request, "research/task_import_review.html", context)


@guarded_by(task_policy)
@login_required
def task_import_template(request: AuthenticatedRequest) -> HttpResponse:
    """The template: the headers in the reader's language and one example row."""
    task_policy.require(request.user, "manage")
    from khcn.exports.xlsx import table_to_xlsx

    example = {
        "code": "2021-003",
        "title": "Nghiên cứu quy trình nuôi tôm càng xanh toàn đực trong ao đất tại Cà Mau",
        "type": "Đề tài",
        "method": "Tuyển chọn",
        "fields": "405; 106",
        "host": "Trường Đại học Cần Thơ",
        "investigator": "TS. Nguyễn Văn A",
        "budget_other": 200_000_000,
        "budget_state": 1_500_000_000,
        "year": 2021,
        "approved_on": dt.date(2021, 3, 15),
        "starts_on": dt.date(2021, 4, 1),
        "ends_on": dt.date(2023, 3, 31),
        "period": "",
        "state": "Đã nghiệm thu",
        "rating": "Đạt",
        "accepted_on": dt.date(2023, 6, 20),
        "archive_number": "",
        "registered_on": None,
    }
    targets = [t for t in imports.TARGETS if t.key != "period"]
    money = [i for i, t in enumerate(targets) if t.key in ("budget_state", "budget_other")]
    data = table_to_xlsx(
        title=_("Past S&T tasks to import"),
        subtitle=_(
            "One task per row; the code and the title are required. Fields: codes of the national list "
            "separated by semicolons. Amounts in VND. Dates dd/mm/yyyy."
        ),
        headers=[str(t.label) for t in targets],
        rows=[[example[t.key] for t in targets]],
        sheet_name=_("S&T tasks"),
        money_columns=money,
    )
    return xlsx_response(data, f"{pgettext('file name', 'S&T tasks import template')}.xlsx")
