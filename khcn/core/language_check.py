"""Find interface strings of the other language in a rendered page (a test helper).

A Vietnamese page must not show an English msgid whose Vietnamese translation differs (a
string left unmarked, or rendered outside the user's language); an English page must not show
a Vietnamese translation (a string translated in the wrong language, or Vietnamese text in a
template). User data (plan content, agency and people names) is never matched as such: only
strings of the catalogues count, matched against whole text nodes, so a Vietnamese plan title on
an English page passes unless it *is* a translation of the interface.

The strings come from the project's catalogue (``locale/vi``) and from Django's own Vietnamese
catalogues (forms, validators, ``contrib.auth``): a Django message shown in English on a
Vietnamese page is caught even where Django's catalogue has no translation for it.

What is a match:

- a **text node** (the text between two tags, whitespace collapsed), or one of its parts
  between separators (``·``, ``—``, ``→``, ``:``, ``;``, ``|``, brackets), or a visible
  attribute (``placeholder``, ``title``, ``aria-label``, ``alt``, a button's ``value``,
  ``hx-confirm``), equal to a catalogue string;
- a catalogue string with placeholders (``%(name)s``, ``%d``) matches any text in their place;
- a msgid with inline markup (``<strong>…</strong>``) counts by each of its text fragments.

What is left out, to keep the check free of false alarms:

- strings identical in both languages (``Excel``, ``PDF``), strings shorter than
  ``MIN_LETTERS`` letters outside placeholders, and strings that are at the same time an
  English msgid and a Vietnamese translation;
- ``<script>``, ``<style>``, ``<template>`` and ``<svg>``;
- any element marked ``lang`` with another language than the page's (the language switch
  names each language in its own tongue: ``<a lang="vi">Tiếng Việt</a>``) or
  ``translate="no"`` (a code shown as such).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

MIN_LETTERS = 4

_SKIPPED_TAGS = {"script", "style", "template", "svg", "noscript"}
_VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
}  # fmt: skip
_VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "hx-confirm", "data-confirm")
_BUTTON_TYPES = {"submit", "button", "reset"}
_SEPARATORS = re.compile(r"\s+[·—–→|/]\s+|[:;()\[\]«»“”\"]|\s-\s")
_PLACEHOLDER = re.compile(
    r"%\((?P<name>[^)]+)\)[-#0 +]*\d*(?:\.\d+)?(?P<conv>[sdifr])"
    r"|%[-#0 +]*\d*(?:\.\d+)?(?P<pconv>[sdifr])"
    r"|\{\w*\}"
)
_NUMBERS = {"counter", "count", "num", "number", "n", "total"}  # placeholders that hold a number
_DATES = {"start", "end", "day", "since", "until", "from", "to"}  # …and a date (dd/mm/yyyy)
_DATE = r"\d{1,2}/\d{1,2}/\d{4}(?: \d{1,2}:\d{2})?"
_TAG = re.compile(r"<[^>]+>")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def _normalise(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class CatalogueString:
    """One string of one language, as a page would show it, with where it comes from."""

    text: str  # normalised, placeholders kept
    msgid: str  # the msgid it belongs to (for the report)
    pattern: re.Pattern[str] | None = None  # when it has placeholders

    def matches(self, node: str) -> bool:
        if self.pattern is None:
            return node == self.text
        return self.pattern.fullmatch(node) is not None


def _fragments(text: str) -> list[str]:
    """The visible pieces of a catalogue string: tags split it, ``%%`` reads ``%``."""
    text = html.unescape(text)
    return [f for f in (_normalise(part) for part in _TAG.split(text)) if f]


def _letters(text: str) -> int:
    return len(_LETTER.findall(_PLACEHOLDER.sub("", text)))


def _compile(text: str, msgid: str) -> CatalogueString:
    if "%" not in text and "{" not in text:
        return CatalogueString(text, msgid)
    parts, pos = [], 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[pos : match.start()].replace("%%", "%")))
        name = match["name"] or ""
        if "d" in (match["conv"], match["pconv"]) or name in _NUMBERS:
            parts.append(r"\d[\d.,]*")
        elif "date" in name or name in _DATES:
            parts.append(_DATE)
        else:
            # A name, a number with its unit, a short phrase: not a whole paragraph of data
            # (a Vietnamese text ending in "điểm" is not "%(value)s điểm").
            parts.append(r"[^\n]{1,80}?")
        pos = match.end()
    parts.append(re.escape(text[pos:].replace("%%", "%")))
    if len(parts) == 1:
        return CatalogueString(text.replace("%%", "%"), msgid)
    return CatalogueString(text, msgid, re.compile("".join(parts), re.DOTALL))


def _texts(value: object) -> tuple[str, ...]:
    """A catalogue entry's msgid or msgstr as a tuple (plural entries hold several)."""
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),) if value else ()


@dataclass
class Catalogues:
    """The strings that betray the wrong language: ``english`` must not appear on Vietnamese
    pages, ``vietnamese`` must not appear on English pages."""

    english: list[CatalogueString] = field(default_factory=list)
    vietnamese: list[CatalogueString] = field(default_factory=list)

    @classmethod
    def load(cls, project_po: Path, django_pos: Iterable[Path] = ()) -> Catalogues:
        """The project's Vietnamese catalogue, and Django's: an English msgid of Django's counts
        even without a Vietnamese translation (Django's catalogue may lack one: it still shows
        English on a Vietnamese page)."""
        english: dict[str, str] = {}
        vietnamese: dict[str, str] = {}
        sources = [(Path(project_po), False), *((Path(p), True) for p in django_pos)]
        for path, third_party in sources:
            with path.open("rb") as handle:
                catalogue = read_po(handle)
            for message in catalogue:
                if not message.id or message.fuzzy:
                    continue
                ids = _texts(message.id)
                strings = tuple(s for s in _texts(message.string) if s)
                if not strings and not third_party:
                    continue
                msgid = ids[0]
                en_parts = {f for i in ids for f in _fragments(i)}
                vi_parts = {f for s in strings for f in _fragments(s)}
                for part in en_parts - vi_parts:
                    english.setdefault(part, msgid)
                for part in vi_parts - en_parts:
                    vietnamese.setdefault(part, msgid)
        both = english.keys() & vietnamese.keys()

        def kept(strings: dict[str, str]) -> list[CatalogueString]:
            return [
                _compile(t, m) for t, m in strings.items() if t not in both and _letters(t) >= MIN_LETTERS
            ]

        return cls(english=kept(english), vietnamese=kept(vietnamese))

    def without(self, texts: Iterable[str]) -> Catalogues:
        """The same, less the strings equal to one of ``texts``: data that happens to read like
        an interface string (an agency whose short name is "Sở KH&CN", the translation of
        "the DOST") is not a mistake."""
        data = {_normalise(t) for t in texts if t}
        return Catalogues(
            english=[s for s in self.english if s.text not in data],
            vietnamese=[s for s in self.vietnamese if s.text not in data],
        )

    def foreign(self, page_language: str) -> list[CatalogueString]:
        return self.english if page_language.startswith("vi") else self.vietnamese


class _VisibleText(HTMLParser):
    """Text nodes and visible attributes of a page, outside skipped and other-language parts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.language = ""
        self.nodes: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, hidden)

    @property
    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def _other_language(self, attrs: dict[str, str | None]) -> bool:
        lang = attrs.get("lang")
        if lang is not None and self.language and lang.split("-")[0] != self.language.split("-")[0]:
            return True
        return attrs.get("translate") == "no"

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "html" and attrs.get("lang"):
            self.language = attrs["lang"] or ""
        hidden = self._hidden or tag in _SKIPPED_TAGS or self._other_language(attrs)
        if not hidden:
            for name in _VISIBLE_ATTRIBUTES:
                if attrs.get(name):
                    self.nodes.append(_normalise(attrs[name] or ""))
            if tag == "input" and (attrs.get("type") or "").lower() in _BUTTON_TYPES and attrs.get("value"):
                self.nodes.append(_normalise(attrs["value"] or ""))
        if tag not in _VOID_TAGS:
            self._stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs_list)
        if tag not in _VOID_TAGS and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching tag (HTML lets some end tags be left out).
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            text = _normalise(data)
            if text:
                self.nodes.append(text)


def visible_text(page: str) -> tuple[str, list[str]]:
    """The page's language (``<html lang>``) and its visible text nodes."""
    parser = _VisibleText()
    parser.feed(page)
    parser.close()
    return parser.language, parser.nodes


def _candidates(node: str) -> Iterator[str]:
    yield node
    parts = [p.strip(" .,!?…") for p in _SEPARATORS.split(node)]
    if len(parts) > 1:
        for part in parts:
            if part and part != node:
                yield part


@dataclass(frozen=True)
class Finding:
    text: str  # what the page shows
    msgid: str  # the catalogue entry it comes from

    def __str__(self) -> str:
        if self.text == self.msgid:
            return repr(self.text)
        return f"{self.text!r} (msgid {self.msgid!r})"


def foreign_strings(page: str, catalogues: Catalogues, *, language: str | None = None) -> list[Finding]:
    """The catalogue strings of the other language found in ``page`` (HTML), once each."""
    page_language, nodes = visible_text(page)
    language = language or page_language
    strings = catalogues.foreign(language)
    exact = {s.text: s for s in strings if s.pattern is None}
    patterned = [s for s in strings if s.pattern is not None]
    found: dict[str, Finding] = {}
    for node in dict.fromkeys(nodes):
        for candidate in _candidates(node):
            hit = exact.get(candidate) or next((s for s in patterned if s.matches(candidate)), None)
            if hit is not None:
                found.setdefault(candidate, Finding(candidate, hit.msgid))
                break
    return list(found.values())
