#!/usr/bin/env python
"""Search benchmark: index N agency and person records, time Vietnamese queries.

    .venv/bin/python bench/search_bench.py [--records 20000] [--repeat 7]
    .venv/bin/python bench/search_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Runs against a scratch database: an SQLite file in a temporary directory, or — with a
PostgreSQL URL — a database ``khcn_bench`` created on that server and dropped afterwards.
Generates the records with a fixed random seed (realistic Vietnamese names with diacritics;
each person belongs to an agency), builds the index with ``khcn.search.services.rebuild``,
then runs 20 queries, each typed with and without diacritics, through the
``khcn.search.selectors.search`` selector as a system administrator (and once more as an
agency reporter, whose permission filter is a subquery). Prints median and p95 latency and
writes ``bench/results/search-<vendor>.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from datagen import REGISTRY_FIELDS, create_registry, scratch_database
from harness import django_setup, percentile

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "khcn_bench"

QUERIES: list[tuple[str, str]] = [
    ("sở khoa học", "so khoa hoc"),
    ("ủy ban nhân dân xã", "uy ban nhan dan xa"),
    ("đổi mới", "doi moi"),
    ("nguyễn văn", "nguyen van"),
    ("trần thị", "tran thi"),
    ("trường trung học cơ sở", "truong trung hoc co so"),
    ("bệnh viện đa khoa", "benh vien da khoa"),
    ("trạm y tế", "tram y te"),
    ("công ty cổ phần", "cong ty co phan"),
    ("hợp tác xã", "hop tac xa"),
    ("chuyên viên", "chuyen vien"),
    ("phó giám đốc", "pho giam doc"),
    ("đầm dơi", "dam doi"),
    ("năm căn", "nam can"),
    ("ngọc hiển", "ngoc hien"),
    ("thới bình", "thoi binh"),
    ("lê thị hồng", "le thi hong"),
    ("phạm minh đức", "pham minh duc"),
    ("trung tâm đổi mới sáng tạo", "trung tam doi moi sang tao"),
    ("khánh bình", "khanh binh"),
]

# The registry vocabulary and name generators are shared with the load test (bench/datagen.py).
FIELDS = REGISTRY_FIELDS


def _generate(records: int, seed: int) -> dict[str, Any]:
    from khcn.accounts.choices import Role
    from khcn.accounts.models import Membership, User

    rng = random.Random(seed)
    n_agencies = max(len(FIELDS), records // 5)
    n_people = records - n_agencies
    _orgs, users = create_registry(rng, n_orgs=n_agencies, n_people=n_people, agencies=[], first_name=0)
    admin = User.objects.create(username="bench-admin", full_name="Quản trị Bench", password="!")
    Membership.objects.create(user=admin, role=Role.SYSADMIN)
    return {"agencies": n_agencies, "people": n_people, "admin": admin, "reporter": users[0]}


def _time(fn: Any, repeat: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20000, help="agencies + people (default 20000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query (default 7)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument(
        "--database-url", help="a PostgreSQL server URL; a scratch database khcn_bench is used"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch PostgreSQL database")
    parser.add_argument("--output", help="JSON file (default bench/results/search-<vendor>.json)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-"))
    url, cleanup = scratch_database(args.database_url, tmp, BENCH_DB)
    django_setup(database_url=url, var_dir=tmp, search_backend="auto")
    from django.core.management import call_command
    from django.db import connection, connections

    from khcn.search.backends import backend_name
    from khcn.search.selectors import search, search_results
    from khcn.search.services import rebuild

    try:
        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
            db_version = str(cursor.fetchone()[0])
        print(f"database: {vendor} {db_version}")
        t0 = time.perf_counter()
        data = _generate(args.records, args.seed)
        generate_s = time.perf_counter() - t0
        print(f"generated {data['agencies']} agencies and {data['people']} people in {generate_s:.1f} s")

        t0 = time.perf_counter()
        counts = rebuild(progress=True)
        index_s = time.perf_counter() - t0
        indexed = sum(counts.values())
        print(f"index built: {indexed} entries in {index_s:.2f} s ({indexed / index_s:.0f}/s)")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_searchentry")

        def select_one() -> None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()

        baseline = _time(select_one, max(200, args.repeat * 20))
        baseline_ms = statistics.median(baseline)

        admin, reporter = data["admin"], data["reporter"]
        per_query: list[dict[str, Any]] = []
        timings: dict[str, list[float]] = {"accented": [], "unaccented": [], "reporter": []}
        for accented, plain in QUERIES:
            row: dict[str, Any] = {}
            for kind, text in (("accented", accented), ("unaccented", plain)):
                samples = _time(lambda text=text: search(user=admin, query=text, limit=20), args.repeat)
                timings[kind].extend(samples)
                res = search_results(user=admin, query=text, limit=20)
                row[kind] = {
                    "query": text,
                    "hits": res.total,
                    "top": res.hits[0].title if res.hits else None,
                    "median_ms": round(statistics.median(samples), 2),
                }
            samples = _time(lambda text=accented: search(user=reporter, query=text, limit=20), args.repeat)
            timings["reporter"].extend(samples)
            row["reporter_median_ms"] = round(statistics.median(samples), 2)
            per_query.append(row)

        def summary(values: list[float]) -> dict[str, float]:
            med = statistics.median(values)
            return {
                "median_ms": round(med, 2),
                "p95_ms": round(percentile(values, 95), 2),
                "max_ms": round(max(values), 2),
                "median_vs_select1": round(med / baseline_ms, 1),
            }

        result = {
            "vendor": vendor,
            "backend": backend_name(),
            "database_version": db_version,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "records": args.records,
            "agencies": data["agencies"],
            "people": data["people"],
            "seed": args.seed,
            "repeat": args.repeat,
            "index_entries": indexed,
            "index_build_s": round(index_s, 2),
            "select1_median_ms": round(baseline_ms, 3),
            "accented": summary(timings["accented"]),
            "unaccented": summary(timings["unaccented"]),
            "reporter_accented": summary(timings["reporter"]),
            "queries": per_query,
        }
        print()
        print(f"{'query (accented / unaccented)':<58} {'hits':>12} {'ms':>14}")
        for row in per_query:
            a, u = row["accented"], row["unaccented"]
            label = f"{a['query']} / {u['query']}"
            print(f"{label:<58} {a['hits']:>5} /{u['hits']:>5} {a['median_ms']:>6} /{u['median_ms']:>6}")
        print()
        print(f"SELECT 1 round trip: median {baseline_ms:.3f} ms")
        for key in ("accented", "unaccented", "reporter_accented"):
            s = result[key]
            print(
                f"{key:<18} median {s['median_ms']:>7} ms  p95 {s['p95_ms']:>7} ms  "
                f"max {s['max_ms']:>7} ms  ({s['median_vs_select1']}× SELECT 1)"
            )
        print(f"index build: {index_s:.2f} s for {indexed} entries")

        out = Path(args.output) if args.output else ROOT / "bench" / "results" / f"search-{vendor}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    finally:
        connections.close_all()
        if not args.keep:
            cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
