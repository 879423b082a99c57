"""Who does what: clauses read for their agencies and roles.

A clause is a sentence, or a part of one after ";" that opens with a role of its own. It is
read from its start:

* "Giao Sở X (chủ trì), phối hợp với Y …" — X leads, Y coordinates with X;
* "Đề nghị X …" — X leads (a request to a body the issuer does not direct);
* "Sở X chủ trì, phối hợp với Y …", "Sở X chịu trách nhiệm …", "Sở X <verb> …" — X leads;
* "Sở X phối hợp với Sở Z …" — X coordinates, Z leads;
* "Chủ trì, phối hợp với Y …" / "Phối hợp với Sở Z để …" / no cue at all — the agencies of
  the item (an item headed by agencies, as in "IV. TỔ CHỨC THỰC HIỆN") lead or coordinate;
  an item whose duties open with "Phối hợp với Z" makes its agency a coordinator throughout.
* Inside a clause: "giao X chủ trì", "do X chủ trì" — X leads.

A clause without a subject of its own continues the subject of the sentence before it in
the same paragraph. Not duties: the issuers of cited documents, "theo đề nghị của X", the
"Nơi nhận" list, the execution clause of a decision ("… chịu trách nhiệm thi hành Quyết định
này"), and anything in a "Mục đích, yêu cầu" part. Reporting duties ("tổng hợp, báo cáo định
kỳ hằng năm về X", "gửi X tổng hợp, báo cáo Y", "kịp thời báo cáo … về X") are read with
their reporters, recipient, intermediary and frequency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from khcn.core.text import clean, fold
from khcn.plans.parser import lexicon
from khcn.plans.parser.agencies import (
    Mention,
    Tok,
    find_mentions,
    match_agency,
    match_list,
    persons_name_end,
    province_subject,
    skip_titles,
    tokenize,
)
from khcn.plans.parser.deadlines import find_deadlines, first_deadline
from khcn.plans.parser.model import Deadline
from khcn.plans.parser.rules import (
    ADDRESSING_CUES,
    AGENT_NOT_DUTY,
    ASSIGNING_OPENERS,
    DUTY_AFTER_SUBJECT,
    LEAD_WORDS,
    MODAL_WORDS,
    NARRATIVE_OPENERS,
    NOT_DUTY_AFTER_SUBJECT,
    PASSIVE_ASSIGNED,
    PASSIVE_WITH_AGENT,
    REPORTING_VERBS,
    ROLE_LABELS,
    phrases,
)

_CONNECTORS: tuple[tuple[str, ...], ...] = (
    ("tuy", "nhiên", ","),  # "Tuy nhiên, so với yêu cầu thực tiễn, các bộ, ngành … cần …"
    ("đồng", "thời", ","),
    ("đồng", "thời"),
    ("ngoài", "ra", ","),
    ("bên", "cạnh", "đó", ","),
    ("bên", "cạnh", "đó"),
    ("ngoài", "ra"),
    ("cùng", "với", "đó", ","),  # "Cùng với đó, Ban Quản lý Khu công nghệ cao … tập trung …"
    ("cùng", "với", "đó"),
    ("song", "song", "đó", ","),
    ("song", "song", "với", "đó", ","),
    ("do", "đó", ","),
    ("vì", "vậy", ","),
    ("vì", "thế", ","),
    ("đặc", "biệt", ","),
    ("đặc", "biệt"),  # "Đặc biệt các xã tiếp tục phối hợp với …"
    ("qua", "đó", ","),  # "Qua đó, Chủ tịch UBND huyện yêu cầu …"
    ("trong", "đó", ","),
    ("cụ", "thể", ","),  # "Cụ thể, thủ trưởng các cơ quan, đơn vị … nâng cao trách nhiệm …"
    ("trên", "cơ", "sở", "đó", ","),
    ("trên", "cơ", "sở", "đó"),  # "…; trên cơ sở đó chủ trì, phối hợp với …"
    ("trong", "khi"),  # "…, trong khi Sở KH-CN chủ trì thúc đẩy …"
    ("còn",),
    ("riêng",),
    ("và",),
    ("-",),
    ("+",),
    ("–",),
    ("•",),
)
_OPENING_QUOTES = frozenset({"“", '"', "‘", "«"})
_ADVERBS = frozenset({"chặt", "chẽ", "tốt", "thường", "xuyên", "cùng", "tích", "cực", "đồng", "bộ"})
_NOT_PREDICATE = frozenset(
    # "khóa": a council's term ("… HĐND tỉnh khóa X diễn ra …"), not a verb
    {
        "đã",
        "về",
        "của",
        "tại",
        "trong",
        "ngày",
        "số",
        "và",
        "ban",
        "được",
        "với",
        "cho",
        "từ",
        "đến",
        "theo",
        "khóa",
        "khi",  # "Phó Chủ tịch UBND tỉnh Lại Văn Hoàn khi đi kiểm tra …": when, not what to do
    }
)
_EXECUTION_RE = re.compile(
    r"thi hành (?:Quyết định|Chỉ thị|Nghị quyết) này|có hiệu lực (?:thi hành )?(?:kể )?từ"
    r"|căn cứ (?:Quyết định|Chỉ thị|Nghị quyết)(?: này)? (?:để )?thi hành"
    # a resolution's formula: "… (chịu|có) trách nhiệm thực hiện Nghị quyết này" (not "Giao X tổ
    # chức thực hiện Nghị quyết", which tasks X by name)
    r"|(?:chịu|có) trách nhiệm (?:tổ chức )?thực hiện (?:Quyết định|Chỉ thị|Nghị quyết|Kế hoạch) này",
    re.I,
)
# Answerable should something go wrong: a warning, no duty.
_ANSWERABLE_IF_RE = re.compile(r"(?:phải\s+)?chịu\s+trách\s+nhiệm\s+trước\b[^.;]{0,120}?\bnếu\b", re.I)
_DATE_LEADS = frozenset({"ngày", "hôm"})
_ADVERBIAL_STARTS = frozenset(
    {
        "theo",
        "trong",
        "nếu",
        "khi",
        "trường",
        "quá",
        "hằng",
        "hàng",
        "định",
        "sau",
        "trước",
        "căn",
        "đối",
        "ngoài",
        "riêng",
        "để",  # "Để xây dựng kế hoạch …, UBND tỉnh yêu cầu …"
        "nhằm",
        "phát",  # "Phát biểu kết luận phiên họp, đồng chí … yêu cầu …"
        "kết",
        "tại",
        "trên",  # "Trên cơ sở đó, Sở Tài chính tổng hợp …"
        "từ",  # "Từ nay đến cuối năm, các sở, ngành …"
        "về",  # "Về lâu dài, Sở Xây dựng …"
        "với",  # "Với vai trò cơ quan thường trực, Sở Công Thương …"
        "so",  # "So với yêu cầu thực tiễn, các bộ, ngành … cần …"
        "bên",
        "mặt",
        "ngay",
        "kể",
        "đến",
    }
)
_REPORT_RE = re.compile(r"\bbáo cáo\b(?!\s+viên)", re.IGNORECASE)
_REPORT_LEAD_WORDS = frozenset(
    {"tổng", "hợp", "kịp", "thời", "định", "kỳ", "thường", "xuyên", ",", "và", "để"}
)


@dataclass
class Report:
    text: str
    to: Mention | None = None
    via: Mention | None = None
    frequency: str | None = None
    what: str | None = None
    deadline: Deadline | None = None


@dataclass
class Clause:
    """One clause read: explicit ``subjects`` and their ``role`` (None when the clause has
    no cue), ``coordinators`` working with the subjects, ``partners`` the subjects work with,
    ``extra_leads`` named inside the clause and ``extra_coordinators`` (coordinator, lead)
    working with them, ``recipients`` of proposals and reports."""

    text: str
    line: int
    subjects: list[Mention] = field(default_factory=list)
    role: str | None = None
    cue: str | None = None
    coordinators: list[Mention] = field(default_factory=list)
    partners: list[Mention] = field(default_factory=list)
    extra_leads: list[Mention] = field(default_factory=list)
    extra_reporters: list[Mention] = field(default_factory=list)
    extra_coordinators: list[tuple[Mention, Mention]] = field(default_factory=list)
    recipients: list[Mention] = field(default_factory=list)
    proposers: list[Mention] = field(default_factory=list)
    report: Report | None = None
    deadline: Deadline | None = None
    note: str | None = None
    paragraph: int = 0
    execution: bool = False
    addressed: bool = False  # "đề nghị Quý cơ quan …", "để quý Bộ xem xét": the letter's addressees
    addressee: Mention | None = None  # how it calls them ("Quý cơ quan"), for a letter with no list
    # who made the request the clause reports ("Cục X đã có Văn bản số … đề nghị Y …"): a copy's
    # author, or in a letter a third body whose request is no duty the letter gives
    requested_by: list[Mention] = field(default_factory=list)
    no_duty: bool = False  # an agency is its subject and the clause tells what it did or may do


def _seq(toks: list[Tok], k: int, words: tuple[str, ...]) -> int:
    if k + len(words) > len(toks):
        return -1
    for offset, word in enumerate(words):
        if toks[k + offset].low != word:
            return -1
    return k + len(words)


def _skip_connectors(toks: list[Tok]) -> int:
    k = 0
    changed = True
    while changed and k < len(toks):
        changed = False
        for words in _CONNECTORS:
            end = _seq(toks, k, words)
            if end > 0:
                k = end
                changed = True
                break
        if k < len(toks) and (toks[k].text in (",", ":", ";", ".") or toks[k].text in _OPENING_QUOTES):
            k += 1  # (an opening quotation mark: "“Sở Nông nghiệp … phối hợp với …”. Đó là chỉ đạo …")
            changed = True
    return k


def _tail(text: str, toks: list[Tok], j: int) -> str | None:
    """The clause text from token ``j`` (the duty after a list of agencies), to the first ";"."""
    if j >= len(toks):
        return None
    rest = text[toks[j].start :]
    rest = rest.split(";", 1)[0]
    rest = clean(rest).strip(" ,.:")
    for word in ("để ", "trong việc ", "trong ", "thực hiện việc "):
        if rest.lower().startswith(word) and len(rest) > len(word) + 10:
            rest = rest[len(word) :]
            break
    return rest or None


def _after_phoi_hop(toks: list[Tok], j: int, text: str) -> tuple[list[Mention], int]:
    while j < len(toks) and toks[j].low in _ADVERBS:
        j += 1
    if j < len(toks) and toks[j].low == "với":
        j += 1
    return _partner_list(toks, j, text)


def _partner_list(toks: list[Tok], j: int, text: str) -> tuple[list[Mention], int]:
    """The partners after "phối hợp (với)": a list of agencies, where a name the reader does
    not know may stand between two ";" ("phối hợp Sở Khoa học và Công nghệ; Viễn thông Đồng Nai
    (VNPT Đồng Nai); Ủy ban nhân dân cấp xã và các đơn vị liên quan thực hiện …")."""
    out, k = match_list(toks, j, text)
    while out and k + 1 < len(toks) and toks[k].text == ";":
        more, after = match_list(toks, k + 1, text)
        if not more:
            end = _loose_name(toks, k + 1)
            if end < 0:
                break
            # a short form in brackets is left out of the name
            last = next((i for i in range(k + 1, end) if toks[i].text == "("), end) - 1
            name = clean(text[toks[k + 1].start : toks[last].end])
            more = [Mention(name, toks[k + 1].start, toks[last].end, k + 1, end, "agency")]
            after = end
        out.extend(more)
        k = after
    return out, k


def _loose_name(toks: list[Tok], k: int) -> int:
    """The end of a name written between two ";" that the reader does not know: a capital
    first, at most six words, a parenthesis allowed ("Viễn thông Đồng Nai (VNPT Đồng Nai)");
    -1 when it is something else."""
    if k >= len(toks) or not (toks[k].is_word and toks[k].cap):
        return -1
    words = 0
    j = k
    while j < len(toks) and toks[j].text != ";":
        if toks[j].text == "(":
            close = next((i for i in range(j + 1, min(len(toks), j + 10)) if toks[i].text == ")"), None)
            if close is None:
                return -1
            j = close + 1
            continue
        if not toks[j].is_word or toks[j].low in lexicon.FUNCTION_WORDS:
            return -1
        words += 1
        j += 1
    return j if 0 < words <= 6 and j < len(toks) else -1


def _after_lead(clause: Clause, toks: list[Tok], j: int) -> None:
    """After "chủ trì": ", phối hợp với Y …" or ", Y phối hợp …"."""
    text = clause.text
    if j < len(toks) and toks[j].text == ",":
        j += 1
    if j < len(toks) and toks[j].low == "và":
        j += 1
    end = _seq(toks, j, ("phối", "hợp"))
    if end < 0 and j < len(toks) and toks[j].low == "cùng":
        end = j  # "Sở X chủ trì cùng Sở Y kiểm tra …"
    if end > 0:
        coordinators, after = _after_phoi_hop(toks, end, text)
        clause.coordinators = coordinators
        clause.note = _tail(text, toks, after) if coordinators else None
        return
    mentions, after = match_list(toks, skip_titles(toks, j), text)
    if mentions and _seq(toks, after, ("phối", "hợp")) > 0:
        clause.coordinators = mentions
        clause.note = _tail(text, toks, after + 2)


def _request_subjects(toks: list[Tok], j: int, text: str) -> tuple[list[Mention], int]:
    """The agencies after "đề nghị" / "yêu cầu" (officials' titles skipped, "cho" allowed)."""
    if _seq(toks, j, ("cho",)) > 0:
        j += 1
    if j < len(toks) and (
        toks[j].text == ":" or (toks[j].text == "," and toks[j - 1].low in ("cầu", "nghị"))
    ):
        j += 1  # (a comma after a request: "Chủ tịch UBND huyện – Trần Thị Quý yêu cầu, các ngành …")
    if j < len(toks) and toks[j].text in _OPENING_QUOTES:
        j += 1  # 'đề nghị: "Thủ trưởng các ban, ngành …"': the request quoted
    if j + 1 < len(toks) and toks[j].low == "quý" and toks[j + 1].cap:
        j += 1  # "đề nghị quý Sở Khoa học và Công nghệ …": the addressee named with respect
    if _seq(toks, j, ("tất", "cả", "các")) > 0:
        j += 2  # "yêu cầu tất cả các sở, ngành …": the group as "các sở, ngành …"
    while j + 1 < len(toks) and toks[j].low == "các" and toks[j + 1].low == "các":
        j += 1  # "các các cấp, ngành": a doubled word
    titled = _title_then_colon(toks, j)
    found = match_list(toks, skip_titles(toks, titled), text)
    if not found[0] and j < len(toks) and toks[j].low in _TIME_OPENERS:
        # "yêu cầu: từ ngày 30/4 đến hết ngày 03/5, các đơn vị bố trí …": a time first
        comma = next((i for i in range(j + 1, min(len(toks), j + 20)) if toks[i].text == ","), None)
        if comma is not None:
            return match_list(toks, skip_titles(toks, comma + 1), text)
    return found


def _title_then_colon(toks: list[Tok], j: int) -> int:
    """ "Giao Giám đốc: Sở A, Sở B …": the title and its colon before the list of agencies."""
    for title in _TITLE_WORDS:
        end = _seq(toks, j, title)
        if end > 0 and end < len(toks) and toks[end].text == ":":
            return end + 1
    return j


def _giao(clause: Clause, toks: list[Tok], end: int, *, light: bool) -> bool:
    """ "giao [cho] X [chủ trì / làm đầu mối], phối hợp với Y …" from the token after "giao":
    X lead, Y coordinate; "giao X phối hợp với Y …": X coordinate, Y's lead implied. False when
    no agency follows."""
    mentions, after = _request_subjects(toks, end, clause.text)
    if not mentions:
        return False
    clause.subjects, clause.role, clause.cue = mentions, "lead", "giao"
    if _only_reports(toks, after):
        clause.role = "report"  # "… yêu cầu các sở cung cấp thông tin / báo cáo …"
        return True
    if after < len(toks) and toks[after].text == ":":
        after += 1  # "giao Sở X: chủ trì …"
    after = _past_duties_formula(toks, after)
    for words in _LEAD_WORDS:
        stop = _seq(toks, _skip_modals(toks, after), words)
        if stop > 0:
            after = stop
            break
    else:
        phoi = _seq(toks, _skip_modals(toks, after), ("phối", "hợp"))
        if phoi > 0 and not light:
            # "giao X phối hợp với Y xây dựng …" (no "chủ trì"): X helps Y (corpus README)
            partners, after_partners = _after_phoi_hop(toks, phoi, clause.text)
            if partners:
                clause.role, clause.partners = "coordinate", partners
                clause.note = _tail(clause.text, toks, after_partners)
                return True
            if _seq(toks, phoi, ("với",)) > 0:
                # "yêu cầu Sở GTVT phối hợp với các chủ phương tiện và bến xe …": helping
                # others, though none of them is an agency (corpus README)
                clause.role = "coordinate"
                clause.note = _tail(clause.text, toks, phoi)
                return True
    if not light:
        _after_lead(clause, toks, after)
        _split_marked_roles(clause, toks)
    return True


_OPENERS = phrases(tuple(ASSIGNING_OPENERS))
_REPORTING = phrases(REPORTING_VERBS)
_ADDRESSED_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in ADDRESSING_CUES) + r")\s+quý\s+(?:(?P<who>(?:cơ quan|đơn vị)"
    # "quý cơ quan, ban, ngành, huyện, thành phố": the kinds of addressee, as the letter calls them
    # ("quý cơ quan, tổ chức và cá nhân": those a call for proposals is sent to)
    r"(?:\s*(?:,|và)\s*(?:cơ quan|đơn vị|tổ chức|cá nhân|ban|ngành|sở|huyện|thị xã|thành phố|địa phương))*"
    r")\b|\w+)"
    # "… đề nghị Công ty thực hiện …" (no name after it): the company the letter is addressed to
    r"|\b(?:đề nghị|yêu cầu)\s+(?:Công ty|Doanh nghiệp)\s+(?-i:(?![A-ZĐÀ-Ỹ]))",
    re.IGNORECASE,
)
# Words before "giao", "yêu cầu"… that make it no instruction ("được giao", "theo yêu cầu").
# ("về việc giao Sở X chủ trì …": the subject of a direction cited, the giving of a duty named)
_NOT_BEFORE_OPENER = frozenset({"được", "giao", "theo", "có", "các", "những", "đã", "đúng", "nhiệm", "việc"})
# Words after a comma before the subject: "…, vì vậy các ngành, địa phương cần …".
_LINKERS = phrases(("vì vậy", "do đó", "vì thế", "bởi vậy", "theo đó", "đồng thời"))
_TITLE_WORDS = phrases(("giám đốc", "giám đốc các sở", "thủ trưởng", "thủ trưởng các", "chủ tịch"))
_LEAD_WORDS = phrases(LEAD_WORDS)
_PASSIVE_ASSIGNED = phrases(PASSIVE_ASSIGNED)
_PASSIVE_AGENT_END = phrases(PASSIVE_WITH_AGENT)
_NOT_DUTY = phrases(NOT_DUTY_AFTER_SUBJECT)
_NARRATIVE = phrases(NARRATIVE_OPENERS)
_MODALS = phrases(MODAL_WORDS)
_AGENT_NOT_DUTY = phrases(AGENT_NOT_DUTY)
_DUTY_AFTER_SUBJECT = phrases(DUTY_AFTER_SUBJECT)
_ROLE_LABELS = phrases(tuple(ROLE_LABELS))


def _past_duties_formula(toks: list[Tok], j: int) -> int:
    """Past "theo chức năng, nhiệm vụ (được giao)" between the agencies and their role ("Giao
    các sở … theo chức năng, nhiệm vụ được giao chủ động phối hợp với …"); ``j`` when the
    words at ``j`` are not that formula."""
    start = _seq(toks, j, ("theo", "chức", "năng"))
    if start < 0:
        start = _seq(toks, j, ("căn", "cứ", "chức", "năng"))
    if start < 0:
        return j
    for i in range(start, min(len(toks) - 1, start + 12)):
        given = _seq(toks, i, ("được", "giao"))
        if given > 0:
            return given + 1 if given < len(toks) and toks[given].text == "," else given
        if toks[i].text == "," and toks[i + 1].low not in ("nhiệm", "quyền", "thẩm"):
            return i + 1
        if _any_seq(toks, i, _MODALS) > 0 or _any_seq(toks, i, _ROLE_WORDS) > 0:
            return i
        if _seq(toks, i, ("có", "trách", "nhiệm")) > 0:
            return i  # "… theo chức năng, nhiệm vụ có trách nhiệm phối hợp với …"
    return j


def _skip_modals(toks: list[Tok], j: int) -> int:
    """Past "chủ động", "tiếp tục", "có trách nhiệm" … before a role word ("Sở Y tế chủ động
    phối hợp với …")."""
    end = _any_seq(toks, j, _MODALS)
    while end > 0:
        j = end
        end = _any_seq(toks, j, _MODALS)
    duty = _seq(toks, j, ("có", "trách", "nhiệm"))
    if duty > 0 and _seq(toks, duty, ("phối", "hợp", "với")) > 0:
        return duty  # "Công an tỉnh có trách nhiệm phối hợp với Sở Công Thương …": it coordinates
    named = _seq(toks, duty, ("phối", "hợp")) if duty > 0 else -1
    if named > 0 and match_agency(toks, named) is not None:
        return duty  # "… có trách nhiệm phối hợp sở ngành liên quan, …", without "với"
    return j


_ROLE_VERBS: tuple[tuple[str, ...], ...] = (("chủ", "trì"), ("phối", "hợp"))


def _role_label(toks: list[Tok], k: int) -> tuple[str, int] | None:
    """A role label and its colon at ``k`` ("Cơ quan chủ trì: …"): the role and where the
    agencies start."""
    for words in _ROLE_LABELS:
        end = _seq(toks, k, words)
        if end > 0 and end < len(toks) and toks[end].text == ":":
            return ROLE_LABELS[" ".join(words)], end + 1
    return None


def _opener(toks: list[Tok], k: int) -> tuple[str, int] | None:
    """The assigning opener at ``k`` ("giao", "đề nghị", "yêu cầu"…): its cue and where it ends."""
    end = _any_seq(toks, k, _OPENERS)
    if end > 0:
        return ASSIGNING_OPENERS[" ".join(t.low for t in toks[k:end])], end
    return None


def _any_seq(toks: list[Tok], k: int, options: tuple[tuple[str, ...], ...]) -> int:
    """Where the first of ``options`` (longest first) that stands at ``k`` ends, else -1."""
    if k >= len(toks):
        return -1
    first = toks[k].low  # (most phrases differ in their first word: no call for them)
    for words in options:
        if words[0] == first:
            end = _seq(toks, k, words)
            if end > 0:
                return end
    return -1


def _marked_role(toks: list[Tok], mention: Mention) -> str | None:
    """The role printed in brackets after a name: "Sở Y tế (chủ trì)", "Sở Tài chính (phối hợp)"."""
    k = mention.tok_end
    if k >= len(toks) or toks[k].text != "(":
        return None
    for words, role in ((("chủ", "trì"), "lead"), (("phối", "hợp"), "coordinate")):
        end = _seq(toks, k + 1, words)
        if end > 0 and end < len(toks) and toks[end].text == ")":
            return role
    return None


def _split_marked_roles(clause: Clause, toks: list[Tok]) -> None:
    """ "Sở Y tế (chủ trì), Sở Tài chính (phối hợp) thực hiện …": the names marked "(phối hợp)"
    coordinate with the others."""
    marks = [_marked_role(toks, m) for m in clause.subjects]
    if "coordinate" not in marks:
        return
    leads = [m for m, mark in zip(clause.subjects, marks, strict=True) if mark != "coordinate"]
    if not leads:
        return
    coordinators = [m for m, mark in zip(clause.subjects, marks, strict=True) if mark == "coordinate"]
    clause.subjects = leads
    clause.coordinators = coordinators + [c for c in clause.coordinators if c not in coordinators]


# Verbs that open what an agency named as a label does ("Sở Nội vụ: Chủ trì, …", "Sở Y tế: Phối hợp …")
_LABELLED_VERBS: tuple[tuple[str, ...], ...] = (("phối", "hợp"), ("chủ", "trì"))


def _predicate_ok(toks: list[Tok], j: int) -> int:
    """Index of the predicate after a subject list, or -1 if what follows is not one."""
    labelled = j < len(toks) and toks[j].text == ":"
    if j < len(toks) and toks[j].text in (":", "–", "-"):
        j += 1
    elif j + 1 < len(toks) and toks[j].text == "," and _past_duties_formula(toks, j + 1) > j + 1:
        return j + 1  # "Các sở, ban, ngành, căn cứ chức năng, nhiệm vụ được giao khẩn trương …"
    if j + 1 < len(toks) and toks[j].low == "này" and toks[j + 1].is_word:
        j += 1  # "UBND tỉnh này yêu cầu …": the body named before
    if j >= len(toks) or not toks[j].is_word:
        return -1
    if toks[j].cap and not (labelled and _any_seq(toks, j, _LABELLED_VERBS) > 0):
        return -1  # (but "Sở Văn hóa, Thể thao và Du lịch: Phối hợp với …": the label's agency acts)
    for words in _PASSIVE_ASSIGNED:
        # "Sở Y tế được giao (nhiệm vụ) chủ trì …": the subject is the one assigned
        end = _seq(toks, j, words)
        if end > 0:
            if end < len(toks) and toks[end].is_word and not toks[end].cap:
                return end
            return end - 1
    if toks[j].low == "được":
        # "Sở Y tế được Ủy ban nhân dân tỉnh giao chủ trì …": the agent stands between
        agents, after = match_list(toks, skip_titles(toks, j + 1), "")
        end = _any_seq(toks, after, _PASSIVE_AGENT_END) if agents else -1
        if end > 0:
            if end < len(toks) and toks[end].is_word and not toks[end].cap:
                return end
            return end - 1
    if toks[j].low in _NOT_PREDICATE:
        if toks[j].low == "theo" and _seq(toks, j, ("theo", "đề", "nghị")) < 0:
            return j  # "X theo chức năng, nhiệm vụ … thực hiện"
        return -1
    return j


_REPORT_PREFIX = frozenset(
    {
        "có",
        "chịu",
        "trách",
        "nhiệm",
        "định",
        "kỳ",
        "kịp",
        "thời",
        "hằng",
        "hàng",
        "năm",
        "quý",
        "tháng",
        "tuần",
        "gửi",
    }
)


def _past_due_date(toks: list[Tok], j: int) -> int:
    """Past "chậm nhất ngày 25.12.2017", "trước ngày 15/9" before a predicate; ``j`` if none."""
    due = _any_seq(toks, j, _DUE_BY)
    if due < 0:
        return j
    end = _past_letters_number(toks, due - 1)  # from "ngày"
    return end if end > due else j


_DUE_BY = phrases(("chậm nhất ngày", "trước ngày"))


def _only_reports(toks: list[Tok], j: int) -> bool:
    """Whether the predicate at ``j`` is only a report: "(có trách nhiệm) báo cáo …"."""
    j = _skip_modals(toks, _past_due_date(toks, j))  # "… chậm nhất ngày 25.12.2017 phải báo cáo …"
    while j < len(toks) and toks[j].low in _REPORT_PREFIX:
        j += 1
    if _seq(toks, j, ("tiến", "hành")) > 0:
        j += 2
    # "tổng hợp, báo cáo …", "(tiến hành) đánh giá, báo cáo kết quả …": what the report is made of
    if _seq(toks, j, ("tổng", "hợp")) > 0 or _seq(toks, j, ("đánh", "giá")) > 0:
        j += 2
        if j < len(toks) and toks[j].text == ",":
            j += 1
    return _any_seq(toks, j, _REPORTING) > 0


def starts_with_role(text: str) -> bool:
    """Whether a piece of a sentence opens a clause of its own (for splitting at ";")."""
    clause = analyse_clause(text, 0, light=True)
    return clause.cue is not None


def is_execution(text: str) -> bool:
    """Whether ``text`` is a decision's execution clause ("… chịu trách nhiệm thi hành Quyết định
    này", "Quyết định này có hiệu lực từ …")."""
    return bool(_EXECUTION_RE.search(text))


def is_closing_formula(clauses: list[str], *, closing: bool = False) -> bool:
    """Whether the sentence's ``clauses`` are the document's last words asking those it has
    tasked to carry it out, and no more ("Sở Nông nghiệp và Môi trường yêu cầu Công ty … nghiêm túc
    thực hiện; đề nghị UBND các xã, phường … quan tâm, phối hợp thực hiện./."): a formula, as the
    decision's execution clause is (``is_execution``), not a duty of its own (the corpus annotates
    the requests where the body makes them). ``closing``: the sentence stands in the document's
    closing paragraph ("Trên đây là Kế hoạch …. Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành …
    triển khai kịp thời, hiệu quả các nhiệm vụ được giao tại Kế hoạch."), not necessarily last."""
    if not clauses or not (closing or _END_OF_TEXT_RE.search(clauses[-1])):
        return False
    if _CARRY_OUT_THIS_RE.search("; ".join(clauses)):
        # "… yêu cầu Thủ trưởng các sở …; Chủ tịch UBND các xã … tổ chức quán triệt, triển khai và
        # chỉ đạo … thực hiện nghiêm túc Chỉ thị này": the document itself is what they carry out
        return True
    for clause in clauses:
        asked = _FORMULA_RE.search(clause)
        if asked is None:
            return False
        if not _only_bodies(asked["who"]):
            return False  # between the request and "thực hiện", more than the bodies asked
    return True


def _only_bodies(text: str) -> bool:
    """Whether ``text`` names bodies and nothing else, with their officials' titles and the
    separators of a list ("Thủ trưởng các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các xã,
    phường; người đứng đầu các cơ quan, đơn vị, doanh nghiệp")."""
    toks = tokenize(text)
    k = 0
    while k < len(toks):
        if toks[k].text in (",", ";") or toks[k].low == "và":
            k += 1
            continue
        mentions, after = match_list(toks, skip_titles(toks, k), text)
        if not mentions:
            return False
        k = after
    return True


_END_OF_TEXT_RE = re.compile(r"\./\.?\s*$")
_CARRY_OUT_THIS_RE = re.compile(
    r"^\W*(?:[^.;]{0,80}\s)?(?:yêu cầu|đề nghị)\s[^.]{3,300}?\bthực hiện(?:\s+nghiêm túc)?\s+"
    r"(?:Chỉ thị|Kế hoạch|Quyết định|Nghị quyết) này\s*(?:\./\.?)?\s*[.;]?\s*$",
    re.IGNORECASE,
)
_FORMULA_RE = re.compile(
    r"\b(?:yêu cầu|đề nghị)\s+(?P<who>.{3,200}?)\s+"
    r"(?:(?:nghiêm túc|khẩn trương|quan tâm|phối hợp|tổ chức|triển khai)[,\s]+)*"
    r"(?:thực hiện|triển khai)(?:\s+(?:nghiêm túc|kịp thời|hiệu quả|có hiệu quả)[,\s]*)*"
    # what is to be carried out: the document itself ("… thực hiện nghiêm túc Chỉ thị này"), or the
    # duties it gave ("… các nhiệm vụ được giao tại Kế hoạch")
    r"(?:\s*(?:các\s+(?:nhiệm vụ|nội dung)(?:\s+được\s+giao)?\s+(?:tại|trong)\s+)?"
    r"(?:Chỉ thị|Kế hoạch|Quyết định|Nghị quyết|Công văn|văn bản)(?:\s+này)?)?"
    r"\s*(?:\./\.?)?\s*[.;]?\s*$",
    re.IGNORECASE,
)


def directs_after_comma(text: str) -> bool:
    """Whether a line that opens like a preamble goes on, after one of its commas, into the
    author's own direction: "Theo đề nghị của Sở Tài chính tại Tờ trình số …, Chủ tịch UBND tỉnh
    giao Sở Tài chính chủ trì …" (the line is operative, not only a basis)."""
    sentence = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
    if sentence.rstrip().endswith(":"):
        return False  # "…, Bộ Xây dựng đề nghị:": a lead-in, the body follows
    for comma in re.finditer(r",\s+", sentence):
        clause = analyse_clause(sentence[comma.end() :], 0, light=True)
        if clause.cue in ("giao", "de_nghi") and clause.subjects:
            return True
    return False


_PERSON_WORDS = frozenset({"ông", "bà", "đồng", "chí"})
# Words that open a time or a matter before the agencies asked: "yêu cầu: từ ngày 30/4 …, các đơn
# vị …", "yêu cầu: Đối với những ngày còn lại của năm 2017, các sở, ngành … cần …"
_TIME_OPENERS = frozenset({"từ", "trong", "trước", "ngay", "khi", "sau", "hằng", "hàng", "đến", "đối"})


_POLITE = phrases(("cũng", "trân trọng", "kính", "xin"))


def _after_politeness(toks: list[Tok], k: int) -> int:
    """Past "cũng", "trân trọng", "kính" before an opener ("Cục … trân trọng đề nghị …"), and
    past "chỉ đạo" before another ("UBND tỉnh chỉ đạo giao Sở X chủ trì …")."""
    end = _any_seq(toks, k, _POLITE)
    k = end if end > 0 else k
    directs = _seq(toks, k, ("chỉ", "đạo"))
    if directs > 0 and _opener(toks, directs) is not None:
        return directs
    return k


def _reported_request(toks: list[Tok], k: int) -> tuple[str, int] | None:
    """ "… đã / vừa đề nghị, yêu cầu …" after a subject: the opener of a request reported done."""
    if k < len(toks) and toks[k].low in ("đã", "vừa"):
        # "… vừa có ý kiến chỉ đạo giao cho Sở Xây dựng chủ trì …": how the direction was given,
        # "… đã có Văn bản số 787/C06-P3 ngày 29/01/2026 đề nghị …": with the letter's number
        given = _any_seq(toks, k + 1, _GIVEN_AS)
        return _opener(toks, _past_letters_number(toks, given) if given > 0 else k + 1)
    sent = _any_seq(toks, k, _LETTER_SENT)
    if sent > 0:
        # "Sở X có công văn (số …) yêu cầu …": the letter, told, is done; whom it asks are asked
        return _opener(toks, _past_letters_number(toks, sent))
    return None


def _letter_sent_to(toks: list[Tok], k: int) -> bool:
    """ "… có công văn (số …) gửi các đơn vị đề nghị …" at ``k``: whom the letter went to are the
    ones asked (read with the clause's other openers), not its author."""
    sent = _any_seq(toks, k, _LETTER_SENT)
    at = _past_letters_number(toks, sent) if sent > 0 else -1
    return 0 <= at < len(toks) and toks[at].low in ("gửi", "gởi")


def _requester(toks: list[Tok], i: int, opener: tuple[str, int], text: str) -> list[Mention]:
    """Who, before the opener at ``i``, is told to have asked ("Thứ hai, Cục Cảnh sát Quản lý
    hành chính về trật tự xã hội - Bộ Công an đã có Văn bản số … đề nghị …"): the last body named
    before its "đã" or "vừa", when that request is the opener's; none when the opener is not one
    reported."""
    for j in range(i - 1, max(-1, i - 30), -1):
        if toks[j].low in ("đã", "vừa"):
            if _reported_request(toks, j) != opener:
                return []
            named = [m for m in find_mentions(text[: toks[j].start]) if m.kind != "generic"]
            return named[-1:]
    return []


_NUMBER_MARKS = frozenset({"/", "-", "."})
_DATE_WORDS = frozenset({"tháng", "năm"})


def _past_letters_number(toks: list[Tok], k: int) -> int:
    """Past "số 787/C06-P3 ngày 29/01/2026" (or "ngày 3 tháng 2 năm 2026") after "văn bản"."""
    j = k
    if j < len(toks) and toks[j].low == "số":
        j += 1
        while j < len(toks) and (
            toks[j].text in _NUMBER_MARKS or toks[j].text[0].isdigit() or toks[j].text.isupper()
        ):
            j += 1
    if j < len(toks) and toks[j].low == "ngày":
        j += 1
        while j < len(toks) and (
            toks[j].text in _NUMBER_MARKS or toks[j].text.isdigit() or toks[j].low in _DATE_WORDS
        ):
            j += 1
    return j


def _linked_subject(toks: list[Tok], k: int, text: str) -> tuple[list[Mention], int, int] | None:
    """ "Mục tiêu xuyên suốt là …, do đó các cấp, các ngành cần tập trung …": the subject after a
    linker that ends what came before, where its predicate stands, or None."""
    for comma in (i for i in range(k + 1, len(toks) - 2) if toks[i].text == ","):
        linked = _any_seq(toks, comma + 1, _LINKERS)
        if linked < 0:
            continue
        found, end = match_list(toks, skip_titles(toks, linked), text)
        at = _predicate_ok(toks, end) if found else -1
        return (found, end, at) if at >= 0 else None
    return None


def _dated_request(toks: list[Tok], k: int, text: str) -> tuple[str, int] | None:
    """ "Ngày 25-5, (để …,) Chủ tịch UBND tỉnh đã yêu cầu …": the request a dated copy reports,
    after the subject that follows one of the lead's first commas."""
    for comma in (i for i in range(k + 1, min(len(toks), k + 40)) if toks[i].text == ","):
        start = skip_titles(toks, comma + 1)
        mentions, after = match_list(toks, start, text)
        if mentions:
            if start > comma + 1:
                after = persons_name_end(toks, after)
            return _reported_request(toks, after)
    return None


# A letter told as sent ("Sở X có công văn (số …) gửi …"), and the ways a direction is told given
_LETTERS_SENT = (
    "có văn bản",
    "có công văn",
    "ký văn bản",
    "ký công văn",
    "ban hành văn bản",
    "ban hành công văn",
)
_LETTER_SENT = phrases(_LETTERS_SENT)
_GIVEN_AS = phrases(
    ("có ý kiến chỉ đạo", "có ý kiến", "có văn bản chỉ đạo", "gửi văn bản", "gửi công văn", *_LETTERS_SENT)
)


def _skip_person(toks: list[Tok], k: int) -> int:
    """After "ông", "bà", "đồng chí" and the capitalised name that may follow: where the verb is."""
    j = k
    while j < len(toks) and toks[j].low in _PERSON_WORDS:
        j += 1
    if j == k:
        return k
    while j < len(toks) and toks[j].is_word and toks[j].cap:
        j += 1
    return j


def _assigned(clause: Clause, toks: list[Tok], opener: tuple[str, int], text: str, *, light: bool) -> bool:
    """The agencies an assigning opener names ("giao X chủ trì …", "yêu cầu / đề nghị X …"),
    with their role; False when it names none."""
    kind, at = opener
    if kind == "giao":
        return _giao(clause, toks, at, light=light)
    mentions, after = _request_subjects(toks, at, text)
    if not mentions:
        return False
    clause.subjects, clause.role, clause.cue = mentions, "lead", "de_nghi"
    if after < len(toks) and toks[after].text == ":":
        after += 1  # "Đề nghị các cấp ủy Đảng, …: Phối hợp chặt chẽ với …": what they are asked follows
    stop = _seq(toks, _skip_modals(toks, after), ("chủ", "trì"))
    if _only_reports(toks, after):
        clause.role = "report"
    elif stop > 0 and not light:
        _after_lead(clause, toks, stop)
    elif not light:
        phoi = _seq(toks, _skip_modals(toks, after), ("phối", "hợp"))
        if phoi > 0:
            clause.role = "coordinate"
            clause.partners, after2 = _after_phoi_hop(toks, phoi, text)
            clause.note = _tail(text, toks, after2)
    return True


def _dealt_with(toks: list[Tok], k: int, text: str) -> tuple[list[Mention], int] | None:
    """ "Đối với Sở Y tế: khẩn trương rà soát …" — the agencies after "Đối với" and where their
    duties start, when no subject of its own follows the colon."""
    start = _seq(toks, k, ("đối", "với"))
    if start < 0:
        return None
    mentions, after = match_list(toks, skip_titles(toks, start), text)
    if not mentions or after + 1 >= len(toks) or toks[after].text != ":" or not toks[after + 1].is_word:
        return None
    own, own_after = match_list(toks, skip_titles(toks, after + 1), text)
    if own and _predicate_ok(toks, own_after) >= 0:
        return None  # "Đối với Đoàn kiểm tra: Các thành viên Đoàn thực hiện …"
    return mentions, after + 1


def analyse_clause(text: str, line: int, *, light: bool = False) -> Clause:
    """Read one clause (see the module docstring)."""
    clause = Clause(text=text, line=line)
    toks = tokenize(text)
    if not toks:
        return clause
    k = _skip_connectors(toks)
    if k >= len(toks):
        return clause
    if is_execution(text):
        clause.execution = True
        return clause
    label = _role_label(toks, k)
    if label is not None and label[0] == "clause":
        k = label[1]  # "Tổ chức thực hiện: Sở Tài chính chủ trì; …": what follows is the clause
        label = None
        if k >= len(toks):
            return clause
    labelled: list[Mention] = []
    listed_end = 0
    if label is not None:
        labelled, listed_end = match_list(toks, skip_titles(toks, label[1]), text)
    if label is not None and labelled and _any_seq(toks, listed_end, _ROLE_VERBS) > 0:
        # "Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với …": the label opens a clause
        k, label, labelled = label[1], None, []
    if _ROLE_AFTER_COMMA_RE.search(text):
        k = _after_role_adverbial(toks, k)
    opener = _opener(toks, k)
    if labelled and label is not None:
        clause.subjects, clause.role, clause.cue = labelled, label[0], "label"  # "Cơ quan chủ trì: Sở X"
    elif _any_seq(toks, k, _NARRATIVE) > 0 and _linked_subject(toks, k, text) is None:
        # "Sau khi nghe Sở X báo cáo, …": what happened, not what is to be done; but "Ngày 25-5,
        # Chủ tịch UBND tỉnh đã yêu cầu các sở …" reports a request
        if toks[k].low in _DATE_LEADS:
            reported = _dated_request(toks, k, text)
            if reported is not None:
                _assigned(clause, toks, reported, text, light=light)
    elif opener is not None and _assigned(clause, toks, opener, text, light=light):
        pass
    elif _seq(toks, k, ("chủ", "trì")) > 0:
        clause.role, clause.cue = "lead", "chu_tri"
        if not light:
            _after_lead(clause, toks, k + 2)
    elif _seq(toks, _skip_modals(toks, k), ("phối", "hợp")) > 0:
        # (after a modal: "- Chủ động phối hợp với UBND xã Văn Bàn tổ chức …")
        k = _skip_modals(toks, k)
        clause.role, clause.cue = "coordinate", "phoi_hop"
        if not light:
            clause.partners, after = _after_phoi_hop(toks, k + 2, text)
            clause.note = _tail(text, toks, after if clause.partners else k + 2)
    else:
        start = skip_titles(toks, k)
        mentions, after = match_list(toks, start, text)
        province = province_subject(toks, start, text) if not mentions else None
        if province is not None:
            mentions, after = [province], province.tok_end  # "Nam Định cần nâng cấp hạ tầng …"
        if mentions and start > k:
            after = persons_name_end(toks, after)  # "Chủ tịch UBND tỉnh Nguyễn Văn A giao …"
        predicate = _predicate_ok(toks, after) if mentions else -1
        dealt = _dealt_with(toks, k, text) if predicate < 0 else None
        if dealt is not None:
            # "Đối với Sở Y tế: khẩn trương rà soát …": the agency the part is about does it
            mentions, predicate = dealt
            after = predicate
        elif predicate < 0 and toks[k].low in _ADVERBIAL_STARTS:
            # "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan … báo cáo …"
            opened = _first_opener(toks, k + 1, min(len(toks), k + 90))
            for comma in (i for i in range(k + 1, min(len(toks), k + 90)) if toks[i].text in (",", ":")):
                if opened < comma:
                    # "Trước đề xuất trên, ngày 28/5, UBND TP đã có công văn giao Sở GTVT chủ trì
                    # phối hợp với các sở …, Tổng Công ty …": the subject is past; the partners
                    # after a later comma are no subject
                    break
                after_comma = comma + 1
                if after_comma < len(toks) and toks[after_comma].text in ("…", "..."):
                    after_comma += 1  # "… điều hành,…các cơ quan, ban ngành, địa phương cần …"
                linked = _any_seq(toks, after_comma, _LINKERS)
                start = skip_titles(toks, linked if linked > 0 else after_comma)
                mentions, after = match_list(toks, start, text)
                predicate = _predicate_ok(toks, after) if mentions else -1
                if predicate >= 0 or (mentions and _reported_request(toks, after) is not None):
                    break  # (or "Ngày 25-5, UBND tỉnh đã yêu cầu …": a request reported)
                # "Đối với …, ông chỉ đạo các sở, ngành …": a person who directs, then the opener
                # "Theo đó, giao Sở X …": the opener right after the comma
                person = _skip_person(toks, after_comma)
                at = person if person > after_comma else (linked if linked > 0 else after_comma)
                opener_after = _opener(toks, at) if at < len(toks) else None
                if opener_after is not None and _assigned(clause, toks, opener_after, text, light=light):
                    break
        said = mentions and predicate >= 0 and _any_seq(toks, predicate, _NOT_DUTY) > 0
        if (predicate < 0 and not clause.subjects) or said:
            # (after a speaker: "Chủ tịch UBND tỉnh nhấn mạnh: …, do đó các cấp, các ngành cần …")
            linked_subject = _linked_subject(toks, predicate if said else k, text)
            if linked_subject is not None:
                mentions, after, predicate = linked_subject
        reported = _reported_request(toks, after) if mentions else None
        if clause.subjects or (mentions and _letter_sent_to(toks, after)):
            pass
        elif reported is not None:
            # "Sở X đã đề nghị các sở, ngành cung cấp thông tin …": the request is reported
            if _assigned(clause, toks, reported, text, light=light):
                clause.requested_by = mentions
        elif mentions and predicate < 0 and after < len(toks) and _any_seq(toks, after, _NOT_DUTY) > 0:
            clause.no_duty = True  # "Đoàn kiểm tra được sử dụng con dấu …": a right, no duty
        elif mentions and predicate >= 0:
            if (
                _any_seq(toks, predicate, _NOT_DUTY) > 0
                and _any_seq(toks, predicate, _DUTY_AFTER_SUBJECT) < 0
            ) or _ANSWERABLE_IF_RE.match(text, toks[predicate].start):
                # "X ban hành …", "X đã …", "X chủ trì cuộc họp", "X phải chịu trách nhiệm trước
                # Chủ tịch UBND tỉnh nếu để xảy ra vi phạm": no duty
                clause.no_duty = True
            elif (
                (inner := _opener(toks, _after_politeness(toks, predicate))) is not None
                and (not _directs_own_units(toks, predicate, mentions))
                and (
                    _giao(clause, toks, inner[1], light=light)
                    or (inner[0] == "de_nghi" and _assigned(clause, toks, inner, text, light=light))
                    # "… đề nghị quý Sở …": to its addressee, never to the author
                    or (inner[1] < len(toks) and toks[inner[1]].low == "quý")
                )
            ):
                pass  # "Ủy ban nhân dân tỉnh giao / yêu cầu Thủ trưởng các sở …": the assigner is no subject
            elif (
                inner is not None
                and _asks(toks, _after_politeness(toks, predicate))
                and _one_council(mentions)
            ):
                # "UBND tỉnh yêu cầu toàn thể cán bộ, công chức …": the author asks people, not
                # agencies; it is no assignee of its own request
                clause.no_duty = True
            else:
                clause.subjects, clause.cue = mentions, "subject"
                role_at = _skip_modals(toks, _past_duties_formula(toks, predicate))
                if _seq(toks, role_at, ("chủ", "trì")) > 0:
                    clause.role = "lead"
                    if not light:
                        _after_lead(clause, toks, role_at + 2)
                elif _seq(toks, role_at, ("phối", "hợp")) > 0:
                    clause.role = "coordinate"
                    if not light:
                        clause.partners, after2 = _after_phoi_hop(toks, role_at + 2, text)
                        clause.note = _tail(text, toks, after2)
                else:
                    clause.role = "report" if _only_reports(toks, predicate) else "lead"
                    if not light and clause.role == "lead":
                        # "Sở Nội vụ làm chủ nhiệm đề án, phối hợp các sở, ngành …": its partners
                        partnered = [
                            i
                            for i in range(predicate, len(toks) - 2)
                            if toks[i].text == "," and _seq(toks, i + 1, ("phối", "hợp")) > 0
                        ]
                        if partnered:
                            _after_lead(clause, toks, partnered[0])
                if not light and clause.role == "lead":
                    _split_marked_roles(clause, toks)
    if light:
        return clause
    addressed = _ADDRESSED_RE.search(text)
    if addressed:
        clause.addressed = True
        if addressed["who"]:  # not "quý Sở", "quý Bộ": a body the letter names elsewhere
            who = addressed.start("who") - len("quý "), addressed.end("who")
            clause.addressee = Mention(text[who[0] : who[1]], who[0], who[1], 0, 0, "generic")
    _inner_roles(clause, toks, k)
    clause.report = find_report(text, toks)
    clause.deadline = first_deadline(text)
    return clause


def _inner_roles(clause: Clause, toks: list[Tok], k: int) -> None:
    """ "giao X chủ trì", "do X chủ trì", recipients ("tham mưu X", "trình X") and proposers."""
    text = clause.text
    n = len(toks)
    i = k + 1
    own_end = n  # where the clause's own opener, found here, ends
    asked_end = -1  # where the last bodies asked here end ("… yêu cầu UBND tỉnh …")
    while i < n:
        low = toks[i].low
        opener = _opener(toks, i) if toks[i - 1].low not in _NOT_BEFORE_OPENER else None
        if opener is not None and _seq(toks, opener[1], ("của",)) < 0:
            mentions, after = _request_subjects(toks, opener[1], text)
            if mentions and clause.cue is None and not clause.subjects and not clause.no_duty:
                # "Chủ tịch chỉ đạo: Giao cho Sở X phối hợp với …": the clause's own opener, read
                # after whoever speaks
                if _assigned(clause, toks, opener, text, light=False):
                    clause.requested_by = _requester(toks, i, opener, text)
                i = own_end = max(after, i + 1)
                continue
            directs = _seq(toks, i, ("chỉ", "đạo")) > 0
            if mentions and directs and (clause.cue == "subject" or 0 <= i - asked_end <= 3):
                # "Thủ trưởng các sở … phối hợp với …; chỉ đạo các đơn vị trực thuộc …", "… yêu cầu
                # UBND tỉnh tăng cường chỉ đạo các ngành, các cấp …": whom the subject (or the body
                # just asked) directs, not bodies the author assigns
                i = after
                continue
            beside = (
                bool(clause.subjects) and toks[i - 1].low == "và" and clause.subjects[-1].tok_end == i - 1
            )
            named = {m.start for m in clause.subjects}
            if mentions and all(m.start in named for m in mentions):
                # "… đề nghị, trong quý II, Tổ Công tác … phối hợp …": the subject already read
                i = max(after, i + 1)
                continue
            if mentions and (clause.cue not in ("giao", "de_nghi") or i >= own_end or beside):
                # "… giao Giám đốc Sở, … và đề nghị Ủy ban MTTQ …": a second opener beside the first
                if _only_reports(toks, after):  # "… đề nghị các sở cung cấp thông tin về …"
                    clause.extra_reporters.extend(mentions)
                    i = after
                    continue
                clause.extra_leads.extend(mentions)
                stop = _seq(toks, after, ("chủ", "trì"))
                i = _inner_coordinators(clause, toks, stop, mentions[0]) if stop > 0 else after
                asked_end = after
                continue
        elif low == "do":
            mentions, after = match_list(toks, i + 1, text)
            stop = _seq(toks, after, ("chủ", "trì"))
            if mentions and stop > 0:
                clause.extra_leads.extend(mentions)
                i = _inner_coordinators(clause, toks, stop, mentions[0])
                continue
            if mentions and clause.cue is None and _agent_does(toks, after):
                clause.extra_leads.extend(mentions)  # "Xe ô tô do Văn phòng Sở bố trí."
                i = after
                continue
        elif low in ("gửi", "gởi") and clause.cue is None and not clause.subjects:
            # "… vừa ký văn bản gởi các Sở Nội vụ, Tài chính … yêu cầu rà soát …": the addressees
            # are the ones asked, when the request names no one else
            mentions, after = match_list(toks, i + 1, text)
            if after + 1 < len(toks) and toks[after].text == ",":
                after += 1  # "… gửi các Sở …, Sở Nội vụ và UBND huyện Tuy Phong, yêu cầu kiểm điểm …"
            asked = _opener(toks, after) if mentions and after < len(toks) else None
            if asked is not None and asked[0] == "de_nghi" and not match_list(toks, asked[1], text)[0]:
                clause.subjects, clause.role, clause.cue = mentions, "lead", "de_nghi"
                clause.no_duty = False  # "X vừa ký văn bản gởi …": X did something, the addressees are asked
                if _only_reports(toks, asked[1]):
                    clause.role = "report"
                i = asked[1]
                continue
            i += 1
            continue
        elif low in ("trình", "mưu"):
            j = i + 1
            if j < n and toks[j].low == "cho":
                j += 1
            mentions, after = match_list(toks, j, text)
            if mentions:
                clause.recipients.extend(mentions)
                i = after
                continue
        elif low == "nghị" and toks[i - 1].low == "đề" and i + 1 < n and toks[i + 1].low == "của":
            mentions, after = match_list(toks, skip_titles(toks, i + 2), text)
            clause.proposers.extend(mentions)
            i = max(after, i + 1)
            continue
        i += 1


def _after_role_adverbial(toks: list[Tok], k: int) -> int:
    """Past an adverbial before a subjectless role word: "- Theo chức năng, nhiệm vụ và phạm vi
    quản lý nhà nước được giao, chủ trì, phối hợp với Bộ Kế hoạch và Đầu tư …" reads from
    "chủ trì". ``k`` when the clause does not open so."""
    if k >= len(toks) or toks[k].low not in _ADVERBIAL_STARTS:
        return k
    for i in range(k + 1, min(len(toks) - 2, k + 40)):
        if toks[i].text == "," and _any_seq(toks, i + 1, _ROLE_WORDS) > 0:
            return i + 1
        if match_agency(toks, i) is not None:
            return k  # "Theo đề nghị của Sở X, …": an agency first
    return k


_ROLE_WORDS = (("chủ", "trì"), ("phối", "hợp"))
_ROLE_AFTER_COMMA_RE = re.compile(r",\s*(?:chủ trì|phối hợp)\b", re.IGNORECASE)


def _asks(toks: list[Tok], k: int) -> bool:
    """ "yêu cầu" or "đề nghị" at ``k`` (not "chỉ đạo": a committee directs its own units)."""
    return _seq(toks, k, ("yêu", "cầu")) > 0 or _seq(toks, k, ("đề", "nghị")) > 0


def _one_council(mentions: list[Mention]) -> bool:
    """A single people's committee ("UBND tỉnh"), not the committees of a level ("UBND các
    huyện", "Ủy ban nhân dân cấp xã")."""
    if len(mentions) != 1 or mentions[0].kind != "agency":
        return False
    name = f" {fold(mentions[0].name)} "
    return name.startswith((" uy ban nhan dan", " ubnd")) and " cac " not in name and " cap " not in name


def _directs_own_units(toks: list[Tok], predicate: int, subjects: list[Mention]) -> bool:
    """ "UBND các huyện, thành phố chỉ đạo các phòng, ban, đơn vị trực thuộc …", "Sở Y tế chỉ đạo
    Trung tâm …", "UBND các huyện, thị xã, thành phố giao Phòng Văn hóa và Thông tin là đầu mối …":
    bodies below the author directing their own units do the work themselves (the author's
    council or leader directing others is an assignment of those others)."""
    directs = _seq(toks, predicate, ("chỉ", "đạo")) > 0
    if not directs and _seq(toks, predicate, ("giao",)) < 0:
        return False
    names = [f" {fold(m.name)} " for m in subjects]
    # (a ministry directing too: "Bộ Quốc phòng, Bộ Công an chỉ đạo các đơn vị, lực lượng tại chỗ …";
    # "giao" only for groups: "Bộ Chính trị giao Đảng đoàn Quốc hội …" assigns the delegation)
    heads = (" so ", " bo ") if directs else ()
    return all(" cac " in name or name.startswith(heads) for name in names)


def _first_opener(toks: list[Tok], start: int, end: int) -> int:
    """Where the first assigning opener followed by an agency stands between ``start`` and
    ``end`` (``end`` when none does)."""
    for i in range(start, end):
        if toks[i - 1].low in _NOT_BEFORE_OPENER:
            continue
        opener = _opener(toks, i)
        if opener is not None and opener[1] < len(toks) and match_agency(toks, skip_titles(toks, opener[1])):
            return i
    return end


def _agent_does(toks: list[Tok], j: int) -> bool:
    """Whether the words after "do X" say what X is to do ("… do Thanh tra tỉnh thực hiện"),
    not what X did or issued ("do UBND tỉnh ban hành") or a cause ("do Sở X chậm …")."""
    if j >= len(toks) or not toks[j].is_word or toks[j].cap:
        return False
    if _any_seq(toks, j, _NOT_DUTY) > 0 or _any_seq(toks, j, _AGENT_NOT_DUTY) > 0:
        return False
    # The predicate of its sentence ("Việc kiểm tra do Thanh tra tỉnh thực hiện."), not a
    # relative clause before the sentence's own verb ("Thẩm định dự toán do Sở X xây dựng, tham
    # mưu trình …": the estimate X drew up, no duty of X)
    # ("… (trừ các trường hợp do thủ trưởng cơ quan, đơn vị quyết định)": an aside, no predicate)
    end = next((i for i in range(j, len(toks)) if toks[i].text in (".", ";", ",", "(", ")")), len(toks))
    return end - j <= 4 and (end == len(toks) or toks[end].text in (".", ";"))


def _inner_coordinators(clause: Clause, toks: list[Tok], j: int, lead: Mention) -> int:
    """After "do X chủ trì" / "giao X chủ trì" inside a clause: ", Y phối hợp" or ", phối
    hợp với Y" — Y coordinates with X. Returns the index to read on from."""
    inner = Clause(text=clause.text, line=clause.line)
    _after_lead(inner, toks, j)
    for mention in inner.coordinators:
        clause.extra_coordinators.append((mention, lead))
    if inner.coordinators:
        return max(j, inner.coordinators[-1].tok_end)
    return j


def find_report(text: str, toks: list[Tok] | None = None) -> Report | None:
    """A reporting duty in a clause: its text as printed (from "tổng hợp", "kịp thời" or
    "gửi X" before "báo cáo" to the recipient after it), recipient, intermediary, frequency."""
    m = _REPORT_RE.search(text)
    if not m:
        return None
    toks = toks if toks is not None else tokenize(text)
    index = next((i for i, t in enumerate(toks) if t.start >= m.start()), None)
    if index is None:
        return None
    start_tok = index
    j = index - 1
    while j >= 0 and toks[j].low in _REPORT_LEAD_WORDS:
        j -= 1
    lead_start = j + 1
    while lead_start < index and toks[lead_start].low in (",", "và", "để"):
        lead_start += 1
    start_tok = lead_start
    via: Mention | None = None
    # "gửi Sở X (để) tổng hợp, báo cáo …"
    for g in range(max(0, lead_start - 30), lead_start):
        if toks[g].low == "gửi":
            mentions, after = match_list(toks, g + 1, text)
            between = toks[after:lead_start] if mentions else []
            if (
                mentions
                and after <= lead_start
                and len(between) <= 12
                and not any(t.text == ";" for t in between)
            ):
                via = mentions[0]
                start_tok = g
                break
    # the recipient: the first agency after "báo cáo", within the clause
    to: Mention | None = None
    end = len(text)
    stop_chars = [pos for pos in (text.find(";", m.end()), text.find(". ", m.end())) if pos >= 0]
    limit = min(stop_chars) if stop_chars else len(text)
    k = index + 2
    while k < len(toks) and toks[k].start < limit:
        if toks[k].is_word and (toks[k].cap or toks[k].low == "các"):
            mentions, after = match_list(toks, skip_titles(toks, k), text)
            if mentions and mentions[0].kind != "generic":
                to = mentions[0]
                end = mentions[0].end
                break
        k += 1
    if to is None:
        end = limit
    elif via is None:
        # "báo cáo Ủy ban nhân dân tỉnh (qua Sở Kế hoạch và Đầu tư)": the report goes through B
        through = re.match(r"\s*\(?\s*(?:thông\s+)?qua\s+", text[to.end : limit])
        if through:
            rest_at = to.end + through.end()
            rest = text[rest_at:limit]
            named, _after = match_list(tokenize(rest), 0, rest)
            if named:
                via = Mention(
                    named[0].name, rest_at + named[0].start, rest_at + named[0].end, 0, 0, named[0].kind
                )
                end = via.end + (1 if text[via.end : via.end + 1] == ")" else 0)
    span = clean(text[toks[start_tok].start : end]).rstrip(" .,;:/")
    if span and span[0].isupper() and not (via is not None and span.startswith(via.name)):
        first_word = span.split(" ", 1)[0]
        if first_word.lower() in ("kịp", "tổng", "định", "gửi", "báo", "thường", "hằng", "hàng"):
            span = span[0].lower() + span[1:]
    frequency = None
    for deadline in find_deadlines(text):
        if deadline.kind == "annual":
            frequency = "annual"
        elif deadline.kind == "recurring":
            frequency = deadline.every
        if frequency:
            break
    if frequency is None:
        lowered = span.lower()
        if "kịp thời" in lowered or "khi có" in lowered or "đột xuất" in lowered:
            frequency = "ad_hoc"
        elif "định kỳ" in lowered:
            frequency = "periodic"
    what = None
    if to is not None:
        after_text = text[to.end : limit]
        after_clean = clean(after_text).strip(" .,;:/")
        middle = clean(text[m.end() : to.start])
        middle = re.sub(
            r"^(?:,?\s*phản ánh\s*)|(?:\s*(?:định kỳ|h[ằà]ng năm|h[ằà]ng quý|kịp thời)\s*)"
            r"|\s*(?:về|cho|lên|đến|tới)$",
            " ",
            middle,
            flags=re.IGNORECASE,
        )
        middle = clean(middle).strip(" ,")
        if len(middle.split()) >= 2:
            what = middle
        elif (
            after_clean
            and len(after_clean.split()) <= 15
            and not after_clean.lower().startswith(("để", "xem"))
        ):
            what = after_clean
        if what:
            found = find_deadlines(what)
            if found:
                cut = what.find(found[0].text)
                what = what[:cut].strip(" ,.;") if cut >= 0 else what  # nothing but a deadline: None
            what = what or None
    due = next(
        (
            d
            for d in find_deadlines(text[m.start() : limit])
            if d.kind != "recurring" and d.display() != "hằng năm"
        ),
        None,
    )
    return Report(span, to=to, via=via, frequency=frequency, what=what, deadline=due)


_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences: a full stop followed by a capital letter."""
    out: list[str] = []
    buffer = ""
    for piece in _SENTENCE_END_RE.split(text):
        if (
            buffer
            and piece[:1].isupper()
            and not re.search(r"\b(?:TP|v\.v|tr|Tr|St|ThS|TS|PGS|GS)\.$", buffer)
        ):
            out.append(buffer)
            buffer = piece
        else:
            buffer = f"{buffer} {piece}" if buffer else piece
    if buffer:
        out.append(buffer)
    return [s.strip() for s in out if s.strip()]


def split_sentence_clauses(text: str) -> list[list[str]]:
    """The clauses of a paragraph, sentence by sentence (see ``split_clauses``)."""
    out: list[list[str]] = []
    for sentence in split_sentences(text):
        clauses: list[str] = []
        pieces = sentence.split(";")
        current = pieces[0]
        for piece in pieces[1:]:
            if piece.strip() and starts_with_role(piece.strip()) and not _open_list(current):
                clauses.append(current.strip())
                current = piece
            else:
                current = f"{current};{piece}"
        if current.strip():
            clauses.append(current.strip())
        clauses = [piece for clause in clauses for piece in _split_at_contrast(clause)]
        if clauses:
            out.append(clauses)
    return out


# "Công an tỉnh bảo đảm an toàn thông tin, trong khi Sở KH-CN chủ trì thúc đẩy …": a second
# subject with its own role after a contrasting conjunction; "UBND tỉnh có văn bản cho biết, Chủ
# tịch UBND tỉnh đã giao Thanh tra tỉnh …": the direction a reply reports.
_CONTRAST_RE = re.compile(r",\s+(?=(?:trong khi|còn)\s)|(?<=cho biết)\s*[,:]\s+", re.IGNORECASE)


def _split_at_contrast(clause: str) -> list[str]:
    parts = _CONTRAST_RE.split(clause)
    out = [parts[0]]
    for part in parts[1:]:
        if starts_with_role(part):
            out.append(part)
        else:
            out[-1] = f"{out[-1]}, {part}"
    return out


def _open_request(text: str) -> bool:
    """Whether ``text`` is an assigning opener and agencies only, the list going on after the
    ";" ("Giao các sở, ngành tỉnh; Ủy ban nhân dân các huyện; các Ban QLDA … báo cáo …")."""
    toks = tokenize(text)
    k = _skip_connectors(toks)
    opener = _opener(toks, k) if k < len(toks) else None
    if opener is None:
        return False
    mentions, after = _request_subjects(toks, opener[1], text)
    return bool(mentions) and all(not t.is_word for t in toks[after:])


def _open_list(text: str) -> bool:
    """Whether ``text`` ends in a list of agencies that goes on after the ";": an opener's
    ("Giao các sở, ngành tỉnh; Ủy ban nhân dân các huyện; …") or partners' ("giao Sở Xây dựng
    chủ trì …; phối hợp Sở Khoa học và Công nghệ; Viễn thông Đồng Nai; Ủy ban nhân dân cấp xã
    và các đơn vị liên quan thực hiện …")."""
    if _open_request(text) or _open_subjects(text):
        return True
    text += ";"  # a name the reader does not know ends at a ";"
    toks = tokenize(text)
    starts = [j for j in range(len(toks) - 1) if (toks[j].low, toks[j + 1].low) == ("phối", "hợp")]
    if not starts:
        return False
    mentions, after = _after_phoi_hop(toks, starts[-1] + 2, text)
    return bool(mentions) and all(not t.is_word for t in toks[after:])


def _open_subjects(text: str) -> bool:
    """Whether ``text`` is only agencies, at its start or after an adverbial and its comma:
    the sentence's subjects, listed on after the ";" ("Trong năm 2022, các bộ, ngành; các cấp
    chính quyền địa phương; các tập đoàn … hoàn thành …")."""
    toks = tokenize(text)
    k = _skip_connectors(toks)
    starts = [k]
    if k < len(toks) and toks[k].low in _ADVERBIAL_STARTS:
        starts.extend(i + 1 for i in range(k + 1, len(toks)) if toks[i].text == ",")
    for start in starts:
        mentions, after = match_list(toks, skip_titles(toks, start), text)
        if mentions and all(not t.is_word for t in toks[after:]):
            return True
    return False


def split_clauses(text: str) -> list[str]:
    """Clauses of a paragraph: its sentences, cut again at ";" where a piece opens a role."""
    return [clause for sentence in split_sentence_clauses(text) for clause in sentence]
