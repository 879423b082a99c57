"""Tone marks placed either way are one word in the exact (accented) tier, on both sides of the
search; document numbers are matched whole; the migration that re-tokenises existing entries."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from khcn.organizations.models import Organization
from khcn.search.models import SearchEntry
from khcn.search.query import codes, exact_text, folded_text, highlight, parse, tokens
from khcn.search.selectors import search
from khcn.search.services import retokenize

from .conftest import titles

# --- Tokens (no database) ------------------------------------------------------------------


def test_tokens_put_the_tone_mark_in_one_place():
    assert tokens("Sở Y tế Thanh Hoá") == tokens("SỞ Y TẾ THANH HÓA") == ["sở", "y", "tế", "thanh", "hóa"]
    assert exact_text("Uỷ ban nhân dân xã Hoà Bình") == exact_text("Ủy ban nhân dân xã Hòa Bình")
    assert exact_text("Thanh Hòa") != exact_text("Thanh Hóa")  # other accents: another word
    assert parse("Thanh Hoá").exact == parse("thanh hóa").exact == ("thanh", "hóa")
    assert parse("quý khoẻ").exact == ("quý", "khỏe")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Kết luận số 50-KL/TW ngày 30/5/2019", ["50kltw"]),
        ("Quyết định 2881/QĐ-UBND; COVID-19", ["2881qđubnd", "covid19"]),
        ("KL/TW, ngày 30/5/2019, kinh tế - xã hội, 2021-2025", []),  # need a digit and a letter
    ],
)
def test_document_numbers_are_indexed_whole_after_the_words(text, found):
    assert codes(text) == found
    assert exact_text(text) == " ".join([*tokens(text), *found])
    assert folded_text("Số 2881/QĐ-UBND") == "so 2881 qd ubnd 2881qdubnd"


def test_a_document_number_in_a_query_is_one_token_and_its_words_the_phrase():
    query = parse("Kết luận 50-KL/TW")
    assert query.exact == ("kết", "luận", "50kltw")
    assert query.phrase == ("ket", "luan", "50", "kl", "tw")
    assert query.fts5() == '{title_folded body_folded} : ("ket" AND "luan" AND "50kltw"*)'
    assert query.tsquery_phrase() == "'ket':CD <-> 'luan':CD <-> '50':CD <-> 'kl':CD <-> 'tw':*CD"


def test_a_number_alone_is_matched_whole_not_as_a_prefix():
    query = parse("2881")
    assert not query.prefix
    assert query.fts5() == '{title_folded body_folded} : ("2881")'
    assert query.tsquery() == "'2881':CD"
    assert parse("2881/KH").prefix and parse("so").prefix


def test_highlight_marks_whole_numbers():
    assert (
        str(highlight("Kết luận số 50-KL/TW; 50 KL", parse("50-KL/TW")))
        == "Kết luận số <mark>50-KL/TW</mark>; 50 KL"
    )
    assert str(highlight("Số 2881/KH-UBND, không phải 28810", parse("2881"))) == (
        "Số <mark>2881</mark>/KH-UBND, không phải 28810"
    )


# --- Search ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Ủy ban nhân dân xã Thanh Hóa", "Thanh Hoá"),  # the query in the new convention
        ("Uỷ ban nhân dân xã Thanh Hoá", "Thanh Hóa"),  # the name in the new convention
        ("Ủy ban nhân dân xã Thanh Hóa", "THANH HOÁ"),
    ],
)
def test_the_other_tone_convention_ranks_the_right_agency_first(make_org, sysadmin, stored, typed):
    # Created first and shorter, so only the exact tier can put the other one first.
    make_org("Xã Thanh Hòa")
    make_org(stored)
    hits = search(user=sysadmin, query=typed)
    assert titles(hits) == [stored, "Xã Thanh Hòa"]
    assert [h.exact for h in hits] == [True, False]
    assert "<mark>" in hits[0].title_html


@pytest.mark.django_db
def test_document_numbers_find_their_document_only(make_org, sysadmin):
    make_org("Ban chỉ đạo Kết luận 50-KL/TW")
    make_org("Tổ 50 KL thuộc TW")  # the same words, not the number
    make_org("Đội 28810")
    make_org("Ban 2881")
    assert titles(search(user=sysadmin, query="50-KL/TW")) == ["Ban chỉ đạo Kết luận 50-KL/TW"]
    assert titles(search(user=sysadmin, query="50-kl/tw")) == ["Ban chỉ đạo Kết luận 50-KL/TW"]
    assert titles(search(user=sysadmin, query="2881")) == ["Ban 2881"]
    assert titles(search(user=sysadmin, query="50 KL")) == [
        "Tổ 50 KL thuộc TW",
        "Ban chỉ đạo Kết luận 50-KL/TW",
    ]


@pytest.mark.django_db
def test_retokenize_brings_old_entries_to_the_new_tokens(make_org, sysadmin):
    """What migration ``search.0003`` runs: entries written before tone marks were normalised
    and numbers indexed whole are found as if indexed today."""
    org = make_org("Uỷ ban nhân dân xã Thanh Hoá, Kế hoạch 2881/KH-UBND")
    make_org("Xã Thanh Hòa")
    entry = SearchEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Organization), object_id=org.pk
    )
    # As the old tokeniser wrote it.
    SearchEntry.objects.filter(pk=entry.pk).update(
        title_exact="uỷ ban nhân dân xã thanh hoá kế hoạch 2881 kh ubnd",
        title_folded="uy ban nhan dan xa thanh hoa ke hoach 2881 kh ubnd",
    )
    assert titles(search(user=sysadmin, query="2881/KH-UBND")) == []
    assert retokenize() == 1
    assert retokenize() == 0  # idempotent
    assert titles(search(user=sysadmin, query="2881/KH-UBND")) == [org.name]
    assert search(user=sysadmin, query="Thanh Hóa")[0].object == org
