"""Plans in the site-wide search (``khcn.plans.search``): each role finds what it may see and
nothing else, document numbers find their documents, the page groups the hits by type, the
index follows the plans' writes, and the page runs a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.accounts.services import membership_add
from khcn.organizations import services as org_services
from khcn.plans import services
from khcn.plans.models import AgencyReport, Assignment, Difficulty, Plan, PlanItem
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import agencies_and_rules, client, period_open, sample_parse, submit
from khcn.search.models import SearchEntry
from khcn.search.selectors import search_grouped, search_results
from khcn.search.services import index_objects

pytestmark = pytest.mark.django_db

URL = reverse("search:results")
MARK = "thủy sản"  # in every plan object of the world below, written both ways

SECTIONS = [
    {
        "label": "I",
        "heading": "NỘI DUNG",
        "children": [
            {"label": "1", "heading": "Nuôi thủy sản sạch bệnh", "children": []},
            {"label": "2", "heading": "Chế biến thuỷ sản xuất khẩu", "children": []},
            {"label": "3", "heading": "Kiểm tra an toàn thực phẩm", "children": []},
        ],
    }
]


def _import(world: dict[str, Any], parent: Plan | None = None, **fields: Any) -> Plan:
    parse = sample_parse(
        assignments=[
            {"section": "I.1", "agency": "Sở Y tế", "role": "lead"},
            {"section": "I.2", "agency": "Sở Nội vụ", "role": "lead"},
            {"section": "I.2", "agency": "Sở Y tế", "role": "coordinate"},
            {"section": "I.3", "agency": "Sở Y tế", "role": "lead"},
        ],
        sections=SECTIONS,
        **fields,
    )
    draft = ImportDraft.from_parse(parse)
    return services.plan_import(actor=world["specialist"], draft=draft, parent=parent)


@pytest.fixture
def world(make_user, django_capture_on_commit_callbacks) -> dict[str, Any]:
    """A plan on aquaculture ("thủy sản") with a period; Sở Y tế (agency A) has submitted its
    report and raised a difficulty; Sở Nội vụ (agency B) has a draft report and a difficulty.
    Everything indexed as the services do it, after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        world = agencies_and_rules(make_user)
        health, home = world["health"], world["home_affairs"]
        world["reporter_a"] = make_user(Role.AGENCY_REPORTER, organization=health, full_name="Lê Báo Cáo A")
        world["leader_a"] = make_user(Role.AGENCY_LEADER, organization=health, full_name="Trần Lãnh Đạo A")
        world["reporter_b"] = make_user(Role.AGENCY_REPORTER, organization=home, full_name="Võ Báo Cáo B")
        world["applicant"] = make_user(Role.APPLICANT, full_name="Đỗ Chủ Nhiệm")
        index_objects(User.objects.prefetch_related("memberships__organization"))  # made by factories
        plan = _import(
            world, title="KẾ HOẠCH PHÁT TRIỂN THỦY SẢN", number="2881/KH-UBND", implements=["50-KL/TW"]
        )
        world["plan"] = plan
        period = period_open(world["specialist"], plan, name="Năm thủy sản")
        report_a = services.report_start(actor=world["reporter_a"], period=period, organization=health)
        services.report_save(
            actor=world["reporter_a"],
            report=report_a,
            version=report_a.version,
            summary="Sở Y tế: kiểm tra thuỷ sản tươi sống tại chợ.",
            lines={},
        )
        world["report_a"] = submit(report_a, world["leader_a"])
        report_b = services.report_start(actor=world["reporter_b"], period=period, organization=home)
        world["report_b"] = services.report_save(
            actor=world["reporter_b"],
            report=report_b,
            version=report_b.version,
            summary="Sở Nội vụ: bộ máy quản lý thủy sản (bản nháp).",
            lines={},
        )
        world["difficulty_a"] = services.difficulty_raise(
            actor=world["reporter_a"],
            plan=plan,
            organization=health,
            text="Thiếu phòng kiểm nghiệm thủy sản.",
        )
        world["difficulty_b"] = services.difficulty_raise(
            actor=world["reporter_b"], plan=plan, organization=home, text="Thiếu biên chế quản lý thủy sản."
        )
    return world


def _found(user: Any, query: str = MARK) -> set[tuple[str, int]]:
    return {(h.model_label, h.object.pk) for h in search_results(user=user, query=query, limit=100).hits}


def _plan_objects(plan: Plan) -> set[tuple[str, int]]:
    """The plan, its items and assignments that carry the word: public to every signed-in user."""
    items = PlanItem.objects.filter(plan=plan, heading__icontains="sản")
    assignments = Assignment.objects.filter(item__in=items)
    return (
        {("plans.plan", plan.pk)}
        | {("plans.planitem", pk) for pk in items.values_list("pk", flat=True)}
        | {("plans.assignment", pk) for pk in assignments.values_list("pk", flat=True)}
    )


# --- Who finds what --------------------------------------------------------------------------


def test_each_role_finds_what_it_may_see_and_nothing_else(world):
    public = _plan_objects(world["plan"])
    assert len(public) == 1 + 2 + 3  # the plan, items I.1 and I.2, their three assignments
    report_a, report_b = (
        ("plans.agencyreport", world["report_a"].pk),
        ("plans.agencyreport", world["report_b"].pk),
    )
    difficulty_a = ("plans.difficulty", world["difficulty_a"].pk)
    difficulty_b = ("plans.difficulty", world["difficulty_b"].pk)

    # The DOST: every difficulty, the reports sent to it — not agency B's draft.
    assert _found(world["specialist"]) == public | {report_a, difficulty_a, difficulty_b}
    # Agency A: its own report and difficulty, never agency B's.
    assert _found(world["reporter_a"]) == public | {report_a, difficulty_a}
    assert _found(world["leader_a"]) == public | {report_a, difficulty_a}
    # Agency B: its draft (its own), its difficulty.
    assert _found(world["reporter_b"]) == public | {report_b, difficulty_b}
    # An applicant: the plan, which is public, and nothing of the agencies' work.
    assert _found(world["applicant"]) == public


def test_the_draft_follows_the_report_policy_once_sent(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leader_b = world["reporter_b"]  # promote agency B's reporter to leader to send the draft
        membership_add(
            actor=world["admin"], user=leader_b, role=Role.AGENCY_LEADER, organization=world["home_affairs"]
        )
        submit(world["report_b"], leader_b)
    assert ("plans.agencyreport", world["report_b"].pk) in _found(world["specialist"])
    assert ("plans.agencyreport", world["report_b"].pk) not in _found(world["reporter_a"])


def test_agencies_and_people_as_each_role_may_see_them(world):
    health = ("organizations.organization", world["health"].pk)
    reporter_a = ("accounts.user", world["reporter_a"].pk)
    assert health in _found(world["reporter_a"], "Sở Y tế")
    assert _found(world["specialist"], "Báo Cáo") >= {reporter_a, ("accounts.user", world["reporter_b"].pk)}
    # Others see only themselves among people.
    assert {k for k in _found(world["reporter_a"], "Báo Cáo") if k[0] == "accounts.user"} == {reporter_a}
    assert {k for k in _found(world["applicant"], "Báo Cáo") if k[0] == "accounts.user"} == set()


def test_the_page_hides_what_the_policy_hides(world):
    response = client(world["reporter_a"]).get(URL, {"q": "quản lý thủy sản"})
    assert response.context["hits"] == [] and response.context["total"] == 0
    assert "bộ máy" not in response.content.decode() and "biên chế" not in response.content.decode()
    response = client(world["reporter_b"]).get(URL, {"q": "quản lý thủy sản"})
    found = {g.model_label: [h.object for h in g.hits] for g in response.context["groups"]}
    assert found == {"plans.agencyreport": [world["report_b"]], "plans.difficulty": [world["difficulty_b"]]}
    assert "biên chế" in response.content.decode()


# --- Document numbers ------------------------------------------------------------------------


def test_document_numbers_find_their_documents(world, django_capture_on_commit_callbacks):
    plan = world["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        sub_plan = _import(
            world,
            title="Kế hoạch của Sở Y tế thực hiện Kế hoạch của tỉnh",
            number="15/KH-SYT",
            implements=["20-NQ/TW"],
            parent=plan,
        )
        other = _import(world, title="Kế hoạch khác", number="28810/KH-UBND", implements=["5-KL/TW"])
    user = world["applicant"]

    def plans(query: str) -> set[Any]:
        hits = search_results(user=user, query=query).hits
        return {h.object for h in hits if h.model_label == "plans.plan"}

    assert plans("2881") == {plan, sub_plan}  # the plan, and the plan that implements it; not 28810
    assert plans("2881/KH-UBND") == {plan, sub_plan}
    assert plans("28810") == {other}
    assert plans("50-KL/TW") == {plan}  # the document the plan implements
    assert plans("50-kl/tw") == {plan}
    assert plans("20-NQ/TW") == {sub_plan}
    assert plans("5-KL/TW") == {other}
    assert plans("Kế hoạch 2881/KH-UBND") == {plan, sub_plan}
    best = search_results(user=user, query="2881/KH-UBND").hits[0]
    assert best.object == plan and best.exact
    assert "<mark>2881/KH-UBND</mark>" in best.title_html


# --- The page: grouped by type ----------------------------------------------------------------


def test_the_page_groups_hits_by_type_with_label_and_count(world):
    with translation.override("vi"):
        response = client(world["specialist"]).get(URL, {"q": MARK})
    groups = response.context["groups"]
    counts = {g.model_label: g.count for g in groups}
    assert counts == {
        "plans.plan": 1,
        "plans.planitem": 2,
        "plans.assignment": 3,
        "plans.agencyreport": 1,
        "plans.difficulty": 2,
    }
    # The groups in the order of their best hit.
    ranked = [h.model_label for h in search_results(user=world["specialist"], query=MARK, limit=100).hits]
    assert [g.model_label for g in groups] == list(dict.fromkeys(ranked))
    html = response.content.decode()
    assert html.count('data-testid="search-group"') == 5
    labels = {g.model_label: g.label for g in groups}
    assert labels["plans.plan"] == "Kế hoạch" and labels["plans.assignment"] == "Phân công"
    for group in groups:
        assert (
            f'{group.label} <span class="badge" data-testid="search-group-count">{group.count}</span>' in html
        )


def test_a_group_links_to_all_its_hits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(6):
            services.difficulty_raise(
                actor=world["reporter_a"],
                plan=world["plan"],
                organization=world["health"],
                text=f"Thủy sản số {i}",
            )
    browser = client(world["specialist"])
    response = browser.get(URL, {"q": MARK})
    group = next(g for g in response.context["groups"] if g.model_label == "plans.difficulty")
    assert (group.count, len(group.hits), group.more) == (8, 5, True)
    assert "type=plans.difficulty" in response.content.decode()
    listed = browser.get(URL, {"q": MARK, "type": "plans.difficulty"})
    assert listed.context["groups"] == [] and listed.context["total"] == 8
    assert {h.model_label for h in listed.context["hits"]} == {"plans.difficulty"}
    assert 'data-testid="search-kind"' in listed.content.decode()


def test_one_kind_of_hit_is_a_plain_list(world):
    response = client(world["specialist"]).get(URL, {"q": "kiểm nghiệm"})
    assert response.context["groups"] == []
    assert [h.object for h in response.context["hits"]] == [world["difficulty_a"]]


# --- The index follows the writes ------------------------------------------------------------


def _entry(obj: Any) -> SearchEntry | None:
    ct = ContentType.objects.get_for_model(type(obj))
    return SearchEntry.objects.filter(content_type=ct, object_id=obj.pk).first()


def test_the_index_follows_reports_difficulties_and_renamed_agencies(
    world, django_capture_on_commit_callbacks
):
    specialist = world["specialist"]
    with django_capture_on_commit_callbacks(execute=True):
        report = world["report_b"]
        services.report_save(
            actor=world["reporter_b"],
            report=report,
            version=report.version,
            summary="Tôm càng xanh.",
            lines={},
        )
        services.difficulty_respond(
            actor=specialist, difficulty=world["difficulty_a"], response="Đã bố trí máy sắc ký."
        )
        org_services.organization_rename(
            actor=world["admin"],
            organization=world["health"],
            new_name="Sở Y tế và Dân số",
            date=dt.date(2025, 7, 1),
        )
    assert ("plans.agencyreport", report.pk) in _found(world["reporter_b"], "tôm càng")
    assert ("plans.difficulty", world["difficulty_a"].pk) in _found(specialist, "máy sắc ký")
    renamed = Assignment.objects.filter(organization=world["health"]).first()
    assert renamed is not None and _entry(renamed).title.startswith("Sở Y tế và Dân số (")
    assert _entry(world["report_a"]).title.startswith("Sở Y tế và Dân số — ")


def test_the_index_follows_the_plan_corrections(world, django_capture_on_commit_callbacks):
    plan, specialist = world["plan"], world["specialist"]
    item = PlanItem.objects.get(plan=plan, path="I.3")
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_update(actor=specialist, plan=plan, version=plan.version, number="2882/KH-UBND")
        plan.refresh_from_db()
        services.item_update(
            actor=specialist, item=item, version=plan.version, heading="Kiểm tra cá tra giống"
        )
    assert _found(world["applicant"], "2882") == {("plans.plan", plan.pk)}
    assert _found(world["applicant"], "2881") == set()
    assert ("plans.planitem", item.pk) in _found(world["applicant"], "cá tra giống")
    plan.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_remove(actor=specialist, item=item, version=plan.version, reason="Trùng nội dung")
    assert _found(world["applicant"], "cá tra giống") == set()
    assert _entry(item) is None


def test_a_deleted_plan_leaves_no_entries(make_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world = agencies_and_rules(make_user)
        plan = _import(world, title="Kế hoạch nhập nhầm", number="99/KH-UBND")
    plan_ct = ContentType.objects.get_for_model(Plan)
    assert SearchEntry.objects.filter(content_type=plan_ct, object_id=plan.pk).exists()
    assert _found(world["specialist"], "nhập nhầm")
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_delete(actor=world["specialist"], plan=plan, reason="Nhập nhầm")
    models = [Plan, PlanItem, Assignment, AgencyReport, Difficulty]
    cts = [ContentType.objects.get_for_model(m) for m in models]
    assert not SearchEntry.objects.filter(content_type__in=cts).exists()


# --- Queries ------------------------------------------------------------------------------------


def test_the_search_page_runs_a_bounded_number_of_queries(
    world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    browser = client(world["specialist"])
    browser.get(URL, {"q": MARK})  # warm caches
    with CaptureQueriesContext(connection) as few:
        browser.get(URL, {"q": MARK})
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            _import(world, title=f"KẾ HOẠCH THỦY SẢN {n}", number=f"{n}/KH-UBND")
            services.difficulty_raise(
                actor=world["reporter_a"],
                plan=world["plan"],
                organization=world["health"],
                text=f"Thủy sản {n}",
            )
    with django_assert_max_num_queries(len(few)):
        response = browser.get(URL, {"q": MARK})
    assert sum(g.count for g in response.context["groups"]) > 20
    for kind in ("plans.assignment", "plans.difficulty", "plans.agencyreport"):
        with django_assert_max_num_queries(len(few)):
            browser.get(URL, {"q": MARK, "type": kind, "page": 1})
    # One full-text query whatever the number of types: the grouped selector.
    with CaptureQueriesContext(connection) as queries:
        search_grouped(user=world["specialist"], query=MARK)
    assert len([q for q in queries if "search_searchentry" in q["sql"]]) == 1
