"""Stage: duties — walk the items of each part that is read for duties and read their
clauses (``duties.analyse_clause``) into ``Duty`` records: who leads, who coordinates, who
reports, with deadlines and reporting duties."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from khcn.core.text import fold
from khcn.plans.parser import errors
from khcn.plans.parser.agencies import (
    Mention,
    find_mentions,
    match_list,
    skip_titles,
    titled,
    tokenize,
    written_out,
)
from khcn.plans.parser.deadlines import labelled_deadline
from khcn.plans.parser.duties import (
    Clause,
    Report,
    analyse_clause,
    is_closing_formula,
    is_execution,
    split_clauses,
    split_sentence_clauses,
    split_sentences,
)
from khcn.plans.parser.header import LEAD_IN_RE
from khcn.plans.parser.lexicon import BARE_COUNCILS
from khcn.plans.parser.model import (
    Deadline,
    ParseWarning,
    ReportingDuty,
    Section,
)
from khcn.plans.parser.model import Message as _  # translated now, and again for each reader
from khcn.plans.parser.outline import BULLETS, is_bullet
from khcn.plans.parser.rules import NOT_ASSIGNING_HEADINGS
from khcn.plans.parser.state import Document, Duty, ParseState
from khcn.plans.parser.structure import has_facts

logger = logging.getLogger(__name__)


def assignment_path(node: Section, state: ParseState) -> str:
    while node.style in BULLETS and id(node) in state.parents:
        node = state.parents[id(node)]
    return node.path


def owner_texts(owner: Section) -> list[tuple[str, int]]:
    texts: list[tuple[str, int]] = []
    rest = getattr(owner, "owner_rest", "")
    if rest:
        texts.append((rest, owner.line))
    texts.extend(zip(owner.body, owner.body_lines or [owner.line] * len(owner.body), strict=False))
    for child in owner.children:
        if child.source != "text" or child.agencies:
            continue
        if child.heading:
            texts.append((child.heading, child.line))
        for sub in child.walk()[1:]:
            if sub.heading and not sub.agencies:
                texts.append((sub.heading, sub.line))
        texts.extend(zip(child.body, child.body_lines or [child.line] * len(child.body), strict=False))
    return texts


def _owner_default(owner: Section) -> tuple[str, list[Mention]]:
    """The role of the item's agencies in clauses with no cue: "coordinate" when the item
    opens with "Phối hợp với X" (X the lead), else "lead"."""
    for text, line in owner_texts(owner):
        if split_clauses(text):
            return _text_default(text, line)
    return "lead", []


def _text_default(text: str, line: int, *, point: bool = False) -> tuple[str, list[Mention]]:
    """ "coordinate" (with the lead) when ``text`` opens with "Phối hợp với X", else "lead". A
    lettered ``point`` whose coordination goes on with the body's own tasks ("c) Phối hợp với các
    sở … triển khai …. Chủ động cung cấp thông tin …") is "lead": the body does the work (corpus
    README); an item's own text so written keeps "coordinate", as the seed plan reads it."""
    clauses = split_clauses(text)
    clause = analyse_clause(clauses[0], line) if clauses else None
    if clause is not None and clause.cue == "phoi_hop" and not clause.subjects:
        # (the rest of its first clause after a ";" too: "b) Chủ động phối hợp với Sở X … triển
        # khai kết nối …; thúc đẩy hải quan điện tử …")
        pieces = [p for p in clauses[0].split(";")[1:] if p.strip()] + clauses[1:] if point else []
        more = [analyse_clause(c, line, light=True) for c in pieces]
        if any(c.cue is None and not c.subjects and not c.no_duty for c in more):
            return "lead", []
        return "coordinate", clause.partners
    return "lead", []


def _read_duties(roots: list[Section], parts: dict[int, str], state: ParseState) -> None:
    for root in roots:
        kind = parts[id(root)]
        if kind == "purpose":
            continue
        _walk_duties(root, None, state, kind)
        for node in root.walk():
            if node.closing:
                _closing_duties(node, state)


def _walk_duties(node: Section, owner: Section | None, state: ParseState, kind: str) -> None:
    if fold(node.heading or "").startswith(_NOT_ASSIGNING):
        return  # "Danh nghĩa tổ chức:", "Thành phần:": agencies named, none assigned
    if node.source == "table_row" and not node.agencies and node.heading:
        # A table with no agency column ("TT | Nội dung | Ngày chậm nhất"): the agencies the
        # row's text names ("… Thường trực HĐND các cấp dự kiến cơ cấu …"), with its deadline.
        _paragraph(node.heading, node.line, assignment_path(node, state), node, state, ("lead", []))
    if node.source in ("table_row", "table_group"):
        for child in node.children:
            _walk_duties(child, owner, state, kind)
        return
    if node.agencies:
        owner = node
        _owner_duties(node, state)
    elif owner is None:
        path = assignment_path(node, state)
        units: list[tuple[str, int]] = []
        if node.heading and node.style not in ("appendix",):
            units.append((node.heading, node.line))
        units.extend(zip(node.body, node.body_lines or [node.line] * len(node.body), strict=False))
        bullet = node.style in BULLETS
        # in the order of the text: a lead-in's bullets (its children) before the lines after them
        children = sorted(node.children, key=lambda c: c.line)
        # an item's heading over its own points under a lead-in ("1. Nâng cao nhận thức …" over
        # a), b)) groups them: the lead-in's doers are at the points, as at an agency's item's
        grouping = bool(state.item_lead_in) and any(c.style not in BULLETS for c in children)
        lead_in: list[Mention] = []
        for index, (text, line) in enumerate(units):
            while children and children[0].line < line:
                _walk_duties(children.pop(0), None, state, kind)
            bullet = bullet or is_bullet(text)
            before = len(state.duties)
            kept = state.item_lead_in
            if grouping and index == 0 and text is node.heading:
                state.item_lead_in = []
            _paragraph(text, line, path, None, state, ("lead", []), bullet=bullet)
            state.item_lead_in = kept
            bullet = False
            numbered = [c for c in children if c.style not in BULLETS]
            # (an article's: a programme's part that announces its tasks keeps its doers, as
            # the corpus reads them)
            council = fold(state.issuer or "").startswith("hoi dong nhan dan")
            # (elsewhere the sentence must announce tasks: "… thực hiện các nhiệm vụ sau đây:", not
            # "… xem xét các báo cáo sau đây:")
            lead_in_words = _ITEM_LEAD_IN_RE.search(text)
            tasks = node.style == "article" or council or _TASKS_ANNOUNCED_RE.search(text)
            announces = (
                (lead_in_words and tasks)
                or _asks_over_points(text)  # "… trân trọng đề nghị Bộ Xây dựng:" over (i), (ii)
                # an item's heading that asks its doers to carry out what its points list ("2. Yêu
                # cầu các cấp uỷ, … trong quá trình triển khai các nhiệm vụ, giải pháp cần …" over
                # 2.1–2.6)
                or (text is node.heading and not node.body and _REQUEST_OPENER_RE.match(text))
            )
            if index == len(units) - 1 and numbered and announces:
                # "Điều 2. HĐND tỉnh yêu cầu UBND tỉnh thực hiện một số nhiệm vụ sau:" then "1.
                # Chỉ đạo Sở X …", "2. Thực hiện công khai …": the points carry the duty of the
                # sentence that announces them, or of the last before it that names a doer ("… và
                # yêu cầu UBND tỉnh tăng cường chỉ đạo …. Cụ thể … cần thực hiện tốt các nhiệm vụ
                # sau:", a council's resolution)
                mine = []
                for sentence in reversed(split_sentences(text)):
                    mine = [d for d in state.duties[before:] if d.text and d.text.strip() in sentence]
                    if mine or not council:
                        break
                lead_in = [d.agency for d in mine if d.role == "lead"]
                if lead_in and len(lead_in) == len(mine):
                    state.duties[before:] = [d for d in state.duties[before:] if d not in mine]
                else:
                    lead_in = []
        outer = state.item_lead_in
        if lead_in:
            state.item_lead_in = lead_in
        for child in children:
            _walk_duties(child, None, state, kind)
        state.item_lead_in = outer
        return
    for child in node.children:
        if owner is not None and not child.agencies and child.source == "text":
            # read with the owner; an item under it headed by a body of its own ("2. Các sở, ban,
            # ngành: …" / "2.2. Trách nhiệm cụ thể" / "a) Sở Nông nghiệp và Môi trường") is that body's
            for headed in _headed_below(child):
                _walk_duties(headed, None, state, kind)
            continue
        _walk_duties(child, owner if child.source == "text" else None, state, kind)


def _headed_below(node: Section) -> list[Section]:
    """The items below ``node`` headed by a body of their own, the nearest ones only."""
    out: list[Section] = []
    for child in node.children:
        if child.source != "text":
            continue
        if child.agencies:
            out.append(child)
        else:
            out.extend(_headed_below(child))
    return out


def _unheaded(node: Section) -> list[Section]:
    """``node``'s items below it that no body of their own heads, nor any item above them."""
    out: list[Section] = []
    for child in node.children:
        if child.agencies:
            continue
        if not _introduces_bodies(child):
            out.append(child)
        out.extend(_unheaded(child))
    return out


def _introduces_bodies(node: Section) -> bool:
    """ "2.2. Trách nhiệm cụ thể" over items each headed by a body of its own: a heading, no duty."""
    points = [c for c in node.children if c.style not in BULLETS]
    return bool(points) and all(c.agencies for c in points)


def _owner_texts_by_path(owner: Section, state: ParseState) -> list[tuple[str, int, str]]:
    """The owner's texts with the path each is read at: a numbered or lettered item under it
    ("1. Các Bộ: …" / "a) Chủ trì xây dựng …") keeps its own path, a bullet its item's."""
    path = assignment_path(owner, state)
    out: list[tuple[str, int, str]] = []
    rest = getattr(owner, "owner_rest", "")
    if rest:
        out.append((rest, owner.line, path))
    listed = any(c.source == "text" and not c.agencies and c.style not in BULLETS for c in owner.children)
    out.extend(
        (t, n, path)
        for t, n in zip(owner.body, owner.body_lines or [owner.line] * len(owner.body), strict=False)
        # "Đoàn kiểm tra thực hiện nhiệm vụ …, trong đó tập trung:" over its numbered duties: it
        # announces them, it is not one more
        if not (listed and t.rstrip().endswith(":"))
    )
    for child in owner.children:
        if child.source != "text" or child.agencies:
            continue
        at = assignment_path(child, state)
        if child.heading and not _introduces_bodies(child):
            out.append((child.heading, child.line, at))
        for sub in _unheaded(child):
            if sub.heading:
                out.append((sub.heading, sub.line, assignment_path(sub, state)))
        out.extend(
            (t, n, at)
            for t, n in zip(child.body, child.body_lines or [child.line] * len(child.body), strict=False)
        )
    return out


def _owner_duties(owner: Section, state: ParseState) -> None:
    if is_execution(" ".join([owner.heading or ""] + [text for text, _ in owner_texts(owner)])):
        return  # "2. Chánh Văn phòng …; Giám đốc Sở …; … chịu trách nhiệm thi hành Quyết định này"
    path = assignment_path(owner, state)
    default = _owner_default(owner)
    before = len(state.duties)
    # a lettered point under the owner takes its role from its own first clause ("a) Phối hợp
    # với …" coordinates; "b) Định kỳ … báo cáo …" after it does not)
    defaults: dict[str, tuple[str, list[Mention]]] = {path: default}
    for text, line, at in _owner_texts_by_path(owner, state):
        if at not in defaults:
            defaults[at] = _text_default(text, line, point=True)
        _paragraph(text, line, at, owner, state, defaults[at])
    points = [assignment_path(c, state) for c in owner.children if c.style not in BULLETS]
    if points and (owner.heading or "").rstrip().endswith(":"):
        # "1. Bộ Tài chính chủ trì, phối hợp với các bộ, địa phương liên quan:" over a), b): the
        # partners its heading names work with it on each point, as the lead does
        joined = [
            d
            for d in state.duties[before:]
            if d.path == path and d.role == "coordinate" and d.line == owner.line
        ]
        for duty in joined:
            state.duties.remove(duty)
            state.duties.extend(replace(duty, path=point) for point in points)
    produced = {fold(d.agency.name) for d in state.duties[before:]}
    mentions: list[Mention] = getattr(owner, "owner_mentions", [])
    for mention in mentions:
        if _standing_body(mention, owner.heading):
            mention = _as_standing(mention)
        if fold(mention.name) not in produced:
            role, partners = default
            state.duties.append(
                Duty(
                    path,
                    mention,
                    role,
                    lead=partners[0].name if partners and role == "coordinate" else None,
                    line=owner.line,
                    source="heading",
                    owner=owner,
                )
            )
            if not owner.body and not owner.children and not getattr(owner, "owner_rest", ""):
                state.warn(
                    ParseWarning(
                        "no_duty_text",
                        _("Item %(path)s names %(agency)s but says nothing about its duties.")
                        % {"path": owner.path, "agency": mention.name},
                        where=owner.path,
                        line=owner.line,
                    )
                )


def _paragraph(
    text: str,
    line: int,
    path: str,
    owner: Section | None,
    state: ParseState,
    default: tuple[str, list[Mention]],
    *,
    bullet: bool = False,
) -> None:
    # A bullet under a lead-in that ends with ":" is an action of the lead-in's subjects.
    carry = state.list_subjects if bullet else None
    if not bullet:
        state.list_subjects = None
    closing = bool(_DOCUMENT_CLOSING_RE.match(text))
    if closing:
        # "Trên đây là Kế hoạch …. Yêu cầu các sở …": the document's closing words, printed in its
        # last item, belong to the part (its top-level item), not to the item
        path, owner, default = path.split(".")[0], None, ("lead", [])
    owner_mentions: list[Mention] = getattr(owner, "owner_mentions", []) if owner is not None else []
    for sentence in split_sentence_clauses(text):
        # (the paragraph that ends the text, "./.", is the closing one too)
        if is_closing_formula(sentence, closing=closing or text.rstrip().endswith("./.")):
            continue  # "Sở … yêu cầu các đơn vị … nghiêm túc thực hiện; đề nghị … phối hợp thực hiện./."
        carry = _sentence_duties(sentence, line, path, owner, state, default, carry, owner_mentions)
    if not bullet and carry is not None and text.rstrip().endswith(":"):
        state.list_subjects = carry


# (after a time or case adverbial: "Trong thời gian hoàn thiện việc rà soát, chỉ đạo các cơ quan …")
_DIRECTS_RE = re.compile(
    r"^\W*(?:(?:trong|trên|sau|khi|đối với|trường hợp)\b[^;:]{0,200}?,\s*)?chỉ đạo\b", re.IGNORECASE
)
# An item's text that announces its points: "… thực hiện một số nhiệm vụ, giải pháp sau:"
# An item's text that ends by naming whom the points under it ask: "… đề nghị Bộ Xây dựng:"
_ASKS_OVER_POINTS_RE = re.compile(r"\b(?:giao|đề nghị|yêu cầu)\s+(?P<who>[^.;:]{2,120}):\s*$", re.IGNORECASE)


def _asks_over_points(text: str) -> bool:
    """Whether ``text`` ends with an opener and only the bodies it asks before a colon ("…, Uỷ ban
    nhân dân tỉnh trân trọng đề nghị Bộ Xây dựng:"), not with what they are to do ("… được giao
    chủ động thực hiện các nhiệm vụ sau:")."""
    asked = _ASKS_OVER_POINTS_RE.search(text)
    if asked is None:
        return False
    who = asked["who"].rstrip()
    mentions = find_mentions(who)
    return bool(mentions) and mentions[0].start == 0 and mentions[-1].end == len(who)


_WITH_PARTNER_RE = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?\s+(?:với|cùng)\s+\w", re.IGNORECASE)
_TASKS_ANNOUNCED_RE = re.compile(
    r"\b(?:nhiệm vụ|nội dung|giải pháp|biện pháp|công việc|việc|hoạt động)\b[^.;:]*:\s*$", re.IGNORECASE
)
_REQUEST_OPENER_RE = re.compile(r"^\W*(?:yêu cầu|đề nghị)\s", re.IGNORECASE)
_ITEM_LEAD_IN_RE = re.compile(r"(?:như sau|sau đây|cụ thể(?: như sau)?|\bsau)\s*:\s*$", re.IGNORECASE)


def _sentence_duties(
    sentence: list[str],
    line: int,
    path: str,
    owner: Section | None,
    state: ParseState,
    default: tuple[str, list[Mention]],
    carry: tuple[list[Mention], str, list[Mention], bool] | None,
    owner_mentions: list[Mention],
) -> tuple[list[Mention], str, list[Mention], bool] | None:
    """The duties of one sentence's clauses; returns the subject carried to the next (with
    whether it was asked only to report)."""
    sentence_lead: list[Mention] = []
    chaired = False  # the sentence's lead was told to "chủ trì" by name ("giao Sở X chủ trì …")
    acting = False  # the last clause's own subject acts ("Thủ trưởng các sở … phối hợp với …")
    for clause_text in sentence:
        clause = analyse_clause(clause_text, line)
        if clause.execution:
            continue
        if acting and carry is not None and clause.cue == "de_nghi" and _DIRECTS_RE.match(clause_text):
            # "…; chỉ đạo các đơn vị trực thuộc thực hiện …": the same subject directs its units
            clause.subjects, clause.partners = [], []
        elif (
            (state.lead_in_subjects or state.item_lead_in or owner_mentions)
            and (owner is None or owner_mentions)
            and clause.cue == "de_nghi"
            and _DIRECTS_RE.match(clause_text)
        ):
            # "… đề nghị UBND các tỉnh …, cụ thể như sau: … a) Chỉ đạo Sở Y giám sát …": the
            # lead-in's subjects direct their department, which the document does not assign
            clause.subjects, clause.partners = [], []
        # the clause's subject acts: named as such, or given the duty ("UBND tỉnh giao Sở Y tế …;
        # chỉ đạo Trung tâm Y tế các huyện …": the department directs them)
        acting = bool(clause.subjects) and (
            clause.cue == "subject" or (clause.cue == "giao" and not _DIRECTS_RE.match(clause_text))
        )
        state.proposers.extend(m.name for m in clause.proposers)
        for mention in clause.recipients:
            state.recipients.append((mention, path))
        source = "sentence"
        own = all(_is_issuer(m.name, state.issuer) for m in clause.subjects)
        partners: list[Mention]
        if clause.addressed and state.addressees and own:
            subjects, role, partners = list(state.addressees), "lead", []
        elif clause.addressed and not state.addressees and clause.addressee is not None:
            # "Sở KH&CN kính gửi đến Quý cơ quan nghiên cứu, góp ý …" with no "Kính gửi" list: the
            # addressees as the letter calls them
            subjects, role, partners = [clause.addressee], "lead", []
        elif clause.subjects and (
            _owner_requires(clause, owner_mentions)
            or _third_partys_request(clause, state)
            or (clause.cue == "subject" and all(_province_leader(m, clause.text) for m in clause.subjects))
        ):
            # (what the owner requires of others; what a third body asked, told in a letter)
            subjects, role, partners = [], "lead", []
        elif clause.subjects:
            subjects, role, partners = clause.subjects, clause.role or "lead", clause.partners
            if state.unlabelled and state.named_before and all(_refers_back(m) for m in subjects):
                # "Ngày …, UBND tỉnh ban hành Công văn … chỉ đạo các sở, ban, ngành và UBND các
                # huyện … ¶ Theo đó, UBND tỉnh yêu cầu các đơn vị, địa phương …": the same bodies
                subjects = state.named_before
            carry = (subjects, "lead" if role == "report" else role, partners, role == "report")
        elif clause.no_duty:
            subjects, role, partners = [], "lead", []  # "X đã …", "X được sử dụng …": not the item's duty
        elif clause.cue == "phoi_hop" and chaired and clause.partners:
            # "giao Sở Xây dựng chủ trì …; phối hợp Sở Khoa học và Công nghệ; …": the lead's
            # partners, as after "chủ trì, phối hợp với"
            subjects, role, partners = clause.partners, "coordinate", sentence_lead
            _emit(path, subjects, role, partners, clause, source, owner, state, partner_leads=False)
            continue
        elif clause.cue in ("chu_tri", "phoi_hop") and not owner_mentions and carry is not None and carry[0]:
            # "Bộ Tài chính báo cáo …; trên cơ sở đó chủ trì, phối hợp với Bộ TN&MT …": the
            # sentence's subject goes on, now with this role
            subjects, role, partners = carry[0], clause.role or "lead", clause.partners
        elif clause.cue == "phoi_hop" and owner is None and state.lead_in_subjects and clause.partners:
            # "… đề nghị UBND các tỉnh …, cụ thể như sau: … b) Phối hợp với Bộ X …": the lead-in's
            # subjects work with X at this point
            subjects, role, partners = state.lead_in_subjects, "coordinate", clause.partners
        elif clause.cue in ("chu_tri", "phoi_hop"):
            subjects, role, partners = owner_mentions, clause.role or "lead", clause.partners
            source = "heading" if owner is not None else "sentence"
            if not owner_mentions and clause.cue == "chu_tri":
                state.warn(
                    ParseWarning(
                        "missing_subject",
                        _("A duty at %(path)s says “chủ trì” without naming who leads.") % {"path": path},
                        where=path,
                        line=line,
                    )
                )
        elif carry is not None:
            # (before an item's lead-in: "5. Các văn phòng tiếp tục …; tăng cường …" goes on with
            # the point's own subject)
            subjects, role, partners, reporting = carry
            if reporting and clause.report is not None and _REPORT_FOLLOW_UP_RE.match(clause.text):
                role = "report"  # "Giao A, B báo cáo … . Yêu cầu gửi báo cáo về Sở X trước ngày …"
        elif state.item_lead_in and owner is None and not clause.no_duty and clause.cue in (None, "de_nghi"):
            # a point under an item's lead-in that names no doer, or "Chỉ đạo Sở X …": the
            # lead-in's subjects do it
            subjects, role, partners = state.item_lead_in, "lead", []
        elif owner is not None:
            subjects, role, partners = owner_mentions, default[0], default[1]
            source = "heading"
        else:
            subjects, role, partners = [], "lead", []
        inherited = False
        if role == "coordinate" and clause.subjects and not partners and sentence_lead:
            # "Sở Y tế chủ trì; Sở Tài chính phối hợp.": the lead named before in the sentence
            partners, inherited = sentence_lead, True
        elif (
            role == "coordinate"
            and clause.subjects
            and not partners
            and clause.note
            and clause.cue in ("subject", "de_nghi")
            and owner is None
            and not _WITH_PARTNER_RE.search(clause.text)
        ):
            # "Các sở, ngành chủ động phối hợp thực hiện …" with no lead named in the sentence nor
            # any partner: working together, no one to help (not "… phối hợp với địa phương …":
            # a partner the parser names no body for)
            role = "lead"
            sentence_lead = subjects
        elif role == "lead" and subjects:
            sentence_lead = subjects
            chaired = bool(clause.subjects) and clause.cue != "chu_tri" and "chu tri" in fold(clause.text)
        emitted = len(state.duties)
        _emit(path, subjects, role, partners, clause, source, owner, state, partner_leads=not inherited)
        named = [
            d.agency for d in state.duties[emitted:] if d.role != "coordinate" and not _refers_back(d.agency)
        ]
        if state.unlabelled and named:
            state.named_before = named
    return carry


# A bare group that names no kind of body of its own, units and localities: in a later paragraph
# of a text without items, the departments and localities named before. ("các cơ quan, đơn vị"
# is left as printed: the corpus reads it as a group of its own.)
_REFERRING_GROUPS = frozenset(fold(name) for name in ("các đơn vị, địa phương", "các đơn vị"))


def _refers_back(mention: Mention) -> bool:
    return fold(mention.name) in _REFERRING_GROUPS


_OWNER_REQUIRES_RE = re.compile(r"^\W*(?:(?:và|đồng thời),?\s+)?(?:yêu cầu|chỉ đạo)\s+các\b", re.IGNORECASE)


def _owner_requires(clause: Clause, owner_mentions: list[Mention]) -> bool:
    """ "1. Sở Tài nguyên và Môi trường: … ; yêu cầu các đơn vị lắp đặt trạm cân …", "Chỉ đạo các
    phòng chuyên môn …": in an item headed by its agencies, "yêu cầu / chỉ đạo các …" is what the
    heading agency requires of those it manages, not the author's assignment."""
    return (
        bool(owner_mentions)
        and clause.cue == "de_nghi"
        and bool(_OWNER_REQUIRES_RE.match(clause.text))
        and all(m.kind == "generic" for m in clause.subjects)
    )


_NOT_ASSIGNING = tuple(fold(heading) for heading in NOT_ASSIGNING_HEADINGS)
_DOCUMENT_CLOSING_RE = re.compile(r"^\s*Trên đây là\b", re.IGNORECASE)
# A sentence with no subject that only says where and when the report goes.
_REPORT_FOLLOW_UP_RE = re.compile(
    r"^(?:yêu cầu\s+|đề nghị\s+)?(?:gửi\s+)?báo cáo(?:\s+(?:yêu cầu\s+)?gửi)?\s+(?:về|đến|cho)\b",
    re.IGNORECASE,
)


def _body_key(name: str) -> str:
    """A name compared with the issuer's, written out as the facts give the issuer."""
    return " ".join(fold(written_out(name)).split())


_STANDING_RE = re.compile(r"thường trực\s*$", re.IGNORECASE)


def _province_leader(mention: Mention, text: str) -> bool:
    """ "Chủ tịch UBND tỉnh thăm đồng …", "Phó Chủ tịch UBND Nguyễn Minh Quang kiểm tra …": the
    province's leader acting, as a copy tells it, is no body given a duty."""
    key = fold(mention.name)
    own = key in ("ubnd", "uy ban nhan dan") or key.startswith(_OWN_COUNCILS)
    return own and titled(text, mention)


# (a district's too: "Chủ tịch UBND huyện Tháp Mười khảo sát các công trình …")
_OWN_COUNCILS = ("ubnd tinh", "uy ban nhan dan tinh", "ubnd huyen", "uy ban nhan dan huyen")


def _third_partys_request(clause: Clause, state: ParseState) -> bool:
    """ "Cục Cảnh sát … đã có Văn bản số … đề nghị Cục Đăng kiểm ban hành …" in a letter: what
    another body asked, told as background; a copy's "UBND tỉnh đã yêu cầu …" is its author's."""
    by = clause.requested_by
    return state.headed and bool(by) and not any(_is_issuer(m.name, state.issuer) for m in by)


def _standing_body(mention: Mention, text: str) -> bool:
    """ "Giao Thường trực Hội đồng nhân dân tỉnh giám sát …" in the council's own resolution: its
    standing body, named by the title before the council's name, is not the issuer."""
    named_here = text[mention.start : mention.end] == mention.name
    return named_here and bool(_STANDING_RE.search(text[: mention.start]))


def _standing(subject: Mention, clause: Clause, owner: Section | None) -> Mention | None:
    """The issuer's standing body as the clause, or the item it heads ("1. Thường trực Hội đồng
    nhân dân tỉnh: / a) …"), names it: "Thường trực Hội đồng nhân dân tỉnh"; None if it is not."""
    heads = getattr(owner, "owner_mentions", []) if owner is not None else []
    heading = (
        owner is not None and any(m is subject for m in heads) and _standing_body(subject, owner.heading)
    )
    return _as_standing(subject) if heading or _standing_body(subject, clause.text) else None


def _as_standing(council: Mention) -> Mention:
    """The council named as its standing body ("Thường trực Hội đồng nhân dân tỉnh")."""
    return replace(council, name=f"Thường trực {council.name}")


def _is_issuer(name: str, issuer: str | None) -> bool:
    """Whether ``name`` is the document's own issuer ("UBND tỉnh" in a letter of the Ủy ban nhân
    dân tỉnh Hậu Giang): the issuer acting is not an assignment."""
    if not issuer:
        return False
    a, b = _body_key(name), _body_key(issuer)
    if b.startswith(a + " ") and a in BARE_COUNCILS:
        return True  # "Hội đồng nhân dân xem xét …" in the council's own resolution
    return a == b or (b.startswith(a + " ") and a.endswith(("tinh", "thanh pho", "huyen", "quan", "thi xa")))


def _reporting_duty(
    r: Report, reporters: list[Mention], path: str, line: int, state: ParseState
) -> ReportingDuty:
    """The reporting duty a clause gives its reporters, listed with the document's."""
    duty = ReportingDuty(
        section=path,
        text=r.text,
        reporters=[state.name(s, line) for s in reporters],
        to=state.name(r.to, line) if r.to else None,
        via=state.name(r.via, line) if r.via else None,
        frequency=r.frequency,
        what=r.what,
        deadline=r.deadline,
        line=line,
    )
    state.reports.append(duty)
    return duty


def _emit(
    path: str,
    subjects: list[Mention],
    role: str,
    partners: list[Mention],
    clause: Clause,
    source: str,
    owner: Section | None,
    state: ParseState,
    *,
    partner_leads: bool = True,
) -> None:
    # a body's standing members are named as such ("Đề nghị Thường trực Tỉnh ủy …"); the issuer
    # itself is no subject, its standing body is ("Giao Thường trực Hội đồng nhân dân tỉnh …")
    named = clause.text + (owner.heading if owner is not None else "")
    if "thường trực" in named.lower() or any(_is_issuer(s.name, state.issuer) for s in subjects):
        standing = [(s, _standing(s, clause, owner)) for s in subjects]
        subjects = [b or s for s, b in standing if b is not None or not _is_issuer(s.name, state.issuer)]
    report: ReportingDuty | None = None
    if clause.report is not None and subjects:
        report = _reporting_duty(clause.report, subjects, path, clause.line, state)
    partner_names = [state.name(p, clause.line) for p in partners]
    subject_keys = {fold(s.name) for s in subjects}
    for subject in subjects:
        state.duties.append(
            Duty(
                path,
                subject,
                role,
                lead=partner_names[0] if role == "coordinate" and partner_names else None,
                leads=partner_names if role == "coordinate" else [],
                text=clause.text,
                note=clause.note if role == "coordinate" and source == "sentence" else None,
                line=clause.line,
                source=source,
                report=report,
                deadline=clause.deadline,
                owner=owner,
            )
        )
    if role == "coordinate" and partner_leads:
        for partner in partners:
            if partner.kind == "generic" or fold(partner.name) in subject_keys:
                continue
            state.duties.append(
                Duty(
                    path,
                    partner,
                    "lead",
                    text=clause.text,
                    line=clause.line,
                    source="coordination",
                    deadline=clause.deadline,
                    owner=owner,
                )
            )
    lead_name = state.name(subjects[0], clause.line) if subjects else None
    for coordinator in clause.coordinators:
        if fold(coordinator.name) in subject_keys:
            continue
        state.duties.append(
            Duty(
                path,
                coordinator,
                "coordinate",
                lead=lead_name,
                leads=[lead_name] if lead_name else [],
                text=clause.text,
                note=clause.note,
                line=clause.line,
                source="sentence",
                deadline=clause.deadline,
                owner=owner,
            )
        )
    extras = [(m, "lead") for m in clause.extra_leads] + [(m, "report") for m in clause.extra_reporters]
    for extra, extra_role in extras:
        if _is_issuer(extra.name, state.issuer):
            continue  # "… do Ủy ban nhân dân tỉnh quyết định": the issuer acting
        if _third_partys_request(clause, state):
            continue
        state.duties.append(
            Duty(
                path,
                extra,
                extra_role,
                text=clause.text,
                line=clause.line,
                source="sentence",
                deadline=clause.deadline,
                owner=owner,
            )
        )
    for coordinator, lead in clause.extra_coordinators:
        name = state.name(lead, clause.line)
        state.duties.append(
            Duty(
                path,
                coordinator,
                "coordinate",
                lead=name,
                leads=[name],
                text=clause.text,
                line=clause.line,
                source="sentence",
                deadline=clause.deadline,
                owner=owner,
            )
        )


def _closing_duties(parent: Section, state: ParseState) -> None:
    """A part's closing paragraph: its agencies report (or lead, if it asks no report)."""
    path = f"{parent.path} (closing paragraph)"
    for text, line in zip(
        parent.closing, parent.closing_lines or [parent.line] * len(parent.closing), strict=False
    ):
        subjects: list[Mention] = []
        reports: list[ReportingDuty] = []
        deadline: Deadline | None = None
        carry: list[Mention] = []
        for clause_text in split_clauses(text):
            clause = analyse_clause(clause_text, line)
            if clause.execution:
                continue
            for mention in clause.recipients:
                state.recipients.append((mention, path))
            if clause.subjects:
                carry = clause.subjects
                subjects.extend(
                    m for m in clause.subjects if fold(m.name) not in {fold(s.name) for s in subjects}
                )
            deadline = deadline or clause.deadline
            if clause.report is not None and carry:
                reports.append(_reporting_duty(clause.report, carry, path, line, state))
        role = "report" if reports else "lead"
        for subject in subjects:
            state.duties.append(
                Duty(
                    path,
                    subject,
                    role,
                    text=text,
                    line=line,
                    source="closing",
                    report=reports[0] if reports else None,
                    deadline=deadline,
                )
            )


_PREAMBLE_DUTY_RE = re.compile(r"\b(?:yêu cầu|giao|đề nghị)\s+(?!của\b)\S", re.IGNORECASE)
# "… vừa ban hành Công văn số 1974/UBND-KGVX chỉ đạo các sở, ngành … báo cáo …; cụ thể:", read
# before any "về việc" (a subject: "về việc tập trung chỉ đạo các xã …")
_PREAMBLE_DIRECTS_RE = re.compile(r"\w\W+chỉ đạo\s+(?!của\b)\S", re.IGNORECASE)  # not a headline's first word
_LEADS_ITEMS_RE = re.compile(r"\w\s+chủ trì\b[^.;]*:\s*$", re.IGNORECASE)
_PREAMBLE_SKIP_RE = re.compile(r"^\W*(?:Căn cứ|Xét|Theo đề nghị|Kính gửi)\b", re.IGNORECASE)


def _before_subject(text: str) -> str:
    """A copy's line without the reported document's subject ("… ban hành Công văn số 181/UBND-KT
    về việc tập trung chỉ đạo các xã …": a title, no duty)."""
    return re.split(r"\bvề việc\b", text, maxsplit=1, flags=re.IGNORECASE)[0]


def _preamble_duties(doc: Document) -> None:
    """A directive's preamble that ends by telling agencies what to do ("…, Chủ tịch Ủy ban nhân
    dân Thành phố yêu cầu Thủ trưởng các sở … thực hiện tốt các nội dung sau:"): duties of the
    whole document (path "")."""
    unlabelled = any(root.style == "paragraph" for root in doc.roots)
    for index, line in enumerate(doc.preamble):
        # "Sở Nông nghiệp … chủ trì, phối hợp với các đơn vị liên quan:" right before the items:
        # the leads of every item below it
        leads_items = index == len(doc.preamble) - 1 and bool(doc.roots) and _LEADS_ITEMS_RE.search(line.text)
        if _PREAMBLE_SKIP_RE.match(line.text) or not (
            _PREAMBLE_DUTY_RE.search(line.text)
            or _PREAMBLE_DIRECTS_RE.search(_before_subject(line.text))
            or leads_items
        ):
            continue
        if unlabelled and not LEAD_IN_RE.search(line.text):
            # a letter without labels: its paragraphs are its items; only the sentence that
            # announces them ("… chỉ đạo các sở, ngành … báo cáo kết quả …; cụ thể:") is read
            continue
        last = index == len(doc.preamble) - 1
        if (
            not unlabelled
            and last
            and _ITEM_LEAD_IN_RE.search(line.text)
            and _items_name_their_doers(doc.roots)
        ):
            # "Thủ tướng Chính phủ yêu cầu Bộ trưởng, …, Chủ tịch Ủy ban nhân dân các tỉnh … tập
            # trung thực hiện một số giải pháp sau:" over items each opening with its own doer
            # ("1. Bộ Tài chính chủ trì, …", "2. Ủy ban nhân dân các tỉnh …"): an introduction
            continue
        before = len(doc.state.duties)
        _paragraph(line.text, line.no, "", None, doc.state, ("lead", []))
        headed = any(node.agencies for root in doc.roots for node in root.walk())
        if not unlabelled and not headed and index == len(doc.preamble) - 1 and LEAD_IN_RE.search(line.text):
            # (items headed by agencies name their own doers)
            doc.state.lead_in_subjects = [d.agency for d in doc.state.duties[before:] if d.role == "lead"]


def _items_name_their_doers(roots: list[Section]) -> bool:
    """Whether every top-level item (two or more) opens with the name of a body."""
    if len(roots) < 2:
        return False
    for root in roots:
        head = " ".join((root.heading or "").split()[:14])
        toks = tokenize(head)
        if not match_list(toks, skip_titles(toks, 0), head)[0]:
            return False  # ("Chủ tịch Ủy ban nhân dân các tỉnh …": the body after its head's title)
    return True


def _item_deadlines(roots: list[Section], state: ParseState) -> None:
    """ "- Thời gian hoàn thành: Quý IV/2025" on a line of an item: the deadline of the item's
    duties that have none of their own."""
    for root in roots:
        for node in root.walk():
            for text in ([node.heading] if node.heading else []) + list(node.body):
                deadline = labelled_deadline(text, line=True)
                if deadline is None:
                    continue
                path = assignment_path(node, state)
                for duty in state.duties:
                    if duty.path == path and duty.deadline is None:
                        duty.deadline = deadline


def read_duties(doc: Document) -> None:
    """Stage "duties". A text with one bare item and nothing assigned has no structure."""
    doc.state.unlabelled = any(root.style == "paragraph" for root in doc.roots)
    _preamble_duties(doc)
    _read_duties(doc.roots, doc.parts, doc.state)
    _item_deadlines(doc.roots, doc.state)
    roots = doc.roots
    has_rows = any(n.source == "table_row" for n in doc.result.all_sections())
    if (
        roots
        and not doc.state.duties
        and not has_rows
        and len(roots) < 2
        and not roots[0].body
        and not roots[0].children
        and not has_facts(doc.result)
    ):
        raise errors.no_structure_error()
