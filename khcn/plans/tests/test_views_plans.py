"""Plan pages: import (paste or upload → review → confirm), list, detail, periods."""

from __future__ import annotations

import copy
import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.core.testing import t
from khcn.plans import services, tasks
from khcn.plans.choices import PeriodKind
from khcn.plans.models import Assignment, Plan, PlanImport, PlanItem, ReportingPeriod
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.selectors import OutlineEntry, plan_pages
from khcn.plans.tests.helpers import agencies_and_rules, sample_parse

pytestmark = pytest.mark.django_db

PARSE: dict[str, Any] = sample_parse(
    assignments=[
        {
            "section": "IV.1",
            "agency": "Sở Khoa học và Công nghệ",
            "role": "lead",
            "related_sections": ["*"],
            "deadline": "hằng năm",
            "reporting": "báo cáo hằng năm về UBND tỉnh",
        },
        {"section": "IV.9", "agency": "Sở Nội vụ", "role": "lead"},
        {"section": "IV.9 (second)", "agency": "Sở Y tế", "role": "lead", "related_sections": ["II.3.c"]},
        {"section": "IV.9 (second)", "agency": "Ủy ban nhân dân các huyện", "role": "coordinate"},
    ],
    agencies=["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Y tế", "Ủy ban nhân dân các huyện"],
    warnings=[{"code": "duplicate_label", "where": "IV.9", "note": "two items are numbered 9"}],
)
PARSE["sections"][0]["children"][1]["children"].append(
    {"label": "d", "heading": "Môi trường", "children": []}
)
PARSE["sections"][1]["children"][0]["text"] = "Chủ trì, theo dõi."


class FakeResult:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_json(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)


@pytest.fixture
def fake_parser(monkeypatch):
    """The parser replaced by one that returns ``PARSE``, titled with the text's first line."""
    calls: list[str] = []

    def parse_text(text: str, resolver: Any = None) -> FakeResult:
        calls.append(text)
        data = copy.deepcopy(PARSE)
        data["title"] = text.strip().splitlines()[0]
        return FakeResult(data)

    monkeypatch.setattr(tasks, "parse_text", parse_text)
    return calls


@pytest.fixture
def world(make_user):
    world = agencies_and_rules(make_user, "Sở Tài chính")
    world["finance"] = world.pop("Sở Tài chính")
    world["reporter"] = make_user(Role.AGENCY_REPORTER, organization=world["health"])
    world["leader"] = make_user(Role.AGENCY_LEADER, organization=world["health"])
    return world


@pytest.fixture
def dost_client(client, world):
    client.force_login(world["specialist"])
    return client


class FormValues(HTMLParser):
    """The values a browser would post for the form ``data-testid=<testid>``."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid = testid
        self.inside = False
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("data-testid") == self.testid
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values[name] = "on"
            else:
                self.values[name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""
        elif tag == "select":
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            if self._textarea:
                self.values[self._textarea] = self.values[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_values(html: str, testid: str = "review-form") -> dict[str, str]:
    parser = FormValues(testid)
    parser.feed(html)
    return parser.values


def post_import(client, data: dict[str, Any]) -> Any:
    """Post the import form, running the background job when the request commits (the
    immediate backend, as in production with ``KHCN_TASKS_BACKEND=immediate``)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("plans:plan_import"), data)


def start_import(client, text: str = "KẾ HOẠCH THỬ NGHIỆM", **extra: Any) -> str:
    """Paste ``text``, follow to the progress page: the review's URL."""
    response = post_import(client, {"text": text, **extra})
    assert response.status_code == 302, response.content.decode()[:3000]
    progress = response["Location"]
    assert re.fullmatch(r"/plans/import/[\w-]+/", progress), progress
    response = client.get(progress)  # the job already ran: on to the review
    assert response.status_code == 302 and response["Location"] == f"{progress}review/"
    return response["Location"]


def row_name(html: str, path: str, field: str) -> str:
    """The name of the ``field`` input on the review row of item ``path``."""
    at = html.index(f'data-path="{path}"')
    key = re.findall(r'id="item-(\d+)"', html[html.rindex("<tr", 0, at) : at])[0]
    return f"s{key}_{field}"


def assignment_name(html: str, agency: str, field: str) -> str:
    """The name of the ``field`` input on the review row of the assignment to ``agency``."""
    at = html.index(f'data-agency="{agency}"')
    key = re.findall(r'name="a(\d+)_', html[at:])[0]
    return f"a{key}_{field}"


# --------------------------------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, world):
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    for url in (
        reverse("plans:plan_list"),
        reverse("plans:plan_import"),
        reverse("plans:plan_import_progress", args=["x"]),
        reverse("plans:plan_import_review", args=["x"]),
        reverse("plans:plan_detail", args=[plan.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_council_member_cannot_import(client, make_user, world, fake_parser):
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    assert client.get(reverse("plans:plan_import")).status_code == 403
    assert client.post(reverse("plans:plan_import"), {"text": "KẾ HOẠCH"}).status_code == 403
    assert client.get(reverse("plans:plan_import_review", args=["x"])).status_code == 404
    assert not fake_parser and not Plan.objects.exists()
    body = client.get(reverse("plans:plan_list")).content.decode()
    assert 'data-testid="import-link"' not in body


# --------------------------------------------------------------------------------------------------
# Import: the two steps
# --------------------------------------------------------------------------------------------------


def test_paste_review_and_confirm(dost_client, world, fake_parser):
    events = AuditEvent.objects.count()
    review_url = start_import(dost_client)
    assert fake_parser == ["KẾ HOẠCH THỬ NGHIỆM"]
    assert not Plan.objects.exists() and AuditEvent.objects.count() == events  # nothing saved yet

    response = dost_client.get(review_url)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="warnings"' in body and "two items are numbered 9" in body
    assert 'data-path="IV.9 (second)"' in body
    assert t("not found — will be kept as written") in body  # "Ủy ban nhân dân các huyện"
    assert "Sở Y tế</a>" in body  # resolved agency linked to the registry
    values = form_values(body)
    assert values["title"] == "KẾ HOẠCH THỬ NGHIỆM" and values["date"] == "05/02/2024"

    # Applying changes keeps them in the draft only.
    values["number"] = "13/KH-UBND"
    response = dost_client.post(review_url, {**values, "action": "apply"})
    assert response.status_code == 302
    assert not Plan.objects.exists() and AuditEvent.objects.count() == events
    values = form_values(dost_client.get(review_url).content.decode())
    assert values["number"] == "13/KH-UBND"

    response = dost_client.post(review_url, {**values, "action": "confirm"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (
        plan.number == "13/KH-UBND"
        and plan.issuer == world["ubnd"]
        and plan.imported_by == world["specialist"]
    )
    assert plan.source_text == "KẾ HOẠCH THỬ NGHIỆM" and plan.parse_warnings[0]["code"] == "duplicate_label"
    paths = list(plan.items.values_list("path", flat=True))
    assert paths == ["II", "II.1", "II.3", "II.3.c", "II.3.d", "IV", "IV.1", "IV.9", "IV.9 (second)"]
    health = Assignment.objects.get(item__plan=plan, agency_name="Sở Y tế")
    assert health.organization == world["health"]
    assert [i.path for i in health.item.related.all()] == ["II.3.c"]
    dost = Assignment.objects.get(item__plan=plan, agency_name="Sở Khoa học và Công nghệ")
    assert dost.deadline_text == "hằng năm" and dost.reporting == "báo cáo hằng năm về UBND tỉnh"
    assert AuditEvent.objects.filter(action=services.PLAN_IMPORTED).count() == 1

    # The draft is gone: a second confirm (double click) saves nothing more.
    response = dost_client.post(review_url, {**values, "action": "confirm"})
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_import")
    assert Plan.objects.count() == 1
    detail = dost_client.get(plan.get_absolute_url()).content.decode()
    assert "Sở Y tế" in detail and t("Restates") in detail


def test_review_edits_are_applied(dost_client, world, fake_parser):
    review_url = start_import(dost_client)
    body = dost_client.get(review_url).content.decode()
    values = form_values(body)
    values[row_name(body, "II.1", "label")] = "2"  # relabel
    values[row_name(body, "II.3.d", "delete")] = "on"  # delete an item
    values[row_name(body, "IV.9 (second)", "merge")] = "on"  # merge into IV.9
    values[row_name(body, "II.3.c", "parent")] = "IV"  # move II.3.c under IV
    values[assignment_name(body, "Sở Nội vụ", "agency")] = "Sở Tài chính"  # change an agency
    values[assignment_name(body, "Sở Khoa học và Công nghệ", "role")] = "coordinate"  # and a role
    values.update(
        {"na1_section": "II.3", "na1_agency": "Sở Y tế", "na1_role": "lead", "na1_deadline": "Quý II/2025"}
    )
    values.update({"ns1_label": "5", "ns1_heading": "Kiểm tra, giám sát", "ns1_parent": "IV"})
    response = dost_client.post(review_url, {**values, "action": "confirm"})
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    items = {i.path: i for i in plan.items.all()}
    assert list(items) == ["II", "II.2", "II.3", "IV", "IV.1", "IV.9", "IV.c", "IV.5"]
    assert items["IV.9"].heading == "Sở Nội vụ Sở Y tế"  # a heading merged into a heading joins it
    by_agency = {(a.agency_name, a.item.path): a for a in Assignment.objects.filter(item__plan=plan)}
    assert by_agency[("Sở Tài chính", "IV.9")].organization == world["finance"]
    assert by_agency[("Sở Khoa học và Công nghệ", "IV.1")].role == "coordinate"
    assert by_agency[("Sở Y tế", "IV.9")].role == "lead"  # moved with the merged item
    added = by_agency[("Sở Y tế", "II.3")]
    assert added.role == "lead" and added.deadline_text == "Quý II/2025"
    assert [i.path for i in by_agency[("Sở Y tế", "IV.9")].item.related.all()] == [
        "IV.c"
    ]  # followed the move


def test_bad_review_input_is_refused_and_kept(dost_client, world, fake_parser):
    review_url = start_import(dost_client)
    body = dost_client.get(review_url).content.decode()
    values = form_values(body)
    values[row_name(body, "II.1", "parent")] = "II.1"  # under itself
    values[row_name(body, "II.3", "parent")] = "XX"  # no such item
    values["title"] = ""
    response = dost_client.post(review_url, {**values, "action": "confirm"})
    body = response.content.decode()
    assert response.status_code == 200
    assert t("An item cannot be moved under itself.") in body
    assert t("No item has the path “%(path)s”.", path="XX") in body
    assert 'aria-invalid="true"' in body
    assert not Plan.objects.exists()


def test_a_refused_confirm_reshows_the_review(dost_client, world, fake_parser):
    review_url = start_import(dost_client)
    body = dost_client.get(review_url).content.decode()
    values = form_values(body)
    for path in ("II", "IV"):
        values[row_name(body, path, "delete")] = "on"
    response = dost_client.post(review_url, {**values, "action": "confirm"}, follow=True)
    assert response.redirect_chain[-1][0] == review_url
    assert t("The plan has no sections to save.") in response.content.decode()
    assert not Plan.objects.exists() and not PlanItem.objects.exists()


def test_cancel_drops_the_draft_once_confirmed(dost_client, world, fake_parser):
    review_url = start_import(dost_client)
    response = dost_client.post(review_url, {"cancel": "1"})  # asks first
    assert response.status_code == 200 and 'data-testid="cancel-confirm"' in response.content.decode()
    assert PlanImport.objects.count() == 1
    response = dost_client.post(review_url, {"cancel": "confirmed"})
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_list")
    assert dost_client.get(review_url).status_code == 302
    assert not Plan.objects.exists() and not PlanImport.objects.exists()


def test_long_plans_are_reviewed_in_parts(dost_client, world, fake_parser, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 150
    big = copy.deepcopy(PARSE)
    big["sections"][0]["children"] += [
        {"label": str(n), "heading": f"Mục {n}", "children": []} for n in range(4, 40)
    ]
    fake_parser.clear()
    views_parse = tasks.parse_text
    tasks.parse_text = lambda text, resolver=None: FakeResult(big)  # type: ignore[assignment,misc]
    try:
        review_url = start_import(dost_client)
    finally:
        tasks.parse_text = views_parse  # type: ignore[assignment]
    body = dost_client.get(review_url).content.decode()
    values = form_values(body)
    assert len(values) < 150 and 'name="goto"' in body
    values[row_name(body, "II.1", "label")] = "1a"
    response = dost_client.post(review_url, {**values, "goto": "2"})
    assert response["Location"].endswith("?page=2")
    body = dost_client.get(response["Location"]).content.decode()
    assert 'data-path="II.1a"' not in body and 'data-path="II.1"' not in body and "data-path=" in body
    response = dost_client.post(response["Location"], {**form_values(body), "action": "confirm"})
    plan = Plan.objects.get()
    assert plan.items.count() == 9 + 36 and plan.items.filter(path="II.1a").exists()


def test_many_items_are_typed_with_suggestions(dost_client, world, fake_parser, monkeypatch):
    from khcn.plans import forms

    monkeypatch.setattr(forms, "SELECT_MAX_PATHS", 3)
    review_url = start_import(dost_client)
    body = dost_client.get(review_url).content.decode()
    assert '<datalist id="review-paths">' in body and 'list="review-paths"' in body
    values = form_values(body)
    values.update({"na1_section": "II.3", "na1_agency": "Sở Tài chính", "na1_role": "coordinate"})
    values.update({"na2_section": "II.7", "na2_agency": "Sở Tài chính"})
    response = dost_client.post(review_url, {**values, "action": "confirm"})
    assert (
        response.status_code == 200
        and t("Choose the item this duty belongs to.") in response.content.decode()
    )
    del values["na2_section"], values["na2_agency"]
    dost_client.post(review_url, {**values, "action": "confirm"})
    added = Assignment.objects.get(agency_name="Sở Tài chính")
    assert added.item.path == "II.3" and added.role == "coordinate" and added.organization == world["finance"]


def test_html_in_a_pasted_title_is_inert(dost_client, world, fake_parser):
    review_url = start_import(dost_client, text='<script>alert("x")</script><b>KẾ HOẠCH</b>')
    body = dost_client.get(review_url).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert" in body
    dost_client.post(review_url, {**form_values(body), "action": "confirm"})
    plan = Plan.objects.get()
    assert plan.title.startswith("<script>")
    for url in (plan.get_absolute_url(), reverse("plans:plan_list")):
        body = dost_client.get(url).content.decode()
        assert "<script>alert" not in body and "<b>KẾ HOẠCH" not in body and "&lt;b&gt;" in body


# --------------------------------------------------------------------------------------------------
# Import: bad input
# --------------------------------------------------------------------------------------------------


def _post_file(client, content: bytes, name: str) -> Any:
    return post_import(client, {"file": SimpleUploadedFile(name, content)})


def test_empty_upload_and_nothing_given(dost_client, world, fake_parser):
    body = _post_file(dost_client, b"", "ke-hoach.txt").content.decode()
    assert "errorlist" in body
    body = dost_client.post(reverse("plans:plan_import"), {"text": "  "}).content.decode()
    assert t("Choose a file or paste the text of the plan.") in body
    assert not fake_parser and not Plan.objects.exists() and not PlanImport.objects.exists()


def test_over_size_file_is_refused_before_parsing(dost_client, world, monkeypatch):
    def read_source(data: Any, filename: str, **kwargs: Any) -> Any:
        raise AssertionError("parsed")

    monkeypatch.setattr(tasks, "read_source", read_source)
    response = _post_file(dost_client, b"a" * (20 * 1024 * 1024 + 1), "ke-hoach.txt")
    assert response.status_code == 200
    message = "The file is %(size)s MB; the limit is %(limit)s MB. Split it, or paste the text instead."
    assert t(message, size="20,1", limit=20) in response.content.decode()
    assert not Plan.objects.exists() and not PlanImport.objects.exists()


def test_parser_refusal_is_shown_and_nothing_kept(dost_client, world, monkeypatch):
    def read_source(data: Any, filename: str, **kwargs: Any) -> Any:
        raise tasks.PlanParseError("binary", "Tệp này không phải văn bản.")

    monkeypatch.setattr(tasks, "read_source", read_source)
    response = _post_file(dost_client, b"\x00\x01\x02\xff" * 100, "ke-hoach.pdf")
    assert response.status_code == 302
    body = dost_client.get(response["Location"]).content.decode()
    assert "Tệp này không phải văn bản." in body and 'data-testid="import-form"' in body  # try again
    row = PlanImport.objects.get()
    assert row.status == PlanImport.FAILED and not row.file  # the upload is not kept
    assert not Plan.objects.exists()


def test_parser_crash_gives_a_message_not_a_500(dost_client, world, monkeypatch):
    def parse_text(text: str, resolver: Any = None) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(tasks, "parse_text", parse_text)
    response = post_import(dost_client, {"text": "KẾ HOẠCH"})
    assert response.status_code == 302
    response = dost_client.get(response["Location"])
    assert response.status_code == 200
    assert (
        t("The text could not be read as a plan. The error was logged; try again later.")
        in response.content.decode()
    )
    assert not Plan.objects.exists() and PlanImport.objects.get().status == PlanImport.FAILED


# --------------------------------------------------------------------------------------------------
# Sub-plans
# --------------------------------------------------------------------------------------------------


def test_an_agency_registers_its_plan_under_the_provincial_one(client, world, fake_parser):
    provincial = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    client.force_login(world["leader"])
    body = client.get(provincial.get_absolute_url()).content.decode()
    assert f"{reverse('plans:plan_import')}?parent={provincial.pk}" in body
    body = client.get(reverse("plans:plan_import"), {"parent": provincial.pk}).content.decode()
    assert f'<option value="{provincial.pk}" selected>' in body
    response = post_import(client, {"text": "KẾ HOẠCH CỦA SỞ Y TẾ"})
    assert response.status_code == 200  # an agency imports only under a plan
    review_url = start_import(client, text="KẾ HOẠCH CỦA SỞ Y TẾ", parent=provincial.pk)
    body = client.get(review_url).content.decode()
    client.post(review_url, {**form_values(body), "action": "confirm"})
    sub = Plan.objects.get(title="KẾ HOẠCH CỦA SỞ Y TẾ")
    assert sub.parent == provincial
    body = client.get(provincial.get_absolute_url()).content.decode()
    assert "KẾ HOẠCH CỦA SỞ Y TẾ" in body
    body = client.get(reverse("plans:plan_list")).content.decode()
    assert "KẾ HOẠCH CỦA SỞ Y TẾ" in body


# --------------------------------------------------------------------------------------------------
# List and detail
# --------------------------------------------------------------------------------------------------


def test_list_and_excel_export(dost_client, world):
    services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    body = dost_client.get(reverse("plans:plan_list")).content.decode()
    assert "12/KH-UBND" in body and "05/02/2024" in body and 'data-testid="import-link"' in body
    response = dost_client.get(reverse("plans:plan_list"), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def _grown(n: int) -> dict[str, Any]:
    data = copy.deepcopy(PARSE)
    data["sections"][0]["children"] += [
        {"label": str(i), "heading": f"Nội dung {i}", "children": [{"label": "a", "heading": "Ý a"}]}
        for i in range(10, 10 + n)
    ]
    data["assignments"] += [
        {"section": f"II.{i}", "agency": name, "role": role, "related_sections": ["II.1"]}
        for i in range(10, 10 + n)
        for name, role in (("Sở Y tế", "lead"), ("Sở Tài chính", "coordinate"), ("Sở Mới Lạ", "coordinate"))
    ]
    return data


def test_detail_runs_a_fixed_number_of_queries(dost_client, world, django_assert_max_num_queries):
    small = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    services.period_create(actor=world["specialist"], plan=small, kind=PeriodKind.ANNUAL, year=2025)
    with django_assert_max_num_queries(25) as few:
        response = dost_client.get(small.get_absolute_url())
    assert response.status_code == 200
    big = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(_grown(60)))
    for year in (2024, 2025, 2026):
        services.period_create(actor=world["specialist"], plan=big, kind=PeriodKind.ANNUAL, year=year)
    services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE), parent=big)
    services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE), parent=big)
    for query in ({}, {"page": "2"}, {"page": "all"}):
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = dost_client.get(big.get_absolute_url(), query)
        assert response.status_code == 200
    body = response.content.decode()
    assert "Nội dung 69" in body and t("not in the registry") in body


def test_plan_pages_break_before_sections():
    def entry(pk, depth, parent=None):
        return OutlineEntry(pk, parent, pk, depth, str(pk), str(pk), f"Mục {pk}")

    # I (5 children), II (1 child + 3 grandchildren each), III
    outline = [entry(1, 0)] + [entry(i, 1, 1) for i in range(2, 7)] + [entry(7, 0), entry(8, 1, 7)]
    outline += [entry(i, 2, 8) for i in range(9, 12)] + [entry(12, 0)]
    pages = plan_pages(outline, 3)
    # A page ends once it holds 3 items, but only before depth 0 or 1, and at 6 in any case.
    assert [(p.first, p.last) for p in pages] == [(1, 3), (4, 6), (7, 11), (12, 12)]
    assert [[h.pk for h in p.headings] for p in pages] == [[1], [], [7], [12]]
    assert [(p.first, p.last) for p in plan_pages(outline, 2)] == [(1, 2), (3, 4), (5, 6), (7, 10), (11, 12)]
    assert [(p.first, p.last) for p in plan_pages(outline[6:8] + outline[8:11], 1)] == [
        (7, 7),
        (8, 9),
        (10, 11),
    ]
    assert plan_pages([], 3) == []


def test_a_long_plan_is_shown_by_parts(dost_client, world, settings):
    settings.KHCN_PLAN_PAGE_ITEMS = 20
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(_grown(30)))
    url = plan.get_absolute_url()
    first = dost_client.get(url)
    parts = first.context["content_pages"]
    assert len(parts) > 1 and 'data-testid="plan-pages"' in first.content.decode()
    shown = [step["item"].path for step in first.context["steps"]]
    assert shown[0] == "II" and "IV.1" not in shown and len(shown) <= 40
    # Every item is on exactly one part, in order.
    seen = []
    for number in range(1, len(parts) + 1):
        steps = dost_client.get(url, {"page": number}).context["steps"]
        seen += [s["item"].path for s in steps if not s["continued"]]
    assert seen == list(
        PlanItem.objects.filter(plan=plan).order_by("position").values_list("path", flat=True)
    )
    # A part that starts inside section II says what it continues; ?item= opens the part holding it.
    last = PlanItem.objects.get(plan=plan, path="II.39")
    response = dost_client.get(url, {"item": last.pk})
    body = response.content.decode()
    assert f'id="item-{last.pk}"' in body and response.context["content_page"].number > 1
    continued = [s["item"].path for s in response.context["steps"] if s["continued"]]
    assert continued == ["II"] and t("continued") in body and 'class="continued" data-path="II"' in body
    # "Restates II.1" points to the part holding II.1.
    ii1 = PlanItem.objects.get(plan=plan, path="II.1")
    assert f'href="?item={ii1.pk}#item-{ii1.pk}"' in body
    whole = dost_client.get(url, {"page": "all"})
    assert whole.context["content_page"] is None and len(whole.context["steps"]) == len(seen)
    assert not any(s["continued"] for s in whole.context["steps"])
    assert dost_client.get(url, {"page": "99"}).context["content_page"].number == 1


def test_detail_shows_tree_duties_periods_and_history(dost_client, world):
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    period = services.period_create(actor=world["specialist"], plan=plan, kind=PeriodKind.ANNUAL, year=2025)
    body = dost_client.get(plan.get_absolute_url()).content.decode()
    assert "II." in body and "c)" in body
    assert f'href="{world["health"].get_absolute_url()}"' in body
    assert "badge-lead" in body and "badge-coordinate" in body
    assert f"{reverse('plans:report_list')}?period={period.pk}" in body
    assert reverse("plans:annual_report", args=[period.pk]) in body
    assert reverse("plans:plan_dashboard", args=[plan.pk]) in body
    assert "two items are numbered 9" in body
    assert 'data-testid="period-form"' in body
    history = dost_client.get(plan.get_absolute_url(), {"tab": "history"}).content.decode()
    assert "aria-current" in history and world["specialist"].full_name in history


def test_open_periods(client, world):
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    url = reverse("plans:period_create", args=[plan.pk])
    client.force_login(world["reporter"])
    assert 'data-testid="period-form"' not in client.get(plan.get_absolute_url()).content.decode()
    assert client.post(url, {"kind": "annual", "year": 2025}).status_code == 403
    client.force_login(world["specialist"])
    response = client.post(url, {"kind": "annual", "year": 2025})
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(plan=plan)
    assert (period.start, period.end, period.due_on) == (
        dt.date(2024, 12, 15),
        dt.date(2025, 12, 14),
        dt.date(2025, 12, 19),
    )
    response = client.post(url, {"kind": "annual", "year": 2025})  # twice: refused with the reason
    assert response.status_code == 200 and t("This period already exists.") in response.content.decode()
    response = client.post(url, {"kind": "ad_hoc", "start": "01/03/2025"})
    assert response.status_code == 200 and t("Ad hoc periods need this date.") in response.content.decode()
    response = client.post(url, {"kind": "quarterly", "year": 2025})
    assert t("Choose a quarter from 1 to 4.") in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "ad_hoc",
            "start": "01/03/2025",
            "end": "31/03/2025",
            "due_on": "05/04/2025",
            "name": "Đột xuất",
        },
    )
    assert response.status_code == 302
    assert ReportingPeriod.objects.filter(plan=plan).count() == 2


# --------------------------------------------------------------------------------------------------
# The draft round trip
# --------------------------------------------------------------------------------------------------


def test_draft_round_trip_keeps_the_parse():
    again = ImportDraft.from_parse(PARSE).to_parse()
    assert again["sections"] == [
        {
            **s,
            "children": [
                {**c, "children": [{**g, "children": []} for g in c["children"]]} for c in s["children"]
            ],
        }
        for s in PARSE["sections"]
    ]
    assert [(a["section"], a["agency"], a["role"]) for a in again["assignments"]] == [
        (a["section"], a["agency"], a["role"]) for a in PARSE["assignments"]
    ]
    assert again["assignments"][0]["related_sections"] == ["*"]
    assert again["assignments"][0]["deadline"] == "hằng năm"
    assert again["warnings"] == PARSE["warnings"] and again["implements"] == PARSE["implements"]


def test_the_review_adds_every_role_the_parser_knows_and_saves_reporting_duties(
    dost_client, world, fake_parser
):
    """Lead, coordinate and "reports" (a reporting duty only) are offered and saved."""
    review_url = start_import(dost_client)
    body = dost_client.get(review_url).content.decode()
    for value in ("lead", "coordinate", "report"):
        assert 'name="na1_role"' in body and f'<option value="{value}"' in body
    values = form_values(body)
    values.update({"na1_section": "II.3", "na1_agency": "Sở Tài chính", "na1_role": "report"})
    response = dost_client.post(review_url, {**values, "action": "confirm"})
    assert response.status_code == 302, response.content.decode()[:2000]
    duty = Assignment.objects.get(item__path="II.3", agency_name="Sở Tài chính")
    assert duty.role == "report" and duty.organization == world["finance"]
    page = dost_client.get(duty.item.plan.get_absolute_url() + "?page=all").content.decode()
    assert 'class="badge badge-report"' in page
