"""Citation export (BibTeX, RIS, CSL-JSON), the record page's meta tags and the sitemap."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.library import citation as cite
from khcn.library.choices import Access, RecordStatus, RecordType
from khcn.library.models import Author, Collection, Record, RecordFile

pytestmark = pytest.mark.django_db

AUTHORS = ["PGS.TS. Nguyễn Văn An", "Trần Thị Bích", "John Smith"]


def _record(kind: str = RecordType.TASK_FINAL_REPORT, **values) -> Record:
    collection, _ = Collection.objects.get_or_create(code="thu-nghiem", defaults={"name": "Thử nghiệm"})
    data = {
        "title": 'Nuôi tôm {siêu} thâm canh 100% & "mặn" #1_a',
        "title_en": "Super-intensive shrimp farming",
        "abstract": "Tóm tắt: nước mặn ~ 20‰ \\ thử.",
        "issued_year": 2025,
        "issued_on": dt.date(2025, 6, 30),
        "publisher": "Viện Nuôi trồng thủy sản II",
        "keywords": "tôm; nước mặn; Cà Mau",
        "doi": "https://doi.org/10.1234/abc_def.5",
        "isbn": "978-604-0-00000-0",
        "task_code": "ĐTCS.2025-01",
        "status": RecordStatus.PUBLISHED,
        "published_at": timezone.now(),
        **values,
    }
    record = Record.objects.create(collection=collection, kind=kind, **data)
    for position, name in enumerate(AUTHORS, start=1):
        Author.objects.create(record=record, position=position, name=name)
    return record


def _fresh(record: Record) -> Record:
    return Record.objects.prefetch_related("authors", "organizations", "files").get(pk=record.pk)


URL = "https://thuvien.example.vn/library/records/1/"


def test_names_are_split_the_vietnamese_way():
    assert cite.split_name("PGS.TS. Nguyễn Văn An") == cite.Name("Nguyễn", "Văn An")
    assert cite.split_name("ThS. Đặng Thị Hồng") == cite.Name("Đặng", "Thị Hồng")
    assert cite.split_name("John Smith") == cite.Name("Smith", "John")
    assert cite.split_name("Smith, John A.") == cite.Name("Smith", "John A.")
    assert cite.split_name("UNESCO").inverted == "UNESCO"


def _balanced(text: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def test_bibtex_escapes_keeps_vietnamese_and_has_authors_in_order():
    record = _fresh(_record())
    text = cite.bibtex(record, URL)
    assert _balanced(text)
    head = re.match(r"@(\w+)\{([^,]+),\n", text)
    assert head and head.group(1) == "techreport"
    key = head.group(2)
    assert key.isascii() and re.fullmatch(r"[a-z0-9_]+", key) and key == f"nguyen2025_{record.pk}"
    assert "author = {Nguyễn, Văn An and Trần, Thị Bích and Smith, John}" in text
    assert r"title = {{Nuôi tôm \{siêu\} thâm canh 100\% \& " in text and r"\#1\_a" in text
    assert r"\textbackslash{}" in text and r"\textasciitilde{}" in text
    assert "year = {2025}" in text
    assert "doi = {10.1234/abc_def.5}" in text  # verbatim: not escaped
    assert r"number = {ĐTCS.2025-01}" in text
    assert "institution = {Viện Nuôi trồng thủy sản II}" in text
    assert "langid = {vietnamese}" in text


def test_bibtex_keys_differ_between_records():
    one, two = _fresh(_record()), _fresh(_record())
    assert cite.bibtex_key(one) != cite.bibtex_key(two)


def test_ris_lines_from_ty_to_er():
    record = _fresh(_record())
    text = cite.ris(record, URL)
    lines = text.split("\r\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    assert lines[0] == "TY  - RPRT" and lines[-1] == "ER  -"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*|ER  -", line) for line in lines), lines
    assert [line[6:] for line in lines if line.startswith("AU")] == [
        "Nguyễn, Văn An",
        "Trần, Thị Bích",
        "Smith, John",
    ]
    assert "PY  - 2025" in lines and "DO  - 10.1234/abc_def.5" in lines
    assert "SN  - ĐTCS.2025-01" in lines
    assert [line for line in lines if line.startswith("KW")] == [
        "KW  - tôm",
        "KW  - nước mặn",
        "KW  - Cà Mau",
    ]


def test_csl_json_parses_with_the_authors_year_doi_and_task_code():
    record = _fresh(_record())
    (item,) = json.loads(cite.csl_json(record, URL))
    assert item["type"] == "report"
    assert item["author"] == [
        {"family": "Nguyễn", "given": "Văn An"},
        {"family": "Trần", "given": "Thị Bích"},
        {"family": "Smith", "given": "John"},
    ]
    assert item["issued"] == {"date-parts": [[2025, 6, 30]]}
    assert item["DOI"] == "10.1234/abc_def.5" and item["number"] == "ĐTCS.2025-01"
    assert item["title"].startswith("Nuôi tôm {siêu}")


@pytest.mark.parametrize(
    ("kind", "title", "bib", "ris", "csl"),
    [
        (RecordType.THESIS, "Luận án tiến sĩ về rừng ngập mặn", "phdthesis", "THES", "thesis"),
        (RecordType.THESIS, "Luận văn thạc sĩ về cua biển", "mastersthesis", "THES", "thesis"),
        (RecordType.THESIS, "Nghiên cứu lúa chịu mặn", "thesis", "THES", "thesis"),
        (RecordType.ARTICLE, "Bài báo", "article", "JOUR", "article-journal"),
        (RecordType.DATASET, "Dữ liệu", "dataset", "DATA", "dataset"),
        (RecordType.CONFERENCE_PAPER, "Báo cáo hội nghị", "inproceedings", "CPAPER", "paper-conference"),
    ],
)
def test_record_types_map_to_entry_types(kind, title, bib, ris, csl):
    record = _fresh(_record(kind, title=title))
    assert cite.bibtex(record, URL).startswith(f"@{bib}{{")
    assert cite.ris(record, URL).startswith(f"TY  - {ris}\r\n")
    assert json.loads(cite.csl_json(record, URL))[0]["type"] == csl
    assert str(record.pk) in cite.bibtex_key(record)
    # the task code is kept for every type (a note outside the reports)
    assert "ĐTCS.2025-01" in cite.bibtex(record, URL) and "ĐTCS.2025-01" in cite.ris(record, URL)


def test_the_citation_view_gives_each_format_as_a_file():
    record = _record()
    client = Client()
    for fmt, content_type in (
        ("bib", "application/x-bibtex"),
        ("ris", "application/x-research-info-systems"),
        ("json", "application/vnd.citationstyles.csl+json"),
    ):
        response = client.get(reverse("library:citation", args=[record.pk, fmt]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert f'filename="nguyen2025_{record.pk}.{fmt}"' in response["Content-Disposition"]
        assert "Nguyễn" in response.content.decode()
    assert client.get(reverse("library:citation", args=[record.pk, "xml"])).status_code == 404


def test_a_record_the_reader_may_not_see_has_no_citation(make_user):
    draft = _record(status=RecordStatus.DRAFT)
    withdrawn = _record(status=RecordStatus.WITHDRAWN)
    for record in (draft, withdrawn):
        assert Client().get(reverse("library:citation", args=[record.pk, "bib"])).status_code == 404
    specialist = Client()
    specialist.force_login(make_user(Role.DOST_SPECIALIST))
    assert specialist.get(reverse("library:citation", args=[draft.pk, "ris"])).status_code == 200


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and "name" in values:
            self.tags.append((values["name"] or "", values.get("content") or ""))


def _meta(html: str) -> list[tuple[str, str]]:
    parser = _Meta()
    parser.feed(html)
    return parser.tags


def _pdf(record: Record) -> RecordFile:
    stored = RecordFile(record=record, name="bao-cao.pdf", kind="pdf", size=10)
    stored.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    stored.save()
    return stored


def test_the_record_page_carries_highwire_and_dublin_core_tags_escaped():
    record = _record()
    pdf = _pdf(record)
    response = Client().get(record.get_absolute_url())
    html = response.content.decode()
    assert "&quot;mặn&quot;" in html and 'content="Nuôi tôm {siêu} thâm canh 100% &amp; &quot;' in html
    tags = _meta(html)
    values = {}
    for name, content in tags:
        values.setdefault(name, []).append(content)
    assert values["citation_title"] == [record.title]
    assert values["citation_author"] == ["Nguyễn, Văn An", "Trần, Thị Bích", "Smith, John"]
    assert values["citation_publication_date"] == ["2025/06/30"]
    assert values["citation_technical_report_number"] == ["ĐTCS.2025-01"]
    assert values["citation_technical_report_institution"] == ["Viện Nuôi trồng thủy sản II"]
    assert values["citation_doi"] == ["10.1234/abc_def.5"]
    assert values["citation_language"] == ["vi"]
    assert values["citation_pdf_url"] == [
        "http://testserver" + reverse("library:file_download", args=[record.pk, pdf.pk])
    ]
    assert values["citation_abstract_html_url"] == ["http://testserver" + record.get_absolute_url()]
    assert values["DC.creator"] == values["citation_author"]
    assert values["DC.subject"] == ["tôm", "nước mặn", "Cà Mau"]
    assert "https://doi.org/10.1234/abc_def.5" in values["DC.identifier"]
    assert 'data-testid="record-cite"' in html


def test_no_pdf_url_when_the_reader_may_not_download():
    record = _record(access=Access.SIGNED_IN)
    _pdf(record)
    names = [name for name, _ in _meta(Client().get(record.get_absolute_url()).content.decode())]
    assert "citation_title" in names and "citation_pdf_url" not in names


def test_a_thesis_and_a_conference_paper_name_their_institution_and_conference():
    thesis = _record(RecordType.THESIS, title="Luận án")
    paper = _record(RecordType.CONFERENCE_PAPER, title="Báo cáo", publisher="Hội nghị Thủy sản ĐBSCL 2025")
    thesis_tags = dict(_meta(Client().get(thesis.get_absolute_url()).content.decode()))
    paper_tags = dict(_meta(Client().get(paper.get_absolute_url()).content.decode()))
    assert thesis_tags["citation_dissertation_institution"] == "Viện Nuôi trồng thủy sản II"
    assert paper_tags["citation_conference_title"] == "Hội nghị Thủy sản ĐBSCL 2025"
    assert "citation_technical_report_number" not in thesis_tags


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_published_records_with_their_datestamps():
    published = _record()
    _record(status=RecordStatus.DRAFT)
    withdrawn = _record(status=RecordStatus.WITHDRAWN)
    response = Client().get(reverse("library:sitemap"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    assert list(urls) == ["http://testserver" + published.get_absolute_url()]
    lastmod = dt.datetime.fromisoformat(urls["http://testserver" + published.get_absolute_url()])
    assert lastmod == published.datestamp
    assert "http://testserver" + withdrawn.get_absolute_url() not in urls


def test_a_large_sitemap_becomes_an_index(monkeypatch):
    from khcn.library.views import public

    records = [_record() for _ in range(5)]
    monkeypatch.setattr(public, "SITEMAP_LIMIT", 2)
    client = Client()
    index = ET.fromstring(client.get(reverse("library:sitemap")).content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    locs = [s.findtext(f"{SITEMAP}loc") for s in index]
    assert locs == [f"http://testserver{reverse('library:sitemap')}?p={n}" for n in (1, 2, 3)]
    seen = []
    for loc in locs:
        page = ET.fromstring(client.get(loc.removeprefix("http://testserver")).content)
        seen += [u.findtext(f"{SITEMAP}loc") for u in page]
    assert seen == ["http://testserver" + r.get_absolute_url() for r in records]
    assert client.get(reverse("library:sitemap") + "?p=4").status_code == 404
