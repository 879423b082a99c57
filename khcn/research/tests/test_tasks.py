"""The ordering list and the register: the DOST records the decision approving a call's ordering
list and a task opens for each proposal the identification council put on it, under the regime
in force on the decision's date; the register and its API show each reader what the policy lets
them see (anonymous callers: the public list, without budgets)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.core.exceptions import DomainError, PermissionDenied
from khcn.research import services
from khcn.research.choices import ProposalStatus, Regime
from khcn.research.models import Proposal, Task
from khcn.research.tests.test_proposals import _draft, world  # noqa: F401  (fixture)
from khcn.research.workflow import PROPOSAL_WORKFLOW

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _ordered(world, n: int = 2) -> list[Proposal]:  # noqa: F811
    out = []
    for i in range(n):
        proposal = _draft(world, title=f"Nhiệm vụ số {i + 1} về nuôi tôm")
        PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=proposal)
        PROPOSAL_WORKFLOW.apply("screen", actor=world["specialist"], obj=proposal)
        Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.IN_COUNCIL)
        services.council_voted(str(proposal.pk), {"passed": True, "reasons": []})
        proposal.refresh_from_db()
        out.append(proposal)
    return out


def test_the_ordering_list_opens_a_task_per_proposal_under_the_regime_of_its_date(world):  # noqa: F811
    first, second = _ordered(world)
    methods = {first.pk: "direct", second.pk: "selection"}
    with pytest.raises(PermissionDenied):
        services.order_list_approve(
            actor=world["applicant"],
            call=world["call"],
            number="1/QĐ-UBND",
            decided_on=dt.date(2025, 3, 1),
            methods=methods,
        )
    with pytest.raises(DomainError) as missing:
        services.order_list_approve(
            actor=world["specialist"],
            call=world["call"],
            number="1/QĐ-UBND",
            decided_on=dt.date(2025, 3, 1),
            methods={first.pk: "direct"},
        )
    assert second.title in missing.value.message and not Task.objects.exists()
    with pytest.raises(DomainError):  # not a PDF: nothing written
        services.order_list_approve(
            actor=world["specialist"],
            call=world["call"],
            number="1/QĐ-UBND",
            decided_on=dt.date(2025, 3, 1),
            methods=methods,
            file=SimpleUploadedFile("qd.pdf", b"<html>"),
        )
    assert not Task.objects.exists()
    services.order_list_approve(
        actor=world["specialist"],
        call=world["call"],
        number="1/QĐ-UBND",
        decided_on=dt.date(2025, 9, 30),
        methods=methods,
        types={first.pk: "pilot"},
        file=SimpleUploadedFile("qd.pdf", PDF),
    )
    tasks = list(Task.objects.order_by("code"))
    assert [t.code for t in tasks] == ["2025-001", "2025-002"]
    assert {t.regime for t in tasks} == {Regime.PRE_2025}  # 30/9/2025: the day before Law 93/2025
    assert tasks[0].method == "direct" and tasks[0].type == "pilot" and tasks[1].type == "topic"
    assert list(tasks[0].fields.values_list("code", flat=True)) == ["405"]
    with pytest.raises(DomainError):  # twice
        services.order_list_approve(
            actor=world["specialist"],
            call=world["call"],
            number="2/QĐ-UBND",
            decided_on=dt.date(2025, 10, 1),
            methods=methods,
        )


def test_a_task_ordered_from_1_october_2025_follows_the_new_law(world):  # noqa: F811
    (proposal,) = _ordered(world, 1)
    services.order_list_approve(
        actor=world["specialist"],
        call=world["call"],
        number="5/QĐ-UBND",
        decided_on=dt.date(2025, 10, 1),
        methods={proposal.pk: "selection"},
    )
    assert Task.objects.get().regime == Regime.LAW_2025


def test_the_register_and_its_api_show_each_reader_their_part(world):  # noqa: F811
    first, second = _ordered(world)
    services.order_list_approve(
        actor=world["specialist"],
        call=world["call"],
        number="1/QĐ-UBND",
        decided_on=dt.date(2026, 3, 1),
        methods={first.pk: "direct", second.pk: "selection"},
    )
    Task.objects.filter(proposal=first).update(budget_state=900_000_000)
    Task.objects.filter(proposal=second).update(published=False)
    url = "/api/v1/tasks"
    anonymous = Client().get(url)
    assert anonymous.status_code == 200
    items = anonymous.json()["items"]
    assert [i["title"] for i in items] == [first.title]
    assert items[0]["regime"] == "2025" and items[0]["state"] == "on_order_list"
    assert items[0]["field_codes"] == ["405"] and items[0]["budget_state"] is None
    dost = Client()
    dost.force_login(world["specialist"])
    everything = dost.get(url).json()
    assert everything["count"] == 2
    assert {i["budget_state"] for i in everything["items"]} == {900_000_000, None}
    assert dost.get(url, {"regime": "pre_2025"}).json()["count"] == 0
    assert dost.get(url, {"field": "405", "year": 2026}).json()["count"] == 2
    # The pages: the DOST sees both, an applicant only the public one.
    page = dost.get(reverse("research:task_list")).content.decode()
    assert first.title in page and second.title in page
    applicant = Client()
    applicant.force_login(world["applicant"])
    page = applicant.get(reverse("research:task_list")).content.decode()
    assert first.title in page and second.title not in page
    hidden = Task.objects.get(proposal=second)
    assert applicant.get(reverse("research:task_detail", args=[hidden.pk])).status_code == 404
    export = applicant.get(reverse("research:task_export"))
    assert export.status_code == 200 and second.title.encode() not in export.content


def test_the_dost_approves_the_ordering_list_through_its_page(world, make_user):  # noqa: F811
    first, second = _ordered(world)
    c = Client()
    c.force_login(world["specialist"])
    url = reverse("research:order_decision", args=[world["call"].pk])
    page = c.get(url).content.decode()
    assert first.title in page and second.title in page
    assert 'value="ppc"' in page and 'value="dost"' not in page  # the Department's is its leader's
    data = {
        "number": "7/QĐ-UBND",
        "decided_on": "15/01/2027",
        "issuer": "ppc",
        f"method_{first.pk}": "direct",
    }
    assert c.post(url, data).status_code == 200 and not Task.objects.exists()  # a method missing
    data |= {f"method_{second.pk}": "selection", f"type_{first.pk}": "topic", f"type_{second.pk}": "scheme"}
    response = c.post(url, data)
    assert response.status_code == 302 and Task.objects.count() == 2
    other = Client()
    other.force_login(make_user(Role.AGENCY_REPORTER))
    assert other.get(url).status_code in (403, 404)


def test_new_codes_skip_those_imported_tasks_hold(world):  # noqa: F811
    first, second = _ordered(world)
    Task.objects.create(
        code="2025-001", title="Đã nhập", method="direct", regime="pre_2025", ordered_on=dt.date(2019, 1, 1)
    )
    Task.objects.create(
        code="2025-003", title="Đã nhập", method="direct", regime="pre_2025", ordered_on=dt.date(2019, 1, 1)
    )
    services.order_list_approve(
        actor=world["specialist"],
        call=world["call"],
        number="9/QĐ-UBND",
        decided_on=dt.date(2025, 4, 1),
        methods={first.pk: "direct", second.pk: "direct"},
    )
    assert sorted(Task.objects.filter(order_list__isnull=False).values_list("code", flat=True)) == [
        "2025-002",
        "2025-004",
    ]
