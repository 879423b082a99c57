"""Demo accounts: the system administrator who loads the demo data, and an applicant. The people
of agencies and councils come with their agency or council (``khcn.organizations.demo``,
``khcn.councils.demo``, ``khcn.plans.demo``), through ``demo_person``. Loaded through the
services, in demo mode only."""

from __future__ import annotations

from typing import Any

from khcn.accounts import services
from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.core.plugins import DemoContext

ADMIN = "quantri"


def demo_person(
    context: DemoContext,
    *,
    username: str,
    full_name: str,
    role: Role,
    job_title: str = "",
    organization: Any = None,
    council: Any = None,
    email: str = "",
) -> User:
    """A demo account with one role (in ``organization`` or ``council`` where the role needs
    one), created by the demo's administrator with the demo password. Other apps' demos use it."""
    user = services.user_create(
        actor=context.actor,
        username=username,
        full_name=full_name,
        password=context.password,
        job_title=job_title,
        email=email,
        is_demo=True,
    )
    services.membership_add(
        actor=context.actor, user=user, role=role, organization=organization, council=council
    )
    return user


def load(context: DemoContext) -> None:
    """The system administrator (every later demo loader acts as this account) and an applicant
    (someone who proposes and hosts S&T tasks: no agency, an applicant acts for themselves)."""
    admin = services.user_create(
        actor=None,
        username=ADMIN,
        full_name="Quản trị Hệ thống",
        password=context.password,
        job_title="Quản trị hệ thống",
        is_demo=True,
    )
    services.membership_add(actor=None, user=admin, role=Role.SYSADMIN)
    context.actor = admin
    demo_person(
        context,
        username="ungvien",
        full_name="Huỳnh Quốc Bảo",
        role=Role.APPLICANT,
        job_title="Chủ nhiệm nhiệm vụ",
    )
