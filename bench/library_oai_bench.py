#!/usr/bin/env python
"""Library OAI-PMH benchmark: ListRecords / ListIdentifiers at the first, second and last page of
100,000 records, as ratios to the login page.

    .venv/bin/python bench/library_oai_bench.py [--records 100000] [--repeat 15]
    .venv/bin/python bench/library_oai_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Runs against a scratch database: an SQLite file in a temporary directory, or — with a
PostgreSQL URL — a database ``khcn_bench_library_oai`` created on that server and dropped
afterwards. Generates with a fixed seed and ``bulk_create`` (generated data, not real) five
collections, twenty field terms and N records (about 2% withdrawn, 3% drafts that harvesters
never see), each with one or two authors and one or two fields, their datestamps spread over
five years. Then times, in the same process (warm-up, then ``--repeat`` runs; median and p95),
through ``django.test.Client``:

- the login page served anonymously (the baseline, 1×);
- ListRecords (oai_dc and MODS) and ListIdentifiers: the first page (which also counts the
  list for ``completeListSize``), the second page and the last page, both through resumption
  tokens; the last page's token is made directly with ``khcn.library.oai.make_token`` (walking
  a thousand pages to reach it would time the walk, not the page);
- ListRecords of one set (a collection), first and last page; GetRecord.

Keyset paging on (datestamp, id) makes the last page cost what the second costs: the ratio
``last / second`` is printed and must stay near 1. Prints median / p95 in ms, the ratio of the
medians to the login page's and the number of queries of each; writes
``bench/results/library-oai-<vendor>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datagen import scratch_database
from harness import database_version, django_setup, measure, print_ratios, write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_DB = "khcn_bench_library_oai"
DEFAULT_SEED = 20261204
START = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
SPAN_SECONDS = 5 * 365 * 24 * 3600
TOPICS = ["nuôi tôm càng xanh", "rừng ngập mặn", "sạt lở bờ biển", "lúa chịu mặn", "xâm nhập mặn",
          "cua biển", "điện gió", "nước ngầm", "mật ong U Minh", "du lịch cộng đồng"]  # fmt: skip
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Huỳnh Quốc Bảo"]


def generate(n_records: int, seed: int) -> dict[str, Any]:
    from khcn.classifications.models import Scheme, Term
    from khcn.library.choices import RecordType
    from khcn.library.models import Author, Collection, Record

    rng = random.Random(seed)
    collections = [
        Collection.objects.create(code=f"bo-suu-tap-{n}", name=f"Bộ sưu tập {n} (dữ liệu giả lập)")
        for n in range(5)
    ]
    scheme = Scheme.objects.create(code="linh-vuc-bench", name="Lĩnh vực (giả lập)")
    terms = [Term.objects.create(scheme=scheme, code=f"{400 + n}", name=f"Lĩnh vực {n}") for n in range(20)]
    kinds = [k for k in RecordType.values if not k.startswith("task_")]
    stamps = sorted(START + dt.timedelta(seconds=rng.randrange(SPAN_SECONDS)) for _ in range(n_records))
    records = []
    for i in range(n_records):
        roll = rng.random()
        status = "withdrawn" if roll < 0.02 else "draft" if roll < 0.05 else "published"
        topic = rng.choice(TOPICS)
        records.append(
            Record(
                collection=rng.choice(collections),
                kind=rng.choice(kinds),
                title=f"Nghiên cứu {topic} tại Cà Mau, số {i} (dữ liệu giả lập)",
                title_en=f"A study of {i}" if rng.random() < 0.5 else "",
                abstract=f"Tóm tắt về {topic} trên địa bàn tỉnh Cà Mau. " * 4,
                language="vi",
                issued_year=2015 + rng.randrange(11),
                publisher="Sở Khoa học và Công nghệ tỉnh Cà Mau",
                keywords=f"{topic}; Cà Mau",
                doi=f"10.5555/bench.{i}" if rng.random() < 0.2 else "",
                status=status,
                datestamp=stamps[i],
                published_at=stamps[i],
            )
        )
    Record.objects.bulk_create(records, batch_size=2000)
    if any(r.pk is None for r in records):
        for r, pk in zip(records, Record.objects.order_by("pk").values_list("pk", flat=True), strict=True):
            r.pk = pk
    authors, links = [], []
    for r in records:
        for position in range(1, rng.choice([2, 3])):
            authors.append(Author(record_id=r.pk, position=position, name=rng.choice(NAMES)))
        for term in rng.sample(terms, rng.choice([1, 2])):
            links.append(Record.fields.through(record_id=r.pk, term_id=term.pk))
    Author.objects.bulk_create(authors, batch_size=5000)
    Record.fields.through.objects.bulk_create(links, batch_size=5000)
    return {
        "collections": collections,
        "counts": {"records": len(records), "authors": len(authors), "field_links": len(links)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000, help="records generated (default 100000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--database-url", help=f"a PostgreSQL server URL; a scratch database {BENCH_DB} is used"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--output", help="JSON file (default bench/results/library-oai-<vendor>.json)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-library-oai-"))
    url, cleanup = scratch_database(args.database_url, tmp, BENCH_DB)
    django_setup(database_url=url, var_dir=tmp)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    from khcn.library import oai

    assert not settings.DEBUG, "DEBUG must be off for timings"
    try:
        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        db_version = database_version(connection)
        print(f"database: {vendor} {db_version}")
        t0 = time.perf_counter()
        data = generate(args.records, args.seed)
        generate_s = time.perf_counter() - t0
        print(f"generated (not real data) {data['counts']} in {generate_s:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        page_size = int(settings.KHCN_OAI_PAGE_SIZE)
        client = Client()
        endpoint = reverse("oai")

        def token_at(verb: str, prefix: str, position: str, set_spec: str = "") -> str:
            """The token of the second or the last page of a list, made as the module makes it."""
            listed = oai.ListArgs(verb=verb, prefix=prefix, set=set_spec)
            keys = oai.list_queryset(listed).values_list("datestamp", "id")
            size = keys.count()
            cursor = page_size if position == "second" else size - page_size  # a full last page
            after = keys[cursor - 1]  # once, outside the timings
            return oai.make_token(listed, after, cursor, size)[0]

        def request(params: dict[str, str], expect: str) -> Callable[[], None]:
            def get() -> None:
                response = client.get(endpoint, params)
                body = response.content
                if response.status_code != 200 or b"<error" in body or expect.encode() not in body:
                    raise RuntimeError(f"{params} answered {response.status_code}: {body[:300]!r}")

            return get

        first_id = oai.identifier(
            oai.list_queryset(oai.ListArgs("GetRecord", "oai_dc")).values_list("id", flat=True)[0]
        )
        set_spec = f"collection:{data['collections'][0].code}"
        ops: dict[str, Callable[[], Any]] = {"login page (anonymous) = 1×": lambda: _login(client)}
        for verb, prefix in (
            ("ListRecords", "oai_dc"),
            ("ListRecords", "mods"),
            ("ListIdentifiers", "oai_dc"),
        ):
            label = f"{verb} {prefix}"
            ops[f"{label}, first page"] = request({"verb": verb, "metadataPrefix": prefix}, "resumptionToken")
            for position in ("second", "last"):
                token = token_at(verb, prefix, position)
                ops[f"{label}, {position} page"] = request(
                    {"verb": verb, "resumptionToken": token}, "cursor="
                )
        ops[f"ListRecords oai_dc, set {set_spec}, first page"] = request(
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": set_spec}, "resumptionToken"
        )
        ops[f"ListRecords oai_dc, set {set_spec}, last page"] = request(
            {"verb": "ListRecords", "resumptionToken": token_at("ListRecords", "oai_dc", "last", set_spec)},
            "cursor=",
        )
        ops["GetRecord oai_dc"] = request(
            {"verb": "GetRecord", "identifier": first_id, "metadataPrefix": "oai_dc"}, "oai_dc:dc"
        )
        rows = measure(ops, args.repeat, connection)
        print(f"\npage size {page_size}", end="")
        print_ratios(rows, "login page (anonymous) = 1×", width=52)
        depth = {}
        for label in ("ListRecords oai_dc", "ListRecords mods", "ListIdentifiers oai_dc"):
            depth[label] = round(
                rows[f"{label}, last page"]["median_ms"] / rows[f"{label}, second page"]["median_ms"], 2
            )
            print(f"{label}: last page / second page = {depth[label]}")
        output = Path(args.output) if args.output else RESULTS / f"library-oai-{vendor}.json"
        write_results(
            output,
            {
                "generated_data": True,
                "vendor": vendor,
                "database_version": db_version,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "seed": args.seed,
                "repeat": args.repeat,
                "page_size": page_size,
                "counts": data["counts"],
                "generate_s": round(generate_s, 1),
                "timings": rows,
                "last_over_second": depth,
            },
        )
        if args.keep:
            print(f"scratch directory kept: {tmp}")
    finally:
        connections.close_all()
        if not args.keep:
            cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _login(client: Any) -> None:
    from django.urls import reverse

    response = client.get(reverse("accounts:login"))
    if response.status_code != 200:
        raise RuntimeError(f"login page answered {response.status_code}")


if __name__ == "__main__":
    sys.exit(main())
