"""The S&T tasks dashboard: its figures on a small hand-made set of tasks (several states,
years and regimes, payments, progress reports on time and late, registrations, reports on the
application of results), every figure's link listing in the register the tasks it counts, the
Excel export, and the DOST only."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from khcn.accounts.choices import Role
from khcn.classifications import services as classification_services
from khcn.classifications.models import Term
from khcn.core.models import RuleSet
from khcn.plans import services as plan_services
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, agencies_and_rules
from khcn.research.choices import DocumentKind, PaymentKind, Rating, ReportStatus
from khcn.research.choices import TaskState as S
from khcn.research.models import ApplicationReport, Payment, ProgressReport, Task, TaskDocument
from khcn.research.rules import LIFECYCLE
from khcn.research.selectors.dashboard import task_dashboard

pytestmark = pytest.mark.django_db

M = 1_000_000
D = dt.date


def _task(code: str, state: str, ordered_on: dt.date, fields: Sequence[str] = (), **values: Any) -> Task:
    task = Task.objects.create(
        code=code,
        title=f"Nhiệm vụ {code}",
        method="direct",
        regime=values.pop("regime", "pre_2025"),
        state=state,
        ordered_on=ordered_on,
        **values,
    )
    task.fields.set(list(Term.objects.filter(scheme__code="linh-vuc-khcn-2008", code__in=fields)))
    return task


def _report(task: Task, period: str, due_on: dt.date, status: str, late: bool = False) -> None:
    ProgressReport.objects.create(task=task, period=period, due_on=due_on, status=status, is_late=late)


@pytest.fixture
def world(make_user) -> dict[str, Any]:
    call_command("rulesets_sync", stdout=io.StringIO())
    world = agencies_and_rules(make_user)
    world["applicant"] = make_user(Role.APPLICANT)
    plan = plan_services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    classification_services.priority_scheme_from_plan(
        actor=world["specialist"], plan=plan, item=plan.items.get(path="II.3")
    )
    world["item"] = plan.items.get(path="II.3.c")

    t1 = _task(
        "2023-001", S.IN_PROGRESS, D(2023, 3, 1), ["405"],
        approved_on=D(2023, 6, 1), starts_on=D(2023, 7, 1), ends_on=D(2025, 6, 30), budget_state=500 * M,
    )  # fmt: skip
    t2 = _task(
        "2023-002", S.REGISTERED, D(2023, 3, 1), ["405", "101"],
        approved_on=D(2023, 5, 1), starts_on=D(2023, 6, 1), ends_on=D(2024, 5, 31), budget_state=300 * M,
        accepted_on=D(2024, 8, 1), rating=Rating.PASS, registered_on=D(2024, 8, 20),
    )  # fmt: skip
    t3 = _task(
        "2024-001", S.LIQUIDATED, D(2024, 2, 1), ["406"],
        approved_on=D(2024, 4, 1), starts_on=D(2024, 5, 1), ends_on=D(2024, 9, 15), budget_state=200 * M,
        accepted_on=D(2024, 10, 1), rating=Rating.EXCELLENT,
    )  # fmt: skip
    t4 = _task(
        "2023-003", S.CLOSED, D(2023, 3, 1),
        approved_on=D(2023, 6, 15), starts_on=D(2023, 7, 1), ends_on=D(2024, 1, 31), budget_state=150 * M,
        accepted_on=D(2024, 3, 1), rating=Rating.PASS, registered_on=D(2024, 5, 1),
    )  # fmt: skip
    t5 = _task("2025-001", S.ON_ORDER_LIST, D(2025, 11, 1), ["101"], regime="2025", budget_state=100 * M)
    t6 = _task(
        "2024-002", S.LIQUIDATED, D(2024, 2, 1),
        approved_on=D(2024, 4, 1), starts_on=D(2024, 5, 1), ends_on=D(2024, 8, 31), budget_state=50 * M,
        accepted_on=D(2024, 9, 1), rating=Rating.FAIL,
    )  # fmt: skip
    t7 = _task(
        "2023-004", S.TERMINATED, D(2023, 3, 1),
        approved_on=D(2023, 6, 1), starts_on=D(2023, 7, 1), ends_on=D(2024, 12, 31), budget_state=80 * M,
    )  # fmt: skip
    t2.plan_items.add(world["item"])
    t3.plan_items.add(world["item"])

    for task, kind, amount in [
        (t1, PaymentKind.ADVANCE, 200), (t1, PaymentKind.TRANCHE, 100), (t2, PaymentKind.ADVANCE, 300),
        (t2, PaymentKind.SETTLED, 280), (t6, PaymentKind.ADVANCE, 50), (t6, PaymentKind.RECOVERED, 50),
        (t7, PaymentKind.ADVANCE, 40), (t7, PaymentKind.RECOVERED, 40),
    ]:  # fmt: skip
        Payment.objects.create(task=task, kind=kind, amount=amount * M, paid_on=D(2024, 1, 10))
    _report(t1, "07/2023–12/2023", D(2024, 1, 15), ReportStatus.ACCEPTED)
    _report(t1, "01/2024–06/2024", D(2024, 7, 15), ReportStatus.SUBMITTED, late=True)
    _report(t1, "07/2024–12/2024", D(2025, 1, 15), ReportStatus.DRAFT)  # overdue
    _report(t7, "07/2023–12/2023", D(2024, 1, 15), ReportStatus.SUBMITTED)
    for task, on in [(t2, D(2024, 8, 10)), (t3, D(2025, 1, 5)), (t4, D(2024, 4, 1)), (t6, D(2024, 10, 1))]:
        TaskDocument.objects.create(task=task, kind=DocumentKind.LIQUIDATION, number="1/BB", signed_on=on)
    ApplicationReport.objects.create(task=t2, year=2025, applied=True, where="Năm Căn")
    ApplicationReport.objects.create(task=t3, year=2025, applied=False)
    world["tasks"] = [t1, t2, t3, t4, t5, t6, t7]
    return world


def test_the_figures_on_a_small_set(world):
    today = D(2026, 6, 1)
    dash = task_dashboard(user=world["specialist"], today=today)
    assert dash.total == 7
    assert {s: n for s, _label, n in dash.states} == {
        S.ON_ORDER_LIST: 1, S.IN_PROGRESS: 1, S.LIQUIDATED: 2, S.REGISTERED: 1, S.CLOSED: 1, S.TERMINATED: 1,
    }  # fmt: skip
    assert {t.code: n for t, n in dash.fields_top} == {"1": 2, "4": 3}
    assert {t.code: n for t, n in dash.fields} == {"101": 2, "405": 2, "406": 1}
    assert [(t.plan_item.path, n) for t, n in dash.priorities] == [("II.3.c", 2)]
    assert dash.years == [(2025, 1), (2024, 2), (2023, 4)]
    # The requested budget of a task not yet approved (t5) is not counted.
    assert dash.money == {
        "budget": 1280 * M, "approved_tasks": 6,
        "paid": 690 * M, "paid_tasks": 4,
        "settled": 280 * M, "settled_tasks": 1,
        "recovered": 90 * M, "recovered_tasks": 2,
    }  # fmt: skip
    assert dash.reports == {
        "on_time": 2, "late": 1, "overdue": 1, "on_time_tasks": 2, "late_tasks": 1, "overdue_tasks": 1,
    }  # fmt: skip
    assert dash.reports_rate.percent == 50
    # Registered within 30 days of the acceptance: t2 (19 days); t4 late (61); t3 not registered.
    # t6 failed its acceptance: nothing to register.
    assert dash.registration == {"on_time": 1, "late": 1, "overdue": 1}
    assert dash.application == {"accepted": 3, "reported": 2, "applied": 1}
    assert dash.applied_rate.percent == 33
    yearly = {row["year"]: row for row in dash.yearly}
    assert sorted(yearly) == [2023, 2024, 2025, 2026]
    assert [yearly[2023][k] for k in ("approved_in", "running_in", "accepted_in", "liquidated_in")] == [
        4,
        4,
        0,
        0,
    ]
    assert [yearly[2024][k] for k in ("approved_in", "running_in", "accepted_in", "liquidated_in")] == [
        2,
        6,
        3,
        3,
    ]
    assert [yearly[2025][k] for k in ("approved_in", "running_in", "accepted_in", "liquidated_in")] == [
        0,
        1,
        0,
        1,
    ]
    assert yearly[2026]["running_in"] == 1


def test_the_filters_of_year_and_regime(world):
    dash = task_dashboard(user=world["specialist"], year=2024, today=D(2026, 6, 1))
    assert dash.total == 2 and dash.money["budget"] == 250 * M
    assert dash.application == {"accepted": 1, "reported": 1, "applied": 0}
    assert dash.ordered_years == [2025, 2024, 2023]
    dash = task_dashboard(user=world["specialist"], regime="2025", today=D(2026, 6, 1))
    assert dash.total == 1 and dash.money["budget"] == 0 and dash.yearly == []


def test_the_registration_deadline_follows_the_rule_set(world):
    """A version whose deadline is in months (not calendar days) is computed by the calendar:
    with three months, t4 (registered two months after its acceptance) is on time."""
    version = RuleSet.objects.get(code=LIFECYCLE, effective_from=D(2014, 8, 1))
    version.parameters = {**version.parameters, "registration": {"amount": 3, "unit": "months"}}
    version.save()
    dash = task_dashboard(user=world["specialist"], today=D(2026, 6, 1))
    assert dash.registration == {"on_time": 2, "late": 0, "overdue": 1}


def _register_count(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_every_figure_links_to_the_register_listing_as_many_tasks(world):
    client = Client()
    client.force_login(world["specialist"])
    for query in ("", "?year=2023", "?regime=pre_2025"):
        response = client.get(reverse("research:task_dashboard") + query)
        assert response.status_code == 200
        checked = 0
        for table in response.context["tables"]:
            for row in table.rows:
                cells = [c for c in row if c.url]
                for cell in cells:
                    # An amount of money or of reports opens its tasks: the row's last column.
                    expected = cells[-1].value if table.key in ("money", "reports") else cell.value
                    assert _register_count(client, cell.url) == expected, (table.key, cell.url)
                    checked += 1
        assert checked > 10
    # The register says which figure it lists, and the link takes the filter away.
    url = reverse("research:task_list") + "?figure=running_in&during=2024"
    response = client.get(url)
    assert response.context["page"].paginator.count == 6
    assert "figure-filter" in response.content.decode()
    # A figure that is not one lists everything.
    assert _register_count(client, reverse("research:task_list") + "?figure=nothing") == 7
    assert _register_count(client, reverse("research:task_list") + f"?plan_item={world['item'].pk}") == 2


def _sheet(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data)).active


def test_the_tables_export_to_excel(world):
    client = Client()
    client.force_login(world["specialist"])
    response = client.get(reverse("research:task_dashboard_export") + "?table=money&year=2023")
    assert response.status_code == 200
    rows = list(_sheet(response.content).iter_rows(values_only=True))
    assert "2023" in str(rows[1][0])  # the subtitle names the filter
    budget = next(r for r in rows if r[1] == 1030 * M)  # t1 + t2 + t4 + t7, with its task count
    assert budget[2] == 4
    response = client.get(reverse("research:task_dashboard_export") + "?table=states")
    rows = list(_sheet(response.content).iter_rows(values_only=True))
    assert rows[-1][1] == 7 and all(len([c for c in r if c is not None]) <= 2 for r in rows)  # no bars
    assert client.get(reverse("research:task_dashboard_export") + "?table=nope").status_code == 404


def test_only_the_dost_sees_the_dashboard(world):
    client = Client()
    client.force_login(world["applicant"])
    assert client.get(reverse("research:task_dashboard")).status_code == 403
    assert client.get(reverse("research:task_dashboard_export") + "?table=states").status_code == 403
    register = client.get(reverse("research:task_list")).content.decode()
    assert "dashboard-link" not in register
    client.force_login(world["specialist"])
    assert "dashboard-link" in client.get(reverse("research:task_list")).content.decode()
