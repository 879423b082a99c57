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
