"""Every URL declares who may reach it, guarded views really ask their policies, and anonymous
visitors reach only the public pages.

The tests walk the whole URLconf (``get_resolver``, through every ``include``, the django-ninja
API included), so a new view fails here until it carries ``@guarded_by(policy)``,
``@signed_in`` or ``@public`` (``khcn.core.access``) and, for a view with path parameters, until
``KWARGS`` below says what to put in them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from ninja.operation import PathView

from khcn.accounts.models import Membership, User
from khcn.core.access import GUARDED, PUBLIC, SIGNED_IN, access_of
from khcn.organizations.models import OrganizationAlias
from khcn.plans import services
from khcn.plans.models import Difficulty, ReportAttachment
from khcn.plans.tests.conftest import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

# URLs that carry no marker on purpose, with the reason.
UNMARKED = {
    "api:api-root": "django-ninja's root: always 404, it only anchors the API's URL names",
}
# Pages anonymous visitors may reach: must match the @public markers exactly.
# api:list_tasks and research:public_*: the S&T tasks on the public list, which anyone may read
# (issue 12).
PUBLIC_PAGES = {
    "research:public_list",
    "research:public_task",
    "accounts:login",
    "accounts:logout",
    "accounts:register",
    "accounts:register_resend",
    "accounts:register_confirm",
    "set_language",
    "api:list_tasks",
    # The library's public side: search, record pages (tombstones), files by their access level.
    "library:record_list",
    "library:record_detail",
    "library:file_download",
    "library:collection_list",
    # A record's citation (BibTeX, RIS, CSL-JSON) and the sitemap of the published records.
    "library:citation",
    "library:sitemap",
    # OAI-PMH 2.0 for harvesters (khcn.library.oai): published records' descriptions only.
    "oai",
}


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    callback: Any

    @property
    def path_view(self) -> PathView | None:
        """The django-ninja PathView behind an API URL (its view is a closure over it)."""
        for cell in getattr(self.callback, "__closure__", None) or ():
            if isinstance(cell.cell_contents, PathView):
                return cell.cell_contents
        return None


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        else:
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"
            yield Route(prefix + str(pattern.pattern), name, pattern.callback)


def routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def test_the_walk_sees_pages_includes_and_the_api():
    names = {r.name for r in routes()}
    assert {"site:home", "plans:report_transition", "accounts:login", "set_language"} <= names
    assert any(r.path_view for r in routes()), "the django-ninja routes were not found"


def test_every_view_declares_who_may_reach_it():
    problems = []
    public_api: set[str] = set()
    for r in routes():
        if r.name in UNMARKED:
            continue
        if r.path_view is not None:
            for operation in r.path_view.operations:
                access = access_of(operation.view_func)
                label = f"{r.name} {'/'.join(operation.methods)} ({operation.view_func.__name__})"
                if access is not None and access.kind == PUBLIC:  # open to anonymous callers
                    if r.name not in PUBLIC_PAGES:
                        problems.append(f"{label}: marked @public but not listed in PUBLIC_PAGES")
                    public_api.add(r.name)
                    continue
                if access is None or access.kind != GUARDED:
                    problems.append(f"{label}: API operation without @guarded_by(policy)")
                if not operation.auth_callbacks:
                    problems.append(f"{label}: API operation without authentication")
            continue
        access = access_of(r.callback)
        if access is None:
            problems.append(f"{r.name} (/{r.route}): no @guarded_by(policy), @signed_in or @public")
        elif access.kind == PUBLIC and r.name not in PUBLIC_PAGES:
            problems.append(f"{r.name}: marked @public but not listed in PUBLIC_PAGES")
    assert not problems, "\n".join(problems)
    marked_public = {r.name for r in routes() if (a := access_of(r.callback)) and a.kind == PUBLIC}
    assert marked_public | public_api == PUBLIC_PAGES


def test_signed_in_only_pages_are_few():
    """@signed_in is for a user's own things; everything else names its policy."""
    signed_in = {r.name for r in routes() if (a := access_of(r.callback)) and a.kind == SIGNED_IN}
    assert signed_in == {
        "accounts:password_change",
        "accounts:profile",
        "api:openapi-json",
        "api:openapi-view",
    }


# --- requests -------------------------------------------------------------------------------


@pytest.fixture
def objects(world):  # noqa: F811
    """One real object behind every path parameter."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = services.report_start(
        actor=world["reporter"], period=world["period"], organization=world["health"]
    )
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    attachment = services.attachment_add(
        actor=world["reporter"], report=report, file=SimpleUploadedFile("a.pdf", pdf, "application/pdf")
    )
    difficulty = services.difficulty_raise(
        actor=world["reporter"], plan=world["plan"], organization=world["health"], text="Thiếu kinh phí"
    )
    alias = OrganizationAlias.objects.filter(organization=world["health"]).first() or (
        OrganizationAlias.objects.create(
            organization=world["health"], name="SYT", name_folded="syt", kind="short"
        )
    )
    membership = Membership.objects.filter(user=world["reporter"]).first()
    from khcn.experts import services as expert_services

    expert = expert_services.expert_create(actor=world["specialist"], full_name="Trần Văn Riêng")
    other = expert_services.expert_create(actor=world["specialist"], full_name="Lê Thị Khác")
    relative = expert_services.relative_add(
        actor=world["specialist"], expert=expert, relative=other, relation="spouse"
    )
    from khcn.councils import services as council_services

    council = council_services.council_create(
        actor=world["specialist"], name="Hội đồng kiểm tra", kind="advisory", organization=world["health"]
    )
    seat = council_services.member_add(
        actor=world["specialist"], council=council, full_name="Người A", role="member", user=world["reporter"]
    )
    council_item = council_services.item_add(actor=world["specialist"], council=council, title="Hồ sơ")
    from khcn.councils.models import Declaration

    declaration = Declaration.objects.create(member=seat, item=council_item, reasons=["làm việc cho đơn vị"])
    from khcn.research import services as research_services

    call = research_services.call_create(
        actor=world["specialist"],
        organization=world["health"],
        title="Đợt đề xuất 2027",
        year=2027,
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 12, 31),
    )
    proposal = research_services.proposal_create(actor=world["specialist"], call=call, title="Đề xuất")
    from khcn.research.models import Task

    task = Task.objects.create(
        code="2026-001", title="Nhiệm vụ", method="direct", regime="2025", ordered_on=dt.date(2026, 3, 1)
    )
    from khcn.research.models import Adjustment, Application, ApplicationFile, ProgressReport, TaskDocument

    application = Application.objects.create(
        task=task, applicant=world["specialist"], host_name="Viện A", investigator="TS. B"
    )
    application_file = ApplicationFile.objects.create(
        application=application, part="form", file="x.pdf", name="x.pdf"
    )
    progress = ProgressReport.objects.create(task=task, period="01/2026–06/2026", due_on=dt.date(2026, 7, 15))
    document = TaskDocument.objects.create(
        task=task, kind="contract", number="1/HĐ", signed_on=dt.date(2026, 3, 2)
    )
    adjustment = Adjustment.objects.create(
        task=task,
        kind="content",
        description="Đổi",
        reason="Vì",
        approver="dost",
        requested_by=world["specialist"],
        requested_on=dt.date(2026, 4, 1),
    )
    assert isinstance(attachment, ReportAttachment) and isinstance(difficulty, Difficulty)
    from khcn.notifications.services import notify

    (notification,) = notify(recipients=[world["reporter"]], subject="Thông báo", url="/")
    from khcn.library.models import Collection, Record, RecordFile

    collection = Collection.objects.create(code="thu-vien", name="Thư viện")
    library_record = Record.objects.create(
        collection=collection, kind="article", title="Bài báo", issued_year=2026, status="published"
    )
    library_file = RecordFile.objects.create(
        record=library_record, file="x.pdf", name="x.pdf", kind="pdf", size=1
    )
    from khcn.plans.models import PlanImport

    plan_import = PlanImport.objects.create(owner=world["specialist"], source_text="KẾ HOẠCH")
    return {
        "plan_import": plan_import,
        "collection": collection,
        "library_record": library_record,
        "library_file": library_file,
        "call": call,
        "proposal": proposal,
        "task": task,
        "application": application,
        "application_file": application_file,
        "progress": progress,
        "document": document,
        "adjustment": adjustment,
        "notification": notification,
        "council": council,
        "seat": seat,
        "council_item": council_item,
        "declaration": declaration,
        **world,
        "report": report,
        "attachment": attachment,
        "difficulty": difficulty,
        "alias": alias,
        "membership": membership,
        "expert": expert,
        "relative": relative,
    }


def _kwargs(name: str, o: dict[str, Any]) -> dict[str, Any]:
    """Path parameters of each URL, filled with real objects (a new URL with parameters must be
    added here)."""
    plan, report, org = o["plan"].pk, o["report"].pk, o["health"].pk
    table: dict[str, dict[str, Any]] = {
        "accounts:user_detail": {"pk": o["reporter"].pk},
        "accounts:user_edit": {"pk": o["reporter"].pk},
        "accounts:user_password_reset": {"pk": o["reporter"].pk},
        "accounts:membership_add": {"pk": o["reporter"].pk},
        "accounts:membership_end": {"pk": o["reporter"].pk, "membership_pk": o["membership"].pk},
        "organizations:export": {"fmt": "xlsx"},
        "organizations:detail": {"pk": org},
        "organizations:edit": {"pk": org},
        "organizations:rename": {"pk": org},
        "organizations:split": {"pk": org},
        "organizations:alias_add": {"pk": org},
        "organizations:alias_remove": {"pk": org, "alias_pk": o["alias"].pk},
        "plans:plan_import_progress": {"token": o["plan_import"].token},
        "plans:plan_import_review": {"token": o["plan_import"].token},
        "plans:plan_detail": {"pk": plan},
        "plans:plan_edit": {"pk": plan},
        "plans:item_edit": {"pk": plan, "item_pk": o["plan"].items.order_by("position").first().pk},
        "plans:period_create": {"pk": plan},
        "plans:plan_dashboard": {"pk": plan},
        "plans:annual_report": {"period_pk": o["period"].pk},
        "plans:annual_report_download": {"period_pk": o["period"].pk, "fmt": "docx"},
        "plans:plan_agencies": {"pk": plan},
        "plans:difficulty_list": {"pk": plan},
        "plans:difficulty_create": {"pk": plan},
        "plans:difficulty_detail": {"pk": o["difficulty"].pk},
        "plans:report_start": {"period_pk": o["period"].pk, "org_pk": org},
        "plans:report_detail": {"pk": report},
        "plans:attachment_add": {"pk": report},
        "plans:attachment_download": {"pk": report, "attachment_pk": o["attachment"].pk},
        "plans:attachment_remove": {"pk": report, "attachment_pk": o["attachment"].pk},
        "plans:report_transition": {"pk": report, "name": "submit"},
        "councils:council_detail": {"pk": o["council"].pk},
        "councils:council_step": {"pk": o["council"].pk, "name": "open"},
        "councils:council_manage": {"pk": o["council"].pk},
        "councils:council_decision": {"pk": o["council"].pk},
        "councils:decision_file": {"pk": o["council"].pk},
        "councils:council_schedule": {"pk": o["council"].pk},
        "councils:council_minutes": {"pk": o["council"].pk},
        "councils:sheet_scan": {"pk": o["council"].pk, "sheet_pk": 1},
        "councils:attendance": {"pk": o["council"].pk, "member_pk": o["seat"].pk},
        "councils:declaration_override": {"pk": o["council"].pk, "declaration_pk": o["declaration"].pk},
        "councils:sheet_fill": {
            "pk": o["council"].pk,
            "item_pk": o["council_item"].pk,
            "member_pk": o["seat"].pk,
        },
        "councils:council_document": {"pk": o["council"].pk, "name": "decision"},
        "councils:sheet_document": {"pk": o["council"].pk, "item_pk": o["council_item"].pk},
        "councils:filled_sheet_document": {
            "pk": o["council"].pk,
            "item_pk": o["council_item"].pk,
            "member_pk": o["seat"].pk,
        },
        "councils:declaration_document": {"pk": o["council"].pk, "declaration_pk": o["declaration"].pk},
        "notifications:notification_open": {"pk": o["notification"].pk},
        "research:call_edit": {"pk": o["call"].pk},
        "research:order_decision": {"call_pk": o["call"].pk},
        "research:order_decision_file": {"call_pk": o["call"].pk},
        "research:task_detail": {"pk": o["task"].pk},
        "research:task_step": {"pk": o["task"].pk, "name": "open_call"},
        "research:task_edit": {"pk": o["task"].pk},
        "research:task_file_add": {"pk": o["task"].pk},
        "research:task_file": {"pk": o["task"].pk, "file_pk": 1},
        "research:payment_add": {"pk": o["task"].pk},
        "research:document_add": {"pk": o["task"].pk},
        "research:document_file": {"pk": o["task"].pk, "doc_pk": o["document"].pk},
        "research:task_to_council": {"pk": o["task"].pk},
        "research:task_member_set": {"pk": o["task"].pk},
        "research:registration_confirm": {"pk": o["task"].pk},
        "research:adjustment_endorse": {"pk": o["adjustment"].pk},
        "research:adjustment_withdraw": {"pk": o["adjustment"].pk},
        "research:adjustment_request": {"pk": o["task"].pk},
        "research:registration_form": {"pk": o["task"].pk},
        "research:application_report_add": {"pk": o["task"].pk},
        "research:application_create": {"pk": o["task"].pk},
        "research:adjustment_decide": {"pk": o["adjustment"].pk},
        "research:report_detail": {"pk": o["progress"].pk},
        "research:report_step": {"pk": o["progress"].pk, "name": "submit"},
        "research:application_detail": {"pk": o["application"].pk},
        "research:application_edit": {"pk": o["application"].pk},
        "research:application_file_add": {"pk": o["application"].pk},
        "research:application_file": {"pk": o["application"].pk, "file_pk": o["application_file"].pk},
        "research:application_step": {"pk": o["application"].pk, "name": "submit"},
        "research:public_task": {"pk": o["task"].pk},
        "research:task_draft": {"pk": o["task"].pk, "kind": "approval"},
        "research:proposal_create": {"call_pk": o["call"].pk},
        "research:proposal_detail": {"pk": o["proposal"].pk},
        "research:proposal_edit": {"pk": o["proposal"].pk},
        "research:proposal_step": {"pk": o["proposal"].pk, "name": "submit"},
        "experts:detail": {"pk": o["expert"].pk},
        "experts:edit": {"pk": o["expert"].pk},
        "experts:affiliation_add": {"pk": o["expert"].pk},
        "experts:sanction_add": {"pk": o["expert"].pk},
        "experts:relative_add": {"pk": o["expert"].pk},
        "experts:relative_remove": {"pk": o["expert"].pk, "relative_pk": o["relative"].pk},
        "accounts:register_confirm": {"token": "not-a-token"},
        "library:record_detail": {"pk": o["library_record"].pk},
        "library:record_edit": {"pk": o["library_record"].pk},
        "library:file_add": {"pk": o["library_record"].pk},
        "library:file_download": {"pk": o["library_record"].pk, "file_pk": o["library_file"].pk},
        "library:record_step": {"pk": o["library_record"].pk, "name": "withdraw"},
        "library:citation": {"pk": o["library_record"].pk, "fmt": "bib"},
        "library:collection_harvest": {"pk": o["collection"].pk},
    }
    return table.get(name, {})


_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _url(r: Route, o: dict[str, Any]) -> str:
    kwargs = _kwargs(r.name, o)
    if r.name.startswith("api:") and "pk" not in kwargs:
        kwargs = {"pk": o["health"].pk}  # the API's own parameters: an agency

    def fill(match: re.Match[str]) -> str:
        name = match["name"]
        assert name in kwargs, f"{r.name}: say what to put in <{name}> (KWARGS in this test)"
        return str(kwargs[name])

    return "/" + _PARAM.sub(fill, r.route)


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_visitors_reach_only_public_pages(objects):
    anonymous = Client()
    problems = []
    for r in routes():
        url = _url(r, objects)
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            if r.name in PUBLIC_PAGES:
                assert response.status_code < 500, (method, url, response.status_code)
                continue
            if not (_is_login_redirect(response) or response.status_code in (401, 403, 404, 405)):
                problems.append(f"{method.upper()} {url} ({r.name}): {response.status_code}")
    assert not problems, "anonymous visitors reached:\n" + "\n".join(problems)
    # And nothing was written on their behalf.
    assert objects["report"].attachments.count() == 1
    assert OrganizationAlias.objects.filter(pk=objects["alias"].pk).exists()


def test_guarded_views_ask_the_policies_they_name(objects, monkeypatch):
    """A signed-in user with no role requests each guarded URL (GET, or POST where GET is not
    allowed): every policy the view names in @guarded_by must be asked, and the answer is a
    refusal or an empty page — never another agency's data nor a write."""
    nobody = User.objects.create_user(username="khong-vai-tro", password="Mat-khau-2026", full_name="Không")
    client = Client()
    client.force_login(nobody)
    asked: set[int] = set()

    def spy(policy: Any) -> None:
        for method in ("can", "visible"):
            original = getattr(policy, method)

            def recorded(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                asked.add(id(policy))
                return _original(*args, **kwargs)

            monkeypatch.setattr(policy, method, recorded)

    checked = 0
    problems = []
    for r in routes():
        views = (
            [(op.view_func, op.methods[0].lower()) for op in r.path_view.operations]
            if r.path_view is not None
            else [(r.callback, None)]
        )
        for view, method in views:
            access = access_of(view)
            if access is None or access.kind != GUARDED:
                continue
            for policy in access.policies:
                spy(policy)
            asked.clear()
            url = _url(r, objects)
            response = (
                getattr(client, method)(url, {"q": "Sở", "name": "Sở"})
                if method
                else client.get(url, {"q": "Sở"})
            )
            if response.status_code == 405:
                asked.clear()
                response = client.post(url)
            checked += 1
            missing = [type(p).__name__ for p in access.policies if id(p) not in asked]
            if missing:
                problems.append(
                    f"{r.name} ({url}): did not ask {', '.join(missing)} ({response.status_code})"
                )
            if response.status_code >= 500:
                problems.append(f"{r.name} ({url}): {response.status_code}")
    assert checked > 40
    assert not problems, "\n".join(problems)
    assert objects["report"].attachments.count() == 1
    assert objects["report"].status == type(objects["report"]).objects.get(pk=objects["report"].pk).status


# Pages a user who must change the password an administrator set may still reach.
OPEN_BEFORE_PASSWORD_CHANGE = {"accounts:password_change", "accounts:logout", "set_language"}


def test_a_password_set_by_an_administrator_closes_every_page_until_changed(objects):
    """Every URL (pages, htmx fragments, the API, GET and POST) sends the user to the password
    page or refuses, and writes nothing; the pages open again once the password is changed."""
    from khcn.accounts import services as account_services

    admin = objects["admin"]
    person = account_services.user_create(
        actor=admin, username="nguoi.moi", full_name="Người Mới", password="Mat-khau-2026"
    )
    account_services.membership_add(
        actor=admin, user=person, role="agency_reporter", organization=objects["health"]
    )
    assert person.must_change_password
    client = Client()
    client.force_login(person)
    change = reverse("accounts:password_change")
    problems = []
    for r in routes():
        if r.name in OPEN_BEFORE_PASSWORD_CHANGE or r.name in UNMARKED:
            continue
        url = _url(r, objects)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if r.name.startswith("api:"):
                ok = response.status_code == 403 and response.json()["code"] == "password_change_required"
            else:
                ok = response.status_code == 302 and response["Location"] == change
            if not ok:
                problems.append(f"{method.upper()} {url} ({r.name}): {response.status_code}")
            htmx = client.get(url, headers={"HX-Request": "true"})
            if not r.name.startswith("api:") and htmx.headers.get("HX-Redirect") != change:
                problems.append(f"htmx {url} ({r.name}): {htmx.status_code}")
    assert not problems, "reached before changing the password:\n" + "\n".join(problems)
    assert objects["report"].attachments.count() == 1
    page = client.get(change)
    assert page.status_code == 200 and 'data-testid="must-change-password"' in page.content.decode()
    response = client.post(
        change,
        {
            "old_password": "Mat-khau-2026",
            "new_password1": "Cua-rieng-2027",
            "new_password2": "Cua-rieng-2027",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("site:home")
    assert client.get(reverse("site:home")).status_code == 200
    assert client.get(reverse("plans:report_detail", args=[objects["report"].pk])).status_code == 200
