"""The role × action matrix of ``expert_policy``, through the services and the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from khcn.core.testing import assert_policy_matrix
from khcn.experts import services
from khcn.experts.models import Expert
from khcn.experts.permissions import expert_policy

pytestmark = pytest.mark.django_db

STAFF = {"dost_specialist": True, "dost_leader": True, "sysadmin": True}


def test_matrix_add(world, actors):
    assert_policy_matrix(
        actors=actors,
        expected={**STAFF, "*": False},
        attempt=lambda actor: services.expert_create(actor=actor, full_name="Lê Văn Mới"),
        state=lambda: Expert.objects.count(),
    )


def test_matrix_change_own_profile(world, actors):
    own = world["own"]
    assert_policy_matrix(
        actors=actors,
        expected={**STAFF, "expert (own)": True, "*": False},
        attempt=lambda actor: services.expert_update(actor=actor, expert=own, position="Mới"),
        state=lambda: list(Expert.objects.values_list("position", "version")),
    )


def test_who_sees_what(world, actors):
    rows = {
        (name, e.full_name)
        for name, user in actors.items()
        for e in expert_policy.visible(user, Expert.objects.all())
    }
    for name in ("dost_specialist", "dost_leader", "sysadmin"):
        assert {(name, e.full_name) for e in Expert.objects.all()} <= rows
    # Others: the consented profile only, and the expert their own as well.
    for name in ("agency_reporter", "agency_leader", "council_secretary", "applicant"):
        assert {n for who, n in rows if who == name} == {"Nguyễn Thị Hồng Đào"}
    assert {n for who, n in rows if who == "expert (own)"} == {"Võ Minh Quang", "Nguyễn Thị Hồng Đào"}
    assert not {n for who, n in rows if who == "anonymous"}
    public = world["public"]
    assert expert_policy.can(actors["agency_reporter"], "view", public)
    assert not expert_policy.can(actors["agency_reporter"], "view_private", public)
    assert expert_policy.can(actors["expert (own)"], "view_private", world["own"])


def test_matrix_detail_page(world, actors):
    url = reverse("experts:detail", args=[world["private"].pk])
    assert_policy_matrix(
        actors=actors,
        expected={**STAFF, "*": False},
        attempt=lambda client: client.get(url),
        state=lambda: None,
        view=True,
    )


def test_matrix_export(world, actors):
    assert_policy_matrix(
        actors=actors,
        expected={**STAFF, "*": False},
        attempt=lambda client: client.get(reverse("experts:export")),
        state=lambda: None,
        view=True,
    )
