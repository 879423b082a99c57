"""The workflow engine, exercised on the test-only ``workflowapp.Document``."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from khcn.accounts.roles import Role, organization_ids_of
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError, GuardFailed, TransitionNotAllowed
from khcn.core.permissions import Policy
from khcn.core.tests.workflowapp.models import Document
from khcn.core.workflow import Transition, Workflow

pytestmark = pytest.mark.django_db
notified: list[tuple[int, str]] = []


class DocumentPolicy(Policy):
    actions = ("submit", "accept", "return")

    def check(self, user, action, obj):
        if action == "submit":
            return obj is not None and obj.organization_id in organization_ids_of(user, Role.AGENCY_LEADER)
        return self.is_dost(user)


def title_required(doc, actor):
    return None if doc.title.strip() else "Title required"


WORKFLOW = Workflow(
    model=Document,
    policy=DocumentPolicy(),
    audit_prefix="workflowapp.document",
    transitions=[
        Transition(
            "submit",
            ("draft", "returned"),
            "submitted",
            "submit",
            _("Submit"),
            guard=title_required,
            on_commit=(lambda pk, t: notified.append((pk, t.name)),),
        ),
        Transition("accept", ("submitted",), "accepted", "accept", _("Accept")),
        Transition("return", ("submitted",), "returned", "return", _("Return"), note_required=True),
    ],
)


@pytest.fixture
def setup(make_user):
    from khcn.organizations.tests.factories import OrganizationFactory

    org = OrganizationFactory()
    leader = make_user(Role.AGENCY_LEADER, organization=org)
    reporter = make_user(Role.AGENCY_REPORTER, organization=org)
    dost = make_user(Role.DOST_SPECIALIST)
    doc = Document.objects.create(title="Báo cáo năm 2025", organization=org)
    return org, leader, reporter, dost, doc


def test_available_depends_on_status_policy_and_guard(setup):
    _org, leader, reporter, dost, doc = setup
    assert [t.name for t in WORKFLOW.available(leader, doc)] == ["submit"]
    assert WORKFLOW.available(reporter, doc) == []
    assert WORKFLOW.available(dost, doc) == []
    doc.title = " "
    assert WORKFLOW.available(leader, doc) == []


def test_apply_sets_status_timestamp_audit_and_on_commit(setup, django_capture_on_commit_callbacks):
    _org, leader, _reporter, dost, doc = setup
    notified.clear()
    with django_capture_on_commit_callbacks(execute=True):
        updated = WORKFLOW.apply("submit", actor=leader, obj=doc)
    assert updated.status == "submitted" and updated.submitted_at is not None
    event = AuditEvent.objects.get(action="workflowapp.document.submit")
    assert event.actor == leader and event.changes == {"status": ["draft", "submitted"]}
    assert notified == [(doc.pk, "submit")]
    assert [t.name for t in WORKFLOW.available(dost, updated)] == ["accept", "return"]


def test_wrong_status_denied_policy_guard_and_note(setup):
    _org, leader, reporter, dost, doc = setup
    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.apply("accept", actor=dost, obj=doc)
    with pytest.raises(PermissionDenied):
        WORKFLOW.apply("submit", actor=reporter, obj=doc)
    Document.objects.filter(pk=doc.pk).update(title="")
    with pytest.raises(GuardFailed):
        WORKFLOW.apply("submit", actor=leader, obj=doc)
    Document.objects.filter(pk=doc.pk).update(title="Báo cáo", status="submitted")
    with pytest.raises(DomainError):
        WORKFLOW.apply("return", actor=dost, obj=doc, note="  ")
    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.apply("nonexistent", actor=dost, obj=doc)
    doc.refresh_from_db()
    assert doc.status == "submitted"
    assert not AuditEvent.objects.filter(action__startswith="workflowapp.").exists()


def test_return_with_note_then_resubmit(setup):
    _org, leader, _reporter, dost, doc = setup
    WORKFLOW.apply("submit", actor=leader, obj=doc)
    WORKFLOW.apply("return", actor=dost, obj=doc, note="Bổ sung số liệu")
    doc.refresh_from_db()
    assert doc.status == "returned"
    assert AuditEvent.objects.get(action="workflowapp.document.return").note == "Bổ sung số liệu"
    WORKFLOW.apply("submit", actor=leader, obj=doc)
    doc.refresh_from_db()
    assert doc.status == "submitted"


def test_duplicate_transition_names_rejected():
    with pytest.raises(ValueError):
        Workflow(
            model=Document,
            policy=DocumentPolicy(),
            audit_prefix="x",
            transitions=[
                Transition("a", ("x",), "y", "submit", "A"),
                Transition("a", ("y",), "z", "submit", "A"),
            ],
        )
