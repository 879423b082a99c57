"""Locust journeys of the KHCN load test. Run it through ``bench/load.py`` (see its ``--help``),
which generates the data, starts gunicorn and reads the samples this file writes.

Environment: ``KHCN_LOAD_MANIFEST`` (the ``manifest.json`` written by ``bench/datagen.py``),
``KHCN_LOAD_SAMPLES`` (where to write every request's time, status and outcome as JSON at the
end), ``KHCN_LOAD_WAIT`` ("min,max" think time in seconds between tasks, default "2,5").

Simulated users, each on its own account (taken in turn from the manifest):

- ``DostSpecialist``: home, plan dashboard, the dashboard's item list with a filter (a period
  or an agency), plan detail, open a report, search without diacritics, log in again.
- ``AgencyLeader``: home with the reports due, open one of the agency's reports, submit a
  draft (GET the report, then POST the "submit" transition), search, log in again.
- ``AgencyReporter``: home with the reports due, open one of the agency's reports, search,
  log in again.
- ``Anonymous``: the login page (GET) — the trivial page every figure is compared with.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

MANIFEST = json.loads(Path(os.environ["KHCN_LOAD_MANIFEST"]).read_text(encoding="utf-8"))
PASSWORD = MANIFEST["password"]
_wait = [float(x) for x in os.environ.get("KHCN_LOAD_WAIT", "2,5").split(",")]
WAIT = between(_wait[0], _wait[-1])

BASELINE = "login page (GET, anonymous)"
SEARCHES = ["so khoa hoc", "nguyen van", "uy ban nhan dan xa", "doi moi sang tao", "tram y te"]

# --------------------------------------------------------------------------------------------------
# Every request's outcome, for exact percentiles in bench/load.py
# --------------------------------------------------------------------------------------------------

_samples: list[tuple[str, float, float, int, str]] = []  # name, start (epoch s), ms, status, error


@events.request.add_listener
def _record(
    request_type: str,
    name: str,
    response_time: float,
    response_length: int,
    exception: Any = None,
    response: Any = None,
    **_kw: Any,
) -> None:
    status = getattr(response, "status_code", 0) or 0
    error = "" if exception is None else str(exception)[:200]
    _samples.append((name, time.time() - response_time / 1000, float(response_time), int(status), error))


@events.quitting.add_listener
def _write(**_kw: Any) -> None:
    out = os.environ.get("KHCN_LOAD_SAMPLES")
    if out:
        Path(out).write_text(json.dumps(_samples, ensure_ascii=False), encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Journeys
# --------------------------------------------------------------------------------------------------

_counters: dict[str, itertools.count[int]] = {}


def _next_account(kind: str, accounts: list[Any]) -> Any:
    n = next(_counters.setdefault(kind, itertools.count()))
    return accounts[n % len(accounts)]


# Weights: a page every 2–5 s per user; logging in again is 1 task in about 40 (people stay
# logged in; a login costs a deliberately slow PBKDF2 hash).


class _Session(HttpUser):
    abstract = True
    wait_time = WAIT
    username = ""

    def get_page(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(
                    f"HTTP {r.status_code}" + (f" → {r.headers.get('Location')}" if r.is_redirect else "")
                )

    def log_in(self) -> None:
        self.client.cookies.clear()
        self.get_page("/accounts/login/", "log in: form (GET)")
        token = self.client.cookies.get("csrftoken", "")
        data = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        with self.client.post(
            "/accounts/login/", data=data, name="log in (POST)", allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 302:
                r.failure(f"login gave HTTP {r.status_code}")

    def search(self) -> None:
        self.get_page(f"/search/?q={random.choice(SEARCHES)}", "search, no diacritics")


class DostSpecialist(_Session):
    weight = 6

    def on_start(self) -> None:
        self.username = _next_account("dost", MANIFEST["accounts"]["dost"])
        self.log_in()

    @task(8)
    def home(self) -> None:
        self.get_page("/", "home")

    @task(12)
    def dashboard(self) -> None:
        plan = random.choice(MANIFEST["plans"])
        self.get_page(f"/plans/{plan['id']}/dashboard/", "plan dashboard")

    @task(12)
    def item_list(self) -> None:
        plan = random.choice(MANIFEST["plans"])
        if random.random() < 0.5:
            query = f"period={random.choice(plan['periods'][-3:])}&show=all"
        else:
            query = f"show=all&agency={random.choice(plan['agencies'])}"
        self.get_page(f"/plans/{plan['id']}/dashboard/?{query}", "item list (dashboard, filtered)")

    @task(4)
    def plan_detail(self) -> None:
        plan = random.choice(MANIFEST["plans"])
        self.get_page(f"/plans/{plan['id']}/", "plan detail")

    @task(12)
    def open_report(self) -> None:
        self.get_page(f"/plans/reports/{random.choice(MANIFEST['dost_reports'])}/", "open report")

    @task(8)
    def search_task(self) -> None:
        self.search()

    @task(1)
    def relogin(self) -> None:
        self.log_in()


class AgencyLeader(_Session):
    weight = 6

    def on_start(self) -> None:
        account = _next_account("leader", MANIFEST["accounts"]["leaders"])
        self.username = account["username"]
        self.drafts = list(account["drafts"])  # shared by locust users on one account: see load.py
        self.reports = [r for r in _reports_of(self.username)]
        self.log_in()

    @task(12)
    def home(self) -> None:
        self.get_page("/", "home")

    @task(8)
    def open_report(self) -> None:
        self.get_page(f"/plans/reports/{random.choice(self.reports)}/", "open report")

    @task(8)
    def submit(self) -> None:
        if not self.drafts:
            return
        pk = self.drafts.pop(0)
        self.get_page(f"/plans/reports/{pk}/", "open report")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            f"/plans/reports/{pk}/submit/",
            data={"csrfmiddlewaretoken": token},
            name="submit report (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302 or "/login" in r.headers.get("Location", ""):
                r.failure(f"submit gave HTTP {r.status_code}")

    @task(4)
    def search_task(self) -> None:
        self.search()

    @task(1)
    def relogin(self) -> None:
        self.log_in()


def _reports_of(leader: str) -> list[int]:
    """The reports of the leader's agency (the reporter of the same agency lists them)."""
    n = leader.rsplit("-", 1)[1]
    for r in MANIFEST["accounts"]["reporters"]:
        if r["username"].endswith(f"-{n}"):
            return r["reports"]
    return MANIFEST["dost_reports"]


class AgencyReporter(_Session):
    weight = 6

    def on_start(self) -> None:
        account = _next_account("reporter", MANIFEST["accounts"]["reporters"])
        self.username = account["username"]
        self.reports = account["reports"]
        self.log_in()

    @task(12)
    def home(self) -> None:
        self.get_page("/", "home")

    @task(12)
    def open_report(self) -> None:
        self.get_page(f"/plans/reports/{random.choice(self.reports)}/", "open report")

    @task(8)
    def search_task(self) -> None:
        self.search()

    @task(1)
    def relogin(self) -> None:
        self.log_in()


class Anonymous(HttpUser):
    weight = 2
    wait_time = WAIT

    @task
    def login_page(self) -> None:
        with self.client.get("/accounts/login/", name=BASELINE, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
