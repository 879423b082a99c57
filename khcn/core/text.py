"""Vietnamese text: NFC normalisation, search folding and a sort key.

Every string that enters KHCN (forms, API bodies, imported files) is normalised to NFC, so
"ộ" typed as one code point or as "o" + two combining marks is stored the same way.
Search folds both the text and the query: NFD, drop combining marks, đ→d, lower case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")

# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_BASE_ORDER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_BASE_ORDER)}
# Tone marks in the conventional dictionary order: ngang, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# Marks that make a distinct letter (ă, â, ê, ô, ơ, ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


# Vietnamese function words (hư từ): conjunctions, prepositions, determiners, aspect and modal
# words. One list for every reader of Vietnamese text (the plan parser ends agency names on
# them and builds its own word classes from it).
STOP_WORDS: frozenset[str] = frozenset(
    [
        "và",
        "các",
        "những",
        "này",
        "đó",
        "có",
        "là",
        "được",
        "đã",
        "sẽ",
        "đang",
        "cần",
        "phải",
        "để",
        "trong",
        "về",
        "với",
        "theo",
        "tại",
        "của",
        "cho",
        "khi",
        "nhằm",
        "thuộc",
        "trên",
        "dưới",
        "đến",
        "từ",
        "như",
        "cũng",
        "nếu",
        "thì",
        "mà",
        "vì",
        "hoặc",
        "hay",
        "bằng",
        "qua",
        "tới",
        "lên",
        "xuống",
        "cùng",
    ]
)


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC form."""
    return unicodedata.normalize("NFC", value)


def clean(value: str) -> str:
    """NFC, strip, and collapse runs of white space to one space."""
    return _SPACE_RE.sub(" ", nfc(value)).strip()


def fold(value: str) -> str:
    """Fold for search: NFD, drop combining marks, đ→d, lower case.

    >>> fold("Sở Khoa học và Công nghệ")
    'so khoa hoc va cong nghe'
    """
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


# --- Tone-mark placement -------------------------------------------------------------------
# Two conventions place the tone mark of an open syllable ending in "oa", "oe" or "uy": the
# traditional one on the first vowel ("hòa", "khỏe", "thủy", "Thanh Hóa", "Ủy ban"), the newer
# one on the second ("hoà", "khoẻ", "thuỷ", "Thanh Hoá", "Uỷ ban"). Both are in use, often in
# one document. KHCN's canonical form is the traditional one, which legal documents and the
# national lists of agencies use. Nothing else differs between the two: closed syllables
# ("hoàn", "khoảng", "Huỳnh") and "qu"/"gi" followed by one vowel ("quý", "quả", "giá") are
# written the same way by both, and are left alone.
_VOWEL_BASES = frozenset("aeiouy")
# A word that ends in o + a/e with a tone, or u + y with a tone (any case), not followed by a
# letter (an open syllable). The look-behind anchors the match at the start of the word.
_NEW_STYLE_RE = re.compile(
    r"(?<![^\W\d_])[^\W\d_]*?(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])"
)
_NEW_STYLE_HINT = re.compile(r"[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ]")  # cheap first look


def _old_style(match: re.Match[str]) -> str:
    word = match.group()
    head, first, second = word[:-2], word[-2], word[-1]
    if head:
        before = fold(head[-1]).lower()
        if before in _VOWEL_BASES:  # part of a longer vowel group: "ngoài" is not "oa"
            return word
        if before == "q" and first in "uU":  # "quý": "qu" is the consonant, "y" the vowel
            return word
    decomposed = unicodedata.normalize("NFD", second)  # the vowel, then its tone mark
    return head + unicodedata.normalize("NFC", first + decomposed[1]) + decomposed[0]


def normalize_tones(value: str) -> str:
    """NFC, with the tone mark of open "oa", "oe", "uy" syllables on the first vowel, where the
    traditional convention puts it: both conventions give the same text. Case is kept; nothing
    else changes (no other mark moves, "i"/"y" are not touched).

    >>> normalize_tones("Thanh Hoá, khoẻ, Uỷ ban, hoà")
    'Thanh Hóa, khỏe, Ủy ban, hòa'
    >>> normalize_tones("Thanh Hóa, quý, quả, giá, hoàn, Huỳnh")
    'Thanh Hóa, quý, quả, giá, hoàn, Huỳnh'
    """
    text = nfc(value)
    return _NEW_STYLE_RE.sub(_old_style, text) if _NEW_STYLE_HINT.search(text) else text


def exact_key(value: str) -> str:
    """A key to compare names as written "with the same accents, in any case": cleaned (NFC,
    spaces collapsed), tone marks in the canonical place (``normalize_tones``), case-folded.
    "Sở Văn hoá" and "SỞ VĂN HÓA" have one key; "Thanh Hòa" and "Thanh Hóa" do not."""
    return normalize_tones(clean(value)).casefold()


def words(value: str) -> list[str]:
    """Split NFC text into word tokens (letters and digits)."""
    return _WORD_RE.findall(nfc(value))


def _letter_key(ch: str) -> tuple[int, int]:
    """Rank one character: its letter in Vietnamese order, then its tone."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    letter_marks = ""
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter_marks += mark
    letter = unicodedata.normalize("NFC", base + letter_marks)
    if letter in _LETTER_RANK:
        return (_LETTER_RANK[letter] + 100, tone)
    if ch.isdigit():
        return (ord(ch) - ord("0"), 0)
    return (1000 + ord(letter[0]), tone)


def sort_key(value: str) -> tuple[Any, ...]:
    """A Vietnamese sort key: letters in alphabet order, tones break ties word by word.

    Used on SQLite (which has no Vietnamese collation); PostgreSQL sorts with ICU ``vi``.
    >>> sorted(["Đà Nẵng", "Dương", "An", "Ân", "Ă"], key=sort_key)
    ['An', 'Ă', 'Ân', 'Dương', 'Đà Nẵng']
    """
    text = clean(value)
    primary: list[int] = []
    secondary: list[int] = []
    for ch in text:
        if ch.isspace():
            primary.append(0)
            continue
        letter, tone = _letter_key(ch)
        primary.append(letter)
        secondary.append(tone)
    return (tuple(primary), tuple(secondary), text)


def sort_vietnamese(items: Iterable[Any], key: Any = None) -> list[Any]:
    """Sort ``items`` in Vietnamese order; ``key`` picks the string to compare."""
    pick = key or (lambda item: item)
    return sorted(items, key=lambda item: sort_key(str(pick(item))))


def normalize_data(value: Any) -> Any:
    """NFC every string inside nested lists and dicts (API bodies, imported records)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [normalize_data(item) for item in value]
    if isinstance(value, tuple):
        return tuple(normalize_data(item) for item in value)
    if isinstance(value, dict):
        return {normalize_data(k): normalize_data(v) for k, v in value.items()}
    return value


def collation_key(value: str) -> str:
    """``sort_key`` as a plain string (hex digits) that sorts the same byte by byte.

    Stored in ``*_sort`` columns so that ``ORDER BY`` gives Vietnamese order on SQLite and on
    PostgreSQL alike, with any database collation, and so that paginated lists stay in order.
    """
    primary: list[str] = []
    tones: list[str] = []
    for ch in clean(value):
        if ch.isspace():
            primary.append("01")
            continue
        letter, tone = _letter_key(ch)
        if letter < 10:  # digits
            rank = 2 + letter
        elif letter < 1000:  # Vietnamese letters: 100..128
            rank = 20 + (letter - 100)
        else:  # other characters, after the letters
            rank = 60 + (letter - 1000) % 190
        primary.append(f"{rank:02x}")
        tones.append(str(tone))
    return ("".join(primary) + "00" + "".join(tones))[:600]


# --- Roman numerals (plan sections "II.", headings of generated documents) ---------------------

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_ROMAN_RE = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman(number: int) -> str:
    """Upper-case Roman numeral: ``roman(14) == "XIV"`` ("" for 0 or less)."""
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value) if number > 0 else (0, number)
        out.append(letters * count)
    return "".join(out)


def roman_value(text: str) -> int | None:
    """The value of an upper-case Roman numeral ("XIV" → 14), or None if ``text`` is not one."""
    if not text or not _ROMAN_RE.match(text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def thousands(amount: int) -> str:
    """An integer with dot thousands separators, as Vietnamese documents write amounts:
    1234567 → "1.234.567" (the ``vnd`` filter adds " ₫")."""
    return f"{int(amount):,}".replace(",", ".")
