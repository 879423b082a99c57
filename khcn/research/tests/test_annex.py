"""The plan's annual report lists the S&T tasks implementing each of its priority fields
(``khcn.plans.annexes``, registered by this module): on the page's draft and in the DOCX."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from khcn.plans import annexes
from khcn.plans.exports import annual_report_draft_docx
from khcn.plans.selectors.annual_report import assemble
from khcn.research.tests.test_lifecycle import _task
from khcn.research.tests.test_proposals import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_the_annual_report_lists_the_tasks_of_each_priority_field(world):  # noqa: F811
    from khcn.plans.models import Plan, PlanItem, ReportingPeriod

    assert annexes.registered("research.tasks")
    plan = Plan.objects.create(title="Kế hoạch KH&CN", number="50/KH-UBND")
    farming = PlanItem.objects.create(
        plan=plan, path="II.3.a", heading="Nông nghiệp công nghệ cao", position=1
    )
    sea = PlanItem.objects.create(plan=plan, path="II.3.b", heading="Kinh tế biển", position=2)
    period = ReportingPeriod.objects.create(
        plan=plan,
        name="Năm 2026",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 12, 15),
    )
    shrimp = _task(ordered_on=dt.date(2024, 2, 1), code="2024-001")
    shrimp.plan_items.set([farming, sea])
    later = _task(ordered_on=dt.date(2027, 2, 1), code="2027-001")  # after the period: not listed
    later.plan_items.set([sea])
    _task(ordered_on=dt.date(2024, 3, 1), code="2024-002")  # implements no plan item

    draft = assemble(period)
    (table,) = draft.tables
    assert [row[1][:6] for row in table.rows] == ["II.3.a", "II.3.b"]
    assert all("2024-001" in row[2] for row in table.rows)
    text = "\n".join(
        cell.text
        for t in Document(io.BytesIO(annual_report_draft_docx(draft, signer_name="Nguyễn Văn A"))).tables
        for row in t.rows
        for cell in row.cells
    )
    assert "2024-001" in text and "Kinh tế biển" in text and "2027-001" not in text and "2024-002" not in text
