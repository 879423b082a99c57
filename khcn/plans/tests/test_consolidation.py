"""The consolidated report (draft, generate, DOCX/XLSX) and the plan dashboard."""

import datetime as dt
import io
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.accounts.testing import role_users
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError
from khcn.core.testing import assert_policy_matrix, docx_text
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.plans import exports, services
from khcn.plans import selectors as cons
from khcn.plans.choices import PeriodKind, TaskStatus
from khcn.plans.models import Assignment, ConsolidatedReport, PlanItem, ReportLine
from khcn.plans.parser.deadlines import deadline_date
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import agencies_and_rules, sample_parse

pytestmark = pytest.mark.django_db

PARSE = sample_parse(
    title="KẾ HOẠCH THỬ NGHIỆM THỰC HIỆN KẾT LUẬN SỐ 50-KL/TW",
    assignments=[
        {
            "section": "IV.1",
            "agency": "Sở Khoa học và Công nghệ",
            "role": "lead",
            "related_sections": ["II.1"],
            "deadline": "hằng năm",
        },
        {"section": "IV.1", "agency": "Sở Y tế", "role": "coordinate"},
        {
            "section": "IV.9",
            "agency": "Sở Nội vụ",
            "role": "lead",
            "deadline": {"text": "trước ngày 15/12/2023", "date": "2023-12-15"},
        },
        {"section": "IV.9 (second)", "agency": "Sở Y tế", "role": "lead", "related_sections": ["II.3.c"]},
        {"section": "IV.9 (second)", "agency": "Ủy ban nhân dân các huyện, thành phố", "role": "coordinate"},
    ],
)


@pytest.fixture
def world(make_user):
    world = agencies_and_rules(make_user)
    world["people"] = {
        org.pk: (
            make_user(Role.AGENCY_REPORTER, organization=org),
            make_user(Role.AGENCY_LEADER, organization=org),
        )
        for org in (world["dost"], world["health"], world["home_affairs"])
    }
    return world


def report(world, period, org, progress, *, accept=True, submit=True, summary="", extra=None):
    """An agency report through the services: start, fill in, submit, accept."""
    reporter, leader = world["people"][org.pk]
    rep = services.report_start(actor=reporter, period=period, organization=org)
    lines = {}
    for line in ReportLine.objects.filter(report=rep).select_related("assignment__item"):
        path = line.assignment.item.path
        values = {"progress": progress[path], "results": f"Kết quả {path} của {org.name}"}
        values.update((extra or {}).get(path, {}))
        lines[line.pk] = values
    rep = services.report_save(actor=reporter, report=rep, version=rep.version, summary=summary, lines=lines)
    if submit:  # every line has its status and text: nothing to confirm but "not started" ones
        rep = services.report_submit(actor=leader, report=rep, confirmed=True)
    if accept:
        rep = services.report_accept(actor=world["specialist"], report=rep)
    return rep


@pytest.fixture
def dataset(world):
    """Two annual periods. 2024 (past its due date): the Sở Y tế report, sent late, accepted.
    2099: Sở Y tế accepted (IV.9 second completed, IV.1 in progress), Sở Nội vụ submitted (IV.9
    in progress, its deadline 15/12/2023 passed: overdue), the DOST has not reported."""
    sp = world["specialist"]
    plan = services.plan_import(actor=sp, draft=ImportDraft.from_parse(PARSE))
    old = services.period_create(actor=sp, plan=plan, kind=PeriodKind.ANNUAL, year=2024)
    new = services.period_create(actor=sp, plan=plan, kind=PeriodKind.ANNUAL, year=2099)
    report(world, old, world["health"], {"IV.1": "in_progress", "IV.9 (second)": "in_progress"})
    health = report(
        world,
        new,
        world["health"],
        {"IV.1": "in_progress", "IV.9 (second)": "completed"},
        summary="Sở đã triển khai đầy đủ.",
        extra={
            "IV.9 (second)": {
                "figures": "03 mô hình",
                "difficulties": "Thiếu kinh phí.",
                "proposals": "Bổ sung kinh phí.",
            },
            "IV.1": {"difficulties": "Thiếu kinh phí."},
        },
    )
    home = report(world, new, world["home_affairs"], {"IV.9": "in_progress"}, accept=False)
    return {"plan": plan, "old": old, "new": new, "health_report": health, "home_report": home}


def form_data(world, period, **overrides):
    draft = cons.annual_report_draft(user=world["specialist"], period=period)
    data = {
        "summary": draft.summary,
        "number": "7",
        "symbol": "BC-SKHCN",
        "document_date": "05/01/2100",
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_position": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn An",
        "recipients": "UBND tỉnh (b/c)\nBộ Khoa học và Công nghệ (b/c)",
        "archive": "VT, QLKH",
        "fingerprint": draft.fingerprint,
        **{key: draft.narrative[key] for key in cons.TEXT_SECTIONS},
    }
    for group in draft.narrative["results"]:
        data[f"result_{group['key']}_title"] = group["title"]
        data[f"result_{group['key']}_text"] = group["text"]
    data.update(overrides)
    return data


# --- deadlines and content groups -------------------------------------------------------------


def test_deadline_values():
    assert deadline_date({"text": "trước ngày 15/12/2023", "date": "2023-12-15"}) == dt.date(2023, 12, 15)
    assert deadline_date({"kind": "quarter", "quarter": 2, "year": 2025}) == dt.date(2025, 6, 30)
    assert deadline_date({"kind": "period", "from": 2021, "to": 2025}) == dt.date(2025, 12, 31)
    assert deadline_date({"kind": "recurring", "text": "hằng năm"}) is None
    assert deadline_date("2024-03-01") == dt.date(2024, 3, 1)
    assert deadline_date(None) is None and deadline_date({"text": "thường xuyên"}) is None


def test_groups_follow_the_content_item_restated(world):
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    pmap = cons.plan_map(plan)
    by_path = {i.path: i.pk for i in pmap.items.values()}
    group_paths = lambda path: [pmap.items[g].path for g in pmap.groups_of(by_path[path])]  # noqa: E731
    assert group_paths("IV.1") == ["II.1"]  # restates II.1
    assert group_paths("IV.9 (second)") == ["II.3"]  # restates II.3.c → its second-level item
    assert group_paths("IV.9") == ["IV"]  # no link: its own top-level section
    assert group_paths("II.3.c") == ["II.3"]  # an item inside the content section


# --- dashboard ----------------------------------------------------------------------------------


def test_dashboard_figures_on_a_known_dataset(world, dataset):
    dash = cons.plan_dashboard(user=world["specialist"], plan=dataset["plan"])
    assert dash.totals.by_bucket == {
        TaskStatus.ON_TIME: 1,
        TaskStatus.LATE: 0,
        TaskStatus.IN_PROGRESS: 1,
        TaskStatus.OVERDUE: 1,
        TaskStatus.NOT_STARTED: 0,
        TaskStatus.ADJUSTMENT: 0,
        TaskStatus.NO_REPORT: 1,
    }
    assert dash.unmapped == 1 and dash.expected == 3
    agencies = {a.name: a.counts for a in dash.agencies}
    assert agencies["Sở Y tế"].by_bucket[TaskStatus.ON_TIME] == 1
    assert agencies["Sở Y tế"].by_bucket[TaskStatus.IN_PROGRESS] == 1
    assert agencies["Sở Y tế"].percent == 50
    assert agencies["Sở Nội vụ"].by_bucket[TaskStatus.OVERDUE] == 1
    assert agencies["Sở Khoa học và Công nghệ"].by_bucket[TaskStatus.NO_REPORT] == 1
    groups = {g.group.path: g.counts for g in dash.groups}
    assert set(groups) == {"II.1", "II.3", "IV"}
    assert groups["II.1"].total == 2 and groups["II.1"].by_bucket[TaskStatus.IN_PROGRESS] == 1
    assert groups["II.3"].by_bucket[TaskStatus.ON_TIME] == 1
    assert groups["IV"].by_bucket[TaskStatus.OVERDUE] == 1
    periods = {p.period.pk: p for p in dash.periods}
    old, new = periods[dataset["old"].pk], periods[dataset["new"].pk]
    assert (old.expected, old.submitted, old.on_time, old.late, old.accepted, old.missing) == (
        3,
        1,
        0,
        1,
        1,
        2,
    )
    assert (new.expected, new.submitted, new.on_time, new.late, new.awaiting, new.accepted, new.missing) == (
        3,
        2,
        2,
        0,
        1,
        1,
        1,
    )

    # As of the 2024 period: only that period's lines count.
    dash_old = cons.plan_dashboard(user=world["specialist"], plan=dataset["plan"], period=dataset["old"])
    assert dash_old.as_of == dt.date(2024, 12, 14)
    assert dash_old.totals.by_bucket[TaskStatus.IN_PROGRESS] == 2
    assert dash_old.totals.by_bucket[TaskStatus.OVERDUE] == 1  # Sở Nội vụ: deadline passed, no report
    assert dash_old.totals.by_bucket[TaskStatus.NO_REPORT] == 1


def test_dashboard_page_links_figures_and_feeds_the_charts(client, world, dataset):
    client.force_login(world["specialist"])
    plan = dataset["plan"]
    response = client.get(reverse("plans:plan_dashboard", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"tính đến ngày {timezone.localdate():%d/%m/%Y}." in html  # the day the statuses are for
    data = json.loads(
        re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    codes = [b["code"] for b in data["buckets"]]
    assert data["status"]["values"][codes.index(TaskStatus.OVERDUE)] == 1
    assert "Sở Y tế" in data["agencies"]["labels"]
    assert "<script>" not in html.replace('<script id="dashboard-data"', "")  # no inline code
    assert "plans-dashboard.js" in html and "chart.umd.min.js" in html
    report_list = reverse("plans:report_list")
    assert f"{report_list}?plan={plan.pk}&amp;period={dataset['new'].pk}&amp;status=accepted" in html
    # A figure opens its list.
    overdue = client.get(reverse("plans:plan_dashboard", args=[plan.pk]), {"show": TaskStatus.OVERDUE})
    rows = overdue.context["list_rows"]
    assert [r["a"]["item__path"] for r in rows] == ["IV.9"]
    assert f"#item-{rows[0]['a']['item_id']}" in overdue.content.decode()
    missing = client.get(reverse("plans:plan_dashboard", args=[plan.pk]), {"missing": dataset["new"].pk})
    assert [m.name for m in missing.context["missing_rows"]] == ["Sở Khoa học và Công nghệ"]


def test_dashboard_queries_do_not_grow_with_data(
    client, world, dataset, make_user, django_assert_max_num_queries
):
    client.force_login(world["specialist"])
    plan = dataset["plan"]
    urls = [
        reverse("plans:plan_dashboard", args=[plan.pk]),
        reverse("plans:plan_dashboard", args=[plan.pk]) + "?show=all",
        reverse("plans:plan_dashboard", args=[plan.pk]) + f"?period={dataset['new'].pk}&show=in_progress",
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    # Grow: five more agencies, each with two assignments and an accepted report in both periods.
    items = list(PlanItem.objects.filter(plan=plan, path__in=["II.1", "II.3.c"]))
    for i in range(5):
        org = org_services.organization_create(actor=world["admin"], name=f"Sở Thử {i}", kind=K.DEPARTMENT)
        world["people"][org.pk] = (
            make_user(Role.AGENCY_REPORTER, organization=org),
            make_user(Role.AGENCY_LEADER, organization=org),
        )
        for item in items:
            Assignment.objects.create(item=item, organization=org, agency_name=org.name, role="lead")
        for period in (dataset["old"], dataset["new"]):
            report(world, period, org, {"II.1": "completed", "II.3.c": "completed_late"})
    assert max(counts) <= 20, counts
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
    dash = cons.plan_dashboard(user=world["specialist"], plan=plan)
    assert dash.totals.by_bucket[TaskStatus.ON_TIME] == 6 and dash.totals.by_bucket[TaskStatus.LATE] == 5


def test_annual_report_queries_do_not_grow_with_unmapped_names(
    client, world, dataset, django_assert_max_num_queries
):
    """Names no agency stands for yet are resolved together, not one query per name (the page
    and the recipients of the consolidated report)."""
    client.force_login(world["specialist"])
    url = reverse("plans:annual_report", args=[dataset["new"].pk])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    before = len(ctx.captured_queries)
    items = list(PlanItem.objects.filter(plan=dataset["plan"], path__in=["II.1", "II.3.c"]))
    for i in range(6):
        for item in items:
            Assignment.objects.create(
                item=item, agency_name=f"Trung tâm Thử nghiệm số {i}", role="coordinate"
            )
    with django_assert_max_num_queries(before):
        page = client.get(url)
    assert page.status_code == 200


def test_the_assignment_list_is_paged_and_exports_every_row(client, world, dataset, settings):
    settings.KHCN_PAGE_SIZE = 2
    client.force_login(world["specialist"])
    plan = dataset["plan"]
    url = reverse("plans:plan_dashboard", args=[plan.pk])
    every = list(cons.dashboard_assignments(user=world["specialist"], plan=plan, pmap=cons.plan_map(plan)))
    assert len(every) > 2
    pages = []
    for number in (1, 2):
        response = client.get(url, {"show": "all", "page": number})
        pages.append([r["a"]["pk"] for r in response.context["list_rows"]])
        assert response.context["list_total"] == len(every)
    assert pages == [[m.pk for m in every[:2]], [m.pk for m in every[2:4]]]
    html = client.get(url, {"show": "all"}).content.decode()
    assert 'href="?show=all&amp;page=2#list"' in html and 'href="?show=all&amp;format=xlsx"' in html
    # The export has every row, not one page, with the filter in its title.
    export = client.get(url, {"show": TaskStatus.OVERDUE, "format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="phan cong-' in export["Content-Disposition"]  # "phân công", translated
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert "Quá hạn" in cells[0][0]
    overdue = [m for m in every if m.status == TaskStatus.OVERDUE]
    body = [row for row in cells if isinstance(row[0], int)]
    assert [(row[1], row[6]) for row in body] == [("IV.9", "Quá hạn")] * len(overdue)
    all_rows = load_workbook(io.BytesIO(client.get(url, {"show": "all", "format": "xlsx"}).content)).active
    assert sum(1 for row in all_rows.iter_rows(values_only=True) if isinstance(row[0], int)) == len(every)


def test_the_agency_table_is_paged_and_exported_whole(client, world, dataset, settings):
    settings.KHCN_PAGE_SIZE = 1
    client.force_login(world["specialist"])
    plan = dataset["plan"]
    url = reverse("plans:plan_dashboard", args=[plan.pk])
    names = [a.name for a in cons.plan_dashboard(user=world["specialist"], plan=plan).agencies]
    assert len(names) > 1
    shown = []
    for number in range(1, len(names) + 1):
        response = client.get(url, {"show": "all", "agency_page": number})
        shown += [entry["row"].name for entry in response.context["agencies"]]
        assert response.context["list_total"] > 0  # the open list stays open
    assert shown == names
    html = client.get(url, {"show": "all"}).content.decode()
    assert 'href="?show=all&amp;agency_page=2#agencies-title"' in html
    export = client.get(url, {"format": "xlsx", "table": "agencies"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    body = [row for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert [row[1] for row in body] == names and 'filename="hoan thanh theo co quan-' in export[
        "Content-Disposition"
    ]


# --- the consolidated report ------------------------------------------------------------------------


def test_draft_assembles_the_accepted_reports(world, dataset):
    draft = cons.annual_report_draft(user=world["specialist"], period=dataset["new"])
    assert [r.pk for r in draft.reports] == [dataset["health_report"].pk]  # Nội vụ is only submitted
    assert draft.missing == ["Sở Khoa học và Công nghệ", "Sở Nội vụ"]
    assert draft.summary.startswith("Kết quả thực hiện Kế hoạch số 12/KH-UBND ngày 05/02/2024")
    assert draft.summary.endswith("năm 2099")
    groups = {g["path"]: g for g in draft.narrative["results"]}
    assert set(groups) == {"II.1", "II.3"}
    # No parentheses inside parentheses, no ".;" (khcn.plans.tidy).
    assert "Sở Y tế (IV.9, thứ hai): Kết quả IV.9 (second) của Sở Y tế; 03 mô hình" in groups["II.3"]["text"]
    assert draft.narrative["difficulties"] == "- Thiếu kinh phí (Sở Y tế)."  # said once
    assert "- Bổ sung kinh phí (Sở Y tế)." in draft.narrative["proposals"]
    assert "- Sở Y tế: Sở đã triển khai đầy đủ." in draft.narrative["general"]
    # IV.1 (headed by its lead, the DOST) is still in progress for its coordinator: the next
    # tasks say what it asks for (the item it restates), not the lead's name.
    assert (
        "- Tiếp tục thực hiện nhiệm vụ IV.1. Tuyên truyền (II.1) (Sở Y tế)."
        in draft.narrative["next_tasks"].splitlines()
    )
    row = next(r for r in draft.annex if r.content.startswith("IV.1."))
    assert (row.lead, row.coordinators, row.deadline) == ("Sở Khoa học và Công nghệ", "Sở Y tế", "hằng năm")
    assert row.status == "Đang thực hiện"  # only the coordinator reported: its line gives the status
    row = next(r for r in draft.annex if r.content.startswith("IV.9 (thứ hai)"))
    assert row.lead == "Sở Y tế" and row.coordinators == "Ủy ban nhân dân các huyện, thành phố"
    assert row.status == "Đã hoàn thành"


def test_generate_keeps_the_docx_with_its_inputs_and_is_audited(client, world, dataset):
    client.force_login(world["specialist"])
    period = dataset["new"]
    url = reverse("plans:annual_report", args=[period.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Sở Y tế" in page.content.decode()
    data = form_data(world, period, difficulties="- Kinh phí còn hạn chế.\nĐoạn văn thêm.")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    generated = ConsolidatedReport.objects.get()
    health = dataset["health_report"]
    assert generated.inputs == [
        {
            "report": health.pk,
            "version": health.version,
            "organization": "Sở Y tế",
            "accepted_at": health.accepted_at.isoformat(),
        }
    ]
    assert generated.number == "07/BC-SKHCN" and generated.document_date == dt.date(2100, 1, 5)
    assert generated.narrative["difficulties"] == "- Kinh phí còn hạn chế.\nĐoạn văn thêm."
    assert generated.generated_by == world["specialist"] and len(generated.docx_sha256) == 64
    event = AuditEvent.objects.get(action=services.ANNUAL_REPORT_GENERATED)
    assert event.object_id == str(dataset["plan"].pk)
    assert event.changes["reports_included"][1] == [f"Sở Y tế (#{health.pk} v{health.version})"]

    docx = client.get(reverse("plans:annual_report_download", args=[period.pk, "docx"]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxml")
    assert bytes(docx.content) == bytes(generated.docx)
    paragraphs, tables = docx_text(docx.content)
    text = "\n".join(paragraphs)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH CÀ MAU",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: 07/BC-SKHCN",
        "BÁO CÁO",
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ ĐẠT ĐƯỢC",
        "III. TỒN TẠI, HẠN CHẾ",
        "IV. KHÓ KHĂN, VƯỚNG MẮC",
        "V. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
        "1. Tuyên truyền",
        "- Kinh phí còn hạn chế.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn An",
        "- UBND tỉnh (b/c);",
        "- Lưu: VT, QLKH.",
    ):
        assert expected in paragraphs, expected
    assert "Kết quả thực hiện Kế hoạch số 12/KH-UBND" in text
    annex = next(t for t in tables if t[0][0] == "STT")
    assert annex[0] == exports.ANNEX_HEADERS
    by_item = {row[1].split(". ")[0]: row for row in annex[1:]}
    assert by_item["IV.9 (thứ hai)"][2:6] == [
        "Sở Y tế",
        "Ủy ban nhân dân các huyện, thành phố",
        "",
        "Đã hoàn thành",
    ]
    assert "03 mô hình" in by_item["IV.9 (thứ hai)"][6]
    assert by_item["IV.9"][2] == "Sở Nội vụ" and by_item["IV.9"][4] == "trước ngày 15/12/2023"
    doc = Document(io.BytesIO(docx.content))
    assert any(s.orientation == 1 for s in doc.sections)  # the annex is on landscape pages

    xlsx = client.get(reverse("plans:annual_report_download", args=[period.pk, "xlsx"]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(exports.ANNEX_HEADERS)
    body = rows[header + 1 :]
    assert [r[1].split(". ")[0] for r in body] == [row[1].split(". ")[0] for row in annex[1:]]
    assert [body[-1][2], body[-1][5]] == ["Sở Y tế", "Đã hoàn thành"]
    assert body[0][0] == 1


def test_generation_refused_without_accepted_reports_or_when_reports_arrive(client, world, dataset):
    period = dataset["new"]
    with pytest.raises(DomainError):
        services.annual_report_generate(
            actor=world["specialist"],
            period=services.period_create(
                actor=world["specialist"], plan=dataset["plan"], kind="annual", year=2098
            ),
            narrative={},
            summary="",
            number="",
            document_date=None,
            signer_authority="",
            signer_position="PHÓ GIÁM ĐỐC",
            signer_name="A",
            recipients=[],
        )
    client.force_login(world["specialist"])
    stale = form_data(world, period)
    services.report_accept(actor=world["specialist"], report=dataset["home_report"])  # arrives meanwhile
    response = client.post(reverse("plans:annual_report", args=[period.pk]), stale)
    assert response.status_code == 200 and not ConsolidatedReport.objects.exists()
    assert "Sở Nội vụ" in str(response.context["form"].non_field_errors())
    assert response.context["form"]["fingerprint"].value() != stale["fingerprint"]
    again = client.post(
        reverse("plans:annual_report", args=[period.pk]),
        {**stale, "fingerprint": response.context["form"]["fingerprint"].value()},
    )
    assert again.status_code == 302
    assert len(ConsolidatedReport.objects.get().inputs) == 2


def test_only_the_dost_generates(world, dataset):
    period = dataset["new"]
    url = reverse("plans:annual_report", args=[period.pk])
    data = form_data(world, period)
    assert_policy_matrix(
        actors=role_users(organization=world["health"]),
        expected={"dost_specialist": True, "dost_leader": True, "sysadmin": True, "*": False},
        attempt=lambda client: client.post(url, data),
        state=lambda: list(ConsolidatedReport.objects.values_list("id", flat=True)),
        view=True,
    )


def test_the_draft_is_the_dosts(client, world, dataset):
    period = dataset["new"]
    reporter = world["people"][world["health"].pk][0]
    client.force_login(reporter)
    url = reverse("plans:annual_report", args=[period.pk])
    assert client.get(url).status_code == 404  # nothing issued: no page for an agency
    # No draft download for them before anything is generated.
    assert client.get(reverse("plans:annual_report_download", args=[period.pk, "docx"])).status_code == 404
    # The DOST can preview the draft before generating.
    client.force_login(world["specialist"])
    preview = client.get(reverse("plans:annual_report_download", args=[period.pk, "docx"]))
    assert preview.status_code == 200
    paragraphs, _tables = docx_text(preview.content)
    assert "BÁO CÁO" in paragraphs
    assert client.get(reverse("plans:annual_report_download", args=[period.pk, "pdf"])).status_code == 404


def test_the_consolidated_report_is_for_the_dost_and_once_issued_the_agencies_of_the_plan(
    client, world, dataset, make_user
):
    """Page, DOCX and XLSX: the DOST always (the draft before anything is generated); an
    agency of the plan once a report is issued (number and date); never applicants, council
    members, accounts with no role or agencies outside the plan."""
    period = dataset["new"]
    page = reverse("plans:annual_report", args=[period.pk])
    downloads = [reverse("plans:annual_report_download", args=[period.pk, fmt]) for fmt in ("docx", "xlsx")]
    actors = role_users(organization=world["health"])
    actors["agency outside the plan"] = make_user(Role.AGENCY_LEADER, organization=world["ubnd"])
    actors["no role"] = User.objects.create_user(
        username="khong-vai-tro", password="Mat-khau-2026", full_name="Ai Đó"
    )
    dost_only = {"dost_specialist": True, "dost_leader": True, "sysadmin": True, "*": False}
    with_agencies = {**dost_only, "agency_reporter": True, "agency_leader": True}

    def check(expected):
        for url in (page, *downloads):
            assert_policy_matrix(
                actors=actors,
                expected=expected,
                attempt=lambda c, url=url: c.get(url),
                state=lambda: ConsolidatedReport.objects.count(),
                view=True,
            )

    check(dost_only)  # nothing generated: the draft is the DOST's
    client.force_login(world["specialist"])
    assert client.post(page, form_data(world, period, number="")).status_code == 302
    check(dost_only)  # generated, awaiting its number: not issued yet
    assert client.post(page, form_data(world, period)).status_code == 302
    check(with_agencies)  # issued: 07/BC-SKHCN of 05/01/2100
    agency = Client()
    agency.force_login(actors["agency_reporter"])
    listed = agency.get(page).content.decode()
    assert "07/BC-SKHCN" in listed and "/BC-SKHCN" not in listed.replace("07/BC-SKHCN", "")
    plan_page = agency.get(period.plan.get_absolute_url()).content.decode()
    assert plan_page.count(page) == 1  # the link of the period with an issued report, and no other
    outsider = Client()
    outsider.force_login(actors["agency outside the plan"])
    assert "annual-report" not in outsider.get(period.plan.get_absolute_url()).content.decode()


def test_difficulties_raised_during_the_period_join_the_draft(world, dataset):
    from khcn.plans.models import Difficulty

    reporter = world["people"][world["home_affairs"].pk][0]
    inside = services.difficulty_raise(
        actor=reporter,
        plan=dataset["plan"],
        organization=world["home_affairs"],
        text="Chưa có hướng dẫn đặt hàng.",
    )
    outside = services.difficulty_raise(
        actor=reporter,
        plan=dataset["plan"],
        organization=world["home_affairs"],
        text="Vướng mắc của năm khác.",
    )
    when = timezone.make_aware(dt.datetime(2099, 6, 1, 9))
    Difficulty.objects.filter(pk=inside.pk).update(raised_at=when)
    Difficulty.objects.filter(pk=outside.pk).update(raised_at=when - dt.timedelta(days=800))
    draft = cons.annual_report_draft(user=world["specialist"], period=dataset["new"])
    assert "Chưa có hướng dẫn đặt hàng (Sở Nội vụ)." in draft.narrative["difficulties"]
    assert "Vướng mắc của năm khác" not in draft.narrative["difficulties"]


def test_the_annex_follows_the_signature(client, world, dataset):
    client.force_login(world["specialist"])
    period = dataset["new"]
    response = client.post(reverse("plans:annual_report", args=[period.pk]), form_data(world, period))
    assert response.status_code == 302
    generated = ConsolidatedReport.objects.filter(period=period).latest("generated_at")
    body = Document(io.BytesIO(bytes(generated.docx))).element.body.xml
    signer_at = body.index(generated.signer_name)
    assert body.index(exports.ANNEX_CAPTION) > signer_at


def test_a_result_restating_several_groups_is_told_once(world):
    data = json.loads(json.dumps(PARSE))
    data["assignments"][0]["related_sections"] = ["II.1", "II.3.c"]  # IV.1 restates two groups
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(data))
    period = services.period_create(actor=world["specialist"], plan=plan, kind=PeriodKind.ANNUAL, year=2099)
    report(world, period, world["dost"], {"IV.1": "in_progress"})
    draft = cons.annual_report_draft(user=world["specialist"], period=period)
    told = "\n".join(g["text"] for g in draft.narrative["results"])
    assert told.count("Kết quả IV.1 của Sở Khoa học và Công nghệ") == 1
    assert [g["path"] for g in draft.narrative["results"]] == ["II.1"]
