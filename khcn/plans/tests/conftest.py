"""``world``: agencies, a published reporting rule set, a DOST specialist, an imported plan with
an open period, and a reporter and leader for each of two agencies."""

from __future__ import annotations

import pytest

from khcn.accounts.choices import Role
from khcn.plans import services
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, agencies_and_rules, period_open


@pytest.fixture
def world(make_user):
    world = agencies_and_rules(make_user)
    plan = services.plan_import(
        actor=world["specialist"], draft=ImportDraft.from_parse(PARSE), source_text="…"
    )
    period = period_open(world["specialist"], plan, name="Đợt kiểm tra")
    health, home_affairs = world["health"], world["home_affairs"]
    return {
        **world,
        "reporter": make_user(Role.AGENCY_REPORTER, organization=health),
        "leader": make_user(Role.AGENCY_LEADER, organization=health),
        "reporter_b": make_user(Role.AGENCY_REPORTER, organization=home_affairs),
        "leader_b": make_user(Role.AGENCY_LEADER, organization=home_affairs),
        "plan": plan,
        "period": period,
    }
