"""Rebuilding the index: the service and the management command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.organizations.models import Organization
from khcn.search.models import SearchEntry
from khcn.search.selectors import search
from khcn.search.services import rebuild

pytestmark = pytest.mark.django_db


def test_rebuild_indexes_everything_and_drops_stale_entries(make_org, make_user, sysadmin):
    org = make_org("Sở Công Thương", index=False)
    person = make_user(Role.AGENCY_LEADER, full_name="Đặng Văn Lâm")
    gone = make_org("Sở Đã Giải Thể")
    gone_pk = gone.pk
    gone.delete()  # entry left behind on purpose
    ct = ContentType.objects.get_for_model(Organization)
    assert SearchEntry.objects.filter(content_type=ct, object_id=gone_pk).exists()

    counts = rebuild(progress=False, batch_size=2)

    assert counts["organizations.organization"] == Organization.objects.count()
    assert counts["accounts.user"] == User.objects.count()
    assert not SearchEntry.objects.filter(content_type=ct, object_id=gone_pk).exists()
    assert SearchEntry.objects.count() == Organization.objects.count() + User.objects.count()
    assert [h.object for h in search(user=sysadmin, query="so cong thuong")] == [org]
    assert [h.object for h in search(user=sysadmin, query="dang van lam")] == [person]
    # Agencies a person belongs to are part of their entry.
    entry = SearchEntry.objects.get(content_type=ContentType.objects.get_for_model(User), object_id=person.pk)
    assert person.memberships.get().organization.name in entry.body


def test_rebuild_one_model_leaves_others(make_org, make_user):
    make_org("Sở Du lịch", index=False)
    make_user(Role.AGENCY_LEADER)
    counts = rebuild(["organizations.organization"], progress=False)
    assert list(counts) == ["organizations.organization"]
    assert not SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(User)).exists()


def test_rebuild_is_idempotent(make_org):
    make_org("Sở Ngoại vụ", index=False)
    rebuild(progress=False)
    first = SearchEntry.objects.count()
    rebuild(progress=False)
    assert SearchEntry.objects.count() == first


def test_rebuild_removes_entries_of_unregistered_models(make_org):
    from khcn.accounts.models import Membership

    SearchEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Membership), object_id=1, title="x"
    )
    rebuild(progress=False)
    assert not SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(Membership)).exists()


def test_command_prints_counts_and_progress(make_org, make_user):
    make_org("Sở Tư pháp", index=False)
    out, err = StringIO(), StringIO()
    call_command("search_rebuild", stdout=out, stderr=err)
    assert "organizations.organization: " in out.getvalue()
    assert "accounts.user: " in out.getvalue()
    assert "Search index rebuilt" in out.getvalue()
    assert "organizations.organization" in err.getvalue()  # tqdm bar
    assert SearchEntry.objects.filter(title="Sở Tư pháp").exists()


def test_command_one_model(make_org, make_user):
    make_user(Role.AGENCY_LEADER)
    out = StringIO()
    call_command("search_rebuild", "--model", "accounts.user", "--no-progress", stdout=out)
    assert "accounts.user: " in out.getvalue()
    assert "organizations.organization" not in out.getvalue()


@pytest.mark.parametrize("label", ["nope.nothing", "accounts.membership", "organizations"])
def test_command_refuses_unknown_or_unregistered_models(label, db):
    with pytest.raises(CommandError):
        call_command("search_rebuild", "--model", label, "--no-progress", stdout=StringIO())
