"""Journeys of the plans app: import the seed plan through the review screen; an agency report
from draft to accepted (saved, submitted by the leader, returned by the DOST, revised,
resubmitted, accepted); the DOST's consolidated annual report generated and downloaded as DOCX.

Set ``KHCN_SHOTS=1`` to also save full-page screenshots of the import review, the report page
(desktop and phone) and the annual report page to ``/tmp/shots/``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone, translation
from playwright.sync_api import expect

from khcn.core.testing import docx_text
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import submit
from tests.e2e.helpers import PASSWORD, PHONE, sign_in

SEED = Path(__file__).resolve().parents[2] / "khcn" / "plans" / "fixtures" / "ke-hoach-kl50-ca-mau.txt"
SHOTS = Path("/tmp/shots")
NOTE = "Đề nghị bổ sung số liệu cụ thể về kinh phí đã bố trí cho khoa học và công nghệ."
RESULTS = "Đã thẩm định dự toán kinh phí khoa học và công nghệ năm 2026 của Sở Khoa học và Công nghệ."
REVISED = "Đã thẩm định dự toán 12,5 tỷ đồng chi cho khoa học và công nghệ năm 2026; bố trí đủ theo đề nghị."
DIFFICULTIES = "Nguồn thu ngân sách của tỉnh còn hạn chế."
EDITED_DIFFICULTIES = "Kinh phí sự nghiệp khoa học bố trí cho các ngành còn thấp so với nhu cầu."
EDITED_GENERAL = "Nhìn chung, các sở, ngành đã chủ động triển khai Kế hoạch theo chức năng, nhiệm vụ."


def _vi(msgid: str, **params: Any) -> str:
    """``msgid`` as the Vietnamese pages show it."""
    with translation.override("vi"):
        text = translation.gettext(msgid)
    return text % params if params else text


def _vi_plural(singular: str, plural: str, n: int) -> str:
    with translation.override("vi"):
        return translation.ngettext(singular, plural, n) % {"counter": n}


def _label(choice: Any) -> str:
    """A choice's label in Vietnamese (report status, item progress)."""
    with translation.override("vi"):
        return str(choice.label)


def _shot(page: Any, name: str) -> None:
    """A full-page screenshot in ``/tmp/shots/`` when ``KHCN_SHOTS=1``; nothing otherwise."""
    if os.environ.get("KHCN_SHOTS") != "1":
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _parse() -> dict[str, Any]:
    from khcn.plans.parser import parse_text

    return parse_text(SEED.read_text(encoding="utf-8")).to_json()


def _paths(sections: list[dict[str, Any]]) -> list[str]:
    """Item paths in document order, as the importer names them ("IV.9 (second)")."""
    from khcn.plans.paths import duplicate_path

    out: list[str] = []

    def walk(nodes: list[dict[str, Any]], prefix: str) -> None:
        for node in nodes:
            path = f"{prefix}.{node['label']}" if prefix else str(node["label"])
            if path in out:
                n = 2
                while duplicate_path(path, n) in out:
                    n += 1
                path = duplicate_path(path, n)
            out.append(path)
            walk(node.get("children") or [], path)

    walk(sections, "")
    return out


# --- Data, created through the services ----------------------------------------------------


@pytest.fixture
def agencies(actors: Any) -> dict[str, Any]:
    """The agencies the seed plan names (as the demo data has them, besides the three of
    ``actors``), and the reporting rule set (annual periods: 15/12 → 14/12, 5 days to report)."""
    from khcn.organizations.choices import OrganizationKind
    from khcn.organizations.demo import CA_MAU_2019
    from khcn.organizations.models import Organization
    from khcn.organizations.services import organization_create
    from khcn.site.services import ruleset_publish

    organization_create(
        actor=actors.admin,
        name="Ủy ban nhân dân tỉnh Cà Mau",
        short_name="UBND tỉnh Cà Mau",
        kind=OrganizationKind.PROVINCIAL_COMMITTEE,
        aliases=["Ủy ban nhân dân tỉnh", "UBND tỉnh"],
    )
    existing = set(Organization.objects.values_list("name", flat=True))
    for name, short, kind, aliases in CA_MAU_2019:
        if name not in existing:
            organization_create(actor=actors.admin, name=name, short_name=short, kind=kind, aliases=aliases)
    ruleset_publish(
        actor=actors.admin,
        code="plans.reporting",
        title="Kỳ báo cáo và thời hạn gửi báo cáo",
        effective_from=dt.date(2019, 4, 1),
        parameters={"annual": {"start": "15/12", "end": "14/12", "submit_within_days": 5}},
    )
    return {org.name: org for org in Organization.objects.all()}


def _person(username: str, full_name: str, role: str, organization: Any) -> Any:
    from khcn.accounts.services import membership_add, user_create

    user = user_create(actor=None, username=username, full_name=full_name, password=PASSWORD)
    membership_add(actor=None, user=user, role=role, organization=organization)
    return user


@pytest.fixture
def period(actors: Any, agencies: dict[str, Any]) -> Any:
    """The seed plan imported through the service, with this year's annual period open."""
    from khcn.plans import services
    from khcn.plans.choices import PeriodKind

    text = SEED.read_text(encoding="utf-8")
    plan = services.plan_import(
        actor=actors.specialist,
        draft=ImportDraft.from_parse(_parse()),
        source_text=text,
        source_name=SEED.name,
    )
    year = timezone.localdate().year
    if timezone.localdate() > dt.date(year, 12, 14):  # after the cut-off: next year's period is open
        year += 1
    return services.period_create(actor=actors.specialist, plan=plan, kind=PeriodKind.ANNUAL, year=year)


# --- 1. Import ------------------------------------------------------------------------------


def test_import_the_seed_plan_through_the_review_screen(page, server, actors, agencies, log_in):
    from khcn.plans.choices import AssignmentRole
    from khcn.plans.models import Assignment, Plan, PlanItem

    parse = _parse()
    paths = _paths(parse["sections"])
    log_in(actors.specialist)
    page.goto(f"{server}/plans/")
    page.get_by_test_id("import-link").click()
    page.wait_for_url(f"{server}/plans/import/")
    page.locator("#id_file").set_input_files(str(SEED))
    page.get_by_test_id("read-plan").click()
    page.wait_for_url(re.compile(r"/plans/import/[\w-]+/review/$"))

    summary = page.get_by_test_id("review-summary")
    expect(summary).to_contain_text(SEED.name)
    expect(summary).to_contain_text(_vi_plural("%(counter)s item", "%(counter)s items", len(paths)))
    expect(summary).to_contain_text(
        _vi_plural("%(counter)s assignment", "%(counter)s assignments", len(parse["assignments"]))
    )
    expect(page.locator("#id_doc_type")).to_have_value(parse["doc_type"])
    expect(page.locator("#id_title")).to_have_value(parse["title"])
    expect(page.locator("#id_number")).to_have_value(parse["number"] or "")
    expect(page.locator("#id_issuer")).to_have_value(parse["issuer"])
    # The parser's warnings are listed for the specialist to check.
    warnings = page.get_by_test_id("warnings")
    for warning in parse["warnings"][:2]:
        expect(warnings).to_contain_text(warning["message"])

    items = page.get_by_test_id("items-table").locator("tbody tr[data-path]")
    expect(items).to_have_count(len(paths))
    expect(items.first).to_have_attribute("data-path", paths[0])
    expect(items.nth(len(paths) - 1)).to_have_attribute("data-path", paths[-1])
    health = page.locator('tr[data-path="IV.7"] td.col-heading textarea').first
    expect(health).to_have_value("Sở Y tế")
    expect(page.locator('tr[data-path="IV.9 (second)"] td.col-heading textarea').first).to_have_value(
        "Công an tỉnh và Bộ Chỉ huy Quân sự tỉnh"
    )

    assignments = page.get_by_test_id("assignments-table").locator("tbody tr[data-agency]")
    expect(assignments).to_have_count(len(parse["assignments"]))
    # A name of the registry: resolved to the agency that carries the duty today.
    expect(page.locator('tr[data-agency="Sở Y tế"] small.resolved a')).to_have_text("Sở Y tế")
    # A generic name ("các cơ quan liên quan") is not an agency: listed as unmatched, kept as written.
    expect(page.get_by_test_id("unresolved")).to_contain_text("các cơ quan liên quan")
    expect(page.locator('tr[data-agency="các cơ quan liên quan"] .badge-warning').first).to_be_visible()
    assert Plan.objects.count() == 0  # nothing saved before the confirmation
    _shot(page, "import-review")

    page.get_by_test_id("confirm").click()
    page.wait_for_url(re.compile(r"/plans/(\d+)/$"))
    plan = Plan.objects.get()
    assert page.url == f"{server}/plans/{plan.pk}/"
    expect(page.locator("h1")).to_have_text(parse["doc_type"])
    expect(page.locator(".plan-title")).to_have_text(parse["title"])
    saved = PlanItem.objects.filter(plan=plan).count()
    count = Assignment.objects.filter(item__plan=plan).count()
    expect(page.locator(".messages")).to_contain_text(
        _vi(
            "The plan was imported with %(items)s items and %(assignments)s assignments.",
            items=saved,
            assignments=count,
        )
    )
    tree = page.get_by_test_id("plan-tree")
    expect(tree.locator('li[data-path="IV.7"] .duties')).to_contain_text("Sở Y tế")

    # The database holds what the parser read: every item, in order, and every assignment
    # whose role is "lead" or "coordinate" (the closing paragraph's "report" is not a duty).
    assert plan.title == parse["title"] and plan.issuer_name == parse["issuer"]
    assert plan.number == (parse["number"] or "") and plan.source_name == SEED.name
    assert plan.issuer == agencies["Ủy ban nhân dân tỉnh Cà Mau"]
    assert list(plan.items.order_by("position").values_list("path", flat=True)) == paths
    headings = dict(plan.items.values_list("path", "heading"))
    assert headings["IV.7"] == "Sở Y tế" and headings["II.3.c"].startswith("Lĩnh vực y tế dự phòng")
    expected = {
        (a["section"] if a["section"] in paths else a["section"].split(" (")[0], a["agency"], a["role"])
        for a in parse["assignments"]
        if a["role"] in AssignmentRole.values
    }
    stored = set(Assignment.objects.filter(item__plan=plan).values_list("item__path", "agency_name", "role"))
    assert stored == expected
    assert count == len(expected)
    by_name = {
        (a.item.path, a.agency_name): a
        for a in Assignment.objects.filter(item__plan=plan).select_related("item")
    }
    assert by_name[("IV.7", "Sở Y tế")].organization == agencies["Sở Y tế"]
    assert by_name[("IV.7", "Sở Y tế")].role == AssignmentRole.LEAD
    assert by_name[("IV.3", "Sở Tài chính")].organization == agencies["Sở Tài chính"]
    assert by_name[("IV.9 (second)", "Công an tỉnh")].organization == agencies["Công an tỉnh"]
    assert by_name[("IV.1", "các cơ quan liên quan")].organization is None  # kept as written
    lead = by_name[("IV.1", actors.dost.name)]
    assert lead.role == AssignmentRole.LEAD and lead.organization == actors.dost
    assert lead.deadline_text == next(
        a["deadline"] for a in parse["assignments"] if a["section"] == "IV.1" and a["role"] == "lead"
    )
    related = set(plan.items.get(path="IV.7").related.values_list("path", flat=True))
    assert related == set(next(a for a in parse["assignments"] if a["section"] == "IV.7")["related_sections"])


# --- 2. Report workflow ---------------------------------------------------------------------


def _status(page: Any, choice: Any) -> None:
    expect(page.get_by_test_id("report-status").locator("[data-status]")).to_have_text(_label(choice))


def _line(page: Any, path: str) -> Any:
    return page.locator(f'fieldset.report-line[data-path="{path}"]')


def _confirming(page: Any, test_id: str) -> None:
    """Click a workflow button that asks for confirmation first, and accept."""
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id(test_id).click()


def test_agency_report_from_draft_to_accepted(new_page, server, actors, agencies, period):
    from khcn.accounts.choices import Role
    from khcn.plans.choices import ItemProgress, ReportStatus
    from khcn.plans.models import AgencyReport

    finance = agencies["Sở Tài chính"]
    reporter = _person("baocao.stc", "Lê Văn Báo Cáo", Role.AGENCY_REPORTER, finance)
    leader = _person("lanhdao.stc", "Phạm Thị Lãnh Đạo", Role.AGENCY_LEADER, finance)
    saved_message = _vi("The report was saved.")

    # The reporter starts the report from the home page and fills in its draft.
    desk = new_page()
    sign_in(desk, server, reporter.username)
    due = desk.get_by_test_id("due-report").filter(has_text=period.name)
    expect(due).to_have_count(1)
    due.get_by_role("button", name=_vi("Start the report")).click()
    desk.wait_for_url(re.compile(r"/plans/reports/(\d+)/$"))
    report = AgencyReport.objects.get(period=period, organization=finance)
    url = f"{server}/plans/reports/{report.pk}/"
    _status(desk, ReportStatus.DRAFT)
    expect(desk.locator("h1")).to_contain_text(finance.name)
    # One line per duty of the agency: IV.1 (coordinates with the DOST) and IV.3 (leads).
    expect(desk.locator("fieldset.report-line")).to_have_count(2)
    expect(_line(desk, "IV.3")).to_be_visible()
    expect(_line(desk, "IV.1")).to_be_visible()
    # The reporter saves but does not submit: that is the leader's.
    expect(desk.get_by_test_id("transition-submit")).to_have_count(0)
    desk.locator("#id_summary").fill("Sở Tài chính đã triển khai các nội dung được giao.")
    line = _line(desk, "IV.3")
    line.locator("select[name$='-progress']").select_option(ItemProgress.IN_PROGRESS.value)
    line.locator("textarea[name$='-results']").fill(RESULTS)
    line.locator("textarea[name$='-difficulties']").fill(DIFFICULTIES)
    _line(desk, "IV.1").locator("select[name$='-progress']").select_option(ItemProgress.COMPLETED.value)
    desk.get_by_test_id("save").click()
    desk.wait_for_url(url)
    expect(desk.locator(".messages")).to_contain_text(saved_message)
    expect(_line(desk, "IV.3").locator("textarea[name$='-results']")).to_have_value(RESULTS)
    _status(desk, ReportStatus.DRAFT)

    # The leader submits it (confirming the dialog); the form is then read-only for everyone.
    boss = new_page()
    sign_in(boss, server, leader.username)
    boss.goto(url)
    _confirming(boss, "transition-submit")
    boss.wait_for_url(url)
    expect(boss.locator(".messages")).to_contain_text(_vi("The report was submitted to the DOST."))
    _status(boss, ReportStatus.SUBMITTED)
    expect(boss.get_by_test_id("report-form")).to_have_count(0)
    expect(boss.get_by_test_id("report-read")).to_contain_text(RESULTS)

    # The DOST returns it with a note.
    dost = new_page()
    sign_in(dost, server, actors.specialist.username)
    dost.goto(url)
    _status(dost, ReportStatus.SUBMITTED)
    expect(dost.get_by_test_id("report-read")).to_contain_text(DIFFICULTIES)
    dost.get_by_test_id("transition-return-details").locator("summary").click()
    dost.locator("#id_note_return").fill(NOTE)
    dost.get_by_test_id("transition-return-details").get_by_test_id("transition-return").click()
    dost.wait_for_url(url)
    expect(dost.locator(".messages")).to_contain_text(
        _vi("The report was returned to the agency for revision.")
    )
    _status(dost, ReportStatus.RETURNED)

    # The reporter sees the note (on the home page and on the report), revises and saves.
    desk.goto(f"{server}/")
    expect(desk.get_by_test_id("due-report").filter(has_text=period.name)).to_contain_text(NOTE)
    desk.goto(url)
    _status(desk, ReportStatus.RETURNED)
    note = desk.get_by_test_id("return-note")
    expect(note).to_contain_text(NOTE)
    expect(note).to_contain_text(actors.specialist.full_name)
    line = _line(desk, "IV.3")
    expect(line.locator("textarea[name$='-results']")).to_have_value(RESULTS)
    line.locator("select[name$='-progress']").select_option(ItemProgress.COMPLETED.value)
    line.locator("textarea[name$='-results']").fill(REVISED)
    _shot(desk, "report-returned-desktop")
    phone = new_page(viewport=PHONE)
    sign_in(phone, server, reporter.username)
    phone.goto(url)
    expect(phone.get_by_test_id("return-note")).to_be_visible()
    widths = phone.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"] == PHONE["width"], (
        f"the report page is {widths['scroll']}px wide"
    )
    _shot(phone, "report-returned-phone")
    desk.get_by_test_id("save").click()
    desk.wait_for_url(url)
    expect(desk.locator(".messages")).to_contain_text(saved_message)

    # The leader submits again; the DOST accepts.
    boss.goto(url)
    _status(boss, ReportStatus.RETURNED)
    _confirming(boss, "transition-submit")
    boss.wait_for_url(url)
    _status(boss, ReportStatus.SUBMITTED)
    dost.goto(url)
    expect(dost.get_by_test_id("report-read")).to_contain_text(REVISED)
    _confirming(dost, "transition-accept")
    dost.wait_for_url(url)
    expect(dost.locator(".messages")).to_contain_text(
        _vi("The report was accepted. It can no longer be changed.")
    )
    _status(dost, ReportStatus.ACCEPTED)
    expect(dost.get_by_test_id("workflow")).to_have_count(0)

    # Accepted: locked for the agency too — no form, no action, no file to attach.
    desk.goto(url)
    _status(desk, ReportStatus.ACCEPTED)
    expect(desk.get_by_test_id("report-form")).to_have_count(0)
    expect(desk.get_by_test_id("workflow")).to_have_count(0)
    expect(desk.get_by_test_id("attachment-form")).to_have_count(0)
    expect(desk.get_by_test_id("return-note")).to_have_count(0)
    read = desk.get_by_test_id("report-read")
    expect(read.locator('[data-path="IV.3"]')).to_contain_text(REVISED)
    expect(read.locator('[data-path="IV.3"]')).to_contain_text(_label(ItemProgress.COMPLETED))
    expect(read.locator('[data-path="IV.3"]')).to_contain_text(DIFFICULTIES)
    _shot(desk, "report-accepted-desktop")

    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.submitted_at is not None and report.accepted_at is not None and not report.is_late
    assert report.summary == "Sở Tài chính đã triển khai các nội dung được giao."
    lines = {ln.assignment.item.path: ln for ln in report.lines.select_related("assignment__item")}
    assert set(lines) == {"IV.1", "IV.3"}
    assert (lines["IV.3"].progress, lines["IV.3"].results, lines["IV.3"].difficulties) == (
        ItemProgress.COMPLETED,
        REVISED,
        DIFFICULTIES,
    )
    assert lines["IV.1"].progress == ItemProgress.COMPLETED


# --- 3. The consolidated annual report ------------------------------------------------------


def _report(actors: Any, period: Any, org: Any, progress: dict[str, str], *, accept: bool = True) -> Any:
    """An agency report through the services: started, filled in, submitted, accepted."""
    from khcn.accounts.choices import Role
    from khcn.accounts.services import username_suggestion
    from khcn.plans import services
    from khcn.plans.models import ReportLine

    slug = username_suggestion(org.short_name).replace(".", "")  # usernames are ASCII
    reporter = _person(f"baocao.{slug}", f"Cán bộ báo cáo {org.short_name}", Role.AGENCY_REPORTER, org)
    leader = _person(f"lanhdao.{slug}", f"Lãnh đạo {org.short_name}", Role.AGENCY_LEADER, org)
    report = services.report_start(actor=reporter, period=period, organization=org)
    lines = {
        line.pk: {
            "progress": progress[line.assignment.item.path],
            "results": f"Kết quả {line.assignment.item.path} của {org.name}",
            "difficulties": "Nguồn nhân lực có trình độ chuyên sâu còn thiếu.",
        }
        for line in ReportLine.objects.filter(report=report).select_related("assignment__item")
    }
    report = services.report_save(
        actor=reporter,
        report=report,
        version=report.version,
        summary=f"{org.name} đã triển khai.",
        lines=lines,
    )
    report = submit(report, leader)
    if accept:
        report = services.report_accept(actor=actors.specialist, report=report)
    return report


def test_annual_report_edited_generated_and_downloaded(
    page, server, actors, agencies, period, log_in, tmp_path
):
    from khcn.exports.docx import date_line
    from khcn.plans import exports
    from khcn.plans.choices import ItemProgress
    from khcn.plans.models import Assignment, ConsolidatedReport

    health, finance, home = agencies["Sở Y tế"], agencies["Sở Tài chính"], agencies["Sở Nội vụ"]
    _report(actors, period, health, {"IV.7": ItemProgress.COMPLETED})
    _report(actors, period, finance, {"IV.1": ItemProgress.IN_PROGRESS, "IV.3": ItemProgress.COMPLETED})
    _report(actors, period, home, {"IV.9": ItemProgress.IN_PROGRESS}, accept=False)  # awaiting review

    log_in(actors.specialist)
    page.goto(f"{server}/plans/{period.plan_id}/")
    page.locator("#periods").get_by_role("link", name=_vi("Consolidated report")).click()
    url = f"{server}/plans/periods/{period.pk}/annual-report/"
    page.wait_for_url(url)
    expect(page.locator("h1")).to_contain_text(period.name)
    expect(page.locator("main")).to_contain_text(
        _vi_plural(
            "The draft below is assembled from %(counter)s accepted agency report.",
            "The draft below is assembled from %(counter)s accepted agency reports.",
            2,
        )
    )
    expect(page.get_by_test_id("inputs").locator("tbody tr")).to_have_count(2)
    form = page.get_by_test_id("annual-report-form")
    # The draft is written from the accepted reports only.
    general = form.locator("#id_general")
    expect(general).to_have_value(re.compile(re.escape(f"- {health.name}: {health.name} đã triển khai.")))
    expect(general).not_to_have_value(re.compile(re.escape(f"{home.name} đã triển khai")))

    # The specialist edits part of the narrative, numbers and signs the report, and generates it.
    general.fill(f"{general.input_value()}\n{EDITED_GENERAL}")
    form.locator("#id_difficulties").fill(f"- {EDITED_DIFFICULTIES}")
    form.locator("#id_number").fill("15")
    form.locator("#id_signer_name").fill("Nguyễn Văn Hùng")
    _shot(page, "annual-report")
    form.get_by_test_id("generate").click()
    page.wait_for_url(f"{url}#generated")
    expect(page.locator(".messages")).to_contain_text(_vi("The report was generated. Download it below."))
    generated = page.get_by_test_id("generated").locator("tbody tr")
    expect(generated).to_have_count(1)
    expect(generated).to_contain_text("15/BC-SKHCN")
    expect(generated).to_contain_text("Nguyễn Văn Hùng")

    with page.expect_download() as info:
        page.get_by_test_id("download-docx").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    data = target.read_bytes()
    saved = ConsolidatedReport.objects.get(period=period)
    assert bytes(saved.docx) == data
    assert saved.number == "15/BC-SKHCN" and saved.signer_name == "Nguyễn Văn Hùng"
    assert {i["organization"] for i in saved.inputs} == {health.name, finance.name}

    paragraphs, tables = docx_text(data)
    text = "\n".join(paragraphs)
    # The header: issuing body on the left, national title and motto on the right, the number,
    # place and date (the form's default date, today).
    for expected in (
        date_line(settings.KHCN_PLACE, saved.document_date),
        saved.summary,
        settings.KHCN_ISSUER_PARENT,
        settings.KHCN_ISSUER_NAME,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-SKHCN",
        exports.DOC_TYPE,
        "Nguyễn Văn Hùng",
    ):
        assert expected in paragraphs, expected
    # Sections I–VI, in order.
    headings = [
        f"{n}. {exports.SECTION_HEADINGS[key]}"
        for n, key in zip(("I", "II", "III", "IV", "V", "VI"), exports.SECTION_ORDER, strict=True)
    ]
    positions = [paragraphs.index(h) for h in headings]
    assert positions == sorted(positions), headings
    # The edited narrative, where the specialist put it.
    assert EDITED_GENERAL in paragraphs
    assert paragraphs.index(EDITED_GENERAL) < positions[1]
    bullet = next(p for p in paragraphs if EDITED_DIFFICULTIES in p)
    assert positions[3] < paragraphs.index(bullet) < positions[4]
    assert "Nguồn nhân lực có trình độ chuyên sâu còn thiếu." not in text  # replaced by the edit
    # Next period: carry on with IV.1 (still in progress), described by its task, not by the
    # name of its lead agency that heads it in the plan.
    carry_on = next(p for p in paragraphs[positions[4] + 1 : positions[5]] if "IV.1." in p)
    assert "IV.1. Chủ trì, phối hợp với các sở, ban, ngành" in carry_on and finance.name in carry_on, carry_on
    assert f"IV.1. {actors.dost.name}" not in carry_on
    # The annex: one row per item with duties, with its lead agency and status.
    annex = next(t for t in tables if t and t[0][0] == "STT")
    assert annex[0] == exports.ANNEX_HEADERS
    rows = {row[1].split(". ")[0]: row for row in annex[1:]}
    items = list(
        Assignment.objects.filter(item__plan=period.plan)
        .order_by("item__position")
        .values_list("item__path", flat=True)
        .distinct()
    )
    from khcn.plans.paths import display_path

    with translation.override("vi"):  # the DOCX reads "IV.9 (thứ hai)" for the key "IV.9 (second)"
        printed = [display_path(p) for p in dict.fromkeys(items)]
    assert [row[1].split(". ")[0] for row in annex[1:]] == printed
    assert [row[0] for row in annex[1:]] == [str(n) for n in range(1, len(annex))]
    no_report = _vi("No report yet")
    assert rows["IV.7"][2] == health.name and rows["IV.7"][5] == _label(ItemProgress.COMPLETED)
    assert rows["IV.3"][2] == finance.name and rows["IV.3"][5] == _label(ItemProgress.COMPLETED)
    assert f"Kết quả IV.3 của {finance.name}" in rows["IV.3"][6]
    assert rows["IV.9"][2] == home.name and rows["IV.9"][5] == no_report  # submitted, not accepted
    assert rows["IV.1"][2] == actors.dost.name and rows["IV.1"][5] == _label(ItemProgress.IN_PROGRESS)
    assert rows["IV.8"][2] == agencies["Sở Giáo dục và Đào tạo"].name and rows["IV.8"][5] == no_report
