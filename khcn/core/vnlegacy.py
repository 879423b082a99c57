"""Vietnamese typed in the legacy 8-bit fonts, converted to Unicode (NFC).

Before Unicode, Vietnamese was typed in fonts that drew Vietnamese letters in place of Western
ones. A file keeps the Western characters, so such text reads as "Céng hoµ x· héi chñ nghÜa
ViÖt Nam" until it is converted:

- **TCVN3** (TCVN 5712:1993, table VN3; "ABC"; fonts ``.VnTime``, ``.VnArial``…): one byte a
  letter. Only the lower-case letters with tones have codes, and the seven capitals Ă Â Ê Ô Ơ Ư
  Đ; capitals with tones are written in the capitals fonts (``.VnTimeH``, ``.VnArialH``…), which
  draw capitals at the lower-case codes: their text is converted and put in upper case.
- **VNI** (VNI Windows; fonts ``VNI-Times``, ``VNI-Helve``…): a letter is followed by a
  character for its marks ("Vieät" = "Việt"; ô is ơ, ö is ư, ñ is đ).

Office files store these characters as the Windows-1252 characters of the same codes, and so
do PDFs made from them and text files read as Windows-1252; ``TCVN3`` and ``VNI`` below are
written so. The conversion tables are data (``TCVN3``, ``VNI_*``); ``detect`` tells whether a
text is in one of the encodings by counting the words that become Vietnamese syllables when
converted and are not ones already, and never fires on Unicode Vietnamese, English or French.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TCVN3_NAME = "TCVN3"
VNI_NAME = "VNI"

# TCVN3 (VN3): code (as its Windows-1252 character) → letter.
TCVN3: dict[str, str] = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
}  # fmt: skip

# VNI Windows. A vowel and the character after it for its marks; tone characters in the order
# sắc (acute), huyền (grave), hỏi (hook), ngã (tilde), nặng (dot below).
VNI_TONES = ("ù", "ø", "û", "õ", "ï")
VNI_TONES_UPPER = ("Ù", "Ø", "Û", "Õ", "Ï")
# After a, e, o: circumflex with a tone in one character (â with no tone is "â").
VNI_CIRCUMFLEX = ("â", "á", "à", "å", "ã", "ä")
VNI_CIRCUMFLEX_UPPER = ("Â", "Á", "À", "Å", "Ã", "Ä")
# After a: breve with a tone in one character (ă with no tone is "aê").
VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")
VNI_BREVE_UPPER = ("Ê", "É", "È", "Ú", "Ü", "Ë")
# Letters of one character: ơ, ư, đ, i with its tones, ỵ.
VNI_SINGLE: dict[str, str] = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}  # fmt: skip

_TONE_MARKS = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # the same order


def _vni_table() -> dict[str, str]:
    table = dict(VNI_SINGLE)
    bases = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}
    for key, base in list(bases.items()):
        bases[key.upper()] = base.upper()
    for key, base in bases.items():
        for tones in (VNI_TONES, VNI_TONES_UPPER):
            for mark, tone in zip(tones, _TONE_MARKS, strict=True):
                if key in "yY" and mark in "ïÏ":
                    continue  # ỵ is "î"
                table[key + mark] = unicodedata.normalize("NFC", base + tone)
        if key in "aeoAEO":
            for marks in (VNI_CIRCUMFLEX, VNI_CIRCUMFLEX_UPPER):
                table[key + marks[0]] = unicodedata.normalize("NFC", base + "\u0302")
                for mark, tone in zip(marks[1:], _TONE_MARKS, strict=True):
                    table[key + mark] = unicodedata.normalize("NFC", base + "\u0302" + tone)
        if key in "aA":
            for marks in (VNI_BREVE, VNI_BREVE_UPPER):
                table[key + marks[0]] = unicodedata.normalize("NFC", base + "\u0306")
                for mark, tone in zip(marks[1:], _TONE_MARKS, strict=True):
                    table[key + mark] = unicodedata.normalize("NFC", base + "\u0306" + tone)
    return table


VNI: dict[str, str] = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))
_TCVN3_TRANS = str.maketrans(TCVN3)

ENCODINGS = (TCVN3_NAME, VNI_NAME)


def tcvn3_to_unicode(text: str, *, capitals: bool = False) -> str:
    """TCVN3 text as Unicode NFC; ``capitals`` for a capitals font (``.VnTimeH``)."""
    out = unicodedata.normalize("NFC", text.translate(_TCVN3_TRANS))
    return out.upper() if capitals else out


def vni_to_unicode(text: str) -> str:
    """VNI text as Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI[m.group(0)], text))


def convert(text: str, encoding: str, *, capitals: bool = False) -> str:
    """``text`` typed in ``encoding`` (``TCVN3`` or ``VNI``) as Unicode NFC."""
    if encoding == TCVN3_NAME:
        return tcvn3_to_unicode(text, capitals=capitals)
    if encoding == VNI_NAME:
        out = vni_to_unicode(text)
        return out.upper() if capitals else out
    raise ValueError(encoding)


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """The legacy encoding a font name means, and whether it is a capitals font: ``.VnTime`` →
    (TCVN3, False), ``.VnTimeH`` → (TCVN3, True), ``VNI-Times`` → (VNI, False); else None."""
    if not font:
        return None
    name = font.strip()
    if name.lower().startswith(".vn"):
        bare = re.sub(r"[\s,]*(bold|italic|b|i)?$", "", name, flags=re.IGNORECASE).replace(" ", "")
        return TCVN3_NAME, bare.endswith("H")
    if re.match(r"^vni[-\s]", name, re.IGNORECASE):
        return VNI_NAME, False
    return None


def cp1252_text(data: bytes) -> str:
    """Bytes as Windows-1252, the five codes it leaves undefined kept as Latin-1 (a legacy text
    file read as an Office program would show it)."""
    return "".join(bytes([b]).decode("cp1252", "replace") if 0x80 <= b <= 0x9F else chr(b) for b in data)


# --- Vietnamese syllables ----------------------------------------------------------------------

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_VOWELS = (
    "uyê|uya|uyu|ươi|ươu|uôi|oai|oay|oao|oeo|iêu|yêu|uây|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_FINALS = "ng|nh|ch|c|m|n|p|t"
_SYLLABLE_RE = re.compile(rf"^(?:{_INITIALS})?(?:{_VOWELS})(?:{_FINALS})?$")
_TONES = set(_TONE_MARKS)
_EDGE = "\"'()[]{}<>.,;:!?/\\-–—…“”‘’•*+=%&#@_|~^`0123456789"


def is_syllable(word: str) -> bool:
    """Whether ``word`` (any case) is written as a Vietnamese syllable: an initial consonant,
    a vowel group and a final consonant allowed together, at most one tone mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONES)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return bool(_SYLLABLE_RE.match(bare))


def _has_vietnamese_unicode(word: str) -> bool:
    """A letter that only Unicode Vietnamese has (ă đ ơ ư, ạ … ỹ): no legacy text holds one."""
    return any(0x102 <= ord(ch) <= 0x1B0 or 0x1EA0 <= ord(ch) <= 0x1EF9 for ch in word)


@dataclass(frozen=True)
class Detection:
    """What ``detect`` found: the encoding, the words it makes Vietnamese (``converted``) and
    the words with non-ASCII letters it looked at (``candidates``)."""

    encoding: str
    converted: int
    candidates: int


def _words(text: str) -> list[str]:
    return [w.strip(_EDGE) for w in text.split()]


def detect(text: str, *, min_words: int = 3) -> Detection | None:
    """The legacy encoding ``text`` is typed in, or None (Unicode, English, French…).

    Words with a character from U+0080–U+00FF are converted both ways; an encoding is chosen when
    at least ``min_words`` of them, and most of them, become Vietnamese syllables that they were
    not before, and the text has (almost) no letter only Unicode Vietnamese has."""
    candidates = [w for w in _words(text) if w and any(0x80 <= ord(ch) <= 0xFF for ch in w)]
    if len(candidates) < min_words:
        return None
    unicode_words = sum(1 for w in _words(text) if _has_vietnamese_unicode(w))
    best: Detection | None = None
    for encoding in ENCODINGS:
        good = 0
        for word in candidates:
            converted = convert(word, encoding)
            if converted != word and is_syllable(converted) and not is_syllable(word):
                good += 1
        if best is None or good > best.converted:
            best = Detection(encoding, good, len(candidates))
    if best is None or best.converted < min_words:
        return None
    if best.converted < 0.5 * best.candidates:
        return None
    if unicode_words > 0.1 * best.converted:
        return None
    return best


def convert_lines(text: str, encoding: str) -> str:
    """``text`` converted line by line, leaving alone the lines already in Unicode Vietnamese
    (a document mixing both)."""
    out = []
    for line in text.split("\n"):
        if any(_has_vietnamese_unicode(w) for w in line.split()):
            out.append(line)
        else:
            out.append(convert(line, encoding))
    return "\n".join(out)
