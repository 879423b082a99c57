"""Item paths as people read them.

An item's ``path`` ("II.3.c") is its stable key, shared with the parser's JSON: an item printed
with the same label as the one before is "IV.9 (second)", a part's closing paragraph
"IV (closing paragraph)". ``display_path`` gives the suffix in the active language ("IV.9 (thứ
hai)"); ``path_key`` reads a path typed in either language back to the key.
"""

from __future__ import annotations

import re

from django.utils.translation import override, pgettext_lazy

from khcn.core.text import fold

SUFFIXES = {
    "second": pgettext_lazy("item path", "second"),
    "third": pgettext_lazy("item path", "third"),
    "fourth": pgettext_lazy("item path", "fourth"),
    "closing paragraph": pgettext_lazy("item path", "closing paragraph"),
}
_SUFFIX_RE = re.compile(r"^(?P<base>.*?) \((?P<suffix>[^()]+)\)$")


def display_path(path: str) -> str:
    """``path`` with its suffix translated: "IV.9 (second)" → "IV.9 (thứ hai)" in Vietnamese."""
    match = _SUFFIX_RE.match(path or "")
    if match is None or match["suffix"] not in SUFFIXES:
        return path or ""
    return f"{match['base']} ({SUFFIXES[match['suffix']]})"


def _known() -> dict[str, str]:
    known: dict[str, str] = {}
    for key, label in SUFFIXES.items():
        known[fold(key)] = key
        for language in ("vi", "en"):
            with override(language):
                known[fold(str(label))] = key
    return known


def path_key(text: str) -> str:
    """The key of a path typed in any language: "IV.9 (thứ hai)" → "IV.9 (second)"."""
    text = (text or "").strip()
    match = _SUFFIX_RE.match(text)
    if match is None:
        return text
    key = _known().get(fold(match["suffix"]).strip())
    return f"{match['base']} ({key})" if key else text


ORDINALS = {2: "second", 3: "third", 4: "fourth"}


def duplicate_path(path: str, n: int) -> str:
    """The path of the n-th item printed with the same label: "IV.9 (second)", as the parser
    names it."""
    return f"{path} ({ORDINALS.get(n, str(n))})"
