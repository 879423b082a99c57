from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from khcn.experts import services
from khcn.experts.selectors import expert_suggest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(world):
    s, f = world["specialist"], world["fields"]
    shrimp = services.expert_create(
        actor=s,
        full_name="Lâm Văn Tôm",
        fields=[f["405"]],
        publications="Quy trình nuôi tôm sú quảng canh cải tiến ở Cà Mau",
        organization_name="Trường Đại học Bạc Liêu",
    )
    rice = services.expert_create(
        actor=s, full_name="Hồ Thị Lúa", fields=[f["401"]], past_tasks="Giống lúa chịu mặn"
    )
    away = services.expert_create(
        actor=s, full_name="Quách Văn Bận", fields=[f["405"]], availability="unavailable"
    )
    return {"shrimp": shrimp, "rice": rice, "away": away}


def test_ranked_by_fields_and_text_unavailable_left_out(world, pool):
    result = expert_suggest(
        user=world["specialist"], text="Nuôi tôm sú quảng canh", fields=[world["fields"]["405"]]
    )
    names = [s.expert.full_name for s in result.ranked]
    assert names[0] == "Lâm Văn Tôm"
    assert "Quách Văn Bận" not in names
    # Rice (401) shares the level-1 field (4, agriculture) only: ranked lower.
    assert names.index("Hồ Thị Lúa") > names.index("Võ Minh Quang")
    # Without diacritics, same result.
    again = expert_suggest(user=world["specialist"], text="nuoi tom su quang canh", fields=[])
    assert again.ranked[0].expert.full_name == "Lâm Văn Tôm"


def test_conflicts_are_excluded_with_the_reason(world, pool):
    with translation.override("en"):
        result = _conflicted(world)
    reasons = {s.expert.full_name: s.conflicts for s in result.excluded}
    assert reasons["Lâm Văn Tôm"] == ["works for Trường Đại học Bạc Liêu"]
    assert reasons["Nguyễn Thị Hồng Đào"] == ["is one of the named people"]
    # Trần Văn Đức declared Đào as spouse, and has an active sanction.
    assert reasons["Trần Văn Đức"][0].startswith("Spouse of Nguyễn Thị Hồng Đào")
    assert any(r.startswith("sanctioned") for r in reasons["Trần Văn Đức"])
    assert {s.expert.full_name for s in result.ranked}.isdisjoint(reasons)
    with translation.override("vi"):
        vietnamese = {s.expert.full_name: s.conflicts for s in _conflicted(world).excluded}
    assert vietnamese["Lâm Văn Tôm"] == ["làm việc tại Trường Đại học Bạc Liêu"]


def _conflicted(world):
    return expert_suggest(
        user=world["specialist"],
        text="Dịch vụ y tế",
        fields=[world["fields"]["3"], world["fields"]["101"], world["fields"]["405"]],
        organization_names=["Trường Đại học Bạc Liêu"],
        people=["Nguyễn Thi Hong Dao"],  # typed without diacritics
        as_of=dt.date(2026, 6, 1),
    )


def test_suggest_page(world, pool, actors):
    c = Client()
    c.force_login(world["specialist"])
    url = reverse("experts:suggest")
    assert c.get(url).status_code == 200
    page = c.get(url, {"text": "nuôi tôm", "organization_name": "Trường Đại học Bạc Liêu"}).content.decode()
    excluded = page.split('data-testid="excluded"', 1)[1]
    assert "Lâm Văn Tôm" in excluded and "Trường Đại học Bạc Liêu" in excluded
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    bad = c.get(url, {"text": ""}).content.decode()
    assert "Describe the work or choose at least one field." in bad
    other = Client()
    other.force_login(actors["council_member"])
    assert other.get(url).status_code == 403


def test_the_candidates_limit_keeps_the_experts_holding_the_wanted_field(world, pool, monkeypatch):
    """With more candidates than the limit, those holding the wanted field come first (not the
    first names in Vietnamese order): Hồ Thị Lúa (401, a neighbour of 405) sorts first by name,
    yet the one kept holds 405 (Võ Minh Quang or Lâm Văn Tôm)."""
    import khcn.experts.selectors as experts_selectors

    monkeypatch.setattr(experts_selectors, "SUGGEST_CANDIDATES", 1)
    result = expert_suggest(user=world["specialist"], fields=[world["fields"]["405"]])
    kept = [s.expert for s in result.ranked]
    assert len(kept) == 1 and kept[0].full_name in ("Võ Minh Quang", "Lâm Văn Tôm")
    assert world["fields"]["405"] in kept[0].fields.all()


def test_the_candidates_limit_keeps_the_profiles_holding_the_words_of_the_text(world, pool, monkeypatch):
    """A text alone: the candidates are those whose stored profile words hold the text's words,
    most first, not the first names in Vietnamese order."""
    import khcn.experts.selectors as experts_selectors

    monkeypatch.setattr(experts_selectors, "SUGGEST_CANDIDATES", 1)
    result = expert_suggest(user=world["specialist"], text="quy trình nuôi tôm sú quảng canh cải tiến")
    assert [s.expert.full_name for s in result.ranked] == ["Lâm Văn Tôm"]


def test_profile_words_follow_every_change(world, pool):
    from khcn.experts.models import Expert

    rice = pool["rice"]
    assert "|giong lua|" in Expert.objects.get(pk=rice.pk).words  # past tasks, folded
    services.expert_update(actor=world["specialist"], expert=rice, past_tasks="Rừng ngập mặn")
    words = Expert.objects.get(pk=rice.pk).words
    assert "|rung ngap|" in words and "|giong lua|" not in words
    services.affiliation_add(actor=world["specialist"], expert=rice, organization_name="Viện Lúa ĐBSCL")
    assert "|vien lua|" in Expert.objects.get(pk=rice.pk).words
