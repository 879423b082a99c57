#!/usr/bin/env python
"""Load test: gunicorn serving generated data, driven by locust, per-journey latency and memory.

    .venv/bin/python bench/load.py                                   # province, SQLite, 60 s
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432 --scale 3

1. Generates the data with ``bench/datagen.py`` (``--size``/``--scale``/``--seed``) into a
   temporary KHCN_VAR_DIR: an SQLite file there, or a scratch PostgreSQL database
   ``khcn_load_<size>`` on the server given by ``--database-url`` (dropped afterwards unless
   ``--keep``). ``--var-dir DIR --reuse`` serves data generated earlier instead.
2. Starts gunicorn (``--workers`` sync workers, 127.0.0.1:``--port`` only, DEBUG off).
3. Runs locust headless (``bench/load_locustfile.py``): ``--users`` simulated users spawned at
   ``--spawn-rate`` per second, each waiting ``--wait`` seconds (2–5) between tasks, for
   ``--warmup`` seconds not counted plus ``--run-time`` seconds measured. Journeys: log in,
   home with the reports due, plan dashboard, item list filtered, plan detail, open a report,
   submit a report (an agency leader's draft), search without diacritics, and the login page
   (GET, anonymous) as the trivial baseline, all in the same run.
4. Samples every gunicorn process's resident memory (RSS) every ``--sample`` seconds.

Prints, per journey, requests, throughput, p50/p95/p99 latency (exact, from every request's
time as locust measured it), error rate and p95 ÷ the login page's p95, and the peak RSS per
worker; writes ``bench/results/load-<vendor>-<size>-x<scale>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

from datagen import counts_for, drop_postgres, server_env

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASELINE = "login page (GET, anonymous)"
ORDER = [
    BASELINE,
    "log in: form (GET)",
    "log in (POST)",
    "home",
    "plan dashboard",
    "item list (dashboard, filtered)",
    "plan detail",
    "open report",
    "submit report (POST)",
    "search, no diacritics",
]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


class MemorySampler(threading.Thread):
    """Peak RSS of the gunicorn master and of each worker (by pid), and the machine's CPU use."""

    def __init__(self, pid: int, every: float) -> None:
        super().__init__(daemon=True)
        import psutil

        self.master = psutil.Process(pid)
        self.every = every
        self.peak: dict[int, int] = {}
        self.master_peak = 0
        self.cpu: list[float] = []
        self.series: list[tuple[float, int]] = []  # (time, total RSS of the workers): the trend
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        psutil.cpu_percent(None)
        while not self.stop.wait(self.every):
            try:
                self.master_peak = max(self.master_peak, self.master.memory_info().rss)
                total = 0
                for child in self.master.children():
                    try:
                        rss = child.memory_info().rss
                    except psutil.Error:
                        continue
                    total += rss
                    self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)
                self.series.append((time.time(), total))
            except psutil.Error:
                return
            self.cpu.append(psutil.cpu_percent(None))


def memory_trend(window: list[tuple[float, int]], start: float) -> dict[str, Any]:
    """The workers' total RSS minute by minute (mean of the samples), and the least-squares slope
    over the second half of the run in MiB per 10 minutes: a worker warming up grows at first
    and then stays flat; a leak keeps growing at the same rate to the end."""
    mib = 1024 * 1024
    minutes: dict[int, list[int]] = defaultdict(list)
    for t, rss in window:
        minutes[int((t - start) // 60)].append(rss)
    series = [round(statistics.fmean(v) / mib, 1) for _m, v in sorted(minutes.items())]
    half = [(t, r / mib) for t, r in window[len(window) // 2 :]]
    slope = None
    if len(half) >= 10:
        ts = [t for t, _ in half]
        mean_t, mean_r = statistics.fmean(ts), statistics.fmean(r for _, r in half)
        var = sum((t - mean_t) ** 2 for t in ts)
        if var:
            slope = sum((t - mean_t) * (r - mean_r) for t, r in half) / var * 600
    return {
        "workers_total_rss_by_minute_mib": series,
        "workers_total_rss_second_half_slope_mib_per_10min": round(slope, 2) if slope is not None else None,
    }


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # 127.0.0.1 only
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"the server did not answer {url} within {timeout:.0f} s")
        time.sleep(0.5)


def _summarise(samples: list[list[Any]], start: float, end: float) -> dict[str, dict[str, Any]]:
    by_name: dict[str, list[list[Any]]] = defaultdict(list)
    for row in samples:
        if start <= row[1] < end:
            by_name[row[0]].append(row)
    duration = end - start
    stats: dict[str, dict[str, Any]] = {}
    for name, rows in by_name.items():
        times = [r[2] for r in rows]
        errors = [r for r in rows if r[4]]
        stats[name] = {
            "requests": len(rows),
            "rps": round(len(rows) / duration, 2),
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "p99_ms": round(percentile(times, 99), 1),
            "mean_ms": round(statistics.fmean(times), 1),
            "max_ms": round(max(times), 1),
            "errors": len(errors),
            "error_rate": round(len(errors) / len(rows), 4),
            "error_examples": sorted({f"{r[3]} {r[4]}" for r in errors})[:5],
        }
    base = stats.get(BASELINE, {}).get("p95_ms") or 0
    for row in stats.values():
        row["p95_vs_login"] = round(row["p95_ms"] / base, 1) if base else None
    return dict(sorted(stats.items(), key=lambda kv: ORDER.index(kv[0]) if kv[0] in ORDER else 99))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", choices=["province", "country"], default="province")
    parser.add_argument("--scale", type=float, help="multiply the province counts (see datagen.py)")
    parser.add_argument("--seed", type=int, help="data seed (datagen.py's default)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://user@host:port); a scratch database khcn_load_… is used",
    )
    parser.add_argument("--var-dir", help="KHCN_VAR_DIR to generate into or, with --reuse, to serve")
    parser.add_argument(
        "--reuse", action="store_true", help="serve data generated before in --var-dir (PostgreSQL: same URL)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the var dir and the scratch database")
    parser.add_argument("--users", type=int, default=20, help="simulated users (default 20)")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second (default 5)")
    parser.add_argument(
        "--wait", default="2,5", help="think time between tasks, min,max seconds (default 2,5)"
    )
    parser.add_argument("--run-time", type=int, default=60, help="measured seconds (default 60)")
    parser.add_argument(
        "--warmup", type=int, default=10, help="seconds run first and not counted (default 10)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--port", type=int, default=18010, help="127.0.0.1 port for gunicorn (default 18010)")
    parser.add_argument("--sample", type=float, default=0.5, help="RSS sampling interval, s (default 0.5)")
    parser.add_argument(
        "--output", help="JSON file (default bench/results/load-<vendor>-<size>-x<scale>.json)"
    )
    args = parser.parse_args()

    scale = counts_for(args.size, args.scale)["scale"]
    tmp = Path(args.var_dir) if args.var_dir else Path(tempfile.mkdtemp(prefix="khcn-load-"))
    tmp = tmp.resolve()
    database_url = None
    if args.database_url:
        server = args.database_url.rstrip("/")
        if server.count("/") > 2:  # a database was named: keep the server part
            server = server.rsplit("/", 1)[0]
        database_url = f"{server}/khcn_load_{args.size}_x{str(scale).replace('.', '_')}"
    env = {**os.environ, **server_env(tmp, database_url)}
    env.pop("DJANGO_LOG_LEVEL", None)
    gunicorn = None
    sampler = None
    try:
        if not args.reuse:
            command = [sys.executable, str(ROOT / "bench" / "datagen.py"), "--var-dir", str(tmp)]
            command += ["--size", args.size] + (["--scale", str(args.scale)] if args.scale else [])
            command += ["--seed", str(args.seed)] if args.seed is not None else []
            command += ["--database-url", database_url] if database_url else []
            print("$", " ".join(command), flush=True)
            subprocess.run(command, check=True, cwd=ROOT)
        manifest_path = tmp / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))

        # The server.
        bind = f"127.0.0.1:{args.port}"
        server_log = tmp / "gunicorn.log"
        command = [str(BIN / "gunicorn"), "config.wsgi:application", "--workers", str(args.workers)]
        command += [
            "--bind",
            bind,
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--error-logfile",
            str(server_log),
        ]
        print("$", " ".join(command), flush=True)
        gunicorn = subprocess.Popen(command, cwd=ROOT, env=env)
        base_url = f"http://{bind}"
        _wait_for(f"{base_url}/accounts/login/")
        sampler = MemorySampler(gunicorn.pid, args.sample)
        sampler.start()

        # The load.
        samples_path = tmp / "samples.json"
        total = args.warmup + args.run_time
        command = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "load_locustfile.py"), "--headless"]
        command += ["--users", str(args.users), "--spawn-rate", str(args.spawn_rate)]
        command += ["--run-time", f"{total}s", "--host", base_url, "--only-summary", "--stop-timeout", "10"]
        command += ["--loglevel", "WARNING"]
        print("$", " ".join(command), flush=True)
        locust_env = {
            **os.environ,
            "KHCN_LOAD_MANIFEST": str(manifest_path),
            "KHCN_LOAD_SAMPLES": str(samples_path),
            "KHCN_LOAD_WAIT": args.wait,
        }
        started = time.time()
        locust = subprocess.run(command, cwd=ROOT, env=locust_env, capture_output=True, text=True)
        if locust.returncode not in (0, 1):  # 1: some requests failed, reported below
            print(locust.stdout[-3000:], locust.stderr[-3000:], sep="\n")
            raise SystemExit(f"locust exited with {locust.returncode}")
        sampler.stop.set()
        sampler.join()
        samples = json.loads(samples_path.read_text(encoding="utf-8"))
        stats = _summarise(samples, started + args.warmup, started + total)

        vendor = manifest["vendor"]
        mib = 1024 * 1024
        workers_peak = sorted(sampler.peak.values(), reverse=True)
        memory = {
            "worker_peak_rss_mib": [round(v / mib, 1) for v in workers_peak],
            "worker_peak_rss_max_mib": round(workers_peak[0] / mib, 1) if workers_peak else None,
            "master_peak_rss_mib": round(sampler.master_peak / mib, 1),
            "workers_seen": len(workers_peak),
        }
        # Memory trend over the measured window: the workers' total RSS in its first and last
        # tenth (a leak shows as steady growth; a soak should stay flat after warming up).
        window = [(t, r) for t, r in sampler.series if started + args.warmup <= t <= started + total]
        if len(window) >= 20:
            tenth = max(len(window) // 10, 1)
            first = statistics.fmean(r for _, r in window[:tenth]) / mib
            last = statistics.fmean(r for _, r in window[-tenth:]) / mib
            memory["workers_total_rss_first_tenth_mib"] = round(first, 1)
            memory["workers_total_rss_last_tenth_mib"] = round(last, 1)
            memory["workers_total_rss_growth_pct"] = round((last - first) / first * 100, 1)
            memory.update(memory_trend(window, started + args.warmup))
        cpu = {
            "mean_percent": round(statistics.fmean(sampler.cpu), 1) if sampler.cpu else None,
            "max_percent": max(sampler.cpu) if sampler.cpu else None,
        }
        with open(server_log, encoding="utf-8", errors="replace") as handle:
            server_errors = [line.rstrip() for line in handle if " ERROR " in line or "Traceback" in line]

        print()
        print(
            f"{vendor}, {args.size} × {scale}: {args.users} users (spawn {args.spawn_rate}/s, "
            f"wait {args.wait} s), "
            f"{args.workers} gunicorn workers, {args.run_time} s measured after {args.warmup} s warm-up"
        )
        header = (
            f"{'journey':<34} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'errors':>7} {'p95 ÷ login':>11}"
        )
        print(header)
        for name, row in stats.items():
            print(
                f"{name:<34} {row['requests']:>8} {row['rps']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                f"{row['p99_ms']:>8} {row['error_rate'] * 100:>6.1f}% {row['p95_vs_login']!s:>11}"
            )
        all_requests = sum(r["requests"] for r in stats.values())
        print(f"{'all':<34} {all_requests:>8} {round(all_requests / args.run_time, 1):>7}")
        for name, row in stats.items():
            for example in row["error_examples"]:
                print(f"  error in {name}: {example}")
        print(
            f"peak RSS per worker (MiB): {memory['worker_peak_rss_mib']}; "
            f"master {memory['master_peak_rss_mib']} MiB; "
            f"CPU (whole machine, locust included) mean {cpu['mean_percent']}%"
        )
        if "workers_total_rss_growth_pct" in memory:
            print(
                f"workers' total RSS: {memory['workers_total_rss_first_tenth_mib']} MiB in the first tenth "
                f"of the run, {memory['workers_total_rss_last_tenth_mib']} MiB in the last "
                f"({memory['workers_total_rss_growth_pct']:+}%); second half: "
                f"{memory['workers_total_rss_second_half_slope_mib_per_10min']} MiB per 10 min; "
                f"by minute: {memory['workers_total_rss_by_minute_mib']}"
            )
        if server_errors:
            print(f"server log: {len(server_errors)} error lines, first: {server_errors[0][:200]}")

        result = {
            "vendor": vendor,
            "size": args.size,
            "scale": scale,
            "dataset": manifest["counts"],
            "dataset_timings_s": manifest["timings"],
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "wait_s": args.wait,
            "warmup_s": args.warmup,
            "run_time_s": args.run_time,
            "workers": args.workers,
            "baseline": BASELINE,
            "journeys": stats,
            "total_requests": all_requests,
            "total_rps": round(all_requests / args.run_time, 2),
            "memory": memory,
            "cpu": cpu,
            "server_error_lines": len(server_errors),
            "server_errors": server_errors[:10],
            "drafts_available": manifest["counts"].get("load_drafts"),
        }
        name = f"load-{vendor}-{args.size}-x{str(scale).replace('.', '_')}.json"
        out = Path(args.output) if args.output else ROOT / "bench" / "results" / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    finally:
        if sampler is not None:
            sampler.stop.set()
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        if not args.keep and not args.reuse:
            if database_url:
                drop_postgres(database_url)
            shutil.rmtree(tmp, ignore_errors=True)
        elif args.keep:
            print(f"kept {tmp}" + (f" and database {database_url.rsplit('/', 1)[1]}" if database_url else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
