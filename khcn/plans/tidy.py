"""Punctuation of text assembled from pieces (the consolidated report): one function, ``tidy``,
used for the page and the DOCX alike.

Joining what agencies wrote with "; " or adding "(agency)" after a sentence leaves marks
doubled: "đơn vị.; 3 nhiệm vụ", "Thiếu kinh phí.." , "(IV.9 (thứ hai))", double spaces.
``tidy`` puts them right, line by line (line breaks are kept), and leaves the rest alone: an
ellipsis ("..." or "…") stays, numbers ("1.500", "II.3.c") and symbols ("50-KL/TW") are
untouched.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a\u202f]+")
_SPACE_BEFORE = re.compile(r" +(?=[,;:.!?)\]…])")
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[]) +")
_MANY_DOTS = re.compile(r"\.{4,}")
_DOUBLE_DOT = re.compile(r"(?<!\.)\.\.(?!\.)")
_ELLIPSIS_DOT = re.compile(r"(…|\.\.\.)\.(?!\.)")
# A mark right after another: the stronger one stays (";" over "," and "."; "." at the end).
_PAIRS = (
    (re.compile(r"(?<!\.)\.[;,](?=\s|$)"), lambda m: m.group(0)[1]),  # ".;" ".," → ";" ","
    (re.compile(r"[;,]\.(?!\.)"), lambda m: "."),  # ";." ",." → "."
    (re.compile(r";[;,]+|,;"), lambda m: ";"),  # ";;" ";," ",;" → ";"
    (re.compile(r",,+"), lambda m: ","),
    (re.compile(r":[.;,]+(?=\s|$)"), lambda m: ":"),
)
_EMPTY_PARENS = re.compile(r" ?\(\s*\)")


def _flatten_parentheses(line: str) -> str:
    """Parentheses inside parentheses read as a list: "(IV.9 (thứ hai))" → "(IV.9, thứ hai)",
    "((II.1))" → "(II.1)". A line whose parentheses do not pair up is left as it is."""
    depth = 0
    for ch in line:
        depth += 1 if ch == "(" else -1 if ch == ")" else 0
        if depth < 0:
            return line
    if depth != 0 or "(" not in line:
        return line
    out: list[str] = []
    depth = 0
    n = len(line)
    for i, ch in enumerate(line):
        if ch == "(":
            depth += 1
            if depth == 1:
                out.append(ch)
                continue
            while out and out[-1] == " ":
                out.pop()
            if out and out[-1] not in "(,;":
                out.append(", ")
            continue
        if ch == ")":
            depth -= 1
            if depth == 0:
                out.append(ch)
                continue
            rest = line[i + 1 :].lstrip()
            if i + 1 < n and rest and rest[0] not in "),;.:":
                out.append(",")
            continue
        if ch == " " and out and out[-1] in ("(", ", "):
            continue
        out.append(ch)
    return "".join(out)


def tidy(text: str) -> str:
    """``text`` with its punctuation put right: doubled marks (".;", ";.", "..", ",,"), nested
    parentheses, spaces doubled or before a mark, empty parentheses. Line breaks are kept;
    each line is stripped."""
    lines = []
    for raw in str(text or "").split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        line = _flatten_parentheses(line)
        line = _EMPTY_PARENS.sub("", line)
        line = _SPACE_BEFORE.sub("", line)
        line = _SPACE_AFTER_OPEN.sub("", line)
        line = _MANY_DOTS.sub("...", line)
        line = _ELLIPSIS_DOT.sub(lambda m: m.group(1), line)
        line = _DOUBLE_DOT.sub(".", line)
        for pattern, replacement in _PAIRS:
            line = pattern.sub(replacement, line)
        lines.append(_SPACES.sub(" ", line).strip())
    return "\n".join(lines)


def tidy_cell(value: object) -> object:
    """A table cell: text tidied, anything else (a number, a date) as it is."""
    return tidy(value) if isinstance(value, str) else value
