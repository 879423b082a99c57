"""Agency report pages: home "what is due", start, edit and save, submit / return / accept, list."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from khcn.accounts.testing import role_users
from khcn.audit.models import AuditEvent
from khcn.core.testing import assert_policy_matrix
from khcn.plans import services
from khcn.plans.models import AgencyReport, Assignment, PlanItem, ReportLine
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, submit
from khcn.plans.tests.helpers import client as _client
from khcn.plans.tests.helpers import period_open as _period

pytestmark = pytest.mark.django_db


def _form_data(report: AgencyReport, *, summary: str = "", **per_path: dict[str, str]) -> dict[str, Any]:
    """The POST body of the report form, as the page would send it (every box)."""
    data: dict[str, Any] = {"version": report.version, "summary": summary}
    for line in ReportLine.objects.filter(report=report).select_related("assignment__item"):
        values = {
            "progress": line.progress,
            "results": line.results,
            "figures": line.figures,
            "difficulties": line.difficulties,
            "proposals": line.proposals,
        }
        values.update(per_path.get(line.assignment.item.path, {}))
        for name, value in values.items():
            data[f"line-{line.pk}-{name}"] = value
    return data


def _start(world: dict[str, Any], org_key: str = "health", user_key: str = "reporter") -> AgencyReport:
    return services.report_start(actor=world[user_key], period=world["period"], organization=world[org_key])


def _body(response: Any) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------------------------------
# The full cycle
# --------------------------------------------------------------------------------------------------


def test_full_cycle_through_the_views(world):
    reporter, leader, dost = (
        _client(world["reporter"]),
        _client(world["leader"]),
        _client(world["specialist"]),
    )
    period, health = world["period"], world["health"]
    start_url = reverse("plans:report_start", args=[period.pk, health.pk])

    # The reporter's home page shows what is due, with a button to start.
    home = _body(reporter.get(reverse("site:home")))
    assert 'data-testid="due-report"' in home and "Đợt kiểm tra" in home and start_url in home
    assert "12/KH-UBND" in home and period.due_on.strftime("%d/%m/%Y") in home
    # The badge says no report exists yet (not an item's status, "Chưa triển khai").
    assert 'badge-status-not_started">Chưa lập báo cáo<' in home and "Chưa triển khai" not in home

    assert reporter.get(start_url).status_code == 405  # POST only
    response = reporter.post(start_url)
    report = AgencyReport.objects.get(period=period, organization=health)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.lines.count() == 2
    assert reporter.post(start_url)["Location"] == report.get_absolute_url()  # starting twice: the same
    assert AgencyReport.objects.count() == 1

    page = _body(reporter.get(report.get_absolute_url()))
    assert 'data-testid="report-form"' in page and 'name="version"' in page
    assert 'data-path="IV.9 (second)"' in page and 'data-path="II.1"' in page
    assert 'data-testid="transition-submit"' not in page  # the reporter does not submit

    # The reporter saves a draft.
    data = _form_data(
        report,
        summary="Tình hình chung năm nay",
        **{"IV.9 (second)": {"progress": "in_progress", "results": "Đã triển khai 3 mô hình"}},
    )
    response = reporter.post(report.get_absolute_url(), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 2 and report.summary == "Tình hình chung năm nay"
    line = report.lines.get(assignment__item__path="IV.9 (second)")
    assert (line.progress, line.results) == ("in_progress", "Đã triển khai 3 mô hình")

    # The DOST does not see the draft yet.
    assert dost.get(report.get_absolute_url()).status_code == 404

    # The leader sees the submit button, with the item left "not started" to confirm; a post
    # that did not answer the question submits nothing.
    page = _body(leader.get(report.get_absolute_url()))
    assert 'data-testid="transition-submit"' in page and "data-confirm=" in page
    question = "Còn 1 mục để “Chưa triển khai” (II.1). Vẫn gửi báo cáo cho Sở KH&amp;CN?"
    assert question in page and 'name="confirmed" value="1"' in page
    submit_url = reverse("plans:report_transition", args=[report.pk, "submit"])
    refused = _body(leader.post(submit_url, follow=True))
    assert "message-error" in refused and "Còn 1 mục để" in refused
    report.refresh_from_db()
    assert report.status == "draft"
    response = leader.post(submit_url, {"confirmed": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_at and not report.is_late

    # The DOST reads it (read-only) and returns it; a return without a note is refused.
    page = _body(dost.get(report.get_absolute_url()))
    assert 'data-testid="report-read"' in page and 'data-testid="report-form"' not in page
    assert "Đã triển khai 3 mô hình" in page
    assert 'data-testid="transition-accept"' in page and 'name="note"' in page
    return_url = reverse("plans:report_transition", args=[report.pk, "return"])
    response = dost.post(return_url, {"note": "  "}, follow=True)
    assert response.status_code == 200 and "message-error" in _body(response)
    report.refresh_from_db()
    assert report.status == "submitted"
    dost.post(return_url, {"note": "Bổ sung số liệu quý IV"})
    report.refresh_from_db()
    assert report.status == "returned" and report.returned_at

    # The reporter sees the note on the home page and on the report, and saves again.
    home = _body(reporter.get(reverse("site:home")))
    assert "Bổ sung số liệu quý IV" in home and report.get_absolute_url() in home
    page = _body(reporter.get(report.get_absolute_url()))
    assert 'data-testid="return-note"' in page and "Bổ sung số liệu quý IV" in page
    assert 'data-testid="report-form"' in page
    data = _form_data(report, summary="Đã bổ sung", **{"IV.9 (second)": {"figures": "120 hồ sơ"}})
    assert reporter.post(report.get_absolute_url(), data).status_code == 302
    report.refresh_from_db()
    assert report.summary == "Đã bổ sung"

    # The leader resubmits (II.1 still "not started", confirmed); the DOST accepts.
    leader.post(reverse("plans:report_transition", args=[report.pk, "submit"]), {"confirmed": "1"})
    report.refresh_from_db()
    assert report.status == "submitted"
    dost.post(reverse("plans:report_transition", args=[report.pk, "accept"]))
    report.refresh_from_db()
    assert report.status == "accepted" and report.accepted_at

    # Accepted: read-only for everyone; a save is refused and changes nothing.
    page = _body(reporter.get(report.get_absolute_url()))
    assert 'data-testid="report-read"' in page and 'data-testid="workflow"' not in page
    before = (report.version, report.summary, list(report.lines.values_list("results", "figures")))
    events = AuditEvent.objects.count()
    data = _form_data(report, summary="Sửa sau khi chấp nhận", **{"II.1": {"results": "ghi đè"}})
    response = reporter.post(report.get_absolute_url(), data)
    assert response.status_code == 403
    assert 'data-testid="locked-note"' in _body(response) and "Sửa sau khi chấp nhận" in _body(response)
    report.refresh_from_db()
    assert (report.version, report.summary, list(report.lines.values_list("results", "figures"))) == before
    assert AuditEvent.objects.count() == events
    response = dost.post(return_url, {"note": "muộn"}, follow=True)
    assert "message-error" in _body(response)
    report.refresh_from_db()
    assert report.status == "accepted"

    # Every step is in the history tab.
    page = _body(reporter.get(report.get_absolute_url() + "?tab=history"))
    assert 'aria-current="page" data-testid="tab-history"' in page
    assert page.count("Bổ sung số liệu quý IV") >= 1
    actions = AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="plans.report.")
    assert [a.split(".")[-1] for a in actions.order_by("id").values_list("action", flat=True)] == [
        "created",
        "saved",
        "submit",
        "return",
        "saved",
        "submit",
        "accept",
    ]


def test_late_submission_is_flagged(world):
    period = _period(world["specialist"], world["plan"], days_to_due=-3, name="Đợt quá hạn")
    reporter, leader = _client(world["reporter"]), _client(world["leader"])
    home = _body(reporter.get(reverse("site:home")))
    assert "Đợt quá hạn" in home and "is-overdue" in home and "badge-overdue" in home
    reporter.post(reverse("plans:report_start", args=[period.pk, world["health"].pk]))
    report = AgencyReport.objects.get(period=period)
    assert "badge-overdue" in _body(reporter.get(report.get_absolute_url()))
    submit_url = reverse("plans:report_transition", args=[report.pk, "submit"])
    # Nothing written yet: refused, even confirmed, naming the items to fill in.
    empty = _body(leader.post(submit_url, {"confirmed": "1"}, follow=True))
    assert "Báo cáo đang để trống" in empty and "II.1, IV.9 (thứ hai)" in empty
    report.refresh_from_db()
    assert report.status == "draft"
    reporter.post(
        report.get_absolute_url(),
        _form_data(
            report, **{"II.1": {"progress": "completed"}, "IV.9 (second)": {"progress": "in_progress"}}
        ),
    )
    response = leader.post(submit_url, follow=True)  # nothing left "not started": no question
    report.refresh_from_db()
    assert report.is_late and "badge-late" in _body(response)


def test_stale_version_keeps_the_input_and_overwrites_nothing(world):
    report = _start(world)
    reporter, leader = _client(world["reporter"]), _client(world["leader"])
    first = _form_data(report, summary="Bản của cán bộ", **{"II.1": {"results": "Kết quả A"}})
    stale = _form_data(report, summary="Bản của lãnh đạo", **{"II.1": {"results": "Kết quả B"}})
    assert reporter.post(report.get_absolute_url(), first).status_code == 302
    events = AuditEvent.objects.count()

    response = leader.post(report.get_absolute_url(), stale)  # edited from version 1 too
    page = _body(response)
    assert response.status_code == 200 and 'data-testid="form-errors"' in page
    assert "Bản của lãnh đạo" in page and "Kết quả B" in page  # the input is kept
    assert 'data-testid="theirs"' in page and "Kết quả A" in page  # what was saved meanwhile
    assert 'name="version" value="2"' in page
    report.refresh_from_db()
    assert report.summary == "Bản của cán bộ" and report.version == 2
    assert report.lines.get(assignment__item__path="II.1").results == "Kết quả A"
    assert AuditEvent.objects.count() == events

    # Saving again from the page (now on the current version) keeps the leader's text, knowingly.
    assert leader.post(report.get_absolute_url(), {**stale, "version": 2}).status_code == 302
    report.refresh_from_db()
    assert report.summary == "Bản của lãnh đạo" and report.version == 3


def test_invalid_input_changes_nothing(world):
    report = _start(world)
    reporter = _client(world["reporter"])
    data = _form_data(report, summary="Tóm tắt", **{"II.1": {"progress": "finished-ish", "results": "x"}})
    response = reporter.post(report.get_absolute_url(), data)
    assert response.status_code == 200 and 'aria-invalid="true"' in _body(response)
    response = reporter.post(report.get_absolute_url(), {**data, "version": "abc"})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.version == 1 and report.summary == ""


def test_unknown_transition_and_get_are_refused(world):
    report = _start(world)
    leader = _client(world["leader"])
    assert leader.post(reverse("plans:report_transition", args=[report.pk, "publish"])).status_code == 404
    assert leader.get(reverse("plans:report_transition", args=[report.pk, "submit"])).status_code == 405
    report.refresh_from_db()
    assert report.status == "draft"


def test_report_page_runs_a_fixed_number_of_queries(world):
    report = _start(world)
    reporter = _client(world["reporter"])
    reporter.get(report.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        assert reporter.get(report.get_absolute_url()).status_code == 200
    items = PlanItem.objects.filter(plan=world["plan"]).exclude(assignments__organization=world["health"])
    for item in items:  # the agency now reports on every item of the plan
        assignment = Assignment.objects.create(
            item=item, organization=world["health"], agency_name="Sở Y tế", role="coordinate"
        )
        ReportLine.objects.create(report=report, assignment=assignment)
    assert report.lines.count() > 4
    with CaptureQueriesContext(connection) as many:
        assert reporter.get(report.get_absolute_url()).status_code == 200
    assert len(many) == len(few)


# --------------------------------------------------------------------------------------------------
# Who may do what (role × action)
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def actors(world):
    users = role_users(organization=world["health"])
    users["reporter_b"] = world["reporter_b"]
    users["leader_b"] = world["leader_b"]
    return users


OWN = {"agency_reporter": True, "agency_leader": True, "*": False}
LEADER = {"agency_leader": True, "*": False}
DOST = {"dost_specialist": True, "dost_leader": True, "*": False}


def _state(report: AgencyReport) -> Any:
    row = AgencyReport.objects.filter(pk=report.pk).values("status", "version", "summary").first()
    return row, list(ReportLine.objects.filter(report=report).values_list("progress", "results"))


def test_matrix_view_and_edit_a_draft(world, actors):
    report = _start(world)
    data = _form_data(report, summary="Sửa", **{"II.1": {"results": "mới"}})
    url = report.get_absolute_url()
    observed = assert_policy_matrix(
        actors=actors, expected=OWN, attempt=lambda c: c.get(url), state=lambda: _state(report), view=True
    )
    assert observed["dost_specialist"] is False and observed["reporter_b"] is False  # 404: not theirs
    assert_policy_matrix(
        actors=actors,
        expected=OWN,
        attempt=lambda c: c.post(url, data),
        state=lambda: _state(report),
        view=True,
    )


def test_matrix_agency_b_cannot_see_or_change_agency_a(world, actors):
    report = _start(world)
    url = report.get_absolute_url()
    for name in ("reporter_b", "leader_b"):
        client = _client(actors[name])
        assert client.get(url).status_code == 404
        assert client.post(url, _form_data(report, summary="x")).status_code == 404
        assert client.post(reverse("plans:report_transition", args=[report.pk, "submit"])).status_code == 404
        response = client.post(reverse("plans:report_start", args=[world["period"].pk, world["health"].pk]))
        assert response.status_code == 403
    assert _state(report)[0]["summary"] == ""
    assert not _body(_client(world["reporter_b"]).get(reverse("plans:report_list"))).count(url)


def test_matrix_start(world, actors):
    url = reverse("plans:report_start", args=[world["period"].pk, world["health"].pk])
    assert_policy_matrix(
        actors=actors,
        expected=OWN,
        attempt=lambda c: c.post(url),
        state=lambda: list(AgencyReport.objects.values_list("id", flat=True)),
        view=True,
    )


def test_matrix_only_the_agency_leader_submits(world, actors):
    report = _start(world)
    url = reverse("plans:report_transition", args=[report.pk, "submit"])
    assert_policy_matrix(
        actors=actors, expected=LEADER, attempt=lambda c: c.post(url), state=lambda: _state(report), view=True
    )


@pytest.mark.parametrize("name", ["return", "accept"])
def test_matrix_only_the_dost_returns_or_accepts(world, actors, name):
    report = submit(_start(world), world["leader"])
    url = reverse("plans:report_transition", args=[report.pk, name])
    assert_policy_matrix(
        actors=actors,
        expected=DOST,
        attempt=lambda c: c.post(url, {"note": "Bổ sung"}),
        state=lambda: _state(report),
        view=True,
    )


def test_matrix_an_accepted_report_cannot_change(world, actors):
    report = submit(_start(world), world["leader"])
    report = services.report_accept(actor=world["specialist"], report=report)
    data = _form_data(report, summary="Sửa sau khi khóa")
    assert_policy_matrix(
        actors=actors,
        expected={"*": False},
        attempt=lambda c: c.post(report.get_absolute_url(), data),
        state=lambda: _state(report),
        view=True,
    )
    # A workflow step on it is refused with a message (the status does not allow it).
    before, events = _state(report), AuditEvent.objects.count()
    for user, name in ((world["leader"], "submit"), (world["specialist"], "return")):
        url = reverse("plans:report_transition", args=[report.pk, name])
        response = _client(user).post(url, {"note": "x"}, follow=True)
        assert "message-error" in _body(response)
    assert _state(report) == before and AuditEvent.objects.count() == events


def test_anonymous_goes_to_login(world):
    report = _start(world)
    client = Client()
    for url in (reverse("plans:report_list"), report.get_absolute_url(), reverse("site:home")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("plans:report_start", args=[world["period"].pk, world["health"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --------------------------------------------------------------------------------------------------
# List and export
# --------------------------------------------------------------------------------------------------


def _more_reports(world: dict[str, Any], n: int) -> None:
    """``n`` more plans, each with a period and a submitted report of each agency."""
    for i in range(n):
        plan = services.plan_import(
            actor=world["specialist"], draft=ImportDraft.from_parse({**PARSE, "number": f"{100 + i}/KH-UBND"})
        )
        period = _period(world["specialist"], plan, name=f"Đợt {i}")
        for org in (world["health"], world["home_affairs"]):
            AgencyReport.objects.create(period=period, organization=org, status="submitted")


def test_list_for_the_dost_and_for_an_agency(world):
    draft = _start(world)  # health's draft: the DOST does not see it
    b = submit(_start(world, "home_affairs", "reporter_b"), world["leader_b"])
    dost, reporter = _client(world["specialist"]), _client(world["reporter"])
    page = _body(dost.get(reverse("plans:report_list")))
    assert b.get_absolute_url() in page and draft.get_absolute_url() not in page
    page = _body(reporter.get(reverse("plans:report_list")))
    assert draft.get_absolute_url() in page and b.get_absolute_url() not in page
    # Filters: agency name without accents, status, plan, period.
    url = reverse("plans:report_list")
    assert b.get_absolute_url() in _body(dost.get(url, {"agency": "noi vu"}))
    assert b.get_absolute_url() not in _body(dost.get(url, {"agency": "y te"}))
    assert b.get_absolute_url() not in _body(dost.get(url, {"status": "accepted"}))
    assert b.get_absolute_url() in _body(
        dost.get(url, {"plan": world["plan"].pk, "period": world["period"].pk})
    )
    assert dost.get(url, {"plan": "x", "status": "nonsense", "page": "99"}).status_code == 200


def test_list_runs_a_fixed_number_of_queries(world):
    dost = _client(world["specialist"])
    _more_reports(world, 1)
    dost.get(reverse("plans:report_list"))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert dost.get(reverse("plans:report_list")).status_code == 200
    _more_reports(world, 4)
    with CaptureQueriesContext(connection) as many:
        assert dost.get(reverse("plans:report_list")).status_code == 200
    assert len(many) == len(few)


def test_excel_export_follows_the_filters(world):
    submit(_start(world, "home_affairs", "reporter_b"), world["leader_b"])
    _more_reports(world, 1)
    response = _client(world["specialist"]).get(
        reverse("plans:report_list"), {"agency": "nội vụ", "format": "xlsx"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    agencies = [row[1] for row in rows if row and isinstance(row[0], int)]
    assert agencies == ["Sở Nội vụ", "Sở Nội vụ"]


# --------------------------------------------------------------------------------------------------
# Home page
# --------------------------------------------------------------------------------------------------


def _add_due_plans(world: dict[str, Any], n: int, offset: int) -> None:
    """``n`` more plans each with a period the health department owes, in various states."""
    for i in range(n):
        plan = services.plan_import(
            actor=world["specialist"],
            draft=ImportDraft.from_parse({**PARSE, "number": f"{offset + i}/KH-UBND"}),
        )
        period = _period(world["specialist"], plan, name=f"Đợt {offset + i}")
        _period(world["specialist"], plan, days_to_due=-5, name=f"Đợt cũ {offset + i}")
        report = services.report_start(actor=world["reporter"], period=period, organization=world["health"])
        report = submit(report, world["leader"])
        services.report_return(actor=world["specialist"], report=report, note=f"Ghi chú {offset + i}")


def test_home_shows_due_reports_in_a_fixed_number_of_queries(world):
    """As many queries for three plans as for one, computed afresh (``cold``) or not: what is
    due is kept per version of the plans' data, and a change shows at once."""
    from django.core.cache import cache

    reporter = _client(world["reporter"])
    _add_due_plans(world, 1, 200)
    reporter.get(reverse("site:home"))
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        page = _body(reporter.get(reverse("site:home")))
    assert page.count('data-testid="due-report"') == 3 and "Ghi chú 200" in page
    with CaptureQueriesContext(connection) as warm:
        reporter.get(reverse("site:home"))
    _add_due_plans(world, 3, 300)
    page = _body(reporter.get(reverse("site:home")))  # the change shows without clearing anything
    assert page.count('data-testid="due-report"') == 9 and "Ghi chú 302" in page
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        reporter.get(reverse("site:home"))
    assert len(many) == len(few) and len(warm) < len(few)


def test_home_for_the_dost_has_no_due_block(world):
    page = _body(_client(world["specialist"]).get(reverse("site:home")))
    assert 'data-testid="due-reports"' not in page
