"""The lifecycle's pages as each reader sees them: another applicant's application is a 404
everywhere (pages, files, lists, exports); a step the reader may not take is a 404; the public
list and page show published tasks without their budget; the homes list each role's work with
links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khcn.research import services
from khcn.research.models import Application, Task
from khcn.research.tests.test_lifecycle import PDF, _application, _task
from khcn.research.tests.test_proposals import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def opened(world):  # noqa: F811
    task = _task(ordered_on=dt.date(2026, 1, 15))
    task = services.selection_call_open(
        actor=world["specialist"], task=task, apply_from=TODAY - dt.timedelta(days=1)
    )
    return task


def test_another_applicants_application_is_a_404_everywhere(world, opened):  # noqa: F811
    application = _application(world, opened)
    stored = application.files.first()
    other = _client(world["other"])
    for url in (
        reverse("research:application_detail", args=[application.pk]),
        reverse("research:application_edit", args=[application.pk]),
        reverse("research:application_file", args=[application.pk, stored.pk]),
    ):
        assert other.get(url).status_code == 404, url
    for name in ("submit", "withdraw", "check"):
        assert (
            other.post(reverse("research:application_step", args=[application.pk, name])).status_code == 404
        )
    upload = SimpleUploadedFile("x.pdf", PDF)
    response = other.post(
        reverse("research:application_file_add", args=[application.pk]), {"part": "form", "file": upload}
    )
    assert response.status_code == 404
    assert application.files.count() == len(services.required_parts(opened))
    listing = other.get(reverse("research:application_list"))
    assert application.host_name not in listing.content.decode()
    export = other.get(reverse("research:application_export"))
    assert export.status_code == 200 and application.host_name.encode() not in export.content
    # Its own applicant and the DOST (once submitted) see it.
    assert (
        _client(world["applicant"])
        .get(reverse("research:application_detail", args=[application.pk]))
        .status_code
        == 200
    )
    assert (
        _client(world["specialist"])
        .get(reverse("research:application_detail", args=[application.pk]))
        .status_code
        == 404
    )
    services.application_submit(actor=world["applicant"], application=application)
    page = _client(world["specialist"]).get(reverse("research:application_detail", args=[application.pk]))
    assert page.status_code == 200 and 'data-testid="checklist-form"' in page.content.decode()


def test_an_application_is_written_through_its_form_and_the_estimate_must_add_up(world, opened):  # noqa: F811
    client = _client(world["applicant"])
    data = {
        "host_name": "Viện A",
        "investigator": "TS. B",
        "objectives": "Mục tiêu",
        "contents": "Nội dung",
        "products": "Quy trình | năng suất ≥ 3 tấn/ha | 01\nMô hình | 5 ha",
        "team": "ThS. C | Thư ký khoa học | Viện A",
        "duration_months": "12",
        "budget_total": "1000",
        "line_labour": "600",
        "lump_labour": "600",
        "line_materials": "300",
    }
    response = client.post(reverse("research:application_create", args=[opened.pk]), data)
    application = Application.objects.get(applicant=world["applicant"])
    assert response.status_code == 302
    assert application.products[1] == {"name": "Mô hình", "spec": "5 ha", "quantity": ""}
    assert application.team == [{"name": "ThS. C", "role": "Thư ký khoa học", "organization": "Viện A"}]
    assert [line["category"] for line in application.budget_lines] == ["labour", "materials"]
    for part in services.required_parts(opened):
        client.post(
            reverse("research:application_file_add", args=[application.pk]),
            {"part": part, "file": SimpleUploadedFile(f"{part}.pdf", PDF)},
        )
    # A file that is not what its name says is refused.
    client.post(
        reverse("research:application_file_add", args=[application.pk]),
        {"part": "quotations", "file": SimpleUploadedFile("bao-gia.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert not application.files.filter(part="quotations").exists()
    page = client.post(reverse("research:application_step", args=[application.pk, "submit"]), follow=True)
    assert "900" in page.content.decode() and Application.objects.get(pk=application.pk).status == "draft"
    data["line_materials"] = "400"
    data["version"] = str(Application.objects.get(pk=application.pk).version)
    client.post(reverse("research:application_edit", args=[application.pk]), data)
    client.post(reverse("research:application_step", args=[application.pk, "submit"]))
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_a_step_the_reader_may_not_take_is_a_404(world, opened):  # noqa: F811
    applicant = _client(world["applicant"])
    assert applicant.get(reverse("research:task_step", args=[opened.pk, "to_council"])).status_code == 404
    assert (
        applicant.post(reverse("research:task_step", args=[opened.pk, "drop"]), {"note": "x"}).status_code
        == 404
    )
    assert Task.objects.get(pk=opened.pk).state == "call_open"
    dost = _client(world["specialist"])
    assert dost.get(reverse("research:task_step", args=[opened.pk, "approve"])).status_code == 404  # not now
    assert (
        dost.get(reverse("research:task_step", args=[opened.pk, "start"])).status_code == 404
    )  # the advance does it
    assert (
        dost.post(reverse("research:task_step", args=[opened.pk, "drop"]), {"note": "x"}).status_code == 404
    )
    page = dost.post(reverse("research:task_step", args=[opened.pk, "to_council"]), {"council": ""})
    assert page.status_code == 200 and Task.objects.get(pk=opened.pk).state == "call_open"  # the form again


def test_the_public_list_shows_published_tasks_without_their_budget(world):  # noqa: F811
    shown = _task(ordered_on=dt.date(2024, 2, 1), code="2024-001")
    hidden = _task(ordered_on=dt.date(2024, 2, 1), code="2024-002")
    Task.objects.filter(pk=shown.pk).update(state="in_progress", budget_state=987_654_321, host_name="Viện A")
    Task.objects.filter(pk=hidden.pk).update(state="in_progress", published=False)
    anonymous = Client()
    listing = anonymous.get(reverse("research:public_list")).content.decode()
    assert shown.title in listing and "2024-002" not in listing
    page = anonymous.get(reverse("research:public_task", args=[shown.pk]))
    assert page.status_code == 200 and "987" not in page.content.decode()
    assert anonymous.get(reverse("research:public_task", args=[hidden.pk])).status_code == 404
    # The internal page needs an account.
    assert anonymous.get(reverse("research:task_detail", args=[shown.pk])).status_code == 302


def test_the_homes_list_each_roles_work_with_links(world, opened):  # noqa: F811
    application = _application(world, opened)
    services.application_submit(actor=world["applicant"], application=application)
    running = _task(ordered_on=dt.date(2024, 2, 1), code="2024-003")
    Task.objects.filter(pk=running.pk).update(
        state="contracted",
        owner=world["applicant"],
        budget_state=500,
        starts_on=TODAY - dt.timedelta(days=200),
        ends_on=TODAY + dt.timedelta(days=200),
    )
    services.payment_record(
        actor=world["specialist"], task=running, kind="advance", amount=100, paid_on=TODAY
    )
    report = running.reports.order_by("due_on").first()
    home = _client(world["applicant"]).get("/").content.decode()
    assert reverse("research:report_detail", args=[report.pk]) in home  # overdue report, a link
    assert reverse("research:application_detail", args=[application.pk]) in home
    dost = _client(world["specialist"]).get("/").content.decode()
    assert f"{reverse('research:application_list')}?status=submitted" in dost
    assert reverse("research:task_detail", args=[running.pk]) in dost  # its overdue report


def test_the_dost_corrects_a_task_and_its_plan_items_audited(world):  # noqa: F811
    from khcn.audit.models import AuditEvent
    from khcn.classifications.models import Scheme, Term
    from khcn.plans.models import Plan, PlanItem

    task = _task(ordered_on=dt.date(2024, 2, 1), code="2024-010")
    plan = Plan.objects.create(title="Kế hoạch KH&CN", number="50/KH-UBND")
    item = PlanItem.objects.create(plan=plan, path="II.3.a", heading="Nông nghiệp công nghệ cao", position=1)
    scheme = Scheme.objects.create(code="uu-tien-x", name="Lĩnh vực ưu tiên", plan=plan)
    priority = Term.objects.create(
        scheme=scheme, code="II.3.a", name="Nông nghiệp công nghệ cao", plan_item=item
    )
    url = reverse("research:task_edit", args=[task.pk])
    assert _client(world["applicant"]).get(url).status_code in (403, 404)
    data = {
        "version": str(task.version),
        "title": "Nuôi tôm càng xanh toàn đực (tên đã sửa)",
        "type": "pilot",
        "host_name": "Viện A",
        "investigator": "TS. B",
        "published": "on",
        "terms": [str(world["fisheries"].pk)],
        "priorities": [str(priority.pk)],
    }
    dost = _client(world["specialist"])
    assert dost.post(url, data).status_code == 302
    task.refresh_from_db()
    assert task.title.endswith("(tên đã sửa)") and task.type == "pilot"
    assert list(task.plan_items.all()) == [item] and list(task.fields.all()) == [world["fisheries"]]
    event = AuditEvent.objects.filter(action="research.task.edited").latest("pk")
    assert {"title", "type", "plan_items", "fields"} <= set(event.changes)
    # A stale form is refused and changes nothing.
    page = dost.post(url, {**data, "title": "Tên khác"})
    assert page.status_code == 200
    task.refresh_from_db()
    assert task.title.endswith("(tên đã sửa)")
