import unicodedata

import pytest

from khcn.core.text import (
    clean,
    collation_key,
    exact_key,
    fold,
    nfc,
    normalize_data,
    normalize_tones,
    sort_vietnamese,
    words,
)


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


# --- Tone-mark placement: both conventions give one text ---------------------------------------
TONE_PAIRS = [
    # (new style: mark on the second vowel, traditional: on the first — the canonical form)
    ("hoà", "hòa"),
    ("hoá", "hóa"),
    ("hoả", "hỏa"),
    ("hoạ", "họa"),
    ("khoá", "khóa"),
    ("khoẻ", "khỏe"),
    ("xoè", "xòe"),
    ("thuỷ", "thủy"),
    ("tuỳ", "tùy"),
    ("Thuỵ", "Thụy"),
    ("uý", "úy"),
    ("Uỷ ban", "Ủy ban"),
    ("oà", "òa"),
    ("oẻ", "ỏe"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("THANH HOÁ", "THANH HÓA"),
    ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
    ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("công nghiệp hoá, hiện đại hoá", "công nghiệp hóa, hiện đại hóa"),
]


@pytest.mark.parametrize(("new", "old"), TONE_PAIRS)
def test_both_tone_conventions_give_the_canonical_form(new, old):
    assert normalize_tones(new) == old
    assert normalize_tones(old) == old  # the canonical form is a fixed point
    assert normalize_tones(nfd(new)) == old  # NFD in, NFC out
    assert unicodedata.is_normalized("NFC", normalize_tones(nfd(new)))
    assert fold(new) == fold(old)  # only the mark moved


@pytest.mark.parametrize(
    "word",
    [
        # "qu" and "gi" are consonants: the one vowel after them carries the mark.
        "quý",
        "Quý",
        "QUÝ",
        "quỹ",
        "quả",
        "quà",
        "giá",
        "giữ gìn",
        # Closed syllables and longer vowel groups: one placement only.
        "hoàn",
        "khoảng",
        "toán",
        "Huỳnh",
        "Quỳnh",
        "ngoài",
        "khoái",
        "khuya",
        "khuỷu",
        "tuyển",
        "thuyền",
        # Other vowel pairs, and words without the mark.
        "của",
        "mùa",
        "kìa",
        "Hoa",
        "Thuy",
        "Ủy",
        "Toyota",
        "50-KL/TW",
    ],
)
def test_words_written_one_way_only_do_not_change(word):
    assert normalize_tones(word) == word


def test_normalize_tones_keeps_the_rest_of_the_text():
    text = "Sở Y tế tỉnh Thanh Hoá (khoẻ mạnh) — quý II/2025; Uỷ ban: hoà hợp."
    assert normalize_tones(text) == "Sở Y tế tỉnh Thanh Hóa (khỏe mạnh) — quý II/2025; Ủy ban: hòa hợp."


def test_exact_key_compares_names_as_written():
    assert exact_key("  Sở Văn hoá ") == exact_key("SỞ VĂN HÓA") == exact_key(nfd("sở văn hóa"))
    assert exact_key("Thanh Hòa") != exact_key("Thanh Hóa")  # other accents: another name
