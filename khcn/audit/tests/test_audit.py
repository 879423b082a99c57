import pytest
from django.db import transaction

from khcn.audit.models import AppendOnlyError, AuditEvent
from khcn.audit.selectors import history_for
from khcn.audit.services import record
from khcn.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_events_are_append_only():
    org = OrganizationFactory()
    with transaction.atomic():
        event = record(actor=None, action="created", target=org, changes={"kind": [None, "department"]})
    event.note = "sửa"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(note="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.django_db(transaction=True)
def test_record_requires_transaction_and_registered_action():
    org = OrganizationFactory()
    with pytest.raises(RuntimeError):
        record(actor=None, action="created", target=org)
    with transaction.atomic(), pytest.raises(ValueError):
        record(actor=None, action="not.registered", target=org)


def test_history_shows_choice_labels_in_vietnamese():
    org = OrganizationFactory()
    with transaction.atomic():
        record(actor=None, action="created", target=org, changes={"kind": ["department", "security"]})
    [row] = history_for(org)
    change = row.changes[0]
    assert str(change.label) == "loại"
    assert str(change.before) == "Sở, ban, ngành" and str(change.after) == "Công an, Bộ Chỉ huy Quân sự"
