"""Stage: the document's facts — type, title, issuer, number, date, legal bases, documents
implemented, proposers, the decision a plan is attached to, recipients and signer — from the
heading block, the title, the preamble and the closing block; and the documents the body cites."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from khcn.core.text import clean, fold
from khcn.plans.parser import lexicon
from khcn.plans.parser.agencies import find_mentions, titled, tokenize, written_out
from khcn.plans.parser.deadlines import safe_date
from khcn.plans.parser.header import (
    ADDRESSEES_RE,
    PageFrame,
    Segment,
    authority_body,
    read_closing,
    read_heading,
    wrapped_authority,
)
from khcn.plans.parser.layout import Line, is_all_upper
from khcn.plans.parser.model import (
    LegalBasis,
    ParseResult,
    ParseWarning,
    Reference,
    Section,
)
from khcn.plans.parser.model import Message as _  # translated now, and again for each reader
from khcn.plans.parser.references import (
    DATE_FORMS,
    Citation,
    date_after,
    find_citations,
    issuer_from_symbol,
    kind_from_symbol,
    whole_date,
)
from khcn.plans.parser.rules import CITATION_CUES
from khcn.plans.parser.state import Document, ParseState

logger = logging.getLogger(__name__)


_PLAN_TYPES = ("Kế hoạch", "Chương trình", "Đề án", "Phương án", "Quy chế", "Quy định", "Chiến lược", "Dự án")


_ISSUES_RE = re.compile(
    r"\s+(?:(?:ban hành|xây dựng|triển khai)\s+(?:" + "|".join(_PLAN_TYPES) + r"|Kế hoạch)\b"
    r"|(?:có|cho)\s+ý\s+kiến(?:\s+chỉ\s+đạo)?\s+(?:như\s+sau|về)|chỉ\s+đạo\s+như\s+sau)",
    re.IGNORECASE,
)


def known_forms(lines: list[Line]) -> dict[str, str]:
    """Agency names as running text writes them (to give upper-case names their case)."""
    known: dict[str, str] = {}
    for line in lines:
        if line.is_table or not any(ch.islower() for ch in line.text):
            continue
        for mention in find_mentions(line.text):
            # (not "Nơi nhận: … T/M BAN CHẤP HÀNH TRUNG ƯƠNG": a signature's capitals)
            if not (mention.name[:2].isupper() and is_all_upper(mention.name)):
                known.setdefault(fold(mention.name), mention.name)
    return known


def _title_text(segment: Segment) -> str | None:
    text = clean(" ".join(line.text for line in segment.title))
    return text or None


def _read_facts(
    result: ParseResult,
    segments: list[Segment],
    known: dict[str, str],
    state: ParseState,
    frame: PageFrame | None = None,
) -> None:
    main = segments[0]
    heading = read_heading(main.heading, known)
    result.number = heading.number
    result.date = heading.date
    result.place = heading.place
    result.issuer = heading.issuer
    result.issuer_parent = heading.issuer_parent
    result.doc_type = main.doc_type
    result.title = _title_text(main)
    if result.title is None and heading.title:
        result.title = heading.title
    result.issuer = _with_locality(result.issuer, heading.place)
    if result.doc_type is None and result.number:
        result.doc_type = kind_from_symbol(result.number)  # "11/CT-UBND" is a Chỉ thị, "V/v" or not
    if result.doc_type is None and heading.subject:
        result.doc_type = "Công văn"
    if result.title is None and heading.subject:
        # A letter's subject is its title ("V/v …" left out); another document's "VỀ VIỆC …"
        # line is its title as printed.
        letter = result.doc_type == "Công văn" or not heading.subject_cue.isupper()
        result.title = heading.subject if letter else f"{heading.subject_cue} {heading.subject}"
    own_numbers = {n for n in (result.number,) if n}
    framed = find_citations(frame.fields.get("number", "")) if frame is not None else []
    own_numbers.update(c.number for c in framed[:1])
    # The preamble: legal bases, documents implemented, proposers, the issuer in a sentence.
    for segment in segments:
        preamble = segment.preamble
        for index, line in enumerate(preamble):
            nxt = preamble[index + 1] if index + 1 < len(preamble) else None
            joined = wrapped_authority(line.text, nxt.text) if nxt is not None else None
            if joined is not None and nxt is not None:
                line = Line(line.no, nxt.end, joined)  # "HỘI ĐỒNG NHÂN DÂN" / "TỈNH ĐỒNG THÁP"
            _read_preamble_line(result, line, state, first=segment is main)
    addressed = any(ADDRESSEES_RE.match(line.text) for s in segments for line in s.preamble)
    if result.doc_type is None and result.number and main.doc_type is None and addressed:
        result.doc_type = "Công văn"  # "Số: 3148/VPCP-CN" with no kind in its symbol, and "Kính gửi: …"
    # A decision that issues a plan: the plan is what is tracked.
    attachment = next((s for s in segments[1:] if s.kind == "attachment"), None)
    note = main.attached_note or (attachment.attached_note if attachment else None)
    issued_with: dict[str, Any] | None = None
    if note is not None:
        citations = find_citations(note.text)
        if citations:
            c = citations[0]
            issued_with = {
                "doc_type": c.kind,
                "number": c.number,
                "date": c.date.isoformat() if c.date else None,
                "issuer": c.issuer,
            }
            own_numbers.add(c.number)
    if attachment is not None and attachment.doc_type is None:
        attachment.doc_type = _attached_kind(main)
    if attachment is not None and attachment.doc_type and result.doc_type not in _PLAN_TYPES:
        decision = {
            "doc_type": result.doc_type,
            "number": result.number,
            "date": result.date.isoformat() if result.date else None,
            "title": result.title,
            "issuer": result.issuer,
        }
        if issued_with:
            decision.update({k: v for k, v in issued_with.items() if v and not decision.get(k)})
        issued_with = decision
        result.doc_type = attachment.doc_type
        result.title = _title_text(attachment) or result.title
        if result.number is None and decision.get("number"):
            result.number = decision["number"]
        if result.date is None and decision.get("date"):
            result.date = dt.date.fromisoformat(str(decision["date"]))
        state.warn(
            ParseWarning(
                "attached_document",
                _(
                    "The %(type)s is attached to %(decision)s %(number)s: the number and date are the "
                    "decision's, and its articles are kept as items."
                )
                % {
                    "type": result.doc_type,
                    "decision": decision.get("doc_type") or "",
                    "number": decision.get("number") or "",
                },
                line=attachment.title[0].no if attachment.title else None,
            )
        )
    elif issued_with is not None:
        if result.number is None:
            result.number = issued_with.get("number")
        if result.date is None and issued_with.get("date"):
            result.date = dt.date.fromisoformat(issued_with["date"])
        if result.issuer is None and issued_with.get("issuer"):
            result.issuer = issued_with["issuer"]
    result.issued_with = issued_with
    # Title citations count as implemented documents.
    for segment in segments:
        for line in segment.title:
            for c in find_citations(line.text):
                _add_reference(result, c, "implements", line.no, own_numbers)
        if segment.attached_note is not None:
            for c in find_citations(segment.attached_note.text):
                _add_reference(result, c, "issued_with", segment.attached_note.no, set())
    for line in main.preamble:
        for c, relation in cited(line.text):
            _add_reference(result, c, relation, line.no, own_numbers)
    # Recipients and signer.
    closing_lines = [line for segment in segments for line in segment.closing]
    recipients, signer = read_closing(closing_lines)
    result.recipients = recipients
    result.signer = signer
    state.headed = heading.found
    if frame is not None:
        # (before a copy's running text is read: the frame describes this document, not the
        # ones its first sentence reports)
        _frame_facts(result, frame, framed[0].number if framed else None)
    if not heading.found:
        _read_running_facts(result, segments, own_numbers)
        state.warn(
            ParseWarning(
                "no_header",
                _(
                    "The text has no heading block (no number, date or place line); the issuer, if any, "
                    "comes from the preamble."
                ),
            )
        )
    if heading.number_blank:
        state.warn(ParseWarning("blank_number", _("The document's number is left blank (a draft?).")))
    if heading.date_blank:
        state.warn(ParseWarning("blank_date", _("The document's date is left blank (a draft?).")))


_CUE_RE = re.compile(
    r"(?<!\w)(?P<cue>"
    + "|".join(re.escape(c) for c in sorted(CITATION_CUES, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)


def _opens(text: str, at: int, word: str) -> bool:
    """Whether ``word`` at ``at`` opens a clause ("Căn cứ …", "…; căn cứ …"), not "… căn cứ chức
    năng, nhiệm vụ …" in the middle of one."""
    before = text[:at].rstrip(" -–+•")
    return word[0].isupper() or not before or before[-1] in ".;:"


# Who writes to an authority without directing it: a letter of theirs is answered, not carried out.
_PETITIONER_RE = re.compile(
    r"\s*(?:ngày\s+[\d/.\-]+\s*)?của\s+(?:Công ty|Doanh nghiệp|Hợp tác xã|ông|bà|công dân)\b", re.IGNORECASE
)


def cited(text: str, default: str | None = "implements") -> list[tuple[Citation, str | None]]:
    """The documents ``text`` cites, each with how the text relates to it: the nearest cue of
    ``rules.CITATION_CUES`` before it in its sentence ("Căn cứ …; Xét Tờ trình số …"), else
    ``default``; None for a document the text does not implement (replaced, repealed)."""
    out: list[tuple[Citation, str | None]] = []
    cues = [
        (m.start(), CITATION_CUES[m["cue"].lower()])
        for m in _CUE_RE.finditer(text)
        if not (m["cue"].lower() == "căn cứ" and not _opens(text, m.start(), m["cue"]))
    ]
    citations = find_citations(text)
    for c in citations:
        sentence_start = max(text.rfind(". ", 0, c.start), text.rfind(": ", 0, c.start))
        clause_start = max(sentence_start, text.rfind(";", 0, c.start))
        before = [relation for start, relation in cues if clause_start < start < c.start]
        if not before:
            # "Căn cứ Nghị định số …; Thông tư số …": a list of bases goes on over ";", and so does
            # a list of what is put to the author ("Xét Tờ trình số …; Báo cáo thẩm tra số …")
            bases = [relation for start, relation in cues if sentence_start < start < c.start]
            listed: list[str | None] = [r for r in ("based_on", "proposal") if r in bases]
            before = listed[:1]
        relation = before[-1] if before else default
        since = max([clause_start, *(p.end for p in citations if p.end <= c.start)])
        earlier = [r for s, r in cues if since < s < c.start and r in (None, "proposal")]
        if relation == "implements" and earlier:
            # "giám sát tình hình triển khai thực hiện Nghị quyết số …", "Xem xét báo cáo của … thực
            # hiện Nghị quyết số …": what is monitored, reported on or put to the author, though
            # "thực hiện" is the nearest cue
            relation = earlier[0]
        if relation == "implements" and "/TTR" in c.number.upper():
            relation = "proposal"  # a Tờ trình is put to the author, never carried out by it
        if relation == "implements" and _PETITIONER_RE.match(text, c.end):
            relation = "cited"  # "nhận được Công văn số 44/2025/BNT của Công ty …": a query answered
        if relation == "implements" and "based_on" in before:
            # "Căn cứ Nghị quyết số 50/NQ-CP … ban hành Chương trình hành động thực hiện Nghị quyết
            # số 52-NQ/TW": a document the basis itself implements is still only a basis
            relation = "based_on"
        out.append((c, relation))
    return out


_KINDS = "|".join(lexicon.REPORTED_KINDS)  # the kinds a copy names a document by, as alternatives
# A text that reports a document ("Ngày 8/9, Chủ tịch UBND TP Cần Thơ ban hành Công văn số
# 3784/UBND-NC …", "UBND tỉnh An Giang vừa có công văn 388/UBND-KGVX", "(Nguồn: Công văn số …)").
_REPORTS_DOC_RE = re.compile(
    # ("… ban hành 4 Quyết định công bố …": several of a kind; "… đã xây dựng Kế hoạch …")
    r"(?:\b(?:(?:vừa\s+|đã\s+)?(?:ký(?:\s+ban\s+hành)?|ban\s+hành|có|gửi|phát\s+hành|[Đđ]ó\s+là|triển\s+khai|ra)"
    r"|(?:vừa|đã)\s+xây\s+dựng)\s+(?:\d{1,2}\s+)?"
    r"|\(\s*(?:Nguồn|Theo)\s*:?(?:\s+[Tt]ừ)?\s+"
    # "UBND tỉnh chỉ đạo tổ chức … (Công văn số 233/UBND-THNC, ngày 2/3/2021).": the reference
    r"|\(\s*(?=(?:" + _KINDS + r")\s+số\b))"
    r"(?:" + _KINDS + r")\b",
    re.IGNORECASE,
)
# A reported document's subject: after "về việc" (or "V/v"), to the end of its sentence. Three
# places read it, each anchored where its document is named:
_SUBJECT_CUE = r"(?:về việc|V/v)"
# (a comma before "sau khi nhận được …", "theo đó …" ends it too: the copy's sentence goes on)
_SUBJECT_END = (
    r"\s*(?:\.(?=\s|$)|;|$|,(?=\s+(?:sau khi|theo đó|đồng thời)\b)"
    # "…, UBND tỉnh giao cho …": the copy goes on with who is told what
    r"|,(?=\s+(?:UBND|Ủy ban|Chủ tịch)[^,.;]{0,40}?\s(?:giao|yêu cầu|đề nghị)\b))"
)
# - after the number: "… Công văn số 6212/UBND-TH gửi các sở … về việc thực hiện Thông báo …";
#   "về" right after the number (and its date) opens it too ("… ban hành Quyết định
#   1847/QĐ-UBND (ngày 02/10/2022) về Ngày Chuyển đổi số …");
_REPORTED_SUBJECT_RE = re.compile(
    r"(?:[^.:]{0,200}?\b"
    + _SUBJECT_CUE
    + r"|\s*(?:\(?ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\)?\s*)?về(?!\s+việc)"
    # "… văn bản số 4099/UBND-KGVX, gửi Sở A, Sở B về tham mưu …": after its addressees
    + r"|\s*,?\s*gửi\s[^.:]{0,200}?\svề(?!\s+việc))"
    + r"\s+(?P<title>[^;:]{6,300}?)"
    + _SUBJECT_END
)
# - after a kind reported without its number: "… vừa có thông báo kết luận của … tại …";
_UNNUMBERED_SUBJECT_RE = re.compile(
    r"\s+(?:về việc\s+|gửi\s[^.:]{0,200}?\svề(?:\s+việc)?\s+(?!việc))?"
    r"(?P<title>kết luận\s+của\s[^.;:]{6,300}?|(?<=về việc )[^.;:]{6,300}?|(?<=về )[^.;:]{6,300}?)"
    + _SUBJECT_END
)
# - between its kind and its number in brackets: "… vừa ban hành Kế hoạch tổ chức Ngày Chuyển đổi
#   số quốc gia (CĐSQG) năm 2022 trên địa bàn tỉnh (Kế hoạch số 203/KH-UBND, ngày 27/9/2022)";
_TITLE_THEN_NUMBER_RE = re.compile(
    r"\s+(?P<title>[^.;:]{6,300}?)\s*\(\s*(?:" + _KINDS + r")\s+số\b", re.IGNORECASE
)
# - in a headline after its kind: "Công điện về việc triển khai …".
# ("Quyết định của UBND tỉnh về việc công bố …": its issuer between the kind and the subject)
_HEADLINE_SUBJECT_RE = re.compile(r"^\S+(?:\s+\S+)?(?:\s+của\s+[^,]{2,60}?)?\s+" + _SUBJECT_CUE + r"\s+")
# "Về việc báo cáo … (3585/VP-KTN, ngày 23/10/2017)": a portal's line for a letter.
_SUBJECT_WITH_NUMBER_RE = re.compile(
    r"^(?:V/v|Về việc)\s+(?P<title>.+?)\s*\((?P<number>[^,()]+?),\s*ngày\s+"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\)\.?$",
    re.IGNORECASE,
)
# "Thông báo số 408/TB-VPCP ngày 8/8/2025 kết luận Phiên họp …": a portal's headline that gives
# the document's kind, number, date and subject (after the portal's own stamp, if any).
_NUMBERED_HEADLINE_RE = re.compile(
    r"^(?:\W*date\s+[\d-]+\s+)?(?P<type>"
    + "|".join(t.capitalize() for t in lexicon.DOC_TYPES)
    + r"|Văn bản)\s+số\s+(?P<number>\d+[^\s,]*/[^\s,]+)"
    r"(?:\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?"
    r"\s+(?:(?:về việc|V/v|về)\s+)?(?P<title>[^.]{6,300}?)\.?$"
)
# "Tại Văn bản số 4275/VPCP-CN, Văn phòng Chính phủ truyền đạt …": a copy naming the document first.
_AT_DOCUMENT_RE = re.compile(
    r"^\s*Tại\s+(?P<kind>Công văn|Văn bản|Thông báo|Quyết định|Chỉ thị|Kế hoạch)\s+số\b"
)
_TRAILING_BRACKETS_RE = re.compile(r"\s*\([^()]*\)\s*$")


def _before_brackets(text: str) -> str:
    """The words before a name's closing bracket ("Sở Giáo dục và Đào tạo (GDĐT)", "Ban Chỉ đạo …
    (sau đây gọi tắt là Ban Chỉ đạo)"): where a name that ends there ends."""
    return _TRAILING_BRACKETS_RE.sub("", text)


_SENT_TO_RE = re.compile(r"\bg[ửở]i\s*$", re.IGNORECASE)
_EARLIER_RE = re.compile(r"\s*Trước đó\b")
_GIVES_RE = re.compile(r"\s+(?:đã\s+|vừa\s+)?(?:giao|đề\s+nghị|yêu\s+cầu)\s+(?!của)", re.IGNORECASE)
# "… đã có kết luận về cuộc họp như sau:", "… kết luận như sau:": the text is a meeting's conclusion.
_CONCLUDES_RE = re.compile(r"\b(?:có\s+)?kết\s+luận\b[^.:]{0,60}như\s+sau\s*:", re.IGNORECASE)
# "Văn phòng UBND tỉnh thông báo ý kiến …": who issues a letter that conveys a direction.
# … and "… có ý kiến kết luận tại Thông báo số …": a conclusion given in a notice.
_CONVEYS_RE = re.compile(
    r"\s+(?:(?:xin\s+)?(?:thông\s+báo|truyền\s+đạt)\s+(?:ý\s+kiến|để|kết\s+luận|chỉ\s+đạo|đến)"
    r"|có\s+ý\s+kiến\s+(?:kết\s+luận|chỉ\s+đạo)(?:\s+luận)?(?=\s+tại\b))",
    re.IGNORECASE,
)
# "… thông báo ý kiến của … (Công văn số 5001/VP-KTN, ngày 4/12/2019)", "… tại Công văn số …":
# the letter that conveys it, cited after the conveying verb.
_CONVEYED_IN_RE = re.compile(r"(?:\btại|\()\s*(?:" + _KINDS + r")\s+(?:số\s*)?$", re.IGNORECASE)
# A headline of a portal's "ý kiến kết luận, chỉ đạo" page: the conclusion it publishes.
_CONCLUSION_HEADLINE_RE = re.compile(
    r"^(?:Thông báo\s+)?(?:Kết luận|Ý kiến kết luận|Ý kiến chỉ đạo|Chỉ đạo|Thông báo kết luận)\s+của\s+\S",
)
# "… vừa ban hành chỉ thị yêu cầu …", "… đã ký Quyết định phê duyệt …": a document of that kind
# reported without its number.
_ISSUED_UNNUMBERED_RE = re.compile(
    # "vừa ký …", "đã có …", "đã xây dựng …"; "ban hành" alone in a copy's dated lead ("Ngày
    # 19/7/2022, UBND tỉnh ban hành Quyết định công nhận …": ``_DATED_LEAD_RE``)
    r"\s*(?:(?:vừa\s+|đã\s+)(?:ký(?:\s+ban\s+hành)?|ban\s+hành|có|xây\s+dựng|ra)|(?P<bare>(?:ký\s+)?ban\s+hành|có))\s+"
    r"(?:\d{1,2}\s+)?(?:" + _KINDS + r")\b",
    re.IGNORECASE,
)


# "… có Công văn số 1082 về việc …", "… ban hành công văn 386 ngày 18/1/2021 …", "… Chỉ thị 09 yêu
# cầu …": a number given alone (with "số", or before its date, its subject or its request; not
# "Kế hoạch 5 năm")
_BARE_NUMBER_RE = re.compile(
    r"\s+(?:số\s+(?P<n>\d{1,6})(?![\w/.,-]*\w)|(?P<m>\d{1,6})"
    r"(?=\s+ngày\s+\d|\s+(?:về|của|yêu cầu|giao|chỉ đạo|đề nghị|hướng dẫn|triển khai)\s))"
)


def _reports_in_order(text: str) -> list[re.Match[str]]:
    """The documents a copy's line reports, the one whose sentence assigns work first: "Ngày
    8/1, UBND tỉnh đã có Quyết định số 24/QĐ-UBND ban hành Quy chế …. Tiếp đó, … đã ban hành Kế
    hoạch số 5422/KH-UBND về …, UBND tỉnh giao cho …" reports the plan (the decision came before)."""
    found = list(_REPORTS_DOC_RE.finditer(text))

    def assigns(m: re.Match[str]) -> bool:
        end = text.find(". ", m.end())
        return bool(_GIVES_RE.search(text[m.end() : end if end >= 0 else len(text)]))

    return sorted(found, key=lambda m: not assigns(m)) if len(found) > 1 else found


def _own_committee_document(before: str, number: str) -> bool:
    """ "Ủy ban Nhân dân TP Cần Thơ triển khai Công văn số 967/UBND-KGVX": a committee that
    "carries out" a letter of its own symbol reports issuing it (another body's it implements)."""
    mentions = [x for x in find_mentions(before) if x.kind != "generic"]
    symbol = number.partition("/")[2].upper()
    return (
        bool(mentions)
        and fold(mentions[-1].name).startswith(("uy ban nhan dan", "chu tich"))
        and (symbol.startswith("UBND") or "-UBND" in symbol)
    )


def _kind_word(matched: str) -> str | None:
    """The document kind a reporting phrase names ("vừa ban hành chỉ thị" → "Chỉ thị")."""
    folded = fold(matched)
    for kind in lexicon.REPORTED_KINDS:
        if kind != "văn bản" and folded.endswith(fold(kind)):
            return kind[0].upper() + kind[1:]
    return None


# "Ngày 13/01/2020, …" and "Ngày 13 tháng 01 năm 2020, …"
_RUNNING_DATE_RE = re.compile(r"\b[Nn]gày\s*" + DATE_FORMS)
# A copy's lead that opens on its date: "Ngày 19/7/2022, UBND tỉnh …"
# (or after the copy's "Trước đó, …": "Trước đó, ngày 11.12.2017, Sở KH&ĐT có công văn …")
_DATED_LEAD_RE = re.compile(
    r"\s*(?:(?:Trước đó|Tiếp đó|Sau đó),\s*)?[Nn]gày\s*(?:" + DATE_FORMS + r"|\d{1,2}\s*[/-]\s*\d{1,2})\s*,"
)

# The same lead after the sentence's purpose: "Để chuẩn bị tốt …, Ngày 03/5/2021, UBND tỉnh …".
_INNER_DATED_LEAD_RE = re.compile(
    r"[,;]\s*[Nn]gày\s*(?:" + DATE_FORMS + r"|\d{1,2}\s*[/-]\s*\d{1,2})\s*,(?P<rest>[^.;]{0,120})$"
)


def _dated_lead(text: str, at: int) -> bool:
    """The copy's lead dates what it reports at ``at``: "Ngày 19/7/2022, UBND tỉnh ban hành …", at
    the line's start or after the sentence's purpose."""
    return bool(_DATED_LEAD_RE.match(text) or _INNER_DATED_LEAD_RE.search(text[:at]))


def _without_citations(text: str) -> str:
    """``text`` with its cited documents blanked out, their dates with them ("Thực hiện Kế hoạch
    số 1288/KH-BCĐ ngày 8/11/2019 của …, Ban Chỉ đạo tỉnh đã có Kế hoạch số …": not its date)."""
    for c in reversed(find_citations(text)):
        text = text[: c.start] + " " * (c.end - c.start) + text[c.end :]
    return text


def _running_date(text: str, *, last: bool = False) -> dt.date | None:
    """The first (``last``: the last) whole date "ngày …" in running text."""
    found = list(_RUNNING_DATE_RE.finditer(text))
    if not found:
        return None
    return whole_date(found[-1] if last else found[0])


# "Ngày 8/9, Chủ tịch UBND TP … ban hành Công văn số …": a news item's day and month.
_RUNNING_DAY_RE = re.compile(r"\b[Nn]gày\s*(?P<d>\d{1,2})\s*[/-]\s*(?P<m>\d{1,2})\b(?!\s*[/.-]\s*\d)")
_ANY_DATE_RE = re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?P<y>(?:19|20)\d\d)\b")


def _day_in_year_of_text(before: str, lines: list[Line]) -> dt.date | None:
    """ "Ngày 8/9, … ban hành Công văn số …" with no year: the year of the first whole date the
    copy gives (a document it cites, a meeting that day), when that day and month make a date."""
    day = _RUNNING_DAY_RE.search(before)
    if day is None:
        return None
    whole = next((m for line in lines for m in [_ANY_DATE_RE.search(line.text)] if m), None)
    if whole is None:
        return None
    return safe_date(int(whole["y"]), int(day["m"]), int(day["d"]))


_TYPED_HEADLINE_RE = re.compile(
    r"^(?P<type>" + "|".join(t.capitalize() for t in lexicon.DOC_TYPES if t not in ("CÔNG VĂN",)) + r")"
    r"\s+(?!số\b)[a-zà-ỹđ][^.!?]{10,250}$"
)

# A portal's stamp over the headline: "Thông báo Thứ Sáu, 26/10/2012, 07:00" (its section, when posted).
_POSTED_RE = re.compile(
    r"\b(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ\s+[Nn]hật)\s*,?\s*\d{1,2}/\d{1,2}/\d{4}(?:\s*,?\s*\d{1,2}:\d{2})?\s*$"
)


_FRAME_DATE_RE = re.compile(r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")
_FRAME_PLACE_RE = re.compile(r"^(?P<kind>Tỉnh|Thành phố|TP\.?)\s+(?P<place>.+)$", re.IGNORECASE)


def _frame_province(frame: PageFrame | None) -> str | None:
    """The province a frame's "Nơi ban hành: Tỉnh Đồng Nai" names, if it names one."""
    place = _FRAME_PLACE_RE.match(frame.fields.get("issuer", "")) if frame is not None else None
    if place and fold(place["place"]) in {fold(p) for p in lexicon.PROVINCES}:
        return str(place["place"])
    return None


def _frame_facts(result: ParseResult, frame: PageFrame, number: str | None) -> None:
    """What a portal's frame gives that the text did not: number, date, kind, issuer, title.
    A frame names a provincial issuer by its province ("Nơi ban hành: Tỉnh Đồng Nai"): the
    committee (or the council, by the number's symbol) of that province."""
    fields = frame.fields
    result.number = result.number or number
    dated = _FRAME_DATE_RE.search(fields.get("date", ""))
    if result.date is None and dated:
        result.date = safe_date(int(dated["y"]), int(dated["m"]), int(dated["d"]))
    if result.doc_type is None and fields.get("doc_type"):
        result.doc_type = lexicon.DOC_TYPES.get(fields["doc_type"].upper())
    if result.doc_type is None and result.number:
        result.doc_type = kind_from_symbol(result.number)
    province = _frame_province(frame)
    if result.issuer is None and province:
        council = "Hội đồng nhân dân" if "HĐND" in (result.number or "").upper() else "Ủy ban nhân dân"
        result.issuer = _with_locality(council, province)
    elif result.issuer is None and fields.get("issuer"):
        result.issuer = fields["issuer"]
    if result.title is None and fields.get("title"):
        result.title = clean(fields["title"])


def _read_running_facts(result: ParseResult, segments: list[Segment], own: set[str]) -> None:
    """A text with no heading block (a portal's or a newspaper's copy): the facts of the
    document it reports, from the running text of its first lines."""
    lines = [
        line
        for segment in segments[:1]
        for part in (segment.heading, segment.title, segment.preamble, segment.body)
        for line in part
        if any(ch.isalpha() for ch in line.text)  # not a page's stray "," over the headline
    ][:20]
    giver: str | None = None
    done = False
    first = next(
        (line for line in lines[:3] if not is_all_upper(line.text) and not _POSTED_RE.search(line.text)), None
    )
    headline = (
        _TYPED_HEADLINE_RE.match(first.text)
        if first is not None and not _CONCLUSION_HEADLINE_RE.match(first.text)
        else None
    )
    if headline and first is not None and result.doc_type is None and result.title is None:
        # "Kế hoạch triển khai công tác bầu cử …" over the text: the document it is, titled
        result.doc_type = lexicon.DOC_TYPES[headline["type"].upper()]
        # "Công điện về việc triển khai …": the subject after "về việc" is the title
        result.title = clean(_HEADLINE_SUBJECT_RE.sub("", first.text, count=1))
    for line in lines:
        if done:
            break
        text = line.text
        if result.issuer is not None and _EARLIER_RE.match(text):
            break  # "Trước đó, ngày 11-8, Thủ tướng Chính phủ đã ban hành Chỉ thị số 22 …": what came before
        if result.title is None and _CONCLUSION_HEADLINE_RE.match(text) and len(text) < 250:
            result.title, result.doc_type = clean(text), result.doc_type or "Thông báo"
            continue
        numbered = _NUMBERED_HEADLINE_RE.match(text) if line in lines[:3] and result.number is None else None
        headline_numbers = find_citations(numbered["number"]) if numbered else []
        if numbered and headline_numbers:
            # "Văn bản số 1220/UBND-KGVX về việc …": the kind its symbol gives
            number = headline_numbers[0].number
            kind = lexicon.DOC_TYPES.get(numbered["type"].upper()) or kind_from_symbol(number)
            result.doc_type = result.doc_type or kind or "Công văn"
            result.number = headline_numbers[0].number
            if numbered["y"]:  # "Thông báo số 1463/TB-SKHCN về việc …" may give no date
                result.date = safe_date(int(numbered["y"]), int(numbered["m"]), int(numbered["d"]))
            result.title = result.title or clean(numbered["title"])
            result.issuer = result.issuer or issuer_from_symbol(result.number)
            own.add(result.number)
            continue
        at = _AT_DOCUMENT_RE.match(text) if result.number is None else None
        first_cited = [c for c in find_citations(text) if c.start <= at.end() + 2] if at else []
        if at and first_cited:
            # "Tại Văn bản số 4275/VPCP-CN, Văn phòng Chính phủ truyền đạt ý kiến … về việc X."
            c = first_cited[0]
            result.number = c.number
            kind = lexicon.DOC_TYPES.get(at["kind"].upper()) if at["kind"].lower() != "văn bản" else None
            result.doc_type = result.doc_type or kind or kind_from_symbol(c.number) or "Công văn"
            result.date = result.date or c.date
            bodies = [x for x in find_mentions(text[c.end :]) if x.kind != "generic"]
            result.issuer = result.issuer or (bodies[0].name if bodies else issuer_from_symbol(c.number))
            subject = _REPORTED_SUBJECT_RE.match(text, c.end)
            result.title = result.title or (clean(subject["title"]) if subject else None)
            own.add(c.number)
            continue
        subject = _SUBJECT_WITH_NUMBER_RE.match(text)
        if subject and result.number is None and find_citations(subject["number"]):
            if result.title is None or fold(result.title).startswith(fold(subject["title"])):
                result.title = clean(subject["title"])
            result.number = find_citations(subject["number"])[0].number
            result.doc_type = result.doc_type or kind_from_symbol(result.number) or "Công văn"
            result.date = safe_date(int(subject["y"]), int(subject["m"]), int(subject["d"]))
            own.add(result.number)
            continue
        gives = _GIVES_RE.search(text)
        if gives and giver is None:
            # "…; UBND tỉnh giao Sở … chủ trì": in a copy, the council that directs is the author
            # (its short form after it: "Sở Giáo dục và Đào tạo (GDĐT) yêu cầu …")
            said = _before_brackets(text[: gives.start()])
            before = [x for x in find_mentions(said) if x.kind != "generic"]
            ends_before = bool(before) and before[-1].end >= len(said.rstrip()) - 1
            if ends_before and _SENT_TO_RE.search(said[: before[-1].start]):
                ends_before = False  # "… có văn bản gửi Sở Tài nguyên - Môi trường yêu cầu …": its addressee
            if ends_before and "yêu" in gives.group().lower():
                # "Chủ tịch UBND tỉnh yêu cầu …": a leader at a meeting, reported, issues nothing;
                # "Sở Giáo dục và Đào tạo yêu cầu …": the body, in its letter
                ends_before = not titled(said, before[-1])
            if (
                ends_before
                and fold(before[-1].name).startswith(("ubnd", "uy ban nhan dan", "van phong", "so "))
                and before[-1].kind == "agency"  # (not "UBND các huyện, … giao Phòng …": bodies told to)
            ):
                giver = before[-1].name
        if result.doc_type is None and _CONCLUDES_RE.search(text):
            result.doc_type = "Thông báo"  # "Chủ tịch UBND tỉnh đã có kết luận về cuộc họp như sau:"
        conveys = _CONVEYS_RE.search(text)
        if conveys:
            # "Văn phòng UBND tỉnh thông báo ý kiến của Phó Chủ tịch …": the Office issues the
            # letter, even where a sentence before named the leader's council as giving the view
            mentions = [x for x in find_mentions(text[: conveys.start()]) if x.kind != "generic"]
            ends_before = bool(mentions) and mentions[-1].end >= len(text[: conveys.start()].rstrip()) - 1
            if ends_before and (result.issuer is None or fold(mentions[-1].name).startswith("van phong")):
                result.issuer = mentions[-1].name
            if result.number is None:
                for c in find_citations(text[conveys.end() :]):
                    if not c.kind or not _CONVEYED_IN_RE.search(text[: conveys.end() + c.start][-40:]):
                        continue
                    result.number, result.doc_type = c.number, result.doc_type or c.kind
                    own.add(c.number)
                    result.date = c.date or _running_date(
                        text[conveys.end() + c.end : conveys.end() + c.end + 30]
                    )
                    done = True
                    break
        for m in _reports_in_order(text):
            cited_here = [c for c in find_citations(text) if 0 <= c.start - m.end() <= 12]
            bare = _BARE_NUMBER_RE.match(text, m.end()) if not cited_here and result.number is None else None
            if bare is not None:
                # "UBND tỉnh Hà Nam có Công văn số 1082 về việc …": a number the copy gave alone
                group = "n" if bare["n"] else "m"
                date, after = date_after(text[bare.end() :])
                kind = _kind_word(m.group())
                cited_here = [Citation(bare[group], kind, date, None, bare.start(group), bare.end() + after)]
            if not cited_here:
                issued = _ISSUED_UNNUMBERED_RE.match(text, m.start())
                if issued and issued["bare"] and not _dated_lead(text, m.start()):
                    issued = None  # "…, ban hành kế hoạch …" in a body: a duty, not the copy's document
                # the document a headline numbered ("Văn bản số 1220/UBND-KGVX về việc …"), told
                # again without its number: "Ngày 03/5/2021, UBND tỉnh ban hành Văn bản chỉ đạo …"
                told_again = issued and result.date is None and result.number in own
                if told_again or (result.doc_type is None and issued):
                    # "Chủ tịch UBND tỉnh vừa ban hành chỉ thị yêu cầu …": its kind and issuer
                    result.doc_type = result.doc_type or _kind_word(m.group())
                    if _dated_lead(text, m.start()):  # "Ngày 19/7/2022, UBND tỉnh ban hành Quyết định …"
                        result.date = result.date or _running_date(text[: m.start()])
                    mentions = [x for x in find_mentions(text[: m.start()]) if x.kind != "generic"]
                    if result.issuer is None and mentions:
                        result.issuer = mentions[-1].name
                    subject = _UNNUMBERED_SUBJECT_RE.match(text, m.end()) or _TITLE_THEN_NUMBER_RE.match(
                        text, m.end()
                    )
                    if result.title is None and subject:
                        # "… vừa có thông báo kết luận của Phó Thủ tướng … tại buổi làm việc …"
                        result.title = clean(subject["title"])
                continue
            c = cited_here[0]
            if "triển" in m.group().lower() and not _own_committee_document(text[: m.start()], c.number):
                continue  # "UBND tỉnh triển khai Công văn số 1234/BNN-TT của Bộ …": another's document
            known = result.doc_type is not None and result.doc_type != _kind_word(m.group())
            if m.group().startswith("(") and (result.number is not None or known):
                # "(Công văn số … gửi qua eOffice)": a document cited, the facts known ("… vừa có
                # Quyết định thành lập … (Quyết định số 04/QĐ-BCĐISO, ngày 01/6/2022)": its number)
                continue
            if result.number is not None:
                done = True
                break
            result.number = c.number
            subject = _REPORTED_SUBJECT_RE.match(text, c.end)
            if result.title is None and subject:
                # "… ban hành Công văn số 11/UBND-KTN về việc đẩy mạnh tiết kiệm điện …."
                result.title = clean(subject["title"])
            kind = c.kind if c.kind and fold(c.kind) != "van ban" else None
            result.doc_type = kind or kind_from_symbol(c.number) or result.doc_type
            own.add(c.number)
            result.date = (
                c.date
                or _running_date(_without_citations(text[: m.start()]), last=True)
                or _day_in_year_of_text(text[: m.start()], lines)
            )
            mentions = [x for x in find_mentions(text[: m.start()]) if x.kind != "generic"]
            if result.issuer is None and mentions:
                result.issuer = mentions[-1].name
            elif result.issuer is None and c.issuer:
                # "Đó là Chỉ thị 2817/CT-UBND ngày 30.12.2019 của Chủ tịch UBND tỉnh …"
                named = [x for x in find_mentions(c.issuer) if x.kind != "generic"]
                result.issuer = named[0].name if named else None
            if result.issuer is None:
                # "Chính phủ vừa ban hành Nghị quyết số 117/NQ-CP …": a central body its symbol names
                result.issuer = issuer_from_symbol(c.number)
            done = True
            break
    if result.number is None and not done:
        _requesters_letter(result, lines, own)
    if result.issuer is None and giver is not None:
        result.issuer = giver
    # The lead-in of a copy ("… vừa ký ban hành văn bản triển khai thực hiện Quyết định
    # 1012/QĐ-TTg …"): what it says the document carries out (not every number it mentions).
    # It is among the first three lines, or the first line that reports the document a little
    # further down (under a portal's date and time lines).
    for index, line in enumerate(lines[:6]):
        if index >= 3 and not _REPORTS_DOC_RE.search(line.text):
            continue
        for c, relation in cited(line.text, default=None):
            if relation == "implements":
                _add_reference(result, c, relation, line.no, own)
        if index >= 3:
            break


_REQUESTS_RE = re.compile(r"\s(?:trân trọng\s+|kính\s+)?(?:yêu cầu|đề nghị)\s", re.IGNORECASE)


def _initials(name: str) -> tuple[str, str]:
    """A body's initials with and without its head word: "Sở Khoa học và Công nghệ" → ("SKHCN",
    "KHCN"); "Cục SHTT" → ("CSHTT", "SHTT"). The code of its letters' symbols is one of them."""
    words = [w for w in re.findall(r"[^\W\d_]+", name) if w.lower() != "và"]
    letters = [w if w.isupper() and len(w) > 1 else w[0].upper() for w in words]
    whole = fold("".join(letters)).upper()
    return whole, fold("".join(letters[1:])).upper()


def _requesters_letter(result: ParseResult, lines: list[Line], own: set[str]) -> None:
    """A copy that reports no document in so many words ("Sở Khoa học và Công nghệ yêu cầu …
    thực hiện các nội dung theo Công văn số 129/SKHCN-TĐC", "Cục Sở hữu trí tuệ trân trọng đề
    nghị … theo hướng dẫn tại công văn số 10684/SHTT-QLST"): the letter of the body making the
    request, known by its symbol's code, is the document it reports."""
    for line in lines:
        text = line.text
        asks = _REQUESTS_RE.search(text)
        if asks is None:
            continue
        before = [x for x in find_mentions(text[: asks.start()]) if x.kind != "generic"]
        if not before:
            continue
        codes = _initials(before[-1].name)
        for c in find_citations(text[asks.end() :]):
            symbol = c.number.split("/", 1)[-1]
            if fold(symbol.split("-", 1)[0]).upper() in codes:
                result.number = c.number
                result.doc_type = result.doc_type or c.kind or kind_from_symbol(c.number) or "Công văn"
                result.date = result.date or c.date
                result.issuer = result.issuer or before[-1].name
                own.add(c.number)
                return


_ISSUES_ATTACHED_RE = re.compile(
    r"kèm theo (?:Quyết định|Chỉ thị|Nghị quyết) này\s+(?P<kind>" + "|".join(_PLAN_TYPES) + r")\b",
    re.IGNORECASE,
)


def _attached_kind(main: Segment) -> str | None:
    """The kind of an attached document whose type line a copy dropped, from the article that
    issues it: "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện …"."""
    for line in [*main.body, *main.preamble]:
        m = _ISSUES_ATTACHED_RE.search(line.text)
        if m:
            return next(kind for kind in _PLAN_TYPES if fold(kind) == fold(m["kind"]))
    return None


def _add_reference(
    result: ParseResult, citation: Any, relation: str | None, line: int, own: set[str]
) -> None:
    if relation is None or (citation.number in own and relation != "issued_with"):
        return
    for ref in result.references:
        if ref.number == citation.number:
            if ref.relation == "cited":
                ref.relation = relation  # named in passing first, carried out further on
            ref.kind = ref.kind or citation.kind
            ref.date = ref.date or citation.date
            ref.issuer = ref.issuer or citation.issuer
            return
    result.references.append(
        Reference(citation.number, citation.kind, citation.date, citation.issuer, relation, line)
    )


def _with_locality(issuer: str | None, place: str | None) -> str | None:
    """ "Ủy ban nhân dân" whose province line a copy lost, with the place of the date line:
    "Ủy ban nhân dân thành phố Hà Nội" (a centrally run city), "Ủy ban nhân dân tỉnh An Giang"."""
    if not issuer or not place or fold(issuer) not in lexicon.BARE_COUNCILS:
        return issuer
    if fold(place) not in {fold(name) for name in lexicon.PROVINCES}:
        return issuer  # "Vinh, ngày …": the provincial capital, not the province
    kind = "thành phố" if fold(place) in lexicon.CENTRAL_CITIES_FOLDED else "tỉnh"
    return f"{issuer} {kind} {place}"


def _read_preamble_line(result: ParseResult, line: Line, state: ParseState, *, first: bool) -> None:
    text = line.text.lstrip("-–+• ")
    if re.match(r"^Căn cứ\b", text, re.IGNORECASE):
        body = clean(re.sub(r"^Căn cứ\s+", "", text, flags=re.IGNORECASE)).rstrip(";.,")
        kind = next((k for k in lexicon.CITED_KINDS if body.lower().startswith(k)), None)
        citations = find_citations(body)
        basis = LegalBasis(body, kind=kind.capitalize() if kind else None, line=line.no)
        if citations:
            basis.number = citations[0].number
            basis.date = citations[0].date
            basis.issuer = citations[0].issuer
            basis.kind = basis.kind or citations[0].kind
        else:
            basis.date = _first_date(body)
        result.based_on.append(basis)
        return
    if re.match(r"^(?:Theo|Xét)\s+đề nghị\b", text, re.IGNORECASE):
        toks = tokenize(text)
        for mention in find_mentions(text, toks):
            state.proposers.append(mention.name)
        return
    if ADDRESSEES_RE.match(text):
        state.addressees.extend(find_mentions(text))
        state.in_addressees = True
        return
    if state.in_addressees and line.text.lstrip().startswith(("-", "–", "+", "•")):
        state.addressees.extend(find_mentions(text))
        return
    state.in_addressees = False
    authority = authority_body(text)
    if authority and first:
        # The issuer as the decision names itself; it completes a heading that lost its
        # locality ("ỦY BAN NHÂN DÂN" over a missing "TỈNH NGHỆ AN").
        if result.issuer is None or (
            fold(authority).startswith(fold(result.issuer)) and len(authority) > len(result.issuer)
        ):
            result.issuer = authority
        return
    if first and result.issuer is None:
        # "…, Ban Chỉ đạo … (sau đây gọi tắt là Ban Chỉ đạo) ban hành Kế hoạch …": the name before
        # the verb (and its short form), not the "ban hành Kế hoạch" in a cited document's title.
        for match in _ISSUES_RE.finditer(text):
            before = _before_brackets(text[: match.start()])
            mentions = find_mentions(before)
            if mentions and mentions[-1].end >= len(before.rstrip()) - 1:
                result.issuer = mentions[-1].name
                # "UBND xã … xây dựng Kế hoạch … như sau:" (a copy without its heading): its kind
                kind = next((t for t in _PLAN_TYPES if fold(t) in fold(match.group())), None)
                if result.doc_type is None and kind is not None:
                    result.doc_type = kind
                break


_DATE_RE = re.compile(
    r"ngày\s+(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))",
    re.IGNORECASE,
)


def _first_date(text: str) -> dt.date | None:
    from khcn.plans.parser.deadlines import safe_date

    m = _DATE_RE.search(text)
    if not m:
        return None
    if m["d"]:
        return safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return safe_date(int(m["y2"]), int(m["m2"]), int(m["d2"]))


def _body_references(result: ParseResult, roots: list[Section]) -> None:
    own: set[str] = {n for n in (result.number,) if n}
    if result.issued_with and result.issued_with.get("number"):
        own.add(result.issued_with["number"])
    for root in roots:
        for node in root.walk():
            for line_no, text in [(node.line, node.heading), *zip(node.body_lines, node.body, strict=False)]:
                default = "based_on" if _is_bases_part(node, root) else "cited"
                for c, relation in cited(text, default):
                    _add_reference(result, c, relation, line_no, own)


def _is_bases_part(node: Section, root: Section) -> bool:
    """A part of the legal bases ("I. CĂN CỨ XÂY DỰNG KẾ HOẠCH"): what it cites is a basis."""
    return any(fold(n.heading).startswith("can cu") for n in (root, node))


def read(doc: Document) -> None:
    """Stage "facts"."""
    _read_facts(doc.result, doc.segments, doc.known, doc.state, doc.frame)
    _complete_council(doc.result, doc.lines, _frame_province(doc.frame))
    if doc.result.date is None and doc.result.doc_type == "Nghị quyết":
        doc.result.date = _adopted_on(doc.lines)
    if doc.result.issuer:
        doc.result.issuer = written_out(doc.result.issuer)
    # an Office's notice or record of a leader's conclusions relays them: the Office named in them
    # is tasked as any body ("Văn phòng Trung ương Đảng và các văn phòng tỉnh uỷ … cụ thể hoá …")
    relays = doc.result.doc_type in ("Thông báo", "Kết luận") and fold(doc.result.issuer or "").startswith(
        "van phong"
    )
    doc.state.issuer = None if relays else doc.result.issuer


# A council's resolution says when it was adopted: "Nghị quyết này đã được Hội đồng nhân dân tỉnh
# … khóa VI, kỳ họp thứ năm thông qua ngày 13 tháng 7 năm 2017 …"
_ADOPTED_RE = re.compile(r"\bthông qua ngày\s*" + DATE_FORMS, re.IGNORECASE)


def _adopted_on(lines: list[Line]) -> dt.date | None:
    """A resolution whose heading lost its date: the day its closing words say it was adopted."""
    for line in reversed(lines):
        found = _ADOPTED_RE.search(line.text)
        if found:
            return whole_date(found)
    return None


_BARE_COUNCIL_RE = re.compile(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND) tỉnh$", re.IGNORECASE)
_PROVINCE_NAMED_RE = re.compile(
    r"\btỉnh\s+(" + "|".join(re.escape(p) for p in sorted(lexicon.PROVINCES, key=len, reverse=True)) + r")\b"
)


def _complete_council(result: ParseResult, lines: list[Line], framed: str | None = None) -> None:
    """A copy's issuer "UBND tỉnh" takes its province's name when a portal's frame names it, or
    the text names one province and no other ("… trên địa bàn tỉnh Bắc Giang …"); the short form
    is written out."""
    if result.issuer is None or not _BARE_COUNCIL_RE.match(result.issuer):
        return
    named = (
        {framed} if framed else {m.group(1) for line in lines for m in _PROVINCE_NAMED_RE.finditer(line.text)}
    )
    if len(named) == 1:
        result.issuer = f"Ủy ban nhân dân tỉnh {named.pop()}"


def read_body_references(doc: Document) -> None:
    """Stage "references": documents cited in the body count as implemented; a basis that
    approved what the title says the plan carries out is implemented too."""
    _body_references(doc.result, doc.roots)
    _bases_the_title_carries_out(doc)


_APPROVES_RE = re.compile(
    r"(?:phê duyệt|ban hành)\s+(?P<name>(?:Chương trình|Chiến lược|Đề án|Kế hoạch|Quy hoạch|Nghị quyết)"
    r"(?:\s+[^\s,;.]+){3})",
    re.IGNORECASE,
)


def _bases_the_title_carries_out(doc: Document) -> None:
    """ "KẾ HOẠCH THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ …" over "Căn cứ Quyết định số 924/QĐ-TTg …
    phê duyệt Chương trình chuyển đổi số …": the plan implements 924/QĐ-TTg."""
    title = fold(doc.result.title or "")
    if doc.result.doc_type not in _PLAN_TYPES or ("thuc hien" not in title and "trien khai" not in title):
        return  # a decision approving such a plan rests on the basis; the plan implements it
    texts = {line.no: line.text for line in doc.lines}
    for ref in doc.result.references:
        if ref.relation != "based_on" or ref.line is None:
            continue
        text = texts.get(ref.line, "")
        at = text.find(ref.number)
        approved = _APPROVES_RE.search(text[at:] if at >= 0 else text)
        if approved and fold(approved["name"]) in title:
            ref.relation = "implements"
