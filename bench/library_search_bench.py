#!/usr/bin/env python
"""Library search benchmark: the public search on 100,000 records, as ratios to the login page.

    .venv/bin/python bench/library_search_bench.py [--records 100000] [--repeat 15]
    .venv/bin/python bench/library_search_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Runs against a scratch database (an SQLite file in a temporary directory, or a database
``khcn_bench_library`` created on the PostgreSQL server and dropped afterwards). Generates with a
fixed seed and ``bulk_create`` (generated data, not real) N published records over 1990–2026 in
six collections, of every type, with two or three authors, one or two fields of the national
S&T list, keywords and an abstract of a few sentences, some restricted or embargoed; then
indexes them into the site's full-text index (``khcn.search.services.index_objects``: SQLite
FTS5 or PostgreSQL tsvector). Times, in the same process (warm-up, then ``--repeat`` runs;
median and p95), anonymously through ``django.test.Client``:

- the login page (the baseline, 1×);
- the library's first page (no query: the facets over every record);
- a query of a common word ("rừng ngập mặn"), of a rare one, without diacritics;
- a facet (type + year) with and without a query.

Prints median / p95 in ms, the ratio to the login page and the queries of each; writes
``bench/results/library-search-<vendor>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datagen import person_name, scratch_database
from harness import django_setup, measure, print_ratios, write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_DB = "khcn_bench_library"
DEFAULT_SEED = 20261204
TOPICS = [
    "rừng ngập mặn", "nuôi tôm càng xanh", "cua biển", "lúa chịu mặn", "xâm nhập mặn", "sạt lở bờ biển",
    "điện gió", "mật ong rừng U Minh", "cá kèo", "du lịch cộng đồng", "văn hóa Khmer", "chuyển đổi số",
    "nước ngầm", "than bùn", "đa dạng sinh học", "biến đổi khí hậu", "kinh tế biển", "y học cổ truyền",
]  # fmt: skip
PLACES = ["Năm Căn", "Ngọc Hiển", "Đầm Dơi", "U Minh", "Trần Văn Thời", "Cái Nước", "Thới Bình", "Bạc Liêu"]


def generate(n: int, seed: int) -> dict[str, Any]:
    from khcn.classifications.models import Term
    from khcn.library.choices import RecordType
    from khcn.library.models import Author, Collection, Record
    from khcn.search.services import index_objects

    rng = random.Random(seed)
    collections = [
        Collection.objects.create(code=f"bo-suu-tap-{i}", name=f"Bộ sưu tập {i}") for i in range(1, 7)
    ]
    terms = list(Term.objects.filter(scheme__code="linh-vuc-khcn-2008", code__regex=r"^\d{3}$"))
    kinds = RecordType.values
    records = []
    for i in range(n):
        topic = rng.choice(TOPICS)
        place = rng.choice(PLACES)
        access = rng.choices(["public", "signed_in", "roles", "embargo"], [85, 8, 4, 3])[0]
        records.append(
            Record(
                collection=rng.choice(collections),
                kind=rng.choice(kinds),
                title=f"Nghiên cứu {topic} tại {place} giai đoạn {1990 + i % 37} (dữ liệu sinh tự động {i})",
                abstract=(
                    f"Kết quả khảo sát {topic} ở {place}. Đề xuất giải pháp về {rng.choice(TOPICS)} và "
                    f"{rng.choice(TOPICS)} cho tỉnh Cà Mau."
                ),
                keywords=f"{topic}; {place}; Cà Mau",
                issued_year=1990 + rng.randrange(37),
                language=rng.choices(["vi", "en"], [9, 1])[0],
                status="published",
                access=access,
                access_roles=",dost_specialist," if access == "roles" else "",
                embargo_until=dt.date(2027, 6, 1) if access == "embargo" else None,
            )
        )
    t0 = time.perf_counter()
    Record.objects.bulk_create(records, batch_size=2000)
    ids = list(Record.objects.order_by("pk").values_list("pk", flat=True))
    authors = []
    links = []
    through = Record.fields.through
    for pk in ids:
        for position in range(1, rng.randint(2, 3) + 1):
            authors.append(Author(record_id=pk, position=position, name=person_name(rng)))
        for term in rng.sample(terms, k=rng.randint(1, 2)):
            links.append(through(record_id=pk, term_id=term.pk))
    Author.objects.bulk_create(authors, batch_size=5000)
    through.objects.bulk_create(links, batch_size=5000)
    created_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    from khcn.search.registry import get_registration

    registration = get_registration(Record)
    assert registration is not None and registration.queryset is not None
    indexed = index_objects(registration.queryset().order_by("pk"))
    index_s = time.perf_counter() - t0
    return {
        "counts": {"records": n, "authors": len(authors), "indexed": indexed},
        "created_s": round(created_s, 1),
        "index_s": round(index_s, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--database-url", help=f"a PostgreSQL server URL; a scratch database {BENCH_DB}")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--output")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-library-"))
    url, cleanup = scratch_database(args.database_url, tmp, BENCH_DB)
    django_setup(database_url=url, var_dir=tmp)
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    try:
        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        data = generate(args.records, args.seed)
        print(
            f"database: {vendor}; generated (not real data) {data['counts']} in {data['created_s']} s, "
            f"indexed in {data['index_s']} s"
        )
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        anonymous = Client()
        library = reverse("library:record_list")

        def page(url: str, params: dict[str, Any] | None = None) -> Callable[[], None]:
            def get() -> None:
                response = anonymous.get(url, params or {})
                if response.status_code != 200:
                    raise RuntimeError(f"{url} {params} answered {response.status_code}")

            return get

        ops: dict[str, Callable[[], Any]] = {
            "login page (anonymous) = 1×": page(reverse("accounts:login")),
            "library, first page (facets over all)": page(library),
            "query: common words 'rừng ngập mặn'": page(library, {"q": "rừng ngập mặn"}),
            "query: folded 'rung ngap man'": page(library, {"q": "rung ngap man"}),
            "query: rare 'than bùn Thới Bình'": page(library, {"q": "than bùn Thới Bình"}),
            "facet: type + year": page(library, {"kind": "dataset", "year": 2015}),
            "query + facet": page(library, {"q": "cua biển", "kind": "article"}),
            "record page": page(reverse("library:record_detail", args=[1])),
        }
        rows = measure(ops, args.repeat, connection)
        print_ratios(rows, "login page (anonymous) = 1×", width=42)
        output = Path(args.output) if args.output else RESULTS / f"library-search-{vendor}.json"
        write_results(
            output,
            {
                "generated_data": True,
                "vendor": vendor,
                "python": platform.python_version(),
                "seed": args.seed,
                "repeat": args.repeat,
                **data,
                "timings": rows,
            },
        )
    finally:
        connections.close_all()
        if not args.keep:
            cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
