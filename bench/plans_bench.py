#!/usr/bin/env python
"""Plans benchmark: parse times, dashboard and report pages, and the annual DOCX at scale.

    .venv/bin/python bench/plans_bench.py [--requests 20] [--parse-repeat 5]
    .venv/bin/python bench/plans_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Runs against a scratch database: an SQLite file in a temporary directory, or — with a
PostgreSQL URL — a database ``khcn_bench_plans`` created on that server and dropped afterwards.
Everything is generated with a fixed random seed.

1. Parses the seed plan (``khcn/plans/fixtures/ke-hoach-kl50-ca-mau.txt``) and a generated
   plan of about 200 pages (~9,000 lines: Roman / Arabic / letter labels, "Sở X chủ trì, phối
   hợp với Y", deadlines, agency duties in a "Tổ chức thực hiện" section, a task table, page
   numbers and wrapped lines as text copied from a PDF) with ``khcn.plans.parser.parse_text``.
2. Generates 300 agencies, one plan of 400 items with a lead and about two coordinators per
   item, 10 annual periods and, per period, a report per assigned agency with a line per
   assignment, in mixed states (draft, submitted, returned, accepted; late; progress).
3. Times pages in this process with ``django.test.Client`` (DEBUG off; median and p95 of N
   requests after a warm-up) as a DOST specialist and as an agency reporter, as a ratio to the
   login page served anonymously; counts each page's queries and flags repeated query shapes.
4. Times the annual consolidated report (``khcn.plans.services.annual_report_generate``,
   which the annual report view calls) for one period, and gives the DOCX's size.

Prints the figures and writes ``bench/results/plans-<vendor>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path
from typing import Any

from datagen import (
    ACTIONS,
    DEPARTMENTS,
    HEADINGS,
    LETTERS,
    OBJECTS,
    PLACES,
    PURPOSES,
    _deadline,
    _names,
    _paragraph,
    _task,
    create_agencies,
    create_plan,
    create_user,
    scratch_database,
)
from harness import django_setup, percentile

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "khcn_bench_plans"
SEED_PLAN = ROOT / "khcn" / "plans" / "fixtures" / "ke-hoach-kl50-ca-mau.txt"

# --------------------------------------------------------------------------------------------------
# A ~200-page plan for the parser
# --------------------------------------------------------------------------------------------------

_LABEL_LIKE = re.compile(r"^(?:[IVXLC]+\.|\d|[a-zđ][.)]\s|[-+*•]|\|)")


def generate_plan_text(target_lines: int, seed: int) -> str:
    """A long plan as pasted from a PDF (most paragraphs wrapped at 80–95 characters, a page
    number every 45 lines): about ``target_lines`` lines, reproducible."""
    rng = random.Random(seed)
    first, last = 2025, 2030

    def emit(out: list[str], line: str) -> None:
        if len(line) > 100 and not line.startswith("|") and rng.random() < 0.75:
            wrapped = textwrap.wrap(line, width=rng.randint(80, 95))
            if not any(_LABEL_LIKE.match(part) for part in wrapped[1:]):
                out.extend(wrapped)
                return
        out.append(line)

    head: list[str] = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH CÀ MAU",
        "-------",
        "Số: 215/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "---------------",
        "Cà Mau, ngày 12 tháng 3 năm 2025",
        "",
        "KẾ HOẠCH",
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển",
        "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số trên địa bàn tỉnh giai đoạn 2025 - 2030",
        "",
        "Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo ngày 27 tháng 6 năm 2025;",
        "Căn cứ Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ ban hành Chương trình hành động;",
        "Thực hiện Chương trình hành động số 45-CTr/TU ngày 20/02/2025 của Ban Chấp hành Đảng bộ tỉnh;",
        "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 12/TTr-SKHCN ngày 01/3/2025.",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
    ]
    emit(head, _paragraph(rng, 3))
    head.append("2. Yêu cầu")
    emit(head, _paragraph(rng, 3))
    emit(head, _paragraph(rng, 2))
    head += ["II. MỤC TIÊU", "1. Mục tiêu chung"]
    emit(head, _paragraph(rng, 4))
    head.append("2. Mục tiêu cụ thể")
    for i in range(8):
        emit(
            head,
            f"{LETTERS[i]}) Đến năm {rng.choice([2027, 2030])}, {rng.choice(OBJECTS)} "
            f"{rng.choice(PURPOSES)}.",
        )
    head.append("III. NHIỆM VỤ VÀ GIẢI PHÁP")

    # The end of the plan first, to know how much room the content sections have.
    tail: list[str] = [
        "IV. KINH PHÍ THỰC HIỆN",
        "1. Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách nhà nước theo phân cấp hiện hành, lồng "
        "ghép trong các chương trình, đề án và nguồn vốn hợp pháp khác.",
        "2. Các cơ quan, đơn vị xây dựng dự toán kinh phí thực hiện cùng thời điểm xây dựng dự toán "
        "ngân sách hằng năm, gửi Sở Tài chính thẩm định, trình cấp có thẩm quyền.",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    for n, agency in enumerate(DEPARTMENTS + [f"Ủy ban nhân dân xã {p}" for p in PLACES[:32]], start=1):
        tail.append(f"{n}. {agency}")
        k, item = rng.randint(1, len(HEADINGS)), rng.randint(1, 4)
        emit(
            tail,
            f"Chủ trì, phối hợp với {_names(rng, rng.randint(1, 3), exclude=agency)} triển khai các nhiệm vụ "
            f"tại điểm {LETTERS[item - 1]} khoản {k} Mục III Kế hoạch này; {_deadline(rng, first, last)[0]}.",
        )
        for _ in range(rng.randint(1, 4)):
            emit(tail, _paragraph(rng, rng.randint(1, 3)))
        emit(
            tail,
            "Định kỳ trước ngày 10/12 hằng năm báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ để "
            "tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
        )
    tail += [
        "VI. DANH MỤC NHIỆM VỤ TRỌNG TÂM",
        "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |",
    ]
    for row in range(1, max(20, target_lines // 40) + 1):
        lead = rng.choice(DEPARTMENTS)
        coords = "; ".join(rng.sample([d for d in DEPARTMENTS if d != lead], rng.randint(0, 3)))
        product = rng.choice(["Báo cáo kết quả", "Quyết định ban hành", "Cơ sở dữ liệu", "Mô hình", "Đề án"])
        tail.append(
            f"| {row} | {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} | {lead} | {coords} | "
            f"{_deadline(rng, first, last)[0]} | {product} |"
        )
    emit(
        tail,
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo về "
        "Sở Khoa học và Công nghệ để tổng hợp, tham mưu Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.",
    )
    tail += [
        "",
        "Nơi nhận:",
        "- Bộ Khoa học và Công nghệ;",
        "- TT. Tỉnh ủy, TT. HĐND tỉnh;",
        "- Các sở, ban, ngành tỉnh;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "(Đã ký)",
        "Lê Văn Sử",
    ]

    # III: content sections (numbered, lettered tasks, bullets) until the plan is long enough.
    number = 0
    while (len(head) + len(tail)) * 46 // 45 < target_lines:
        number += 1
        head.append(f"{number}. {HEADINGS[(number - 1) % len(HEADINGS)]}")
        emit(head, _paragraph(rng, rng.randint(1, 3)))
        sep = ")" if number % 3 else "."
        for letter in LETTERS[: rng.randint(4, 12)]:
            emit(head, f"{letter}{sep} {_task(rng, first, last)}")
            for _ in range(rng.randint(0, 2)):
                emit(head, _paragraph(rng, rng.randint(1, 3)))
            for _ in range(rng.randint(0, 4)):
                emit(
                    head,
                    f"- {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}".rstrip() + ";",
                )
                if rng.random() < 0.25:
                    emit(head, f"+ {_task(rng, first, last)}")
    out: list[str] = []
    page = 1
    for i, line in enumerate(head + tail, start=1):
        out.append(line)
        if i % 45 == 0 and not line.startswith("|"):
            page += 1
            out.append(f"- {page} -")
    return "\n".join(out) + "\n"


def _bench_parse(text: str, repeat: int, slow_ms: float = 5000) -> dict[str, Any]:
    """Parse ``text`` ``repeat`` times (three times at most if a parse takes over ``slow_ms``)."""
    from khcn.plans.parser import parse_text

    times: list[float] = []
    result = None
    while len(times) < repeat:
        start = time.perf_counter()
        result = parse_text(text)
        times.append((time.perf_counter() - start) * 1000)
        if times[0] > slow_ms:
            repeat = min(repeat, 3)
    assert result is not None
    return {
        "lines": text.count("\n") + (0 if text.endswith("\n") else 1),
        "chars": len(text),
        "items": len(result.all_sections()),
        "assignments": len(result.assignments),
        "agencies": len(result.agencies),
        "warnings": len(result.warnings),
        "runs": len(times),
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
    }


# --------------------------------------------------------------------------------------------------
# The dataset (generated by bench/datagen.py)
# --------------------------------------------------------------------------------------------------


def _generate(args: argparse.Namespace) -> dict[str, Any]:
    from khcn.accounts.choices import Role

    rng = random.Random(args.seed)
    this_year = dt.date.today().year
    years = list(range(this_year - args.periods + 1, this_year + 1))
    orgs = create_agencies(rng, args.agencies)
    dost_org = orgs[0]
    dost = create_user("bench-dost", "Nguyễn Văn Chuyên Viên", Role.DOST_SPECIALIST, dost_org)
    create_user("bench-dost-leader", "Trần Thị Lãnh Đạo", Role.DOST_LEADER, dost_org)
    made = create_plan(rng, orgs=orgs, creator=dost, n_items=args.items, years=years)
    from khcn.plans.services import progress_rebuild

    progress_rebuild(made["plan"])  # written in bulk: derive what the services keep
    by_org = made["by_org"]
    org_by_pk = {o.pk: o for o in orgs}
    # The agency reporter: the agency with the most assignments after the DOST.
    busiest = max((pk for pk in by_org if pk != dost_org.pk), key=lambda pk: (len(by_org[pk]), -pk))
    reporter = create_user("bench-reporter", "Lê Thị Báo Cáo", Role.AGENCY_REPORTER, org_by_pk[busiest])
    return {
        "dost": dost,
        "reporter": reporter,
        "reporter_agency": org_by_pk[busiest].name,
        "reporter_assignments": len(by_org[busiest]),
        "plan": made["plan"],
        "periods": made["periods"],
        "counts": {"agencies": len(orgs), **made["counts"]},
    }


# --------------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------------


_SQL_LITERALS = [
    (re.compile(r"'(?:[^']|'')*'"), "?"),
    (re.compile(r"\b\d+(?:\.\d+)?\b"), "?"),
    (re.compile(r"\((?:\s*(?:\?|%s)\s*,)+\s*(?:\?|%s)\s*\)"), "(…)"),
]


def _shape(sql: str) -> str:
    for pattern, repl in _SQL_LITERALS:
        sql = pattern.sub(repl, sql)
    return sql


def _repeated(captured: list[dict[str, Any]], at_least: int = 3) -> list[dict[str, Any]]:
    """Query shapes run ``at_least`` times or more in one request: the mark of an N+1."""
    shapes = Counter(_shape(q["sql"]) for q in captured)
    return [{"times": n, "sql": sql[:300]} for sql, n in shapes.most_common() if n >= at_least]


def _time_page(client: Any, url: str, requests: int, warmup: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} gave {response.status_code}")
        return response

    for _ in range(warmup):
        get()
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        get()
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        response = get()
    return {
        "url": url,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "max_ms": round(max(samples), 2),
        "queries": len(ctx.captured_queries),
        "query_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1),
        "bytes": len(response.content),
        "repeated_queries": _repeated(ctx.captured_queries),
        "slowest_queries": [
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]}
            for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=300)
    parser.add_argument("--items", type=int, default=400, help="plan items (at least 340; default 400)")
    parser.add_argument("--periods", type=int, default=10, help="annual periods (default 10)")
    parser.add_argument(
        "--big-lines", type=int, default=9000, help="lines of the generated plan (default 9000)"
    )
    parser.add_argument(
        "--parse-repeat", type=int, default=5, help="parses of each text (default 5; 3 if one takes over 5 s)"
    )
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first (default 2)")
    parser.add_argument("--docx-repeat", type=int, default=3, help="annual DOCX generations (default 3)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument(
        "--database-url", help="a PostgreSQL server URL; a scratch database khcn_bench_plans is used"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and the plan text")
    parser.add_argument("--output", help="JSON file (default bench/results/plans-<vendor>.json)")
    args = parser.parse_args()
    if args.agencies < len(DEPARTMENTS) or args.periods < 2 or args.items < 340:
        parser.error(f"needs --agencies ≥ {len(DEPARTMENTS)}, --periods ≥ 2 and --items ≥ 340")

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-plans-"))
    url, cleanup = scratch_database(args.database_url, tmp, BENCH_DB)
    django_setup(database_url=url, var_dir=tmp)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    from khcn.plans import exports, selectors, services

    assert not settings.DEBUG, "DEBUG must be off for timings"
    try:
        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
            db_version = str(cursor.fetchone()[0])
        print(f"database: {vendor} {db_version}; DEBUG={settings.DEBUG}")

        # 1. Parsing.
        seed_text = SEED_PLAN.read_text(encoding="utf-8")
        big_text = generate_plan_text(args.big_lines, args.seed)
        if args.keep:
            (tmp / "big-plan.txt").write_text(big_text, encoding="utf-8")
        parse = {
            "seed": {"name": f"seed {SEED_PLAN.name}", **_bench_parse(seed_text, args.parse_repeat)},
            "generated": {"name": "generated ~200-page plan", **_bench_parse(big_text, args.parse_repeat)},
        }
        print()
        print(
            f"{'parse':<30} {'lines':>6} {'chars':>9} {'items':>6} {'assign.':>8} {'warn.':>6} "
            f"{'median ms':>10}"
        )
        for row in parse.values():
            label = row["name"][:30]
            print(
                f"{label:<30} {row['lines']:>6} {row['chars']:>9} {row['items']:>6} {row['assignments']:>8} "
                f"{row['warnings']:>6} {row['median_ms']:>10}  (min {row['min_ms']}, {row['runs']} runs)"
            )
        for row in parse.values():
            row["ms_per_1000_lines"] = round(row["median_ms"] / row["lines"] * 1000, 1)
            row["us_per_char"] = round(row["median_ms"] / row["chars"] * 1000, 2)

        # 2. The dataset.
        t0 = time.perf_counter()
        data = _generate(args)
        generate_s = time.perf_counter() - t0
        counts = data["counts"]
        print()
        print(
            f"generated in {generate_s:.1f} s: {counts['agencies']} agencies ({counts['agencies_assigned']} "
            f"assigned), {counts['items']} items, {counts['assignments']} assignments "
            f"({counts['unmapped_assignments']} unmapped), {counts['periods']} periods, {counts['reports']} "
            f"reports {counts['reports_by_status']}, {counts['reports_late']} late, "
            f"{counts['report_lines']} report lines"
        )
        print(f"agency reporter: {data['reporter_agency']} ({data['reporter_assignments']} assignments)")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        # 3. Pages.
        plan, periods = data["plan"], data["periods"]
        closed = periods[-2]  # last year's period: mostly accepted
        anonymous = Client()
        dost_client = Client()
        dost_client.force_login(data["dost"])
        reporter_client = Client()
        reporter_client.force_login(data["reporter"])
        dashboard = reverse("plans:plan_dashboard", args=[plan.pk])
        reports = reverse("plans:report_list")
        pages: list[tuple[str, Any, str]] = [
            ("login page (anonymous) = 1×", anonymous, reverse("accounts:login")),
            ("plan detail (DOST)", dost_client, reverse("plans:plan_detail", args=[plan.pk])),
            ("dashboard (DOST)", dost_client, dashboard),
            ("dashboard, period filter", dost_client, f"{dashboard}?period={closed.pk}"),
            ("dashboard, list of all", dost_client, f"{dashboard}?show=all"),
            ("dashboard, missing reports", dost_client, f"{dashboard}?missing={periods[-1].pk}"),
            ("report list (DOST)", dost_client, reports),
            ("report list, period (DOST)", dost_client, f"{reports}?plan={plan.pk}&period={closed.pk}"),
            ("report list, page 20 (DOST)", dost_client, f"{reports}?page=20"),
            ("report list (reporter)", reporter_client, reports),
            (
                "report list, period (reporter)",
                reporter_client,
                f"{reports}?plan={plan.pk}&period={closed.pk}",
            ),
            ("annual report page (DOST)", dost_client, reverse("plans:annual_report", args=[closed.pk])),
        ]
        timed: dict[str, dict[str, Any]] = {}
        for label, client, page_url in pages:
            timed[label] = _time_page(client, page_url, args.requests, args.warmup)
        baseline = timed[pages[0][0]]["median_ms"]
        print()
        print(
            f"{'page':<32} {'median ms':>10} {'p95 ms':>8} {'× login':>8} {'queries':>8} "
            f"{'SQL ms':>7} {'KiB':>6}"
        )
        for label, row in timed.items():
            row["ratio"] = round(row["median_ms"] / baseline, 1)
            row["p95_ratio"] = round(row["p95_ms"] / baseline, 1)
            print(
                f"{label:<32} {row['median_ms']:>10} {row['p95_ms']:>8} {row['ratio']:>8} "
                f"{row['queries']:>8} {row['query_ms']:>7} {row['bytes'] // 1024:>6}"
            )
        for label, row in timed.items():
            for rep in row["repeated_queries"]:
                print(f"  repeated in {label}: {rep['times']}× {rep['sql'][:160]}")
            slowest = row["slowest_queries"][0] if row["slowest_queries"] else None
            if slowest and slowest["ms"] >= 20:
                print(f"  slowest query in {label}: {slowest['ms']} ms  {slowest['sql'][:120]}…")

        # 4. The annual consolidated report.
        dost = data["dost"]
        draft_ms, docx_ms, generate_ms = [], [], []
        size = 0
        draft = None
        for _ in range(args.docx_repeat):
            start = time.perf_counter()
            draft = selectors.annual_report_draft(user=dost, period=closed)
            draft_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            docx = exports.annual_report_docx(
                summary=draft.summary,
                number="   /BC-SKHCN",
                date=None,
                narrative=draft.narrative,
                annex=draft.annex_cells(),
                signer_authority=exports.DEFAULT_AUTHORITY,
                signer_position=exports.DEFAULT_POSITION,
                signer_name="Trần Thị Lãnh Đạo",
                recipients=exports.DEFAULT_RECIPIENTS,
                archive=exports.DEFAULT_ARCHIVE,
            )
            docx_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            generated = services.annual_report_generate(
                actor=dost,
                period=closed,
                narrative=draft.narrative,
                summary=draft.summary,
                number="   /BC-SKHCN",
                document_date=dt.date.today(),
                signer_authority=exports.DEFAULT_AUTHORITY,
                signer_position=exports.DEFAULT_POSITION,
                signer_name="Trần Thị Lãnh Đạo",
                recipients=list(exports.DEFAULT_RECIPIENTS),
                archive=exports.DEFAULT_ARCHIVE,
                expected_fingerprint=draft.fingerprint,
            )
            generate_ms.append((time.perf_counter() - start) * 1000)
            size = len(bytes(generated.docx))
            assert len(docx) > 0
        assert draft is not None
        annual = {
            "period": closed.name,
            "accepted_reports": len(draft.reports),
            "missing_agencies": len(draft.missing),
            "annex_rows": len(draft.annex),
            "result_groups": len(draft.narrative["results"]),
            "narrative_chars": sum(len(v) for k, v in draft.narrative.items() if k != "results")
            + sum(len(g["text"]) for g in draft.narrative["results"]),
            "runs": args.docx_repeat,
            "draft_median_ms": round(statistics.median(draft_ms), 1),
            "docx_build_median_ms": round(statistics.median(docx_ms), 1),
            "generate_median_ms": round(statistics.median(generate_ms), 1),
            "docx_bytes": size,
        }
        print()
        print(
            f"annual report {annual['period']}: {annual['accepted_reports']} accepted reports, "
            f"{annual['annex_rows']} annex rows, {annual['result_groups']} result groups, "
            f"{annual['narrative_chars']} narrative chars"
        )
        print(
            f"  annual_report_generate median {annual['generate_median_ms']} ms "
            f"(draft {annual['draft_median_ms']} ms + DOCX build {annual['docx_build_median_ms']} ms); "
            f"DOCX {size / 1024:.0f} KiB"
        )

        result = {
            "vendor": vendor,
            "database_version": db_version,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "seed": args.seed,
            "debug": settings.DEBUG,
            "requests": args.requests,
            "warmup": args.warmup,
            "baseline": "login page (accounts:login), anonymous GET",
            "parse": parse,
            "dataset": counts,
            "dataset_generate_s": round(generate_s, 1),
            "reporter_agency": data["reporter_agency"],
            "reporter_assignments": data["reporter_assignments"],
            "pages": timed,
            "annual_report": annual,
        }
        out = Path(args.output) if args.output else ROOT / "bench" / "results" / f"plans-{vendor}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    finally:
        connections.close_all()
        if not args.keep:
            cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}" + (f" and database {BENCH_DB}" if args.database_url else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
