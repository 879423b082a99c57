import unicodedata

import pytest

from khcn.core.text import clean, collation_key, fold, nfc, normalize_data, sort_vietnamese, words


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sở Khoa học và Công nghệ", "so khoa hoc va cong nghe"),
        ("SỞ KHOA HỌC", "so khoa hoc"),
        ("Đổi mới sáng tạo", "doi moi sang tao"),
        ("đồng bằng sông Cửu Long", "dong bang song cuu long"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Ưu tiên ƠN", "uu tien on"),
    ],
)
def test_fold_drops_marks_and_d(text, folded):
    assert fold(text) == folded
    assert fold(nfd(text)) == folded


def test_nfc_and_clean():
    decomposed = nfd("Sở Khoa học")
    assert decomposed != "Sở Khoa học"
    assert nfc(decomposed) == "Sở Khoa học"
    assert clean("  Sở \t Khoa\n học  ") == "Sở Khoa học"


def test_words_split_on_punctuation():
    assert words("Sở KH&CN, tỉnh Cà Mau") == ["Sở", "KH", "CN", "tỉnh", "Cà", "Mau"]


def test_vietnamese_alphabet_order():
    names = ["Đà Nẵng", "Dương", "An", "Ân", "Ă", "Bình", "Ơn", "Ô", "Ông", "Cà Mau", "Châu"]
    assert sort_vietnamese(names) == [
        "An",
        "Ă",
        "Ân",
        "Bình",
        "Cà Mau",
        "Châu",
        "Dương",
        "Đà Nẵng",
        "Ô",
        "Ông",
        "Ơn",
    ]


def test_tones_break_ties_in_order():
    assert sort_vietnamese(["mả", "má", "ma", "mạ", "mà", "mã"]) == ["ma", "mà", "má", "mả", "mã", "mạ"]


def test_collation_key_sorts_like_sort_key_and_is_ascii():
    names = ["Đà Nẵng", "Dương", "An", "An Giang", "Ân", "Bạc Liêu", "Bà Rịa", "Cà Mau", "Ô Môn", "Ơn", "ươm"]
    by_key = sorted(names, key=collation_key)
    assert by_key == sort_vietnamese(names)
    assert all(collation_key(n).isascii() for n in names)
    assert collation_key(nfd("Đổi mới")) == collation_key("Đổi mới")


def test_normalize_data_nested():
    data = {nfd("tên"): [nfd("Sở"), {"x": nfd("Hà Nội")}], "n": 1}
    out = normalize_data(data)
    assert out == {"tên": ["Sở", {"x": "Hà Nội"}], "n": 1}


def test_roman_numerals_both_ways():
    from khcn.core.text import roman, roman_value

    assert [roman(n) for n in (1, 4, 9, 14, 40, 1990)] == ["I", "IV", "IX", "XIV", "XL", "MCMXC"]
    assert roman(0) == "" and roman(-3) == ""
    assert [roman_value(t) for t in ("I", "IV", "XIV", "MCMXC")] == [1, 4, 14, 1990]
    assert roman_value("IIII") is None and roman_value("iv") is None and roman_value("") is None
    assert all(roman_value(roman(n)) == n for n in range(1, 400))
