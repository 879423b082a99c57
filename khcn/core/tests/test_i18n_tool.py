"""Unit tests of the pure-Python gettext tool chain in ``khcn.core.i18n``.

Everything runs on small synthetic source trees in ``tmp_path``; the project's own catalogue is
checked by ``test_translations.py``.
"""

from __future__ import annotations

import gettext
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError
from django.core.management import CommandError, call_command
from django.template import Context, Engine
from django.utils import translation

from khcn.core.i18n import (
    Message,
    catalogue_path,
    catalogue_problems,
    compile_catalogue,
    extract_messages,
    load_catalogue,
    merge_catalogue,
    placeholder_problems,
    save_catalogue,
    update_catalogue,
)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def messages_of(*, python: str = "", template: str = "", root: Path) -> dict:
    if python:
        write(root, "app/module.py", python)
    if template:
        write(root, "app/templates/app/page.html", template)
    return extract_messages([root / "app"], base_dir=root)


def fill(po_path: Path, translations: dict) -> None:
    """Set msgstr (a string, or a list of plural forms) by (msgctxt, msgid) and save."""
    catalog = load_catalogue(po_path)
    for message in catalog:
        msgid = message.id[0] if message.pluralizable else message.id
        value = translations.get((message.context, msgid))
        if value is not None:
            message.string = tuple(value) if isinstance(value, list) else value
    save_catalogue(catalog, po_path)


# --- Extraction from Python -----------------------------------------------------------------

PYTHON_SOURCE = """
from django.utils import translation
from django.utils.translation import (
    gettext, gettext_lazy, gettext_noop, ngettext, ngettext_lazy, npgettext, npgettext_lazy,
    pgettext, pgettext_lazy,
)
from django.utils.translation import gettext_lazy as _

A = gettext("plain gettext")
B = gettext_lazy("lazy gettext")
C = _("underscore")
D = ngettext("%(count)s file", "%(count)s files", 2)
E = ngettext_lazy("%d row", "%d rows", "n")
F = pgettext("month name", "May")
G = pgettext_lazy("verb", "Open")
H = npgettext("people", "%(n)s member", "%(n)s members", 3)
I = npgettext_lazy("things", "one thing", "%(n)s things", "n")
J = gettext_noop("marked only")
K = translation.gettext("through the module")
# Translators: shown on the login page
L = _("Sign in")
M = _("Sign in")
N = _("adjacent " "literals")
O = _(some_variable)
"""


def test_python_extraction_covers_every_keyword(tmp_path: Path) -> None:
    messages = messages_of(python=PYTHON_SOURCE, root=tmp_path)

    assert set(messages) == {
        (None, "plain gettext"),
        (None, "lazy gettext"),
        (None, "underscore"),
        (None, "%(count)s file"),
        (None, "%d row"),
        ("month name", "May"),
        ("verb", "Open"),
        ("people", "%(n)s member"),
        ("things", "one thing"),
        (None, "marked only"),
        (None, "through the module"),
        (None, "Sign in"),
        (None, "adjacent literals"),
    }
    assert messages[(None, "%(count)s file")].msgid_plural == "%(count)s files"
    assert messages[(None, "%d row")].msgid_plural == "%d rows"
    assert messages[("people", "%(n)s member")].msgid_plural == "%(n)s members"
    assert messages[("things", "one thing")].msgid_plural == "%(n)s things"
    sign_in = messages[(None, "Sign in")]
    assert sign_in.locations == [("app/module.py", 20), ("app/module.py", 21)]
    assert sign_in.comments == ["Translators: shown on the login page"]
    assert messages.problems == []


def test_python_extraction_reports_strings_built_before_translation(tmp_path: Path) -> None:
    messages = messages_of(
        python="""
        from django.utils.translation import gettext as _, ngettext
        a = _(f"Hello {name}")
        b = _("Hello %s" % name)
        c = _("Hello " + name)
        d = _("Hello {}".format(name))
        e = ngettext("one", f"{n} many", n)
        f = _(name)
        """,
        root=tmp_path,
    )

    problems = "\n".join(messages.problems)
    assert "module.py:2: _() gets an f-string" in problems
    assert "module.py:3: _() gets a string built with an operator" in problems
    assert "module.py:4: _() gets a string built with an operator" in problems
    assert "module.py:5: _() gets a string formatted with .format()" in problems
    assert "module.py:6: ngettext() gets an f-string" in problems
    assert len(messages.problems) == 5


def test_same_msgid_as_singular_and_plural_is_a_problem(tmp_path: Path) -> None:
    messages = messages_of(
        python="""
        from django.utils.translation import gettext as _, ngettext
        a = _("%(n)s file")
        b = ngettext("%(n)s file", "%(n)s files", n)
        """,
        root=tmp_path,
    )

    assert len(messages) == 1
    assert "used both with and without a plural" in messages.problems[0]


def test_extraction_skips_migrations_tests_and_stray_templates(tmp_path: Path) -> None:
    write(tmp_path, "app/views.py", 'from django.utils.translation import gettext as _\n_("kept")\n')
    write(tmp_path, "app/migrations/0001_initial.py", '_("from a migration")\n')
    write(tmp_path, "app/tests/test_x.py", '_("from a test")\n')
    write(tmp_path, "app/templates/app/x.txt", '{% load i18n %}{% translate "text template" %}\n')
    write(tmp_path, "app/static/x.html", '{% translate "not a template dir" %}\n')
    write(tmp_path, "templates/site.html", '{% translate "site template" %}\n')

    messages = extract_messages([tmp_path / "app", tmp_path / "templates"])

    assert {msgid for _, msgid in messages} == {"kept", "text template", "site template"}
    assert messages[(None, "site template")].locations == [("templates/site.html", 1)]


# --- Extraction from templates --------------------------------------------------------------

TEMPLATE = """
{% load i18n %}
<h1>{% translate "Hello" %}</h1>
<p>{% trans 'Progress is 100% done' context "progress" %}</p>
<p>
  {# Translators: name is the user's full name #}
  {% blocktranslate trimmed with name=user.name %}
    Welcome back,
    {{ name }}!
  {% endblocktranslate %}
</p>
<p>{% blocktranslate count counter=items|length %}One item{% plural %}{{ counter }} items{% endblocktranslate %}</p>
<p>{% blocktrans context "menu" with x=label %}Open {{ x }}{% endblocktrans %}</p>
<p>{% blocktranslate trimmed count counter=n context "people" %}
  {{ counter }} member
{% plural %}
  {{ counter }} members
{% endblocktranslate %}</p>
<p>{% blocktranslate with share=pct %}Share: {{ share }}%{% endblocktranslate %}</p>
<p>{{ value|default:_("Nothing here") }}</p>
<p>{% firstof missing _("Fallback") %}</p>
"""


def test_template_extraction_matches_makemessages(tmp_path: Path) -> None:
    messages = messages_of(template=TEMPLATE, root=tmp_path)

    assert set(messages) == {
        (None, "Hello"),
        ("progress", "Progress is 100%% done"),
        (None, "Welcome back, %(name)s!"),
        (None, "One item"),
        ("menu", "Open %(x)s"),
        ("people", "%(counter)s member"),
        (None, "Share: %(share)s%%"),
        (None, "Nothing here"),
        (None, "Fallback"),
    }
    assert messages[(None, "One item")].msgid_plural == "%(counter)s items"
    assert messages[("people", "%(counter)s member")].msgid_plural == "%(counter)s members"
    welcome = messages[(None, "Welcome back, %(name)s!")]
    assert welcome.locations == [("app/templates/app/page.html", 6)]
    assert welcome.comments == ["Translators: name is the user's full name"]
    assert welcome.python_format
    assert messages.problems == []


def test_template_syntax_error_is_reported_not_raised(tmp_path: Path) -> None:
    messages = messages_of(
        template="{% blocktranslate %}Hi {% if x %}x{% endif %}{% endblocktranslate %}", root=tmp_path
    )

    assert len(messages.problems) == 1
    assert "cannot extract messages" in messages.problems[0]


VI_TRANSLATIONS = {
    (None, "Hello"): "Xin chào",
    ("progress", "Progress is 100%% done"): "Tiến độ đã xong 100%%",
    (None, "Welcome back, %(name)s!"): "Chào mừng %(name)s trở lại!",
    (None, "One item"): ["%(counter)s mục"],
    ("menu", "Open %(x)s"): "Mở %(x)s",
    ("people", "%(counter)s member"): ["%(counter)s thành viên"],
    (None, "Share: %(share)s%%"): "Tỷ lệ: %(share)s%%",
    (None, "Nothing here"): "Không có gì",
    (None, "Fallback"): "Mặc định",
}


@pytest.fixture
def translated_template(tmp_path: Path, settings) -> Engine:
    """The template above with a compiled vi catalogue from our extractor, on LOCALE_PATHS."""
    messages = messages_of(template=TEMPLATE, root=tmp_path)
    locale_dir = tmp_path / "locale"
    for language in ("vi", "en"):
        update_catalogue(catalogue_path(locale_dir, language), messages, language=language)
    vi_po = catalogue_path(locale_dir, "vi")
    fill(vi_po, VI_TRANSLATIONS)
    for language in ("vi", "en"):
        compile_catalogue(catalogue_path(locale_dir, language))
    assert catalogue_problems(vi_po, messages) == []
    settings.LOCALE_PATHS = [locale_dir]  # also resets Django's translation caches
    return Engine(dirs=[str(tmp_path / "app" / "templates")], libraries={"i18n": "django.templatetags.i18n"})


def render(engine: Engine, language: str, **context: object) -> str:
    with translation.override(language):
        html = engine.get_template("app/page.html").render(Context(context))
    return " ".join(html.split())


def test_extracted_msgids_are_what_django_looks_up(translated_template: Engine) -> None:
    context = {"user": {"name": "Lan"}, "items": [1, 2, 3], "label": "hồ sơ", "n": 1, "pct": 40}

    html = render(translated_template, "vi", **context)

    assert "<h1>Xin chào</h1>" in html
    assert "<p>Tiến độ đã xong 100%</p>" in html
    assert "<p> Chào mừng Lan trở lại! </p>" in html
    assert "<p>3 mục</p>" in html
    assert "<p>Mở hồ sơ</p>" in html
    assert "<p>1 thành viên</p>" in html
    assert "<p>Tỷ lệ: 40%</p>" in html
    assert "<p>Không có gì</p>" in html
    assert "<p>Mặc định</p>" in html


def test_english_catalogue_with_empty_msgstr_falls_back_to_msgid(translated_template: Engine) -> None:
    context = {"user": {"name": "Lan"}, "items": [1], "label": "file", "n": 2, "pct": 40}

    html = render(translated_template, "en", **context)

    assert "<h1>Hello</h1>" in html
    assert "<p>Progress is 100% done</p>" in html
    assert "Welcome back, Lan!" in html
    assert "<p>One item</p>" in html
    assert "<p>2 members</p>" in html


# --- Catalogue update -----------------------------------------------------------------------


def make_messages(*items: tuple[str | None, str, str | None]) -> dict:
    return {
        (ctxt, msgid): Message(msgid=msgid, msgid_plural=plural, msgctxt=ctxt, locations=[("a.py", i + 1)])
        for i, (ctxt, msgid, plural) in enumerate(items)
    }


def test_update_creates_catalogue_with_headers_and_empty_entries(tmp_path: Path) -> None:
    messages = make_messages(
        (None, "Save", None), ("verb", "Open", None), (None, "%(n)s file", "%(n)s files")
    )
    vi_po, en_po = catalogue_path(tmp_path, "vi"), catalogue_path(tmp_path, "en")

    stats = update_catalogue(vi_po, messages, language="vi")
    update_catalogue(en_po, messages, language="en")

    assert (stats.total, stats.added, stats.untranslated, stats.changed) == (3, 3, 3, True)
    vi_text = vi_po.read_text(encoding="utf-8")
    assert '"Language: vi\\n"' in vi_text
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in vi_text
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in vi_text
    assert "Date" not in vi_text  # no POT-Creation-Date / PO-Revision-Date: files change with content only
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in en_po.read_text(encoding="utf-8")
    vi = load_catalogue(vi_po)
    assert [m.id for m in vi if m.id] == ["Save", "Open", ("%(n)s file", "%(n)s files")]
    plural = vi.get("%(n)s file")
    assert plural.string == ("",)
    assert "python-format" in plural.flags
    assert load_catalogue(en_po).get("%(n)s file").string == ("", "")
    assert vi.get("Open", context="verb").locations == [("a.py", 2)]


def test_update_keeps_translations_obsoletes_revives_and_is_stable(tmp_path: Path) -> None:
    po_path = catalogue_path(tmp_path, "vi")
    update_catalogue(po_path, make_messages((None, "Save", None), (None, "Delete", None)), language="vi")
    fill(po_path, {(None, "Save"): "Lưu", (None, "Delete"): "Xoá"})
    first = po_path.read_text(encoding="utf-8")

    again = update_catalogue(
        po_path, make_messages((None, "Save", None), (None, "Delete", None)), language="vi"
    )
    assert again.changed is False
    assert po_path.read_text(encoding="utf-8") == first

    stats = update_catalogue(
        po_path, make_messages((None, "Save", None), (None, "Cancel", None)), language="vi"
    )
    po = load_catalogue(po_path)
    assert stats.obsoleted == 1 and stats.added == 1
    assert po.get("Save").string == "Lưu"
    assert po.get("Cancel").string == ""
    assert [m.id for m in po.obsolete.values()] == ["Delete"]
    assert '#~ msgid "Delete"' in po_path.read_text(encoding="utf-8")

    update_catalogue(po_path, make_messages((None, "Save", None), (None, "Delete", None)), language="vi")
    po = load_catalogue(po_path)
    assert po.get("Delete").string == "Xoá"
    assert not po.get("Delete").fuzzy
    assert po.obsolete == {}
    assert po.get("Cancel") is None  # untranslated vanished entries are simply dropped


def test_update_offers_close_old_translation_as_fuzzy(tmp_path: Path) -> None:
    po_path = catalogue_path(tmp_path, "vi")
    update_catalogue(po_path, make_messages((None, "Save the draft", None)), language="vi")
    fill(po_path, {(None, "Save the draft"): "Lưu bản nháp"})

    update_catalogue(po_path, make_messages((None, "Save the drafts", None)), language="vi")

    entry = load_catalogue(po_path).get("Save the drafts")
    assert entry.string == "Lưu bản nháp"
    assert entry.fuzzy
    assert entry.previous_id == ["Save the draft"]
    assert '#| msgid "Save the draft"' in po_path.read_text(encoding="utf-8")
    assert catalogue_problems(po_path, make_messages((None, "Save the drafts", None)))[0].startswith("fuzzy")
    # Stable while the translator has not reviewed it: the #| line stays.
    assert not update_catalogue(
        po_path, make_messages((None, "Save the drafts", None)), language="vi"
    ).changed


def test_merge_fixes_plural_forms_to_the_language(tmp_path: Path) -> None:
    po = Catalog()  # no language: two plural forms
    po.add(("%(n)s file", "%(n)s files"), ("a", "b"))
    assert po.plural_forms == "nplurals=2; plural=(n != 1);"

    merged, _stats = merge_catalogue(po, make_messages((None, "%(n)s file", "%(n)s files")), language="vi")

    assert merged.plural_forms == "nplurals=1; plural=0;"
    assert merged.get("%(n)s file").string == ("a",)
    assert not merged.get("%(n)s file").fuzzy


# --- Compilation ----------------------------------------------------------------------------


def test_compiled_mo_loads_with_gnu_gettext_and_skips_fuzzy(tmp_path: Path) -> None:
    messages = make_messages(
        (None, "Save", None),
        ("verb", "Open", None),
        (None, "%(n)s file", "%(n)s files"),
        (None, "Draft", None),
    )
    po_path = catalogue_path(tmp_path, "vi")
    update_catalogue(po_path, messages, language="vi")
    fill(
        po_path,
        {
            (None, "Save"): "Lưu",
            ("verb", "Open"): "Mở",
            (None, "%(n)s file"): ["%(n)s tệp"],
            (None, "Draft"): "Nháp",
        },
    )
    po = load_catalogue(po_path)
    po.get("Draft").flags.add("fuzzy")
    save_catalogue(po, po_path)

    mo_path = compile_catalogue(po_path)

    with mo_path.open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)
    assert catalog.gettext("Save") == "Lưu"
    assert catalog.pgettext("verb", "Open") == "Mở"
    assert catalog.ngettext("%(n)s file", "%(n)s files", 1) % {"n": 1} == "1 tệp"
    assert catalog.ngettext("%(n)s file", "%(n)s files", 5) % {"n": 5} == "5 tệp"
    assert catalog.gettext("Draft") == "Draft"  # fuzzy: left out, as msgfmt does
    assert catalog.info()["language"] == "vi"


# --- Checks ---------------------------------------------------------------------------------


@pytest.fixture
def checked(tmp_path: Path) -> tuple[Path, dict]:
    """A complete, compiled vi catalogue and its messages."""
    messages = make_messages(
        (None, "Save", None),
        (None, "Hello %(name)s", None),
        (None, "%(n)s file", "%(n)s files"),
        (None, "%s of %d", None),
    )
    po_path = catalogue_path(tmp_path, "vi")
    update_catalogue(po_path, messages, language="vi")
    fill(
        po_path,
        {
            (None, "Save"): "Lưu",
            (None, "Hello %(name)s"): "Xin chào %(name)s",
            (None, "%(n)s file"): ["%(n)s tệp"],
            (None, "%s of %d"): "%s trên %d",
        },
    )
    compile_catalogue(po_path)
    return po_path, messages


def edit(po_path: Path, msgid: str, **changes: object) -> None:
    po = load_catalogue(po_path)
    entry = po.get(msgid)
    for name, value in changes.items():
        setattr(entry, name, value)
    save_catalogue(po, po_path)
    compile_catalogue(po_path)


def test_complete_catalogue_has_no_problems(checked: tuple[Path, dict]) -> None:
    po_path, messages = checked
    assert catalogue_problems(po_path, messages) == []


def test_missing_msgid_is_reported(checked: tuple[Path, dict]) -> None:
    po_path, messages = checked
    messages = {**messages, **make_messages((None, "Brand new", None))}

    problems = catalogue_problems(po_path, messages)

    assert problems == ["missing from catalogue: msgid 'Brand new' (a.py:1)"]


def test_empty_and_fuzzy_translations_are_reported(checked: tuple[Path, dict]) -> None:
    po_path, messages = checked
    edit(po_path, "Save", string="")
    edit(po_path, "%(n)s file", string=("",))
    edit(po_path, "Hello %(name)s", flags={"fuzzy", "python-format"})

    problems = catalogue_problems(po_path, messages)

    assert len(problems) == 3
    assert any(p.startswith("untranslated: msgid 'Save'") for p in problems)
    assert any(p.startswith("untranslated plural form msgstr[0]: msgid '%(n)s file'") for p in problems)
    assert any(p.startswith("fuzzy") and "Hello %(name)s" in p for p in problems)


def test_english_catalogue_may_leave_msgstr_empty(tmp_path: Path) -> None:
    messages = make_messages((None, "Save", None), (None, "%(n)s file", "%(n)s files"))
    po_path = catalogue_path(tmp_path, "en")
    update_catalogue(po_path, messages, language="en")
    compile_catalogue(po_path)

    assert catalogue_problems(po_path, messages, require_translations=False) == []
    assert len(catalogue_problems(po_path, messages)) == 3


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("Hello %(name)s", "Xin chào %(ten)s", "unknown placeholders %(ten)s"),
        ("Hello %(name)s", "Xin chào", "missing placeholders %(name)s"),
        ("%s of %d", "%d trên %s", "positional placeholders [%d, %s] instead of [%s, %d]"),
        ("%s of %d", "%s trên", "positional placeholders [%s] instead of [%s, %d]"),
        ("Share %(p)s%%", "Tỷ lệ %(p)s%", "a lone '%' in the translation"),
        ("Hello {name}", "Xin chào {ten}", "brace fields ['ten'] instead of ['name']"),
    ],
)
def test_placeholder_mismatches_are_reported(msgid: str, msgstr: str, expected: str) -> None:
    assert any(expected in problem for problem in placeholder_problems(msgid, msgstr))


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Hello %(name)s", "%(name)s, xin chào"),
        ("Progress: 100%", "Tiến độ: 100%"),  # not a format string
        ("10% off", "Giảm 10%"),
        ("Share %(p)s%%", "Tỷ lệ %(p)s%%"),
        ("Plain", "Thường"),
    ],
)
def test_matching_placeholders_pass(msgid: str, msgstr: str) -> None:
    assert placeholder_problems(msgid, msgstr) == []


def test_plural_placeholders() -> None:
    # English form 0 translates the singular and may drop the count; form 1 may not.
    en = {"msgid_plural": "%(n)s files", "nplurals": 2}
    assert placeholder_problems("One file", "One file", plural_index=0, **en) == []
    assert placeholder_problems("One file", "Files", plural_index=1, **en) == ["missing placeholders %(n)s"]
    # Vietnamese has one form, which stands for the plural.
    vi = {"msgid_plural": "%(n)s files", "nplurals": 1}
    assert placeholder_problems("One file", "%(n)s tệp", **vi) == []
    assert placeholder_problems("One file", "Một tệp", **vi) == ["missing placeholders %(n)s"]
    assert placeholder_problems("One file", "%(k)s tệp", **vi) == [
        "unknown placeholders %(k)s",
        "missing placeholders %(n)s",
    ]


def test_placeholder_problem_in_catalogue_is_reported(checked: tuple[Path, dict]) -> None:
    po_path, messages = checked
    edit(po_path, "Hello %(name)s", string="Xin chào %(ten)s")

    problems = catalogue_problems(po_path, messages)

    assert len(problems) == 2
    assert problems[0].startswith("unknown placeholders %(ten)s: msgid 'Hello %(name)s'")
    assert problems[1].startswith("missing placeholders %(name)s")


def test_stale_or_missing_mo_is_reported(checked: tuple[Path, dict]) -> None:
    po_path, messages = checked
    po = load_catalogue(po_path)
    po.get("Save").string = "Lưu lại"
    save_catalogue(po, po_path)  # .po edited, .mo not recompiled

    assert catalogue_problems(po_path, messages) == [
        "django.mo does not match django.po; run `manage.py messages_update --compile-only`"
    ]
    compile_catalogue(po_path)
    assert catalogue_problems(po_path, messages) == []
    po_path.with_suffix(".mo").unlink()
    assert catalogue_problems(po_path, messages) == [
        "django.mo is missing; run `manage.py messages_update --compile-only`"
    ]


def test_missing_catalogue_is_reported(tmp_path: Path) -> None:
    problems = catalogue_problems(catalogue_path(tmp_path, "vi"), make_messages((None, "Save", None)))
    assert len(problems) == 1
    assert "catalogue missing" in problems[0]


def test_wrong_plural_forms_header_is_reported(checked: tuple[Path, dict]) -> None:
    po_path, messages = checked
    text = po_path.read_text(encoding="utf-8")
    po_path.write_text(
        text.replace("nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);"), encoding="utf-8"
    )
    compile_catalogue(po_path)

    problems = catalogue_problems(po_path, messages)

    assert any(p.startswith("django.po: Plural-Forms is") for p in problems)
    # Babel reads the missing second form as an empty one.
    assert any(p.startswith("untranslated plural form msgstr[1]: msgid '%(n)s file'") for p in problems)


def test_more_plural_forms_than_the_header_allows_is_reported(checked: tuple[Path, dict]) -> None:
    po_path, messages = checked
    text = po_path.read_text(encoding="utf-8")
    extra = 'msgstr[0] "%(n)s tệp"\nmsgstr[1] "%(n)s tệp"'
    po_path.write_text(text.replace('msgstr[0] "%(n)s tệp"', extra), encoding="utf-8")

    problems = catalogue_problems(po_path, messages)

    assert len(problems) == 1
    assert "cannot be read: msg has more translations than num_plurals of catalog" in problems[0]
    with pytest.raises(PoFileError):  # an update would lose the extra form: it refuses instead
        update_catalogue(po_path, messages, language="vi")


# --- The management command -----------------------------------------------------------------


def test_messages_update_command(tmp_path: Path, settings) -> None:
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    settings.LANGUAGES = [("vi", "Vietnamese"), ("en", "English")]
    write(tmp_path, "khcn/app/views.py", 'from django.utils.translation import gettext as _\nA = _("Save")\n')
    write(tmp_path, "templates/base.html", '{% load i18n %}{% translate "Home" %}\n')
    vi_po = catalogue_path(tmp_path / "locale", "vi")

    with pytest.raises(CommandError, match="translation problem"):
        call_command("messages_update", "--check", stdout=StringIO())
    assert not vi_po.exists()  # --check writes nothing

    out = StringIO()
    call_command("messages_update", stdout=out)
    assert "Extracted 2 messages from 2 files." in out.getvalue()
    assert "vi: 2 messages, 0 translated, 2 untranslated, 0 fuzzy" in out.getvalue()
    assert vi_po.with_suffix(".mo").exists()
    assert catalogue_path(tmp_path / "locale", "en").with_suffix(".mo").exists()

    fill(vi_po, {(None, "Save"): "Lưu", (None, "Home"): "Trang chủ"})
    with pytest.raises(CommandError):  # .mo is stale now
        call_command("messages_update", "--check", stdout=StringIO())
    out = StringIO()
    call_command("messages_update", "--compile-only", stdout=out)
    assert "vi: compiled 2 of 2 messages" in out.getvalue()
    out = StringIO()
    call_command("messages_update", "--check", stdout=out)
    assert "locale/vi/LC_MESSAGES/django.po: OK" in out.getvalue()
