"""Stage: the parts of the outline — each top-level part's kind (purpose, content,
organisation, article, appendix), the items headed by agencies, and the closing paragraph of a
part made of agency items."""

from __future__ import annotations

import logging
import re

from khcn.core.text import fold
from khcn.plans.parser import lexicon
from khcn.plans.parser.agencies import Mention, heading_agencies, match_list, tokenize
from khcn.plans.parser.duties import analyse_clause, split_clauses
from khcn.plans.parser.model import Message as _  # translated now, and again for each reader
from khcn.plans.parser.model import (
    ParseWarning,
    Section,
)
from khcn.plans.parser.outline import BULLETS
from khcn.plans.parser.state import Document, ParseState

logger = logging.getLogger(__name__)


def part_kind(root: Section) -> str:
    folded = fold(root.heading)
    if root.style == "article":
        return "article"
    if root.style == "appendix":
        return "appendix"
    if any(word in folded for word in lexicon.ORGANISATION_PART_WORDS):
        return "organisation"
    purpose = any(
        folded.startswith(word) or f" {word}" in f" {folded[:40]}" for word in lexicon.PURPOSE_PART_WORDS
    )
    if purpose and len(root.heading) < 80:
        return "purpose"
    if folded.startswith(lexicon.REVIEW_PART_WORDS):
        return "purpose"  # what was done: read as a purpose part, nothing assigned
    return "content"


# "QUY ĐỊNH CHỨC NĂNG, NHIỆM VỤ, QUYỀN HẠN VÀ CƠ CẤU TỔ CHỨC CỦA SỞ TƯ PHÁP": the body regulated
_FUNCTIONS_OF_RE = re.compile(
    r"chức năng,?\s+nhiệm vụ,?\s+(?:và\s+)?quyền hạn(?:,?\s+(?:và\s+)?cơ cấu tổ chức)?\s+của\s+(?P<body>.+)$",
    re.IGNORECASE,
)
# its article of duties, the body unnamed: "Điều 2. Nhiệm vụ và quyền hạn"
_DUTIES_ARTICLE_RE = re.compile(r"^\W*nhiệm vụ(?:,|\s+và)\s+quyền hạn\W*$", re.IGNORECASE)


def regulated_body(title: str | None, known: dict[str, str]) -> tuple[list[Mention], str] | None:
    """The body a regulation of one body's functions, duties and powers is about (its title's
    "… của Sở Tư pháp"), as an item's heading names its owner; None for any other title."""
    found = _FUNCTIONS_OF_RE.search(" ".join((title or "").split()))
    return heading_agencies(found["body"], known) if found is not None else None


def find_owners(
    roots: list[Section],
    parts: dict[int, str],
    known: dict[str, str],
    regulated: tuple[list[Mention], str] | None = None,
) -> None:
    for root in roots:
        if parts[id(root)] == "purpose":
            continue
        for node in root.walk():
            if node.source in ("table_row", "table_group") or node.agencies:
                continue
            if node.style == "article":
                # "Điều 3. Nhiệm vụ và quyền hạn của Đoàn kiểm tra" over its duties; an article
                # whose heading is its first sentence ("Điều 2. Giao Sở X …") names no owner; a
                # regulation of one body's functions: its article "Nhiệm vụ và quyền hạn" is the body's
                found = heading_agencies(node.heading, known) if node.children else None
                if found is None and regulated and node.children and _DUTIES_ARTICLE_RE.match(node.heading):
                    found = (list(regulated[0]), "")
            else:
                found = heading_agencies(node.heading, known) or _list_lead_in(node)
            if found is None:
                continue
            mentions, rest = found
            mentions = mentions + _members_listed(node, mentions)
            node.agencies = [m.name for m in mentions]
            node.owner_rest = rest  # type: ignore[attr-defined]
            node.owner_mentions = mentions  # type: ignore[attr-defined]


_MEMBERS_RE = re.compile(r"\bgồm\s*:\s*$", re.IGNORECASE)


def _members_listed(node: Section, heads: list[Mention]) -> list[Mention]:
    """A group heading an item whose text lists its members before the lettered points ("2. Các
    sở quản lý nhà nước chuyên ngành về hạ tầng / Giao các sở … gồm: / - Sở Công Thương (…); /
    - Sở Khoa học và Công nghệ (…)"): each member does the points too."""
    points = [c for c in node.children if c.style not in BULLETS]
    bullets = [c for c in node.children if c.style in BULLETS]
    if not points or not bullets or not any(m.kind == "generic" for m in heads):
        return []
    if not any(_MEMBERS_RE.search(text) for text in node.body):
        return []
    out: list[Mention] = []
    for bullet in bullets:
        out.extend(
            m for m in match_list(tokenize(bullet.heading), 0, bullet.heading)[0] if m.kind != "generic"
        )
    return out


def _list_lead_in(node: Section) -> tuple[list[Mention], str] | None:
    """ "2. Yêu cầu các sở, ban, ngành:" over a list of actions: the agencies it names do each
    action below it (the items under it name no one of their own). The heading is read as the
    item's own duty too ("Giao Sở X chủ trì, phối hợp với Sở Y thực hiện các nội dung sau:")."""
    if not node.children or not node.heading.rstrip().endswith(":"):
        return None
    clause = analyse_clause(node.heading, node.line)
    # (or the doers the item names over "the following": "5. Để …, các Sở, ngành, UBND cấp xã …
    # triển khai thực hiện những nội dung sau:")
    following = clause.cue == "subject" and (
        _FOLLOWING_RE.search(node.heading) is not None
        # "1. Sở Tài chính có trách nhiệm quản lý về nghiệp vụ, bao gồm:" over a), b), c)
        or _RESPONSIBLE_FOR_RE.search(node.heading) is not None
    )
    # (or the bodies and their roles alone: "1. Bộ Tài chính chủ trì, phối hợp với các bộ, địa
    # phương liên quan:" over its points)
    roles_only = clause.cue == "subject" and _ROLES_ONLY_RE.search(node.heading) is not None
    if (clause.cue not in ("giao", "de_nghi") and not following and not roles_only) or not clause.subjects:
        return None
    return clause.subjects, node.heading


_ROLES_ONLY_RE = re.compile(
    r"\bchủ trì\s*(?:,\s*phối hợp\s+(?:với\s+)?[^:;.]{1,150})?\s*:\s*$", re.IGNORECASE
)
_RESPONSIBLE_FOR_RE = re.compile(
    r"\b(?:có|chịu)\s+trách\s+nhiệm\b[^:]*\b(?:bao gồm|gồm|như sau|cụ thể)\s*:\s*$", re.I
)
_FOLLOWING_RE = re.compile(
    r"\b(?:nội dung|nhiệm vụ|việc)\s+(?:cụ thể\s+)?(?:sau|như sau|sau đây)\s*:\s*$", re.IGNORECASE
)


def mark_part_kinds(roots: list[Section], parts: dict[int, str]) -> None:
    for root in roots:
        if parts[id(root)] == "content":
            headed = [n for n in root.walk()[1:] if n.agencies and n.source == "text"]
            if len(headed) >= 2:
                parts[id(root)] = "organisation"


def move_closing_paragraphs(roots: list[Section], state: ParseState) -> None:
    """The last paragraphs of the last agency item, addressed to other agencies, belong to the
    part ("Các sở, ngành, địa phương … kịp thời báo cáo …" after the last agency)."""
    for parent in [n for root in roots for n in root.walk()]:
        items = [c for c in parent.children if c.style not in BULLETS and c.source == "text"]
        headed = [c for c in items if c.agencies]
        if len(headed) < 2 or len(headed) * 2 < len(items) or not items or not items[-1].agencies:
            continue
        last = items[-1]
        own = {fold(name) for name in last.agencies}
        moved: list[tuple[str, int]] = []
        while last.body:
            paragraph = last.body[-1]
            first_clause = split_clauses(paragraph)[:1]
            if not first_clause:
                break
            clause = analyse_clause(first_clause[0], 0, light=True)
            if not clause.subjects or clause.cue != "subject":
                break
            if any(fold(m.name) in own for m in clause.subjects):
                break
            moved.insert(0, (paragraph, last.body_lines[-1] if last.body_lines else last.line))
            last.body.pop()
            if last.body_lines:
                last.body_lines.pop()
        if moved:
            parent.closing.extend(text for text, _line in moved)
            parent.closing_lines.extend(line for _text, line in moved)
            last.end_line = max([last.line, *last.body_lines])
            state.warn(
                ParseWarning(
                    "closing_paragraph",
                    _(
                        "The last paragraph of %(item)s is addressed to other agencies; it is read as the "
                        "closing paragraph of %(part)s."
                    )
                    % {"item": last.path, "part": parent.path},
                    where=parent.path,
                    line=moved[0][1],
                )
            )


def read(doc: Document) -> None:
    """Stage "parts": part kinds, agency-headed items, closing paragraphs."""
    doc.parts = {id(root): part_kind(root) for root in doc.roots}
    find_owners(doc.roots, doc.parts, doc.known, regulated_body(doc.result.title, doc.known))
    mark_part_kinds(doc.roots, doc.parts)
    move_closing_paragraphs(doc.roots, doc.state)
