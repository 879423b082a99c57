"""The S&T tasks dashboard (the DOST): its tables, each figure a link to the register filtered
to the tasks it counts, and each table as an Excel file. Thin: parse the filters, ask the
policy, call the selector, lay the figures out as tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.exports.responses import dated_filename, xlsx_response
from khcn.exports.xlsx import table_to_xlsx
from khcn.research.choices import Regime
from khcn.research.permissions import task_policy
from khcn.research.selectors import dashboard as selectors


@dataclass
class Cell:
    """A figure (or a label) of a table: ``kind`` is "text", "count", "money" or "percent";
    ``url`` the register filtered to what it counts; ``bar`` a share of the table's largest."""

    value: Any
    url: str = ""
    kind: str = "count"
    bar: int | None = None
    strong: bool = False


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    footer: list[Cell] | None = None

    @property
    def money_columns(self) -> tuple[int, ...]:
        sample = self.rows[0] if self.rows else []
        return tuple(i for i, c in enumerate(sample) if c.kind == "money")


class Links:
    """The register filtered by the dashboard's filters and by what a figure counts."""

    def __init__(self, year: int | None, regime: str) -> None:
        self.base = reverse("research:task_list")
        self.filters: dict[str, Any] = {}
        if year:
            self.filters["year"] = year
        if regime:
            self.filters["regime"] = regime

    def __call__(self, **params: Any) -> str:
        query = urlencode({**self.filters, **params})
        return f"{self.base}?{query}" if query else self.base


def _filters(request: AuthenticatedRequest) -> tuple[int | None, str]:
    get = request.GET
    year = int(get["year"]) if get.get("year", "").isdigit() and len(get["year"]) == 4 else None
    regime = get.get("regime", "") if get.get("regime", "") in Regime.values else ""
    return year, regime


def _bar(n: int, top: int) -> int:
    return round(100 * n / top) if top else 0


def _term_name(term: Any) -> str:
    return term.name_en if get_language() == "en" and term.name_en else term.name


def _percent(rate: selectors.Rate) -> Cell:
    return Cell(rate.percent, kind="percent")


def _tables(dash: selectors.Dashboard, link: Links) -> list[Table]:
    tasks = _("Tasks")
    tables = []

    top = max((n for *_x, n in dash.states), default=0)
    tables.append(
        Table(
            "states",
            _("Tasks by state"),
            [_("State"), tasks, ""],
            [
                [Cell(label, kind="text"), Cell(n, link(state=s)), Cell("", kind="bar", bar=_bar(n, top))]
                for s, label, n in dash.states
            ],
            footer=[Cell(_("All tasks"), kind="text"), Cell(dash.total, link()), Cell("", kind="text")],
        )
    )

    top = max((n for _t, n in dash.fields_top), default=0)
    rows = []
    for term, n in dash.fields_top:
        rows.append(
            [
                Cell(term.code, kind="text", strong=True),
                Cell(_term_name(term), kind="text", strong=True),
                Cell(n, link(field=term.pk), strong=True),
                Cell("", kind="bar", bar=_bar(n, top)),
            ]
        )
        for child, m in dash.fields:
            if child.parent_id == term.pk:
                rows.append(
                    [
                        Cell(child.code, kind="text"),
                        Cell(_term_name(child), kind="text"),
                        Cell(m, link(field=child.pk)),
                        Cell("", kind="bar", bar=_bar(m, top)),
                    ]
                )
    tables.append(
        Table(
            "fields",
            _("Tasks by field of S&T"),
            [_("Code"), _("Field"), tasks, ""],
            rows,
            note=_("A task with several fields is counted under each of them; under a level-1 field, once."),
        )
    )

    tables.append(
        Table(
            "priorities",
            _("Tasks by priority field of a plan"),
            [_("Plan"), _("Item"), _("Priority field"), tasks],
            [
                [
                    Cell(
                        term.scheme.name_en
                        if get_language() == "en" and term.scheme.name_en
                        else term.scheme.name,
                        kind="text",
                    ),
                    Cell(term.plan_item.path or term.plan_item.label or term.code, kind="text"),
                    Cell(term.name, kind="text"),
                    Cell(n, link(plan_item=term.plan_item_id)),
                ]
                for term, n in dash.priorities
            ],
            note=_(
                "The plan items a task implements (on the task's page) that are a plan's priority fields."
            ),
        )
    )

    top = max((n for _y, n in dash.years), default=0)
    tables.append(
        Table(
            "years",
            _("Tasks by year ordered"),
            [_("Year ordered"), tasks, ""],
            [
                [Cell(str(y), kind="text"), Cell(n, link(year=y)), Cell("", kind="bar", bar=_bar(n, top))]
                for y, n in dash.years
            ],
        )
    )

    money = dash.money
    tables.append(
        Table(
            "money",
            _("State budget"),
            ["", _("Amount (VND)"), tasks],
            [
                [
                    Cell(_("State budget approved"), kind="text"),
                    Cell(money["budget"], link(figure="approved"), kind="money"),
                    Cell(money["approved_tasks"], link(figure="approved")),
                ],
                [
                    Cell(_("Advanced and paid in tranches"), kind="text"),
                    Cell(money["paid"], link(figure="paid"), kind="money"),
                    Cell(money["paid_tasks"], link(figure="paid")),
                ],
                [
                    Cell(_("Settled"), kind="text"),
                    Cell(money["settled"], link(figure="settled"), kind="money"),
                    Cell(money["settled_tasks"], link(figure="settled")),
                ],
                [
                    Cell(_("Recovered"), kind="text"),
                    Cell(money["recovered"], link(figure="recovered"), kind="money"),
                    Cell(money["recovered_tasks"], link(figure="recovered")),
                ],
            ],
        )
    )

    r = dash.reports
    tables.append(
        Table(
            "reports",
            _("Progress reports"),
            ["", _("Reports"), tasks],
            [
                [
                    Cell(_("Submitted by the due date"), kind="text"),
                    Cell(r["on_time"], link(figure="reports_on_time")),
                    Cell(r["on_time_tasks"], link(figure="reports_on_time")),
                ],
                [
                    Cell(_("Submitted late"), kind="text"),
                    Cell(r["late"], link(figure="reports_late")),
                    Cell(r["late_tasks"], link(figure="reports_late")),
                ],
                [
                    Cell(_("Overdue, not submitted"), kind="text"),
                    Cell(r["overdue"], link(figure="reports_overdue")),
                    Cell(r["overdue_tasks"], link(figure="reports_overdue")),
                ],
            ],
            footer=[Cell(_("On time"), kind="text"), _percent(dash.reports_rate), Cell("", kind="text")],
            note=_("Tasks: those with at least one such report."),
        )
    )

    g = dash.registration
    tables.append(
        Table(
            "registration",
            _("Registration of results"),
            ["", tasks],
            [
                [
                    Cell(_("Registered within the time set"), kind="text"),
                    Cell(g["on_time"], link(figure="registered_on_time")),
                ],
                [Cell(_("Registered late"), kind="text"), Cell(g["late"], link(figure="registered_late"))],
                [
                    Cell(_("Not registered, overdue"), kind="text"),
                    Cell(g["overdue"], link(figure="registration_overdue")),
                ],
            ],
            footer=[Cell(_("On time"), kind="text"), _percent(dash.registration_rate)],
            note=_(
                "The time set after the acceptance is the rule set's (research.lifecycle) in force on the "
                "task's ordering date."
            ),
        )
    )

    a = dash.application
    tables.append(
        Table(
            "application",
            _("Application of results"),
            ["", tasks],
            [
                [Cell(_("Accepted tasks"), kind="text"), Cell(a["accepted"], link(figure="accepted"))],
                [
                    Cell(_("With a report on the application of results"), kind="text"),
                    Cell(a["reported"], link(figure="application_reported")),
                ],
                [Cell(_("Results applied"), kind="text"), Cell(a["applied"], link(figure="applied"))],
            ],
            footer=[Cell(_("Share of accepted tasks applied"), kind="text"), _percent(dash.applied_rate)],
        )
    )

    tables.append(
        Table(
            "yearly",
            _("Yearly figures for the report to the province"),
            [
                _("Year"),
                _("Approved"),
                _("Under way"),
                pgettext("tasks dashboard", "Accepted"),
                _("Contract liquidated"),
            ],
            [
                [
                    Cell(str(row["year"]), kind="text"),
                    *(Cell(row[k], link(figure=k, during=row["year"])) for k in selectors.YEARLY),
                ]
                for row in dash.yearly
            ],
            note=_(
                "Approved, accepted and liquidated: by the date of the decision, the council or the "
                "liquidation minutes. Under way: the contract signed by the end of the year and the task "
                "not yet accepted (or ended) before it."
            ),
        )
    )
    return tables


@guarded_by(task_policy)
@login_required
def task_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """Statistics of the S&T tasks for the DOST, by year ordered and regime."""
    task_policy.require(request.user, "manage")
    year, regime = _filters(request)
    dash = selectors.task_dashboard(user=request.user, year=year, regime=regime)
    link = Links(year, regime)
    query = urlencode(link.filters)
    return render(
        request,
        "research/task_dashboard.html",
        {
            "dash": dash,
            "tables": _tables(dash, link),
            "regimes": Regime.choices,
            "query": query,
            "all_url": link(),
            "links": {
                "approved": link(figure="approved"),
                "paid": link(figure="paid"),
                "reports": link(figure="reports_late"),
                "registration": link(figure="registered_on_time"),
                "applied": link(figure="applied"),
            },
        },
    )


@guarded_by(task_policy)
@login_required
def task_dashboard_export(request: AuthenticatedRequest) -> HttpResponse:
    """One table of the dashboard (``?table=…``, with the page's filters) as an Excel file."""
    task_policy.require(request.user, "manage")
    year, regime = _filters(request)
    dash = selectors.task_dashboard(user=request.user, year=year, regime=regime)
    tables = {t.key: t for t in _tables(dash, Links(year, regime))}
    table = tables.get(request.GET.get("table", ""))
    if table is None:
        raise Http404
    keep = [i for i, h in enumerate(table.headers) if h or i == 0]  # the bars stay on the page

    def shown(cells: list[Cell]) -> list[Any]:
        out: list[Any] = []
        for i in keep:
            cell = cells[i] if i < len(cells) else Cell("", kind="text")
            percent = cell.kind == "percent" and cell.value is not None
            out.append(f"{cell.value}%" if percent else cell.value)
        return out

    rows = [shown(row) for row in table.rows]
    if table.footer:
        rows.append(shown(table.footer))
    subtitle = " · ".join(
        x
        for x in (
            _("Ordered in %(year)s") % {"year": year} if year else "",
            str(Regime(regime).label) if regime else "",
            table.note,
        )
        if x
    )
    data = table_to_xlsx(
        title=table.title,
        subtitle=subtitle or None,
        headers=[table.headers[i] for i in keep],
        rows=rows,
        sheet_name=table.title,
        money_columns=tuple(keep.index(i) for i in table.money_columns if i in keep),
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "S&T tasks statistics"), "xlsx"))
