"""Plan pages: list, import (upload or paste → review → confirm), detail, periods.

Thin: parse input, ask the policy, call the parser, selectors and services. Nothing is saved
before the user confirms the review: between the steps the parse and the source text wait in
the user's session (database-backed, so a 200-page plan fits), under a token in the URL so
that two imports in two tabs do not mix.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.views_helpers import paginate
from khcn.organizations.permissions import organization_policy
from khcn.organizations.selectors import organization_resolve
from khcn.plans import services
from khcn.plans.forms import (
    Draft,
    ImportForm,
    PeriodForm,
    ReviewForm,
    draft_date,
    draft_from_parse,
    draft_outline,
    draft_pages,
    draft_to_parse,
)
from khcn.plans.models import Plan, PlanItem
from khcn.plans.parser import PlanParseError, parse_text, read_file
from khcn.plans.paths import display_path
from khcn.plans.permissions import plan_policy
from khcn.plans.selectors import (
    PlanPage,
    plan_assignment_counts,
    plan_counts,
    plan_get,
    plan_items,
    plan_outline,
    plan_pages,
)
from khcn.plans.selectors import plan_list as select_plans

logger = logging.getLogger(__name__)

SESSION_KEY = "plans.import"
MAX_DRAFTS = 3  # imports waiting for review per session; the oldest is dropped


# --------------------------------------------------------------------------------------------------
# List
# --------------------------------------------------------------------------------------------------


def _with_sub_plan_counts(qs: Any) -> Any:
    sub_plans = (
        Plan.objects.filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(sub_plan_count=Coalesce(Subquery(sub_plans), 0))


@guarded_by(plan_policy)
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    qs = _with_sub_plan_counts(select_plans(user=request.user))
    if request.GET.get("format") == "xlsx":
        plan_policy.require(request.user, "export")
        return _plans_xlsx(qs)
    context = {
        "page": paginate(request, qs),
        "can_import": plan_policy.can(request.user, "import"),
        "pending": _pending(request),
    }
    return render(request, "plans/plan_list.html", context)


def _plans_xlsx(qs: Any) -> HttpResponse:
    from khcn.exports.responses import dated_filename, xlsx_response
    from khcn.exports.xlsx import table_to_xlsx

    headers = [
        _("No."),
        _("Document type"),
        _("Number and symbol"),
        _("Date issued"),
        _("Title"),
        _("Issuing body"),
        _("Implements plan"),
        _("Items"),
        _("Sub-plans"),
    ]
    rows = (
        [
            n,
            plan.doc_type,
            plan.number,
            plan.issued_on,
            plan.title,
            plan.issuer.name if plan.issuer else plan.issuer_name,
            str(plan.parent) if plan.parent else "",
            plan.item_count,
            plan.sub_plan_count,
        ]
        for n, plan in enumerate(qs.iterator(chunk_size=500), start=1)
    )
    data = table_to_xlsx(title=_("List of plans"), headers=headers, rows=rows, sheet_name=_("Plans"))
    return xlsx_response(data, dated_filename(pgettext("file name", "plans"), "xlsx"))


# --------------------------------------------------------------------------------------------------
# Import, step 1: the text
# --------------------------------------------------------------------------------------------------


def _drafts(request: HttpRequest) -> dict[str, Any]:
    drafts = request.session.get(SESSION_KEY)
    return dict(drafts) if isinstance(drafts, dict) else {}


def _draft_get(request: HttpRequest, token: str) -> dict[str, Any] | None:
    stored = _drafts(request).get(token or "")
    return stored if isinstance(stored, dict) and "draft" in stored else None


def _draft_put(request: HttpRequest, token: str, stored: dict[str, Any]) -> None:
    drafts = _drafts(request)
    drafts[token] = stored
    for old in sorted(drafts, key=lambda t: str(drafts[t].get("created", "")))[
        : max(0, len(drafts) - MAX_DRAFTS)
    ]:
        del drafts[old]
    request.session[SESSION_KEY] = drafts


def _draft_drop(request: HttpRequest, token: str) -> None:
    drafts = _drafts(request)
    if drafts.pop(token, None) is not None:
        request.session[SESSION_KEY] = drafts


def _pending(request: HttpRequest) -> list[dict[str, Any]]:
    """Imports this user started and has not confirmed or cancelled."""
    return [
        {
            "url": f"{reverse('plans:plan_import_review')}?draft={token}",
            "title": stored["draft"]["facts"].get("title") or stored.get("source_name") or "—",
        }
        for token, stored in sorted(_drafts(request).items(), key=lambda kv: str(kv[1].get("created", "")))
        if isinstance(stored, dict) and "draft" in stored
    ]


@guarded_by(plan_policy)
@login_required
def plan_import(request: HttpRequest) -> HttpResponse:
    plan_policy.require(request.user, "import")
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        plans=select_plans(user=request.user),
        parent_required=not plan_policy.can(request.user, "import_top_level"),
        initial={"parent": request.GET["parent"]} if request.GET.get("parent", "").isdigit() else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        source_name = upload.name if upload is not None else ""
        try:
            text = read_file(upload.read(), upload.name) if upload is not None else data["text"]
            result = parse_text(text)
        except PlanParseError as exc:
            form.add_error(None, exc.message)
        except Exception:  # a parser bug must not lose the user's page (nor save anything)
            logger.exception("Plan parser failed on %r", source_name or "pasted text")
            form.add_error(
                None, _("The text could not be read as a plan. The error was logged; try again later.")
            )
        else:
            token = secrets.token_urlsafe(9)
            stored = {
                "created": timezone.now().isoformat(),
                "source_name": source_name,
                "source_text": text,
                "parent": data["parent"].pk if data.get("parent") else None,
                "draft": draft_from_parse(result.to_json()),
            }
            _draft_put(request, token, stored)
            return redirect(f"{reverse('plans:plan_import_review')}?draft={token}")
    return render(
        request,
        "plans/import_form.html",
        {"form": form, "pending": _pending(request), "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
    )


# --------------------------------------------------------------------------------------------------
# Import, step 2: review and confirm
# --------------------------------------------------------------------------------------------------


def _resolutions(names: set[str], draft: Draft) -> dict[str, dict[str, Any]]:
    """For each agency name, what ``plan_import`` will link it to (as it resolves names)."""
    as_of = draft_date(draft)
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(names):
        result = organization_resolve(name, as_of=as_of)
        if not result.found:
            out[name] = {"status": "missing"}
        elif result.ambiguous or len(result.current) != 1:
            out[name] = {"status": "several", "candidates": result.candidates or result.current}
        else:
            out[name] = {
                "status": "found",
                "current": result.current[0],
                "matched": result.matched,
                "succeeded": result.succeeded,
            }
    return out


def _warnings(items: Any) -> list[dict[str, str]]:
    """Parser warnings for display: the parser's message (or note), where, and the code."""
    out = []
    for warning in items or []:
        if not isinstance(warning, dict):
            out.append({"code": "", "text": str(warning), "where": ""})
            continue
        where = warning.get("where") or warning.get("section") or warning.get("line") or ""
        text = warning.get("message") or warning.get("note") or warning.get("text") or ""
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
    url = f"{reverse('plans:plan_import_review')}?draft={token}"
    return f"{url}&page={page}" if page > 1 else url


def _page_number(value: Any, pages: int) -> int:
    try:
        return min(max(int(value), 1), pages)
    except (TypeError, ValueError):
        return 1


@guarded_by(plan_policy)
@login_required
def plan_import_review(request: HttpRequest) -> HttpResponse:
    plan_policy.require(request.user, "import")
    token = request.GET.get("draft", "")
    stored = _draft_get(request, token)
    if stored is None:
        messages.error(
            request,
            _(
                "This import is no longer waiting for review (it was confirmed, cancelled or has expired). "
                "Start again."
            ),
        )
        return redirect("plans:plan_import")
    if request.method == "POST" and "cancel" in request.POST:
        _draft_drop(request, token)
        messages.success(request, _("The import was cancelled. Nothing was saved."))
        return redirect("plans:plan_list")
    draft: Draft = stored["draft"]
    pages = draft_pages(draft, max_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    page = _page_number(request.GET.get("page"), len(pages))
    parent = None
    if stored.get("parent"):
        parent = select_plans(user=request.user).filter(pk=stored["parent"]).first()
    form = ReviewForm(request.POST or None, draft=draft, row_keys=pages[page - 1])
    if request.method == "POST":
        if form.is_valid():
            stored["draft"] = form.new_draft
            _draft_put(request, token, stored)
            if request.POST.get("action") == "confirm":
                return _confirm(request, token, stored, parent)
            goto = _page_number(request.POST.get("goto", page), len(pages))
            messages.success(request, _("Your changes are applied. Nothing is saved until you confirm."))
            return redirect(_review_url(token, goto))
        messages.error(request, _("Some changes could not be applied. Please correct the marked fields."))
    names = {row["entry"]["agency"] for row in form.assignment_rows() if row["entry"]["agency"]}
    for agency in draft["other"].get("agencies") or []:
        name = agency.get("name") if isinstance(agency, dict) else agency
        if name:
            names.add(str(name))
    resolved = _resolutions(names, draft)
    assignment_rows = form.assignment_rows()
    for row in assignment_rows:
        row["resolution"] = resolved.get(row["entry"]["agency"], {"status": "missing"})
        related = [form.paths.get(r.get("row"), r.get("raw", "")) for r in row["entry"]["related"]]
        # "*": a duty that restates the whole plan (the parser's marker).
        row["related"] = [_("the whole plan") if p == "*" else display_path(p) for p in related]
    outline = draft_outline(draft)
    context = {
        "form": form,
        "token": token,
        "stored": stored,
        "parent": parent,
        "warnings": _warnings(draft["other"].get("warnings")),
        "implements": _implements(draft["other"].get("implements")),
        "section_rows": form.section_rows(),
        "assignment_rows": assignment_rows,
        "unresolved": sorted(n for n, r in resolved.items() if r["status"] != "found"),
        "can_add_agency": organization_policy.can(request.user, "add"),
        "pages": range(1, len(pages) + 1),
        "page": page,
        "row_count": len(outline),
        "assignment_count": len(draft["assignments"]),
        "unlinked_count": sum(1 for a in draft["assignments"] if a["row"] not in form.paths),
    }
    return render(request, "plans/import_review.html", context)


def _confirm(request: HttpRequest, token: str, stored: dict[str, Any], parent: Plan | None) -> HttpResponse:
    if stored.get("parent") and parent is None:
        messages.error(request, _("The plan this one implements no longer exists. Cancel and start again."))
        return redirect(_review_url(token))
    try:
        plan = services.plan_import(
            actor=request.user,
            data=draft_to_parse(stored["draft"]),
            source_text=stored.get("source_text", ""),
            source_name=stored.get("source_name", ""),
            parent=parent,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_review_url(token))
    _draft_drop(request, token)
    count = services.plan_assignment_count(plan)
    messages.success(
        request,
        _("The plan was imported with %(items)s items and %(assignments)s assignments.")
        % {"items": plan.items.count(), "assignments": count},
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


def _detail(request: HttpRequest, plan: Plan, period_form: PeriodForm | None = None) -> HttpResponse:
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
    }
    if tab == "history":
        context["history"] = history_for(plan)
    elif tab == "overview":
        context.update(_overview(request, plan))
        context["period_form"] = period_form or PeriodForm(initial={"year": timezone.localdate().year})
    return render(request, "plans/plan_detail.html", context)


def _overview(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    """The overview tab: the facts, the periods, and one page of the plan's content (``?page=N``,
    ``?item=<pk>`` for the page holding an item, ``?page=all`` for the whole plan)."""
    outline = plan_outline(plan)
    pages = plan_pages(outline, settings.KHCN_PLAN_PAGE_ITEMS)
    wanted = request.GET.get("page", "")
    item_pk = request.GET.get("item", "")
    page: PlanPage | None = pages[0] if pages else None
    if wanted == "all":
        page = None
    elif item_pk.isdigit():
        position = next((e.position for e in outline if e.pk == int(item_pk)), None)
        page = next((p for p in pages if position is not None and p.first <= position <= p.last), page)
    elif wanted.isdigit() and 1 <= int(wanted) <= len(pages):
        page = pages[int(wanted) - 1]
    items = plan_items(plan, page) if outline else []
    shown = {item.pk for item in items}
    # Where a page starts inside a section, the sections it continues come first, as headings.
    by_pk = {e.pk: e for e in outline}
    continued: list[int] = []
    parent = by_pk[items[0].pk].parent_id if items else None
    while parent is not None and parent in by_pk:
        continued.insert(0, parent)
        parent = by_pk[parent].parent_id
    context = [
        PlanItem(pk=e.pk, position=e.position, depth=e.depth, label=e.label, path=e.path, heading=e.heading)
        for e in (by_pk[pk] for pk in continued)
    ]
    steps, tail = _tree([*context, *items])
    for step in steps:
        item = step["item"]
        step["label"] = _printed_label(item.label)
        step["continued"] = item.pk in continued
        if step["continued"]:
            continue
        # Leads first, then coordinators, each in the order the plan names them.
        step["duties"] = sorted(item.assignments.all(), key=lambda a: (a.role != "lead", a.pk))
        step["related"] = [(r, r.pk in shown) for r in item.related.all()]
    assignments = plan_assignment_counts(plan)
    return {
        "steps": steps,
        "tail": tail,
        "item_count": len(outline),
        "assignment_total": assignments["total"],
        "unmapped": assignments["unmapped"],
        "content_page": page,
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
        "warnings": _warnings(plan.parse_warnings),
        "implements": _implements(plan.implements),
        "periods": list(plan.periods.all()),
        "sub_plans": list(plan.sub_plans.all()),
        "counts": plan_counts(plan),
    }


@guarded_by(plan_policy)
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, plan_get(user=request.user, pk=pk))


@guarded_by(plan_policy)
@login_required
@require_POST
def period_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get(user=request.user, pk=pk)
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
