"""Shared test data for the plans app: a small parse (the shape ``plan_parse`` prints) and helpers."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.plans import services
from khcn.plans.choices import PeriodKind
from khcn.plans.models import ReportingPeriod
from khcn.site.services import ruleset_publish

SECTIONS: list[dict[str, Any]] = [
    {
        "label": "II",
        "heading": "NỘI DUNG",
        "children": [
            {"label": "1", "heading": "Tuyên truyền", "children": []},
            {
                "label": "3",
                "heading": "Cơ cấu lại nhiệm vụ",
                "children": [{"label": "c", "heading": "Y tế", "children": []}],
            },
        ],
    },
    {
        "label": "IV",
        "heading": "TỔ CHỨC THỰC HIỆN",
        "children": [
            {"label": "1", "heading": "Sở Khoa học và Công nghệ", "children": []},
            {"label": "9", "heading": "Sở Nội vụ", "children": []},
            {"label": "9", "heading": "Sở Y tế", "children": []},
        ],
    },
]


def sample_parse(*, assignments: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """A small parse (the shape ``plan_parse`` prints): sections II (1, 3.c) and IV (1, 9, the
    second 9), the given assignments, and any top-level field overridden."""
    return {
        "doc_type": "Kế hoạch",
        "title": "KẾ HOẠCH THỬ NGHIỆM",
        "issuer": "Ủy ban nhân dân tỉnh Cà Mau",
        "number": "12/KH-UBND",
        "date": "2024-02-05",
        "implements": ["50-KL/TW"],
        "sections": copy.deepcopy(SECTIONS),
        "assignments": assignments,
        "warnings": [],
        **fields,
    }


PARSE = sample_parse(
    assignments=[
        {"section": "IV.1", "agency": "Sở Khoa học và Công nghệ", "role": "lead", "deadline": "hằng năm"},
        {"section": "IV.9", "agency": "Sở Nội vụ", "role": "lead"},
        {"section": "II.1", "agency": "Sở Y tế", "role": "coordinate"},
        {"section": "IV.9 (second)", "agency": "Sở Y tế", "role": "lead", "deadline": "hằng năm"},
    ]
)


def agencies_and_rules(make_user: Any, *more: str) -> dict[str, Any]:
    """The province committee, DOST, Sở Y tế, Sở Nội vụ (and ``more`` departments, keyed by
    name), the annual reporting rule set, a system administrator and a DOST specialist."""
    admin = make_user(Role.SYSADMIN)
    create = org_services.organization_create
    world: dict[str, Any] = {
        "admin": admin,
        "ubnd": create(actor=admin, name="Ủy ban nhân dân tỉnh Cà Mau", kind=K.PROVINCIAL_COMMITTEE),
        "dost": create(actor=admin, name="Sở Khoa học và Công nghệ", kind=K.DEPARTMENT),
        "health": create(actor=admin, name="Sở Y tế", kind=K.DEPARTMENT),
        "home_affairs": create(actor=admin, name="Sở Nội vụ", kind=K.DEPARTMENT),
    }
    for name in more:
        world[name] = create(actor=admin, name=name, kind=K.DEPARTMENT)
    ruleset_publish(
        actor=admin,
        code="plans.reporting",
        title="Kỳ báo cáo",
        effective_from=dt.date(2019, 1, 1),
        parameters={"annual": {"start": "15/12", "end": "14/12", "submit_within_days": 5}},
    )
    world["specialist"] = make_user(Role.DOST_SPECIALIST, organization=world["dost"])
    return world


def client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def period_open(actor: Any, plan: Any, *, days_to_due: int = 40, name: str = "") -> ReportingPeriod:
    today = timezone.localdate()
    return services.period_create(
        actor=actor,
        plan=plan,
        kind=PeriodKind.AD_HOC,
        year=today.year,
        start=today - dt.timedelta(days=60),
        end=today + dt.timedelta(days=days_to_due - 10),
        due_on=today + dt.timedelta(days=days_to_due),
        name=name,
    )


def submit(report: Any, leader: Any) -> Any:
    """Submit, as the agency's leader, a report a test started: with a summary if it says
    nothing at all (an empty report is refused), its items left "not started" confirmed."""
    report.refresh_from_db()
    if not report.summary and all(line.is_blank for line in report.lines.all()):
        report = services.report_save(
            actor=leader, report=report, version=report.version, summary="Báo cáo của đơn vị.", lines={}
        )
    return services.report_submit(actor=leader, report=report, confirmed=True)
