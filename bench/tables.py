#!/usr/bin/env python
"""Markdown tables for ``docs/performance.md`` from the JSON that ``bench/load.py`` writes.

    .venv/bin/python bench/tables.py bench/results/load-sqlite-province-x1.json      # one run
    .venv/bin/python bench/tables.py --growth PROVINCE.json COUNTRY.json             # p50/p95 growth

One run: each journey's requests, throughput, p50/p95/p99, errors and p95 as a ratio to the
login page in the same run, then memory and CPU. ``--growth``: per journey, p50 and p95 at
the two sizes and their ratio (1.0 = flat).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _load(path: str) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _n(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def run_table(result: dict[str, Any]) -> str:
    lines = [
        "| Journey | requests | req/s | p50 ms | p95 ms | p99 ms | errors | p95 ÷ login |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in result["journeys"].items():
        lines.append(
            f"| {name} | {row['requests']} | {row['rps']} | {_n(row['p50_ms'])} | {_n(row['p95_ms'])} | "
            f"{_n(row['p99_ms'])} | {row['error_rate'] * 100:.1f} % | {row['p95_vs_login']} |"
        )
    lines.append(f"| **all** | {result['total_requests']} | {result['total_rps']} | | | | | |")
    memory, cpu = result["memory"], result["cpu"]
    peaks = memory["worker_peak_rss_mib"]
    lines.append("")
    lines.append(
        f"Peak RSS per worker {min(peaks):.0f}–{max(peaks):.0f} MiB (master "
        f"{memory['master_peak_rss_mib']:.0f} MiB); CPU {cpu['mean_percent']:.0f} % on average "
        f"(whole machine, locust included); server log errors: {result['server_error_lines']}."
    )
    return "\n".join(lines)


def growth_table(small: dict[str, Any], large: dict[str, Any]) -> str:
    lines = [
        f"| Journey | p50 ms ×{small['scale']:g} | p50 ms ×{large['scale']:g} | p50 ratio "
        f"| p95 ms ×{small['scale']:g} | p95 ms ×{large['scale']:g} | p95 ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in small["journeys"].items():
        other = large["journeys"].get(name)
        if other is None:
            continue
        p50, p95 = other["p50_ms"] / row["p50_ms"], other["p95_ms"] / row["p95_ms"]
        lines.append(
            f"| {name} | {_n(row['p50_ms'])} | {_n(other['p50_ms'])} | {p50:.2f} | "
            f"{_n(row['p95_ms'])} | {_n(other['p95_ms'])} | {p95:.2f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="JSON written by bench/load.py")
    parser.add_argument("--growth", action="store_true", help="compare two runs: smaller size first")
    args = parser.parse_args()
    if args.growth:
        if len(args.files) != 2:
            parser.error("--growth takes two files")
        print(growth_table(_load(args.files[0]), _load(args.files[1])))
        return 0
    for path in args.files:
        result = _load(path)
        print(f"{result['vendor']}, {result['size']} × {result['scale']:g} ({path})\n")
        print(run_table(result))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
