"""Journeys of an S&T task after the ordering list, in the browser:

- an application through selection to a contract: the DOST publishes the call; the applicant
  applies with its dossier and submits; the DOST checks the dossier and hands it to the
  selection council; the council's scores come back (its journeys are in test_councils.py);
  the DOST records the selection result; the host submits its revised description; the DOST
  hands the budget to an appraisal team with a member of the Department of Finance, whose
  conclusion comes back; the DOST records the approval and the contract and pays the advance:
  the task is under way;
- a six-monthly progress report returned for completion and submitted again;
- the acceptance through the registration of the results: the host's account names its leader,
  who submits the dossier the investigator put together and confirms the Form 5 summary.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _vi(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


def _state(label: str) -> str:
    from khcn.research.choices import TaskState

    return _vi(str(TaskState(label).label))


@pytest.fixture
def world(actors: Any) -> dict[str, Any]:
    from khcn.accounts.choices import Role
    from khcn.accounts.services import membership_add, user_create
    from khcn.research.models import Task

    call_command("rulesets_sync", stdout=io.StringIO())
    applicant = user_create(actor=None, username="ungvien.e2e", full_name="Huỳnh Quốc Bảo", password=PASSWORD)
    membership_add(actor=None, user=applicant, role=Role.APPLICANT)
    leader = user_create(
        actor=None,
        username="thutruong.e2e",
        full_name="Trần Minh Đức",
        password=PASSWORD,
        email="thutruong@vien2.example",
    )
    membership_add(actor=None, user=leader, role=Role.APPLICANT)
    task = Task.objects.create(
        code="2026-001",
        title="Ứng dụng IoT giám sát môi trường ao nuôi tôm",
        method="selection",
        regime="2025",
        ordered_on=dt.date(2026, 1, 10),
    )
    return {"applicant": applicant, "leader": leader, "task": task}


def _fill_decision(form: Any, number: str, day: dt.date) -> None:
    form.locator("#id_number").fill(number)
    form.locator("#id_signed_on").fill(day.isoformat())


def test_an_application_goes_through_selection_to_a_contract(page, server, actors, world, tmp_path):
    from khcn.councils import services as councils
    from khcn.councils.registry import subject
    from khcn.research.choices import DossierPart
    from khcn.research.models import Application, Task
    from khcn.research.services import applications

    task, applicant = world["task"], world["applicant"]
    today = timezone.localdate()
    page.on("dialog", lambda dialog: dialog.accept())

    # The DOST publishes the call for applications.
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}/research/tasks/{task.pk}/")
    page.get_by_test_id("step-open_call").click()
    page.get_by_test_id("step-form").locator("#id_apply_from").fill(
        (today - dt.timedelta(days=1)).isoformat()
    )
    page.get_by_test_id("step-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-state")).to_have_text(_state("call_open"))

    # The applicant applies, attaches the dossier and submits.
    page.context.clear_cookies()
    sign_in(page, server, applicant.username)
    page.get_by_test_id("home-host").get_by_role("link", name=task.code, exact=False).click()
    page.get_by_test_id("apply").click()
    form = page.get_by_test_id("application-form")
    form.locator("#id_host_name").fill("Viện Nghiên cứu Nuôi trồng thủy sản II")
    form.locator("#id_investigator").fill("TS. Trần Thị Bích")
    form.locator("#id_objectives").fill("Hệ thống cảm biến giám sát oxy hòa tan, pH, độ mặn.")
    form.locator("#id_contents").fill("Nội dung 1: thiết kế; nội dung 2: thử nghiệm tại 3 ao.")
    form.locator("#id_products").fill("Hệ thống IoT | đo 4 chỉ tiêu, sai số ≤ 5% | 01")
    form.locator("#id_duration_months").fill("18")
    form.locator("#id_budget_total").fill("900000000")
    form.locator("#id_line_labour").fill("500000000")
    form.locator("#id_lump_labour").fill("500000000")
    form.locator("#id_line_equipment").fill("400000000")
    form.get_by_role("button", name=_vi("Save the draft")).click()
    expect(page.get_by_test_id("application-missing")).to_contain_text(_vi(str(DossierPart.FORM.label)))
    pdf = tmp_path / "ho-so.pdf"
    pdf.write_bytes(PDF)
    for part in applications.required_parts(task):
        files = page.get_by_test_id("file-form")
        files.locator("#id_part").select_option(part)
        files.locator("#id_file").set_input_files(str(pdf))
        files.get_by_role("button", name=_vi("Attach")).click()
    expect(page.get_by_test_id("application-missing")).to_have_count(0)
    page.get_by_test_id("application-submit").click()
    expect(page.get_by_test_id("application-status")).to_have_text(_vi("Submitted"))
    application = Application.objects.get(applicant=applicant)

    # The window closes; the DOST checks the dossier and hands it to the selection council.
    Task.objects.filter(pk=task.pk).update(apply_until=today - dt.timedelta(days=1))
    council = councils.council_create(
        actor=actors.specialist,
        name="Hội đồng tuyển chọn nhiệm vụ 2026-001",
        kind="selection",
        organization=actors.dost,
        rubric="applied_rnd",
    )
    page.context.clear_cookies()
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}/research/applications/{application.pk}/")
    checklist = page.get_by_test_id("checklist-form")
    for box in checklist.locator("input[type=checkbox]").all():
        box.check()
    checklist.get_by_role("button", name=_vi("Record the check")).click()
    expect(page.get_by_test_id("application-status")).to_have_text(_vi("Valid"))
    page.goto(f"{server}/research/tasks/{task.pk}/")
    page.get_by_test_id("step-to_council").click()
    page.get_by_test_id("step-form").locator("#id_council").select_option(label=council.name)
    page.get_by_test_id("step-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-state")).to_have_text(_state("in_selection"))

    # The council's scores come back (the session itself is tested in test_councils.py).
    with transaction.atomic():  # inside the session's closing, as councils call it
        subject("research.application").on_outcome(
            str(application.pk), {"passed": True, "final_mean": "84.20"}
        )

    # The selection result, the revision, the approval, the contract, the advance.
    page.reload()
    page.get_by_test_id("step-recommend").click()
    form = page.get_by_test_id("step-form")
    form.get_by_label("Viện Nghiên cứu Nuôi trồng thủy sản II", exact=False).check()
    _fill_decision(form, "15/QĐ-UBND", today)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-state")).to_have_text(_state("recommended"))

    page.context.clear_cookies()
    sign_in(page, server, applicant.username)
    page.goto(f"{server}/research/tasks/{task.pk}/")
    page.get_by_test_id("step-submit_revision").click()
    page.get_by_test_id("step-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-state")).to_have_text(_state("in_appraisal"))

    # The budget goes to an appraisal team with a member of the Department of Finance.
    team = councils.council_create(
        actor=actors.specialist,
        name="Tổ thẩm định kinh phí nhiệm vụ 2026-001",
        kind="budget_appraisal",
        organization=actors.dost,
    )
    councils.member_add(
        actor=actors.specialist, council=team, full_name="Nguyễn Văn An", role="chair", affiliation="Sở KH&CN"
    )
    page.context.clear_cookies()
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}/research/tasks/{task.pk}/")
    page.get_by_test_id("to-appraisal").click()
    form = page.get_by_test_id("task-form")
    form.locator("#id_council").select_option(label=team.name)
    form.get_by_role("button", name=_vi("Save")).click()
    expect(page.locator(".errorlist, [role=alert]").first).to_contain_text("Sở Tài chính")
    councils.member_add(
        actor=actors.specialist,
        council=team,
        full_name="Lê Thị Thu Hà",
        role="member",
        affiliation="Sở Tài chính",
    )
    form = page.get_by_test_id("task-form")
    form.locator("#id_council").select_option(label=team.name)
    form.get_by_role("button", name=_vi("Save")).click()
    expect(page.get_by_test_id("appraisal-status")).to_contain_text(team.name)
    with transaction.atomic():
        subject("research.appraisal").on_outcome(str(task.pk), {"passed": True, "reasons": []})

    page.goto(f"{server}/research/tasks/{task.pk}/")
    page.get_by_test_id("step-approve").click()
    form = page.get_by_test_id("step-form")
    form.locator("#id_number").fill("")  # a decision without a number is refused
    form.locator("#id_budget_state").fill("850000000")
    form.locator("#id_starts_on").fill(today.isoformat())
    form.locator("#id_months").fill("18")
    form.locator("button[type=submit]").click()
    expect(page.locator("#id_number_errors, .errorlist").first).to_be_visible()
    form = page.get_by_test_id("step-form")
    _fill_decision(form, "22/QĐ-UBND", today)
    form.locator("#id_issuer").select_option("ppc")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-state")).to_have_text(_state("approved"))
    page.get_by_test_id("step-contract").click()
    form = page.get_by_test_id("step-form")
    _fill_decision(form, "07/HĐ-SKHCN", today)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-state")).to_have_text(_state("contracted"))
    page.get_by_test_id("payment-add").click()
    form = page.get_by_test_id("task-form")
    form.locator("#id_kind").select_option("advance")
    form.locator("#id_amount").fill("340000000")
    form.locator("#id_paid_on").fill(today.isoformat())
    form.get_by_role("button", name=_vi("Save")).click()
    page.goto(f"{server}/research/tasks/{task.pk}/")
    expect(page.get_by_test_id("task-state")).to_have_text(_state("in_progress"))
    expect(page.get_by_test_id("task-timeline")).to_contain_text("07/HĐ-SKHCN")


def _under_way(world: dict[str, Any], actors: Any) -> Any:
    """The task under way since eight months, hosted by the applicant."""
    from khcn.research import services
    from khcn.research.models import Task

    today = timezone.localdate()
    Task.objects.filter(pk=world["task"].pk).update(
        state="contracted",
        owner=world["applicant"],
        host_name="Viện Nghiên cứu Nuôi trồng thủy sản II",
        investigator="TS. Trần Thị Bích",
        budget_state=900_000_000,
        starts_on=today - dt.timedelta(days=240),
        ends_on=today + dt.timedelta(days=300),
    )
    services.payment_record(
        actor=actors.specialist,
        task=world["task"],
        kind="advance",
        amount=300_000_000,
        paid_on=today - dt.timedelta(days=235),
    )
    return Task.objects.get(pk=world["task"].pk)


def test_a_progress_report_is_returned_and_submitted_again(page, server, actors, world):
    task = _under_way(world, actors)
    report = task.reports.order_by("due_on").first()
    assert report is not None and report.due_on < timezone.localdate()
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, server, world["applicant"].username)
    page.get_by_test_id("host-todo").get_by_role("link", name=report.period, exact=False).click()
    form = page.get_by_test_id("report-form")
    form.locator("#id_work_done").fill("Đã lắp đặt cảm biến tại 2 ao.")
    form.locator("#id_funds_used").fill("150000000")
    page.get_by_test_id("report-submit").click()
    expect(page.get_by_test_id("report-status")).to_contain_text(_vi("Submitted"))

    page.context.clear_cookies()
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}/research/reports/{report.pk}/")
    step = page.get_by_test_id("step-return")
    step.locator("summary").click()
    step.locator("textarea").fill("Bổ sung bảng kê chứng từ chi.")
    step.get_by_role("button").click()
    expect(page.get_by_test_id("report-status")).to_contain_text(_vi("Returned for completion"))

    page.context.clear_cookies()
    sign_in(page, server, world["applicant"].username)
    page.goto(f"{server}/research/reports/{report.pk}/")
    expect(page.get_by_test_id("returned-note")).to_contain_text("Bổ sung bảng kê chứng từ chi.")
    form = page.get_by_test_id("report-form")
    form.locator("#id_work_done").fill("Đã lắp đặt cảm biến tại 2 ao; bảng kê chứng từ kèm theo.")
    page.get_by_test_id("report-submit").click()
    expect(page.get_by_test_id("report-status")).to_contain_text(_vi("Submitted"))

    page.context.clear_cookies()
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}/research/reports/{report.pk}/")
    page.get_by_test_id("step-accept").get_by_role("button").click()
    expect(page.get_by_test_id("report-status")).to_contain_text(_vi("Accepted"))


def test_the_acceptance_through_the_registration_of_results(page, server, actors, world, tmp_path):
    from khcn.councils import services as councils
    from khcn.councils.registry import subject

    task = _under_way(world, actors)
    today = timezone.localdate()
    page.on("dialog", lambda dialog: dialog.accept())

    # The host's account names its leader by the e-mail of the leader's account.
    sign_in(page, server, world["applicant"].username)
    page.goto(f"{server}/research/tasks/{task.pk}/")
    people = page.get_by_test_id("member-form")
    people.locator("#id_role").select_option("leader")
    people.locator("#id_email").fill("thutruong@vien2.example")
    people.get_by_role("button").click()
    expect(page.get_by_test_id("task-people")).to_contain_text("Trần Minh Đức")

    # The investigator attaches the reports; the leader submits the dossier with the minutes.
    page.goto(f"{server}/research/tasks/{task.pk}/?tab=progress")
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(PDF)
    for part in ("final_report", "summary_report", "financial"):
        files = page.get_by_test_id("dossier-form")
        files.locator("#id_part").select_option(part)
        files.locator("#id_file").set_input_files(str(pdf))
        files.get_by_role("button", name=_vi("Attach")).click()
    expect(page.get_by_test_id("dossier-files").locator("li")).to_have_count(3)
    page.goto(f"{server}/research/tasks/{task.pk}/")
    expect(page.get_by_test_id("step-submit_dossier")).to_have_count(0)  # the leader's
    page.context.clear_cookies()
    sign_in(page, server, world["leader"].username)
    page.get_by_test_id("host-todo").get_by_role(
        "link", name=_vi("Submit the acceptance dossier"), exact=False
    ).click()
    page.get_by_test_id("step-submit_dossier").click()
    form = page.get_by_test_id("step-form")
    _fill_decision(form, "03/BB-TĐG", today)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-state")).to_have_text(_state("in_acceptance"))

    # The DOST hands it to an acceptance council; the council rates it Pass.
    council = councils.council_create(
        actor=actors.specialist,
        name="Hội đồng nghiệm thu 2026-001",
        kind="acceptance",
        organization=actors.dost,
    )
    page.context.clear_cookies()
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}/research/tasks/{task.pk}/")
    page.get_by_test_id("to-acceptance").click()
    form = page.get_by_test_id("task-form")
    form.locator("#id_council").select_option(label=council.name)
    form.get_by_role("button", name=_vi("Save")).click()
    assert council.items.filter(subject="research.task").exists()
    with transaction.atomic():
        subject("research.task").on_outcome(str(task.pk), {"passed": True, "rating": "dat", "reasons": []})

    page.goto(f"{server}/research/tasks/{task.pk}/")
    expect(page.get_by_test_id("task-state")).to_have_text(_state("accepted"))
    expect(page.get_by_test_id("task-timeline")).to_contain_text(_vi("Registration of the results due"))
    for step, number in (("recognise", "30/QĐ-UBND"), ("liquidate", "04/BB-TLHĐ")):
        page.get_by_test_id(f"step-{step}").click()
        form = page.get_by_test_id("step-form")
        _fill_decision(form, number, today)
        form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-state")).to_have_text(_state("liquidated"))

    # The host fills in the registration sheet (Form 5); the DOST registers the results.
    page.context.clear_cookies()
    sign_in(page, server, world["applicant"].username)
    page.goto(f"{server}/research/tasks/{task.pk}/")
    page.get_by_test_id("registration-form").click()
    form = page.get_by_test_id("task-form")
    form.locator("#id_authors").fill("Trần Thị Bích; Lê Văn Cường")
    form.locator("#id_summary").fill("Hệ thống IoT giám sát 4 chỉ tiêu môi trường ao nuôi.")
    form.get_by_role("button", name=_vi("Save")).click()

    # The host's leader confirms it.
    page.context.clear_cookies()
    sign_in(page, server, world["leader"].username)
    page.get_by_test_id("host-todo").get_by_role(
        "link", name=_vi("Confirm the registration sheet (Form 5)")
    ).click()
    page.get_by_test_id("registration-confirm").click()
    expect(page.get_by_test_id("form5-status")).to_contain_text("Trần Minh Đức")

    page.context.clear_cookies()
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}/research/tasks/{task.pk}/")
    page.get_by_test_id("step-register").click()
    form = page.get_by_test_id("step-form")
    form.locator("#id_archive_number").fill("12/KQNC-SKHCN")
    form.locator("#id_registered_on").fill(today.isoformat())
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-state")).to_have_text(_state("registered"))

    # The public list shows it with its archive number.
    page.context.clear_cookies()
    page.goto(f"{server}/research/public/{task.pk}/")
    expect(page.get_by_test_id("public-task")).to_contain_text("12/KQNC-SKHCN")
