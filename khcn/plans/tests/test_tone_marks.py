"""Tone marks placed either way ("hoà"/"hòa", "Uỷ"/"Ủy", "Thanh Hoá"/"Thanh Hóa") are one word
for the plan parser and for the import's agency resolution (``khcn.core.text.normalize_tones``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from khcn.core.text import fold, normalize_tones
from khcn.organizations.choices import AliasKind, OrganizationKind
from khcn.organizations.models import OrganizationAlias
from khcn.organizations.tests.factories import OrganizationFactory
from khcn.plans import services
from khcn.plans.models import Assignment
from khcn.plans.parser import agencies, duties, lexicon, parse_text
from khcn.plans.parser.agencies import find_mentions, tokenize
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import agencies_and_rules, sample_parse


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (*_strings(key), *_strings(item))]
    if isinstance(value, list | tuple | set | frozenset):
        return [s for item in value for s in _strings(item)]
    return []


def test_tokens_compare_either_convention_as_one_word():
    old, new = tokenize("Tỉnh ủy Thanh Hóa khỏe"), tokenize("Tỉnh uỷ Thanh Hoá khoẻ")
    assert [t.low for t in old] == [t.low for t in new] == ["tỉnh", "ủy", "thanh", "hóa", "khỏe"]
    assert [t.text for t in new] == ["Tỉnh", "uỷ", "Thanh", "Hoá", "khoẻ"]  # as written


@pytest.mark.parametrize("module", [lexicon, agencies, duties])
def test_the_word_lists_are_written_in_the_canonical_form(module):
    """The rules compare the tokens' canonical form with these lists: a word written the other
    way here would never match."""
    words = [
        s
        for name, value in vars(module).items()
        if name.lstrip("_")[:1].isupper() and not hasattr(value, "pattern")
        for s in _strings(value)
    ]
    assert len(words) > 20
    assert [w for w in words if normalize_tones(w) != w] == []


def test_a_word_typed_twice_in_both_conventions_is_dropped_and_reported():
    mention = find_mentions("tham mưu Tỉnh ủy uỷ Cà Mau xem xét")[0]
    assert mention.name == "Tỉnh ủy Cà Mau"
    assert mention.typo == "Tỉnh ủy uỷ Cà Mau"


PLAN = """KẾ HOẠCH
Phát triển khoa học và công nghệ phục vụ công nghiệp hóa, hiện đại hóa
I. NỘI DUNG
1. Ứng dụng tiến bộ kỹ thuật trong nuôi trồng thủy sản
Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch và Ủy ban nhân dân tỉnh Thanh Hóa thực hiện; báo cáo kết quả về Sở Khoa học và Công nghệ trước ngày 15/12 hằng năm.
2. Chăm sóc sức khỏe nhân dân
Sở Y tế chủ trì, phối hợp với Tỉnh ủy Cà Mau tổ chức thực hiện.
II. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa, Thể thao và Du lịch
Tuyên truyền về khoa học và công nghệ; phối hợp với Sở Y tế.
"""
NEW_STYLE = {
    "hóa": "hoá",
    "thủy": "thuỷ",
    "khỏe": "khoẻ",
    "Ủy ban": "Uỷ ban",
    "Thanh Hóa": "Thanh Hoá",
    "Tỉnh ủy": "Tỉnh uỷ",
}


def _new_style(text: str) -> str:
    for old, new in NEW_STYLE.items():
        text = text.replace(old, new)
    return text


def _canonical(data: dict[str, Any]) -> str:
    return normalize_tones(json.dumps(data, ensure_ascii=False, sort_keys=True))


def test_a_plan_written_in_either_convention_parses_the_same():
    new_text = _new_style(PLAN)
    assert new_text != PLAN and normalize_tones(new_text) == PLAN
    old, new = parse_text(PLAN).to_json(), parse_text(new_text).to_json()
    assert old["assignments"], "the sample has duties"
    assert _canonical(new) == _canonical(old)
    # Names stay as the text writes them.
    assert "Sở Văn hoá, Thể thao và Du lịch" in {a["agency"] for a in new["assignments"]}


@pytest.mark.django_db
def test_the_import_resolves_a_name_written_the_other_way(make_user):
    """The registry writes "Thanh Hóa"; a commune whose name folds alike ("Thanh Hòa") does not
    make the plan's "UBND xã Thanh Hoá" ambiguous."""
    world = agencies_and_rules(make_user)
    found = {}
    for name, short in (
        ("Ủy ban nhân dân xã Thanh Hóa", "UBND xã Thanh Hóa"),
        ("Ủy ban nhân dân xã Thanh Hòa", "UBND xã Thanh Hòa"),
    ):
        org = OrganizationFactory(name=name, kind=OrganizationKind.COMMUNE_COMMITTEE)
        for alias, kind in ((name, AliasKind.OFFICIAL), (short, AliasKind.SHORT)):
            OrganizationAlias.objects.create(organization=org, name=alias, name_folded=fold(alias), kind=kind)
        found[name] = org
    parse = sample_parse(
        assignments=[
            {"section": "II.1", "agency": "UBND xã Thanh Hoá", "role": "lead"},
            {"section": "II.3.c", "agency": "Uỷ ban nhân dân xã Thanh Hoá", "role": "coordinate"},
        ]
    )
    plan = services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(parse))
    given = {a.agency_name: a.organization for a in Assignment.objects.filter(item__plan=plan)}
    assert given == {
        "UBND xã Thanh Hoá": found["Ủy ban nhân dân xã Thanh Hóa"],
        "Uỷ ban nhân dân xã Thanh Hoá": found["Ủy ban nhân dân xã Thanh Hóa"],
    }
