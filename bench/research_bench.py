#!/usr/bin/env python
"""S&T tasks benchmark: the register and the dashboard on 5,000 tasks, as ratios to the login page.

    .venv/bin/python bench/research_bench.py [--tasks 5000] [--repeat 15]
    .venv/bin/python bench/research_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Runs against a scratch database: an SQLite file in a temporary directory, or — with a
PostgreSQL URL — a database ``khcn_bench_research`` created on that server and dropped
afterwards. Generates, with a fixed random seed and ``bulk_create`` (the data are generated,
not real), 300 agencies (``bench/datagen.py``) and N tasks ordered over ten years (2016–2025):
the older ones mostly accepted, registered, liquidated or closed, some failed or terminated,
the recent ones under way, the last year's on the ordering list or in selection; one or two
fields of the national S&T list each, a priority field of a plan for about a third; the
approved state budget, the advance and tranches, settled and recovered amounts; six-monthly
progress reports (about one in five late, some overdue); liquidation minutes; results
registered (most within 30 days of the acceptance); a few hundred reports on the application
of results. Then times, in the same process and on the same database (warm-up, then
``--repeat`` runs; median and p95):

- the login page served anonymously through ``django.test.Client`` (the baseline, 1×);
- as a DOST specialist: the register's first page, the register filtered (state, field,
  year), the register filtered by a dashboard figure, the register's Excel export (every task),
  the dashboard (all years, and one year), and one table of the dashboard as Excel.

Prints median / p95 in ms, the ratio of the medians to the login page's and the number of
queries of each, and writes ``bench/results/research-<vendor>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datagen import PLACES, create_agencies, create_user, person_name, scratch_database
from harness import django_setup, timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_DB = "khcn_bench_research"
DEFAULT_SEED = 20261203
AGENCIES = 300
FIRST_YEAR, LAST_YEAR = 2016, 2025
TODAY = dt.date(2026, 6, 1)

TOPICS = [
    "nuôi tôm càng xanh toàn đực", "tôm lúa", "cua biển", "cá kèo", "rừng ngập mặn", "lúa chịu mặn",
    "xâm nhập mặn", "chống sạt lở bờ biển", "điện gió ngoài khơi", "sốt xuất huyết", "y học cổ truyền",
    "chuyển đổi số", "du lịch cộng đồng", "văn hóa Khmer", "sản phẩm OCOP", "chế biến thủy sản",
]  # fmt: skip
VERBS = [
    "Nghiên cứu",
    "Ứng dụng",
    "Xây dựng mô hình",
    "Đánh giá thực trạng và giải pháp",
    "Hoàn thiện quy trình",
]
# Cà Mau's fields: agriculture and fisheries first (level-2 codes of the national list).
FIELD_CODES = {
    "405": 30,
    "401": 12,
    "406": 8,
    "404": 6,
    "303": 8,
    "502": 10,
    "207": 8,
    "102": 6,
    "601": 4,
    "105": 8,
}
PRIORITIES = ["Nông nghiệp", "Thủy sản", "Y tế", "Công nghệ thông tin", "Môi trường", "Năng lượng", "Văn hóa"]


def _state(rng: random.Random, year: int) -> str:
    """A task's state now, by how long ago it was ordered."""
    from khcn.research.choices import TaskState as S

    age = LAST_YEAR - year
    if age >= 4:
        choices = [(S.CLOSED, 45), (S.REGISTERED, 25), (S.LIQUIDATED, 12), (S.RECOGNISED, 3),
                   (S.FAILED, 2), (S.TERMINATED, 3), (S.DROPPED, 5), (S.IN_ACCEPTANCE, 5)]  # fmt: skip
    elif age >= 2:
        choices = [(S.IN_PROGRESS, 35), (S.IN_ACCEPTANCE, 15), (S.ACCEPTED, 10), (S.RECOGNISED, 8),
                   (S.LIQUIDATED, 8), (S.REGISTERED, 10), (S.SUSPENDED, 3), (S.TERMINATED, 3),
                   (S.DROPPED, 5), (S.FAILED, 3)]  # fmt: skip
    elif age == 1:
        choices = [(S.CONTRACTED, 15), (S.IN_PROGRESS, 60), (S.APPROVED, 10), (S.IN_APPRAISAL, 5),
                   (S.SUSPENDED, 3), (S.DROPPED, 7)]  # fmt: skip
    else:
        choices = [(S.ON_ORDER_LIST, 30), (S.CALL_OPEN, 20), (S.IN_SELECTION, 20), (S.RECOMMENDED, 10),
                   (S.IN_APPRAISAL, 10), (S.APPROVED, 10)]  # fmt: skip
    states, weights = zip(*choices, strict=True)
    return rng.choices(states, weights)[0]


def _priority_items(dost: Any) -> list[Any]:
    """A plan with a section of priority fields (II.3.a–g) and its classification scheme."""
    from khcn.classifications.models import Scheme, Term
    from khcn.plans.models import Plan, PlanItem

    plan = Plan.objects.create(
        title="Kế hoạch phát triển khoa học, công nghệ và đổi mới sáng tạo tỉnh Cà Mau (dữ liệu giả lập)",
        number="99/KH-UBND",
        issued_on=dt.date(2021, 3, 1),
        issuer_name="Ủy ban nhân dân tỉnh Cà Mau",
        source_name="bench.txt",
        imported_by=dost,
    )
    section = PlanItem.objects.create(
        plan=plan, position=1, label="3.", path="II.3", heading="Lĩnh vực ưu tiên"
    )
    scheme = Scheme.objects.create(
        code="uu-tien-bench", name="Lĩnh vực ưu tiên của Kế hoạch 99/KH-UBND", plan=plan
    )
    items = []
    for n, name in enumerate(PRIORITIES, start=1):
        letter = "abcdefg"[n - 1]
        item = PlanItem.objects.create(
            plan=plan,
            parent=section,
            position=n + 1,
            label=f"{letter})",
            path=f"II.3.{letter}",
            heading=name,
            depth=1,
        )
        Term.objects.create(
            scheme=scheme, code=f"II.3.{letter}", name=name, level=1, ordering=n, plan_item=item
        )
        items.append(item)
    return items


def generate(n_tasks: int, seed: int) -> dict[str, Any]:
    from khcn.accounts.choices import Role
    from khcn.classifications.selectors import field_terms
    from khcn.research.choices import DocumentKind, PaymentKind, Rating, ReportStatus
    from khcn.research.choices import TaskState as S
    from khcn.research.models import ApplicationReport, Payment, ProgressReport, Task, TaskDocument
    from khcn.research.rules import regime_on

    rng = random.Random(seed)
    orgs = create_agencies(rng, AGENCIES)
    dost = create_user("bench-dost", "Lê Minh Khoa", Role.DOST_SPECIALIST, orgs[0])
    terms = {t.code: t for t in field_terms()}
    codes, code_weights = list(FIELD_CODES), list(FIELD_CODES.values())
    priorities = _priority_items(dost)

    started = {S.CONTRACTED, S.IN_PROGRESS, S.SUSPENDED, S.IN_ACCEPTANCE, S.ACCEPTED, S.FAILED, S.RECOGNISED,
               S.LIQUIDATED, S.REGISTERED, S.CLOSED, S.TERMINATED}  # fmt: skip
    approved = started | {S.APPROVED}
    rated = {S.ACCEPTED, S.FAILED, S.RECOGNISED, S.LIQUIDATED, S.REGISTERED, S.CLOSED}
    per_year = n_tasks // (LAST_YEAR - FIRST_YEAR + 1)
    tasks: list[Any] = []
    for i in range(n_tasks):
        year = min(LAST_YEAR, FIRST_YEAR + i // per_year)
        ordered_on = dt.date(year, rng.randint(1, 10), rng.randint(1, 28))
        state = _state(rng, year)
        values: dict[str, Any] = {}
        budget = rng.randrange(200, 3000) * 1_000_000
        if state in approved:
            approved_on = ordered_on + dt.timedelta(days=rng.randint(90, 200))
            starts_on = approved_on + dt.timedelta(days=rng.randint(10, 40))
            ends_on = starts_on + dt.timedelta(days=30 * rng.choice([12, 18, 24, 30]))
            values.update(approved_on=approved_on, starts_on=starts_on, ends_on=ends_on)
            if state in rated:
                accepted_on = min(
                    ends_on + dt.timedelta(days=rng.randint(60, 200)), TODAY - dt.timedelta(days=5)
                )
                values.update(
                    accepted_on=accepted_on, rating=Rating.FAIL if state == S.FAILED else Rating.PASS
                )
                if state == S.LIQUIDATED and rng.random() < 0.1:
                    values["rating"] = Rating.FAIL  # liquidated after a failed acceptance
                if state in (S.REGISTERED, S.CLOSED):
                    late = rng.random() < 0.15
                    values["registered_on"] = accepted_on + dt.timedelta(
                        days=rng.randint(31, 90) if late else rng.randint(5, 30)
                    )
                    values["archive_number"] = f"{i}/KQNC-SKHCN"
        host = rng.choice(orgs) if rng.random() < 0.4 else None
        tasks.append(
            Task(
                code=f"{year}-{i:04d}",
                title=f"{rng.choice(VERBS)} {rng.choice(TOPICS)} tại {rng.choice(PLACES)}, tỉnh Cà Mau",
                type=rng.choices(["topic", "pilot", "scheme", "project"], [70, 10, 10, 10])[0],
                method=rng.choice(["selection", "direct"]),
                regime=regime_on(ordered_on),
                state=state,
                host=host,
                host_name="" if host else f"Trường Đại học {rng.choice(['Bạc Liêu', 'Cần Thơ', 'Trà Vinh'])}",
                investigator=person_name(rng),
                budget_state=budget,
                budget_other=rng.randrange(0, 500) * 1_000_000,
                ordered_on=ordered_on,
                **values,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=1000)
    if any(t.pk is None for t in tasks):
        for t, pk in zip(tasks, Task.objects.order_by("pk").values_list("pk", flat=True), strict=True):
            t.pk = pk

    field_links, plan_links, payments, reports, documents, applications = [], [], [], [], [], []
    for t in tasks:
        chosen = {rng.choices(codes, code_weights)[0] for _ in range(rng.choice([1, 1, 2]))}
        field_links += [Task.fields.through(task_id=t.pk, term_id=terms[c].pk) for c in chosen]
        if rng.random() < 0.35:
            plan_links.append(Task.plan_items.through(task_id=t.pk, planitem_id=rng.choice(priorities).pk))
        if t.state not in started:
            continue
        paid_on = t.starts_on + dt.timedelta(days=15)
        advance = t.budget_state * rng.choice([30, 40, 50]) // 100
        payments.append(Payment(task_id=t.pk, kind=PaymentKind.ADVANCE, amount=advance, paid_on=paid_on))
        if t.state not in (S.CONTRACTED,) and rng.random() < 0.8:
            payments.append(
                Payment(
                    task_id=t.pk,
                    kind=PaymentKind.TRANCHE,
                    amount=t.budget_state * 30 // 100,
                    paid_on=paid_on + dt.timedelta(days=200),
                )
            )
        if t.accepted_on and t.rating != Rating.FAIL:
            payments.append(
                Payment(
                    task_id=t.pk,
                    kind=PaymentKind.SETTLED,
                    amount=advance,
                    paid_on=t.accepted_on + dt.timedelta(days=20),
                )
            )
        if t.state == S.TERMINATED or t.rating == Rating.FAIL:
            payments.append(
                Payment(
                    task_id=t.pk,
                    kind=PaymentKind.RECOVERED,
                    amount=advance // 2,
                    paid_on=(t.accepted_on or t.ends_on) + dt.timedelta(days=30),
                )
            )
        due, n = t.starts_on, 1
        while True:
            due = due + dt.timedelta(days=182)
            if due >= t.ends_on or due >= TODAY:
                break
            running = t.state in (S.CONTRACTED, S.IN_PROGRESS, S.SUSPENDED)
            status = ReportStatus.ACCEPTED
            if running and due > TODAY - dt.timedelta(days=200):
                status = rng.choices(
                    [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED], [20, 30, 50]
                )[0]
            reports.append(
                ProgressReport(
                    task_id=t.pk,
                    period=f"Kỳ {n}",
                    due_on=due + dt.timedelta(days=15),
                    status=status,
                    is_late=status != ReportStatus.DRAFT and rng.random() < 0.2,
                    work_done="Đã thực hiện (dữ liệu giả lập).",
                )
            )
            n += 1
        if t.state in (S.LIQUIDATED, S.REGISTERED, S.CLOSED):
            signed_on = (t.accepted_on or t.ends_on) + dt.timedelta(days=rng.randint(10, 60))
            documents.append(
                TaskDocument(
                    task_id=t.pk,
                    kind=DocumentKind.LIQUIDATION,
                    number=f"{t.pk}/BB-TLHĐ",
                    signed_on=min(signed_on, TODAY),
                )
            )
    reported = [t for t in tasks if t.state in (S.REGISTERED, S.CLOSED)]
    for t in rng.sample(reported, k=min(len(reported), 300)):
        for year in range(t.registered_on.year, min(t.registered_on.year + 3, TODAY.year + 1)):
            if rng.random() < 0.7:
                applied = rng.random() < 0.7
                applications.append(
                    ApplicationReport(
                        task_id=t.pk, year=year, applied=applied, where="Cà Mau" if applied else ""
                    )
                )
    Task.fields.through.objects.bulk_create(field_links, batch_size=2000)
    Task.plan_items.through.objects.bulk_create(plan_links, batch_size=2000)
    Payment.objects.bulk_create(payments, batch_size=2000)
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    TaskDocument.objects.bulk_create(documents, batch_size=2000)
    ApplicationReport.objects.bulk_create(applications, batch_size=2000)
    return {
        "dost": dost,
        "terms": terms,
        "counts": {
            "agencies": len(orgs),
            "tasks": len(tasks),
            "field_links": len(field_links),
            "plan_links": len(plan_links),
            "payments": len(payments),
            "progress_reports": len(reports),
            "liquidations": len(documents),
            "application_reports": len(applications),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=5000, help="tasks generated (default 5000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--database-url", help=f"a PostgreSQL server URL; a scratch database {BENCH_DB} is used"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--output", help="JSON file (default bench/results/research-<vendor>.json)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-research-"))
    url, cleanup = scratch_database(args.database_url, tmp, BENCH_DB)
    django_setup(database_url=url, var_dir=tmp)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    assert not settings.DEBUG, "DEBUG must be off for timings"
    try:
        call_command("migrate", verbosity=0)
        call_command("rulesets_sync", verbosity=0)
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
            db_version = str(cursor.fetchone()[0])
        print(f"database: {vendor} {db_version}")
        t0 = time.perf_counter()
        data = generate(args.tasks, args.seed)
        generate_s = time.perf_counter() - t0
        print(f"generated (not real data) {data['counts']} in {generate_s:.1f} s")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        anonymous = Client()
        dost = Client()
        dost.force_login(data["dost"])
        register = reverse("research:task_list")
        dashboard = reverse("research:task_dashboard")

        def page(client: Any, url: str, params: dict[str, Any] | None = None) -> Callable[[], None]:
            def get() -> None:
                response = client.get(url, params or {})
                if response.status_code != 200:
                    raise RuntimeError(f"{url} {params} answered {response.status_code}")
                b"".join(response) if getattr(response, "streaming", False) else None

            return get

        ops: dict[str, Callable[[], Any]] = {
            "login page (anonymous) = 1×": page(anonymous, reverse("accounts:login")),
            "register, page 1": page(dost, register),
            "register, state + field 405": page(
                dost, register, {"state": "in_progress", "field": data["terms"]["405"].pk}
            ),
            "register, year 2022 + field 4 (level 1)": page(
                dost, register, {"year": 2022, "field": data["terms"]["4"].pk}
            ),
            "register, figure: results registered late": page(dost, register, {"figure": "registered_late"}),
            "register, figure: under way in 2023": page(
                dost, register, {"figure": "running_in", "during": 2023}
            ),
            "register, Excel export (all tasks)": page(dost, reverse("research:task_export")),
            "dashboard": page(dost, dashboard),
            "dashboard, year 2022": page(dost, dashboard, {"year": 2022}),
            "dashboard, Excel (yearly table)": page(
                dost, reverse("research:task_dashboard_export"), {"table": "yearly"}
            ),
        }
        rows: dict[str, dict[str, Any]] = {}
        for label, fn in ops.items():
            queries: list[str] = []  # counted by a wrapper: a request through the Client resets the log

            def count(
                execute: Any, sql: str, params: Any, many: bool, context: Any, queries: list[str] = queries
            ) -> Any:
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                fn()
            repeat = max(3, args.repeat // 3) if "Excel export" in label else args.repeat
            rows[label] = timed(fn, repeat, warmup=1 if "Excel export" in label else 3)
            rows[label]["queries"] = len(queries)

        baseline = rows["login page (anonymous) = 1×"]["median_ms"]
        print()
        print(f"{'':<44} {'median ms':>10} {'p95 ms':>9} {'× login':>8} {'queries':>8}")
        for label, row in rows.items():
            row["ratio"] = round(row["median_ms"] / baseline, 2)
            print(
                f"{label:<44} {row['median_ms']:>10.2f} {row['p95_ms']:>9.2f} "
                f"{row['ratio']:>8} {row['queries']:>8}"
            )
        output = Path(args.output) if args.output else RESULTS / f"research-{vendor}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(
                {
                    "generated_data": True,
                    "vendor": vendor,
                    "database_version": db_version,
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "seed": args.seed,
                    "repeat": args.repeat,
                    "counts": data["counts"],
                    "generate_s": round(generate_s, 1),
                    "timings": rows,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"scratch directory kept: {tmp}" if args.keep else "", end="")
        print(f"written {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    finally:
        connections.close_all()
        if not args.keep:
            cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
