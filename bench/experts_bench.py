#!/usr/bin/env python
"""Experts benchmark: the experts list, search and suggestions on N experts, as ratios to the login page.

    .venv/bin/python bench/experts_bench.py [--experts 50000] [--repeat 15]
    .venv/bin/python bench/experts_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Runs against a scratch database: an SQLite file in a temporary directory, or — with a
PostgreSQL URL — a database ``khcn_bench_experts`` created on that server and dropped
afterwards. Generates, with a fixed random seed and ``bulk_create``, a few hundred agencies
(``bench/datagen.py``) and N experts: Vietnamese names, degrees and academic titles, 1–3 fields
of the national S&T list (loaded by the classifications' migration, as in the app), a current
affiliation (an agency of the registry or a university / institute / enterprise as text) and
for some a past one, positions, past S&T tasks and publications in Vietnamese; about 2 % declare
a close relative and 0.5 % have a sanction. Builds the search index with
``khcn.search.services.rebuild`` (and ``ANALYZE`` on PostgreSQL), then times, in the same
process and on the same database (warm-up, then ``--repeat`` runs; median and p95):

- the login page served anonymously through ``django.test.Client`` (the baseline, 1×);
- the experts list page as a DOST specialist: unfiltered, searched by name typed with and
  without diacritics ("nguyễn thị" / "nguyen thi", "thủy sản" / "thuy san"), filtered by field
  and by degree; the site-wide search page for the same words;
- ``expert_suggest`` for five texts typical of Cà Mau's S&T task titles with their fields, and
  the suggestion page (``/experts/suggest/``) with the same input;
- ``expert_conflicts`` for a council of 9 members (one call, and once per member as
  ``khcn.councils.services.conflicts_of`` calls it).

Prints median / p95 in ms, the ratio of the medians to the login page's and the number of
queries of each, and writes ``bench/results/experts-<vendor>.json``.
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
BENCH_DB = "khcn_bench_experts"
DEFAULT_SEED = 20260415
AGENCIES = 300

# Level-1 fields of the national list (Decision 12/2008/QĐ-BKHCN) and how many of Cà Mau's
# experts work in each: agriculture and fisheries first.
DOMAIN_WEIGHTS = {"1": 12, "2": 20, "3": 15, "4": 33, "5": 14, "6": 6}
TOPICS = {
    "1": [
        "xâm nhập mặn vùng ven biển", "biến đổi khí hậu", "hệ thống thông tin địa lý",
        "dữ liệu lớn", "trí tuệ nhân tạo", "đa dạng sinh học rừng ngập mặn", "quan trắc môi trường",
        "hóa học các hợp chất thiên nhiên", "mô hình toán thủy văn", "viễn thám",
    ],
    "2": [
        "xử lý nước thải chế biến thủy sản", "điện gió ngoài khơi", "năng lượng mặt trời áp mái",
        "chống sạt lở bờ biển", "kè mềm giảm sóng", "công nghệ chế biến tôm", "bảo quản sau thu hoạch",
        "tự động hóa ao nuôi", "vật liệu xây dựng chịu mặn", "giao thông nông thôn",
    ],
    "3": [
        "sốt xuất huyết", "dinh dưỡng trẻ em", "y học cổ truyền", "bệnh không lây nhiễm",
        "kháng kháng sinh", "chăm sóc sức khỏe người cao tuổi", "an toàn thực phẩm",
        "phục hồi chức năng", "bệnh án điện tử", "dược liệu",
    ],
    "4": [
        "nuôi tôm càng xanh", "nuôi tôm sú quảng canh cải tiến", "tôm lúa", "cua biển",
        "cá kèo", "sò huyết", "nghêu", "giống tôm sạch bệnh", "nuôi trồng thủy sản",
        "rừng ngập mặn", "lúa chịu mặn", "ong mật U Minh", "bệnh trên tôm nuôi", "thức ăn thủy sản",
        "tôm càng xanh toàn đực", "chế phẩm sinh học", "khai thác thủy sản",
    ],
    "5": [
        "kinh tế biển", "du lịch cộng đồng", "chuyển đổi số", "quản lý nhà nước về khoa học",
        "chuỗi giá trị thủy sản", "khởi nghiệp đổi mới sáng tạo", "sinh kế ven biển",
        "giáo dục nghề nghiệp", "thương hiệu sản phẩm OCOP", "pháp luật về đất đai",
    ],
    "6": [
        "văn hóa Khmer", "đờn ca tài tử", "lịch sử địa phương", "di tích lịch sử",
        "tín ngưỡng dân gian", "văn học Nam Bộ", "lễ hội truyền thống",
    ],
}  # fmt: skip
TASK_VERBS = [
    "Nghiên cứu", "Ứng dụng", "Xây dựng mô hình", "Đánh giá thực trạng và giải pháp",
    "Hoàn thiện quy trình", "Chuyển giao công nghệ", "Điều tra, khảo sát",
]  # fmt: skip
INSTITUTIONS = [
    "Trường Đại học Bạc Liêu", "Trường Đại học Cần Thơ", "Viện Nghiên cứu Nuôi trồng Thủy sản II",
    "Viện Lúa Đồng bằng sông Cửu Long", "Viện Khoa học Thủy lợi miền Nam",
    "Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "Bệnh viện Đa khoa Cà Mau",
    "Trường Cao đẳng Y tế Cà Mau", "Trường Đại học Y Dược Cần Thơ",
    "Phân viện Khoa học Xã hội vùng Nam Bộ", "Trường Đại học Nông Lâm Thành phố Hồ Chí Minh",
    "Trường Đại học Bách khoa - Đại học Quốc gia Thành phố Hồ Chí Minh", "Trường Đại học Trà Vinh",
    "Trường Đại học Kinh tế Thành phố Hồ Chí Minh", "Viện Kinh tế và Quy hoạch Thủy sản",
    "Viện Sinh học Nhiệt đới", "Trung tâm Khuyến nông Quốc gia", "Trường Cao đẳng Cộng đồng Cà Mau",
    "Trường Chính trị tỉnh Cà Mau", "Bệnh viện Sản Nhi Cà Mau", "Công ty Cổ phần Tập đoàn Thủy sản Minh Phú",
    "Công ty TNHH Chế biến Thủy sản Năm Căn", "Công ty Cổ phần Điện gió Cà Mau",
    "Hợp tác xã Nuôi tôm sinh thái Tam Giang", "Viện Nghiên cứu Hải sản",
    "Trường Đại học Khoa học Xã hội và Nhân văn", "Viện Công nghệ Môi trường",
]  # fmt: skip
POSITIONS = [
    "Giảng viên", "Giảng viên chính", "Nghiên cứu viên", "Nghiên cứu viên chính", "Trưởng phòng",
    "Phó Trưởng phòng", "Phó Viện trưởng", "Trưởng khoa", "Bác sĩ", "Phó Giám đốc", "Chuyên viên chính",
    "Kỹ sư trưởng", "Giám đốc",
]  # fmt: skip
JOURNALS = [
    "Tạp chí Khoa học Trường Đại học Cần Thơ", "Tạp chí Nông nghiệp và Phát triển nông thôn",
    "Tạp chí Khoa học và Công nghệ Việt Nam", "Tạp chí Y học Việt Nam", "Aquaculture Reports",
    "Tạp chí Khoa học Xã hội Việt Nam",
]  # fmt: skip
DEGREES = [
    ("TS", 30), ("ThS", 35), ("TSKH", 2), ("CKII", 4), ("BSCKII", 4), ("KS", 12), ("CN", 10), ("BS", 3),
]  # fmt: skip

# The suggestion cases: S&T task titles of Cà Mau with the fields a specialist would pick.
SUGGEST_CASES: list[tuple[str, list[str]]] = [
    ("Nghiên cứu quy trình nuôi tôm càng xanh toàn đực trong ao đất", ["405"]),
    (
        "Ứng dụng công nghệ sinh học sản xuất chế phẩm xử lý môi trường ao nuôi tôm siêu thâm canh",
        ["405", "406"],
    ),
    (
        "Đánh giá hiện trạng xâm nhập mặn và đề xuất giải pháp chuyển đổi cơ cấu cây trồng vùng U Minh",
        ["401", "105"],
    ),
    ("Xây dựng mô hình du lịch cộng đồng gắn với bảo tồn rừng ngập mặn Đất Mũi", ["502", "404"]),
    ("Nghiên cứu thực trạng và giải pháp phòng chống sốt xuất huyết tại tỉnh Cà Mau", ["303"]),
    # A text alone (what a council's page asks for its items): narrowed in SQL by Expert.words.
    ("Nghiên cứu quy trình nuôi tôm càng xanh toàn đực trong ao đất", []),
]  # fmt: skip
LIST_QUERIES = [
    ("list: name “nguyễn thị”", {"q": "nguyễn thị"}),
    ("list: name “nguyen thi”", {"q": "nguyen thi"}),
    ("list: name “thủy sản”", {"q": "thủy sản"}),
    ("list: name “thuy san”", {"q": "thuy san"}),
]
SEARCH_QUERIES = ["nguyễn thị", "nguyen thi", "thủy sản", "thuy san"]


# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------


def _task_title(rng: random.Random, topics: list[str]) -> str:
    return f"{rng.choice(TASK_VERBS)} {rng.choice(topics)} tại {rng.choice(PLACES)}, tỉnh Cà Mau"


def generate(n_experts: int, seed: int) -> dict[str, Any]:
    """The agencies, a DOST specialist and ``n_experts`` experts with their fields,
    affiliations, relatives and sanctions, all with ``bulk_create``."""
    from khcn.accounts.choices import Role
    from khcn.classifications.selectors import field_terms
    from khcn.core.text import collation_key, fold
    from khcn.experts.models import Affiliation, Expert, Relative, Sanction

    rng = random.Random(seed)
    orgs = create_agencies(rng, AGENCIES)
    dost = create_user("bench-dost", "Lê Minh Khoa", Role.DOST_SPECIALIST, orgs[0])

    terms = list(field_terms())
    if not terms:
        raise RuntimeError("the national S&T fields are not loaded (classifications migration)")
    by_code = {t.code: t for t in terms}
    level2: dict[str, list[Any]] = {}
    for t in terms:
        if t.level == 2:
            level2.setdefault(t.code[0], []).append(t)
    domains = list(DOMAIN_WEIGHTS)
    weights = list(DOMAIN_WEIGHTS.values())
    degrees, degree_weights = zip(*DEGREES, strict=True)

    experts: list[Expert] = []
    plans: list[tuple[list[Any], dict[str, Any]]] = []  # per expert: fields, affiliation data
    for i in range(n_experts):
        female = rng.random() < 0.42
        full_name = person_name(rng)
        domain = rng.choices(domains, weights)[0]
        fields = rng.sample(level2[domain], k=min(len(level2[domain]), rng.randint(1, 2)))
        if rng.random() < 0.25:  # a second field elsewhere
            other = rng.choices(domains, weights)[0]
            fields.append(rng.choice(level2[other]))
        topics = TOPICS[domain]
        degree = rng.choices(degrees, degree_weights)[0]
        title = ""
        if degree in ("TS", "TSKH"):
            title = rng.choices(["", "PGS", "GS"], weights=[75, 21, 4])[0]
        tasks = "\n".join(_task_title(rng, topics) for _ in range(rng.randint(0, 3)))
        pubs = "\n".join(
            f"{person_name(rng)}, {full_name} ({rng.randint(2005, 2025)}). "
            f"{rng.choice(TASK_VERBS)} {rng.choice(topics)}. {rng.choice(JOURNALS)}."
            for _ in range(rng.randint(0, 2))
        )
        experts.append(
            Expert(
                full_name=full_name,
                name_sort=collation_key(full_name),
                name_folded=fold(full_name)[:200],
                birth_year=rng.randint(1950, 1995),
                gender="female" if female else "male",
                academic_title=title,
                degree=degree,
                position=rng.choice(POSITIONS),
                email=f"chuyengia{i:06d}@example.invalid",
                phone=f"0290 3{rng.randint(100000, 999999)}",
                languages=rng.choice(["Tiếng Anh", "Tiếng Anh, tiếng Pháp", "Tiếng Nga", ""]),
                publications=pubs,
                past_tasks=tasks,
                availability=rng.choices(["available", "limited", "unavailable"], weights=[75, 20, 5])[0],
                public_profile_consent=rng.random() < 0.7,
            )
        )
        affiliation: dict[str, Any] = {}
        if rng.random() < 0.45:
            affiliation["organization"] = rng.choice(orgs)
        else:
            affiliation["organization_name"] = rng.choice(INSTITUTIONS)
        if rng.random() < 0.3:
            affiliation["past"] = rng.choice(INSTITUTIONS)
        plans.append((fields, affiliation))
    Expert.objects.bulk_create(experts, batch_size=1000)
    if any(e.pk is None for e in experts):  # a backend that does not return the ids
        for e, pk in zip(experts, Expert.objects.order_by("pk").values_list("pk", flat=True), strict=True):
            e.pk = pk

    through = Expert.fields.through
    links = []
    affiliations = []
    for expert, (fields, aff) in zip(experts, plans, strict=True):
        links += [through(expert_id=expert.pk, term_id=t.pk) for t in {t.pk: t for t in fields}.values()]
        org = aff.get("organization")
        name = org.name if org is not None else aff["organization_name"]
        start = dt.date(rng.randint(2000, 2022), rng.randint(1, 12), 1)
        affiliations.append(
            Affiliation(
                expert_id=expert.pk,
                organization=org,
                organization_name="" if org is not None else name,
                name_folded=fold(name)[:255],
                position=expert.position,
                start=start,
            )
        )
        if "past" in aff:
            affiliations.append(
                Affiliation(
                    expert_id=expert.pk,
                    organization_name=aff["past"],
                    name_folded=fold(aff["past"])[:255],
                    position=rng.choice(POSITIONS),
                    start=dt.date(start.year - rng.randint(3, 10), 1, 1),
                    end=start,
                )
            )
    through.objects.bulk_create(links, batch_size=2000)
    Affiliation.objects.bulk_create(affiliations, batch_size=2000)

    relatives: list[Relative] = []
    pairs: set[tuple[int, int]] = set()
    for expert in rng.sample(experts, k=max(1, n_experts // 50)):
        other = rng.choice(experts)
        if other.pk == expert.pk or (expert.pk, other.pk) in pairs:
            continue
        pairs.add((expert.pk, other.pk))
        relatives.append(
            Relative(
                expert_id=expert.pk,
                relative_id=other.pk,
                relation=rng.choice(["spouse", "parent", "child", "sibling"]),
            )
        )
    Relative.objects.bulk_create(relatives, batch_size=2000)
    sanctions = []
    for expert in rng.sample(experts, k=max(1, n_experts // 200)):
        start = dt.date(rng.randint(2020, 2026), rng.randint(1, 12), 1)
        sanctions.append(
            Sanction(
                expert_id=expert.pk,
                reason="Vi phạm quy định về liêm chính khoa học (dữ liệu giả lập).",
                decision=f"{rng.randint(1, 300)}/QĐ-SKHCN",
                start=start,
                end=None if rng.random() < 0.2 else start + dt.timedelta(days=rng.choice([365, 730])),
            )
        )
    Sanction.objects.bulk_create(sanctions, batch_size=2000)
    # The folded words of each profile, as the services store them after every change.
    from khcn.experts.services import words_refresh

    ids = [e.pk for e in experts]
    for start in range(0, len(ids), 1000):
        words_refresh(ids[start : start + 1000])

    # A council of 9 experts of fisheries: one declared a relative on the team, one works for
    # the applicant organisation, one is under an active sanction.
    fisheries = [e for e, (f, _a) in zip(experts, plans, strict=True) if any(t.code == "405" for t in f)]
    members = rng.sample(fisheries, k=min(9, len(fisheries)))
    relative = rng.choice(experts)
    Relative.objects.get_or_create(
        expert_id=members[0].pk, relative_id=relative.pk, defaults={"relation": "sibling"}
    )
    Sanction.objects.create(
        expert_id=members[2].pk, reason="Vi phạm liêm chính (dữ liệu giả lập).", start=dt.date(2026, 1, 1)
    )
    applicant = plans[experts.index(members[1])][1]
    return {
        "dost": dost,
        "terms": by_code,
        "orgs": orgs,
        "members": [m.pk for m in members],
        "team": [relative.full_name, person_name(rng)],
        "applicant_org": applicant.get("organization"),
        "applicant_name": applicant.get("organization_name", ""),
        "counts": {
            "agencies": len(orgs),
            "experts": len(experts),
            "field_links": len(links),
            "affiliations": len(affiliations),
            "relatives": len(relatives),
            "sanctions": len(sanctions),
        },
    }


# --------------------------------------------------------------------------------------------------
# Run
# --------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experts", type=int, default=50000, help="experts generated (default 50000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--database-url", help=f"a PostgreSQL server URL; a scratch database {BENCH_DB} is used"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch PostgreSQL database")
    parser.add_argument("--output", help="JSON file (default bench/results/experts-<vendor>.json)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-experts-"))
    url, cleanup = scratch_database(args.database_url, tmp, BENCH_DB)
    django_setup(database_url=url, var_dir=tmp, search_backend="auto")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    from khcn.experts.selectors import expert_conflicts, expert_suggest
    from khcn.search.backends import backend_name
    from khcn.search.services import rebuild

    assert not settings.DEBUG, "DEBUG must be off for timings"
    try:
        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
            db_version = str(cursor.fetchone()[0])
        print(f"database: {vendor} {db_version}; search backend: {backend_name()}")
        t0 = time.perf_counter()
        data = generate(args.experts, args.seed)
        generate_s = time.perf_counter() - t0
        print(f"generated {data['counts']} in {generate_s:.1f} s")
        t0 = time.perf_counter()
        indexed = rebuild(progress=False)
        index_s = time.perf_counter() - t0
        print(f"search index: {indexed} in {index_s:.1f} s")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        anonymous = Client()
        dost_client = Client()
        dost_client.force_login(data["dost"])
        login_url = reverse("accounts:login")
        list_url = reverse("experts:list")
        suggest_url = reverse("experts:suggest")
        search_url = reverse("search:results")
        terms = data["terms"]
        as_of = dt.date(2026, 6, 1)

        def page(client: Any, url: str, params: dict[str, Any] | None = None) -> Callable[[], None]:
            def get() -> None:
                response = client.get(url, params or {})
                if response.status_code != 200:
                    raise RuntimeError(f"{url} {params} answered {response.status_code}")

            return get

        ops: dict[str, Callable[[], Any]] = {"login page (anonymous) = 1×": page(anonymous, login_url)}
        ops["list: all (page 1)"] = page(dost_client, list_url)
        for label, params in LIST_QUERIES:
            ops[label] = page(dost_client, list_url, params)
        ops["list: field 405 Thủy sản"] = page(dost_client, list_url, {"field": terms["405"].pk})
        ops["list: field 4 (level 1) + degree TS"] = page(
            dost_client, list_url, {"field": terms["4"].pk, "degree": "TS"}
        )
        ops["list: degree TSKH"] = page(dost_client, list_url, {"degree": "TSKH"})
        ops["list: “nguyen thi” + field 405"] = page(
            dost_client, list_url, {"q": "nguyen thi", "field": terms["405"].pk}
        )
        for q in SEARCH_QUERIES:
            ops[f"site search: “{q}”"] = page(dost_client, search_url, {"q": q})
        for n, (text, codes) in enumerate(SUGGEST_CASES, start=1):
            fields = [terms[c] for c in codes]
            label = f"expert_suggest #{n} ({' '.join(codes) or 'text only'})"
            ops[label] = lambda text=text, fields=fields: expert_suggest(
                user=data["dost"], text=text, fields=fields, as_of=as_of
            )
        text, codes = SUGGEST_CASES[0]
        ops["suggest page #1 (GET)"] = page(
            dost_client,
            suggest_url,
            {
                "text": text,
                "terms": [terms[c].pk for c in codes],
                "organization": data["applicant_org"].pk if data["applicant_org"] else "",
                "organization_name": data["applicant_name"],
                "people": "\n".join(data["team"]),
                "as_of": as_of.strftime("%d/%m/%Y"),
            },
        )
        parties = {
            "organizations": [data["applicant_org"].pk] if data["applicant_org"] else [],
            "organization_names": [data["applicant_name"]] if data["applicant_name"] else [],
            "people": data["team"],
            "as_of": as_of,
        }
        members = data["members"]
        ops["expert_conflicts, council of 9 (one call)"] = lambda: expert_conflicts(members, **parties)
        ops["expert_conflicts, 9 members one by one"] = lambda: [
            expert_conflicts([m], **parties) for m in members
        ]

        rows: dict[str, dict[str, Any]] = {}
        for label, fn in ops.items():
            queries: list[str] = []  # counted by a wrapper: a request through the Client resets the log

            def count(
                execute: Any, sql: str, params: Any, many: bool, context: Any, queries: list[str] = queries
            ) -> Any:
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                out = fn()
            rows[label] = timed(fn, args.repeat)
            rows[label]["queries"] = len(queries)
            if label.startswith("expert_suggest"):
                rows[label]["ranked"] = len(out.ranked)
                rows[label]["excluded"] = len(out.excluded)
                rows[label]["top"] = [
                    f"{s.expert.full_name} ({s.score})" for s in out.ranked[:3]
                ]  # fmt: skip
            if label.startswith("expert_conflicts, council"):
                rows[label]["conflicted"] = len(out)

        baseline = rows["login page (anonymous) = 1×"]["median_ms"]
        print()
        print(f"{'':<44} {'median ms':>10} {'p95 ms':>9} {'× login':>8} {'queries':>8}")
        for label, row in rows.items():
            row["ratio"] = round(row["median_ms"] / baseline, 2)
            print(
                f"{label:<44} {row['median_ms']:>10.2f} {row['p95_ms']:>9.2f} "
                f"{row['ratio']:>8} {row['queries']:>8}"
            )
        print()
        for label, row in rows.items():
            if "top" in row:
                print(f"{label}: {row['ranked']} ranked, {row['excluded']} excluded; top {row['top']}")
        output = Path(args.output) if args.output else RESULTS / f"experts-{vendor}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(
                {
                    "vendor": vendor,
                    "database_version": db_version,
                    "search_backend": backend_name(),
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "seed": args.seed,
                    "repeat": args.repeat,
                    "counts": data["counts"],
                    "generate_s": round(generate_s, 1),
                    "index_s": round(index_s, 1),
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
