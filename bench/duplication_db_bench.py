#!/usr/bin/env python
"""Duplication check in the database: the proposal page over N past tasks, as ratios to the login page.

    .venv/bin/python bench/duplication_db_bench.py [--tasks 20000] [--repeat 20]
    .venv/bin/python bench/duplication_db_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Runs against a scratch database: an SQLite file in a temporary directory, or — with a
PostgreSQL URL — a database ``khcn_bench_duplication`` created on that server and dropped
afterwards. Writes with ``bulk_create`` N past tasks (``research.Task``, each with its selected
application holding its objectives; the titles and texts of ``bench/duplication_bench.py``,
fixed seed, about 2 % near-copies), states spread over the lifecycle, about 3 % dropped, and
300 proposals of the last calls. Times, in the same process (warm-up, then ``--repeat`` runs; median
and p95):

- the login page served anonymously through ``django.test.Client`` (the baseline, 1×);
- the index's rebuild (``khcn.research.duplication.index_build``: two queries reading the
  tasks, the engine's build, the cache write), a few runs;
- reading a built index from the cache (what another process does once per change of the
  tasks when the cache is shared) and the stamp query the page runs;
- the proposal page as a DOST specialist, with the duplication block, the index cached: for a
  proposal like a past task (diacritics, without them), and an unrelated one.

Prints median / p95 in ms, the ratio to the login page and the queries of each, and writes
``bench/results/duplication-db-<vendor>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
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
from duplication_bench import generate
from harness import django_setup, timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_DB = "khcn_bench_duplication"
DEFAULT_SEED = 20261203

PROPOSALS = [
    ("like a past task", "Nghiên cứu quy trình nuôi tôm càng xanh toàn đực trong ao đất tại U Minh"),
    ("same, without diacritics", "Nghien cuu quy trinh nuoi tom cang xanh toan duc trong ao dat tai U Minh"),
    ("unrelated", "Ứng dụng trí tuệ nhân tạo dự báo phụ tải lưới điện đô thị"),
]


def populate(n: int, seed: int) -> dict[str, Any]:
    """N past tasks with their proposals, a DOST specialist and the proposals to check."""
    from datagen import create_user

    from khcn.accounts.choices import Role
    from khcn.accounts.models import User
    from khcn.core.text import clean, fold
    from khcn.organizations.models import Organization
    from khcn.research.choices import ApplicationStatus, Method, ProposalStatus, Regime, TaskState
    from khcn.research.models import Application, Call, Proposal, Task

    rng = random.Random(seed)
    dost = Organization.objects.create(name="Sở Khoa học và Công nghệ", kind="department")
    specialist = create_user("bench-dost", "Lê Minh Khoa", Role.DOST_SPECIALIST, dost)
    proposer = User.objects.create(username="bench-proposer", full_name="Trần Văn An", password="!")
    calls = {
        year: Call.objects.create(
            title=f"Đề xuất đặt hàng năm {year}",
            year=year,
            opens_on=dt.date(year - 1, 3, 1),
            closes_on=dt.date(year - 1, 4, 30),
            organization=dost,
        )
        for year in range(2005, 2028)
    }
    states = [s for s in TaskState.values if s != TaskState.DROPPED]
    rows = generate(n, seed)
    tasks = []
    for code, title, _text in rows:
        year = int(code.split("-")[1])
        tasks.append(
            Task(
                code=code,
                title=clean(title),
                method=rng.choice(Method.values),
                regime=Regime.LAW_2025 if year >= 2026 else Regime.PRE_2025,
                state=TaskState.DROPPED if rng.random() < 0.03 else rng.choice(states),
                ordered_on=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                host_name=f"Đơn vị chủ trì {rng.randint(1, 300)}",
            )
        )
    Task.objects.bulk_create(tasks, batch_size=2000)
    # Each past task described by its selected application's objectives.
    Application.objects.bulk_create(
        (
            Application(
                task=task,
                applicant=proposer,
                host_name=task.host_name,
                investigator="Nguyễn Văn Bình",
                objectives=text,
                status=ApplicationStatus.SELECTED,
            )
            for task, (_code, _title, text) in zip(tasks, rows, strict=True)
        ),
        batch_size=2000,
    )
    # The proposals of the last calls, not yet tasks (a few hundred a year).
    Proposal.objects.bulk_create(
        Proposal(
            call=calls[rng.choice((2026, 2027))],
            title=clean(title),
            title_folded=fold(title)[:500],
            proposer=proposer,
            objectives=text,
            status=rng.choice((ProposalStatus.SUBMITTED, ProposalStatus.SCREENED, ProposalStatus.REJECTED)),
        )
        for _code, title, text in generate(300, seed + 1)
    )
    now = dt.datetime.now(dt.UTC)
    checked = []
    for _label, title in PROPOSALS:
        checked.append(
            Proposal.objects.create(
                call=calls[2027],
                title=title,
                title_folded=fold(title),
                proposer=proposer,
                objectives="Xây dựng quy trình kỹ thuật và chuyển giao cho hộ dân",
                status=ProposalStatus.SUBMITTED,
                submitted_at=now,
            )
        )
    return {
        "specialist": specialist,
        "checked": checked,
        "counts": {"tasks": n, "applications": n, "proposals": 303},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=20000, help="past tasks generated (default 20000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each (default 20)")
    parser.add_argument("--builds", type=int, default=3, help="timed rebuilds of the index (default 3)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--database-url", help=f"a PostgreSQL server URL; a scratch database {BENCH_DB} is used"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch PostgreSQL database")
    parser.add_argument("--output", help="JSON file (default bench/results/duplication-db-<vendor>.json)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-duplication-db-"))
    url, cleanup = scratch_database(args.database_url, tmp, BENCH_DB)
    django_setup(database_url=url, var_dir=tmp)
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    from khcn.research import duplication

    assert not settings.DEBUG, "DEBUG must be off for timings"
    try:
        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
            db_version = str(cursor.fetchone()[0])
        t0 = time.perf_counter()
        data = populate(args.tasks, args.seed)
        generate_s = time.perf_counter() - t0
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"database: {vendor} {db_version}; {data['counts']} written in {generate_s:.1f} s")

        anonymous = Client()
        dost = Client()
        dost.force_login(data["specialist"])
        login_url = reverse("accounts:login")

        def page(client: Any, url: str) -> Callable[[], None]:
            def get() -> None:
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")

            return get

        builds = []
        for _ in range(args.builds):
            t0 = time.perf_counter()
            built = duplication.index_build()
            builds.append(time.perf_counter() - t0)
        blob = pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)
        key = duplication._key(built.stamp)

        ops: dict[str, Callable[[], Any]] = {"login page (anonymous) = 1×": page(anonymous, login_url)}
        ops["stamp query (every page)"] = duplication.tasks_stamp
        ops["index read from the cache (unpickle)"] = lambda: cache.get(key)
        for (label, _title), proposal in zip(PROPOSALS, data["checked"], strict=True):
            ops[f"proposal page (DOST): {label}"] = page(
                dost, reverse("research:proposal_detail", args=[proposal.pk])
            )

        rows: dict[str, dict[str, Any]] = {}
        for label, fn in ops.items():
            queries: list[str] = []

            def count(
                execute: Any, sql: str, params: Any, many: bool, context: Any, queries: list[str] = queries
            ) -> Any:
                queries.append(sql)
                return execute(sql, params, many, context)

            fn()  # warm: the index is in this process's memory from here on
            with connection.execute_wrapper(count):
                fn()
            rows[label] = timed(fn, args.repeat)
            rows[label]["queries"] = len(queries)
        found = {
            label: [
                f"{s.score:.2f} {s.obj.code if s.is_task else 'proposal'}"
                for s in duplication.similar(proposal)[:3]
            ]
            for (label, _title), proposal in zip(PROPOSALS, data["checked"], strict=True)
        }

        baseline = rows["login page (anonymous) = 1×"]["median_ms"]
        print()
        print(f"{'':<46} {'median ms':>10} {'p95 ms':>9} {'× login':>8} {'queries':>8}")
        for label, row in rows.items():
            row["ratio"] = round(row["median_ms"] / baseline, 2)
            print(
                f"{label:<46} {row['median_ms']:>10.2f} {row['p95_ms']:>9.2f} "
                f"{row['ratio']:>8} {row['queries']:>8}"
            )
        rebuild_ms = sorted(b * 1000 for b in builds)[len(builds) // 2]
        print(
            f"\nindex rebuild ({len(built.index)} tasks, dropped left out): median {rebuild_ms / 1000:.2f} s "
            f"over {len(builds)} runs = {rebuild_ms / baseline:.0f}× login; pickled {len(blob) / 1e6:.1f} MB"
        )
        for label, best in found.items():
            print(f"{label}: {best}")
        output = Path(args.output) if args.output else RESULTS / f"duplication-db-{vendor}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(
                {
                    "vendor": vendor,
                    "database_version": db_version,
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "seed": args.seed,
                    "repeat": args.repeat,
                    "counts": data["counts"],
                    "indexed": len(built.index),
                    "generate_s": round(generate_s, 1),
                    "rebuild_s": [round(b, 2) for b in builds],
                    "rebuild_ratio": round(rebuild_ms / baseline),
                    "pickled_mb": round(len(blob) / 1e6, 1),
                    "timings": rows,
                    "found": found,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"\nwritten {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    finally:
        connections.close_all()
        if not args.keep:
            cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
