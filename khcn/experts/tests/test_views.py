from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from khcn.experts import services
from khcn.experts.models import Expert

pytestmark = pytest.mark.django_db


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_contacts_and_relatives_only_for_the_dost_and_the_expert(world, actors):
    public = world["public"]
    url = reverse("experts:detail", args=[public.pk])
    dost = client(world["specialist"]).get(url).content.decode()
    assert (
        "dao@example.invalid" in dost and "Trần Văn Đức" in dost
    )  # relative declared by Đức? no: shown on Đức
    other = client(actors["agency_reporter"]).get(url).content.decode()
    assert "Nguyễn Thị Hồng Đào" in other and "Sở Y tế" in other
    assert "dao@example.invalid" not in other and "13/2023" in other  # the privacy notice
    private = world["private"]
    page = client(world["specialist"]).get(reverse("experts:detail", args=[private.pk])).content.decode()
    assert "Nguyễn Thị Hồng Đào" in page and "Vi phạm liêm chính" in page
    own = client(world["own_user"]).get(reverse("experts:detail", args=[world["own"].pk])).content.decode()
    assert "quang@example.invalid" in own


def test_list_filters_and_search_without_diacritics(world):
    c = client(world["specialist"])
    url = reverse("experts:list")
    page = c.get(url, {"q": "duc"}).content.decode()
    assert "Trần Văn Đức" in page and "Võ Minh Quang" not in page
    page = c.get(url, {"field": world["fields"]["1"].pk}).content.decode()  # level 1 finds level 2
    assert "Trần Văn Đức" in page and "Nguyễn Thị Hồng Đào" not in page
    page = c.get(url, {"degree": "ThS"}).content.decode()
    assert "Nguyễn Thị Hồng Đào" in page and "Trần Văn Đức" not in page
    page = c.get(url, {"academic_title": "GS"}).content.decode()
    assert "Trần Văn Đức" in page and "Võ Minh Quang" not in page
    page = c.get(url, {"affiliation": "dai hoc can tho"}).content.decode()
    assert "Trần Văn Đức" in page and "Võ Minh Quang" not in page
    assert c.get(url, {"field": "abc", "degree": "zzz"}).status_code == 200  # ignored, not an error


def test_create_and_edit_through_the_pages(world):
    c = client(world["specialist"])
    response = c.post(
        reverse("experts:create"),
        {
            "full_name": "  Lê   Thị Mai ",
            "birth_year": "1985",
            "degree": "TS",
            "terms": [world["fields"]["405"].pk],
            "availability": "available",
            "organization_name": "Trường Đại học Bạc Liêu",
        },
    )
    expert = Expert.objects.get(full_name="Lê Thị Mai")
    assert response.status_code == 302 and response["Location"] == expert.get_absolute_url()
    response = c.post(
        reverse("experts:edit", args=[expert.pk]),
        {
            "full_name": "Lê Thị Mai",
            "birth_year": "1985",
            "degree": "TS",
            "terms": [world["fields"]["406"].pk],
            "availability": "limited",
            "version": expert.version,
        },
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.availability == "limited" and [t.code for t in expert.fields.all()] == ["406"]


def test_bad_input_shows_vietnamese_messages(world):
    c = client(world["specialist"])
    count = Expert.objects.count()
    response = c.post(
        reverse("experts:create"),
        {"full_name": "", "birth_year": "abc", "email": "không-phải-email", "availability": "available"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200 and Expert.objects.count() == count
    page = response.content.decode()
    assert "Trường này là bắt buộc" in page
    response = c.post(
        reverse("experts:create"),
        {"full_name": "Lê Văn Già", "birth_year": "2020", "availability": "available"},
    )
    assert response.status_code == 200 and Expert.objects.count() == count


def test_stale_edit_keeps_input_and_says_so(world):
    own = world["own"]
    services.expert_update(actor=world["specialist"], expert=own, version=1, position="Viện trưởng")
    response = client(world["own_user"]).post(
        reverse("experts:edit", args=[own.pk]),
        {"full_name": own.full_name, "availability": "available", "position": "Khác", "version": 1},
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.position == "Viện trưởng"


def test_names_are_escaped(world):
    evil = services.expert_create(
        actor=world["specialist"],
        full_name='<script>alert(1)</script>"><img src=x onerror=alert(2)>',
        organization_name="<b>Viện</b>",
        public_profile_consent=True,
    )
    c = client(world["specialist"])
    for url in (reverse("experts:list"), evil.get_absolute_url()):
        page = c.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>Viện</b>" not in page


def test_export_is_formula_safe(world):
    services.expert_create(
        actor=world["specialist"], full_name='=HYPERLINK("http://x")', organization_name="+cmd|' /C calc'!A0"
    )
    response = client(world["specialist"]).get(reverse("experts:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("HYPERLINK" in v for v in values)
    for cell in (c for row in sheet.iter_rows() for c in row):
        assert cell.data_type != "f"


def test_child_forms(world):
    c = client(world["own_user"])
    own = world["own"]
    c.post(
        reverse("experts:affiliation_add", args=[own.pk]), {"organization_name": "Trường Đại học Bạc Liêu"}
    )
    assert own.affiliations.count() == 2
    c.post(
        reverse("experts:relative_add", args=[own.pk]),
        {"relation": "sibling", "relative": world["public"].pk},
    )
    assert own.relatives.count() == 1
    # The private expert is not visible to this user: cannot be declared through the page.
    c.post(
        reverse("experts:relative_add", args=[own.pk]),
        {"relation": "spouse", "relative": world["private"].pk},
    )
    assert own.relatives.count() == 1
    response = c.post(reverse("experts:sanction_add", args=[own.pk]), {"reason": "x", "start": "01/01/2026"})
    assert response.status_code == 403 and own.sanctions.count() == 0
