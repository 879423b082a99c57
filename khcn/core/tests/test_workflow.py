"""The workflow engine, exercised on the test-only ``workflowapp.Document`` (no domain app)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError, GuardFailed, TransitionNotAllowed
from khcn.core.permissions import Policy
from khcn.core.tests.workflowapp.models import Document
from khcn.core.workflow import Transition, Workflow

pytestmark = pytest.mark.django_db
notified: list[tuple[int, str]] = []


class DocumentPolicy(Policy):
    """The owner submits; staff review."""

    actions = ("submit", "accept", "return")

    def check(self, user, action, obj):
        if action == "submit":
            return obj is not None and obj.owner_id == user.pk
        return user.is_staff


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
            confirm=_("Submit the document?"),
            success=_("Submitted."),
            # A field set with the status: the title is stamped, and audited with it.
            sets=lambda doc, actor: {"title": doc.title.strip() + " (nộp)"},
            warning=lambda doc: "late" if "muộn" in doc.title else None,
            on_commit=(lambda pk, t: notified.append((pk, t.name)),),
        ),
        Transition(
            "accept",
            ("submitted",),
            "accepted",
            "accept",
            _("Accept"),
            effects=(lambda doc, actor: effects.append(doc.status),),
        ),
        Transition("return", ("submitted",), "returned", "return", _("Return"), note_required=True),
    ],
)
effects: list[str] = []


@pytest.fixture
def setup():
    users = get_user_model().objects
    owner = users.create_user(username="owner", password="x", full_name="Chủ")
    other = users.create_user(username="other", password="x", full_name="Khác")
    reviewer = users.create_user(username="reviewer", password="x", full_name="Duyệt", is_staff=True)
    doc = Document.objects.create(title="Báo cáo năm 2025", owner=owner)
    return owner, other, reviewer, doc


def test_available_depends_on_status_policy_and_guard(setup):
    owner, other, reviewer, doc = setup
    assert [t.name for t in WORKFLOW.available(owner, doc)] == ["submit"]
    assert WORKFLOW.available(other, doc) == []
    assert WORKFLOW.available(reviewer, doc) == []
    doc.title = " "
    assert WORKFLOW.available(owner, doc) == []


def test_apply_sets_status_fields_timestamp_audit_and_on_commit(setup, django_capture_on_commit_callbacks):
    owner, _other, reviewer, doc = setup
    notified.clear()
    with django_capture_on_commit_callbacks(execute=True):
        updated = WORKFLOW.apply("submit", actor=owner, obj=doc)
    assert updated.status == "submitted" and updated.submitted_at is not None
    assert Document.objects.get(pk=doc.pk).title == "Báo cáo năm 2025 (nộp)"
    event = AuditEvent.objects.get(action="workflowapp.document.submit")
    assert event.actor == owner
    assert event.changes == {
        "status": ["draft", "submitted"],
        "title": ["Báo cáo năm 2025", "Báo cáo năm 2025 (nộp)"],
    }
    assert notified == [(doc.pk, "submit")]
    assert [t.name for t in WORKFLOW.available(reviewer, updated)] == ["accept", "return"]


def test_the_transition_carries_what_pages_say():
    submit = WORKFLOW.get("submit")
    assert str(submit.confirm) == "Submit the document?" and str(submit.success) == "Submitted."
    assert submit.warning is not None and submit.warning(Document(title="nộp muộn")) == "late"
    assert WORKFLOW.get("accept").confirm == ""
    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.get("publish")


def test_wrong_status_denied_policy_guard_and_note(setup):
    owner, other, reviewer, doc = setup
    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.apply("accept", actor=reviewer, obj=doc)
    with pytest.raises(PermissionDenied):
        WORKFLOW.apply("submit", actor=other, obj=doc)
    Document.objects.filter(pk=doc.pk).update(title="")
    with pytest.raises(GuardFailed):
        WORKFLOW.apply("submit", actor=owner, obj=doc)
    Document.objects.filter(pk=doc.pk).update(title="Báo cáo", status="submitted")
    with pytest.raises(DomainError):
        WORKFLOW.apply("return", actor=reviewer, obj=doc, note="  ")
    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.apply("nonexistent", actor=reviewer, obj=doc)
    doc.refresh_from_db()
    assert doc.status == "submitted" and doc.title == "Báo cáo"
    assert not AuditEvent.objects.filter(action__startswith="workflowapp.").exists()


def test_return_with_note_then_resubmit(setup):
    owner, _other, reviewer, doc = setup
    WORKFLOW.apply("submit", actor=owner, obj=doc)
    WORKFLOW.apply("return", actor=reviewer, obj=doc, note="Bổ sung số liệu")
    doc.refresh_from_db()
    assert doc.status == "returned"
    assert AuditEvent.objects.get(action="workflowapp.document.return").note == "Bổ sung số liệu"
    WORKFLOW.apply("submit", actor=owner, obj=doc)
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


def test_effects_run_in_the_transaction_and_a_failing_one_undoes_the_transition(setup):
    owner, _other, reviewer, doc = setup
    WORKFLOW.apply("submit", actor=owner, obj=doc)
    effects.clear()
    WORKFLOW.apply("accept", actor=reviewer, obj=doc)
    assert effects == ["accepted"]  # it sees the new status

    def fail(doc, actor):
        raise DomainError("effect failed")

    broken = Workflow(
        model=Document,
        policy=DocumentPolicy(),
        audit_prefix="workflowapp.broken",
        transitions=[Transition("submit", ("draft",), "submitted", "submit", "Submit", effects=(fail,))],
    )
    other = Document.objects.create(title="Khác", owner=owner)
    with pytest.raises(DomainError):
        broken.apply("submit", actor=owner, obj=other)
    other.refresh_from_db()
    assert (
        other.status == "draft" and not AuditEvent.objects.filter(action="workflowapp.broken.submit").exists()
    )
