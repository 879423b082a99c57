"""The matrix helper must catch what it claims to catch (otherwise every matrix is hollow)."""

import pytest
from django.core.exceptions import PermissionDenied

from khcn.accounts.testing import role_users
from khcn.audit.services import record
from khcn.core.testing import assert_policy_matrix
from khcn.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_helper_flags_wrong_outcome_and_leaky_denials():
    actors = role_users()
    state = lambda: list(Organization.objects.values_list("id", "name"))  # noqa: E731

    def leaky(actor):
        org = Organization.objects.create(name="Rò rỉ", name_sort="x", kind="department")
        record_outside = actor is not None
        if record_outside:
            from django.db import transaction

            with transaction.atomic():
                record(actor=actor, action="created", target=org)
        raise PermissionDenied

    with pytest.raises(AssertionError) as info:
        assert_policy_matrix(actors=actors, expected={"*": False}, attempt=leaky, state=state)
    assert "changed data" in str(info.value) and "audit row" in str(info.value)

    with pytest.raises(AssertionError, match="expected allowed"):
        assert_policy_matrix(
            actors=actors,
            expected={"*": True},
            attempt=lambda a: (_ for _ in ()).throw(PermissionDenied),
            state=state,
        )

    observed = assert_policy_matrix(actors=actors, expected={"*": True}, attempt=lambda a: None, state=state)
    assert all(observed.values())
    assert Organization.objects.filter(name="Rò rỉ").count() == 0
