"""Find agency names in Vietnamese text, as written.

A name is a head word ("Sở", "Ban", "Bộ", "Ủy ban nhân dân", "Công an", "Trung tâm", …) and
what must follow it: a designation whose words begin with a capital ("Sở Khoa học và Công
nghệ", "Bộ Chỉ huy Quân sự"), a locality ("Công an tỉnh", "Ủy ban nhân dân các huyện, thành
phố Cà Mau"), or both. A designation goes on while its words are capitalised, or are lower-case
words right after them that are not function words or verbs ("Phát triển nông thôn",
"Giao thông vận tải"); "và" joins two parts of one designation when a capitalised word that
starts no other name follows ("Kế hoạch và Đầu tư"), and separates names otherwise ("Sở Tài
chính và Sở Nội vụ", "… và các cơ quan liên quan"). Generic groups ("các sở, ban, ngành,
đoàn thể và các địa phương", "các cơ quan, đơn vị có liên quan") are recognised as such.
Titles of people ("Giám đốc", "Chủ tịch", "Thủ trưởng") before a name are skipped; a word
typed twice inside a name ("Ủy ban nhân dân dân tỉnh") is dropped and reported.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from khcn.core.text import STOP_WORDS, clean, fold, normalize_tones
from khcn.plans.parser import lexicon
from khcn.plans.parser.rules import HEADING_PREFIXES, HEADING_SUFFIXES

# A word may hold an apostrophe between letters: Central Highlands names ("Đăk R'lấp", "Cư M'gar").
_TOKEN_RE = re.compile(r"[\w&]+(?:['’][\w]+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int
    low: str
    folded: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text == "&"

    @property
    def cap(self) -> bool:
        return self.text[0].isupper()


@functools.lru_cache(maxsize=65536)
def _forms(word: str) -> tuple[str, str]:
    """A token's forms the rules compare: lower case with the tone mark in its canonical place
    ("Hoá" and "Hóa" are one word: ``khcn.core.text.normalize_tones``; the word lists of
    ``lexicon`` are written that way), and folded. A plan repeats the same few thousand words.
    "&" is "và" ("Sở Khoa học & Công nghệ")."""
    if word == "&":
        return "và", "va"
    return normalize_tones(word.lower()), fold(word)


def tokenize(text: str) -> list[Tok]:
    return [Tok(m.group(), m.start(), m.end(), *_forms(m.group())) for m in _TOKEN_RE.finditer(text)]


@dataclass
class Mention:
    """An agency named in a text: ``name`` as written (spacing normalised, a doubled word
    dropped), its character span and token span, and ``kind``: ``agency``, ``group`` (named
    localities: "Ủy ban nhân dân các huyện, thành phố") or ``generic`` ("các cơ quan liên
    quan")."""

    name: str
    start: int
    end: int
    tok_start: int
    tok_end: int
    kind: str = "agency"
    typo: str | None = None


_HEADS = sorted(lexicon.AGENCY_HEADS.items(), key=lambda item: -len(item[0]))
_TITLES = sorted(lexicon.PERSON_TITLES, key=len, reverse=True)
_LOCALITIES = lexicon.LOCALITY_WORDS
_UNITS = sorted(lexicon.GROUP_UNITS, key=len, reverse=True)
_TRAILING_UNITS = sorted(lexicon.GROUP_TRAILING_UNITS, key=len, reverse=True)
_QUALIFIERS = sorted(lexicon.GROUP_QUALIFIERS, key=len, reverse=True)
# "các cơ quan chức năng", "Các phòng, ban chuyên môn huyện", "… tỉnh": a group's, never a named
# body's (a body's locality is read with its name)
_GROUP_ONLY_QUALIFIERS = frozenset({("chức", "năng"), ("huyện",), ("thành", "phố"), ("tỉnh",)})


def _by_first_word(seqs: list[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Word sequences indexed by their first word, in the order given (longest first): only
    those that can start at a token are tried."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for seq in seqs:
        index.setdefault(seq[0], []).append(seq)
    return {first: tuple(found) for first, found in index.items()}


_UNITS_BY_FIRST = _by_first_word(_UNITS)
_ANY_UNITS_BY_FIRST = _by_first_word([*_UNITS, *_TRAILING_UNITS])
_QUALIFIERS_BY_FIRST = _by_first_word(_QUALIFIERS)


def _so_designations() -> tuple[tuple[str, ...], ...]:
    # Read at call time (a test can empty the list); tokenised once per distinct list.
    return _designations(tuple(lexicon.SO_DESIGNATIONS))


@functools.lru_cache(maxsize=1)
def _comma_designations() -> dict[str, tuple[tuple[str, ...], ...]]:
    """``lexicon.COMMA_DESIGNATIONS`` folded, by their first word, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for seq in _designations(lexicon.COMMA_DESIGNATIONS):
        by_first.setdefault(seq[0], []).append(seq)
    return {first: tuple(group) for first, group in by_first.items()}


@functools.lru_cache(maxsize=8)
def _designations(names: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(t.folded for t in tokenize(name)) for name in names), key=len, reverse=True))


def _seq_at(toks: list[Tok], i: int, seq: tuple[str, ...] | list[str], attr: str = "low") -> int:
    """Index after ``seq`` if the tokens at ``i`` spell it, else -1."""
    if i + len(seq) > len(toks):
        return -1
    for offset, word in enumerate(seq):
        if getattr(toks[i + offset], attr) != word:
            return -1
    return i + len(seq)


def head_at(toks: list[Tok], i: int) -> tuple[int, str] | None:
    """(index after the head, what must follow) if an agency head starts at ``i``."""
    if i >= len(toks) or not toks[i].is_word or not toks[i].cap:
        return None
    for seq, need in _HEADS:
        end = _seq_at(toks, i, seq, "folded")
        if end < 0:
            continue
        if len(seq) == 1 and toks[i].low not in _SINGLE_HEAD_WORDS.get(seq[0], ()):
            continue  # "Số" folds like "Sở"
        return end, need
    return None


_SINGLE_HEAD_WORDS = {
    "so": ("sở",),
    "ban": ("ban",),
    "bo": ("bộ",),
    "dai": ("đài",),
    "truong": ("trường",),
    "tram": ("trạm",),
    "vien": ("viện",),
    "cuc": ("cục",),
    "hoi": ("hội",),
    "bao": ("báo",),
    "doan": ("đoàn",),
    "phong": ("phòng",),
    "ubnd": ("ubnd",),
    "hdnd": ("hđnd",),
    "vu": ("vụ",),  # not "Vũ", a name
    "thue": ("thuế",),
    "quy": ("quỹ",),
}


def skip_titles(toks: list[Tok], i: int) -> int:
    """Skip "Giám đốc", "Chủ tịch", … before a name ("Trưởng các ban, ngành" too: "Trưởng" alone
    folds like "Trường", a school, so it is taken only before "các")."""
    if i + 1 < len(toks) and toks[i].low == "trưởng" and toks[i].cap and toks[i + 1].low == "các":
        return i + 1
    head_of_body = i + 1 < len(toks) and toks[i + 1].low in ("ban", "đoàn") and toks[i + 1].cap
    if head_of_body and toks[i].low == "trưởng":
        return i + 1  # "Trưởng Ban Tổ chức Trung ương trình …", "Trưởng Đoàn …": the body's head
    if i + 1 < len(toks) and toks[i].low == "các" and not toks[i + 1].cap:
        after = skip_titles(toks, i + 1)  # "các thành viên Ban tổ chức"
        if after > i + 1:
            return after
    if _seq_at(toks, i, ("cơ", "quan"), "low") > 0 and toks[i].cap and head_at(toks, i + 2) is not None:
        return i + 2  # "Cơ quan Bảo hiểm xã hội thành phố Huế tổng hợp …": the body named after it
    first = toks[i].folded if i < len(toks) else None
    for seq in _TITLES:
        if seq[0] != first:
            continue  # (most titles differ in their first word: no call for them)
        end = _seq_at(toks, i, seq, "folded")
        # A title of two syllables or more may be written in lower case after "yêu cầu"
        # ("yêu cầu thủ trưởng các sở"); "Chánh" alone only capitalised.
        titled = end > 0 and (toks[i].cap or len(seq) > 1)
        if titled and head_at(toks, end) is not None:
            return end
        if titled and end < len(toks) and toks[end].low == "các":
            return end
        if titled and _units_without_cac(toks, end):
            return end  # "Thủ trưởng cơ quan, ban ngành thành phố": a group without "các"
    return i


def _ministers_comma(toks: list[Tok], i: int) -> bool:
    """ "Bộ trưởng, Thủ trưởng (các) cơ quan ngang Bộ, …" at ``i``: the ministers, then the heads of
    the other central bodies."""
    return (
        i + 3 < len(toks)
        and toks[i].low == "bộ"
        and toks[i].cap
        and toks[i + 1].low == "trưởng"
        and toks[i + 2].text == ","
        and skip_titles(toks, i + 3) > i + 3
    )


def _titled(toks: list[Tok], k: int, text: str) -> Mention | None:
    """The agency or group after an official's title at ``k``, the title skipped: "Giám đốc
    Sở, Thủ trưởng cơ quan, ban ngành thành phố, Chủ tịch UBND quận, huyện" names three (the
    first two are groups without "các": every department, the other bodies). The ministers before
    the heads of the bodies ranked with ministries ("Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ
    quan thuộc Chính phủ") name the ministries with them: "các Bộ, cơ quan ngang Bộ, …"."""
    ministers = _ministers_comma(toks, k)
    start = skip_titles(toks, k + 3 if ministers else k)
    mention = match_agency(toks, start, text)
    if mention is None and (start > k or _title_before(toks, start)) and _units_without_cac(toks, start):
        mention = _group(toks, start, text, bare=True)
    if mention is not None and ministers and fold(mention.name).startswith(_PEERS_FOLDED):
        name = "các Bộ, " + re.sub(r"^(?:các\s+)?", "", mention.name)
        mention = Mention(name, toks[k].start, mention.end, k, mention.tok_end, "group")
    return mention


def _with_peers(ministries: Mention, toks: list[Tok], text: str) -> Mention:
    """ "Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ(, cơ quan thuộc Chính phủ)": the heads of
    the bodies ranked with ministries after the ministers name them with the ministries, "các
    Bộ, cơ quan ngang bộ", as the scorer's and the annotations' reading of the officials' titles."""
    comma = ministries.tok_end
    if comma >= len(toks) or toks[comma].text != ",":
        return ministries
    start = _seq_at(toks, comma + 1, ("thủ", "trưởng"), "low")
    if start <= 0:
        return ministries
    start += start < len(toks) and toks[start].low == "các"
    end = _seq_at(toks, start, ("cơ", "quan", "ngang", "bộ"), "low")
    if end <= 0:
        return ministries
    more = end + 1 < len(toks) and toks[end].text == ","
    also = _seq_at(toks, end + 1, ("cơ", "quan", "thuộc", "chính", "phủ"), "low") if more else -1
    end = also if also > 0 else end
    name = f"{ministries.name}, {text[toks[start].start : toks[end - 1].end]}"
    return Mention(name, ministries.start, toks[end - 1].end, ministries.tok_start, end, "group")


_PEERS_FOLDED = ("cac co quan ngang bo", "co quan ngang bo")


def _units_without_cac(toks: list[Tok], k: int) -> bool:
    """Units listed from ``k`` without "các" ("cơ quan, ban ngành thành phố"); not the central
    bodies a minister's title names ("Thủ trưởng cơ quan ngang bộ, …": as printed)."""
    end = _unit_at(toks, k)
    return (
        end > 0
        and end < len(toks)
        and toks[end].text == ","
        and not any(t.low in ("ngang", "thuộc") for t in toks[k:end])
    )


def _called_hereafter(toks: list[Tok], k: int, text: str) -> tuple[str, int] | None:
    """ "… (sau đây gọi tắt là X)" within the next words of a long name, in its clause: X and the
    index after the bracket."""
    for j in range(k, min(len(toks), k + 90)):
        if toks[j].text in (".", ";"):
            return None
        if toks[j].text != "(":
            continue
        after = _seq_at(toks, j + 1, ("sau", "đây", "gọi", "tắt", "là"))
        if after < 0:
            after = _seq_at(toks, j + 1, ("sau", "đây", "gọi", "là"))
        if after < 0:
            continue
        close = next((m for m in range(after, min(len(toks), after + 15)) if toks[m].text == ")"), None)
        if close is None or close == after:
            return None
        name = clean(text[toks[after].start : toks[close - 1].end])
        if head_at(tokenize(name), 0) is None:
            return None  # "(sau đây gọi tắt là nhiệm vụ KH&CN)": the short name of something else
        return name, close + 1
    return None


def titled(text: str, mention: Mention) -> bool:
    """Whether an official's title stands right before ``mention`` in ``text`` (the text it was
    found in): "Chủ tịch UBND tỉnh …", "Giám đốc Sở …"."""
    return _title_before(tokenize(text), mention.tok_start)


def _title_before(toks: list[Tok], k: int) -> bool:
    """An official's title ends right before ``k`` (the caller skipped it)."""
    return any(k >= len(seq) and _seq_at(toks, k - len(seq), seq, "folded") == k for seq in _TITLES)


def _locality(toks: list[Tok], k: int) -> int:
    """Index after a locality ("tỉnh", "tỉnh Cà Mau", "các huyện, thành phố Cà Mau"), or ``k``."""
    start = k
    plural = k < len(toks) and toks[k].low == "các"
    if plural:
        k += 1
    end = _locality_word(toks, k)
    if end < 0 or (not plural and end == k + 1 and toks[k].low == "cấp"):
        return start  # "Sở Xây dựng cấp giấy phép …": the verb, not "các cấp"
    k = end
    if not plural and toks[start].low in ("quận",) and _seq_at(toks, k, ("huyện",)) > 0:
        k += 1  # "UBND quận huyện": the districts of a city, written without a comma
    # "UBND huyện, thị xã, thành phố": kinds of locality listed without "các" are a list too
    # ("UBND xã/phường": either kind, a slash between them)
    listed = plural or (k + 1 < len(toks) and toks[k].low in (",", "/") and _locality_word(toks, k + 1) > 0)
    while listed and k + 1 < len(toks) and toks[k].low in (",", "và", "-", "–", "/"):  # "quận - huyện"
        nxt = _locality_word(toks, k + 1)
        if nxt < 0 and _short_locality(toks, k + 1):
            nxt = k + 2  # "UBND các huyện, thị, thành phố", "UBND các huyện, thành, thị"
        if nxt < 0 or head_at(toks, k + 1) is not None:
            break  # "Liên đoàn Lao động tỉnh, Tỉnh đoàn, …": the next name, not a locality
        k = nxt
    # A place name: capitalised words that start no other name. After "tỉnh" or "thành phố" a
    # person's name may follow ("Phó Chủ tịch UBND tỉnh Hồ Quang Bửu"): a province's or a
    # city's name is taken only when it is one (``lexicon.PROVINCES``) or no person could follow.
    if k < len(toks) and toks[k].cap and _person_may_follow(toks, start):
        province = _province_after(toks, k)
        if province > k or toks[k - 1].low == "tỉnh" or _persons_name(toks, k):
            return province
    if plural and k + 1 < len(toks) and toks[k].text == ":" and _place_name(toks, k + 1) > k + 1:
        k += 1  # "UBND các huyện: Giao Thủy, Xuân Trường, …": the places listed
    names_end = _place_name(toks, k)
    if names_end == k:
        return k
    k = names_end
    # "UBND huyện Quang Bình, Bắc Quang", "… Giao Thủy, Xuân Trường, Hải Hậu và Trực Ninh": more
    # places of the same kind, each followed by a separator or the verb
    while k + 1 < len(toks) and toks[k].low in (",", "và"):
        kind_end = _locality_word(toks, k + 1) if plural and toks[k].low == "và" else -1
        if kind_end > 0 and _place_name(toks, kind_end) > kind_end:
            return _place_name(toks, kind_end)  # "… các huyện Ngọc Hồi, Sa Thầy và thành phố Kon Tum"
        nxt = _place_name(toks, k + 1)
        if nxt == k + 1 or (nxt < len(toks) and toks[nxt].is_word and toks[nxt].cap):
            break
        k = nxt
    return k


_SHORT_LOCALITIES = frozenset({"thị", "thành"})  # "thị xã", "thành phố" in a list of kinds
_NOT_AFTER_SHORT = frozenset({"viên", "lập", "phần", "công", "trường", "tích", "quả", "tựu", "ủy"})


def _short_locality(toks: list[Tok], k: int) -> bool:
    """ "thị" or "thành" standing for "thị xã" / "thành phố" after another kind of locality."""
    if k >= len(toks) or toks[k].low not in _SHORT_LOCALITIES:
        return False
    return k + 1 >= len(toks) or not toks[k + 1].is_word or toks[k + 1].low not in _NOT_AFTER_SHORT


def _heads_name(toks: list[Tok], k: int, names: int) -> bool:
    """Whether an agency's name starts at ``k`` inside a place's name: a head word that ends the
    place's name ("Xuân Trường," is a place, "Cà Mau Sở Y tế" a place and a department)."""
    found = head_at(toks, k)
    if found is None:
        return False
    end = found[0]
    return names == 0 or end - k > 1 or (end < len(toks) and toks[end].is_word and toks[end].cap)


def _place_name(toks: list[Tok], k: int) -> int:
    """Index after a place's name at ``k``: capitalised words that start no other name (``k``
    when there is none)."""
    province = _province_after(toks, k)
    if province > k:
        return province  # "tỉnh Nam Định có trách nhiệm …" ("Định" is no verb here)
    names = 0
    while k < len(toks) and names < 4 and toks[k].is_word and toks[k].cap and not _heads_name(toks, k, names):
        if toks[k].folded in ("ve", "tai", "theo", "trong", "ke", "quyet", "chuong"):
            break
        if _starts_sentence(toks, k):
            break  # "thành phố Cà Mau Xây dựng …" (a flattened text): a sentence begins
        k += 1
        names += 1
    return k


def _starts_sentence(toks: list[Tok], k: int) -> bool:
    """A capitalised verb with its lower-case second syllable ("Xây dựng", "Thẩm định", "Chủ
    trì"): a sentence starts here, a place or a designation does not go on."""
    return (
        toks[k].cap
        and toks[k].low in lexicon.NAME_STOP_WORDS
        and k + 1 < len(toks)
        and toks[k + 1].is_word
        and not toks[k + 1].cap
    )


def _person_may_follow(toks: list[Tok], start: int) -> bool:
    """Whether a person's title stands before the agency whose locality starts at ``start``."""
    j = start - 1
    while j >= 0 and toks[j].is_word and j >= start - 8:  # "Phó Chủ tịch Ủy ban nhân dân tỉnh …"
        for seq in _TITLES:
            if _seq_at(toks, j, seq, "folded") > 0:
                return True
        j -= 1
    return False


def _persons_name(toks: list[Tok], k: int) -> bool:
    """Whether the capitalised words at ``k``, after a title and "UBND huyện" or "thành phố",
    may be a person's name: a family name and at least two more ("Hồ Quang Bửu"). (After
    "tỉnh" a name is a province's only when ``_province_after`` knows it.)"""
    run = 0
    while k + run < len(toks) and toks[k + run].is_word and toks[k + run].cap:
        run += 1
    return toks[k].folded in lexicon.SURNAMES_FOLDED and run >= 3


def persons_name_end(toks: list[Tok], k: int) -> int:
    """After an official's title and body, the index after the person's name that may follow
    ("Chủ tịch UBND tỉnh Nguyễn Văn A giao …"); ``k`` when none does."""
    if k < len(toks) and toks[k].cap and _persons_name(toks, k):
        while k < len(toks) and toks[k].is_word and toks[k].cap:
            k += 1
    return k


def _province_after(toks: list[Tok], k: int) -> int:
    """Index after a province's name at ``k`` (``k`` if the words there are no province)."""
    if k >= len(toks):
        return k
    for name in _province_names().get(toks[k].folded, ()):
        end = _seq_at(toks, k, name, "folded")
        if end > 0:
            return end
    return k


def province_subject(toks: list[Tok], k: int, text: str) -> Mention | None:
    """A province named as the subject a conclusion tells what it must do ("Nam Định cần nâng cấp
    hạ tầng …", "Tỉnh Bắc Kạn cần …"), or None: its name, then "cần" or "phải"."""
    j = k + 1 if k < len(toks) and toks[k].low == "tỉnh" else k
    end = _province_after(toks, j)
    if end == j or not toks[j].cap or end >= len(toks) or toks[end].low not in ("cần", "phải"):
        return None
    return _make(text, toks, k, end, "agency")


@functools.lru_cache(maxsize=1)
def _province_names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The provinces' names, folded, by their first word, longest first."""
    names = sorted((tuple(fold(w) for w in n.split()) for n in lexicon.PROVINCES), key=len, reverse=True)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(name)
    return {first: tuple(group) for first, group in by_first.items()}


def _locality_word(toks: list[Tok], k: int) -> int:
    for seq in _LOCALITIES:
        end = _seq_at(toks, k, seq)
        if end > 0:
            return end
    return -1


def _office_field(toks: list[Tok], k: int, *, any_case: bool = False) -> int:
    """Index after a district office's field written in lower case (or ``any_case``) at ``k``,
    or ``k``."""
    if k >= len(toks) or (toks[k].cap and not any_case):
        return k
    fields = _designations(lexicon.DISTRICT_OFFICE_FIELDS)
    best = max((_seq_at(toks, k, field, "folded") for field in fields), default=-1)
    return best if best > k else k


def _joint_office(toks: list[Tok], start: int, end: int) -> int:
    """After a council named in an office's designation, the other council the office also
    serves: "Văn phòng HĐND và UBND Thành phố", "Văn phòng Đoàn ĐBQH và HĐND tỉnh" (one office of
    both). Else ``end``."""
    serves_first = _council_at(toks, start) or any(
        _seq_at(toks, start, d, "folded") > 0 for d in _DELEGATIONS
    )
    if not (end + 1 < len(toks) and toks[end].low == "và" and serves_first):
        return end
    other = match_agency(toks, end + 1) if _council_at(toks, end + 1) else None
    return other.tok_end if other is not None else end


def _region(toks: list[Tok], k: int) -> int:
    """Index after "khu vực" and the region's numeral or name ("khu vực VII", "khu vực 3",
    "khu vực Tây Nguyên") that ends a body's name, or -1."""
    end = _seq_at(toks, k, ("khu", "vực"))
    if end < 0 or end >= len(toks) or not toks[end].is_word:
        return -1
    if re.fullmatch(r"[IVX]+|\d{1,2}", toks[end].text):
        return end + 1
    run = end
    while run < len(toks) and toks[run].is_word and toks[run].cap and head_at(toks, run) is None:
        run += 1
    return run if run > end else -1


# The province's delegation of National Assembly deputies, whose office it shares with the council.
_DELEGATIONS: tuple[tuple[str, ...], ...] = (("doan", "dbqh"), ("doan", "dai", "bieu", "quoc", "hoi"))


def _council_at(toks: list[Tok], k: int) -> bool:
    return any(_seq_at(toks, k, council, "folded") > 0 for council in _COUNCILS)


def _project_board(toks: list[Tok], k: int) -> int:
    """After "Quản lý dự án", the kind of projects a board manages ("Ban Quản lý dự án đầu tư
    xây dựng tỉnh", "… dự án đầu tư xây dựng công trình giao thông"): the index after them, or
    -1 when the words at ``k`` are not such a board's."""
    end = _seq_at(toks, k, ("quan", "ly", "du", "an"), "folded")
    if end < 0:
        return -1
    more = end
    fields = _designations(lexicon.PROJECT_FIELDS)
    while True:
        step = max((_seq_at(toks, more, field, "folded") for field in fields), default=-1)
        if step < 0:
            return more if more > end else -1
        more = step


_CONCERNED = (("liên", "quan"), ("có", "liên", "quan"))
_LEVELS = frozenset({"tỉnh", "huyện", "xã"})


@functools.lru_cache(maxsize=1)
def _function_bodies() -> tuple[tuple[str, ...], ...]:
    return _designations(lexicon.BODIES_BY_FUNCTION)


def _body_by_function(toks: list[Tok], i: int) -> int:
    """A body a regulation names by what it does (``lexicon.BODIES_BY_FUNCTION``), or "Cơ quan
    chuyên môn về xây dựng (cấp tỉnh)", the body a law names by its field (up to three words,
    then its level): the index after it, or -1."""
    named = max((_seq_at(toks, i, words, "folded") for words in _function_bodies()), default=-1)
    if named > 0:
        return named
    j = _seq_at(toks, i, ("cơ", "quan", "chuyên", "môn", "về"))
    if j < 0:
        return -1
    start = j
    while j < len(toks) and j - start < 3 and toks[j].is_word and not toks[j].cap:
        if toks[j].low in lexicon.FUNCTION_WORDS or toks[j].low == "cấp":
            break
        j += 1
    if j == start:
        return -1
    if _seq_at(toks, j, ("cấp",)) > 0 and j + 1 < len(toks) and toks[j + 1].low in _LEVELS:
        j += 2
    return j


_COMPANY_FORMS = (("cổ", "phần"), ("trách", "nhiệm", "hữu", "hạn"), ("hợp", "danh"))


def _designation(toks: list[Tok], k: int, head_folded: tuple[str, ...]) -> int:
    """Index after a designation starting at ``k`` (``k`` if there is none)."""
    if head_folded == ("ban",):
        board = _project_board(toks, k)
        if board > 0:
            return board
    if (
        head_folded == ("vien",)
        and _seq_at(toks, k, ("nghiên", "cứu")) > 0
        and k + 2 < len(toks)
        and toks[k + 2].cap
    ):
        k += 2  # "Viện nghiên cứu Phát triển kinh tế - xã hội tỉnh": the kind of institute, in lower case
    if head_folded in (("cong", "ty"), ("tong", "cong", "ty")):
        # "Công ty cổ phần Khai thác và Chế biến kim loại Thủ Đô": its legal form in lower case
        form = max((_seq_at(toks, k, words) for words in _COMPANY_FORMS), default=-1)
        if 0 < form < len(toks) and toks[form].cap:
            k = form
    if head_folded in (("so",), ("bo",)):  # a ministry bears its departments' name
        best = -1
        for seq in _so_designations():
            end = _seq_at(toks, k, seq, "folded")
            if end > best:
                best = end
        if best > 0 and (
            best >= len(toks) or not (toks[best].is_word and toks[best].cap) or _starts_sentence(toks, best)
        ):
            return best
    first = toks[k].folded if k < len(toks) else ""
    for seq in _comma_designations().get(first, ()):
        comma_named = _seq_at(toks, k, seq, "folded")
        if comma_named > 0:
            return comma_named  # "Ủy ban Tài chính, Ngân sách", "Ban Chính sách, chiến lược Trung ương"
    comps = 0
    lower_run = 0
    opens_word = True
    last = k
    j = k
    n = len(toks)
    while j < n:
        tok = toks[j]
        if tok.is_word and tok.cap and not tok.text.isdigit():
            place = _province_after(toks, j - 1) if comps > 0 else j
            if place > j:
                return place  # "Đài Phát thanh và Truyền hình Hải Phòng": "Phòng" is the city's
            if head_at(toks, j) is not None and comps > 0:
                if toks[j - 1].is_word and toks[j - 1].low != "và":
                    # "Ban Tuyên giáo Tỉnh ủy", "Văn phòng Điều phối … Ủy ban nhân dân tỉnh"
                    nested = match_agency(toks, j)
                    if nested is not None:
                        return nested.tok_end
                break
            if comps == 0 and head_at(toks, j) is not None:
                nested = match_agency(toks, j)
                if nested is not None:
                    return _joint_office(toks, j, nested.tok_end)
                # "Cục Sở hữu trí tuệ", "Cục Thuế": a word that only looks like a head (no name
                # of its own follows) begins the designation
            comps += 1
            lower_run = 0
            # "Đào" in "Đào tạo" starts a word: the lower-case token after it is its second
            # syllable; after "Công Thương" (two capitals) a lower-case token starts a new word.
            opens_word = j == k or not (toks[j - 1].is_word and toks[j - 1].cap)
            if _abbreviation(tok.text):
                opens_word = False  # "Sở NN&PTNT đề xuất": an abbreviation is a whole word
            j += 1
            last = j
            continue
        if tok.is_word and not tok.cap and not tok.text.isdigit():
            if (
                tok.low == "các"
                and comps > 0
                and j + 1 < n
                and toks[j + 1].cap
                and head_at(toks, j + 1) is None
            ):
                j += 1  # "Ban Quản lý các Khu công nghiệp tỉnh"
                continue
            managed = j >= 2 and (toks[j - 2].low, toks[j - 1].low) == ("quản", "lý")
            if tok.low == "các" and managed and j + 1 < n and toks[j + 1].low in ("khu", "dự"):
                j += 1  # "Ban Quản lý các khu công nghiệp", "… các dự án Lâm nghiệp", in lower case
                continue
            if comps == 0:
                if tok.low == "các" and j + 1 < n and toks[j + 1].cap and j in (k, k + 2):
                    j += 1  # "Liên hiệp các Hội …", "Ban quản lý các Khu công nghiệp"
                    continue
                if (
                    j == k
                    and j + 2 < n
                    and (tok.low, toks[j + 1].low, toks[j + 2].low) == ("quản", "lý", "các")
                ):
                    j += 2  # "Ban quản lý các Khu công nghệ cao và Khu công nghiệp", in sentence case
                    continue
                break
            if tok.low == "và":
                if (
                    j + 1 < n
                    and toks[j + 1].is_word
                    and toks[j + 1].cap
                    and head_at(toks, j + 1) is None
                    and skip_titles(toks, j + 1) == j + 1  # not "… và Chủ tịch UBND các huyện"
                ):
                    j += 1
                    continue
                zones = _seq_at(toks, j + 1, ("các", "khu"))
                if (
                    zones > 0
                    and _seq_at(toks, zones, ("vực",)) < 0
                    and any((toks[m].low, toks[m + 1].low) == ("quản", "lý") for m in range(k, j - 1))
                ):
                    j += 3  # "Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng"
                    last = j
                    continue
                field = _field_after_and(toks, j + 1)
                if field > 0:
                    # "Trung tâm Truyền thông tài nguyên và môi trường": a name written in
                    # sentence case goes on over "và" into a field's name
                    j = last = field
                    continue
                break
            region = _region(toks, j)
            if region > 0:
                return region  # "Trung tâm Tần số vô tuyến điện khu vực VII"
            pair = (tok.low, toks[j + 1].low) if j + 1 < n else None
            if _abbreviation(toks[j - 1].text) and pair not in lexicon.COMPOUNDS:
                break  # "Bộ NN-PTNT xuất cấp …": a short form is the whole name (its place follows)
            stops = lexicon.FUNCTION_WORDS if (lower_run == 0 and opens_word) else lexicon.NAME_STOP_WORDS
            compound = (toks[j - 1].low, tok.low) in lexicon.COMPOUNDS or (
                j + 1 < n and (tok.low, toks[j + 1].low) in lexicon.COMPOUNDS
            )
            if compound and lower_run < _LOWER_RUN:
                lower_run += 1
                j += 1
                last = j
                continue
            if _locality_word(toks, j) > 0 or tok.low in stops or lower_run >= _LOWER_RUN:
                break
            if j + 1 < n and (tok.low, toks[j + 1].low) in lexicon.VERB_PAIRS:
                break  # "… Chính phủ thông báo …"
            if tok.low == toks[j - 1].low:
                break
            lower_run += 1
            j += 1
            last = j
            continue
        if tok.text == "," and comps > 0 and head_folded not in (("so",), ("bo",)):
            fields = _fields_before_and(toks, j + 1)
            if fields > 0:
                j = last = fields  # "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"
                continue
        if tok.text in ("-", "–") and comps > 0 and _seq_at(toks, j + 1, ("xã", "hội")) > 0:
            j = last = j + 3  # "… Phát triển kinh tế - xã hội tỉnh"
            continue
        if (
            tok.text in ("-", "–")
            and (comps > 0 or j == k)  # "Văn phòng - Thống kê xã": a commune's office
            and j + 1 < n
            and toks[j + 1].cap
            and head_at(toks, j + 1) is None
            and not _persons_name(toks, j + 1)  # "Phó Giám đốc Sở - Hoàng Văn Thuân": the official
        ):
            j += 1
            continue
        if tok.text.isdigit() and len(tok.text) <= 3 and comps > 0 and j == last:
            # "Ban Quản lý dự án 85 - Bộ GTVT": a unit's number, and the ministry it belongs to
            j = last = j + 1
            if j + 2 < n and toks[j].text in ("-", "–") and toks[j + 1].low == "bộ":
                owner = match_agency(toks, j + 1)
                if owner is not None:
                    j = last = owner.tok_end
            break
        break
    return _joint_office(toks, k, last) if comps > 0 else k


def _fields_before_and(toks: list[Tok], k: int) -> int:
    """After a comma in a designation, more of its fields up to the last one after "và" ("…
    Đầu tư, Thương mại và Du lịch"): capitalised words that begin no name, the index after the
    last field; -1 when the comma ends the name."""
    j = k
    seen_and = False
    while j < len(toks) and j - k < 8:
        tok = toks[j]
        if tok.is_word and tok.cap and head_at(toks, j) is None and not _starts_sentence(toks, j):
            j += 1
            continue
        # "Thương mại": a word's second syllable, in lower case after its first
        second = j > k and toks[j - 1].cap and toks[j - 1].is_word and tok.low != "và"
        if tok.is_word and not tok.cap and second and tok.low not in lexicon.NAME_STOP_WORDS:
            j += 1
            continue
        if tok.low == "và" and not seen_and and j > k and j + 1 < len(toks) and toks[j + 1].cap:
            seen_and = True
            j += 1
            continue
        break
    return j if seen_and and j > k and toks[j - 1].is_word and toks[j - 1].low != "và" else -1


# Lower-case words a designation may run on with ("Cục Kiểm soát ô nhiễm môi trường").
_LOWER_RUN = 5


@functools.lru_cache(maxsize=1)
def _fields() -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(p.split()) for p in lexicon.FIELDS_AFTER_AND), key=len, reverse=True))


def _field_after_and(toks: list[Tok], j: int) -> int:
    """Index after a field's name in lower case at ``j`` (after "và"), or -1."""
    for seq in _fields():
        end = _seq_at(toks, j, seq)
        if end > 0:
            return end
    return -1


def _short_form_at(toks: list[Tok], k: int) -> bool:
    """Whether a short form in brackets stands at ``k``: "(UBND)", "(TN&MT)", "(QLCL)"."""
    bracketed = k + 2 < len(toks) and toks[k].text == "(" and toks[k + 2].text == ")"
    return bracketed and _abbreviation(toks[k + 1].text)


def _abbreviation(text: str) -> bool:
    """ "KH", "TT&TT", "NN&PTNT", "SHTT": capitals only (two letters or more)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _qualifier(toks: list[Tok], k: int, *, group: bool = False) -> int:
    if k >= len(toks):
        return k
    for seq in _QUALIFIERS_BY_FIRST.get(toks[k].low, ()):
        if not group and seq in _GROUP_ONLY_QUALIFIERS:
            continue  # "Sở Giao thông vận tải [theo] chức năng, nhiệm vụ …": not part of the name
        end = _seq_at(toks, k, seq)
        if end > 0:
            if seq[-1] in ("tỉnh", "phố", "huyện") and not _person_may_follow(toks, k):
                end = _place_name(toks, end)  # "các tổ chức chính trị - xã hội tỉnh Lào Cai"
            return end
    return k


_SHORT_FORM_RE = re.compile(r"\s*\([A-ZĐ&]{2,}\)(?=\s)")


def _make(
    text: str, toks: list[Tok], i: int, k: int, kind: str, skip: int | None = None, *, single: bool = False
) -> Mention:
    """The mention of tokens ``i``–``k``; a name with "các" in it is a group, unless ``single``
    (one body so named: "Ban Quản lý các khu công nghiệp", "Liên hiệp các hội Khoa học và Kỹ thuật")."""
    typo = None
    if skip is not None:
        before = text[toks[i].start : toks[skip].start]
        after = text[toks[skip].end : toks[k - 1].end]
        name = clean(before + after.lstrip())
        typo = clean(text[toks[i].start : toks[k - 1].end])
    else:
        name = clean(text[toks[i].start : toks[k - 1].end])
    name = _SHORT_FORM_RE.sub("", name)
    if kind == "agency" and not single and " các " in f" {name.lower()} ":
        kind = "group"
    return Mention(name, toks[i].start, toks[k - 1].end, i, k, kind, typo)


@functools.lru_cache(maxsize=1)
def _sector_fields() -> tuple[tuple[str, ...], ...]:
    """The fields a sector is named by ("ngành Y tế", "ngành Nông nghiệp", "ngành Giáo dục và
    Đào tạo"): the departments' designations and their first part, folded, longest first."""
    fields: set[tuple[str, ...]] = set()
    for name in lexicon.SO_DESIGNATIONS:
        fields.add(tuple(fold(w) for w in name.split()))
        first = re.split(r"\s+và\s+|,\s*|\s+-\s+", name)[0]
        fields.add(tuple(fold(w) for w in first.split()))
    return tuple(sorted(fields, key=len, reverse=True))


def _sector(toks: list[Tok], i: int, text: str) -> Mention | None:
    """ "ngành Nông nghiệp (Thái Bình)", "ngành Y tế tỉnh": a sector named as the body that acts
    for it (in either case). None for "ngành" before anything else."""
    for field_words in _sector_fields():
        end = _seq_at(toks, i + 1, field_words, "folded")
        if end > 0:
            k = _locality(toks, end)
            if k == end:
                k = _province_after(toks, k)
            return _make(text, toks, i, k, "agency")
    for kind in (("chức", "năng"), ("chuyên", "môn")):
        if _seq_at(toks, i + 1, kind) > 0:
            # "UBND tỉnh yêu cầu ngành chức năng tăng cường …", "ngành chuyên môn cần lưu ý …": the
            # bodies in charge, a group
            return _make(text, toks, i, i + 3, "generic")
    return None


# The first words of party committees listed in lower case without "các" ("huyện ủy, thị ủy …").
_COMMITTEE_FIRST = frozenset({"huyện", "thị", "thành", "quận", "tỉnh", "đảng"})

# Heads a designation may follow in the plural, "các …": the bodies of that name together.
_PLURAL_HEADS = {"cong": "công", "tong": "tổng", "trung": "trung", "vuon": "vườn", "benh": "bệnh"}

_COUNCILS: tuple[tuple[str, ...], ...] = (
    ("uy", "ban", "nhan", "dan"),
    ("ubnd",),
    ("hoi", "dong", "nhan", "dan"),
    ("hdnd",),
)


def match_agency(toks: list[Tok], i: int, text: str | None = None) -> Mention | None:
    """The agency or group whose name starts at token ``i``, or None."""
    source = text if text is not None else _rebuild(toks)
    if i >= len(toks):
        return None
    if toks[i].low == "các":
        by_function = _body_by_function(toks, i + 1) if i + 1 < len(toks) and toks[i + 1].low == "cơ" else -1
        if by_function > 0:
            return _make(source, toks, i, by_function, "group")  # "Các cơ quan chuyên môn về xây dựng …"
        group = _group(toks, i, source)
        if group is not None and fold(group.name) == "cac bo":
            return _with_peers(group, toks, source)  # "các Bộ, Thủ trưởng cơ quan ngang bộ"
        if group is None and i + 1 < len(toks) and toks[i + 1].cap:
            # "các UBND huyện, thị xã, thành phố": the councils, with "các" before their name
            head = head_at(toks, i + 1)
            council = match_agency(toks, i + 1, source) if head is not None else None
            if (
                head is not None
                and council is not None
                and tuple(t.folded for t in toks[i + 1 : head[0]]) in _COUNCILS
            ):
                return _make(source, toks, i, council.tok_end, "group")
            plural_head = _PLURAL_HEADS.get(toks[i + 1].folded) == toks[i + 1].low
            if head is not None and council is not None and plural_head:
                return _make(source, toks, i, council.tok_end, "group")  # "các Công ty Lâm nghiệp"
        return group
    if toks[i].low == "ngành":
        return _sector(toks, i, source)
    if toks[i].text == "phòng" and i + 1 < len(toks) and toks[i + 1].cap:
        # "giao cho phòng Tài chính - Kế hoạch …": a district office, its head word in lower case
        fields = _designations(lexicon.DISTRICT_OFFICE_FIELDS)
        end = max((_seq_at(toks, i + 1, field, "folded") for field in fields), default=-1)
        if end > 0:
            return _make(source, toks, i, _locality(toks, end), "agency")
    if toks[i].low == "sở" and i + 2 < len(toks) and toks[i + 1].text == "," and _unit_at(toks, i + 2) > 0:
        return _group(toks, i, source, bare=True)  # "Sở, ban, ngành, huyện, thị xã …" without "các"
    bodies = _seq_at(toks, i, ("cơ", "quan"))
    if bodies > 0 and _seq_at(toks, bodies, (",",)) > 0 and _unit_at(toks, bodies + 1) > 0:
        return _group(toks, i, source, bare=True)  # "…; cơ quan, đơn vị đóng trên địa bàn …" without "các"
    press = _unit_at(toks, i) if toks[i].low == "cơ" else -1
    if press > i + 2:  # "…, cơ quan thông tấn báo chí và Ủy ban nhân dân …" without "các"
        return _make(source, toks, i, _qualifier(toks, press, group=True), "generic")
    specialised = _body_by_function(toks, i) if toks[i].low == "cơ" else -1
    if specialised > 0:
        return _make(source, toks, i, specialised, "generic")  # "Cơ quan chuyên môn về xây dựng cấp tỉnh"
    # (not a "các" group's next unit: "của các cơ quan, đơn vị liên quan" is one group)
    grouped = any(t.low == "các" for t in toks[max(0, i - 4) : i])
    unit = (
        max(_seq_at(toks, i, ("đơn", "vị")), bodies) if toks[i].text in ("đơn", "cơ") and not grouped else -1
    )
    concerned = max((_seq_at(toks, unit, words) for words in _CONCERNED), default=-1) if unit > 0 else -1
    if concerned > 0:
        return _make(source, toks, i, concerned, "generic")  # "… Ủy ban nhân dân cấp xã và đơn vị liên quan"
    if toks[i].text == "sở" and i + 1 < len(toks) and toks[i + 1].low == "ngành":
        return _group(toks, i, source, bare=True)  # "… phối hợp sở ngành liên quan, …" without "các"
    committee = _unit_at(toks, i) if toks[i].low in _COMMITTEE_FIRST else -1
    listed = committee > 0 and _seq_at(toks, committee, (",",)) > 0 and _unit_at(toks, committee + 1) > 0
    if listed and toks[committee - 1].low == "ủy":
        return _group(toks, i, source, bare=True)  # "…; huyện ủy, thị ủy, thành ủy căn cứ …"
    found = head_at(toks, i)
    if found is None:
        return None
    k, need = found
    head_folded = tuple(t.folded for t in toks[i:k])
    if _short_form_at(toks, k):
        k += 3  # "Ủy ban nhân dân (UBND) tỉnh": the short form the text will use (left out of the name)
    skip = None
    if k < len(toks) and toks[k].low == toks[k - 1].low and toks[k].is_word and head_at(toks, k) is None:
        skip = k  # "Ủy ban nhân dân dân tỉnh" (not "Đảng ủy Ủy ban nhân dân tỉnh")
        k += 1
    if need == "words":
        return _make(source, toks, i, _qualifier(toks, _field_words(toks, k), group=True), "agency", skip)
    if need == "one":
        return _make(
            source, toks, i, _qualifier(toks, _field_words(toks, k), group=True), "agency", skip, single=True
        )
    if need == "zones":
        # "Ban Quản lý các khu | công nghệ cao và khu công nghiệp | thành phố Hà Nội": the zones' kinds
        end = k
        while end < len(toks) and toks[end].low in _ZONE_WORDS:
            end += 1
        while end > k and toks[end - 1].low in ("và", "các"):
            end -= 1
        place = _locality(toks, end)
        place = place if place > end else _province_after(toks, end)
        return _make(source, toks, i, _qualifier(toks, place), "agency", skip, single=True)
    if need == "seat":
        seat = match_agency(toks, skip_titles(toks, k + 1), source) if _seq_at(toks, k, ("ở",)) > 0 else None
        return _make(source, toks, i, seat.tok_end, "agency") if seat is not None else None
    if need in ("designation", "either"):
        after = _designation(toks, k, head_folded)
        if head_folded == ("phong",):
            # "Phòng kinh tế hạ tầng" in sentence case, "Phòng Kinh tế – hạ tầng" in either
            after = max(after, _office_field(toks, k, any_case=True))
        if after > k:
            if _short_form_at(toks, after) and _locality(toks, after + 3) > after + 3:
                after += 3  # "Sở Tài nguyên và Môi trường (TN&MT) thành phố": its short form, then its place
            k = _locality(toks, after)
            if k == after:
                k = _province_after(toks, k)  # "Sở Khoa học và Công nghệ Lâm Đồng"
            k = _qualifier(toks, k)
            return _make(source, toks, i, _alternative(toks, k, head_folded, source), "agency", skip)
        if head_folded == ("so",) and _seq_at(toks, k, ("quản", "lý")) > 0:
            sector = _qualifier(toks, k, group=True)
            if sector > k:
                # "Sở quản lý ngành, lĩnh vực chủ trì …": whichever department the sector is
                # under, a group of one
                return _make(source, toks, i, sector, "generic", skip)
        if need == "designation":
            return None
    branch = _seq_at(toks, k, ("chi", "nhánh")) if need == "either" else -1
    k = branch if branch > 0 else k  # "Ngân hàng Nhà nước chi nhánh khu vực 14", "… chi nhánh tỉnh"
    after = _locality(toks, k)
    singular = k < len(toks) and toks[k].low != "các"  # ("UBND các huyện, … và các xã, …": two groups)
    if after > k and head_folded in _COUNCILS and singular and _seq_at(toks, after, ("và", "các")) > 0:
        more = _locality_word(toks, after + 2)
        if more > 0:
            after = more  # "Ủy ban nhân dân thành phố và các huyện": the councils of both
    if after == k:
        if head_folded in _COUNCILS:
            return _make(source, toks, i, k, "agency", skip)
        if need == "either":
            region = _region(toks, k)  # "Kho bạc Nhà nước khu vực XX"
            return _make(source, toks, i, region if region > 0 else k, "agency", skip)
        return None
    k = _qualifier(toks, after)
    k = _qualifier(toks, k)  # "… các tỉnh, thành phố trực thuộc Trung ương"
    return _make(source, toks, i, k, "agency", skip)


_ZONE_WORDS = frozenset({"công", "nghệ", "cao", "nghiệp", "kinh", "tế", "chế", "xuất", "và", "khu", "các"})


def _alternative(toks: list[Tok], k: int, head_folded: tuple[str, ...], source: str) -> int:
    """After a body's name ending at ``k``, the other body of the same kind it may be instead
    ("Phòng Kinh tế hoặc phòng Kinh tế, Hạ tầng và Đô thị": whichever a commune has), one duty
    holder: the index after it, or ``k``."""
    if not (k + 1 < len(toks) and toks[k].low == "hoặc"):
        return k
    found = head_at(toks, k + 1)
    heads = tuple(t.folded for t in toks[k + 1 : found[0]]) if found is not None else (toks[k + 1].folded,)
    if heads != head_folded:
        return k  # (the other's head word may be in lower case: "… hoặc phòng Kinh tế, …")
    other = match_agency(toks, k + 1, source)
    return other.tok_end if other is not None else k


# Words "trình" is the second syllable of ("chương trình", "quy trình", "công trình", "tiến trình").
_TRINH_COMPOUNDS = frozenset({"chương", "quy", "công", "lộ", "tiến", "hành"})


def _field_words(toks: list[Tok], k: int, most: int = 16) -> int:
    """Index after a field written in words of either case and its locality ("… cải cách hành
    chính tỉnh"): up to a word that ends a name, punctuation or ``most`` words."""
    j = k
    while j < len(toks) and j - k < most:
        tok = toks[j]
        if tok.text == "," and j + 1 < len(toks) and toks[j + 1].low == "chống":
            j += 1  # "phòng, chống"
            continue
        if tok.low == "các" and j + 1 < len(toks) and toks[j + 1].cap and head_at(toks, j + 1) is None:
            j += 1  # "Văn phòng Điều phối các Chương trình mục tiêu quốc gia tỉnh"
            continue
        if tok.low == "trong" and j + 1 < len(toks) and toks[j + 1].low == "phòng":
            j += 1  # "Tổ kiểm tra … trong phòng, chống dịch bệnh Covid-19"
            continue
        if _short_form_at(toks, j) and _locality(toks, j + 3) > j + 3:
            return _locality(toks, j + 3)  # "Ban Chỉ đạo áp dụng hệ thống quản lý chất lượng (QLCL) tỉnh"
        joined = 0 < j < len(toks) - 1 and toks[j - 1].end == tok.start == toks[j + 1].start - 1
        if tok.text == "-" and joined:
            j += 1  # "COVID-19"
            continue
        if tok.text in ("-", "–") and j > k and toks[k].cap and j + 1 < len(toks) and toks[j + 1].cap:
            j += 1  # "Hội đồng Thi đua - Khen thưởng tỉnh": a field of two names
            continue
        if tok.low == "và" and j + 1 < len(toks) and toks[j + 1].cap and head_at(toks, j + 1) is None:
            j += 1  # "… thiên tai và Tìm kiếm cứu nạn": the field goes on
            continue
        located = _field_to_locality(toks, j + 1) if tok.low == "và" and j > k else -1
        if located > 0:
            return located  # "… thiên tai và tìm kiếm cứu nạn tỉnh", in lower case
        if not tok.is_word or tok.low in lexicon.FUNCTION_WORDS or tok.low in ("có", "tự", "gồm"):
            break  # "Đoàn kiểm tra tự giải thể …"
        if tok.low == "trình" and j > k and toks[j - 1].low not in _TRINH_COMPOUNDS:
            break  # "Ban Tổ chức Trung ương trình Ban Bí thư …" (not "… chương trình …")
        pair = (tok.low, toks[j + 1].low) if j + 1 < len(toks) else ("", "")
        if (j > k and pair in lexicon.VERB_PAIRS) or pair in lexicon.VERBS_AFTER_HEAD:
            break  # "Ban Tổ chức Hội thi tiếp tục kiểm tra …" ("Hội đồng thẩm định": its name)
        if head_at(toks, j) is not None and j > k:
            break  # another agency ("… Sở Y tế")
        after = _locality(toks, j)
        if after > j:
            return after
        j += 1
    return j


def _field_to_locality(toks: list[Tok], k: int, most: int = 6) -> int:
    """After "và" in a field written in lower case, the index after its locality when a few
    plain words lead to one ("… và tìm kiếm cứu nạn tỉnh"), else -1: without a locality the
    "và" ends the name."""
    for j in range(k, min(len(toks), k + most)):
        tok = toks[j]
        if j > k:
            after = _locality(toks, j)
            if after > j:
                return after
        if not tok.is_word or tok.cap or tok.low in lexicon.FUNCTION_WORDS:
            return -1
        if j + 1 < len(toks) and (tok.low, toks[j + 1].low) in lexicon.VERB_PAIRS:
            return -1
    return -1


def _unit_at(toks: list[Tok], k: int, *, trailing: bool = False) -> int:
    first = toks[k].low if k < len(toks) else ""
    for seq in (_ANY_UNITS_BY_FIRST if trailing else _UNITS_BY_FIRST).get(first, ()):
        end = _seq_at(toks, k, seq)
        if end > 0:
            if seq == ("trường",) and end < len(toks) and toks[end].low == "hợp":
                return -1  # "Các trường hợp …": cases, not schools
            return end
    if trailing and k >= 2 and _locality_word(toks, k - 2) > 0 and _short_locality(toks, k):
        return k + 1  # "các huyện, thị, thành phố": "thị xã" written short after another locality
    return -1


def _group(toks: list[Tok], i: int, text: str, *, bare: bool = False) -> Mention | None:
    """A generic group starting with "các" at ``i`` (``bare``: with its first unit at ``i``,
    "Sở, ban, ngành, huyện, thị xã xem xét …")."""
    k = i if bare else i + 1
    if any(_seq_at(toks, k, words) > 0 for words in lexicon.NOT_BODIES):
        return None  # "Các đơn vị hành chính cấp tỉnh …": territories, not bodies
    units = 0
    n = len(toks)
    while k < n:
        end = _unit_at(toks, k, trailing=units > 0)
        if end < 0 and toks[k].low == "phòng" and k + 1 < n and _abbreviation(toks[k + 1].text):
            end = k + 1  # "các phòng GDĐT": the offices, named by their field's short form
        if end > 0:
            named = _designation(toks, end, (toks[k].folded,)) if end == k + 1 and toks[k].cap else end
            if named == end and end == k + 1 and toks[k].low in ("sở", "bộ"):
                named = _named_members(toks, end, toks[k].folded)
            k = max(end, named)  # "các Ban Quản lý dự án chuyên ngành", "các Trung tâm Y tế"
            if k == end and k < n and toks[k - 1].low == "phòng" and _abbreviation(toks[k].text):
                k += 1  # "các phòng GDĐT", "các Phòng GD&ĐT": the districts' offices of a field
            units += 1
            if _unit_at(toks, k) > 0:
                continue  # "các ban ngành", "các sở ngành": units written as one word
        elif units > 0 and head_at(toks, k) is not None:
            inner = match_agency(toks, k, text)
            if inner is None:
                break
            k = inner.tok_end
            units += 1
        else:
            break
        if k + 1 < n and toks[k].text in ("-", "–") and _unit_at(toks, k + 1, trailing=True) > 0:
            k += 1  # "các sở - ngành": units joined by a dash
            continue
        if k < n and toks[k].low in (",", "và"):
            nxt = k + 1
            sector = _sector(toks, nxt, text) if nxt < n and toks[nxt].low == "ngành" else None
            if sector is not None and sector.kind == "agency":
                break  # "các địa phương, ngành nông nghiệp Thái Bình": the sector is a body of its own
            if nxt < n and toks[nxt].low == "các":
                if toks[k].low == "," or (nxt + 1 < n and toks[nxt + 1].cap):
                    break  # "các sở, ngành, các địa phương", "…, các Tổ chức …": a group of its own
                nxt += 1  # "các sở, ban, ngành và các đơn vị khác có liên quan": one group
            named_next = toks[k].low != "," and head_at(toks, nxt) is not None
            if nxt < n and toks[nxt].cap and head_at(toks, nxt) is not None and toks[k].low == ",":
                inner = match_agency(toks, nxt, text)
                if inner is not None and inner.kind == "agency":
                    break  # "…, Tổng Công ty Vận tải Hà Nội": a named body of its own, no unit
            if _unit_at(toks, nxt, trailing=True) > 0 or named_next:
                k = nxt
                continue
        break
    if units == 0:
        return None
    k = _descriptor(toks, k)
    if k < n and toks[k].cap:
        k = _province_after(toks, k)  # "các huyện, thành phố Nam Định": the province's
    for _ in range(2):
        after = _qualifier(toks, k, group=True)
        if after == k:
            break
        k = after
    if _seq_at(toks, k, ("thành", "viên")) > 0 and k + 2 < n and toks[k + 2].cap:
        board = match_agency(toks, k + 2, text)  # "các sở, ngành thành viên Ban Chỉ huy …": its members
        if board is not None and board.kind == "agency":
            k = board.tok_end
    if k + 1 < n and toks[k].low == "thuộc":
        # "các đơn vị có liên quan thuộc Bộ TN&MT", "các đơn vị thuộc các Bộ có liên quan":
        # whose units they are is part of the group's name
        owner = match_agency(toks, k + 1, text)
        if owner is not None:
            k = owner.tok_end
        elif toks[k + 1].low in ("bộ", "sở", "ubtvqh") and toks[k + 1].cap:
            k += 2  # "các cơ quan, đơn vị liên quan thuộc Bộ (Sở)": the body that writes
    k = _tasked_here(toks, k)
    return Mention(
        clean(text[toks[i].start : toks[k - 1].end]), toks[i].start, toks[k - 1].end, i, k, "generic"
    )


# Qualifiers that close a group's descriptor, and the function words a descriptor may hold.
_CLOSING_QUALIFIERS: tuple[tuple[str, ...], ...] = (
    ("trên", "địa", "bàn"),
    ("nêu", "trên"),
    ("nói", "trên"),
    ("có", "liên", "quan"),
)
_DESCRIPTOR_WORDS = frozenset({"có", "được", "tại", "và"})


def _descriptor(toks: list[Tok], k: int, most: int = 14) -> int:
    """After a group's units, the words that say which units are meant when they run to a
    qualifier that closes a group ("các đơn vị phát điện, truyền tải điện, phân phối điện trên
    địa bàn tỉnh", "các cơ sở y tế có sử dụng thiết bị bức xạ/ nguồn phóng xạ trên địa bàn tỉnh",
    "các đơn vị được kiểm toán tại điểm 1 nêu trên"): the index of the qualifier; ``k`` when
    no such qualifier ends them or a verb comes first ("các sở rà soát … trên địa bàn")."""
    if k >= len(toks) or not toks[k].is_word or toks[k].cap or _qualifier(toks, k, group=True) > k:
        return k  # "các cơ quan liên quan căn cứ …": the group's own qualifier comes first
    for j in range(k, min(len(toks), k + most)):
        tok = toks[j]
        if j > k and any(_seq_at(toks, j, q) > 0 for q in _CLOSING_QUALIFIERS):
            return j
        if tok.text in (",", "/") or tok.text.isdigit():
            continue
        if not tok.is_word or tok.cap:
            return k
        if tok.low in STOP_WORDS and tok.low not in _DESCRIPTOR_WORDS:
            return k  # (not the verbs' first syllables: "phân phối điện"; a verb is a pair below)
        if j + 1 < len(toks) and (tok.low, toks[j + 1].low) in lexicon.VERB_PAIRS:
            return k
    return k


def _named_members(toks: list[Tok], k: int, head: str) -> int:
    """After "các sở" in lower case, the departments' names listed without a colon ("các sở
    QHKT, Xây dựng, Tổng Công ty …"): the index after the last, ``k`` when none follows. The
    group is kept as printed."""
    end = k
    while end < len(toks) and toks[end].cap and head_at(toks, end) is None:
        after = _designation(toks, end, (head,))
        if after <= end:
            break
        end = after
        if not (end + 1 < len(toks) and toks[end].text == "," and toks[end + 1].cap):
            break
        if head_at(toks, end + 1) is not None:
            break
        end += 1
    return end if end == k or toks[end - 1].is_word else end - 1


_CITED_KIND_WORDS = tuple(tuple(kind.split()) for kind in sorted(lexicon.CITED_KINDS, key=len, reverse=True))


def _tasked_here(toks: list[Tok], k: int) -> int:
    """Past "được giao (chủ trì) nhiệm vụ tại Kế hoạch này" after a group ("Các đơn vị được
    giao nhiệm vụ trong Kế hoạch", "các cơ quan được phân công chủ trì thực hiện nhiệm vụ tại
    Kế hoạch này"): which units are meant, part of the group's name. Else ``k``."""
    if not (k + 1 < len(toks) and toks[k].low == "được"):
        return k
    by = match_agency(toks, k + 1) if toks[k + 1].cap else None
    verb = by.tok_end if by is not None else k + 1
    if not (verb < len(toks) and toks[verb].low in ("giao", "phân")):
        return k
    if by is not None:
        # "các đơn vị được UBND tỉnh phân công, chịu trách nhiệm soạn thảo …"
        end = verb + (2 if toks[verb].low == "phân" else 1)
        if end < len(toks) and toks[end].text == ",":
            return end
    for j in range(k + 2, min(len(toks), k + 14)):
        if not toks[j].is_word:
            return k
        if toks[j].low in ("tại", "trong", "theo", "của"):
            for kind in _CITED_KIND_WORDS:
                end = _seq_at(toks, j + 1, kind)
                if end > 0:
                    return end + 1 if end < len(toks) and toks[end].low == "này" else end
    return k


def _abbreviated_so_list(toks: list[Tok], i: int, text: str) -> tuple[list[Mention], int] | None:
    """ "các Sở: Tài chính, Kế hoạch và Đầu tư, Nội vụ" → three departments; "Các Bộ: Công
    Thương, Xây dựng" → two ministries (they bear the departments' names). After "các đơn vị:"
    (or "các cơ quan:") departments so named and other bodies by their full names mix ("các đơn
    vị: Y tế, Bộ Chỉ huy Quân sự thành phố, Công an thành phố, Công Thương")."""
    if not (i + 2 < len(toks) and toks[i].low == "các"):
        return None
    units = max(_seq_at(toks, i + 1, ("đơn", "vị")), _seq_at(toks, i + 1, ("cơ", "quan")))
    if toks[i + 1].low == "bộ" and toks[i + 2].text == ",":
        units = _seq_at(toks, i + 3, ("cơ", "quan"))  # "Các Bộ, cơ quan: Tài chính, …, Tập đoàn Điện lực …"
    mixed = units > 0 and units < len(toks) and toks[units].text == ":"
    # "Các vụ: Hợp tác quốc tế, Kế hoạch, Khoa học Công nghệ và Môi trường": a ministry's departments
    offices = toks[i + 1].low in ("vụ", "cục") and toks[i + 2].text == ":"
    if not mixed and not offices and toks[i + 1].low not in ("sở", "bộ"):
        return None
    designations = _so_designations()
    if toks[i + 1].low == "bộ":
        designations = designations + _designations(lexicon.MINISTRY_ONLY_DESIGNATIONS)
    if mixed:
        k = units + 1
    elif toks[i + 2].text in (":", ","):
        k = i + 3
    elif _listed_designations(toks, i + 2, designations):
        k = i + 2  # "các Sở Nội vụ, Tài chính, Giáo dục & Đào tạo": the names without a colon
    else:
        return None
    head = {"bộ": "Bộ", "vụ": "Vụ", "cục": "Cục"}.get(toks[i + 1].low, "Sở")
    if _unit_at(toks, k) > 0:
        return None  # "các Sở, Ban, ngành": units of a group, capitalised, not Sở names
    out: list[Mention] = []
    while k < len(toks):
        if skip_titles(toks, k) != k or any(_seq_at(toks, k, seq, "folded") > 0 for seq in _TITLES):
            break  # "Giám đốc các sở, Thủ trưởng các ban, ngành": a title, no Sở's name
        named = match_agency(toks, k, text) if mixed else None
        if named is not None and named.kind != "generic":
            out.append(named)  # "các đơn vị: …, Công an thành phố, …": a body by its full name
            k = named.tok_end
            if k + 1 < len(toks) and toks[k].low in (",", ";", "và") and toks[k + 1].cap:
                k += 1
                continue
            break
        best = -1
        for seq in designations:
            end = _seq_at(toks, k, seq, "folded")
            best = max(best, end)
        if best < 0:
            # Without the list: one capitalised word and its lower-case followers (not a council's
            # name: "các sở, UBND các huyện …" names the councils after the departments)
            if not (toks[k].is_word and toks[k].cap) or _council_at(toks, k):
                break
            best = k + 1
            while best < len(toks) and toks[best].is_word and not toks[best].cap:
                if toks[best].low in lexicon.NAME_STOP_WORDS:
                    break
                best += 1
            while offices and best + 1 < len(toks) and toks[best].is_word:
                # "Khoa học Công nghệ và Môi trường": a name's further words, to the next comma
                if toks[best].low == "và" and toks[best + 1].cap and head_at(toks, best + 1) is None:
                    best += 2
                elif toks[best].low != "và" and head_at(toks, best) is None:
                    best += 1
                else:
                    break
        designation = clean(text[toks[k].start : toks[best - 1].end])
        out.append(Mention(f"{head} {designation}", toks[k].start, toks[best - 1].end, k, best, "agency"))
        k = best
        if k < len(toks) and toks[k].low in (",", ";", "và") and k + 1 < len(toks) and toks[k + 1].cap:
            if (not mixed and head_at(toks, k + 1) is not None) and all(
                _seq_at(toks, k + 1, seq, "folded") < 0 for seq in designations
            ):
                break  # "các Sở: …, Xây dựng; Ban Quản lý khu kinh tế tỉnh; …": another body
            k += 1
            continue
        break
    return (out, k) if out else None


def _listed_designations(toks: list[Tok], k: int, designations: tuple[tuple[str, ...], ...]) -> bool:
    """Two departments' names, one after the other, from ``k`` ("Nội vụ, Tài chính")."""
    first = max((_seq_at(toks, k, seq, "folded") for seq in designations), default=-1)
    if first < 0 or first + 1 >= len(toks) or toks[first].text != ",":
        return False
    return any(_seq_at(toks, first + 1, seq, "folded") > 0 for seq in designations)


def _province_list(toks: list[Tok], i: int, text: str) -> tuple[list[Mention], int] | None:
    """Provinces listed under one kind: "Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng" → three provinces;
    "Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai, Hồ Chí Minh" → their committees."""
    if i >= len(toks) or toks[i].folded not in ("cac", "uy", "ubnd"):
        return None
    k = i
    council = -1
    if toks[i].folded != "cac":
        council = max(_seq_at(toks, k, seq, "folded") for seq in (("uy", "ban", "nhan", "dan"), ("ubnd",)))
        if council < 0:
            return None
        k = council
    if k + 1 >= len(toks) or toks[k].folded != "cac" or toks[k + 1].folded not in _LISTED_PLACES:
        return None  # (most words open no such list: no further look)
    # (the committee's word as printed: "Ủy ban nhân dân" or "UBND")
    word = clean(text[toks[i].start : toks[council - 1].end]) if council > 0 else ""
    local = next((w for w in _LOCAL_KINDS if _seq_at(toks, k, ("cac", w), "folded") > 0), None)
    if council > 0 and local is not None:
        return _locality_list(toks, k + 2, text, f"{word} {_LOCAL_KINDS[local]}")
    k = _seq_at(toks, k, ("cac", "tinh"), "folded")
    if k < 0:
        return None
    k = max(k, _seq_at(toks, k, (",", "thanh", "pho"), "folded"))
    colon = k < len(toks) and toks[k].text == ":"
    k += colon
    provinces = _designations(lexicon.PROVINCES)
    out: list[Mention] = []
    while k < len(toks):
        at = _seq_at(toks, k, ("thanh", "pho"), "folded")
        at = at if at > 0 else k  # "…, thành phố Hồ Chí Minh" among the provinces
        end = max((_seq_at(toks, at, seq, "folded") for seq in provinces), default=-1)
        if end < 0:
            break
        place = clean(text[toks[at].start : toks[end - 1].end])
        kind = "thành phố" if fold(place) in lexicon.CENTRAL_CITIES_FOLDED else "tỉnh"
        name = f"{word} {kind} {place}" if council > 0 else f"{kind} {place}"
        out.append(Mention(name, toks[k].start, toks[end - 1].end, k, end, "agency"))
        k = end
        if k + 1 < len(toks) and toks[k].low in (",", "và") and toks[k + 1].cap:
            k += 1
            continue
        break
    if len(out) < 2 and not (colon and out):
        return None
    return out, k


_LOCAL_KINDS = {"xa": "xã", "phuong": "phường", "huyen": "huyện"}
_LISTED_PLACES = frozenset({"tinh", *_LOCAL_KINDS})


def _locality_list(toks: list[Tok], k: int, text: str, head: str) -> tuple[list[Mention], int] | None:
    """ "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông" (after "các xã"): each commune's
    committee; only after a colon, as the names are known by their capitals alone."""
    if k >= len(toks) or toks[k].text != ":":
        return None
    k += 1
    out: list[Mention] = []
    while k < len(toks) and toks[k].is_word and toks[k].cap:
        end = k
        while end < len(toks) and toks[end].is_word and toks[end].cap:
            end += 1
        place = clean(text[toks[k].start : toks[end - 1].end])
        out.append(Mention(f"{head} {place}", toks[k].start, toks[end - 1].end, k, end, "agency"))
        k = end
        if k + 1 < len(toks) and toks[k].low in (",", "và") and toks[k + 1].cap:
            k += 1
            continue
        break
    return (out, k) if len(out) >= 2 else None


def match_list(toks: list[Tok], i: int, text: str) -> tuple[list[Mention], int]:
    """Agencies listed from token ``i`` ("Sở A, Sở B và các cơ quan liên quan"), and the
    index after the list. Person titles are skipped; a short parenthesis after a name too."""
    out: list[Mention] = []
    k = i
    n = len(toks)
    while k < n:
        start = skip_titles(toks, k)
        abbreviated = _province_list(toks, start, text) or _abbreviated_so_list(toks, start, text)
        if abbreviated is not None:
            out.extend(abbreviated[0])
            k = abbreviated[1]
        else:
            mention = _titled(toks, k, text)
            if mention is None:
                break
            short = _called_hereafter(toks, mention.tok_end, text)
            if short is not None:
                # "Ban chỉ đạo Chương trình giảm phát thải … (sau đây gọi tắt là Ban chỉ đạo
                # Chương trình)": the name the text gives it
                name, end = short
                mention = Mention(
                    name, mention.start, toks[end - 1].end, mention.tok_start, end, mention.kind
                )
            out.append(mention)
            k = mention.tok_end
        if k < n and toks[k].text == "(":
            close = next((j for j in range(k + 1, min(n, k + 25)) if toks[j].text == ")"), None)
            if close is not None:
                k = close + 1
        # ("Phòng Kinh tế xã/Phòng Kinh tế, Hạ tầng và Đô thị phường": either body, by locality)
        if k < n and toks[k].low in (",", ";", "và", "/"):
            nxt = k + 1
            if nxt < n and toks[nxt].low == "và":
                nxt += 1
            probe = skip_titles(toks, nxt)
            if (
                _titled(toks, nxt, text) is not None
                or _abbreviated_so_list(toks, probe, text)
                or _province_list(toks, probe, text)
            ):
                k = nxt
                continue
            bare = _bare_last_member(toks, nxt, text) if toks[k].low == "và" else None
            if bare is not None:
                out.append(bare)  # "Các sở, ngành, UBND quận, huyện và đơn vị liên quan có trách nhiệm …"
                k = bare.tok_end
                break
            loose = _loose_member(toks, probe, text)
            if loose is not None:
                out.append(loose)  # "Sở TNMT, Thanh tra tỉnh, Cục thuế, Công an tỉnh …"
                k = loose.tok_end
                if k < n and toks[k].low in (",", ";", "và"):
                    after = k + 1
                    if match_agency(toks, skip_titles(toks, after), text) is not None:
                        k = after
                        continue
                break
        break
    return out, (k if out else i)


def _bare_last_member(toks: list[Tok], k: int, text: str) -> Mention | None:
    """The last member of a list written without "các" but with its qualifier ("… và đơn vị liên
    quan", "… và cơ quan có liên quan"): a group; None for a unit word alone."""
    if k >= len(toks) or toks[k].cap or _unit_at(toks, k) < 0:
        return None
    group = _group(toks, k, text, bare=True)
    if group is None or _qualifier(toks, _unit_at(toks, k), group=True) == _unit_at(toks, k):
        return None
    return group


def _loose_member(toks: list[Tok], k: int, text: str) -> Mention | None:
    """A member of a list of agencies written loosely: a head word and one to three lower-case
    words ("Cục thuế"), between two separators, with a name the reader knows after it."""
    found = head_at(toks, k)
    if found is None:
        return None
    j = found[0]
    start = j
    while j < len(toks) and j - start < 3 and toks[j].is_word and not toks[j].cap:
        if toks[j].low in lexicon.FUNCTION_WORDS:
            return None
        j += 1
    if j == start or j >= len(toks) or toks[j].low not in (",", ";", "và"):
        return None
    return _make(text, toks, k, j, "agency")


def find_mentions(text: str, toks: list[Tok] | None = None) -> list[Mention]:
    """Every agency named in ``text``, left to right, not overlapping."""
    toks = toks if toks is not None else tokenize(text)
    out: list[Mention] = []
    k = 0
    while k < len(toks):
        tok = toks[k]
        # "… phối hợp sở ngành liên quan": the departments, in lower case (not "trên cơ sở ngành …")
        sectors = (
            tok.text == "sở"
            and k + 1 < len(toks)
            and toks[k + 1].low == "ngành"
            and (k == 0 or toks[k - 1].low != "cơ")
        )
        if tok.is_word and (tok.cap or tok.low in ("các", "ngành", "phòng") or sectors):
            abbreviated = _province_list(toks, k, text) or _abbreviated_so_list(toks, k, text)
            if abbreviated is not None:
                out.extend(abbreviated[0])
                k = abbreviated[1]
                continue
            mention = match_agency(toks, k, text)
            if mention is not None and _in_persons_name(toks, k):
                mention = None  # "Phó Chủ tịch UBND tỉnh Lê Trường Sơn": a person, not a school
            if mention is not None:
                out.append(mention)
                k = mention.tok_end
                continue
        k += 1
    return out


def _in_persons_name(toks: list[Tok], k: int) -> bool:
    """Whether a one-word head at ``k`` ("Trường", "Hội", "Đoàn") follows a family name, as a
    person's middle name does ("Lê Trường Sơn", "Nguyễn Hội An")."""
    found = head_at(toks, k)
    return (
        found is not None
        and found[0] == k + 1
        and k > 0
        and toks[k - 1].cap
        and toks[k - 1].folded in lexicon.SURNAMES_FOLDED
    )


def _rebuild(toks: list[Tok]) -> str:
    if not toks:
        return ""
    chars = [" "] * toks[-1].end
    for tok in toks:
        chars[tok.start : tok.end] = tok.text
    return "".join(chars)


# --------------------------------------------------------------------------------------------------
# Headings and upper-case names
# --------------------------------------------------------------------------------------------------

_PREFIXES = tuple(sorted((tuple(p.split()) for p in HEADING_PREFIXES), key=len, reverse=True))
_ABBREVIATIONS = frozenset({"UBND", "HĐND", "MTTQ", "KHCN", "TW", "VN", "CP", "BCĐ", "TP", "TP."})


def heading_agencies(heading: str, known: dict[str, str] | None = None) -> tuple[list[Mention], str] | None:
    """If ``heading`` names agencies only ("Sở Tài chính", "Công an tỉnh và Bộ Chỉ huy Quân sự
    tỉnh", "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Sở Y tế: chủ trì …"), the
    agencies and the duty text after a colon or dash (else ""). Otherwise None."""
    text = heading.strip()
    if not text:
        return None
    if all_upper(text):
        text = proper_case(text, known or {})
    toks = tokenize(text)
    k = 0
    for seq in _PREFIXES:
        end = _seq_at(toks, 0, seq)
        if end > 0:
            k = end
            break
    if _seq_at(toks, k, ("cơ", "quan")) > 0 and k + 2 < len(toks) and toks[k + 2].cap:
        k += 2  # "Trách nhiệm của cơ quan Công an tỉnh, Công an cấp xã:"
    mentions, end = match_list(toks, k, text)
    if not mentions:
        return None
    if end >= len(toks):
        return mentions, ""
    rest = text[toks[end].start :].strip()
    if rest.startswith("(") and ")" in rest:
        # "Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu …):": the members in brackets
        rest = rest[rest.index(")") + 1 :].strip() or "."
    if rest[0] in ":-–—":
        return mentions, rest[1:].strip()
    if " ".join(t.low for t in tokenize(rest.rstrip(":"))) in HEADING_SUFFIXES:
        # "Cục Biến đổi khí hậu có trách nhiệm:" over its duties ("Điều 5. Nội dung Sở X có trách
        # nhiệm chủ trì", an article's title, without the colon)
        return mentions, ""
    if rest in (".", ";"):
        return mentions, ""
    return None


def all_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@functools.lru_cache(maxsize=1)
def _written_out_res() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(rf"(?<![\w&.]){re.escape(short)}(?![\w&]|\.\w)"), long)
        for short, long in lexicon.WRITTEN_OUT
    )


@functools.lru_cache(maxsize=2048)
def written_out(name: str) -> str:
    """A body's name with its short forms written out ("Sở NN&PTNT" → "Sở Nông nghiệp và Phát
    triển nông thôn", "UBND TP" → "Ủy ban nhân dân thành phố")."""
    name = _CITY_DOT_RE.sub("thành phố ", name)  # "UBND TP. Đà Nẵng", "TP.Đà Nẵng"
    for pattern, long in _written_out_res():
        name = pattern.sub(long, name)
    return name


_CENTRAL_END_RE = re.compile(r"(?<= )trung ương$")
_CITY_DOT_RE = re.compile(r"(?<![\w&])TP\.\s*(?=[^\W\d_])(?!HCM)")


def proper_case(name: str, known: dict[str, str]) -> str:
    """An upper-case name in the case of running text: as the text writes it elsewhere
    (``known``: folded name → name), else by rule ("SỞ KHOA HỌC VÀ CÔNG NGHỆ" → "Sở Khoa học và
    Công nghệ", "ỦY BAN NHÂN DÂN TỈNH CÀ MAU" → "Ủy ban nhân dân tỉnh Cà Mau")."""
    cleaned = clean(name)
    hit = known.get(fold(cleaned))
    if hit:
        return hit
    words = cleaned.split(" ")
    lowered = [w.lower() for w in words]
    out: list[str] = []
    toks = tokenize(cleaned.title())
    found = head_at(toks, 0)
    head_len = 0
    if found is not None:
        head_len = len(cleaned[: toks[found[0] - 1].end].split(" "))
    i = 0
    # "TỈNH ỦY LÀO CAI": a province's name right after the head
    rest = tuple(fold(w) for w in words[head_len:])
    place = head_len > 0 and bool(rest) and rest in _province_names().get(rest[0], ())
    capitalise_next = True
    while i < len(words):
        word = lowered[i]
        if words[i] in _ABBREVIATIONS or "&" in words[i]:
            out.append(words[i])
            i += 1
            capitalise_next = False
            continue
        if i < head_len:
            out.append(word.capitalize() if i == 0 else word)
            i += 1
            capitalise_next = True
            continue
        locality = next(
            (seq for seq in _LOCALITIES if tuple(lowered[i : i + len(seq)]) == seq),
            None,
        )
        if locality is not None:
            out.extend(locality)
            i += len(locality)
            place = True
            continue
        if word in ("và", ",", "-", "–", "các"):
            out.append(word)
            capitalise_next = word != "các"
            i += 1
            continue
        if place:
            out.append(word.capitalize())
        elif capitalise_next:
            out.append(word.capitalize())
            capitalise_next = False
        else:
            out.append(word)
        if word.endswith(","):
            capitalise_next = True
        i += 1
    # "THỦ TƯỚNG CHÍNH PHỦ": the Government is written with a capital; so is "Trung ương" ending
    # a central body's name ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO TRUNG ƯƠNG")
    named = _GOVERNMENT_RE.sub("Chính phủ", " ".join(out).replace(" ,", ","))
    return _CENTRAL_END_RE.sub("Trung ương", named)


_GOVERNMENT_RE = re.compile(r"\bchính phủ\b")
