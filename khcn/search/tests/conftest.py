"""Fixtures for the search tests: agencies and people, indexed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from khcn.accounts.choices import Role
from khcn.organizations.choices import AliasKind, OrganizationKind
from khcn.organizations.models import Organization, OrganizationAlias
from khcn.organizations.tests.factories import OrganizationFactory
from khcn.search.services import index_object


@pytest.fixture
def make_org(db) -> Callable[..., Organization]:
    """An agency, with optional other names, indexed for search."""

    def make(name: str, *, aliases: tuple[str, ...] = (), index: bool = True, **kwargs: Any) -> Organization:
        org = OrganizationFactory(name=name, **kwargs)
        for alias in aliases:
            OrganizationAlias.objects.create(organization=org, name=alias, kind=AliasKind.ALIAS)
        if index:
            index_object(org)
        return org

    return make


@pytest.fixture
def dost_department(make_org) -> Organization:
    return make_org(
        "Sở Khoa học và Công nghệ",
        short_name="Sở KH&CN",
        aliases=("SKHCN",),
        kind=OrganizationKind.DEPARTMENT,
    )


@pytest.fixture
def sysadmin(make_user):
    return make_user(Role.SYSADMIN, full_name="Quản Trị Viên")


@pytest.fixture
def reporter(make_user):
    return make_user(Role.AGENCY_REPORTER, full_name="Lê Thị Báo Cáo")


@pytest.fixture
def dost_specialist(make_user):
    return make_user(Role.DOST_SPECIALIST, full_name="Phạm Chuyên Viên")


def titles(hits) -> list[str]:
    return [hit.title for hit in hits]
