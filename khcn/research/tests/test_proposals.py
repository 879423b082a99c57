"""Calls and proposals: a proposer writes, corrects and submits within the call's window (an
incomplete proposal or a closed call refused with the reason); the DOST returns, accepts or
refuses it and hands the accepted ones to an identification council, whose vote comes back
through the councils' registry; an applicant never sees another's proposal."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.classifications.models import Term
from khcn.core.exceptions import DomainError, GuardFailed, PermissionDenied
from khcn.councils import services as councils
from khcn.councils.choices import CouncilKind
from khcn.councils.models import CouncilItem
from khcn.organizations.choices import OrganizationKind
from khcn.organizations.services import organization_create
from khcn.research import services
from khcn.research.choices import ProposalStatus
from khcn.research.models import Proposal
from khcn.research.workflow import PROPOSAL_WORKFLOW

pytestmark = pytest.mark.django_db

FULL = {
    "urgency": "Năng suất nuôi tôm thấp.",
    "objectives": "Xây dựng quy trình nuôi tôm càng xanh toàn đực.",
    "expected_results": "Quy trình được công nhận; mô hình 5 ha.",
}


@pytest.fixture
def world(make_user):
    call_command("rulesets_sync", stdout=io.StringIO())
    admin = make_user(Role.SYSADMIN)
    dost = organization_create(actor=admin, name="Sở Khoa học và Công nghệ", kind=OrganizationKind.DEPARTMENT)
    specialist = make_user(Role.DOST_SPECIALIST, organization=dost)
    today = timezone.localdate()
    call = services.call_create(
        actor=specialist,
        organization=dost,
        title="Đề xuất đặt hàng năm 2027",
        year=2027,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=5),
    )
    return {
        "specialist": specialist,
        "leader": make_user(Role.DOST_LEADER, organization=dost),
        "host_leader": make_user(Role.APPLICANT, email="hieutruong@vien2.example"),
        "dost": dost,
        "call": call,
        "applicant": make_user(Role.APPLICANT),
        "other": make_user(Role.APPLICANT),
        "fisheries": Term.objects.get(scheme__code="linh-vuc-khcn-2008", code="405"),
    }


def _draft(world, **values):
    data = {"title": "Nghiên cứu nuôi tôm càng xanh toàn đực", **FULL, **values}
    return services.proposal_create(
        actor=world["applicant"], call=world["call"], fields=[world["fisheries"]], **data
    )


def test_a_proposal_is_submitted_only_complete_and_within_the_window(world):
    incomplete = services.proposal_create(actor=world["applicant"], call=world["call"], title="Đề tài thiếu")
    with pytest.raises(GuardFailed) as refused:
        PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=incomplete)
    assert "objectives" in refused.value.message or "mục tiêu" in refused.value.message
    assert Proposal.objects.get(pk=incomplete.pk).status == ProposalStatus.DRAFT

    proposal = _draft(world)
    call = world["call"]
    services.call_edit(
        actor=world["specialist"],
        call=call,
        title=call.title,
        year=call.year,
        opens_on=call.opens_on - dt.timedelta(days=30),
        closes_on=timezone.localdate() - dt.timedelta(days=1),
    )
    proposal.refresh_from_db()
    with pytest.raises(GuardFailed):
        PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=proposal)
    services.call_edit(
        actor=world["specialist"],
        call=call,
        title=call.title,
        year=call.year,
        opens_on=call.opens_on - dt.timedelta(days=30),
        closes_on=timezone.localdate(),
    )
    proposal.refresh_from_db()
    PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.submitted_at is not None
    # Submitted: not editable until returned; the same step twice is refused.
    with pytest.raises(DomainError):
        services.proposal_edit(actor=world["applicant"], proposal=proposal, title="Sửa")
    with pytest.raises(DomainError):
        PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=proposal)


def test_the_dost_returns_screens_and_the_council_decides(world, make_user):
    proposal = _draft(world)
    PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=proposal)
    # The proposer may not review their own proposal.
    with pytest.raises(PermissionDenied):
        PROPOSAL_WORKFLOW.apply("screen", actor=world["applicant"], obj=proposal)
    with pytest.raises(DomainError):  # a return needs a reason
        PROPOSAL_WORKFLOW.apply("return", actor=world["specialist"], obj=proposal)
    PROPOSAL_WORKFLOW.apply("return", actor=world["specialist"], obj=proposal, note="Bổ sung sản phẩm.")
    services.proposal_edit(
        actor=world["applicant"], proposal=proposal, expected_results="Quy trình; mô hình 10 ha."
    )
    PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=proposal)
    PROPOSAL_WORKFLOW.apply("screen", actor=world["specialist"], obj=proposal)

    council = councils.council_create(
        actor=world["specialist"],
        name="Hội đồng xác định nhiệm vụ 2027",
        kind=CouncilKind.IDENTIFICATION,
        organization=world["dost"],
    )
    selection = councils.council_create(
        actor=world["specialist"],
        name="Hội đồng tuyển chọn",
        kind=CouncilKind.SELECTION,
        organization=world["dost"],
        rubric="applied_rnd",
    )
    with pytest.raises(DomainError):
        services.proposals_to_council(actor=world["specialist"], council=selection, proposals=[proposal])
    assert (
        services.proposals_to_council(actor=world["specialist"], council=council, proposals=[proposal]) == 1
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_COUNCIL
    item = CouncilItem.objects.get(council=council)
    assert item.subject == "research.proposal" and item.subject_id == str(proposal.pk)
    assert proposal.title in item.title
    # The proposer is a party: a member who is them is blocked at the declaration.
    assert item.parties["people"] == [world["applicant"].full_name]
    # Handing it twice is refused.
    with pytest.raises(DomainError):
        services.proposals_to_council(actor=world["specialist"], council=council, proposals=[proposal])

    # The council's vote comes back through the registry.
    from khcn.councils.registry import subject

    subject("research.proposal").on_outcome(str(proposal.pk), {"passed": True, "reasons": ["7/9"]})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ORDERED
    assert AuditEvent.objects.filter(action="research.proposal.voted", object_id=str(proposal.pk)).exists()


def test_an_applicant_never_sees_anothers_proposal(world):
    proposal = _draft(world)
    mine = Client()
    mine.force_login(world["applicant"])
    theirs = Client()
    theirs.force_login(world["other"])
    url = reverse("research:proposal_detail", args=[proposal.pk])
    assert mine.get(url).status_code == 200
    assert theirs.get(url).status_code == 404
    assert theirs.get(reverse("research:proposal_edit", args=[proposal.pk])).status_code == 404
    theirs.post(reverse("research:proposal_step", args=[proposal.pk, "withdraw"]))
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT
    listing = theirs.get(reverse("research:proposal_list")).content.decode()
    assert proposal.title not in listing
    export = theirs.get(reverse("research:proposal_export"))
    assert export.status_code == 200 and proposal.title.encode() not in export.content


def test_a_proposer_writes_and_submits_through_the_pages(world):
    c = Client()
    c.force_login(world["applicant"])
    home = c.get("/").content.decode()
    assert 'data-testid="home-proposals"' in home and world["call"].title in home
    create = reverse("research:proposal_create", args=[world["call"].pk])
    response = c.post(create, {"title": "", "budget": "-5"})
    assert response.status_code == 200 and not Proposal.objects.exists()
    response = c.post(
        create,
        {
            "title": "Nghiên cứu nuôi tôm càng xanh",
            "terms": [world["fisheries"].pk],
            "budget": "900000000",
            **FULL,
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.budget == 900_000_000
    response = c.post(reverse("research:proposal_step", args=[proposal.pk, "submit"]), follow=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    # The DOST sees it waiting on the home page, with the duplication check on its page.
    dost = Client()
    dost.force_login(world["specialist"])
    assert 'data-testid="home-research"' in dost.get("/").content.decode()
    page = dost.get(reverse("research:proposal_detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="proposal-similar"' in page


def test_the_duplication_check_shows_the_similar_proposal_of_an_earlier_call(world):
    earlier = _draft(world, title="Nghiên cứu quy trình nuôi tôm càng xanh toàn đực trong ao đất")
    PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=earlier)
    unrelated = _draft(world, title="Đánh giá thực trạng sốt xuất huyết tại Cà Mau")
    PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=unrelated)
    new = services.proposal_create(
        actor=world["other"],
        call=world["call"],
        fields=[world["fisheries"]],
        title="Nuoi tom cang xanh toan duc trong ao dat",  # typed without diacritics
        **FULL,
    )
    from khcn.research.selectors import similar_proposals

    dost = Client()
    dost.force_login(world["specialist"])
    # A draft is the proposer's own business: not even the DOST opens it.
    assert dost.get(reverse("research:proposal_detail", args=[new.pk])).status_code == 404
    PROPOSAL_WORKFLOW.apply("submit", actor=world["other"], obj=new)
    found = similar_proposals(new)
    assert [p.pk for p, _score, _terms in found] == [earlier.pk]
    assert found[0][1] > 0.5
    page = dost.get(reverse("research:proposal_detail", args=[new.pk])).content.decode()
    assert earlier.title in page and unrelated.title not in page
