"""The import as a background job: upload → progress page → review beside the source → confirm;
the draft in the database (its owner's only, kept over a log-out, deleted after a week)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.core.testing import t
from khcn.plans import tasks
from khcn.plans.models import Assignment, Plan, PlanImport
from khcn.plans.parser import SourceText
from khcn.plans.parser.model import ParseWarning
from khcn.plans.services.imports import plan_imports_cleanup
from khcn.plans.tests.helpers import agencies_and_rules
from khcn.plans.tests.test_views_plans import assignment_name, form_values

pytestmark = pytest.mark.django_db

WEB_PLAN = Path(__file__).parent / "data" / "ke-hoach-ban-web.txt"
OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


@pytest.fixture
def world(make_user):
    world = agencies_and_rules(make_user)
    world["other_specialist"] = make_user(Role.DOST_SPECIALIST, organization=world["dost"])
    return world


@pytest.fixture
def dost_client(client, world):
    client.force_login(world["specialist"])
    return client


def upload(client, content: bytes, name: str = "ke-hoach.txt", **extra: Any) -> Any:
    """Send a file to the import form; the job runs when the request commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("plans:plan_import"), {"file": SimpleUploadedFile(name, content), **extra})


def start(client, content: bytes | None = None, name: str = "ke-hoach.txt") -> PlanImport:
    response = upload(client, WEB_PLAN.read_bytes() if content is None else content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = PlanImport.objects.latest("pk")
    assert response["Location"] == reverse("plans:plan_import_progress", args=[row.token])
    return row


# --------------------------------------------------------------------------------------------------
# The whole journey
# --------------------------------------------------------------------------------------------------


def test_upload_progress_review_edit_and_confirm(dost_client, world, django_assert_num_queries):
    row = start(dost_client)
    row.refresh_from_db()
    assert row.status == PlanImport.READY and row.owner == world["specialist"]
    assert not row.file  # the upload is not kept once read
    assert row.source_name == "ke-hoach.txt" and "Ngày hội khởi nghiệp" in row.source_text
    assert not Plan.objects.exists()  # nothing of the plan before the confirmation

    progress = reverse("plans:plan_import_progress", args=[row.token])
    review = reverse("plans:plan_import_review", args=[row.token])
    response = dost_client.get(progress)  # the immediate backend: already read
    assert response.status_code == 302 and response["Location"] == review
    response = dost_client.get(progress, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == review and 'data-testid="review-link"' in response.content.decode()

    dost_client.get(review)
    # The session, the user, the import (draft and text in one row), the unread notifications;
    # the registry's aliases of every agency name at once (name_resolutions: one query for the
    # nine names here; one more per agency no longer in operation, none in this registry).
    with django_assert_num_queries(4 + 1):
        response = dost_client.get(review)
    body = response.content.decode()
    assert response.status_code == 200
    # Each assignment beside its sentence, the clause marked.
    at = body.index('data-agency="Tỉnh đoàn"')
    source = body[body.index('data-testid="source"', at) : body.index("col-agency", at)]
    assert "<mark>Tổ chức Ngày hội khởi nghiệp đổi mới sáng tạo</mark>" in source
    assert "Sở Kế hoạch và Đầu tư" in source  # the rest of the table row, unmarked

    values = form_values(body)
    values[assignment_name(body, "Tỉnh đoàn", "role")] = "lead"
    values[assignment_name(body, "Tỉnh đoàn", "deadline")] = "30/9/2024"
    values[assignment_name(body, "Sở Tư pháp", "agency")] = "Sở Nội vụ"
    values[assignment_name(body, "Sở Tư pháp", "deadline")] = "Quý IV/2024"
    response = dost_client.post(review, {**values, "action": "apply"})
    assert response.status_code == 302
    body = dost_client.get(review).content.decode()
    values = form_values(body)
    assert values[assignment_name(body, "Tỉnh đoàn", "deadline")] == "30/9/2024"  # kept in the draft
    response = dost_client.post(review, {**values, "action": "confirm"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    youth = Assignment.objects.get(item__plan=plan, agency_name="Tỉnh đoàn")
    assert youth.role == "lead" and youth.deadline_text == "30/9/2024"
    assert (
        youth.deadline is not None
        and youth.deadline["kind"] == "date"
        and youth.due_on == dt.date(2024, 9, 30)
    )
    moved = Assignment.objects.get(item__plan=plan, agency_name="Sở Nội vụ")
    assert moved.organization == world["home_affairs"] and moved.deadline_text == "Quý IV/2024"
    assert moved.due_on == dt.date(2024, 12, 31)
    assert not Assignment.objects.filter(agency_name="Sở Tư pháp").exists()
    assert plan.source_text == row.source_text
    assert not PlanImport.objects.exists()  # confirmed: the draft is gone
    # A second confirmation (double click) saves nothing more.
    response = dost_client.post(review, {**values, "action": "confirm"})
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_import")
    assert Plan.objects.count() == 1


def test_an_unreadable_deadline_is_refused_on_its_field(dost_client, world):
    row = start(dost_client)
    review = reverse("plans:plan_import_review", args=[row.token])
    body = dost_client.get(review).content.decode()
    values = form_values(body)
    field = assignment_name(body, "Tỉnh đoàn", "deadline")
    values[field] = "sớm nhất có thể"
    response = dost_client.post(review, {**values, "action": "confirm"})
    body = response.content.decode()
    assert response.status_code == 200 and not Plan.objects.exists()
    message = t(
        "“%(text)s” is not a deadline KHCN can read. Write a date, a month, a quarter or a year "
        "(30/6/2025, tháng 10/2025, quý II/2025, năm 2025), or “hằng năm”, “thường xuyên”; leave it "
        "empty for none.",
        text="sớm nhất có thể",
    )
    assert message in body and "không phải thời hạn" in message  # Vietnamese
    assert f'id="id_{field}_errors"' in body  # on the field


def test_the_progress_page_polls_while_the_job_runs(dost_client, world, django_assert_num_queries):
    with TestCase.captureOnCommitCallbacks(execute=False):  # the job waits in the queue
        response = dost_client.post(
            reverse("plans:plan_import"), {"text": WEB_PLAN.read_text(encoding="utf-8")}
        )
    row = PlanImport.objects.get()
    assert row.status == PlanImport.QUEUED
    dost_client.get(reverse("plans:plan_list"))  # the user's roles read once
    # The session, the user, the import (without its text and draft), the unread notifications.
    with django_assert_num_queries(4):
        response = dost_client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        'hx-trigger="every 1s"' in body and "<progress" in body and 'aria-labelledby="import-stage"' in body
    )
    assert t("Waiting to be read") in body
    with django_assert_num_queries(3):  # the fragment: no header, no notifications
        response = dost_client.get(
            reverse("plans:plan_import_progress", args=[row.token]), headers={"HX-Request": "true"}
        )
    assert "HX-Redirect" not in response and "<html" not in response.content.decode()
    # Waiting, it is listed on the import page and the plan list, with a link.
    for url in (reverse("plans:plan_import"), reverse("plans:plan_list")):
        body = dost_client.get(url).content.decode()
        assert 'data-testid="imports-waiting"' in body and row.get_absolute_url() in body
    assert tasks.read_plan_import.call(row.pk) == PlanImport.READY
    # Idempotent: run again (a retried job), it leaves the draft as it is.
    row.refresh_from_db()
    draft = row.draft
    assert tasks.read_plan_import.call(row.pk) == PlanImport.READY
    row.refresh_from_db()
    assert row.draft == draft and row.status == PlanImport.READY


def test_a_stalled_import_is_said_so_and_read_again_on_request(dost_client, world):
    with TestCase.captureOnCommitCallbacks(execute=False):  # a job nobody runs (no worker)
        dost_client.post(reverse("plans:plan_import"), {"text": WEB_PLAN.read_text(encoding="utf-8")})
    row = PlanImport.objects.get()
    url = reverse("plans:plan_import_progress", args=[row.token])
    # Still moving: polled, no button; asking to restart it is refused in words.
    body = dost_client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in body and 'data-testid="import-restart"' not in body
    response = dost_client.post(url, {"restart": "1"}, follow=True)
    assert t("This import is being read or has been read already.") in response.content.decode()
    # Ten minutes without progress: the page says the job stopped, stops polling, offers to read again.
    PlanImport.objects.filter(pk=row.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
    for headers in ({}, {"HX-Request": "true"}):
        body = dost_client.get(url, headers=headers).content.decode()
        assert 'data-testid="import-stalled"' in body and 'data-testid="import-restart"' in body
        assert "every 1s" not in body
    # Someone else cannot restart it.
    other = Client()
    other.force_login(world["other_specialist"])
    assert other.post(url, {"restart": "1"}).status_code == 404
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = dost_client.post(url, {"restart": "1"})
    assert response.status_code == 302 and response["Location"] == url
    row.refresh_from_db()
    assert row.status == PlanImport.READY and row.draft


def test_the_job_reports_ocr_progress_and_puts_the_notices_first(dost_client, world, monkeypatch):
    seen: list[tuple[str, str, int, int]] = []

    def read_source(data: Any, name: str, *, progress: Any = None, **kwargs: Any) -> SourceText:
        for page in range(1, 4):
            progress(page, 3)
            row = PlanImport.objects.get()
            seen.append((row.status, row.stage, row.done, row.total))
        text = WEB_PLAN.read_text(encoding="utf-8")
        return SourceText(text, [ParseWarning("ocr_unsure", "Trang 2: chữ mờ")], ocr_pages=3)

    monkeypatch.setattr(tasks, "read_source", read_source)
    row = start(dost_client, b"%PDF-1.4 scanned", "ban-quet.pdf")
    assert seen == [("reading", "ocr", 1, 3), ("reading", "ocr", 2, 3), ("reading", "ocr", 3, 3)]
    row.refresh_from_db()
    assert row.notices == [{"code": "ocr_unsure", "message": "Trang 2: chữ mờ"}]
    assert (
        row.draft is not None and row.draft["other"]["warnings"][0]["code"] == "ocr_unsure"
    )  # before the parser's
    body = dost_client.get(reverse("plans:plan_import_review", args=[row.token])).content.decode()
    assert "Trang 2: chữ mờ" in body


def test_the_stage_text_shows_pages_done(dost_client, world):
    row = PlanImport.objects.create(
        owner=world["specialist"], status=PlanImport.READING, stage="ocr", done=2, total=5
    )
    body = dost_client.get(reverse("plans:plan_import_progress", args=[row.token])).content.decode()
    assert (
        t("Recognising the text of the scanned pages: page %(done)s of %(total)s.", done=2, total=5) in body
    )
    assert 'value="40" max="100"' in body


# --------------------------------------------------------------------------------------------------
# Failure
# --------------------------------------------------------------------------------------------------


def test_a_failed_read_shows_the_message_and_the_form_again(dost_client, world):
    row = start(dost_client, OLD_WORD, "ke-hoach.doc")
    row.refresh_from_db()
    assert row.status == PlanImport.FAILED and not row.file
    response = dost_client.get(reverse("plans:plan_import_progress", args=[row.token]))
    body = response.content.decode()
    assert response.status_code == 200
    assert t("Old Word documents (.doc) cannot be read. Save the file as .docx and upload it again.") in body
    assert 'data-testid="import-form"' in body and "every 1s" not in body  # try again; no polling
    assert reverse("plans:plan_import_review", args=[row.token]) not in body
    # Not offered for review.
    assert 'data-testid="imports-waiting"' not in dost_client.get(reverse("plans:plan_list")).content.decode()
    # The review of a failed import sends back to its page.
    response = dost_client.get(reverse("plans:plan_import_review", args=[row.token]))
    assert response["Location"] == reverse("plans:plan_import_progress", args=[row.token])
    assert not Plan.objects.exists()


def test_a_parser_bug_is_logged_and_told_in_words(dost_client, world, monkeypatch, caplog):
    def parse_text(text: str, resolver: Any = None) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(tasks, "parse_text", parse_text)
    row = start(dost_client)
    row.refresh_from_db()
    assert row.status == PlanImport.FAILED
    assert row.error == t("The text could not be read as a plan. The error was logged; try again later.")
    assert "RuntimeError" in caplog.text or "bug" in caplog.text


# --------------------------------------------------------------------------------------------------
# Whose it is, how long it lives
# --------------------------------------------------------------------------------------------------


def test_nobody_else_opens_an_import(client, world):
    client.force_login(world["specialist"])
    row = start(client)
    client.force_login(world["other_specialist"])  # DOST too: not theirs
    for name in ("plans:plan_import_progress", "plans:plan_import_review"):
        url = reverse(name, args=[row.token])
        assert client.get(url).status_code == 404
        assert client.post(url, {"cancel": "confirmed"}).status_code == 404
    assert PlanImport.objects.filter(pk=row.pk).exists()
    assert row.get_absolute_url() not in client.get(reverse("plans:plan_list")).content.decode()


def test_an_import_waits_over_a_log_out(client, world):
    client.force_login(world["specialist"])
    row = start(client)
    client.logout()
    client.force_login(world["specialist"])  # a new session
    body = client.get(reverse("plans:plan_import")).content.decode()
    review = reverse("plans:plan_import_review", args=[row.token])
    assert 'data-testid="imports-waiting"' in body and review in body and "KẾ HOẠCH" in body
    assert client.get(review).status_code == 200


def test_the_home_page_lists_the_users_imports_waiting_and_no_one_elses(client, world):
    client.force_login(world["specialist"])
    row = start(client)
    review = reverse("plans:plan_import_review", args=[row.token])
    home = client.get(reverse("site:home")).content.decode()
    assert 'data-testid="home-imports"' in home and review in home
    client.force_login(world["other_specialist"])
    home = client.get(reverse("site:home")).content.decode()
    assert 'data-testid="home-imports"' not in home and review not in home
    client.force_login(world["specialist"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(review, {"cancel": "confirmed"})
    assert 'data-testid="home-imports"' not in client.get(reverse("site:home")).content.decode()


def test_cancel_asks_then_deletes(dost_client, world):
    row = start(dost_client)
    review = reverse("plans:plan_import_review", args=[row.token])
    response = dost_client.post(review, {"cancel": "1"})
    assert response.status_code == 200 and PlanImport.objects.exists()
    response = dost_client.post(review, {"cancel": "confirmed"})
    assert response["Location"] == reverse("plans:plan_list")
    assert not PlanImport.objects.exists() and not Plan.objects.exists()


def test_cleanup_deletes_imports_older_than_a_week(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    old = PlanImport.objects.create(owner=world["specialist"], status=PlanImport.READY)
    old.file.save("upload", io.BytesIO(b"KE HOACH"))
    kept = PlanImport.objects.create(owner=world["specialist"], status=PlanImport.READY)
    path = Path(old.file.path)
    assert path.exists()
    PlanImport.objects.filter(pk=old.pk).update(updated_at=now - dt.timedelta(days=7, minutes=1))
    PlanImport.objects.filter(pk=kept.pk).update(updated_at=now - dt.timedelta(days=6, hours=23))
    assert plan_imports_cleanup(now=now) == 1
    assert list(PlanImport.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not path.exists()  # its file too
    out = io.StringIO()
    PlanImport.objects.filter(pk=kept.pk).update(updated_at=now - dt.timedelta(days=8))
    call_command("plans_import_cleanup", stdout=out)
    assert out.getvalue().startswith("1 ") and not PlanImport.objects.exists()
