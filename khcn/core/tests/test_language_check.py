"""The bilingual page check (``khcn.core.language_check``) finds what it should and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from khcn.core.language_check import Catalogues, foreign_strings, visible_text

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Agencies"
msgstr "Cơ quan"

msgid "Reporting period opened"
msgstr "Mở kỳ báo cáo"

msgid "%(counter)s report"
msgid_plural "%(counter)s reports"
msgstr[0] "%(counter)s báo cáo"

msgid "Ended %(date)s"
msgstr "Kết thúc hoạt động %(date)s"

msgid "See <a href=\\"%(url)s\\">the rule sets</a> for the deadlines"
msgstr "Xem <a href=\\"%(url)s\\">các bộ quy tắc</a> để biết thời hạn"

msgid "Excel"
msgstr "Excel"

msgid "No"
msgstr "Không"

msgid "Vietnamese"
msgstr "Tiếng Việt"
"""


@pytest.fixture
def catalogues(tmp_path: Path) -> Catalogues:
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    return Catalogues.load(po)


def page(language: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{language}"><head><title>KHCN</title></head><body>{body}</body></html>'
    )


def found(html: str, catalogues: Catalogues) -> list[str]:
    return [f.text for f in foreign_strings(html, catalogues)]


def test_an_english_string_on_a_vietnamese_page_is_found(catalogues):
    html = page("vi", "<h1>Cơ quan</h1><table><tr><td>Reporting period opened</td></tr></table>")
    assert found(html, catalogues) == ["Reporting period opened"]


def test_a_vietnamese_string_on_an_english_page_is_found(catalogues):
    html = page("en", '<nav><a href="/">Agencies</a></nav><p><strong>Trạng thái:</strong> Mở kỳ báo cáo</p>')
    assert found(html, catalogues) == ["Mở kỳ báo cáo"]


def test_each_page_passes_in_its_own_language(catalogues):
    assert found(page("vi", "<h1>Cơ quan</h1><p>12 báo cáo</p>"), catalogues) == []
    assert found(page("en", "<h1>Agencies</h1><p>12 reports</p>"), catalogues) == []


def test_placeholders_match_what_fills_them(catalogues):
    assert found(page("en", "<p>12 báo cáo</p>"), catalogues) == ["12 báo cáo"]
    assert found(page("vi", "<p>Ended 30/06/2025</p>"), catalogues) == ["Ended 30/06/2025"]
    # A number placeholder holds a number, a date one a date: user text around the words passes.
    assert found(page("en", "<p>Kỳ báo cáo và thời hạn gửi báo cáo</p>"), catalogues) == []
    note = "Kết thúc hoạt động của chính quyền địa phương cấp huyện từ 01/7/2025"
    assert found(page("en", f"<td>{note}</td>"), catalogues) == []


def test_strings_with_markup_count_by_their_fragments(catalogues):
    html = page("vi", '<p>See <a href="/rules/">the rule sets</a> for the deadlines</p>')
    assert found(html, catalogues) == ["the rule sets", "for the deadlines"]


def test_attributes_people_see_are_read(catalogues):
    html = page(
        "vi", '<input type="search" placeholder="Agencies"><button title="Reporting period opened">x</button>'
    )
    assert found(html, catalogues) == ["Agencies", "Reporting period opened"]
    assert found(page("vi", '<input type="hidden" value="Agencies">'), catalogues) == []


def test_identical_short_and_marked_strings_are_left_alone(catalogues):
    # Same in both languages; shorter than MIN_LETTERS; another language marked with lang.
    html = page("en", '<p>Excel</p><a lang="vi" href="?lang=vi">Tiếng Việt</a>')
    assert found(html, catalogues) == []
    assert found(page("vi", "<p>Excel</p><td>No</td>"), catalogues) == []
    assert found(page("en", '<code translate="no">Mở kỳ báo cáo</code>'), catalogues) == []
    assert (
        found(page("vi", "<script>var s = 'Agencies';</script><style>/* Agencies */</style>"), catalogues)
        == []
    )


def test_data_that_reads_like_an_interface_string_can_be_excused(catalogues):
    html = page("en", "<td>Cơ quan</td>")
    assert found(html, catalogues) == ["Cơ quan"]
    assert found(html, catalogues.without(["Cơ quan"])) == []


def test_visible_text_splits_nodes_and_knows_the_language():
    language, nodes = visible_text(page("vi", "<p>Một <strong>hai</strong>   ba</p><!-- bốn -->"))
    assert language == "vi"
    assert nodes == ["KHCN", "Một", "hai", "ba"]
