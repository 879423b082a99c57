"""Demo council: the 2026 provincial council that identifies S&T tasks, with a member and its
secretary. Demo mode only."""

from __future__ import annotations

import datetime as dt

from khcn.accounts.choices import Role
from khcn.accounts.demo import demo_person
from khcn.core.plugins import DemoContext
from khcn.councils.models import Council
from khcn.organizations.models import Organization


def load(context: DemoContext) -> None:
    council = Council.objects.create(
        name="Hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2026",
        organization=Organization.objects.get(name="Sở Khoa học và Công nghệ", valid_to__isnull=True),
        established_on=dt.date(2026, 3, 2),
        decision_number="45/QĐ-SKHCN",
    )
    demo_person(
        context,
        username="hoidong",
        full_name="Võ Minh Quang",
        role=Role.COUNCIL_MEMBER,
        job_title="Thành viên hội đồng",
        council=council,
    )
    demo_person(
        context,
        username="thuky",
        full_name="Đặng Thị Lan",
        role=Role.COUNCIL_SECRETARY,
        job_title="Thư ký khoa học",
        council=council,
    )
