"""Plan pages: list, import (upload or paste → review → confirm), detail, periods.

Thin: parse input, ask the policy, call selectors and services. An import is a ``PlanImport``
row of its user's, under a random token in the URL: the upload is read in the background
(``tasks.read_plan_import``) while a page shows the progress, then the draft (``ImportDraft``)
waits there for review — after a log-out too — until it is confirmed, cancelled or a week old.
Nothing of the plan is saved before the user confirms.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.accounts.types import AuthenticatedRequest
from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.fragments import cached_fragment
from khcn.core.views_helpers import paginate, querystring_without
from khcn.organizations.permissions import organization_policy
from khcn.plans import exports, selectors, services
from khcn.plans.choices import AssignmentRole, PlanStatus
from khcn.plans.filters import PlanFilter
from khcn.plans.forms import ImportForm, PeriodForm, ReviewForm, review_pages
from khcn.plans.models import Plan, PlanImport, PlanItem
from khcn.plans.parser.draft import DraftAssignment, ImportDraft
from khcn.plans.parser.model import warning_message
from khcn.plans.paths import display_path
from khcn.plans.permissions import plan_import_policy, plan_policy
from khcn.plans.selectors import imports as import_selectors
from khcn.plans.services import imports as import_services

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------------
# List
# --------------------------------------------------------------------------------------------------


@guarded_by(plan_policy)
@login_required
def plan_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = PlanFilter(request.GET or None, queryset=selectors.plan_list(user=request.user))
    if request.GET.get("format") == "xlsx":
        plan_policy.require(request.user, "export")
        return exports.plans_xlsx(filters.qs)
    export_query = querystring_without(request, "page", "format")
    context = {
        "filters": filters.form,
        "page": paginate(request, filters.qs),
        "query": querystring_without(request, "page"),
        "export_query": f"{export_query}&format=xlsx" if export_query else "format=xlsx",
        "can_import": plan_policy.can(request.user, "import"),
        "pending": _pending(request),
    }
    return render(request, "plans/plan_list.html", context)


# --------------------------------------------------------------------------------------------------
# Import, step 1: the text, read in the background
# --------------------------------------------------------------------------------------------------


def _pending(request: AuthenticatedRequest) -> list[PlanImport]:
    """Imports this user started and has not confirmed or cancelled (being read, or waiting
    for review): in the database, so they outlive a log-out."""
    if not plan_policy.can(request.user, "import"):
        return []
    return import_selectors.plan_imports_waiting(user=request.user)


def _import_form(
    request: AuthenticatedRequest, data: Any = None, files: Any = None, **kwargs: Any
) -> ImportForm:
    return ImportForm(
        data,
        files,
        plans=selectors.plan_choices(user=request.user),
        parent_required=not plan_policy.can(request.user, "import_top_level"),
        **kwargs,
    )


@guarded_by(plan_policy)
@login_required
def plan_import(request: AuthenticatedRequest) -> HttpResponse:
    plan_policy.require(request.user, "import")
    form = _import_form(
        request,
        request.POST or None,
        request.FILES or None,
        initial={"parent": request.GET["parent"]} if request.GET.get("parent", "").isdigit() else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = import_services.plan_import_start(
            actor=request.user, file=data["file"], text=data["text"], parent=data.get("parent")
        )
        return redirect("plans:plan_import_progress", token=row.token)
    return render(
        request,
        "plans/import_form.html",
        {"form": form, "pending": _pending(request), "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
    )


def _own_import(request: AuthenticatedRequest, token: str, *, light: bool = False) -> PlanImport | None:
    """The user's import ``token``; None when no import has that token any more (confirmed,
    cancelled, cleaned up); someone else's is not found (404)."""
    try:
        return import_selectors.plan_import_get(user=request.user, token=token, light=light)
    except Http404:
        if not plan_policy.can(request.user, "import") or import_selectors.plan_import_exists(token=token):
            raise
        return None


def _gone(request: AuthenticatedRequest) -> HttpResponse:
    messages.error(
        request,
        _(
            "This import is no longer waiting for review (it was confirmed, cancelled or has expired). "
            "Start again."
        ),
    )
    return redirect("plans:plan_import")


@guarded_by(plan_import_policy)
@login_required
def plan_import_progress(request: AuthenticatedRequest, token: str) -> HttpResponse:
    """The import being read: its stage and progress, refreshed every second over htmx while
    the job runs; once ready, on to the review (``HX-Redirect``, or a redirect); failed, the
    message and the form to try again; stalled (the job stopped), a button to read it again."""
    row = _own_import(request, token, light=True)
    if row is None:
        return _gone(request)
    if request.method == "POST" and "restart" in request.POST:
        try:
            import_services.plan_import_restart(actor=request.user, plan_import=row)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("plans:plan_import_progress", token=row.token)
    review = reverse("plans:plan_import_review", args=[row.token])
    htmx = bool(request.headers.get("HX-Request"))
    if row.status == PlanImport.READY and not htmx:
        return redirect(review)
    context: dict[str, Any] = {"row": row, "review_url": review, "stage": _stage(row)}
    if htmx:
        response = render(request, "plans/_import_progress.html", context)
        if row.status == PlanImport.READY:
            response["HX-Redirect"] = review
        return response
    if row.status == PlanImport.FAILED:
        initial: dict[str, Any] = {"parent": row.parent_id}
        if not row.source_name:  # pasted: offered again to correct
            initial["text"] = row.source_text
        context["form"] = _import_form(request, initial=initial)
    return render(request, "plans/import_progress.html", context)


def _stage(row: PlanImport) -> str:
    """What the job is doing, in words."""
    if row.status == PlanImport.READING and row.stage == "ocr" and row.total:
        return _("Recognising the text of the scanned pages: page %(done)s of %(total)s.") % {
            "done": row.done,
            "total": row.total,
        }
    if row.status == PlanImport.READING and row.stage == "ocr":
        return _("Recognising the text of the scanned pages…")
    if row.status == PlanImport.PARSING and row.stage == "draft":
        return _("Preparing the review…")
    return str(row.get_status_display())


# --------------------------------------------------------------------------------------------------
# Import, step 2: review and confirm
# --------------------------------------------------------------------------------------------------


def _warnings(items: Any) -> list[dict[str, str]]:
    """Parser warnings for display: the parser's message (or note), where, and the code."""
    out = []
    for warning in items or []:
        if not isinstance(warning, dict):
            out.append({"code": "", "text": str(warning), "where": ""})
            continue
        where = warning.get("where") or warning.get("section") or warning.get("line") or ""
        text = warning_message(warning)
        out.append(
            {"code": str(warning.get("code") or ""), "text": str(text), "where": display_path(str(where))}
        )
    return out


def _implements(values: Any) -> list[str]:
    """The documents a plan implements, as text (the parser gives numbers; tolerate objects)."""
    out = []
    for value in values or []:
        if isinstance(value, dict):
            value = value.get("number") or value.get("text") or value.get("title") or ""
        if value:
            out.append(str(value))
    return out


def _review_url(token: str, page: int = 1) -> str:
    url = reverse("plans:plan_import_review", args=[token])
    return f"{url}?page={page}" if page > 1 else url


def _page_number(value: Any, pages: int) -> int:
    try:
        return min(max(int(value), 1), pages)
    except (TypeError, ValueError):
        return 1


SOURCE_LINES = 4  # source lines shown beside an assignment
SOURCE_CHARS = 600  # and at most this much of each


def _fold_spaces(text: str) -> str:
    return " ".join(text.split())


def _source_line(line: str) -> str:
    """A source line as read: a table row's cells joined ("1 · Nội dung · Sở Y tế")."""
    text = _fold_spaces(line)
    if text.startswith("|"):
        cells = [cell.strip() for cell in text.strip("|").split("|")]
        text = " · ".join(cell for cell in cells if cell)
    return text


def _marked(text: str, clauses: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, the clauses found in it (spaces and case aside) marked."""
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    if len(lowered) == len(text):  # lower() kept the offsets (always so for Vietnamese)
        for clause in clauses:
            needle = _fold_spaces(clause).lower()
            if len(needle) < 3:
                continue
            at = lowered.find(needle)
            while at >= 0:
                spans.append((at, at + len(needle)))
                at = lowered.find(needle, at + len(needle))
    spans.sort()
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for begin, end in spans:
        if begin < cursor:
            continue
        if begin > cursor:
            pieces.append((text[cursor:begin], False))
        pieces.append((text[begin:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


def _source_excerpt(source: list[str], duty: DraftAssignment) -> list[list[tuple[str, bool]]]:
    """The source lines a duty was read from, each as pieces with its clauses marked. Where a
    clause runs over several lines (the parser joined them), the lines are read as one."""
    numbers = [n for n in duty.lines if 0 < n <= len(source)][:SOURCE_LINES]
    groups: list[list[int]] = []
    for n in numbers:
        if groups and n == groups[-1][-1] + 1:
            groups[-1].append(n)
        else:
            groups.append([n])
    out = []
    for group in groups:
        text = " ".join(_source_line(source[n - 1]) for n in group)
        if len(text) > SOURCE_CHARS:
            text = Truncator(text).chars(SOURCE_CHARS)
        out.append(_marked(text, duty.tasks))
    return out


@guarded_by(plan_import_policy)
@login_required
def plan_import_review(request: AuthenticatedRequest, token: str) -> HttpResponse:
    row = _own_import(request, token)
    if row is None:
        return _gone(request)
    if row.status != PlanImport.READY:
        return redirect("plans:plan_import_progress", token=row.token)
    if request.method == "POST" and "cancel" in request.POST:
        if request.POST.get("cancel") != "confirmed":
            return render(request, "plans/import_cancel.html", {"row": row, "review_url": _review_url(token)})
        import_services.plan_import_cancel(actor=request.user, plan_import=row)
        messages.success(request, _("The import was cancelled. Nothing was saved."))
        return redirect("plans:plan_list")
    draft = ImportDraft.from_json(row.draft or {})
    pages = review_pages(draft, max_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    page = _page_number(request.GET.get("page"), len(pages))
    parent = row.parent
    form = ReviewForm(request.POST or None, draft=draft, row_keys=pages[page - 1])
    if request.method == "POST":
        if form.is_valid():
            try:
                if request.POST.get("action") == "confirm":
                    return _confirm(request, row, form.new_draft, parent)
                import_services.plan_import_draft_save(
                    actor=request.user, plan_import=row, draft=form.new_draft
                )
            except DomainError:
                return _gone(request)
            goto = _page_number(request.POST.get("goto", page), len(pages))
            messages.success(request, _("Your changes are applied. Nothing is saved until you confirm."))
            return redirect(_review_url(token, goto))
        messages.error(request, _("Some changes could not be applied. Please correct the marked fields."))
    assignment_rows = form.assignment_rows()
    names = {r["entry"].agency for r in assignment_rows if r["entry"].agency}
    for agency in draft.other.get("agencies") or []:
        name = agency.get("name") if isinstance(agency, dict) else agency
        if name:
            names.add(str(name))
    resolved = selectors.name_resolutions(names, as_of=draft.facts.date)
    missing = selectors.NameResolution("missing")
    # One agency, one role, one line per item: what the import will fold together, and why.
    folding = selectors.draft_overlaps(
        draft, {name: r.current for name, r in resolved.items() if r.status == "found"}
    )
    source = row.source_text.splitlines()
    for entry in assignment_rows:
        entry["resolution"] = resolved.get(entry["entry"].agency, missing)
        entry["folded"] = folding.messages.get(entry["entry"].key, "")
        related = ImportDraft.related_paths(entry["entry"], form.paths)
        # "*": a duty that restates the whole plan (the parser's marker).
        entry["related"] = [_("the whole plan") if p == "*" else display_path(p) for p in related]
        entry["source"] = _source_excerpt(source, entry["entry"])
    outline = draft.outline()
    context = {
        "form": form,
        "token": token,
        "row": row,
        "parent": parent,
        "warnings": _warnings(draft.other.get("warnings")),
        "implements": _implements(draft.other.get("implements")),
        "section_rows": form.section_rows(),
        "assignment_rows": assignment_rows,
        "unresolved": sorted(n for n, r in resolved.items() if r.status != "found"),
        "overlaps": [o.message() for o in folding.overlaps],
        "can_add_agency": organization_policy.can(request.user, "add"),
        "pages": range(1, len(pages) + 1),
        "page": page,
        "row_count": len(outline),
        "assignment_count": len(draft.assignments),
        "unlinked_count": sum(1 for a in draft.assignments if a.row not in form.paths),
    }
    return render(request, "plans/import_review.html", context)


def _confirm(
    request: AuthenticatedRequest, row: PlanImport, draft: ImportDraft, parent: Plan | None
) -> HttpResponse:
    if row.under_plan and parent is None:
        import_services.plan_import_draft_save(actor=request.user, plan_import=row, draft=draft)
        messages.error(request, _("The plan this one implements no longer exists. Cancel and start again."))
        return redirect(_review_url(row.token))
    try:
        plan = import_services.plan_import_confirm(
            actor=request.user, plan_import=row, draft=draft, parent=parent
        )
    except DomainError as exc:
        if exc.code == "import_gone":
            return _gone(request)
        # Refused (nothing to save…): the edits are kept, the review shown again with why.
        import_services.plan_import_draft_save(actor=request.user, plan_import=row, draft=draft)
        messages.error(request, exc.message)
        return redirect(_review_url(row.token))
    counts = selectors.plan_assignment_counts(plan)
    messages.success(
        request,
        _("The plan was imported with %(items)s items and %(assignments)s assignments.")
        % {"items": counts["items"], "assignments": counts["total"]},
    )
    return redirect(plan)


# --------------------------------------------------------------------------------------------------
# Detail and periods
# --------------------------------------------------------------------------------------------------


def _tree(items: list[PlanItem]) -> tuple[list[dict[str, Any]], range]:
    """The items (in document order, with depths) as steps for a nested list: before each
    item, either open a sub-list (``nest``) or close the previous item and ``up`` levels."""
    steps: list[dict[str, Any]] = []
    previous = -1
    for item in items:
        depth = min(item.depth, previous + 1)
        steps.append({"item": item, "nest": depth > previous, "up": range(max(previous - depth, 0))})
        previous = depth
    return steps, range(max(previous, 0))


def _printed_label(label: str) -> str:
    """The label as Vietnamese documents print it: "II.", "3.", "c)", "-"."""
    if not label or label in ("-", "+", "*", "•") or label[-1] in ".)":
        return label
    if len(label) == 1 and label.isalpha() and label.islower():
        return f"{label})"
    return f"{label}."


def _detail(request: AuthenticatedRequest, plan: Plan, period_form: PeriodForm | None = None) -> HttpResponse:
    tab = request.GET.get("tab", "overview")
    if tab not in ("overview", "history", "source"):
        tab = "overview"
    can_manage = plan_policy.can(request.user, "manage_periods", plan)
    context: dict[str, Any] = {
        "plan": plan,
        "tab": tab,
        "can_manage_periods": can_manage,
        "can_import": plan_policy.can(request.user, "import"),
        "can_map": plan_policy.can(request.user, "change", plan),
        "can_change": plan_policy.can(request.user, "change", plan) and plan.status != PlanStatus.WITHDRAWN,
    }
    if tab == "history":
        context["history"] = history_for(plan)
    elif tab == "overview":
        context.update(_overview(request, plan))
        year = timezone.localdate().year
        form = period_form or PeriodForm(initial={"year": year})
        context["period_form"] = form
        fields = "plans/_period_fields.html"
        context["period_fields"] = (
            render_to_string(fields, {"period_form": form})
            if form.is_bound  # with the user's input and errors
            else cached_fragment(fields, (year,), lambda: render_to_string(fields, {"period_form": form}))
        )
    return render(request, "plans/plan_detail.html", context)


def _overview(request: AuthenticatedRequest, plan: Plan) -> dict[str, Any]:
    """The overview tab: the facts, the periods, and one part of the plan's content (``?page=N``,
    ``?item=<pk>`` for the part holding an item, ``?page=all`` for the whole plan), rendered once
    per version of the plan (``khcn.core.fragments``)."""
    page, item = request.GET.get("page", ""), request.GET.get("item", "")
    template = "plans/_plan_content.html"
    content = cached_fragment(
        template,
        (plan.pk, plan.version, plan.data_version, page, item),
        lambda: render_to_string(template, _content(plan, page=page, item=item)),
    )
    counts = selectors.plan_figures(plan)
    # The consolidated-report link of a period is shown to those who may open its page.
    annual = selectors.annual_report_periods(user=request.user, plan=plan)
    periods_template = "plans/_periods_table.html"
    periods_table = cached_fragment(
        periods_template,
        (plan.pk, plan.version, plan.data_version, "all" if annual is None else tuple(sorted(annual))),
        lambda: render_to_string(
            periods_template,
            {
                "plan": plan,
                "periods": [
                    (period, annual is None or period.pk in annual)
                    for period in selectors.plan_periods(plan)[::-1]  # the newest first
                ],
                "counts": counts,
            },
        ),
    )
    return {
        "content": content,
        "counts": counts,
        # Flagged points still open: not resolved by a correction, not dismissed.
        "warnings": [p for p in selectors.plan_flagged_points(plan) if p.is_open],
        "implements": _implements(plan.implements),
        "periods_table": periods_table,
        "sub_plans": list(plan.sub_plans.all()),
    }


def _content(plan: Plan, *, page: str, item: str) -> dict[str, Any]:
    content = selectors.plan_content(plan, page=page, item=item, size=settings.KHCN_PLAN_PAGE_ITEMS)
    shown = {i.pk for i in content.items}
    continued = {e.pk for e in content.continued}
    headings = [
        PlanItem(pk=e.pk, position=e.position, depth=e.depth, label=e.label, path=e.path, heading=e.heading)
        for e in content.continued
    ]
    steps, tail = _tree([*headings, *content.items])
    for step in steps:
        node = step["item"]
        step["label"] = _printed_label(node.label)
        step["continued"] = node.pk in continued
        if step["continued"]:
            continue
        # Leads first, then coordinators, each in the order the plan names them.
        step["duties"] = sorted(node.assignments.all(), key=lambda a: (a.role != AssignmentRole.LEAD, a.pk))
        step["related"] = [(r, r.pk in shown) for r in node.related.all()]
    pages = content.pages
    return {
        "plan": plan,
        "steps": steps,
        "tail": tail,
        "content_page": content.page,
        "content_pages": [
            {
                "number": p.number,
                "headings": [(_printed_label(h.label), h.heading) for h in p.headings],
                "span": f"{display_path(p.first_path)} – {display_path(p.last_path)}",
            }
            for p in pages
        ]
        if len(pages) > 1
        else [],
    }


@guarded_by(plan_policy)
@login_required
def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.plan_get(user=request.user, pk=pk))


@guarded_by(plan_policy)
@login_required
@require_POST
def period_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    plan_policy.require(request.user, "manage_periods", plan)
    form = PeriodForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_create(
                actor=request.user,
                plan=plan,
                kind=data["kind"],
                year=data["year"],
                index=data["index"],
                start=data["start"],
                end=data["end"],
                due_on=data["due_on"],
                name=data["name"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The period “%(name)s” is open: data from %(start)s to %(end)s, due on %(due)s.")
                % {
                    "name": period.name,
                    "start": period.start.strftime("%d/%m/%Y"),
                    "end": period.end.strftime("%d/%m/%Y"),
                    "due": period.due_on.strftime("%d/%m/%Y"),
                },
            )
            return redirect(f"{plan.get_absolute_url()}#periods")
    return _detail(request, plan, period_form=form)
