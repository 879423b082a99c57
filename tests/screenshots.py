"""Screenshots of the main pages for a visual review (a script, not a test).

Starts the development server on a free port over a throw-away demo database, signs in as the
demo DOST specialist (``chuyenvien``), the demo system administrator (``quantri``) and, for
their homes, the DOST leader and Sở Y tế's reporter and leader, and saves
full-page PNGs at 1280 and 390 pixels wide, in Vietnamese and in English::

    .venv/bin/python tests/screenshots.py            # → var/screenshots/
    .venv/bin/python tests/screenshots.py --only vi --widths 390

File names are ``<lang>-<width>-<nn>-<page>.png``. For every shot it also prints whether the
page scrolls sideways (wider than the window) and any browser console errors.
Needs Debian's ``chromium`` (``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_PASSWORD = "KhcnDemo@2026"
SPECIALIST = "chuyenvien"
SYSADMIN = "quantri"
AGENCY = "Sở Khoa học và Công nghệ"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {1280: 800, 390: 844}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SERVER_ENV: dict[str, str] = {}  # the demo server's environment, for shots that prepare data


def demo_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(KHCN_DEMO="1", KHCN_VAR_DIR=str(var_dir), DJANGO_DEBUG="0", PYTHONUNBUFFERED="1")
    SERVER_ENV.clear()
    SERVER_ENV.update(env)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    print("$ manage.py", " ".join(args), flush=True)
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


@contextmanager
def demo_server(var_dir: Path) -> Iterator[str]:
    """Migrate, load the demo data, index it, and serve it; yields the base URL."""
    env = demo_env(var_dir)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "search_rebuild")
    port = free_port()
    log = (var_dir / "runserver.log").open("w")
    # No --insecure: with DEBUG off it makes runserver answer /static/ from the finders, which
    # do not know the hashed names of the manifest storage (every CSS/JS file 404s). WhiteNoise
    # serves the collected files instead.
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/accounts/login/", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"runserver did not start; see {var_dir / 'runserver.log'}") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@dataclass
class Shot:
    name: str
    user: str | None  # None = signed out
    go: Callable[[Any, str], None]


@dataclass
class Findings:
    overflow: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


def goto(path: str) -> Callable[[Any, str], None]:
    def run(page: Any, url: str) -> None:
        page.goto(url + path)

    return run


def open_agency(tab: str = "") -> Callable[[Any, str], None]:
    def run(page: Any, url: str) -> None:
        page.goto(f"{url}/organizations/?q={AGENCY}")
        page.locator("main table").get_by_role("link", name=AGENCY, exact=True).first.click()
        page.wait_for_url(re.compile(r"/organizations/\d+/$"))
        if tab:
            page.get_by_test_id(f"tab-{tab}").click()
            page.wait_for_url(re.compile(rf"\?tab={tab}$"))

    return run


def open_user(username: str) -> Callable[[Any, str], None]:
    def run(page: Any, url: str) -> None:
        page.goto(f"{url}/accounts/users/?q={username}")
        page.locator("main table tbody a").first.click()
        page.wait_for_url(re.compile(r"/accounts/users/\d+/$"))

    return run


def header_search(query: str) -> Callable[[Any, str], None]:
    def run(page: Any, url: str) -> None:
        page.goto(url + "/")
        page.locator("#header-q").fill(query)
        page.locator("#header-q").press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q="))

    return run


def then(first: Callable[[Any, str], None], link: str) -> Callable[[Any, str], None]:
    """Do ``first``, then follow the link matching the CSS selector ``link``."""

    def run(page: Any, url: str) -> None:
        first(page, url)
        page.locator(link).first.click()
        page.wait_for_load_state("load")

    return run


def open_first(path: str, link: str) -> Callable[[Any, str], None]:
    """Go to ``path`` and follow the first link matching the CSS selector ``link``."""

    def run(page: Any, url: str) -> None:
        page.goto(url + path)
        page.locator(link).first.click()
        page.wait_for_load_state("load")

    return run


REPORTER = "baocao.syt"
AGENCY_LEADER = "lanhdao.syt"
DOST_LEADER = "lanhdao"
PLAN = "/plans/1"

SHOTS = [
    Shot("login", None, goto("/accounts/login/")),
    Shot("login-error", None, lambda page, url: _wrong_login(page, url)),
    Shot("home", SPECIALIST, goto("/")),
    Shot("agency-list", SPECIALIST, goto("/organizations/")),
    Shot("agency-detail", SPECIALIST, open_agency()),
    Shot("agency-history", SPECIALIST, open_agency("history")),
    Shot("agency-merge", SPECIALIST, goto("/organizations/merge/")),
    Shot("agency-resolve", SPECIALIST, goto("/organizations/resolve/?name=SKHĐT&as_of=2020-01-01")),
    Shot("search", SPECIALIST, header_search("so khoa hoc")),
    Shot("not-found", SPECIALIST, goto("/organizations/999999/")),
    Shot("user-menu-open", SPECIALIST, lambda page, url: _open_user_menu(page, url)),
    Shot("user-list", SYSADMIN, goto("/accounts/users/")),
    Shot("user-detail", SYSADMIN, open_user(SPECIALIST)),
    Shot("plan-list", SPECIALIST, goto("/plans/")),
    Shot("plan-detail", SPECIALIST, goto(f"{PLAN}/")),
    Shot("plan-import", SPECIALIST, goto("/plans/import/")),
    Shot("plan-import-progress", SPECIALIST, lambda page, url: _import_progress(page, url)),
    Shot("plan-import-stalled", SPECIALIST, lambda page, url: _import_progress(page, url, stalled=True)),
    Shot("plan-import-review", SPECIALIST, lambda page, url: _import_review(page, url)),
    Shot("plan-dashboard", SPECIALIST, goto(f"{PLAN}/dashboard/")),
    Shot("plan-agencies", SPECIALIST, goto(f"{PLAN}/agencies/")),
    Shot("report-list", SPECIALIST, goto("/plans/reports/")),
    Shot("report-detail", SPECIALIST, open_first("/plans/reports/?status=submitted", "table tbody a")),
    Shot("annual-report", SPECIALIST, open_first(f"{PLAN}/", "a[href*='annual-report']")),
    Shot("difficulty-list", SPECIALIST, goto(f"{PLAN}/difficulties/")),
    Shot("difficulty-detail", SPECIALIST, open_first(f"{PLAN}/difficulties/", "table tbody a")),
    Shot("reporter-home", REPORTER, goto("/")),
    Shot("agency-leader-home", AGENCY_LEADER, goto("/")),
    Shot("dost-leader-home", DOST_LEADER, goto("/")),
    Shot("reporter-report", REPORTER, open_first("/", ".due-list a[href*='/reports/']")),
    Shot("difficulty-form", REPORTER, goto(f"{PLAN}/difficulties/new/")),
    Shot("rules", SPECIALIST, goto("/rules/")),
    Shot("plan-history", SPECIALIST, goto(f"{PLAN}/?tab=history")),
    Shot("council-member-home", "hoidong", goto("/")),
    Shot("council-secretary-home", "thuky", goto("/")),
    Shot("council-list", SPECIALIST, goto("/councils/")),
    Shot("council-detail", "thuky", open_first("/councils/", "table tbody a")),
    Shot("council-sheet", "hoidong", open_first("/", "[data-testid=home-council-sheets] a")),
    Shot("council-new", SPECIALIST, goto("/councils/new/")),
    Shot(
        "council-manage",
        SPECIALIST,
        then(open_first("/councils/?status=draft", "table tbody a"), "[data-testid=council-next]"),
    ),
    Shot("council-scheduled", "thuky", open_first("/councils/?status=scheduled", "table tbody a")),
    Shot("council-closed", SPECIALIST, open_first("/councils/?status=closed", "table tbody a")),
    Shot("research-applicant-home", "ungvien", goto("/")),
    Shot("research-calls", SPECIALIST, goto("/research/calls/")),
    Shot("research-proposals", SPECIALIST, goto("/research/proposals/")),
    Shot(
        "research-proposal-returned",
        "ungvien",
        open_first("/research/proposals/?status=returned", "table tbody a"),
    ),
    Shot(
        "research-proposal-dost",
        SPECIALIST,
        open_first("/research/proposals/?status=submitted", "table tbody a"),
    ),
    Shot("research-propose", "ungvien", open_first("/research/calls/", "[data-testid^=propose-]")),
    Shot("research-to-council", SPECIALIST, goto("/research/proposals/to-council/")),
    Shot("research-tasks", SPECIALIST, goto("/research/tasks/")),
    Shot("research-dashboard", SPECIALIST, goto("/research/dashboard/")),
    Shot("research-order-list", SPECIALIST, open_first("/research/calls/", "[data-testid^=order-list-]")),
    Shot(
        "research-task-timeline",
        SPECIALIST,
        open_first("/research/tasks/?state=in_progress", "table tbody a"),
    ),
    Shot("research-task-host", "ungvien", open_first("/research/tasks/?state=recommended", "table tbody a")),
    Shot(
        "research-task-step",
        SPECIALIST,
        then(open_first("/research/tasks/?state=in_progress", "table tbody a"), "[data-testid=step-suspend]"),
    ),
    Shot(
        "research-task-appraisal",
        SPECIALIST,
        open_first("/research/tasks/?state=in_appraisal", "table tbody a"),
    ),
    Shot("research-host-leader-home", "thutruong", goto("/")),
    Shot("research-dost-leader-home", "lanhdao", goto("/")),
    Shot("research-applications", SPECIALIST, goto("/research/applications/")),
    Shot("research-application", "ungvien", open_first("/research/applications/", "table tbody a")),
    Shot("research-public", None, goto("/research/public/")),
    Shot("research-dost-home", SPECIALIST, goto("/")),
    Shot("plan-edit", SPECIALIST, goto(f"{PLAN}/edit/")),
    Shot("plan-item-edit", SPECIALIST, open_first(f"{PLAN}/edit/", "[data-testid=edit-items] tbody a")),
    Shot("report-history", SPECIALIST, lambda page, url: _report_history(page, url)),
    Shot("expert-list", SPECIALIST, goto("/experts/")),
    Shot("expert-detail", SPECIALIST, open_first("/experts/?q=vo+minh+quang", "table tbody a")),
    Shot("expert-edit", SPECIALIST, goto("/experts/new/")),
    Shot(
        "expert-suggest",
        SPECIALIST,
        goto("/experts/suggest/?text=nu%C3%B4i+t%C3%B4m+s%C3%BA+qu%E1%BA%A3ng+canh&terms=34"),
    ),
    Shot("expert-import", SPECIALIST, goto("/experts/import/")),
    Shot("expert-own", "hoidong", open_first("/experts/?q=vo+minh+quang", "table tbody a")),
    Shot("classifications", SPECIALIST, goto("/classifications/")),
    Shot("library-search", None, goto("/library/?q=rung+ngap+man")),
    Shot("library-queue", SPECIALIST, goto("/library/queue/")),
    Shot("library-deposit", "ungvien", goto("/library/records/new/")),
    Shot("library-record-cite", None, open_first("/library/", "[data-testid=library-results] a")),
    Shot("library-usage", SPECIALIST, goto("/library/usage/")),
    Shot("library-import", SPECIALIST, goto("/library/import/")),
    Shot("library-harvest", SPECIALIST, open_first("/library/collections/", "[data-testid=harvest-link]")),
    Shot(
        "library-dataset",
        None,
        open_first(
            "/library/?kind=dataset&q=nhi%E1%BB%87t+%C4%91%E1%BB%99+trung+b%C3%ACnh",
            "[data-testid=library-results] a",
        ),
    ),
]


def _report_history(page: Any, url: str) -> None:
    open_first("/plans/reports/?status=returned", "table tbody a")(page, url)
    page.get_by_test_id("tab-history").click()
    page.wait_for_url(re.compile(r"\?tab=history$"))


def _import_progress(page: Any, url: str, *, stalled: bool = False) -> None:
    """An import caught while its scanned pages are read (the demo's jobs run at once), or one
    whose job stopped twenty minutes ago."""
    code = (
        "import datetime as dt; from django.utils import timezone; "
        "from khcn.accounts.models import User; from khcn.plans.models import PlanImport; "
        f"r = PlanImport.objects.create(owner=User.objects.get(username={SPECIALIST!r}), status='reading', "
        "stage='ocr', done=3, total=8, source_name='ke-hoach-ban-quet.pdf'); "
        + (
            "PlanImport.objects.filter(pk=r.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=20)); "
            if stalled
            else ""
        )
        + "print(r.token)"
    )
    token = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=SERVER_ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]  # the last line: shell may print what it imported first
    page.goto(f"{url}/plans/import/{token}/")


def _import_review(page: Any, url: str) -> None:
    """A small plan with a task table uploaded: its review, each duty beside its sentence."""
    page.goto(url + "/plans/import/")
    page.locator("#id_file").set_input_files(str(ROOT / "khcn/plans/tests/data/ke-hoach-ban-web.txt"))
    page.get_by_test_id("read-plan").click()
    page.wait_for_url(re.compile(r"/plans/import/[\w-]+/review/$"))


def _wrong_login(page: Any, url: str) -> None:
    page.goto(url + "/accounts/login/")
    page.locator("#id_username").fill(SPECIALIST)
    page.locator("#id_password").fill("wrong password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def _open_user_menu(page: Any, url: str) -> None:
    page.goto(url + "/")
    page.locator("details.user-menu summary").click()


def _console(errors: list[str], message: Any) -> None:
    # A failed load is reported with its address by ``_failed_resource``.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


def _failed_resource(errors: list[str], response: Any) -> None:
    if response.status >= 400 and response.request.resource_type != "document":
        errors.append(f"{response.status} {response.request.resource_type} {response.url}")


def log_in(page: Any, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(url + "/")


def take(
    browser: Any, url: str, out: Path, lang: str, width: int, findings: Findings, pages: str | None = None
) -> None:
    host = url.split("//", 1)[1].split(":", 1)[0]
    contexts: dict[str | None, Any] = {}
    for number, shot in enumerate(SHOTS, start=1):
        if pages and pages not in shot.name:
            continue
        context = contexts.get(shot.user)
        if context is None:
            context = browser.new_context(
                locale="vi-VN", viewport={"width": width, "height": WIDTHS[width]}, device_scale_factor=1
            )
            context.add_cookies([{"name": "django_language", "value": lang, "domain": host, "path": "/"}])
            context.set_default_timeout(15_000)
            contexts[shot.user] = context
            if shot.user:
                log_in(context.new_page(), url, shot.user)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg, errors=errors: _console(errors, msg))
        page.on("response", lambda resp, errors=errors: _failed_resource(errors, resp))
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        label = f"{lang}-{width}-{number:02d}-{shot.name}"
        try:
            shot.go(page, url)
            page.wait_for_load_state("networkidle")
        except Exception as exc:
            findings.statuses.append(f"{label}: could not reach the page ({exc.__class__.__name__}: {exc})")
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if sizes[0] > sizes[1]:
            wide = page.evaluate(
                """() => { const w = window.innerWidth; return [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w + 1)
                .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 1)
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                  + (typeof e.className === 'string' && e.className
                     ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                  + ' → ' + Math.round(e.getBoundingClientRect().right) + 'px') }"""
            )
            findings.overflow.append(f"{label}: page {sizes[0]}px > window {sizes[1]}px; {wide}")
        for text in dict.fromkeys(errors):
            findings.console.append(f"{label}: {text}")
        page.screenshot(path=str(out / f"{label}.png"), full_page=True)
        print(f"  {label}.png  {page.url.replace(url, '')}", flush=True)
        page.close()
    for context in contexts.values():
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screenshots")
    parser.add_argument("--only", choices=["vi", "en"], help="one language only")
    parser.add_argument(
        "--widths", type=int, nargs="+", choices=sorted(WIDTHS), default=sorted(WIDTHS, reverse=True)
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary demo database")
    parser.add_argument("--pages", help="only the pages whose name contains this text (e.g. plan)")
    args = parser.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium not installed: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()
    var_dir = Path(tempfile.mkdtemp(prefix="khcn-shots-"))
    findings = Findings()
    try:
        with demo_server(var_dir) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            for lang in [args.only] if args.only else ["vi", "en"]:
                for width in args.widths:
                    print(f"{lang}, {width}px:", flush=True)
                    take(browser, url, args.out, lang, width, findings, args.pages)
            browser.close()
    finally:
        if args.keep:
            print(f"demo data kept in {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)

    print(f"\nScreenshots in {args.out}")
    for title, items in (
        ("Pages wider than the window", findings.overflow),
        ("Browser console errors", findings.console),
        ("Pages that could not be reached", findings.statuses),
    ):
        print(f"{title}: {'none' if not items else ''}")
        for item in items:
            print(f"  - {item}")
    return 1 if findings.statuses else 0


if __name__ == "__main__":
    sys.exit(main())
