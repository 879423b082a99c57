"""The search selector: folding, ranking, prefixes, hostile input, permissions."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.core.testing import t
from khcn.organizations.choices import OrganizationKind
from khcn.search.models import SearchEntry
from khcn.search.selectors import search, search_results
from khcn.search.services import index_object, index_objects, remove_object

from .conftest import titles

pytestmark = pytest.mark.django_db

DOST = "Sở Khoa học và Công nghệ"


@pytest.mark.parametrize(
    "query",
    [
        "so khoa hoc",
        "SỞ KHOA HỌC",
        "Sở Khoa học",
        "sở khoa học và công nghệ",
        unicodedata.normalize("NFD", "Sở Khoa học"),
        unicodedata.normalize("NFD", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
        "skhcn",
        "  so   KHOA\thoc ",
    ],
)
def test_folded_and_cased_queries_find_the_department(query, dost_department, make_org, sysadmin):
    make_org("Sở Tài chính")
    assert titles(search(user=sysadmin, query=query)) == [DOST]


def test_nfc_and_nfd_queries_give_the_same_hits(dost_department, make_org, sysadmin):
    make_org("Trung tâm Ứng dụng tiến bộ khoa học và công nghệ")
    nfc_hits = search(user=sysadmin, query="khoa học công nghệ")
    nfd_hits = search(user=sysadmin, query=unicodedata.normalize("NFD", "khoa học công nghệ"))
    assert [h.object.pk for h in nfc_hits] == [h.object.pk for h in nfd_hits]
    assert len(nfc_hits) == 2


def test_nfd_stored_names_are_found_too(make_org, sysadmin):
    make_org(unicodedata.normalize("NFD", "Ủy ban nhân dân xã Đất Mũi"))
    assert titles(search(user=sysadmin, query="ủy ban nhân dân xã đất mũi")) == ["Ủy ban nhân dân xã Đất Mũi"]
    assert titles(search(user=sysadmin, query="uy ban nhan dan xa dat mui")) == ["Ủy ban nhân dân xã Đất Mũi"]


def test_d_with_stroke_is_folded(make_org, sysadmin):
    make_org("Đài Phát thanh và Truyền hình")
    assert titles(search(user=sysadmin, query="dai phat thanh")) == ["Đài Phát thanh và Truyền hình"]
    assert titles(search(user=sysadmin, query="ĐÀI")) == ["Đài Phát thanh và Truyền hình"]


def test_exact_accented_matches_rank_above_folded_ones(make_org, sysadmin):
    # Created first and shorter, so only the accent rule can put the other one first.
    make_org("Đồi mồi")
    make_org("Trung tâm Đổi mới sáng tạo")
    hits = search(user=sysadmin, query="đổi mới")
    assert titles(hits) == ["Trung tâm Đổi mới sáng tạo", "Đồi mồi"]
    assert [h.exact for h in hits] == [True, False]
    # Typed without accents, both are folded matches.
    assert set(titles(search(user=sysadmin, query="doi moi"))) == {"Trung tâm Đổi mới sáng tạo", "Đồi mồi"}
    # Typed with the other accents, the other one wins.
    assert titles(search(user=sysadmin, query="đồi mồi"))[0] == "Đồi mồi"


def test_title_matches_rank_above_body_matches(make_org, sysadmin):
    make_org("Phòng Kế hoạch", aliases=("Thuộc khối Sở Khoa học và Công nghệ",))
    make_org(DOST)
    assert titles(search(user=sysadmin, query="sở khoa học và công nghệ"))[0] == DOST
    assert titles(search(user=sysadmin, query="so khoa hoc va cong nghe"))[0] == DOST


def test_last_word_is_a_prefix(dost_department, make_org, sysadmin):
    make_org("Sở Khai thác thủy lợi")
    assert titles(search(user=sysadmin, query="so khoa h")) == [DOST]
    assert set(titles(search(user=sysadmin, query="Sở Kh"))) == {"Sở Khai thác thủy lợi", DOST}
    assert titles(search(user=sysadmin, query="sở khoa")) == [DOST]
    # Only the last word is a prefix.
    assert search(user=sysadmin, query="kho học") == []


def test_body_fields_are_searchable(make_org, sysadmin):
    parent = make_org("Ủy ban nhân dân tỉnh Cà Mau", kind=OrganizationKind.PROVINCIAL_COMMITTEE)
    child = make_org(
        "Sở Nội vụ",
        short_name="SNV",
        parent=parent,
        aliases=("Sở Tổ chức chính quyền",),
        code="000.00.05.H12",
    )
    assert child in [h.object for h in search(user=sysadmin, query="to chuc chinh quyen")]
    assert child in [h.object for h in search(user=sysadmin, query="SNV")]
    assert child in [h.object for h in search(user=sysadmin, query="ca mau")]
    hit = next(h for h in search(user=sysadmin, query="to chuc chinh quyen") if h.object == child)
    assert "<mark>Tổ</mark> <mark>chức</mark>" in hit.excerpt_html
    assert hit.label
    assert hit.url == child.get_absolute_url()


def test_hit_fields(dost_department, sysadmin):
    (hit,) = search(user=sysadmin, query="khoa hoc")
    assert hit.object == dost_department
    assert hit.title == DOST
    assert str(hit.title_html) == "Sở <mark>Khoa</mark> <mark>học</mark> và Công nghệ"
    assert "SKHCN" in hit.excerpt
    assert hit.snippet == hit.excerpt
    assert hit.model_label == "organizations.organization"
    assert hit.score > 0


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "**",
        "AND",
        "OR",
        "NOT",
        "(",
        ")",
        "'; DROP TABLE search_searchentry; --",
        "khoa AND",
        "NOT khoa",
        "khoa OR học",
        "title_exact:sở",
        "{title_exact}: sở",
        "sở -khoa",
        "^sở",
        "NEAR(sở khoa)",
        "sở + khoa",
        "\\",
        "'",
        "%",
        "_",
        "khoa\x00học",
        "a" * 5000,
        "sở " * 1000,
        "😀 khoa",
    ],
)
def test_hostile_queries_never_fail(query, dost_department, sysadmin):
    hits = search(user=sysadmin, query=query)
    assert isinstance(hits, list)
    assert SearchEntry.objects.count() >= 1  # nothing was dropped


def test_operators_are_searched_as_words(make_org, sysadmin):
    make_org("Hội Khoa học AND Kỹ thuật")
    make_org("Sở Khoa học")
    assert titles(search(user=sysadmin, query="khoa AND")) == ["Hội Khoa học AND Kỹ thuật"]
    assert titles(search(user=sysadmin, query='"sở" khoa*')) == ["Sở Khoa học"]


@pytest.mark.parametrize("query", ["", "   ", "?!", "--"])
def test_empty_queries_return_nothing_without_a_query(
    query, dost_department, sysadmin, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert search(user=sysadmin, query=query) == []


def test_agency_reporter_cannot_find_other_people(make_user, reporter, sysadmin):
    other = make_user(Role.AGENCY_LEADER, full_name="Trần Văn Bí Mật")
    index_object(other)
    index_object(reporter)
    assert search(user=reporter, query="tran van bi mat") == []
    assert [h.object for h in search(user=sysadmin, query="tran van bi mat")] == [other]
    # Reporters still find themselves.
    assert [h.object for h in search(user=reporter, query="le thi bao cao")] == [reporter]


def test_dost_staff_find_people(make_user, dost_specialist):
    other = make_user(Role.AGENCY_LEADER, full_name="Trần Văn Bí Mật", job_title="Phó Giám đốc")
    index_object(other)
    (hit,) = search(user=dost_specialist, query="bí mật")
    assert hit.object == other
    assert hit.title == "Trần Văn Bí Mật"
    assert hit.label


def test_people_are_found_by_agency_email_and_job(make_user, dost_department, sysadmin):
    person = make_user(
        Role.AGENCY_REPORTER,
        organization=dost_department,
        full_name="Nguyễn Thị Hoa",
        email="hoa.nt@camau.gov.vn",
        job_title="Chuyên viên",
    )
    index_object(person)
    assert person in [h.object for h in search(user=sysadmin, query="hoa.nt@camau.gov.vn")]
    assert person in [h.object for h in search(user=sysadmin, query="chuyen vien")]
    assert person in [h.object for h in search(user=sysadmin, query="nguyen thi hoa so khoa hoc")]
    # The agency itself still ranks first for its own name.
    assert search(user=sysadmin, query="sở khoa học và công nghệ")[0].object == dost_department


def test_anonymous_users_find_only_the_librarys_published_records(dost_department):
    """The one public model is the library's (published records); agencies, people, plans,
    drafts: nothing."""
    from django.contrib.auth.models import AnonymousUser

    from khcn.library.models import Collection, Record

    collection = Collection.objects.create(code="c", name="C")
    published = Record.objects.create(
        collection=collection, kind="article", title="Khoa học biển", issued_year=2025, status="published"
    )
    draft = Record.objects.create(
        collection=collection, kind="article", title="Khoa học đất", issued_year=2025
    )
    index_objects([published, draft])
    hits = search(user=AnonymousUser(), query="khoa hoc")
    assert [hit.object for hit in hits] == [published]


def test_pagination_is_exact_after_permission_filtering(make_user, make_org, reporter):
    # Many invisible people match; the reporter's pages hold only agencies, full and in order.
    for i in range(30):
        index_object(make_user(Role.AGENCY_LEADER, full_name=f"Người Khoa học {i}"))
    for i in range(25):
        make_org(f"Viện Khoa học số {i:02d}")
    first = search_results(user=reporter, query="khoa học", limit=10)
    assert first.total == 25
    assert len(first.hits) == 10
    assert all(h.model_label == "organizations.organization" for h in first.hits)
    last = search_results(user=reporter, query="khoa học", limit=10, offset=20)
    assert len(last.hits) == 5 and not last.has_next
    beyond = search_results(user=reporter, query="khoa học", limit=10, offset=40)
    assert beyond.hits == [] and beyond.total == 25
    seen = [
        h.object.pk
        for page in (0, 10, 20)
        for h in search(user=reporter, query="khoa học", limit=10, offset=page)
    ]
    assert len(set(seen)) == 25


def test_a_very_broad_query_ranks_a_bounded_number_of_hits(make_org, sysadmin, monkeypatch, client):
    from khcn.search.backends.base import SearchBackend

    for i in range(25):
        make_org(f"Viện Khoa học số {i:02d}")
    monkeypatch.setattr(SearchBackend, "max_ranked", 10)
    broad = search_results(user=sysadmin, query="khoa hoc", limit=4, offset=0)
    assert (broad.total, broad.more_than, broad.reachable) == (11, True, 10) and len(broad.hits) == 4
    last = search_results(user=sysadmin, query="khoa hoc", limit=4, offset=8)
    assert len(last.hits) == 2 and not last.has_next  # the ranked ones only
    past = search_results(user=sysadmin, query="khoa hoc", limit=4, offset=12)
    assert past.hits == [] and past.total == 11  # counted, still no further than 11
    narrow = search_results(user=sysadmin, query="khoa hoc so", limit=4)
    assert (narrow.total, narrow.more_than) == (11, True)  # still every one of them
    exact = search_results(user=sysadmin, query="khoa hoc so 01", limit=4)
    assert (exact.total, exact.more_than) == (1, False)  # a number is matched whole: not "số 010"
    client.force_login(sysadmin)
    page = client.get(reverse("search:results"), {"q": "khoa hoc"}).content.decode()
    assert (
        t(
            "More than %(count)s results for “%(query)s”: add a word, or type the diacritics, to narrow them.",
            count="10",
            query="khoa hoc",
        )
        in page
    )
    assert client.get(reverse("search:results"), {"q": "khoa hoc", "page": "9"}).context["page_number"] == 1


def test_query_count_does_not_grow_with_hits(make_org, make_user, sysadmin, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_org("Sở Khoa học 1")
    index_object(make_user(Role.AGENCY_LEADER, full_name="Khoa Học Một"))
    search(user=sysadmin, query="khoa")  # warm the caches (memberships, content types)
    with CaptureQueriesContext(connection) as few:
        search(user=sysadmin, query="khoa")
    for i in range(40):
        make_org(f"Viện Khoa học {i}")
        index_object(make_user(Role.AGENCY_LEADER, full_name=f"Khoa Học {i}"))
    with CaptureQueriesContext(connection) as many:
        hits = search(user=sysadmin, query="khoa", limit=50)
    assert len(hits) == 50
    assert len(many) == len(few)
    with django_assert_max_num_queries(3):  # full-text + one per content type
        search(user=sysadmin, query="khoa", limit=50)


def test_index_object_updates_and_remove_object_removes(make_org, sysadmin):
    org = make_org("Sở Xây dựng")
    assert titles(search(user=sysadmin, query="xay dung")) == ["Sở Xây dựng"]
    org.name = "Sở Giao thông vận tải"
    org.save()
    index_object(org)
    assert search(user=sysadmin, query="xay dung") == []
    assert titles(search(user=sysadmin, query="giao thong")) == ["Sở Giao thông vận tải"]
    assert SearchEntry.objects.filter(object_id=org.pk).count() == 1
    assert remove_object(org) == 1
    assert search(user=sysadmin, query="giao thong") == []
    assert remove_object(org) == 0


def test_remove_object_after_delete(make_org, sysadmin):
    from khcn.organizations.models import Organization

    org = make_org("Sở Tạm thời")
    pk = org.pk
    org.delete()
    # A stale entry is never shown (the object is gone) …
    assert search(user=sysadmin, query="tam thoi") == []
    # … and is removed by model and former primary key.
    assert remove_object(model=Organization, pk=pk) == 1
    with pytest.raises(ValueError):
        remove_object()


def test_index_object_refuses_unregistered_models(db):
    from khcn.accounts.models import Membership
    from khcn.search.services import NotRegistered

    with pytest.raises(NotRegistered):
        index_object(Membership())


def test_entries_hold_exact_and_folded_tokens(dost_department):
    entry = SearchEntry.objects.get(object_id=dost_department.pk, content_type__model="organization")
    assert entry.title == DOST
    assert entry.title_exact == "sở khoa học và công nghệ"
    assert entry.title_folded == "so khoa hoc va cong nghe"
    assert "skhcn" in entry.body_folded
    assert entry.url == dost_department.get_absolute_url()


def test_words_next_to_each_other_rank_above_scattered_words(make_org, make_user, sysadmin):
    scattered = make_org("Trường Trung học cơ sở Khoa Trường")  # "sở", "khoa", "học" scattered
    member = make_user(Role.AGENCY_REPORTER, full_name="Lý Thị Mai", organization=make_org("Sở Khoa học"))
    index_object(member)
    hits = [h.object for h in search(user=sysadmin, query="sở khoa học")]
    assert hits.index(member) < hits.index(scattered)
    hits = [h.object for h in search(user=sysadmin, query="so khoa hoc")]
    assert hits.index(member) < hits.index(scattered)


def test_empty_stored_url_is_computed_at_display_time(dost_department, sysadmin):
    SearchEntry.objects.filter(object_id=dost_department.pk).update(url="")
    (hit,) = search(user=sysadmin, query="skhcn")
    assert hit.url == dost_department.get_absolute_url()
