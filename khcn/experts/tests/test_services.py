from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from khcn.audit.models import AuditEvent
from khcn.core.concurrency import STALE_VERSION
from khcn.core.exceptions import DomainError
from khcn.experts import services
from khcn.experts.models import Expert, Relative

pytestmark = pytest.mark.django_db


def test_create_folds_the_name_records_affiliation_and_audits(world):
    expert = world["own"]
    assert expert.name_folded == "vo minh quang"
    assert expert.name_sort
    assert [a.name for a in expert.current_affiliations()] == ["Viện Nghiên cứu Nuôi trồng Thủy sản II"]
    event = AuditEvent.objects.filter(action=services.CREATED, object_id=str(expert.pk)).get()
    assert event.changes["email"] == [None, "•••"]  # contacts: that they changed, not their values
    assert world["public"].current_affiliations()[0].organization == world["health"]


def test_the_expert_edits_their_own_profile_not_another(world):
    own, other = world["own"], world["public"]
    services.expert_update(actor=world["own_user"], expert=own, version=own.version, languages="Tiếng Anh")
    own.refresh_from_db()
    assert own.languages == "Tiếng Anh" and own.version == 2
    with pytest.raises(PermissionDenied):
        services.expert_update(actor=world["own_user"], expert=other, languages="x")


def test_a_stale_version_is_refused_and_nothing_changes(world):
    own = world["own"]
    services.expert_update(actor=world["specialist"], expert=own, version=1, position="Viện trưởng")
    with pytest.raises(DomainError) as exc:
        services.expert_update(actor=world["own_user"], expert=own, version=1, position="Khác")
    assert exc.value.code == STALE_VERSION
    own.refresh_from_db()
    assert own.position == "Viện trưởng"


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"full_name": "   "}, "name_required"),
        ({"full_name": "x" * 201}, "name_too_long"),
        ({"full_name": "A", "birth_year": 1800}, "bad_year"),
        ({"full_name": "A", "birth_year": dt.date.today().year}, "bad_year"),
        ({"full_name": "A", "degree": "PhD"}, "bad_choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(world, values, code):
    count = Expert.objects.count()
    with pytest.raises(DomainError) as exc:
        services.expert_create(actor=world["specialist"], **values)
    assert exc.value.code == code and exc.value.message
    assert Expert.objects.count() == count


def test_vietnamese_message(world):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(DomainError) as exc:
        services.expert_create(actor=world["specialist"], full_name="")
    assert exc.value.message == "Cần nhập họ và tên của chuyên gia."


def test_affiliation_change_ends_the_current_one(world):
    own = world["own"]
    services.affiliation_add(
        actor=world["own_user"],
        expert=own,
        organization=world["health"],
        start=dt.date(2026, 1, 1),
        end_current=True,
    )
    names = [(a.name, a.end) for a in own.affiliations.order_by("id")]
    assert names == [
        ("Viện Nghiên cứu Nuôi trồng Thủy sản II", dt.date(2025, 12, 31)),
        ("Sở Y tế", None),
    ]
    with pytest.raises(DomainError):
        services.affiliation_add(actor=world["own_user"], expert=own, organization_name="  ")


def test_relatives_and_sanctions(world):
    own, public = world["own"], world["public"]
    with pytest.raises(DomainError):
        services.relative_add(actor=world["own_user"], expert=own, relative=own, relation="spouse")
    with pytest.raises(DomainError):
        services.relative_add(actor=world["own_user"], expert=own, relative=public, relation="cousin")
    row = services.relative_add(actor=world["own_user"], expert=own, relative=public, relation="sibling")
    with pytest.raises(DomainError):
        services.relative_add(actor=world["own_user"], expert=own, relative=public, relation="sibling")
    services.relative_remove(actor=world["own_user"], row=row)
    assert not Relative.objects.filter(pk=row.pk).exists()
    # The expert does not record sanctions, on themselves or anyone.
    with pytest.raises(PermissionDenied):
        services.sanction_add(actor=world["own_user"], expert=own, reason="x", start=dt.date(2026, 1, 1))
    with pytest.raises(DomainError):
        services.sanction_add(
            actor=world["specialist"],
            expert=own,
            reason="x",
            start=dt.date(2026, 2, 1),
            end=dt.date(2026, 1, 1),
        )
