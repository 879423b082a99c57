#!/usr/bin/env python
"""Council tally benchmark: a selection session of 9 members × 30 applications.

    .venv/bin/python bench/council_tally_bench.py [--applications 30] [--members 9] [--repeat 50]

Runs against a scratch SQLite database in a temporary directory (migrated, rule sets synced).
Generates the score sheets with a fixed random seed (Circular 20/2023 applied R&D rubric, one
absent member, a few zero criteria and far-off sheets), then times, in the same process:

- the login page served anonymously through ``django.test.Client`` (the baseline, 1×);
- ``session_from_data`` + ``tally`` with the parameters already in hand (the pure core);
- ``tally_session`` as the web tally and ``manage.py council_tally`` call it (reading the JSON
  form, then the rule sets in force from the database with ``rule_get``), and with the output
  JSON written as the command prints it;
- the same with the outlier rule switched on.

Prints median and p95 of each and the ratio of the medians to the login page's, and writes
``bench/results/council-tally-sqlite.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from harness import django_setup, timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
MAXIMA = [12, 24, 16, 16, 16, 16]
ROLES = ["chair", "vice_chair", "secretary", "reviewer", "reviewer"]


def generate(applications: int, members: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    people = [
        {
            "id": f"m{i}",
            "role": ROLES[i - 1] if i <= len(ROLES) else "member",
            "present": i != members,  # the last member is absent
            "conflicted": False,
        }
        for i in range(1, members + 1)
    ]
    items = []
    for a in range(1, applications + 1):
        quality = rng.uniform(0.45, 0.95)
        sheets = []
        for person in people:
            member_quality = min(1.0, max(0.0, quality + rng.gauss(0, 0.08)))
            if rng.random() < 0.03:
                member_quality = rng.uniform(0.1, 0.4)  # a far-off sheet
            scores = {}
            for n, top in enumerate(MAXIMA, start=1):
                halves = round(top * 2 * min(1.0, max(0.0, member_quality + rng.gauss(0, 0.05))))
                if rng.random() < 0.02:
                    halves = 0
                scores[str(n)] = halves / 2
            sheets.append({"member": person["id"], "scores": scores})
        items.append({"id": f"HS-{a:03d}", "sheets": sheets})
    return {
        "kind": "selection",
        "as_of": "2026-03-02",
        "rubric": "applied_rnd",
        "members": people,
        "items": items,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=30)
    parser.add_argument("--members", type=int, default=9, help="7 to 9 (the selection council's size)")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs of each (default 50)")
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--output", help="JSON file (default bench/results/council-tally-sqlite.json)")
    args = parser.parse_args()
    if not 7 <= args.members <= 9:
        parser.error("a selection council has 7 to 9 members")

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-council-"))
    django_setup(database_url=f"sqlite:///{tmp / 'bench.sqlite3'}", var_dir=tmp)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from khcn.core.rules import rule_get
    from khcn.councils.tally import session_from_data, tally, tally_session

    assert not settings.DEBUG, "DEBUG must be off for timings"
    try:
        call_command("migrate", verbosity=0)
        call_command("rulesets_sync", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        data = generate(args.applications, args.members, args.seed)
        sheets = sum(len(i["sheets"]) for i in data["items"])
        print(
            f"database: sqlite; session: {args.members} members × {args.applications} applications "
            f"= {sheets} score sheets of {len(MAXIMA)} criteria"
        )

        client = Client()
        login = reverse("accounts:login")

        def get_login() -> None:
            if client.get(login).status_code != 200:
                raise RuntimeError("login page did not answer 200")

        session = session_from_data(data)
        kind_rules = rule_get("councils.selection", as_of=session.as_of)
        rubrics = rule_get("councils.rubrics", as_of=session.as_of)
        outlier_rules = {
            **kind_rules,
            "scoring": {**kind_rules["scoring"], "outlier": {"enabled": True, "delta": 20}},
        }
        rows = {
            "login page (anonymous) = 1×": timed(get_login, args.repeat),
            "tally, rules in hand (pure core)": timed(
                lambda: tally(session_from_data(data), kind_rules=kind_rules, rubrics=rubrics), args.repeat
            ),
            "tally_session (rule_get from the database)": timed(
                lambda: tally_session(session_from_data(data)), args.repeat
            ),
            "tally_session + output JSON (the command)": timed(
                lambda: json.dumps(tally_session(session_from_data(data)).as_data(), ensure_ascii=False),
                args.repeat,
            ),
            "tally, outlier rule on": timed(
                lambda: tally(session_from_data(data), kind_rules=outlier_rules, rubrics=rubrics), args.repeat
            ),
        }
        with CaptureQueriesContext(connection) as ctx:
            result = tally_session(session_from_data(data))
        baseline = rows["login page (anonymous) = 1×"]["median_ms"]
        print()
        print(f"{'':<44} {'median ms':>10} {'p95 ms':>8} {'× login':>8}")
        for label, row in rows.items():
            row["ratio"] = round(row["median_ms"] / baseline, 2)
            print(f"{label:<44} {row['median_ms']:>10} {row['p95_ms']:>8} {row['ratio']:>8}")
        passed = sum(1 for i in result.items if i.passed)
        print()
        print(
            f"tally_session ran {len(ctx.captured_queries)} queries; {passed} of {len(result.items)} "
            f"applications passed; recommended {result.recommended}"
        )
        output = Path(args.output) if args.output else RESULTS / "council-tally-sqlite.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(
                {
                    "members": args.members,
                    "applications": args.applications,
                    "sheets": sheets,
                    "seed": args.seed,
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "queries": len(ctx.captured_queries),
                    "passed": passed,
                    "recommended": result.recommended,
                    "timings": rows,
                },
                indent=2,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        print(f"written {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
