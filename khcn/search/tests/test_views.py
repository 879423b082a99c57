"""The results page and its type-ahead partial."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.search.services import index_object

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(URL, {"q": "khoa"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_results_page_shows_count_label_highlight_and_excerpt(client, sysadmin, dost_department):
    client.force_login(sysadmin)
    response = client.get(URL, {"q": "so khoa hoc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["total"] == 1
    assert 'data-testid="search-count"' in html
    assert f'href="{dost_department.get_absolute_url()}"' in html
    assert "<mark>Sở</mark> <mark>Khoa</mark> <mark>học</mark> và Công nghệ" in html
    assert "SKHCN" in html
    assert str(response.context["hits"][0].label) in html


def test_no_results_message(client, sysadmin, dost_department):
    client.force_login(sysadmin)
    response = client.get(URL, {"q": "không có gì cả"})
    assert response.status_code == 200
    assert response.context["hits"] == []
    assert 'data-testid="search-empty"' in response.content.decode()


@pytest.mark.parametrize("q", ["", '"', "*", "AND (", "'; DROP TABLE search_searchentry; --", "x" * 3000])
def test_odd_queries_render(client, sysadmin, dost_department, q):
    client.force_login(sysadmin)
    response = client.get(URL, {"q": q, "page": "abc"})
    assert response.status_code == 200


def test_nfd_query_in_the_url_finds_the_same(client, sysadmin, dost_department):
    import unicodedata

    client.force_login(sysadmin)
    response = client.get(URL, {"q": unicodedata.normalize("NFD", "Sở Khoa Học")})
    assert [h.object for h in response.context["hits"]] == [dost_department]


def test_pagination(client, sysadmin, make_org):
    for i in range(45):
        make_org(f"Trường Trung học cơ sở số {i:02d}")
    client.force_login(sysadmin)
    first = client.get(URL, {"q": "trung hoc"})
    assert first.context["total"] == 45
    assert len(first.context["hits"]) == 20
    assert first.context["num_pages"] == 3
    assert 'rel="next"' in first.content.decode()
    last = client.get(URL, {"q": "trung hoc", "page": 3})
    assert len(last.context["hits"]) == 5
    assert 'rel="prev"' in last.content.decode()
    too_far = client.get(URL, {"q": "trung hoc", "page": 99})
    assert too_far.context["page_number"] == 3
    assert len(too_far.context["hits"]) == 5


def test_partial_returns_only_the_list(client, sysadmin, make_org):
    for i in range(12):
        make_org(f"Phòng Văn hóa số {i}")
    client.force_login(sysadmin)
    response = client.get(URL, {"q": "van hoa", "partial": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.count('data-testid="search-hit"') == 8
    assert "?q=van%20hoa" in html


def test_permission_filtering_in_the_page(client, reporter, make_user, dost_department):
    other = make_user(Role.AGENCY_LEADER, full_name="Võ Thị Kín Đáo")
    index_object(other)
    client.force_login(reporter)
    response = client.get(URL, {"q": "kin dao"})
    assert response.context["total"] == 0
    assert "Võ Thị" not in response.content.decode()


def test_query_count_is_constant(client, sysadmin, make_org, make_user, django_assert_max_num_queries):
    make_org("Sở Y tế")
    index_object(make_user(Role.AGENCY_LEADER, full_name="Y Tế Một"))
    client.force_login(sysadmin)
    client.get(URL, {"q": "y te"})  # warm caches
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "y te"})
    for i in range(30):
        make_org(f"Trung tâm Y tế số {i}")
        index_object(make_user(Role.AGENCY_LEADER, full_name=f"Y Tế {i}"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"q": "y te"})
    groups = response.context["groups"]  # agencies and people: five of each, with their counts
    assert [(len(g.hits), g.count) for g in groups] == [(5, 31), (5, 31)]
    assert len(many) <= len(few)  # one query per type shown, never per hit
    with django_assert_max_num_queries(len(few)):
        client.get(URL, {"q": "y te", "type": "organizations.organization", "page": 2})
    with django_assert_max_num_queries(len(few)):
        client.get(URL, {"q": "y te", "page": 2})
