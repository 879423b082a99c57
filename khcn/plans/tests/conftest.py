"""``world``: agencies, a published reporting rule set, a DOST specialist, an imported plan with
an open period, and a reporter and leader for each of two agencies."""

from __future__ import annotations

import datetime as dt

import pytest

from khcn.accounts.roles import Role
from khcn.core.services import ruleset_publish
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.plans import services
from khcn.plans.tests.helpers import PARSE, period_open


@pytest.fixture
def world(make_user):
    admin = make_user(Role.SYSADMIN)
    org_services.organization_create(
        actor=admin, name="Ủy ban nhân dân tỉnh Cà Mau", kind=K.PROVINCIAL_COMMITTEE
    )
    dost = org_services.organization_create(actor=admin, name="Sở Khoa học và Công nghệ", kind=K.DEPARTMENT)
    health = org_services.organization_create(actor=admin, name="Sở Y tế", kind=K.DEPARTMENT)
    home_affairs = org_services.organization_create(actor=admin, name="Sở Nội vụ", kind=K.DEPARTMENT)
    ruleset_publish(
        actor=admin,
        code="plans.reporting",
        title="Kỳ báo cáo",
        effective_from=dt.date(2019, 1, 1),
        parameters={"annual": {"start": "15/12", "end": "14/12", "submit_within_days": 5}},
    )
    specialist = make_user(Role.DOST_SPECIALIST, organization=dost)
    plan = services.plan_import(actor=specialist, data=PARSE, source_text="…")
    period = period_open(specialist, plan, name="Đợt kiểm tra")
    return {
        "admin": admin,
        "dost": dost,
        "health": health,
        "home_affairs": home_affairs,
        "specialist": specialist,
        "reporter": make_user(Role.AGENCY_REPORTER, organization=health),
        "leader": make_user(Role.AGENCY_LEADER, organization=health),
        "reporter_b": make_user(Role.AGENCY_REPORTER, organization=home_affairs),
        "leader_b": make_user(Role.AGENCY_LEADER, organization=home_affairs),
        "plan": plan,
        "period": period,
    }
