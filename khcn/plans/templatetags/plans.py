"""Filters and tags of the plans pages: ``{{ item.path|item_path }}`` (an item's path as people
read it, see ``khcn.plans.paths``), ``{{ code|task_status }}`` (a dashboard status's label), and
``{% figure_cells entry %}`` and ``{% assignment_rows rows plan.pk %}``, the figures of one
row of a dashboard table and the rows of its list of assignments.

Those two build their HTML in Python: a dashboard shows a few hundred linked figures and lists
fifty assignments at a time, and the template engine spent most of the page's time on them.
Every value is escaped and every number formatted as the templates do (``localize``)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape as _escape
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from khcn.core.fragments import cached_fragment
from khcn.core.views_helpers import url_maker
from khcn.plans.choices import AssignmentRole, ReportStatus, TaskStatus
from khcn.plans.paths import display_path

register = template.Library()
_LABELS = dict(TaskStatus.choices)


def escape(value: Any) -> str:
    """``django.utils.html.escape`` without its lazy-string wrapper, which cost more than the
    escaping itself here (the same ``html.escape`` underneath), and without NUL characters
    (which browsers do not show, and which stand for the reader's CSRF token in cached HTML)."""
    return _escape(str(value)).replace("\x00", "")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with "…" (the ``truncatechars`` filter, for NFC text)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.filter
def item_path(path: str) -> str:
    return display_path(str(path or ""))


@register.filter
def task_status(code: str) -> str:
    return str(_LABELS.get(code, code))


@register.simple_tag
def figure_cells(entry: Mapping[str, Any]) -> SafeString:
    """``<td>`` cells for a dashboard row ``{"row": AgencyRow | GroupRow, "all": url, "cells":
    [{"bucket", "n", "url"}…]}``: the total (a link to all its assignments), one cell per status
    (a link to those assignments, or a muted 0), and the share completed."""
    counts = entry["row"].counts
    percent = counts.percent
    parts = [f'<td><a href="{escape(entry["all"])}">{localize(counts.total)}</a></td>']
    for cell in entry["cells"]:
        bucket = escape(cell["bucket"])
        if cell["url"]:
            parts.append(
                f'<td data-bucket="{bucket}"><a href="{escape(cell["url"])}">{localize(cell["n"])}</a></td>'
            )
        else:
            parts.append(f'<td data-bucket="{bucket}"><span class="muted">0</span></td>')
    parts.append(f'<td><progress value="{percent}" max="100" aria-hidden="true"></progress> {percent}%</td>')
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped or a number)


@register.simple_tag
def assignment_rows(
    rows: list[Mapping[str, Any]], plan_pk: int, key: tuple[Any, ...] | None = None
) -> SafeString:
    """The rows of the dashboard's list of assignments: ``{"a": the assignment's values
    (``selectors.assignments_of``), "can_open_report": bool}``. Built in Python like
    ``figure_cells``; with ``key`` (everything the rows show depends on), rendered once per key
    (``khcn.core.fragments``)."""
    if key is not None:
        return cached_fragment("plans.assignment_rows", key, lambda: _assignment_rows(rows, plan_pk))
    return _assignment_rows(rows, plan_pk)


def _assignment_rows(rows: list[Mapping[str, Any]], plan_pk: int) -> SafeString:
    detail = url_maker("plans:plan_detail")(plan_pk)
    report_url = url_maker("plans:report_detail")
    open_label = escape(gettext("Open"))
    roles = {value: escape(str(label)) for value, label in AssignmentRole.choices}
    statuses = {value: escape(str(label)) for value, label in TaskStatus.choices}
    out = []
    for row in rows:
        a = row["a"]
        item_id = int(a["item_id"])
        text = shorten(a["item__heading"] or a["item__text"], 90)
        due = a["due_on"]
        deadline = due.strftime("%d/%m/%Y") if due else escape(a["deadline_text"] or "—")
        status = escape(a["status"])
        report = "—"
        if row["can_open_report"]:
            report = f'<a href="{report_url(a["progress_report"])}">{open_label}</a>'
        path = escape(display_path(a["item__path"]))
        out.append(
            "<tr>"
            f'<td><a href="{detail}?item={item_id}#item-{item_id}">{path}</a> {escape(text)}</td>'
            f"<td>{escape(a['organization__name'] or a['agency_name'])}</td>"
            f"<td>{roles.get(a['role'], escape(a['role']))}</td>"
            f"<td>{deadline}</td>"
            f'<td><span class="badge" data-bucket="{status}">{statuses.get(a["status"], status)}</span></td>'
            f"<td>{report}</td>"
            "</tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped or a number)


# Stands for the reader's CSRF token in the cached HTML of the reports due (``escape`` removes
# NUL characters from every value, so no text can forge it).
_TOKEN = "\x00csrf\x00"


@register.simple_tag(takes_context=True)
def due_entries(
    context: template.Context, due: list[Any], key: tuple[Any, ...] | None = None, action: str = "open"
) -> SafeString:
    """The entries of the home page's "reports due" block (``selectors.DueReport``), built in
    Python like ``assignment_rows``: an agency leader may owe a dozen reports at once. With
    ``key`` (what the list depends on, ``selectors.due_key``), rendered once per key; the
    reader's CSRF token is put in afterwards. ``action="submit"``: a started report's button
    reads "Review and submit" (the leader's drafts, ``home.home_to_submit``)."""
    token = escape(str(context.get("csrf_token", "")))
    if key is None:
        return mark_safe(_due_entries(due, action).replace(_TOKEN, token))  # noqa: S308 (escaped)
    html = cached_fragment("plans.due_entries", (*key, action), lambda: _due_entries(due, action))
    return mark_safe(html.replace(_TOKEN, token))  # noqa: S308 (escaped in _due_entries)


def _due_entries(due: list[Any], action_name: str = "open") -> str:
    token = _TOKEN
    plan_url, report_url = url_maker("plans:plan_detail"), url_maker("plans:report_detail")
    start_url = url_maker("plans:report_start", 2)
    labels = {value: escape(str(label)) for value, label in ReportStatus.choices}
    texts = {
        "overdue": escape(gettext("Overdue")),
        "not_started": escape(pgettext("report", "Not started")),  # no report yet, not an item's status
        "returned": escape(gettext("Returned by the DOST:")),
        "open": escape(gettext("Review and submit") if action_name == "submit" else gettext("Open")),
        "start": escape(gettext("Start the report")),
    }
    out = []
    for d in due:
        plan, status = d.plan, d.report_status
        css = "is-overdue" if d.overdue else "is-returned" if status == ReportStatus.RETURNED else ""
        plan_name = shorten(plan.label, 90)
        data = gettext("data %(start)s–%(end)s") % {
            "start": d.start.strftime("%d/%m/%Y"),
            "end": d.end.strftime("%d/%m/%Y"),
        }
        items = ngettext("%(counter)s item", "%(counter)s items", d.item_count) % {"counter": d.item_count}
        if d.report_id is None:
            badge = f'<span class="badge badge-status-not_started">{texts["not_started"]}</span>'
        else:
            code = escape(status)
            label = labels.get(status, code)
            badge = f'<span class="badge badge-status-{code}" data-status="{code}">{label}</span>'
        overdue = f' <span class="badge badge-overdue">{texts["overdue"]}</span>' if d.overdue else ""
        when = escape(gettext("Due %(date)s") % {"date": d.due_on.strftime("%d/%m/%Y")})
        late = ' class="text-overdue"' if d.overdue else ""
        note = ""
        if status == ReportStatus.RETURNED:
            text = (
                f' <span class="note-text">{escape(shorten(d.return_note, 300))}</span>'
                if d.return_note
                else ""
            )
            note = f'<div class="return-note" role="note"><strong>{texts["returned"]}</strong>{text}</div>'
        if d.report_id is not None:
            outline = ' class="secondary outline"' if status == ReportStatus.SUBMITTED else ""
            action = f'<a role="button" href="{report_url(d.report_id)}"{outline}>{texts["open"]}</a>'
        else:
            action = (
                f'<form method="post" action="{start_url(d.period_id, d.organization_id)}">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                f'<button type="submit">{texts["start"]}</button></form>'
            )
        out.append(
            f'<li class="{css}" data-testid="due-report"><div class="due-main">'
            f'<p class="due-title"><strong>{escape(d.period_name)}</strong> · '
            f'<a href="{plan_url(plan.pk)}" title="{escape(plan.title)}">{escape(plan_name)}</a></p>'
            f'<p class="muted"><small>{escape(d.organization_name)} · {escape(data)} · {escape(items)}'
            f"</small></p>"
            f"<p>{badge}{overdue} <span{late}>{when}</span></p>"
            f'{note}</div><div class="due-action">{action}</div></li>'
        )
    return "".join(out)  # every value above is escaped or a number


@register.simple_tag
def dost_work(work: Any, key: tuple[Any, ...]) -> SafeString:
    """The DOST's home block of work (``selectors.home.dost_work``): the same for every DOST
    reader, rendered once per ``key`` (the plans' state and the day) and language."""
    return cached_fragment(
        "plans.dost_work", key, lambda: render_to_string("plans/home/_work.html", {"work": work})
    )


@register.simple_tag
def difficulty_entries(difficulties: list[Any]) -> SafeString:
    """The entries of the home page's difficulties block (``selectors.PlanDifficulties``), built
    in Python like ``due_entries``."""
    list_url, create_url = url_maker("plans:difficulty_list"), url_maker("plans:difficulty_create")
    none = escape(gettext("none awaiting a response"))
    raise_label = escape(gettext("Report a difficulty"))
    out = []
    for d in difficulties:
        plan = d.plan
        name = shorten(plan.label, 90)
        query = "?status=open" if d.open else ""
        if d.open:
            count = ngettext("%(counter)s awaiting a response", "%(counter)s awaiting a response", d.open) % {
                "counter": d.open
            }
            state = escape(count)
        else:
            state = f'<span class="muted">{none}</span>'
        raise_link = f' · <a href="{create_url(plan.pk)}">{raise_label}</a>' if d.can_raise else ""
        out.append(f'<li><a href="{list_url(plan.pk)}{query}">{escape(name)}</a>: {state}{raise_link}</li>')
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped or a number)
