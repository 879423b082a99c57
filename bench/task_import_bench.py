#!/usr/bin/env python
"""Import of past S&T tasks from Excel: how long N rows take, step by step and as the user waits.

    .venv/bin/python bench/task_import_bench.py [--rows 5000]
    .venv/bin/python bench/task_import_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Runs on a scratch database (an SQLite file in a temporary directory, or the PostgreSQL database
``khcn_bench_task_import`` created and dropped). Generates an .xlsx register of N tasks with a
fixed random seed (codes, Vietnamese titles, types, 1–2 field codes, hosts — a third of them
agencies of the registry —, budgets written as "1.500.000.000", "1,5 tỷ" or numbers, dates,
states and ratings), then times, once each, as a DOST specialist through ``django.test.Client``:

- the upload (``research:task_import``: check, read, guess the columns, keep the draft);
- the preview page (``research:task_import_review``: every row checked, page 1 rendered);
- the confirmation (every task created, its fields linked, one audit event each);
- the same file again with every tenth budget changed: preview and confirmation (updates).

Prints seconds (wall clock, and this process's CPU time: on a busy machine the wall clock
measures the others too) and query counts and writes ``bench/results/task-import-<vendor>.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from datagen import create_agencies, create_user, scratch_database
from harness import django_setup

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_DB = "khcn_bench_task_import"
DEFAULT_SEED = 20261203

HEADERS = [
    "STT", "Mã nhiệm vụ", "Tên nhiệm vụ", "Loại", "Lĩnh vực", "Tổ chức chủ trì", "Chủ nhiệm",
    "Kinh phí NSNN", "Kinh phí khác", "Ngày phê duyệt", "Thời gian bắt đầu", "Thời gian kết thúc",
    "Phương thức", "Trạng thái", "Xếp loại", "Số lưu",
]  # fmt: skip
TOPICS = [
    "nuôi tôm càng xanh toàn đực", "mô hình tôm – lúa", "nuôi cua biển", "lúa chịu mặn", "ong mật U Minh",
    "rừng ngập mặn", "xâm nhập mặn", "điện gió ngoài khơi", "chuyển đổi số", "dược liệu", "sản phẩm OCOP",
]  # fmt: skip
TYPES = ["Đề tài", "Đề tài", "Đề tài", "Dự án SXTN", "Đề án", "Dự án KH&CN"]
STATES = [
    ("Đã nghiệm thu", "Đạt"),
    ("Đã thanh lý", "Xuất sắc"),
    ("Đang thực hiện", ""),
    ("Đã đăng ký", "Đạt"),
]
FIELDS = ["405", "401", "106", "202", "301", "503", "405; 106", "401; 402"]


def workbook(rows: int, seed: int, agencies: list[str], bump: bool = False) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nhiệm vụ")
    sheet.append(["DANH MỤC NHIỆM VỤ KH&CN CẤP TỈNH"])
    sheet.append(HEADERS)
    for n in range(1, rows + 1):
        year = rng.randint(2010, 2025)
        budget = rng.randint(3, 40) * 50_000_000
        if bump and n % 10 == 0:
            budget += 1_000_000
        style = n % 3
        written: Any = (
            f"{budget:,}".replace(",", ".")  # 1.250.000.000
            if style == 0
            else budget
            if style == 1
            else f"{budget / 10**9:g} tỷ".replace(".", ",")  # 1,25 tỷ
        )
        state, rating = STATES[n % len(STATES)]
        sheet.append(
            [
                n,
                f"{year}-{n:05d}",
                f"Nghiên cứu {rng.choice(TOPICS)} tại Cà Mau, giai đoạn {n}",
                rng.choice(TYPES),
                rng.choice(FIELDS),
                rng.choice(agencies) if n % 3 == 0 else f"Viện nghiên cứu số {n % 50}",
                f"TS. Nguyễn Văn {n}",
                written,
                "200.000.000" if n % 4 == 0 else "",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
                f"01/{year + 1}",
                f"12/{year + 2}",
                "Tuyển chọn" if n % 2 else "Giao trực tiếp",
                state,
                rating,
                f"{n}/ĐKKQ" if state == "Đã đăng ký" else "",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000, help="rows of the register (default 5000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--database-url", help=f"a PostgreSQL server URL; a scratch database {BENCH_DB}")
    parser.add_argument("--output", help="JSON file (default bench/results/task-import-<vendor>.json)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-task-import-"))
    url, cleanup = scratch_database(args.database_url, tmp, BENCH_DB)
    django_setup(database_url=url, var_dir=tmp)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from khcn.accounts.choices import Role
    from khcn.research.models import Task

    setup_test_environment()  # the client keeps each response's context (the preview's counts)
    try:
        call_command("migrate", verbosity=0)
        call_command("rulesets_sync", stdout=io.StringIO())
        rng = random.Random(args.seed)
        orgs = create_agencies(rng, 200)
        dost = create_user("bench-dost", "Lê Minh Khoa", Role.DOST_SPECIALIST, orgs[0])
        names = [o.name for o in orgs]
        client = Client()
        client.force_login(dost)
        results: dict[str, Any] = {}

        def step(label: str, fn: Any) -> Any:
            with CaptureQueriesContext(connection) as queries:
                start, cpu = time.perf_counter(), time.process_time()
                response = fn()
                seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            results[label] = {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "queries": len(queries),
            }
            print(f"{label:<44} {seconds:7.2f} s (CPU {cpu:6.2f} s) {len(queries):7d} queries")
            return response

        for round_, bump in (("first import", False), ("re-import", True)):
            data = workbook(args.rows, args.seed, names, bump=bump)
            upload = step(
                f"{round_}: upload ({len(data) // 1024} KiB)",
                lambda data=data: client.post(
                    reverse("research:task_import"), {"file": SimpleUploadedFile("so.xlsx", data)}
                ),
            )
            assert upload.status_code == 302, upload.status_code
            review = upload["Location"]
            page = step(f"{round_}: preview page", lambda review=review: client.get(review))
            counts = page.context["counts"]
            assert counts["refused"] == 0, counts
            done = step(
                f"{round_}: confirm", lambda review=review: client.post(review, {"action": "confirm"})
            )
            assert done.status_code == 302, done.content[:2000]
            print(f"  {counts}; tasks now {Task.objects.count()}")
        assert Task.objects.count() == args.rows
        RESULTS.mkdir(exist_ok=True)
        output = Path(args.output or RESULTS / f"task-import-{connection.vendor}.json")
        output.write_text(
            json.dumps({"rows": args.rows, "python": platform.python_version(), "steps": results}, indent=2),
            encoding="utf-8",
        )
        print(f"written {output}")
    finally:
        cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
