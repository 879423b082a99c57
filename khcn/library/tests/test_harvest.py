"""Harvesting another repository into a collection (``khcn.library.harvest``): the app's own
/oai, served by a live server, harvested into a second collection through the DOST's page;
harvested again after a record changed and another was withdrawn (updated, not duplicated);
a broken source; who may start a harvest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from khcn.accounts.choices import Role
from khcn.library import harvest, oai
from khcn.library.models import Collection, HarvestRun, Record

pytestmark = pytest.mark.django_db(transaction=True)
T0 = dt.datetime(2026, 3, 1, 8, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def source(settings):
    settings.KHCN_OAI_PAGE_SIZE = 3
    settings.KHCN_OAI_REPOSITORY_ID = "khcn.camau.gov.vn"
    own = Collection.objects.create(code="bai-bao", name="Bài báo khoa học")
    records = []
    for n in range(7):
        record = Record.objects.create(
            collection=own,
            kind="thesis" if n == 0 else "article",
            title=f"Rừng ngập mặn Cà Mau, phần {n}",
            title_en=f"Mangroves of Ca Mau, part {n}" if n % 2 else "",
            abstract=f"Tóm tắt {n}",
            issued_year=2020 + n,
            issued_on=dt.date(2020 + n, 5, 1) if n == 1 else None,
            keywords="rừng ngập mặn; Cà Mau",
            doi="10.5555/rnm.1" if n == 1 else "",
            language="vi" if n % 3 else "en",
            status="published",
            datestamp=T0 + dt.timedelta(minutes=n),
        )
        record.authors.create(position=1, name="Trần Thị Bình")
        records.append(record)
    Record.objects.create(collection=own, kind="article", title="Bản nháp", issued_year=2024, status="draft")
    mirror = Collection.objects.create(code="thu-hoach", name="Thu hoạch từ kho khác")
    return {"own": own, "records": records, "mirror": mirror}


def harvested(mirror: Collection) -> dict[str, Record]:
    return {
        r.source_identifier: r for r in Record.objects.filter(collection=mirror).prefetch_related("authors")
    }


def start(client: Client, mirror: Collection, url: str, set_spec: str = "collection:bai-bao") -> None:
    response = client.post(
        reverse("library:collection_harvest", args=[mirror.pk]), {"url": url, "set_spec": set_spec}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_own_oai_is_harvested_into_a_second_collection_and_again(source, live_server, make_user):
    dost = make_user(Role.DOST_SPECIALIST)
    client = Client()
    client.force_login(dost)
    mirror, records = source["mirror"], source["records"]
    url = f"{live_server.url}/oai"
    start(client, mirror, url)  # the immediate backend runs the task at once

    run = HarvestRun.objects.get(collection=mirror)
    assert (run.status, run.error) == (HarvestRun.DONE, "")
    assert (run.seen, run.created, run.updated, run.withdrawn, run.skipped) == (7, 7, 0, 0, 0)
    assert run.started_at and run.finished_at and run.started_by == dost
    mirror.refresh_from_db()
    assert (mirror.harvest_url, mirror.harvest_set) == (url, "collection:bai-bao")
    copies = harvested(mirror)
    assert set(copies) == {oai.identifier(r.pk) for r in records}
    for record in records:
        copy = copies[oai.identifier(record.pk)]
        assert copy.status == "published"
        assert (copy.title, copy.title_en, copy.abstract) == (record.title, record.title_en, record.abstract)
        assert (copy.issued_year, copy.language, copy.kind) == (
            record.issued_year,
            record.language,
            record.kind,
        )
        assert [a.name for a in copy.authors.all()] == ["Trần Thị Bình"]
        assert copy.keywords.startswith("rừng ngập mặn; Cà Mau")
    first = copies[oai.identifier(records[1].pk)]
    assert (first.doi, first.issued_on) == ("10.5555/rnm.1", dt.date(2021, 5, 1))

    # The page shows the run.
    page = client.get(reverse("library:collection_harvest", args=[mirror.pk]))
    assert page.status_code == 200 and 'data-status="done"' in page.content.decode()

    # At the source: one record corrected, one withdrawn, one added.
    Record.objects.filter(pk=records[2].pk).update(
        title="Rừng ngập mặn (đã sửa)", datestamp=T0 + dt.timedelta(days=1)
    )
    Record.objects.filter(pk=records[3].pk).update(status="withdrawn", datestamp=T0 + dt.timedelta(days=1))
    added = Record.objects.create(
        collection=source["own"], kind="book", title="Sách mới", issued_year=2025, status="published"
    )
    start(client, mirror, url)
    run = HarvestRun.objects.filter(collection=mirror).first()
    assert run is not None and run.status == HarvestRun.DONE
    assert (run.seen, run.created, run.updated, run.unchanged, run.withdrawn) == (8, 1, 1, 5, 1)
    copies = harvested(mirror)
    assert len(copies) == 8 == Record.objects.filter(collection=mirror).count()  # nothing duplicated
    assert copies[oai.identifier(records[2].pk)].title == "Rừng ngập mặn (đã sửa)"
    assert copies[oai.identifier(records[2].pk)].version == 2
    assert copies[oai.identifier(records[3].pk)].status == "withdrawn"
    assert copies[oai.identifier(added.pk)].kind == "book"

    # Without a set the site's /oai also lists the copies: they are skipped, not copied again.
    start(client, mirror, url, set_spec="")
    run = HarvestRun.objects.filter(collection=mirror).first()
    # Skipped: the 8 copies, and the source's withdrawn record (its copy is withdrawn already).
    assert run is not None and (run.status, run.created, run.skipped, run.unchanged) == (
        HarvestRun.DONE,
        0,
        9,
        7,
    )
    assert Record.objects.filter(collection=mirror).count() == 8


def test_a_broken_source_stops_the_run_with_its_reason(source, live_server, make_user):
    dost = make_user(Role.DOST_SPECIALIST)
    run = harvest.harvest_start(actor=dost, collection=source["mirror"], url=f"{live_server.url}/no-such-oai")
    run.refresh_from_db()
    assert run.status == HarvestRun.FAILED and "404" in run.error
    assert not Record.objects.filter(collection=source["mirror"]).exists()
    # A set with no records is an empty harvest, not an error.
    run = harvest.harvest_start(
        actor=dost, collection=source["mirror"], url=f"{live_server.url}/oai", set_spec="collection:khong-co"
    )
    run.refresh_from_db()
    assert (run.status, run.seen) == (HarvestRun.DONE, 0)


def test_only_the_dost_may_harvest(source, make_user):
    mirror = source["mirror"]
    url = reverse("library:collection_harvest", args=[mirror.pk])
    applicant = Client()
    applicant.force_login(make_user(Role.APPLICANT))
    assert applicant.get(url).status_code == 404
    assert applicant.post(url, {"url": "https://example.invalid/oai"}).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    assert not HarvestRun.objects.exists()
    with pytest.raises(Exception, match="manage"):
        harvest.harvest_start(
            actor=make_user(Role.APPLICANT), collection=mirror, url="https://example.invalid/oai"
        )


def test_a_second_harvest_waits_for_the_first(source, make_user):
    dost = make_user(Role.DOST_SPECIALIST)
    HarvestRun.objects.create(
        collection=source["mirror"], url="https://example.invalid/oai", status=HarvestRun.RUNNING
    )
    client = Client()
    client.force_login(dost)
    response = client.post(
        reverse("library:collection_harvest", args=[source["mirror"].pk]),
        {"url": "https://example.invalid/oai"},
    )
    assert response.status_code == 200
    with translation.override("vi"):  # the site's first language
        refusal = translation.gettext("A harvest of this collection is under way: wait for it to finish.")
    assert refusal in response.content.decode()
    assert HarvestRun.objects.count() == 1
