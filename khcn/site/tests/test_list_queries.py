"""Every page that lists things runs a pinned number of queries, whatever the amount of data:
the number below, with three times more plans, reports, difficulties, agencies and people.
Counted cold (the cache emptied first: what is computed once per version of the data is
computed) and warm (as users meet the page between two changes).

A page whose URL name ends in ``list`` must be in ``PAGES`` (the last test walks the URLconf),
so that a new list page comes with its count."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from khcn.accounts import services as account_services
from khcn.accounts.choices import Role
from khcn.classifications.models import Term
from khcn.councils import services as council_services
from khcn.councils.models import Council, CouncilSession
from khcn.experts import services as expert_services
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.plans import services
from khcn.plans.choices import ItemProgress
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, agencies_and_rules, period_open, submit
from khcn.site.tests.test_access import routes

pytestmark = pytest.mark.django_db

# page: (who, url builder, queries cold, queries warm)
# Every page counts the signed-in user's unread notifications for the header's badge (one query).
PAGES: dict[str, tuple[str, Any, int, int]] = {
    # The DOST's home: its work in every plan in implementation (the plans with their versions;
    # cold, their figures in four queries), whatever the number of plans, reports, difficulties.
    # Every home also asks which councils the user sits on (one query) and the DOST's, its
    # councils by state (one more).
    # The DOST's proposals by status (one query); a proposer's own proposals and the calls open
    # now (two).
    # S&T tasks waiting for the DOST: the counts (four queries), the overdue steps (the late
    # reports; the tasks with their documents and reports on the application of results; the
    # rule set's versions read once). A host's (an agency may apply): its tasks, applications
    # and the calls open now (three).
    # The library: the records waiting for the user as a curator, the user's own deposits (two).
    # Plan imports waiting for the user's review (one, for those who may import).
    "site:home (DOST)": ("specialist", lambda w: reverse("site:home"), 24, 18),
    "site:home (DOST leader)": ("dost_leader", lambda w: reverse("site:home"), 24, 18),
    "site:home (agency)": ("reporter", lambda w: reverse("site:home"), 20, 13),
    "site:home (agency leader)": ("leader", lambda w: reverse("site:home"), 20, 13),
    # A council member's home: their sheets to fill (seats, items, sheets) and their councils;
    # whether they curate a library collection (one).
    "site:home (council member)": ("council_member", lambda w: reverse("site:home"), 11, 9),
    "councils:council_list": ("specialist", lambda w: reverse("councils:council_list"), 5, 4),
    # The inbox: the count for the pages, the page's notifications (the member is told of each
    # council they are seated on).
    "notifications:notification_list": (
        "council_member",
        lambda w: reverse("notifications:notification_list"),
        6,
        5,
    ),
    # S&T tasks: the calls (with their proposals counted); the proposals with their fields,
    # the calls of the filter.
    "research:call_list": ("specialist", lambda w: reverse("research:call_list"), 5, 4),
    # The library's search: the count, the records with their collections and authors, the
    # facets' version (one query); cold, the facets (type, year, language, fields, organisations,
    # collections: each its query and the names it shows), warm from the cache; the collections
    # with their counts and curators.
    "library:record_list": ("specialist", lambda w: reverse("library:record_list"), 17, 7),
    "library:collection_list": ("specialist", lambda w: reverse("library:collection_list"), 6, 5),
    "research:task_list": ("specialist", lambda w: reverse("research:task_list"), 8, 7),
    "research:proposal_list": ("specialist", lambda w: reverse("research:proposal_list"), 8, 7),
    "research:proposal_list (proposer)": ("reporter", lambda w: reverse("research:proposal_list"), 8, 7),
    # Applications with their task; the public list of tasks with their fields and the open calls.
    "research:application_list": ("specialist", lambda w: reverse("research:application_list"), 6, 5),
    "research:application_list (applicant)": (
        "reporter",
        lambda w: reverse("research:application_list"),
        6,
        5,
    ),
    "research:public_list": ("specialist", lambda w: reverse("research:public_list"), 7, 6),
    "site:ruleset_list": ("specialist", lambda w: reverse("site:ruleset_list"), 5, 4),
    "accounts:user_list": ("admin", lambda w: reverse("accounts:user_list"), 7, 6),
    "organizations:list": ("specialist", lambda w: reverse("organizations:list"), 6, 5),
    "search:results": ("specialist", lambda w: reverse("search:results") + "?q=so", 5, 4),
    # Experts: the page, their fields, their affiliations, the field filter's choices.
    "experts:list": ("specialist", lambda w: reverse("experts:list"), 9, 8),
    "classifications:scheme_list": ("specialist", lambda w: reverse("classifications:scheme_list"), 6, 5),
    # Plans: and the user's imports waiting for review (one query).
    "plans:plan_list": ("specialist", lambda w: reverse("plans:plan_list"), 7, 6),
    "plans:report_list": ("specialist", lambda w: reverse("plans:report_list"), 8, 7),
    "plans:difficulty_list": (
        "specialist",
        lambda w: reverse("plans:difficulty_list", args=[w["plan"].pk]),
        7,
        6,
    ),
    "plans:plan_agencies": (
        "specialist",
        lambda w: reverse("plans:plan_agencies", args=[w["plan"].pk]),
        10,  # + the items each name's agencies already have (one query: selectors.roles_held)
        9,
    ),
    "plans:plan_detail": ("specialist", lambda w: w["plan"].get_absolute_url(), 13, 5),
    "plans:plan_dashboard": (
        "specialist",
        lambda w: reverse("plans:plan_dashboard", args=[w["plan"].pk]),
        9,
        4,
    ),
    "plans:plan_dashboard (list)": (
        "specialist",
        lambda w: reverse("plans:plan_dashboard", args=[w["plan"].pk]) + "?show=all",
        11,
        4,
    ),
}


@pytest.fixture
def world(make_user) -> dict[str, Any]:
    world = agencies_and_rules(make_user)
    world["reporter"] = make_user(Role.AGENCY_REPORTER, organization=world["health"])
    world["leader"] = make_user(Role.AGENCY_LEADER, organization=world["health"])
    world["dost_leader"] = make_user(Role.DOST_LEADER, organization=world["dost"])
    world["council_member"] = make_user(Role.COUNCIL_MEMBER)
    world["n"] = 0
    world["plan"] = _grow(world, 2)  # an accepted report and a returned one: every query runs
    return world


def _grow(world: dict[str, Any], times: int) -> Any:
    """``times`` more of everything the pages list; returns the first plan made."""
    first = None
    admin, specialist = world["admin"], world["specialist"]
    for _ in range(times):
        world["n"] += 1
        n = world["n"]
        parse = {**PARSE, "number": f"{n}/KH-UBND"}
        parse["assignments"] = [
            *PARSE["assignments"],
            {"section": "II.3.c", "agency": f"Phòng {n}", "role": "lead"},
        ]
        plan = services.plan_import(actor=specialist, draft=ImportDraft.from_parse(parse))
        first = first or plan
        period = period_open(specialist, plan, name=f"Đợt {n}")
        report = services.report_start(actor=world["reporter"], period=period, organization=world["health"])
        lines = {
            line.pk: {"progress": ItemProgress.IN_PROGRESS, "results": "Đã làm"}
            for line in report.lines.all()
        }
        report = services.report_save(
            actor=world["reporter"], report=report, version=report.version, summary="", lines=lines
        )
        report = submit(report, world["leader"])
        if n % 2:
            services.report_accept(actor=specialist, report=report)
        else:
            services.report_return(actor=specialist, report=report, note=f"Bổ sung {n}")
        services.difficulty_raise(
            actor=world["reporter"], plan=plan, organization=world["health"], text=f"Khó khăn {n}"
        )
        org = org_services.organization_create(actor=admin, name=f"Sở Thử {n}", kind=K.DEPARTMENT)
        person = account_services.user_create(
            actor=admin, username=f"nguoi{n}", full_name=f"Người Thử {n}", password="Mat-khau-2026"
        )
        account_services.membership_add(actor=admin, user=person, role=Role.AGENCY_REPORTER, organization=org)
        expert = expert_services.expert_create(
            actor=specialist,
            full_name=f"Chuyên Gia {n}",
            fields=list(Term.objects.filter(code__in=("101", "405"))),
            organization=org if n % 2 else None,
            organization_name="" if n % 2 else f"Viện {n}",
        )
        expert_services.affiliation_add(actor=specialist, expert=expert, organization_name=f"Trường {n}")
        council = council_services.council_create(
            actor=specialist, name=f"Hội đồng {n}", kind="identification", organization=org
        )
        council_services.member_add(
            actor=specialist,
            council=council,
            full_name="Thành viên",
            role="member",
            user=world["council_member"],
        )
        council_services.item_add(actor=specialist, council=council, title=f"Đề xuất {n}")
        # In session, so that the member's home lists sheets (the steps are tested in councils).
        Council.objects.filter(pk=council.pk).update(status="in_session")
        CouncilSession.objects.create(council=council, scheduled_at=timezone.now())
        from khcn.research import services as research_services

        call = research_services.call_create(
            actor=specialist,
            organization=org,
            title=f"Đợt {n}",
            year=2027,
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
        )
        proposal = research_services.proposal_create(
            actor=world["reporter"],
            call=call,
            title=f"Đề xuất {n}",
            fields=list(Term.objects.filter(code__in=("101", "405"))),
            objectives="Mục tiêu",
            urgency="Cấp thiết",
            expected_results="Sản phẩm",
        )
        from khcn.research.workflow import PROPOSAL_WORKFLOW

        PROPOSAL_WORKFLOW.apply("submit", actor=world["reporter"], obj=proposal)
        from khcn.research.models import Task

        task = Task.objects.create(
            code=f"T-{n}",
            title=f"Nhiệm vụ {n}",
            method="direct",
            regime="2025",
            ordered_on=timezone.localdate(),
        )
        task.fields.set(list(Term.objects.filter(code__in=("101", "405"))))
        Task.objects.filter(pk=task.pk).update(state="in_progress")
        from khcn.research.models import Application

        Application.objects.create(
            task=task,
            applicant=world["reporter"],
            host_name="Viện A",
            investigator="TS. B",
            status="submitted",
        )
        from khcn.library import services as library_services
        from khcn.library.models import Collection

        collection = Collection.objects.filter(code="thu-vien").first() or library_services.collection_create(
            actor=None, code="thu-vien", name="Thư viện", curators=[world["specialist"]]
        )
        library_services.record_create(
            actor=None,
            collection=collection,
            title=f"Bài báo {n}",
            authors=[f"Tác giả {n}", "Đồng tác giả"],
            fields=list(Term.objects.filter(code__in=("101", "405"))),
            organizations=[world["health"]],
            status="published",
        )
    return first


def _count(client: Client, url: str, *, cold: bool) -> int:
    if cold:
        cache.clear()
    client.get(url)  # the page as last seen (and, warm, what it keeps)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_list_pages_run_a_pinned_number_of_queries(world):
    clients = {}
    for who in {who for who, *_ in PAGES.values()}:
        clients[who] = Client()
        clients[who].force_login(world[who])
    found: dict[str, list[tuple[int, int]]] = {name: [] for name in PAGES}
    for grow_by in (0, 3):
        _grow(world, grow_by)
        for name, (who, url, _cold, _warm) in PAGES.items():
            link = url(world)
            found[name].append(
                (_count(clients[who], link, cold=True), _count(clients[who], link, cold=False))
            )
    problems = []
    for name, (_who, _url, cold, warm) in PAGES.items():
        if found[name] != [(cold, warm), (cold, warm)]:
            problems.append(
                f"{name}: pinned (cold, warm) = {(cold, warm)}, found {found[name]} (small, large)"
            )
    assert not problems, "\n".join(problems)


def test_every_list_page_is_pinned():
    listed = {name.split(" (")[0] for name in PAGES}
    lists = {r.name for r in routes() if r.name.endswith("list") and not r.name.startswith("api:")}
    assert lists <= listed, f"list pages without a pinned query count: {sorted(lists - listed)}"


# The S&T tasks dashboard (research:task_dashboard): its figures are aggregates, so the number
# of queries does not grow with the tasks (of every state, with payments, progress reports,
# liquidations and reports on the application of results): the page's own (the session, the
# user, the header's badge) and 16 reads (the span of years, 14 aggregates, the terms shown).
# Nothing of the dashboard is cached: warm, the user's roles are.
TASK_DASHBOARD_QUERIES = (20, 19)


def _tasks_of_every_state(n: int, start: int) -> None:
    import datetime as dt

    from khcn.research.choices import DocumentKind, PaymentKind, Rating, TaskState
    from khcn.research.models import ApplicationReport, Payment, ProgressReport, Task, TaskDocument

    fields = list(Term.objects.filter(code__in=("101", "405")))
    for i in range(start, start + n):
        year = 2020 + i % 6
        task = Task.objects.create(
            code=f"Q-{i}",
            title=f"Nhiệm vụ {i}",
            method="direct",
            regime="pre_2025",
            state=TaskState.values[i % len(TaskState.values)],
            ordered_on=dt.date(year, 3, 1),
            approved_on=dt.date(year, 6, 1),
            starts_on=dt.date(year, 7, 1),
            ends_on=dt.date(year + 2, 6, 30),
            accepted_on=dt.date(year + 2, 9, 1) if i % 3 else None,
            registered_on=dt.date(year + 2, 9, 20) if i % 2 else None,
            rating=Rating.PASS,
            budget_state=100_000_000,
        )
        task.fields.set(fields[: 1 + i % 2])
        Payment.objects.create(task=task, kind=PaymentKind.ADVANCE, amount=10_000_000, paid_on=task.starts_on)
        ProgressReport.objects.create(
            task=task, period="1", due_on=dt.date(year + 1, 1, 15), status="submitted", is_late=bool(i % 2)
        )
        TaskDocument.objects.create(
            task=task, kind=DocumentKind.LIQUIDATION, number=f"{i}/BB", signed_on=dt.date(year + 2, 10, 1)
        )
        ApplicationReport.objects.create(task=task, year=year + 3, applied=bool(i % 2))


def test_the_tasks_dashboard_runs_a_pinned_number_of_queries(make_user):
    import io

    from django.core.management import call_command

    from khcn.research.choices import TaskState

    call_command("rulesets_sync", stdout=io.StringIO())
    client = Client()
    client.force_login(make_user(Role.DOST_SPECIALIST))
    found = []
    states = len(TaskState.values)
    for n, start in ((states, 0), (3 * states, states)):  # every state, then three times more
        _tasks_of_every_state(n, start)
        for url in (reverse("research:task_dashboard"), reverse("research:task_dashboard") + "?year=2022"):
            found.append((_count(client, url, cold=True), _count(client, url, cold=False)))
    assert found == [TASK_DASHBOARD_QUERIES] * 4, found
