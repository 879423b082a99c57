"""OAI-PMH 2.0 at /oai: a real harvester (Sickle, from PyPI) harvests every record through the
resumption tokens against a live server; every verb's answer validates against the published
schemas (OAI-PMH.xsd, oai_dc.xsd with simpledc20021212.xsd, MODS 3.7, shipped in ``xsd/``);
every error code of the protocol; tokens altered, expired, mixed with other arguments; a harvest
that survives records changing between its pages; pages by keyset, never OFFSET."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_started
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from sickle import Sickle

from khcn.classifications.models import Scheme, Term
from khcn.library import oai
from khcn.library.models import Collection, Record

XSD = Path(__file__).parent / "xsd"
NS = {"o": oai.OAI, "dc": oai.DC, "oai_dc": oai.OAI_DC, "mods": oai.MODS}
REPO = "khcn.camau.gov.vn"
T0 = dt.datetime(2026, 3, 1, 8, 0, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """OAI-PMH.xsd with the schemas of both metadata formats, all read from local files."""
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(XSD / name).as_uri()}"/>'
        for ns, name in ((oai.OAI, "OAI-PMH.xsd"), (oai.OAI_DC, "oai_dc.xsd"), (oai.MODS, "mods-3-7.xsd"))
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:khcn:test">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url=XSD.as_uri() + "/"))


@pytest.fixture
def library(db, settings) -> dict[str, Any]:
    """Two collections, two fields, ten published records (datestamps a minute apart), one
    withdrawn, and a draft, a submitted and a returned one that harvesters never see."""
    settings.KHCN_OAI_REPOSITORY_ID = REPO
    scheme = Scheme.objects.create(code="linh-vuc-test", name="Lĩnh vực")
    fisheries = Term.objects.create(scheme=scheme, code="405", name="Thủy sản")
    environment = Term.objects.create(scheme=scheme, code="207", name="Kỹ thuật môi trường")
    articles = Collection.objects.create(code="bai-bao", name="Bài báo khoa học")
    data = Collection.objects.create(code="du-lieu", name="Dữ liệu khí hậu")
    records = []
    for n in range(10):
        record = Record.objects.create(
            collection=articles if n % 2 else data,
            kind="dataset" if n % 2 == 0 else "article",
            title=f"Nuôi tôm càng xanh ở Cà Mau, phần {n}",
            title_en=f"Giant freshwater prawn farming, part {n}",
            abstract="Tóm tắt <kết quả> & số liệu",
            issued_year=2020 + n % 5,
            keywords="tôm; Cà Mau",
            doi=f"10.1234/khcn.{n}" if n % 3 == 0 else "",
            status="published",
            datestamp=T0 + dt.timedelta(minutes=n),
        )
        record.authors.create(position=1, name="Nguyễn Văn An")
        record.fields.set([fisheries] if n % 2 else [fisheries, environment])
        records.append(record)
    withdrawn = Record.objects.create(
        collection=articles,
        kind="article",
        title="Bài đã rút",
        issued_year=2021,
        status="withdrawn",
        datestamp=T0 + dt.timedelta(minutes=30),
    )
    hidden = [
        Record.objects.create(
            collection=articles, kind="article", title=f"Ẩn {s}", issued_year=2024, status=s
        )
        for s in ("draft", "submitted", "returned")
    ]
    return {
        "records": records,
        "withdrawn": withdrawn,
        "hidden": hidden,
        "articles": articles,
        "data": data,
        "fisheries": fisheries,
        "environment": environment,
    }


def get(client: Client, **params: str) -> etree._Element:
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def error(root: etree._Element) -> str | None:
    node = root.find("o:error", NS)
    return None if node is None else node.get("code")


def ids(root: etree._Element) -> list[str]:
    return [n.text for n in root.iterfind(".//o:header/o:identifier", NS)]


def exposed_ids(library: dict[str, Any]) -> set[str]:
    return {oai.identifier(r.pk) for r in [*library["records"], library["withdrawn"]]}


# --- a real harvester against a live server --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_sickle_harvests_every_record_through_the_tokens(library, live_server, settings):
    settings.KHCN_OAI_PAGE_SIZE = 3
    requests: list[Any] = []

    def count(sender: Any, **kwargs: Any) -> None:
        requests.append(kwargs.get("environ", {}).get("QUERY_STRING"))

    request_started.connect(count, weak=False, dispatch_uid="count-oai")
    try:
        sickle = Sickle(f"{live_server.url}/oai", max_retries=0)
        harvested = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    finally:
        request_started.disconnect(dispatch_uid="count-oai")
    assert len(requests) == 4  # 11 records, 3 a page
    by_id = {r.header.identifier: r for r in harvested}
    assert len(by_id) == len(harvested) == 11
    assert set(by_id) == exposed_ids(library)
    for record in Record.objects.filter(status="published"):
        got = by_id[oai.identifier(record.pk)]
        assert not got.header.deleted
        assert got.header.datestamp == oai.stamp(record.datestamp)
        assert got.metadata["title"] == [record.title, record.title_en]
        assert got.metadata["creator"] == ["Nguyễn Văn An"]
        assert got.metadata["description"] == ["Tóm tắt <kết quả> & số liệu"]
        assert unicodedata.is_normalized("NFC", got.metadata["title"][0])
        assert f"collection:{record.collection.code}" in got.header.setSpecs
    deleted = by_id[oai.identifier(library["withdrawn"].pk)]
    assert deleted.header.deleted and getattr(deleted, "metadata", {}) == {}
    for record in library["hidden"]:
        assert oai.identifier(record.pk) not in by_id


@pytest.mark.django_db(transaction=True)
def test_sickle_reads_sets_identifiers_mods_and_dates(library, live_server, settings):
    settings.KHCN_OAI_PAGE_SIZE = 4
    sickle = Sickle(f"{live_server.url}/oai", max_retries=0)
    identify = sickle.Identify()
    assert identify.deletedRecord == "persistent"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.earliestDatestamp == "2026-03-01T08:00:00Z"
    specs = {s.setSpec: s.setName for s in sickle.ListSets()}
    assert specs["collection:du-lieu"] == "Dữ liệu khí hậu"
    assert specs["field:405"] == "Thủy sản" and "field:207" in specs
    environment = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", set="field:207")}
    assert environment == {oai.identifier(r.pk) for r in library["records"][::2]}
    data = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="mods", set="collection:du-lieu")}
    assert data == {oai.identifier(r.pk) for r in library["records"] if r.collection_id == library["data"].pk}
    window = sickle.ListIdentifiers(
        metadataPrefix="oai_dc", **{"from": "2026-03-01T08:02:00Z", "until": "2026-03-01T08:04:00Z"}
    )
    assert [h.identifier for h in window] == [oai.identifier(r.pk) for r in library["records"][2:5]]
    mods = list(sickle.ListRecords(metadataPrefix="mods"))
    assert len(mods) == 11 and sum(r.header.deleted for r in mods) == 1
    first = etree.fromstring(mods[0].raw.encode())
    assert first.findtext(".//mods:titleInfo[@type='translated']/mods:title", namespaces=NS) == (
        "Giant freshwater prawn farming, part 0"
    )
    assert first.findtext(".//mods:identifier[@type='doi']", namespaces=NS) == "10.1234/khcn.0"


# --- the schemas -------------------------------------------------------------------------------


def requests_of_every_kind(library: dict[str, Any]) -> list[dict[str, str]]:
    pk = library["records"][0].pk
    return [
        {"verb": "Identify"},
        {"verb": "ListMetadataFormats"},
        {"verb": "ListMetadataFormats", "identifier": oai.identifier(pk)},
        {"verb": "ListSets"},
        {"verb": "GetRecord", "identifier": oai.identifier(pk), "metadataPrefix": "oai_dc"},
        {"verb": "GetRecord", "identifier": oai.identifier(pk), "metadataPrefix": "mods"},
        {
            "verb": "GetRecord",
            "identifier": oai.identifier(library["withdrawn"].pk),
            "metadataPrefix": "mods",
        },
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "field:405", "from": "2026-03-01"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": "mods", "until": "2026-03-01T08:05:00Z"},
        {"verb": "Nonsense"},
        {"verb": "ListRecords"},
        {"verb": "ListRecords", "metadataPrefix": "marc21"},
        {"verb": "GetRecord", "identifier": "oai:elsewhere:1", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "collection:khong-co"},
        {"verb": "ListMetadataFormats", "identifier": oai.identifier(library["withdrawn"].pk)},
        {"verb": "ListRecords", "resumptionToken": "tampered"},
    ]


def test_every_answer_validates_against_the_published_schemas(library, schema, settings):
    settings.KHCN_OAI_PAGE_SIZE = 4
    client = Client()
    checked = 0
    for params in requests_of_every_kind(library):
        root = get(client, **params)
        assert schema.validate(root), (params, schema.error_log)
        checked += 1
        token = root.findtext(".//o:resumptionToken", namespaces=NS)
        while token:  # every page of the lists, the last one (empty token) included
            root = get(client, verb=params["verb"], resumptionToken=token)
            assert schema.validate(root), (params, schema.error_log)
            token = root.findtext(".//o:resumptionToken", namespaces=NS)
            checked += 1
    assert checked >= 25
    # The schemas do read the metadata: an element Dublin Core does not have is refused.
    root = get(
        client, verb="GetRecord", identifier=oai.identifier(library["records"][0].pk), metadataPrefix="oai_dc"
    )
    etree.SubElement(root.find(".//oai_dc:dc", NS), f"{{{oai.DC}}}summary").text = "x"
    assert not schema.validate(root)
    settings.KHCN_OAI_SETS = False
    assert schema.validate(get(client, verb="ListSets")), schema.error_log


def test_text_is_escaped_and_composed(library, schema):
    record = library["records"][0]
    nfd = unicodedata.normalize("NFD", "Rừng ngập mặn")
    Record.objects.filter(pk=record.pk).update(title=f'{nfd} <b>&amp;</b> \x0b\x01 "q"', keywords="a]]>b")
    root = get(Client(), verb="GetRecord", identifier=oai.identifier(record.pk), metadataPrefix="oai_dc")
    assert schema.validate(root), schema.error_log
    title = root.findtext(".//dc:title", namespaces=NS)
    assert title == 'Rừng ngập mặn <b>&amp;</b>  "q"'
    assert unicodedata.is_normalized("NFC", title)
    assert "a]]>b" in [n.text for n in root.iterfind(".//dc:subject", NS)]


def test_post_is_answered_like_get(library):
    response = Client().post("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    root = etree.fromstring(response.content)
    assert set(ids(root)) == exposed_ids(library)
    assert root.find("o:request", NS).get("verb") == "ListIdentifiers"


# --- the errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Nonsense"}, "badVerb"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-13-01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-03-01T08:00:00"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-03-01T08:00Z"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2026-03-01",
                "until": "2026-03-02T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-03-02", "until": "2026-03-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "no spaces"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai dc"}, "badArgument"),
        ({"verb": "GetRecord", "identifier": "oai:khcn.camau.gov.vn:1"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "identifier": "oai:elsewhere.vn:1", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "identifier": "oai:khcn.camau.gov.vn:99999", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "identifier": "oai:khcn.camau.gov.vn:x1", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "oai:khcn.camau.gov.vn:99999"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2030-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "2000-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "field:999"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "abc"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "abc"}, "badResumptionToken"),
    ],
)
def test_error_codes(library, params, code):
    root = get(Client(), **params)
    assert error(root) == code, etree.tostring(root)
    request = root.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # only the base URL is echoed
    assert request.text.endswith("/oai")


def test_repeated_arguments_are_bad(library):
    response = Client().get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=mods")
    assert error(etree.fromstring(response.content)) == "badArgument"
    response = Client().get("/oai?verb=Identify&verb=Identify")
    assert error(etree.fromstring(response.content)) == "badVerb"


def test_records_being_deposited_do_not_exist_for_harvesters(library):
    for record in library["hidden"]:
        root = get(Client(), verb="GetRecord", identifier=oai.identifier(record.pk), metadataPrefix="oai_dc")
        assert error(root) == "idDoesNotExist"


def test_a_withdrawn_record_is_deleted_and_has_no_metadata_formats(library):
    pk = library["withdrawn"].pk
    root = get(Client(), verb="GetRecord", identifier=oai.identifier(pk), metadataPrefix="oai_dc")
    assert root.find(".//o:header", NS).get("status") == "deleted"
    assert root.find(".//o:metadata", NS) is None
    assert (
        error(get(Client(), verb="ListMetadataFormats", identifier=oai.identifier(pk))) == "noMetadataFormats"
    )
    formats = get(Client(), verb="ListMetadataFormats", identifier=oai.identifier(library["records"][0].pk))
    assert [n.text for n in formats.iterfind(".//o:metadataPrefix", NS)] == ["oai_dc", "mods"]


def test_no_set_hierarchy_when_sets_are_off(library, settings):
    settings.KHCN_OAI_SETS = False
    assert error(get(Client(), verb="ListSets")) == "noSetHierarchy"
    root = get(Client(), verb="ListIdentifiers", metadataPrefix="oai_dc", set="collection:bai-bao")
    assert error(root) == "noSetHierarchy"
    root = get(Client(), verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert root.find(".//o:setSpec", NS) is None


# --- resumption tokens ------------------------------------------------------------------------


def first_page(settings: Any, verb: str = "ListIdentifiers", **params: str) -> tuple[etree._Element, str]:
    settings.KHCN_OAI_PAGE_SIZE = 3
    root = get(Client(), verb=verb, metadataPrefix="oai_dc", **params)
    token = root.find(".//o:resumptionToken", NS)
    assert token.get("cursor") == "0"
    assert token.get("completeListSize") == ("6" if params else "11")
    return root, token.text


def test_a_token_altered_by_hand_is_refused(library, settings):
    _, token = first_page(settings)
    value, signature = token.rsplit(":", 1)
    altered = [
        f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{value[:-2]}xx:{signature}",
        token[:-1],
        "",
    ]
    for bad in altered:
        assert error(get(Client(), verb="ListIdentifiers", resumptionToken=bad)) == "badResumptionToken"
    assert error(get(Client(), verb="ListIdentifiers", resumptionToken=token)) is None


def test_a_token_expires(library, settings, monkeypatch):
    _, token = first_page(settings)
    root = get(Client(), verb="ListIdentifiers", resumptionToken=token)
    expires = root.find(".//o:resumptionToken", NS).get("expirationDate")
    assert dt.datetime.fromisoformat(expires) > timezone.now() + dt.timedelta(hours=23)
    later = timezone.now() + dt.timedelta(hours=24, minutes=1)
    monkeypatch.setattr(oai, "_now", lambda: later)
    root = get(Client(), verb="ListIdentifiers", resumptionToken=token)
    assert error(root) == "badResumptionToken" and "expired" in root.findtext("o:error", namespaces=NS)


def test_a_token_with_other_arguments_or_of_another_verb(library, settings):
    _, token = first_page(settings)
    root = get(Client(), verb="ListIdentifiers", resumptionToken=token, metadataPrefix="oai_dc")
    assert error(root) == "badArgument"
    assert error(get(Client(), verb="ListRecords", resumptionToken=token)) == "badResumptionToken"


def test_the_token_keeps_the_arguments_and_the_cursor_counts(library, settings):
    root, token = first_page(settings, set="collection:bai-bao")
    seen = ids(root)
    cursors = []
    while token:
        root = get(Client(), verb="ListIdentifiers", resumptionToken=token)
        node = root.find(".//o:resumptionToken", NS)
        cursors.append(node.get("cursor"))
        seen += ids(root)
        token = node.text
    assert cursors == ["3"]
    assert seen == [oai.identifier(r.pk) for r in [*library["records"][1::2], library["withdrawn"]]]


def test_a_harvest_survives_records_changing_between_pages(library, settings):
    """Changed before it was sent: sent once, in its new version; changed after it was sent:
    sent again with its new datestamp; the others exactly once."""
    root, token = first_page(settings)
    sent = ids(root)
    records = library["records"]
    already, ahead = records[1], records[5]
    now = timezone.now()
    Record.objects.filter(pk=already.pk).update(title="Sửa sau khi gửi", datestamp=now)
    Record.objects.filter(pk=ahead.pk).update(
        title="Sửa trước khi gửi", datestamp=now + dt.timedelta(seconds=1)
    )
    while token:
        root = get(Client(), verb="ListIdentifiers", resumptionToken=token)
        sent += ids(root)
        token = root.findtext(".//o:resumptionToken", namespaces=NS)
    assert set(sent) == exposed_ids(library)
    assert sent.count(oai.identifier(already.pk)) == 2
    assert sent.count(oai.identifier(ahead.pk)) == 1
    assert all(sent.count(i) == 1 for i in exposed_ids(library) - {oai.identifier(already.pk)})
    assert sent[-2:] == [oai.identifier(already.pk), oai.identifier(ahead.pk)]


def test_pages_are_read_by_keyset_not_offset(library, settings):
    _, token = first_page(settings, verb="ListRecords")
    with CaptureQueriesContext(connection) as queries:
        root = get(Client(), verb="ListRecords", resumptionToken=token)
    assert len(ids(root)) == 3
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)  # counted once


def test_from_and_until_at_both_granularities(library):
    records = library["records"]
    root = get(Client(), verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2026-03-01T08:09:00Z"})
    assert ids(root) == [oai.identifier(records[9].pk), oai.identifier(library["withdrawn"].pk)]
    root = get(Client(), verb="ListIdentifiers", metadataPrefix="oai_dc", until="2026-03-01T08:01:00Z")
    assert ids(root) == [oai.identifier(r.pk) for r in records[:2]]
    root = get(
        Client(),
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": "2026-03-01", "until": "2026-03-01"},
    )
    assert len(ids(root)) == 11
    Record.objects.filter(pk=records[0].pk).update(datestamp=T0 + dt.timedelta(days=1, microseconds=500_000))
    root = get(
        Client(),
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": "2026-03-02T08:00:00Z", "until": "2026-03-02T08:00:00Z"},
    )
    assert ids(root) == [oai.identifier(records[0].pk)]
    assert root.findtext(".//o:datestamp", namespaces=NS) == "2026-03-02T08:00:00Z"
