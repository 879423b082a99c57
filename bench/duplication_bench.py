#!/usr/bin/env python
"""Duplication check benchmark: ``SimilarityIndex`` over N past S&T tasks, as ratios to the login page.

    .venv/bin/python bench/duplication_bench.py [--tasks 20000] [--repeat 30]

The engine (``khcn.research.similarity``) is pure Python and reads no database; Django is set
up only to serve the baseline, so this runs on SQLite alone (a scratch file in a temporary
directory, migrated). The past tasks are **generated** with a fixed random seed from a
Vietnamese S&T vocabulary (verbs of task titles, Cà Mau topics and places, a short text of
objectives and contents); about 2 % are near-copies of another (typed without diacritics, a
synonym, word order changed) as real duplicates would be. Times, in the same process (warm-up,
then ``--repeat`` runs; median and p95):

- the login page served anonymously through ``django.test.Client`` (the baseline, 1×);
- ``SimilarityIndex.build`` over the N tasks (once; printed in seconds);
- ``SimilarityIndex.query`` for proposals typical of a DOST's intake: a title with diacritics,
  the same without, with word order changed, with synonyms, a title with its objectives, a
  title of boilerplate words, an unrelated title.

Prints median / p95 in ms, the ratio of the medians to the login page's and the best match of
each, and writes ``bench/results/duplication-sqlite.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from datagen import PLACES
from harness import django_setup, timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_SEED = 20261203

VERBS = [
    "Nghiên cứu", "Ứng dụng", "Áp dụng", "Xây dựng mô hình", "Đánh giá thực trạng và đề xuất giải pháp",
    "Hoàn thiện quy trình", "Chuyển giao công nghệ", "Điều tra, khảo sát", "Sản xuất thử nghiệm",
    "Nghiên cứu giải pháp nâng cao hiệu quả", "Phát triển",
]  # fmt: skip
TOPICS = [
    "nuôi tôm càng xanh toàn đực", "nuôi tôm sú quảng canh cải tiến",
    "nuôi tôm thẻ chân trắng siêu thâm canh",
    "mô hình tôm – lúa", "nuôi cua biển", "nuôi cá kèo", "nuôi sò huyết", "nuôi nghêu", "giống tôm sạch bệnh",
    "thức ăn thủy sản", "chế phẩm sinh học xử lý ao nuôi", "bệnh hoại tử gan tụy trên tôm", "lúa chịu mặn",
    "ong mật U Minh", "rừng ngập mặn", "xâm nhập mặn", "sạt lở bờ biển", "kè mềm giảm sóng",
    "điện gió ngoài khơi", "năng lượng mặt trời áp mái", "xử lý nước thải chế biến thủy sản",
    "bảo quản sau thu hoạch", "du lịch cộng đồng", "chuyển đổi số", "sốt xuất huyết", "dinh dưỡng trẻ em",
    "y học cổ truyền", "dược liệu", "văn hóa Khmer", "đờn ca tài tử", "khởi nghiệp đổi mới sáng tạo",
    "sản phẩm OCOP", "chuỗi giá trị thủy sản", "khai thác hải sản xa bờ", "an toàn thực phẩm",
    "quản lý chất thải rắn", "nước sạch nông thôn", "cây dừa sáp", "heo đặc sản", "vịt chạy đồng",
]  # fmt: skip
PURPOSES = [
    "", "", "gắn với bảo vệ môi trường", "thích ứng với biến đổi khí hậu",
    "theo hướng nông nghiệp công nghệ cao",
    "phục vụ xuất khẩu", "nâng cao thu nhập cho người dân", "trong điều kiện hạn mặn", "quy mô nông hộ",
]  # fmt: skip
OBJECTIVES = [
    "Xác định các thông số kỹ thuật phù hợp", "Đánh giá hiệu quả kinh tế – kỹ thuật",
    "Xây dựng quy trình kỹ thuật và chuyển giao cho hộ dân", "Đào tạo kỹ thuật viên cơ sở",
    "Khảo sát, thu thập số liệu tại các hộ", "Xây dựng cơ sở dữ liệu phục vụ quản lý",
    "Đề xuất giải pháp nhân rộng", "Phân tích các yếu tố ảnh hưởng", "Thử nghiệm trên diện tích",
]  # fmt: skip


def generate(n: int, seed: int) -> list[tuple[str, str, str]]:
    """N generated past tasks ``(code, title, text)``; about 2 % are near-copies of another."""
    from khcn.core.text import fold

    rng = random.Random(seed)
    tasks: list[tuple[str, str, str]] = []
    for i in range(n):
        year = rng.randint(2005, 2026)
        code = f"NV-{year}-{i:05d}"
        if tasks and rng.random() < 0.02:
            _code, title, text = rng.choice(tasks)
            variant = rng.randrange(3)
            if variant == 0:
                title = fold(title)
            elif variant == 1:
                title = title.replace("Nghiên cứu", "Ứng dụng").replace("tôm thẻ chân trắng", "tôm thẻ")
            else:
                head, _sep, tail = title.partition(" tại ")
                title = f"{tail}: {head}" if tail else title
            tasks.append((code, title, text))
            continue
        purpose = rng.choice(PURPOSES)
        place = rng.choice(PLACES)
        topic = f"{rng.choice(TOPICS)} {purpose}".strip()
        title = f"{rng.choice(VERBS)} {topic} tại {place}, tỉnh Cà Mau"
        text = ". ".join(
            f"{objective} {rng.choice(TOPICS)}" for objective in rng.sample(OBJECTIVES, k=rng.randint(2, 4))
        )
        text += f". Địa điểm: {rng.choice(PLACES)}; thời gian thực hiện {rng.randint(12, 36)} tháng."
        tasks.append((code, title, text))
    return tasks


QUERIES: list[tuple[str, str, str]] = [
    ("title with diacritics", "Nghiên cứu quy trình nuôi tôm càng xanh toàn đực trong ao đất tại U Minh", ""),
    (
        "same, without diacritics",
        "Nghien cuu quy trinh nuoi tom cang xanh toan duc trong ao dat tai U Minh",
        "",
    ),
    ("word order changed", "Nuôi tôm càng xanh toàn đực trong ao đất tại U Minh: nghiên cứu quy trình", ""),
    (
        "synonyms (áp dụng, BĐKH, tôm thẻ)",
        "Áp dụng nuôi tôm thẻ siêu thâm canh thích ứng BĐKH tại Năm Căn",
        "",
    ),
    (
        "title + objectives",
        "Xây dựng mô hình nuôi cua biển kết hợp rừng ngập mặn tại Ngọc Hiển",
        "Xác định các thông số kỹ thuật phù hợp nuôi cua biển. Đào tạo kỹ thuật viên cơ sở. "
        "Đánh giá hiệu quả kinh tế – kỹ thuật mô hình.",
    ),
    ("boilerplate only", "Nghiên cứu giải pháp nâng cao hiệu quả tại tỉnh Cà Mau", ""),
    ("unrelated", "Ứng dụng trí tuệ nhân tạo dự báo phụ tải lưới điện đô thị", ""),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=20000, help="past tasks generated (default 20000)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each (default 30)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", help="JSON file (default bench/results/duplication-sqlite.json)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-duplication-"))
    django_setup(database_url=f"sqlite:///{tmp / 'bench.sqlite3'}", var_dir=tmp)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from khcn.research.similarity import SimilarityIndex

    assert not settings.DEBUG, "DEBUG must be off for timings"
    try:
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        tasks = generate(args.tasks, args.seed)
        generate_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        index = SimilarityIndex.build(tasks)
        build_s = time.perf_counter() - t0
        print(
            f"database: sqlite (baseline only; the engine is pure Python); {len(tasks)} generated tasks "
            f"in {generate_s:.1f} s; index built in {build_s:.2f} s"
        )

        client = Client()
        login = reverse("accounts:login")

        def get_login() -> None:
            if client.get(login).status_code != 200:
                raise RuntimeError("login page did not answer 200")

        rows: dict[str, dict[str, Any]] = {"login page (anonymous) = 1×": timed(get_login, args.repeat)}
        for label, title, text in QUERIES:
            rows[f"query: {label}"] = timed(
                lambda title=title, text=text: index.query(title, text), args.repeat
            )
            matches = index.query(title, text)
            rows[f"query: {label}"]["found"] = len(matches)
            rows[f"query: {label}"]["best"] = (
                f"{matches[0].score:.2f} {dict((c, t) for c, t, _x in tasks)[matches[0].id]}"
                if matches
                else ""
            )

        baseline = rows["login page (anonymous) = 1×"]["median_ms"]
        print()
        print(f"{'':<44} {'median ms':>10} {'p95 ms':>8} {'× login':>8} {'found':>6}")
        for label, row in rows.items():
            row["ratio"] = round(row["median_ms"] / baseline, 2)
            print(
                f"{label:<44} {row['median_ms']:>10.2f} {row['p95_ms']:>8.2f} {row['ratio']:>8} "
                f"{row.get('found', ''):>6}"
            )
        print()
        for label, row in rows.items():
            if row.get("best"):
                print(f"{label}: best {row['best']}")
        output = Path(args.output) if args.output else RESULTS / "duplication-sqlite.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(
                {
                    "tasks": len(tasks),
                    "generated": True,
                    "seed": args.seed,
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "repeat": args.repeat,
                    "generate_s": round(generate_s, 2),
                    "build_s": round(build_s, 2),
                    "timings": rows,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"written {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
