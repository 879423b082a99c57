from __future__ import annotations

from typing import Any

import pytest

from khcn.accounts.choices import Role
from khcn.accounts.testing import role_users
from khcn.classifications.models import Term
from khcn.experts import services
from khcn.organizations import services as org_services


@pytest.fixture
def world(make_user) -> dict[str, Any]:
    """DOST staff, an expert with an account, experts with and without consent."""
    admin = make_user(Role.SYSADMIN)
    dost = org_services.organization_create(actor=admin, name="Sở Khoa học và Công nghệ", kind="department")
    health = org_services.organization_create(actor=admin, name="Sở Y tế", kind="department")
    specialist = make_user(Role.DOST_SPECIALIST, organization=dost)
    own_user = make_user(Role.COUNCIL_MEMBER)
    fields = {t.code: t for t in Term.objects.filter(scheme__code="linh-vuc-khcn-2008")}
    own = services.expert_create(
        actor=specialist,
        full_name="Võ Minh Quang",
        birth_year=1972,
        degree="TS",
        academic_title="PGS",
        fields=[fields["405"]],
        email="quang@example.invalid",
        phone="0290 3123456",
        organization_name="Viện Nghiên cứu Nuôi trồng Thủy sản II",
        user=own_user,
    )
    public = services.expert_create(
        actor=specialist,
        full_name="Nguyễn Thị Hồng Đào",
        birth_year=1980,
        degree="ThS",
        fields=[fields["302"]],
        email="dao@example.invalid",
        organization=health,
        public_profile_consent=True,
    )
    private = services.expert_create(
        actor=specialist,
        full_name="Trần Văn Đức",
        birth_year=1965,
        degree="TSKH",
        academic_title="GS",
        fields=[fields["101"]],
        email="duc@example.invalid",
        organization_name="Trường Đại học Cần Thơ",
    )
    services.relative_add(actor=specialist, expert=private, relative=public, relation="spouse")
    services.sanction_add(
        actor=specialist,
        expert=private,
        reason="Vi phạm liêm chính",
        start=__import__("datetime").date(2025, 1, 1),
    )
    return {
        "admin": admin,
        "dost": dost,
        "health": health,
        "specialist": specialist,
        "own_user": own_user,
        "own": own,
        "public": public,
        "private": private,
        "fields": fields,
    }


@pytest.fixture
def actors(world) -> dict[str, Any]:
    return {**role_users(organization=world["dost"]), "expert (own)": world["own_user"]}
