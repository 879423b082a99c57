"""Message catalogues without GNU gettext: extract, merge, compile and check.

A pure-Python stand-in for ``makemessages`` + ``compilemessages`` (xgettext, msgmerge and
msgfmt are not installed on the servers KHCN targets). It follows what Django does so that
the msgids written to the catalogue are exactly the strings Django looks up at run time:

* Python files are read with Babel's ``extract_python`` and Django's gettext keywords.
* Templates go through Django's own ``templatize()`` (what ``makemessages`` uses), which turns
  ``{% translate %}``, ``{% blocktranslate %}`` (``trimmed``, ``count``, ``context``, variables
  as ``%(name)s``) and ``_("…")`` constants into gettext calls; the result is read with the same
  Python extractor.
* Catalogues are Babel's: read and written by ``babel.messages.pofile``, merged like
  ``msgmerge`` by ``Catalog.update`` (new entries empty, translations kept, near matches
  offered as fuzzy, vanished entries made obsolete) and compiled like ``msgfmt`` by
  ``write_mo`` (fuzzy and untranslated entries left out). Added here: obsolete entries are
  revived when their msgid returns, untranslated vanished ones dropped, plural translations
  given the language's number of forms, ``#|`` lines read back, and the header has no dates.
* ``catalogue_problems`` lists what makes a catalogue incomplete or wrong; the test suite and
  ``manage.py messages_update --check`` fail on it.

See ``docs/translations.md`` for the developer's side.
"""

from __future__ import annotations

import ast
import io
import os
import re
import string
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as BabelMessage
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, PoFileParser, unescape, write_po

__all__ = [
    "KEYWORDS",
    "CatalogueStats",
    "ExtractedMessages",
    "Message",
    "MessageKey",
    "catalogue_path",
    "catalogue_problems",
    "catalogue_stats",
    "compile_catalogue",
    "extract_messages",
    "format_problems",
    "load_catalogue",
    "merge_catalogue",
    "placeholder_problems",
    "plural_forms",
    "project_roots",
    "save_catalogue",
    "update_catalogue",
]

MessageKey = tuple[str | None, str]
"""A catalogue key: ``(msgctxt or None, msgid)``; gettext keys entries the same way."""

# Argument positions (0-based) of (context, singular, plural) for each gettext function.
KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}

COMMENT_TAGS = ("Translators",)
TEMPLATE_SUFFIXES = frozenset({".html", ".txt"})
SKIPPED_DIRS = frozenset({"migrations", "tests", "__pycache__", "node_modules"})
WRAP_WIDTH = 80  # for write_po, which measures the quoted string without its keyword
PROJECT_NAME = "KHCN"

# A printf-style directive as Python's ``%`` operator reads it. The space flag is left out on
# purpose: "10% off" is prose, not a format string.
_PY_DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0+]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)


@dataclass
class Message:
    """One translatable string found in the source tree."""

    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    locations: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def key(self) -> MessageKey:
        """The catalogue key ``(msgctxt, msgid)``."""
        return (self.msgctxt, self.msgid)

    @property
    def python_format(self) -> bool:
        """Whether the msgid (or its plural) is a ``%``-format string."""
        return is_python_format(self.msgid) or bool(self.msgid_plural and is_python_format(self.msgid_plural))

    def describe(self) -> str:
        """A short human-readable label: context, msgid and first location."""
        label = f"msgid {self.msgid!r}"
        if self.msgctxt is not None:
            label = f"msgctxt {self.msgctxt!r} {label}"
        if self.locations:
            path, line = self.locations[0]
            label += f" ({path}:{line})"
        return label


class ExtractedMessages(dict[MessageKey, Message]):
    """The messages of a source tree, keyed by ``(msgctxt, msgid)``.

    ``problems`` holds what the extractor found wrong in the sources themselves (f-strings or
    formatting inside a gettext call, unreadable files, one msgid used with two plurals).
    """

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.files: int = 0


@dataclass
class CatalogueStats:
    """Counts describing one catalogue after an update."""

    language: str
    total: int = 0
    translated: int = 0
    untranslated: int = 0
    fuzzy: int = 0
    obsolete: int = 0
    added: int = 0
    obsoleted: int = 0
    changed: bool = False


# --- Extraction ---------------------------------------------------------------------------


def project_roots(base_dir: Path) -> list[Path]:
    """The directories KHCN extracts messages from: ``khcn/``, ``config/`` and ``templates/``."""
    return [base_dir / "khcn", base_dir / "config", base_dir / "templates"]


def extract_messages(roots: Sequence[Path], *, base_dir: Path | None = None) -> ExtractedMessages:
    """Collect every translatable string under ``roots``.

    Python files (``*.py``) and Django templates (``*.html``, ``*.txt`` in a ``templates``
    directory) are read; ``migrations/`` and ``tests/`` directories are skipped. Locations are
    written relative to ``base_dir`` (by default the directory holding the roots).
    """
    roots = [Path(root).resolve() for root in roots]
    if base_dir is None:
        base_dir = Path(os.path.commonpath([root.parent for root in roots])) if roots else Path.cwd()
    base_dir = Path(base_dir).resolve()
    result = ExtractedMessages()
    for path, is_template in _source_files(roots):
        location = _relative(path, base_dir)
        result.files += 1
        try:
            source = path.read_bytes()
            if is_template:
                found = list(_extract_template(source.decode("utf-8"), location))
            else:
                result.problems.extend(_lint_python(source, location))
                found = list(_messages_from_tokens(source, location, template=False))
        except (UnicodeDecodeError, SyntaxError, ValueError) as exc:
            result.problems.append(f"{location}: cannot extract messages: {exc}")
            continue
        for message in found:
            _add_message(result, message)
    for message in result.values():
        message.locations = sorted(set(message.locations))
    return result


def _source_files(roots: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Yield ``(path, is_template)`` for every source file under ``roots``, sorted."""
    seen: set[Path] = set()
    for root in roots:
        if root.is_file():
            candidates = [root]
            base = root.parent
        elif root.is_dir():
            candidates = sorted(root.rglob("*"))
            base = root
        else:
            continue
        for path in candidates:
            if path in seen or not path.is_file():
                continue
            relative_dirs = path.relative_to(base).parts[:-1]
            if any(part in SKIPPED_DIRS or part.startswith(".") for part in relative_dirs):
                continue
            in_templates = "templates" in relative_dirs or root.name == "templates"
            if path.suffix == ".py":
                seen.add(path)
                yield path, False
            elif path.suffix in TEMPLATE_SUFFIXES and in_templates:
                seen.add(path)
                yield path, True


def _relative(path: Path, base_dir: Path) -> str:
    try:
        return path.relative_to(base_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _add_message(result: ExtractedMessages, message: Message) -> None:
    existing = result.get(message.key)
    if existing is None:
        result[message.key] = message
        return
    if message.msgid_plural != existing.msgid_plural:
        if existing.msgid_plural is None or message.msgid_plural is None:
            # gettext cannot hold one msgid both as a singular and as a plural entry: the
            # singular lookup would miss the plural entry at run time.
            result.problems.append(
                f"{message.locations[0][0]}:{message.locations[0][1]}: {message.describe()} is used "
                f"both with and without a plural (also at "
                f"{existing.locations[0][0]}:{existing.locations[0][1]}); use a different msgid or "
                "a context"
            )
        else:
            result.problems.append(
                f"{message.locations[0][0]}:{message.locations[0][1]}: {message.describe()} has "
                f"plural {message.msgid_plural!r} here but {existing.msgid_plural!r} at "
                f"{existing.locations[0][0]}:{existing.locations[0][1]}"
            )
        existing.msgid_plural = existing.msgid_plural or message.msgid_plural
    existing.locations.extend(message.locations)
    for comment in message.comments:
        if comment not in existing.comments:
            existing.comments.append(comment)


def _messages_from_tokens(source: bytes, location: str, *, template: bool) -> Iterator[Message]:
    """Run Babel's Python extractor over ``source`` and apply :data:`KEYWORDS`."""
    keywords: dict[str, None] = dict.fromkeys(KEYWORDS)
    results = extract_python(io.BytesIO(source), keywords, COMMENT_TAGS, {"encoding": "utf-8"})
    for lineno, funcname, raw, comments in results:
        args = list(raw) if isinstance(raw, tuple | list) else [raw]
        ctxt_pos, singular_pos, plural_pos = KEYWORDS[str(funcname)]
        needed = [pos for pos in (ctxt_pos, singular_pos, plural_pos) if pos is not None]
        if len(args) <= max(needed) or any(args[pos] is None for pos in needed):
            continue  # not a literal: a variable translated at run time, or linted elsewhere
        msgid = str(args[singular_pos])
        msgid_plural = args[plural_pos] if plural_pos is not None else None
        msgctxt = args[ctxt_pos] if ctxt_pos is not None else None
        if template and funcname == "_":
            # ``_("…")`` in a template tag or filter is resolved by ``Variable``, which doubles
            # ``%`` before the lookup; templatize() leaves the literal as written.
            msgid = msgid.replace("%", "%%")
        if not msgid:
            continue
        yield Message(
            msgid=msgid,
            msgid_plural=msgid_plural,
            msgctxt=msgctxt,
            locations=[(location, lineno)],
            comments=[comment for comment in (comments or []) if comment],
        )


def _extract_template(source: str, location: str) -> Iterator[Message]:
    """Extract a Django template through ``templatize()``, as ``makemessages`` does."""
    from django.utils.translation import TranslatorCommentWarning
    from django.utils.translation.template import templatize

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TranslatorCommentWarning)
        pseudo_python = templatize(source, origin=location)
    # The blanked-out template keeps its indentation, which Python's tokenizer may reject;
    # nothing of interest depends on it, and line numbers are kept.
    pseudo_python = "\n".join(line.lstrip() for line in pseudo_python.split("\n"))
    return _messages_from_tokens(pseudo_python.encode("utf-8"), location, template=True)


def _lint_python(source: bytes, location: str) -> list[str]:
    """Find gettext calls whose message is built before translation (never found at run time)."""
    tree = ast.parse(source, filename=location)
    problems: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        )
        if name is None or name not in KEYWORDS or (name == "_" and not isinstance(func, ast.Name)):
            continue
        _, singular_pos, plural_pos = KEYWORDS[name]
        for pos in (singular_pos, plural_pos):
            if pos is None or pos >= len(node.args):
                continue
            reason = _dynamic_message_reason(node.args[pos])
            if reason:
                problems.append(
                    f"{location}:{node.lineno}: {name}() gets {reason}; pass a literal string with named "
                    "placeholders and format the translated result"
                )
    return problems


def _dynamic_message_reason(arg: ast.expr) -> str | None:
    if isinstance(arg, ast.JoinedStr):
        return "an f-string"
    if isinstance(arg, ast.BinOp) and _has_string_constant(arg):
        return "a string built with an operator"
    if (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr == "format"
        and isinstance(arg.func.value, ast.Constant)
        and isinstance(arg.func.value.value, str)
    ):
        return "a string formatted with .format()"
    return None


def _has_string_constant(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _has_string_constant(node.left) or _has_string_constant(node.right)
    return False


# --- Format strings -----------------------------------------------------------------------


@dataclass
class _PercentFormat:
    names: set[str]
    positional: list[str]
    invalid: bool


def _parse_percent(text: str) -> _PercentFormat:
    names: set[str] = set()
    positional: list[str] = []
    invalid = False
    pos = text.find("%")
    while pos != -1:
        match = _PY_DIRECTIVE.match(text, pos)
        if match is None:
            invalid = True
            pos = text.find("%", pos + 1)
            continue
        if match["conv"] != "%":
            if match["name"] is not None:
                names.add(match["name"])
            else:
                positional.append(match["conv"])
        pos = text.find("%", match.end())
    return _PercentFormat(names, positional, invalid)


def is_python_format(text: str) -> bool:
    """Whether ``text`` reads as a ``%``-format string (every ``%`` a valid directive)."""
    if "%" not in text:
        return False
    parsed = _parse_percent(text)
    return not parsed.invalid


def _brace_fields(text: str) -> list[str] | None:
    """The ``str.format`` field names in ``text``, or None if it has none or does not parse."""
    if "{" not in text:
        return None
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return None
    return fields or None


def placeholder_problems(
    msgid: str,
    msgstr: str,
    *,
    msgid_plural: str | None = None,
    plural_index: int = 0,
    nplurals: int = 1,
    flags: Iterable[str] = (),
) -> list[str]:
    """Compare the placeholders of one translation (or one plural form) with the English.

    A singular translation must use exactly the named placeholders of ``msgid``. Plural form
    ``plural_index`` translates ``msgid`` when it is form 0 of a language with several forms,
    and ``msgid_plural`` otherwise; it must keep that string's named placeholders, may use those
    of the other English form, and must never add unknown ones. Positional placeholders
    (``%s``, ``%d``) must match in number, order and type; ``{}``-format fields must match too.
    """
    flags = set(flags)
    if msgid_plural is None:
        reference, sources = msgid, [msgid]
    else:
        reference = msgid if nplurals > 1 and plural_index == 0 else msgid_plural
        sources = [msgid, msgid_plural]
    may_omit = msgid_plural is not None and nplurals > 1 and plural_index == 0
    problems: list[str] = []
    if "no-python-format" not in flags and any(is_python_format(text) for text in sources):
        ref = _parse_percent(reference)
        allowed = set().union(*(_parse_percent(text).names for text in sources))
        got = _parse_percent(msgstr)
        if got.invalid:
            problems.append("a lone '%' in the translation (write '%%' for a percent sign)")
        extra = got.names - allowed
        missing = set() if may_omit else ref.names - got.names
        if extra:
            problems.append(f"unknown placeholders {_fmt_names(extra)}")
        if missing:
            problems.append(f"missing placeholders {_fmt_names(missing)}")
        if got.positional != ref.positional:
            problems.append(
                f"positional placeholders {_fmt_conv(got.positional)} instead of {_fmt_conv(ref.positional)}"
            )
    if "no-python-brace-format" not in flags and _brace_fields(reference) is not None:
        expected = sorted(_brace_fields(reference) or [])
        if "{" not in msgstr:
            actual: list[str] | None = []
        else:
            try:
                actual = sorted(n for _, n, _, _ in string.Formatter().parse(msgstr) if n is not None)
            except ValueError:
                actual = None
        if actual is None:
            problems.append("the translation is not a valid {}-format string")
        elif actual != expected:
            problems.append(f"brace fields {actual} instead of {expected}")
    return problems


def _fmt_names(names: Iterable[str]) -> str:
    return ", ".join(f"%({name})s" for name in sorted(names))


def _fmt_conv(convs: list[str]) -> str:
    return "[" + ", ".join(f"%{conv}" for conv in convs) + "]"


# --- Catalogues (Babel) -------------------------------------------------------------------

# Babel fills in the language name and the project (see ``Catalog.header_comment``).
HEADER_COMMENT = (
    "# Translations template for PROJECT.\n"
    "# Maintained by `manage.py messages_update` (see docs/translations.md):\n"
    "# edit msgstr only."
)


class _Catalogue(Catalog):
    """A Babel catalogue whose header has no dates (and no Babel version).

    Babel's own header carries ``POT-Creation-Date``, ``PO-Revision-Date`` and
    ``Generated-By``; they would make every run rewrite the ``.po`` and ``.mo`` files, whose
    history git keeps anyway.
    """

    def __init__(self, locale: str | None = None) -> None:
        super().__init__(locale=locale, project=PROJECT_NAME, header_comment=HEADER_COMMENT, fuzzy=False)
        self.msgid_bugs_address = self.last_translator = self.language_team = ""

    def _fixed_headers(self) -> list[tuple[str, str]]:
        return [
            ("Project-Id-Version", PROJECT_NAME),
            ("Report-Msgid-Bugs-To", self.msgid_bugs_address),
            ("Last-Translator", self.last_translator),
            ("Language-Team", self.language_team),
            ("Language", self.locale_identifier or ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", f"{self.plural_forms}\n"),  # the header's last line ends with \n too
        ]

    mime_headers = property(_fixed_headers, Catalog.mime_headers.fset)


def catalogue_path(locale_dir: Path, language: str, domain: str = "django") -> Path:
    """``<locale_dir>/<language>/LC_MESSAGES/<domain>.po``."""
    return Path(locale_dir) / language / "LC_MESSAGES" / f"{domain}.po"


def plural_forms(language: str) -> str:
    """The ``Plural-Forms`` header for ``language`` (from CLDR via Babel)."""
    return get_plural(language.replace("-", "_")).plural_forms


def load_catalogue(po_path: Path) -> Catalog:
    """Read ``po_path`` with Babel's PO parser, as ``read_po`` does, into a dateless catalogue.

    A malformed file raises ``PoFileError``. Babel reads the ``#|`` lines of a fuzzy entry as
    a comment; they are turned back into ``Message.previous_id`` here.
    """
    catalog = _Catalogue()
    PoFileParser(catalog, abort_invalid=True).parse(Path(po_path).read_text(encoding="utf-8").splitlines())
    catalog.charset = "utf-8"
    for message in [*catalog, *catalog.obsolete.values()]:
        _read_previous_id(message)
        _tidy_flags(message)
    return catalog


def save_catalogue(catalog: Catalog, po_path: Path) -> None:
    """Write ``catalog`` to ``po_path`` in the project's format."""
    Path(po_path).write_text(_render(catalog), encoding="utf-8")


def _render(catalog: Catalog) -> str:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WRAP_WIDTH, include_previous=True)
    return buffer.getvalue().decode("utf-8").rstrip("\n") + "\n"


_PREVIOUS_TOKEN = re.compile(r'(msgctxt|msgid_plural|msgid)|("(?:[^"\\]|\\.)*")')


def _read_previous_id(message: BabelMessage) -> None:
    # write_po wraps ``#| msgid "…"`` like any comment: the lines are joined again, and a
    # space that was dropped at a line break inside a string comes back.
    lines = [comment[1:].strip() for comment in message.user_comments if comment.startswith("|")]
    if not lines:
        return
    message.user_comments = [comment for comment in message.user_comments if not comment.startswith("|")]
    previous: list[str] = []
    keyword = None
    for match in _PREVIOUS_TOKEN.finditer(" ".join(lines)):
        if match[1]:
            keyword = match[1]
            if keyword != "msgctxt":
                previous.append("")
        elif keyword != "msgctxt" and previous:
            previous[-1] += unescape(match[2])
    message.previous_id = previous


def _tidy_flags(message: BabelMessage) -> None:
    """Babel sets the format flags from the msgid; ``no-…-format`` (set by hand) wins."""
    for flag, detected in (
        ("python-format", message.python_format),
        ("python-brace-format", message.python_brace_format),
    ):
        if detected and f"no-{flag}" not in message.flags:
            message.flags.add(flag)
        else:
            message.flags.discard(flag)


def _key(message: BabelMessage) -> MessageKey:
    return (message.context, _ids(message)[0])


def _ids(message: BabelMessage) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, list | tuple) else (message.id,)


def _plural(message: BabelMessage) -> str | None:
    ids = _ids(message)
    return ids[1] if len(ids) > 1 else None


def _strings(message: BabelMessage) -> tuple[str, ...]:
    string = message.string
    return tuple(string) if isinstance(string, list | tuple) else (string or "",)


def _forms(message: BabelMessage, nplurals: int) -> tuple[str, ...]:
    return (_strings(message) + ("",) * nplurals)[:nplurals]


def _has_translation(message: BabelMessage) -> bool:
    return any(_strings(message))


def _complete(message: BabelMessage) -> bool:
    return all(_strings(message))


def merge_catalogue(
    catalog: Catalog | None, messages: ExtractedMessages | dict, *, language: str
) -> tuple[Catalog, CatalogueStats]:
    """Merge ``messages`` into ``catalog`` (or a new catalogue) with ``Catalog.update``.

    Babel does what ``msgmerge`` does: new msgids get an empty translation, existing ones keep
    theirs, and a new msgid close to an old translated one takes its translation marked
    ``fuzzy`` (with the old msgid as ``#|``) for a translator to review. Around it: obsolete
    (``#~``) entries take part, so one whose msgid returns is revived with its translation;
    vanished entries without a translation are dropped rather than made obsolete; plural
    translations get the language's number of forms; the header is rewritten without dates.
    """
    stats = CatalogueStats(language=language)
    before = _render(catalog) if catalog is not None else None
    old = catalog if catalog is not None else _Catalogue(language)
    merged = _Catalogue(language)
    merged.msgid_bugs_address = old.msgid_bugs_address
    merged.last_translator = old.last_translator
    merged.language_team = old.language_team
    nplurals = merged.num_plurals

    old_active = {_key(message): message for message in old if message.id}
    old_obsolete = {_key(message): message for message in old.obsolete.values()}
    old_obsolete = {key: message for key, message in old_obsolete.items() if key not in old_active}
    for message in [*old_active.values(), *old_obsolete.values()]:
        message = message.clone()
        if message.pluralizable:
            message.string = _forms(message, nplurals)
        merged[message.id] = message

    template = Catalog()
    for source in sorted(messages.values(), key=_source_order):
        msgid = source.msgid if source.msgid_plural is None else (source.msgid, source.msgid_plural)
        template.add(
            msgid, "", locations=source.locations, auto_comments=source.comments, context=source.msgctxt
        )
    merged.update(template, update_creation_date=False)

    for message in merged:
        if not message.id:
            continue
        if message.pluralizable:
            message.string = _forms(message, nplurals)
        if not _has_translation(message):
            message.flags.discard("fuzzy")
        if not message.fuzzy:
            message.previous_id = []
        elif not message.previous_id:  # still fuzzy from an earlier run: keep its #| lines
            earlier = old_active.get(_key(message)) or old_obsolete.get(_key(message))
            message.previous_id = list(earlier.previous_id) if earlier else []
        _tidy_flags(message)
    kept = [(key, message) for key, message in merged.obsolete.items() if _has_translation(message)]
    merged.obsolete = dict(sorted(kept, key=lambda item: (_key(item[1])[1], _key(item[1])[0] or "")))

    stats.added = sum(1 for key in messages if key not in old_active and key not in old_obsolete)
    stats.obsoleted = sum(1 for message in merged.obsolete.values() if _key(message) in old_active)
    _fill_stats(stats, merged)
    stats.changed = before != _render(merged)
    return merged, stats


def _source_order(message: Message) -> tuple[str, int, str, str]:
    path, line = message.locations[0] if message.locations else ("", 0)
    return (path, line, message.msgctxt or "", message.msgid)


def _fill_stats(stats: CatalogueStats, catalog: Catalog) -> None:
    stats.total = stats.translated = stats.untranslated = stats.fuzzy = 0
    for message in catalog:
        if not message.id:
            continue
        stats.total += 1
        if message.fuzzy:
            stats.fuzzy += 1
        elif _complete(message):
            stats.translated += 1
        else:
            stats.untranslated += 1
    stats.obsolete = len(catalog.obsolete)


def update_catalogue(po_path: Path, messages: ExtractedMessages | dict, *, language: str) -> CatalogueStats:
    """Merge ``messages`` into the catalogue at ``po_path`` and write it if anything changed."""
    po_path = Path(po_path)
    current = load_catalogue(po_path) if po_path.exists() else None
    merged, stats = merge_catalogue(current, messages, language=language)
    text = _render(merged)
    stats.changed = not po_path.exists() or po_path.read_text(encoding="utf-8") != text
    if stats.changed:
        po_path.parent.mkdir(parents=True, exist_ok=True)
        po_path.write_text(text, encoding="utf-8")
    return stats


def catalogue_stats(po_path: Path) -> CatalogueStats:
    """Counts for an existing catalogue (no extraction)."""
    catalog = load_catalogue(Path(po_path))
    stats = CatalogueStats(language=catalog.locale_identifier or "")
    _fill_stats(stats, catalog)
    return stats


def _mo_bytes(po_path: Path) -> bytes:
    """``write_mo`` output for ``po_path``: fuzzy and incomplete entries left out, as msgfmt does."""
    catalog = load_catalogue(po_path)
    for message in list(catalog):
        if message.id and not _complete(message):
            catalog.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def compile_catalogue(po_path: Path) -> Path:
    """Compile ``po_path`` to the ``.mo`` beside it, leaving out fuzzy and untranslated entries."""
    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    binary = _mo_bytes(po_path)
    if not mo_path.exists() or mo_path.read_bytes() != binary:
        mo_path.write_bytes(binary)
    return mo_path


def _mo_is_stale(po_path: Path) -> str | None:
    """Why the ``.mo`` beside ``po_path`` is not what :func:`compile_catalogue` writes, if it is not."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return f"{mo_path.name} is missing"
    if mo_path.read_bytes() != _mo_bytes(po_path):
        return f"{mo_path.name} does not match {po_path.name}"
    return None


def catalogue_problems(
    po_path: Path,
    messages: ExtractedMessages | dict,
    *,
    require_translations: bool = True,
    include_extraction_problems: bool = True,
) -> list[str]:
    """Everything that keeps the catalogue at ``po_path`` from being complete and correct.

    Reports: msgids in the sources but not in the catalogue (or with a different plural),
    untranslated entries and empty plural forms (unless ``require_translations`` is false, as
    for English), fuzzy entries, placeholder mismatches between msgid and msgstr, a
    ``Plural-Forms`` header that is not the language's, a file Babel cannot read (more plural
    forms than the header allows, for one), and a ``.mo`` that is missing or not compiled from
    the current ``.po``. Problems found in the sources by :func:`extract_messages` come first
    when ``include_extraction_problems`` is true.
    """
    po_path = Path(po_path)
    problems: list[str] = []
    if include_extraction_problems:
        problems.extend(getattr(messages, "problems", []))
    if not po_path.exists():
        return [*problems, f"{po_path}: catalogue missing; run `manage.py messages_update`"]
    try:
        catalog = load_catalogue(po_path)
    except (OSError, ValueError, PoFileError) as exc:
        return [*problems, f"{po_path}: cannot be read: {exc}"]

    language = catalog.locale_identifier
    if not language:
        problems.append(f"{po_path.name}: no Language header")
    else:
        expected_forms = plural_forms(language)
        if _normalise_plural(catalog.plural_forms) != _normalise_plural(expected_forms):
            problems.append(
                f"{po_path.name}: Plural-Forms is {catalog.plural_forms!r}, expected {expected_forms!r}"
            )
    nplurals = catalog.num_plurals

    entries = {_key(message): message for message in catalog if message.id}
    for source in sorted(messages.values(), key=_source_order):
        entry = entries.get(source.key)
        if entry is None:
            problems.append(f"missing from catalogue: {source.describe()}")
        elif _plural(entry) != (source.msgid_plural or None):
            problems.append(
                f"plural differs from the sources ({_plural(entry)!r} in catalogue, "
                f"{source.msgid_plural!r} in code): {source.describe()}"
            )

    for (_ctxt, msgid), entry in entries.items():
        label = _entry_label(entry, messages)
        if entry.fuzzy:
            problems.append(f"fuzzy (review the translation, then remove the fuzzy flag): {label}")
            continue
        msgid_plural = _plural(entry)
        if msgid_plural is not None:
            for index, text in enumerate(_strings(entry)):
                if not text:
                    if require_translations:
                        problems.append(f"untranslated plural form msgstr[{index}]: {label}")
                    continue
                for problem in placeholder_problems(
                    msgid,
                    text,
                    msgid_plural=msgid_plural,
                    plural_index=index,
                    nplurals=nplurals,
                    flags=entry.flags,
                ):
                    problems.append(f"{problem} in msgstr[{index}]: {label}")
        elif not entry.string:
            if require_translations:
                problems.append(f"untranslated: {label}")
        else:
            for problem in placeholder_problems(msgid, _strings(entry)[0], flags=entry.flags):
                problems.append(f"{problem}: {label}")

    stale = _mo_is_stale(po_path)
    if stale:
        problems.append(f"{stale}; run `manage.py messages_update --compile-only`")
    return problems


def _normalise_plural(header: str) -> str:
    return re.sub(r"\s+", "", header).rstrip(";")


def _entry_label(entry: BabelMessage, messages: ExtractedMessages | dict) -> str:
    message = messages.get(_key(entry))
    if isinstance(message, Message):
        return message.describe()
    label = f"msgid {_key(entry)[1]!r}"
    if entry.context is not None:
        label = f"msgctxt {entry.context!r} {label}"
    if entry.locations:
        path, line = entry.locations[0]
        label += f" ({path}:{line})" if line else f" ({path})"
    return label


def format_problems(problems: Sequence[str], *, limit: int = 50, title: str = "") -> str:
    """Render ``problems`` as a numbered list, at most ``limit`` lines, for test and CI output."""
    lines = [title or f"{len(problems)} translation problem(s):"]
    lines.extend(f"{i:4d}. {problem}" for i, problem in enumerate(problems[:limit], start=1))
    if len(problems) > limit:
        lines.append(f"      … and {len(problems) - limit} more")
    return "\n".join(lines)
