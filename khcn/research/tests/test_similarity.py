"""The duplication check's engine (``khcn.research.similarity``): pure, no database."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khcn.core.text import fold
from khcn.research.similarity import Document, Match, SimilarityIndex, terms

# Past tasks of a provincial DOST (written for these tests, in the style of Cà Mau's lists).
PAST = [
    Document(
        1,
        "Nghiên cứu quy trình nuôi tôm càng xanh toàn đực trong ao đất tại Cà Mau",
        "Xây dựng quy trình nuôi tôm càng xanh toàn đực thương phẩm đạt năng suất 1,5 tấn/ha; "
        "chuyển giao cho 3 hộ nuôi ở huyện Thới Bình (thực hiện 2017–2019).",
    ),
    Document(
        2,
        "Ứng dụng công nghệ sinh học sản xuất chế phẩm xử lý môi trường ao nuôi tôm thẻ chân trắng "
        "siêu thâm canh",
        "Phân lập vi khuẩn Bacillus có lợi, sản xuất chế phẩm quy mô 500 lít/mẻ.",
    ),
    Document(3, "Nghiên cứu giải pháp nâng cao hiệu quả nuôi cua biển tại tỉnh Cà Mau"),
    Document(4, "Đánh giá thực trạng và giải pháp phòng chống sốt xuất huyết tại tỉnh Cà Mau"),
    Document(5, "Xây dựng mô hình du lịch cộng đồng gắn với bảo tồn rừng ngập mặn Đất Mũi"),
    Document(6, "Nghiên cứu tác động của biến đổi khí hậu đến sản xuất lúa vùng U Minh, tỉnh Cà Mau"),
    Document(7, "Ứng dụng khoa học và công nghệ phát triển thương hiệu mật ong U Minh Hạ"),
    Document(8, "Sản xuất thử nghiệm giống lúa chịu mặn ST25 trên nền đất tôm – lúa tại huyện Thới Bình"),
    Document(9, "Nghiên cứu thành phần loài cá và nguồn lợi thủy sản vùng biển tỉnh Cà Mau"),
    Document(10, "Đánh giá hiện trạng sạt lở bờ biển Đông và đề xuất giải pháp kè mềm tại tỉnh Cà Mau"),
    Document(11, "Nghiên cứu bệnh hoại tử gan tụy cấp trên tôm nuôi tại tỉnh Cà Mau"),
    Document(12, "Xây dựng cơ sở dữ liệu bệnh án điện tử tại Bệnh viện Đa khoa Cà Mau"),
]


@pytest.fixture(scope="module")
def index():
    return SimilarityIndex.build(PAST)


def by_id(matches):
    return {m.id: m for m in matches}


def test_same_title_without_diacritics_scores_about_one(index):
    title = PAST[0].title
    for typed in (title, fold(title), title.upper(), fold(title).upper()):
        best = index.query(typed)[0]
        assert best.id == 1
        assert best.score == pytest.approx(1.0, abs=0.01)


def test_tone_mark_placement_does_not_matter():
    idx = SimilarityIndex.build([(1, "Nghiên cứu chế phẩm sinh học xử lý nước thải thủy sản", "")])
    assert idx.query("Nghiên cứu chế phẩm sinh học xử lý nước thải thuỷ sản")[0].score == pytest.approx(1.0)


def test_word_order_changed_scores_high(index):
    best = index.query("Tôm càng xanh toàn đực nuôi trong ao đất tại Cà Mau: nghiên cứu quy trình")[0]
    assert best.id == 1
    assert best.score > 0.7


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (  # "áp dụng" for "ứng dụng", "tôm thẻ" for "tôm thẻ chân trắng"
            "Áp dụng công nghệ sinh học sản xuất chế phẩm xử lý môi trường ao nuôi tôm thẻ siêu thâm canh",
            2,
        ),
        ("Nghiên cứu tác động của BĐKH đến sản xuất lúa vùng U Minh", 6),
        ("Ứng dụng KH&CN phát triển thương hiệu mật ong U Minh Hạ", 7),
        ("Ung dung KHCN phat trien thuong hieu mat ong U Minh Ha", 7),
        ("SXTN giống lúa chịu mặn ST25 trên nền đất tôm – lúa tại huyện Thới Bình", 8),
        ("Đánh giá thực trạng sạt lở bờ biển Đông và đề xuất giải pháp kè mềm tại tỉnh Cà Mau", 10),
    ],
)
def test_synonym_variant_scores_high(index, query, expected):
    best = index.query(query)[0]
    assert best.id == expected
    assert best.score > 0.8


def test_unrelated_title_is_below_threshold(index):
    matches = index.query("Ứng dụng trí tuệ nhân tạo dự báo giá điện gió ngoài khơi", threshold=0.2)
    assert matches == []


def test_frequent_words_alone_do_not_make_titles_similar(index):
    """Two titles that share only "Nghiên cứu giải pháp … tại tỉnh Cà Mau"."""
    query = "Nghiên cứu giải pháp phát triển chợ nổi trên sông Gành Hào tại tỉnh Cà Mau"
    assert index.query(query, threshold=0.2) == []
    scores = by_id(index.query(query, threshold=0.01))
    assert scores[3].score < 0.15  # "Nghiên cứu giải pháp … tại tỉnh Cà Mau" is all they share


def test_a_content_word_weighs_more_than_boilerplate(index):
    matches = index.query("Nghiên cứu giải pháp bảo tồn rừng ngập mặn Đất Mũi tại tỉnh Cà Mau")
    assert matches[0].id == 5


def test_matched_terms_explain_the_score_as_typed_in_the_title(index):
    best = index.query("nuoi tom cang xanh toan duc trong ao dat")[0]
    assert best.id == 1
    assert best.terms[0] == "nuôi tôm càng xanh toàn đực trong ao đất"
    best = index.query("Tác động của BĐKH đến sản xuất lúa ở U Minh")[0]
    assert best.id == 6
    assert "biến đổi khí hậu" in best.terms[0]
    assert "U Minh" in best.terms
    # Boilerplate shared with an unrelated task is not what explains the best match.
    best = index.query("Nghiên cứu giải pháp bảo tồn rừng ngập mặn Đất Mũi tại tỉnh Cà Mau")[0]
    assert best.terms[0] == "bảo tồn rừng ngập mặn Đất Mũi"


def test_body_text_counts_less_than_the_title(index):
    # "Bacillus" is only in task 2's text: a match, but far from a duplicate.
    matches = by_id(index.query("Phân lập vi khuẩn Bacillus", threshold=0.05))
    assert 2 in matches
    assert matches[2].score < 0.9
    # With the objectives given, a proposal matches on its text too.
    with_text = by_id(
        index.query(
            "Sản xuất chế phẩm vi sinh cho ao tôm",
            "Phân lập vi khuẩn Bacillus có lợi, sản xuất chế phẩm quy mô 500 lít/mẻ.",
        )
    )
    assert with_text[2].score > 0.4


def test_folded_function_words_typed_without_diacritics():
    idx = SimilarityIndex.build(
        [
            (1, "Nuôi cua biển kết hợp rừng ngập mặn", ""),
            (2, "Quản lý hồ sơ của người bệnh", ""),
            (3, "Xử lý khí thải lò đốt rác", ""),
        ]
    )
    # "cua" is the crab here (a pair "cua biển" is known), "của" there.
    assert idx.query("nuoi cua bien ket hop rung ngap man")[0].score == pytest.approx(1.0)
    assert idx.query("quan ly ho so cua nguoi benh")[0].score == pytest.approx(1.0)
    assert idx.query("xu ly khi thai lo dot rac")[0].score == pytest.approx(1.0)


def test_top_k_and_order(index):
    matches = index.query("Nghiên cứu nuôi tôm tại Cà Mau", k=3, threshold=0.01)
    assert len(matches) == 3
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert index.query("Nghiên cứu nuôi tôm", k=0) == []
    assert index.query("") == []
    assert index.query("và của tại") == []


def test_tuples_and_ids_of_any_kind():
    idx = SimilarityIndex.build([("NV-2019-07", "Nuôi sò huyết trong ao", "x"), ("NV-2020-01", "Trồng lúa")])
    assert len(idx) == 2
    best = idx.query("nuôi sò huyết")[0]
    assert isinstance(best, Match)
    assert (best.id, best.terms) == ("NV-2019-07", ("Nuôi sò huyết",))


def test_terms_are_folded_syllables_and_pairs():
    # Word order: the same syllables, pairs in either order.
    assert set(terms("Nuôi tôm càng xanh")) - set(terms("tôm càng xanh nuôi")) == {"nuoi tom"}
    assert set(terms("Nuôi tôm")) == {"nuoi", "tom", "nuoi tom"}
    assert set(terms("tôm nuôi")) == {"nuoi", "tom", "nuoi tom"}
    assert "va" not in terms("Khoa học và Công nghệ")
    assert set(terms("KH&CN")) == set(terms("khoa học và công nghệ")) == set(terms("KHCN"))


def test_large_corpus_reads_only_postings():
    """20,000 tasks sharing boilerplate: a query returns quickly and exactly."""
    docs = [(i, f"Nghiên cứu giải pháp mã số {i} tại tỉnh Cà Mau", "") for i in range(20000)]
    docs.append((-1, "Nuôi sò huyết trong ao đất", ""))
    idx = SimilarityIndex.build(docs)
    matches = idx.query("Nuôi sò huyết trong ao đất tại tỉnh Cà Mau")
    assert matches[0].id == -1
    assert all(m.id == -1 for m in matches)


# --- Properties ---------------------------------------------------------------------------------

SYLLABLES = [
    "nghiên", "cứu", "nuôi", "tôm", "càng", "xanh", "cua", "biển", "lúa", "mặn", "rừng", "ngập",
    "ứng", "dụng", "áp", "mô", "hình", "tại", "và", "của", "Cà", "Mau", "BĐKH", "KH&CN", "sò",
    "huyết", "khí", "thải", "đất", "ao", "hoà", "hòa", "thuỷ", "sản", "U", "Minh", "2019",
]  # fmt: skip

syllable = st.sampled_from(SYLLABLES).flatmap(lambda s: st.sampled_from([s, fold(s), s.upper()]))
title = st.lists(syllable, min_size=1, max_size=12).map(" ".join)
body = st.lists(syllable, max_size=20).map(" ".join)
corpus = st.lists(st.tuples(title, body), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus, st.data())
def test_scores_in_range_and_a_task_is_its_own_best_match(docs, data):
    idx = SimilarityIndex.build([(n, t, b) for n, (t, b) in enumerate(docs)])
    n = data.draw(st.integers(0, len(docs) - 1))
    own_title, own_body = docs[n]
    matches = idx.query(own_title, own_body, k=len(docs), threshold=0.0)
    for m in matches:
        assert 0.0 <= m.score <= 1.0
        assert not math.isnan(m.score)
    if terms(own_title):
        assert matches
        scores = by_id(matches)
        assert n in scores
        assert scores[n].score == pytest.approx(1.0, abs=1e-3)
        assert scores[n].score >= max(m.score for m in matches) - 1e-9


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=60), st.text(max_size=60)), max_size=8), st.text(max_size=80))
def test_any_text_gives_valid_scores(docs, query):
    idx = SimilarityIndex.build([(n, t, b) for n, (t, b) in enumerate(docs)])
    for m in idx.query(query, k=20, threshold=0.0):
        assert 0.0 <= m.score <= 1.0
        assert isinstance(m.terms, tuple)
