"""What every benchmark shares: Django set up on a scratch database with DEBUG off, timing a
callable (warm-up, then median / p95 / min in ms), the nearest-rank percentile. Benchmarks report
ratios to the login page measured in the same run (see each script)."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def django_setup(*, database_url: str, var_dir: Path, search_backend: str | None = None) -> None:
    """Point Django at ``database_url`` (files under ``var_dir``), with the test settings and
    DEBUG off (timings as in production; CaptureQueriesContext still counts queries)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["KHCN_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    if search_backend:
        os.environ["KHCN_SEARCH_BACKEND"] = search_backend
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings

    assert not settings.DEBUG, "DEBUG must be off for timings"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 3) -> dict[str, Any]:
    """``fn`` run ``warmup`` times, then ``repeat`` times timed: median, p95 and min in ms."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(percentile(samples, 95), 3),
        "min_ms": round(min(samples), 3),
        "runs": repeat,
    }


def database_version(connection: Any) -> str:
    """The database server's version, as the results record it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0])


def measure(ops: dict[str, Callable[[], Any]], repeat: int, connection: Any) -> dict[str, dict[str, Any]]:
    """Each operation run once with its queries counted (a wrapper: a request through the test
    Client resets Django's own log), then timed (``timed``)."""
    rows: dict[str, dict[str, Any]] = {}
    for label, fn in ops.items():
        queries: list[str] = []

        def count(
            execute: Any, sql: str, params: Any, many: bool, context: Any, queries: list[str] = queries
        ) -> Any:
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            fn()
        rows[label] = timed(fn, repeat)
        rows[label]["queries"] = len(queries)
    return rows


def print_ratios(rows: dict[str, dict[str, Any]], baseline: str, width: int = 44) -> None:
    """Add to each row its median's ratio to the ``baseline`` row's, and print the table."""
    base = rows[baseline]["median_ms"]
    print(f"\n{'':<{width}} {'median ms':>10} {'p95 ms':>9} {'× login':>8} {'queries':>8}")
    for label, row in rows.items():
        row["ratio"] = round(row["median_ms"] / base, 2)
        figures = f"{row['median_ms']:>10.2f} {row['p95_ms']:>9.2f} {row['ratio']:>8} {row['queries']:>8}"
        print(f"{label:<{width}} {figures}")


def write_results(path: Path, payload: dict[str, Any]) -> None:
    """The run's figures as JSON (``bench/results/`` by default, not committed)."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
