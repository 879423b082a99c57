"""Tokenising, query parsing and highlighting (no database)."""

import unicodedata

import pytest

from khcn.search.query import MAX_QUERY_TOKENS, exact_text, excerpt, folded_text, highlight, parse, tokens


def test_tokens_are_nfc_lower_case_words():
    nfd = unicodedata.normalize("NFD", "SỞ Khoa-học_và (Công nghệ)")
    assert tokens(nfd) == ["sở", "khoa", "học", "và", "công", "nghệ"]


def test_exact_and_folded_text():
    assert exact_text("Sở Khoa học & Công nghệ") == "sở khoa học công nghệ"
    assert folded_text("Đổi mới SÁNG TẠO") == "doi moi sang tao"


@pytest.mark.parametrize(
    "raw",
    ["so khoa hoc", "SỞ KHOA HỌC", unicodedata.normalize("NFD", "Sở Khoa Học"), "  sở   khoa  học  "],
)
def test_parse_folds_the_same_way(raw):
    assert parse(raw).folded == ("so", "khoa", "hoc")


def test_parse_keeps_accents_for_the_exact_branch():
    query = parse("Đổi MỚI")
    assert query.exact == ("đổi", "mới")
    assert query.folded == ("doi", "moi")
    assert query.has_diacritics
    assert not parse("doi moi").has_diacritics


@pytest.mark.parametrize("raw", ["", "   ", '"', "*", "()", "-:", "'; --", "_", "…!?"])
def test_punctuation_only_is_empty(raw):
    assert parse(raw).is_empty


def test_fts5_expression_quotes_every_token():
    query = parse('AND "or" NOT* (x:y) -z')
    fts = query.fts5_exact()
    assert fts.startswith("{title_exact body_exact} : (")
    assert query.fts5().startswith("{title_folded body_folded} : (")
    assert '"and"' in fts and '"or"' in fts and '"not"' in fts and '"z"*' in fts
    assert fts.count("(") == fts.count(")")


def test_tsquery_expression_uses_weights_and_prefix():
    query = parse("đổi mới")
    assert query.tsquery_exact() == "'đổi':AB & 'mới':*AB"
    assert query.tsquery() == "'doi':CD & 'moi':*CD"


def test_long_queries_are_capped():
    query = parse("từ " * 500)
    assert len(query.exact) == MAX_QUERY_TOKENS
    assert len(query.raw) <= 200


def test_highlight_marks_folded_matches_and_escapes():
    html = highlight("<b>Sở</b> Khoa học & Công nghệ", parse("so khoa h"))
    assert html == "&lt;b&gt;<mark>Sở</mark>&lt;/b&gt; <mark>Khoa</mark> <mark>học</mark> &amp; Công nghệ"


def test_excerpt_centres_on_the_first_match():
    text = "Mở đầu " * 60 + "Trung tâm Ứng dụng tiến bộ khoa học" + " kết thúc" * 60
    plain, html = excerpt(text, parse("ung dung"), width=80)
    assert plain.startswith("…") and plain.endswith("…")
    assert "Ứng dụng" in plain
    assert "<mark>Ứng</mark> <mark>dụng</mark>" in html
    assert len(plain) <= 82


def test_short_excerpt_is_whole_text():
    plain, html = excerpt("SKHCN · Sở KH&CN", parse("skhcn"))
    assert plain == "SKHCN · Sở KH&CN"
    assert html == "<mark>SKHCN</mark> · Sở KH&amp;CN"


def test_phrase_expressions():
    query = parse("Sở khoa h")
    assert query.fts5_phrase() == '{title_folded body_folded} : "so khoa h"*'
    assert query.tsquery_phrase() == "'so':CD <-> 'khoa':CD <-> 'h':*CD"
