"""Each page reads in one language: no English interface string on a Vietnamese page, no
Vietnamese one on an English page.

Over the demo data (``seed_demo``: the seed plan, this year's reports in every state, files,
difficulties, the 2025 reorganisation, one login per role), every page of the URLconf is
rendered in Vietnamese and in English, as the users who see most of it, and its visible text is
checked against the catalogues (``khcn.core.language_check``): a Vietnamese page showing an
English msgid whose translation differs, or an English page showing a Vietnamese translation,
fails with the page and the strings.

A new page fails ``test_every_page_is_rendered_in_both_languages`` until ``PAGES`` says how to
render it (or ``NOT_PAGES`` why it has no page of its own: a download, a POST-only action).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import get_resolver, reverse

from khcn.accounts.choices import Role
from khcn.accounts.models import Membership, User
from khcn.audit.models import AuditEvent
from khcn.audit.registry import is_registered
from khcn.audit.selectors import change_label
from khcn.core.forms import DJANGO_BLANK_LABEL
from khcn.core.language_check import Catalogues, foreign_strings
from khcn.experts.models import Expert
from khcn.organizations.models import Organization, OrganizationAlias
from khcn.plans.choices import ReportStatus
from khcn.plans.models import AgencyReport, Difficulty, Plan, PlanItem, ReportingPeriod
from khcn.site.tests.test_access import _walk

DJANGO = Path(django.__file__).parent
SEED_PLAN = Path(settings.BASE_DIR) / "khcn/plans/fixtures/ke-hoach-kl50-ca-mau.txt"

# The demo's logins (khcn/*/demo.py).
SYSADMIN, SPECIALIST, DOST_LEADER = "quantri", "chuyenvien", "lanhdao"
REPORTER, AGENCY_LEADER = "baocao.syt", "lanhdao.syt"
COUNCIL_MEMBER, COUNCIL_SECRETARY, APPLICANT = "hoidong", "thuky", "ungvien"

# Routes that are not pages, with the reason.
NOT_PAGES = {
    "api:api-root": "the API's anchor (always 404)",
    "api:openapi-json": "JSON, not a page",
    "api:openapi-view": "django-ninja's API explorer (Swagger UI, for developers, in English)",
    "accounts:logout": "POST only",
    "accounts:membership_add": "POST only (the form is on the user's page)",
    "accounts:membership_end": "POST only (the button is on the user's page)",
    "organizations:export": "an Excel or Word file",
    "organizations:alias_add": "POST only (the form is on the agency's page)",
    "organizations:alias_remove": "POST only (the button is on the agency's page)",
    "plans:period_create": "POST only (the form is on the plan's page)",
    "plans:report_start": "POST only (the button is on the home page and the plan's page)",
    "plans:annual_report_download": "a Word or Excel file",
    "plans:attachment_add": "POST only (the form is on the report's page)",
    "plans:attachment_download": "the attached file",
    "plans:attachment_remove": "POST only (the button is on the report's page)",
    "plans:report_transition": "POST only (the buttons are on the report's page)",
    "set_language": "POST only (the header's language switch)",
    "councils:council_step": "POST only (the buttons are on the council's page)",
    "notifications:notification_open": "marks the notification read and redirects to its link",
    "notifications:notification_read_all": "POST only (the button is on the inbox)",
    "councils:attendance": "POST only (the buttons are on the council's page)",
    "councils:council_minutes": "POST only (the form is on the council's page)",
    "councils:council_export": "an Excel file (the councils list)",
    "research:proposal_export": "an Excel file (the proposals list)",
    "research:task_export": "an Excel file (the register)",
    "research:task_dashboard_export": "an Excel file (a table of the tasks dashboard)",
    "research:task_import_template": "an Excel file (the import template)",
    "research:task_import_review": "needs a file uploaded in this session (khcn/research/tests/test_import.py)",
    "research:order_decision_file": "the signed PDF as uploaded",
    "research:task_draft": "a Word file (a draft decision of the task, always in Vietnamese)",
    "research:proposal_step": "POST only (the buttons are on the proposal's page)",
    "research:application_export": "an Excel file (the applications list)",
    "research:application_file": "a file of the dossier as uploaded",
    "research:application_file_add": "POST only (the form is on the application's page)",
    "research:application_step": "POST only (the buttons are on the application's page)",
    "research:report_step": "POST only (the buttons are on the report's page)",
    "research:document_file": "the signed PDF as uploaded",
    "research:task_file": "a file of the acceptance dossier as uploaded",
    "research:task_file_add": "POST only (the form is on the task's page)",
    "research:task_member_set": "POST only (the form is on the task's page)",
    "library:file_add": "POST only (the form is on the record's page)",
    "library:file_download": "a file of a record as deposited",
    "library:record_step": "POST only (the buttons are on the record's page)",
    "library:citation": "a citation file (BibTeX, RIS or CSL-JSON)",
    "library:sitemap": "XML for search engines",
    "oai": "XML for harvesters (OAI-PMH)",
    "library:usage_export": "an Excel file (the usage report)",
    "library:import_template": "an Excel file (the import template)",
    "library:import_review": "needs files uploaded in this session (khcn/library/tests/test_files_import.py)",
    "research:registration_confirm": "POST only (the button is on the task's page)",
    "research:adjustment_endorse": "POST only (the button is on the task's page)",
    "research:adjustment_withdraw": "POST only (the button is on the task's page)",
    "councils:decision_file": "the signed PDF as uploaded",
    "councils:sheet_scan": "the scanned paper sheet as uploaded",
    "councils:declaration_override": "POST only (the form is on the council's page)",
    "councils:council_document": "a Word or Excel file (the council's documents)",
    "councils:sheet_document": "a Word file (a blank sheet)",
    "councils:filled_sheet_document": "a Word file (a member's sheet)",
    "councils:declaration_document": "a Word file (a member's declaration)",
    "experts:export": "an Excel file",
    "experts:import_template": "an Excel file",
    "experts:import_map": "needs a file uploaded in this session (khcn/experts/tests/test_import.py)",
    "experts:import_preview": "needs a file uploaded in this session (khcn/experts/tests/test_import.py)",
    "experts:affiliation_add": "POST only (the form is on the expert's page)",
    "experts:sanction_add": "POST only (the form is on the expert's page)",
    "experts:relative_add": "POST only (the form is on the expert's page)",
    "experts:relative_remove": "POST only (the button is on the expert's page)",
}


@dataclass(frozen=True)
class Page:
    """One page to render: its URL name, who looks at it, and how to fill its URL."""

    name: str
    user: str | None  # None: anonymous
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: str = ""

    @property
    def url(self) -> str:
        return reverse(self.name, kwargs=self.kwargs) + (f"?{self.query}" if self.query else "")

    def __str__(self) -> str:
        return f"{self.url} as {self.user or 'anonymous'}"


def _reporter_of(report: AgencyReport) -> str:
    """A reporter of the report's agency (who sees its editable form while it is a draft)."""
    membership = Membership.objects.filter(
        organization=report.organization, role=Role.AGENCY_REPORTER, valid_to__isnull=True
    ).select_related("user")
    return membership.first().user.username if membership.exists() else SPECIALIST  # type: ignore[union-attr]


def _organizations() -> Iterator[Organization]:
    """Agencies whose pages differ: each kind of history event, ended and in operation."""
    seen: set[str] = set()
    events = AuditEvent.objects.filter(content_type__model="organization").order_by("id")
    for action, object_id in events.values_list("action", "object_id"):
        if action not in seen:
            seen.add(action)
            yield Organization.objects.get(pk=object_id)


def pages() -> list[Page]:
    """Every page of the demo worth reading, in each state the demo has."""
    plan = Plan.objects.order_by("pk").first()
    assert plan is not None, "the demo has no plan"
    plan_kw = {"pk": plan.pk}
    item = PlanItem.objects.filter(plan=plan, assignments__isnull=False).order_by("position").first()
    specialist = User.objects.get(username=SPECIALIST)
    found: list[Page] = [Page("accounts:login", None)]
    found += [
        Page("accounts:register", None),
        Page("accounts:register_resend", None),
        Page("accounts:register_confirm", None, {"token": "not-a-token"}),  # the refusal page
    ]
    found += [
        Page("site:home", user)
        for user in (SYSADMIN, SPECIALIST, DOST_LEADER, REPORTER, AGENCY_LEADER, COUNCIL_MEMBER, APPLICANT)
    ]
    found += [
        Page("site:ruleset_list", SPECIALIST),
        Page("search:results", SPECIALIST),
        Page("search:results", SPECIALIST, query="q=y+t%E1%BA%BF"),
        Page("search:results", SPECIALIST, query="q=50-KL%2FTW"),
        Page("search:results", SPECIALIST, query="q=zzzzqqq"),
        Page("accounts:profile", SPECIALIST),
        Page("accounts:profile", REPORTER),
        Page("accounts:password_change", SPECIALIST),
        Page("accounts:user_list", SYSADMIN),
        Page("accounts:user_create", SYSADMIN),
        Page("accounts:user_detail", SYSADMIN, {"pk": specialist.pk}),
        Page("accounts:user_detail", SYSADMIN, {"pk": specialist.pk}, "tab=history"),
        Page("accounts:user_edit", SYSADMIN, {"pk": specialist.pk}),
        Page("accounts:user_password_reset", SYSADMIN, {"pk": specialist.pk}),
        Page("organizations:list", SPECIALIST),
        Page("organizations:list", SPECIALIST, query="status=all"),
        Page("organizations:create", SYSADMIN),
        Page("organizations:merge", SYSADMIN),
        Page("organizations:resolve", SPECIALIST),
        Page("organizations:resolve", SPECIALIST, query="name=S%E1%BB%9F+KH%26CN&as_of=01%2F06%2F2019"),
    ]
    for org in _organizations():
        org_kw = {"pk": org.pk}
        found += [
            Page("organizations:detail", SPECIALIST, org_kw),
            Page("organizations:detail", SPECIALIST, org_kw, "tab=history"),
        ]
    department = Organization.objects.filter(valid_to__isnull=True, kind="department").order_by("pk").first()
    assert department is not None
    found += [
        Page("organizations:edit", SYSADMIN, {"pk": department.pk}),
        Page("organizations:rename", SYSADMIN, {"pk": department.pk}),
        Page("organizations:split", SYSADMIN, {"pk": department.pk}),
    ]
    found += [
        Page("plans:plan_list", SPECIALIST),
        Page("plans:plan_list", REPORTER),
        Page("plans:plan_import", SPECIALIST),
        Page("plans:plan_detail", SPECIALIST, plan_kw),
        Page("plans:plan_detail", SPECIALIST, plan_kw, "tab=history"),
        Page("plans:plan_detail", SPECIALIST, plan_kw, "tab=source"),
        Page("plans:plan_detail", REPORTER, plan_kw),
        Page("plans:plan_edit", SPECIALIST, plan_kw),
        Page("plans:plan_dashboard", SPECIALIST, plan_kw),
        Page("plans:plan_dashboard", SPECIALIST, plan_kw, "show=in_progress"),
        Page("plans:plan_agencies", SPECIALIST, plan_kw),
        Page("plans:difficulty_list", SPECIALIST, plan_kw),
        Page("plans:difficulty_create", REPORTER, plan_kw),
        Page("plans:report_list", SPECIALIST),
        Page("plans:report_list", REPORTER),
    ]
    if item is not None:
        found.append(Page("plans:item_edit", SPECIALIST, {"pk": plan.pk, "item_pk": item.pk}))
    from khcn.councils.models import Council, CouncilMember

    found += [Page("councils:council_list", SPECIALIST), Page("councils:council_list", COUNCIL_MEMBER)]
    # The inbox: the member's holds the demo council's notifications (seated, scheduled, opened).
    found += [
        Page("notifications:notification_list", COUNCIL_MEMBER),
        Page("notifications:notification_list", SPECIALIST),
    ]
    found.append(Page("councils:council_create", SPECIALIST))
    from khcn.library.models import Record

    found += [
        Page("library:record_list", None),
        Page("library:record_list", SPECIALIST, query="q=rừng ngập mặn"),
        Page("library:collection_list", SPECIALIST),
        Page("library:curator_queue", SPECIALIST),
        Page("library:usage_report", SPECIALIST),
        Page("library:import", SPECIALIST),
        Page("library:record_create", APPLICANT),
    ]
    from khcn.library.models import Collection

    for collection in Collection.objects.order_by("pk")[:1]:  # its harvest page (nothing harvested)
        found.append(Page("library:collection_harvest", SPECIALIST, {"pk": collection.pk}))
    for status in ("published", "submitted", "returned"):
        for record in Record.objects.filter(status=status).order_by("pk")[:1]:
            who = None if status == "published" else (APPLICANT if status == "returned" else SPECIALIST)
            found.append(Page("library:record_detail", who, {"pk": record.pk}))
            if who:
                found.append(Page("library:record_edit", who, {"pk": record.pk}))
    for record in Record.objects.filter(kind="task_final_report").order_by("pk")[:1]:
        found.append(Page("library:record_detail", None, {"pk": record.pk}))
    from khcn.research.models import Call, Proposal

    found += [
        Page("research:call_list", SPECIALIST),
        Page("research:call_list", APPLICANT),
        Page("research:call_create", SPECIALIST),
        Page("research:proposal_list", SPECIALIST),
        Page("research:proposal_list", APPLICANT),
        Page("research:proposal_send", SPECIALIST),
        Page("research:task_list", SPECIALIST),
        Page("research:task_dashboard", SPECIALIST),
        Page("research:task_list", SPECIALIST, query="figure=under_way"),
        Page("research:task_list", APPLICANT),
        Page("research:task_import", SPECIALIST),
    ]
    from khcn.research.models import Adjustment, Application, ProgressReport, Task
    from khcn.research.workflow import task_workflow

    specialist = User.objects.get(username=SPECIALIST)
    applicant = User.objects.get(username=APPLICANT)
    for task in Task.objects.order_by("pk"):  # a task in each state, its tabs and its steps
        found += [
            Page("research:task_detail", SPECIALIST, {"pk": task.pk}, f"tab={tab}")
            for tab in ("overview", "applications", "progress", "history")
        ]
        found += [
            Page("research:task_step", who.username, {"pk": task.pk, "name": t.name})
            for who in (specialist, applicant)
            for t in task_workflow(task).available(who, task)
            if t.name != "start"
        ]
        if task.owner_id == applicant.pk:
            found.append(Page("research:task_detail", APPLICANT, {"pk": task.pk}, "tab=progress"))
        from khcn.research.views.lifecycle import PUBLIC_STATES

        if task.published and task.state in PUBLIC_STATES:
            found.append(Page("research:public_task", None, {"pk": task.pk}))
    running = Task.objects.filter(state="in_progress", owner=applicant).order_by("pk").first()
    if running is not None:
        found += [
            Page("research:task_edit", SPECIALIST, {"pk": running.pk}),
            Page("research:payment_add", SPECIALIST, {"pk": running.pk}),
            Page("research:document_add", SPECIALIST, {"pk": running.pk}),
            Page("research:adjustment_request", APPLICANT, {"pk": running.pk}),
        ]
    for task in Task.objects.filter(state__in=("in_acceptance", "in_appraisal")).order_by("state", "pk"):
        found.append(Page("research:task_to_council", SPECIALIST, {"pk": task.pk}))
    for task in Task.objects.filter(state__in=("recognised", "liquidated"), owner=applicant).order_by("pk")[
        :1
    ]:
        found.append(Page("research:registration_form", APPLICANT, {"pk": task.pk}))
    for task in Task.objects.filter(state="registered", owner=applicant).order_by("pk")[:1]:
        found.append(Page("research:application_report_add", APPLICANT, {"pk": task.pk}))
    for task in Task.objects.filter(state="call_open").order_by("pk")[:1]:
        found.append(Page("research:application_create", APPLICANT, {"pk": task.pk}))
    for application in Application.objects.order_by("pk")[:3]:
        found += [
            Page("research:application_detail", APPLICANT, {"pk": application.pk}),
            Page("research:application_detail", SPECIALIST, {"pk": application.pk}),
        ]
    for application in Application.objects.filter(status__in=("draft", "selected")).order_by("pk")[:1]:
        found.append(Page("research:application_edit", APPLICANT, {"pk": application.pk}))
    for report in ProgressReport.objects.order_by("-status", "pk")[:3]:
        found += [
            Page("research:report_detail", APPLICANT, {"pk": report.pk}),
            Page("research:report_detail", SPECIALIST, {"pk": report.pk}),
        ]
    for adjustment in Adjustment.objects.filter(status="requested").order_by("pk")[:1]:
        found.append(Page("research:adjustment_decide", SPECIALIST, {"pk": adjustment.pk}))
    found += [
        Page("research:application_list", APPLICANT),
        Page("research:application_list", SPECIALIST),
        Page("research:public_list", None),
        Page("research:public_list", None, query="tab=calls"),
        Page("research:task_list", SPECIALIST, query="todo=reports"),
    ]
    for call in Call.objects.order_by("pk"):
        found.append(Page("research:order_decision", SPECIALIST, {"call_pk": call.pk}))
    for call in Call.objects.order_by("pk")[:1]:
        found += [
            Page("research:call_edit", SPECIALIST, {"pk": call.pk}),
            Page("research:proposal_create", APPLICANT, {"call_pk": call.pk}),
        ]
    for proposal in Proposal.objects.filter(proposer__username=APPLICANT).order_by("pk"):
        found.append(Page("research:proposal_detail", APPLICANT, {"pk": proposal.pk}))
        if proposal.status in ("draft", "returned"):
            found.append(Page("research:proposal_edit", APPLICANT, {"pk": proposal.pk}))
    for proposal in Proposal.objects.exclude(status="draft").order_by("pk")[:2]:
        found.append(Page("research:proposal_detail", SPECIALIST, {"pk": proposal.pk}))
    for council in Council.objects.order_by("pk"):
        found.append(Page("councils:council_detail", SPECIALIST, {"pk": council.pk}))
        found.append(Page("councils:council_manage", SPECIALIST, {"pk": council.pk}))
        found.append(Page("councils:council_decision", SPECIALIST, {"pk": council.pk}))
        found.append(Page("councils:council_schedule", SPECIALIST, {"pk": council.pk}))
    secretary_seat = CouncilMember.objects.filter(user__username=COUNCIL_SECRETARY).first()
    if secretary_seat is not None:  # a submitted sheet (the member's own page shows the declaration)
        for council_item in secretary_seat.council.items.order_by("pk")[:1]:
            found.append(
                Page(
                    "councils:sheet_fill",
                    COUNCIL_SECRETARY,
                    {
                        "pk": secretary_seat.council_id,
                        "item_pk": council_item.pk,
                        "member_pk": secretary_seat.pk,
                    },
                )
            )
    seat = CouncilMember.objects.filter(user__username=COUNCIL_MEMBER).select_related("council").first()
    if seat is not None:
        found.append(Page("councils:council_detail", COUNCIL_SECRETARY, {"pk": seat.council_id}))
        for council_item in seat.council.items.order_by("pk")[:1]:
            found.append(
                Page(
                    "councils:sheet_fill",
                    COUNCIL_MEMBER,
                    {"pk": seat.council_id, "item_pk": council_item.pk, "member_pk": seat.pk},
                )
            )
    for period in ReportingPeriod.objects.filter(plan=plan).order_by("pk"):
        found += [
            Page("plans:plan_dashboard", SPECIALIST, plan_kw, f"period={period.pk}"),
            Page("plans:plan_dashboard", SPECIALIST, plan_kw, f"missing={period.pk}"),
            Page("plans:annual_report", SPECIALIST, {"period_pk": period.pk}),
        ]
    for difficulty in Difficulty.objects.order_by("pk"):
        found += [
            Page("plans:difficulty_detail", SPECIALIST, {"pk": difficulty.pk}),
            Page("plans:difficulty_detail", _reporter_of_difficulty(difficulty), {"pk": difficulty.pk}),
        ]
    found += [
        Page("classifications:scheme_list", SPECIALIST),
        Page("classifications:priority_create", SPECIALIST),
        Page("classifications:priority_create", SPECIALIST, query=f"plan={plan.pk}"),
        Page("experts:list", SPECIALIST),
        Page("experts:list", SPECIALIST, query="q=nguyen&degree=TS"),
        Page("experts:list", COUNCIL_MEMBER),
        Page("experts:create", SPECIALIST),
        Page("experts:import_start", SPECIALIST),
        Page("experts:suggest", SPECIALIST),
        Page(
            "experts:suggest",
            SPECIALIST,
            query="text=nu%C3%B4i+t%C3%B4m&organization_name=Tr%C6%B0%E1%BB%9Dng+%C4%90%E1%BA%A1i+h%E1%BB%8Dc+B%E1%BA%A1c+Li%C3%AAu",
        ),
    ]
    own = Expert.objects.get(user__username=COUNCIL_MEMBER)
    sanctioned = Expert.objects.filter(sanctions__isnull=False).order_by("pk").first()
    for expert in (own, sanctioned):
        assert expert is not None
        found += [
            Page("experts:detail", SPECIALIST, {"pk": expert.pk}),
            Page("experts:detail", SPECIALIST, {"pk": expert.pk}, "tab=history"),
            Page("experts:edit", SPECIALIST, {"pk": expert.pk}),
        ]
    found += [
        Page("experts:detail", COUNCIL_MEMBER, {"pk": own.pk}),
        Page("experts:edit", COUNCIL_MEMBER, {"pk": own.pk}),
    ]
    statuses: set[str] = set()
    for report in AgencyReport.objects.select_related("organization").order_by("-period__end", "pk"):
        # The DOST sees a report once sent; a draft only its agency.
        reader = _reporter_of(report) if report.status == ReportStatus.DRAFT else SPECIALIST
        found.append(Page("plans:report_detail", reader, {"pk": report.pk}))
        if report.status not in statuses:  # each state once more: its history, its agency's view
            statuses.add(report.status)
            found += [
                Page("plans:report_detail", reader, {"pk": report.pk}, "tab=history"),
                Page("plans:report_detail", _reporter_of(report), {"pk": report.pk}),
            ]
    return found


def _reporter_of_difficulty(difficulty: Difficulty) -> str:
    return difficulty.raised_by.username if difficulty.raised_by else SPECIALIST


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo data, loaded once for this module and rolled back after it."""
    from django.core.cache import cache

    # Module-scoped: runs before the per-test cache clearing. A previous module's user whose id
    # a demo user now takes must not lend it its cached roles (khcn.accounts.roles).
    cache.clear()
    with django_db_blocker.unblock(), override_settings(KHCN_DEMO=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            call_command("search_rebuild", stdout=io.StringIO(), stderr=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _routes() -> set[str]:
    return {r.name for r in _walk(get_resolver().url_patterns) if not r.path_view}


@pytest.mark.django_db
def test_every_page_is_rendered_in_both_languages(demo: None) -> None:
    rendered = {page.name for page in pages()} | {"plans:plan_import_progress", "plans:plan_import_review"}
    # (see _import_pages)
    missing = _routes() - rendered - set(NOT_PAGES)
    assert not missing, (
        "Pages not checked in both languages: add them to pages() in this test (or to NOT_PAGES "
        f"with the reason): {sorted(missing)}"
    )
    stale = set(NOT_PAGES) - _routes()
    assert not stale, f"NOT_PAGES names routes that no longer exist: {sorted(stale)}"


def _data_texts() -> Iterator[str]:
    """Names and short texts of the demo's data, which may read like an interface string."""
    yield from Organization.objects.values_list("name", flat=True)
    yield from Organization.objects.values_list("short_name", flat=True)
    yield from OrganizationAlias.objects.values_list("name", flat=True)
    for full_name, job_title in User.objects.values_list("full_name", "job_title"):
        yield from (full_name, job_title)
    yield from Plan.objects.values_list("doc_type", flat=True)
    for full_name, position, languages in Expert.objects.values_list("full_name", "position", "languages"):
        yield from (
            full_name,
            position,
            languages,
        )  # "Tiếng Anh": what the expert wrote  # "Kế hoạch", as the document says


@pytest.fixture(scope="module")
def catalogues(demo: None, django_db_blocker: Any) -> Catalogues:
    loaded = Catalogues.load(
        Path(settings.LOCALE_PATHS[0]) / "vi/LC_MESSAGES/django.po",
        [
            DJANGO / "conf/locale/vi/LC_MESSAGES/django.po",
            DJANGO / "contrib/auth/locale/vi/LC_MESSAGES/django.po",
        ],
    )
    with django_db_blocker.unblock():
        return loaded.without(_data_texts())


def _client(user: str | None, language: str, clients: dict[tuple[str | None, str], Client]) -> Client:
    key = (user, language)
    if key not in clients:
        client = Client(raise_request_exception=False)  # a broken page is reported with the rest
        if user is not None:
            client.force_login(User.objects.get(username=user))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        clients[key] = client
    return clients[key]


def _import_pages(client: Client) -> list[tuple[str, Any]]:
    """The import's pages: the seed plan's text pasted into the import form, its progress page
    while the job waits, and the review once the job ran."""
    from django.test import TestCase

    out = []
    for run in (False, True):
        with TestCase.captureOnCommitCallbacks(execute=run):
            response = client.post(
                reverse("plans:plan_import"), {"text": SEED_PLAN.read_text(encoding="utf-8")}
            )
        assert response.status_code == 302, f"the import form refused the seed plan ({response.status_code})"
        url = response["Location"]
        response = client.get(url, follow=True)  # the progress page; once read, on to the review
        out.append((response.redirect_chain[-1][0] if response.redirect_chain else url, response))
    return out


def _problems(label: str, response: Any, catalogues: Catalogues, language: str) -> list[str]:
    if response.status_code != 200:
        return [f"{label}: HTTP {response.status_code}"]
    html = response.content.decode()
    found = foreign_strings(html, catalogues, language=language)
    problems = [f"{label}: " + "; ".join(str(f) for f in found)] if found else []
    if f">{DJANGO_BLANK_LABEL}</option>" in html:
        problems.append(f"{label}: a select box offers Django's {DJANGO_BLANK_LABEL!r} (khcn.core.forms)")
    return problems


@pytest.mark.django_db
def test_pages_show_no_string_of_the_other_language(demo: None, catalogues: Catalogues) -> None:
    """Each page in Vietnamese, then in English, one after the other: what a page keeps
    between readers (its cached fragments) must not carry one reader's language to the next."""
    clients: dict[tuple[str | None, str], Client] = {}
    problems: list[str] = []
    rendered = 0
    for page in pages():
        for language in ("vi", "en"):
            response = _client(page.user, language, clients).get(page.url, follow=True)
            problems += _problems(f"[{language}] {page}", response, catalogues, language)
            rendered += 1
    for language in ("vi", "en"):
        for url, response in _import_pages(_client(SPECIALIST, language, clients)):
            problems += _problems(f"[{language}] {url}", response, catalogues, language)
    assert not problems, (
        f"{len(problems)} page(s) show strings of the other language ([vi] pages English ones, [en] "
        "pages Vietnamese ones):\n" + "\n".join(problems)
    )
    assert rendered > 120


@pytest.mark.django_db
def test_every_recorded_change_in_the_demo_reads_as_words(demo: None) -> None:
    """The history shows each change by a label (a field's verbose name or a registered one),
    never by its key: every key the demo's services record must have one."""
    from django.apps import apps

    unlabelled: set[str] = set()
    for action, app_label, model_name, changes in AuditEvent.objects.values_list(
        "action", "content_type__app_label", "content_type__model", "changes"
    ):
        assert is_registered(action), action
        model = apps.get_model(app_label, model_name)
        unlabelled |= {f"{model_name}: {key}" for key in changes or {} if change_label(model, key) is None}
    assert not unlabelled, f"change keys with no label: {sorted(unlabelled)}"
