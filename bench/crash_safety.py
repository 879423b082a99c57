#!/usr/bin/env python
"""Crash safety: kill -9 the server while clients submit and return reports; check that every
report is either fully saved with its audit row or untouched, and that the database is sound.

    .venv/bin/python bench/crash_safety.py [--rounds 5] [--agencies 12]
    .venv/bin/python bench/crash_safety.py --database-url postgres://postgres@127.0.0.1:5432/postgres

A scratch instance (SQLite file in a temporary KHCN_VAR_DIR, or a PostgreSQL database
``khcn_crash`` created and dropped) gets one plan, N agencies with a leader each and a draft
report each, and a DOST specialist. Each round starts gunicorn (2 workers, 127.0.0.1 only),
runs one client thread per agency leader (submit) and one for the specialist (return with a
note) in a loop over HTTP, with login and CSRF as a browser does, then sends SIGKILL to the
whole server process group after a random 1–3 s, mid-request. After each kill it checks:

- every report's status equals the target of the last workflow event in the audit log for it
  (a transition is its status change plus its audit row, in one transaction: both or neither);
- the number of transitions the clients saw acknowledged (HTTP 302 with the success message)
  is at most the number recorded, and each acknowledged one is recorded;
- SQLite: ``PRAGMA integrity_check`` and ``foreign_key_check``; PostgreSQL: no orphaned lines.

Prints a line per round and a summary; writes ``bench/results/crash-<vendor>.json``; exits 1
on any violation.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Crash-test-2026"
SCRATCH_DB = "khcn_crash"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------------------------------
# Scratch instance
# --------------------------------------------------------------------------------------------------


def scratch_env(var_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "crash-safety-bench-" + "x" * 50,
        "DJANGO_DEBUG": "0",
        "KHCN_DEMO": "0",
        "KHCN_VAR_DIR": str(var_dir),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "KHCN_LOGIN_FAILURE_LIMIT": "1000",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def child_prepare(env: dict[str, str], agencies: int) -> dict[str, str]:
    """Migrate and create the data in a child process, so that this process never holds a
    database connection across the kills. Returns report id → its agency leader's username."""
    for command in (["migrate"], ["collectstatic", "--noinput"]):  # DEBUG off: hashed static files
        subprocess.run([sys.executable, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True)
    return dict(child(env, "prepare", str(agencies)))


def child(env: dict[str, str], task: str, *args: str) -> Any:
    """Run ``task`` of this script in a child Python with Django set up; return its JSON."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", task, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _child_prepare(agencies: int) -> Any:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from khcn.accounts import services as accounts
    from khcn.accounts.choices import Role
    from khcn.organizations import services as orgs
    from khcn.organizations.choices import OrganizationKind as K
    from khcn.plans import services
    from khcn.plans.choices import PeriodKind
    from khcn.plans.models import ReportLine
    from khcn.plans.parser.draft import ImportDraft

    admin = get_user_model().objects.create_superuser("crash-admin", password=PASSWORD)
    dost = orgs.organization_create(actor=admin, name="Sở Khoa học và Công nghệ", kind=K.DEPARTMENT)
    spec = accounts.user_create(
        actor=admin, username="crash-dost", full_name="Chuyên viên", password=PASSWORD
    )
    accounts.membership_add(actor=admin, user=spec, role=Role.DOST_SPECIALIST, organization=dost)
    names = [f"Sở Thử nghiệm số {i}" for i in range(1, agencies + 1)]
    orgs_made = [orgs.organization_create(actor=admin, name=n, kind=K.DEPARTMENT) for n in names]
    data = {
        "doc_type": "Kế hoạch",
        "title": "Kế hoạch thử nghiệm sập máy",
        "number": "1/KH-UBND",
        "date": "2026-01-05",
        "sections": [
            {
                "label": "I",
                "heading": "NỘI DUNG",
                "children": [
                    {"label": str(i), "heading": f"Nhiệm vụ {i}", "children": []}
                    for i in range(1, agencies + 1)
                ],
            }
        ],
        "assignments": [{"section": f"I.{i}", "agency": n, "role": "lead"} for i, n in enumerate(names, 1)],
    }
    plan = services.plan_import(actor=spec, draft=ImportDraft.from_parse(data))
    today = timezone.localdate()
    period = services.period_create(
        actor=spec,
        plan=plan,
        kind=PeriodKind.AD_HOC,
        year=today.year,
        start=today - dt.timedelta(days=30),
        end=today,
        due_on=today + dt.timedelta(days=30),
        name="Đợt thử",
    )
    leaders = {}
    for n, org in enumerate(orgs_made, 1):
        leader = accounts.user_create(
            actor=admin, username=f"crash-leader-{n}", full_name=f"Lãnh đạo {n}", password=PASSWORD
        )
        accounts.membership_add(actor=admin, user=leader, role=Role.AGENCY_LEADER, organization=org)
        report = services.report_start(actor=leader, period=period, organization=org)
        lines = {
            ln.pk: {"progress": "in_progress", "results": "Đang thực hiện"}
            for ln in ReportLine.objects.filter(report=report)
        }
        services.report_save(actor=leader, report=report, version=report.version, summary="Thử", lines=lines)
        leaders[report.pk] = leader.username
    return leaders


def _child_check() -> Any:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from khcn.audit.models import AuditEvent
    from khcn.plans.models import AgencyReport, ReportLine
    from khcn.plans.workflow import REPORT_WORKFLOW

    targets = {REPORT_WORKFLOW.audit_code(t): t.target for t in REPORT_WORKFLOW.transitions.values()}
    events = (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(AgencyReport), action__in=targets
        )
        .order_by("id")
        .values_list("object_id", "action")
    )
    last: dict[int, str] = {}
    counts: dict[str, int] = {}
    for object_id, action in events:
        last[int(object_id)] = targets[action]
        counts[action] = counts.get(action, 0) + 1
    bad = [
        {"report": pk, "status": status, "audit_says": last.get(pk, "draft")}
        for pk, status in AgencyReport.objects.values_list("pk", "status")
        if status != last.get(pk, "draft")
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            integrity = cursor.fetchone()[0]
            cursor.execute("PRAGMA foreign_key_check")
            if cursor.fetchall():
                integrity += "; foreign key violations"
        else:
            orphans = ReportLine.objects.exclude(report__in=AgencyReport.objects.all()).exists()
            integrity = "orphaned report lines" if orphans else "ok"
    return {"bad": bad, "integrity": integrity, "transitions": counts}


# --------------------------------------------------------------------------------------------------
# HTTP clients
# --------------------------------------------------------------------------------------------------


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self._csrf()}).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        request.add_header("Referer", self.base + path)
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), ""

    def login(self, username: str) -> bool:
        self.get("/accounts/login/")
        status, _location, _ = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        return status == 302


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def client_loop(
    base: str,
    username: str,
    action: str,
    ids: list[int],
    stop: threading.Event,
    acked: list[tuple[str, int]],
    ready: threading.Semaphore,
) -> None:
    """Log in, then keep trying ``action`` on the reports; record each acknowledged one."""
    browser = Browser(base)
    while not stop.is_set():
        try:
            if not browser.login(username):
                time.sleep(0.05)
                continue
            ready.release()
            while not stop.is_set():
                pk = random.choice(ids)
                fields = {"note": "Đề nghị bổ sung số liệu."} if action == "return" else {}
                status, _location, _ = browser.post(f"/plans/reports/{pk}/{action}/", fields)
                if status == 302:
                    # The view redirects to the report either way; the message says which. Read
                    # the page once to see whether the transition happened.
                    code, _, page = browser.get(f"/plans/reports/{pk}/")
                    if code == 200 and "message-success" in page:
                        acked.append((action, pk))
                elif status in (403, 404):
                    time.sleep(0.01)
        except OSError:
            time.sleep(0.05)  # the server is gone (killed) or restarting


# --------------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------------


def check(env: dict[str, str]) -> dict[str, Any]:
    return dict(child(env, "check"))


# --------------------------------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------------------------------


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: killed as a whole
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise SystemExit("gunicorn did not start")


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        task, rest = sys.argv[2], sys.argv[3:]
        result = _child_prepare(int(rest[0])) if task == "prepare" else _child_check()
        print(json.dumps(result, ensure_ascii=False))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--agencies", type=int, default=12)
    parser.add_argument("--database-url", help="a PostgreSQL server URL; scratch database khcn_crash")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    random.seed(args.seed)

    var_dir = Path(tempfile.mkdtemp(prefix="khcn-crash-"))
    database_url = None
    vendor = "sqlite"
    if args.database_url:
        import psycopg

        vendor = "postgresql"
        admin = psycopg.connect(args.database_url, autocommit=True)
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        admin.execute(f"CREATE DATABASE {SCRATCH_DB}")
        database_url = re.sub(r"/[^/]*$", f"/{SCRATCH_DB}", args.database_url)
    env = scratch_env(var_dir, database_url)
    results: list[dict[str, Any]] = []
    failed = False
    acknowledged_total = 0
    try:
        leaders = {int(k): v for k, v in child_prepare(env, args.agencies).items()}
        ids = sorted(leaders)
        for round_no in range(1, args.rounds + 1):
            port = free_port()
            server = start_server(env, port)
            base = f"http://127.0.0.1:{port}"
            stop = threading.Event()
            ready = threading.Semaphore(0)
            acked: list[tuple[str, int]] = []
            threads = [
                threading.Thread(
                    target=client_loop,
                    args=(base, leaders[pk], "submit", [pk], stop, acked, ready),
                    daemon=True,
                )
                for pk in ids
            ]
            threads.append(
                threading.Thread(
                    target=client_loop,
                    args=(base, "crash-dost", "return", ids, stop, acked, ready),
                    daemon=True,
                )
            )
            for thread in threads:
                thread.start()
            for _ in threads:  # every client signed in (password hashing takes a while)
                ready.acquire(timeout=60)
            time.sleep(random.uniform(1.0, 3.0))
            os.killpg(server.pid, signal.SIGKILL)  # mid-request, no clean shutdown
            server.wait()
            stop.set()
            for thread in threads:
                thread.join(timeout=15)
            state = check(env)
            recorded = sum(state["transitions"].values())
            acknowledged_total += len(acked)
            # Every transition a client saw succeed is in the database (none lost on the kill).
            ok = not state["bad"] and state["integrity"] == "ok" and acknowledged_total <= recorded
            failed = failed or not ok
            results.append(
                {"round": round_no, "acknowledged": len(acked), "recorded_total": recorded, **state}
            )
            print(
                f"round {round_no}: killed after {len(acked)} acknowledged transitions; "
                f"{recorded} recorded in all; reports inconsistent with their audit: {len(state['bad'])}; "
                f"integrity: {state['integrity']}",
                flush=True,
            )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
        if args.database_url:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")
    out = ROOT / "bench" / "results" / f"crash-{vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"vendor": vendor, "rounds": results}, ensure_ascii=False, indent=2))
    print(f"{'FAILED' if failed else 'OK'}: {len(results)} kills on {vendor}; results in {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
