"""HTML typed into any text field is shown as text, never run: templates escape everything and
nothing bypasses escaping except a few reviewed places (the search highlighter, the fragments
rendered once per data version, and the dashboard's and home page's rows built in Python)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.plans import services
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, period_open

ROOT = Path(__file__).resolve().parents[3]
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# Places allowed to mark text safe, each reviewed: the search highlighter escapes the text
# itself before adding <mark>; cached fragments are HTML a template rendered (and escaped); the
# plans' row builders escape every value they insert. The pages below cover each of them.
REVIEWED = {"khcn/search/query.py", "khcn/core/fragments.py", "khcn/plans/templatetags/plans.py"}


def test_nothing_bypasses_escaping_outside_the_reviewed_places():
    offenders = []
    for path in ROOT.joinpath("khcn").rglob("*"):
        if "tests" in path.parts or path.suffix not in (".py", ".html"):
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        if (
            re.search(r"\|\s*safe\b|autoescape\s+off|\bmark_safe\(|SafeString\(", text)
            and rel not in REVIEWED
        ):
            offenders.append(rel)
    for path in ROOT.joinpath("templates").rglob("*.html"):
        if re.search(r"\|\s*safe\b|autoescape\s+off", path.read_text(encoding="utf-8")):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


@pytest.mark.django_db
def test_html_in_text_fields_is_rendered_inert(make_user):
    admin = make_user(Role.SYSADMIN)
    org = org_services.organization_create(actor=admin, name=f"Sở {PAYLOAD}", kind=K.DEPARTMENT)
    specialist = make_user(Role.DOST_SPECIALIST, organization=org)
    reporter = make_user(Role.AGENCY_REPORTER, organization=org)
    plan = services.plan_import(
        actor=specialist,
        draft=ImportDraft.from_parse(
            {
                **PARSE,
                "title": f"Kế hoạch {PAYLOAD}",
                "number": "",  # so that the home page's blocks name the plan by its title
                "assignments": [{"section": "II.1", "agency": f"Sở {PAYLOAD}", "role": "lead"}],
            }
        ),
    )
    difficulty = services.difficulty_raise(
        actor=reporter, plan=plan, organization=org, text=f"Vướng mắc {PAYLOAD}", proposal=PAYLOAD
    )
    period = period_open(specialist, plan, name=f"Đợt {PAYLOAD}")
    services.report_start(actor=reporter, period=period, organization=org)
    period_open(specialist, plan, days_to_due=90, name=f"Đợt sau {PAYLOAD}")
    desk = Client()
    desk.force_login(reporter)
    body = desk.get(reverse("site:home")).content.decode()  # the due rows, built in Python
    assert body.count('data-testid="due-report"') == 2
    assert "<script>alert" not in body and "<img src=x" not in body and "&lt;script&gt;alert" in body
    difficulties = body[body.index('data-testid="home-difficulties"') :].split("</article>")[0]
    assert "&lt;script&gt;alert" in difficulties  # the difficulties block, built in Python too
    client = Client()
    client.force_login(specialist)
    work = client.get(reverse("site:home")).content.decode()
    work = work[work.index('data-testid="dost-work"') :].split("</section>")[0]
    assert "&lt;script&gt;alert" in work  # the DOST's block of work: the plan and period names
    pages = [
        reverse("site:home"),
        reverse("organizations:list"),
        org.get_absolute_url(),
        reverse("plans:plan_list"),
        plan.get_absolute_url(),
        reverse("plans:plan_dashboard", args=[plan.pk]),
        reverse("plans:plan_dashboard", args=[plan.pk]) + "?show=all",
        reverse("plans:plan_dashboard", args=[plan.pk]) + f"?missing={period.pk}",
        plan.get_absolute_url() + "?tab=source",
        plan.get_absolute_url() + "?tab=history",
        reverse("plans:plan_agencies", args=[plan.pk]),
        reverse("plans:difficulty_list", args=[plan.pk]),
        difficulty.get_absolute_url(),
        reverse("search:results") + "?q=script",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;alert" in body or "alert" not in body, url
