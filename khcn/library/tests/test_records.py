"""Records through the services and pages: deposited, submitted, returned with a note, published
by the collection's curator (no one else); the files open by their access level (public,
signed-in, roles, embargo) and never otherwise (404, nothing shown); a withdrawn record keeps a
tombstone; bad input refused (no title, an embargo in the past); the search finds a record
without its diacritics and never shows a draft; the results of an S&T task are deposited when
they are registered, with the task's access rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.core.exceptions import DomainError, PermissionDenied
from khcn.library import services
from khcn.library.choices import Access, RecordStatus, RecordType
from khcn.library.models import Record

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(make_user):
    curator = make_user(Role.AGENCY_REPORTER)
    collection = services.collection_create(
        actor=None, code="bai-bao", name="Bài báo khoa học", curators=[curator]
    )
    return {
        "curator": curator,
        "depositor": make_user(Role.APPLICANT),
        "other": make_user(Role.APPLICANT),
        "specialist": make_user(Role.DOST_SPECIALIST),
        "collection": collection,
    }


def _record(people, **values) -> Record:
    data = {
        "kind": RecordType.ARTICLE,
        "title": "Nuôi tôm càng xanh toàn đực ở vùng ngập mặn",
        "issued_year": 2025,
        "authors": ["Trần Thị Bích", "Lê Văn Cường"],
        **values,
    }
    return services.record_create(actor=people["depositor"], collection=people["collection"], **data)


def test_a_record_is_deposited_returned_and_published_by_its_curator(people):
    depositor, curator = people["depositor"], people["curator"]
    record = _record(people)
    assert record.status == RecordStatus.DRAFT and [a.name for a in record.authors.all()] == [
        "Trần Thị Bích",
        "Lê Văn Cường",
    ]
    services.file_add(actor=depositor, record_=record, file=SimpleUploadedFile("bai.pdf", PDF))
    services.record_step(actor=depositor, record_=record, name="submit")
    with pytest.raises(PermissionDenied):  # the depositor does not publish their own
        services.record_step(actor=depositor, record_=record, name="publish")
    with pytest.raises(PermissionDenied):  # nor does another collection's nobody
        services.record_step(actor=people["other"], record_=record, name="publish")
    with pytest.raises(DomainError):  # a return needs its note
        services.record_step(actor=curator, record_=record, name="return")
    record = services.record_step(actor=curator, record_=record, name="return", note="Bổ sung DOI.")
    assert record.status == RecordStatus.RETURNED and record.note == "Bổ sung DOI."
    page = _client(depositor).get(reverse("library:record_detail", args=[record.pk])).content.decode()
    assert "Bổ sung DOI." in page
    services.record_edit(actor=depositor, record_=record, doi="10.1234/tom.2025")
    services.record_step(actor=depositor, record_=record, name="submit")
    record = services.record_step(actor=curator, record_=record, name="publish")
    assert record.status == RecordStatus.PUBLISHED and record.published_at is not None
    # Published: the depositor no longer corrects it; the curator and the DOST do.
    with pytest.raises(PermissionDenied):
        services.record_edit(actor=depositor, record_=record, title="Khác")
    services.record_edit(actor=people["specialist"], record_=record, title="Nuôi tôm càng xanh toàn đực")


def test_bad_input_is_refused_with_a_message(people):
    with pytest.raises(DomainError) as untitled:
        _record(people, title="  ")
    assert untitled.value.code == "no_title"
    with pytest.raises(DomainError) as past:
        _record(people, access=Access.EMBARGO, embargo_until=TODAY - dt.timedelta(days=1))
    assert past.value.code == "embargo_past"
    record = _record(people)
    with pytest.raises(DomainError) as bad_file:  # a page that says it is a PDF
        services.file_add(
            actor=people["depositor"], record_=record, file=SimpleUploadedFile("x.pdf", b"<html></html>")
        )
    assert not record.files.exists() and bad_file.value.message


@pytest.mark.parametrize(
    ("access", "extra", "anonymous", "signed_in", "with_role"),
    [
        (Access.PUBLIC, {}, 200, 200, 200),
        (Access.SIGNED_IN, {}, 404, 200, 200),
        (Access.ROLES, {"access_roles": "dost_specialist"}, 404, 404, 200),
        (Access.EMBARGO, {"embargo_until": TODAY + dt.timedelta(days=30)}, 404, 404, 200),
    ],
)
def test_files_open_by_their_access_level(
    people, settings, tmp_path, access, extra, anonymous, signed_in, with_role
):
    settings.MEDIA_ROOT = tmp_path
    record = _record(people, access=access, **extra)
    stored = services.file_add(
        actor=people["depositor"], record_=record, file=SimpleUploadedFile("b.pdf", PDF)
    )
    services.record_step(actor=people["curator"], record_=record, name="publish")
    url = reverse("library:file_download", args=[record.pk, stored.pk])
    assert _client().get(url).status_code == anonymous
    assert _client(people["other"]).get(url).status_code == signed_in
    # A DOST specialist holds the role (and the DOST reviews everything).
    assert _client(people["specialist"]).get(url).status_code == with_role
    # The description is public whatever the files' level.
    page = _client().get(reverse("library:record_detail", args=[record.pk]))
    assert page.status_code == 200 and record.title in page.content.decode()
    if anonymous == 404:
        assert 'data-testid="files-closed"' in page.content.decode()


def test_a_draft_is_nobodys_but_its_people_and_a_withdrawn_record_keeps_a_tombstone(people):
    record = _record(people)
    detail = reverse("library:record_detail", args=[record.pk])
    assert _client().get(detail).status_code == 404
    assert _client(people["other"]).get(detail).status_code == 404
    assert _client(people["depositor"]).get(detail).status_code == 200
    assert _client(people["curator"]).get(detail).status_code == 200
    services.record_step(actor=people["curator"], record_=record, name="publish")
    services.record_step(actor=people["curator"], record_=record, name="withdraw", note="Trùng lặp.")
    page = _client().get(detail)
    assert page.status_code == 200 and 'data-testid="tombstone"' in page.content.decode()
    assert "Trùng lặp." in page.content.decode()


def test_the_search_folds_diacritics_filters_by_facets_and_hides_drafts(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the index is written after commit
        published = _record(people, keywords="rừng ngập mặn; Cà Mau")
        services.record_step(actor=people["curator"], record_=published, name="publish")
        _record(people, title="Rừng ngập mặn bản nháp")  # a draft
        other = _record(people, title="Giống lúa chịu mặn", kind=RecordType.DATASET, issued_year=2019)
        services.record_step(actor=people["curator"], record_=other, name="publish")
    client = _client()
    page = client.get(reverse("library:record_list"), {"q": "rung ngap man"}).content.decode()
    assert published.title in page and "bản nháp" not in page and other.title not in page
    page = client.get(reverse("library:record_list"), {"kind": RecordType.DATASET}).content.decode()
    assert other.title in page and published.title not in page
    page = client.get(reverse("library:record_list"), {"year": "2019"}).content.decode()
    assert other.title in page and published.title not in page
    facets = client.get(reverse("library:record_list")).content.decode()
    assert 'data-testid="facets"' in facets and "kind=dataset" in facets


def test_the_curator_finds_the_records_to_publish_on_the_home_page(people):
    record = _record(people)
    services.record_step(actor=people["depositor"], record_=record, name="submit")
    home = _client(people["curator"]).get(reverse("site:home")).content.decode()
    assert 'data-testid="home-library"' in home and reverse("library:curator_queue") in home
    queue = _client(people["curator"]).get(reverse("library:curator_queue")).content.decode()
    assert record.title in queue
    assert record.title not in _client(people["other"]).get(reverse("library:curator_queue")).content.decode()


def test_registered_task_results_are_deposited_with_the_tasks_access(people, make_user, tmp_path, settings):
    """Through the research service that registers the results (its signal), not by hand."""
    from khcn.research import services as research
    from khcn.research.choices import TaskRole, TaskState
    from khcn.research.models import Task, TaskFile

    settings.MEDIA_ROOT = tmp_path
    owner = make_user(Role.APPLICANT)
    leader = make_user(Role.APPLICANT, email="hieutruong@vien.example")
    specialist = people["specialist"]
    results = []
    for code, published in (("2024-001", True), ("2024-002", False)):
        task = Task.objects.create(
            code=code,
            title=f"Nhiệm vụ {code}",
            method="direct",
            regime="pre_2025",
            ordered_on=dt.date(2024, 3, 1),
            state=TaskState.LIQUIDATED,
            owner=owner,
            host_name="Viện Nuôi trồng thủy sản II",
            investigator="TS. Trần Thị Bích",
            published=published,
            accepted_on=TODAY,
        )
        for part in ("final_report", "summary_report", "financial"):
            TaskFile.objects.create(
                task=task, part=part, file=f"research/{code}-{part}.pdf", name=f"{part}.pdf", size=10
            )
        research.task_member_set(
            actor=owner, task=task, role=TaskRole.LEADER, email="hieutruong@vien.example"
        )
        research.registration_submit(
            actor=owner,
            task=task,
            data={"authors": "Trần Thị Bích; Lê Văn Cường", "summary": "Quy trình nuôi."},
        )
        research.registration_confirm(actor=leader, task=task)
        research.registration_record(
            actor=specialist, task=task, archive_number=f"{code}/KQNC", registered_on=TODAY
        )
        results.append(task)
    public, restricted = results
    records = Record.objects.filter(task=public).order_by("kind")
    assert [r.kind for r in records] == [RecordType.TASK_FINAL_REPORT, RecordType.TASK_SUMMARY]
    final = records[0]
    assert final.status == RecordStatus.PUBLISHED and final.access == Access.PUBLIC
    assert [a.name for a in final.authors.all()] == ["Trần Thị Bích", "Lê Văn Cường"]
    assert final.task_code == "2024-001" and final.abstract == "Quy trình nuôi."
    assert final.files.count() == 1  # the financial report is not deposited
    hidden = Record.objects.get(task=restricted, kind=RecordType.TASK_FINAL_REPORT)
    assert hidden.access == Access.ROLES and "dost_specialist" in hidden.role_list
    url = reverse("library:file_download", args=[hidden.pk, hidden.files.get().pk])
    assert _client(people["other"]).get(url).status_code == 404
